package domain

import (
	"fmt"
	"sort"
	"strings"

	"dangvien/internal/viet"
)

// Admission of a promising candidate (quần chúng ưu tú) into the Party,
// from the source organisation to the ceremony (RULES.md: Admission). A
// candidate's dossier is a list of dated steps, never changed: a step given
// again (a renewed application, a second vote) replaces the earlier one of
// its kind for the rules, and both stay on record. Each rule that a step
// breaks is refused with what is missing or expired; what stands between a
// candidate and the next step is listed by CandidateProgress.

// CandidateSources are the organisations a candidate comes from.
var CandidateSources = map[string]string{
	"youth_union": "Đoàn Thanh niên Cộng sản Hồ Chí Minh", "trade_union": "Công đoàn", "women_union": "Hội Liên hiệp Phụ nữ",
	"veterans": "Hội Cựu chiến binh", "farmers": "Hội Nông dân", "front": "Mặt trận Tổ quốc", "enterprise": "Doanh nghiệp (người lao động)",
	"armed_forces": "Lực lượng vũ trang", "students": "Học sinh, sinh viên", "other": "Khác",
}

// CandidateStatus is where a candidate stands.
type CandidateStatus string

const (
	CandidateOpen      CandidateStatus = "open"      // in the pipeline
	CandidateAdmitted  CandidateStatus = "admitted"  // the ceremony was held: now a probationary member
	CandidateWithdrawn CandidateStatus = "withdrawn" // taken off the list, with a reason
)

var candidateStatusLabels = map[CandidateStatus]string{CandidateOpen: "Đang bồi dưỡng, xét kết nạp", CandidateAdmitted: "Đã kết nạp", CandidateWithdrawn: "Đã đưa ra khỏi danh sách"}

func (s CandidateStatus) Label() string { return candidateStatusLabels[s] }

// CandidateInput is what a cell records about a candidate. The personal
// fields are those of the member record: the record is made from them at
// the ceremony, without typing anything again.
type CandidateInput struct {
	MemberFields
	Source     string `json:"source"`      // a code of CandidateSources
	SourceNote string `json:"source_note"` // the unit of that organisation
	YouthUnion bool   `json:"youth_union"` // a member of the Youth Union
	// Below lower-secondary education only under the local exceptions
	// (mountainous, ethnic-minority areas): the flag and its note.
	EduException     bool   `json:"education_exception"`
	EduExceptionNote string `json:"education_exception_note"`
	// Over 60, the decision of a committee directly under the Central
	// Committee that allows it.
	Over60Decision string `json:"over_60_decision"`
}

// Candidate is a candidate of a cell and the state of their dossier.
type Candidate struct {
	ID      int64   `json:"id"`
	OrgID   int64   `json:"org_id"`
	Org     string  `json:"org_name"`
	OrgKind OrgKind `json:"org_kind"`
	OrgPath string  `json:"-"`
	CandidateInput
	Status      CandidateStatus `json:"status"`
	StatusLabel string          `json:"status_label"`
	StatusNote  string          `json:"status_note,omitempty"` // why withdrawn
	MemberID    int64           `json:"member_id,omitempty"`   // the record made at the ceremony
	CreatedAt   string          `json:"created_at,omitempty"`
}

// ValidateCandidate normalises and checks what a cell records about a
// candidate on day today: the personal fields as a member record checks
// them, without admission or official dates, a known source, and the notes
// the exceptions need.
func ValidateCandidate(in *CandidateInput, today Date) error {
	f := Fields{}
	if !in.AdmissionDate.IsZero() || !in.OfficialDate.IsZero() || !in.DecisionDate.IsZero() {
		f.Add("admission_date", "Người vào Đảng chưa có ngày vào Đảng; ngày kết nạp ghi ở lễ kết nạp.")
	}
	if in.CardNumber != "" {
		f.Add("card_number", "Người vào Đảng chưa có thẻ đảng viên.")
	}
	if err := in.MemberFields.Validate(today); err != nil {
		if e, ok := err.(*Error); ok {
			for k, v := range e.Fields {
				f.Add(k, v)
			}
		} else {
			return err
		}
	}
	in.SourceNote, in.EduExceptionNote, in.Over60Decision = cleanText(in.SourceNote), cleanText(in.EduExceptionNote), cleanText(in.Over60Decision)
	checkTexts(f, textField{"source_note", "Đơn vị giới thiệu", viet.OneLine, in.SourceNote},
		textField{"education_exception_note", "Ghi chú trường hợp đặc biệt về học vấn", viet.OneLine, in.EduExceptionNote},
		textField{"over_60_decision", "Văn bản đồng ý kết nạp người trên 60 tuổi", viet.Proper, in.Over60Decision})
	if _, ok := CandidateSources[in.Source]; !ok {
		f.Add("source", "Chọn nguồn: Đoàn Thanh niên, Công đoàn, Hội Phụ nữ, Hội Cựu chiến binh, …")
	}
	if in.EduException && in.EduExceptionNote == "" {
		f.Add("education_exception_note", "Ghi rõ căn cứ (vùng cao, vùng đồng bào dân tộc thiểu số, …) của trường hợp đặc biệt về học vấn.")
	}
	for k, v := range map[string]string{"source_note": in.SourceNote, "education_exception_note": in.EduExceptionNote, "over_60_decision": in.Over60Decision} {
		if len([]rune(v)) > 255 {
			f.Add(k, "Tối đa 255 ký tự.")
		}
	}
	return f.Err()
}

