// Package calendar holds the user actions on the working-day calendar
// (RULES.md: Working days): everyone who works in the system reads a
// year's calendar and works out a deadline in working days; an
// administrator enters the days each year's announcement makes off or
// working, and cancels one entered in error.
//
// Other use cases that count working days read the calendar in their own
// transaction with tx.Calendar() and call domain.AddWorkingDays.
package calendar

import (
	"context"
	"fmt"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// Service runs the calendar actions against a database.
type Service struct{ DB *store.DB }

// CalendarYear is a year of the working-day calendar: each month's grid and
// count of working days, the holidays and announced days, and the year's
// announcements as entered (cancelled ones too).
type CalendarYear struct {
	Year      int                 `json:"year"`
	Working   int                 `json:"working_days"`
	Months    []CalendarMonth     `json:"months"`
	Days      []domain.DayInfo    `json:"days"` // every day that is not an ordinary weekday or weekend, in date order
	Announced []store.CalendarDay `json:"announced"`
	Deadline  *CalendarDeadline   `json:"deadline,omitempty"`
	Today     domain.Date         `json:"-"`
	CanWrite  bool                `json:"-"`
}

// CalendarMonth is one month: its working days, and its days as weeks from
// Monday to Sunday for the screen (days of other months are zero).
type CalendarMonth struct {
	Month   int                 `json:"month"`
	Name    string              `json:"name"`
	Working int                 `json:"working_days"`
	Days    int                 `json:"days"`
	Weeks   [][7]domain.DayInfo `json:"-"`
	Named   []domain.DayInfo    `json:"-"` // the month's days with a name, for a screen too narrow for the grid's hints
}

// CalendarDeadline is a deadline in working days: the day it falls on and the
// days off on the way that are not weekends.
type CalendarDeadline struct {
	From     domain.Date      `json:"from"`
	Days     int              `json:"days"`
	Due      domain.Date      `json:"due"`
	Weekday  string           `json:"due_weekday"`
	Calendar int              `json:"calendar_days"` // calendar days from From to Due
	Skipped  []domain.DayInfo `json:"skipped"`       // holidays, days in lieu and announced days off passed over
}

// Query asks for a year and, optionally, a deadline: Days working days
// after From.
type Query struct {
	Year int
	From domain.Date
	Days int
}

func (q Query) check() error {
	f := domain.Fields{}
	if q.Year < domain.CalendarFirstYear || q.Year > domain.CalendarLastYear {
		f.Add("year", fmt.Sprintf("Năm từ %d đến %d.", domain.CalendarFirstYear, domain.CalendarLastYear))
	}
	if q.From.IsZero() && q.Days == 0 {
		return f.Err()
	}
	if q.From.IsZero() || q.From.Year() < domain.CalendarFirstYear || q.From.Year() > domain.CalendarLastYear-5 {
		f.Add("from", fmt.Sprintf("Cần ngày bắt đầu dạng dd/mm/yyyy, từ năm %d đến năm %d.", domain.CalendarFirstYear, domain.CalendarLastYear-5))
	}
	if q.Days < 1 || q.Days > domain.MaxDeadlineDays {
		f.Add("days", fmt.Sprintf("Số ngày làm việc từ 1 đến %d.", domain.MaxDeadlineDays))
	}
	return f.Err()
}

// Year reads a year of the calendar and, when asked, works out a deadline,
// in one snapshot. Members of the party have no use for it.
func (s *Service) Year(ctx context.Context, a domain.Actor, q Query) (CalendarYear, error) {
	if a.Role == domain.RoleMember {
		return CalendarYear{}, domain.ErrNotFound
	}
	if err := q.check(); err != nil {
		return CalendarYear{}, err
	}
	v := CalendarYear{Year: q.Year, CanWrite: a.All()}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		v.Today = tx.Today()
		cal, err := tx.Calendar()
		if err != nil {
			return err
		}
		if v.Announced, err = tx.CalendarDays(domain.NewDate(q.Year, time.January, 1), domain.NewDate(q.Year, time.December, 31)); err != nil {
			return err
		}
		v.Months, v.Working = months(q.Year, cal)
		v.Days = cal.Holidays(q.Year)
		if !q.From.IsZero() {
			d := deadline(q.From, q.Days, cal)
			v.Deadline = &d
		}
		return nil
	})
	return v, err
}

