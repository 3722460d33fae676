package domain

import (
	"fmt"
	"strings"
	"time"

	"dangvien/internal/viet"
)

// Regulation 213 (Quy định 213-QĐ/TW, 2020; RULES.md: Regulation 213): a
// member who works in an agency, a unit or an enterprise presents an
// introduction to the party organisation where they live and keeps in touch
// with it; each year, before the yearly evaluation, the residence cell
// comments on the member and sends it to the workplace organisation. Some
// members are exempt from the yearly comment and are commented on only when
// asked.

// ResidenceCategory is why a member is exempt from the yearly comment.
type ResidenceCategory string

const (
	ResidenceNone     ResidenceCategory = ""         // not exempt
	ResidenceBarracks ResidenceCategory = "barracks" // quân đội, công an ở tập trung trong doanh trại
	ResidenceMobile   ResidenceCategory = "mobile"   // làm việc lưu động
	ResidenceStudent  ResidenceCategory = "student"  // học sinh, sinh viên học tập trung xa nhà
	ResidenceStudy    ResidenceCategory = "study"    // cán bộ đi học tập trung từ 12 tháng trở lên
)

var residenceCategoryLabels = map[ResidenceCategory]string{
	ResidenceNone:     "Phải nhận xét hằng năm",
	ResidenceBarracks: "Quân đội, công an ở tập trung trong doanh trại",
	ResidenceMobile:   "Làm việc lưu động",
	ResidenceStudent:  "Học sinh, sinh viên học tập trung xa nơi cư trú",
	ResidenceStudy:    "Cán bộ đi học tập trung từ 12 tháng trở lên",
}

// ResidenceCategories in the order forms offer them.
var ResidenceCategories = []ResidenceCategory{ResidenceNone, ResidenceBarracks, ResidenceMobile, ResidenceStudent, ResidenceStudy}

func (c ResidenceCategory) Label() string { return residenceCategoryLabels[c] }
func (c ResidenceCategory) Valid() bool   { _, ok := residenceCategoryLabels[c]; return ok }

// Exempt tells whether members of the category are commented on only when asked.
func (c ResidenceCategory) Exempt() bool { return c != ResidenceNone }

// Verdict is the residence cell's conclusion on a member's duties where
// they live.
type Verdict string

const (
	VerdictGood      Verdict = "good"      // gương mẫu, thực hiện tốt
	VerdictFulfilled Verdict = "fulfilled" // thực hiện đầy đủ
	VerdictPoor      Verdict = "poor"      // chưa thực hiện tốt
)

var verdictLabels = map[Verdict]string{
	VerdictGood:      "Gương mẫu, thực hiện tốt nghĩa vụ công dân nơi cư trú",
	VerdictFulfilled: "Thực hiện đầy đủ nghĩa vụ công dân nơi cư trú",
	VerdictPoor:      "Chưa thực hiện tốt nghĩa vụ công dân nơi cư trú",
}

// Verdicts in the order forms offer them.
var Verdicts = []Verdict{VerdictGood, VerdictFulfilled, VerdictPoor}

func (v Verdict) Label() string { return verdictLabels[v] }
func (v Verdict) Valid() bool   { _, ok := verdictLabels[v]; return ok }

// Tie is a member's tie with the cell where they live.
type Tie struct {
	ID            int64             `json:"id"`
	MemberID      int64             `json:"member_id"`
	MemberName    string            `json:"member_name"`
	WorkOrgID     int64             `json:"work_org_id"` // the member's own cell
	WorkOrg       string            `json:"work_org"`
	ResidenceID   int64             `json:"residence_org_id"`
	Residence     string            `json:"residence_org"`
	PresentedOn   Date              `json:"presented_on"`
	Category      ResidenceCategory `json:"category"`
	CategoryLabel string            `json:"category_label"`
	Note          string            `json:"note,omitempty"`
	EndedOn       Date              `json:"ended_on,omitempty"`
	EndReason     string            `json:"end_reason,omitempty"`
}

