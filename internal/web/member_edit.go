package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// formField is one labelled input of the edit form with its error.
type formField struct {
	Name, Label string
	Input       template.HTML
	Err         string
}

type fieldGroup struct {
	Title  string
	Fields []formField
}

type editPage struct {
	ID                  int64
	Version             int // the version the form was opened at, sent back with it
	Name, Error         string
	Admission, Official string
	Decision            string // the admission decision's date
	DecisionCopied      bool   // still the ceremony's day, to be confirmed
	Groups              []fieldGroup
	Problems            []formField          // the fields with an error, for the summary at the top
	Changes             []domain.FieldChange // what someone else changed meanwhile
}

// editGroups builds the form's inputs from domain.MemberFieldTable and the
// record's values, or what the user typed (raw) when the form comes back;
// every value is escaped here, the only place that writes raw HTML for the
// template.
func editGroups(f domain.MemberFields, errs map[string]string, raw map[string]string) []fieldGroup {
	var out []fieldGroup
	for _, fd := range domain.MemberFieldTable {
		if fd.ByEvent {
			continue
		}
		if len(out) == 0 || out[len(out)-1].Title != fd.Group {
			out = append(out, fieldGroup{Title: fd.Group})
		}
		g := &out[len(out)-1]
		g.Fields = append(g.Fields, formInput(fd, fd.Text(&f), errs, raw))
	}
	return out
}

// formInput is the input of one field: a text box, a date box, a list or a
// check box.
func formInput(fd domain.MemberField, v string, errs, raw map[string]string) formField {
	name := fd.Name
	if r, ok := raw[name]; ok {
		v = r // what the user typed, even when it did not parse
	}
	label := fd.Label
	if fd.Hint != "" {
		label += " (" + fd.Hint + ")"
	}
	esc := template.HTMLEscapeString
	var b strings.Builder
	switch fd.Kind {
	case domain.FieldFlag:
		c := ""
		if v != "" {
			c = " checked"
		}
		fmt.Fprintf(&b, `<input type="checkbox" id="%s" name="%s" value="1"%s>`, name, name, c)
	case domain.FieldChoice:
		fmt.Fprintf(&b, `<select id="%s" name="%s"%s>`, name, name, invalid(name, errs))
		if fd.Required == "" {
			b.WriteString(`<option value="">—</option>`)
		}
		for _, o := range sortedOptions(fd.Choices) {
			s := ""
			if o.V == v {
				s = " selected"
			}
			fmt.Fprintf(&b, `<option value="%s"%s>%s</option>`, esc(o.V), s, esc(o.L))
		}
		b.WriteString(`</select>`)
	default:
		attrs := ""
		switch {
		case fd.Kind == domain.FieldDate:
			label += " (dd/mm/yyyy)"
			attrs = ` inputmode="numeric" placeholder="dd/mm/yyyy"`
		case fd.Input != "":
			attrs = ` inputmode="` + esc(fd.Input) + `"`
		case fd.Required != "":
			attrs = ` autocomplete="off" required`
		}
		fmt.Fprintf(&b, `<input id="%s" name="%s" value="%s"%s%s>`, name, name, esc(v), attrs, invalid(name, errs))
	}
	return formField{Name: name, Label: label, Err: errs[name], Input: template.HTML(b.String())}
}

func invalid(name string, errs map[string]string) string {
	if errs[name] != "" {
		return fmt.Sprintf(` aria-invalid="true" aria-describedby="%s-err"`, name)
	}
	return ""
}

func (s *Server) memberEditForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.Members.Editable(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	s.renderEdit(w, http.StatusOK, sess, editPage{Version: m.Version}, m, nil, nil)
	return nil
}

