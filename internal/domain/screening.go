package domain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"dangvien/internal/viet"
)

// The Directive 28 screening (rà soát, sàng lọc đảng viên, Chỉ thị
// 28-CT/TW): the grounds for removal from the roll (RULES.md, Removal) a
// report looks for, each with its evidence; the cell proposes a removal,
// the competent committee decides it.

// removalText is the text the grounds for removal come from.
const removalText = "Điều lệ Đảng, Điều 8; Quy định 294-QĐ/TW (trước đó 24-QĐ/TW)"

// GroundKind is a ground for removal.
type GroundKind string

const (
	GroundAbsentUnpaid GroundKind = "absent_unpaid"  // bỏ sinh hoạt hoặc không đóng đảng phí 3 tháng trong năm
	GroundNotDone      GroundKind = "not_done_years" // không hoàn thành nhiệm vụ 2 năm liền
	GroundProbation    GroundKind = "probation"      // dự bị hết hạn chưa được công nhận chính thức
	GroundEducation    GroundKind = "no_improvement" // giáo dục 12 tháng không tiến bộ
	GroundCard         GroundKind = "card"           // tự ý trả thẻ hoặc hủy thẻ đảng viên
	GroundPolitical    GroundKind = "political"      // không bảo đảm tiêu chuẩn chính trị
)

// GroundKinds in the order a report lists them.
var GroundKinds = []GroundKind{GroundAbsentUnpaid, GroundNotDone, GroundProbation, GroundEducation, GroundCard, GroundPolitical}

var groundLabels = map[GroundKind]string{
	GroundAbsentUnpaid: "Bỏ sinh hoạt chi bộ hoặc không đóng đảng phí 3 tháng trong năm không có lý do chính đáng",
	GroundNotDone:      "Vi phạm tư cách đảng viên: xếp loại «Không hoàn thành nhiệm vụ» 2 năm liền",
	GroundProbation:    "Đảng viên dự bị hết thời gian dự bị, không được công nhận chính thức",
	GroundEducation:    "Chi bộ đã giáo dục, giúp đỡ 12 tháng nhưng không tiến bộ",
	GroundCard:         "Tự ý trả lại hoặc hủy thẻ đảng viên",
	GroundPolitical:    "Không bảo đảm tiêu chuẩn chính trị (theo kết luận của cấp ủy có thẩm quyền)",
}

func (k GroundKind) Label() string { return groundLabels[k] }
func (k GroundKind) Valid() bool   { _, ok := groundLabels[k]; return ok }

// FindingKind is a fact about a member a committee or cell records for the
// screening: the start of education by the cell, a card returned or
// destroyed, a conclusion on the political standard.
type FindingKind string

const (
	FindingEducation     FindingKind = "education"      // chi bộ giáo dục, giúp đỡ
	FindingCardReturned  FindingKind = "card_returned"  // tự ý trả lại thẻ đảng viên
	FindingCardDestroyed FindingKind = "card_destroyed" // tự ý hủy thẻ đảng viên
	FindingPolitical     FindingKind = "political"      // không bảo đảm tiêu chuẩn chính trị
)

// FindingKinds in form order.
var FindingKinds = []FindingKind{FindingEducation, FindingCardReturned, FindingCardDestroyed, FindingPolitical}

var findingLabels = map[FindingKind]string{
	FindingEducation: "Chi bộ giáo dục, giúp đỡ đảng viên", FindingCardReturned: "Tự ý trả lại thẻ đảng viên",
	FindingCardDestroyed: "Tự ý hủy thẻ đảng viên", FindingPolitical: "Kết luận không bảo đảm tiêu chuẩn chính trị",
}

func (k FindingKind) Label() string { return findingLabels[k] }
func (k FindingKind) Valid() bool   { _, ok := findingLabels[k]; return ok }

// Finding is one recorded fact; an education closes when the member improved.
type Finding struct {
	ID         int64       `json:"id"`
	MemberID   int64       `json:"member_id"`
	Kind       FindingKind `json:"kind"`
	KindLabel  string      `json:"kind_label"`
	On         Date        `json:"on"`
	Decision   string      `json:"decision_number"`
	Note       string      `json:"note"`
	ClosedOn   Date        `json:"closed_on,omitempty"`
	ClosedNote string      `json:"closed_note,omitempty"`
}

