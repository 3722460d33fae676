package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dangvien/internal/app/calendar"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// The working-day calendar: its API and its screen (RULES.md: Working days).

func (s *Server) calendarService() *calendar.Service { return &calendar.Service{DB: s.DB} }

type cancelDayBody struct {
	Reason string `json:"reason"`
}

func (s *Server) apiCalendar(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	year, err := queryInt(r, "year")
	if err != nil {
		return err
	}
	if year == 0 {
		year = domain.DateOf(s.DB.Now()).Year()
	}
	from, err := queryDate(r, "from")
	if err != nil {
		return err
	}
	days, err := queryInt(r, "days")
	if err != nil {
		return err
	}
	v, err := s.calendarService().Year(r.Context(), a, calendar.Query{Year: year, From: from, Days: days})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) apiCalendarAdd(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in domain.AnnouncedDay
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	v, err := s.calendarService().Add(r.Context(), a, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Server) apiCalendarCancel() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in cancelDayBody) (store.CalendarDay, error) {
		return s.calendarService().Cancel(r.Context(), a, id, in.Reason)
	})
}

// calendarPage is a year of the calendar as a screen, with the deadline
// calculator and the administrator's form.
type calendarPage struct {
	calendar.CalendarYear
	Prev, Next int
	Weekdays   []string
	DueFrom    string // the calculator's fields as typed
	DueDays    string
	DueError   string
	Raw        map[string]string // the form to enter a day, as typed
	Error      string
	Errs       map[string]string
	Confirm    bool
	Now        domain.DayInfo // what the day to enter is now, shown for confirmation
	Kinds      []option
}

// calendarPageFor reads year and, when from or days are given, the
// deadline; a bad deadline is said beside the calculator, the year shown
// all the same.
func (s *Server) calendarPageFor(r *http.Request, sess store.Session, year int, from, days string) (calendarPage, error) {
	p := calendarPage{DueFrom: from, DueDays: days, Prev: year - 1, Next: year + 1, Raw: map[string]string{}, Errs: map[string]string{},
		Weekdays: []string{"T2", "T3", "T4", "T5", "T6", "T7", "CN"},
		Kinds:    []option{{string(domain.AnnouncedOff), domain.AnnouncedOff.Label()}, {string(domain.AnnouncedWork), domain.AnnouncedWork.Label()}}}
	q := calendar.Query{Year: year}
	if strings.TrimSpace(from) != "" || strings.TrimSpace(days) != "" {
		d, derr := domain.ParseDate(from)
		n, nerr := strconv.Atoi(digitsOnly(days))
		switch {
		case derr != nil || d.IsZero():
			p.DueError = "Ngày bắt đầu có dạng dd/mm/yyyy."
		case nerr != nil:
			p.DueError = "Số ngày làm việc là một số."
		default:
			q.From, q.Days = d, n
		}
	}
	v, err := s.calendarService().Year(r.Context(), sess.Actor, q)
	var de *domain.Error
	if errors.As(err, &de) && de.Code == domain.CodeInvalid && !q.From.IsZero() && de.Fields["year"] == "" {
		p.DueError = strings.Join(fieldMessages(de), " ")
		v, err = s.calendarService().Year(r.Context(), sess.Actor, calendar.Query{Year: year})
	}
	p.CalendarYear = v
	return p, err
}

func fieldMessages(e *domain.Error) []string {
	var out []string
	for _, k := range []string{"from", "days"} {
		if m := e.Fields[k]; m != "" {
			out = append(out, m)
		}
	}
	if len(out) == 0 {
		out = append(out, e.Message)
	}
	return out
}

// yearParam reads the year a calendar screen shows: nam, or this year.
func (s *Server) yearParam(v string) (int, error) {
	if strings.TrimSpace(v) == "" {
		return domain.DateOf(s.DB.Now()).Year(), nil
	}
	y, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || y < domain.CalendarFirstYear || y > domain.CalendarLastYear {
		return 0, badParam("nam", fmt.Sprintf("Năm từ %d đến %d.", domain.CalendarFirstYear, domain.CalendarLastYear))
	}
	return y, nil
}

