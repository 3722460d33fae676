package domain

import (
	"fmt"
	"strings"

	"dangvien/internal/viet"
)

// Discipline of members and organisations (kỷ luật): Điều lệ Đảng, Điều
// 35–39; Quy định 69-QĐ/TW (2022), from 30/5/2025 Quy định 296-QĐ/TW
// (RULES.md, Discipline). The version in force on the day of the decision
// applies; every number comes from Rules.

// DisciplineForm is a form of discipline.
type DisciplineForm string

const (
	FormReprimand   DisciplineForm = "reprimand"   // khiển trách
	FormWarning     DisciplineForm = "warning"     // cảnh cáo
	FormDismissal   DisciplineForm = "dismissal"   // cách chức (a member holding a post)
	FormExpulsion   DisciplineForm = "expulsion"   // khai trừ (official members)
	FormDissolution DisciplineForm = "dissolution" // giải tán (organisations)
)

var formLabels = map[DisciplineForm]string{
	FormReprimand: "Khiển trách", FormWarning: "Cảnh cáo", FormDismissal: "Cách chức", FormExpulsion: "Khai trừ", FormDissolution: "Giải tán",
}

func (f DisciplineForm) Label() string { return formLabels[f] }
func (f DisciplineForm) Valid() bool   { _, ok := formLabels[f]; return ok }

// severity orders the forms from the lightest.
func (f DisciplineForm) severity() int {
	return map[DisciplineForm]int{FormReprimand: 1, FormWarning: 2, FormDismissal: 3, FormExpulsion: 4, FormDissolution: 4}[f]
}

// MemberForms are the forms for members, OrgForms for organisations.
var (
	MemberForms = []DisciplineForm{FormReprimand, FormWarning, FormDismissal, FormExpulsion}
	OrgForms    = []DisciplineForm{FormReprimand, FormWarning, FormDissolution}
)

// Posts a dismissal removes: the record's fields that hold a post.
var Posts = map[string]string{"party_position": "Chức vụ Đảng", "gov_position": "Chức vụ chính quyền, đoàn thể"}

// DisciplineRegulation names the text in force for a decision on day d.
func DisciplineRegulation(d Date) string {
	return fmt.Sprintf("Quy định %d-QĐ/TW", Rules.Int("discipline.regulation", d))
}

// DisciplineInput is a decision of discipline as the deciding body took it.
type DisciplineInput struct {
	Form       DisciplineForm `json:"form"`
	Post       string         `json:"post,omitempty"` // dismissal: party_position or gov_position
	Violation  string         `json:"violation"`      // what was violated, the reason
	ViolatedOn Date           `json:"violated_on"`
	BodyID     int64          `json:"body_id"` // the organisation whose body decided
	// The vote of the deciding body, counted over all who have the right
	// to vote; for an expulsion also the proposing cell's vote.
	Entitled         int    `json:"entitled"`
	For              int    `json:"votes_for"`
	ProposalEntitled int    `json:"proposal_entitled,omitempty"`
	ProposalFor      int    `json:"proposal_for,omitempty"`
	Decision         string `json:"decision_number"`
	DecidedOn        Date   `json:"decided_on"`
	SelfReported     bool   `json:"self_reported"` // the member found and fixed the violation themselves
}

// DisciplineSubject is who is disciplined: a member (with their standing
// and posts) or an organisation.
type DisciplineSubject struct {
	Name   string
	Member bool
	Status Status            // a member's standing
	Posts  map[string]string // a member's posts held: field → title
}