// months lays out the twelve months of year y.
func months(y int, cal *domain.Calendar) ([]CalendarMonth, int) {
	out := make([]CalendarMonth, 0, 12)
	total := 0
	for m := time.January; m <= time.December; m++ {
		first := domain.NewDate(y, m, 1)
		mv := CalendarMonth{Month: int(m), Name: fmt.Sprintf("Tháng %d", m)}
		var week [7]domain.DayInfo
		for d := first; d.Time().Month() == m; d = d.AddDays(1) {
			col := (int(d.Time().Weekday()) + 6) % 7 // Monday first
			day := cal.Day(d)
			week[col] = day
			mv.Days++
			if day.Working {
				mv.Working++
			}
			if day.Name != "" {
				mv.Named = append(mv.Named, day)
			}
			if col == 6 {
				mv.Weeks, week = append(mv.Weeks, week), [7]domain.DayInfo{}
			}
		}
		if week != ([7]domain.DayInfo{}) {
			mv.Weeks = append(mv.Weeks, week)
		}
		total += mv.Working
		out = append(out, mv)
	}
	return out, total
}

func deadline(from domain.Date, n int, cal *domain.Calendar) CalendarDeadline {
	due := domain.AddWorkingDays(from, n, cal)
	v := CalendarDeadline{From: from, Days: n, Due: due, Weekday: due.WeekdayName(), Skipped: []domain.DayInfo{},
		Calendar: int(due.Time().Sub(from.Time()).Hours() / 24)}
	for d := from.AddDays(1); d.Before(due); d = d.AddDays(1) {
		if day := cal.Day(d); !day.Working && day.Kind != domain.DayWeekend {
			v.Skipped = append(v.Skipped, day)
		}
	}
	return v
}

// Add records a day of a year's announcement: a day off or a make-up
// working day. Only an administrator may; the day is checked against the
// calendar as it stands in the same transaction.
func (s *Service) Add(ctx context.Context, a domain.Actor, in domain.AnnouncedDay) (store.CalendarDay, error) {
	if !a.All() {
		return store.CalendarDay{}, domain.ErrForbiddenWrite
	}
	in.Note = viet.Clean(in.Note)
	var out store.CalendarDay
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		cal, err := tx.Calendar()
		if err != nil {
			return err
		}
		if err := domain.CheckAnnouncedDay(in, cal); err != nil {
			return err
		}
		out, err = tx.AddCalendarDay(in)
		return err
	})
	return out, err
}

// CheckAdd checks a day as Add does, writing nothing, and tells what the
// day is now: what an administrator confirms before entering it.
func (s *Service) CheckAdd(ctx context.Context, a domain.Actor, in domain.AnnouncedDay) (domain.DayInfo, error) {
	if !a.All() {
		return domain.DayInfo{}, domain.ErrForbiddenWrite
	}
	in.Note = viet.Clean(in.Note)
	var now domain.DayInfo
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		cal, err := tx.Calendar()
		if err != nil {
			return err
		}
		if err := domain.CheckAnnouncedDay(in, cal); err != nil {
			return err
		}
		now = cal.Day(in.Date)
		return nil
	})
	return now, err
}

// Cancel takes an announced day out of the calendar, with the reason; the
// entry stays, marked cancelled. Only an administrator may.
func (s *Service) Cancel(ctx context.Context, a domain.Actor, id int64, reason string) (store.CalendarDay, error) {
	if !a.All() {
		return store.CalendarDay{}, domain.ErrForbiddenWrite
	}
	reason = viet.Clean(reason)
	if err := domain.CheckCancelReason(reason); err != nil {
		return store.CalendarDay{}, err
	}
	var out store.CalendarDay
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		c, err := tx.CalendarDay(id)
		if err != nil {
			return err
		}
		if c.CancelledAt != nil {
			return &domain.Error{Code: domain.CodeConflict, Message: fmt.Sprintf("Ngày %s đã được hủy trước đó.", c.Date)}
		}
		out, err = tx.CancelCalendarDay(c, reason)
		return err
	})
	return out, err
}
