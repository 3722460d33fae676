package domain

import (
	"fmt"
	"strings"
	"time"
)

// The rules of a member's record as a whole: how it starts, which event may
// come next, where a member may be placed, and the reasons given when two
// records would share a number or two people edit one record at once.

// StartRecord checks a new record and its first event, and returns the
// standing the event gives it. A record starts with the admission or with a
// transfer in from outside; the event is not after today. The admission
// carries both its dates (RULES.md, Probation and recognition): the
// decision's and the ceremony's (the event's date), which become the
// record's. A transfer in brings the record's dates with it; when it knows
// only the ceremony's, the decision's is taken to be the same day and the
// record is marked to be completed (DecisionCopied).
func StartRecord(f *MemberFields, first Event, today Date) (State, error) {
	f.DecisionCopied = false
	if first.Kind == EventAdmitted {
		if first.Decided.IsZero() {
			return State{}, &Error{Code: CodeInvalid, Message: "Chưa nhập ngày quyết định kết nạp.", Fields: Fields{"decision_date": "Cần ngày ghi trong quyết định kết nạp."}}
		}
		if !f.DecisionDate.IsZero() && !f.DecisionDate.Equal(first.Decided) {
			return State{}, &Error{Code: CodeInvalid, Message: "Ngày quyết định kết nạp của hồ sơ khác ngày của sự kiện kết nạp.", Fields: Fields{"admission_decision_date": "Khác ngày quyết định của sự kiện kết nạp."}}
		}
		f.DecisionDate = first.Decided
		if f.AdmissionDate.IsZero() {
			f.AdmissionDate = first.Date
		}
	} else if f.DecisionDate.IsZero() && !f.AdmissionDate.IsZero() {
		f.DecisionDate, f.DecisionCopied = f.AdmissionDate, true
	}
	if err := f.Validate(today); err != nil {
		return State{}, err
	}
	if first.Kind != EventAdmitted && first.Kind != EventTransferredIn {
		return State{}, &Error{Code: CodeInvalid, Message: "Hồ sơ mới bắt đầu bằng kết nạp hoặc chuyển sinh hoạt đến.", Fields: Fields{"kind": "Chọn kết nạp hoặc chuyển đến."}}
	}
	if first.Kind == EventAdmitted && !first.Date.Equal(f.AdmissionDate) {
		return State{}, &Error{Code: CodeInvalid, Message: "Ngày của sự kiện kết nạp phải là ngày lễ kết nạp của hồ sơ.", Fields: Fields{"admission_date": "Khác ngày của sự kiện kết nạp."}}
	}
	if first.Date.After(today) {
		return State{}, errEventAfterToday()
	}
	start := State{Admitted: f.AdmissionDate, Official: f.OfficialDate}
	if first.Kind == EventAdmitted {
		start = State{}
	}
	st, err := start.Apply(first)
	if err != nil {
		return State{}, err
	}
	if first.Kind == EventAdmitted && !f.OfficialDate.IsZero() {
		return State{}, &Error{Code: CodeInvalid, Message: "Đảng viên mới kết nạp chưa có ngày chính thức.", Fields: Fields{"official_date": "Để trống; ghi nhận bằng sự kiện công nhận chính thức."}}
	}
	return st, nil
}

func errEventAfterToday() *Error {
	return &Error{Code: CodeInvalid, Message: "Ngày của sự kiện không được sau hôm nay.", Fields: Fields{"date": "Sau ngày hôm nay."}}
}

