package store

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"dangvien/internal/domain"
)

// Regulation 213: a member's tie with the cell where they live. The
// workplace side reads it through the member's cell, the residence side
// through the residence cell; each gets a tie (who, from which cell, since
// when) and the comments, nothing else of the member's record.

const tieCols = `r.id, r.member_id, m.full_name, m.org_id, o.name, r.residence_org_id, ro.name, r.presented_on, r.category, r.note, r.ended_on, r.end_reason, m.org_path, ro.path`

const tieFrom = ` FROM residence_ties r JOIN members m ON m.id = r.member_id JOIN orgs o ON o.id = m.org_id JOIN orgs ro ON ro.id = r.residence_org_id `

// TieRow is a tie with the paths of its two cells and, in a report, the
// comment of the year asked for.
type TieRow struct {
	domain.Tie
	WorkPath      string             `json:"-"`
	ResidencePath string             `json:"-"`
	Comment       *domain.TieComment `json:"comment,omitempty"`
}

func scanTie(r interface{ Scan(...any) error }, extra ...any) (TieRow, error) {
	var t TieRow
	var ended sql.Null[domain.Date]
	err := r.Scan(append([]any{&t.ID, &t.MemberID, &t.MemberName, &t.WorkOrgID, &t.WorkOrg, &t.ResidenceID, &t.Residence, &t.PresentedOn, &t.Category, &t.Note,
		&ended, &t.EndReason, &t.WorkPath, &t.ResidencePath}, extra...)...)
	t.EndedOn, t.CategoryLabel = ended.V, t.Category.Label()
	return t, err
}

// tieScope is scopeCond for ties: the member's cell or the residence cell in
// the actor's scope, or a member's own tie.
func tieScope(a domain.Actor) (string, []any) {
	if a.All() {
		return "1=1", nil
	}
	if a.Role == domain.RoleMember {
		return "r.member_id = ?", []any{a.MemberID}
	}
	w, wa := scopeCond(a, "m.org_path", "")
	h, ha := scopeCond(a, "ro.path", "")
	return "(" + w + " OR " + h + ")", append(wa, ha...)
}

