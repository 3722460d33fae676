package store_test

import (
	"slices"
	"strconv"
	"strings"

	"dangvien/internal/app/members"
	"dangvien/internal/store"
)

func formatInt(n int64) string  { return strconv.FormatInt(n, 10) }
func indexOf(s, sub string) int { return strings.Index(s, sub) }
func equal(a, b []string) bool  { return slices.Equal(a, b) }
func replaceQ(s string) string  { return strings.Replace(s, "?", "$1", 1) }
func replaceIf(db *store.DB, s string) string {
	if db.Dialect == store.Postgres {
		return replaceQ(s)
	}
	return s
}

// membersOf is the member use cases on db.
func membersOf(db *store.DB) *members.Service { return &members.Service{DB: db} }
