package store

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"slices"
	"time"

	"dangvien/internal/domain"
)

// SessionTTL is how long a browser session lasts without signing in again.
const SessionTTL = 12 * time.Hour

// lockAfter failed sign-ins in a row lock the account; each further failure
// doubles the lock, from one minute up to an hour.
const lockAfter = 5

// LockDuration is how long an account stays locked after n failures in a row.
func LockDuration(n int) time.Duration {
	if n < lockAfter {
		return 0
	}
	d := time.Minute << min(n-lockAfter, 6)
	return min(d, time.Hour)
}

// Session is a signed-in browser.
type Session struct {
	Token string // the cookie value; only its hash is stored
	CSRF  string // the token every form of this session carries
	Actor domain.Actor
	// Pending: the password was right, and the account's second factor (a
	// TOTP code) is still awaited. A pending session opens no screen.
	Pending bool
	// MustChange: the password was set by someone else; until the holder
	// changes it, the screens offer nothing but the change and signing out.
	MustChange bool
}

// PendingTTL is how long one has to type the code after the password.
const PendingTTL = 5 * time.Minute

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

var (
	actUserLoginPassword = newAccessAction("user.login_password", "nhập đúng mật khẩu, chờ mã xác thực")
	actUserLogin         = newAccessAction("user.login", "đăng nhập")
	actUserLoginFailed   = newAccessAction("user.login_failed", "đăng nhập sai mật khẩu")
)

// Login checks a username and password and opens a session. Failures in a
// row lock the account for a growing time; a locked account is refused even
// with the right password. An unknown name, a wrong password, a disabled or
// a locked account get one answer after the same work, so the answer tells
// nothing about which names exist. Every attempt is audited.
func (db *DB) Login(ctx context.Context, username, pw string) (Session, error) {
	username = loginName(username)
	at, ok, err := db.checkReserved(ctx, "username = ?", username, pw)
	if err != nil {
		return Session{}, err
	}
	if !ok || at.Disabled {
		if err := db.failed(ctx, actUserLoginFailed, username, at, nil); err != nil {
			return Session{}, err
		}
		return Session{}, errBadLogin
	}
	now := db.Now().UTC()
	actor := domain.Actor{UserID: at.ID, Username: at.Username}
	if at.TwoStep {
		// The password was right, but the sign-in is not done: the failures
		// before it stay until the code is right too, or the password alone
		// would reset the lock between guesses at the code.
		s := Session{Token: randomToken(), CSRF: randomToken(), Pending: true, Actor: actor}
		err = db.write(ctx, actor, func(tx *Tx) error {
			if err := tx.release(at); err != nil {
				return err
			}
			if _, err := tx.exec("INSERT INTO sessions (id, user_id, csrf, created_at, expires_at, pending) VALUES (?, ?, ?, ?, ?, ?)",
				tokenHash(s.Token), at.ID, s.CSRF, tx.db.stamp(), now.Add(PendingTTL).Format(stampLayout), true); err != nil {
				return err
			}
			path, err := tx.accountPath(at.ID)
			if err != nil {
				return err
			}
			return tx.audit(actUserLoginPassword, entUser, at.ID, path, nil, map[string]any{"username": at.Username, "awaiting": "totp"})
		})
		return s, err
	}
	s := Session{Token: randomToken(), CSRF: randomToken()}
	err = db.write(ctx, actor, func(tx *Tx) error {
		if err := tx.succeed(at.ID); err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO sessions (id, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
			tokenHash(s.Token), at.ID, s.CSRF, tx.db.stamp(), now.Add(SessionTTL).Format(stampLayout)); err != nil {
			return err
		}
		path, err := tx.accountPath(at.ID)
		if err != nil {
			return err
		}
		return tx.audit(actUserLogin, entUser, at.ID, path, nil, map[string]any{"username": at.Username})
	})
	if err != nil {
		return Session{}, err
	}
	s.Actor, s.MustChange, err = db.account(ctx, at.ID)
	return s, err
}

// SessionByToken returns the session of a cookie value that has not expired,
// of an account that is not disabled.
func (db *DB) SessionByToken(ctx context.Context, tok string) (Session, error) {
	hash, now := tokenHash(tok), db.Now()
	writes := db.writes.Load() // before the read: see readCache
	if s, ok := db.sessions.get(hash, writes, now); ok {
		s.Actor.Paths = slices.Clone(s.Actor.Paths) // the caller's to change
		return s, nil
	}
	var a domain.Actor
	var csrf string
	var change bool
	var expires Stamp
	// The session and its account in one read: this runs on every request.
	err := db.queryRow(ctx, `SELECT s.user_id, s.csrf, u.username, u.display_name, u.role, coalesce(u.member_id, 0), u.must_change_password, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ? AND NOT s.pending AND NOT u.disabled`, hash, now.UTC().Format(stampLayout)).
		Scan(&a.UserID, &csrf, &a.Username, &a.DisplayName, &a.Role, &a.MemberID, &change, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, &domain.Error{Code: domain.CodeUnauthorized, Message: "Phiên làm việc đã hết hạn, xin đăng nhập lại."}
	}
	if err != nil {
		return Session{}, err
	}
	if a, err = db.withPaths(ctx, a); err != nil {
		return Session{}, err
	}
	s := Session{Token: tok, CSRF: csrf, Actor: a, MustChange: change}
	until := now.Add(readCacheTTL)
	if expires.Time.Before(until) {
		until = expires.Time
	}
	kept := s
	kept.Actor.Paths = slices.Clone(s.Actor.Paths)
	db.sessions.put(hash, kept, writes, until)
	return s, nil
}