// TieInput is what the workplace side records when a member presents the
// introduction where they live.
type TieInput struct {
	ResidenceID int64             `json:"residence_org_id"`
	PresentedOn Date              `json:"presented_on"`
	Category    ResidenceCategory `json:"category"`
	Note        string            `json:"note,omitempty"`
}

// CheckTie checks a new tie of member m (no tie open now: open is nil) with
// residence cell res, found in the actor's reach or not, on day today: a
// member on the roll, an open cell other than the member's own, and the day
// the introduction was presented.
func CheckTie(m Member, open *Tie, res Org, found bool, in *TieInput, today Date) error {
	if !m.Status.Active() {
		return Errorf(CodeConflict, "Đảng viên %s %s.", m.FullName, strings.ToLower(m.Status.Label()))
	}
	if open != nil {
		return Errorf(CodeConflict, "Đảng viên %s đã giới thiệu về %s từ ngày %s: kết thúc mối liên hệ đó trước khi ghi nơi cư trú mới.", m.FullName, open.Residence, open.PresentedOn)
	}
	f := Fields{}
	in.Note = strings.TrimSpace(in.Note)
	checkText(f, "note", "Ghi chú", viet.FreeText, in.Note)
	if !in.Category.Valid() {
		f.Add("category", "Diện không hợp lệ.")
	}
	checkDay(f, "presented_on", "Ngày xuất trình giấy giới thiệu", in.PresentedOn, today, true)
	if err := f.Err(); err != nil {
		return err
	}
	if err := CheckPlacement(res, found, "residence_org_id"); err != nil {
		return err
	}
	if res.ID == m.OrgID {
		return &Error{Code: CodeInvalid, Message: "Chi bộ nơi cư trú trùng chi bộ đảng viên đang sinh hoạt: không thuộc diện Quy định 213.",
			Fields: Fields{"residence_org_id": "Chọn chi bộ nơi cư trú, khác chi bộ nơi công tác."}}
	}
	return nil
}

// CheckTieEnd checks ending tie t on day on: open, between the day it began
// and today, with a reason.
func CheckTieEnd(t Tie, on, today Date, reason string) error {
	if !t.EndedOn.IsZero() {
		return Errorf(CodeConflict, "Mối liên hệ với %s đã kết thúc ngày %s.", t.Residence, t.EndedOn)
	}
	f := Fields{}
	checkDay(f, "date", "Ngày kết thúc", on, today, true)
	if f["date"] == "" && on.Before(t.PresentedOn) {
		f.Add("date", fmt.Sprintf("Trước ngày xuất trình giấy giới thiệu (%s).", t.PresentedOn))
	}
	checkReason(f, reason)
	return f.Err()
}

// TieComment is the residence cell's comment of one year on a tie (the
// evaluation reads it as a ResidenceComment: Service.ResidenceComments).
type TieComment struct {
	ID           int64   `json:"id"`
	TieID        int64   `json:"tie_id"`
	MemberID     int64   `json:"member_id"`
	Year         int     `json:"year"`
	CellID       int64   `json:"residence_org_id"`
	Cell         string  `json:"residence_org"`
	Text         string  `json:"text"`
	Verdict      Verdict `json:"verdict"`
	VerdictLabel string  `json:"verdict_label"`
	On           Date    `json:"commented_on"`
}

// CommentInput is a comment the residence cell writes.
type CommentInput struct {
	CellID  int64   `json:"cell_id"` // the cell writing it: it must be the member's residence cell
	Year    int     `json:"year"`
	Text    string  `json:"text"`
	Verdict Verdict `json:"verdict"`
	On      Date    `json:"commented_on"`
}

