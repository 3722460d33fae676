package web

import (
	"dangvien/internal/app/admission"
	"dangvien/internal/app/badges"
	"dangvien/internal/app/calendar"
	"dangvien/internal/app/celllife"
	"dangvien/internal/app/discipline"
	"dangvien/internal/app/evaluation"
	"dangvien/internal/app/fees"
	"dangvien/internal/app/rules"
	"dangvien/internal/app/screening"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Route is one entry of the route table: the pattern, its documentation and
// its handler. The OpenAPI document is built from this table.
type Route struct {
	Method, Path string
	Summary      string
	Tag          string
	Public       bool
	Query        []Param // query parameters
	Body         any     // example of the request body type, nil if none
	BodyKind     string  // "json" (default) or "upload"
	Resp         any     // example of the response type
	RespKind     string  // "json" (default) or "file"
	Status       int     // success status; 200 if zero
	Versioned    bool    // the answer carries the record's version as ETag; a PUT honours If-Match (412 when stale)
	h            handler
}

// Param documents a query parameter.
type Param struct {
	Name, Type, Desc string
}

// routes is the whole route table.
func (s *Server) routes() []Route {
	memberFilters := []Param{
		{"org_id", "integer", "Cây con của tổ chức này (mặc định: toàn bộ phạm vi)"},
		{"status", "string", "active (mặc định), all, exempted, admission_unconfirmed (ngày quyết định kết nạp chưa được xác nhận), hoặc một trạng thái: probationary, official, transferred_out, removed, expelled, left, died"},
		{"gender", "string", "nam, nu"},
		{"age_band", "string", "u30, 31_40, 41_50, 51_60, o60"},
		{"ethnicity", "string", "Mã dân tộc 01–55"},
		{"education", "string", "tieu_hoc, thcs, thpt"},
		{"position", "string", "Chức vụ Đảng hoặc chính quyền có chứa"},
		{"q", "string", "Họ tên có chứa (không dấu cũng được)"},
		{"limit", "integer", "Số dòng mỗi trang (tối đa 500, mặc định 50)"},
		{"offset", "integer", "Bỏ qua bao nhiêu dòng"},
	}
	return []Route{
		{Method: "GET", Path: "/api/v1/openapi.json", Summary: "Tài liệu OpenAPI của API này", Tag: "Hệ thống", Public: true, h: s.openapi},
		{Method: "GET", Path: "/api/v1/me", Summary: "Tài khoản đang dùng và phạm vi", Tag: "Hệ thống", Resp: meResp{}, h: s.me},
		{Method: "GET", Path: "/api/v1/orgs", Summary: "Cây tổ chức trong phạm vi, có số đảng viên; as_of để xem cây tại một ngày trong quá khứ", Tag: "Tổ chức",
			Query: []Param{{"as_of", "string", "Ngày yyyy-mm-dd (mặc định: hôm nay)"}}, Resp: []treeDoc{}, h: s.orgTree},
		{Method: "POST", Path: "/api/v1/orgs", Summary: "Thành lập tổ chức", Tag: "Tổ chức", Body: orgCreateDoc{}, Resp: orgDoc{}, Status: 201, h: s.orgCreate},
		{Method: "POST", Path: "/api/v1/orgs/merge", Summary: "Sáp nhập tổ chức", Tag: "Tổ chức", Body: mergeDoc{}, Resp: orgDoc{}, h: s.orgMerge},
		{Method: "GET", Path: "/api/v1/orgs/{id}", Summary: "Một tổ chức", Tag: "Tổ chức", Resp: orgDoc{}, h: s.orgGet},
		{Method: "GET", Path: "/api/v1/orgs/{id}/counts", Summary: "Số đảng viên của cây con theo trạng thái, giới tính, độ tuổi", Tag: "Tổ chức", Resp: countsDoc{}, h: s.orgCounts},
		{Method: "POST", Path: "/api/v1/orgs/{id}/rename", Summary: "Đổi tên tổ chức", Tag: "Tổ chức", Body: renameDoc{}, Resp: orgDoc{}, h: s.orgRename},
		{Method: "POST", Path: "/api/v1/orgs/{id}/move", Summary: "Chuyển tổ chức sang tổ chức cấp trên khác", Tag: "Tổ chức", Body: moveDoc{}, Resp: orgDoc{}, h: s.orgMove},
		{Method: "POST", Path: "/api/v1/orgs/{id}/split", Summary: "Chia tách tổ chức", Tag: "Tổ chức", Body: splitDoc{}, Resp: []orgDoc{}, h: s.orgSplit},
		{Method: "POST", Path: "/api/v1/orgs/{id}/dissolve", Summary: "Giải thể tổ chức (khi không còn tổ chức trực thuộc và đảng viên)", Tag: "Tổ chức", Body: decisionDoc{}, Resp: orgDoc{}, h: s.orgDissolve},
		{Method: "GET", Path: "/api/v1/members", Summary: "Danh sách đảng viên, sắp theo tên (kiểu Việt Nam), có lọc và phân trang", Tag: "Đảng viên", Query: memberFilters, Resp: memberPageDoc{}, h: s.memberList},
		{Method: "POST", Path: "/api/v1/members", Summary: "Tạo hồ sơ đảng viên cùng sự kiện đầu tiên (kết nạp hoặc chuyển đến)", Tag: "Đảng viên", Body: memberCreateDoc{}, Resp: memberDoc{}, Status: 201, h: s.memberCreate},
		{Method: "GET", Path: "/api/v1/members/{id}", Summary: "Hồ sơ một đảng viên", Tag: "Đảng viên", Resp: memberDoc{}, Versioned: true, h: s.memberGet},
		{Method: "PUT", Path: "/api/v1/members/{id}", Summary: "Sửa hồ sơ đảng viên (mọi trường; ngày quyết định kết nạp, ngày lễ kết nạp và ngày chính thức chỉ đổi qua sự kiện)", Tag: "Đảng viên", Body: fieldsDoc{}, Resp: memberDoc{}, Versioned: true, h: s.memberUpdate},
		{Method: "PUT", Path: "/api/v1/members/{id}/admission-decision", Summary: "Xác nhận hoặc sửa ngày quyết định kết nạp (bỏ đánh dấu «chưa được xác nhận»)", Tag: "Đảng viên", Body: decisionInput{}, Resp: memberDoc{}, Versioned: true, h: s.memberConfirmDecision},
		{Method: "GET", Path: "/api/v1/members/{id}/events", Summary: "Quá trình: các sự kiện của đảng viên", Tag: "Đảng viên", Resp: []eventDoc{}, h: s.memberEvents},
		{Method: "POST", Path: "/api/v1/members/{id}/events", Summary: "Ghi một sự kiện (công nhận chính thức, chuyển, miễn, kỷ luật, xóa tên, khai trừ, từ trần…)", Tag: "Đảng viên", Body: eventInput{}, Resp: memberEventDoc{}, Status: 201, h: s.memberAddEvent},
		{Method: "GET", Path: "/api/v1/search", Summary: "Tìm đảng viên theo họ tên (không dấu cũng được), số thẻ hoặc số CCCD", Tag: "Đảng viên",
			Query: []Param{{"q", "string", "Từ khóa"}, {"limit", "integer", "Tối đa 100, mặc định 20"}}, Resp: []searchDoc{}, h: s.search},
		{Method: "POST", Path: "/api/v1/imports", Summary: "Nhập danh sách đảng viên từ .xlsx hoặc .csv (tất cả hoặc không dòng nào)", Tag: "Nhập, xuất",
			Query:    []Param{{"org", "string", "Mã chi bộ cho các dòng không có cột «Mã tổ chức»"}, {"errors_as", "string", "xlsx: khi có lỗi, trả về bản sao tệp có cột «Lỗi»"}},
			BodyKind: "upload", Resp: importDoc{}, Status: 201, h: s.importMembers},
		{Method: "GET", Path: "/api/v1/exports", Summary: "Xuất danh sách đảng viên của một cây con (org_id bắt buộc), mọi trang, theo các bộ lọc như danh sách", Tag: "Nhập, xuất",
			Query: append([]Param{{"format", "string", "xlsx (mặc định) hoặc csv"}}, memberFilters[:8]...), RespKind: "file", h: s.exportMembers},
		{Method: "GET", Path: "/api/v1/exports/template", Summary: "Tệp mẫu để nhập đảng viên (.xlsx)", Tag: "Nhập, xuất", RespKind: "file", h: s.exportTemplate},
		{Method: "GET", Path: "/api/v1/users", Summary: "Danh sách tài khoản: quản trị thấy mọi tài khoản, cán bộ ban tổ chức các tài khoản lãnh đạo, bí thư, cấp ủy viên phụ trách và đảng viên trong phạm vi", Tag: "Tài khoản", Resp: []userDoc{}, h: s.userList},
		{Method: "POST", Path: "/api/v1/users", Summary: "Tạo tài khoản (quản trị; cán bộ ban tổ chức trong phạm vi của mình); không gửi password thì hệ thống sinh và trả về một lần; người dùng phải đổi mật khẩu khi đăng nhập lần đầu", Tag: "Tài khoản", Body: userCreateDoc{}, Resp: userDoc{}, Status: 201, h: s.userCreate},
		{Method: "GET", Path: "/api/v1/tokens", Summary: "Mã truy cập API của tài khoản đang dùng; quản trị xem của mọi tài khoản", Tag: "Tài khoản",
			Query: []Param{{"username", "string", "Chỉ mã của tài khoản này (quản trị)"}}, Resp: []store.Token{}, h: s.apiTokens},
		{Method: "DELETE", Path: "/api/v1/tokens/{id}", Summary: "Thu hồi một mã truy cập ngay lập tức (chủ mã hoặc quản trị; có ghi nhật ký)", Tag: "Tài khoản", Resp: store.Token{}, h: s.apiTokenRevoke},
		{Method: "GET", Path: "/api/v1/audit", Summary: "Nhật ký thay đổi trong phạm vi, mới nhất trước", Tag: "Nhật ký",
			Query: []Param{{"entity", "string", "org, member, user, import, token"}, {"entity_id", "integer", "Mã bản ghi"}, {"actor", "string", "Tên đăng nhập"},
				{"action", "string", "Ví dụ member.update"}, {"before", "integer", "Chỉ các dòng có số thứ tự nhỏ hơn (phân trang)"}, {"limit", "integer", "Tối đa 500"},
				{"kind", "string", "changes: chỉ các thay đổi dữ liệu; access: chỉ đăng nhập, đăng xuất, đăng nhập sai (mặc định: tất cả)"}},
			Resp: []auditDoc{}, h: s.auditList},
		{Method: "GET", Path: "/api/v1/orgs/{id}/meetings", Summary: "Các buổi sinh hoạt của chi bộ trong một năm, với cảnh báo chưa đúng quy định", Tag: "Sinh hoạt chi bộ",
			Query: []Param{{"year", "integer", "Năm (mặc định: năm nay)"}}, Resp: celllife.YearView{}, h: s.apiMeetings()},
		{Method: "POST", Path: "/api/v1/orgs/{id}/meetings", Summary: "Ghi hoặc lên kế hoạch một buổi sinh hoạt chi bộ", Tag: "Sinh hoạt chi bộ", Body: domain.MeetingInput{}, Resp: store.Meeting{}, Status: 201, h: s.apiMeetingCreate()},
		{Method: "POST", Path: "/api/v1/orgs/{id}/meetings/plan", Summary: "Lập kế hoạch sinh hoạt năm: một buổi định kỳ cho mỗi tháng còn lại chưa có, kết hợp chuyên đề cuối quý", Tag: "Sinh hoạt chi bộ", Body: domain.PlanInput{}, Resp: celllife.PlanView{}, h: s.apiPlan()},
		{Method: "GET", Path: "/api/v1/meetings/{id}", Summary: "Một buổi sinh hoạt và danh sách đảng viên của chi bộ ngày đó, với điểm danh", Tag: "Sinh hoạt chi bộ", Resp: celllife.MeetingView{}, h: s.apiMeeting()},
		{Method: "PUT", Path: "/api/v1/meetings/{id}", Summary: "Sửa buổi sinh hoạt (không đổi ngày sau khi đã điểm danh)", Tag: "Sinh hoạt chi bộ", Body: domain.MeetingInput{}, Resp: store.Meeting{}, h: s.apiMeetingUpdate()},
		{Method: "PUT", Path: "/api/v1/meetings/{id}/attendance", Summary: "Điểm danh: có mặt, vắng có lý do (kèm lý do), vắng không lý do", Tag: "Sinh hoạt chi bộ", Body: attendanceBody{}, Resp: store.Meeting{}, h: s.apiAttendance()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/attendance", Summary: "Tỉ lệ dự sinh hoạt của cây con trong một khoảng thời gian, và người vắng không lý do", Tag: "Sinh hoạt chi bộ",
			Query: []Param{{"from", "string", "Từ ngày yyyy-mm-dd (mặc định: 12 tháng trước)"}, {"to", "string", "Đến ngày (mặc định: hôm nay)"}, {"min_unexcused", "integer", "Chỉ liệt kê người vắng không lý do từ số buổi này (mặc định 1)"}},
			Resp:  celllife.AttendanceView{}, h: s.apiOrgAttendance()},
		{Method: "GET", Path: "/api/v1/members/{id}/attendance", Summary: "Tỉ lệ dự sinh hoạt của một đảng viên", Tag: "Sinh hoạt chi bộ",
			Query: []Param{{"from", "string", "Từ ngày yyyy-mm-dd"}, {"to", "string", "Đến ngày"}}, Resp: celllife.AttendanceView{}, h: s.apiMemberAttendance()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/fees", Summary: "Bảng thu đảng phí của chi bộ trong một tháng", Tag: "Đảng phí",
			Query: []Param{{"month", "string", "Tháng yyyy-mm (mặc định: tháng này)"}}, Resp: fees.SheetView{}, h: s.apiFeeSheet()},
		{Method: "POST", Path: "/api/v1/orgs/{id}/fees/open", Summary: "Lập bảng thu tháng: thêm mọi đảng viên sinh hoạt ở chi bộ trong tháng", Tag: "Đảng phí", Body: openMonthBody{}, Resp: openMonthResp{}, h: s.apiFeeOpen()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/arrears", Summary: "Đảng viên nợ đảng phí trong cây con", Tag: "Đảng phí",
			Query: []Param{{"from", "string", "Từ tháng yyyy-mm"}, {"to", "string", "Đến tháng (mặc định: tháng trước)"}, {"min_months", "integer", "Chỉ liệt kê người nợ từ số tháng này (mặc định 1)"}},
			Resp:  fees.ArrearsView{}, h: s.apiArrears()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/fee-totals", Summary: "Đảng phí phải thu và đã thu của cây con", Tag: "Đảng phí",
			Query: []Param{{"from", "string", "Từ tháng yyyy-mm"}, {"to", "string", "Đến tháng (mặc định: tháng này)"}}, Resp: store.FeeTotals{}, h: s.apiFeeTotals()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/fee-shares", Summary: "Phân chia đảng phí đã thu của cây con: mỗi cấp nhận, giữ lại, nộp lên (tỉ lệ theo bảng quy định)", Tag: "Đảng phí",
			Query: []Param{{"from", "string", "Từ tháng yyyy-mm"}, {"to", "string", "Đến tháng (mặc định: tháng này)"}}, Resp: []domain.FeeShare{}, h: s.apiFeeShares()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/remittances", Summary: "Đảng phí một tổ chức đã nộp lên cấp trên", Tag: "Đảng phí",
			Query: []Param{{"from", "string", "Từ tháng yyyy-mm"}, {"to", "string", "Đến tháng (mặc định: tháng này)"}}, Resp: []store.Remittance{}, h: s.apiRemittances()},
		{Method: "POST", Path: "/api/v1/orgs/{id}/remittances", Summary: "Ghi khoản đảng phí nộp lên tổ chức cấp trên", Tag: "Đảng phí", Body: remitBody{}, Resp: store.Remittance{}, Status: 201, h: s.apiRemit()},
		{Method: "GET", Path: "/api/v1/members/{id}/fees", Summary: "Mức đảng phí và các tháng của một đảng viên", Tag: "Đảng phí", Resp: fees.MemberView{}, h: s.apiMemberFees()},
		{Method: "PUT", Path: "/api/v1/members/{id}/fee-profile", Summary: "Đối tượng và thu nhập làm căn cứ tính đảng phí", Tag: "Đảng phí", Body: domain.FeeProfile{}, Resp: domain.FeeProfile{}, h: s.apiFeeProfile()},
		{Method: "POST", Path: "/api/v1/members/{id}/fees", Summary: "Ghi khoản nộp đảng phí một hay nhiều tháng", Tag: "Đảng phí", Body: payBody{}, Resp: payResp{}, Status: 201, h: s.apiPay()},
		{Method: "GET", Path: "/api/v1/members/{id}/tasks", Summary: "Nhiệm vụ được phân công của một đảng viên, với tiến độ, đánh giá và lý do cần xem lại", Tag: "Phân công nhiệm vụ", Resp: []store.Task{}, h: s.apiMemberTasks()},
		{Method: "POST", Path: "/api/v1/members/{id}/tasks", Summary: "Giao nhiệm vụ cho đảng viên", Tag: "Phân công nhiệm vụ", Body: domain.TaskInput{}, Resp: store.Task{}, Status: 201, h: s.apiTaskCreate()},
		{Method: "POST", Path: "/api/v1/tasks/{id}/notes", Summary: "Ghi tiến độ hoặc đánh giá định kỳ một nhiệm vụ", Tag: "Phân công nhiệm vụ", Body: taskNoteBody{}, Resp: domain.TaskNote{}, Status: 201, h: s.apiTaskNote()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/task-flags", Summary: "Đảng viên chưa có nhiệm vụ và nhiệm vụ cần xem lại trong một xã hoặc chi bộ", Tag: "Phân công nhiệm vụ", Resp: celllife.TaskFlagsView{}, h: s.apiTaskFlags()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/in-charge", Summary: "Cấp ủy viên phụ trách các chi bộ của cây con và số buổi sinh hoạt họ dự", Tag: "Sinh hoạt chi bộ",
			Query: []Param{{"from", "string", "Từ ngày yyyy-mm-dd (mặc định: 12 tháng trước)"}, {"to", "string", "Đến ngày (mặc định: hôm nay)"}}, Resp: []store.InCharge{}, h: s.apiInChargeList()},
		{Method: "POST", Path: "/api/v1/orgs/{id}/in-charge", Summary: "Phân công cấp ủy viên phụ trách chi bộ", Tag: "Sinh hoạt chi bộ", Body: assignBody{}, Resp: store.InCharge{}, Status: 201, h: s.apiInChargeAssign()},
		{Method: "PUT", Path: "/api/v1/in-charge/{id}/end", Summary: "Thôi phụ trách chi bộ từ một ngày", Tag: "Sinh hoạt chi bộ", Body: endBody{}, Resp: endBody{}, h: s.apiInChargeEnd()},
		{Method: "POST", Path: "/api/v1/in-charge/{id}/restore", Summary: "Giao lại việc phụ trách đã thôi cho chính cấp ủy viên đó, từ một ngày (việc phụ trách cũ vẫn được lưu; có ghi nhật ký)", Tag: "Sinh hoạt chi bộ", Body: restoreBody{}, Resp: store.InCharge{}, Status: 201, h: s.apiInChargeRestore()},
		{Method: "PUT", Path: "/api/v1/meetings/{id}/in-charge", Summary: "Ghi cấp ủy viên phụ trách có dự buổi sinh hoạt không", Tag: "Sinh hoạt chi bộ", Body: celllife.Guest{}, Resp: celllife.Guest{}, h: s.apiMeetingInCharge()},
		{Method: "GET", Path: "/api/v1/meetings/{id}/documents", Summary: "Tài liệu đính kèm buổi sinh hoạt", Tag: "Sinh hoạt chi bộ", Resp: []store.Document{}, h: s.apiDocuments()},
		{Method: "POST", Path: "/api/v1/meetings/{id}/documents", Summary: "Đính kèm tệp PDF hoặc ảnh PNG, JPEG (tối đa 10 MB; loại tệp xét theo nội dung): biểu mẫu multipart trường file, hoặc chính tệp với ?filename=", Tag: "Sinh hoạt chi bộ", BodyKind: "upload", Resp: store.Document{}, Status: 201, h: s.apiDocumentUpload},
		{Method: "POST", Path: "/api/v1/documents/{id}/remove", Summary: "Gỡ tài liệu khỏi buổi sinh hoạt (vẫn lưu, ẩn đi, có ghi nhật ký)", Tag: "Sinh hoạt chi bộ", Status: 204, h: s.apiDocumentRemove},
		{Method: "GET", Path: "/api/v1/documents/{id}", Summary: "Tải một tài liệu đính kèm", Tag: "Sinh hoạt chi bộ", RespKind: "file", h: s.apiDocument},
		{Method: "GET", Path: "/api/v1/orgs/{id}/overview", Summary: "Tổng hợp sinh hoạt, đảng phí 12 tháng của cây con: mỗi tổ chức trực thuộc một dòng, căn cứ xóa tên với bằng chứng, chi bộ chưa đúng quy định (mỗi danh sách tối đa 100 dòng)", Tag: "Sinh hoạt chi bộ", Resp: celllife.OverviewView{}, h: s.apiOverview()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/overview/{list}", Summary: "Một danh sách của trang tổng hợp, đầy đủ (tối đa 5.000 dòng): xoa-ten, vang, no, nhiem-vu, chi-bo", Tag: "Sinh hoạt chi bộ", Resp: celllife.ListView{}, h: s.apiOverviewList()},
		{Method: "GET", Path: "/api/v1/rules", Summary: "Bảng quy định: mọi con số hệ thống áp dụng, văn bản và ngày áp dụng của từng phiên bản; lương tối thiểu vùng", Tag: "Quy định", Resp: rules.ListView{}, h: s.apiRules},
		{Method: "POST", Path: "/api/v1/rules/{name}/versions", Summary: "Thêm phiên bản mới của một quy định (quản trị), áp dụng từ một ngày sau phiên bản đang có", Tag: "Quy định", Body: rules.VersionInput{}, Resp: rules.RuleView{}, Status: 201, h: s.apiRuleVersion},
		{Method: "POST", Path: "/api/v1/min-wages", Summary: "Thêm mức lương tối thiểu vùng (quản trị)", Tag: "Quy định", Body: domain.MinWage{}, Resp: domain.MinWage{}, Status: 201, h: s.apiMinWage},
		{Method: "GET", Path: "/api/v1/orgs/{id}/fee-settings", Summary: "Vùng lương tối thiểu và tỉ lệ giữ lại đảng phí của một tổ chức", Tag: "Đảng phí", Resp: fees.SettingsView{}, h: s.apiFeeSettings()},
		{Method: "PUT", Path: "/api/v1/orgs/{id}/region", Summary: "Đặt vùng lương tối thiểu của tổ chức từ một ngày", Tag: "Đảng phí", Body: regionBody{}, Resp: fees.SettingsView{}, h: s.apiRegion()},
		{Method: "PUT", Path: "/api/v1/orgs/{id}/fee-keep", Summary: "Đặt tỉ lệ chi bộ giữ lại (30–50%; 0 để theo mức mặc định)", Tag: "Đảng phí", Body: keepBody{}, Resp: fees.SettingsView{}, h: s.apiKeepPct()},
		{Method: "POST", Path: "/api/v1/members/{id}/fee-reversals", Summary: "Hủy một khoản nộp đảng phí, có lý do (khoản nộp vẫn được lưu)", Tag: "Đảng phí", Body: reverseBody{}, Resp: reverseBody{}, h: s.apiReverse()},
		{Method: "POST", Path: "/api/v1/members/{id}/fee-reductions", Summary: "Giảm đảng phí 30, 50 hoặc 70% tối đa 12 tháng theo quyết định (từ 2/2026)", Tag: "Đảng phí", Body: reductionBody{}, Resp: domain.FeeReduction{}, Status: 201, h: s.apiReduction()},
		{Method: "GET", Path: "/api/v1/calendar", Summary: "Lịch làm việc một năm: ngày nghỉ lễ, tết, nghỉ bù, ngày nghỉ và ngày làm bù theo thông báo, số ngày làm việc mỗi tháng; tùy chọn tính hạn theo ngày làm việc", Tag: "Lịch làm việc",
			Query: []Param{{"year", "integer", "Năm (mặc định: năm nay)"}, {"from", "string", "Tính hạn từ ngày yyyy-mm-dd (cùng với days)"}, {"days", "integer", "Số ngày làm việc, 1–1000"}}, Resp: calendar.CalendarYear{}, h: s.apiCalendar},
		{Method: "POST", Path: "/api/v1/calendar/days", Summary: "Nhập một ngày theo thông báo hằng năm (quản trị): kind off là ngày nghỉ, work là ngày làm bù; note nêu văn bản", Tag: "Lịch làm việc", Body: domain.AnnouncedDay{}, Resp: store.CalendarDay{}, Status: 201, h: s.apiCalendarAdd},
		{Method: "POST", Path: "/api/v1/calendar/days/{id}/cancel", Summary: "Hủy một ngày đã nhập, có lý do (quản trị; dòng vẫn được lưu, có ghi nhật ký)", Tag: "Lịch làm việc", Body: cancelDayBody{}, Resp: store.CalendarDay{}, h: s.apiCalendarCancel()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/candidates", Summary: "Quần chúng ưu tú (người vào Đảng) của cây con: bước đang ở, những gì còn thiếu hoặc hết hạn, lý do chưa tiến được", Tag: "Kết nạp đảng viên",
			Query: []Param{{"status", "string", "open (mặc định), admitted, withdrawn, all"}}, Resp: admission.CandidatesView{}, h: s.apiCandidates()},
		{Method: "POST", Path: "/api/v1/orgs/{id}/candidates", Summary: "Ghi một quần chúng ưu tú của chi bộ: lý lịch (các trường của hồ sơ đảng viên, trừ ngày vào Đảng và thẻ), nguồn giới thiệu, đoàn viên, trường hợp đặc biệt", Tag: "Kết nạp đảng viên",
			Body: domain.CandidateInput{}, Resp: domain.Candidate{}, Status: 201, h: s.apiCandidateCreate()},
		{Method: "GET", Path: "/api/v1/candidates/{id}", Summary: "Hồ sơ một người vào Đảng: các bước đã ghi và từng bước đang ở đâu (đã có, thiếu, hết hạn, không đạt, đến hạn, quá hạn)", Tag: "Kết nạp đảng viên", Resp: admission.CandidateView{}, h: s.apiCandidate()},
		{Method: "PUT", Path: "/api/v1/candidates/{id}", Summary: "Sửa lý lịch của người vào Đảng chưa kết nạp", Tag: "Kết nạp đảng viên", Body: domain.CandidateInput{}, Resp: domain.Candidate{}, h: s.apiCandidateUpdate()},
		{Method: "POST", Path: "/api/v1/candidates/{id}/steps", Summary: "Ghi một bước của hồ sơ kết nạp (kind: awareness, application, history, introduction, union_resolution, background, union_comments, residence_comments, cell_vote, committee_vote, decision, ceremony). " +
			"Giới thiệu: introducer_id, known_since; chi bộ biểu quyết: agree, against (số đảng viên chính thức đọc từ danh sách chi bộ ngày đó); đảng ủy: agree, against, eligible; quyết định: number, received; " +
			"lễ kết nạp tạo hồ sơ đảng viên dự bị từ hồ sơ người vào Đảng, quá 30 ngày làm việc cần note ghi lý do. Bước sai quy định bị từ chối, không ghi gì", Tag: "Kết nạp đảng viên",
			Body: domain.Step{}, Resp: admission.StepResult{}, Status: 201, h: s.apiCandidateStep()},
		{Method: "POST", Path: "/api/v1/candidates/{id}/withdraw", Summary: "Đưa người vào Đảng ra khỏi danh sách, có lý do (hồ sơ vẫn lưu)", Tag: "Kết nạp đảng viên", Body: withdrawBody{}, Resp: domain.Candidate{}, h: s.apiCandidateWithdraw()},
		{Method: "GET", Path: "/api/v1/members/{id}/probation", Summary: "Thời gian dự bị của đảng viên: các bước, hạn xét công nhận, việc đến hạn và quá hạn", Tag: "Kết nạp đảng viên", Resp: admission.ProbationPage{}, h: s.apiProbation()},
		{Method: "POST", Path: "/api/v1/members/{id}/probation", Summary: "Ghi một bước dự bị (kind: helper, class, helper_comment, self_review, comments, cell_vote, committee_vote, decision). " +
			"Quyết định: passed true là công nhận chính thức (chính thức từ ngày hết 12 tháng dự bị), false là xóa tên khỏi danh sách đảng viên dự bị (cần note)", Tag: "Kết nạp đảng viên",
			Body: domain.PStep{}, Resp: admission.ProbationResult{}, Status: 201, h: s.apiProbationStep()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/probation", Summary: "Đảng viên dự bị của cây con với việc đến hạn và quá hạn", Tag: "Kết nạp đảng viên", Resp: admission.ProbationsView{}, h: s.apiProbations()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/admission-quotas", Summary: "Chỉ tiêu kết nạp trong năm của tổ chức và các tổ chức trực thuộc, số đã kết nạp, đang bồi dưỡng, chờ quyết định", Tag: "Kết nạp đảng viên",
			Query: []Param{{"year", "integer", "Năm (mặc định: năm nay)"}}, Resp: admission.QuotaView{}, h: s.apiQuotas()},
		{Method: "PUT", Path: "/api/v1/orgs/{id}/admission-quotas", Summary: "Đặt chỉ tiêu kết nạp của tổ chức cho một năm", Tag: "Kết nạp đảng viên", Body: quotaBody{}, Resp: store.Quota{}, h: s.apiQuotaSet()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/admission-review", Summary: "Hồ sơ đề nghị kết nạp chờ cấp ủy xét trong kỳ họp tháng", Tag: "Kết nạp đảng viên", Resp: admission.ReviewView{}, h: s.apiReview()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/admission-report", Summary: "Kết nạp trong năm theo tổ chức trực thuộc, giới tính, độ tuổi, dân tộc, trình độ, nghề nghiệp", Tag: "Kết nạp đảng viên",
			Query: []Param{{"year", "integer", "Năm (mặc định: năm nay)"}}, Resp: admission.ReportView{}, h: s.apiAdmissionReport()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/admission-pipeline", Summary: "Người vào Đảng của cây con theo bước đang ở, và lý do chưa tiến được (tuổi, học vấn, lý lịch, giấy tờ hết hạn, biểu quyết, quá hạn lễ kết nạp)", Tag: "Kết nạp đảng viên",
			Resp: admission.PipelineView{}, h: s.apiPipeline()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/badges", Summary: "Danh sách xét tặng huy hiệu Đảng của một đợt (03/02, 19/05, 02/09, 07/11): đảng viên đủ 30…90 năm tuổi đảng, sớm vì ốm đau nặng, lùi vì kỷ luật, và người đã được trao", Tag: "Huy hiệu Đảng",
			Query: []Param{{"date", "string", "Ngày trao yyyy-mm-dd (mặc định: đợt tới)"}, {"since", "string", "Xét cả người đủ tuổi đảng từ ngày này (mặc định: sau đợt trước)"}}, Resp: badges.AwardList{}, h: s.apiBadgeList()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/badges/upcoming", Summary: "Bốn đợt trao huy hiệu tới và số đảng viên mỗi loại", Tag: "Huy hiệu Đảng", Resp: badges.UpcomingView{}, h: s.apiBadgeUpcoming()},
		{Method: "POST", Path: "/api/v1/orgs/{id}/badges", Summary: "Ghi nhận trao huy hiệu của một đợt cho các đảng viên trong danh sách, cấp số huy hiệu (mã đảng bộ tỉnh và 6 chữ số)", Tag: "Huy hiệu Đảng",
			Body: badges.AwardInput{}, Resp: badges.AwardsRecorded{}, Status: 201, h: s.apiBadgeRecord()},
		{Method: "GET", Path: "/api/v1/members/{id}/badges", Summary: "Tuổi đảng, thời gian không sinh hoạt, huy hiệu đã nhận và đợt tới của đảng viên", Tag: "Huy hiệu Đảng", Resp: badges.PartyAgeView{}, h: s.apiPartyAge()},
		{Method: "POST", Path: "/api/v1/members/{id}/party-age-notes", Summary: "Ghi thời gian không sinh hoạt đảng (kind break, from, to) hoặc ốm đau nặng (kind ill, from) của đảng viên", Tag: "Huy hiệu Đảng",
			Body: domain.PartyAgeNote{}, Resp: domain.PartyAgeNote{}, Status: 201, h: s.apiPartyAgeNote()},
		{Method: "GET", Path: "/api/v1/audit/verify", Summary: "Kiểm tra chuỗi băm của nhật ký (quản trị)", Tag: "Nhật ký", Resp: verifyDoc{}, h: s.auditVerify},
		{Method: "GET", Path: "/api/v1/read-log", Summary: "Nhật ký truy cập dữ liệu cá nhân (xem hồ sơ, in phiếu, tìm theo CCCD, xuất danh sách, tải tệp) trong phạm vi, mới nhất trước", Tag: "Nhật ký",
			Query: []Param{{"member_id", "integer", "Các lượt truy cập hồ sơ đảng viên này"}, {"actor", "string", "Tên đăng nhập của người truy cập"}, {"from", "string", "Từ ngày yyyy-mm-dd"},
				{"to", "string", "Đến ngày yyyy-mm-dd"}, {"before", "integer", "Chỉ các dòng có số thứ tự nhỏ hơn (phân trang)"}, {"limit", "integer", "Tối đa 500, mặc định 100"}},
			Resp: []readRow{}, h: s.readLogList},
		// Yearly evaluation, discipline and the Directive 28 screening (issue 12).
		{Method: "GET", Path: "/api/v1/members/{id}/ratings", Summary: "Đánh giá, xếp loại chất lượng của đảng viên qua các năm; năm đang đánh giá với bản tự kiểm điểm, kỷ luật tính trong năm, nhận xét nơi cư trú", Tag: "Đánh giá, xếp loại",
			Query: []Param{{"year", "integer", "Năm đánh giá (mặc định: năm đang đánh giá)"}}, Resp: evaluation.MemberRatingsView{}, h: s.apiMemberRatings()},
		{Method: "PUT", Path: "/api/v1/members/{id}/ratings/{year}/self-review", Summary: "Bản tự kiểm điểm của đảng viên (chính đảng viên, hoặc cán bộ nhập thay)", Tag: "Đánh giá, xếp loại", Body: domain.SelfReview{}, Resp: store.Rating{}, h: s.apiSelfReview()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/ratings", Summary: "Đánh giá, xếp loại một năm của tổ chức: đảng viên với tự kiểm điểm, đề nghị của chi bộ, quyết định của cấp ủy; giới hạn «xuất sắc»; tỉ lệ từng mức; xếp loại tổ chức trực thuộc", Tag: "Đánh giá, xếp loại",
			Query: []Param{{"year", "integer", "Năm đánh giá (mặc định: năm đang đánh giá)"}}, Resp: evaluation.OrgRatingsView{}, h: s.apiOrgRatings()},
		{Method: "POST", Path: "/api/v1/orgs/{id}/ratings/{year}/proposals", Summary: "Chi bộ đề nghị mức xếp loại và điểm của đảng viên (tất cả hoặc không)", Tag: "Đánh giá, xếp loại", Body: proposalsBody{}, Resp: []store.Rating{}, h: s.apiPropose()},
		{Method: "POST", Path: "/api/v1/orgs/{id}/ratings/{year}/decisions", Summary: "Cấp ủy cơ sở quyết định xếp loại đảng viên (tất cả hoặc không; giới hạn «xuất sắc» tính trên cả tổ chức cơ sở đảng)", Tag: "Đánh giá, xếp loại", Body: evaluation.DecideInput{}, Resp: []store.Rating{}, h: s.apiDecide()},
		{Method: "POST", Path: "/api/v1/orgs/{id}/ratings/{year}/org-ratings", Summary: "Cấp ủy xếp loại các tổ chức đảng trực thuộc", Tag: "Đánh giá, xếp loại", Body: evaluation.OrgRatingInput{}, Resp: []store.OrgRating{}, h: s.apiRateOrgs()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/rating-shares", Summary: "Tỉ lệ đảng viên, tổ chức đảng từng mức xếp loại của cây con, và của từng tổ chức trực thuộc", Tag: "Đánh giá, xếp loại",
			Query: []Param{{"year", "integer", "Năm đánh giá (mặc định: năm đang đánh giá)"}}, Resp: evaluation.SharesView{}, h: s.apiRatingShares()},
		{Method: "GET", Path: "/api/v1/members/{id}/disciplines", Summary: "Các quyết định kỷ luật của đảng viên, với khiếu nại và kết quả", Tag: "Kỷ luật", Resp: []store.Discipline{}, h: s.apiMemberDisciplines()},
		{Method: "POST", Path: "/api/v1/members/{id}/disciplines", Summary: "Ghi quyết định kỷ luật đảng viên: hình thức, biểu quyết, cấp quyết định, thời hiệu; khai trừ chấm dứt đảng tịch, cách chức thôi chức vụ", Tag: "Kỷ luật", Body: domain.DisciplineInput{}, Resp: store.Discipline{}, Status: 201, h: s.apiDisciplineMember()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/disciplines", Summary: "Các quyết định kỷ luật đảng viên và tổ chức đảng của cây con trong một khoảng thời gian", Tag: "Kỷ luật",
			Query: []Param{{"from", "string", "Từ ngày yyyy-mm-dd (mặc định: 12 tháng trước)"}, {"to", "string", "Đến ngày (mặc định: hôm nay)"}}, Resp: discipline.DisciplinesView{}, h: s.apiOrgDisciplines()},
		{Method: "POST", Path: "/api/v1/orgs/{id}/disciplines", Summary: "Ghi quyết định kỷ luật tổ chức đảng (khiển trách, cảnh cáo, giải tán) của cấp ủy cấp trên", Tag: "Kỷ luật", Body: domain.DisciplineInput{}, Resp: store.Discipline{}, Status: 201, h: s.apiDisciplineOrg()},
		{Method: "POST", Path: "/api/v1/disciplines/{id}/appeal", Summary: "Ghi khiếu nại quyết định kỷ luật (trong thời hạn)", Tag: "Kỷ luật", Body: domain.AppealInput{}, Resp: store.Discipline{}, h: s.apiAppeal()},
		{Method: "POST", Path: "/api/v1/disciplines/{id}/appeal-outcome", Summary: "Ghi quyết định giải quyết khiếu nại kỷ luật: giữ nguyên, giảm hình thức hoặc xóa bỏ", Tag: "Kỷ luật", Body: domain.OutcomeInput{}, Resp: store.Discipline{}, h: s.apiAppealOutcome()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/screening", Summary: "Rà soát, sàng lọc (Chỉ thị 28): mọi đảng viên của cây con có căn cứ xóa tên tại một ngày, mỗi căn cứ với bằng chứng; đề nghị đang chờ quyết định", Tag: "Rà soát, sàng lọc",
			Query: []Param{{"date", "string", "Ngày rà soát yyyy-mm-dd (mặc định: hôm nay)"}}, Resp: screening.ReportView{}, h: s.apiScreening()},
		{Method: "GET", Path: "/api/v1/members/{id}/screening", Summary: "Căn cứ xóa tên hiện có của một đảng viên, các sự việc đã ghi và đề nghị xóa tên", Tag: "Rà soát, sàng lọc", Resp: screening.MemberScreenView{}, h: s.apiMemberScreening()},
		{Method: "POST", Path: "/api/v1/members/{id}/findings", Summary: "Ghi sự việc: chi bộ giáo dục, giúp đỡ; tự ý trả, hủy thẻ đảng viên; kết luận không bảo đảm tiêu chuẩn chính trị (cấp ủy)", Tag: "Rà soát, sàng lọc", Body: domain.FindingInput{}, Resp: domain.Finding{}, Status: 201, h: s.apiAddFinding()},
		{Method: "POST", Path: "/api/v1/findings/{id}/close", Summary: "Kết thúc việc giáo dục, giúp đỡ khi đảng viên đã tiến bộ", Tag: "Rà soát, sàng lọc", Body: closeFindingBody{}, Resp: domain.Finding{}, h: s.apiCloseFinding()},
		{Method: "POST", Path: "/api/v1/members/{id}/removal-proposals", Summary: "Chi bộ đề nghị xóa tên đảng viên trên căn cứ có bằng chứng", Tag: "Rà soát, sàng lọc", Body: domain.RemovalProposal{}, Resp: store.RemovalCase{}, Status: 201, h: s.apiProposeRemoval()},
		{Method: "POST", Path: "/api/v1/removal-proposals/{id}/decision", Summary: "Cấp ủy có thẩm quyền quyết định đề nghị xóa tên (có số quyết định); xóa tên được ghi vào quá trình sinh hoạt", Tag: "Rà soát, sàng lọc", Body: domain.RemovalDecision{}, Resp: store.RemovalCase{}, h: s.apiDecideRemoval()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/removal-counts", Summary: "Số đảng viên bị xóa tên, khai trừ từng năm của mỗi tổ chức trực thuộc", Tag: "Rà soát, sàng lọc",
			Query: []Param{{"from", "integer", "Từ năm (mặc định: 4 năm trước)"}, {"to", "integer", "Đến năm (mặc định: năm nay)"}}, Resp: screening.CountsView{}, h: s.apiRemovalCounts()},
	}
}
