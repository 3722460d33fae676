package store

import (
	"context"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// MigrateRedo undoes one migration (and those after it) and applies them
// again, so that a test can run its Up on rows written without it.
func MigrateRedo(ctx context.Context, db *DB, v int64) error {
	dir, gd := "migrations/sqlite", goose.DialectSQLite3
	if db.Dialect == Postgres {
		dir, gd = "migrations/postgres", goose.DialectPostgres
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(gd, db.w, sub, goose.WithAllowOutofOrder(true))
	if err != nil {
		return err
	}
	// Those after it go down first and come up again after it: a later one
	// may build on it (an index on a column it adds, which SQLite will not
	// drop from under the index).
	if _, err := p.DownTo(ctx, v-1); err != nil {
		return err
	}
	_, err = p.Up(ctx)
	return err
}