// StepKind is one step of an admission dossier.
type StepKind string

const (
	StepAwareness       StepKind = "awareness"          // giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng
	StepApplication     StepKind = "application"        // đơn xin vào Đảng (1-KNĐ)
	StepHistory         StepKind = "history"            // lý lịch người xin vào Đảng (2-KNĐ)
	StepIntroduction    StepKind = "introduction"       // giấy giới thiệu người vào Đảng (3-KNĐ)
	StepUnionResolution StepKind = "union_resolution"   // nghị quyết giới thiệu đoàn viên ưu tú (4-KNĐ)
	StepBackground      StepKind = "background"         // kết luận thẩm tra lý lịch
	StepUnionComments   StepKind = "union_comments"     // nhận xét của đoàn thể nơi công tác (6-KNĐ)
	StepResidence       StepKind = "residence_comments" // nhận xét của chi ủy nơi cư trú (6-KNĐ)
	StepCellVote        StepKind = "cell_vote"          // nghị quyết chi bộ đề nghị kết nạp (7-KNĐ)
	StepCommitteeVote   StepKind = "committee_vote"     // nghị quyết đảng ủy cơ sở (8-KNĐ)
	StepDecision        StepKind = "decision"           // quyết định kết nạp (9-KNĐ)
	StepCeremony        StepKind = "ceremony"           // lễ kết nạp
)

// StepInfo describes a step: its label, the form it is written on, and
// whether it is a document valid for a time.
type StepInfo struct {
	Kind  StepKind `json:"kind"`
	Label string   `json:"label"`
	Form  string   `json:"form,omitempty"`
	Short string   `json:"short"` // a table's column
}

// CandidateSteps lists the steps in the order of the dossier.
var CandidateSteps = []StepInfo{
	{StepAwareness, "Học lớp bồi dưỡng nhận thức về Đảng", "Giấy chứng nhận", "Lớp nhận thức"},
	{StepApplication, "Đơn xin vào Đảng", "1-KNĐ", "Đơn"},
	{StepHistory, "Lý lịch người xin vào Đảng", "2-KNĐ", "Lý lịch"},
	{StepIntroduction, "Giấy giới thiệu của đảng viên chính thức", "3-KNĐ", "Giới thiệu"},
	{StepUnionResolution, "Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng", "4-KNĐ", "NQ của Đoàn"},
	{StepBackground, "Thẩm tra lý lịch", "Kết luận thẩm tra", "Thẩm tra"},
	{StepUnionComments, "Nhận xét của đoàn thể chính trị - xã hội nơi công tác", "6-KNĐ", "NX đoàn thể"},
	{StepResidence, "Nhận xét của chi ủy nơi cư trú", "6-KNĐ", "NX nơi cư trú"},
	{StepCellVote, "Chi bộ xét, biểu quyết đề nghị kết nạp", "7-KNĐ", "Chi bộ xét"},
	{StepCommitteeVote, "Đảng ủy cơ sở xét, biểu quyết đề nghị kết nạp", "8-KNĐ", "Đảng ủy xét"},
	{StepDecision, "Quyết định kết nạp của cấp ủy có thẩm quyền", "9-KNĐ", "Quyết định"},
	{StepCeremony, "Lễ kết nạp", "", "Lễ kết nạp"},
}

// Info returns the description of a step kind.
func (k StepKind) Info() (StepInfo, bool) {
	for _, s := range CandidateSteps {
		if s.Kind == k {
			return s, true
		}
	}
	return StepInfo{}, false
}

// Label is the step's Vietnamese name.
func (k StepKind) Label() string { s, _ := k.Info(); return s.Label }

// Step is one dated step of a dossier. Which fields it uses depends on its
// kind: an introduction names its introducer and since when they have
// worked or lived with the candidate; a vote counts who agreed, who did
// not and how many had the right to vote; a decision when the cell
// received it; a background check whether it passed.
type Step struct {
	ID           int64    `json:"id"`
	CandidateID  int64    `json:"candidate_id"`
	Kind         StepKind `json:"kind"`
	KindLabel    string   `json:"kind_label"`
	Date         Date     `json:"date"`
	Number       string   `json:"number"` // document or decision number
	Note         string   `json:"note"`
	IntroducerID int64    `json:"introducer_id,omitempty"`
	Introducer   string   `json:"introducer,omitempty"` // the introducer's name, as read
	KnownSince   Date     `json:"known_since,omitempty"`
	Agree        int      `json:"agree,omitempty"`
	Against      int      `json:"against,omitempty"`
	Eligible     int      `json:"eligible,omitempty"` // official members of the cell, members of the committee
	Passed       bool     `json:"passed"`             // a vote reached its threshold; a background check found nothing against
	Received     Date     `json:"received,omitempty"` // the day the cell received the decision
	Late         bool     `json:"late,omitempty"`     // a ceremony past its deadline, with the reason in Note
	CreatedAt    string   `json:"created_at,omitempty"`
}

