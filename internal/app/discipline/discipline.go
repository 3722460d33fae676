// Package discipline holds the user actions of discipline (kỷ luật) of
// members and organisations: recording a decision of the competent body
// with its votes (its effects on the member's standing, posts and
// evaluation written in the same transaction), the appeal and its
// outcome, and the lists of a member's or a subtree's decisions.
//
// Each exported method is one user action: it takes the actor, resolves
// the member or organisation once, runs in one write transaction or one
// read snapshot, calls the domain's rules (of the version in force on the
// day of the decision) and returns the view both the screen and the API
// render.
package discipline

import (
	"context"
	"fmt"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Service runs the discipline actions against a database.
type Service struct{ DB *store.DB }

// ListCap bounds the decisions a subtree's list shows.
const ListCap = 2000

// Choice is one entry of a form's list.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// MemberDisciplineView is a member's discipline page: the decisions on them, and
// for a writer the bodies that may decide (the member's cell and the
// organisations above it that the actor reaches).
type MemberDisciplineView struct {
	Member      domain.Member      `json:"-"`
	Disciplines []store.Discipline `json:"disciplines"`
	Bodies      []Choice           `json:"-"`
	Posts       []Choice           `json:"-"` // the posts the member holds
	CanWrite    bool               `json:"-"`
	CanDecide   bool               `json:"-"` // decides appeals
}

// Member reads a member's discipline page.
func (s *Service) Member(ctx context.Context, a domain.Actor, memberID int64) (MemberDisciplineView, error) {
	var v MemberDisciplineView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(memberID)
		if err != nil {
			return err
		}
		v = MemberDisciplineView{Member: m, CanWrite: a.Role.WritesMembers() && m.Status.Active(), CanDecide: a.Role.WritesOrgs()}
		if v.Disciplines, err = tx.MemberDisciplines(m); err != nil {
			return err
		}
		for _, k := range []string{"party_position", "gov_position"} {
			if t := postOf(m, k); t != "" {
				v.Posts = append(v.Posts, Choice{k, domain.Posts[k] + ": " + t})
			}
		}
		if !v.CanWrite {
			return nil
		}
		cell, err := tx.Org(m.OrgID)
		if err != nil {
			return err
		}
		chain, err := tx.Ancestors(cell)
		if err != nil {
			return err
		}
		chain = append(chain, cell)
		for i := len(chain) - 1; i >= 0; i-- {
			if a.Covers(chain[i].Path) {
				v.Bodies = append(v.Bodies, Choice{fmt.Sprint(chain[i].ID), chain[i].Name})
			}
		}
		return nil
	})
	return v, err
}

func postOf(m domain.Member, field string) string {
	switch field {
	case "party_position":
		return strings.TrimSpace(m.PartyPosition)
	case "gov_position":
		return strings.TrimSpace(m.GovPosition)
	}
	return ""
}

// depth counts the levels of a path.
func depth(path string) int { return strings.Count(path, "/") - 1 }

// levelsAbove is how far body stands above the organisation at path, -1
// when it is not above it.
func levelsAbove(path string, body domain.Org) int {
	if !strings.HasPrefix(path, body.Path) {
		return -1
	}
	return depth(path) - depth(body.Path)
}

// body reads the deciding organisation: one the actor reaches.
func body(tx *store.Tx, a domain.Actor, id int64) (domain.Org, error) {
	b, err := tx.Org(id)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return b, &domain.Error{Code: domain.CodeInvalid, Message: "Chưa chọn cấp có thẩm quyền quyết định, hoặc cấp đó ngoài phạm vi của bạn.", Fields: domain.Fields{"body_id": "Chọn cấp quyết định."}}
	}
	return b, err
}

// eventReason is a decision's violation on one line, as an event's reason.
func eventReason(v string) string {
	r := []rune(strings.Join(strings.Fields(v), " "))
	if len(r) > 500 {
		r = append(r[:499], '…')
	}
	return string(r)
}

