package store

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

// Admission: candidates of the cells and their dossiers, probation steps,
// yearly quotas, and what the admission reports read. Candidates are read
// by their cell's path, as members are; probation steps through their
// member.

const candidateCols = `c.id, c.org_id, o.name, o.kind, c.org_path, c.fields_json, c.status, c.status_note, coalesce(c.member_id, 0), c.created_at`

const candidateFrom = ` FROM candidates c JOIN orgs o ON o.id = c.org_id `

var entCandidate = newEntity("candidate", "Người vào Đảng")

func scanCandidate(row interface{ Scan(...any) error }) (domain.Candidate, error) {
	var c domain.Candidate
	var fields string
	var at Stamp
	if err := row.Scan(&c.ID, &c.OrgID, &c.Org, &c.OrgKind, &c.OrgPath, &fields, &c.Status, &c.StatusNote, &c.MemberID, &at); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(fields), &c.CandidateInput); err != nil {
		return c, fmt.Errorf("candidate %d: %w", c.ID, err)
	}
	c.StatusLabel, c.CreatedAt = c.Status.Label(), at.String()
	return c, nil
}

// Candidate reads a candidate in the actor's scope.
func (tx *Tx) Candidate(id int64) (domain.Candidate, error) {
	return tx.candidateWhere(id, "")
}

func (tx *Tx) candidateWhere(id int64, lock string) (domain.Candidate, error) {
	sc, args := scopeCond(tx.actor, "c.org_path", "")
	c, err := scanCandidate(tx.queryRow("SELECT "+candidateCols+candidateFrom+"WHERE c.id = ? AND "+sc+lock, append([]any{id}, args...)...))
	if isNoRows(err) {
		return c, domain.ErrNotFound
	}
	return c, err
}

// CandidateForUpdate reads a candidate whose dossier the actor may change,
// held until the transaction ends.
func (tx *Tx) CandidateForUpdate(id int64) (domain.Candidate, error) {
	lock := ""
	if tx.db.Dialect == Postgres {
		lock = " FOR UPDATE OF c"
	}
	c, err := tx.candidateWhere(id, lock)
	if err == nil && !tx.actor.Role.WritesMembers() {
		return c, errForbiddenWrite
	}
	return c, err
}

// checkCandidateUnique refuses a citizen ID that a member record or
// another open dossier holds.
func (tx *Tx) checkCandidateUnique(in *domain.CandidateInput, self int64) error {
	if in.CitizenID == "" {
		return nil
	}
	var n int
	if err := tx.queryRow("SELECT count(*) FROM members WHERE citizen_id = ?", in.CitizenID).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Người này đã có hồ sơ đảng viên.", Fields: domain.Fields{"citizen_id": "Số CCCD này đã có trong hồ sơ đảng viên."}}
	}
	if err := tx.queryRow("SELECT count(*) FROM candidates WHERE citizen_id = ? AND status = 'open' AND id <> ?", in.CitizenID, self).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Người này đã có trong danh sách người vào Đảng.", Fields: domain.Fields{"citizen_id": "Số CCCD này đã có trong danh sách người vào Đảng đang xét."}}
	}
	return nil
}

var actCandidateCreate = newAction("candidate.create", "ghi quần chúng ưu tú")

