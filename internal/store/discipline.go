package store

import (
	"database/sql"
	"errors"

	"dangvien/internal/domain"
)

// Discipline is a decision of discipline on a member or an organisation,
// with its appeal and the appeal's outcome.
type Discipline struct {
	ID        int64  `json:"id"`
	MemberID  int64  `json:"member_id,omitempty"` // 0: an organisation
	Name      string `json:"name"`                // the member or organisation disciplined
	OrgID     int64  `json:"org_id"`              // the member's cell, or the organisation
	Org       string `json:"org"`
	FormLabel string `json:"form_label"`
	domain.DisciplineInput
	PostTitle   string               `json:"post_title,omitempty"` // the post a dismissal removed
	Body        string               `json:"body"`                 // the organisation whose body decided
	Regulation  string               `json:"regulation"`           // the text in force on the decision's day
	CountedYear int                  `json:"counted_year"`         // the evaluation year it bars
	EventID     int64                `json:"event_id,omitempty"`
	Appeal      *domain.AppealInput  `json:"appeal,omitempty"`
	Outcome     *domain.OutcomeInput `json:"outcome,omitempty"`
	Path        string               `json:"-"`
}

// Annulled tells whether an appeal did away with the decision.
func (d Discipline) Annulled() bool {
	return d.Outcome != nil && d.Outcome.Outcome == domain.AppealAnnulled
}

const disciplineCols = `d.id, coalesce(d.member_id, 0), coalesce(m.full_name, o.name), d.org_id, o.name, d.form, d.post, d.post_title, d.violation, d.violated_on, d.body_id, b.name,
	d.entitled, d.votes_for, d.proposal_entitled, d.proposal_for, d.decision, d.decided_on, d.self_reported, d.counted_year, coalesce(d.event_id, 0),
	d.appeal_on, d.appeal_text, d.outcome, d.outcome_form, d.outcome_decision, d.outcome_on, d.outcome_note, d.org_path`

const disciplineFrom = " FROM disciplines d JOIN orgs o ON o.id = d.org_id JOIN orgs b ON b.id = d.body_id LEFT JOIN members m ON m.id = d.member_id"

func scanDiscipline(row interface{ Scan(...any) error }) (Discipline, error) {
	var d Discipline
	var appealOn, outcomeOn sql.Null[domain.Date]
	var appealText, outcome, outcomeForm, outcomeDecision, outcomeNote string
	err := row.Scan(&d.ID, &d.MemberID, &d.Name, &d.OrgID, &d.Org, &d.Form, &d.Post, &d.PostTitle, &d.Violation, &d.ViolatedOn, &d.BodyID, &d.Body,
		&d.Entitled, &d.For, &d.ProposalEntitled, &d.ProposalFor, &d.Decision, &d.DecidedOn, &d.SelfReported, &d.CountedYear, &d.EventID,
		&appealOn, &appealText, &outcome, &outcomeForm, &outcomeDecision, &outcomeOn, &outcomeNote, &d.Path)
	if err != nil {
		return d, err
	}
	d.FormLabel, d.Regulation = d.Form.Label(), domain.DisciplineRegulation(d.DecidedOn)
	if appealOn.Valid {
		d.Appeal = &domain.AppealInput{On: appealOn.V, Text: appealText}
	}
	if outcome != "" {
		d.Outcome = &domain.OutcomeInput{Outcome: domain.AppealOutcome(outcome), Form: domain.DisciplineForm(outcomeForm), Decision: outcomeDecision, On: outcomeOn.V, Note: outcomeNote}
	}
	return d, nil
}

