package store

import (
	"strings"

	"dangvien/internal/domain"
)

// ChildStat is one organisation directly under another with the figures of
// its whole subtree, for a summary row of an overview.
type ChildStat struct {
	Org         OrgRef                  `json:"org"`
	Kind        domain.OrgKind          `json:"kind"`
	Members     int                     `json:"members"`
	Meetings    int                     `json:"meetings"`
	Attendance  domain.AttendanceCounts `json:"attendance"`
	FeeDue      int64                   `json:"fee_due"`
	FeePaid     int64                   `json:"fee_paid"`
	UnpaidRows  int                     `json:"unpaid_member_months"`
	Grounds     int                     `json:"removal_grounds"`
	CellsWarned int                     `json:"cells_with_warnings"`
}

// ChildOf tells which child of parent a path lies under: the child's path,
// or "" when the path is the parent's own.
func ChildOf(parent, path string) string {
	rest, ok := strings.CutPrefix(path, parent)
	if !ok || rest == "" {
		return ""
	}
	i := strings.IndexByte(rest, '/')
	if i < 0 {
		return ""
	}
	return parent + rest[:i+1]
}

// ChildStats sums, for each open organisation directly under o, its
// subtree's active members, meetings and attendance between from and to,
// and fees due, paid and unpaid from one month to another. Each figure is
// one grouped read by cell, summed to the children here.
func (tx *Tx) ChildStats(o domain.Org, from, to domain.Date, feeFrom, feeTo domain.Month) ([]ChildStat, error) {
	rows, err := tx.query("SELECT o.id, o.name, o.code, o.kind, o.path FROM orgs o WHERE o.parent_id = ? AND o.valid_to IS NULL", o.ID)
	if err != nil {
		return nil, err
	}
	var out []ChildStat
	idx := map[string]int{}
	for rows.Next() {
		var c ChildStat
		if err := rows.Scan(&c.Org.ID, &c.Org.Name, &c.Org.Code, &c.Kind, &c.Org.Path); err != nil {
			rows.Close()
			return nil, err
		}
		idx[c.Org.Path] = len(out)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	at := func(path string) *ChildStat {
		if i, ok := idx[ChildOf(o.Path, path)]; ok {
			return &out[i]
		}
		return nil
	}
	sum := func(q string, args []any, add func(c *ChildStat, vals []int64)) error {
		rows, err := tx.query(q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var path string
			vals := make([]int64, 4)
			if err := rows.Scan(&path, &vals[0], &vals[1], &vals[2], &vals[3]); err != nil {
				return err
			}
			if c := at(path); c != nil {
				add(c, vals)
			}
		}
		return rows.Err()
	}
	sm, margs := scopedSubtree(tx.actor, "m.org_path", "m.id", o.Path)
	if err := sum("SELECT m.org_path, count(*), 0, 0, 0 FROM members m WHERE "+sm+" AND "+tx.db.activeRow("m.status")+" GROUP BY m.org_path", margs,
		func(c *ChildStat, v []int64) { c.Members += int(v[0]) }); err != nil {
		return nil, err
	}
	sg, gargs := scopedSubtree(tx.actor, "org_path", "", o.Path)
	if err := sum("SELECT org_path, count(*), coalesce(sum(expected), 0), coalesce(sum(present), 0), coalesce(sum(unexcused), 0) FROM meetings WHERE "+sg+
		" AND held_on >= ? AND held_on <= ? GROUP BY org_path", append(append([]any{}, gargs...), from, to),
		func(c *ChildStat, v []int64) {
			c.Meetings += int(v[0])
			c.Attendance.Expected += int(v[1])
			c.Attendance.Present += int(v[2])
			c.Attendance.Unexcused += int(v[3])
		}); err != nil {
		return nil, err
	}
	if err := sum("SELECT org_path, coalesce(sum(due), 0), coalesce(sum(paid), 0), coalesce(sum(members - members_paid), 0), 0 FROM fee_totals WHERE "+sg+
		" AND month >= ? AND month <= ? GROUP BY org_path", append(append([]any{}, gargs...), feeFrom.Key(), feeTo.Key()),
		func(c *ChildStat, v []int64) {
			c.FeeDue, c.FeePaid, c.UnpaidRows = c.FeeDue+v[0], c.FeePaid+v[1], c.UnpaidRows+int(v[2])
		}); err != nil {
		return nil, err
	}
	return out, nil
}
