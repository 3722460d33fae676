package web

import (
	"net/http"
	"strings"

	"dangvien/internal/app/celllife"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

type band struct {
	Label string
	N     int
}

type recent struct {
	When, Who, What string
}

type homePage struct {
	Cells  []celllife.MonthView
	Self   *domain.Member
	Counts *store.Counts
	Bands  []band
	Orgs   []*store.TreeNode
	Recent []recent
}

// home shows the actor's scope: member counts, the organisations it covers,
// and recent changes; a member sees their own record.
func (s *Server) home(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	a := sess.Actor
	v, err := s.Orgs.Home(r.Context(), a)
	if err != nil {
		return err
	}
	p := homePage{Cells: v.Cells, Self: v.Self, Counts: v.Counts, Orgs: v.Roots, Recent: recentOf(v.Recent)}
	title := "Tổng quan"
	switch {
	case v.Self != nil:
		title = "Xin chào, " + v.Self.FullName
	case len(v.Roots) == 1:
		title = v.Roots[0].Name
	}
	if v.Counts != nil {
		for _, b := range domain.AgeBands {
			p.Bands = append(p.Bands, band{b.Label, v.Counts.ByAgeBand[string(b.Band)]})
		}
	}
	s.render(w, http.StatusOK, "home", view{Title: title, Actor: &a, CSRF: sess.CSRF, Page: p})
	return nil
}

var actionLabels = map[string]string{
	"member.create": "tạo hồ sơ đảng viên", "member.update": "sửa hồ sơ đảng viên", "member.import": "nhập danh sách đảng viên",
	"org.create": "thành lập tổ chức", "org.rename": "đổi tên tổ chức", "org.move": "chuyển tổ chức", "org.merge": "sáp nhập tổ chức",
	"org.split": "chia tách tổ chức", "org.dissolve": "giải thể tổ chức", "user.create": "tạo tài khoản", "user.disable": "khóa hoặc mở khóa tài khoản",
	"user.password": "đặt mật khẩu", "user.login": "đăng nhập", "user.logout": "đăng xuất", "user.login_failed": "đăng nhập sai", "token.create": "tạo mã truy cập API",
	"user.login_password": "nhập đúng mật khẩu, chờ mã xác thực", "user.totp_begin": "bắt đầu thiết lập xác thực hai bước", "user.totp_on": "bật xác thực hai bước",
	"user.totp_off": "tắt xác thực hai bước", "user.totp_failed": "nhập sai mã xác thực",
	"user.login_refused": "đăng nhập bị từ chối (tài khoản không có hoặc đang tạm khóa)", "user.password_check_failed": "nhập sai mật khẩu hiện tại", "token.revoke": "thu hồi mã truy cập API",
	"meeting.create": "ghi buổi sinh hoạt", "meeting.update": "sửa buổi sinh hoạt", "meeting.attendance": "điểm danh", "meeting.document": "đính kèm tài liệu", "meeting.document_remove": "gỡ tài liệu đính kèm",
	"meeting.in_charge": "ghi cấp ủy viên phụ trách dự sinh hoạt", "meeting.plan": "lập kế hoạch sinh hoạt năm",
	"fee.profile": "đặt mức đảng phí", "fee.reverse": "hủy khoản nộp đảng phí", "fee.reduction": "giảm đảng phí theo quyết định", "fee.keep_pct": "đặt tỉ lệ chi bộ giữ lại",
	"fee.min_wage": "thêm mức lương tối thiểu vùng", "org.region": "đặt vùng lương tối thiểu của tổ chức", "rule.version": "thêm phiên bản quy định", "fee.open_month": "lập bảng thu đảng phí", "fee.pay": "ghi khoản nộp đảng phí", "fee.remit": "ghi nộp đảng phí lên cấp trên",
	"task.create": "giao nhiệm vụ", "task.note": "ghi tiến độ, đánh giá nhiệm vụ",
	"in_charge.assign": "phân công cấp ủy viên phụ trách", "in_charge.end": "thôi phân công phụ trách", "seed.cell_life": "tạo dữ liệu sinh hoạt mẫu",
	"calendar.add": "nhập ngày nghỉ, ngày làm bù theo thông báo", "calendar.cancel": "hủy ngày nghỉ, ngày làm bù đã nhập",
	"candidate.create": "ghi quần chúng ưu tú", "candidate.update": "sửa lý lịch người vào Đảng", "candidate.step": "ghi bước hồ sơ kết nạp",
	"candidate.admit": "kết nạp đảng viên", "candidate.withdraw": "đưa người vào Đảng ra khỏi danh sách", "probation.step": "ghi bước thời gian dự bị",
	"admission.quota": "đặt chỉ tiêu kết nạp", "badge.award": "ghi nhận trao huy hiệu Đảng", "badge.note": "ghi thời gian không sinh hoạt, ốm đau (tuổi đảng)",
	"member.confirm_decision": "xác nhận ngày quyết định kết nạp", "fee.join_sheet": "đưa đảng viên mới đến vào bảng thu đảng phí đã lập",
}

func actionLabel(action string) string {
	if k, ok := strings.CutPrefix(action, "member.event."); ok {
		return "ghi sự kiện «" + domain.EventKind(k).Label() + "»"
	}
	if l, ok := actionLabels[action]; ok {
		return l
	}
	return action
}

// recentOf turns audit rows into lines of "when, who, what".
func recentOf(rows []store.AuditRow) []recent {
	out := make([]recent, 0, len(rows))
	for _, row := range rows {
		out = append(out, recent{When: row.At.In(vietnam).Format("02/01/2006 15:04"), Who: row.Actor, What: actionLabel(row.Action)})
	}
	return out
}
