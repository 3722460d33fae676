package store

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"slices"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

// Rating is a member's evaluation of one year: the self-review, the cell's
// proposal and the committee's decision, each filled in when made.
type Rating struct {
	ID           int64                 `json:"id"`
	MemberID     int64                 `json:"member_id"`
	Name         string                `json:"name"`
	Year         int                   `json:"year"`
	OrgID        int64                 `json:"org_id"` // the member's cell when first reviewed
	Org          string                `json:"org"`
	GrassrootsID int64                 `json:"grassroots_id"`
	Self         domain.SelfReview     `json:"self_review"`
	Proposal     domain.RatingProposal `json:"proposal"`
	Decision     domain.RatingDecision `json:"decision"`
}

// Proposed tells whether the cell has proposed a level; Decided, whether
// the committee has decided one.
func (r Rating) Proposed() bool { return r.Proposal.Level != "" }
func (r Rating) Decided() bool  { return r.Decision.Level != "" }

const ratingCols = `r.id, r.member_id, m.full_name, r.year, r.org_id, o.name, r.grassroots_id, r.self_level, r.self_text, r.self_on,
	r.proposed_level, r.proposed_points, r.all_on_time, r.beyond_pct, r.proposal_note, r.proposed_on,
	r.level, r.points, r.decision, r.decided_on, r.decision_note`

const ratingFrom = " FROM member_ratings r JOIN members m ON m.id = r.member_id JOIN orgs o ON o.id = r.org_id"

func scanRating(row interface{ Scan(...any) error }) (Rating, error) {
	var r Rating
	err := row.Scan(&r.ID, &r.MemberID, &r.Name, &r.Year, &r.OrgID, &r.Org, &r.GrassrootsID, &r.Self.Level, &r.Self.Text, &r.Self.On,
		&r.Proposal.Level, &r.Proposal.Points, &r.Proposal.AllOnTime, &r.Proposal.BeyondPct, &r.Proposal.Note, &r.Proposal.On,
		&r.Decision.Level, &r.Decision.Points, &r.Decision.Number, &r.Decision.On, &r.Decision.Note)
	return r, err
}

