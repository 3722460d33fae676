package accounts_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"dangvien/internal/app/accounts"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var ctx = context.Background()

func code(err error) domain.Code { return domain.ErrorCode(err) }

func fields(err error) domain.Fields {
	if e, ok := err.(*domain.Error); ok {
		return e.Fields
	}
	return nil
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func newAccount(username, name string, role domain.Role, orgs []int64, member int64) accounts.NewAccount {
	return accounts.NewAccount{UserInput: store.UserInput{Username: username, DisplayName: name, Role: role, OrgIDs: orgs, MemberID: member}}
}

// Staff of a commune create the accounts of its cells and members with a
// generated password that must be changed at the first sign-in; an account
// tied to a member or cell outside their scope is refused in Vietnamese
// with nothing written; the administrator reaches everyone.
func TestCreateInScope(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &accounts.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		c, err := s.Create(ctx, staff, newAccount("bithu.a1", "Lò Thị Xuân", domain.RoleSecretary, []int64{f.CellA1.ID}, 0))
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Password) != 16 || !c.MustChange || c.RoleLabel != "Bí thư chi bộ" {
			t.Fatalf("created: %+v", c)
		}
		sess, err := s.SignIn(ctx, "bithu.a1", c.Password)
		if err != nil || !sess.MustChange {
			t.Fatalf("first sign-in: %+v %v", sess, err)
		}
		if _, err := s.ChangePassword(ctx, sess, c.Password, "câu mật khẩu của Xuân 2027", "câu mật khẩu khác 2027"); fields(err)["again"] == "" {
			t.Fatalf("two new passwords that differ: %v", err)
		}
		ns, err := s.ChangePassword(ctx, sess, c.Password, "câu mật khẩu của Xuân 2027", "câu mật khẩu của Xuân 2027")
		if err != nil || ns.MustChange {
			t.Fatalf("change: %+v %v", ns, err)
		}
		if again, err := s.Session(ctx, ns.Token); err != nil || again.MustChange {
			t.Fatalf("after the change: %+v %v", again, err)
		}
		// Bad input: nothing written, a Vietnamese reason per field.
		users, audits := count(t, db, "users"), count(t, db, "audit")
		for name, tc := range map[string]struct {
			in    accounts.NewAccount
			code  domain.Code
			field string
			msg   string
		}{
			"a member of another commune": {newAccount("dangvien.lan", "Hà Thị Lan", domain.RoleMember, nil, f.Lan.ID), domain.CodeInvalid, "member_id", "Không có hồ sơ đảng viên này trong phạm vi của bạn"},
			"a member typed, of another commune": {accounts.NewAccount{UserInput: store.UserInput{Username: "dangvien.lan", DisplayName: "Hà Thị Lan", Role: domain.RoleMember},
				MemberQuery: "ha thi lan"}, domain.CodeInvalid, "member_id", "Không có hồ sơ đảng viên này trong phạm vi của bạn"},
			"a member who does not exist":  {newAccount("dangvien.x", "Ai Đó", domain.RoleMember, nil, 99999), domain.CodeInvalid, "member_id", "Không có hồ sơ đảng viên này trong phạm vi của bạn"},
			"a cell of another commune":    {newAccount("bithu.b1", "Bí Thư Bê", domain.RoleSecretary, []int64{f.CellB1.ID}, 0), domain.CodeInvalid, "org_ids", "trong phạm vi của bạn"},
			"a staff account":              {newAccount("canbo.a", "Cán Bộ A", domain.RoleStaff, []int64{f.CommuneA.ID}, 0), domain.CodeInvalid, "role", "Chỉ quản trị hệ thống"},
			"a user name taken":            {newAccount("bithu.a1", "Lò Thị Xuân", domain.RoleSecretary, []int64{f.CellA1.ID}, 0), domain.CodeConflict, "username", "Tên đăng nhập đã có."},
			"a secretary over the commune": {newAccount("bithu.xa", "Bí Thư Xã", domain.RoleSecretary, []int64{f.CommuneA.ID}, 0), domain.CodeInvalid, "org_ids", "chỉ gắn với chi bộ"},
			"a typed cell matching two": {accounts.NewAccount{UserInput: store.UserInput{Username: "phutrach.a", DisplayName: "Phụ Trách", Role: domain.RoleInCharge},
				OrgQuery: "chi bo thon"}, domain.CodeInvalid, "org_ids", "Có nhiều tổ chức khớp «chi bo thon»"},
		} {
			c, err := s.Create(ctx, staff, tc.in)
			if code(err) != tc.code || fields(err)[tc.field] == "" || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("%s: %v", name, err)
			}
			if name == "a typed cell matching two" && len(c.OrgChoices) != 2 {
				t.Errorf("%s: choices %+v", name, c.OrgChoices)
			}
		}
		if count(t, db, "users") != users || count(t, db, "audit") != audits {
			t.Fatal("a refused account wrote")
		}
		// A secretary gives no account; the administrator gives any.
		if _, err := s.Create(ctx, Actor(domain.RoleSecretary, f.CellA1), newAccount("dangvien.thao", "Nguyễn Thị Hồng Thảo", domain.RoleMember, nil, f.Thao.ID)); code(err) != domain.CodeForbidden {
			t.Fatalf("a secretary creates an account: %v", err)
		}
		if _, err := s.Create(ctx, domain.System, newAccount("dangvien.lan", "Hà Thị Lan", domain.RoleMember, nil, f.Lan.ID)); err != nil {
			t.Fatal(err)
		}
		// Typed names that match one: taken.
		c, err = s.Create(ctx, staff, accounts.NewAccount{UserInput: store.UserInput{Username: "dangvien.duc", DisplayName: "Đặng Văn Đức", Role: domain.RoleMember}, MemberQuery: "dang van duc"})
		if err != nil || c.MemberID != f.Duc.ID {
			t.Fatalf("member typed: %+v %v", c, err)
		}
		c, err = s.Create(ctx, staff, accounts.NewAccount{UserInput: store.UserInput{Username: "phutrach.a", DisplayName: "Phụ Trách", Role: domain.RoleInCharge}, OrgQuery: "dong bua, X01-CB02"})
		if err != nil || len(c.OrgIDs) != 2 {
			t.Fatalf("cells typed: %+v %v", c, err)
		}
	})
}

