package store_test

import (
	"testing"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// An administrator's password reset and disabling an account end every
// session and API token of the account; enabling it again revives none.
func TestResetAndDisableEndAccess(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		attackUser(t, db, f, "bithu.a1")
		s, err := db.Login(ctx, "bithu.a1", attackPW)
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := db.CreateToken(ctx, domain.System, "bithu.a1", "máy tính văn phòng")
		if err := db.SetPassword(ctx, domain.System, "bithu.a1", "mật khẩu do quản trị đặt lại"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByToken(ctx, s.Token); code(err) != domain.CodeUnauthorized {
			t.Errorf("a session survived the reset: %v", err)
		}
		if _, err := db.ActorByToken(ctx, tok); code(err) != domain.CodeUnauthorized {
			t.Errorf("a token survived the reset: %v", err)
		}
		s, _ = db.Login(ctx, "bithu.a1", "mật khẩu do quản trị đặt lại")
		tok, _ = db.CreateToken(ctx, domain.System, "bithu.a1", "máy tính văn phòng")
		if err := db.SetDisabled(ctx, domain.System, "bithu.a1", true); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateToken(ctx, domain.System, "bithu.a1", ""); code(err) != domain.CodeConflict {
			t.Errorf("a token made for a disabled account: %v", err)
		}
		if err := db.SetDisabled(ctx, domain.System, "bithu.a1", false); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByToken(ctx, s.Token); code(err) != domain.CodeUnauthorized {
			t.Errorf("a session survived disabling and enabling: %v", err)
		}
		if _, err := db.ActorByToken(ctx, tok); code(err) != domain.CodeUnauthorized {
			t.Errorf("enabling the account revived its token: %v", err)
		}
		if _, err := db.Login(ctx, "bithu.a1", "mật khẩu do quản trị đặt lại"); err != nil {
			t.Errorf("sign-in after enabling: %v", err)
		}
	})
}

// A password change ends the account's other sessions and revokes its
// tokens; the browser that made it goes on under a new session token.
func TestPasswordChangeEndsAccess(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		attackUser(t, db, f, "bithu.a1")
		s, _ := db.Login(ctx, "bithu.a1", attackPW)
		other, _ := db.Login(ctx, "bithu.a1", attackPW)
		tok, _ := db.CreateToken(ctx, domain.System, "bithu.a1", "")
		ns, err := db.ChangePassword(ctx, s, attackPW, "một mật khẩu mới khá dài")
		if err != nil {
			t.Fatal(err)
		}
		for name, tk := range map[string]string{"other": other.Token, "own old token": s.Token} {
			if _, err := db.SessionByToken(ctx, tk); code(err) != domain.CodeUnauthorized {
				t.Errorf("%s session survived the change: %v", name, err)
			}
		}
		if _, err := db.SessionByToken(ctx, ns.Token); err != nil {
			t.Errorf("the changing browser lost its session: %v", err)
		}
		if _, err := db.ActorByToken(ctx, tok); code(err) != domain.CodeUnauthorized || !contains(err.Error(), "thu hồi") {
			t.Errorf("a token survived the change: %v", err)
		}
		// The new password must pass the rules, with the account's own names.
		if _, err := db.ChangePassword(ctx, ns, "một mật khẩu mới khá dài", "bithu.a1 năm 2027"); code(err) != domain.CodeInvalid || fields(err)["new"] == "" {
			t.Errorf("the username in the new password: %v", err)
		}
	})
}

// Tokens are listed and revoked by their owner and by administrators,
// nobody else; revocation is audited; a token may expire.
func TestTokensListRevokeExpire(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		attackUser(t, db, f, "bithu.a1")
		attackUser(t, db, f, "bithu.a2")
		now := Today
		db.Now = func() time.Time { return now }
		owner, _ := db.ActorByUsername(ctx, "bithu.a1")
		other, _ := db.ActorByUsername(ctx, "bithu.a2")
		tok, err := db.CreateTokenUntil(ctx, domain.System, "bithu.a1", "Phần mềm kế toán", now.Add(90*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		tok2, _ := db.CreateToken(ctx, domain.System, "bithu.a1", "")
		db.CreateToken(ctx, domain.System, "bithu.a2", "")
		if _, err := db.CreateTokenUntil(ctx, domain.System, "bithu.a1", "", now.Add(-time.Hour)); code(err) != domain.CodeInvalid {
			t.Errorf("an expiry in the past: %v", err)
		}
		if _, err := db.CreateToken(ctx, owner, "bithu.a1", ""); code(err) != domain.CodeForbidden {
			t.Errorf("a secretary made a token: %v", err)
		}
		own, err := db.Tokens(ctx, owner, "")
		if err != nil || len(own) != 2 || own[1].Name != "Phần mềm kế toán" || own[1].ExpiresAt == nil || own[1].Status != "active" || own[0].Username != "bithu.a1" {
			t.Fatalf("own tokens: %+v %v", own, err)
		}
		if _, err := db.Tokens(ctx, owner, "bithu.a2"); code(err) != domain.CodeForbidden {
			t.Errorf("another's tokens: %v", err)
		}
		if all, _ := db.Tokens(ctx, domain.System, ""); len(all) != 3 {
			t.Errorf("the administrator sees %d tokens, want 3", len(all))
		}
		if _, err := db.RevokeToken(ctx, other, own[0].ID); code(err) != domain.CodeNotFound {
			t.Errorf("another account revoked it: %v", err)
		}
		rv, err := db.RevokeToken(ctx, owner, own[0].ID)
		if err != nil || rv.Status != "revoked" || rv.RevokedAt == nil {
			t.Fatalf("revoke: %+v %v", rv, err)
		}
		if _, err := db.RevokeToken(ctx, owner, own[0].ID); code(err) != domain.CodeConflict {
			t.Errorf("revoked twice: %v", err)
		}
		if _, err := db.ActorByToken(ctx, tok2); code(err) != domain.CodeUnauthorized || !contains(err.Error(), "thu hồi") {
			t.Errorf("a revoked token: %v", err)
		}
		if actionCount(t, db, "token.revoke") != 1 {
			t.Error("the revocation is not audited")
		}
		// Expiry: it works until the time, then answers why it does not.
		if a, err := db.ActorByToken(ctx, tok); err != nil || a.Username != "bithu.a1" {
			t.Fatalf("before expiry: %v", err)
		}
		now = now.Add(90*24*time.Hour + time.Second)
		if _, err := db.ActorByToken(ctx, tok); code(err) != domain.CodeUnauthorized || !contains(err.Error(), "hết hạn lúc 16:00 21/02/2027") {
			t.Errorf("after expiry: %v", err)
		}
		if l, _ := db.Tokens(ctx, owner, ""); l[1].Status != "expired" || l[1].StatusLabel != "Đã hết hạn" {
			t.Errorf("listed after expiry: %+v", l[1])
		}
		if _, err := db.RevokeToken(ctx, domain.System, own[1].ID); err != nil {
			t.Errorf("the administrator revokes an expired token: %v", err)
		}
		if res, _ := db.VerifyAudit(ctx, domain.System); !res.OK {
			t.Fatalf("audit %+v", res)
		}
	})
}