func (s *Server) calendarScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	q := r.URL.Query()
	year, err := s.yearParam(q.Get("nam"))
	if err != nil {
		return err
	}
	p, err := s.calendarPageFor(r, sess, year, q.Get("tu"), q.Get("so"))
	if err != nil {
		return err
	}
	code := http.StatusOK
	if p.DueError != "" {
		code = http.StatusUnprocessableEntity
	}
	flash := map[string]string{"them": "Đã nhập ngày theo thông báo.", "huy": "Đã hủy ngày đã nhập; dòng vẫn được lưu trong danh sách."}[q.Get("da-luu")]
	s.render(w, code, "calendar", view{Title: fmt.Sprintf("Lịch làm việc năm %d", year), Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

// calendarSave enters an announced day once confirmed, or cancels one.
func (s *Server) calendarSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx, a, svc := r.Context(), sess.Actor, s.calendarService()
	year, err := s.yearParam(r.PostFormValue("nam"))
	if err != nil {
		return err
	}
	raw := map[string]string{}
	for _, k := range []string{"date", "kind", "note"} {
		raw[k] = r.PostFormValue(k)
	}
	fail := func(err error) error {
		var de *domain.Error
		if !errors.As(err, &de) || (de.Code != domain.CodeInvalid && de.Code != domain.CodeConflict) {
			return err
		}
		p, perr := s.calendarPageFor(r, sess, year, "", "")
		if perr != nil {
			return perr
		}
		p.Raw, p.Error = raw, de.Message
		if de.Fields != nil {
			p.Errs = de.Fields
		}
		s.render(w, http.StatusUnprocessableEntity, "calendar", view{Title: fmt.Sprintf("Lịch làm việc năm %d", year), Actor: &a, CSRF: sess.CSRF, Page: p})
		return nil
	}
	switch r.PostFormValue("action") {
	case "add":
		d, derr := domain.ParseDate(raw["date"])
		if derr != nil {
			if !a.All() {
				return domain.ErrForbiddenWrite
			}
			return fail(badParam("date", "Ngày có dạng dd/mm/yyyy."))
		}
		in := domain.AnnouncedDay{Date: d, Kind: domain.AnnouncedKind(raw["kind"]), Note: raw["note"]}
		if r.PostFormValue("confirmed") != "1" {
			now, err := svc.CheckAdd(ctx, a, in)
			if err != nil {
				return fail(err)
			}
			p, err := s.calendarPageFor(r, sess, d.Year(), "", "")
			if err != nil {
				return err
			}
			p.Raw, p.Confirm, p.Now = raw, true, now
			s.render(w, http.StatusOK, "calendar", view{Title: "Xác nhận ngày theo thông báo", Actor: &a, CSRF: sess.CSRF, Page: p})
			return nil
		}
		if _, err := svc.Add(ctx, a, in); err != nil {
			return fail(err)
		}
		year = d.Year()
		http.Redirect(w, r, fmt.Sprintf("/lich-lam-viec?nam=%d&da-luu=them#thong-bao", year), http.StatusSeeOther)
		return nil
	case "cancel":
		id, _ := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
		if r.PostFormValue("confirmed") != "1" {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Chưa xác nhận hủy ngày đã nhập."}
		}
		if id <= 0 {
			return domain.ErrNotFound
		}
		if _, err := svc.Cancel(ctx, a, id, r.PostFormValue("reason")); err != nil {
			return fail(err)
		}
		http.Redirect(w, r, fmt.Sprintf("/lich-lam-viec?nam=%d&da-luu=huy#thong-bao", year), http.StatusSeeOther)
		return nil
	}
	return domain.ErrNotFound
}