// Staff list, lock and reset the accounts they look after, and only those;
// the second factor and API tokens stay with the administrator.
func TestLookAfter(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &accounts.Service{DB: db}
		for _, in := range []accounts.NewAccount{
			newAccount("bithu.a1", "Bí thư A1", domain.RoleSecretary, []int64{f.CellA1.ID}, 0),
			newAccount("bithu.b1", "Bí thư B1", domain.RoleSecretary, []int64{f.CellB1.ID}, 0),
			newAccount("phutrach", "Phụ trách hai xã", domain.RoleInCharge, []int64{f.CellA1.ID, f.CellB1.ID}, 0),
			newAccount("canbo.a", "Cán bộ xã A", domain.RoleStaff, []int64{f.CommuneA.ID}, 0),
			newAccount("dangvien.thao", "Nguyễn Thị Hồng Thảo", domain.RoleMember, nil, f.Thao.ID),
		} {
			if _, err := s.Create(ctx, domain.System, in); err != nil {
				t.Fatal(err)
			}
		}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		v, err := s.List(ctx, staff)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, a := range v.Accounts {
			names = append(names, a.Username+": "+a.Scope)
		}
		// Not the other commune's secretary, not the one over both communes,
		// not a colleague of the staff.
		if got := strings.Join(names, " | "); got != "bithu.a1: Chi bộ thôn Đồng Bùa (X01-CB01) | dangvien.thao: hồ sơ của Nguyễn Thị Hồng Thảo" || v.Tokens != nil || v.Admin {
			t.Fatalf("staff's accounts: %s %+v", got, v)
		}
		if _, err := s.List(ctx, Actor(domain.RoleLeader, f.CommuneA)); code(err) != domain.CodeForbidden {
			t.Fatalf("a leader lists accounts: %v", err)
		}
		for _, name := range []string{"bithu.b1", "phutrach", "canbo.a", "khong.co"} {
			if _, err := s.SetDisabled(ctx, staff, name, true); code(err) != domain.CodeNotFound {
				t.Errorf("staff lock %s: %v", name, err)
			}
			if _, err := s.ResetPassword(ctx, staff, name); code(err) != domain.CodeNotFound {
				t.Errorf("staff reset %s: %v", name, err)
			}
		}
		if u, err := s.SetDisabled(ctx, staff, "bithu.a1", true); err != nil || !u.Disabled {
			t.Fatalf("lock: %+v %v", u, err)
		}
		if _, err := s.SignIn(ctx, "bithu.a1", "x"); code(err) != domain.CodeUnauthorized {
			t.Fatalf("locked: %v", err)
		}
		if _, err := s.SetDisabled(ctx, staff, "bithu.a1", false); err != nil {
			t.Fatal(err)
		}
		pw, err := s.ResetPassword(ctx, staff, "dangvien.thao")
		if err != nil {
			t.Fatal(err)
		}
		if sess, err := s.SignIn(ctx, "dangvien.thao", pw); err != nil || !sess.MustChange || sess.Actor.MemberID != f.Thao.ID {
			t.Fatalf("after a reset: %+v %v", sess, err)
		}
		if err := s.ResetTOTP(ctx, staff, "bithu.a1"); code(err) != domain.CodeForbidden {
			t.Fatalf("staff reset a second factor: %v", err)
		}
		if _, err := s.CreateToken(ctx, staff, "bithu.a1", "máy", Today.AddDate(0, 1, 0)); code(err) != domain.CodeForbidden {
			t.Fatalf("staff give a token: %v", err)
		}
		tok, err := s.CreateToken(ctx, domain.System, "dangvien.thao", "máy", Today.AddDate(0, 1, 0))
		if err != nil {
			t.Fatal(err)
		}
		// A token works while the password waits to be changed.
		if a, err := s.TokenActor(ctx, tok); err != nil || a.MemberID != f.Thao.ID {
			t.Fatalf("token: %+v %v", a, err)
		}
		// Account rows are filed under the account's scope: staff read what
		// was done to the accounts of their commune (their colleague's too),
		// not to the other commune's or to the one over both.
		rows, err := db.Audit(ctx, staff, store.AuditFilter{Entity: "user"})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, r := range rows {
			seen[r.Action]++
		}
		if seen["user.create"] != 3 || seen["user.disable"] != 2 || seen["user.password"] != 1 || seen["user.login_failed"] != 1 || seen["user.login"] != 1 {
			t.Fatalf("staff's account audit: %v", seen)
		}
		if res, _ := db.VerifyAudit(ctx, domain.System); !res.OK {
			t.Fatalf("audit chain: %+v", res)
		}
	})
}

