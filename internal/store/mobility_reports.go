package store

import (
	"database/sql"
	"strconv"

	"dangvien/internal/domain"
)

// The reads of the mobility reports of a subtree (issue 11 item 9): a
// province's year is some fifteen thousand letters, six thousand records of
// working away and thirty thousand residence ties. The counts are grouped in
// the database, by the organisation directly under the one asked for, from
// indexes that lead with the subtree's paths or the period and carry what is
// counted; only the rows a report lists (a few hundred) are read whole. The
// paths and the member's standing are copies on each record (migration
// 00056), so no member or organisation is looked up per row.

// childKey is the SQL expression of the path, in col, of the organisation
// directly under parent that a path in parent's subtree lies in: parent's
// own path for parent itself. A report's units are looked up by it.
func (db *DB) childKey(col, parent string) string {
	find := "instr"
	if db.Dialect == Postgres {
		find = "strpos"
	}
	n := len(parent)
	return "substr(" + col + ", 1, " + strconv.Itoa(n) + " + " + find + "(substr(" + col + ", " + strconv.Itoa(n+1) + "), '/'))"
}

// inSubtreeKey is childKey for a path in parent's subtree, ” for one
// outside it.
func (db *DB) inSubtreeKey(col, parent string) (string, []any) {
	lo, hi := pathRange(parent)
	return "CASE WHEN " + col + " >= ? AND " + col + " < ? THEN " + db.childKey(col, parent) + " ELSE '' END", []any{lo, hi}
}

// TransferCount is how many letters of a period go from one unit to
// another: FromKey and ToKey are the units' paths (childKey), ” for a side
// outside the subtree.
type TransferCount struct {
	FromKey, ToKey string
	Kind           domain.TransferKind
	Route          domain.TransferRoute
	N              int
}

// transferPeriod is the condition of the letters of a subtree dated in a
// period, in the actor's scope: the sending or the receiving cell in o's
// subtree.
func (tx *Tx) transferPeriod(o domain.Org, from, to domain.Date) (string, []any) {
	fs, fa := scopedSubtree(tx.actor, "t.from_path", "", o.Path)
	ts, ta := scopedSubtree(tx.actor, "t.to_path", "", o.Path)
	return "t.letter_on >= ? AND t.letter_on <= ? AND (" + fs + " OR " + ts + ")", append(append([]any{from, to}, fa...), ta...)
}

