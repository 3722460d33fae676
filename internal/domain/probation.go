package domain

import (
	"fmt"
)

// Probation and recognition (RULES.md: Probation and recognition): 12
// months from the ceremony, the new-member class, the official members who
// help the probationary member and their comments, the member's
// self-review, the comments of the unions and the residence cell, the
// cell's vote within 30 working days after the 12 months end, the
// grassroots committee's vote for a cell under one, and the decision: the
// member is official as of the day the 12 months end, or is removed from
// the probationary list (xóa tên).

// PStepKind is one step of a probation.
type PStepKind string

const (
	PStepHelper        PStepKind = "helper"         // phân công đảng viên chính thức giúp đỡ
	PStepClass         PStepKind = "class"          // lớp bồi dưỡng đảng viên mới
	PStepHelperComment PStepKind = "helper_comment" // bản nhận xét của đảng viên giúp đỡ (11-KNĐ)
	PStepSelfReview    PStepKind = "self_review"    // bản tự kiểm điểm (10-KNĐ)
	PStepComments      PStepKind = "comments"       // nhận xét của đoàn thể và chi ủy nơi cư trú (12-KNĐ)
	PStepCellVote      PStepKind = "cell_vote"      // nghị quyết chi bộ đề nghị công nhận (13-KNĐ)
	PStepCommitteeVote PStepKind = "committee_vote" // nghị quyết đảng ủy cơ sở (14-KNĐ)
	PStepDecision      PStepKind = "decision"       // quyết định công nhận (15-KNĐ) hoặc xóa tên
)

// ProbationSteps lists the steps of a probation in order.
var ProbationSteps = []StepInfo{
	{StepKind(PStepHelper), "Phân công đảng viên chính thức giúp đỡ", "Nghị quyết chi bộ", "Người giúp đỡ"},
	{StepKind(PStepClass), "Học lớp bồi dưỡng lý luận chính trị dành cho đảng viên mới", "Giấy chứng nhận", "Lớp đảng viên mới"},
	{StepKind(PStepHelperComment), "Nhận xét của đảng viên được phân công giúp đỡ", "11-KNĐ", "NX người giúp đỡ"},
	{StepKind(PStepSelfReview), "Bản tự kiểm điểm của đảng viên dự bị", "10-KNĐ", "Tự kiểm điểm"},
	{StepKind(PStepComments), "Nhận xét của đoàn thể nơi công tác và chi ủy nơi cư trú", "12-KNĐ", "NX đoàn thể"},
	{StepKind(PStepCellVote), "Chi bộ xét, biểu quyết đề nghị công nhận đảng viên chính thức", "13-KNĐ", "Chi bộ xét"},
	{StepKind(PStepCommitteeVote), "Đảng ủy cơ sở xét, biểu quyết đề nghị công nhận", "14-KNĐ", "Đảng ủy xét"},
	{StepKind(PStepDecision), "Quyết định công nhận đảng viên chính thức", "15-KNĐ", "Quyết định"},
}

// Info describes a probation step kind.
func (k PStepKind) Info() (StepInfo, bool) {
	for _, s := range ProbationSteps {
		if s.Kind == StepKind(k) {
			return s, true
		}
	}
	return StepInfo{}, false
}

// Label is the step's Vietnamese name.
func (k PStepKind) Label() string { s, _ := k.Info(); return s.Label }

// PStep is one dated step of a probation. A helper and a helper's comment
// name the helping member; a vote counts as an admission vote does; a
// decision says whether the member is recognised.
type PStep struct {
	ID        int64     `json:"id"`
	MemberID  int64     `json:"member_id"`
	Kind      PStepKind `json:"kind"`
	KindLabel string    `json:"kind_label"`
	Date      Date      `json:"date"`
	Number    string    `json:"number"`
	Note      string    `json:"note"`
	HelperID  int64     `json:"helper_id,omitempty"`
	Helper    string    `json:"helper,omitempty"`
	Agree     int       `json:"agree,omitempty"`
	Against   int       `json:"against,omitempty"`
	Eligible  int       `json:"eligible,omitempty"`
	Passed    bool      `json:"passed"` // a vote reached two thirds; a decision recognises
	Late      bool      `json:"late,omitempty"`
	CreatedAt string    `json:"created_at,omitempty"`
}

