package domain

import "testing"

// Scope rule (DESIGN.md, after hitobito): a role reaches its own subtrees;
// a member reaches only their own record, never an organisation.
func TestActorCovers(t *testing.T) {
	staff := Actor{Role: RoleStaff, Paths: []string{"/1/7/", "/1/9/"}}
	for _, tc := range []struct {
		a    Actor
		path string
		want bool
	}{
		{staff, "/1/7/", true},
		{staff, "/1/7/42/", true},
		{staff, "/1/9/3/", true},
		{staff, "/1/", false},
		{staff, "/1/70/", false}, // a sibling whose id starts with the same digit
		{staff, "/1/8/", false},
		{Actor{Role: RoleAdmin}, "/5/", true},
		{Actor{Role: RoleMember, Paths: []string{"/1/"}}, "/1/7/", false},
		{Actor{Role: RoleSecretary}, "/1/7/", false},
	} {
		if got := tc.a.Covers(tc.path); got != tc.want {
			t.Errorf("%s %v covers %s = %v, want %v", tc.a.Role, tc.a.Paths, tc.path, got, tc.want)
		}
	}
}
