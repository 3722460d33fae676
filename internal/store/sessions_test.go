package store_test

import (
	"testing"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

func TestLockDuration(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		n    int
		want time.Duration
	}{{0, 0}, {4, 0}, {5, time.Minute}, {6, 2 * time.Minute}, {7, 4 * time.Minute}, {10, 32 * time.Minute}, {11, time.Hour}, {40, time.Hour}} {
		if got := store.LockDuration(tc.n); got != tc.want {
			t.Errorf("LockDuration(%d) = %v, want %v", tc.n, got, tc.want)
		}
	}
}

func TestLoginLockoutAndSessions(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		if _, err := db.CreateUser(ctx, domain.System, store.UserInput{Username: "bithu.a1", DisplayName: "Bí thư", Password: "mật khẩu đúng 2026", Role: domain.RoleSecretary, OrgIDs: []int64{f.CellA1.ID}}); err != nil {
			t.Fatal(err)
		}
		now := Today
		db.Now = func() time.Time { return now }
		if _, err := db.Login(ctx, "không-có", "x"); code(err) != domain.CodeUnauthorized {
			t.Fatalf("unknown user: %v", err)
		}
		for i := 1; i <= 4; i++ {
			if _, err := db.Login(ctx, "bithu.a1", "sai"); err == nil || !contains(err.Error(), "Tên đăng nhập hoặc mật khẩu không đúng") {
				t.Fatalf("failure %d: %v", i, err)
			}
		}
		// The fifth failure locks for a minute; the right password is refused
		// meanwhile. Only an administrator sees the lock.
		if _, err := db.Login(ctx, "bithu.a1", "sai"); code(err) != domain.CodeUnauthorized {
			t.Fatalf("fifth failure: %v", err)
		}
		if _, err := db.Login(ctx, "bithu.a1", "mật khẩu đúng 2026"); code(err) != domain.CodeUnauthorized {
			t.Fatalf("locked login: %v", err)
		}
		users, _ := db.Users(ctx, domain.System)
		if users[0].LockedUntil == nil || users[0].LockedUntil.Format("15:04") != "09:01" || users[0].FailedLogins != 5 {
			t.Fatalf("the administrator's list: %+v", users[0])
		}
		now = now.Add(61 * time.Second)
		s, err := db.Login(ctx, "BITHU.A1", "mật khẩu đúng 2026")
		if err != nil || s.Token == "" || s.CSRF == "" || s.Actor.Role != domain.RoleSecretary {
			t.Fatalf("login after the lock: %+v %v", s, err)
		}
		got, err := db.SessionByToken(ctx, s.Token)
		if err != nil || got.Actor.UserID != s.Actor.UserID || !got.CheckCSRF(s.CSRF) || got.CheckCSRF("") || got.CheckCSRF("x") {
			t.Fatalf("session: %+v %v", got, err)
		}
		// A second browser; changing the password ends it but not this one.
		s2, _ := db.Login(ctx, "bithu.a1", "mật khẩu đúng 2026")
		if _, err := db.ChangePassword(ctx, s, "sai", "mật khẩu mới dài 2027"); code(err) != domain.CodeInvalid {
			t.Fatalf("wrong current password: %v", err)
		}
		ns, err := db.ChangePassword(ctx, s, "mật khẩu đúng 2026", "mật khẩu mới dài 2027")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByToken(ctx, s2.Token); code(err) != domain.CodeUnauthorized {
			t.Fatalf("other session survived a password change: %v", err)
		}
		// The browser that changed it goes on under a new token.
		if _, err := db.SessionByToken(ctx, s.Token); code(err) != domain.CodeUnauthorized {
			t.Fatalf("the old token of the changing browser survived: %v", err)
		}
		if _, err := db.SessionByToken(ctx, ns.Token); err != nil || ns.Token == s.Token {
			t.Fatalf("own session ended: %v", err)
		}
		s = ns
		// Sessions expire; sign-out ends them at once.
		now = now.Add(store.SessionTTL + time.Second)
		if _, err := db.SessionByToken(ctx, s.Token); code(err) != domain.CodeUnauthorized {
			t.Fatalf("expired session: %v", err)
		}
		s3, err := db.Login(ctx, "bithu.a1", "mật khẩu mới dài 2027")
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Logout(ctx, s3); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByToken(ctx, s3.Token); code(err) != domain.CodeUnauthorized {
			t.Fatalf("session after logout: %v", err)
		}
		if res, _ := db.VerifyAudit(ctx, domain.System); !res.OK {
			t.Fatalf("audit %+v", res)
		}
	})
}