// StepFieldKinds names, for each field of a step that not every kind
// uses, the kinds that use it; CheckStep keeps it for those only, and the
// step form shows it for those only.
var StepFieldKinds = map[string][]StepKind{
	"introducer_id": {StepIntroduction}, "known_since": {StepIntroduction},
	"agree": {StepCellVote, StepCommitteeVote}, "against": {StepCellVote, StepCommitteeVote},
	"eligible": {StepCommitteeVote}, // a cell's are counted from its records
	"received": {StepDecision}, "passed": {StepBackground},
}

// CheckStepText normalises and checks the texts a user typed in a step.
func CheckStepText(s *Step) error {
	s.Number, s.Note = cleanText(s.Number), viet.Clean(s.Note)
	f := Fields{}
	checkTexts(f, textField{"number", "Số văn bản", viet.Proper, s.Number}, textField{"note", "Ghi chú", viet.FreeText, s.Note})
	if len([]rune(s.Number)) > 64 {
		f.Add("number", "Số văn bản tối đa 64 ký tự.")
	}
	if len([]rune(s.Note)) > 2000 {
		f.Add("note", "Ghi chú tối đa 2.000 ký tự.")
	}
	return f.Err()
}

// Introducer is what the rules need to know of a member who introduces a
// candidate, read from the member's record.
type Introducer struct {
	Found    bool
	Name     string
	Status   Status
	Official Date
}

// Months between two counts of years, for the rules given in years.
func yearsInMonths(rule string, d Date) int { return 12 * Rules.Int(rule, d) }

// AgeMonths is the age in whole months on day on of someone born on birth.
func AgeMonths(birth, on Date) int { return MonthsBetween(birth, on) }

// CheckAdmissionAge says why someone born on birth may not be admitted
// when the cell considers them on day on: from 18 to 60 years inclusive,
// counted in whole months (216 to 720 months), over 60 only by a decision
// of a committee directly under the Central Committee ("" when allowed).
func CheckAdmissionAge(birth, on Date, over60Decision string) string {
	months := AgeMonths(birth, on)
	minM, maxM := yearsInMonths("admission.min_age", on), yearsInMonths("admission.max_age", on)
	switch {
	case months < minM:
		return fmt.Sprintf("Chưa đủ %d tuổi (%d tháng) vào ngày %s: mới %s; đủ tuổi từ %s.", minM/12, minM, on, ageText(months), birth.AddMonths(minM))
	case months > maxM && over60Decision == "":
		return fmt.Sprintf("Quá %d tuổi (%d tháng) vào ngày %s: đã %s; trên %d tuổi cần quyết định đồng ý của cấp ủy trực thuộc Trung ương.", maxM/12, maxM, on, ageText(months), maxM/12)
	}
	return ""
}

func ageText(months int) string {
	if months%12 == 0 {
		return fmt.Sprintf("%d tuổi", months/12)
	}
	return fmt.Sprintf("%d tuổi %d tháng", months/12, months%12)
}

// CheckAdmissionEducation says why the candidate's education falls short:
// lower-secondary (THCS) or higher, lower only under the local exceptions
// with a note.
func CheckAdmissionEducation(in CandidateInput) string {
	switch {
	case in.Education == "thcs" || in.Education == "thpt":
		return ""
	case in.EduException:
		return ""
	case in.Education == "":
		return "Chưa ghi trình độ giáo dục phổ thông (cần tốt nghiệp trung học cơ sở trở lên)."
	}
	return "Trình độ " + strings.ToLower(EducationLevels[in.Education]) + ": cần tốt nghiệp trung học cơ sở trở lên, trừ trường hợp đặc biệt theo quy định của địa phương (đánh dấu và ghi rõ căn cứ)."
}

// CheckIntroducer says why a member may not introduce a candidate on day
// on (an introduction dated on): an official member for at least 12 months
// who has worked or lived with the candidate for at least 12 months.
func CheckIntroducer(in Introducer, on, knownSince Date) error {
	bad := func(field, msg string) error {
		return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{field: msg}}
	}
	if !in.Found {
		return bad("introducer_id", "Không tìm thấy đảng viên giới thiệu trong phạm vi quản lý.")
	}
	offM, knownM := Rules.Int("admission.introducer_official_months", on), Rules.Int("admission.introducer_known_months", on)
	switch {
	case in.Status == StatusProbationary:
		return bad("introducer_id", fmt.Sprintf("%s là đảng viên dự bị: người giới thiệu phải là đảng viên chính thức ít nhất %d tháng.", in.Name, offM))
	case in.Status != StatusOfficial:
		return bad("introducer_id", fmt.Sprintf("%s không còn là đảng viên chính thức (%s).", in.Name, lower(in.Status.Label())))
	case in.Official.IsZero():
		return bad("introducer_id", fmt.Sprintf("Hồ sơ của %s chưa có ngày chính thức.", in.Name))
	case in.Official.AddMonths(offM).After(on):
		return bad("introducer_id", fmt.Sprintf("%s là đảng viên chính thức từ %s, đến ngày giới thiệu %s chưa đủ %d tháng (đủ từ %s).", in.Name, in.Official, on, offM, in.Official.AddMonths(offM)))
	case knownSince.IsZero():
		return bad("known_since", "Chưa ghi từ ngày nào người giới thiệu cùng công tác, sinh hoạt với người vào Đảng.")
	case knownSince.AddMonths(knownM).After(on):
		return bad("known_since", fmt.Sprintf("%s cùng công tác, sinh hoạt với người vào Đảng từ %s, đến ngày giới thiệu %s chưa đủ %d tháng.", in.Name, knownSince, on, knownM))
	}
	return nil
}