// NextEvent checks an event recorded on an existing record with its history
// (oldest first) and returns the standing before and after it. The event is
// not after today, not before the last event, and never an admission
// (which only opens a record); a discipline form goes only with a
// discipline; a move goes to another cell. The standing follows from
// replaying the history through State.Apply.
func NextEvent(m Member, history []Event, e *Event, today Date) (prev, next State, err error) {
	if e.Date.After(today) {
		return prev, next, errEventAfterToday()
	}
	if e.Kind == EventAdmitted {
		return prev, next, &Error{Code: CodeInvalid, Message: "Kết nạp được ghi khi tạo hồ sơ.", Fields: Fields{"kind": "Không thêm kết nạp vào hồ sơ đã có."}}
	}
	if e.Kind != EventDisciplined {
		e.Discipline = ""
	}
	// Removal and expulsion end membership only by a numbered decision of
	// the competent committee (Điều lệ Đảng, Điều 8 and Điều 35).
	if (e.Kind == EventRemoved || e.Kind == EventExpelled) && strings.TrimSpace(e.Decision) == "" {
		msg := fmt.Sprintf("%s phải theo quyết định của cấp ủy có thẩm quyền (Điều lệ Đảng): chưa nhập số quyết định.", e.Kind.Label())
		return prev, next, &Error{Code: CodeInvalid, Message: msg, Fields: Fields{"decision_number": msg}}
	}
	e.Decided = Date{} // an admission's only
	if n := len(history); n > 0 && e.Date.Before(history[n-1].Date) {
		return prev, next, &Error{Code: CodeInvalid, Message: fmt.Sprintf("Sự kiện phải từ ngày %s (ngày của sự kiện gần nhất) trở đi.", history[n-1].Date),
			Fields: Fields{"date": "Trước sự kiện gần nhất."}}
	}
	prev, err = StateOf(m, history)
	if err != nil {
		return prev, next, err
	}
	if next, err = prev.Apply(*e); err != nil {
		return prev, next, err
	}
	if e.Kind == EventMoved && e.ToOrgID == m.OrgID {
		return prev, next, &Error{Code: CodeInvalid, Message: "Đảng viên đang sinh hoạt ở chi bộ này.", Fields: Fields{"to_org_id": "Chọn chi bộ khác."}}
	}
	return prev, next, nil
}

// StateOf is the standing a record's events add up to. A record that did
// not start with an admission (a transfer in, an import) carries its
// admission and official dates itself.
func StateOf(m Member, history []Event) (State, error) {
	start := State{Admitted: m.AdmissionDate, Official: m.OfficialDate}
	if len(history) > 0 && history[0].Kind == EventAdmitted {
		start.Admitted = Date{}
	}
	s, err := Replay(start, history)
	if err != nil {
		return s, err
	}
	if s.Official.IsZero() {
		s.Official = m.OfficialDate // imported records carry it without an event
	}
	return s, nil
}

// CheckPlacement says why members cannot be placed in organisation o (found
// in the actor's scope or not): they live in open cells. field names the
// input that chose it.
func CheckPlacement(o Org, found bool, field string) error {
	switch {
	case !found:
		return &Error{Code: CodeInvalid, Message: "Chi bộ không có hoặc ngoài phạm vi quản lý.", Fields: Fields{field: "Không tìm thấy chi bộ."}}
	case !o.Kind.IsCell():
		return &Error{Code: CodeInvalid, Message: "Đảng viên chỉ sinh hoạt ở chi bộ.", Fields: Fields{field: o.Name + " không phải là chi bộ."}}
	case !o.ValidTo.IsZero():
		return &Error{Code: CodeInvalid, Message: "Chi bộ đã giải thể hoặc sáp nhập.", Fields: Fields{field: o.Name + " không còn hoạt động."}}
	}
	return nil
}

// DuplicateReason is the reason given when a unique field's value (citizen
// ID, card number) is already on another record, and ErrDuplicate the error
// listing such fields. The check itself is a query; its words live here.
func DuplicateReason(field string) string {
	switch field {
	case "citizen_id":
		return "Số CCCD này đã có trong hồ sơ đảng viên khác."
	case "card_number":
		return "Số thẻ đảng viên này đã có trong hồ sơ khác."
	}
	return "Giá trị này đã có trong cơ sở dữ liệu."
}

// ErrDuplicate is the error for unique fields already taken.
func ErrDuplicate(fields ...string) error {
	if len(fields) == 0 {
		return nil
	}
	fe := Fields{}
	for _, f := range fields {
		fe.Add(f, DuplicateReason(f))
	}
	return &Error{Code: CodeInvalid, Message: "Trùng với hồ sơ đã có.", Fields: fe}
}