// PStepFieldKinds names, for each field of a probation step that not
// every kind uses, the kinds that use it, as StepFieldKinds does.
var PStepFieldKinds = map[string][]PStepKind{
	"helper_id": {PStepHelper, PStepHelperComment},
	"agree":     {PStepCellVote, PStepCommitteeVote}, "against": {PStepCellVote, PStepCommitteeVote},
	"eligible": {PStepCommitteeVote}, "passed": {PStepDecision},
}

// Probation is a probationary member's record as the rules read it: the
// member (admitted on AdmissionDate, the ceremony's day), the kind of their
// cell, and the steps, oldest first.
type Probation struct {
	M       Member
	OrgKind OrgKind
	Steps   []PStep
}

func (p Probation) latest(k PStepKind) *PStep {
	var out *PStep
	for i := range p.Steps {
		s := &p.Steps[i]
		if s.Kind == k && (out == nil || !s.Date.Before(out.Date)) {
			out = s
		}
	}
	return out
}

// RecognitionDeadline is the last day the cell may consider recognition:
// 30 working days after the 12 months of probation end.
func RecognitionDeadline(admitted Date, cal *Calendar) Date {
	end := ProbationEnd(admitted)
	return AddWorkingDays(end, Rules.Int("recognition.deadline_working_days", end), cal)
}

// PCheck is one probation step as it stands on a day.
type PCheck struct {
	StepInfo
	State      StepState `json:"state"`
	StateLabel string    `json:"state_label"`
	Steps      []PStep   `json:"steps"`
	Due        Date      `json:"due,omitempty"`
	Problem    string    `json:"problem,omitempty"`
}

// ProbationView is a probation as it stands on a day: when it ends, the
// cell's deadline, each step with its state, and the steps due or overdue.
type ProbationView struct {
	Admitted Date     `json:"admitted"`
	End      Date     `json:"end"`
	Deadline Date     `json:"deadline"`
	Checks   []PCheck `json:"steps"`
	Due      []string `json:"due"`
	Overdue  []string `json:"overdue"`
	Done     bool     `json:"done"` // decided: recognised or removed
}

// ProbationProgress reads a probation on day on: each step, and the steps
// due (to do now) or overdue (past their day). Helpers are assigned at
// once; the class falls due by the end of the 12 months; the comments, the
// self-review and the votes by the cell's deadline, 30 working days after.
func ProbationProgress(p Probation, on Date, cal *Calendar) ProbationView {
	v := ProbationView{Admitted: p.M.AdmissionDate, End: ProbationEnd(p.M.AdmissionDate)}
	v.Deadline = RecognitionDeadline(p.M.AdmissionDate, cal)
	decision := p.latest(PStepDecision)
	v.Done = decision != nil
	for _, info := range ProbationSteps {
		k := PStepKind(info.Kind)
		ch := PCheck{StepInfo: info, State: StateDone}
		for _, s := range p.Steps {
			if s.Kind == k {
				ch.Steps = append(ch.Steps, s)
			}
		}
		s := p.latest(k)
		// flag marks a missing step due from day from, overdue after due.
		flag := func(from, due Date, missing string) {
			ch.Due = due
			switch {
			case s != nil:
				return
			case v.Done:
				ch.State = StateNotNeeded
			case on.After(due):
				ch.State, ch.Problem = StateOverdue, fmt.Sprintf("%s (hạn %s).", missing, due)
			case !on.Before(from):
				ch.State, ch.Problem = StateDue, fmt.Sprintf("%s, hạn %s.", missing, due)
			default:
				ch.State, ch.Problem = StateWaiting, fmt.Sprintf("Hạn %s.", due)
			}
		}
		lastMonth := v.End.AddMonths(-1)
		switch k {
		case PStepHelper:
			flag(v.Admitted, v.Admitted, "Chưa phân công đảng viên chính thức giúp đỡ")
		case PStepClass:
			flag(lastMonth, v.End, "Chưa học lớp bồi dưỡng đảng viên mới")
		case PStepHelperComment:
			flag(lastMonth, v.End, "Chưa có bản nhận xét của đảng viên giúp đỡ")
		case PStepSelfReview:
			flag(lastMonth, v.End, "Chưa có bản tự kiểm điểm")
		case PStepComments:
			flag(lastMonth, v.End, "Chưa có nhận xét của đoàn thể và chi ủy nơi cư trú")
		case PStepCellVote:
			switch {
			case s != nil && !s.Passed:
				ch.State, ch.Problem = StateFailed, fmt.Sprintf("Chi bộ biểu quyết ngày %s không đạt: %d/%d tán thành.", s.Date, s.Agree, s.Eligible)
			case s != nil:
			case on.Before(v.End):
				ch.State, ch.Problem = StateWaiting, fmt.Sprintf("Xét sau khi hết 12 tháng dự bị (%s), chậm nhất %s.", v.End, v.Deadline)
			default:
				flag(v.End, v.Deadline, "Chi bộ chưa xét công nhận đảng viên chính thức")
			}
			ch.Due = v.Deadline
		case PStepCommitteeVote:
			switch {
			case !NeedsCommitteeVote(p.OrgKind):
				ch.State = StateNotNeeded
			case s != nil && !s.Passed:
				ch.State, ch.Problem = StateFailed, fmt.Sprintf("Đảng ủy cơ sở biểu quyết ngày %s không đạt: %d/%d tán thành.", s.Date, s.Agree, s.Eligible)
			case s != nil:
			case p.latest(PStepCellVote) == nil:
				ch.State = StateWaiting
			default:
				ch.State, ch.Problem = StateDue, "Đảng ủy cơ sở chưa xét đề nghị công nhận của chi bộ."
			}
		case PStepDecision:
			switch {
			case s != nil:
			case p.latest(PStepCellVote) == nil:
				ch.State = StateWaiting
			default:
				ch.State, ch.Problem = StateDue, "Chưa có quyết định công nhận của cấp ủy có thẩm quyền."
			}
		}
		ch.StateLabel = ch.State.Label()
		switch ch.State {
		case StateDue:
			v.Due = append(v.Due, ch.Problem)
		case StateOverdue:
			v.Overdue = append(v.Overdue, ch.Problem)
		}
		v.Checks = append(v.Checks, ch)
	}
	if v.Due == nil {
		v.Due = []string{}
	}
	if v.Overdue == nil {
		v.Overdue = []string{}
	}
	return v
}

