package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"dangvien/internal/domain"
)

// bulkInsert writes many rows into one table inside the transaction: COPY on
// PostgreSQL; on SQLite, multi-row INSERT statements, prepared once per
// call, which spare the driver a round of binding and stepping per row and
// open one statement savepoint per many rows rather than per row.
func (tx *Tx) bulkInsert(table string, cols []string, rows [][]any) error {
	return tx.bulkInsertVerb("INSERT", table, cols, rows)
}

func (tx *Tx) bulkInsertVerb(verb, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if tx.db.Dialect == Postgres {
		for _, r := range rows {
			for i, v := range r {
				r[i] = pgValue(v)
			}
		}
		return tx.conn.Raw(func(dc any) error {
			c := dc.(*stdlib.Conn).Conn()
			_, err := c.CopyFrom(tx.ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
			return err
		})
	}
	per := min(sqliteRowsPerInsert, sqliteMaxVars/len(cols))
	head := verb + " INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	one := "(" + placeholders(len(cols)) + ")"
	args := make([]any, 0, per*len(cols))
	for len(rows) > 0 {
		n := min(per, len(rows))
		st, err := tx.prepared(head + strings.Repeat(one+",", n-1) + one)
		if err != nil {
			return err
		}
		args = args[:0]
		for _, r := range rows[:n] {
			args = append(args, r...)
		}
		if _, err := st.ExecContext(tx.ctx, args...); err != nil {
			return err
		}
		rows = rows[n:]
	}
	return nil
}

// prepared returns q prepared on the transaction, once per transaction: a
// multi-row INSERT of many columns takes longer to parse than to run.
func (tx *Tx) prepared(q string) (*sql.Stmt, error) {
	if st, ok := tx.stmts[q]; ok {
		return st, nil
	}
	st, err := tx.PrepareContext(tx.ctx, q)
	if err != nil {
		return nil, err
	}
	if tx.stmts == nil {
		tx.stmts = map[string]*sql.Stmt{}
	}
	tx.stmts[q] = st
	return st, nil
}

// sqliteMaxVars is SQLite's limit on a statement's parameters (since 3.32);
// sqliteRowsPerInsert is where longer statements stop paying.
const (
	sqliteMaxVars       = 32766
	sqliteRowsPerInsert = 64
)

// pgValue turns the store's text forms into the types COPY's binary format needs.
func pgValue(v any) any {
	switch x := v.(type) {
	case domain.Date:
		if x.IsZero() {
			return nil
		}
		return x.Time()
	case stampText:
		t, err := time.Parse(time.RFC3339Nano, string(x))
		if err != nil {
			panic(fmt.Sprintf("store: bad stamp %q", x))
		}
		return t
	}
	return v
}

// stampText marks a stored timestamp among bulk values.
type stampText string

// plainCols are the 25 columns of the physical baseline: the member file's
// own fields, as a bare table holds them.
var plainCols = []string{"org_code", "full_name", "other_names", "gender", "birth_date", "hometown", "birth_place", "ethnicity", "religion",
	"citizen_id", "phone", "email", "address", "card_number", "file_number", "admission_date", "official_date", "education",
	"qualification", "theory_level", "foreign_language", "occupation", "workplace", "party_position", "gov_position"}

// PlainInsert is the physical baseline of `dangvien bench`: the same rows'
// 25 columns written into a bare table (no index, no constraint, no
// trigger) through the same driver, in one transaction: COPY on
// PostgreSQL; on SQLite with oneRow one prepared single-row INSERT per row,
// the textbook way, and without it the import's own bulk writer (measured
// for reference: its tuning moves it with the import). It returns the time
// spent inserting, leaving out the time next takes to produce the rows.
func (db *DB) PlainInsert(ctx context.Context, next func() ([]ImportRow, error), oneRow bool) (time.Duration, error) {
	cols := make([]string, len(plainCols))
	for i, c := range plainCols {
		typ := "TEXT"
		if db.Dialect == Postgres && strings.HasSuffix(c, "_date") {
			typ = "DATE"
		}
		cols[i] = c + " " + typ
	}
	if _, err := db.w.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS bench_plain ("+strings.Join(cols, ", ")+")"); err != nil {
		return 0, err
	}
	var spent time.Duration
	err := db.write(ctx, domain.System, func(tx *Tx) error {
		for {
			rows, err := next()
			if errors.Is(err, io.EOF) {
				return nil
			}
			if err != nil {
				return err
			}
			t0 := time.Now()
			vals := make([][]any, len(rows))
			for i := range rows {
				f := &rows[i].Fields
				vals[i] = []any{rows[i].OrgCode, f.FullName, f.OtherNames, string(f.Gender), f.BirthDate, f.Hometown, f.BirthPlace, f.Ethnicity, f.Religion,
					f.CitizenID, f.Phone, f.Email, f.Address, f.CardNumber, f.FileNumber, f.AdmissionDate, f.OfficialDate, f.Education,
					f.Qualification, f.TheoryLevel, f.ForeignLanguage, f.Occupation, f.Workplace, f.PartyPosition, f.GovPosition}
			}
			if oneRow && db.Dialect == SQLite {
				st, err := tx.prepared("INSERT INTO bench_plain (" + strings.Join(plainCols, ", ") + ") VALUES (" + placeholders(len(plainCols)) + ")")
				if err != nil {
					return err
				}
				for _, v := range vals {
					if _, err := st.ExecContext(ctx, v...); err != nil {
						return err
					}
				}
			} else if err := tx.bulkInsert("bench_plain", plainCols, vals); err != nil {
				return err
			}
			spent += time.Since(t0)
		}
	})
	return spent, err
}