func (tx *Tx) disciplines(where string, args ...any) ([]Discipline, error) {
	rows, err := tx.query("SELECT "+disciplineCols+disciplineFrom+" WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Discipline{}
	for rows.Next() {
		d, err := scanDiscipline(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Discipline reads one decision of discipline in the actor's scope (a
// member reads those on their own record).
func (tx *Tx) Discipline(id int64) (Discipline, error) {
	sc, args := scopeCond(tx.actor, "d.org_path", "d.member_id")
	ds, err := tx.disciplines("d.id = ? AND "+sc, append([]any{id}, args...)...)
	if err != nil {
		return Discipline{}, err
	}
	if len(ds) == 0 {
		return Discipline{}, domain.ErrNotFound
	}
	return ds[0], nil
}

// MemberDisciplines lists the decisions on a member read in the actor's
// scope, newest first.
func (tx *Tx) MemberDisciplines(m domain.Member) ([]Discipline, error) {
	return tx.disciplines("d.member_id = ? ORDER BY d.decided_on DESC, d.id DESC", m.ID)
}

// SubtreeDisciplines lists the decisions on members and organisations of
// o's subtree decided between from and to, newest first, at most limit.
func (tx *Tx) SubtreeDisciplines(o domain.Org, from, to domain.Date, limit int) ([]Discipline, error) {
	sc, args := scopedSubtree(tx.actor, "d.org_path", "", o.Path)
	return tx.disciplines(sc+" AND d.decided_on >= ? AND d.decided_on <= ? ORDER BY d.decided_on DESC, d.id DESC LIMIT ?", append(args, from, to, limit)...)
}

// DisciplineBars reads, for some members, the decisions that count in the
// evaluation of year (not annulled on appeal).
func (tx *Tx) DisciplineBars(ids []int64, year int) (map[int64][]domain.DisciplineBar, error) {
	return tx.bars("member_id", ids, year)
}

// OrgDisciplineBars is DisciplineBars for organisations.
func (tx *Tx) OrgDisciplineBars(ids []int64, year int) (map[int64][]domain.DisciplineBar, error) {
	return tx.bars("org_id", ids, year)
}

func (tx *Tx) bars(col string, ids []int64, year int) (map[int64][]domain.DisciplineBar, error) {
	out := map[int64][]domain.DisciplineBar{}
	cond := ""
	if col == "org_id" {
		cond = " AND member_id IS NULL"
	}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, 0, len(chunk)+1)
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := tx.query("SELECT "+col+", form, decision, decided_on, self_reported FROM disciplines WHERE "+col+" IN ("+placeholders(len(chunk))+")"+cond+
			" AND counted_year = ? AND outcome <> 'annulled' ORDER BY decided_on", append(args, year)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var b domain.DisciplineBar
			if err := rows.Scan(&id, &b.Form, &b.Decision, &b.On, &b.SelfReported); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = append(out[id], b)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

var (
	actDisciplineMember        = newAction("discipline.member", "kỷ luật đảng viên")
	actDisciplineOrg           = newAction("discipline.org", "kỷ luật tổ chức đảng")
	actDisciplineAppeal        = newAction("discipline.appeal", "ghi khiếu nại kỷ luật")
	actDisciplineAppealOutcome = newAction("discipline.appeal_outcome", "giải quyết khiếu nại kỷ luật")
	actMemberPostRemoved       = newAction("member.post_removed", "thôi chức vụ do bị cách chức")
)

// AddDiscipline writes a decision checked by domain.CheckDiscipline, with
// its audit row: on a member's record (entity member) or an organisation.
func (tx *Tx) AddDiscipline(d Discipline) (Discipline, error) {
	now := tx.db.stamp()
	id, err := tx.insert(`INSERT INTO disciplines (member_id, org_id, org_path, form, post, post_title, violation, violated_on, body_id, entitled, votes_for, proposal_entitled, proposal_for,
		decision, decided_on, self_reported, counted_year, event_id, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		nullID(d.MemberID), d.OrgID, d.Path, string(d.Form), d.Post, d.PostTitle, d.Violation, d.ViolatedOn, d.BodyID, d.Entitled, d.For, d.ProposalEntitled, d.ProposalFor,
		d.Decision, d.DecidedOn, d.SelfReported, d.CountedYear, nullID(d.EventID), nullID(tx.actor.UserID), now)
	if err != nil {
		return d, err
	}
	d.ID, d.FormLabel, d.Regulation = id, d.Form.Label(), domain.DisciplineRegulation(d.DecidedOn)
	if d.MemberID != 0 {
		return d, tx.audit(actDisciplineMember, entMember, d.MemberID, d.Path, nil, d)
	}
	return d, tx.audit(actDisciplineOrg, entOrg, d.OrgID, d.Path, nil, d)
}

// SaveAppeal writes an appeal lodged against a decision, with its audit row.
func (tx *Tx) SaveAppeal(d Discipline, a domain.AppealInput) (Discipline, error) {
	res, err := tx.exec("UPDATE disciplines SET appeal_on = ?, appeal_text = ? WHERE id = ? AND appeal_on IS NULL", a.On, a.Text, d.ID)
	if err := wroteOne(res, err, "Quyết định kỷ luật này đã có khiếu nại."); err != nil {
		return d, err
	}
	before := d
	d.Appeal = &a
	return d, tx.audit(actDisciplineAppeal, d.entity(), d.entityID(), d.Path, before, d)
}

// SaveOutcome writes the decision on an appeal, with its audit row.
func (tx *Tx) SaveOutcome(d Discipline, o domain.OutcomeInput) (Discipline, error) {
	res, err := tx.exec("UPDATE disciplines SET outcome = ?, outcome_form = ?, outcome_decision = ?, outcome_on = ?, outcome_note = ? WHERE id = ? AND outcome = ''",
		string(o.Outcome), string(o.Form), o.Decision, o.On, o.Note, d.ID)
	if err := wroteOne(res, err, "Khiếu nại này đã được giải quyết."); err != nil {
		return d, err
	}
	before := d
	d.Outcome = &o
	return d, tx.audit(actDisciplineAppealOutcome, d.entity(), d.entityID(), d.Path, before, d)
}

func (d Discipline) entity() Entity {
	if d.MemberID != 0 {
		return entMember
	}
	return entOrg
}

func (d Discipline) entityID() int64 {
	if d.MemberID != 0 {
		return d.MemberID
	}
	return d.OrgID
}

// RemovePost clears the post a dismissal removed (party_position or
// gov_position) from a record read with MemberForUpdate, raising its
// version, with the audit row.
func (tx *Tx) RemovePost(m domain.Member, field string) (domain.Member, error) {
	out := m
	switch field {
	case "party_position":
		out.PartyPosition = ""
	case "gov_position":
		out.GovPosition = ""
	default:
		return m, errors.New("store: no such post " + field)
	}
	if err := tx.bump("UPDATE members SET "+field+" = '', updated_at = ?, version = version + 1 WHERE id = ? AND version = ?", tx.db.stamp(), m.ID, m.Version); err != nil {
		return m, err
	}
	out.Version = m.Version + 1
	return out, tx.audit(actMemberPostRemoved, entMember, m.ID, m.OrgPath, m, out)
}

// wroteOne checks that a guarded UPDATE (… WHERE the row is still as it was
// read) changed its row: otherwise another writer changed it first, between
// the read and the write, and msg says what the late one finds.
func wroteOne(res sql.Result, err error, msg string) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return &domain.Error{Code: domain.CodeConflict, Message: msg}
	}
	return nil
}
