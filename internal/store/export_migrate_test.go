package store

import (
	"context"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// MigrateRedo undoes one migration and applies it again, so that a test can
// run its Up on rows written without it.
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
	if _, err := p.ApplyVersion(ctx, v, false); err != nil {
		return err
	}
	_, err = p.ApplyVersion(ctx, v, true)
	return err
}
