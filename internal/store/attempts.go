package store

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/password"
)

// Every password check and hash runs argon2id at 19 MiB. Run without bound,
// 100 parallel sign-ins took the server to 2 GB; the gate lets a few run at
// once and makes the others wait their turn, up to PasswordWait.
type authGate struct {
	once  sync.Once
	slots chan struct{}
	wait  time.Duration
	dummy string // a hash to check against when there is no account to check
	// For tests and the operator: checks against a real account's hash, and
	// the most argon2id computations seen running at once.
	checked, running, peak atomic.Int64
}

// PasswordWait is how long a sign-in waits for its turn at the password
// check before it is told the server is busy.
const PasswordWait = 10 * time.Second

func (db *DB) gate() *authGate {
	g := &db.auth
	g.once.Do(func() {
		if g.slots == nil {
			g.slots = make(chan struct{}, min(max(runtime.GOMAXPROCS(0), 1), 4))
		}
		if g.wait == 0 {
			g.wait = PasswordWait
		}
		g.dummy, _ = password.Hash("not a password of anyone", PasswordParams)
	})
	return g
}

var errBusy = &domain.Error{Code: domain.CodeBusy, Message: "Máy chủ đang bận kiểm tra nhiều lượt đăng nhập cùng lúc. Xin đợi vài giây rồi thử lại."}

// withSlot runs fn holding one of the gate's slots, waiting for one as long
// as the request lasts and at most PasswordWait.
func (db *DB) withSlot(ctx context.Context, fn func() error) error {
	g := db.gate()
	wctx, cancel := context.WithTimeout(ctx, g.wait)
	defer cancel()
	select {
	case g.slots <- struct{}{}:
	case <-wctx.Done():
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errBusy
	}
	n := g.running.Add(1)
	for p := g.peak.Load(); n > p && !g.peak.CompareAndSwap(p, n); p = g.peak.Load() {
	}
	defer func() {
		// argon2id's 19 MiB are garbage once the check ends. Under serve's
		// GOGC=400 they piled up to 5× the live heap before a collection
		// (243 MB after 100 sign-ins, kept); collecting here, before the
		// slot is free, holds memory near slots × 19 MiB (87 MB peak, 39 MB
		// ten seconds later) at a cost lost in the noise of a 50 ms check.
		if PasswordParams.Memory >= 8<<10 {
			runtime.GC()
		}
		g.running.Add(-1)
		<-g.slots
	}()
	return fn()
}

// hash hashes a new password through the gate.
func (db *DB) hash(ctx context.Context, pw string) (string, error) {
	var h string
	err := db.withSlot(ctx, func() error {
		var err error
		h, err = password.Hash(pw, PasswordParams)
		return err
	})
	return h, err
}

// attempt is one password check reserved against an account.
type attempt struct {
	ID       int64
	Username string
	Hash     string
	Disabled bool
	TwoStep  bool
	Failed   int // failures in a row, this attempt counted
	Lock     any // the locked_until this attempt set, or nil
	Reserved bool
}

// reserve counts an attempt against the account matched by where before
// its password or code is checked, unless the account is locked. The count
// goes up in one statement, so parallel attempts each see their own number
// and the one that reaches lockAfter locks the account in the same
// transaction: at most lockAfter checks ever run in one lock window. No row
// means no such account or a locked one, which the caller does not tell apart.
func (tx *Tx) reserve(where string, arg any, now time.Time) (attempt, error) {
	var at attempt
	err := tx.queryRow(`UPDATE users SET failed_logins = failed_logins + 1
		WHERE `+where+` AND (locked_until IS NULL OR locked_until <= ?)
		RETURNING id, username, password_hash, disabled, totp_secret IS NOT NULL, failed_logins`, arg, now.Format(stampLayout)).
		Scan(&at.ID, &at.Username, &at.Hash, &at.Disabled, &at.TwoStep, &at.Failed)
	if isNoRows(err) {
		return at, nil
	}
	if err != nil {
		return at, err
	}
	at.Reserved = true
	if d := LockDuration(at.Failed); d > 0 {
		at.Lock = now.Add(d).Format(stampLayout)
		if _, err := tx.exec("UPDATE users SET locked_until = ? WHERE id = ?", at.Lock, at.ID); err != nil {
			return at, err
		}
	}
	return at, nil
}

// succeed ends the run of failures after a right password (and code).
func (tx *Tx) succeed(id int64) error {
	_, err := tx.exec("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", id)
	return err
}

// release gives back a reserved attempt that turned out right but is not
// the end of the sign-in (the second factor is still to come): it neither
// counts as a failure nor resets the failures before it.
func (tx *Tx) release(at attempt) error {
	_, err := tx.exec(`UPDATE users SET failed_logins = CASE WHEN failed_logins > 0 THEN failed_logins - 1 ELSE 0 END,
		locked_until = CASE WHEN locked_until = ? THEN NULL ELSE locked_until END WHERE id = ?`, at.Lock, at.ID)
	return err
}

// checkReserved reserves an attempt on the account matched by where and
// checks pw against it, holding a gate slot for both. With no attempt to
// check (no such account, or locked) it checks against a dummy hash: every
// answer costs the same.
func (db *DB) checkReserved(ctx context.Context, where string, arg any, pw string) (attempt, bool, error) {
	var at attempt
	var ok bool
	err := db.withSlot(ctx, func() error {
		now := db.Now().UTC()
		if err := db.write(ctx, domain.Actor{}, func(tx *Tx) error {
			var err error
			at, err = tx.reserve(where, arg, now)
			return err
		}); err != nil {
			return err
		}
		hash := db.gate().dummy
		if at.Reserved {
			hash = at.Hash
			db.gate().checked.Add(1)
		}
		var err error
		ok, err = password.Check(pw, hash)
		ok = ok && at.Reserved
		return err
	})
	return at, ok, err
}

var actUserLoginRefused = newAccessAction("user.login_refused", "đăng nhập bị từ chối (tài khoản không có hoặc đang tạm khóa)")

// failed records a refused password or code: the failure count was taken
// by the reservation; this writes its audit row.
func (db *DB) failed(ctx context.Context, act Action, username string, at attempt, fn func(tx *Tx) error) error {
	actor := domain.Actor{UserID: at.ID, Username: at.Username}
	if !at.Reserved {
		actor.Username = "(chưa đăng nhập)" // no account to name as the actor
	}
	return db.write(ctx, actor, func(tx *Tx) error {
		if fn != nil {
			if err := fn(tx); err != nil {
				return err
			}
		}
		if !at.Reserved {
			// No such account, or a locked one: the audit says which, the
			// answer does not.
			return tx.audit(actUserLoginRefused, entUser, 0, "", nil, map[string]any{"username": username})
		}
		path, err := tx.accountPath(at.ID)
		if err != nil {
			return err
		}
		return tx.audit(act, entUser, at.ID, path, nil, map[string]any{"failed_logins": at.Failed, "locked_until": at.Lock})
	})
}

// loginName is a typed user name as accounts are named, or "" when it
// cannot be one (so that NUL bytes or 64 kB of text never reach a query or
// the audit trail).
func loginName(s string) string { return domain.LoginName(s) }

var errReplay = errors.New("store: code or pending sign-in already used")
