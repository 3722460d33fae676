package store

import "dangvien/internal/domain"

// OrgMembers lists a page of the members under o for its page: a plain
// list takes its total from o's counts, read just before (SubtreeCounts),
// instead of counting again.
func (tx *Tx) OrgMembers(f MemberFilter, o domain.Org, c Counts) (Page[domain.Member], error) {
	total := -1
	if f.plain() && c.OrgID == o.ID {
		total = c.Active
	}
	return memberPage(tx, tx.db, tx.actor, f, &o, total)
}
