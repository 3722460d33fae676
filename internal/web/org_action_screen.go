package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

var orgActions = map[string]string{"doi-ten": "Đổi tên tổ chức", "chuyen": "Chuyển sang tổ chức cấp trên khác", "sap-nhap": "Sáp nhập vào tổ chức khác", "giai-the": "Giải thể tổ chức"}

type orgActionPage struct {
	Org            domain.Org
	Action, Label  string
	Raw, Errs      map[string]string
	Error, Summary string
	Confirm, Final bool
	Targets        []option
}

// orgActionPageFor prepares the form; targets are the open organisations of
// the scope that may hold this one (move) or absorb it (merge, same kind).
func (s *Server) orgActionPageFor(r *http.Request, sess store.Session, action string) (orgActionPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return orgActionPage{}, err
	}
	o, err := s.DB.Org(r.Context(), sess.Actor, id)
	if err != nil {
		return orgActionPage{}, err
	}
	label, ok := orgActions[action]
	if !ok {
		return orgActionPage{}, domain.ErrNotFound
	}
	if !sess.Actor.Role.WritesOrgs() {
		return orgActionPage{}, &domain.Error{Code: domain.CodeForbidden, Message: "Vai trò của bạn không được thay đổi cơ cấu tổ chức."}
	}
	p := orgActionPage{Org: o, Action: action, Label: label, Errs: map[string]string{},
		Raw: map[string]string{"date": domain.DateOf(s.DB.Now()).String(), "name": o.Name}}
	if action == "chuyen" || action == "sap-nhap" {
		tree, err := s.DB.Tree(r.Context(), sess.Actor, domain.Date{})
		if err != nil {
			return p, err
		}
		var walk func(ns []*store.TreeNode)
		walk = func(ns []*store.TreeNode) {
			for _, n := range ns {
				fits := n.Kind.CanContain(o.Kind) && n.ID != o.ParentID
				if action == "sap-nhap" {
					fits = n.Kind == o.Kind
				}
				if fits && n.ID != o.ID {
					p.Targets = append(p.Targets, option{strconv.FormatInt(n.ID, 10), n.Name + " (" + n.Code + ")"})
				}
				walk(n.Children)
			}
		}
		walk(tree)
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
	delete(p.Raw, "loai")
	dec := domain.Decision{Number: p.Raw["decision_number"], Reason: p.Raw["reason"]}
	d, derr := domain.ParseDate(p.Raw["date"])
	dec.Date = d
	target, _ := strconv.ParseInt(p.Raw["target"], 10, 64)
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
	if err := domain.ValidateDecision(&dec); err != nil {
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
		switch p.Action {
		case "doi-ten":
			p.Summary = fmt.Sprintf("Đổi tên «%s» thành «%s».", p.Org.Name, p.Raw["name"])
		case "chuyen":
			p.Summary = fmt.Sprintf("Chuyển «%s» cùng các tổ chức trực thuộc và đảng viên sang trực thuộc %s.", p.Org.Name, targetName)
		case "sap-nhap":
			p.Summary, p.Final = fmt.Sprintf("Sáp nhập «%s» vào %s: tổ chức trực thuộc và đảng viên chuyển sang, «%s» kết thúc hoạt động.", p.Org.Name, targetName, p.Org.Name), true
		case "giai-the":
			p.Summary, p.Final = fmt.Sprintf("Giải thể «%s».", p.Org.Name), true
		}
		s.render(w, http.StatusOK, "org_action", view{Title: "Xác nhận: " + p.Label, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	dest := p.Org.ID
	switch p.Action {
	case "doi-ten":
		_, err = s.DB.RenameOrg(r.Context(), sess.Actor, p.Org.ID, p.Raw["name"], dec)
	case "chuyen":
		_, err = s.DB.MoveOrg(r.Context(), sess.Actor, p.Org.ID, target, dec)
	case "sap-nhap":
		var into domain.Org
		into, err = s.DB.MergeOrgs(r.Context(), sess.Actor, store.MergeInput{SourceIDs: []int64{p.Org.ID}, IntoID: target, Decision: dec})
		dest = into.ID
	case "giai-the":
		_, err = s.DB.DissolveOrg(r.Context(), sess.Actor, p.Org.ID, dec)
		dest = p.Org.ParentID
	}
	if err != nil {
		return fail(err)
	}
	http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d?da-luu=1", dest), http.StatusSeeOther)
	return nil
}
