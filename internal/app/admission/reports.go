package admission

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// QuotaRow is one organisation's quota for a year and how far it got:
// admitted this year, candidates in the pipeline, and dossiers waiting for
// the decision.
type QuotaRow struct {
	OrgID    int64  `json:"org_id"`
	Org      string `json:"org"`
	Quota    int    `json:"quota"`
	Set      bool   `json:"set"`
	Note     string `json:"note,omitempty"`
	Admitted int    `json:"admitted"`
	Pipeline int    `json:"in_pipeline"`
	Waiting  int    `json:"waiting_decision"`
	Pct      int    `json:"percent"` // admitted of the quota, in percent
	path     string
}

// QuotaView is an organisation's quota of a year and those of the
// organisations directly under it.
type QuotaView struct {
	Org     domain.Org `json:"-"`
	Year    int        `json:"year"`
	Own     QuotaRow   `json:"own"`
	Rows    []QuotaRow `json:"children"`
	CanSet  bool       `json:"-"`
	Caution string     `json:"caution"`
}

// quotaCaution is said wherever quotas are shown.
const quotaCaution = "Chỉ tiêu không thay cho tiêu chuẩn: không kết nạp người chưa đủ điều kiện để đạt chỉ tiêu."

// Quotas reads an organisation's admission quotas of a year with their
// progress.
func (s *Service) Quotas(ctx context.Context, a domain.Actor, orgID int64, year int) (QuotaView, error) {
	var v QuotaView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := orgOf(tx, orgID)
		if err != nil {
			return err
		}
		v, err = quotaView(tx, o, year, nil)
		return err
	})
	return v, err
}

func quotaView(tx *store.Tx, o domain.Org, year int, open []CandidateRow) (QuotaView, error) {
	v := QuotaView{Org: o, Year: year, CanSet: tx.Actor().Role.WritesOrgs() && o.ValidTo.IsZero(), Caution: quotaCaution}
	qs, err := tx.QuotasUnder(o, year)
	if err != nil {
		return v, err
	}
	kids, err := tx.ChildOrgs(o)
	if err != nil {
		return v, err
	}
	v.Own = QuotaRow{OrgID: o.ID, Org: o.Name, path: o.Path}
	byPath := map[string]*QuotaRow{}
	for _, k := range kids {
		if !k.ValidTo.IsZero() && k.ValidTo.Year() < year {
			continue
		}
		v.Rows = append(v.Rows, QuotaRow{OrgID: k.ID, Org: k.Name, path: k.Path})
	}
	for i := range v.Rows {
		byPath[v.Rows[i].path] = &v.Rows[i]
	}
	for _, q := range qs {
		r := &v.Own
		if q.OrgID != o.ID {
			if r = byPath[q.Path]; r == nil {
				continue
			}
		}
		r.Quota, r.Set, r.Note = q.Quota, true, q.Note
	}
	adm, err := tx.Admissions(o, domain.NewDate(year, 1, 1), domain.NewDate(year, 12, 31))
	if err != nil {
		return v, err
	}
	for _, x := range adm {
		v.Own.Admitted++
		if r := byPath[store.ChildOf(o.Path, x.Path)]; r != nil {
			r.Admitted++
		}
	}
	if open == nil {
		if open, err = rows(tx, o, "open"); err != nil {
			return v, err
		}
	}
	for _, c := range open {
		r := byPath[store.ChildOf(o.Path, c.Path)]
		v.Own.Pipeline++
		if r != nil {
			r.Pipeline++
		}
		if c.Stage == domain.StepDecision {
			v.Own.Waiting++
			if r != nil {
				r.Waiting++
			}
		}
	}
	pct := func(r *QuotaRow) {
		if r.Quota > 0 {
			r.Pct = 100 * r.Admitted / r.Quota
		}
	}
	pct(&v.Own)
	for i := range v.Rows {
		pct(&v.Rows[i])
	}
	return v, nil
}

// SetQuota sets an organisation's admission quota for a year.
func (s *Service) SetQuota(ctx context.Context, a domain.Actor, orgID int64, year, quota int, note string) (store.Quota, error) {
	note = viet.Clean(note)
	f := domain.Fields{}
	today := s.today()
	if year < today.Year()-1 || year > today.Year()+5 {
		f.Add("year", "Năm từ "+strconv.Itoa(today.Year()-1)+" đến "+strconv.Itoa(today.Year()+5)+".")
	}
	if quota < 0 || quota > 100000 {
		f.Add("quota", "Chỉ tiêu là số từ 0 đến 100.000.")
	}
	if err := domain.CheckText("note", "Ghi chú", viet.OneLine, note); err != nil {
		return store.Quota{}, err
	}
	if len([]rune(note)) > 500 {
		f.Add("note", "Tối đa 500 ký tự.")
	}
	if err := f.Err(); err != nil {
		return store.Quota{}, err
	}
	var out store.Quota
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		o, err := orgOf(tx, orgID)
		if err != nil {
			return err
		}
		if !a.Role.WritesOrgs() {
			return domain.ErrForbiddenWrite
		}
		if !o.ValidTo.IsZero() {
			return domain.Errorf(domain.CodeInvalid, "%s đã kết thúc hoạt động từ %s.", o.Name, o.ValidTo)
		}
		out, err = tx.SetQuota(o, year, quota, note)
		return err
	})
	return out, err
}

