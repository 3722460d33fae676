package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"regexp"
	"slices"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/password"
	"dangvien/internal/viet"
)

// entUser names accounts in the audit trail.
var entUser = newEntity("user", "Tài khoản")

// User is an account.
type User struct {
	ID          int64       `json:"id"`
	Username    string      `json:"username"`
	DisplayName string      `json:"display_name"`
	Role        domain.Role `json:"role"`
	RoleLabel   string      `json:"role_label"`
	MemberID    int64       `json:"member_id,omitempty"`
	OrgIDs      []int64     `json:"org_ids"`
	Disabled    bool        `json:"disabled"`
	TOTP        bool        `json:"totp"` // a second sign-in factor is on
	// LockedUntil is set while failed sign-ins keep the account locked:
	// only an administrator learns it, the sign-in form tells no one.
	LockedUntil  *Stamp `json:"locked_until,omitempty"`
	FailedLogins int    `json:"failed_logins"`
}

// UserInput is what an administrator gives to create an account.
type UserInput struct {
	Username    string      `json:"username"`
	DisplayName string      `json:"display_name"`
	Password    string      `json:"password"`
	Role        domain.Role `json:"role"`
	OrgIDs      []int64     `json:"org_ids"`
	MemberID    int64       `json:"member_id"`
}

