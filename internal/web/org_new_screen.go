package web

import (
	"errors"
	"fmt"
	"net/http"

	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

type orgNewPage struct {
	Parent domain.Org
	Kinds  []option
	Raw    map[string]string
	Errs   map[string]string
	Error  string
}

func orgNewPageFor(v orgs.CreateFormView, raw, errs map[string]string) orgNewPage {
	p := orgNewPage{Parent: v.Parent, Raw: raw, Errs: errs}
	for _, k := range v.Kinds {
		p.Kinds = append(p.Kinds, option{string(k), k.Label()})
	}
	return p
}

func (s *Server) renderOrgNew(w http.ResponseWriter, code int, sess store.Session, p orgNewPage) {
	s.render(w, code, "org_new", view{Title: "Thành lập tổ chức trực thuộc " + p.Parent.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
}

// orgNewForm is the form that founds an organisation under one in scope,
// offering only the kinds it may contain.
func (s *Server) orgNewForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Orgs.CreateForm(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	raw := map[string]string{"valid_from": domain.DateOf(s.DB.Now()).String()}
	if len(v.Kinds) > 0 {
		raw["kind"] = string(v.Kinds[len(v.Kinds)-1]) // the commonest: a cell
	}
	s.renderOrgNew(w, http.StatusOK, sess, orgNewPageFor(v, raw, map[string]string{}))
	return nil
}

// orgNewSave founds the organisation (orgs.Service.Create); a refusal shows
// the form again with the reason by each field.
func (s *Server) orgNewSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Orgs.CreateForm(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	raw := map[string]string{}
	for _, k := range []string{"code", "name", "kind", "valid_from"} {
		raw[k] = r.PostFormValue(k)
	}
	in := domain.OrgInput{Code: raw["code"], Name: raw["name"], Kind: domain.OrgKind(raw["kind"]), ParentID: v.Parent.ID}
	if in.ValidFrom, err = domain.ParseDate(raw["valid_from"]); err != nil {
		err = &domain.Error{Code: domain.CodeInvalid, Message: "Ngày thành lập phải có dạng dd/mm/yyyy.", Fields: domain.Fields{"valid_from": "Ngày phải có dạng dd/mm/yyyy."}}
	} else {
		var o domain.Org
		if o, err = s.Orgs.Create(r.Context(), sess.Actor, in); err == nil {
			http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d?da-tao=1", o.ID), http.StatusSeeOther)
			return nil
		}
	}
	var de *domain.Error
	if !errors.As(err, &de) || (de.Code != domain.CodeInvalid && de.Code != domain.CodeConflict) {
		return err
	}
	errs := map[string]string{}
	for k, reason := range de.Fields {
		errs[k] = reason
	}
	p := orgNewPageFor(v, raw, errs)
	p.Error = de.Message
	s.renderOrgNew(w, http.StatusUnprocessableEntity, sess, p)
	return nil
}
