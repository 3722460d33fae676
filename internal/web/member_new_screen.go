package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// firstKinds are the events a record starts with, as the form offers them.
var firstKinds = []option{{string(domain.EventAdmitted), "Kết nạp (đảng viên mới)"}, {string(domain.EventTransferredIn), "Chuyển sinh hoạt đến (từ đảng bộ khác)"}}

// kindField is an input of the form that belongs to some first events only
// (Kinds, data-kinds for the script).
type kindField struct {
	formField
	Kinds string
}

type newMemberPage struct {
	Org      domain.Org
	Cells    []option
	More     bool
	Kinds    []option
	Raw      map[string]string
	Errs     map[string]string
	Error    string
	Dates    []kindField  // the record's dates that come with the first event
	Groups   []fieldGroup // the record's own fields
	Problems []formField
}

// firstEventKinds says which first events bring a date field of the record
// that follows from the events (ByEvent): a transfer in brings every one of
// them; an admission gives the ceremony's day as its own date and no
// official date yet, and asks for the others (the admission decision's).
// The record's flags that follow from the events are worked out, not typed.
func firstEventKinds(fd domain.MemberField) string {
	switch {
	case fd.Kind != domain.FieldDate:
		return ""
	case fd.Name == "admission_date" || fd.Name == "official_date":
		return string(domain.EventTransferredIn)
	}
	return string(domain.EventAdmitted) + " " + string(domain.EventTransferredIn)
}

func newMemberPageFor(v members.NewFormView, raw, errs map[string]string) newMemberPage {
	p := newMemberPage{Org: v.Org, More: v.More, Kinds: firstKinds, Raw: raw, Errs: errs}
	for _, c := range v.Cells {
		p.Cells = append(p.Cells, option{strconv.FormatInt(c.ID, 10), c.Name + " (" + c.Code + ")"})
	}
	var blank domain.MemberFields
	for _, fd := range domain.MemberFieldTable {
		if !fd.ByEvent {
			continue
		}
		if k := firstEventKinds(fd); k != "" {
			p.Dates = append(p.Dates, kindField{formInput(fd, "", errs, raw), k})
		}
	}
	p.Groups = editGroups(blank, errs, raw)
	for _, f := range p.Dates {
		if f.Err != "" {
			p.Problems = append(p.Problems, f.formField)
		}
	}
	for _, g := range p.Groups {
		for _, f := range g.Fields {
			if f.Err != "" {
				p.Problems = append(p.Problems, f)
			}
		}
	}
	return p
}

func (s *Server) renderNewMember(w http.ResponseWriter, code int, sess store.Session, p newMemberPage) {
	s.render(w, code, "member_new", view{Title: "Thêm đảng viên: " + p.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
}

// memberNewForm is the form that opens one member's record, with its first
// event, under a cell (or a committee, choosing the cell).
func (s *Server) memberNewForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Members.NewForm(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	raw := map[string]string{"kind": string(domain.EventAdmitted)}
	s.renderNewMember(w, http.StatusOK, sess, newMemberPageFor(v, raw, map[string]string{}))
	return nil
}

// memberNewSave opens the record (members.Service.Create); a refusal shows
// the form again with what was typed and the reason by each field.
func (s *Server) memberNewSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Members.NewForm(r.Context(), sess.Actor, id) // in scope, writable, open: before the form is read
	if err != nil {
		return err
	}
	raw, bad := map[string]string{}, domain.Fields{}
	for _, k := range []string{"org_id", "kind", "date", "decision_number", "reason"} {
		raw[k] = r.PostFormValue(k)
	}
	kind := domain.EventKind(raw["kind"])
	first := domain.Event{Kind: kind, Decision: raw["decision_number"], Reason: raw["reason"]}
	if first.Date, err = domain.ParseDate(raw["date"]); err != nil {
		bad.Add("date", domain.DayReason(raw["date"]))
	}
	cell := v.Org.ID
	if !v.Org.Kind.IsCell() {
		if cell, err = strconv.ParseInt(raw["org_id"], 10, 64); err != nil || cell <= 0 {
			bad.Add("org_id", "Chưa chọn chi bộ.")
		}
	}
	var f domain.MemberFields
	for _, fd := range domain.MemberFieldTable {
		kinds := firstEventKinds(fd)
		switch {
		case fd.ByEvent && kinds == "":
			continue // worked out from the events
		case fd.ByEvent && !slices.Contains(strings.Fields(kinds), string(kind)):
			continue // a field of the other first event
		}
		raw[fd.Name] = r.PostFormValue(fd.Name)
		if reason := fd.Set(&f, raw[fd.Name]); reason != "" {
			bad.Add(fd.Name, reason)
		}
	}
	first.Decided = f.DecisionDate // the admission decision's day, beside the ceremony's
	if len(bad) == 0 {
		var m domain.Member
		if m, err = s.Members.Create(r.Context(), sess.Actor, cell, f, first); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/dang-vien/%d?da-tao=1", m.ID), http.StatusSeeOther)
			return nil
		}
	} else {
		err = bad.Err()
	}
	var de *domain.Error
	if !errors.As(err, &de) || de.Code != domain.CodeInvalid {
		return err
	}
	errs := map[string]string{}
	for k, reason := range de.Fields {
		errs[k] = reason
	}
	p := newMemberPageFor(v, raw, errs)
	p.Error = de.Message
	s.renderNewMember(w, http.StatusUnprocessableEntity, sess, p)
	return nil
}
