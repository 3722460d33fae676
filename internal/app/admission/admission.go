// Package admission holds the user actions of admission into the Party:
// candidates (quần chúng ưu tú) and their dossiers from source to
// ceremony, the probation and recognition of new members, yearly quotas,
// the committee's list of dossiers to review, and the reports.
//
// Each exported method is one user action: it takes the actor, resolves
// the candidate, member or organisation once, runs in one write
// transaction or one read snapshot, calls the domain's rules, and returns
// the view that both the screen and the API render.
package admission

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// Service runs the admission actions against a database.
type Service struct{ DB *store.DB }

func (s *Service) today() domain.Date { return domain.DateOf(s.DB.Now()) }

// orgOf reads an organisation whose admission lists the actor reads: a
// member reads their own probation and badges, not the lists of their
// cell.
func orgOf(tx *store.Tx, id int64) (domain.Org, error) {
	if tx.Actor().Role == domain.RoleMember {
		return domain.Org{}, domain.ErrNotFound
	}
	return tx.Org(id)
}

// Choice is one entry of a form's list.
type Choice struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

// CandidateView is a candidate's dossier as its screen shows it: the
// candidate, every step recorded (oldest first), the dossier as it stands
// today, and for a writer the official members of the cell who may
// introduce.
type CandidateView struct {
	domain.Candidate
	History   []domain.Step   `json:"history"`
	Progress  domain.Progress `json:"progress"`
	CanWrite  bool            `json:"-"`
	Officials []Choice        `json:"-"`
	Parent    string          `json:"-"` // the organisation above the cell
}

// Candidate reads a candidate's dossier.
func (s *Service) Candidate(ctx context.Context, a domain.Actor, id int64) (CandidateView, error) {
	var v CandidateView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		c, err := tx.Candidate(id)
		if err != nil {
			return err
		}
		v, err = candidateView(tx, c)
		return err
	})
	return v, err
}

func candidateView(tx *store.Tx, c domain.Candidate) (CandidateView, error) {
	a := tx.Actor()
	v := CandidateView{Candidate: c, CanWrite: a.Role.WritesMembers() && c.Status == domain.CandidateOpen}
	var err error
	if v.History, err = tx.CandidateSteps(c); err != nil {
		return v, err
	}
	cal, err := tx.Calendar()
	if err != nil {
		return v, err
	}
	v.Progress = domain.CandidateProgress(domain.Dossier{C: c, Steps: v.History}, tx.Today(), cal)
	if v.Parent, err = tx.CellAbove(domain.Member{OrgID: c.OrgID}); err != nil {
		return v, err
	}
	if v.CanWrite {
		cell, err := tx.Org(c.OrgID)
		if err != nil {
			return v, err
		}
		page, err := tx.MemberPage(store.MemberFilter{Status: string(domain.StatusOfficial), Limit: 500, Brief: true}, &cell)
		if err != nil {
			return v, err
		}
		for _, m := range page.Items {
			v.Officials = append(v.Officials, Choice{strconv.FormatInt(m.ID, 10), m.FullName})
		}
	}
	return v, nil
}

// CreateCandidate records a candidate of a cell.
func (s *Service) CreateCandidate(ctx context.Context, a domain.Actor, cellID int64, in domain.CandidateInput) (domain.Candidate, error) {
	if err := domain.ValidateCandidate(&in, s.today()); err != nil {
		return domain.Candidate{}, err
	}
	var out domain.Candidate
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		cell, err := tx.WritableCell(cellID)
		if err != nil {
			return err
		}
		if !cell.ValidTo.IsZero() {
			return domain.Errorf(domain.CodeInvalid, "%s đã kết thúc hoạt động từ %s.", cell.Name, cell.ValidTo)
		}
		out, err = tx.CreateCandidate(cell, in)
		return err
	})
	return out, err
}

// UpdateCandidate corrects what was recorded of a candidate still in the
// pipeline.
func (s *Service) UpdateCandidate(ctx context.Context, a domain.Actor, id int64, in domain.CandidateInput) (domain.Candidate, error) {
	var out domain.Candidate
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		c, err := tx.CandidateForUpdate(id)
		if err != nil {
			return err
		}
		if c.Status != domain.CandidateOpen {
			return domain.Errorf(domain.CodeConflict, "Hồ sơ của %s đã đóng (%s).", c.FullName, strings.ToLower(c.StatusLabel))
		}
		if err := domain.ValidateCandidate(&in, tx.Today()); err != nil {
			return err
		}
		out, err = tx.UpdateCandidate(c, in)
		return err
	})
	return out, err
}

// StepResult is what recording a step did: the step as written, the
// candidate after it, and at the ceremony the new member's record.
type StepResult struct {
	Step      domain.Step      `json:"step"`
	Candidate domain.Candidate `json:"candidate"`
	Member    *domain.Member   `json:"member,omitempty"`
}

