package audit

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// What a row changed is read from the values it recorded before and after.
// A member record is compared field by field through domain.MemberFieldTable
// (its labels and choices), with its standing, its cell and the event that
// changed them; any other row by its keys, each under a Vietnamese label,
// with organisations and members by name, codes by their labels, dates as
// dd/mm/yyyy and amounts in đồng. A key this file does not know is shown as
// it is: a row is never hidden for want of a label.

// parsedRow is a row's before and after values, flattened to one level
// ("decision.date"), and for member records the records themselves.
type parsedRow struct {
	entity, action string
	before, after  map[string]any
	record         bool   // before and after are member records
	hide           string // a key the target already says
	bm, am         domain.Member
	event          *domain.Event
}

func decode(raw string) any {
	if raw == "" || raw == "null" {
		return nil
	}
	d := json.NewDecoder(strings.NewReader(raw))
	d.UseNumber()
	var v any
	if d.Decode(&v) != nil {
		return nil
	}
	return v
}

func parse(r store.AuditRow) parsedRow {
	p := parsedRow{entity: r.Entity, action: r.Action}
	if r.Entity == "member" && (r.Action == "member.update" || r.Action == "member.create" || strings.HasPrefix(r.Action, "member.event.")) {
		var a struct {
			domain.Member
			Event *domain.Event `json:"event"`
		}
		okA := json.Unmarshal([]byte(r.After), &a) == nil
		okB := r.Before == "null" || json.Unmarshal([]byte(r.Before), &p.bm) == nil
		if okA && okB {
			p.record, p.am, p.event = true, a.Member, a.Event
		}
	}
	p.before, p.after = flatten(decode(r.Before)), flatten(decode(r.After))
	if r.Action == "meeting.attendance" {
		// The marks a change replaced are recorded as member id → status.
		for k, v := range p.before {
			if _, err := strconv.ParseInt(k, 10, 64); err == nil {
				if l := domain.Attendance(str(v)).Label(); l != "" {
					v = l
				}
				delete(p.before, k)
				p.before["attendance."+k] = v
			}
		}
	}
	if act, ok := store.ActionOf(r.Action); ok && act.Access() && r.EntityID != 0 {
		p.hide = "username" // the account is the row's target
	}
	return p
}

// flatten lays a JSON object out on one level: nested objects join their
// keys with dots; a list of marks of attendance becomes one value per member.
func flatten(v any) map[string]any {
	out := map[string]any{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				walk(join(prefix, k), val)
			}
		case []any:
			if marks := asMarks(x); marks != nil {
				for id, m := range marks {
					out[join(prefix, "attendance."+id)] = m
				}
				return
			}
			out[prefix] = x
		default:
			out[prefix] = x
		}
	}
	if v != nil {
		walk("", v)
	}
	return out
}

func join(prefix, k string) string {
	if prefix == "" {
		return k
	}
	return prefix + "." + k
}

// asMarks reads a list of attendance marks ({member_id, status, reason}) as
// member id → "Vắng có lý do (ốm)"; nil when it is another list.
func asMarks(list []any) map[string]any {
	if len(list) == 0 {
		return nil
	}
	out := map[string]any{}
	for _, e := range list {
		m, ok := e.(map[string]any)
		if !ok || m["member_id"] == nil || m["status"] == nil {
			return nil
		}
		id := strings.TrimSpace(str(m["member_id"]))
		v := domain.Attendance(str(m["status"])).Label()
		if v == "" {
			v = str(m["status"])
		}
		if r := str(m["reason"]); r != "" {
			v += " (" + r + ")"
		}
		out[id] = v
	}
	return out
}

