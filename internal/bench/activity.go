package bench

import (
	"context"
	"fmt"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// ActivitySummary says what Activity wrote.
type ActivitySummary struct {
	Ratings, Candidates, Steps int
	Transfers, Away, Ties      int
}

// Activity gives a seeded province the member work of the areas past cell
// life, with the generators the benchmarks use: two years of decided
// ratings, candidates taken through the dossier as far as a random step
// (one per hundred members, through the same use cases a cell uses), and a
// year of movements (transfers, members working away, Regulation 213 ties
// with their comments). The demo calls it so that its evaluation,
// screening, admission and mobility screens have something to show.
func Activity(ctx context.Context, db *store.DB, members int) (ActivitySummary, error) {
	var s ActivitySummary
	today := domain.DateOf(db.Now())
	var err error
	if s.Ratings, err = seedRatings(ctx, db, today); err != nil {
		return s, fmt.Errorf("xếp loại mẫu: %w", err)
	}
	if s.Candidates, s.Steps, err = Candidates(ctx, db, max(members/100, 10), 1); err != nil {
		return s, fmt.Errorf("quần chúng mẫu: %w", err)
	}
	load, err := movements(ctx, db, today)
	if err != nil {
		return s, fmt.Errorf("chuyển sinh hoạt mẫu: %w", err)
	}
	if err := db.BulkMobility(ctx, load); err != nil {
		return s, fmt.Errorf("chuyển sinh hoạt mẫu: %w", err)
	}
	s.Transfers, s.Away, s.Ties = len(load.Transfers), len(load.Aways), len(load.Ties)
	return s, nil
}