// VotePasses tells whether agree of eligible voters reach thirds/3 of them.
func VotePasses(agree, eligible, thirds int) bool { return eligible > 0 && 3*agree >= thirds*eligible }

// VoteNeeded is the least number of votes that reach thirds/3 of eligible.
func VoteNeeded(eligible, thirds int) int { return (thirds*eligible + 2) / 3 }

// CheckVote checks the counts of a vote: who agreed and who did not are
// not more than those who had the right to vote, and someone had it.
// whom names the voters: "đảng viên chính thức của chi bộ".
func CheckVote(agree, against, eligible int, whom string) error {
	f := Fields{}
	switch {
	case eligible <= 0:
		f.Add("eligible", "Không có "+whom+" để biểu quyết.")
	case agree < 0 || against < 0:
		f.Add("agree", "Số phiếu không được âm.")
	case agree > eligible:
		f.Add("agree", fmt.Sprintf("%d người tán thành, nhiều hơn số %s (%d).", agree, whom, eligible))
	case agree+against > eligible:
		f.Add("against", fmt.Sprintf("%d tán thành và %d không tán thành, nhiều hơn số %s (%d).", agree, against, whom, eligible))
	}
	if len(f) > 0 {
		for _, v := range f {
			return &Error{Code: CodeInvalid, Message: "Số phiếu biểu quyết không hợp lệ: " + v, Fields: f}
		}
	}
	return nil
}

// Dossier is a candidate with their steps, oldest first, as the rules read
// them: the latest step of each kind stands, an introduction per
// introducer.
type Dossier struct {
	C     Candidate
	Steps []Step
}

// latest returns the latest step of kind k, or nil.
func (d Dossier) latest(k StepKind) *Step {
	var out *Step
	for i := range d.Steps {
		s := &d.Steps[i]
		if s.Kind == k && (out == nil || !s.Date.Before(out.Date)) {
			out = s
		}
	}
	return out
}