func str(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// str is a value the row recorded, after or else before.
func (p parsedRow) str(key string) string {
	if v := str(p.after[key]); v != "" {
		return v
	}
	return str(p.before[key])
}

// The keys whose values name organisations or members, by id.
var (
	orgKeys    = map[string]bool{"org_id": true, "org_ids": true, "parent_id": true, "successor_id": true, "to_org_id": true, "into_id": true, "children_moved": true, "child_ids": true, "source_ids": true, "body_id": true, "grassroots_id": true}
	memberKeys = map[string]bool{"member_id": true, "member_ids": true}
	moneyKeys  = map[string]bool{"amount": true, "base": true, "due": true, "paid": true, "value_dong": true}
)

// refSet collects the ids of organisations and members a page names.
type refSet map[string]map[int64]bool

func (s refSet) add(kind string, id int64) {
	if id == 0 || (kind != "org" && kind != "member" && kind != "meeting" && kind != "user") {
		return
	}
	if s[kind] == nil {
		s[kind] = map[int64]bool{}
	}
	s[kind][id] = true
}

func (p parsedRow) refs(s refSet) {
	for _, m := range []map[string]any{p.before, p.after} {
		for k, v := range m {
			kind := refKind(k)
			if strings.Contains(k, "attendance.") {
				id, _ := strconv.ParseInt(k[strings.LastIndexByte(k, '.')+1:], 10, 64)
				s.add("member", id)
			}
			if kind == "" {
				continue
			}
			for _, id := range ids(v) {
				s.add(kind, id)
			}
		}
	}
	if p.record {
		s.add("org", p.bm.OrgID)
		s.add("org", p.am.OrgID)
		if p.event != nil {
			s.add("org", p.event.ToOrgID)
		}
	}
}

func refKind(key string) string {
	k := key[strings.LastIndexByte(key, '.')+1:]
	switch {
	case orgKeys[k]:
		return "org"
	case memberKeys[k]:
		return "member"
	}
	return ""
}

func ids(v any) []int64 {
	var out []int64
	switch x := v.(type) {
	case json.Number:
		if n, err := x.Int64(); err == nil {
			out = append(out, n)
		}
	case []any:
		for _, e := range x {
			out = append(out, ids(e)...)
		}
	}
	return out
}

func (s refSet) names(tx *store.Tx) (map[string]map[int64]string, error) {
	out := map[string]map[int64]string{}
	for kind, set := range s {
		list := make([]int64, 0, len(set))
		for id := range set {
			list = append(list, id)
		}
		slices.Sort(list)
		var err error
		if out[kind], err = tx.Names(kind, list); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// changes lists what the row changed or set.
func (p parsedRow) changes(names map[string]map[int64]string) []Change {
	out := []Change{}
	if p.record {
		for _, c := range domain.MemberChanges(&p.bm.MemberFields, &p.am.MemberFields) {
			out = append(out, Change{Field: c.Field, Label: c.Label, Old: c.Old, New: c.New})
		}
		if p.bm.Status != p.am.Status {
			out = append(out, Change{"status", "Trạng thái", p.bm.Status.Label(), p.am.Status.Label()})
		}
		if p.bm.Exempted != p.am.Exempted {
			out = append(out, Change{"exempted", "Miễn sinh hoạt", yesNo(p.bm.Exempted), yesNo(p.am.Exempted)})
		}
		if p.bm.OrgID != p.am.OrgID {
			out = append(out, Change{"org_id", "Chi bộ", orgName(names, p.bm.OrgID, p.bm.Org), orgName(names, p.am.OrgID, p.am.Org)})
		}
		if e := p.event; e != nil {
			out = append(out, Change{Field: "event.kind", Label: "Sự kiện", New: e.Kind.Label()})
			for _, c := range []Change{{"event.date", "Ngày", "", e.Date.String()}, {"event.decision_number", "Số quyết định", "", e.Decision},
				{"event.discipline", "Hình thức kỷ luật", "", domain.DisciplineForms[e.Discipline]}, {"event.to_org_id", "Chuyển đến", "", orgName(names, e.ToOrgID, "")},
				{"event.reason", "Lý do", "", e.Reason}} {
				if c.New != "" && c.New != "—" {
					out = append(out, c)
				}
			}
		}
		return out
	}
	keys := map[string]bool{}
	for k := range p.before {
		keys[k] = true
	}
	for k := range p.after {
		keys[k] = true
	}
	list := make([]string, 0, len(keys))
	for k := range keys {
		if !skipped(k) && k != p.hide {
			list = append(list, k)
		}
	}
	sort.Slice(list, func(i, j int) bool { return keyOrder(list[i]) < keyOrder(list[j]) })
	created := len(p.before) == 0
	for _, k := range list {
		o, n := p.display(k, p.before[k], names), p.display(k, p.after[k], names)
		if o == n && !(created && n != "") {
			continue
		}
		if created && (n == "" || isZero(p.after[k])) {
			continue // a new row's blank, false or zero values say nothing
		}
		out = append(out, Change{Field: k, Label: p.label(k, names), Old: o, New: n})
	}
	return out
}

// skipped keys are bookkeeping, or say again what another key says.
func skipped(k string) bool {
	last := k[strings.LastIndexByte(k, '.')+1:]
	switch last {
	case "id", "path", "version", "sort_key", "kind_label", "role_label", "status_label", "created_at", "updated_at",
		"first_id", "last_id", "sha256", "document_id", "task_id", "meeting_id", "restores", "member",
		"form_label", "event_id", "finding_id":
		return true
	}
	return false
}

// keyOrder puts names first, then the rest in the order of their keys.
func keyOrder(k string) string {
	if i := slices.Index([]string{"name", "full_name", "title", "username", "display_name", "code", "kind", "role"}, k); i >= 0 {
		return string(rune('0'+i)) + k
	}
	return "~" + k
}

// labels are the Vietnamese names of the keys the store's audit rows
// record, by the key's last part ("decision.date" is "date" of "decision").
var labels = map[string]string{
	"name": "Tên", "code": "Mã", "kind": "Loại", "parent_id": "Trực thuộc", "valid_from": "Áp dụng từ", "valid_to": "Đến ngày",
	"closed_reason": "Lý do thôi hoạt động", "closed_decision": "Quyết định thôi hoạt động", "successor_id": "Tổ chức kế tục",
	"decision_number": "Số quyết định", "date": "Ngày", "reason": "Lý do", "members_moved": "Số đảng viên chuyển theo", "children_moved": "Tổ chức trực thuộc chuyển theo",
	"username": "Tên đăng nhập", "display_name": "Họ tên người dùng", "role": "Vai trò", "member_id": "Đảng viên", "org_ids": "Tổ chức trong phạm vi",
	"disabled": "Bị khóa", "totp": "Xác thực hai bước", "locked_until": "Tạm khóa đến", "failed_logins": "Số lần nhập sai liên tiếp",
	"must_change_password": "Phải đổi mật khẩu khi đăng nhập", "sessions_ended": "Số phiên đăng nhập kết thúc", "tokens_revoked": "Số mã truy cập bị thu hồi",
	"by": "Người thực hiện", "awaiting": "Đang chờ", "second_factor": "Xác thực hai bước",
	"expires_at": "Hết hạn", "revoked_at": "Thu hồi lúc", "status": "Trạng thái",
	"member": "Đảng viên", "from": "Từ ngày", "to": "Đến ngày", "decision": "Quyết định", "attended": "Có dự",
	"topic": "Chủ đề", "held_on": "Ngày sinh hoạt", "starts_at": "Giờ bắt đầu", "minutes": "Thời lượng (phút)", "place": "Địa điểm", "chair": "Chủ trì",
	"secretary": "Thư ký", "agenda": "Chương trình", "record": "Biên bản", "guests": "Khách mời", "docs_on": "Ngày gửi tài liệu",
	"size": "Dung lượng", "year": "Năm", "day": "Ngày trong tháng", "meetings": "Số buổi sinh hoạt",
	"category": "Đối tượng đóng đảng phí", "base": "Thu nhập làm căn cứ", "tier": "Bậc", "past_working_age": "Đã quá tuổi lao động", "exemption": "Miễn đảng phí",
	"month": "Tháng", "months": "Các tháng", "paid": "Số tiền đã nộp", "paid_on": "Ngày nộp", "pct": "Tỉ lệ giảm (%)", "rows": "Số dòng", "keep_pct": "Tỉ lệ chi bộ giữ lại (%)",
	"region": "Vùng", "amount": "Số tiền", "note": "Ghi chú", "value": "Giá trị", "source": "Văn bản", "cancelled": "Đã hủy",
	"title": "Nhiệm vụ", "description": "Mô tả", "assigned_by": "Người giao", "on": "Ngày", "rating": "Đánh giá",
	"attendance": "Điểm danh", "fee_months": "Số tháng đảng phí", "ended": "Đã thôi phụ trách từ",
	// The yearly evaluation, discipline and the screening.
	"grassroots_id": "Tổ chức cơ sở đảng xét xếp loại", "org": "Tổ chức", "self_review": "Bản tự kiểm điểm", "level": "Mức xếp loại", "text": "Nội dung",
	"proposal": "Đề nghị", "points": "Điểm", "all_on_time": "Mọi nhiệm vụ đúng hạn", "beyond_pct": "Vượt yêu cầu (%)", "ratings": "Số kết quả xếp loại",
	"form": "Hình thức kỷ luật", "post": "Chức vụ bị cách chức", "post_title": "Tên chức vụ", "violation": "Nội dung vi phạm", "violated_on": "Ngày vi phạm",
	"body_id": "Cấp quyết định", "body": "Cấp quyết định", "entitled": "Số người có quyền biểu quyết", "votes_for": "Số phiếu đồng ý",
	"proposal_entitled": "Số đảng viên chính thức của chi bộ đề nghị", "proposal_for": "Số đồng ý đề nghị khai trừ", "decided_on": "Ngày quyết định",
	"self_reported": "Tự phát hiện, khắc phục", "regulation": "Văn bản áp dụng", "counted_year": "Tính vào xếp loại năm", "appeal": "Khiếu nại",
	"lodged_on": "Ngày khiếu nại", "outcome": "Kết quả", "closed_on": "Ngày kết thúc", "closed_note": "Nhận xét khi kết thúc", "grounds": "Căn cứ",
	"proposed_on": "Ngày đề nghị", "evidence": "Bằng chứng", "approve": "Chấp thuận", "label": "Nội dung", "missed_meetings": "Buổi vắng không lý do",
	"unpaid_months": "Tháng chưa đóng đảng phí", "years": "Các năm",
}

// label names a key: a member's attendance by the member's name, any other
// by the label of its last part, with its parent's for a nested key.
func (p parsedRow) label(k string, names map[string]map[int64]string) string {
	parts := strings.Split(k, ".")
	if i := slices.Index(parts, "attendance"); i >= 0 && i+1 < len(parts) {
		id, _ := strconv.ParseInt(parts[i+1], 10, 64)
		if n := names["member"][id]; n != "" {
			return n
		}
		return "Điểm danh"
	}
	last := parts[len(parts)-1]
	l, ok := labels[last]
	if !ok {
		l = last
	}
	if len(parts) > 1 {
		if pl, ok := labels[parts[len(parts)-2]]; ok && pl != l {
			r := []rune(l)
			l = pl + ": " + strings.ToLower(string(r[:1])) + string(r[1:])
		}
	}
	return l
}

var (
	dateRe  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	monthRe = regexp.MustCompile(`^\d{4}-\d{2}$`)
	stampRe = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}`)
)

var vietnam = time.FixedZone("ICT", 7*3600)

// display writes a value as the screens write it.
func (p parsedRow) display(k string, v any, names map[string]map[int64]string) string {
	last := k[strings.LastIndexByte(k, '.')+1:]
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		return yesNo(x)
	case []any:
		var parts []string
		for _, e := range x {
			if s := p.display(k, e, names); s != "" {
				parts = append(parts, s)
			}
		}
		return strings.Join(parts, ", ")
	case json.Number:
		n, err := x.Int64()
		switch {
		case err != nil:
			return x.String()
		case refKind(k) != "":
			if name := names[refKind(k)][n]; name != "" {
				return name
			}
			if n == 0 {
				return ""
			}
			return store.EntityLabel(refKind(k)) + " ngoài phạm vi của bạn"
		case moneyKeys[last]:
			return domain.Dong(n)
		case last == "region":
			return regionLabel(x.String())
		}
		return x.String()
	case string:
		return p.code(last, x)
	}
	var b bytes.Buffer
	json.NewEncoder(&b).Encode(v)
	return strings.TrimSpace(b.String())
}

// code writes a string: a code by its label, a date as dd/mm/yyyy.
func (p parsedRow) code(key, s string) string {
	switch key {
	case "role":
		if l := domain.Role(s).Label(); l != "" {
			return l
		}
	case "status":
		if l := domain.Status(s).Label(); l != "" {
			return l
		}
	case "kind":
		var l string
		switch p.entity {
		case "org":
			l = domain.OrgKind(s).Label()
		case "meeting":
			l = domain.MeetingKind(s).Label()
		case "calendar_day":
			l = domain.AnnouncedKind(s).Label()
		default:
			l = domain.EventKind(s).Label()
		}
		if l != "" {
			return l
		}
	case "category":
		if l := domain.FeeCategory(s).Label(); l != "" {
			return l
		}
	case "exemption":
		if l := domain.FeeExemption(s).Label(); l != "" {
			return l
		}
	case "rating":
		if l := domain.TaskRating(s).Label(); l != "" {
			return l
		}
	case "discipline":
		if l := domain.DisciplineForms[s]; l != "" {
			return l
		}
	case "closed_reason":
		if l := map[string]string{"merge": "sáp nhập", "split": "chia tách", "dissolve": "giải thể"}[s]; l != "" {
			return l
		}
	case "awaiting", "second_factor":
		if s == "totp" {
			return "mã xác thực từ ứng dụng"
		}
	case "by":
		if s == "self" {
			return "chính người dùng"
		}
		if s == domain.System.Username {
			return "Hệ thống"
		}
	case "name":
		if p.entity == "rule" {
			return ruleLabel(s)
		}
	}
	switch {
	case dateRe.MatchString(s):
		return dateText(s)
	case monthRe.MatchString(s):
		return s[5:] + "/" + s[:4]
	case stampRe.MatchString(s):
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t.In(vietnam).Format("15:04 02/01/2006")
		}
	}
	return s
}

func dateText(s string) string {
	d, err := domain.ParseDate(s)
	if err != nil || d.IsZero() {
		return s
	}
	return d.String()
}

func isZero(v any) bool {
	switch x := v.(type) {
	case bool:
		return !x
	case json.Number:
		return x.String() == "0"
	}
	return false
}

func yesNo(b bool) string {
	if b {
		return "Có"
	}
	return "Không"
}

func orgName(names map[string]map[int64]string, id int64, recorded string) string {
	if n := names["org"][id]; n != "" {
		return n
	}
	return recorded
}

func ruleLabel(name string) string {
	for _, r := range domain.Rules.Versions(name) {
		if r.Label != "" {
			return r.Label
		}
	}
	return name
}

func regionLabel(s string) string {
	n, err := strconv.Atoi(s)
	if err != nil {
		return s
	}
	return domain.RegionLabel(n)
}
