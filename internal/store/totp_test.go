package store_test

import (
	"testing"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
	"dangvien/internal/totp"
)

// The optional second factor: set up only with a right code; then a right
// password gives a pending session that opens nothing until the code; a code
// works once; wrong codes lock the account like wrong passwords; an
// administrator can turn it off for a lost phone.
func TestTOTPSecondFactor(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		const pw = "mật khẩu đúng 2026"
		if _, err := db.CreateUser(ctx, domain.System, store.UserInput{Username: "bithu.a1", DisplayName: "Bí thư", Password: pw, Role: domain.RoleSecretary, OrgIDs: []int64{f.CellA1.ID}}); err != nil {
			t.Fatal(err)
		}
		now := Today
		db.Now = func() time.Time { return now }
		s, err := db.Login(ctx, "bithu.a1", pw)
		if err != nil || s.Pending {
			t.Fatalf("login without a second factor: %+v %v", s, err)
		}
		secret, err := db.BeginTOTP(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		if st, _ := db.TOTP(ctx, s); st.On || st.Pending != secret {
			t.Fatalf("after begin: %+v", st)
		}
		if err := db.EnableTOTP(ctx, s, "000000"); code(err) != domain.CodeInvalid {
			t.Fatalf("wrong first code: %v", err)
		}
		c, _ := totp.Code(secret, now)
		if err := db.EnableTOTP(ctx, s, c); err != nil {
			t.Fatal(err)
		}
		if users, _ := db.Users(ctx, domain.System); !users[0].TOTP {
			t.Fatal("the account list does not show the second factor")
		}
		// The code used to turn it on cannot sign in again.
		p, err := db.Login(ctx, "bithu.a1", pw)
		if err != nil || !p.Pending {
			t.Fatalf("login with a second factor: %+v %v", p, err)
		}
		if _, err := db.SessionByToken(ctx, p.Token); code(err) != domain.CodeUnauthorized {
			t.Fatalf("a pending session opened a screen: %v", err)
		}
		if _, err := db.CompleteLogin(ctx, p, c); code(err) != domain.CodeInvalid {
			t.Fatalf("a code reused: %v", err)
		}
		now = now.Add(totp.Step)
		c, _ = totp.Code(secret, now)
		full, err := db.CompleteLogin(ctx, p, c)
		if err != nil || full.Token == p.Token || full.Actor.Role != domain.RoleSecretary {
			t.Fatalf("complete: %+v %v", full, err)
		}
		if _, err := db.SessionByToken(ctx, full.Token); err != nil {
			t.Fatal(err)
		}
		if _, err := db.PendingSession(ctx, p.Token); code(err) != domain.CodeUnauthorized {
			t.Fatal("the pending session survived")
		}
		// Five wrong codes lock the account, and the lock holds for the password too.
		p, _ = db.Login(ctx, "bithu.a1", pw)
		for i := 1; i <= 4; i++ {
			if _, err := db.CompleteLogin(ctx, p, "123456"); code(err) != domain.CodeInvalid {
				t.Fatalf("wrong code %d: %v", i, err)
			}
		}
		if _, err := db.CompleteLogin(ctx, p, "123456"); code(err) != domain.CodeUnauthorized {
			t.Fatalf("fifth wrong code: %v", err)
		}
		if _, err := db.PendingSession(ctx, p.Token); code(err) != domain.CodeUnauthorized {
			t.Fatal("the pending session survived the lock")
		}
		if _, err := db.Login(ctx, "bithu.a1", pw); code(err) != domain.CodeUnauthorized {
			t.Fatalf("locked after wrong codes: %v", err)
		}
		// A pending session lapses after PendingTTL.
		now = now.Add(2 * time.Minute)
		p, _ = db.Login(ctx, "bithu.a1", pw)
		now = now.Add(store.PendingTTL + time.Second)
		c, _ = totp.Code(secret, now)
		if _, err := db.CompleteLogin(ctx, p, c); code(err) != domain.CodeUnauthorized {
			t.Fatalf("late code: %v", err)
		}
		// Lost phone: only an administrator resets it; the account's sessions end.
		if err := db.ResetTOTP(ctx, Actor(domain.RoleStaff, f.Province), "bithu.a1"); code(err) != domain.CodeForbidden {
			t.Fatalf("staff reset: %v", err)
		}
		if err := db.ResetTOTP(ctx, domain.System, "bithu.a1"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SessionByToken(ctx, full.Token); code(err) != domain.CodeUnauthorized {
			t.Fatal("a session survived the reset")
		}
		if s, err := db.Login(ctx, "bithu.a1", pw); err != nil || s.Pending {
			t.Fatalf("login after the reset: %+v %v", s, err)
		}
		// Turning it off oneself needs the password.
		s, _ = db.Login(ctx, "bithu.a1", pw)
		secret, _ = db.BeginTOTP(ctx, s)
		now = now.Add(totp.Step)
		c, _ = totp.Code(secret, now)
		if err := db.EnableTOTP(ctx, s, c); err != nil {
			t.Fatal(err)
		}
		if err := db.DisableTOTP(ctx, s, "sai"); code(err) != domain.CodeInvalid {
			t.Fatalf("off with a wrong password: %v", err)
		}
		if err := db.DisableTOTP(ctx, s, pw); err != nil {
			t.Fatal(err)
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}