// ReviewRow is a dossier waiting for the committee's decision: the
// candidate, the votes that propose them, the introducers, and until when
// the dossier is valid.
type ReviewRow struct {
	CandidateRow
	CellVote      *domain.Step `json:"cell_vote"`
	CommitteeVote *domain.Step `json:"committee_vote,omitempty"`
	Introducers   []string     `json:"introducers"`
	Background    *domain.Step `json:"background"`
	Notes         []string     `json:"notes"` // what else the dossier lacks, the decision aside
}

// ReviewView is the list of dossiers for the committee's monthly review:
// every candidate of the subtree whose proposal is complete and waits for
// the decision, oldest proposal first.
type ReviewView struct {
	Org              domain.Org  `json:"-"`
	Day              domain.Date `json:"day"`
	Rows             []ReviewRow `json:"dossiers"`
	Upper            string      `json:"-"`
	DayN, Month, Yr  int         `json:"-"`
	ExpiringWithin30 int         `json:"expiring_within_30_days"`
}

// Review lists the dossiers of an organisation's subtree waiting for the
// committee's decision, for its monthly meeting.
func (s *Service) Review(ctx context.Context, a domain.Actor, orgID int64) (ReviewView, error) {
	var v ReviewView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := orgOf(tx, orgID)
		if err != nil {
			return err
		}
		open, err := rows(tx, o, "open")
		if err != nil {
			return err
		}
		v = reviewView(tx, o, open)
		up, err := tx.Ancestors(o)
		if err == nil && len(up) > 0 {
			v.Upper = up[len(up)-1].Name
		}
		return err
	})
	return v, err
}

func reviewView(tx *store.Tx, o domain.Org, open []CandidateRow) ReviewView {
	today := tx.Today()
	v := ReviewView{Org: o, Day: today, Rows: []ReviewRow{}}
	t := today.Time()
	v.DayN, v.Month, v.Yr = t.Day(), int(t.Month()), t.Year()
	for _, c := range open {
		if c.Stage != domain.StepDecision {
			continue
		}
		r := ReviewRow{CandidateRow: c, CellVote: c.dossier.Latest(domain.StepCellVote), CommitteeVote: c.dossier.Latest(domain.StepCommitteeVote),
			Background: c.dossier.Latest(domain.StepBackground), Introducers: []string{}, Notes: []string{}}
		for _, pr := range c.Problems {
			if !strings.HasPrefix(pr, domain.StepDecision.Label()+":") {
				r.Notes = append(r.Notes, pr)
			}
		}
		if !domain.NeedsCommitteeVote(c.dossier.C.OrgKind) {
			r.CommitteeVote = nil
		}
		for _, ch := range c.progress.Checks {
			if ch.Kind == domain.StepIntroduction {
				for _, st := range ch.Steps {
					r.Introducers = append(r.Introducers, st.Introducer)
				}
			}
			if ch.Kind == domain.StepUnionResolution && ch.State == domain.StateDone {
				r.Introducers = append(r.Introducers, "Đoàn TNCS Hồ Chí Minh (nghị quyết "+ch.Steps[0].Number+")")
			}
		}
		if !c.ValidUntil.IsZero() && !c.ValidUntil.After(today.AddDays(30)) {
			v.ExpiringWithin30++
		}
		v.Rows = append(v.Rows, r)
	}
	sort.SliceStable(v.Rows, func(i, j int) bool {
		a, b := v.Rows[i], v.Rows[j]
		da, db := a.CellVote.Date, b.CellVote.Date
		if a.CommitteeVote != nil {
			da = a.CommitteeVote.Date
		}
		if b.CommitteeVote != nil {
			db = b.CommitteeVote.Date
		}
		return da.Before(db)
	})
	return v
}

// Count is one group of a report.
type Count struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Count int    `json:"count"`
}

// StageRow is one organisation's candidates by the step they are at.
type StageRow struct {
	OrgID  int64                   `json:"org_id"`
	Org    string                  `json:"org"`
	Stages map[domain.StepKind]int `json:"stages"`
	Total  int                     `json:"total"`
	path   string
}