// FindingInput is what a user records.
type FindingInput struct {
	Kind     FindingKind `json:"kind"`
	On       Date        `json:"on"`
	Decision string      `json:"decision_number"`
	Note     string      `json:"note"`
}

// CheckFinding checks a finding recorded on day today about a member of
// standing st: a conclusion on the political standard needs the
// committee's decision.
func CheckFinding(st Status, in *FindingInput, today Date) error {
	in.Decision, in.Note = viet.Clean(in.Decision), viet.Clean(in.Note)
	fe := Fields{}
	checkTexts(fe, textField{"decision_number", "Số quyết định, nghị quyết", viet.Proper, in.Decision}, textField{"note", "Nội dung", viet.FreeText, in.Note})
	if !st.Active() {
		return &Error{Code: CodeInvalid, Message: "Đảng viên không còn trong danh sách sinh hoạt."}
	}
	if !in.Kind.Valid() {
		fe.Add("kind", "Chọn loại sự việc.")
	}
	switch {
	case in.On.IsZero():
		fe.Add("on", "Chưa nhập ngày.")
	case in.On.After(today):
		fe.Add("on", "Ngày không được sau hôm nay.")
	case in.On.Before(PartyFounded):
		fe.Add("on", "Ngày không thể trước ngày thành lập Đảng (03/02/1930).")
	}
	if in.Kind == FindingPolitical && in.Decision == "" {
		fe.Add("decision_number", "Kết luận không bảo đảm tiêu chuẩn chính trị phải theo quyết định (kết luận) của cấp ủy có thẩm quyền: chưa nhập số.")
	}
	if in.Note == "" {
		fe.Add("note", "Chưa nêu nội dung.")
	}
	return fe.Err()
}

// CheckClosing checks that an education of the cell ends, the member having
// improved, on day on.
func CheckClosing(f Finding, on Date, note *string, today Date) error {
	*note = viet.Clean(*note)
	if f.Kind != FindingEducation {
		return &Error{Code: CodeInvalid, Message: "Chỉ kết thúc việc giáo dục, giúp đỡ khi đảng viên đã tiến bộ."}
	}
	if !f.ClosedOn.IsZero() {
		return &Error{Code: CodeConflict, Message: "Việc giáo dục, giúp đỡ này đã kết thúc."}
	}
	fe := Fields{}
	checkText(fe, "note", "Nhận xét", viet.FreeText, *note)
	switch {
	case on.IsZero():
		fe.Add("on", "Chưa nhập ngày.")
	case on.After(today):
		fe.Add("on", "Ngày không được sau hôm nay.")
	case on.Before(f.On):
		fe.Add("on", "Ngày kết thúc không thể trước ngày bắt đầu giáo dục.")
	}
	if *note == "" {
		fe.Add("note", "Chưa nêu nhận xét về sự tiến bộ của đảng viên.")
	}
	return fe.Err()
}

// Ground is a ground for removal found for a member, with its evidence:
// which meetings, months, years, decisions.
type Ground struct {
	Kind     GroundKind      `json:"kind"`
	Label    string          `json:"label"`
	Source   string          `json:"source"`
	Evidence []string        `json:"evidence"`
	Months   []string        `json:"months,omitempty"` // yyyy-mm
	Missed   []MissedMeeting `json:"missed_meetings,omitempty"`
	Unpaid   []string        `json:"unpaid_months,omitempty"`
	Years    []int           `json:"years,omitempty"`
	Finding  int64           `json:"finding_id,omitempty"`
}

// AbsenceGround turns what RemovalGrounds found into a ground with its
// evidence, as of day on.
func AbsenceGround(g RemovalGround, on Date) Ground {
	r, _ := Rules.At("removal.months_absent_or_unpaid", on)
	out := Ground{Kind: GroundAbsentUnpaid, Label: GroundAbsentUnpaid.Label(), Source: r.Source, Months: g.Months, Missed: g.Missed, Unpaid: g.Unpaid}
	// Built by concatenation: a province's report writes a few hundred
	// thousand of these lines.
	out.Evidence = make([]string, 0, 1+len(g.Missed)+len(g.Unpaid))
	out.Evidence = append(out.Evidence, strconv.Itoa(len(g.Months))+" tháng trong 12 tháng đến "+on.String()+" (quy định: "+strconv.Itoa(r.Value)+" tháng)")
	for _, m := range g.Missed {
		out.Evidence = append(out.Evidence, "Vắng không lý do: "+lowerKind[m.Kind]+" ngày "+m.HeldOn.String())
	}
	for _, k := range g.Unpaid {
		if len(k) == 7 { // yyyy-mm
			out.Evidence = append(out.Evidence, "Không đóng đảng phí tháng "+strings.TrimPrefix(k[5:], "0")+"/"+k[:4])
		}
	}
	return out
}

