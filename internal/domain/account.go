package domain

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"dangvien/internal/viet"
)

// Account is what is given to create an account: its name, its holder's
// name, its role and what the role reaches.
type Account struct {
	Username    string
	DisplayName string
	Role        Role
	OrgIDs      []int64 // the roots of its scope, for the roles that need them
	MemberID    int64   // the holder's own record, for RoleMember
}

var usernameRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{2,31}$`)

// MaxDisplayName is the longest name of an account's holder, in characters.
const MaxDisplayName = 100

// MaxAccountOrgs is how many organisations an account's scope names at most
// (a committee member in charge of several cells has a handful).
const MaxAccountOrgs = 50

// LoginName is a typed user name as accounts are named (lower case,
// trimmed), or "" when it cannot be one.
func LoginName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if !usernameRe.MatchString(s) {
		return ""
	}
	return s
}

// ManagesAccounts tells whether the role creates and looks after accounts:
// the administrator every account, organisation staff those of the roles
// below theirs in their subtrees (GrantedBy).
func (r Role) ManagesAccounts() bool { return r == RoleAdmin || r == RoleStaff }

// GrantedBy tells whether an account of role r may be created and looked
// after by an account of role by. Organisation staff give the roles below
// their own in their subtrees: leaders, cell secretaries, committee members
// in charge and members. Staff and administrator accounts are given by the
// administrator alone, so that no one takes over a colleague's account by
// resetting its password.
func (r Role) GrantedBy(by Role) bool {
	switch by {
	case RoleAdmin:
		return r.Valid()
	case RoleStaff:
		return r == RoleLeader || r == RoleSecretary || r == RoleInCharge || r == RoleMember
	}
	return false
}

// NormalizeAccount puts the typed fields in their stored form.
func NormalizeAccount(in Account) Account {
	in.Username = strings.ToLower(strings.TrimSpace(in.Username))
	in.DisplayName = viet.Clean(in.DisplayName)
	if !in.Role.NeedsOrgs() {
		in.OrgIDs = nil
	}
	if in.Role != RoleMember {
		in.MemberID = 0
	}
	return in
}

// ValidateAccount checks a normalised account: the user name, the holder's
// name, the role and what it needs. passwordWhy is the password policy's
// reason to refuse the password given, or "" (the policy is the password
// package's; this package names its field).
func ValidateAccount(in Account, passwordWhy string) error {
	f := Fields{}
	if !usernameRe.MatchString(in.Username) {
		f.Add("username", "Tên đăng nhập 3–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.")
	}
	if in.DisplayName == "" {
		f.Add("display_name", "Chưa nhập họ tên người dùng.")
	} else if n := utf8.RuneCountInString(in.DisplayName); n > MaxDisplayName {
		f.Add("display_name", fmt.Sprintf("Họ tên người dùng tối đa %d ký tự (đang có %d).", MaxDisplayName, n))
	} else if why := viet.Check(viet.Proper, in.DisplayName); why != "" {
		f.Add("display_name", TextReason("Họ tên người dùng", why))
	}
	if passwordWhy != "" {
		f.Add("password", passwordWhy)
	}
	switch {
	case !in.Role.Valid():
		f.Add("role", "Vai trò không hợp lệ.")
	case in.Role.NeedsOrgs() && len(in.OrgIDs) == 0:
		f.Add("org_ids", "Vai trò này cần ít nhất một tổ chức trong phạm vi.")
	case len(in.OrgIDs) > MaxAccountOrgs:
		f.Add("org_ids", fmt.Sprintf("Phạm vi của một tài khoản có nhiều nhất %d tổ chức (đang chọn %d).", MaxAccountOrgs, len(in.OrgIDs)))
	case in.Role == RoleMember && in.MemberID == 0:
		f.Add("member_id", "Tài khoản đảng viên phải gắn với hồ sơ của đảng viên đó.")
	}
	return f.Err()
}

// CheckGrant checks that by may give an account of role over the
// organisations orgs (its scope roots, read in by's scope) or, for a member's
// account, the record member: by manages accounts and may give the role;
// every organisation is open, is a cell where the role works in cells, and
// lies in by's scope; the member is on the roll, in by's scope.
func CheckGrant(by Actor, role Role, orgs []Org, member *Member) error {
	if !by.Role.ManagesAccounts() {
		return &Error{Code: CodeForbidden, Message: "Vai trò của bạn không quản lý tài khoản."}
	}
	if !role.GrantedBy(by.Role) {
		return &Error{Code: CodeInvalid, Message: "Chỉ quản trị hệ thống tạo được tài khoản vai trò «" + role.Label() + "».",
			Fields: Fields{"role": "Bạn tạo được tài khoản lãnh đạo, bí thư chi bộ, cấp ủy viên phụ trách và đảng viên trong phạm vi của mình."}}
	}
	for _, o := range orgs {
		switch {
		case !by.Covers(o.Path):
			return &Error{Code: CodeInvalid, Message: o.Name + " nằm ngoài phạm vi của bạn: chỉ tạo được tài khoản trong các tổ chức bạn quản lý.",
				Fields: Fields{"org_ids": o.Name + " ngoài phạm vi của bạn."}}
		case !o.ValidTo.IsZero():
			return &Error{Code: CodeInvalid, Message: o.Name + " đã thôi hoạt động từ " + o.ValidTo.String() + ".", Fields: Fields{"org_ids": o.Name + " đã thôi hoạt động."}}
		case role.CellsOnly() && !o.Kind.IsCell():
			return &Error{Code: CodeInvalid, Message: "Vai trò «" + role.Label() + "» chỉ gắn với chi bộ.", Fields: Fields{"org_ids": o.Name + " không phải là chi bộ."}}
		}
	}
	if member != nil {
		switch {
		case !by.All() && !by.Covers(member.OrgPath):
			return ErrMemberOutOfScope()
		case !member.Status.Active():
			return &Error{Code: CodeInvalid, Message: member.FullName + " không còn trong danh sách sinh hoạt (" + member.Status.Label() + ").",
				Fields: Fields{"member_id": "Đảng viên không còn sinh hoạt."}}
		}
	}
	return nil
}

// ErrMemberOutOfScope refuses an account for a member the creator does not
// reach, saying no more than that: whether such a record exists elsewhere is
// not the creator's to learn. A caller whose scoped read found no record
// gives the same answer.
func ErrMemberOutOfScope() error {
	return &Error{Code: CodeInvalid, Message: "Không có hồ sơ đảng viên này trong phạm vi của bạn: chỉ tạo được tài khoản cho đảng viên thuộc các tổ chức bạn quản lý.",
		Fields: Fields{"member_id": "Đảng viên ngoài phạm vi của bạn."}}
}

// ScopeRoot is the smallest subtree holding every path given: "/1/7/" for
// "/1/7/12/" and "/1/7/30/"; "" for none.
func ScopeRoot(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	p := paths[0]
	for _, q := range paths[1:] {
		n := 0
		for n < len(p) && n < len(q) && p[n] == q[n] {
			n++
		}
		p = p[:n]
	}
	return p[:strings.LastIndexByte(p, '/')+1]
}
