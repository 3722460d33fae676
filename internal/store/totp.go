package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/totp"
)

var errBadCode = &domain.Error{Code: domain.CodeInvalid, Message: "Mã xác thực không đúng hoặc đã dùng. Xin nhập mã đang hiện trên ứng dụng.", Fields: domain.Fields{"code": "Mã không đúng."}}

var errPendingGone = &domain.Error{Code: domain.CodeUnauthorized, Message: "Đã quá thời gian nhập mã, xin đăng nhập lại."}

// PendingSession returns a session that awaits its second factor.
func (db *DB) PendingSession(ctx context.Context, tok string) (Session, error) {
	s := Session{Token: tok, Pending: true}
	err := db.queryRow(ctx, "SELECT s.user_id, s.csrf, u.username FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ? AND s.pending",
		tokenHash(tok), db.stamp()).Scan(&s.Actor.UserID, &s.CSRF, &s.Actor.Username)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, errPendingGone
	}
	return s, err
}

var actUserTotpFailed = newAccessAction("user.totp_failed", "nhập sai mã xác thực")

// CompleteLogin checks the code of a pending session. Right, it replaces the
// pending session with a full one under a new token; wrong, it counts as a
// failed sign-in, and enough of them lock the account as wrong passwords do.
// A code works once and a pending session completes once: both are taken
// by conditional updates, so of parallel uses of one code only one wins.
func (db *DB) CompleteLogin(ctx context.Context, pending Session, code string) (Session, error) {
	p, err := db.PendingSession(ctx, pending.Token)
	if err != nil {
		return Session{}, err
	}
	now := db.Now().UTC()
	var (
		at     attempt
		secret sql.NullString
		last   int64
	)
	err = db.write(ctx, domain.Actor{}, func(tx *Tx) error {
		var err error
		if at, err = tx.reserve("id = ?", p.Actor.UserID, now); err != nil || !at.Reserved {
			return err
		}
		return tx.queryRow("SELECT totp_secret, totp_last_step FROM users WHERE id = ?", at.ID).Scan(&secret, &last)
	})
	if err != nil {
		return Session{}, err
	}
	actor := p.Actor
	if at.Reserved && secret.Valid {
		if step, ok := totp.Verify(secret.String, code, now, last); ok {
			s, err := db.openSession(ctx, actor, p, step, now)
			if !errors.Is(err, errReplay) {
				return s, err
			}
		}
	}
	// A wrong or reused code; or a locked account, which starts again from
	// the password and learns no more than a wrong password would tell.
	err = db.failed(ctx, actUserTotpFailed, actor.Username, at, func(tx *Tx) error {
		if at.Reserved && at.Lock == nil {
			return nil
		}
		_, err := tx.exec("DELETE FROM sessions WHERE id = ?", tokenHash(p.Token))
		return err
	})
	if err != nil {
		return Session{}, err
	}
	if !at.Reserved || at.Lock != nil {
		return Session{}, errBadLogin
	}
	return Session{}, errBadCode
}

// openSession takes the code's step and the pending session, each only if
// no one took it first, and opens the full session.
func (db *DB) openSession(ctx context.Context, actor domain.Actor, p Session, step int64, now time.Time) (Session, error) {
	s := Session{Token: randomToken(), CSRF: randomToken()}
	err := db.write(ctx, actor, func(tx *Tx) error {
		res, err := tx.exec("UPDATE users SET totp_last_step = ?, failed_logins = 0, locked_until = NULL WHERE id = ? AND totp_last_step < ?", step, actor.UserID, step)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return cmp.Or(err, errReplay)
		}
		res, err = tx.exec("DELETE FROM sessions WHERE id = ? AND pending", tokenHash(p.Token))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return cmp.Or(err, errReplay)
		}
		if _, err := tx.exec("INSERT INTO sessions (id, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
			tokenHash(s.Token), actor.UserID, s.CSRF, tx.db.stamp(), now.Add(SessionTTL).Format(stampLayout)); err != nil {
			return err
		}
		path, err := tx.accountPath(actor.UserID)
		if err != nil {
			return err
		}
		return tx.audit(actUserLogin, entUser, actor.UserID, path, nil, map[string]any{"username": actor.Username, "second_factor": "totp"})
	})
	if err != nil {
		return Session{}, err
	}
	s.Actor, s.MustChange, err = db.account(ctx, actor.UserID)
	return s, err
}

// TOTPState is where an account stands with its second factor.
type TOTPState struct {
	On      bool
	Pending string // a secret being set up, not yet confirmed by a code
}

// TOTP tells the signed-in account's second-factor state.
func (tx *Tx) TOTP() (TOTPState, error) {
	var on bool
	var pending sql.NullString
	err := tx.queryRow("SELECT totp_secret IS NOT NULL, totp_pending FROM users WHERE id = ?", tx.actor.UserID).Scan(&on, &pending)
	return TOTPState{On: on, Pending: pending.String}, err
}

// TOTP is the shorthand of the accounts use case for tests.
func (db *DB) TOTP(ctx context.Context, s Session) (st TOTPState, err error) {
	err = db.Read(ctx, s.Actor, func(tx *Tx) error { st, err = tx.TOTP(); return err })
	return st, err
}