// PasswordParams are the argon2id costs for new hashes; tests lower them.
var PasswordParams = password.Default

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,31}$`)

// checkPassword refuses a password that is too short, too long, common or
// trivial, or that carries the account's names (password.Weakness), with
// the reason as the message of field.
func checkPassword(pw, username, displayName, field string) error {
	if why := password.Weakness(pw, username, displayName); why != "" {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Mật khẩu chưa đủ an toàn: " + lowerFirst(why), Fields: domain.Fields{field: why}}
	}
	return nil
}

func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = []rune(strings.ToLower(string(r[0])))[0]
	}
	return string(r)
}

func requireAdmin(a domain.Actor) error {
	if !a.All() {
		return &domain.Error{Code: domain.CodeForbidden, Message: "Chỉ quản trị hệ thống được quản lý tài khoản."}
	}
	return nil
}

var actUserCreate = newAction("user.create", "tạo tài khoản")

// CreateUser creates an account. Only an administrator may.
func (db *DB) CreateUser(ctx context.Context, a domain.Actor, in UserInput) (User, error) {
	if err := requireAdmin(a); err != nil {
		return User{}, err
	}
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = viet.Clean(in.DisplayName)
	f := domain.Fields{}
	if !usernameRe.MatchString(in.Username) {
		f.Add("username", "Tên đăng nhập 3–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.")
	}
	if in.DisplayName == "" {
		f.Add("display_name", "Chưa nhập họ tên người dùng.")
	} else if why := viet.Check(viet.Proper, in.DisplayName); why != "" {
		f.Add("display_name", domain.TextReason("Họ tên người dùng", why))
	}
	if why := password.Weakness(in.Password, in.Username, in.DisplayName); why != "" {
		f.Add("password", why)
	}
	if !in.Role.Valid() {
		f.Add("role", "Vai trò không hợp lệ.")
	} else if in.Role.NeedsOrgs() && len(in.OrgIDs) == 0 {
		f.Add("org_ids", "Vai trò này cần ít nhất một tổ chức trong phạm vi.")
	} else if in.Role == domain.RoleMember && in.MemberID == 0 {
		f.Add("member_id", "Tài khoản đảng viên phải gắn với hồ sơ của đảng viên đó.")
	}
	if err := f.Err(); err != nil {
		return User{}, err
	}
	hash, err := db.hash(ctx, in.Password)
	if err != nil {
		return User{}, err
	}
	var out User
	err = db.write(ctx, a, func(tx *Tx) error {
		var n int
		if err := tx.queryRow("SELECT count(*) FROM users WHERE username = ?", in.Username).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &domain.Error{Code: domain.CodeConflict, Message: "Tên đăng nhập đã có.", Fields: domain.Fields{"username": "Tên đăng nhập " + in.Username + " đã được dùng."}}
		}
		if !in.Role.NeedsOrgs() {
			in.OrgIDs = nil
		}
		for _, oid := range in.OrgIDs {
			o, err := tx.org(oid)
			if err != nil {
				return &domain.Error{Code: domain.CodeInvalid, Message: "Tổ chức trong phạm vi không có.", Fields: domain.Fields{"org_ids": "Không tìm thấy tổ chức."}}
			}
			if in.Role.CellsOnly() && !o.Kind.IsCell() {
				return &domain.Error{Code: domain.CodeInvalid, Message: "Vai trò này chỉ gắn với chi bộ.", Fields: domain.Fields{"org_ids": o.Name + " không phải là chi bộ."}}
			}
		}
		if in.Role == domain.RoleMember {
			if _, _, err := tx.member(in.MemberID); err != nil {
				return &domain.Error{Code: domain.CodeInvalid, Message: "Không tìm thấy hồ sơ đảng viên.", Fields: domain.Fields{"member_id": "Không tìm thấy hồ sơ."}}
			}
		} else {
			in.MemberID = 0
		}
		now := tx.db.stamp()
		id, err := tx.insert("INSERT INTO users (username, display_name, password_hash, role, member_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			in.Username, in.DisplayName, hash, string(in.Role), nullID(in.MemberID), now, now)
		if err != nil {
			return err
		}
		for _, oid := range in.OrgIDs {
			if _, err := tx.exec("INSERT INTO user_orgs (user_id, org_id) VALUES (?, ?)", id, oid); err != nil {
				return err
			}
		}
		out = User{ID: id, Username: in.Username, DisplayName: in.DisplayName, Role: in.Role, RoleLabel: in.Role.Label(), MemberID: in.MemberID, OrgIDs: in.OrgIDs}
		return tx.audit(actUserCreate, entUser, id, "", nil, out)
	})
	return out, err
}

// Users lists every account. Only an administrator may.
func (db *DB) Users(ctx context.Context, a domain.Actor) ([]User, error) {
	if err := requireAdmin(a); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT id, username, display_name, role, coalesce(member_id, 0), disabled, totp_secret IS NOT NULL, failed_logins, locked_until FROM users ORDER BY username")
	if err != nil {
		return nil, err
	}
	var out []User
	for rows.Next() {
		var u User
		var locked Stamp
		if err := rows.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.MemberID, &u.Disabled, &u.TOTP, &u.FailedLogins, &locked); err != nil {
			rows.Close()
			return nil, err
		}
		u.RoleLabel, u.OrgIDs = u.Role.Label(), []int64{}
		if locked.After(db.Now()) {
			u.LockedUntil = &locked
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	orows, err := db.query(ctx, "SELECT user_id, org_id FROM user_orgs ORDER BY user_id, org_id")
	if err != nil {
		return nil, err
	}
	defer orows.Close()
	idx := map[int64]int{}
	for i, u := range out {
		idx[u.ID] = i
	}
	for orows.Next() {
		var uid, oid int64
		if err := orows.Scan(&uid, &oid); err != nil {
			return nil, err
		}
		if i, ok := idx[uid]; ok {
			out[i].OrgIDs = append(out[i].OrgIDs, oid)
		}
	}
	return out, orows.Err()
}

func (tx *Tx) userByName(name string) (User, error) {
	var u User
	err := tx.queryRow("SELECT id, username, display_name, role, coalesce(member_id, 0), disabled FROM users WHERE username = ?", strings.ToLower(name)).
		Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.MemberID, &u.Disabled)
	if errors.Is(err, sql.ErrNoRows) {
		return u, domain.Errorf(domain.CodeNotFound, "Không có tài khoản %s.", name)
	}
	return u, err
}

// userByID reads an account's names, for the password rules.
func (db *DB) userByID(ctx context.Context, id int64) (User, error) {
	var u User
	err := db.queryRow(ctx, "SELECT id, username, display_name, role FROM users WHERE id = ?", id).Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role)
	if isNoRows(err) {
		return u, domain.ErrNotFound
	}
	return u, err
}

var actUserDisable = newAction("user.disable", "khóa hoặc mở khóa tài khoản")

// SetDisabled disables or re-enables an account. Disabling ends its
// sessions and revokes its API tokens at once; enabling it again revives
// none of them.
func (db *DB) SetDisabled(ctx context.Context, a domain.Actor, username string, disabled bool) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	if disabled && strings.EqualFold(strings.TrimSpace(username), a.Username) {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Không thể tự khóa tài khoản đang dùng."}
	}
	return db.write(ctx, a, func(tx *Tx) error {
		u, err := tx.userByName(username)
		if err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?", disabled, tx.db.stamp(), u.ID); err != nil {
			return err
		}
		after := map[string]any{"username": u.Username, "disabled": disabled}
		if disabled {
			e, err := tx.endAccess(u.ID)
			if err != nil {
				return err
			}
			after["sessions_ended"], after["tokens_revoked"] = e.Sessions, e.Tokens
		}
		return tx.audit(actUserDisable, entUser, u.ID, "", map[string]any{"username": u.Username, "disabled": u.Disabled}, after)
	})
}

var actUserPassword = newAction("user.password", "đặt mật khẩu")

// SetPassword sets an account's password (an administrator's reset). Every
// session of the account ends, every API token is revoked, and a lock from
// failed sign-ins is lifted: the old password no longer matters.
func (db *DB) SetPassword(ctx context.Context, a domain.Actor, username, pw string) error {
	if err := requireAdmin(a); err != nil {
		return err
	}
	var u User
	err := db.queryRow(ctx, "SELECT id, username, display_name FROM users WHERE username = ?", strings.ToLower(strings.TrimSpace(username))).Scan(&u.ID, &u.Username, &u.DisplayName)
	if isNoRows(err) {
		return domain.Errorf(domain.CodeNotFound, "Không có tài khoản %s.", username)
	}
	if err != nil {
		return err
	}
	if err := checkPassword(pw, u.Username, u.DisplayName, "password"); err != nil {
		return err
	}
	hash, err := db.hash(ctx, pw)
	if err != nil {
		return err
	}
	return db.write(ctx, a, func(tx *Tx) error {
		if _, err := tx.exec("UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, updated_at = ? WHERE id = ?", hash, tx.db.stamp(), u.ID); err != nil {
			return err
		}
		e, err := tx.endAccess(u.ID)
		if err != nil {
			return err
		}
		// The audit row says the password changed, never what it is.
		return tx.audit(actUserPassword, entUser, u.ID, "", nil, map[string]any{"username": u.Username, "by": a.Username,
			"sessions_ended": e.Sessions, "tokens_revoked": e.Tokens})
	})
}

// errBadLogin is the one answer to a failed sign-in, whatever failed.
var errBadLogin = &domain.Error{Code: domain.CodeUnauthorized, Message: "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa vì nhập sai nhiều lần. " +
	"Xin kiểm tra lại; nếu vẫn không vào được, xin đợi ít phút hoặc hỏi quản trị hệ thống."}

var errInactive = &domain.Error{Code: domain.CodeUnauthorized, Message: "Tài khoản không còn hoạt động; xin hỏi quản trị hệ thống."}

// actor loads an account's role and the paths of its scope.
func (db *DB) actor(ctx context.Context, userID int64) (domain.Actor, error) {
	a := domain.Actor{UserID: userID}
	var disabled bool
	err := db.queryRow(ctx, "SELECT username, display_name, role, coalesce(member_id, 0), disabled FROM users WHERE id = ?", userID).Scan(&a.Username, &a.DisplayName, &a.Role, &a.MemberID, &disabled)
	if errors.Is(err, sql.ErrNoRows) || disabled {
		return domain.Actor{}, errInactive
	}
	if err != nil {
		return a, err
	}
	return db.withPaths(ctx, a)
}

// withPaths adds the paths of the account's scope.
func (db *DB) withPaths(ctx context.Context, a domain.Actor) (domain.Actor, error) {
	rows, err := db.query(ctx, "SELECT o.path FROM user_orgs u JOIN orgs o ON o.id = u.org_id WHERE u.user_id = ? ORDER BY o.path", a.UserID)
	if err != nil {
		return a, err
	}
	defer rows.Close()
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return a, err
		}
		a.Paths = append(a.Paths, p)
	}
	a.Paths = slices.Compact(a.Paths)
	return a, rows.Err()
}

// ActorByUsername returns the actor of an enabled account, for command-line
// work done in that account's scope (dangvien import --user).
func (db *DB) ActorByUsername(ctx context.Context, username string) (domain.Actor, error) {
	var id int64
	err := db.queryRow(ctx, "SELECT id FROM users WHERE username = ? AND NOT disabled", strings.ToLower(strings.TrimSpace(username))).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Actor{}, domain.Errorf(domain.CodeNotFound, "Không có tài khoản %s đang hoạt động.", username)
	}
	if err != nil {
		return domain.Actor{}, err
	}
	return db.actor(ctx, id)
}

// RandomPassword makes a password that is easy to read out and type: 16
// lower-case letters and digits (80 bits).
func RandomPassword() string {
	b := make([]byte, 10)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}
