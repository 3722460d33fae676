package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
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
	// MustChange: the password was set by someone else and the holder must
	// change it at the next sign-in.
	MustChange bool   `json:"must_change_password"`
	path       string // where the account's audit rows are filed (accountPath)
}

// UserInput is what is given to create an account.
type UserInput struct {
	Username    string      `json:"username"`
	DisplayName string      `json:"display_name"`
	Password    string      `json:"password"`
	Role        domain.Role `json:"role"`
	OrgIDs      []int64     `json:"org_ids"`
	MemberID    int64       `json:"member_id"`
	// MustChange: the holder must change the password at the first sign-in
	// (someone else chose or saw it).
	MustChange bool `json:"-"`
}

// Account is the input as the domain checks it.
func (in UserInput) Account() domain.Account {
	return domain.Account{Username: in.Username, DisplayName: in.DisplayName, Role: in.Role, OrgIDs: in.OrgIDs, MemberID: in.MemberID}
}

// CheckUserInput normalises an account's input and checks it, password
// included, before the password is hashed.
func CheckUserInput(in UserInput) (UserInput, error) {
	acc := domain.NormalizeAccount(in.Account())
	in.Username, in.DisplayName, in.OrgIDs, in.MemberID = acc.Username, acc.DisplayName, acc.OrgIDs, acc.MemberID
	return in, domain.ValidateAccount(acc, password.Weakness(in.Password, acc.Username, acc.DisplayName))
}

// PasswordParams are the argon2id costs for new hashes; tests lower them.
var PasswordParams = password.Default

// checkPassword refuses a password that is too short, too long, common or
// trivial, or that carries the account's names (password.Weakness), with
// the reason as the message of field.
func checkPassword(pw, username, displayName, field string) error {
	if why := password.Weakness(pw, username, displayName); why != "" {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Mật khẩu chưa đủ an toàn: " + lowerFirst(why), Fields: domain.Fields{field: why}}
	}
	return nil
}

// CheckPassword is checkPassword for the use cases: the password policy's
// refusal of pw for an account with these names, on field.
func CheckPassword(pw, username, displayName, field string) error {
	return checkPassword(pw, username, displayName, field)
}

func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = []rune(strings.ToLower(string(r[0])))[0]
	}
	return string(r)
}

// HashPassword hashes a new password through the gate that bounds the
// argon2id work running at once (attempts.go). It runs outside any
// transaction: a write must not wait for it.
func (db *DB) HashPassword(ctx context.Context, pw string) (string, error) { return db.hash(ctx, pw) }

var errManagesNoAccounts = &domain.Error{Code: domain.CodeForbidden, Message: "Vai trò của bạn không quản lý tài khoản."}

// managedCond is the condition "the account u is one the actor manages": any
// for an administrator; for organisation staff, an account of a role they
// give (domain.Role.GrantedBy) whose whole scope lies in their subtrees: a
// member's account by the member's organisation, any other by every
// organisation of its scope.
func managedCond(a domain.Actor) (string, []any) {
	if a.All() {
		return "1=1", nil
	}
	if !a.Role.ManagesAccounts() {
		return "1=0", nil
	}
	var roles []string
	var args []any
	for _, r := range domain.Roles {
		if r.GrantedBy(a.Role) {
			roles, args = append(roles, "?"), append(args, string(r))
		}
	}
	mc, margs := scopeCond(a, "m.org_path", "")
	oc, oargs := scopeCond(a, "o.path", "")
	args = append(append(args, margs...), oargs...)
	return `u.role IN (` + strings.Join(roles, ", ") + `) AND CASE WHEN u.member_id IS NOT NULL
		THEN EXISTS (SELECT 1 FROM members m WHERE m.id = u.member_id AND ` + mc + `)
		ELSE EXISTS (SELECT 1 FROM user_orgs x WHERE x.user_id = u.id)
			AND NOT EXISTS (SELECT 1 FROM user_orgs x JOIN orgs o ON o.id = x.org_id WHERE x.user_id = u.id AND NOT (` + oc + `)) END`, args
}