// "aaaaaaaaaa" was accepted. Every way of setting a password applies the
// rules of password.Weakness and says why it refuses.
func TestWeakPasswordsRefused(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		in := store.UserInput{Username: "bithu.a1", DisplayName: "Nguyễn Thị Lan", Role: domain.RoleSecretary, OrgIDs: []int64{f.CellA1.ID}}
		for pw, why := range map[string]string{
			"aaaaaaaaaa":          "ít nhất 12 ký tự",
			"aaaaaaaaaaaaaaaa":    "lặp đi lặp lại",
			"qwertyuiop1234":      "dãy phím",
			"Matkhau@2026":        "phổ biến",
			"Nguyễn Thị Lan 1990": "họ tên",
		} {
			in.Password = pw
			if _, err := db.CreateUser(ctx, domain.System, in); code(err) != domain.CodeInvalid || !contains(fields(err)["password"], why) {
				t.Errorf("create with %q: %v, want %q", pw, err, why)
			}
		}
		in.Password = attackPW
		if _, err := db.CreateUser(ctx, domain.System, in); err != nil {
			t.Fatal(err)
		}
		if err := db.SetPassword(ctx, domain.System, "bithu.a1", "aaaaaaaaaaaa"); code(err) != domain.CodeInvalid || !contains(err.Error(), "lặp đi lặp lại") {
			t.Errorf("reset to a trivial password: %v", err)
		}
	})
}

// A session answered from memory (SessionByToken keeps a validated session
// for a moment) is refused at once when it ends: sign-out, a password change
// (the account's other sessions), an administrator's reset, disabling the
// account; and when it expires. A session read just before is not kept
// past the write that revoked it.
func TestCachedSessionRevokedAtOnce(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		attackUser(t, db, f, "bithu.a1")
		pw := attackPW
		for _, tc := range []struct {
			name   string
			revoke func(s store.Session) error
		}{
			{"sign-out", func(s store.Session) error { return db.Logout(ctx, s) }},
			{"password change", func(s store.Session) error {
				other, err := db.Login(ctx, "bithu.a1", pw)
				if err != nil {
					return err
				}
				_, err = db.ChangePassword(ctx, other, pw, pw+" mới")
				pw += " mới"
				return err
			}},
			{"reset", func(store.Session) error {
				pw += " đặt lại"
				return db.SetPassword(ctx, domain.System, "bithu.a1", pw)
			}},
			{"disabling", func(store.Session) error {
				if err := db.SetDisabled(ctx, domain.System, "bithu.a1", true); err != nil {
					return err
				}
				return db.SetDisabled(ctx, domain.System, "bithu.a1", false)
			}},
		} {
			s, err := db.Login(ctx, "bithu.a1", pw)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			for range 2 { // the second is answered from memory
				if _, err := db.SessionByToken(ctx, s.Token); err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
			}
			if err := tc.revoke(s); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if _, err := db.SessionByToken(ctx, s.Token); code(err) != domain.CodeUnauthorized {
				t.Errorf("the cached session survived %s: %v", tc.name, err)
			}
		}
		// Expiry: the clock moved past the session's end.
		s, err := db.Login(ctx, "bithu.a1", pw)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByToken(ctx, s.Token); err != nil {
			t.Fatal(err)
		}
		clock := db.Now
		defer func() { db.Now = clock }()
		now := clock()
		db.Now = func() time.Time { return now.Add(store.SessionTTL + time.Second) }
		if _, err := db.SessionByToken(ctx, s.Token); code(err) != domain.CodeUnauthorized {
			t.Errorf("an expired session was answered from memory: %v", err)
		}
	})
}