// MemberRatings lists a member's evaluations, newest year first; the
// member was read in the actor's scope.
func (tx *Tx) MemberRatings(m domain.Member) ([]Rating, error) {
	rows, err := tx.query("SELECT "+ratingCols+ratingFrom+" WHERE r.member_id = ? ORDER BY r.year DESC", m.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Rating{}
	for rows.Next() {
		r, err := scanRating(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// RatingOf reads a member's evaluation of a year; found is false when
// nothing of it is recorded yet.
func (tx *Tx) RatingOf(m domain.Member, year int) (r Rating, found bool, err error) {
	r, err = scanRating(tx.queryRow("SELECT "+ratingCols+ratingFrom+" WHERE r.member_id = ? AND r.year = ?", m.ID, year))
	if isNoRows(err) {
		return Rating{MemberID: m.ID, Name: m.FullName, Year: year, OrgID: m.OrgID, Org: m.Org}, false, nil
	}
	return r, err == nil, err
}

// RatingRow is a member on the roll of a subtree with their evaluation of
// a year (zero when nothing is recorded), for the cell's and the
// committee's lists.
type RatingRow struct {
	MemberID      int64         `json:"member_id"`
	Name          string        `json:"name"`
	OrgID         int64         `json:"org_id"`
	Org           string        `json:"org"`
	Status        domain.Status `json:"status"`
	Exempted      bool          `json:"exempted"`
	PartyPosition string        `json:"party_position,omitempty"`
	GovPosition   string        `json:"gov_position,omitempty"`
	Rating        Rating        `json:"rating"`
	sortKey       []byte
}

// RatingRows lists the members on the roll of o's subtree with their
// evaluation of year, by cell then in Vietnamese name order; ok is false
// (and nothing listed) when the subtree has more than limit members.
func (tx *Tx) RatingRows(o domain.Org, year, limit int) (rows []RatingRow, ok bool, err error) {
	sc, args := scopedSubtree(tx.actor, "m.org_path", "m.id", o.Path)
	var n int
	if err := tx.queryRow("SELECT count(*) FROM members m WHERE "+sc+" AND "+tx.db.activeRow("m.status"), args...).Scan(&n); err != nil {
		return nil, false, err
	}
	if n > limit {
		return nil, false, nil
	}
	f := tx.db.falseLit()
	q := `SELECT m.id, m.full_name, m.org_id, o.name, m.status, m.exempted, m.party_position, m.gov_position, m.sort_key,
		coalesce(r.id, 0), coalesce(r.grassroots_id, 0), coalesce(r.self_level, ''), coalesce(r.self_text, ''), r.self_on,
		coalesce(r.proposed_level, ''), coalesce(r.proposed_points, 0), coalesce(r.all_on_time, ` + f + `), coalesce(r.beyond_pct, 0), coalesce(r.proposal_note, ''), r.proposed_on,
		coalesce(r.level, ''), coalesce(r.points, 0), coalesce(r.decision, ''), r.decided_on, coalesce(r.decision_note, '')
		FROM members m JOIN orgs o ON o.id = m.org_id LEFT JOIN member_ratings r ON r.member_id = m.id AND r.year = ?
		WHERE ` + sc + ` AND ` + tx.db.activeRow("m.status")
	res, err := tx.query(q, append([]any{year}, args...)...)
	if err != nil {
		return nil, false, err
	}
	defer res.Close()
	rows = []RatingRow{}
	for res.Next() {
		var w RatingRow
		r := &w.Rating
		if err := res.Scan(&w.MemberID, &w.Name, &w.OrgID, &w.Org, &w.Status, &w.Exempted, &w.PartyPosition, &w.GovPosition, &w.sortKey,
			&r.ID, &r.GrassrootsID, &r.Self.Level, &r.Self.Text, &r.Self.On,
			&r.Proposal.Level, &r.Proposal.Points, &r.Proposal.AllOnTime, &r.Proposal.BeyondPct, &r.Proposal.Note, &r.Proposal.On,
			&r.Decision.Level, &r.Decision.Points, &r.Decision.Number, &r.Decision.On, &r.Decision.Note); err != nil {
			return nil, false, err
		}
		r.MemberID, r.Name, r.Year = w.MemberID, w.Name, year
		if r.ID == 0 {
			r.OrgID, r.Org = w.OrgID, w.Org
		}
		rows = append(rows, w)
	}
	if err := res.Err(); err != nil {
		return nil, false, err
	}
	cells := map[string][]byte{}
	for _, w := range rows {
		if cells[w.Org] == nil {
			cells[w.Org] = viet.CollateKey(w.Org)
		}
	}
	slices.SortStableFunc(rows, func(x, y RatingRow) int {
		if c := bytes.Compare(cells[x.Org], cells[y.Org]); c != 0 {
			return c
		}
		if x.OrgID != y.OrgID {
			return int(x.OrgID - y.OrgID)
		}
		return bytes.Compare(x.sortKey, y.sortKey)
	})
	return rows, true, nil
}

// ratingAudit is what the audit trail keeps of a rating.
func ratingAudit(r Rating) any {
	if r.ID == 0 {
		return nil
	}
	return r
}

var (
	actRatingSelfReview = newAction("rating.self_review", "ghi bản tự kiểm điểm")
	actRatingPropose    = newAction("rating.propose", "chi bộ đề nghị xếp loại đảng viên")
	actRatingDecide     = newAction("rating.decide", "cấp ủy quyết định xếp loại đảng viên")
)

// saveRating writes r (new when before.ID is 0) with its audit row.
func (tx *Tx) saveRating(action Action, m domain.Member, before, r Rating) (Rating, error) {
	now := tx.db.stamp()
	if before.ID == 0 {
		id, err := tx.insert(`INSERT INTO member_ratings (member_id, year, org_id, org_path, grassroots_id, self_level, self_text, self_on,
			proposed_level, proposed_points, all_on_time, beyond_pct, proposal_note, proposed_on, level, points, decision, decided_on, decision_note, updated_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.MemberID, r.Year, r.OrgID, m.OrgPath, r.GrassrootsID, string(r.Self.Level), r.Self.Text, r.Self.On,
			string(r.Proposal.Level), r.Proposal.Points, r.Proposal.AllOnTime, r.Proposal.BeyondPct, r.Proposal.Note, r.Proposal.On,
			string(r.Decision.Level), r.Decision.Points, r.Decision.Number, r.Decision.On, r.Decision.Note, nullID(tx.actor.UserID), now, now)
		if err != nil {
			return r, err
		}
		r.ID = id
	} else if _, err := tx.exec(`UPDATE member_ratings SET self_level = ?, self_text = ?, self_on = ?, proposed_level = ?, proposed_points = ?, all_on_time = ?, beyond_pct = ?,
		proposal_note = ?, proposed_on = ?, level = ?, points = ?, decision = ?, decided_on = ?, decision_note = ?, updated_by = ?, updated_at = ? WHERE id = ?`,
		string(r.Self.Level), r.Self.Text, r.Self.On, string(r.Proposal.Level), r.Proposal.Points, r.Proposal.AllOnTime, r.Proposal.BeyondPct,
		r.Proposal.Note, r.Proposal.On, string(r.Decision.Level), r.Decision.Points, r.Decision.Number, r.Decision.On, r.Decision.Note, nullID(tx.actor.UserID), now, r.ID); err != nil {
		return r, err
	}
	return r, tx.audit(action, entMember, m.ID, m.OrgPath, ratingAudit(before), r)
}

// SaveSelfReview writes a member's self-review of a year. The member was
// read in the actor's scope (the member themself, or a writer); grassroots
// is where the member's cell belongs.
func (tx *Tx) SaveSelfReview(m domain.Member, grassroots domain.Org, year int, in domain.SelfReview) (Rating, error) {
	before, _, err := tx.RatingOf(m, year)
	if err != nil {
		return Rating{}, err
	}
	r := before
	if r.ID == 0 {
		r.GrassrootsID = grassroots.ID
	}
	r.Self = in
	return tx.saveRating(actRatingSelfReview, m, before, r)
}

// SaveProposal writes the cell's proposal for a member.
func (tx *Tx) SaveProposal(m domain.Member, grassroots domain.Org, year int, p domain.RatingProposal) (Rating, error) {
	before, _, err := tx.RatingOf(m, year)
	if err != nil {
		return Rating{}, err
	}
	r := before
	if r.ID == 0 {
		r.GrassrootsID = grassroots.ID
	}
	r.Proposal = p
	return tx.saveRating(actRatingPropose, m, before, r)
}

// SaveDecision writes the committee's decision on a member's proposed
// rating.
func (tx *Tx) SaveDecision(m domain.Member, before Rating, d domain.RatingDecision) (Rating, error) {
	r := before
	r.Decision = d
	return tx.saveRating(actRatingDecide, m, before, r)
}

// LockRatings holds, until the transaction ends, the ratings of a year in a
// grassroots organisation: two committees deciding at once count the cap on
// "xuất sắc" one after the other, and a self-review or proposal never
// overwrites a decision made meanwhile. (SQLite's single writer already
// serialises them.)
func (tx *Tx) LockRatings(grassrootsID int64, year int) error {
	if tx.db.Dialect != Postgres {
		return nil
	}
	_, err := tx.exec("SELECT pg_advisory_xact_lock(hashtext(?))", fmt.Sprintf("ratings:%d:%d", grassrootsID, year))
	return err
}

// GrassrootsLevels counts the decided ratings of a year in a grassroots
// organisation, wherever its members are now: what the cap counts.
func (tx *Tx) GrassrootsLevels(grassrootsID int64, year int) (domain.LevelCounts, error) {
	return tx.levelCounts("SELECT level, count(*) FROM member_ratings WHERE grassroots_id = ? AND year = ? AND level <> '' GROUP BY level", grassrootsID, year)
}

// SubtreeLevels counts the decided ratings of a year of the members rated
// in o's subtree.
func (tx *Tx) SubtreeLevels(o domain.Org, year int) (domain.LevelCounts, error) {
	sc, args := scopedSubtree(tx.actor, "org_path", "member_id", o.Path)
	return tx.levelCounts("SELECT level, count(*) FROM member_ratings WHERE "+sc+" AND year = ? AND level <> '' GROUP BY level", append(args, year)...)
}

func (tx *Tx) levelCounts(q string, args ...any) (domain.LevelCounts, error) {
	rows, err := tx.query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	c := domain.LevelCounts{}
	for rows.Next() {
		var l domain.Rating
		var n int
		if err := rows.Scan(&l, &n); err != nil {
			return nil, err
		}
		c[l] = n
	}
	return c, rows.Err()
}

// ExemptedOn tells which of some members were exempt from work and
// activity on day d, from their exemption events.
func (tx *Tx) ExemptedOn(ids []int64, d domain.Date) (map[int64]bool, error) {
	out := map[int64]bool{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, 0, len(chunk)+1)
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := tx.query("SELECT member_id, kind FROM member_events WHERE member_id IN ("+placeholders(len(chunk))+") AND kind IN ('exempted', 'restored') AND date <= ? ORDER BY member_id, date, id",
			append(args, d)...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var k domain.EventKind
			if err := rows.Scan(&id, &k); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = k == domain.EventExempted
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// GrassrootsOf reads the grassroots organisation an organisation belongs
// to (domain.GrassrootsOf over its chain); the names above the actor's
// scope may be read, as Ancestors allows.
func (tx *Tx) GrassrootsOf(o domain.Org) (domain.Org, bool, error) {
	chain, err := tx.Ancestors(o)
	if err != nil {
		return domain.Org{}, false, err
	}
	g, ok := domain.GrassrootsOf(append(chain, o))
	return g, ok, nil
}

// OrgRating is an organisation's rating of a year, decided by the
// committee of the organisation above it.
type OrgRating struct {
	ID       int64                 `json:"id"`
	OrgID    int64                 `json:"org_id"`
	Name     string                `json:"name"`
	Kind     domain.OrgKind        `json:"kind"`
	Year     int                   `json:"year"`
	ParentID int64                 `json:"parent_id"`
	Decision domain.RatingDecision `json:"decision"`
	path     string
}

// OrgRatings lists the open organisations directly under o with their
// rating of a year (zero Decision when none), in name order.
func (tx *Tx) OrgRatings(o domain.Org, year int) ([]OrgRating, error) {
	rows, err := tx.query(`SELECT c.id, c.name, c.kind, c.path, coalesce(r.id, 0), coalesce(r.level, ''), coalesce(r.points, 0), coalesce(r.decision, ''), r.decided_on, coalesce(r.note, '')
		FROM orgs c LEFT JOIN org_ratings r ON r.org_id = c.id AND r.year = ? WHERE c.parent_id = ? AND c.valid_to IS NULL`, year, o.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []OrgRating{}
	for rows.Next() {
		r := OrgRating{Year: year, ParentID: o.ID}
		if err := rows.Scan(&r.OrgID, &r.Name, &r.Kind, &r.path, &r.ID, &r.Decision.Level, &r.Decision.Points, &r.Decision.Number, &r.Decision.On, &r.Decision.Note); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	slices.SortStableFunc(out, func(x, y OrgRating) int { return viet.Compare(x.Name, y.Name) })
	return out, rows.Err()
}

var actRatingOrg = newAction("rating.org", "xếp loại tổ chức đảng")

// SaveOrgRating writes the rating of organisation c, directly under
// parent, with its audit row.
func (tx *Tx) SaveOrgRating(c, parent domain.Org, year int, d domain.RatingDecision) (OrgRating, error) {
	before := OrgRating{OrgID: c.ID, Name: c.Name, Kind: c.Kind, Year: year, ParentID: parent.ID}
	var on sql.Null[domain.Date]
	err := tx.queryRow("SELECT id, level, points, decision, decided_on, note FROM org_ratings WHERE org_id = ? AND year = ?", c.ID, year).
		Scan(&before.ID, &before.Decision.Level, &before.Decision.Points, &before.Decision.Number, &on, &before.Decision.Note)
	before.Decision.On = on.V
	if err != nil && !isNoRows(err) {
		return before, err
	}
	r := before
	r.Decision = d
	now := tx.db.stamp()
	if before.ID == 0 {
		if r.ID, err = tx.insert(`INSERT INTO org_ratings (org_id, org_path, year, parent_id, level, points, decision, decided_on, note, updated_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.Path, year, parent.ID, string(d.Level), d.Points, d.Number, d.On, d.Note, nullID(tx.actor.UserID), now, now); err != nil {
			return r, err
		}
	} else if _, err := tx.exec("UPDATE org_ratings SET level = ?, points = ?, decision = ?, decided_on = ?, note = ?, parent_id = ?, updated_by = ?, updated_at = ? WHERE id = ?",
		string(d.Level), d.Points, d.Number, d.On, d.Note, parent.ID, nullID(tx.actor.UserID), now, r.ID); err != nil {
		return r, err
	}
	var b any
	if before.ID != 0 {
		b = before
	}
	return r, tx.audit(actRatingOrg, entOrg, c.ID, c.Path, b, r)
}

// ParentLevels counts the decided ratings of a year of the organisations
// one committee rated: the cap on "xuất sắc" among them.
func (tx *Tx) ParentLevels(parentID int64, year int) (domain.LevelCounts, error) {
	return tx.levelCounts("SELECT level, count(*) FROM org_ratings WHERE parent_id = ? AND year = ? GROUP BY level", parentID, year)
}

// SubtreeOrgLevels counts the ratings of a year of the organisations in
// o's subtree (o itself left out).
func (tx *Tx) SubtreeOrgLevels(o domain.Org, year int) (domain.LevelCounts, error) {
	sc, args := scopedSubtree(tx.actor, "org_path", "", o.Path)
	return tx.levelCounts("SELECT level, count(*) FROM org_ratings WHERE "+sc+" AND org_id <> ? AND year = ? GROUP BY level", append(args, o.ID, year)...)
}

// PathLevels counts the decided ratings of a year in o's subtree by the
// path of the cell each member was rated in.
func (tx *Tx) PathLevels(o domain.Org, year int) (map[string]domain.LevelCounts, error) {
	sc, args := scopedSubtree(tx.actor, "org_path", "member_id", o.Path)
	rows, err := tx.query("SELECT org_path, level, count(*) FROM member_ratings WHERE "+sc+" AND year = ? AND level <> '' GROUP BY org_path, level", append(args, year)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]domain.LevelCounts{}
	for rows.Next() {
		var p string
		var l domain.Rating
		var n int
		if err := rows.Scan(&p, &l, &n); err != nil {
			return nil, err
		}
		if out[p] == nil {
			out[p] = domain.LevelCounts{}
		}
		out[p][l] += n
	}
	return out, rows.Err()
}

// OrgRatingLevel is an organisation's decided level of a year, "" when none.
func (tx *Tx) OrgRatingLevel(orgID int64, year int) (domain.Rating, error) {
	var l domain.Rating
	err := tx.queryRow("SELECT level FROM org_ratings WHERE org_id = ? AND year = ?", orgID, year).Scan(&l)
	if isNoRows(err) {
		return "", nil
	}
	return l, err
}

// BulkRating is a generated decided rating, for the demo and the benchmark.
type BulkRating struct {
	MemberID, OrgID, GrassrootsID int64
	OrgPath                       string
	Year                          int
	Level                         domain.Rating
	Points                        int
	On                            domain.Date
}

var actSeedRatings = newAction("seed.ratings", "tạo kết quả xếp loại mẫu")

// BulkRatings writes generated ratings (proposed and decided alike) straight
// through the driver (COPY on PostgreSQL) in one transaction with one audit
// row; rows come in chunks from next until it returns none. Administrators
// only: the rules of the evaluation are not checked.
func (db *DB) BulkRatings(ctx context.Context, a domain.Actor, next func() []BulkRating) (int, error) {
	if !a.All() {
		return 0, errForbiddenWrite
	}
	n := 0
	err := db.write(ctx, a, func(tx *Tx) error {
		now := stampText(tx.db.stamp())
		for {
			c := next()
			if len(c) == 0 {
				break
			}
			rows := make([][]any, len(c))
			for i, r := range c {
				rows[i] = []any{r.MemberID, r.Year, r.OrgID, r.OrgPath, r.GrassrootsID, string(r.Level), r.Points, r.On, string(r.Level), r.Points, "1-QĐ/ĐU", r.On, now, now}
			}
			if err := tx.bulkInsert("member_ratings", []string{"member_id", "year", "org_id", "org_path", "grassroots_id", "proposed_level", "proposed_points", "proposed_on",
				"level", "points", "decision", "decided_on", "created_at", "updated_at"}, rows); err != nil {
				return err
			}
			n += len(c)
		}
		return tx.audit(actSeedRatings, entOrg, 0, "", nil, map[string]int{"ratings": n})
	})
	if err == nil && db.Dialect == Postgres {
		_, err = db.w.ExecContext(ctx, "ANALYZE member_ratings")
	}
	return n, err
}
