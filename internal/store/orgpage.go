package store

import (
	"context"

	"dangvien/internal/domain"
)

// OrgPageData is what an organisation's page shows.
type OrgPageData struct {
	Org       domain.Org
	Path      []domain.Org // the organisations above it, from the top
	Successor *domain.Org
	Counts    Counts // without age bands
	Children  []*TreeNode
	Members   Page[domain.Member]
}

// OrgPage reads an organisation's page in one pass: the organisation is
// looked up once, the counts leave out age bands, and a plain member list
// takes its total from the counts instead of counting again.
func (db *DB) OrgPage(ctx context.Context, a domain.Actor, id int64, f MemberFilter) (OrgPageData, error) {
	var p OrgPageData
	o, err := db.Org(ctx, a, id)
	if err != nil {
		return p, err
	}
	p.Org = o
	if p.Path, err = db.Ancestors(ctx, a, id); err != nil {
		return p, err
	}
	if o.SuccessorID != 0 {
		if so, err := db.Org(ctx, a, o.SuccessorID); err == nil {
			p.Successor = &so
		}
	}
	if p.Counts, err = db.subtreeCounts(ctx, a, o, false); err != nil {
		return p, err
	}
	n, err := db.subtree(ctx, a, o, p.Counts.byPath)
	if err != nil {
		return p, err
	}
	p.Children = n.Children
	total := -1
	if f.plain() {
		total = p.Counts.Active
	}
	p.Members, err = db.members(ctx, a, f, &o, total)
	return p, err
}