// CreateCandidate records a candidate of a cell the actor writes (checked
// with WritableCell); in has passed domain.ValidateCandidate.
func (tx *Tx) CreateCandidate(cell domain.Org, in domain.CandidateInput) (domain.Candidate, error) {
	if err := tx.checkCandidateUnique(&in, 0); err != nil {
		return domain.Candidate{}, err
	}
	fields, err := json.Marshal(in)
	if err != nil {
		return domain.Candidate{}, err
	}
	now := tx.db.stamp()
	id, err := tx.insert(`INSERT INTO candidates (org_id, org_path, full_name, sort_key, gender, birth_date, citizen_id, source, fields_json,
		education, education_exception, youth_union, over_60_decision, status, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, cell.ID, cell.Path, in.FullName, viet.SortKey(in.FullName), string(in.Gender), in.BirthDate, nullStr(in.CitizenID),
		in.Source, string(fields), in.Education, in.EduException, in.YouthUnion, in.Over60Decision, string(domain.CandidateOpen), nullID(tx.actor.UserID), now, now)
	if err != nil {
		return domain.Candidate{}, err
	}
	c := domain.Candidate{ID: id, OrgID: cell.ID, Org: cell.Name, OrgKind: cell.Kind, OrgPath: cell.Path, CandidateInput: in,
		Status: domain.CandidateOpen, StatusLabel: domain.CandidateOpen.Label()}
	return c, tx.audit(actCandidateCreate, entCandidate, id, cell.Path, nil, c)
}

var actCandidateUpdate = newAction("candidate.update", "sửa lý lịch người vào Đảng")

// UpdateCandidate corrects what was recorded of an open candidate read with
// CandidateForUpdate.
func (tx *Tx) UpdateCandidate(before domain.Candidate, in domain.CandidateInput) (domain.Candidate, error) {
	if err := tx.checkCandidateUnique(&in, before.ID); err != nil {
		return domain.Candidate{}, err
	}
	fields, err := json.Marshal(in)
	if err != nil {
		return domain.Candidate{}, err
	}
	if _, err := tx.exec(`UPDATE candidates SET full_name = ?, sort_key = ?, gender = ?, birth_date = ?, citizen_id = ?, source = ?, fields_json = ?,
		education = ?, education_exception = ?, youth_union = ?, over_60_decision = ?, updated_at = ? WHERE id = ?`,
		in.FullName, viet.SortKey(in.FullName), string(in.Gender), in.BirthDate, nullStr(in.CitizenID), in.Source, string(fields),
		in.Education, in.EduException, in.YouthUnion, in.Over60Decision, tx.db.stamp(), before.ID); err != nil {
		return domain.Candidate{}, err
	}
	after := before
	after.CandidateInput = in
	return after, tx.audit(actCandidateUpdate, entCandidate, before.ID, before.OrgPath, before, after)
}

var (
	actCandidateAdmit    = newAction("candidate.admit", "kết nạp đảng viên")
	actCandidateWithdraw = newAction("candidate.withdraw", "đưa người vào Đảng ra khỏi danh sách")
)

// CloseCandidate ends a candidate's dossier: admitted (with the record made
// at the ceremony) or withdrawn (with the reason).
func (tx *Tx) CloseCandidate(c domain.Candidate, status domain.CandidateStatus, note string, memberID int64) (domain.Candidate, error) {
	if _, err := tx.exec("UPDATE candidates SET status = ?, status_note = ?, member_id = ?, updated_at = ? WHERE id = ?",
		string(status), note, nullID(memberID), tx.db.stamp(), c.ID); err != nil {
		return c, err
	}
	after := c
	after.Status, after.StatusLabel, after.StatusNote, after.MemberID = status, status.Label(), note, memberID
	action := actCandidateWithdraw
	if status == domain.CandidateAdmitted {
		action = actCandidateAdmit
	}
	return after, tx.audit(action, entCandidate, c.ID, c.OrgPath, c, after)
}

const stepCols = `s.id, s.candidate_id, s.kind, s.date, s.number, s.note, coalesce(s.introducer_id, 0), s.introducer, s.known_since, s.agree, s.against, s.eligible, s.passed, s.received, s.late, s.created_at`

func scanStep(row interface{ Scan(...any) error }) (domain.Step, error) {
	var s domain.Step
	var at Stamp
	err := row.Scan(&s.ID, &s.CandidateID, &s.Kind, &s.Date, &s.Number, &s.Note, &s.IntroducerID, &s.Introducer, &s.KnownSince, &s.Agree, &s.Against, &s.Eligible, &s.Passed, &s.Received, &s.Late, &at)
	s.KindLabel, s.CreatedAt = s.Kind.Label(), at.String()
	return s, err
}

// CandidateSteps lists the steps of a candidate's dossier, oldest first.
func (tx *Tx) CandidateSteps(c domain.Candidate) ([]domain.Step, error) {
	rows, err := tx.query("SELECT "+stepCols+" FROM candidate_steps s WHERE s.candidate_id = ? ORDER BY s.date, s.id", c.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.Step{}
	for rows.Next() {
		s, err := scanStep(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

var actCandidateStep = newAction("candidate.step", "ghi bước hồ sơ kết nạp")

// AddCandidateStep writes a step that passed domain.CheckStep on a
// candidate read with CandidateForUpdate, with the audit row.
func (tx *Tx) AddCandidateStep(c domain.Candidate, s domain.Step) (domain.Step, error) {
	s.CandidateID = c.ID
	id, err := tx.insert(`INSERT INTO candidate_steps (candidate_id, kind, date, number, note, introducer_id, introducer, known_since, agree, against, eligible, passed, received, late, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, string(s.Kind), s.Date, s.Number, s.Note, nullID(s.IntroducerID), s.Introducer, nullDate(s.KnownSince),
		s.Agree, s.Against, s.Eligible, s.Passed, nullDate(s.Received), s.Late, nullID(tx.actor.UserID), tx.db.stamp())
	if err != nil {
		return s, err
	}
	s.ID = id
	return s, tx.audit(actCandidateStep, entCandidate, c.ID, c.OrgPath, nil, s)
}

// Introducer reads what the rules need of a member who introduces a
// candidate or helps a probationary member: found only in the actor's
// scope.
func (tx *Tx) Introducer(memberID int64) (domain.Introducer, error) {
	m, err := tx.Member(memberID)
	if domain.ErrorCode(err) == domain.CodeNotFound {
		return domain.Introducer{}, nil
	}
	if err != nil {
		return domain.Introducer{}, err
	}
	return domain.Introducer{Found: true, Name: m.FullName, Status: m.Status, Official: m.OfficialDate}, nil
}

// OfficialMembersOn counts the official members of a cell on day d: placed
// in the cell that day and official by then. Those who joined, left or
// were recognised since are counted as they were.
func (tx *Tx) OfficialMembersOn(cell domain.Org, d domain.Date) (int, error) {
	var n int
	err := tx.queryRow(`SELECT count(DISTINCT p.member_id) FROM member_placements p JOIN members m ON m.id = p.member_id
		WHERE p.org_id = ? AND p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to > ?) AND m.official_date IS NOT NULL AND m.official_date <= ?`,
		cell.ID, d, d, d).Scan(&n)
	return n, err
}

// CandidateFilter selects the candidates of a subtree.
type CandidateFilter struct {
	Status string // open (default), admitted, withdrawn, all
	Limit  int    // 0: no limit
}

// dossierCols are the columns of a candidate that lists and the admission
// rules read (domain.CandidateProgress: the birth date, the education and
// its exception, the Youth Union, the decision over 60), without the
// record's JSON, whose decoding was most of a province's pipeline
// (migration 00070).
const dossierCols = `c.id, c.org_id, o.name, o.kind, c.org_path, c.full_name, c.gender, c.birth_date, coalesce(c.citizen_id, ''), c.source,
	c.education, c.education_exception, c.youth_union, c.over_60_decision, c.status, c.status_note, coalesce(c.member_id, 0), c.created_at`

func scanDossier(row interface{ Scan(...any) error }) (domain.Candidate, error) {
	var c domain.Candidate
	var at Stamp
	if err := row.Scan(&c.ID, &c.OrgID, &c.Org, &c.OrgKind, &c.OrgPath, &c.FullName, &c.Gender, &c.BirthDate, &c.CitizenID, &c.Source,
		&c.Education, &c.EduException, &c.YouthUnion, &c.Over60Decision, &c.Status, &c.StatusNote, &c.MemberID, &at); err != nil {
		return c, err
	}
	c.StatusLabel, c.CreatedAt = c.Status.Label(), at.String()
	return c, nil
}

// Dossiers lists the candidates of the subtree under o with their steps,
// in Vietnamese name order: two set-based reads, whatever the number. A
// candidate carries the fields of dossierCols, not the whole record
// (Candidate reads that).
func (tx *Tx) Dossiers(o domain.Org, f CandidateFilter) ([]domain.Dossier, error) {
	sc, args := scopedSubtree(tx.actor, "c.org_path", "", o.Path)
	switch f.Status {
	case "", "open":
		sc, args = sc+" AND c.status = ?", append(args, string(domain.CandidateOpen))
	case "all":
	case "admitted", "withdrawn":
		sc, args = sc+" AND c.status = ?", append(args, f.Status)
	default:
		return nil, &domain.Error{Code: domain.CodeInvalid, Message: "Trạng thái không hợp lệ.", Fields: domain.Fields{"status": "open, admitted, withdrawn hoặc all."}}
	}
	limit := ""
	if f.Limit > 0 {
		limit = " LIMIT " + itoa(f.Limit)
	}
	rows, err := tx.query("SELECT "+dossierCols+candidateFrom+"WHERE "+sc+" ORDER BY c.sort_key, c.id"+limit, args...)
	if err != nil {
		return nil, err
	}
	var out []domain.Dossier
	idx := map[int64]int{}
	for rows.Next() {
		c, err := scanDossier(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		idx[c.ID] = len(out)
		out = append(out, domain.Dossier{C: c, Steps: []domain.Step{}})
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// Each dossier's few steps are put in order here: the database sorting
	// a province's steps as one list cost more than all the little sorts.
	srows, err := tx.query("SELECT "+stepCols+" FROM candidate_steps s JOIN candidates c ON c.id = s.candidate_id WHERE "+sc, args...)
	if err != nil {
		return nil, err
	}
	defer srows.Close()
	for srows.Next() {
		s, err := scanStep(srows)
		if err != nil {
			return nil, err
		}
		if i, ok := idx[s.CandidateID]; ok {
			out[i].Steps = append(out[i].Steps, s)
		}
	}
	for _, d := range out {
		slices.SortFunc(d.Steps, func(a, b domain.Step) int {
			if c := a.Date.Compare(b.Date); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		})
	}
	return out, srows.Err()
}

// Quota is an organisation's admission quota for a year.
type Quota struct {
	OrgID   int64  `json:"org_id"`
	Org     string `json:"org_name"`
	Year    int    `json:"year"`
	Quota   int    `json:"quota"`
	Note    string `json:"note"`
	Set     bool   `json:"set"` // a quota was given
	Path    string `json:"-"`
	Updated string `json:"updated_at,omitempty"`
}

// QuotasUnder lists the quotas of a year of o and of the organisations
// directly under it.
func (tx *Tx) QuotasUnder(o domain.Org, year int) ([]Quota, error) {
	sc, args := scopedSubtree(tx.actor, "q.org_path", "", o.Path)
	rows, err := tx.query(`SELECT q.org_id, g.name, q.year, q.quota, q.note, q.org_path, q.updated_at FROM admission_quotas q JOIN orgs g ON g.id = q.org_id
		WHERE `+sc+` AND q.year = ? AND (q.org_id = ? OR g.parent_id = ?)`, append(args, year, o.ID, o.ID)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Quota
	for rows.Next() {
		var q Quota
		var at Stamp
		if err := rows.Scan(&q.OrgID, &q.Org, &q.Year, &q.Quota, &q.Note, &q.Path, &at); err != nil {
			return nil, err
		}
		q.Set, q.Updated = true, at.String()
		out = append(out, q)
	}
	return out, rows.Err()
}

var actAdmissionQuota = newAction("admission.quota", "đặt chỉ tiêu kết nạp")

// SetQuota writes an organisation's quota for a year (the organisation read
// with WritableOrg), replacing the one there, with the audit row. Two staff
// setting the same quota at once queue on its row: the first inserts it,
// or each in turn locks it and reads, as its audit's before, what the one
// ahead of it wrote.
func (tx *Tx) SetQuota(o domain.Org, year, quota int, note string) (Quota, error) {
	now := tx.db.stamp()
	var before *Quota
	var year0 int
	err := tx.queryRow(`INSERT INTO admission_quotas (org_id, org_path, year, quota, note, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (org_id, year) DO NOTHING RETURNING year`, o.ID, o.Path, year, quota, note, nullID(tx.actor.UserID), now).Scan(&year0)
	switch {
	case isNoRows(err): // there: lock it, read it, replace it
		lock := ""
		if tx.db.Dialect == Postgres {
			lock = " FOR UPDATE"
		}
		b := Quota{OrgID: o.ID, Org: o.Name, Year: year, Set: true, Path: o.Path}
		var at Stamp
		if err := tx.queryRow("SELECT quota, note, updated_at FROM admission_quotas WHERE org_id = ? AND year = ?"+lock, o.ID, year).Scan(&b.Quota, &b.Note, &at); err != nil {
			return Quota{}, err
		}
		b.Updated, before = at.String(), &b
		if _, err := tx.exec("UPDATE admission_quotas SET quota = ?, note = ?, updated_by = ?, updated_at = ? WHERE org_id = ? AND year = ?",
			quota, note, nullID(tx.actor.UserID), now, o.ID, year); err != nil {
			return Quota{}, err
		}
	case err != nil:
		return Quota{}, err
	}
	q := Quota{OrgID: o.ID, Org: o.Name, Year: year, Quota: quota, Note: note, Set: true, Path: o.Path}
	var b any
	if before != nil {
		b = before
	}
	return q, tx.audit(actAdmissionQuota, entOrg, o.ID, o.Path, b, q)
}

// Admitted is one admission of a period: the member as the reports group
// them, and the path of the cell they are in now.
type Admitted struct {
	MemberID   int64
	Name       string
	Date       domain.Date
	Decision   string
	Gender     domain.Gender
	BirthDate  domain.Date
	Ethnicity  string
	Education  string
	Occupation string
	Path       string
}

// Admissions lists the admissions (the admitted event) dated from..to of
// the members of the subtree under o, read by the events' kind and date.
func (tx *Tx) Admissions(o domain.Org, from, to domain.Date) ([]Admitted, error) {
	sc, args := scopedSubtree(tx.actor, "m.org_path", "m.id", o.Path)
	rows, err := tx.query(`SELECT m.id, m.full_name, e.date, e.decision, m.gender, m.birth_date, m.ethnicity, m.education, m.occupation, m.org_path
		FROM member_events e JOIN members m ON m.id = e.member_id
		WHERE e.kind = 'admitted' AND e.date >= ? AND e.date <= ? AND `+sc+` ORDER BY e.date, m.id`, append([]any{from, to}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Admitted
	for rows.Next() {
		var a Admitted
		if err := rows.Scan(&a.MemberID, &a.Name, &a.Date, &a.Decision, &a.Gender, &a.BirthDate, &a.Ethnicity, &a.Education, &a.Occupation, &a.Path); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// ChildOrgs lists the organisations directly under o that the actor
// reaches, open or closed, for grouping a report.
func (tx *Tx) ChildOrgs(o domain.Org) ([]domain.Org, error) {
	sc, args := scopeCond(tx.actor, "o.path", "")
	rows, err := tx.query("SELECT "+orgCols+" FROM orgs o WHERE o.parent_id = ? AND "+sc+" ORDER BY o.code", append([]any{o.ID}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Org
	for rows.Next() {
		c, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// probation steps

const pstepCols = `s.id, s.member_id, s.kind, s.date, s.number, s.note, coalesce(s.helper_id, 0), s.helper, s.agree, s.against, s.eligible, s.passed, s.late, s.created_at`

func scanPStep(row interface{ Scan(...any) error }) (domain.PStep, error) {
	var s domain.PStep
	var at Stamp
	err := row.Scan(&s.ID, &s.MemberID, &s.Kind, &s.Date, &s.Number, &s.Note, &s.HelperID, &s.Helper, &s.Agree, &s.Against, &s.Eligible, &s.Passed, &s.Late, &at)
	s.KindLabel, s.CreatedAt = s.Kind.Label(), at.String()
	return s, err
}

// ProbationSteps lists the probation steps of a member, oldest first.
func (tx *Tx) ProbationSteps(m domain.Member) ([]domain.PStep, error) {
	rows, err := tx.query("SELECT "+pstepCols+" FROM probation_steps s WHERE s.member_id = ? ORDER BY s.date, s.id", m.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.PStep{}
	for rows.Next() {
		s, err := scanPStep(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

var actProbationStep = newAction("probation.step", "ghi bước thời gian dự bị")

// AddProbationStep writes a probation step that passed domain.CheckPStep
// on a member read with MemberForUpdate, with the audit row.
func (tx *Tx) AddProbationStep(m domain.Member, s domain.PStep) (domain.PStep, error) {
	s.MemberID = m.ID
	id, err := tx.insert(`INSERT INTO probation_steps (member_id, kind, date, number, note, helper_id, helper, agree, against, eligible, passed, late, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.ID, string(s.Kind), s.Date, s.Number, s.Note, nullID(s.HelperID), s.Helper,
		s.Agree, s.Against, s.Eligible, s.Passed, s.Late, nullID(tx.actor.UserID), tx.db.stamp())
	if err != nil {
		return s, err
	}
	s.ID = id
	return s, tx.audit(actProbationStep, entMember, m.ID, m.OrgPath, nil, s)
}

// Probations lists the probationary members of the subtree under o with
// their probation steps and their cell's kind, in name order.
func (tx *Tx) Probations(o domain.Org) ([]domain.Probation, error) {
	sc, args := scopedSubtree(tx.actor, "m.org_path", "m.id", o.Path)
	rows, err := tx.query("SELECT "+memberCols+", o.kind"+memberFrom+"WHERE "+sc+" AND m.status = 'probationary' ORDER BY m.sort_key, m.id", args...)
	if err != nil {
		return nil, err
	}
	var out []domain.Probation
	idx := map[int64]int{}
	for rows.Next() {
		m, kind, err := scanMember(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		idx[m.ID] = len(out)
		out = append(out, domain.Probation{M: m, OrgKind: domain.OrgKind(kind), Steps: []domain.PStep{}})
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	srows, err := tx.query("SELECT "+pstepCols+" FROM probation_steps s JOIN members m ON m.id = s.member_id WHERE "+sc+" AND m.status = 'probationary' ORDER BY s.date, s.id", args...)
	if err != nil {
		return nil, err
	}
	defer srows.Close()
	for srows.Next() {
		s, err := scanPStep(srows)
		if err != nil {
			return nil, err
		}
		if i, ok := idx[s.MemberID]; ok {
			out[i].Steps = append(out[i].Steps, s)
		}
	}
	return out, srows.Err()
}