// CheckPStep checks a new probation step s on day today, with the facts
// the store read: the helper named by a helper's step or comment, the
// number of official members of the cell on the day of its vote. It sets
// what follows (a vote's result, a late vote) and refuses what may not be
// recorded. A decision that recognises needs the votes that propose it.
func CheckPStep(p Probation, s *PStep, helper Introducer, officials int, today Date, cal *Calendar) error {
	bad := func(field, msg string) error {
		return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{field: msg}}
	}
	st := Step{Number: s.Number, Note: s.Note}
	if err := CheckStepText(&st); err != nil {
		return err
	}
	s.Number, s.Note = st.Number, st.Note
	info, ok := s.Kind.Info()
	if !ok {
		return bad("kind", "Bước không hợp lệ.")
	}
	s.KindLabel = info.Label
	if p.M.Status != StatusProbationary {
		return &Error{Code: CodeConflict, Message: p.M.FullName + " không phải là đảng viên dự bị (" + lower(p.M.Status.Label()) + ")."}
	}
	admitted := p.M.AdmissionDate
	end := ProbationEnd(admitted)
	switch {
	case s.Date.IsZero():
		return bad("date", "Chưa nhập ngày.")
	case s.Date.After(today):
		return bad("date", "Ngày không được sau hôm nay.")
	case s.Date.Before(admitted):
		return bad("date", fmt.Sprintf("Ngày trước ngày kết nạp (%s).", admitted))
	}
	if s.Kind != PStepHelper && s.Kind != PStepHelperComment {
		s.HelperID, s.Helper = 0, ""
	}
	if s.Kind != PStepCellVote && s.Kind != PStepCommitteeVote {
		s.Agree, s.Against, s.Eligible = 0, 0, 0
	}
	if s.Kind != PStepDecision && s.Kind != PStepCellVote && s.Kind != PStepCommitteeVote {
		s.Passed = false
	}
	s.Late = false
	switch s.Kind {
	case PStepHelper:
		if err := CheckHelper(helper, s.Date); err != nil {
			return err
		}
		s.Helper = helper.Name
	case PStepHelperComment:
		assigned := false
		for _, h := range p.Steps {
			if h.Kind == PStepHelper && h.HelperID == s.HelperID {
				assigned = true
			}
		}
		if !assigned {
			return bad("helper_id", "Chỉ đảng viên được phân công giúp đỡ mới viết bản nhận xét; phân công trước.")
		}
		s.Helper = helper.Name
	case PStepClass:
		if s.Number == "" {
			return bad("number", "Chưa nhập số giấy chứng nhận.")
		}
	case PStepCellVote:
		if s.Date.Before(end) {
			return bad("date", fmt.Sprintf("Chi bộ xét công nhận sau khi hết 12 tháng dự bị (%s).", end))
		}
		f := Fields{}
		for _, k := range []PStepKind{PStepClass, PStepHelperComment, PStepSelfReview, PStepComments} {
			if p.latest(k) == nil {
				f.Add(string(k), "Thiếu: "+lower(k.Label())+".")
			}
		}
		if len(f) > 0 {
			return &Error{Code: CodeInvalid, Message: "Chưa đủ hồ sơ để chi bộ xét công nhận: " + joinReasons(f), Fields: f}
		}
		s.Eligible = officials
		if err := CheckVote(s.Agree, s.Against, s.Eligible, "đảng viên chính thức của chi bộ"); err != nil {
			return err
		}
		s.Passed = VotePasses(s.Agree, s.Eligible, Rules.Int("recognition.vote_thirds", s.Date))
		s.Late = s.Date.After(RecognitionDeadline(admitted, cal))
	case PStepCommitteeVote:
		if !NeedsCommitteeVote(p.OrgKind) {
			return bad("kind", "Chi bộ cơ sở đề nghị thẳng lên cấp ủy cấp trên, không qua đảng ủy cơ sở.")
		}
		v := p.latest(PStepCellVote)
		if v == nil {
			return bad("kind", "Chi bộ chưa xét công nhận: đảng ủy cơ sở chưa xét được.")
		}
		if s.Date.Before(v.Date) {
			return bad("date", fmt.Sprintf("Trước ngày chi bộ xét (%s).", v.Date))
		}
		if err := CheckVote(s.Agree, s.Against, s.Eligible, "cấp ủy viên"); err != nil {
			return err
		}
		s.Passed = VotePasses(s.Agree, s.Eligible, Rules.Int("recognition.vote_thirds", s.Date))
	case PStepDecision:
		v := p.latest(PStepCellVote)
		if v == nil {
			return bad("kind", "Chi bộ chưa xét công nhận đảng viên chính thức: chưa ra quyết định được.")
		}
		last := v
		if NeedsCommitteeVote(p.OrgKind) {
			if last = p.latest(PStepCommitteeVote); last == nil {
				return bad("kind", "Đảng ủy cơ sở chưa xét đề nghị của chi bộ: chưa ra quyết định được.")
			}
		}
		if s.Date.Before(last.Date) {
			return bad("date", fmt.Sprintf("Quyết định trước ngày %s (%s).", lower(PStepKind(last.Kind).Label()), last.Date))
		}
		if s.Number == "" {
			return bad("number", "Chưa nhập số quyết định.")
		}
		if s.Passed && (!v.Passed || !last.Passed) {
			return bad("passed", "Chi bộ (hoặc đảng ủy cơ sở) không đề nghị công nhận với đủ hai phần ba tán thành: không công nhận đảng viên chính thức được.")
		}
		if !s.Passed && s.Note == "" {
			return bad("note", "Ghi lý do không công nhận (đảng viên dự bị không đủ tư cách thì xóa tên).")
		}
	}
	return nil
}