// StallGroup is one reason candidates stall, how many, and the first of
// them.
type StallGroup struct {
	Reason     domain.StallReason `json:"reason"`
	Label      string             `json:"label"`
	Count      int                `json:"count"`
	Candidates []CandidateRow     `json:"candidates"` // the first stallListCap
}

const stallListCap = 100

// PipelineView is an organisation's candidates by the step they are at,
// for the whole subtree and each organisation directly under it, and the
// reasons candidates stall.
type PipelineView struct {
	Org    domain.Org        `json:"-"`
	Steps  []domain.StepInfo `json:"steps"`
	Total  StageRow          `json:"total"`
	Rows   []StageRow        `json:"children"`
	Stalls []StallGroup      `json:"stalls"`
}

// Pipeline reads the candidates of an organisation's subtree by step and
// the reasons they stall.
func (s *Service) Pipeline(ctx context.Context, a domain.Actor, orgID int64) (PipelineView, error) {
	var v PipelineView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := orgOf(tx, orgID)
		if err != nil {
			return err
		}
		open, err := rows(tx, o, "open")
		if err != nil {
			return err
		}
		v, err = pipelineView(tx, o, open)
		return err
	})
	return v, err
}

func pipelineView(tx *store.Tx, o domain.Org, open []CandidateRow) (PipelineView, error) {
	v := PipelineView{Org: o, Steps: domain.CandidateSteps, Total: StageRow{OrgID: o.ID, Org: o.Name, Stages: map[domain.StepKind]int{}}}
	kids, err := tx.ChildOrgs(o)
	if err != nil {
		return v, err
	}
	byPath := map[string]int{}
	for _, k := range kids {
		byPath[k.Path] = len(v.Rows)
		v.Rows = append(v.Rows, StageRow{OrgID: k.ID, Org: k.Name, Stages: map[domain.StepKind]int{}, path: k.Path})
	}
	stalls := map[domain.StallReason]*StallGroup{}
	for _, r := range domain.StallReasons {
		v.Stalls = append(v.Stalls, StallGroup{Reason: r.Reason, Label: r.Label, Candidates: []CandidateRow{}})
	}
	for i := range v.Stalls {
		stalls[v.Stalls[i].Reason] = &v.Stalls[i]
	}
	for _, c := range open {
		v.Total.Stages[c.Stage]++
		v.Total.Total++
		if i, ok := byPath[store.ChildOf(o.Path, c.Path)]; ok {
			v.Rows[i].Stages[c.Stage]++
			v.Rows[i].Total++
		}
		for _, r := range c.Stalls {
			g := stalls[r]
			g.Count++
			if len(g.Candidates) < stallListCap {
				g.Candidates = append(g.Candidates, c)
			}
		}
	}
	// Organisations with no candidate say nothing: leave them out.
	kept := v.Rows[:0]
	for _, r := range v.Rows {
		if r.Total > 0 {
			kept = append(kept, r)
		}
	}
	v.Rows = kept
	return v, nil
}

// ReportView is the admissions of a year in an organisation's subtree, by
// the organisations directly under it, gender, age band at admission,
// ethnicity, education and occupation.
type ReportView struct {
	Org          domain.Org `json:"-"`
	Year         int        `json:"year"`
	Total        int        `json:"total"`
	Quota        int        `json:"quota"`
	ByOrg        []Count    `json:"by_org"`
	ByGender     []Count    `json:"by_gender"`
	ByAge        []Count    `json:"by_age_band"`
	ByEthnicity  []Count    `json:"by_ethnicity"`
	ByEducation  []Count    `json:"by_education"`
	ByOccupation []Count    `json:"by_occupation"`
}

// occupationRows is how many occupations the report names; the rest are
// "Khác".
const occupationRows = 12