// DisciplineMember records a decision of discipline on a member: checked
// against the rules of its day, the member's standing changes through the
// member state machine in the same transaction (an expulsion ends
// membership; any other form is a discipline event), a dismissal removes
// the post, and the decision counts in one year's evaluation.
func (s *Service) DisciplineMember(ctx context.Context, a domain.Actor, memberID int64, in domain.DisciplineInput) (store.Discipline, error) {
	var out store.Discipline
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		m, err := tx.MemberForUpdate(memberID)
		if err != nil {
			return err
		}
		b, err := body(tx, a, in.BodyID)
		if err != nil {
			return err
		}
		history, err := tx.Events(m)
		if err != nil {
			return err
		}
		prev, err := domain.StateOf(m, history)
		if err != nil {
			return err
		}
		subject := domain.DisciplineSubject{Name: m.FullName, Member: true, Status: prev.Status,
			Posts: map[string]string{"party_position": m.PartyPosition, "gov_position": m.GovPosition}}
		today := tx.Today()
		if err := domain.CheckDiscipline(subject, b, levelsAbove(m.OrgPath, b), &in, today); err != nil {
			return err
		}
		counted := in.DecidedOn.Year()
		if vy := in.ViolatedOn.Year(); vy < counted {
			r, _, err := tx.RatingOf(m, vy)
			if err != nil {
				return err
			}
			counted = domain.DisciplineCountsIn(in.DecidedOn, in.ViolatedOn, r.Decision.Level)
		}
		e := domain.Event{Kind: domain.EventDisciplined, Discipline: string(in.Form), Date: in.DecidedOn, Reason: eventReason(in.Violation), Decision: in.Decision}
		if in.Form == domain.FormExpulsion {
			e.Kind, e.Discipline = domain.EventExpelled, ""
		}
		prev, next, err := domain.NextEvent(m, history, &e, today)
		if err != nil {
			return err
		}
		m, e, err = tx.AddEvent(m, prev, next, e, domain.Org{})
		if err != nil {
			return err
		}
		title := ""
		if in.Form == domain.FormDismissal {
			title = postOf(m, in.Post)
			if m, err = tx.RemovePost(m, in.Post); err != nil {
				return err
			}
		}
		out, err = tx.AddDiscipline(store.Discipline{MemberID: m.ID, Name: m.FullName, OrgID: m.OrgID, Org: m.Org, DisciplineInput: in, PostTitle: title,
			Body: b.Name, CountedYear: counted, EventID: e.ID, Path: m.OrgPath})
		return err
	})
	return out, err
}

// DisciplineOrg records a decision of discipline on an organisation by the
// committee above it. A dissolution is recorded here; closing the
// organisation is the tree's own action (its members and sub-organisations
// moved first).
func (s *Service) DisciplineOrg(ctx context.Context, a domain.Actor, orgID int64, in domain.DisciplineInput) (store.Discipline, error) {
	var out store.Discipline
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		if !a.Role.WritesOrgs() {
			return domain.ErrForbiddenWrite
		}
		if !o.ValidTo.IsZero() {
			return domain.Errorf(domain.CodeInvalid, "%s đã kết thúc hoạt động từ %s.", o.Name, o.ValidTo)
		}
		b, err := body(tx, a, in.BodyID)
		if err != nil {
			return err
		}
		if err := domain.CheckDiscipline(domain.DisciplineSubject{Name: o.Name}, b, levelsAbove(o.Path, b), &in, tx.Today()); err != nil {
			return err
		}
		counted := in.DecidedOn.Year()
		if vy := in.ViolatedOn.Year(); vy < counted {
			l, err := tx.OrgRatingLevel(o.ID, vy)
			if err != nil {
				return err
			}
			counted = domain.DisciplineCountsIn(in.DecidedOn, in.ViolatedOn, l)
		}
		out, err = tx.AddDiscipline(store.Discipline{OrgID: o.ID, Name: o.Name, Org: o.Name, DisciplineInput: in, Body: b.Name, CountedYear: counted, Path: o.Path})
		return err
	})
	return out, err
}

