package store

import (
	"bytes"
	"slices"
	"strconv"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

// TreeNode is an organisation in the tree with its member counts.
type TreeNode struct {
	ID       int64          `json:"id"`
	Code     string         `json:"code"`
	Name     string         `json:"name"`
	Kind     domain.OrgKind `json:"kind"`
	KindLbl  string         `json:"kind_label"`
	ParentID int64          `json:"parent_id,omitempty"`
	Depth    int            `json:"depth"`
	Direct   int            `json:"direct_members"`  // members whose cell this is
	Members  int            `json:"subtree_members"` // in the whole subtree
	ValidTo  domain.Date    `json:"valid_to,omitempty"`
	Children []*TreeNode    `json:"children,omitempty"`
	path     string
}

// Tree returns the organisations of the actor's scope as they were on day on
// (today when zero), as a forest whose roots are the actor's scope roots,
// with active-member counts per node and per subtree. Two queries, whatever
// the size of the tree.
func (tx *Tx) Tree(on domain.Date) ([]*TreeNode, error) {
	return tx.tree(on, "", nil)
}

// Subtree returns o as a node with its current sub-organisations and
// counts, reading only its subtree; counted, when given, holds o's counts
// without age bands (SubtreeCounts), which spares counting its members again.
func (tx *Tx) Subtree(o domain.Org, counted *Counts) (*TreeNode, error) {
	if !o.ValidTo.IsZero() {
		// Closed: nothing is under it today.
		return &TreeNode{ID: o.ID, Code: o.Code, Name: o.Name, Kind: o.Kind, KindLbl: o.KindLabel, ParentID: o.ParentID, ValidTo: o.ValidTo}, nil
	}
	var direct map[string]int
	if counted != nil && counted.OrgID == o.ID {
		direct = counted.byPath
	}
	roots, err := tx.tree(domain.Date{}, o.Path, direct)
	if err != nil {
		return nil, err
	}
	for _, r := range roots {
		if r.ID == o.ID {
			return r, nil
		}
	}
	return nil, domain.ErrNotFound
}

// tree reads the tree; under, if not empty, limits it to one subtree.
func (tx *Tx) tree(on domain.Date, under string, direct map[string]int) ([]*TreeNode, error) {
	a := tx.actor
	today := tx.Today()
	current := on.IsZero() || !on.Before(today)
	if on.IsZero() {
		on = today
	}
	sc, args := orgScope(a)
	if !current && a.Role != domain.RoleMember && !a.All() {
		// The past of a subtree includes what was merged, split, moved or
		// transferred into it, and what went into those, through the
		// links: staff of a merged commune see the communes it came from,
		// and the district whose agencies came to it, with them under it.
		tc, targs := scopeCond(a, "t.path", "")
		sc = "(" + sc + " OR o.id IN (WITH RECURSIVE pred(id, depth) AS (SELECT l.from_id, 1 FROM org_links l JOIN orgs t ON t.id = l.to_id WHERE " + tc +
			" UNION SELECT l.from_id, p.depth + 1 FROM org_links l JOIN pred p ON l.to_id = p.id WHERE p.depth < 20) SELECT id FROM pred))"
		args = append(args, targs...)
	}
	if under != "" && current && a.Role != domain.RoleMember {
		sc, args = scopedSubtree(a, "o.path", "", under)
	} else if under != "" {
		uc, uargs := subtreeCond("o.path", under)
		sc, args = sc+" AND "+uc, append(args, uargs...)
	}
	rows, err := tx.query(`SELECT o.id, o.code, v.name, o.kind, coalesce(v.parent_id, 0), o.path, o.valid_to
		FROM org_versions v JOIN orgs o ON o.id = v.org_id
		WHERE v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?) AND `+sc, append([]any{on, on}, args...)...)
	if err != nil {
		return nil, err
	}
	nodes := map[int64]*TreeNode{}
	for rows.Next() {
		n := &TreeNode{}
		if err := rows.Scan(&n.ID, &n.Code, &n.Name, &n.Kind, &n.ParentID, &n.path, &n.ValidTo); err != nil {
			rows.Close()
			return nil, err
		}
		n.KindLbl = n.Kind.Label()
		nodes[n.ID] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if direct != nil && current {
		for _, n := range nodes {
			n.Direct = direct[n.path]
		}
	} else if err := tx.directCounts(on, current, under, nodes); err != nil {
		return nil, err
	}
	var roots []*TreeNode
	for _, n := range nodes {
		if p := nodes[n.ParentID]; p != nil {
			p.Children = append(p.Children, n)
		} else {
			roots = append(roots, n)
		}
	}
	keys := map[int64][]byte{}
	key := func(n *TreeNode) []byte {
		if k, ok := keys[n.ID]; ok {
			return k
		}
		keys[n.ID] = viet.CollateKey(n.Name)
		return keys[n.ID]
	}
	var walk func(n *TreeNode, depth int) int
	walk = func(n *TreeNode, depth int) int {
		n.Depth, n.Members = depth, n.Direct
		slices.SortFunc(n.Children, func(x, y *TreeNode) int { return bytes.Compare(key(x), key(y)) })
		for _, c := range n.Children {
			n.Members += walk(c, depth+1)
		}
		return n.Members
	}
	slices.SortFunc(roots, func(x, y *TreeNode) int { return bytes.Compare(key(x), key(y)) })
	for _, r := range roots {
		walk(r, 0)
	}
	return roots, nil
}

// Counts are the statistics of a subtree on a day.
type Counts struct {
	OrgID     int64          `json:"org_id"`
	On        domain.Date    `json:"on"`
	Active    int            `json:"active"`    // probationary + official
	Exempted  int            `json:"exempted"`  // of the active
	ByStatus  map[string]int `json:"by_status"` // every status, inactive ones too
	ByGender  map[string]int `json:"by_gender"` // active members
	ByAgeBand map[string]int `json:"by_age_band"`
	// byPath: active members per cell path, filled when counted without
	// age bands, so the subtree's tree need not read them again.
	byPath map[string]int
}

// SubtreeCounts counts the members of o's subtree by status, and the active
// ones by gender and, with bands, by age band (age on today's date); without
// bands it spares an expression per member, and keeps the counts per cell
// for Subtree.
//
// For the only root of the tree the subtree is the whole table, and the
// counts come from index range counts with nothing evaluated per row; below
// it, one grouped query reads the (org_path, status, gender, birth_date,
// exempted) index over the subtree's range.
func (tx *Tx) SubtreeCounts(o domain.Org, bands bool) (Counts, error) {
	a := tx.actor
	orgID := o.ID
	on := tx.Today()
	c := Counts{OrgID: orgID, On: on, ByStatus: map[string]int{}, ByGender: map[string]int{}, ByAgeBand: map[string]int{}}
	whole := false
	if o.ParentID == 0 {
		var roots int
		if err := tx.queryRow("SELECT count(*) FROM orgs WHERE parent_id IS NULL").Scan(&roots); err != nil {
			return c, err
		}
		whole = roots == 1
	}
	if whole {
		return c, tx.wholeCounts(&c)
	}
	band := "''"
	var args []any
	if bands {
		cut := domain.AgeBandCutoffs(on)
		band = "CASE"
		for i, d := range cut {
			band += " WHEN birth_date >= ? THEN '" + string(domain.AgeBands[i].Band) + "'"
			args = append(args, d)
		}
		band += " ELSE '" + string(domain.AgeBands[len(domain.AgeBands)-1].Band) + "' END"
	}
	sc, scargs := scopedSubtree(a, "org_path", "id", o.Path)
	args = append(args, scargs...)
	pathCol, group := "''", "1, 2, 3"
	if !bands {
		// In the counts index's own order: no sort before grouping. The
		// groups of each cell add up below, and give the tree its counts.
		pathCol, group, c.byPath = "org_path", "org_path, status, gender", map[string]int{}
	}
	rows, err := tx.query(`SELECT status, gender, `+band+`, `+pathCol+`, sum(CASE WHEN exempted THEN 1 ELSE 0 END), count(*)
		FROM members WHERE `+sc+` GROUP BY `+group, args...)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var status, gender, b, path string
		var ex, n int
		if err := rows.Scan(&status, &gender, &b, &path, &ex, &n); err != nil {
			return c, err
		}
		c.ByStatus[status] += n
		if domain.Status(status).Active() {
			if c.byPath != nil {
				c.byPath[path] += n
			}
			c.Active += n
			c.Exempted += ex
			c.ByGender[gender] += n
			if bands {
				c.ByAgeBand[b] += n
			}
		}
	}
	return c, rows.Err()
}

const activeIn = "status IN ('probationary', 'official')"

// wholeCounts fills c for the whole members table.
func (tx *Tx) wholeCounts(c *Counts) error {
	rows, err := tx.query("SELECT status, gender, count(*) FROM members GROUP BY status, gender")
	if err != nil {
		return err
	}
	for rows.Next() {
		var status, gender string
		var n int
		if err := rows.Scan(&status, &gender, &n); err != nil {
			rows.Close()
			return err
		}
		c.ByStatus[status] += n
		if domain.Status(status).Active() {
			c.Active += n
			c.ByGender[gender] += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	genders := "gender IN ('nam', 'nu')" // lets the index seek on birth_date under each gender
	cut := domain.AgeBandCutoffs(c.On)
	for i, b := range domain.AgeBands {
		cond, args := "", []any{}
		switch {
		case i == 0:
			cond, args = "birth_date >= ?", []any{cut[0]}
		case i == len(cut):
			cond, args = "birth_date < ?", []any{cut[i-1]}
		default:
			cond, args = "birth_date >= ? AND birth_date < ?", []any{cut[i], cut[i-1]}
		}
		var n int
		if err := tx.queryRow("SELECT count(*) FROM members WHERE "+activeIn+" AND "+genders+" AND "+cond, args...).Scan(&n); err != nil {
			return err
		}
		c.ByAgeBand[string(b.Band)] = n
	}
	return tx.queryRow("SELECT count(*) FROM members WHERE exempted AND " + activeIn).Scan(&c.Exempted)
}

// directCounts sets each node's members placed directly in it: today from
// the members' cells, in the past from their placements on the date.
func (tx *Tx) directCounts(on domain.Date, current bool, under string, nodes map[int64]*TreeNode) error {
	a := tx.actor
	var q string
	var cargs []any
	if current {
		c, ca := scopeCond(a, "org_path", "id")
		if under != "" {
			c, ca = scopedSubtree(a, "org_path", "id", under)
		}
		// Grouped by path, which the counts index covers, not by org_id,
		// which would read every member's row.
		q, cargs = "SELECT org_path, count(*) FROM members WHERE "+tx.db.activeRow("status")+" AND "+c+" GROUP BY org_path", ca
	} else {
		q, cargs = "SELECT org_id, count(*) FROM member_placements WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) GROUP BY org_id", []any{on, on}
	}
	crow, err := tx.query(q, cargs...)
	if err != nil {
		return err
	}
	byPath := map[string]*TreeNode{}
	for _, n := range nodes {
		byPath[n.path] = n
	}
	for crow.Next() {
		var key string // a path today, an org id in the past
		var n int
		if err := crow.Scan(&key, &n); err != nil {
			crow.Close()
			return err
		}
		node := byPath[key]
		if !current {
			id, _ := strconv.ParseInt(key, 10, 64)
			node = nodes[id]
		}
		if node != nil {
			node.Direct = n
		}
	}
	crow.Close()
	if err := crow.Err(); err != nil {
		return err
	}
	return nil
}

// sortOrgRefs puts organisations in the Vietnamese order of their names
// (viet.CollateKey: An < Ấp < Dương < Đồng), each key made once. The name
// order of people (by the given name, the last word) is not theirs.
func sortOrgRefs(refs []OrgRef) {
	keys := make(map[string][]byte, len(refs))
	for _, r := range refs {
		if _, ok := keys[r.Name]; !ok {
			keys[r.Name] = viet.CollateKey(r.Name)
		}
	}
	slices.SortStableFunc(refs, func(x, y OrgRef) int { return bytes.Compare(keys[x.Name], keys[y.Name]) })
}

// OpenCells lists up to limit open cells under an organisation (nil: the
// actor's whole scope), in name order; more is true when there are others.
// Pickers use it instead of the whole tree.
func (tx *Tx) OpenCells(under *domain.Org, limit int) (cells []OrgRef, more bool, err error) {
	sc, args := orgScope(tx.actor)
	if under != nil {
		sc, args = scopedSubtree(tx.actor, "o.path", "", under.Path)
	}
	rows, err := tx.query("SELECT o.id, o.name, o.code FROM orgs o WHERE "+sc+" AND o.kind IN ('cell', 'grassroots_cell') AND o.valid_to IS NULL LIMIT ?", append(args, limit+1)...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var r OrgRef
		if err := rows.Scan(&r.ID, &r.Name, &r.Code); err != nil {
			return nil, false, err
		}
		cells = append(cells, r)
	}
	if len(cells) > limit {
		cells, more = cells[:limit], true
	}
	sortOrgRefs(cells)
	return cells, more, rows.Err()
}
