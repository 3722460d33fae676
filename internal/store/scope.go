package store

import (
	"strings"

	"dangvien/internal/domain"
)

// pathRange returns the bounds of the subtree under path: every descendant's
// path starts with it, and "0" is the byte after "/", so the subtree is the
// half-open range [path, path[:len-1]+"0"), which an index serves directly.
func pathRange(path string) (lo, hi string) {
	return path, strings.TrimSuffix(path, "/") + "0"
}

// subtreeCond is the SQL condition "col is in the subtree of path".
func subtreeCond(col, path string) (string, []any) {
	lo, hi := pathRange(path)
	return "(" + col + " >= ? AND " + col + " < ?)", []any{lo, hi}
}

// scopeCond is the one place that turns an actor's scope into SQL: the
// condition that a row whose organisation path is in pathCol (and, for a
// member's own record, whose member id is in idCol) is visible to the actor.
// Every read and write in this package goes through it.
func scopeCond(a domain.Actor, pathCol, idCol string) (string, []any) {
	if a.All() {
		return "1=1", nil
	}
	if a.Role == domain.RoleMember {
		if idCol == "" || a.MemberID == 0 {
			return "1=0", nil
		}
		return idCol + " = ?", []any{a.MemberID}
	}
	if len(a.Paths) == 0 {
		return "1=0", nil
	}
	parts := make([]string, 0, len(a.Paths))
	var args []any
	for _, p := range a.Paths {
		c, ar := subtreeCond(pathCol, p)
		parts = append(parts, c)
		args = append(args, ar...)
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}

// ownRows is the condition on the rows about members (idCol holds the
// member's id) of an organisation already resolved in the actor's scope: a
// member reads the rows about themselves only (their line of the meeting
// roster or the fee sheet), every other role every row. A member's cell is
// in their sight for its schedule and documents; the others in it are not.
func ownRows(a domain.Actor, idCol string) (string, []any) {
	if a.Role == domain.RoleMember {
		return idCol + " = ?", []any{a.MemberID}
	}
	return "1=1", nil
}

// isScopeRoot tells whether path is one of the actor's own scope roots
// (domain.IsScopeRoot), for the store's writers that check it themselves.
func isScopeRoot(a domain.Actor, path string) bool { return domain.IsScopeRoot(a, path) }

var errForbiddenWrite = domain.ErrForbiddenWrite

// scopedSubtree is the condition "the row is in the subtree of path and
// visible to the actor". When the whole subtree lies inside one of the
// actor's subtrees the scope part adds nothing, and is left out: beside a
// second range on the same column it can lead SQLite's planner to scan the
// actor's whole scope (a province) instead of the small subtree asked for.
func scopedSubtree(a domain.Actor, pathCol, idCol, path string) (string, []any) {
	st, sargs := subtreeCond(pathCol, path)
	if a.Covers(path) {
		return st, sargs
	}
	sc, args := scopeCond(a, pathCol, idCol)
	return st + " AND " + sc, append(sargs, args...)
}
