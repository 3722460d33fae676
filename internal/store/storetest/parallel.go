package storetest

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Parallel runs n calls of fn at once, as n users submitting together, and
// returns their errors in order.
func Parallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn(i)
		}()
	}
	wg.Wait()
	return errs
}

// Succeeded counts the calls that succeeded. Every other call must have
// been refused with one of codes (by default a conflict or bad input),
// never with an internal error.
func Succeeded(t testing.TB, errs []error, codes ...domain.Code) int {
	t.Helper()
	if len(codes) == 0 {
		codes = []domain.Code{domain.CodeConflict, domain.CodeInvalid}
	}
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case !slices.Contains(codes, domain.ErrorCode(err)):
			t.Errorf("a refusal with code %s: %v", domain.ErrorCode(err), err)
		}
	}
	return ok
}

// Once checks that exactly one of the calls succeeded and the others were
// refused with code c.
func Once(t testing.TB, what string, errs []error, c domain.Code) {
	t.Helper()
	if ok := Succeeded(t, errs, c); ok != 1 {
		t.Fatalf("%s: %d of %d written at once, want 1", what, ok, len(errs))
	}
}

// Count counts the rows of a query written around the store, with ?
// placeholders on either engine: what a test reads to see what was written.
func Count(t testing.TB, db *store.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(rebind(db, q), args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Strings is the first column of every row of a query written around the
// store, with ? placeholders on either engine, as text.
func Strings(t testing.TB, db *store.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.SQL().Query(rebind(db, q), args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// rebind writes ? placeholders as PostgreSQL's $n.
func rebind(db *store.DB, q string) string {
	if db.Dialect == store.Postgres {
		for i := 1; strings.Contains(q, "?"); i++ {
			q = strings.Replace(q, "?", "$"+strconv.Itoa(i), 1)
		}
	}
	return q
}
