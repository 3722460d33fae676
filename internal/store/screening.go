package store

import (
	"cmp"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"time"

	"dangvien/internal/domain"
)

// The reads and writes of the Directive 28 screening: findings about
// members, the facts of a subtree's report, removal cases and the yearly
// counts of removals and expulsions.

const findingCols = "f.id, f.member_id, f.kind, f.on_date, f.decision, f.note, f.closed_on, f.closed_note"

func scanFinding(row interface{ Scan(...any) error }) (domain.Finding, error) {
	var f domain.Finding
	err := row.Scan(&f.ID, &f.MemberID, &f.Kind, &f.On, &f.Decision, &f.Note, &f.ClosedOn, &f.ClosedNote)
	f.KindLabel = f.Kind.Label()
	return f, err
}

func (tx *Tx) findings(where string, args ...any) ([]domain.Finding, error) {
	rows, err := tx.query("SELECT "+findingCols+" FROM member_findings f WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []domain.Finding{}
	for rows.Next() {
		f, err := scanFinding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// MemberFindings lists the findings about a member read in the actor's
// scope, newest first.
func (tx *Tx) MemberFindings(m domain.Member) ([]domain.Finding, error) {
	return tx.findings("f.member_id = ? ORDER BY f.on_date DESC, f.id DESC", m.ID)
}

// Finding reads one finding in the actor's scope, with the path of the
// member's cell it was recorded in.
func (tx *Tx) Finding(id int64) (domain.Finding, string, error) {
	sc, args := scopeCond(tx.actor, "f.org_path", "f.member_id")
	var path string
	rows, err := tx.query("SELECT "+findingCols+", f.org_path FROM member_findings f WHERE f.id = ? AND "+sc, append([]any{id}, args...)...)
	if err != nil {
		return domain.Finding{}, "", err
	}
	defer rows.Close()
	if !rows.Next() {
		return domain.Finding{}, "", domain.ErrNotFound
	}
	var f domain.Finding
	err = rows.Scan(&f.ID, &f.MemberID, &f.Kind, &f.On, &f.Decision, &f.Note, &f.ClosedOn, &f.ClosedNote, &path)
	f.KindLabel = f.Kind.Label()
	return f, path, err
}

var (
	actFindingAdd   = newAction("finding.add", "ghi sự việc để rà soát đảng viên")
	actFindingClose = newAction("finding.close", "kết thúc giáo dục, giúp đỡ đảng viên")
)

// AddFinding records a finding (checked by domain.CheckFinding) about a
// member read for writing, with its audit row.
func (tx *Tx) AddFinding(m domain.Member, in domain.FindingInput) (domain.Finding, error) {
	id, err := tx.insert("INSERT INTO member_findings (member_id, org_id, org_path, kind, on_date, decision, note, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		m.ID, m.OrgID, m.OrgPath, string(in.Kind), in.On, in.Decision, in.Note, nullID(tx.actor.UserID), tx.db.stamp())
	if err != nil {
		return domain.Finding{}, err
	}
	f := domain.Finding{ID: id, MemberID: m.ID, Kind: in.Kind, KindLabel: in.Kind.Label(), On: in.On, Decision: in.Decision, Note: in.Note}
	return f, tx.audit(actFindingAdd, entMember, m.ID, m.OrgPath, nil, f)
}

// CloseFinding ends an education, the member having improved, with its
// audit row.
func (tx *Tx) CloseFinding(f domain.Finding, path string, on domain.Date, note string) (domain.Finding, error) {
	res, err := tx.exec("UPDATE member_findings SET closed_on = ?, closed_note = ? WHERE id = ? AND closed_on IS NULL", on, note, f.ID)
	if err := wroteOne(res, err, "Việc giáo dục, giúp đỡ này đã kết thúc."); err != nil {
		return f, err
	}
	out := f
	out.ClosedOn, out.ClosedNote = on, note
	return out, tx.audit(actFindingClose, entMember, f.MemberID, path, f, out)
}

// ScreenMember is a member a screening names: who, where, and what their
// standing is now.
type ScreenMember struct {
	MemberID int64
	Name     string
	Org      string
	Parent   string
	OrgID    int64
	Path     string
	SortKey  []byte
	Status   domain.Status
	Admitted domain.Date
}

// idChunk is how many ids one "id IN (…)" of the screening carries: a
// province's report reads some 20,000 members and 30,000 meetings by id,
// and on PostgreSQL each chunk is a round trip to the server.
const idChunk = 5000

// ScreenMembers reads the members of ids (already found in the actor's
// scope by the screening's reads): the records by id, then the names of
// their cells and of the organisations above them, once per cell.
func (tx *Tx) ScreenMembers(ids []int64) (map[int64]ScreenMember, error) {
	out := make(map[int64]ScreenMember, len(ids))
	// In id order the records are read page after page (a cell's members
	// have neighbouring ids), not at random across the table.
	ids = slices.Sorted(slices.Values(ids))
	cells := map[int64]bool{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), idChunk)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := tx.query("SELECT id, full_name, org_id, org_path, sort_key, status, admission_date FROM members WHERE id IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var s ScreenMember
			if err := rows.Scan(&s.MemberID, &s.Name, &s.OrgID, &s.Path, &s.SortKey, &s.Status, &s.Admitted); err != nil {
				rows.Close()
				return nil, err
			}
			out[s.MemberID] = s
			cells[s.OrgID] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	type names struct{ org, parent string }
	byCell := make(map[int64]names, len(cells))
	var cids []any
	for id := range cells {
		cids = append(cids, id)
	}
	for len(cids) > 0 {
		chunk := cids[:min(len(cids), idChunk)]
		cids = cids[len(chunk):]
		rows, err := tx.query("SELECT o.id, o.name, coalesce(po.name, '') FROM orgs o LEFT JOIN orgs po ON po.id = o.parent_id WHERE o.id IN ("+placeholders(len(chunk))+")", chunk...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var n names
			if err := rows.Scan(&id, &n.org, &n.parent); err != nil {
				rows.Close()
				return nil, err
			}
			byCell[id] = n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	for id, s := range out {
		n := byCell[s.OrgID]
		s.Org, s.Parent = n.org, n.parent
		out[id] = s
	}
	return out, nil
}

// NotDoneRatings reads, for o's subtree, the "Không hoàn thành nhiệm vụ"
// decided on or before day on for the years from first to last, by member:
// a partial index holds only those.
func (tx *Tx) NotDoneRatings(o domain.Org, first, last int, on domain.Date) (map[int64]map[int]domain.Rating, error) {
	sc, args := scopedSubtree(tx.actor, "org_path", "", o.Path)
	rows, err := tx.query("SELECT member_id, year FROM member_ratings WHERE level = 'not_done' AND "+sc+" AND year >= ? AND year <= ? AND decided_on <= ?",
		append(args, first, last, on)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]map[int]domain.Rating{}
	for rows.Next() {
		var id int64
		var y int
		if err := rows.Scan(&id, &y); err != nil {
			return nil, err
		}
		if out[id] == nil {
			out[id] = map[int]domain.Rating{}
		}
		out[id][y] = domain.RatingNotDone
	}
	return out, rows.Err()
}

// Probationers lists the probationary members of o's subtree admitted on
// or before day by, with their admission dates.
func (tx *Tx) Probationers(o domain.Org, by domain.Date) (map[int64]domain.Date, error) {
	sc, args := scopedSubtree(tx.actor, "org_path", "id", o.Path)
	// A partial index holds the probationary members by path.
	rows, err := tx.query("SELECT id, admission_date FROM members WHERE status = 'probationary' AND "+sc+" AND admission_date <= ?", append(args, by)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]domain.Date{}
	for rows.Next() {
		var id int64
		var d domain.Date
		if err := rows.Scan(&id, &d); err != nil {
			return nil, err
		}
		out[id] = d
	}
	return out, rows.Err()
}

// SubtreeFindings reads the findings of o's subtree recorded on or before
// day on, by member.
func (tx *Tx) SubtreeFindings(o domain.Org, on domain.Date) (map[int64][]domain.Finding, error) {
	sc, args := scopedSubtree(tx.actor, "f.org_path", "f.member_id", o.Path)
	fs, err := tx.findings(sc+" AND f.on_date <= ? ORDER BY f.on_date, f.id", append(args, on)...)
	if err != nil {
		return nil, err
	}
	out := map[int64][]domain.Finding{}
	for _, f := range fs {
		out[f.MemberID] = append(out[f.MemberID], f)
	}
	return out, nil
}

// RemovalCase is a proposal to remove a member from the roll, and the
// committee's decision on it.
type RemovalCase struct {
	ID       int64                   `json:"id"`
	MemberID int64                   `json:"member_id"`
	Name     string                  `json:"name"`
	OrgID    int64                   `json:"org_id"`
	Org      string                  `json:"org"`
	Proposal domain.RemovalProposal  `json:"proposal"`
	Evidence []domain.Ground         `json:"evidence"` // the grounds as the screening showed them on the proposal's day
	Outcome  string                  `json:"outcome"`  // "" pending, "removed", "rejected"
	Decision *domain.RemovalDecision `json:"decision,omitempty"`
	EventID  int64                   `json:"event_id,omitempty"`
	Path     string                  `json:"-"`
}

const caseCols = `c.id, c.member_id, m.full_name, c.org_id, o.name, c.grounds, c.evidence, c.proposed_on, c.proposal_note, c.outcome, c.decision, c.decided_on, c.decision_note, coalesce(c.event_id, 0), c.org_path`

func scanCase(row interface{ Scan(...any) error }) (RemovalCase, error) {
	var c RemovalCase
	var grounds, evidence, number, note string
	var on sql.Null[domain.Date]
	if err := row.Scan(&c.ID, &c.MemberID, &c.Name, &c.OrgID, &c.Org, &grounds, &evidence, &c.Proposal.On, &c.Proposal.Note, &c.Outcome, &number, &on, &note, &c.EventID, &c.Path); err != nil {
		return c, err
	}
	for _, g := range strings.Split(grounds, ",") {
		if g != "" {
			c.Proposal.Grounds = append(c.Proposal.Grounds, domain.GroundKind(g))
		}
	}
	if err := json.Unmarshal([]byte(evidence), &c.Evidence); err != nil {
		return c, err
	}
	if c.Outcome != "" {
		c.Decision = &domain.RemovalDecision{Approve: c.Outcome == "removed", Number: number, On: on.V, Note: note}
	}
	return c, nil
}

func (tx *Tx) cases(where string, args ...any) ([]RemovalCase, error) {
	rows, err := tx.query("SELECT "+caseCols+" FROM removal_cases c JOIN members m ON m.id = c.member_id JOIN orgs o ON o.id = c.org_id WHERE "+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []RemovalCase{}
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// RemovalCase reads one case in the actor's scope.
func (tx *Tx) RemovalCase(id int64) (RemovalCase, error) {
	sc, args := scopeCond(tx.actor, "c.org_path", "c.member_id")
	cs, err := tx.cases("c.id = ? AND "+sc, append([]any{id}, args...)...)
	if err != nil {
		return RemovalCase{}, err
	}
	if len(cs) == 0 {
		return RemovalCase{}, domain.ErrNotFound
	}
	return cs[0], nil
}

// MemberRemovalCases lists a member's cases, newest first.
func (tx *Tx) MemberRemovalCases(m domain.Member) ([]RemovalCase, error) {
	return tx.cases("c.member_id = ? ORDER BY c.proposed_on DESC, c.id DESC", m.ID)
}

// OpenRemovalCases reads the pending cases of o's subtree, by member.
func (tx *Tx) OpenRemovalCases(o domain.Org) (map[int64]RemovalCase, error) {
	sc, args := scopedSubtree(tx.actor, "c.org_path", "c.member_id", o.Path)
	cs, err := tx.cases(sc+" AND c.outcome = ''", args...)
	if err != nil {
		return nil, err
	}
	out := map[int64]RemovalCase{}
	for _, c := range cs {
		out[c.MemberID] = c
	}
	return out, nil
}

// DecidedRemovalCases lists the cases of o's subtree decided between from
// and to, newest first.
func (tx *Tx) DecidedRemovalCases(o domain.Org, from, to domain.Date) ([]RemovalCase, error) {
	sc, args := scopedSubtree(tx.actor, "c.org_path", "c.member_id", o.Path)
	return tx.cases(sc+" AND c.outcome <> '' AND c.decided_on >= ? AND c.decided_on <= ? ORDER BY c.decided_on DESC, c.id DESC", append(args, from, to)...)
}

var (
	actRemovalPropose = newAction("removal.propose", "chi bộ đề nghị xóa tên đảng viên")
	actRemovalDecide  = newAction("removal.decide", "cấp ủy quyết định về đề nghị xóa tên")
)

// AddRemovalCase records a cell's proposal (checked by
// domain.CheckRemovalProposal) on a member read for writing, with the
// evidence shown and its audit row.
func (tx *Tx) AddRemovalCase(m domain.Member, p domain.RemovalProposal, evidence []domain.Ground) (RemovalCase, error) {
	ev, err := json.Marshal(evidence)
	if err != nil {
		return RemovalCase{}, err
	}
	gs := make([]string, len(p.Grounds))
	for i, g := range p.Grounds {
		gs[i] = string(g)
	}
	id, err := tx.insert("INSERT INTO removal_cases (member_id, org_id, org_path, grounds, evidence, proposed_on, proposal_note, proposed_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		m.ID, m.OrgID, m.OrgPath, strings.Join(gs, ","), string(ev), p.On, p.Note, nullID(tx.actor.UserID), tx.db.stamp())
	if err != nil {
		return RemovalCase{}, err
	}
	c := RemovalCase{ID: id, MemberID: m.ID, Name: m.FullName, OrgID: m.OrgID, Org: m.Org, Proposal: p, Evidence: evidence, Path: m.OrgPath}
	return c, tx.audit(actRemovalPropose, entMember, m.ID, m.OrgPath, nil, c)
}

// DecideRemovalCase writes the committee's decision on a pending case,
// with the event a removal recorded, and its audit row.
func (tx *Tx) DecideRemovalCase(c RemovalCase, d domain.RemovalDecision, eventID int64) (RemovalCase, error) {
	outcome := "rejected"
	if d.Approve {
		outcome = "removed"
	}
	res, err := tx.exec("UPDATE removal_cases SET outcome = ?, decision = ?, decided_on = ?, decision_note = ?, event_id = ?, decided_by = ? WHERE id = ? AND outcome = ''",
		outcome, d.Number, d.On, d.Note, nullID(eventID), nullID(tx.actor.UserID), c.ID)
	if err != nil {
		return c, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return c, err
	} else if n == 0 {
		return c, &domain.Error{Code: domain.CodeConflict, Message: "Đề nghị xóa tên này đã được quyết định."}
	}
	before := c
	c.Outcome, c.Decision, c.EventID = outcome, &d, eventID
	return c, tx.audit(actRemovalDecide, entMember, c.MemberID, c.Path, before, c)
}

// YearCounts is one organisation directly under another with its subtree's
// removals and expulsions by year.
type YearCounts struct {
	Org    OrgRef             `json:"org"`
	Years  []domain.YearCount `json:"years"`
	Total  domain.YearCount   `json:"total"`
	byYear map[int]*domain.YearCount
}

// RemovalCounts counts the removals and expulsions recorded in o's subtree
// in the years first to last, for each open organisation directly under o
// (o's own cells' members count under o), from the events: by the cell the
// member was in when it happened.
func (tx *Tx) RemovalCounts(o domain.Org, first, last int) ([]YearCounts, YearCounts, error) {
	rows, err := tx.query("SELECT o.id, o.name, o.code, o.path FROM orgs o WHERE o.parent_id = ? AND o.valid_to IS NULL", o.ID)
	if err != nil {
		return nil, YearCounts{}, err
	}
	var out []YearCounts
	idx := map[string]int{}
	for rows.Next() {
		var c YearCounts
		if err := rows.Scan(&c.Org.ID, &c.Org.Name, &c.Org.Code, &c.Org.Path); err != nil {
			rows.Close()
			return nil, YearCounts{}, err
		}
		idx[c.Org.Path] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, YearCounts{}, err
	}
	total := YearCounts{Org: OrgRef{ID: o.ID, Name: o.Name, Code: o.Code, Path: o.Path}}
	add := func(c *YearCounts, y int, kind domain.EventKind) {
		if c.byYear == nil {
			c.byYear = map[int]*domain.YearCount{}
		}
		yc := c.byYear[y]
		if yc == nil {
			yc = &domain.YearCount{Year: y}
			c.byYear[y] = yc
		}
		if kind == domain.EventRemoved {
			yc.Removed++
			c.Total.Removed++
		} else {
			yc.Expelled++
			c.Total.Expelled++
		}
	}
	sc, args := scopedSubtree(tx.actor, "o.path", "", o.Path)
	erows, err := tx.query("SELECT o.path, e.kind, e.date FROM member_events e JOIN orgs o ON o.id = e.org_id WHERE e.kind IN ('removed', 'expelled') AND "+sc+" AND e.date >= ? AND e.date <= ?",
		append(args, domain.NewDate(first, 1, 1), domain.NewDate(last, 12, 31))...)
	if err != nil {
		return nil, total, err
	}
	defer erows.Close()
	for erows.Next() {
		var path string
		var kind domain.EventKind
		var d domain.Date
		if err := erows.Scan(&path, &kind, &d); err != nil {
			return nil, total, err
		}
		add(&total, d.Year(), kind)
		if i, ok := idx[ChildOf(o.Path, path)]; ok {
			add(&out[i], d.Year(), kind)
		}
	}
	if err := erows.Err(); err != nil {
		return nil, total, err
	}
	fill := func(c *YearCounts) {
		c.Years = make([]domain.YearCount, 0, last-first+1)
		for y := last; y >= first; y-- {
			if yc := c.byYear[y]; yc != nil {
				c.Years = append(c.Years, *yc)
			} else {
				c.Years = append(c.Years, domain.YearCount{Year: y})
			}
		}
		c.Total.Year = 0
	}
	for i := range out {
		fill(&out[i])
	}
	fill(&total)
	return out, total, nil
}

// monthNo is a month read from a date or a yyyy-mm key, as year*12+month-1,
// without the allocations of parsing a Date or a Month: the screening of a
// province reads a few hundred thousand of them.
type monthNo int

func (m *monthNo) Scan(v any) error {
	switch x := v.(type) {
	case time.Time:
		*m = monthNo(x.Year()*12 + int(x.Month()) - 1)
		return nil
	case string:
		return m.parse(x)
	case []byte:
		return m.parse(string(x)) // no copy: the conversion does not escape
	}
	return fmt.Errorf("store.monthNo: cannot scan %T", v)
}

// parse reads "yyyy-mm", with or without a day after it.
func (m *monthNo) parse(s string) error {
	if len(s) < 7 || s[4] != '-' {
		return fmt.Errorf("store.monthNo: bad month %q", s)
	}
	y := 0
	for _, c := range []byte(s[:4]) {
		y = y*10 + int(c-'0')
	}
	mo := int(s[5]-'0')*10 + int(s[6]-'0')
	*m = monthNo(y*12 + mo - 1)
	return nil
}

func (m monthNo) month() domain.Month {
	return domain.Month{Year: int(m) / 12, Mon: time.Month(int(m)%12 + 1)}
}

// AbsenceGrounds finds, for a subtree, the members with unexcused absences
// or unpaid months (ended by to) in at least minMonths of the months from
// from, with the months and the meetings missed: what
// domain.RemovalGrounds finds from RemovalMonths, with MissedMeetings, in a
// form that holds up for a whole province. One pass over the unexcused
// absences and one over the unpaid months, each on a covering partial
// index, count every member's months as bits in one flat table (no
// allocation per member or row); only for the members who meet the ground
// are the months spelled out and the missed meetings read (by id).
//
// The meetings are noted in the first pass rather than read again for the
// members named: on PostgreSQL a prepared "member_id IN (…) AND org_path
// range" gets a generic plan that scans the whole subtree's absences for
// each chunk of members (4 s a chunk on a province).
func (tx *Tx) AbsenceGrounds(o domain.Org, from, to domain.Date, minMonths int) ([]domain.RemovalGround, error) {
	first := monthNo(from.Year()*12 + int(from.Time().Month()) - 1)
	last := domain.LastEndedMonth(to, tx.db.today())
	type acc struct {
		id             int64
		absent, unpaid uint32
	}
	type absence struct {
		acc     int32
		meeting int64
	}
	// Member ids are handed out in order, so a slice indexed by id (1 + the
	// place in accs) finds a member's counts without hashing; a map takes
	// the odd id beyond it.
	var slot []int32
	far := map[int64]int32{}
	var accs []acc
	var absences []absence
	get := func(id int64) int32 {
		if id >= 0 && id < 1<<22 { // 16 MiB at most
			if int(id) >= len(slot) {
				slot = append(slot, make([]int32, max(int(id)+1-len(slot), len(slot)))...)
			}
			if s := slot[id]; s > 0 {
				return s - 1
			}
			slot[id] = int32(len(accs)) + 1
		} else if i, ok := far[id]; ok {
			return i
		} else {
			far[id] = int32(len(accs))
		}
		accs = append(accs, acc{id: id})
		return int32(len(accs) - 1)
	}
	sa, aargs := scopedSubtree(tx.actor, "ma.org_path", "", o.Path)
	rows, err := tx.query("SELECT ma.member_id, ma.held_on, ma.meeting_id FROM meeting_attendance ma WHERE ma.status = 'unexcused' AND "+sa+" AND ma.held_on >= ? AND ma.held_on <= ?",
		append(aargs, from, to)...)
	if err != nil {
		return nil, err
	}
	var id, mid int64
	var m monthNo
	for rows.Next() {
		if err := rows.Scan(&id, &m, &mid); err != nil {
			rows.Close()
			return nil, err
		}
		if b := int(m - first); b >= 0 && b < 32 {
			i := get(id)
			accs[i].absent |= 1 << b
			absences = append(absences, absence{i, mid})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sf, fargs := scopedSubtree(tx.actor, "f.org_path", "", o.Path)
	frows, err := tx.query("SELECT f.member_id, f.month FROM fee_months f WHERE f.paid_on IS NULL AND f.due > 0 AND "+sf+" AND f.month >= ? AND f.month <= ?",
		append(fargs, domain.MonthOf(from).Key(), last.Key())...)
	if err != nil {
		return nil, err
	}
	for frows.Next() {
		if err := frows.Scan(&id, &m); err != nil {
			frows.Close()
			return nil, err
		}
		if b := int(m - first); b >= 0 && b < 32 {
			accs[get(id)].unpaid |= 1 << b
		}
	}
	frows.Close()
	if err := frows.Err(); err != nil {
		return nil, err
	}
	// The grounds, each month's key made once; ground[i] is accs[i]'s place
	// in out, or -1.
	var keys [32]string
	for b := range keys {
		keys[b] = (first + monthNo(b)).month().Key()
	}
	ground := make([]int32, len(accs))
	var out []domain.RemovalGround
	for i, a := range accs {
		ground[i] = -1
		n := bits.OnesCount32(a.absent | a.unpaid)
		if n < minMonths {
			continue
		}
		ground[i] = int32(len(out))
		g := domain.RemovalGround{MemberID: a.id, Months: make([]string, 0, n)}
		if a.unpaid != 0 {
			g.Unpaid = make([]string, 0, bits.OnesCount32(a.unpaid))
		}
		for b := range 32 {
			if (a.absent|a.unpaid)&(1<<b) != 0 {
				g.Months = append(g.Months, keys[b])
			}
			if a.unpaid&(1<<b) != 0 {
				g.Unpaid = append(g.Unpaid, keys[b])
			}
		}
		out = append(out, g)
	}
	// The missed meetings of the members named, each meeting read once, in
	// id order: the table is read page after page.
	var meetingIDs []int64
	counts := make([]int32, len(out))
	for _, x := range absences {
		if g := ground[x.acc]; g >= 0 {
			meetingIDs = append(meetingIDs, x.meeting)
			counts[g]++
		}
	}
	slices.Sort(meetingIDs)
	meetingIDs = slices.Compact(meetingIDs)
	meetings := make(map[int64]domain.MissedMeeting, len(meetingIDs))
	args := make([]any, 0, idChunk)
	for len(meetingIDs) > 0 {
		chunk := meetingIDs[:min(len(meetingIDs), idChunk)]
		meetingIDs = meetingIDs[len(chunk):]
		args = args[:0]
		for _, id := range chunk {
			args = append(args, id)
		}
		mrows, err := tx.query("SELECT id, held_on, kind FROM meetings WHERE id IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, err
		}
		for mrows.Next() {
			var mm domain.MissedMeeting
			if err := mrows.Scan(&mm.MeetingID, &mm.HeldOn, &mm.Kind); err != nil {
				mrows.Close()
				return nil, err
			}
			mm.KindLabel = mm.Kind.Label()
			meetings[mm.MeetingID] = mm
		}
		mrows.Close()
		if err := mrows.Err(); err != nil {
			return nil, err
		}
	}
	// Every member's meetings in one backing array, oldest first.
	var total int32
	for _, c := range counts {
		total += c
	}
	all := make([]domain.MissedMeeting, 0, total)
	for i := range out {
		out[i].Missed = all[len(all) : len(all) : len(all)+int(counts[i])]
		all = all[:len(all)+int(counts[i])]
	}
	for _, x := range absences {
		if g := ground[x.acc]; g >= 0 {
			if mm, ok := meetings[x.meeting]; ok {
				out[g].Missed = append(out[g].Missed, mm)
			}
		}
	}
	for i := range out {
		if len(out[i].Missed) == 0 {
			out[i].Missed = nil
			continue
		}
		slices.SortFunc(out[i].Missed, func(x, y domain.MissedMeeting) int {
			if c := x.HeldOn.Compare(y.HeldOn); c != 0 {
				return c
			}
			return cmp.Compare(x.MeetingID, y.MeetingID)
		})
	}
	// As domain.RemovalGrounds orders them: most months first, then by id.
	slices.SortFunc(out, func(x, y domain.RemovalGround) int {
		if c := cmp.Compare(len(y.Months), len(x.Months)); c != 0 {
			return c
		}
		return cmp.Compare(x.MemberID, y.MemberID)
	})
	return out, nil
}