// lowerKind is each meeting kind's label in lower case, for evidence lines.
var lowerKind = func() map[MeetingKind]string {
	m := map[MeetingKind]string{}
	for k, l := range meetingKindLabels {
		m[k] = strings.ToLower(l)
	}
	return m
}()

// ScreenFacts is what the screening weighs about one member beside
// absences and fees: standing, admission, decided ratings by year, and the
// findings recorded, all as of the report's day.
type ScreenFacts struct {
	Status   Status
	Admitted Date
	Ratings  map[int]Rating
	Findings []Finding
}

// ScreenGrounds finds the grounds for removal other than absences and fees
// on day on, each with its evidence; cal is the working-day calendar the
// deadline to consider recognition counts in.
func ScreenGrounds(f ScreenFacts, on Date, cal *Calendar) []Ground {
	var out []Ground
	// Not completing duties the rule's number of years in a row, the last
	// of them this year or last.
	n, _ := Rules.At("removal.not_done_years", on)
	for _, last := range []int{on.Year(), on.Year() - 1} {
		var years []int
		for y := last; y > last-n.Value && f.Ratings[y] == RatingNotDone; y-- {
			years = append(years, y)
		}
		if len(years) == n.Value && n.Value > 0 {
			slices.Sort(years)
			g := Ground{Kind: GroundNotDone, Label: GroundNotDone.Label(), Source: n.Source, Years: years}
			for _, y := range years {
				g.Evidence = append(g.Evidence, fmt.Sprintf("Năm %d: %s", y, RatingNotDone.Label()))
			}
			out = append(out, g)
			break
		}
	}
	// A probation ended without recognition, once the deadline to consider
	// it has passed.
	if f.Status == StatusProbationary && !f.Admitted.IsZero() {
		end := ProbationEnd(f.Admitted)
		r, _ := Rules.At("recognition.deadline_working_days", end)
		due := AddWorkingDays(end, r.Value, cal)
		if on.After(due) {
			out = append(out, Ground{Kind: GroundProbation, Label: GroundProbation.Label(), Source: removalText + "; " + r.Source,
				Evidence: []string{fmt.Sprintf("Kết nạp ngày %s; hết %d tháng dự bị ngày %s; hạn xét công nhận (%d ngày làm việc) đến %s đã qua, chưa được công nhận chính thức",
					f.Admitted, Rules.Int("probation.months", f.Admitted), end, r.Value, due)}})
		}
	}
	edu, _ := Rules.At("removal.education_months", on)
	for _, fd := range f.Findings {
		if fd.On.After(on) {
			continue
		}
		var g Ground
		switch fd.Kind {
		case FindingEducation:
			if (!fd.ClosedOn.IsZero() && !fd.ClosedOn.After(on)) || fd.On.AddMonths(edu.Value).After(on) {
				continue
			}
			g = Ground{Kind: GroundEducation, Source: edu.Source, Evidence: []string{fmt.Sprintf("Chi bộ giáo dục, giúp đỡ từ ngày %s%s: quá %d tháng (từ %s) chưa tiến bộ. %s",
				fd.On, decisionText(fd.Decision), edu.Value, fd.On.AddMonths(edu.Value), fd.Note)}}
		case FindingCardReturned, FindingCardDestroyed:
			g = Ground{Kind: GroundCard, Source: removalText, Evidence: []string{fmt.Sprintf("%s ngày %s%s. %s", fd.Kind.Label(), fd.On, decisionText(fd.Decision), fd.Note)}}
		case FindingPolitical:
			g = Ground{Kind: GroundPolitical, Source: removalText, Evidence: []string{fmt.Sprintf("Kết luận ngày %s%s. %s", fd.On, decisionText(fd.Decision), fd.Note)}}
		default:
			continue
		}
		g.Label, g.Finding = g.Kind.Label(), fd.ID
		for i := range g.Evidence {
			g.Evidence[i] = strings.TrimSpace(g.Evidence[i])
		}
		out = append(out, g)
	}
	return out
}

