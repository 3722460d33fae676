package domain

import (
	"fmt"
	"slices"
	"unicode"
)

// Status is a member's standing, derived from the member's events.
type Status string

const (
	StatusNone         Status = ""
	StatusProbationary Status = "probationary"    // đảng viên dự bị
	StatusOfficial     Status = "official"        // đảng viên chính thức
	StatusTransferred  Status = "transferred_out" // đã chuyển sinh hoạt ra ngoài đảng bộ
	StatusRemoved      Status = "removed"         // xóa tên
	StatusExpelled     Status = "expelled"        // khai trừ
	StatusLeft         Status = "left"            // ra khỏi Đảng (xin ra)
	StatusDied         Status = "died"            // từ trần
)

var statusLabels = map[Status]string{
	StatusProbationary: "Dự bị", StatusOfficial: "Chính thức", StatusTransferred: "Đã chuyển đi",
	StatusRemoved: "Đã xóa tên", StatusExpelled: "Đã khai trừ", StatusLeft: "Đã ra khỏi Đảng", StatusDied: "Đã từ trần",
}

// Statuses lists every status in display order.
var Statuses = []Status{StatusProbationary, StatusOfficial, StatusTransferred, StatusRemoved, StatusExpelled, StatusLeft, StatusDied}

func (s Status) Label() string { return statusLabels[s] }
func (s Status) Valid() bool   { _, ok := statusLabels[s]; return ok }

// Active tells whether the member is on this organisation's roll.
func (s Status) Active() bool { return s == StatusProbationary || s == StatusOfficial }

// EventKind is a change in a member's standing.
type EventKind string

const (
	EventAdmitted       EventKind = "admitted"        // kết nạp (dự bị)
	EventRecognised     EventKind = "recognised"      // công nhận chính thức
	EventTransferredIn  EventKind = "transferred_in"  // chuyển sinh hoạt đến
	EventTransferredOut EventKind = "transferred_out" // chuyển sinh hoạt đi
	EventMoved          EventKind = "moved"           // chuyển sinh hoạt nội bộ sang chi bộ khác
	EventExempted       EventKind = "exempted"        // miễn công tác và sinh hoạt đảng
	EventRestored       EventKind = "restored"        // thôi miễn, sinh hoạt trở lại
	EventDisciplined    EventKind = "disciplined"     // kỷ luật
	EventRemoved        EventKind = "removed"         // xóa tên
	EventExpelled       EventKind = "expelled"        // khai trừ
	EventLeft           EventKind = "left"            // ra khỏi Đảng
	EventDied           EventKind = "died"            // từ trần
)

var eventLabels = map[EventKind]string{
	EventAdmitted: "Kết nạp vào Đảng", EventRecognised: "Công nhận đảng viên chính thức",
	EventTransferredIn: "Chuyển sinh hoạt đến", EventTransferredOut: "Chuyển sinh hoạt đi",
	EventMoved: "Chuyển sinh hoạt nội bộ", EventExempted: "Miễn công tác và sinh hoạt đảng",
	EventRestored: "Trở lại sinh hoạt", EventDisciplined: "Kỷ luật", EventRemoved: "Xóa tên",
	EventExpelled: "Khai trừ", EventLeft: "Ra khỏi Đảng", EventDied: "Từ trần",
}

func (k EventKind) Label() string { return eventLabels[k] }