// TransferCounts counts the letters of a subtree dated in a period, by
// sending and receiving unit, kind and route, from the period's index alone.
func (tx *Tx) TransferCounts(o domain.Org, from, to domain.Date) ([]TransferCount, error) {
	fk, fka := tx.db.inSubtreeKey("t.from_path", o.Path)
	tk, tka := tx.db.inSubtreeKey("t.to_path", o.Path)
	where, args := tx.transferPeriod(o, from, to)
	rows, err := tx.query("SELECT "+fk+", "+tk+", t.kind, t.route, count(*) FROM transfers t WHERE "+where+" GROUP BY 1, 2, 3, 4",
		append(append(fka, tka...), args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TransferCount
	for rows.Next() {
		var c TransferCount
		if err := rows.Scan(&c.FromKey, &c.ToKey, &c.Kind, &c.Route, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TransitCount is how many letters of a kind dated on a day are in transit.
type TransitCount struct {
	Kind     domain.TransferKind
	LetterOn domain.Date
	N        int
}

// TransitCounts counts the letters of a subtree dated in a period that are
// still in transit, by kind and date: a letter's deadline follows from its
// date, so the report works it out once per day, not once per letter.
func (tx *Tx) TransitCounts(o domain.Org, from, to domain.Date) ([]TransitCount, error) {
	where, args := tx.transferPeriod(o, from, to)
	rows, err := tx.query("SELECT t.kind, t.letter_on, count(*) FROM transfers t WHERE t.status = 'in_transit' AND "+where+" GROUP BY t.kind, t.letter_on", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TransitCount
	for rows.Next() {
		var c TransitCount
		if err := rows.Scan(&c.Kind, &c.LetterOn, &c.N); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// TransferFilter selects transfers for the reports.
type TransferFilter struct {
	From, To domain.Date // letters dated in this period
	Open     bool        // only those still open, whatever their date
	Limit    int         // at most this many, newest first; 0 for all
}

// SubtreeTransfers lists the transfers of a subtree: those whose sending or
// receiving cell lies in o's subtree, in the actor's scope, dated in the
// period (or open), newest first, without the members' names (MemberBriefs
// gives those of the rows a report lists).
func (tx *Tx) SubtreeTransfers(o domain.Org, f TransferFilter) ([]Transfer, error) {
	var where string
	var args []any
	if f.Open {
		fs, fa := scopedSubtree(tx.actor, "t.from_path", "", o.Path)
		ts, ta := scopedSubtree(tx.actor, "t.to_path", "", o.Path)
		where, args = "t.status IN ('in_transit', 'active') AND ("+fs+" OR "+ts+")", append(fa, ta...)
	} else {
		where, args = tx.transferPeriod(o, f.From, f.To)
	}
	where += " ORDER BY t.letter_on DESC, t.id DESC"
	if f.Limit > 0 {
		where += " LIMIT " + strconv.Itoa(f.Limit)
	}
	return tx.transfersFrom(transferColsUnnamed+transferFromUnnamed, where, args...)
}

// AwayCount is what the counts of a report need of a record of working
// away: the unit of the member's cell (childKey) and the record's dates.
type AwayCount struct {
	Key string
	domain.AwayPeriod
}

// awaySubtree is the condition of the records of working away of the
// members on the roll of a subtree, in the actor's scope, not back or back
// since a day.
func (tx *Tx) awaySubtree(o domain.Org, backSince domain.Date) (string, []any) {
	sc, args := scopedSubtree(tx.actor, "a.member_path", "a.member_id", o.Path)
	return tx.db.activeRow("a.member_status") + " AND " + sc + " AND (a.returned_on IS NULL OR a.returned_on >= ?)", append(args, backSince)
}

// AwayCounts reads, for the counts of a report, the dates of the records of
// working away of the members on the roll of a subtree, not back or back
// since a day, from the records' path index alone.
func (tx *Tx) AwayCounts(o domain.Org, backSince domain.Date) ([]AwayCount, error) {
	where, args := tx.awaySubtree(o, backSince)
	rows, err := tx.query("SELECT "+tx.db.childKey("a.member_path", o.Path)+", a.since, a.returned_on, a.exempt_from, a.exempt_to FROM away_records a WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AwayCount
	for rows.Next() {
		var c AwayCount
		var back, from, to sql.Null[domain.Date]
		if err := rows.Scan(&c.Key, &c.Since, &back, &from, &to); err != nil {
			return nil, err
		}
		c.ReturnedOn, c.ExemptFrom, c.ExemptTo = back.V, from.V, to.V
		out = append(out, c)
	}
	return out, rows.Err()
}

// SubtreeAways lists up to limit records of working away of the members on
// the roll of a subtree: those still away, then those back since a day,
// each in the members' name order.
func (tx *Tx) SubtreeAways(o domain.Org, backSince domain.Date, limit int) ([]domain.Away, error) {
	where, args := tx.awaySubtree(o, backSince)
	const order = " ORDER BY CASE WHEN a.returned_on IS NULL THEN 0 ELSE 1 END, a.sort_key, a.member_id, a.since DESC"
	// The few listed, then their members and cells by key.
	from := ` FROM (SELECT a.* FROM away_records a WHERE ` + where + order + ` LIMIT ` + strconv.Itoa(limit) + `) a` + tx.db.thenMembers() +
		`ON m.id = a.member_id JOIN orgs o ON o.id = m.org_id `
	return tx.awaysFrom(from, "1=1"+order, args...)
}

// TieCount is how many ties in force in a year, of members on the roll,
// lie on the workplace side of a subtree (Work, in the unit Key, a
// childKey), on its residence side (Home), or both, with a category and with
// or without the year's comment.
type TieCount struct {
	Work     bool
	Key      string
	Home     bool
	Category domain.ResidenceCategory
	Has      bool
	N        int
}

// tieSide is the condition of the ties of a subtree's side: the workplace
// side (the member's cell, col r.member_path) or the residence side (the
// residence cell, r.residence_path) in o's subtree and the actor's scope.
func (tx *Tx) tieSide(o domain.Org, col string) (string, []any) {
	return scopedSubtree(tx.actor, col, "", o.Path)
}

// tieInForce is the condition of the ties of members on the roll in force
// at some time in year: presented by the comment's due day, not ended before
// the year.
func (tx *Tx) tieInForce(year int) (string, []any) {
	return tx.db.activeRow("r.member_status") + " AND r.presented_on <= ? AND (r.ended_on IS NULL OR r.ended_on >= ?)",
		[]any{domain.CommentDue(year), domain.NewDate(year, 1, 1)}
}

// Tie sides of a subtree.
const (
	WorkSide      = "r.member_path"
	ResidenceSide = "r.residence_path"
)

// TieCounts counts the ties of both sides of a subtree in force in a year,
// by side, unit of the workplace side, category and whether the year's
// comment came: one pass over the sides' path indexes (a province's ties lie
// on both its sides) with a look into the comments' index for each.
func (tx *Tx) TieCounts(o domain.Org, year int) ([]TieCount, error) {
	wc, wa := tx.tieSide(o, WorkSide)
	hc, ha := tx.tieSide(o, ResidenceSide)
	fc, fa := tx.tieInForce(year)
	q := "SELECT CASE WHEN " + wc + " THEN " + tx.db.childKey(WorkSide, o.Path) + " END, CASE WHEN " + hc + " THEN 1 ELSE 0 END, r.category, " +
		"CASE WHEN r.id IN (SELECT tie_id FROM residence_comments WHERE year = ?) THEN 1 ELSE 0 END, count(*) FROM residence_ties r WHERE " +
		fc + " AND ((" + wc + ") OR (" + hc + ")) GROUP BY 1, 2, 3, 4"
	args := append(append(append(append(append(append([]any{}, wa...), ha...), year), fa...), wa...), ha...)
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []TieCount
	for rows.Next() {
		var c TieCount
		var key sql.NullString
		var home, has int
		if err := rows.Scan(&key, &home, &c.Category, &has, &c.N); err != nil {
			return nil, err
		}
		c.Work, c.Key, c.Home, c.Has = key.Valid, key.String, home == 1, has == 1
		out = append(out, c)
	}
	return out, rows.Err()
}

// SubtreeTies lists up to limit ties of a side of a subtree in force in a
// year, with that year's comment, in the order they were written; waiting
// keeps those whose comment is still to come (not received, and of a member
// who is not of a category commented on only when asked: domain
// CommentStateOf). Of the members it gives only their cells' paths
// (WorkPath, WorkOrgID); the names come from MemberBriefs.
func (tx *Tx) SubtreeTies(o domain.Org, side string, year int, waiting bool, limit int) ([]TieRow, error) {
	where, args := tx.tieSide(o, side)
	fc, fa := tx.tieInForce(year)
	where, args = where+" AND "+fc, append(args, fa...)
	if waiting {
		where += " AND r.category = '' AND NOT EXISTS (SELECT 1 FROM residence_comments w WHERE w.tie_id = r.id AND w.year = ?)"
		args = append(args, year)
	}
	const cols = `r.id, r.member_id, r.member_path, r.residence_org_id, ro.name, r.residence_path, r.presented_on, r.category, r.note, r.ended_on, r.end_reason, ` + commentCols
	// The ids of the few listed, from the side's index, then their rows,
	// comments and cells by key.
	rows, err := tx.query(`SELECT `+cols+` FROM (SELECT r.id FROM residence_ties r WHERE `+where+` ORDER BY r.id LIMIT `+strconv.Itoa(limit)+`) x
		`+tx.db.thenJoin()+` residence_ties r ON r.id = x.id LEFT JOIN residence_comments c ON c.tie_id = r.id AND c.year = ? LEFT JOIN orgs co ON co.id = c.residence_org_id
		JOIN orgs ro ON ro.id = r.residence_org_id ORDER BY r.id`, append(args, year)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []TieRow{}
	for rows.Next() {
		var t TieRow
		var ended, con sql.Null[domain.Date]
		var cid, ctie, cmember, ccell, cyear sql.NullInt64
		var cname, ctext, cverdict sql.NullString
		if err := rows.Scan(&t.ID, &t.MemberID, &t.WorkPath, &t.ResidenceID, &t.Residence, &t.ResidencePath, &t.PresentedOn, &t.Category, &t.Note, &ended, &t.EndReason,
			&cid, &ctie, &cmember, &cyear, &ccell, &cname, &ctext, &cverdict, &con); err != nil {
			return nil, err
		}
		t.EndedOn, t.CategoryLabel, t.WorkOrgID = ended.V, t.Category.Label(), lastID(t.WorkPath)
		if cid.Valid {
			v := domain.Verdict(cverdict.String)
			t.Comment = &domain.TieComment{ID: cid.Int64, TieID: ctie.Int64, MemberID: cmember.Int64, Year: int(cyear.Int64), CellID: ccell.Int64, Cell: cname.String,
				Text: ctext.String, Verdict: v, VerdictLabel: v.Label(), On: con.V}
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