// CheckDiscipline checks a decision of discipline on day today, taken by
// the body of organisation body, which stands levels above the subject's
// own organisation (0: the member's own cell). It fills in the post a
// dismissal removes when the member holds only one.
func CheckDiscipline(s DisciplineSubject, body Org, levels int, in *DisciplineInput, today Date) error {
	in.Violation, in.Decision = viet.Clean(in.Violation), viet.Clean(in.Decision)
	fe := Fields{}
	checkText(fe, "violation", "Nội dung vi phạm", viet.FreeText, in.Violation)
	checkText(fe, "decision_number", "Số quyết định", viet.Proper, in.Decision)
	if in.Violation == "" {
		fe.Add("violation", "Chưa nêu nội dung vi phạm (lý do kỷ luật).")
	} else if len([]rune(in.Violation)) > 4000 {
		fe.Add("violation", "Nội dung vi phạm tối đa 4.000 ký tự.")
	}
	if in.Decision == "" {
		fe.Add("decision_number", "Chưa nhập số quyết định kỷ luật.")
	}
	switch {
	case in.DecidedOn.IsZero():
		fe.Add("decided_on", "Chưa nhập ngày quyết định.")
	case in.DecidedOn.After(today):
		fe.Add("decided_on", "Ngày quyết định không được sau hôm nay.")
	case in.DecidedOn.Before(PartyFounded):
		fe.Add("decided_on", "Ngày không thể trước ngày thành lập Đảng (03/02/1930).")
	}
	switch {
	case in.ViolatedOn.IsZero():
		fe.Add("violated_on", "Chưa nhập ngày vi phạm.")
	case !in.DecidedOn.IsZero() && in.ViolatedOn.After(in.DecidedOn):
		fe.Add("violated_on", "Ngày vi phạm không được sau ngày quyết định.")
	}
	if !in.Form.Valid() {
		fe.Add("form", "Chọn hình thức kỷ luật.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	d := in.DecidedOn
	reg := DisciplineRegulation(d)
	refuse := func(field, msg string) error {
		return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{field: msg}}
	}
	// The forms each standing and post allows.
	if s.Member {
		switch {
		case !s.Status.Active():
			return refuse("form", fmt.Sprintf("%s không còn trong danh sách sinh hoạt, không thi hành kỷ luật.", s.Name))
		case in.Form == FormDissolution:
			return refuse("form", "Giải tán là hình thức kỷ luật tổ chức đảng, không áp dụng với đảng viên (Điều lệ Đảng, Điều 35).")
		case s.Status == StatusProbationary && (in.Form == FormDismissal || in.Form == FormExpulsion):
			return refuse("form", fmt.Sprintf("%s là đảng viên dự bị: chỉ khiển trách hoặc cảnh cáo (Điều lệ Đảng, Điều 35; %s); không đủ tư cách thì xóa tên.", s.Name, reg))
		case in.Form == FormDismissal:
			held := []string{}
			for _, k := range []string{"party_position", "gov_position"} {
				if strings.TrimSpace(s.Posts[k]) != "" {
					held = append(held, k)
				}
			}
			if len(held) == 0 {
				return refuse("post", fmt.Sprintf("Cách chức chỉ áp dụng với đảng viên giữ chức vụ (Điều lệ Đảng, Điều 35; %s): %s không giữ chức vụ nào.", reg, s.Name))
			}
			if in.Post == "" && len(held) == 1 {
				in.Post = held[0]
			}
			if _, ok := Posts[in.Post]; !ok {
				return refuse("post", "Chọn chức vụ bị cách chức.")
			}
			if strings.TrimSpace(s.Posts[in.Post]) == "" {
				return refuse("post", fmt.Sprintf("Cách chức chỉ áp dụng với chức vụ đảng viên đang giữ (%s): %s không giữ %s.", reg, s.Name, strings.ToLower(Posts[in.Post])))
			}
		}
		if in.Form != FormDismissal {
			in.Post = ""
		}
	} else {
		in.Post = ""
		if in.Form != FormReprimand && in.Form != FormWarning && in.Form != FormDissolution {
			return refuse("form", fmt.Sprintf("Tổ chức đảng bị kỷ luật khiển trách, cảnh cáo hoặc giải tán (Điều lệ Đảng, Điều 35; %s).", reg))
		}
	}
	if err := CheckAuthority(s.Member, body, levels, in.Form, reg); err != nil {
		return err
	}
	if err := CheckVotes(in, d); err != nil {
		return err
	}
	// The statute of limitations, counted from the violation to the decision.
	if years, src := DisciplineLimit(s.Member, in.Form, d); years > 0 && !in.DecidedOn.Before(in.ViolatedOn.AddYears(years)) {
		return refuse("violated_on", fmt.Sprintf("Đã hết thời hiệu kỷ luật: vi phạm ngày %s, thời hiệu hình thức %s là %d năm, đến ngày %s (%s).",
			in.ViolatedOn, strings.ToLower(in.Form.Label()), years, in.ViolatedOn.AddYears(years), src))
	}
	return nil
}

// CheckAuthority says whether the body of organisation body may decide the
// form (Điều lệ Đảng, Điều 36; reg the text in force). For a member, levels
// is how far body stands above the member's cell (0: the cell itself); for
// an organisation, how far above the organisation (an organisation is
// disciplined from above, dissolved by the committee two levels above).
func CheckAuthority(member bool, body Org, levels int, form DisciplineForm, reg string) error {
	refuse := func(msg string) error {
		return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{"body_id": msg}}
	}
	if levels < 0 {
		return refuse(fmt.Sprintf("%s không phải là cấp trên có thẩm quyền.", body.Name))
	}
	if !member {
		switch {
		case levels == 0:
			return refuse("Tổ chức đảng bị kỷ luật do cấp ủy cấp trên quyết định (Điều lệ Đảng, Điều 38).")
		case form == FormDissolution && levels < 2:
			return refuse(fmt.Sprintf("Giải tán tổ chức đảng do cấp ủy cấp trên trực tiếp đề nghị, cấp ủy cấp trên cách một cấp quyết định (Điều lệ Đảng, Điều 38; %s): %s là cấp trên trực tiếp.", reg, body.Name))
		case body.Kind.IsCell():
			return refuse(fmt.Sprintf("%s là chi bộ, không kỷ luật tổ chức đảng.", body.Name))
		}
		return nil
	}
	var allowed []DisciplineForm
	switch body.Kind {
	case KindCell, KindGrassrootsCell:
		// Chi bộ quyết định khiển trách, cảnh cáo đảng viên trong chi bộ.
		allowed = []DisciplineForm{FormReprimand, FormWarning}
	case KindCommune, KindGrassroots:
		// Đảng ủy cơ sở: khiển trách, cảnh cáo; cách chức cấp ủy viên cấp
		// dưới; khai trừ khi được ủy quyền quyết định kết nạp.
		allowed = []DisciplineForm{FormReprimand, FormWarning, FormDismissal, FormExpulsion}
	case KindPartial:
		allowed = nil
	default:
		allowed = MemberForms
	}
	for _, f := range allowed {
		if f == form {
			return nil
		}
	}
	return refuse(fmt.Sprintf("%s (%s) không có thẩm quyền quyết định kỷ luật %s đảng viên (Điều lệ Đảng, Điều 36; %s): cần cấp ủy cấp trên.",
		body.Name, strings.ToLower(body.Kind.Label()), strings.ToLower(form.Label()), reg))
}

