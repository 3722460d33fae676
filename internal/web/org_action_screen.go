package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// orgActions are the changes the screen offers, by the name in its address.
var orgActions = map[string]struct {
	act   orgs.Action
	label string
}{
	"doi-ten":  {orgs.Rename, "Đổi tên tổ chức"},
	"chuyen":   {orgs.Move, "Chuyển sang tổ chức cấp trên khác"},
	"sap-nhap": {orgs.Merge, "Sáp nhập vào tổ chức khác"},
	"giai-the": {orgs.Dissolve, "Giải thể tổ chức"},
}

type orgActionPage struct {
	Org            domain.Org
	Action, Label  string
	Raw, Errs      map[string]string
	Error, Summary string
	Confirm, Final bool
	Targets        []option
}

// orgActionPageFor reads the form of a change: the organisation and the
// organisations it may go under or into.
func (s *Server) orgActionPageFor(r *http.Request, sess store.Session, action string) (orgActionPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return orgActionPage{}, err
	}
	act, ok := orgActions[action]
	if !ok {
		act.act = orgs.Action(action) // not one of them: the form answers not found
	}
	v, err := s.Orgs.ActionForm(r.Context(), sess.Actor, id, act.act)
	if err != nil {
		return orgActionPage{}, err
	}
	p := orgActionPage{Org: v.Org, Action: action, Label: act.label, Errs: map[string]string{},
		Raw: map[string]string{"date": domain.DateOf(s.DB.Now()).String(), "name": v.Org.Name}}
	for _, t := range v.Targets {
		p.Targets = append(p.Targets, option{strconv.FormatInt(t.ID, 10), t.Name + " (" + t.Code + ")"})
	}
	return p, nil
}

func (s *Server) orgActionForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.orgActionPageFor(r, sess, r.URL.Query().Get("loai"))
	if err != nil {
		return err
	}
	s.render(w, http.StatusOK, "org_action", view{Title: p.Label, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}

// orgActionSave shows what will be done and, once confirmed, does it under
// the decision's number and date.
func (s *Server) orgActionSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.orgActionPageFor(r, sess, r.PostFormValue("loai"))
	if err != nil {
		return err
	}
	for _, k := range []string{"name", "target", "decision_number", "date", "reason"} {
		p.Raw[k] = r.PostFormValue(k)
	}
	ch := orgs.Change{Action: orgActions[p.Action].act, Name: p.Raw["name"], Decision: domain.Decision{Number: p.Raw["decision_number"], Reason: p.Raw["reason"]}}
	d, derr := domain.ParseDate(p.Raw["date"])
	ch.Date = d
	ch.TargetID, _ = strconv.ParseInt(p.Raw["target"], 10, 64)
	fail := func(err error) error {
		var de *domain.Error
		if !errors.As(err, &de) || (de.Code != domain.CodeInvalid && de.Code != domain.CodeConflict) {
			return err
		}
		p.Error, p.Errs, p.Confirm = de.Message, de.Fields, false
		s.render(w, http.StatusUnprocessableEntity, "org_action", view{Title: p.Label, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if derr != nil {
		return fail(&domain.Error{Code: domain.CodeInvalid, Message: "Ngày quyết định phải có dạng dd/mm/yyyy.", Fields: domain.Fields{"date": "Ngày quyết định phải có dạng dd/mm/yyyy."}})
	}
	if err := domain.ValidateDecision(&ch.Decision); err != nil {
		return fail(err)
	}
	if r.PostFormValue("confirmed") != "1" {
		p.Confirm = true
		targetName := p.Raw["target"]
		for _, t := range p.Targets {
			if t.V == p.Raw["target"] {
				targetName = t.L
			}
		}
		switch ch.Action {
		case orgs.Rename:
			p.Summary = fmt.Sprintf("Đổi tên «%s» thành «%s».", p.Org.Name, p.Raw["name"])
		case orgs.Move:
			p.Summary = fmt.Sprintf("Chuyển «%s» cùng các tổ chức trực thuộc và đảng viên sang trực thuộc %s.", p.Org.Name, targetName)
		case orgs.Merge:
			p.Summary, p.Final = fmt.Sprintf("Sáp nhập «%s» vào %s: tổ chức trực thuộc và đảng viên chuyển sang, «%s» kết thúc hoạt động.", p.Org.Name, targetName, p.Org.Name), true
		case orgs.Dissolve:
			p.Summary, p.Final = fmt.Sprintf("Giải thể «%s».", p.Org.Name), true
		}
		s.render(w, http.StatusOK, "org_action", view{Title: "Xác nhận: " + p.Label, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	o, err := s.Orgs.Restructure(r.Context(), sess.Actor, p.Org.ID, ch)
	if err != nil {
		return fail(err)
	}
	dest := o.ID
	if ch.Action == orgs.Dissolve {
		dest = o.ParentID
	}
	http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d?da-luu=1", dest), http.StatusSeeOther)
	return nil
}
