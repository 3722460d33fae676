package store_test

import (
	"context"
	"errors"
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var ctx = context.Background()

func code(err error) domain.Code { return domain.ErrorCode(err) }

func fieldErr(t *testing.T, err error, c domain.Code, field string) {
	t.Helper()
	var e *domain.Error
	if !errors.As(err, &e) || e.Code != c || (field != "" && e.Fields[field] == "") {
		t.Fatalf("want %s on %q, got %#v", c, field, err)
	}
}

func auditCount(t *testing.T, db *store.DB) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow("SELECT count(*) FROM audit").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func itoa(n int64) string { return formatInt(n) }

func find(nodes []*store.TreeNode, id int64) *store.TreeNode {
	for _, n := range nodes {
		if n.ID == id {
			return n
		}
		if c := find(n.Children, id); c != nil {
			return c
		}
	}
	return nil
}

func contains(s, sub string) bool { return len(s) >= len(sub) && indexOf(s, sub) >= 0 }

func TestScopeRefusesOutside(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		sec := Actor(domain.RoleSecretary, f.CellA1)
		staffA := Actor(domain.RoleStaff, f.CommuneA)
		if _, err := db.Audit(ctx, sec, store.AuditFilter{}); code(err) != domain.CodeForbidden {
			t.Errorf("secretary reads audit: %v", err)
		}
		rows, _ := db.Audit(ctx, staffA, store.AuditFilter{Limit: 500})
		for _, r := range rows {
			if r.Entity == "member" && r.EntityID == f.Lan.ID {
				t.Errorf("staff A sees audit of a member of commune B")
			}
		}
	})
}

func TestAuditChainDetectsTampering(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		if _, err := db.VerifyAudit(ctx, Actor(domain.RoleStaff, f.Province)); code(err) != domain.CodeForbidden {
			t.Fatalf("staff walks the whole chain: %v", err)
		}
		res, err := db.VerifyAudit(ctx, domain.System)
		if err != nil || !res.OK || res.Rows != 11 {
			t.Fatalf("clean chain: %+v %v", res, err)
		}
		q := func(s string) string {
			if db.Dialect == store.Postgres {
				return replaceQ(s)
			}
			return s
		}
		// Alter a row's content.
		if _, err := db.SQL().Exec(q("UPDATE audit SET after_json = ? WHERE seq = 4"), `{"full_name":"Người khác"}`); err != nil {
			t.Fatal(err)
		}
		res, _ = db.VerifyAudit(ctx, domain.System)
		if res.OK || res.BadSeq != 4 {
			t.Fatalf("altered row: %+v", res)
		}
		db.SQL().Exec("DELETE FROM audit WHERE seq >= 4")
		db.SQL().Exec("UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit WHERE seq = 3)")
		res, _ = db.VerifyAudit(ctx, domain.System)
		if !res.OK {
			t.Fatalf("a consistently truncated chain with the head moved back verifies: %+v", res)
		}
		// Remove a middle row.
		db.SQL().Exec("DELETE FROM audit WHERE seq = 2")
		res, _ = db.VerifyAudit(ctx, domain.System)
		if res.OK || res.BadSeq != 2 {
			t.Fatalf("missing row: %+v", res)
		}
	})
}

func TestTailRemovalDetected(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		Fixture(t, db)
		db.SQL().Exec("DELETE FROM audit WHERE seq = 11")
		res, _ := db.VerifyAudit(ctx, domain.System)
		if res.OK || res.BadSeq != 11 {
			t.Fatalf("removed tail: %+v", res)
		}
	})
}

func TestAccountsAndTokens(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		_, err := db.CreateUser(ctx, domain.System, store.UserInput{Username: "bithu.a1", DisplayName: "Bí thư A1", Password: "ngan", Role: domain.RoleSecretary, OrgIDs: []int64{f.CellA1.ID}})
		fieldErr(t, err, domain.CodeInvalid, "password")
		_, err = db.CreateUser(ctx, domain.System, store.UserInput{Username: "bithu.a1", DisplayName: "Bí thư A1", Password: "mật khẩu đủ dài", Role: domain.RoleSecretary, OrgIDs: []int64{f.CommuneA.ID}})
		fieldErr(t, err, domain.CodeInvalid, "org_ids") // a secretary's scope is a cell
		u, err := db.CreateUser(ctx, domain.System, store.UserInput{Username: "bithu.a1", DisplayName: "Bí thư A1", Password: "mật khẩu đủ dài", Role: domain.RoleSecretary, OrgIDs: []int64{f.CellA1.ID}})
		if err != nil {
			t.Fatal(err)
		}
		// Staff give the roles below theirs in their subtree, never staff or
		// administrator accounts; secretaries give none.
		if _, err := db.CreateUser(ctx, Actor(domain.RoleStaff, f.CommuneA), store.UserInput{Username: "canbo.x", DisplayName: "Cán bộ X", Password: "mật khẩu đủ dài", Role: domain.RoleStaff, OrgIDs: []int64{f.CommuneA.ID}}); code(err) != domain.CodeInvalid {
			t.Fatalf("staff creates a staff account: %v", err)
		}
		if _, err := db.CreateUser(ctx, Actor(domain.RoleSecretary, f.CellA1), store.UserInput{Username: "dangvien.x", DisplayName: "Đảng viên X", Password: "mật khẩu đủ dài", Role: domain.RoleMember, MemberID: f.Thao.ID}); code(err) != domain.CodeForbidden {
			t.Fatalf("a secretary creates an account: %v", err)
		}
		sess, err := db.Login(ctx, "BITHU.A1", "mật khẩu đủ dài")
		a := sess.Actor
		if err != nil || a.Role != domain.RoleSecretary || len(a.Paths) != 1 || a.Paths[0] != f.CellA1.Path || a.UserID != u.ID {
			t.Fatalf("%+v %v", a, err)
		}
		if _, err := db.Login(ctx, "bithu.a1", "sai mật khẩu"); code(err) != domain.CodeUnauthorized {
			t.Fatalf("wrong password: %v", err)
		}
		tok, err := db.CreateToken(ctx, domain.System, "bithu.a1", "thử")
		if err != nil {
			t.Fatal(err)
		}
		if a2, err := db.ActorByToken(ctx, tok); err != nil || a2.UserID != u.ID {
			t.Fatalf("token: %+v %v", a2, err)
		}
		if err := db.SetDisabled(ctx, domain.System, "bithu.a1", true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ActorByToken(ctx, tok); code(err) != domain.CodeUnauthorized {
			t.Fatalf("token of disabled account: %v", err)
		}
		if _, err := db.Login(ctx, "bithu.a1", "mật khẩu đủ dài"); code(err) != domain.CodeUnauthorized {
			t.Fatalf("login of disabled account: %v", err)
		}
		var hash string
		db.SQL().QueryRow(replaceIf(db, "SELECT password_hash FROM users WHERE username = ?"), "bithu.a1").Scan(&hash)
		if len(hash) < 20 || hash[:10] != "$argon2id$" {
			t.Fatalf("stored hash %q", hash)
		}
	})
}

func fields(err error) domain.Fields {
	var e *domain.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}
