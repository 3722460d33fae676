package admission

import (
	"context"
	"strconv"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// ProbationPage is a member's probation as its screen shows it: the
// member, the steps recorded, the probation as it stands today, and for a
// writer the official members of the cell who may help.
type ProbationPage struct {
	Member    domain.Member        `json:"member"`
	OrgKind   domain.OrgKind       `json:"org_kind"`
	History   []domain.PStep       `json:"history"`
	Progress  domain.ProbationView `json:"progress"`
	Candidate int64                `json:"candidate_id,omitempty"` // the dossier the member came from
	CanWrite  bool                 `json:"-"`
	Officials []Choice             `json:"-"`
}

// Probation reads a member's probation. A member who was never
// probationary here (transferred in as official, imported) has none.
func (s *Service) Probation(ctx context.Context, a domain.Actor, memberID int64) (ProbationPage, error) {
	var v ProbationPage
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(memberID)
		if err != nil {
			return err
		}
		v, err = probationPage(tx, m)
		return err
	})
	return v, err
}

func probationPage(tx *store.Tx, m domain.Member) (ProbationPage, error) {
	v := ProbationPage{Member: m}
	cell, err := tx.Org(m.OrgID) // a member reads their own cell
	if err != nil {
		return v, err
	}
	v.OrgKind = cell.Kind
	if v.History, err = tx.ProbationSteps(m); err != nil {
		return v, err
	}
	cal, err := tx.Calendar()
	if err != nil {
		return v, err
	}
	v.Progress = domain.ProbationProgress(domain.Probation{M: m, OrgKind: v.OrgKind, Steps: v.History}, tx.Today(), cal)
	v.CanWrite = tx.Actor().Role.WritesMembers() && m.Status == domain.StatusProbationary
	if v.CanWrite {
		page, err := tx.MemberPage(store.MemberFilter{Status: string(domain.StatusOfficial), Limit: 500, Brief: true}, &cell)
		if err != nil {
			return v, err
		}
		for _, o := range page.Items {
			v.Officials = append(v.Officials, Choice{strconv.FormatInt(o.ID, 10), o.FullName})
		}
	}
	return v, nil
}

// ProbationResult is what recording a probation step did: the step, and
// with the decision the member's record after its event.
type ProbationResult struct {
	Step   domain.PStep   `json:"step"`
	Member domain.Member  `json:"member"`
	Event  *domain.Event  `json:"event,omitempty"`
	Page   *ProbationPage `json:"-"`
}

// AddProbationStep records a step of a member's probation. The decision
// writes the event on the record in the same transaction: the recognition
// (official as of the day the 12 months end) or the removal from the
// probationary list.
func (s *Service) AddProbationStep(ctx context.Context, a domain.Actor, memberID int64, st domain.PStep) (ProbationResult, error) {
	var out ProbationResult
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		m, err := tx.MemberForUpdate(memberID)
		if err != nil {
			return err
		}
		cell, err := tx.Org(m.OrgID)
		if err != nil {
			return err
		}
		steps, err := tx.ProbationSteps(m)
		if err != nil {
			return err
		}
		cal, err := tx.Calendar()
		if err != nil {
			return err
		}
		var helper domain.Introducer
		if st.Kind == domain.PStepHelper || st.Kind == domain.PStepHelperComment {
			if helper, err = tx.Introducer(st.HelperID); err != nil {
				return err
			}
		}
		officials := 0
		if st.Kind == domain.PStepCellVote && !st.Date.IsZero() {
			if officials, err = tx.OfficialMembersOn(cell, st.Date); err != nil {
				return err
			}
		}
		p := domain.Probation{M: m, OrgKind: cell.Kind, Steps: steps}
		if err := domain.CheckPStep(p, &st, helper, officials, tx.Today(), cal); err != nil {
			return err
		}
		if out.Step, err = tx.AddProbationStep(m, st); err != nil {
			return err
		}
		out.Member = m
		if st.Kind != domain.PStepDecision {
			return nil
		}
		e := domain.DecisionEvent(st)
		history, err := tx.Events(m)
		if err != nil {
			return err
		}
		prev, next, err := domain.NextEvent(m, history, &e, tx.Today())
		if err != nil {
			return err
		}
		out.Member, e, err = tx.AddEvent(m, prev, next, e, domain.Org{})
		out.Event = &e
		return err
	})
	return out, err
}

// ProbationRow is a probationary member in a list: when probation ends,
// the cell's deadline, and what is due or overdue.
type ProbationRow struct {
	MemberID int64       `json:"member_id"`
	Name     string      `json:"name"`
	OrgID    int64       `json:"org_id"`
	Org      string      `json:"org"`
	Admitted domain.Date `json:"admitted"`
	End      domain.Date `json:"end"`
	Deadline domain.Date `json:"deadline"`
	Due      []string    `json:"due"`
	Overdue  []string    `json:"overdue"`
	Path     string      `json:"-"`
}

func probationRows(tx *store.Tx, o domain.Org) ([]ProbationRow, error) {
	ps, err := tx.Probations(o)
	if err != nil {
		return nil, err
	}
	cal, err := tx.Calendar()
	if err != nil {
		return nil, err
	}
	today := tx.Today()
	out := make([]ProbationRow, 0, len(ps))
	for _, p := range ps {
		v := domain.ProbationProgress(p, today, cal)
		out = append(out, ProbationRow{MemberID: p.M.ID, Name: p.M.FullName, OrgID: p.M.OrgID, Org: p.M.Org, Admitted: v.Admitted, End: v.End, Deadline: v.Deadline,
			Due: v.Due, Overdue: v.Overdue, Path: p.M.OrgPath})
	}
	return out, nil
}

// ProbationsView is the probationary members of a subtree.
type ProbationsView struct {
	Org     domain.Org     `json:"-"`
	Members []ProbationRow `json:"members"`
	Overdue int            `json:"overdue"` // members with a step overdue
}

// Probations lists the probationary members of an organisation's subtree
// with their due and overdue steps.
func (s *Service) Probations(ctx context.Context, a domain.Actor, orgID int64) (ProbationsView, error) {
	var v ProbationsView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := orgOf(tx, orgID)
		if err != nil {
			return err
		}
		v.Org = o
		if v.Members, err = probationRows(tx, o); err != nil {
			return err
		}
		for _, r := range v.Members {
			if len(r.Overdue) > 0 {
				v.Overdue++
			}
		}
		return nil
	})
	return v, err
}

// ProbationForm reads what a probation's form prints: 10-KNĐ, 11-KNĐ,
// 13-KNĐ, 15-KNĐ.
func (s *Service) ProbationForm(ctx context.Context, a domain.Actor, memberID int64, form string) (FormView, error) {
	v := FormView{Form: form, Title: ProbationForms[form], PSteps: map[string]*domain.PStep{}}
	if v.Title == "" {
		return v, domain.ErrNotFound
	}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		m, err := tx.Member(memberID)
		if err != nil {
			return err
		}
		v.M, v.ProbationEnd = m, domain.ProbationEnd(m.AdmissionDate)
		steps, err := tx.ProbationSteps(m)
		if err != nil {
			return err
		}
		for i := range steps {
			st := &steps[i]
			v.PSteps[string(st.Kind)] = st // oldest first: the latest stays
			if st.Kind == domain.PStepHelper {
				v.Helpers = append(v.Helpers, *st)
			}
		}
		return heads(tx, m.OrgID, &v)
	})
	return v, err
}
