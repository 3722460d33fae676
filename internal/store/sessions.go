package store

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/password"
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
}

// PendingTTL is how long one has to type the code after the password.
const PendingTTL = 5 * time.Minute

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Login checks a username and password and opens a session. Failures in a
// row lock the account for a growing time; a locked account is refused even
// with the right password. Every change is audited.
func (db *DB) Login(ctx context.Context, username, pw string) (Session, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	var (
		id       int64
		hash     string
		disabled bool
		failed   int
		locked   Stamp
		twoStep  bool
	)
	err := db.queryRow(ctx, "SELECT id, password_hash, disabled, failed_logins, locked_until, totp_secret IS NOT NULL FROM users WHERE username = ?", username).
		Scan(&id, &hash, &disabled, &failed, &locked, &twoStep)
	if errors.Is(err, sql.ErrNoRows) {
		password.Check(pw, dummyHash) // the same work either way
		return Session{}, errBadLogin
	}
	if err != nil {
		return Session{}, err
	}
	now := db.Now().UTC()
	if locked.After(now) {
		return Session{}, lockedError(locked.Time)
	}
	ok, err := password.Check(pw, hash)
	if err != nil {
		return Session{}, err
	}
	actor := domain.Actor{UserID: id, Username: username}
	if !ok || disabled {
		failed++
		var until any
		if d := LockDuration(failed); d > 0 {
			until = now.Add(d).Format(stampLayout)
		}
		werr := db.write(ctx, actor, func(tx *Tx) error {
			if _, err := tx.exec("UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?", failed, until, id); err != nil {
				return err
			}
			return tx.audit("user.login_failed", "user", id, "", nil, map[string]any{"failed_logins": failed, "locked_until": until})
		})
		if werr != nil {
			return Session{}, werr
		}
		if until != nil {
			return Session{}, lockedError(now.Add(LockDuration(failed)))
		}
		return Session{}, errBadLogin
	}
	if twoStep {
		// The failure count stays until the code is right too: otherwise the
		// password alone would reset the lock between guesses at the code.
		s := Session{Token: randomToken(), CSRF: randomToken(), Pending: true, Actor: actor}
		err = db.write(ctx, actor, func(tx *Tx) error {
			if _, err := tx.exec("INSERT INTO sessions (id, user_id, csrf, created_at, expires_at, pending) VALUES (?, ?, ?, ?, ?, ?)",
				tokenHash(s.Token), id, s.CSRF, tx.db.stamp(), now.Add(PendingTTL).Format(stampLayout), true); err != nil {
				return err
			}
			return tx.audit("user.login_password", "user", id, "", nil, map[string]any{"username": username, "awaiting": "totp"})
		})
		return s, err
	}
	s := Session{Token: randomToken(), CSRF: randomToken()}
	err = db.write(ctx, actor, func(tx *Tx) error {
		if _, err := tx.exec("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ?", id); err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO sessions (id, user_id, csrf, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
			tokenHash(s.Token), id, s.CSRF, tx.db.stamp(), now.Add(SessionTTL).Format(stampLayout)); err != nil {
			return err
		}
		return tx.audit("user.login", "user", id, "", nil, map[string]any{"username": username})
	})
	if err != nil {
		return Session{}, err
	}
	s.Actor, err = db.actor(ctx, id)
	return s, err
}

func lockedError(until time.Time) error {
	return &domain.Error{Code: domain.CodeUnauthorized, Message: fmt.Sprintf(
		"Tài khoản tạm khóa đến %s do nhập sai mật khẩu nhiều lần. Xin thử lại sau.", until.In(time.FixedZone("ICT", 7*3600)).Format("15:04 02/01/2006"))}
}

// SessionByToken returns the session of a cookie value that has not expired,
// of an account that is not disabled.
func (db *DB) SessionByToken(ctx context.Context, tok string) (Session, error) {
	var a domain.Actor
	var csrf string
	// The session and its account in one read: this runs on every request.
	err := db.queryRow(ctx, `SELECT s.user_id, s.csrf, u.username, u.display_name, u.role, coalesce(u.member_id, 0)
		FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ? AND s.expires_at > ? AND NOT s.pending AND NOT u.disabled`, tokenHash(tok), db.stamp()).
		Scan(&a.UserID, &csrf, &a.Username, &a.DisplayName, &a.Role, &a.MemberID)
	if errors.Is(err, sql.ErrNoRows) {
		return Session{}, &domain.Error{Code: domain.CodeUnauthorized, Message: "Phiên làm việc đã hết hạn, xin đăng nhập lại."}
	}
	if err != nil {
		return Session{}, err
	}
	a, err = db.withPaths(ctx, a)
	return Session{Token: tok, CSRF: csrf, Actor: a}, err
}

// CheckCSRF compares a form's token with the session's in constant time.
func (s Session) CheckCSRF(form string) bool {
	return form != "" && subtle.ConstantTimeCompare([]byte(form), []byte(s.CSRF)) == 1
}

// Logout ends a session.
func (db *DB) Logout(ctx context.Context, s Session) error {
	return db.write(ctx, s.Actor, func(tx *Tx) error {
		if _, err := tx.exec("DELETE FROM sessions WHERE id = ?", tokenHash(s.Token)); err != nil {
			return err
		}
		return tx.audit("user.logout", "user", s.Actor.UserID, "", nil, map[string]any{"username": s.Actor.Username})
	})
}

// ChangePassword sets the signed-in user's own password after checking the
// current one, and ends the account's other sessions.
func (db *DB) ChangePassword(ctx context.Context, s Session, current, next string) error {
	var hash string
	if err := db.queryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", s.Actor.UserID).Scan(&hash); err != nil {
		return err
	}
	if ok, _ := password.Check(current, hash); !ok {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Mật khẩu hiện tại không đúng.", Fields: domain.Fields{"current": "Mật khẩu hiện tại không đúng."}}
	}
	if err := checkPassword(next); err != nil {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Mật khẩu mới quá ngắn.", Fields: domain.Fields{"new": "Mật khẩu mới phải có ít nhất 10 ký tự."}}
	}
	if next == current {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Mật khẩu mới phải khác mật khẩu hiện tại.", Fields: domain.Fields{"new": "Trùng mật khẩu hiện tại."}}
	}
	nh, err := password.Hash(next, PasswordParams)
	if err != nil {
		return err
	}
	return db.write(ctx, s.Actor, func(tx *Tx) error {
		if _, err := tx.exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", nh, tx.db.stamp(), s.Actor.UserID); err != nil {
			return err
		}
		if _, err := tx.exec("DELETE FROM sessions WHERE user_id = ? AND id <> ?", s.Actor.UserID, tokenHash(s.Token)); err != nil {
			return err
		}
		return tx.audit("user.password", "user", s.Actor.UserID, "", nil, map[string]string{"username": s.Actor.Username, "by": "self"})
	})
}