// EventKinds lists every kind of event, in the order of their names.
func EventKinds() []EventKind {
	out := make([]EventKind, 0, len(eventLabels))
	for k := range eventLabels {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
func (k EventKind) Valid() bool { _, ok := eventLabels[k]; return ok }

// Irreversible tells whether the event ends membership here; screens ask for
// a confirmation before recording one.
func (k EventKind) Irreversible() bool {
	switch k {
	case EventRemoved, EventExpelled, EventLeft, EventDied, EventTransferredOut:
		return true
	}
	return false
}

// Discipline forms (Điều lệ Đảng, Điều 35). Expulsion is its own event because
// it ends membership.
var DisciplineForms = map[string]string{"reprimand": "Khiển trách", "warning": "Cảnh cáo", "dismissal": "Cách chức"}

// Event is one dated change of a member's standing. An admission carries
// two dates: Date is the ceremony's, Decided the admission decision's.
type Event struct {
	ID         int64     `json:"id"`
	MemberID   int64     `json:"member_id"`
	Kind       EventKind `json:"kind"`
	KindLabel  string    `json:"kind_label"`
	Date       Date      `json:"date"`
	Reason     string    `json:"reason"`
	Decision   string    `json:"decision_number"`
	Decided    Date      `json:"decision_date,omitzero"`
	Discipline string    `json:"discipline,omitempty"` // with EventDisciplined
	ToOrgID    int64     `json:"to_org_id,omitempty"`  // with EventMoved
	OrgID      int64     `json:"org_id"`               // the member's cell when it happened
	CreatedAt  string    `json:"created_at,omitempty"`
}

// State is what a member's events add up to.
type State struct {
	Status    Status
	Exempted  bool
	Admitted  Date // admission (start of probation) date
	Official  Date // the day the member became official
	WasActive bool
}

// Apply returns the state after event e, or a Vietnamese reason why e cannot
// follow state s (Điều lệ Đảng; RULES.md: Probation, Discipline, Removal).
func (s State) Apply(e Event) (State, error) {
	bad := func(format string, args ...any) (State, error) {
		return s, &Error{Code: CodeInvalid, Message: fmt.Sprintf(format, args...), Fields: Fields{"kind": fmt.Sprintf(format, args...)}}
	}
	if !e.Kind.Valid() {
		return bad("Loại sự kiện không hợp lệ.")
	}
	if e.Date.IsZero() {
		return s, &Error{Code: CodeInvalid, Message: "Chưa nhập ngày.", Fields: Fields{"date": "Chưa nhập ngày."}}
	}
	if e.Date.Before(PartyFounded) {
		return s, &Error{Code: CodeInvalid, Message: "Ngày không thể trước ngày thành lập Đảng (03/02/1930).", Fields: Fields{"date": "Trước 03/02/1930."}}
	}
	active := s.Status.Active()
	n := s
	switch e.Kind {
	case EventAdmitted:
		if s.Status != StatusNone {
			return bad("Đảng viên đã có quá trình sinh hoạt, không thể kết nạp lại trên cùng hồ sơ.")
		}
		n.Status, n.Admitted = StatusProbationary, e.Date
	case EventRecognised:
		if s.Status != StatusProbationary {
			return bad("Chỉ công nhận chính thức cho đảng viên dự bị.")
		}
		end := ProbationEnd(s.Admitted)
		if e.Date.Before(end) {
			return bad("Chưa hết 12 tháng dự bị (đến %s).", end)
		}
		// Official from the day probation ends, however late the decision.
		n.Status, n.Official = StatusOfficial, end
	case EventTransferredIn:
		if active {
			return bad("Đảng viên đang sinh hoạt tại đảng bộ, không thể chuyển đến.")
		}
		if s.Status != StatusNone && s.Status != StatusTransferred {
			return bad("Đảng viên %s, không thể chuyển sinh hoạt đến.", lower(s.Status.Label()))
		}
		n.Status = StatusProbationary
		if !s.Official.IsZero() {
			n.Status = StatusOfficial
		}
	case EventDisciplined:
		if !active {
			return bad("Chỉ kỷ luật đảng viên đang sinh hoạt.")
		}
		if _, ok := DisciplineForms[e.Discipline]; !ok {
			return s, &Error{Code: CodeInvalid, Message: "Hình thức kỷ luật không hợp lệ.", Fields: Fields{"discipline": "Chọn khiển trách, cảnh cáo hoặc cách chức."}}
		}
		if s.Status == StatusProbationary && e.Discipline == "dismissal" {
			return s, &Error{Code: CodeInvalid, Message: "Đảng viên dự bị chỉ bị kỷ luật khiển trách hoặc cảnh cáo.", Fields: Fields{"discipline": "Đảng viên dự bị chỉ bị khiển trách hoặc cảnh cáo."}}
		}
	case EventExpelled:
		if s.Status != StatusOfficial {
			return bad("Chỉ khai trừ đảng viên chính thức; đảng viên dự bị không đủ tư cách thì xóa tên.")
		}
		n.Status = StatusExpelled
	case EventExempted:
		if !active || s.Exempted {
			return bad("Chỉ miễn sinh hoạt cho đảng viên đang sinh hoạt và chưa được miễn.")
		}
		n.Exempted = true
	case EventRestored:
		if !active || !s.Exempted {
			return bad("Đảng viên không ở diện miễn sinh hoạt.")
		}
		n.Exempted = false
	default: // moved, transferred out, removed, left, died need an active member
		if !active {
			return bad("Đảng viên không còn sinh hoạt tại đảng bộ.")
		}
		switch e.Kind {
		case EventMoved:
			if e.ToOrgID == 0 {
				return s, &Error{Code: CodeInvalid, Message: "Chưa chọn chi bộ chuyển đến.", Fields: Fields{"to_org_id": "Chưa chọn chi bộ chuyển đến."}}
			}
		case EventTransferredOut:
			n.Status = StatusTransferred
		case EventRemoved:
			n.Status = StatusRemoved
		case EventLeft:
			n.Status = StatusLeft
		case EventDied:
			n.Status = StatusDied
		}
	}
	if n.Status.Active() {
		n.WasActive = true
	}
	if !n.Status.Active() {
		n.Exempted = false
	}
	return n, nil
}

// Replay folds events, in date order, into a state that starts from s: a
// record created for a member who transferred in carries its admission and
// official dates, which the transfer-in event needs.
func Replay(s State, events []Event) (State, error) {
	for i, e := range events {
		if i > 0 && e.Date.Before(events[i-1].Date) {
			return s, Errorf(CodeInvalid, "Sự kiện ngày %s trước sự kiện ngày %s.", e.Date, events[i-1].Date)
		}
		var err error
		if s, err = s.Apply(e); err != nil {
			return s, err
		}
	}
	return s, nil
}

func lower(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = unicode.ToLower(r[0])
	}
	return string(r)
}