// CheckVotes checks the votes of a decision: counted over all who have the
// right to vote, never more than them; more than half for reprimand,
// warning, dismissal (and for organisations); an expulsion needs at least
// two thirds of the proposing cell and more than half of the deciding body.
func CheckVotes(in *DisciplineInput, d Date) error {
	refuse := func(field, msg string) error {
		return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{field: msg}}
	}
	count := func(entitled, votes int, field, who string) error {
		switch {
		case entitled <= 0:
			return refuse(field, "Chưa nhập số người có quyền biểu quyết của "+who+".")
		case votes < 0:
			return refuse(field, "Số phiếu đồng ý không thể âm.")
		case votes > entitled:
			src, _ := Rules.At("discipline.vote_num", d)
			return refuse(field, fmt.Sprintf("Số phiếu đồng ý của %s (%d) nhiều hơn số người có quyền biểu quyết (%d): tỉ lệ tính trên tổng số người có quyền biểu quyết (%s).", who, votes, entitled, src.Source))
		}
		return nil
	}
	if err := count(in.Entitled, in.For, "votes_for", "cơ quan quyết định"); err != nil {
		return err
	}
	name := "discipline.vote"
	if in.Form == FormExpulsion {
		if err := count(in.ProposalEntitled, in.ProposalFor, "proposal_for", "chi bộ đề nghị"); err != nil {
			return err
		}
		num, _ := Rules.At("discipline.expulsion_proposal_num", d)
		den, _ := Rules.At("discipline.expulsion_proposal_den", d)
		if in.ProposalFor*den.Value < num.Value*in.ProposalEntitled {
			return refuse("proposal_for", fmt.Sprintf("Khai trừ cần ít nhất %d/%d số đảng viên chính thức của chi bộ đồng ý đề nghị: mới %d/%d (%s).", num.Value, den.Value, in.ProposalFor, in.ProposalEntitled, num.Source))
		}
		name = "discipline.expulsion_vote"
	} else {
		in.ProposalEntitled, in.ProposalFor = 0, 0
	}
	num, _ := Rules.At(name+"_num", d)
	den, _ := Rules.At(name+"_den", d)
	if in.For*den.Value <= num.Value*in.Entitled {
		return refuse("votes_for", fmt.Sprintf("Quyết định kỷ luật %s cần trên %d/%d số người có quyền biểu quyết đồng ý: mới %d/%d (%s).",
			strings.ToLower(in.Form.Label()), num.Value, den.Value, in.For, in.Entitled, num.Source))
	}
	return nil
}

// DisciplineLimit is the statute of limitations, in years, of a form on
// day d (0: none), and the text it comes from.
func DisciplineLimit(member bool, form DisciplineForm, d Date) (int, string) {
	name := map[DisciplineForm]string{FormReprimand: "reprimand", FormWarning: "warning", FormDismissal: "warning", FormExpulsion: "expulsion", FormDissolution: "expulsion"}[form]
	prefix := "discipline.limit_"
	if !member {
		prefix = "discipline.org_limit_"
	}
	r, err := Rules.At(prefix+name+"_years", d)
	if err != nil {
		return 0, ""
	}
	return r.Value, r.Source
}