// CheckHelper says why a member may not help a probationary member: an
// official member (RULES.md: the helping members are official members).
func CheckHelper(h Introducer, on Date) error {
	bad := func(msg string) error {
		return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{"helper_id": msg}}
	}
	switch {
	case !h.Found:
		return bad("Không tìm thấy đảng viên giúp đỡ trong phạm vi quản lý.")
	case h.Status != StatusOfficial:
		return bad(fmt.Sprintf("%s không phải là đảng viên chính thức: người giúp đỡ đảng viên dự bị phải là đảng viên chính thức.", h.Name))
	case !h.Official.IsZero() && h.Official.After(on):
		return bad(fmt.Sprintf("%s chính thức từ %s, sau ngày phân công.", h.Name, h.Official))
	}
	return nil
}

// DecisionEvent is the event a probation's decision writes on the record:
// the recognition (official as of the day the 12 months end, however late
// the decision) or the removal from the probationary list.
func DecisionEvent(s PStep) Event {
	if s.Passed {
		return Event{Kind: EventRecognised, Date: s.Date, Decision: s.Number, Reason: "Công nhận đảng viên chính thức" + suffix(s.Note)}
	}
	return Event{Kind: EventRemoved, Date: s.Date, Decision: s.Number, Reason: "Không công nhận đảng viên chính thức, xóa tên trong danh sách đảng viên dự bị: " + s.Note}
}

func suffix(note string) string {
	if note == "" {
		return ""
	}
	return ": " + note
}