// CreateUser writes an account checked by CheckUserInput, with the hash of
// its password: the organisations of its scope and the member's record are
// read in the actor's scope and checked by domain.CheckGrant, and the user
// name must be free.
func (tx *Tx) CreateUser(in UserInput, hash string) (User, error) {
	if !tx.actor.Role.ManagesAccounts() {
		return User{}, errManagesNoAccounts
	}
	var orgs []domain.Org
	var paths []string
	for _, oid := range in.OrgIDs {
		o, err := tx.org(oid)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return User{}, &domain.Error{Code: domain.CodeInvalid, Message: "Không có tổ chức này trong phạm vi của bạn.", Fields: domain.Fields{"org_ids": "Không tìm thấy tổ chức trong phạm vi của bạn."}}
		} else if err != nil {
			return User{}, err
		}
		orgs, paths = append(orgs, o), append(paths, o.Path)
	}
	var member *domain.Member
	if in.Role == domain.RoleMember {
		m, err := tx.Member(in.MemberID)
		if domain.ErrorCode(err) == domain.CodeNotFound {
			return User{}, domain.ErrMemberOutOfScope()
		} else if err != nil {
			return User{}, err
		}
		member, paths = &m, []string{m.OrgPath}
	}
	if err := domain.CheckGrant(tx.actor, in.Role, orgs, member); err != nil {
		return User{}, err
	}
	var n int
	if err := tx.queryRow("SELECT count(*) FROM users WHERE username = ?", in.Username).Scan(&n); err != nil {
		return User{}, err
	}
	if n > 0 {
		return User{}, &domain.Error{Code: domain.CodeConflict, Message: "Tên đăng nhập đã có.", Fields: domain.Fields{"username": "Tên đăng nhập " + in.Username + " đã được dùng."}}
	}
	now := tx.db.stamp()
	id, err := tx.insert("INSERT INTO users (username, display_name, password_hash, role, member_id, must_change_password, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		in.Username, in.DisplayName, hash, string(in.Role), nullID(in.MemberID), in.MustChange, now, now)
	if err != nil {
		return User{}, err
	}
	for _, oid := range in.OrgIDs {
		if _, err := tx.exec("INSERT INTO user_orgs (user_id, org_id) VALUES (?, ?)", id, oid); err != nil {
			return User{}, err
		}
	}
	out := User{ID: id, Username: in.Username, DisplayName: in.DisplayName, Role: in.Role, RoleLabel: in.Role.Label(), MemberID: in.MemberID,
		OrgIDs: append([]int64{}, in.OrgIDs...), MustChange: in.MustChange, path: domain.ScopeRoot(paths)}
	return out, tx.audit(actUserCreate, entUser, id, out.path, nil, out)
}

var actUserCreate = newAction("user.create", "tạo tài khoản")

// CreateUser checks and creates an account in one transaction, with the
// MustChange the input gives: the shorthand of the accounts use case for
// the store's tests and fixtures.
func (db *DB) CreateUser(ctx context.Context, a domain.Actor, in UserInput) (User, error) {
	in, err := CheckUserInput(in)
	if err != nil {
		return User{}, err
	}
	hash, err := db.hash(ctx, in.Password)
	if err != nil {
		return User{}, err
	}
	var out User
	err = db.write(ctx, a, func(tx *Tx) (err error) {
		out, err = tx.CreateUser(in, hash)
		return err
	})
	return out, err
}

const userCols = `SELECT u.id, u.username, u.display_name, u.role, coalesce(u.member_id, 0), u.disabled, u.totp_secret IS NOT NULL, u.failed_logins, u.locked_until, u.must_change_password,
	coalesce((SELECT m.org_path FROM members m WHERE m.id = u.member_id), '') FROM users u`

