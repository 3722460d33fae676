package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// decisionInput is the date in a member's admission decision, as a client
// confirms or corrects it.
type decisionInput struct {
	Date domain.Date `json:"decision_date"`
}

// memberConfirmDecision records the date in a member's admission decision
// (PUT, honouring If-Match like the record's PUT).
func (s *Server) memberConfirmDecision(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in decisionInput
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	m, err := s.Members.ConfirmDecision(r.Context(), a, id, in.Date, ifMatch(r))
	var c *members.Conflict
	if errors.As(err, &c) {
		setETag(w, c.Current.Version)
	}
	if err != nil {
		return err
	}
	setETag(w, m.Version)
	writeJSON(w, http.StatusOK, m)
	return nil
}

// memberDecisionSave is the record screen's form that confirms the date in
// the admission decision; a refusal shows the record again with the reason.
func (s *Server) memberDecisionSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	typed := r.PostFormValue("admission_decision_date")
	var ifm []int
	if v, err := strconv.Atoi(r.PostFormValue("version")); err == nil && v > 0 {
		ifm = []int{v}
	}
	d, perr := domain.ParseDate(typed)
	if perr == nil {
		_, err = s.Members.ConfirmDecision(r.Context(), sess.Actor, id, d, ifm)
	} else {
		err = &domain.Error{Code: domain.CodeInvalid, Message: "Ngày quyết định kết nạp phải có dạng dd/mm/yyyy."}
	}
	var de *domain.Error
	if errors.As(err, &de) && (de.Code == domain.CodeInvalid || de.Code == domain.CodeStale || de.Code == domain.CodeConflict) {
		v, rerr := s.Members.Record(r.Context(), sess.Actor, id)
		if rerr != nil {
			return rerr
		}
		s.DB.LogRead(sess.Actor, store.MemberRead(store.ReadMember, v.Member.ID, clientIP(r)))
		p := memberPage{RecordView: v, Facts: withPartyAge(recordFacts(&v.Member), v.PartyAge), Audit: historyOf(v.History), DecisionError: de.Message, DecisionTyped: typed}
		s.render(w, http.StatusUnprocessableEntity, "member", view{Title: v.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/dang-vien/%d?da-luu=1", id), http.StatusSeeOther)
	return nil
}

// withPartyAge adds the party age to the record's party facts, after the
// admission's dates: counted from the decision, less the time without
// party activity, which it names when there was some.
func withPartyAge(groups []factGroup, age domain.Seniority) []factGroup {
	if age.Since.IsZero() {
		return groups
	}
	v := age.String()
	if age.DaysOut > 0 {
		v += fmt.Sprintf(" (đã trừ %d ngày không sinh hoạt đảng)", age.DaysOut)
	}
	official, _ := domain.MemberFieldNamed("official_date")
	for i := range groups {
		if groups[i].Title != domain.GroupParty {
			continue
		}
		at := len(groups[i].Facts)
		for j, f := range groups[i].Facts {
			if f.Label == official.Label {
				at = j + 1
			}
		}
		groups[i].Facts = slices.Insert(groups[i].Facts, at, fact{"Tuổi đảng", v})
	}
	return groups
}
