package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

// entToken names API tokens in the audit trail.
var entToken = newEntity("token", "Mã truy cập")

// Token is an API token as its owner and the administrators see it: never
// the token itself, which is shown once when made and stored as a hash.
type Token struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	Name        string `json:"name"`
	CreatedAt   Stamp  `json:"created_at"`
	ExpiresAt   *Stamp `json:"expires_at,omitempty"`
	RevokedAt   *Stamp `json:"revoked_at,omitempty"`
	Status      string `json:"status"` // active, expired, revoked
	StatusLabel string `json:"status_label"`
}

var tokenStatusLabels = map[string]string{"active": "Đang dùng được", "expired": "Đã hết hạn", "revoked": "Đã thu hồi"}

func tokenHash(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// CreateToken makes an API token for an account, without an expiry, and
// returns it: the shorthand of the accounts use case for tests and fixtures.
func (db *DB) CreateToken(ctx context.Context, a domain.Actor, username, name string) (string, error) {
	return db.CreateTokenUntil(ctx, a, username, name, time.Time{})
}

// CreateTokenUntil is CreateToken with an expiry (zero: never).
func (db *DB) CreateTokenUntil(ctx context.Context, a domain.Actor, username, name string, expires time.Time) (string, error) {
	var tok string
	err := db.write(ctx, a, func(tx *Tx) (err error) {
		tok, err = tx.CreateToken(username, name, expires)
		return err
	})
	return tok, err
}

var errTokensAdminOnly = &domain.Error{Code: domain.CodeForbidden, Message: "Chỉ quản trị hệ thống cấp mã truy cập API."}

var actTokenCreate = newAction("token.create", "tạo mã truy cập API")

// CreateToken makes an API token for an account that stops working at
// expires (zero: never), and returns it; only its hash is stored, so it is
// shown once. Only an administrator gives tokens: a token acts as its
// account from any program, without a password or a second factor.
func (tx *Tx) CreateToken(username, name string, expires time.Time) (string, error) {
	if !tx.actor.All() {
		return "", errTokensAdminOnly
	}
	var until any
	if !expires.IsZero() {
		if !expires.After(tx.db.Now()) {
			return "", &domain.Error{Code: domain.CodeInvalid, Message: "Thời hạn của mã truy cập phải ở tương lai.", Fields: domain.Fields{"expires": "Phải sau thời điểm hiện tại."}}
		}
		until = expires.UTC().Format(stampLayout)
	}
	u, err := tx.ManagedUser(username)
	if err != nil {
		return "", err
	}
	if u.Disabled {
		// A token made now would come alive when the account is enabled.
		return "", &domain.Error{Code: domain.CodeConflict, Message: "Tài khoản " + u.Username + " đang bị khóa; mở khóa trước khi cấp mã truy cập."}
	}
	if name = viet.Clean(name); name == "" {
		name = "API"
	}
	raw := make([]byte, 24)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	tok := "dv_" + base64.RawURLEncoding.EncodeToString(raw)
	id, err := tx.insert("INSERT INTO tokens (user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)", u.ID, name, tokenHash(tok), tx.db.stamp(), until)
	if err != nil {
		return "", err
	}
	return tok, tx.audit(actTokenCreate, entToken, id, u.path, nil, map[string]any{"username": u.Username, "name": name, "expires_at": until})
}

const tokenCols = `SELECT t.id, u.username, t.name, t.created_at, t.expires_at, t.revoked_at FROM tokens t JOIN users u ON u.id = t.user_id`

func (db *DB) scanToken(sc interface{ Scan(...any) error }) (Token, error) {
	var t Token
	var exp, rev Stamp
	if err := sc.Scan(&t.ID, &t.Username, &t.Name, &t.CreatedAt, &exp, &rev); err != nil {
		return t, err
	}
	t.Status = "active"
	if !exp.IsZero() {
		t.ExpiresAt = &exp
		if !exp.After(db.Now()) {
			t.Status = "expired"
		}
	}
	if !rev.IsZero() {
		t.RevokedAt, t.Status = &rev, "revoked"
	}
	t.StatusLabel = tokenStatusLabels[t.Status]
	return t, nil
}

// Tokens lists API tokens, newest first: an account's own, or, for an
// administrator, those of the account named (every account's when
// username is empty).
func (tx *Tx) Tokens(username string) ([]Token, error) {
	q, args := tokenCols, []any{}
	a := tx.actor
	switch {
	case !a.All() && username != "" && !sameName(username, a.Username):
		return nil, &domain.Error{Code: domain.CodeForbidden, Message: "Chỉ quản trị hệ thống được xem mã truy cập của tài khoản khác."}
	case !a.All():
		q, args = q+" WHERE t.user_id = ?", append(args, a.UserID)
	case username != "":
		q, args = q+" WHERE u.username = ?", append(args, loginName(username))
	}
	rows, err := tx.query(q+" ORDER BY t.id DESC", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Token{}
	for rows.Next() {
		t, err := tx.db.scanToken(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// Tokens is the shorthand of the accounts use case for tests and fixtures.
func (db *DB) Tokens(ctx context.Context, a domain.Actor, username string) ([]Token, error) {
	var out []Token
	err := db.Read(ctx, a, func(tx *Tx) (err error) {
		out, err = tx.Tokens(username)
		return err
	})
	return out, err
}

func sameName(a, b string) bool { return loginName(a) != "" && loginName(a) == loginName(b) }

var actTokenRevoke = newAction("token.revoke", "thu hồi mã truy cập API")

// RevokeToken revokes an API token at once. Its owner and administrators
// may; to anyone else it does not exist. The revocation is audited.
func (tx *Tx) RevokeToken(id int64) (Token, error) {
	var owner int64
	if err := tx.queryRow("SELECT user_id FROM tokens WHERE id = ?", id).Scan(&owner); isNoRows(err) {
		return Token{}, domain.ErrNotFound
	} else if err != nil {
		return Token{}, err
	}
	if !tx.actor.All() && owner != tx.actor.UserID {
		return Token{}, domain.ErrNotFound
	}
	before, err := tx.db.scanToken(tx.queryRow(tokenCols+" WHERE t.id = ?", id))
	if err != nil {
		return Token{}, err
	}
	if before.Status == "revoked" {
		return Token{}, &domain.Error{Code: domain.CodeConflict, Message: "Mã truy cập này đã bị thu hồi từ trước."}
	}
	if _, err := tx.exec("UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", tx.db.stamp(), id); err != nil {
		return Token{}, err
	}
	out, err := tx.db.scanToken(tx.queryRow(tokenCols+" WHERE t.id = ?", id))
	if err != nil {
		return Token{}, err
	}
	path, err := tx.accountPath(owner)
	if err != nil {
		return Token{}, err
	}
	return out, tx.audit(actTokenRevoke, entToken, id, path, before, out)
}

// RevokeToken is the shorthand of the accounts use case for tests.
func (db *DB) RevokeToken(ctx context.Context, a domain.Actor, id int64) (Token, error) {
	var out Token
	err := db.write(ctx, a, func(tx *Tx) (err error) {
		out, err = tx.RevokeToken(id)
		return err
	})
	return out, err
}

// ActorByToken returns the actor of an API token that is neither revoked
// nor expired, of an account that is not disabled.
func (db *DB) ActorByToken(ctx context.Context, tok string) (domain.Actor, error) {
	var uid int64
	var exp, rev Stamp
	err := db.queryRow(ctx, "SELECT user_id, expires_at, revoked_at FROM tokens WHERE token_hash = ?", tokenHash(tok)).Scan(&uid, &exp, &rev)
	switch {
	case isNoRows(err):
		return domain.Actor{}, &domain.Error{Code: domain.CodeUnauthorized, Message: "Mã truy cập (token) không hợp lệ."}
	case err != nil:
		return domain.Actor{}, err
	case !rev.IsZero():
		return domain.Actor{}, &domain.Error{Code: domain.CodeUnauthorized, Message: "Mã truy cập (token) đã bị thu hồi."}
	case !exp.IsZero() && !exp.After(db.Now()):
		return domain.Actor{}, &domain.Error{Code: domain.CodeUnauthorized, Message: "Mã truy cập (token) đã hết hạn lúc " +
			exp.In(vietnam).Format("15:04 02/01/2006") + "; xin quản trị hệ thống cấp mã mới."}
	}
	return db.actor(ctx, uid)
}

var vietnam = time.FixedZone("ICT", 7*3600)