// CheckComment checks a comment on tie t on day today (have: the years
// already commented): only the residence cell comments, for a year the tie
// was open in and that has come, once a year, with a text and a verdict.
func CheckComment(t Tie, in *CommentInput, have []int, today Date) error {
	if in.CellID != t.ResidenceID {
		return &Error{Code: CodeInvalid, Message: fmt.Sprintf("Chỉ chi bộ nơi cư trú (%s) nhận xét đảng viên %s.", t.Residence, t.MemberName),
			Fields: Fields{"cell_id": "Chi bộ này không phải nơi cư trú của đảng viên."}}
	}
	in.Text = strings.TrimSpace(in.Text)
	if in.On.IsZero() {
		in.On = today
	}
	f := Fields{}
	checkText(f, "text", "Nhận xét", viet.FreeText, in.Text)
	switch {
	case in.Text == "":
		f.Add("text", "Chưa có nội dung nhận xét.")
	case len([]rune(in.Text)) > 4000:
		f.Add("text", "Nhận xét tối đa 4.000 ký tự.")
	}
	if !in.Verdict.Valid() {
		f.Add("verdict", "Chọn kết luận nhận xét.")
	}
	checkDay(f, "commented_on", "Ngày nhận xét", in.On, today, true)
	switch {
	case in.Year < t.PresentedOn.Year() || in.Year > today.Year():
		f.Add("year", fmt.Sprintf("Năm nhận xét từ %d đến %d.", t.PresentedOn.Year(), today.Year()))
	case !t.EndedOn.IsZero() && in.Year > t.EndedOn.Year():
		f.Add("year", fmt.Sprintf("Mối liên hệ đã kết thúc ngày %s.", t.EndedOn))
	case f["commented_on"] == "" && in.On.Year() < in.Year:
		f.Add("commented_on", fmt.Sprintf("Nhận xét năm %d không ghi ngày trong năm %d.", in.Year, in.On.Year()))
	}
	if err := f.Err(); err != nil {
		return err
	}
	for _, y := range have {
		if y == in.Year {
			return Errorf(CodeConflict, "Chi bộ nơi cư trú đã nhận xét đảng viên %s năm %d.", t.MemberName, in.Year)
		}
	}
	return nil
}

// CommentDue is the last day of the year's comment: the end of the month
// before the yearly evaluation (rule residence.comment_month, December
// unless the guidance in force says otherwise).
func CommentDue(year int) Date {
	m := Rules.Int("residence.comment_month", NewDate(year, 1, 1))
	return NewDate(year, time.Month(m), 1).AddMonths(1).AddDays(-1)
}

// CommentState is where a year's comment stands.
type CommentState string

const (
	CommentReceived CommentState = "received" // the residence cell sent it
	CommentPending  CommentState = "pending"  // not yet, not yet due
	CommentMissing  CommentState = "missing"  // not sent, and the due day has passed
	CommentExempt   CommentState = "exempt"   // the member's category is commented on only when asked
	CommentNone     CommentState = "none"     // the tie was not open in that year: nothing is due
)

var commentStateLabels = map[CommentState]string{CommentReceived: "Đã nhận xét", CommentPending: "Chưa đến hạn", CommentMissing: "Thiếu nhận xét",
	CommentExempt: "Không phải nhận xét hằng năm", CommentNone: "Không có"}

func (s CommentState) Label() string { return commentStateLabels[s] }

// CommentStateOf says where tie t's comment of year stands on day today:
// the tie must have been presented by the comment's due day and not have
// ended before the year began.
func CommentStateOf(t Tie, has bool, year int, today Date) CommentState {
	due := CommentDue(year)
	switch {
	case has:
		return CommentReceived
	case t.PresentedOn.After(due) || (!t.EndedOn.IsZero() && t.EndedOn.Before(NewDate(year, 1, 1))):
		return CommentNone
	case t.Category.Exempt():
		return CommentExempt
	case today.After(due):
		return CommentMissing
	}
	return CommentPending
}

// Share is the part of a cell's members that are 213 members, in per mille.
func Share(part, whole int) int {
	if whole == 0 {
		return 0
	}
	return (part*1000 + whole/2) / whole
}