func (tx *Tx) scanUser(sc interface{ Scan(...any) error }) (User, error) {
	var u User
	var locked Stamp
	var memberPath string
	if err := sc.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Role, &u.MemberID, &u.Disabled, &u.TOTP, &u.FailedLogins, &locked, &u.MustChange, &memberPath); err != nil {
		return u, err
	}
	u.RoleLabel, u.OrgIDs, u.path = u.Role.Label(), []int64{}, memberPath
	if locked.After(tx.db.Now()) {
		u.LockedUntil = &locked
	}
	return u, nil
}

// Users lists the accounts the actor manages (managedCond), by user name,
// each with the organisations of its scope.
func (tx *Tx) Users() ([]User, error) {
	if !tx.actor.Role.ManagesAccounts() {
		return nil, errManagesNoAccounts
	}
	mc, args := managedCond(tx.actor)
	rows, err := tx.query(userCols+" WHERE "+mc+" ORDER BY u.username", args...)
	if err != nil {
		return nil, err
	}
	var out []User
	for rows.Next() {
		u, err := tx.scanUser(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, u)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, tx.withOrgs(out)
}

// withOrgs fills the organisations of the accounts' scopes, and the path
// their audit rows are filed under.
func (tx *Tx) withOrgs(users []User) error {
	if len(users) == 0 {
		return nil
	}
	idx := map[int64]int{}
	ids := make([]any, len(users))
	for i, u := range users {
		idx[u.ID], ids[i] = i, u.ID
	}
	paths := map[int64][]string{}
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		rows, err := tx.query("SELECT x.user_id, x.org_id, o.path FROM user_orgs x JOIN orgs o ON o.id = x.org_id WHERE x.user_id IN ("+placeholders(len(chunk))+") ORDER BY x.user_id, x.org_id", chunk...)
		if err != nil {
			return err
		}
		for rows.Next() {
			var uid, oid int64
			var p string
			if err := rows.Scan(&uid, &oid, &p); err != nil {
				rows.Close()
				return err
			}
			users[idx[uid]].OrgIDs = append(users[idx[uid]].OrgIDs, oid)
			paths[uid] = append(paths[uid], p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	for uid, ps := range paths {
		users[idx[uid]].path = domain.ScopeRoot(ps)
	}
	return nil
}

// Users lists the accounts the actor manages in one read snapshot: the
// shorthand of the accounts use case for tests and fixtures.
func (db *DB) Users(ctx context.Context, a domain.Actor) ([]User, error) {
	var out []User
	err := db.Read(ctx, a, func(tx *Tx) (err error) {
		out, err = tx.Users()
		return err
	})
	return out, err
}

// ManagedUser reads an account the actor manages by its user name; to
// anyone else any account is not found.
func (tx *Tx) ManagedUser(username string) (User, error) {
	if !tx.actor.Role.ManagesAccounts() {
		return User{}, errManagesNoAccounts
	}
	mc, args := managedCond(tx.actor)
	u, err := tx.scanUser(tx.queryRow(userCols+" WHERE u.username = ? AND "+mc, append([]any{loginName(username)}, args...)...))
	if isNoRows(err) {
		return u, domain.Errorf(domain.CodeNotFound, "Không có tài khoản %s trong phạm vi của bạn.", viet.Clean(username))
	}
	if err != nil {
		return u, err
	}
	users := []User{u}
	return users[0], tx.withOrgs(users)
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

// SetDisabled disables or re-enables an account the actor manages.
// Disabling ends its sessions and revokes its API tokens at once; enabling
// it again revives none of them. No one disables the account in use.
func (tx *Tx) SetDisabled(u User, disabled bool) error {
	if disabled && u.ID == tx.actor.UserID {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Không thể tự khóa tài khoản đang dùng."}
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
	return tx.audit(actUserDisable, entUser, u.ID, u.path, map[string]any{"username": u.Username, "disabled": u.Disabled}, after)
}

// SetDisabled is the shorthand of the accounts use case for tests.
func (db *DB) SetDisabled(ctx context.Context, a domain.Actor, username string, disabled bool) error {
	if disabled && strings.EqualFold(strings.TrimSpace(username), a.Username) {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Không thể tự khóa tài khoản đang dùng."}
	}
	return db.write(ctx, a, func(tx *Tx) error {
		u, err := tx.ManagedUser(username)
		if err != nil {
			return err
		}
		return tx.SetDisabled(u, disabled)
	})
}

var actUserPassword = newAction("user.password", "đặt mật khẩu")

// SetPassword sets the password of an account the actor manages (a reset)
// to the one hashed, checking it against the account's names first. Every
// session of the account ends, every API token is revoked, and a lock from
// failed sign-ins is lifted: the old password no longer matters. With
// mustChange the holder must change it at the next sign-in.
func (tx *Tx) SetPassword(u User, pw, hash string, mustChange bool) error {
	if err := checkPassword(pw, u.Username, u.DisplayName, "password"); err != nil {
		return err
	}
	if _, err := tx.exec("UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = NULL, must_change_password = ?, updated_at = ? WHERE id = ?",
		hash, mustChange, tx.db.stamp(), u.ID); err != nil {
		return err
	}
	e, err := tx.endAccess(u.ID)
	if err != nil {
		return err
	}
	// The audit row says the password changed, never what it is.
	return tx.audit(actUserPassword, entUser, u.ID, u.path, nil, map[string]any{"username": u.Username, "by": tx.actor.Username,
		"sessions_ended": e.Sessions, "tokens_revoked": e.Tokens, "must_change_password": mustChange})
}

// SetPassword is the shorthand of the accounts use case for tests and
// fixtures: the password need not be changed at the next sign-in.
func (db *DB) SetPassword(ctx context.Context, a domain.Actor, username, pw string) error {
	if err := checkPassword(pw, "", "", "password"); err != nil {
		return err
	}
	hash, err := db.hash(ctx, pw)
	if err != nil {
		return err
	}
	return db.write(ctx, a, func(tx *Tx) error {
		u, err := tx.ManagedUser(username)
		if err != nil {
			return err
		}
		return tx.SetPassword(u, pw, hash, false)
	})
}

// accountPath is the path an account's audit rows are filed under, so that
// the staff above it read them: its member's organisation, or the smallest
// subtree holding its scope; "" for an administrator.
func (tx *Tx) accountPath(id int64) (string, error) {
	users := []User{{ID: id}}
	if err := tx.queryRow("SELECT coalesce((SELECT m.org_path FROM members m WHERE m.id = u.member_id), '') FROM users u WHERE u.id = ?", id).Scan(&users[0].path); err != nil && !isNoRows(err) {
		return "", err
	}
	if users[0].path != "" {
		return users[0].path, nil
	}
	err := tx.withOrgs(users)
	return users[0].path, err
}

// errBadLogin is the one answer to a failed sign-in, whatever failed.
var errBadLogin = &domain.Error{Code: domain.CodeUnauthorized, Message: "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa vì nhập sai nhiều lần. " +
	"Xin kiểm tra lại; nếu vẫn không vào được, xin đợi ít phút hoặc hỏi quản trị hệ thống."}

var errInactive = &domain.Error{Code: domain.CodeUnauthorized, Message: "Tài khoản không còn hoạt động; xin hỏi quản trị hệ thống."}

// actor loads an account's role and the paths of its scope.
func (db *DB) actor(ctx context.Context, userID int64) (domain.Actor, error) {
	a, _, err := db.account(ctx, userID)
	return a, err
}

// account loads an account's actor and whether its password must be
// changed before anything else is done.
func (db *DB) account(ctx context.Context, userID int64) (domain.Actor, bool, error) {
	a := domain.Actor{UserID: userID}
	var disabled, change bool
	err := db.queryRow(ctx, "SELECT username, display_name, role, coalesce(member_id, 0), disabled, must_change_password FROM users WHERE id = ?", userID).
		Scan(&a.Username, &a.DisplayName, &a.Role, &a.MemberID, &disabled, &change)
	if errors.Is(err, sql.ErrNoRows) || disabled {
		return domain.Actor{}, false, errInactive
	}
	if err != nil {
		return a, false, err
	}
	a, err = db.withPaths(ctx, a)
	return a, change, err
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