var actUserTotpBegin = newAction("user.totp_begin", "bắt đầu thiết lập xác thực hai bước")

// BeginTOTP gives the signed-in account a new secret to add to an
// authenticator app. It takes effect only once a code from it is confirmed.
func (tx *Tx) BeginTOTP(secret string) error {
	path, err := tx.accountPath(tx.actor.UserID)
	if err != nil {
		return err
	}
	if _, err := tx.exec("UPDATE users SET totp_pending = ?, updated_at = ? WHERE id = ?", secret, tx.db.stamp(), tx.actor.UserID); err != nil {
		return err
	}
	// The secret itself never goes into the audit trail.
	return tx.audit(actUserTotpBegin, entUser, tx.actor.UserID, path, nil, map[string]string{"username": tx.actor.Username})
}

// BeginTOTP is the shorthand of the accounts use case for tests.
func (db *DB) BeginTOTP(ctx context.Context, s Session) (string, error) {
	secret := totp.NewSecret()
	return secret, db.write(ctx, s.Actor, func(tx *Tx) error { return tx.BeginTOTP(secret) })
}

var actUserTotpOn = newAction("user.totp_on", "bật xác thực hai bước")

// EnableTOTP turns the signed-in account's second factor on once a code
// from the secret being set up is right, read and checked in the same
// transaction. The account's other sessions end; keep is the token of the
// session that made the change.
func (tx *Tx) EnableTOTP(code, keep string) error {
	st, err := tx.TOTP()
	if err != nil {
		return err
	}
	if st.Pending == "" {
		return &domain.Error{Code: domain.CodeConflict, Message: "Chưa tạo khóa bí mật; xin bắt đầu lại."}
	}
	step, ok := totp.Verify(st.Pending, code, tx.db.Now(), 0)
	if !ok {
		return errBadCode
	}
	id := tx.actor.UserID
	path, err := tx.accountPath(id)
	if err != nil {
		return err
	}
	if _, err := tx.exec("UPDATE users SET totp_secret = totp_pending, totp_pending = NULL, totp_last_step = ?, updated_at = ? WHERE id = ?", step, tx.db.stamp(), id); err != nil {
		return err
	}
	if _, err := tx.exec("DELETE FROM sessions WHERE user_id = ? AND id <> ?", id, tokenHash(keep)); err != nil {
		return err
	}
	return tx.audit(actUserTotpOn, entUser, id, path, nil, map[string]string{"username": tx.actor.Username})
}

// EnableTOTP is the shorthand of the accounts use case for tests.
func (db *DB) EnableTOTP(ctx context.Context, s Session, code string) error {
	return db.write(ctx, s.Actor, func(tx *Tx) error { return tx.EnableTOTP(code, s.Token) })
}

var actUserTotpOff = newAction("user.totp_off", "tắt xác thực hai bước")

// DisableTOTP turns the signed-in user's second factor off after checking
// their password (as a sign-in does: the check counts against the lock).
func (db *DB) DisableTOTP(ctx context.Context, s Session, pw string) error {
	at, err := db.checkOwnPassword(ctx, s, pw, "password")
	if err != nil {
		return err
	}
	return db.write(ctx, s.Actor, func(tx *Tx) error {
		if err := tx.succeed(at.ID); err != nil {
			return err
		}
		path, err := tx.accountPath(s.Actor.UserID)
		if err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE users SET totp_secret = NULL, totp_pending = NULL, updated_at = ? WHERE id = ?", tx.db.stamp(), s.Actor.UserID); err != nil {
			return err
		}
		return tx.audit(actUserTotpOff, entUser, s.Actor.UserID, path, nil, map[string]string{"username": s.Actor.Username, "by": "self"})
	})
}

// ResetTOTP turns off the second factor of an account (a lost phone) and
// ends its sessions. Only an administrator does it, even for accounts staff
// look after: it is the way in that someone holding a stolen password asks
// for, and the administrator is the one who checks who is asking.
func (tx *Tx) ResetTOTP(u User) error {
	if !tx.actor.All() {
		return errResetTOTPAdminOnly
	}
	if _, err := tx.exec("UPDATE users SET totp_secret = NULL, totp_pending = NULL, updated_at = ? WHERE id = ?", tx.db.stamp(), u.ID); err != nil {
		return err
	}
	if _, err := tx.exec("DELETE FROM sessions WHERE user_id = ?", u.ID); err != nil {
		return err
	}
	return tx.audit(actUserTotpOff, entUser, u.ID, u.path, nil, map[string]string{"username": u.Username, "by": tx.actor.Username})
}

var errResetTOTPAdminOnly = &domain.Error{Code: domain.CodeForbidden, Message: "Chỉ quản trị hệ thống tắt được xác thực hai bước của tài khoản khác."}

// ResetTOTP is the shorthand of the accounts use case for tests.
func (db *DB) ResetTOTP(ctx context.Context, a domain.Actor, username string) error {
	if !a.All() {
		return errResetTOTPAdminOnly
	}
	return db.write(ctx, a, func(tx *Tx) error {
		u, err := tx.ManagedUser(username)
		if err != nil {
			return err
		}
		return tx.ResetTOTP(u)
	})
}