// AppealInput is an appeal against a discipline (khiếu nại kỷ luật).
type AppealInput struct {
	On   Date   `json:"lodged_on"`
	Text string `json:"text"`
}

// CheckAppeal checks an appeal against a decision of day decided: lodged
// within the rule's months (Điều lệ Đảng: within a month of receiving the
// decision), once.
func CheckAppeal(decided Date, lodged bool, in *AppealInput, today Date) error {
	in.Text = viet.Clean(in.Text)
	fe := Fields{}
	checkText(fe, "text", "Nội dung khiếu nại", viet.FreeText, in.Text)
	if in.Text == "" {
		fe.Add("text", "Chưa nhập nội dung khiếu nại.")
	}
	if lodged {
		return &Error{Code: CodeConflict, Message: "Quyết định kỷ luật này đã có khiếu nại."}
	}
	r, _ := Rules.At("discipline.appeal_months", decided)
	switch {
	case in.On.IsZero():
		fe.Add("lodged_on", "Chưa nhập ngày khiếu nại.")
	case in.On.After(today):
		fe.Add("lodged_on", "Ngày khiếu nại không được sau hôm nay.")
	case in.On.Before(decided):
		fe.Add("lodged_on", "Ngày khiếu nại không thể trước ngày quyết định.")
	case in.On.After(decided.AddMonths(r.Value)):
		fe.Add("lodged_on", fmt.Sprintf("Quá hạn khiếu nại: trong %d tháng kể từ ngày quyết định %s, đến %s (%s).", r.Value, decided, decided.AddMonths(r.Value), r.Source))
	}
	return fe.Err()
}

// AppealOutcome is what the body that heard an appeal decided.
type AppealOutcome string

const (
	AppealUpheld   AppealOutcome = "upheld"   // giữ nguyên hình thức kỷ luật
	AppealLighter  AppealOutcome = "lighter"  // giảm hình thức kỷ luật
	AppealAnnulled AppealOutcome = "annulled" // xóa bỏ quyết định kỷ luật
)

var outcomeLabels = map[AppealOutcome]string{AppealUpheld: "Giữ nguyên hình thức kỷ luật", AppealLighter: "Giảm hình thức kỷ luật", AppealAnnulled: "Xóa bỏ quyết định kỷ luật"}

func (o AppealOutcome) Label() string { return outcomeLabels[o] }
func (o AppealOutcome) Valid() bool   { _, ok := outcomeLabels[o]; return ok }

// OutcomeInput is the decision on an appeal.
type OutcomeInput struct {
	Outcome  AppealOutcome  `json:"outcome"`
	Form     DisciplineForm `json:"form,omitempty"` // lighter: the new form
	Decision string         `json:"decision_number"`
	On       Date           `json:"decided_on"`
	Note     string         `json:"note"`
}

// CheckOutcome checks the decision on an appeal lodged on day lodged
// against a discipline of form form.
func CheckOutcome(form DisciplineForm, lodged Date, decided bool, in *OutcomeInput, today Date) error {
	in.Decision, in.Note = viet.Clean(in.Decision), viet.Clean(in.Note)
	if lodged.IsZero() {
		return &Error{Code: CodeConflict, Message: "Quyết định kỷ luật này chưa có khiếu nại."}
	}
	if decided {
		return &Error{Code: CodeConflict, Message: "Khiếu nại này đã được giải quyết."}
	}
	fe := Fields{}
	checkTexts(fe, textField{"decision_number", "Số quyết định", viet.Proper, in.Decision}, textField{"note", "Ghi chú", viet.OneLine, in.Note})
	if !in.Outcome.Valid() {
		fe.Add("outcome", "Chọn kết quả giải quyết khiếu nại.")
	}
	if in.Decision == "" {
		fe.Add("decision_number", "Chưa nhập số quyết định giải quyết khiếu nại.")
	}
	switch {
	case in.On.IsZero():
		fe.Add("decided_on", "Chưa nhập ngày quyết định.")
	case in.On.After(today):
		fe.Add("decided_on", "Ngày quyết định không được sau hôm nay.")
	case in.On.Before(lodged):
		fe.Add("decided_on", "Ngày quyết định không thể trước ngày khiếu nại.")
	}
	if in.Outcome == AppealLighter {
		if !in.Form.Valid() || in.Form.severity() >= form.severity() || in.Form == FormDissolution {
			fe.Add("form", fmt.Sprintf("Chọn hình thức nhẹ hơn %s.", strings.ToLower(form.Label())))
		}
	} else {
		in.Form = ""
	}
	return fe.Err()
}