// Report reads the admissions of a year in an organisation's subtree.
func (s *Service) Report(ctx context.Context, a domain.Actor, orgID int64, year int) (ReportView, error) {
	v := ReportView{Year: year}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := orgOf(tx, orgID)
		if err != nil {
			return err
		}
		v.Org = o
		adm, err := tx.Admissions(o, domain.NewDate(year, 1, 1), domain.NewDate(year, 12, 31))
		if err != nil {
			return err
		}
		kids, err := tx.ChildOrgs(o)
		if err != nil {
			return err
		}
		qs, err := tx.QuotasUnder(o, year)
		if err != nil {
			return err
		}
		for _, q := range qs {
			if q.OrgID == o.ID {
				v.Quota = q.Quota
			}
		}
		names := map[string]string{}
		for _, k := range kids {
			names[k.Path] = k.Name
		}
		org, gender, age, eth, edu, occ := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
		for _, x := range adm {
			v.Total++
			org[store.ChildOf(o.Path, x.Path)]++
			gender[string(x.Gender)]++
			age[string(domain.AgeBandOf(x.BirthDate, x.Date))]++
			eth[x.Ethnicity]++
			edu[x.Education]++
			occ[strings.TrimSpace(x.Occupation)]++
		}
		for _, k := range kids {
			if n := org[k.Path]; n > 0 {
				v.ByOrg = append(v.ByOrg, Count{strconv.FormatInt(k.ID, 10), k.Name, n})
			}
		}
		if n := org[""]; n > 0 {
			v.ByOrg = append(v.ByOrg, Count{strconv.FormatInt(o.ID, 10), o.Name + " (trực tiếp)", n})
		}
		v.ByGender = counts(gender, domain.Genders, []string{"nam", "nu"})
		for _, b := range domain.AgeBands {
			v.ByAge = append(v.ByAge, Count{string(b.Band), b.Label, age[string(b.Band)]})
		}
		v.ByEthnicity = top(eth, domain.EthnicGroups, 0)
		v.ByEducation = counts(edu, domain.EducationLevels, []string{"tieu_hoc", "thcs", "thpt", ""})
		v.ByOccupation = top(occ, nil, occupationRows)
		return nil
	})
	return v, err
}

// counts lists groups in a fixed order, with their labels; "" is "Chưa ghi".
func counts(m map[string]int, labels map[string]string, order []string) []Count {
	out := []Count{}
	for _, k := range order {
		l := labels[k]
		if k == "" {
			l = "Chưa ghi"
		}
		if m[k] > 0 || k != "" {
			out = append(out, Count{k, l, m[k]})
		}
	}
	return out
}

// top lists the groups by count, largest first, the rest summed as "Khác"
// past n (0: all).
func top(m map[string]int, labels map[string]string, n int) []Count {
	out := []Count{}
	for k, c := range m {
		l := k
		if labels != nil {
			l = labels[k]
		}
		if k == "" {
			l = "Chưa ghi"
		}
		out = append(out, Count{k, l, c})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return viet.Compare(out[i].Label, out[j].Label) < 0
	})
	if n > 0 && len(out) > n {
		rest := 0
		for _, c := range out[n:] {
			rest += c.Count
		}
		out = append(out[:n], Count{"*", "Khác", rest})
	}
	return out
}

// PageView is the admission page of an organisation: a cell's candidates
// and probationary members, or a committee's pipeline, review list,
// probations and quotas.
type PageView struct {
	Org        domain.Org
	Year       int
	Candidates []CandidateRow
	Probation  []ProbationRow
	Quotas     QuotaView
	Pipeline   *PipelineView
	Waiting    int // dossiers waiting for the decision
	CanWrite   bool
	Sources    []Choice
	// CandidatesCap: above it a committee's page lists the pipeline only.
	More bool
}

// pageListCap is the most candidates or probationary members a page lists.
const pageListCap = 300

// Page reads an organisation's admission page in one snapshot.
func (s *Service) Page(ctx context.Context, a domain.Actor, orgID int64) (PageView, error) {
	var v PageView
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		o, err := orgOf(tx, orgID)
		if err != nil {
			return err
		}
		v.Org, v.Year = o, tx.Today().Year()
		v.CanWrite = a.Role.WritesMembers() && o.Kind.IsCell() && o.ValidTo.IsZero()
		open, err := rows(tx, o, "open")
		if err != nil {
			return err
		}
		if v.Quotas, err = quotaView(tx, o, v.Year, open); err != nil {
			return err
		}
		v.Waiting = v.Quotas.Own.Waiting
		if !o.Kind.IsCell() {
			p, err := pipelineView(tx, o, open)
			if err != nil {
				return err
			}
			v.Pipeline = &p
		}
		v.Candidates = open
		if len(v.Candidates) > pageListCap {
			v.Candidates, v.More = v.Candidates[:pageListCap], true
		}
		if v.Probation, err = probationRows(tx, o); err != nil {
			return err
		}
		if len(v.Probation) > pageListCap {
			// Those with something overdue first, then due.
			sort.SliceStable(v.Probation, func(i, j int) bool { return len(v.Probation[i].Overdue) > len(v.Probation[j].Overdue) })
			v.Probation, v.More = v.Probation[:pageListCap], true
		}
		return nil
	})
	for k, l := range domain.CandidateSources {
		v.Sources = append(v.Sources, Choice{k, l})
	}
	sort.Slice(v.Sources, func(i, j int) bool { return viet.Compare(v.Sources[i].Label, v.Sources[j].Label) < 0 })
	return v, err
}
