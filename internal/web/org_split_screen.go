package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// maxSplitParts is how many new organisations one split screen offers.
const maxSplitParts = 5

type splitItem struct {
	ID          int64
	Name, Note  string
	Part        int // 1-based part it goes to
	IsMember    bool
	FieldPrefix string
}

type splitPart struct {
	No                int
	Code, Name        string
	CodeErr, NameErr  string
	Children, Members int
	ChildNames        []string
}

type splitPage struct {
	Org       domain.Org
	Parts     []splitPart
	Items     []splitItem
	Raw       map[string]string
	Errs      map[string]string
	Error     string
	Confirm   bool
	MoreParts int // the part count of the "add one" link, 0 when at the cap
	KindLabel string
}

// splitPageFor reads what is split: an organisation's open sub-organisations,
// or, for a cell, its active members.
func (s *Server) splitPageFor(r *http.Request, sess store.Session, parts int) (splitPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return splitPage{}, err
	}
	v, err := s.Orgs.SplitForm(r.Context(), sess.Actor, id)
	if err != nil {
		return splitPage{}, err
	}
	o := v.Org
	parts = min(max(parts, 2), maxSplitParts)
	p := splitPage{Org: o, KindLabel: o.Kind.Label(), Errs: map[string]string{},
		Raw: map[string]string{"date": domain.DateOf(s.DB.Now()).String()}}
	if parts < maxSplitParts {
		p.MoreParts = parts + 1
	}
	for i := 1; i <= parts; i++ {
		p.Parts = append(p.Parts, splitPart{No: i})
	}
	for _, m := range v.Members {
		p.Items = append(p.Items, splitItem{ID: m.ID, Name: m.FullName, Note: "sinh " + m.BirthDate.String() + " · " + m.Status.Label(), IsMember: true, Part: 1, FieldPrefix: "m_"})
	}
	for _, c := range v.Children {
		p.Items = append(p.Items, splitItem{ID: c.ID, Name: c.Name, Note: c.KindLbl + " · " + formatNum(c.Members) + " đảng viên", Part: 1, FieldPrefix: "c_"})
	}
	return p, nil
}

func (s *Server) orgSplitForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	n, _ := strconv.Atoi(r.URL.Query().Get("phan"))
	p, err := s.splitPageFor(r, sess, n)
	if err != nil {
		return err
	}
	s.render(w, http.StatusOK, "org_split", view{Title: "Chia tách " + p.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}

// orgSplitSave checks the parts and the assignment, shows what will happen,
// and on confirmation splits the organisation under the decision.
func (s *Server) orgSplitSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	n, _ := strconv.Atoi(r.PostFormValue("phan"))
	p, err := s.splitPageFor(r, sess, n)
	if err != nil {
		return err
	}
	for _, k := range []string{"decision_number", "date", "reason"} {
		p.Raw[k] = r.PostFormValue(k)
	}
	in := domain.SplitInput{Decision: domain.Decision{Number: p.Raw["decision_number"], Reason: p.Raw["reason"]}}
	fail := func(err error) error {
		var de *domain.Error
		if !errors.As(err, &de) || (de.Code != domain.CodeInvalid && de.Code != domain.CodeConflict) {
			return err
		}
		p.Error, p.Confirm = de.Message, false
		for k, v := range de.Fields {
			p.Errs[k] = v
		}
		s.render(w, http.StatusUnprocessableEntity, "org_split", view{Title: "Chia tách " + p.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	bad := domain.Fields{}
	for i := range p.Parts {
		pt := &p.Parts[i]
		pt.Code = strings.TrimSpace(r.PostFormValue(fmt.Sprintf("code_%d", pt.No)))
		pt.Name = strings.TrimSpace(r.PostFormValue(fmt.Sprintf("name_%d", pt.No)))
		in.Parts = append(in.Parts, domain.SplitPart{Org: domain.OrgInput{Code: pt.Code, Name: pt.Name, Kind: p.Org.Kind}})
		if pt.Name == "" {
			pt.NameErr = "Cần tên tổ chức mới."
			bad.Add(fmt.Sprintf("name_%d", pt.No), fmt.Sprintf("Tổ chức mới %d: %s", pt.No, pt.NameErr))
		}
		if pt.Code == "" {
			pt.CodeErr = "Cần mã tổ chức mới."
			bad.Add(fmt.Sprintf("code_%d", pt.No), fmt.Sprintf("Tổ chức mới %d: %s", pt.No, pt.CodeErr))
		}
	}
	for i := range p.Items {
		it := &p.Items[i]
		k, _ := strconv.Atoi(r.PostFormValue(it.FieldPrefix + strconv.FormatInt(it.ID, 10)))
		if k < 1 || k > len(p.Parts) {
			bad.Add(it.FieldPrefix+strconv.FormatInt(it.ID, 10), it.Name+": chưa chọn tổ chức mới.")
			continue
		}
		it.Part = k
		pt, sp := &p.Parts[k-1], &in.Parts[k-1]
		if it.IsMember {
			sp.MemberIDs = append(sp.MemberIDs, it.ID)
			pt.Members++
		} else {
			sp.ChildIDs = append(sp.ChildIDs, it.ID)
			pt.Children++
			pt.ChildNames = append(pt.ChildNames, it.Name)
		}
	}
	d, derr := domain.ParseDate(p.Raw["date"])
	if derr != nil {
		bad.Add("date", "Ngày quyết định phải có dạng dd/mm/yyyy.")
	}
	in.Date = d
	if len(bad) > 0 {
		return fail(&domain.Error{Code: domain.CodeInvalid, Message: "Chưa chia tách được: xin sửa các mục dưới đây.", Fields: bad})
	}
	if err := domain.ValidateDecision(&in.Decision); err != nil {
		return fail(err)
	}
	if r.PostFormValue("confirmed") != "1" {
		p.Confirm = true
		s.render(w, http.StatusOK, "org_split", view{Title: "Xác nhận chia tách " + p.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if _, err := s.Orgs.Split(r.Context(), sess.Actor, p.Org.ID, in); err != nil {
		return fail(err)
	}
	http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d?da-luu=1", p.Org.ParentID), http.StatusSeeOther)
	return nil
}
