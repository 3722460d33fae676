package store

import (
	"dangvien/internal/domain"
)

// entCalendarDay names days entered in the working-day calendar in the audit trail.
var entCalendarDay = newEntity("calendar_day", "Ngày theo thông báo")

// CalendarDay is a day of the working-day calendar as announced and kept:
// who entered it, and when and why it was cancelled if it was.
type CalendarDay struct {
	ID int64 `json:"id"`
	domain.AnnouncedDay
	CreatedBy    string `json:"created_by,omitempty"` // username; empty for the days the migration seeded
	CreatedAt    Stamp  `json:"created_at"`
	CancelledBy  string `json:"cancelled_by,omitempty"`
	CancelledAt  *Stamp `json:"cancelled_at,omitempty"`
	CancelReason string `json:"cancel_reason,omitempty"`
}

const calendarCols = `SELECT c.id, c.day, c.kind, c.note, coalesce(u.username, ''), c.created_at, coalesce(x.username, ''), c.cancelled_at, c.cancel_reason
	FROM calendar_days c LEFT JOIN users u ON u.id = c.created_by LEFT JOIN users x ON x.id = c.cancelled_by`

func scanCalendarDay(sc interface{ Scan(...any) error }) (CalendarDay, error) {
	var c CalendarDay
	var cancelled Stamp
	err := sc.Scan(&c.ID, &c.Date, &c.Kind, &c.Note, &c.CreatedBy, &c.CreatedAt, &c.CancelledBy, &cancelled, &c.CancelReason)
	if !cancelled.IsZero() {
		c.CancelledAt = &cancelled
	}
	return c, err
}

func (tx *Tx) calendarDays(where string, args ...any) ([]CalendarDay, error) {
	rows, err := tx.query(calendarCols+" WHERE "+where+" ORDER BY c.day, c.id", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []CalendarDay{}
	for rows.Next() {
		c, err := scanCalendarDay(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Calendar is the working-day calendar with every announcement in force.
// The calendar is the same for everyone: it reads no organisation, so it
// needs no scope. A use case reads it once and computes every deadline of
// the request with it.
func (tx *Tx) Calendar() (*domain.Calendar, error) {
	days, err := tx.calendarDays("c.cancelled_at IS NULL")
	if err != nil {
		return nil, err
	}
	ann := make([]domain.AnnouncedDay, len(days))
	for i, d := range days {
		ann[i] = d.AnnouncedDay
	}
	return domain.NewCalendar(ann), nil
}

// CalendarDays lists the announcements of days from a to b, cancelled ones
// too, in date order.
func (tx *Tx) CalendarDays(a, b domain.Date) ([]CalendarDay, error) {
	return tx.calendarDays("c.day >= ? AND c.day <= ?", a, b)
}

// CalendarDay reads one announcement.
func (tx *Tx) CalendarDay(id int64) (CalendarDay, error) {
	c, err := scanCalendarDay(tx.queryRow(calendarCols+" WHERE c.id = ?", id))
	if isNoRows(err) {
		return c, domain.ErrNotFound
	}
	return c, err
}

var actCalendarAdd = newAction("calendar.add", "nhập ngày nghỉ, ngày làm bù theo thông báo")

// AddCalendarDay records an announced day an administrator checked against
// the calendar, audited.
func (tx *Tx) AddCalendarDay(d domain.AnnouncedDay) (CalendarDay, error) {
	if !tx.actor.All() {
		return CalendarDay{}, errForbiddenWrite
	}
	id, err := tx.insert("INSERT INTO calendar_days (day, kind, note, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
		d.Date, string(d.Kind), d.Note, nullID(tx.actor.UserID), tx.db.stamp())
	if err != nil {
		return CalendarDay{}, err
	}
	if err := tx.audit(actCalendarAdd, entCalendarDay, id, "", nil, d); err != nil {
		return CalendarDay{}, err
	}
	return tx.CalendarDay(id)
}

var actCalendarCancel = newAction("calendar.cancel", "hủy ngày nghỉ, ngày làm bù đã nhập")

// CancelCalendarDay takes an announcement out of force, with the reason;
// the row stays, audited.
func (tx *Tx) CancelCalendarDay(c CalendarDay, reason string) (CalendarDay, error) {
	if !tx.actor.All() {
		return CalendarDay{}, errForbiddenWrite
	}
	res, err := tx.exec("UPDATE calendar_days SET cancelled_at = ?, cancelled_by = ?, cancel_reason = ? WHERE id = ? AND cancelled_at IS NULL",
		tx.db.stamp(), nullID(tx.actor.UserID), reason, c.ID)
	if err != nil {
		return CalendarDay{}, err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return CalendarDay{}, &domain.Error{Code: domain.CodeConflict, Message: "Ngày này đã được hủy trước đó."}
	}
	if err := tx.audit(actCalendarCancel, entCalendarDay, c.ID, "", c.AnnouncedDay, map[string]any{"cancelled": true, "reason": reason}); err != nil {
		return CalendarDay{}, err
	}
	return tx.CalendarDay(c.ID)
}