// ErrStale is the error for a change made from a version of a record that
// someone else has changed since: who changed it last, and when (shown in
// Vietnam's time).
func ErrStale(who string, at time.Time) *Error {
	if who == "" {
		who = "người khác"
	}
	msg := "Hồ sơ đã được sửa trong khi bạn đang sửa."
	if !at.IsZero() {
		msg = fmt.Sprintf("Hồ sơ đã được %s sửa lúc %s trong khi bạn đang sửa.", who, at.In(vietnam).Format("15:04 02/01/2006"))
	}
	return &Error{Code: CodeStale, Message: msg}
}

// LaterEvents are the events recorded on an existing record, in the order
// forms offer them; an admission or a transfer in opens a record instead.
var LaterEvents = []EventKind{EventRecognised, EventMoved, EventExempted, EventRestored,
	EventDisciplined, EventTransferredOut, EventRemoved, EventExpelled, EventLeft, EventDied}

// CheckEdit checks the fields of an edited record against the record before
// the edit, on day today. The admission's dates, the official date and the
// mark on an unconfirmed decision date follow from the events (ByEvent):
// left blank they stay as they were, and they cannot be changed here.
func CheckEdit(before Member, f *MemberFields, today Date) error {
	for _, fd := range MemberFieldTable {
		if !fd.ByEvent {
			continue
		}
		switch p := fd.Ptr(f).(type) {
		case *Date:
			if p.IsZero() {
				*p = *fd.Ptr(&before.MemberFields).(*Date)
			}
		case *bool:
			*p = *fd.Ptr(&before.MemberFields).(*bool)
		}
	}
	if err := f.Validate(today); err != nil {
		return err
	}
	fe := Fields{}
	for _, fd := range MemberFieldTable {
		if fd.ByEvent && fd.Text(f) != fd.Text(&before.MemberFields) {
			fe.Add(fd.Name, "Không sửa trực tiếp.")
		}
	}
	if len(fe) > 0 {
		return &Error{Code: CodeInvalid, Message: "Ngày quyết định kết nạp, ngày lễ kết nạp và ngày chính thức chỉ thay đổi qua sự kiện (kết nạp, công nhận chính thức) hoặc khi xác nhận ngày quyết định kết nạp.", Fields: fe}
	}
	return nil
}

// ConfirmDecisionDate checks the admission decision's date given for a
// record whose decision date was copied from the ceremony's (or is being
// corrected): not after the ceremony, and within the record's own rules.
// It returns the fields as they become: the date set, the mark cleared.
func ConfirmDecisionDate(m Member, d Date, today Date) (MemberFields, error) {
	f := m.MemberFields
	if d.IsZero() {
		return f, &Error{Code: CodeInvalid, Message: "Chưa nhập ngày quyết định kết nạp.", Fields: Fields{"admission_decision_date": "Cần ngày ghi trong quyết định kết nạp (dd/mm/yyyy)."}}
	}
	if m.AdmissionDate.IsZero() {
		return f, &Error{Code: CodeConflict, Message: "Hồ sơ chưa có ngày lễ kết nạp: ngày quyết định kết nạp được ghi cùng sự kiện kết nạp."}
	}
	f.DecisionDate, f.DecisionCopied = d, false
	if err := f.Validate(today); err != nil {
		e, _ := err.(*Error)
		if e != nil && e.Fields["admission_date"] != "" && e.Fields["admission_decision_date"] == "" {
			// The ceremony is not what the user typed: name the date they did.
			e.Fields = Fields{"admission_decision_date": e.Fields["admission_date"]}
			e.Message = e.Fields["admission_decision_date"]
		}
		return m.MemberFields, err
	}
	return f, nil
}

// EventChange shows an event recorded on a record among its changes.
func EventChange(e Event) FieldChange {
	return FieldChange{Field: "event", Label: "Sự kiện", New: e.Kind.Label() + " ngày " + e.Date.String()}
}

// String reads "Label: old → new", or "Label: new" when there was nothing before.
func (c FieldChange) String() string {
	if c.Old == "" {
		return c.Label + ": " + c.New
	}
	n := c.New
	if n == "" {
		n = "(để trống)"
	}
	return c.Label + ": " + c.Old + " → " + n
}