// renderEdit shows the form of record m, with the user's typed values (raw)
// and the problems found (errs) when it comes back.
func (s *Server) renderEdit(w http.ResponseWriter, code int, sess store.Session, p editPage, m domain.Member, errs, raw map[string]string) {
	p.ID, p.Name, p.Admission, p.Official = m.ID, m.FullName, m.AdmissionDate.String(), m.OfficialDate.String()
	p.Decision, p.DecisionCopied = m.DecisionDate.String(), m.DecisionCopied
	p.Groups = editGroups(m.MemberFields, errs, raw)
	for _, g := range p.Groups {
		for _, fl := range g.Fields {
			if fl.Err != "" {
				p.Problems = append(p.Problems, fl)
			}
		}
	}
	s.render(w, code, "member_edit", view{Title: "Sửa hồ sơ " + m.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
}

// parseMemberForm reads the edit form by domain.MemberFieldTable: the
// fields, what was typed, and the values that could not be read.
func parseMemberForm(r *http.Request) (domain.MemberFields, map[string]string, domain.Fields) {
	var f domain.MemberFields
	raw, bad := map[string]string{}, domain.Fields{}
	for _, fd := range domain.MemberFieldTable {
		if fd.ByEvent {
			continue
		}
		raw[fd.Name] = r.PostFormValue(fd.Name)
		if reason := fd.Set(&f, raw[fd.Name]); reason != "" {
			bad.Add(fd.Name, reason)
		}
	}
	return f, raw, bad
}

// mergeTyped lays what a user typed over the record someone else changed
// meanwhile: a field the user left as it was when they opened the form
// shows its current value, so that saving again keeps the other change; a
// field the user changed keeps their value, and is marked when the other
// person changed it too.
func mergeTyped(c *members.Conflict, raw map[string]string) (map[string]string, map[string]string) {
	if c.Base == nil {
		return raw, map[string]string{} // the version they opened is unknown: keep all they typed
	}
	typed, errs := map[string]string{}, map[string]string{}
	for _, fd := range domain.MemberFieldTable {
		v, ok := raw[fd.Name]
		if !ok || v == fd.Text(c.Base) {
			continue // untouched: the current value
		}
		typed[fd.Name] = v
		if now := fd.Text(&c.Current.MemberFields); now != fd.Text(c.Base) && now != v {
			shown := fd.Display(&c.Current.MemberFields)
			if shown == "" {
				shown = "(để trống)"
			}
			errs[fd.Name] = "Trong lúc bạn sửa, ô này đã được sửa thành «" + shown + "»; ô đang giữ giá trị bạn nhập."
		}
	}
	return typed, errs
}

func (s *Server) memberSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.Members.Editable(r.Context(), sess.Actor, id) // 404, 403 before reading the form
	if err != nil {
		return err
	}
	f, raw, bad := parseMemberForm(r)
	p := editPage{Version: m.Version}
	var ifMatch []int
	if v, err := strconv.Atoi(r.PostFormValue("version")); err == nil && v > 0 {
		p.Version, ifMatch = v, []int{v}
	}
	if len(bad) == 0 {
		_, err = s.Members.Update(r.Context(), sess.Actor, id, f, ifMatch)
	} else {
		err = bad.Err()
	}
	var c *members.Conflict
	var de *domain.Error
	switch {
	case errors.As(err, &c):
		// Someone saved meanwhile: show what they changed, keep what this
		// user typed, and let a second save (from the version now shown)
		// write it knowingly.
		p.Error, p.Changes, p.Version = c.Err.Message, c.Changes, c.Current.Version
		typed, errs := mergeTyped(c, raw)
		s.renderEdit(w, http.StatusConflict, sess, p, c.Current, errs, typed)
		return nil
	case errors.As(err, &de) && de.Code == domain.CodeInvalid:
		errs := map[string]string{}
		for k, v := range de.Fields {
			errs[k] = v
		}
		p.Error = de.Message
		s.renderEdit(w, http.StatusUnprocessableEntity, sess, p, m, errs, raw)
		return nil
	case err != nil:
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/dang-vien/%d?da-luu=1", id), http.StatusSeeOther)
	return nil
}
