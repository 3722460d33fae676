package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
	"dangvien/internal/totp"
)

const attackPW = "mật khẩu đúng 2026"

func attackUser(t *testing.T, db *store.DB, f *Fix, name string) {
	t.Helper()
	if _, err := db.CreateUser(ctx, domain.System, store.UserInput{Username: name, DisplayName: "Bí thư chi bộ", Password: attackPW, Role: domain.RoleSecretary, OrgIDs: []int64{f.CellA1.ID}}); err != nil {
		t.Fatal(err)
	}
}

// actionCount counts the audit rows of one action.
func actionCount(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	var n int
	if err := db.SQL().QueryRow(replaceIf(db, "SELECT count(*) FROM audit WHERE action = ?"), action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Lockout under parallel guessing: 100 wrong passwords sent at once. Every
// guess whose password was checked writes one user.login_failed row; the
// lock allows five per window, on both engines, and holds afterwards.
func TestParallelGuessesCheckedAtMostFive(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		attackUser(t, db, f, "bithu.a1")
		var wg sync.WaitGroup
		var mu sync.Mutex
		results := map[string]int{}
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := db.Login(ctx, "bithu.a1", "đoán sai lần "+string(rune('A'+i%26)))
				msg := "<nil>"
				if err != nil {
					msg = err.Error()
				}
				mu.Lock()
				results[msg]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		checked := actionCount(t, db, "user.login_failed")
		t.Logf("100 parallel wrong passwords: %d checked; answers %v", checked, results)
		if checked > 5 || store.PasswordChecks(db) > 5 {
			t.Errorf("%d guesses checked in one lock window (%d by the counter), want at most 5", checked, store.PasswordChecks(db))
		}
		if results["<nil>"] != 0 {
			t.Fatal("a wrong password signed in")
		}
		// The account is locked now: the right password is refused too.
		if _, err := db.Login(ctx, "bithu.a1", attackPW); code(err) != domain.CodeUnauthorized {
			t.Fatalf("right password during the lock: %v", err)
		}
		if got := actionCount(t, db, "user.login_failed"); got != checked {
			t.Errorf("a guess during the lock was checked: %d → %d", checked, got)
		}
	})
}

// A TOTP code works once: eight pending sign-ins of one account send the
// same right code at once; exactly one opens a session.
func TestTOTPCodeWorksOnceInParallel(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		attackUser(t, db, f, "bithu.a1")
		now := Today
		db.Now = func() time.Time { return now }
		s, err := db.Login(ctx, "bithu.a1", attackPW)
		if err != nil {
			t.Fatal(err)
		}
		secret, err := db.BeginTOTP(ctx, s)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := totp.Code(secret, now)
		if err := db.EnableTOTP(ctx, s, c); err != nil {
			t.Fatal(err)
		}
		// A race shows only sometimes: several rounds, each with a new code.
		for round := range 4 {
			now = now.Add(totp.Step)
			db.SQL().Exec("UPDATE users SET failed_logins = 0, locked_until = NULL") // each round starts unlocked
			var pending []store.Session
			for range 8 {
				p, err := db.Login(ctx, "bithu.a1", attackPW)
				if err != nil || !p.Pending {
					t.Fatalf("pending sign-in: %+v %v", p, err)
				}
				pending = append(pending, p)
			}
			c, _ = totp.Code(secret, now)
			var wg sync.WaitGroup
			var mu sync.Mutex
			opened := 0
			for _, p := range pending {
				wg.Add(1)
				go func() {
					defer wg.Done()
					full, err := db.CompleteLogin(ctx, p, c)
					if err == nil {
						if _, err := db.SessionByToken(ctx, full.Token); err == nil {
							mu.Lock()
							opened++
							mu.Unlock()
						}
					}
				}()
			}
			wg.Wait()
			t.Logf("round %d: one TOTP code, 8 parallel pending sign-ins: %d opened", round+1, opened)
			if opened != 1 {
				t.Errorf("round %d: the same code opened %d sessions, want 1", round+1, opened)
			}
		}
	})
}

// Unknown, wrong password, disabled and locked: one answer, so that the
// answer does not tell which names exist or are locked.
func TestSignInFailuresLookAlike(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		for _, u := range []string{"dung.sai", "da.khoa", "tam.khoa"} {
			attackUser(t, db, f, u)
		}
		if err := db.SetDisabled(ctx, domain.System, "da.khoa", true); err != nil {
			t.Fatal(err)
		}
		for range 5 {
			db.Login(ctx, "tam.khoa", "mật khẩu sai")
		}
		answers := map[string]string{}
		for name, try := range map[string][2]string{
			"unknown":        {"khong.co", attackPW},
			"wrong password": {"dung.sai", "mật khẩu sai"},
			"disabled":       {"da.khoa", attackPW},
			"locked":         {"tam.khoa", attackPW},
			"hostile name":   {"a\x00b\u202e", attackPW},
		} {
			_, err := db.Login(ctx, try[0], try[1])
			if code(err) != domain.CodeUnauthorized {
				t.Fatalf("%s: %v", name, err)
			}
			answers[name] = err.Error()
		}
		for name, msg := range answers {
			if msg != answers["unknown"] {
				t.Errorf("%s answers %q, unknown answers %q", name, msg, answers["unknown"])
			}
		}
	})
}

// Password checks run a few at a time however many sign-ins arrive; one
// that cannot get its turn in time is told, in Vietnamese, to try again.
func TestPasswordChecksBounded(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		store.SetPasswordGate(db, 2, 200*time.Millisecond)
		attackUser(t, db, f, "bithu.a1")
		var wg sync.WaitGroup
		for i := range 100 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := "bithu.a1"
				if i%2 == 0 {
					name = "khong.co"
				}
				db.Login(context.Background(), name, "mật khẩu sai")
			}()
		}
		wg.Wait()
		if p := store.PasswordPeak(db); p > 2 || p < 1 {
			t.Errorf("%d password checks ran at once, want at most 2", p)
		}
		release := store.HoldPasswordSlot(db)
		release2 := store.HoldPasswordSlot(db)
		_, err := db.Login(ctx, "khong.co", attackPW)
		if code(err) != domain.CodeBusy || !contains(err.Error(), "Máy chủ đang bận") {
			t.Fatalf("no free slot: %v", err)
		}
		release()
		release2()
		if _, err := db.Login(ctx, "khong.co", attackPW); code(err) != domain.CodeUnauthorized {
			t.Fatalf("after the slots are free: %v", err)
		}
	})
}