// CheckCSRF compares a form's token with the session's in constant time.
func (s Session) CheckCSRF(form string) bool {
	return form != "" && subtle.ConstantTimeCompare([]byte(form), []byte(s.CSRF)) == 1
}

var actUserLogout = newAccessAction("user.logout", "đăng xuất")

// Logout ends a session.
func (db *DB) Logout(ctx context.Context, s Session) error {
	return db.write(ctx, s.Actor, func(tx *Tx) error {
		if _, err := tx.exec("DELETE FROM sessions WHERE id = ?", tokenHash(s.Token)); err != nil {
			return err
		}
		path, err := tx.accountPath(s.Actor.UserID)
		if err != nil {
			return err
		}
		return tx.audit(actUserLogout, entUser, s.Actor.UserID, path, nil, map[string]any{"username": s.Actor.Username})
	})
}

var errCurrentPassword = &domain.Error{Code: domain.CodeInvalid, Message: "Mật khẩu hiện tại không đúng, hoặc đã nhập sai quá nhiều lần (xin đợi ít phút rồi thử lại).",
	Fields: domain.Fields{"current": "Mật khẩu hiện tại không đúng."}}

var actUserPasswordCheckFailed = newAccessAction("user.password_check_failed", "nhập sai mật khẩu hiện tại")

// checkOwnPassword checks the signed-in user's password before a change
// that needs it. It counts against the lock like a sign-in, so a borrowed
// session cannot guess the password faster than the sign-in form.
func (db *DB) checkOwnPassword(ctx context.Context, s Session, pw, field string) (attempt, error) {
	at, ok, err := db.checkReserved(ctx, "id = ?", s.Actor.UserID, pw)
	if err != nil {
		return at, err
	}
	if !ok {
		if err := db.failed(ctx, actUserPasswordCheckFailed, s.Actor.Username, at, nil); err != nil {
			return at, err
		}
		e := *errCurrentPassword
		e.Fields = domain.Fields{field: map[string]string{"current": "Mật khẩu hiện tại không đúng."}[field]}
		if e.Fields[field] == "" {
			e.Fields[field] = "Mật khẩu không đúng."
		}
		return at, &e
	}
	return at, nil
}

// ChangePassword sets the signed-in user's own password after checking the
// current one. Every session of the account ends and every API token is
// revoked; the browser that made the change goes on under the new session
// returned, with a new token.
func (db *DB) ChangePassword(ctx context.Context, s Session, current, next string) (Session, error) {
	u, err := db.userByID(ctx, s.Actor.UserID)
	if err != nil {
		return Session{}, err
	}
	if err := checkPassword(next, u.Username, u.DisplayName, "new"); err != nil {
		return Session{}, err
	}
	if next == current {
		return Session{}, &domain.Error{Code: domain.CodeInvalid, Message: "Mật khẩu mới phải khác mật khẩu hiện tại.", Fields: domain.Fields{"new": "Trùng mật khẩu hiện tại."}}
	}
	at, err := db.checkOwnPassword(ctx, s, current, "current")
	if err != nil {
		return Session{}, err
	}
	nh, err := db.hash(ctx, next)
	if err != nil {
		return Session{}, err
	}
	ns := Session{Token: randomToken(), CSRF: randomToken(), Actor: s.Actor}
	err = db.write(ctx, s.Actor, func(tx *Tx) error {
		if err := tx.succeed(at.ID); err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE users SET password_hash = ?, must_change_password = ?, updated_at = ? WHERE id = ?", nh, false, tx.db.stamp(), s.Actor.UserID); err != nil {
			return err
		}
		ended, err := tx.endAccess(s.Actor.UserID)
		if err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO sessions (id, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
			tokenHash(ns.Token), s.Actor.UserID, ns.CSRF, tx.db.stamp(), tx.db.Now().UTC().Add(SessionTTL).Format(stampLayout)); err != nil {
			return err
		}
		path, err := tx.accountPath(s.Actor.UserID)
		if err != nil {
			return err
		}
		return tx.audit(actUserPassword, entUser, s.Actor.UserID, path, nil, map[string]any{"username": s.Actor.Username, "by": "self",
			"sessions_ended": ended.Sessions, "tokens_revoked": ended.Tokens})
	})
	if err != nil {
		return Session{}, err
	}
	return ns, nil
}

// ended counts what endAccess ended.
type ended struct{ Sessions, Tokens int64 }

// endAccess ends every session (pending ones too) and revokes every API
// token of an account: after a password reset or change, or when the
// account is disabled. A token once revoked stays revoked, so enabling the
// account again revives none.
func (tx *Tx) endAccess(userID int64) (ended, error) {
	var e ended
	res, err := tx.exec("DELETE FROM sessions WHERE user_id = ?", userID)
	if err != nil {
		return e, err
	}
	e.Sessions, _ = res.RowsAffected()
	res, err = tx.exec("UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", tx.db.stamp(), userID)
	if err != nil {
		return e, err
	}
	e.Tokens, _ = res.RowsAffected()
	return e, nil
}