// introductions returns the latest introduction of each introducer, in
// date order.
func (d Dossier) introductions() []*Step {
	by := map[int64]*Step{}
	for i := range d.Steps {
		s := &d.Steps[i]
		if s.Kind == StepIntroduction && (by[s.IntroducerID] == nil || !s.Date.Before(by[s.IntroducerID].Date)) {
			by[s.IntroducerID] = s
		}
	}
	out := make([]*Step, 0, len(by))
	for _, s := range by {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// NeedsCommitteeVote tells whether a candidate of a cell of kind k needs the
// grassroots committee's vote: a cell under a grassroots committee does; a
// grassroots cell proposes straight to the committee above.
func NeedsCommitteeVote(k OrgKind) bool { return k == KindCell }

// validUntil is the last day a document dated d is valid, by rule: a term
// in months leaves out the day it starts from and ends with the same day of
// its last month (Bộ luật Dân sự 2015, Điều 147–148).
func validUntil(d Date, rule string) Date {
	return d.AddMonths(Rules.Int(rule, d))
}

// docRule is the validity rule of a step kind ("" when it does not expire).
func docRule(k StepKind) string {
	switch k {
	case StepAwareness:
		return "admission.awareness_valid_months"
	case StepApplication, StepHistory, StepIntroduction, StepUnionResolution, StepUnionComments, StepResidence:
		return "admission.documents_valid_months"
	}
	return ""
}

// StepState is what a step of a dossier is now.
type StepState string

const (
	StateDone      StepState = "done"
	StateMissing   StepState = "missing"
	StateExpired   StepState = "expired"
	StateFailed    StepState = "failed"
	StateWaiting   StepState = "waiting"    // cannot come yet
	StateNotNeeded StepState = "not_needed" // not for this candidate
	StateDue       StepState = "due"        // may and should come now
	StateOverdue   StepState = "overdue"    // past its deadline
)

var stepStateLabels = map[StepState]string{StateDone: "Đã có", StateMissing: "Còn thiếu", StateExpired: "Hết hạn", StateFailed: "Không đạt",
	StateWaiting: "Chưa đến bước này", StateNotNeeded: "Không cần", StateDue: "Đến hạn", StateOverdue: "Quá hạn"}

func (s StepState) Label() string { return stepStateLabels[s] }

// StepCheck is one step of a dossier as it stands on a day: its state,
// the step that stands (nil when none), until when it is valid, and what
// is wrong with it.
type StepCheck struct {
	StepInfo
	State      StepState `json:"state"`
	StateLabel string    `json:"state_label"`
	Steps      []Step    `json:"steps"` // the steps that stand: one, or an introduction per introducer
	ValidUntil Date      `json:"valid_until,omitempty"`
	Due        Date      `json:"due,omitempty"` // a deadline (the ceremony's)
	Problem    string    `json:"problem,omitempty"`
}

// StallReason is a kind of reason a candidate does not move on, for the
// report of why candidates stall.
type StallReason string

const (
	StallAge        StallReason = "age"
	StallEducation  StallReason = "education"
	StallBackground StallReason = "background"
	StallExpired    StallReason = "expired"
	StallVote       StallReason = "vote"
	StallCeremony   StallReason = "ceremony_overdue"
)

// StallReasons lists the reasons in report order, with their labels.
var StallReasons = []struct {
	Reason StallReason
	Label  string
}{
	{StallAge, "Tuổi đời chưa đủ hoặc quá tuổi"},
	{StallEducation, "Trình độ học vấn chưa đạt"},
	{StallBackground, "Lý lịch: thẩm tra không đạt"},
	{StallExpired, "Giấy tờ hết hạn"},
	{StallVote, "Biểu quyết không đạt"},
	{StallCeremony, "Quá hạn tổ chức lễ kết nạp"},
}

// Progress is a dossier as it stands on a day: each step, the first step
// still to come (Stage), everything that stops the candidate now, and the
// reasons it stalls, for the reports.
type Progress struct {
	Checks   []StepCheck   `json:"steps"`
	Stage    StepKind      `json:"stage"`
	StageLbl string        `json:"stage_label"`
	Problems []string      `json:"problems"`
	Stalls   []StallReason `json:"stalls"`
	// ValidUntil is the first day a document of the dossier runs out, for
	// the committee's list: the decision must come before it.
	ValidUntil Date `json:"valid_until,omitempty"`
	// CeremonyDue is the last day of the ceremony, once the decision is in.
	CeremonyDue Date `json:"ceremony_due,omitempty"`
}

// Ready tells whether every step up to (not including) stage k stands.
func (p Progress) readyFor(k StepKind) bool {
	for _, c := range p.Checks {
		if c.Kind == k {
			return true
		}
		if c.State != StateDone && c.State != StateNotNeeded {
			return false
		}
	}
	return true
}

// CandidateProgress reads a dossier on day on: what each step is, which
// comes next, and what stops the candidate. Documents must be valid on day
// on until the decision comes, and on the decision's day after it (a
// dossier that runs out before the decision is made again); the
// candidate's age (and whether they are a Youth Union member under 30) is
// taken on the day of the cell's vote once it passed, on day on before;
// the ceremony's deadline counts working days on cal.
func CandidateProgress(d Dossier, on Date, cal *Calendar) Progress {
	return progress(d, on, Date{}, Date{}, cal)
}

// progress is CandidateProgress with the days a step being checked sets:
// a vote judges the documents and the age on its own day, a decision the
// documents on its day.
func progress(d Dossier, on, judge, ageDay Date, cal *Calendar) Progress {
	c := d.C
	p := Progress{}
	vote, decision, ceremony := d.latest(StepCellVote), d.latest(StepDecision), d.latest(StepCeremony)
	if judge.IsZero() {
		judge = on
		if decision != nil {
			judge = decision.Date
		}
	}
	if ageDay.IsZero() {
		ageDay = on
		if vote != nil && vote.Passed {
			ageDay = vote.Date
		}
	}
	stalls := map[StallReason]bool{}
	problem := func(ch *StepCheck, state StepState, msg string) {
		ch.State, ch.Problem = state, msg
	}
	needUnion := c.YouthUnion && AgeOn(c.BirthDate, ageDay) < Rules.Int("admission.youth_union_max_age", ageDay)
	for _, info := range CandidateSteps {
		ch := StepCheck{StepInfo: info, State: StateDone}
		s := d.latest(info.Kind)
		if s != nil {
			ch.Steps = []Step{*s}
		}
		switch info.Kind {
		case StepIntroduction:
			ch.Steps = nil
			valid := 0
			for _, in := range d.introductions() {
				ch.Steps = append(ch.Steps, *in)
				if until := validUntil(in.Date, docRule(StepIntroduction)); !until.Before(judge) {
					valid++
					if ch.ValidUntil.IsZero() || until.Before(ch.ValidUntil) {
						ch.ValidUntil = until
					}
				}
			}
			need := 2
			if needUnion {
				need = 1
			}
			switch {
			case valid >= need:
			case len(ch.Steps) > valid && valid < need:
				problem(&ch, StateExpired, fmt.Sprintf("Có %d giấy giới thiệu còn hạn, cần %d: giấy giới thiệu có giá trị %d tháng.", valid, need, Rules.Int("admission.documents_valid_months", judge)))
				stalls[StallExpired] = true
			default:
				msg := fmt.Sprintf("Cần %d đảng viên chính thức giới thiệu, mới có %d.", need, valid)
				if needUnion {
					msg = "Cần 1 đảng viên chính thức giới thiệu cùng nghị quyết giới thiệu của Đoàn."
				}
				problem(&ch, StateMissing, msg)
			}
		case StepUnionResolution:
			if !needUnion {
				ch.State = StateNotNeeded
				break
			}
			checkDoc(&ch, s, judge, stalls)
		case StepBackground:
			switch {
			case s == nil:
				problem(&ch, StateMissing, "Chưa có kết luận thẩm tra lý lịch.")
			case !s.Passed:
				problem(&ch, StateFailed, "Thẩm tra lý lịch ngày "+s.Date.String()+" có vấn đề chưa rõ hoặc không đạt"+noteOf(s)+".")
				stalls[StallBackground] = true
			}
		case StepCellVote:
			switch {
			case s == nil:
				problem(&ch, StateMissing, "Chi bộ chưa xét, biểu quyết đề nghị kết nạp.")
			case !s.Passed:
				problem(&ch, StateFailed, fmt.Sprintf("Chi bộ biểu quyết ngày %s không đạt: %d/%d đảng viên chính thức tán thành, cần ít nhất %d.", s.Date, s.Agree, s.Eligible, VoteNeeded(s.Eligible, Rules.Int("admission.cell_vote_thirds", s.Date))))
				stalls[StallVote] = true
			}
		case StepCommitteeVote:
			switch {
			case !NeedsCommitteeVote(c.OrgKind):
				ch.State = StateNotNeeded
			case s == nil:
				problem(&ch, StateMissing, "Đảng ủy cơ sở chưa xét, biểu quyết đề nghị kết nạp.")
			case !s.Passed:
				problem(&ch, StateFailed, fmt.Sprintf("Đảng ủy cơ sở biểu quyết ngày %s không đạt: %d/%d cấp ủy viên tán thành, cần ít nhất %d.", s.Date, s.Agree, s.Eligible, VoteNeeded(s.Eligible, Rules.Int("admission.committee_vote_thirds", s.Date))))
				stalls[StallVote] = true
			}
		case StepDecision:
			if s == nil {
				problem(&ch, StateMissing, "Chưa có quyết định kết nạp.")
			}
		case StepCeremony:
			if decision != nil {
				p.CeremonyDue = CeremonyDeadline(*decision, cal)
				ch.Due = p.CeremonyDue
			}
			switch {
			case s != nil:
			case decision == nil:
				problem(&ch, StateWaiting, "Tổ chức sau khi có quyết định kết nạp.")
			case on.After(p.CeremonyDue):
				problem(&ch, StateOverdue, fmt.Sprintf("Quá hạn tổ chức lễ kết nạp (hạn %s, %d ngày làm việc kể từ ngày nhận quyết định %s).", p.CeremonyDue, Rules.Int("admission.ceremony_working_days", decision.Received), decision.Received))
				stalls[StallCeremony] = true
			default:
				problem(&ch, StateDue, fmt.Sprintf("Tổ chức lễ kết nạp chậm nhất ngày %s.", p.CeremonyDue))
			}
		default: // a document
			checkDoc(&ch, s, judge, stalls)
		}
		if ch.State == StateDone && !ch.ValidUntil.IsZero() && (p.ValidUntil.IsZero() || ch.ValidUntil.Before(p.ValidUntil)) {
			p.ValidUntil = ch.ValidUntil
		}
		ch.StateLabel = ch.State.Label()
		p.Checks = append(p.Checks, ch)
	}
	// Who the candidate is: age and education, until the cell votes.
	if ceremony == nil && (vote == nil || !vote.Passed) {
		if why := CheckAdmissionAge(c.BirthDate, ageDay, c.Over60Decision); why != "" {
			p.Problems = append(p.Problems, why)
			stalls[StallAge] = true
		}
		if why := CheckAdmissionEducation(c.CandidateInput); why != "" {
			p.Problems = append(p.Problems, why)
			stalls[StallEducation] = true
		}
	}
	// The stage is the first step not done, taking a failed vote as the step
	// to come again; a committee vote that is not needed is skipped.
	p.Stage = StepCeremony
	for _, ch := range p.Checks {
		if ch.State != StateDone && ch.State != StateNotNeeded {
			p.Stage = ch.Kind
			break
		}
	}
	if ceremony != nil {
		p.Stage = ""
	}
	p.StageLbl = p.Stage.Label()
	if ceremony != nil {
		p.StageLbl = "Đã kết nạp"
	}
	for _, ch := range p.Checks {
		if ch.Problem != "" && ch.State != StateWaiting && ch.State != StateDue {
			p.Problems = append(p.Problems, ch.Label+": "+ch.Problem)
		}
	}
	for _, r := range StallReasons {
		if stalls[r.Reason] && c.Status == CandidateOpen {
			p.Stalls = append(p.Stalls, r.Reason)
		}
	}
	if p.Problems == nil {
		p.Problems = []string{}
	}
	if p.Stalls == nil {
		p.Stalls = []StallReason{}
	}
	return p
}

func noteOf(s *Step) string {
	if s.Note == "" {
		return ""
	}
	return " (" + s.Note + ")"
}

// checkDoc judges a document step on day judge: there, and not past its
// validity.
func checkDoc(ch *StepCheck, s *Step, judge Date, stalls map[StallReason]bool) {
	if s == nil {
		ch.State, ch.Problem = StateMissing, "Chưa có."
		return
	}
	rule := docRule(ch.Kind)
	if rule == "" {
		return
	}
	ch.ValidUntil = validUntil(s.Date, rule)
	if ch.ValidUntil.Before(judge) {
		ch.State = StateExpired
		ch.Problem = fmt.Sprintf("Văn bản ngày %s hết hạn từ %s (có giá trị %d tháng); cần làm lại.", s.Date, ch.ValidUntil.AddDays(1), Rules.Int(rule, s.Date))
		stalls[StallExpired] = true
	}
}

// CeremonyDeadline is the last day of the ceremony: 30 working days after
// the cell received the decision (the decision's date when not given).
func CeremonyDeadline(decision Step, cal *Calendar) Date {
	from := decision.Received
	if from.IsZero() {
		from = decision.Date
	}
	return AddWorkingDays(from, Rules.Int("admission.ceremony_working_days", from), cal)
}

// CheckStep checks a new step s of dossier d on day today, with the facts
// the store read for it: the introducer of an introduction, the number of
// official members of the cell on the day of a cell's vote. It sets what
// follows from the rules (a vote's result, a decision's received day, a late
// ceremony) and refuses, with what is missing or expired, a step that may
// not be recorded.
func CheckStep(d Dossier, s *Step, intro Introducer, officials int, today Date, cal *Calendar) error {
	c := d.C
	if err := CheckStepText(s); err != nil {
		return err
	}
	bad := func(field, msg string) error {
		return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{field: msg}}
	}
	info, ok := s.Kind.Info()
	if !ok {
		return bad("kind", "Bước không hợp lệ.")
	}
	s.KindLabel = info.Label
	switch c.Status {
	case CandidateAdmitted:
		return &Error{Code: CodeConflict, Message: c.FullName + " đã được kết nạp; các bước tiếp theo ghi ở hồ sơ đảng viên dự bị."}
	case CandidateWithdrawn:
		return &Error{Code: CodeConflict, Message: c.FullName + " đã được đưa ra khỏi danh sách người vào Đảng."}
	}
	switch {
	case s.Date.IsZero():
		return bad("date", "Chưa nhập ngày.")
	case s.Date.After(today):
		return bad("date", "Ngày không được sau hôm nay.")
	case !c.BirthDate.IsZero() && s.Date.Before(c.BirthDate):
		return bad("date", "Ngày trước ngày sinh của người vào Đảng.")
	}
	// Only what the kind uses is kept.
	if s.Kind != StepIntroduction {
		s.IntroducerID, s.Introducer, s.KnownSince = 0, "", Date{}
	}
	if s.Kind != StepCellVote && s.Kind != StepCommitteeVote {
		s.Agree, s.Against, s.Eligible = 0, 0, 0
	}
	if s.Kind != StepDecision {
		s.Received = Date{}
	}
	if s.Kind != StepBackground && s.Kind != StepCellVote && s.Kind != StepCommitteeVote {
		s.Passed = false
	}
	s.Late = false
	// A vote judges the dossier and the age on its day; a decision the
	// documents on its day, the age as the vote found it.
	ageDay := Date{}
	if s.Kind == StepCellVote {
		ageDay = s.Date
	}
	p := progress(d, s.Date, s.Date, ageDay, cal)
	after := func(k StepKind, what string) (*Step, error) {
		prev := d.latest(k)
		if prev == nil || ((k == StepCellVote || k == StepCommitteeVote) && !prev.Passed) {
			return nil, bad("kind", what)
		}
		if s.Date.Before(prev.Date) {
			return nil, bad("date", fmt.Sprintf("Ngày %s trước ngày %s (%s ngày %s).", s.Date, lower(k.Label()), lower(k.Label()), prev.Date))
		}
		return prev, nil
	}
	switch s.Kind {
	case StepIntroduction:
		if err := CheckIntroducer(intro, s.Date, s.KnownSince); err != nil {
			return err
		}
		s.Introducer = intro.Name
	case StepUnionResolution:
		if !c.YouthUnion {
			return bad("kind", "Người vào Đảng không phải đoàn viên: không có nghị quyết giới thiệu của Đoàn.")
		}
		if s.Number == "" {
			return bad("number", "Chưa nhập số nghị quyết của Đoàn.")
		}
	case StepBackground, StepAwareness:
		if s.Kind == StepAwareness && s.Number == "" {
			return bad("number", "Chưa nhập số giấy chứng nhận.")
		}
	case StepCellVote:
		s.Eligible = officials
		if err := CheckVote(s.Agree, s.Against, s.Eligible, "đảng viên chính thức của chi bộ"); err != nil {
			return err
		}
		// Every document stands, and the candidate's age and education,
		// on the day the cell considers them.
		f := Fields{}
		for _, ch := range p.Checks {
			if ch.Kind == StepCellVote {
				break
			}
			if ch.State != StateDone && ch.State != StateNotNeeded {
				f.Add(string(ch.Kind), ch.Label+": "+ch.Problem)
			}
		}
		if why := CheckAdmissionAge(c.BirthDate, s.Date, c.Over60Decision); why != "" {
			f.Add("birth_date", why)
		}
		if why := CheckAdmissionEducation(c.CandidateInput); why != "" {
			f.Add("education", why)
		}
		if len(f) > 0 {
			return &Error{Code: CodeInvalid, Message: "Chưa đủ điều kiện để chi bộ xét kết nạp ngày " + s.Date.String() + ": " + joinReasons(f), Fields: f}
		}
		s.Passed = VotePasses(s.Agree, s.Eligible, Rules.Int("admission.cell_vote_thirds", s.Date))
	case StepCommitteeVote:
		if !NeedsCommitteeVote(c.OrgKind) {
			return bad("kind", c.Org+" là chi bộ cơ sở: đề nghị thẳng lên cấp ủy cấp trên, không qua đảng ủy cơ sở.")
		}
		if _, err := after(StepCellVote, "Chi bộ chưa biểu quyết đề nghị kết nạp (đạt hai phần ba): đảng ủy cơ sở chưa xét được."); err != nil {
			return err
		}
		if err := CheckVote(s.Agree, s.Against, s.Eligible, "cấp ủy viên"); err != nil {
			return err
		}
		s.Passed = VotePasses(s.Agree, s.Eligible, Rules.Int("admission.committee_vote_thirds", s.Date))
	case StepDecision:
		k, what := StepCellVote, "Chi bộ chưa biểu quyết đề nghị kết nạp (đạt hai phần ba): chưa ra quyết định được."
		if NeedsCommitteeVote(c.OrgKind) {
			k, what = StepCommitteeVote, "Đảng ủy cơ sở chưa biểu quyết đề nghị kết nạp (đạt hai phần ba): chưa ra quyết định được."
		}
		if _, err := after(k, what); err != nil {
			return err
		}
		if s.Number == "" {
			return bad("number", "Chưa nhập số quyết định kết nạp.")
		}
		if s.Received.IsZero() {
			s.Received = s.Date
		}
		switch {
		case s.Received.Before(s.Date):
			return bad("received", "Ngày nhận quyết định trước ngày quyết định.")
		case s.Received.After(today):
			return bad("received", "Ngày nhận quyết định không được sau hôm nay.")
		}
		// The documents are still valid on the day of the decision.
		f := Fields{}
		for _, ch := range p.Checks {
			if ch.Kind == StepCellVote {
				break
			}
			if ch.State == StateExpired {
				f.Add(string(ch.Kind), ch.Label+": "+ch.Problem)
			}
		}
		if len(f) > 0 {
			return &Error{Code: CodeInvalid, Message: "Hồ sơ đã hết hạn trước ngày quyết định " + s.Date.String() + ": " + joinReasons(f), Fields: f}
		}
	case StepCeremony:
		dec := d.latest(StepDecision)
		if dec == nil {
			return bad("kind", "Chưa có quyết định kết nạp: chưa tổ chức lễ kết nạp được.")
		}
		if s.Date.Before(dec.Date) {
			return bad("date", fmt.Sprintf("Lễ kết nạp ngày %s trước ngày quyết định kết nạp (%s).", s.Date, dec.Date))
		}
		if s.Date.Before(dec.Received) {
			return bad("date", fmt.Sprintf("Lễ kết nạp ngày %s trước ngày chi bộ nhận quyết định (%s).", s.Date, dec.Received))
		}
		if due := CeremonyDeadline(*dec, cal); s.Date.After(due) {
			if s.Note == "" {
				return bad("note", fmt.Sprintf("Lễ kết nạp quá %d ngày làm việc kể từ ngày nhận quyết định (hạn %s): ghi lý do chậm để báo cáo cấp ủy có thẩm quyền.", Rules.Int("admission.ceremony_working_days", dec.Received), due))
			}
			s.Late = true
		}
	}
	return nil
}

// joinReasons writes the reasons of f in a stable order.
func joinReasons(f Fields) string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	order := map[string]int{}
	for i, s := range CandidateSteps {
		order[string(s.Kind)] = i
	}
	sort.Slice(keys, func(i, j int) bool {
		oi, iok := order[keys[i]]
		oj, jok := order[keys[j]]
		if iok != jok {
			return !iok
		}
		if oi != oj {
			return oi < oj
		}
		return keys[i] < keys[j]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = f[k]
	}
	return strings.Join(parts, " ")
}

// AdmittedRecord is the member record a candidate becomes at the ceremony:
// their personal fields with the admission's two dates (RULES.md, Probation
// and recognition), the decision's (party age, badges) and the ceremony's
// (the start of probation), under the decision's number.
func AdmittedRecord(d Dossier, ceremony Step) (MemberFields, Event) {
	f := d.C.MemberFields
	f.DecisionDate, f.AdmissionDate, f.OfficialDate, f.CardNumber, f.DecisionCopied = Date{}, ceremony.Date, Date{}, "", false
	e := Event{Kind: EventAdmitted, Date: ceremony.Date}
	if dec := d.latest(StepDecision); dec != nil {
		f.DecisionDate, e.Decided, e.Decision = dec.Date, dec.Date, dec.Number
		e.Reason = fmt.Sprintf("Kết nạp theo quyết định số %s ngày %s (chi bộ nhận ngày %s); lễ kết nạp ngày %s.", dec.Number, dec.Date, dec.Received, ceremony.Date)
		if ceremony.Late {
			e.Reason += " Tổ chức chậm: " + ceremony.Note
		}
	}
	return f, e
}

// DecisionOf returns the admission decision of a dossier, or nil.
func (d Dossier) DecisionOf() *Step { return d.latest(StepDecision) }

// Latest returns the latest step of kind k, or nil.
func (d Dossier) Latest(k StepKind) *Step { return d.latest(k) }
