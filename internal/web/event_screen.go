package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

type eventPage struct {
	M           domain.Member
	Kinds       []option
	Disciplines []option
	Cells       []option
	Raw         map[string]string
	Errs        map[string]string
	Error       string
	Confirm     bool
	KindLabel   string
	F           domain.Event
	// Only holds, for an input that belongs to some kinds of event only,
	// those kinds (data-kinds: the script shows it only for them).
	Only map[string]string
}

func newEventPage(v members.EventFormView, raw, errs map[string]string) eventPage {
	p := eventPage{M: v.Member, Raw: raw, Errs: errs, Disciplines: sortedOptions(domain.DisciplineForms), Only: map[string]string{}}
	for _, k := range domain.LaterEvents {
		for _, f := range domain.EventFields(k) {
			p.Only[f] = strings.TrimSpace(p.Only[f] + " " + string(k))
		}
	}
	for _, k := range v.Kinds {
		p.Kinds = append(p.Kinds, option{string(k), k.Label()})
	}
	for _, c := range v.Cells {
		p.Cells = append(p.Cells, option{strconv.FormatInt(c.ID, 10), c.Name})
	}
	return p
}

func (s *Server) eventForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Members.EventForm(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	p := newEventPage(v, map[string]string{"date": domain.DateOf(s.DB.Now()).String()}, map[string]string{})
	s.render(w, http.StatusOK, "event", view{Title: "Ghi sự kiện", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}

// eventSave records an event; an irreversible one first asks to confirm.
func (s *Server) eventSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Members.EventForm(r.Context(), sess.Actor, id) // in scope, writable; the form to show again
	if err != nil {
		return err
	}
	raw := map[string]string{}
	for _, k := range []string{"kind", "date", "decision_number", "reason", "discipline", "to_org_id"} {
		raw[k] = r.PostFormValue(k)
	}
	errs := map[string]string{}
	e := domain.Event{Kind: domain.EventKind(raw["kind"]), Reason: raw["reason"], Decision: raw["decision_number"], Discipline: raw["discipline"]}
	if e.Date, err = domain.ParseDate(raw["date"]); err != nil {
		errs["date"] = domain.DayReason(raw["date"])
	} else if e.Date.IsZero() {
		errs["date"] = "Chưa nhập ngày."
	}
	if raw["to_org_id"] != "" {
		e.ToOrgID, _ = strconv.ParseInt(raw["to_org_id"], 10, 64)
	}
	p := newEventPage(v, raw, errs)
	if len(errs) > 0 {
		p.Error = "Dữ liệu chưa hợp lệ, xin kiểm tra lại."
		s.render(w, http.StatusUnprocessableEntity, "event", view{Title: "Ghi sự kiện", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if e.Kind.Irreversible() && r.PostFormValue("confirmed") != "1" {
		p.Confirm, p.KindLabel, p.F = true, e.Kind.Label(), e
		s.render(w, http.StatusOK, "event", view{Title: "Xác nhận ghi sự kiện", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	_, _, err = s.Members.AddEvent(r.Context(), sess.Actor, id, e)
	var de *domain.Error
	if errors.As(err, &de) && de.Code == domain.CodeInvalid {
		for k, v := range de.Fields {
			errs[k] = v
		}
		p.Error = de.Message
		s.render(w, http.StatusUnprocessableEntity, "event", view{Title: "Ghi sự kiện", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/dang-vien/%d?da-ghi=1", id), http.StatusSeeOther)
	return nil
}