func (tx *Tx) ties(where string, args ...any) ([]TieRow, error) {
	rows, err := tx.query("SELECT "+tieCols+tieFrom+"WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []TieRow{}
	for rows.Next() {
		t, err := scanTie(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Tie reads a tie that the actor reaches from either side.
func (tx *Tx) Tie(id int64) (TieRow, error) {
	sc, args := tieScope(tx.actor)
	ts, err := tx.ties("r.id = ? AND "+sc, append([]any{id}, args...)...)
	if err != nil {
		return TieRow{}, err
	}
	if len(ts) == 0 {
		return TieRow{}, domain.ErrNotFound
	}
	return ts[0], nil
}

// OpenTie reads the member's tie in force, nil when there is none; the
// member has been read in scope.
func (tx *Tx) OpenTie(m domain.Member) (*TieRow, error) {
	ts, err := tx.ties("r.member_id = ? AND r.ended_on IS NULL", m.ID)
	if err != nil || len(ts) == 0 {
		return nil, err
	}
	return &ts[0], nil
}

// MemberTies lists a member's ties, newest first.
func (tx *Tx) MemberTies(m domain.Member) ([]TieRow, error) {
	return tx.ties("r.member_id = ? ORDER BY r.presented_on DESC, r.id DESC", m.ID)
}

// ResidenceCell reads the cell a member presents the introduction to,
// anywhere in the installation: the workplace side names the cell where the
// member lives, which is seldom in its own scope. found is false for no
// such id.
func (tx *Tx) ResidenceCell(id int64) (domain.Org, bool, error) {
	return tx.DestinationCell(id)
}

var actResidenceTie = newAction("residence.tie", "ghi giới thiệu về nơi cư trú")

// AddTie writes a tie for a member read for writing (checked by the
// domain), with its audit row.
func (tx *Tx) AddTie(m domain.Member, res domain.Org, in domain.TieInput) (TieRow, error) {
	now := tx.db.stamp()
	// The member's cell and standing, and the residence cell's path, copied
	// for the reports (migration 00056): read here, in the transaction that
	// holds the record.
	id, err := tx.insert(`INSERT INTO residence_ties (member_id, residence_org_id, presented_on, category, note, created_by, created_at, updated_at, member_path, member_status, residence_path)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT org_path FROM members WHERE id = ?), (SELECT status FROM members WHERE id = ?), (SELECT path FROM orgs WHERE id = ?))`,
		m.ID, res.ID, in.PresentedOn, string(in.Category), in.Note, nullID(tx.actor.UserID), now, now, m.ID, m.ID, res.ID)
	if err != nil {
		return TieRow{}, err
	}
	ts, err := tx.ties("r.id = ?", id)
	if err != nil {
		return TieRow{}, err
	}
	return ts[0], tx.audit(actResidenceTie, entMember, m.ID, m.OrgPath, nil, ts[0].Tie)
}

var actResidenceEnd = newAction("residence.end", "kết thúc mối liên hệ nơi cư trú")

// EndTie ends a tie from a day, with its reason and audit row.
func (tx *Tx) EndTie(t TieRow, on domain.Date, reason string) (TieRow, error) {
	res, err := tx.exec("UPDATE residence_ties SET ended_on = ?, end_reason = ?, updated_at = ? WHERE id = ? AND ended_on IS NULL", on, reason, tx.db.stamp(), t.ID)
	if err := oneRow(res, err, "Mối liên hệ vừa được người khác kết thúc."); err != nil {
		return t, err
	}
	out := t
	out.EndedOn, out.EndReason = on, reason
	return out, tx.audit(actResidenceEnd, entMember, t.MemberID, t.WorkPath, t.Tie, out.Tie)
}

const commentCols = `c.id, c.tie_id, c.member_id, c.year, c.residence_org_id, co.name, c.text, c.verdict, c.commented_on`

func scanComment(r interface{ Scan(...any) error }) (domain.TieComment, error) {
	var c domain.TieComment
	err := r.Scan(&c.ID, &c.TieID, &c.MemberID, &c.Year, &c.CellID, &c.Cell, &c.Text, &c.Verdict, &c.On)
	c.VerdictLabel = c.Verdict.Label()
	return c, err
}

// TieComments lists the comments on a tie, newest year first.
func (tx *Tx) TieComments(t TieRow) ([]domain.TieComment, error) {
	rows, err := tx.query("SELECT "+commentCols+" FROM residence_comments c JOIN orgs co ON co.id = c.residence_org_id WHERE c.tie_id = ? ORDER BY c.year DESC", t.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.TieComment{}
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

var actResidenceComment = newAction("residence.comment", "nhận xét của chi bộ nơi cư trú")

// AddComment writes the residence cell's comment of a year on a tie
// (checked by domain.CheckComment), with its audit row; the cell is one the
// actor may write for. A second comment of the year is refused by the
// unique index if two arrive at once.
func (tx *Tx) AddComment(t TieRow, cell domain.Org, in domain.CommentInput) (domain.TieComment, error) {
	id, err := tx.insert(`INSERT INTO residence_comments (tie_id, member_id, year, residence_org_id, text, verdict, commented_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.MemberID, in.Year, cell.ID, in.Text, string(in.Verdict), in.On, nullID(tx.actor.UserID), tx.db.stamp())
	if err != nil {
		return domain.TieComment{}, err
	}
	c := domain.TieComment{ID: id, TieID: t.ID, MemberID: t.MemberID, Year: in.Year, CellID: cell.ID, Cell: cell.Name, Text: in.Text, Verdict: in.Verdict,
		VerdictLabel: in.Verdict.Label(), On: in.On}
	return c, tx.audit(actResidenceComment, entMember, t.MemberID, cell.Path, nil, c)
}

// ResidenceStatus is what the yearly evaluation reads of a member's tie with
// the residence cell in a year: whether the member was a 213 member then
// (Tie), where the comment stands, and the comment itself when there is one.
type ResidenceStatus struct {
	MemberID   int64               `json:"member_id"`
	Year       int                 `json:"year"`
	Tie        *domain.Tie         `json:"tie,omitempty"` // nil: no tie in force that year
	State      domain.CommentState `json:"state"`
	StateLabel string              `json:"state_label"`
	Comment    *domain.TieComment  `json:"comment,omitempty"`
}

// ResidenceComment reads, for a member in the actor's scope, the residence
// cell's comment of a year (Regulation 213), for the yearly evaluation: the
// tie in force in that year (the latest presented by the comment's due day
// and not ended before the year), and its comment. State is "none" for a
// member with no such tie, "exempt" for a category commented on only when
// asked, "pending" before the due day, "missing" after it, "received" with
// the comment.
func (tx *Tx) ResidenceComment(memberID int64, year int) (ResidenceStatus, error) {
	out := ResidenceStatus{MemberID: memberID, Year: year, State: domain.CommentNone}
	m, err := tx.Member(memberID)
	if err != nil {
		return out, err
	}
	ts, err := tx.ties("r.member_id = ? AND r.presented_on <= ? AND (r.ended_on IS NULL OR r.ended_on >= ?) ORDER BY r.presented_on DESC, r.id DESC",
		m.ID, domain.CommentDue(year), domain.NewDate(year, 1, 1))
	if err != nil {
		return out, err
	}
	for i, t := range ts {
		c, err := scanComment(tx.queryRow("SELECT "+commentCols+" FROM residence_comments c JOIN orgs co ON co.id = c.residence_org_id WHERE c.tie_id = ? AND c.year = ?", t.ID, year))
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return out, err
		}
		if err == nil { // the tie that has the year's comment
			tie := t.Tie
			out.Tie, out.Comment = &tie, &c
			break
		}
		if i == 0 { // otherwise the latest
			tie := t.Tie
			out.Tie = &tie
		}
	}
	if out.Tie != nil {
		out.State = domain.CommentStateOf(*out.Tie, out.Comment != nil, year, tx.Today())
	}
	out.StateLabel = out.State.Label()
	return out, nil
}

// ResidenceStatuses is ResidenceComment for several members at once (the
// yearly evaluation of a cell or a commune), read in the actor's scope; a
// member with no tie in force that year has none.
func (tx *Tx) ResidenceStatuses(ids []int64, year int) (map[int64]ResidenceStatus, error) {
	out := map[int64]ResidenceStatus{}
	sc, sargs := tieScope(tx.actor)
	today := tx.Today()
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, 0, len(chunk)+len(sargs)+2)
		for _, id := range chunk {
			args = append(args, id)
		}
		args = append(append(args, sargs...), domain.CommentDue(year), domain.NewDate(year, 1, 1))
		ts, err := tx.ties("r.member_id IN ("+placeholders(len(chunk))+") AND "+sc+" AND r.presented_on <= ? AND (r.ended_on IS NULL OR r.ended_on >= ?) ORDER BY r.member_id, r.presented_on DESC, r.id DESC", args...)
		if err != nil || len(ts) == 0 {
			if err != nil {
				return nil, err
			}
			continue
		}
		cargs := []any{year}
		for _, t := range ts {
			cargs = append(cargs, t.ID)
		}
		rows, err := tx.query("SELECT "+commentCols+" FROM residence_comments c JOIN orgs co ON co.id = c.residence_org_id WHERE c.year = ? AND c.tie_id IN ("+placeholders(len(ts))+")", cargs...)
		if err != nil {
			return nil, err
		}
		byTie := map[int64]domain.TieComment{}
		for rows.Next() {
			c, err := scanComment(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			byTie[c.TieID] = c
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		// Per member as ResidenceComment: the tie with the year's comment,
		// otherwise the latest (the ties come newest first).
		for _, t := range ts {
			st, seen := out[t.MemberID]
			c, has := byTie[t.ID]
			if seen && (st.Comment != nil || !has) {
				continue
			}
			tie := t.Tie
			st = ResidenceStatus{MemberID: t.MemberID, Year: year, Tie: &tie}
			if has {
				st.Comment = &c
			}
			st.State = domain.CommentStateOf(tie, has, year, today)
			st.StateLabel = st.State.Label()
			out[t.MemberID] = st
		}
	}
	return out, nil
}

// lastID is the id of the organisation a path ends with ("/1/6/9/" → 9).
func lastID(path string) int64 {
	p := strings.TrimSuffix(path, "/")
	id, _ := strconv.ParseInt(p[strings.LastIndexByte(p, '/')+1:], 10, 64)
	return id
}

// MemberBrief is what a report's row shows of a member whose record it
// reached through something else (a letter, a tie): the name, the cell, and
// whether they are on the roll.
type MemberBrief struct {
	Name   string
	OrgID  int64
	Org    string
	Path   string
	Active bool
}

// MemberBriefs reads the briefs of some members, for the rows a report
// lists of records it read in scope (transfers, ties).
func (tx *Tx) MemberBriefs(ids []int64) (map[int64]MemberBrief, error) {
	out := make(map[int64]MemberBrief, len(ids))
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := tx.query("SELECT m.id, m.full_name, m.org_id, o.name, m.org_path, m.status FROM members m JOIN orgs o ON o.id = m.org_id WHERE m.id IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var b MemberBrief
			var st domain.Status
			if err := rows.Scan(&id, &b.Name, &b.OrgID, &b.Org, &b.Path, &st); err != nil {
				rows.Close()
				return nil, err
			}
			b.Active = st.Active()
			out[id] = b
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ActiveByCell counts the members on the roll of each cell of a subtree,
// keyed by the cell's path, from the counts index alone.
func (tx *Tx) ActiveByCell(o domain.Org) (map[string]int, error) {
	sc, args := scopedSubtree(tx.actor, "org_path", "id", o.Path)
	rows, err := tx.query("SELECT org_path, count(*) FROM members WHERE "+tx.db.activeRow("status")+" AND "+sc+" GROUP BY org_path", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var p string
		var n int
		if err := rows.Scan(&p, &n); err != nil {
			return nil, err
		}
		out[p] = n
	}
	return out, rows.Err()
}