// Appeal records an appeal lodged against a decision, within the rule's
// time.
func (s *Service) Appeal(ctx context.Context, a domain.Actor, id int64, in domain.AppealInput) (store.Discipline, error) {
	var out store.Discipline
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		d, err := tx.Discipline(id)
		if err != nil {
			return err
		}
		if (d.MemberID != 0 && !a.Role.WritesMembers()) || (d.MemberID == 0 && !a.Role.WritesOrgs()) {
			return domain.ErrForbiddenWrite
		}
		if err := domain.CheckAppeal(d.DecidedOn, d.Appeal != nil, &in, tx.Today()); err != nil {
			return err
		}
		out, err = tx.SaveAppeal(d, in)
		return err
	})
	return out, err
}

// DecideAppeal records the decision of the body that heard an appeal: an
// annulled decision no longer counts in the evaluation.
func (s *Service) DecideAppeal(ctx context.Context, a domain.Actor, id int64, in domain.OutcomeInput) (store.Discipline, error) {
	var out store.Discipline
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		d, err := tx.Discipline(id)
		if err != nil {
			return err
		}
		if !a.Role.WritesOrgs() {
			return domain.ErrForbiddenWrite
		}
		var lodged domain.Date
		if d.Appeal != nil {
			lodged = d.Appeal.On
		}
		if err := domain.CheckOutcome(d.Form, lodged, d.Outcome != nil, &in, tx.Today()); err != nil {
			return err
		}
		out, err = tx.SaveOutcome(d, in)
		return err
	})
	return out, err
}

// MemberDisciplines lists the decisions on a member, newest first.
func (s *Service) MemberDisciplines(ctx context.Context, a domain.Actor, memberID int64) ([]store.Discipline, error) {
	v, err := s.Member(ctx, a, memberID)
	return v.Disciplines, err
}

// DisciplinesView is an organisation's discipline page: the decisions on members
// and organisations of its subtree in a period, and for a writer what the
// form of a decision on an organisation offers.
type DisciplinesView struct {
	Org         domain.Org         `json:"-"`
	From, To    domain.Date        `json:"-"`
	Disciplines []store.Discipline `json:"disciplines"`
	Capped      bool               `json:"capped"`
	Subjects    []Choice           `json:"-"` // organisations that may be disciplined: this one and those under it
	Bodies      []Choice           `json:"-"` // deciding bodies: this organisation and those above it in scope
	CanWrite    bool               `json:"-"`
	CanDecide   bool               `json:"-"`
}

// Org reads the decisions of a subtree decided between from and to.
func (s *Service) Org(ctx context.Context, a domain.Actor, orgID int64, from, to domain.Date) (DisciplinesView, error) {
	var v DisciplinesView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := tx.Org(orgID)
		if err != nil {
			return err
		}
		v = DisciplinesView{Org: o, From: from, To: to, CanWrite: a.Role.WritesOrgs(), CanDecide: a.Role.WritesOrgs()}
		if v.Disciplines, err = tx.SubtreeDisciplines(o, from, to, ListCap+1); err != nil {
			return err
		}
		if len(v.Disciplines) > ListCap {
			v.Disciplines, v.Capped = v.Disciplines[:ListCap], true
		}
		if !v.CanWrite {
			return nil
		}
		kids, err := tx.OpenChildren(o)
		if err != nil {
			return err
		}
		for _, k := range kids {
			v.Subjects = append(v.Subjects, Choice{fmt.Sprint(k.ID), k.Name})
		}
		chain, err := tx.Ancestors(o)
		if err != nil {
			return err
		}
		chain = append(chain, o)
		for i := len(chain) - 1; i >= 0; i-- {
			if a.Covers(chain[i].Path) {
				v.Bodies = append(v.Bodies, Choice{fmt.Sprint(chain[i].ID), chain[i].Name})
			}
		}
		return nil
	})
	return v, err
}