// AddStep records a step of a candidate's dossier. The rules check it
// against the dossier (introducers read from the records, the cell's
// official members counted on the vote's day); at the ceremony the
// candidate becomes a probationary member: the record is made from what
// the dossier holds, with its first event, the admission, in the same
// transaction.
func (s *Service) AddStep(ctx context.Context, a domain.Actor, id int64, st domain.Step) (StepResult, error) {
	var out StepResult
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		c, err := tx.CandidateForUpdate(id)
		if err != nil {
			return err
		}
		steps, err := tx.CandidateSteps(c)
		if err != nil {
			return err
		}
		cal, err := tx.Calendar()
		if err != nil {
			return err
		}
		var intro domain.Introducer
		if st.Kind == domain.StepIntroduction {
			if intro, err = tx.Introducer(st.IntroducerID); err != nil {
				return err
			}
		}
		officials := 0
		if st.Kind == domain.StepCellVote && !st.Date.IsZero() {
			cell, err := tx.Org(c.OrgID)
			if err != nil {
				return err
			}
			if officials, err = tx.OfficialMembersOn(cell, st.Date); err != nil {
				return err
			}
		}
		d := domain.Dossier{C: c, Steps: steps}
		if err := domain.CheckStep(d, &st, intro, officials, tx.Today(), cal); err != nil {
			return err
		}
		if out.Step, err = tx.AddCandidateStep(c, st); err != nil {
			return err
		}
		out.Candidate = c
		if st.Kind != domain.StepCeremony {
			return nil
		}
		cell, found, err := tx.CellForMembers(c.OrgID)
		if err != nil {
			return err
		}
		if err := domain.CheckPlacement(cell, found, "org_id"); err != nil {
			return err
		}
		f, first := domain.AdmittedRecord(d, st)
		state, err := domain.StartRecord(&f, first, tx.Today())
		if err != nil {
			return err
		}
		m, err := tx.CreateMember(cell, f, state, first)
		if err != nil {
			return err
		}
		out.Member = &m
		out.Candidate, err = tx.CloseCandidate(c, domain.CandidateAdmitted, "", m.ID)
		return err
	})
	return out, err
}

// Withdraw takes a candidate off the list, with the reason; the dossier
// stays on record.
func (s *Service) Withdraw(ctx context.Context, a domain.Actor, id int64, reason string) (domain.Candidate, error) {
	reason = viet.Clean(reason)
	if err := domain.CheckText("reason", "Lý do", viet.OneLine, reason); err != nil {
		return domain.Candidate{}, err
	}
	if reason == "" || len([]rune(reason)) > 500 {
		return domain.Candidate{}, &domain.Error{Code: domain.CodeInvalid, Message: "Cần ghi lý do (tối đa 500 ký tự).", Fields: domain.Fields{"reason": "Cần ghi lý do (tối đa 500 ký tự)."}}
	}
	var out domain.Candidate
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		c, err := tx.CandidateForUpdate(id)
		if err != nil {
			return err
		}
		if c.Status != domain.CandidateOpen {
			return domain.Errorf(domain.CodeConflict, "Hồ sơ của %s đã đóng (%s).", c.FullName, strings.ToLower(c.StatusLabel))
		}
		out, err = tx.CloseCandidate(c, domain.CandidateWithdrawn, reason, 0)
		return err
	})
	return out, err
}

// CandidateRow is a candidate in a list: who, where, the step they are at
// and what stops them.
type CandidateRow struct {
	ID          int64                `json:"id"`
	Name        string               `json:"name"`
	Gender      domain.Gender        `json:"gender"`
	BirthDate   domain.Date          `json:"birth_date"`
	OrgID       int64                `json:"org_id"`
	Org         string               `json:"org"`
	Source      string               `json:"source"`
	Stage       domain.StepKind      `json:"stage"`
	StageLabel  string               `json:"stage_label"`
	Problems    []string             `json:"problems"`
	Stalls      []domain.StallReason `json:"stalls"`
	ValidUntil  domain.Date          `json:"valid_until,omitempty"`
	CeremonyDue domain.Date          `json:"ceremony_due,omitempty"`
	Path        string               `json:"-"`
	dossier     domain.Dossier
	progress    domain.Progress
}

func rowOf(d domain.Dossier, p domain.Progress) CandidateRow {
	c := d.C
	return CandidateRow{ID: c.ID, Name: c.FullName, Gender: c.Gender, BirthDate: c.BirthDate, OrgID: c.OrgID, Org: c.Org, Source: domain.CandidateSources[c.Source],
		Stage: p.Stage, StageLabel: p.StageLbl, Problems: p.Problems, Stalls: p.Stalls, ValidUntil: p.ValidUntil, CeremonyDue: p.CeremonyDue, Path: c.OrgPath, dossier: d, progress: p}
}

