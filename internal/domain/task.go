package domain

import (
	"strings"

	"dangvien/internal/viet"
)

// TaskRating is the periodic review of a task (phân công nhiệm vụ).
type TaskRating string

const (
	TaskDoneWell TaskRating = "done_well" // hoàn thành tốt
	TaskDone     TaskRating = "done"      // hoàn thành
	TaskNotDone  TaskRating = "not_done"  // không hoàn thành
)

var taskRatingLabels = map[TaskRating]string{TaskDoneWell: "Hoàn thành tốt", TaskDone: "Hoàn thành", TaskNotDone: "Không hoàn thành"}

// TaskRatings in the order forms offer them.
var TaskRatings = []TaskRating{TaskDoneWell, TaskDone, TaskNotDone}

func (r TaskRating) Label() string { return taskRatingLabels[r] }
func (r TaskRating) Valid() bool   { _, ok := taskRatingLabels[r]; return ok }

// TaskInput is a task given to a member.
type TaskInput struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	From        Date   `json:"from"`
	To          Date   `json:"to"` // zero: open-ended
	MeetingID   int64  `json:"meeting_id,omitempty"`
	AssignedBy  string `json:"assigned_by"` // who gave it: the secretary, the cell committee
}

// ValidateTask checks a task's fields.
func ValidateTask(in TaskInput) error {
	f := Fields{}
	checkTexts(f, textField{"title", "Nhiệm vụ", viet.OneLine, in.Title}, textField{"assigned_by", "Người giao", viet.OneLine, in.AssignedBy},
		textField{"description", "Mô tả", viet.FreeText, in.Description})
	if strings.TrimSpace(in.Title) == "" {
		f.Add("title", "Cần nêu nhiệm vụ.")
	} else if len([]rune(in.Title)) > 200 {
		f.Add("title", "Tên nhiệm vụ tối đa 200 ký tự; ghi chi tiết ở phần mô tả.")
	}
	if in.From.IsZero() {
		f.Add("from", "Cần ngày bắt đầu (dd/mm/yyyy).")
	} else if in.From.Before(PartyFounded) {
		f.Add("from", "Ngày bắt đầu không hợp lệ.")
	}
	if !in.To.IsZero() && !in.From.IsZero() && in.To.Before(in.From) {
		f.Add("to", "Ngày kết thúc phải sau ngày bắt đầu.")
	}
	return f.Err()
}

// Current tells whether a task runs on day d.
func (in TaskInput) Current(d Date) bool {
	return !in.From.After(d) && (in.To.IsZero() || !in.To.Before(d))
}

// TaskSnapshot is what a task was fitted to: the member's cell and positions
// when it was given (a task should fit the member's ability and situation).
type TaskSnapshot struct {
	OrgID         int64  `json:"org_id"`
	PartyPosition string `json:"party_position"`
	GovPosition   string `json:"gov_position"`
}

// MemberNow is the member's situation to compare a task with.
type MemberNow struct {
	TaskSnapshot
	Status      Status
	Exempted    bool
	ExemptedOn  Date // day of the last exemption, zero if none
	TransferOut bool
}

// StaleReasons says why a current task no longer fits its member: they
// moved to another cell or left, their position changed, or they were
// exempted after it was given.
func StaleReasons(given Date, at TaskSnapshot, now MemberNow) []string {
	var out []string
	switch {
	case !now.Status.Active():
		out = append(out, "đảng viên không còn trong danh sách sinh hoạt ("+strings.ToLower(now.Status.Label())+")")
	case now.OrgID != at.OrgID:
		out = append(out, "đảng viên đã chuyển sinh hoạt sang chi bộ khác")
	}
	if now.PartyPosition != at.PartyPosition || now.GovPosition != at.GovPosition {
		out = append(out, "chức vụ đã thay đổi")
	}
	if now.Exempted && !now.ExemptedOn.Before(given) {
		out = append(out, "đảng viên được miễn sinh hoạt sau khi giao nhiệm vụ")
	}
	return out
}

// TaskNote is a progress note on a task or, with a rating, its periodic
// review.
type TaskNote struct {
	ID     int64      `json:"id"`
	On     Date       `json:"on"`
	Rating TaskRating `json:"rating,omitempty"`
	Note   string     `json:"note"`
}

// ValidateTaskNote checks a note on a task given on from: a rating from the
// list or a note, dated between the task's start and today.
func ValidateTaskNote(n TaskNote, from, today Date) error {
	f := Fields{}
	if n.Rating != "" && !n.Rating.Valid() {
		f.Add("rating", "Chọn mức: hoàn thành tốt, hoàn thành, không hoàn thành.")
	}
	if n.Rating == "" && strings.TrimSpace(n.Note) == "" {
		f.Add("note", "Ghi tiến độ hoặc chọn mức đánh giá.")
	} else if why := viet.Check(viet.FreeText, n.Note); why != "" {
		f.Add("note", TextReason("Ghi chú", why))
	}
	if n.On.IsZero() || n.On.After(today) {
		f.Add("on", "Ngày ghi phải là hôm nay hoặc trước đó.")
	}
	if err := f.Err(); err != nil {
		return err
	}
	if n.On.Before(from) {
		return &Error{Code: CodeInvalid, Message: "Ngày ghi trước ngày giao nhiệm vụ.", Fields: Fields{"on": "Nhiệm vụ giao từ " + from.String() + "."}}
	}
	return nil
}

// CanGiveTask tells whether a member can be given a task: one no longer on
// the roll, or exempted from activity (RULES.md, Exemption), gets none.
func CanGiveTask(m Member) error {
	switch {
	case !m.Status.Active():
		return Errorf(CodeConflict, "%s không còn trong danh sách sinh hoạt (%s), không giao nhiệm vụ được.", m.FullName, strings.ToLower(m.Status.Label()))
	case m.Exempted:
		return Errorf(CodeConflict, "%s đang được miễn công tác và sinh hoạt đảng, không giao nhiệm vụ được.", m.FullName)
	}
	return nil
}
