package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

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
}

// eventKinds are the events a user records on an existing record; admission
// and transfer in open a record and are not offered here.
var eventKinds = []domain.EventKind{domain.EventRecognised, domain.EventMoved, domain.EventExempted, domain.EventRestored,
	domain.EventDisciplined, domain.EventTransferredOut, domain.EventRemoved, domain.EventExpelled, domain.EventLeft, domain.EventDied}

func (s *Server) eventPage(r *http.Request, sess store.Session, m domain.Member, raw, errs map[string]string) (eventPage, error) {
	p := eventPage{M: m, Raw: raw, Errs: errs}
	for _, k := range eventKinds {
		p.Kinds = append(p.Kinds, option{string(k), k.Label()})
	}
	p.Disciplines = sortedOptions(domain.DisciplineForms)
	// An internal move stays within one grassroots committee (RULES.md,
	// Transfers): the cells under the member's cell's parent.
	cell, err := s.DB.Org(r.Context(), sess.Actor, m.OrgID)
	if err != nil {
		return p, err
	}
	cells, _, err := s.Orgs.OpenCells(r.Context(), sess.Actor, cell.ParentID, pickerCap)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		err = nil // the parent is outside a secretary's scope: no move to offer
	}
	for _, n := range cells {
		if n.ID != m.OrgID {
			p.Cells = append(p.Cells, option{strconv.FormatInt(n.ID, 10), n.Name})
		}
	}
	return p, err
}

func (s *Server) eventForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	m, err := s.editable(r, sess)
	if err != nil {
		return err
	}
	p, err := s.eventPage(r, sess, m, map[string]string{"date": domain.DateOf(s.DB.Now()).String()}, map[string]string{})
	if err != nil {
		return err
	}
	s.render(w, http.StatusOK, "event", view{Title: "Ghi sự kiện", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}

// eventSave records an event; an irreversible one first asks to confirm.
func (s *Server) eventSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	m, err := s.editable(r, sess)
	if err != nil {
		return err
	}
	raw := map[string]string{}
	for _, k := range []string{"kind", "date", "decision_number", "reason", "discipline", "to_org_id"} {
		raw[k] = r.PostFormValue(k)
	}
	errs := map[string]string{}
	e := domain.Event{Kind: domain.EventKind(raw["kind"]), Reason: raw["reason"], Decision: raw["decision_number"], Discipline: raw["discipline"]}
	if e.Date, err = domain.ParseDate(raw["date"]); err != nil || e.Date.IsZero() {
		errs["date"] = "Ngày phải có dạng dd/mm/yyyy."
	}
	if raw["to_org_id"] != "" {
		e.ToOrgID, _ = strconv.ParseInt(raw["to_org_id"], 10, 64)
	}
	page := func(code int, msg string) error {
		p, err := s.eventPage(r, sess, m, raw, errs)
		if err != nil {
			return err
		}
		p.Error = msg
		s.render(w, code, "event", view{Title: "Ghi sự kiện", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if len(errs) > 0 {
		return page(http.StatusUnprocessableEntity, "Dữ liệu chưa hợp lệ, xin kiểm tra lại.")
	}
	if e.Kind.Irreversible() && r.PostFormValue("confirmed") != "1" {
		p, err := s.eventPage(r, sess, m, raw, errs)
		if err != nil {
			return err
		}
		p.Confirm, p.KindLabel, p.F = true, e.Kind.Label(), e
		s.render(w, http.StatusOK, "event", view{Title: "Xác nhận ghi sự kiện", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	_, _, err = s.DB.AddEvent(r.Context(), sess.Actor, m.ID, e)
	var de *domain.Error
	if errors.As(err, &de) && de.Code == domain.CodeInvalid {
		for k, v := range de.Fields {
			errs[k] = v
		}
		return page(http.StatusUnprocessableEntity, de.Message)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/dang-vien/%d?da-ghi=1", m.ID), http.StatusSeeOther)
	return nil
}
