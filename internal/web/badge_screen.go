package web

import (
	"fmt"
	"net/http"
	"strconv"

	"dangvien/internal/app/badges"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// The screens of party badges: an organisation's next four award dates and
// the list of one, recording the awards; the printed list; a member's
// party age and badges.

type badgesPage struct {
	Upcoming badges.UpcomingView
	List     badges.AwardList
	Since    string
	Decision string
	Error    string
	Rules    []domain.Rule
}

// badgeDates reads ?ngay= (the award date, by default the next) and ?tu=
// (catch up from that day).
func badgeDates(r *http.Request, value func(string) string) (award, since domain.Date, err error) {
	if award, err = domain.ParseDate(value("ngay")); err != nil {
		return award, since, &domain.Error{Code: domain.CodeInvalid, Message: "Ngày trao phải có dạng dd/mm/yyyy."}
	}
	if since, err = domain.ParseDate(value("tu")); err != nil {
		return award, since, &domain.Error{Code: domain.CodeInvalid, Message: "Ngày bắt đầu xét phải có dạng dd/mm/yyyy."}
	}
	return award, since, nil
}

func (s *Server) badgesScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	award, since, err := badgeDates(r, r.URL.Query().Get)
	if err != nil {
		return err
	}
	flash := ""
	if n := r.URL.Query().Get("da-ghi"); n != "" {
		flash = "Đã ghi nhận trao huy hiệu cho " + n + " đảng viên, cấp số huy hiệu."
	}
	return s.renderBadges(w, r, sess, id, award, since, http.StatusOK, flash, badgesPage{})
}

func (s *Server) renderBadges(w http.ResponseWriter, r *http.Request, sess store.Session, id int64, award, since domain.Date, code int, flash string, p badgesPage) error {
	up, err := s.Badges.Upcoming(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	l, err := s.Badges.List(r.Context(), sess.Actor, id, award, since)
	if err != nil {
		return err
	}
	p.Upcoming, p.List, p.Since = up, l, since.String()
	for _, n := range []string{"badge.early_months_to_65", "badge.early_months_from_70", "badge.delay_warning_months", "badge.delay_dismissal_months"} {
		if rule, err := domain.Rules.At(n, l.Award); err == nil {
			rule.Label = domain.Rules.Versions(n)[0].Label
			p.Rules = append(p.Rules, rule)
		}
	}
	s.render(w, code, "badges", view{Title: "Huy hiệu Đảng — " + up.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

// badgesSave records the awards of the members ticked on a date's list.
func (s *Server) badgesSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	award, since, err := badgeDates(r, r.PostFormValue)
	if err != nil {
		return err
	}
	in := badges.AwardInput{Award: award, Since: since, Decision: r.PostFormValue("decision")}
	r.ParseForm()
	for _, v := range r.PostForm["member_id"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			in.MemberIDs = append(in.MemberIDs, n)
		}
	}
	rec, err := s.Badges.Record(r.Context(), sess.Actor, id, in)
	if msg, fe, ok := formError(err); ok {
		for _, v := range otherReasons(msg, fe) {
			msg += " " + v
		}
		return s.renderBadges(w, r, sess, id, award, since, http.StatusUnprocessableEntity, "", badgesPage{Error: msg, Decision: in.Decision})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d/huy-hieu?ngay=%s&da-ghi=%d", id, award.String(), len(rec.Awards)), http.StatusSeeOther)
	return nil
}

// badgesPrint is an award date's list, printed for the ceremony.
func (s *Server) badgesPrint(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	award, since, err := badgeDates(r, r.URL.Query().Get)
	if err != nil {
		return err
	}
	l, err := s.Badges.List(r.Context(), sess.Actor, id, award, since)
	if err != nil {
		return err
	}
	s.DB.LogRead(sess.Actor, store.Read{Kind: store.ReadExport, Entity: "org", EntityID: id, Rows: len(l.Rows), IP: clientIP(r)})
	return s.printPage(w, "badge_print", l)
}

type partyAgePage struct {
	badges.PartyAgeView
	Kinds   []option
	Raw     map[string]string
	Errs    map[string]string
	Error   string
	Reasons []string
}

func (s *Server) partyAgeScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	flash := map[string]string{"1": "Đã ghi."}[r.URL.Query().Get("da-luu")]
	return s.renderPartyAge(w, r, sess, id, http.StatusOK, flash, partyAgePage{})
}

func (s *Server) renderPartyAge(w http.ResponseWriter, r *http.Request, sess store.Session, id int64, code int, flash string, p partyAgePage) error {
	v, err := s.Badges.Member(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	p.PartyAgeView, p.Kinds, p.Reasons = v, sortedOptions(domain.PartyAgeNoteKinds), otherReasons(p.Error, p.Errs)
	if p.Raw == nil {
		p.Raw = map[string]string{"kind": "ill"}
	}
	if p.Errs == nil {
		p.Errs = map[string]string{}
	}
	s.render(w, code, "party_age", view{Title: "Tuổi đảng, huy hiệu — " + v.Member.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

func (s *Server) partyAgeSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	errs := map[string]string{}
	raw := rawForm(r, "kind", "from", "to", "note")
	n := domain.PartyAgeNote{Kind: raw["kind"], From: formDate(r, "from", errs), To: formDate(r, "to", errs), Note: raw["note"]}
	if len(errs) > 0 {
		err = &domain.Error{Code: domain.CodeInvalid, Message: "Dữ liệu chưa hợp lệ, xin kiểm tra lại.", Fields: errs}
	} else {
		_, err = s.Badges.AddNote(r.Context(), sess.Actor, id, n)
	}
	if msg, fe, ok := formError(err); ok {
		return s.renderPartyAge(w, r, sess, id, http.StatusUnprocessableEntity, "", partyAgePage{Error: msg, Errs: fe, Raw: raw})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/dang-vien/%d/huy-hieu?da-luu=1", id), http.StatusSeeOther)
	return nil
}
