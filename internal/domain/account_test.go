package domain

import (
	"strings"
	"testing"
)

// Accounts (DESIGN.md, who uses it): the administrator gives every role;
// organisation staff give the roles below theirs (leader, cell secretary,
// committee member in charge, member), never staff or administrator
// accounts; no one else gives any.
func TestRoleGrantedBy(t *testing.T) {
	for _, by := range Roles {
		for _, r := range Roles {
			want := by == RoleAdmin || (by == RoleStaff && r != RoleAdmin && r != RoleStaff)
			if got := r.GrantedBy(by); got != want {
				t.Errorf("%s gives %s: %v, want %v", by, r, got, want)
			}
		}
		if by.ManagesAccounts() != (by == RoleAdmin || by == RoleStaff) {
			t.Errorf("%s manages accounts: %v", by, by.ManagesAccounts())
		}
	}
}

// An account for a scope: its organisations lie in the creator's subtree,
// are open, and are cells for the roles that work in cells; a member's
// account is for a member on the roll, in the creator's scope. Each refusal
// names its field.
func TestCheckGrant(t *testing.T) {
	staff := Actor{Role: RoleStaff, Paths: []string{"/1/7/"}}
	cell := Org{Name: "Chi bộ thôn Đồng Bùa", Kind: KindCell, Path: "/1/7/12/"}
	other := Org{Name: "Chi bộ tổ dân phố 1", Kind: KindCell, Path: "/1/8/30/"}
	commune := Org{Name: "Đảng bộ xã Hợp Châu", Kind: KindCommune, Path: "/1/7/"}
	closed := Org{Name: "Chi bộ thôn Cũ", Kind: KindCell, Path: "/1/7/13/", ValidTo: MustDate("2025-07-01")}
	member := &Member{MemberFields: MemberFields{FullName: "Nguyễn Thị Hồng Thảo"}, Status: StatusOfficial, OrgPath: "/1/7/12/"}
	outside := &Member{MemberFields: MemberFields{FullName: "Hà Thị Lan"}, Status: StatusOfficial, OrgPath: "/1/8/30/"}
	removed := &Member{MemberFields: MemberFields{FullName: "Trần Văn Bỏ"}, Status: StatusRemoved, OrgPath: "/1/7/12/"}
	for _, tc := range []struct {
		name   string
		by     Actor
		role   Role
		orgs   []Org
		member *Member
		code   Code
		field  string
	}{
		{"staff give a secretary over their cell", staff, RoleSecretary, []Org{cell}, nil, "", ""},
		{"staff give a leader over their commune", staff, RoleLeader, []Org{commune}, nil, "", ""},
		{"staff give a member's account in scope", staff, RoleMember, nil, member, "", ""},
		{"the administrator gives anything anywhere", System, RoleSecretary, []Org{other}, nil, "", ""},
		{"the administrator gives a member's account anywhere", System, RoleMember, nil, outside, "", ""},
		{"a cell outside the creator's scope", staff, RoleSecretary, []Org{cell, other}, nil, CodeInvalid, "org_ids"},
		{"a member outside the creator's scope", staff, RoleMember, nil, outside, CodeInvalid, "member_id"},
		{"a member no longer on the roll", staff, RoleMember, nil, removed, CodeInvalid, "member_id"},
		{"a secretary over a commune", staff, RoleSecretary, []Org{commune}, nil, CodeInvalid, "org_ids"},
		{"an organisation closed by a merger", staff, RoleInCharge, []Org{closed}, nil, CodeInvalid, "org_ids"},
		{"staff give a staff account", staff, RoleStaff, []Org{commune}, nil, CodeInvalid, "role"},
		{"staff give an administrator account", staff, RoleAdmin, nil, nil, CodeInvalid, "role"},
		{"a secretary gives an account", Actor{Role: RoleSecretary, Paths: []string{"/1/7/12/"}}, RoleMember, nil, member, CodeForbidden, ""},
		{"a leader gives an account", Actor{Role: RoleLeader, Paths: []string{"/1/7/"}}, RoleSecretary, []Org{cell}, nil, CodeForbidden, ""},
	} {
		err := CheckGrant(tc.by, tc.role, tc.orgs, tc.member)
		if tc.code == "" {
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			}
			continue
		}
		e, ok := err.(*Error)
		if !ok || e.Code != tc.code || (tc.field != "" && e.Fields[tc.field] == "") || e.Message == "" {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// What an account needs: a user name of 3–32 lower-case letters, digits
// and . _ -, its holder's name in clean text, a valid role, organisations
// for the roles that need them and a record for a member's account.
func TestValidateAccount(t *testing.T) {
	ok := Account{Username: "bithu.cb01", DisplayName: "Lò Thị Xuân", Role: RoleSecretary, OrgIDs: []int64{4}}
	for _, tc := range []struct {
		name  string
		edit  func(*Account)
		pwWhy string
		field string
	}{
		{"a good account", func(*Account) {}, "", ""},
		{"a user name with a capital and a space", func(a *Account) { a.Username = "Bi Thu" }, "", "username"},
		{"a user name too short", func(a *Account) { a.Username = "ab" }, "", "username"},
		{"no holder's name", func(a *Account) { a.DisplayName = "" }, "", "display_name"},
		{"a holder's name with a right-to-left override", func(a *Account) { a.DisplayName = "Lò Thị\u202e Xuân" }, "", "display_name"},
		{"a holder's name of 101 letters", func(a *Account) { a.DisplayName = strings.Repeat("Ă", 101) }, "", "display_name"},
		{"a scope of 51 organisations", func(a *Account) { a.OrgIDs = make([]int64, 51) }, "", "org_ids"},
		{"a weak password", func(*Account) {}, "Mật khẩu quá ngắn.", "password"},
		{"an unknown role", func(a *Account) { a.Role = "boss" }, "", "role"},
		{"a secretary without a cell", func(a *Account) { a.OrgIDs = nil }, "", "org_ids"},
		{"a member's account without a record", func(a *Account) { a.Role, a.OrgIDs = RoleMember, nil }, "", "member_id"},
	} {
		a := ok
		tc.edit(&a)
		err := ValidateAccount(NormalizeAccount(a), tc.pwWhy)
		e, isErr := err.(*Error)
		switch {
		case tc.field == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.field != "" && (!isErr || e.Fields[tc.field] == ""):
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	if n := NormalizeAccount(Account{Username: "  BiThu.CB01 ", Role: RoleAdmin, OrgIDs: []int64{1}, MemberID: 3}); n.Username != "bithu.cb01" || n.OrgIDs != nil || n.MemberID != 0 {
		t.Errorf("normalised: %+v", n)
	}
}

func TestScopeRoot(t *testing.T) {
	for _, tc := range []struct {
		paths []string
		want  string
	}{
		{nil, ""},
		{[]string{"/1/7/12/"}, "/1/7/12/"},
		{[]string{"/1/7/12/", "/1/7/30/"}, "/1/7/"},
		{[]string{"/1/7/12/", "/1/70/3/"}, "/1/"}, // siblings whose ids share a digit
	} {
		if got := ScopeRoot(tc.paths); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.paths, got, tc.want)
		}
	}
}
