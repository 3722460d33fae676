package domain

import "strings"

// Role is what an account may do, over the organisations of its scope
// (STYLE.md, after hitobito: reach × mode).
type Role string

const (
	RoleAdmin     Role = "admin"     // quản trị hệ thống: everything
	RoleStaff     Role = "staff"     // cán bộ ban tổ chức: read/write the subtrees
	RoleLeader    Role = "leader"    // lãnh đạo: read the subtrees
	RoleSecretary Role = "secretary" // bí thư chi bộ: read/write own cell
	RoleInCharge  Role = "in_charge" // cấp ủy viên phụ trách: read assigned cells
	RoleMember    Role = "member"    // đảng viên: own record
)

var roleLabels = map[Role]string{
	RoleAdmin: "Quản trị hệ thống", RoleStaff: "Cán bộ ban tổ chức", RoleLeader: "Lãnh đạo cấp ủy",
	RoleSecretary: "Bí thư chi bộ", RoleInCharge: "Cấp ủy viên phụ trách chi bộ", RoleMember: "Đảng viên",
}

// Roles in display order.
var Roles = []Role{RoleAdmin, RoleStaff, RoleLeader, RoleSecretary, RoleInCharge, RoleMember}

func (r Role) Label() string { return roleLabels[r] }
func (r Role) Valid() bool   { _, ok := roleLabels[r]; return ok }

// NeedsOrgs tells whether accounts of this role must name organisations.
func (r Role) NeedsOrgs() bool { return r != RoleAdmin && r != RoleMember }

// CellsOnly tells whether the scope organisations must be cells.
func (r Role) CellsOnly() bool { return r == RoleSecretary || r == RoleInCharge }

// WritesMembers tells whether the role may change member records and events.
func (r Role) WritesMembers() bool { return r == RoleAdmin || r == RoleStaff || r == RoleSecretary }

// ReadsAudit tells whether the role may read the audit trail of its scope.
func (r Role) ReadsAudit() bool { return r == RoleAdmin || r == RoleStaff || r == RoleLeader }

// WritesOrgs tells whether the role may change the organisation tree.
func (r Role) WritesOrgs() bool { return r == RoleAdmin || r == RoleStaff }

// Actor is who does something: the account, its role, and the materialised
// paths of the organisations whose subtrees it reaches. The store turns an
// Actor into one SQL condition; nothing else filters by scope.
type Actor struct {
	UserID      int64
	Username    string
	DisplayName string
	Role        Role
	Paths       []string // subtree prefixes, e.g. "/1/7/"
	MemberID    int64    // the member's own record, for RoleMember
}

// System is the actor of the command line run by the machine's operator.
var System = Actor{Username: "system", Role: RoleAdmin}

// All tells whether the actor reaches the whole tree.
func (a Actor) All() bool { return a.Role == RoleAdmin }

// Covers tells whether an organisation path lies in one of the actor's
// subtrees. A member's own record is reached by id, not by path, so a member
// covers no organisation.
func (a Actor) Covers(path string) bool {
	if a.All() {
		return true
	}
	if a.Role == RoleMember {
		return false
	}
	for _, p := range a.Paths {
		if strings.HasPrefix(path, p) {
			return true
		}
	}
	return false
}