func decisionText(n string) string {
	if n == "" {
		return ""
	}
	return " (số " + n + ")"
}

// RemovalProposal is the cell's proposal to remove a member from the roll.
type RemovalProposal struct {
	Grounds []GroundKind `json:"grounds"`
	On      Date         `json:"proposed_on"`
	Note    string       `json:"note"`
}

// CheckRemovalProposal checks a proposal made on day today against the
// grounds found for the member on the proposal's day: a cell proposes on a
// ground the screening shows, with its evidence.
func CheckRemovalProposal(name string, found []Ground, p *RemovalProposal, open bool, today Date) error {
	p.Note = viet.Clean(p.Note)
	if open {
		return &Error{Code: CodeConflict, Message: fmt.Sprintf("Đã có đề nghị xóa tên %s đang chờ cấp ủy quyết định.", name)}
	}
	fe := Fields{}
	checkText(fe, "note", "Ý kiến của chi bộ", viet.FreeText, p.Note)
	switch {
	case p.On.IsZero():
		fe.Add("proposed_on", "Chưa nhập ngày chi bộ họp đề nghị.")
	case p.On.After(today):
		fe.Add("proposed_on", "Ngày đề nghị không được sau hôm nay.")
	}
	if len(p.Grounds) == 0 {
		fe.Add("grounds", "Chọn căn cứ đề nghị xóa tên.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	have := map[GroundKind]bool{}
	for _, g := range found {
		have[g.Kind] = true
	}
	slices.Sort(p.Grounds)
	p.Grounds = slices.Compact(p.Grounds)
	for _, k := range p.Grounds {
		if !k.Valid() {
			return &Error{Code: CodeInvalid, Message: "Căn cứ xóa tên không hợp lệ.", Fields: Fields{"grounds": "Căn cứ không hợp lệ."}}
		}
		if !have[k] {
			msg := fmt.Sprintf("Chưa có bằng chứng cho căn cứ «%s» của %s tại ngày %s (%s).", k.Label(), name, p.On, removalText)
			return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{"grounds": msg}}
		}
	}
	return nil
}

// RemovalDecision is the committee's decision on a proposal to remove.
type RemovalDecision struct {
	Approve bool   `json:"approve"`
	Number  string `json:"decision_number"`
	On      Date   `json:"date"`
	Note    string `json:"note"`
}

// CheckRemovalDecision checks the committee's decision on a proposal made
// on day proposed: a removal is made only by a numbered decision of the
// competent committee.
func CheckRemovalDecision(name string, proposed Date, d *RemovalDecision, today Date) error {
	d.Number, d.Note = viet.Clean(d.Number), viet.Clean(d.Note)
	fe := Fields{}
	checkTexts(fe, textField{"decision_number", "Số quyết định", viet.Proper, d.Number}, textField{"note", "Ghi chú", viet.OneLine, d.Note})
	if d.Number == "" {
		what := "Xóa tên"
		if !d.Approve {
			what = "Không chấp thuận đề nghị xóa tên"
		}
		msg := fmt.Sprintf("%s %s phải theo quyết định của cấp ủy có thẩm quyền (%s): chưa nhập số quyết định.", what, name, removalText)
		fe.Add("decision_number", msg)
		return &Error{Code: CodeInvalid, Message: msg, Fields: fe}
	}
	switch {
	case d.On.IsZero():
		fe.Add("date", "Chưa nhập ngày quyết định.")
	case d.On.After(today):
		fe.Add("date", "Ngày quyết định không được sau hôm nay.")
	case d.On.Before(proposed):
		fe.Add("date", fmt.Sprintf("Ngày quyết định không thể trước ngày chi bộ đề nghị (%s).", proposed))
	}
	if !d.Approve && d.Note == "" {
		fe.Add("note", "Nêu lý do không chấp thuận.")
	}
	return fe.Err()
}

// YearCount is an organisation's removals and expulsions in one year.
type YearCount struct {
	Year     int `json:"year"`
	Removed  int `json:"removed"`
	Expelled int `json:"expelled"`
}