// rows reads the candidates of the subtree under o (status: open, …) with
// their progress today.
func rows(tx *store.Tx, o domain.Org, status string) ([]CandidateRow, error) {
	ds, err := tx.Dossiers(o, store.CandidateFilter{Status: status})
	if err != nil {
		return nil, err
	}
	cal, err := tx.Calendar()
	if err != nil {
		return nil, err
	}
	today := tx.Today()
	out := make([]CandidateRow, 0, len(ds))
	for _, d := range ds {
		out = append(out, rowOf(d, domain.CandidateProgress(d, today, cal)))
	}
	return out, nil
}

// CandidatesView is the candidates of an organisation's subtree.
type CandidatesView struct {
	Org        domain.Org     `json:"-"`
	Candidates []CandidateRow `json:"candidates"`
}

// Candidates lists the candidates of an organisation's subtree: open
// (default), admitted, withdrawn or all.
func (s *Service) Candidates(ctx context.Context, a domain.Actor, orgID int64, status string) (CandidatesView, error) {
	var v CandidatesView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := orgOf(tx, orgID)
		if err != nil {
			return err
		}
		v.Org = o
		v.Candidates, err = rows(tx, o, status)
		return err
	})
	return v, err
}

// FormView is what a printed admission form shows: the candidate (or the
// member for the probation's forms), the organisations that head it, the
// steps it cites, and the day.
type FormView struct {
	Form             string
	Title            string
	C                domain.Candidate
	M                domain.Member
	Cell, Upper, Top string                  // the cell, the organisation above it, the one above that
	Steps            map[string]*domain.Step // by kind, for the templates
	Intros           []domain.Step
	Intro            *domain.Step // the introduction printed (3-KNĐ)
	IntroM           domain.Member
	PSteps           map[string]*domain.PStep
	Helpers          []domain.PStep
	ProbationEnd     domain.Date
	Day, Month, Year int
}

// Forms are the admission forms that print from a candidate's dossier.
var Forms = map[string]string{"1": "Đơn xin vào Đảng (1-KNĐ)", "3": "Giấy giới thiệu người vào Đảng (3-KNĐ)", "7": "Nghị quyết chi bộ đề nghị kết nạp (7-KNĐ)", "9": "Quyết định kết nạp đảng viên (9-KNĐ)"}

// ProbationForms are the forms that print from a probation.
var ProbationForms = map[string]string{"10": "Bản tự kiểm điểm của đảng viên dự bị (10-KNĐ)", "11": "Bản nhận xét đảng viên dự bị (11-KNĐ)", "13": "Nghị quyết chi bộ đề nghị công nhận đảng viên chính thức (13-KNĐ)", "15": "Quyết định công nhận đảng viên chính thức (15-KNĐ)"}

// heads names the cell and the two organisations above it.
func heads(tx *store.Tx, cellID int64, v *FormView) error {
	cell, err := tx.Org(cellID)
	if err != nil {
		return err
	}
	v.Cell = cell.Name
	up, err := tx.Ancestors(cell)
	if err != nil {
		return err
	}
	if n := len(up); n > 0 {
		v.Upper = up[n-1].Name
		if n > 1 {
			v.Top = up[n-2].Name
		}
	}
	t := tx.Today().Time()
	v.Day, v.Month, v.Year = t.Day(), int(t.Month()), t.Year()
	return nil
}

// Form reads what an admission form prints for a candidate: 1-KNĐ, 3-KNĐ
// (of the introducer given, or the first), 7-KNĐ, 9-KNĐ.
func (s *Service) Form(ctx context.Context, a domain.Actor, id int64, form string, introducer int64) (FormView, error) {
	v := FormView{Form: form, Title: Forms[form], Steps: map[string]*domain.Step{}}
	if v.Title == "" {
		return v, domain.ErrNotFound
	}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		c, err := tx.Candidate(id)
		if err != nil {
			return err
		}
		v.C = c
		steps, err := tx.CandidateSteps(c)
		if err != nil {
			return err
		}
		d := domain.Dossier{C: c, Steps: steps}
		for _, info := range domain.CandidateSteps {
			v.Steps[string(info.Kind)] = d.Latest(info.Kind)
		}
		// The latest introduction of each introducer.
		for i := len(steps) - 1; i >= 0; i-- {
			st := steps[i]
			if st.Kind == domain.StepIntroduction && !slices.ContainsFunc(v.Intros, func(x domain.Step) bool { return x.IntroducerID == st.IntroducerID }) {
				v.Intros = append(v.Intros, st)
			}
		}
		slices.Reverse(v.Intros)
		for i := range v.Intros {
			if v.Intro == nil || v.Intros[i].IntroducerID == introducer {
				v.Intro = &v.Intros[i]
			}
		}
		if v.Intro != nil {
			if m, err := tx.Member(v.Intro.IntroducerID); err == nil {
				v.IntroM = m
			}
		}
		return heads(tx, c.OrgID, &v)
	})
	return v, err
}
