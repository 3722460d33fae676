package web

import "net/http"

// Screen is one entry of the screens' route table. A screen with h needs a
// signed-in session (and, for POST, its CSRF token); raw handles its own.
// The access matrix test walks this table.
type Screen struct {
	Method, Path string
	h            uiHandler
	raw          http.HandlerFunc
	// beforeChange: open to an account whose password must be changed
	// first; every other screen sends it to the change.
	beforeChange bool
}

// screens is the whole table of the HTML screens.
func (s *Server) screens() []Screen {
	return []Screen{
		{Method: "GET", Path: "/dang-nhap", raw: s.loginForm},
		{Method: "POST", Path: "/dang-nhap", raw: s.login},
		{Method: "GET", Path: "/dang-nhap/ma", raw: s.loginCodeForm},
		{Method: "POST", Path: "/dang-nhap/ma", raw: s.loginCode},
		{Method: "POST", Path: "/dang-xuat", h: s.logout, beforeChange: true},
		{Method: "GET", Path: "/xac-thuc-hai-buoc", h: s.totpScreen},
		{Method: "POST", Path: "/xac-thuc-hai-buoc", h: s.totpSave},
		{Method: "GET", Path: "/xac-thuc-hai-buoc/qr.png", h: s.totpQR},
		{Method: "GET", Path: "/doi-mat-khau", h: s.passwordForm, beforeChange: true},
		{Method: "POST", Path: "/doi-mat-khau", h: s.passwordChange, beforeChange: true},
		{Method: "GET", Path: "/{$}", h: s.home},
		{Method: "GET", Path: "/to-chuc", h: s.treeScreen},
		{Method: "GET", Path: "/to-chuc/{id}", h: s.orgScreen},
		{Method: "GET", Path: "/to-chuc/{id}/thao-tac", h: s.orgActionForm},
		{Method: "POST", Path: "/to-chuc/{id}/thao-tac", h: s.orgActionSave},
		{Method: "GET", Path: "/to-chuc/{id}/chia-tach", h: s.orgSplitForm},
		{Method: "POST", Path: "/to-chuc/{id}/chia-tach", h: s.orgSplitSave},
		{Method: "GET", Path: "/to-chuc/{id}/them-dang-vien", h: s.memberNewForm},
		{Method: "POST", Path: "/to-chuc/{id}/them-dang-vien", h: s.memberNewSave},
		{Method: "GET", Path: "/to-chuc/{id}/thanh-lap", h: s.orgNewForm},
		{Method: "POST", Path: "/to-chuc/{id}/thanh-lap", h: s.orgNewSave},
		{Method: "GET", Path: "/to-chuc/{id}/sinh-hoat", h: s.cellLifeScreen},
		{Method: "GET", Path: "/to-chuc/{id}/sinh-hoat/moi", h: s.meetingForm},
		{Method: "POST", Path: "/to-chuc/{id}/sinh-hoat/moi", h: s.meetingSave},
		{Method: "POST", Path: "/to-chuc/{id}/phu-trach", h: s.inChargeSave},
		{Method: "POST", Path: "/to-chuc/{id}/sinh-hoat/ke-hoach", h: s.planSave},
		{Method: "GET", Path: "/sinh-hoat/{mid}", h: s.meetingScreen},
		{Method: "POST", Path: "/sinh-hoat/{mid}/tai-lieu", raw: s.documentUpload}, // reads its CSRF token from the multipart body
		{Method: "GET", Path: "/tai-lieu/{id}", h: s.documentScreen},
		{Method: "POST", Path: "/tai-lieu/{id}/go", h: s.documentRemove},
		{Method: "GET", Path: "/sinh-hoat/{mid}/sua", h: s.meetingForm},
		{Method: "POST", Path: "/sinh-hoat/{mid}/sua", h: s.meetingSave},
		{Method: "POST", Path: "/sinh-hoat/{mid}/diem-danh", h: s.attendanceSave},
		{Method: "GET", Path: "/to-chuc/{id}/dang-phi", h: s.feeSheetScreen},
		{Method: "POST", Path: "/to-chuc/{id}/dang-phi", h: s.feeSheetSave},
		{Method: "GET", Path: "/to-chuc/{id}/cai-dat-dang-phi", h: s.feeSettingsScreen},
		{Method: "POST", Path: "/to-chuc/{id}/cai-dat-dang-phi", h: s.feeSettingsSave},
		{Method: "GET", Path: "/quy-dinh", h: s.rulesScreen},
		{Method: "POST", Path: "/quy-dinh", h: s.rulesSave},
		{Method: "GET", Path: "/lich-lam-viec", h: s.calendarScreen},
		{Method: "POST", Path: "/lich-lam-viec", h: s.calendarSave},
		{Method: "GET", Path: "/dang-vien/{id}/dang-phi", h: s.memberFeeScreen},
		{Method: "POST", Path: "/dang-vien/{id}/dang-phi", h: s.memberFeeSave},
		{Method: "GET", Path: "/dang-vien/{id}/nhiem-vu", h: s.tasksScreen},
		{Method: "POST", Path: "/dang-vien/{id}/nhiem-vu", h: s.taskSave},
		{Method: "GET", Path: "/dang-vien/{id}", h: s.memberScreen},
		{Method: "GET", Path: "/dang-vien/{id}/in", h: s.printScreen},
		{Method: "GET", Path: "/dang-vien/{id}/sua", h: s.memberEditForm},
		{Method: "POST", Path: "/dang-vien/{id}/sua", h: s.memberSave},
		{Method: "GET", Path: "/dang-vien/{id}/su-kien", h: s.eventForm},
		{Method: "POST", Path: "/dang-vien/{id}/su-kien", h: s.eventSave},
		{Method: "GET", Path: "/to-chuc/{id}/ket-nap", h: s.admissionScreen},
		{Method: "POST", Path: "/to-chuc/{id}/chi-tieu", h: s.quotaSave},
		{Method: "GET", Path: "/to-chuc/{id}/ket-nap/moi", h: s.candidateNewForm},
		{Method: "POST", Path: "/to-chuc/{id}/ket-nap/moi", h: s.candidateCreate},
		{Method: "GET", Path: "/to-chuc/{id}/ket-nap/cho-xet", h: s.reviewPrint},
		{Method: "GET", Path: "/to-chuc/{id}/ket-nap/bao-cao", h: s.admissionReportScreen},
		{Method: "GET", Path: "/quan-chung/{id}", h: s.candidateScreen},
		{Method: "POST", Path: "/quan-chung/{id}", h: s.candidateSave},
		{Method: "GET", Path: "/quan-chung/{id}/sua", h: s.candidateEditForm},
		{Method: "POST", Path: "/quan-chung/{id}/sua", h: s.candidateEditSave},
		{Method: "GET", Path: "/quan-chung/{id}/in/{form}", h: s.candidatePrint},
		{Method: "GET", Path: "/dang-vien/{id}/du-bi", h: s.probationScreen},
		{Method: "POST", Path: "/dang-vien/{id}/du-bi", h: s.probationSave},
		{Method: "GET", Path: "/dang-vien/{id}/du-bi/in/{form}", h: s.probationPrint},
		{Method: "GET", Path: "/to-chuc/{id}/huy-hieu", h: s.badgesScreen},
		{Method: "POST", Path: "/to-chuc/{id}/huy-hieu", h: s.badgesSave},
		{Method: "GET", Path: "/to-chuc/{id}/huy-hieu/in", h: s.badgesPrint},
		{Method: "GET", Path: "/dang-vien/{id}/huy-hieu", h: s.partyAgeScreen},
		{Method: "POST", Path: "/dang-vien/{id}/huy-hieu", h: s.partyAgeSave},
		{Method: "POST", Path: "/dang-vien/{id}/ngay-quyet-dinh", h: s.memberDecisionSave},
		{Method: "GET", Path: "/tim-kiem", h: s.searchScreen},
		{Method: "GET", Path: "/tim-kiem/goi-y", h: s.searchSuggest},
		{Method: "GET", Path: "/nhat-ky", h: s.auditScreen},
		{Method: "POST", Path: "/nhat-ky/kiem-tra", h: s.auditVerifyScreen},
		{Method: "GET", Path: "/nhat-ky-truy-cap", h: s.readLogScreen},
		{Method: "GET", Path: "/nhap", h: s.importForm},
		{Method: "POST", Path: "/nhap", raw: s.importUpload}, // reads its CSRF token from the multipart body
		{Method: "GET", Path: "/nhap/loi/{token}", h: s.importErrorCopy},
		{Method: "GET", Path: "/xuat", h: s.exportScreen},
		{Method: "GET", Path: "/mau-nhap.xlsx", h: s.templateScreen},
		{Method: "GET", Path: "/tai-khoan", h: s.accountsScreen},
		{Method: "POST", Path: "/tai-khoan", h: s.accountCreate},
		{Method: "POST", Path: "/tai-khoan/khoa", h: s.accountLock},
		{Method: "POST", Path: "/tai-khoan/mat-khau", h: s.accountReset},
		{Method: "POST", Path: "/tai-khoan/hai-buoc", h: s.accountTOTPReset},
		{Method: "POST", Path: "/ma-truy-cap/{id}/thu-hoi", h: s.tokenRevokeScreen},
		{Method: "GET", Path: "/tai-khoan/tim-to-chuc", h: s.accountOrgChoices},
		{Method: "GET", Path: "/tai-khoan/tim-dang-vien", h: s.accountMemberChoices},
	}
}
