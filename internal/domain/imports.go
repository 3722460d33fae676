package domain

import (
	"fmt"
	"strings"
)

// RowError is one problem of an imported file: the row as the user sees it
// in the spreadsheet (the header is row 1), the name of the member on it
// (when the row has a readable one), the column heading, the reason.
type RowError struct {
	Row    int    `json:"row"`
	Name   string `json:"name,omitempty"`
	Column string `json:"column"`
	Reason string `json:"reason"`
}

func (e RowError) String() string {
	row := fmt.Sprintf("Dòng %d", e.Row)
	if e.Name != "" {
		row += " (" + e.Name + ")"
	}
	if e.Column == "" {
		return row + ": " + e.Reason
	}
	return fmt.Sprintf("%s, cột «%s»: %s", row, e.Column, e.Reason)
}

// ImportErrorsKept is how many problems a refused import keeps for its
// error copy; past it they are only counted, so a file that is wrong on
// every row cannot fill the memory. ImportErrorsShown is how many an answer
// lists; the error copy marks every kept row.
const (
	ImportErrorsKept  = 50000
	ImportErrorsShown = 200
)

// ImportError is a refused import: nothing was written.
type ImportError struct {
	Rows  []RowError // the first problems in row order, at most ImportErrorsKept
	Total int        // how many problems there were; 0 means len(Rows)
}

// Count is the number of problems found, kept or not.
func (e *ImportError) Count() int { return max(e.Total, len(e.Rows)) }

// Shown is the head of Rows that an answer lists.
func (e *ImportError) Shown() []RowError { return e.Rows[:min(len(e.Rows), ImportErrorsShown)] }

func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tệp có %d lỗi, không nhập dòng nào.", e.Count())
	for i, r := range e.Rows {
		if i == 20 {
			break
		}
		b.WriteString("\n" + r.String())
	}
	if n := e.Count(); n > 20 {
		fmt.Fprintf(&b, "\n… và %d lỗi khác.", n-20)
	}
	return b.String()
}

// ImportReason is the reason written on the events of an imported record,
// and ImportExemptedReason on its exemption.
const (
	ImportReason         = "Nhập từ tệp"
	ImportExemptedReason = ImportReason + ": đang miễn công tác và sinh hoạt đảng"
)

// ImportedEvents are the events an imported record starts with, by the same
// rules as every other event (State.Apply): admitted on its admission date,
// with the decision's date when the file gave it (not when the ceremony's
// day stands in for it, DecisionCopied), recognised on its official date when the file says it is official, and
// exempted on day today when the file says so. A refusal names the field of
// the file that the state machine could not accept.
func ImportedEvents(f *MemberFields, status Status, exempted bool, today Date) ([]Event, State, error) {
	admitted := Event{Kind: EventAdmitted, Date: f.AdmissionDate, Reason: ImportReason}
	if !f.DecisionCopied {
		admitted.Decided = f.DecisionDate
	}
	events := []Event{admitted}
	fields := []string{"admission_date"}
	if status == StatusOfficial {
		events = append(events, Event{Kind: EventRecognised, Date: f.OfficialDate, Reason: ImportReason})
		fields = append(fields, "official_date")
	}
	if exempted {
		events = append(events, Event{Kind: EventExempted, Date: today, Reason: ImportExemptedReason})
		fields = append(fields, "exempted")
	}
	var s State
	for i, e := range events {
		if i > 0 && e.Date.Before(events[i-1].Date) {
			return nil, s, &Error{Code: CodeInvalid, Message: "Ngày không theo thứ tự.", Fields: Fields{fields[i]: fmt.Sprintf("Trước ngày %s của sự kiện trước.", events[i-1].Date)}}
		}
		n, err := s.Apply(e)
		if err != nil {
			return nil, s, &Error{Code: CodeInvalid, Message: err.Error(), Fields: Fields{fields[i]: reasonOf(err)}}
		}
		s = n
	}
	if s.Status != status {
		return nil, s, &Error{Code: CodeInvalid, Message: "Trạng thái không khớp.", Fields: Fields{"status": "Trạng thái không khớp với ngày vào Đảng và ngày chính thức."}}
	}
	return events, s, nil
}

// reasonOf is the message of a domain error, or its text.
func reasonOf(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Message
	}
	return err.Error()
}