// One user name, eight parallel creations: exactly one account, the others
// refused as a conflict, on both engines.
func TestParallelCreateOneName(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &accounts.Service{DB: db}
		var wg sync.WaitGroup
		var mu sync.Mutex
		made, refused := 0, 0
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := s.Create(ctx, domain.System, newAccount("bithu.a1", "Bí thư A1", domain.RoleSecretary, []int64{f.CellA1.ID}, 0))
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					made++
				case fields(err)["username"] != "":
					refused++
				default:
					t.Errorf("parallel create: %v", err)
				}
			}()
		}
		wg.Wait()
		if made != 1 || refused != 7 || count(t, db, "users") != 1 {
			t.Fatalf("8 parallel creations of one name: %d made, %d refused", made, refused)
		}
	})
}

// The pickers find organisations and members by name without diacritics,
// only in the actor's scope, and keep those ticked first.
func TestPickers(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &accounts.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		orgs, err := s.FindOrgs(ctx, staff, "chi bo", []int64{f.CellA2.ID})
		if err != nil || len(orgs) != 2 || orgs[0].ID != f.CellA2.ID || !orgs[0].Chosen || orgs[1].ID != f.CellA1.ID || orgs[1].Detail != "X01-CB01, thuộc Đảng bộ xã Hợp Châu" {
			t.Fatalf("orgs: %+v %v", orgs, err)
		}
		if orgs, _ := s.FindOrgs(ctx, staff, "x02", nil); len(orgs) != 0 {
			t.Fatalf("another commune by code: %+v", orgs)
		}
		if orgs, _ := s.FindOrgs(ctx, domain.System, "x02-cb01", nil); len(orgs) != 1 || orgs[0].ID != f.CellB1.ID {
			t.Fatalf("by code: %+v", orgs)
		}
		ms, err := s.FindMembers(ctx, staff, "thao")
		if err != nil || len(ms) != 1 || ms[0].ID != f.Thao.ID || ms[0].Detail != "sinh năm 1990, Chi bộ thôn Đồng Bùa" {
			t.Fatalf("members: %+v %v", ms, err)
		}
		if ms, _ := s.FindMembers(ctx, staff, "lan"); len(ms) != 0 {
			t.Fatalf("another commune's member: %+v", ms)
		}
		if _, err := s.FindMembers(ctx, Actor(domain.RoleSecretary, f.CellA1), "thao"); code(err) != domain.CodeForbidden {
			t.Fatalf("a secretary's picker: %v", err)
		}
	})
}

// What is typed into the form is bounded before it is searched: ten
// thousand names separated by commas, a name of five thousand words, a
// holder's name of a thousand letters, bidi overrides: refused or cut, with
// nothing written and no search per name typed.
func TestHostileTyping(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &accounts.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		audits := count(t, db, "audit")
		in := accounts.NewAccount{UserInput: store.UserInput{Username: "phutrach.x", DisplayName: "Phụ Trách", Role: domain.RoleInCharge}, OrgQuery: strings.Repeat("dong bua,", 10_000)}
		if _, err := s.Create(ctx, staff, in); fields(err)["org_ids"] == "" {
			t.Errorf("ten thousand names: %v", err)
		}
		in.OrgQuery = strings.Repeat("chi bo ", 5_000)
		if _, err := s.Create(ctx, staff, in); fields(err)["org_ids"] == "" {
			t.Errorf("five thousand words: %v", err)
		}
		in.OrgQuery, in.DisplayName = "dong bua", strings.Repeat("Ư", 1000)
		if _, err := s.Create(ctx, staff, in); fields(err)["display_name"] == "" {
			t.Errorf("a thousand letters: %v", err)
		}
		in.DisplayName = "Phụ\u202eTrách"
		if _, err := s.Create(ctx, staff, in); fields(err)["display_name"] == "" {
			t.Errorf("a right-to-left override: %v", err)
		}
		if count(t, db, "audit") != audits {
			t.Fatal("hostile input wrote")
		}
		if l, err := s.FindOrgs(ctx, staff, strings.Repeat("chi bo thon dong bua ", 2_000), nil); err != nil || len(l) != 1 {
			t.Fatalf("a long query: %d %v", len(l), err)
		}
	})
}
