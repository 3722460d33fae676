package domain

import (
	"fmt"
	"slices"
	"strings"

	"dangvien/internal/viet"
)

// OrgKind is the kind of a node of the party's organisation tree.
type OrgKind string

const (
	KindProvince       OrgKind = "province"        // Đảng bộ tỉnh/thành phố
	KindDistrict       OrgKind = "district"        // Đảng bộ huyện: abolished on 1/7/2025, kept for history
	KindCommune        OrgKind = "commune"         // Đảng bộ xã/phường/đặc khu
	KindGrassroots     OrgKind = "grassroots"      // Đảng bộ cơ sở
	KindPartial        OrgKind = "partial"         // Đảng bộ bộ phận
	KindGrassrootsCell OrgKind = "grassroots_cell" // Chi bộ cơ sở
	KindCell           OrgKind = "cell"            // Chi bộ trực thuộc
)

// OrgKinds lists the kinds from the top of the tree down.
var OrgKinds = []OrgKind{KindProvince, KindDistrict, KindCommune, KindGrassroots, KindPartial, KindGrassrootsCell, KindCell}

var orgKindLabels = map[OrgKind]string{
	KindProvince:       "Đảng bộ tỉnh",
	KindDistrict:       "Đảng bộ huyện",
	KindCommune:        "Đảng bộ xã, phường",
	KindGrassroots:     "Đảng bộ cơ sở",
	KindPartial:        "Đảng bộ bộ phận",
	KindGrassrootsCell: "Chi bộ cơ sở",
	KindCell:           "Chi bộ trực thuộc",
}

func (k OrgKind) Valid() bool { _, ok := orgKindLabels[k]; return ok }

// Label is the Vietnamese name of the kind.
func (k OrgKind) Label() string { return orgKindLabels[k] }

// IsCell tells whether members have their activity here: a member belongs to
// exactly one cell (chi bộ).
func (k OrgKind) IsCell() bool { return k == KindGrassrootsCell || k == KindCell }

// CanContain tells whether an organisation of kind k may have a child of kind c
// (Điều lệ Đảng, chương III: hệ thống tổ chức; since 1/7/2025 without districts).
func (k OrgKind) CanContain(c OrgKind) bool {
	switch k {
	case KindProvince:
		return c == KindDistrict || c == KindCommune || c == KindGrassroots || c == KindGrassrootsCell
	case KindDistrict:
		return c == KindCommune || c == KindGrassroots || c == KindGrassrootsCell
	case KindCommune, KindGrassroots:
		return c == KindPartial || c == KindCell || c == KindGrassroots || c == KindGrassrootsCell
	case KindPartial:
		return c == KindCell
	}
	return false // cells have no sub-organisations
}

// Org is a node of the organisation tree.
type Org struct {
	ID             int64   `json:"id"`
	Code           string  `json:"code"`
	Name           string  `json:"name"`
	Kind           OrgKind `json:"kind"`
	KindLabel      string  `json:"kind_label"`
	ParentID       int64   `json:"parent_id,omitempty"`
	Path           string  `json:"-"`
	ValidFrom      Date    `json:"valid_from"`
	ValidTo        Date    `json:"valid_to,omitempty"`
	ClosedReason   string  `json:"closed_reason,omitempty"`
	ClosedDecision string  `json:"closed_decision,omitempty"`
	SuccessorID    int64   `json:"successor_id,omitempty"`
}

// Open tells whether the organisation exists on day d.
func (o Org) Open(d Date) bool {
	return !o.ValidFrom.After(d) && (o.ValidTo.IsZero() || d.Before(o.ValidTo))
}

// OrgInput is what a user gives to create or rename an organisation.
type OrgInput struct {
	Code      string  `json:"code"`
	Name      string  `json:"name"`
	Kind      OrgKind `json:"kind"`
	ParentID  int64   `json:"parent_id"`
	ValidFrom Date    `json:"valid_from"`
}

// ValidateOrg checks an organisation's own fields; the parent's kind is
// checked against CanContain by the caller that knows the parent.
func ValidateOrg(in *OrgInput) error {
	f := Fields{}
	in.Code = strings.ToUpper(strings.TrimSpace(in.Code))
	in.Name = cleanText(in.Name)
	checkTexts(f, textField{"code", "Mã tổ chức", viet.Proper, in.Code}, textField{"name", "Tên tổ chức", viet.Proper, in.Name})
	if in.Code == "" {
		f.Add("code", "Chưa nhập mã tổ chức.")
	} else if len(in.Code) > 32 || strings.ContainsAny(in.Code, " /\\") {
		f.Add("code", "Mã tổ chức tối đa 32 ký tự, không có dấu cách hay dấu gạch chéo.")
	}
	if in.Name == "" {
		f.Add("name", "Chưa nhập tên tổ chức.")
	} else if len([]rune(in.Name)) > 200 {
		f.Add("name", "Tên tổ chức tối đa 200 ký tự.")
	}
	if !in.Kind.Valid() {
		f.Add("kind", "Loại tổ chức không hợp lệ.")
	}
	if in.ValidFrom.IsZero() {
		f.Add("valid_from", "Chưa nhập ngày thành lập.")
	}
	return f.Err()
}

// Decision is the date, number and reason of a decision that changes the tree
// or a member's status.
type Decision struct {
	Date   Date   `json:"date"`
	Number string `json:"decision_number"`
	Reason string `json:"reason"`
}

// ValidateDecision requires a date and a decision number: structural changes
// of the tree are always made by a numbered decision of the competent committee.
func ValidateDecision(d *Decision) error {
	f := Fields{}
	d.Number = cleanText(d.Number)
	d.Reason = cleanText(d.Reason)
	checkTexts(f, textField{"decision_number", "Số quyết định", viet.Proper, d.Number}, textField{"reason", "Lý do", viet.OneLine, d.Reason})
	if d.Date.IsZero() {
		f.Add("date", "Chưa nhập ngày quyết định.")
	}
	if d.Number == "" {
		f.Add("decision_number", "Chưa nhập số quyết định.")
	}
	return f.Err()
}

// MergeInput names the organisations that merge and the one they become:
// either an existing open organisation (IntoID) or a new one (Into).
type MergeInput struct {
	SourceIDs []int64   `json:"source_ids"`
	IntoID    int64     `json:"into_id"`
	Into      *OrgInput `json:"into"`
	Decision
}

// SplitPart is one organisation a split creates, with the sub-organisations
// and members it takes over.
type SplitPart struct {
	Org       OrgInput `json:"org"`
	ChildIDs  []int64  `json:"child_ids"`
	MemberIDs []int64  `json:"member_ids"`
}

// SplitInput splits one organisation into several new ones.
type SplitInput struct {
	Parts []SplitPart `json:"parts"`
	Decision
}

// The rules of restructuring the tree (Điều lệ Đảng, chương III; Quy định
// 294-QĐ/TW: the competent committee decides by a numbered decision).

// CheckWritesOrgs: only organisation staff and administrators change the tree.
func CheckWritesOrgs(a Actor) error {
	if !a.Role.WritesOrgs() {
		return ErrForbiddenWrite
	}
	return nil
}

// CheckCreateOrg checks a new organisation (validated by ValidateOrg) against
// its parent, nil for one at the top of the tree: only an administrator
// creates a top-level organisation, and only a province committee has no
// parent; a parent must be open, of a kind that may contain the new one, and
// founded before it.
func CheckCreateOrg(a Actor, parent *Org, in OrgInput) error {
	if err := CheckWritesOrgs(a); err != nil {
		return err
	}
	if parent == nil {
		if !a.All() {
			return ErrForbiddenWrite
		}
		if in.Kind != KindProvince {
			return &Error{Code: CodeInvalid, Message: "Chỉ đảng bộ tỉnh không có tổ chức cấp trên.", Fields: Fields{"parent_id": "Chưa chọn tổ chức cấp trên."}}
		}
		return nil
	}
	switch {
	case !parent.ValidTo.IsZero():
		return &Error{Code: CodeInvalid, Message: "Tổ chức cấp trên đã giải thể.", Fields: Fields{"parent_id": "Tổ chức cấp trên đã giải thể."}}
	case !parent.Kind.CanContain(in.Kind):
		return &Error{Code: CodeInvalid, Message: fmt.Sprintf("%s không thể trực thuộc %s.", in.Kind.Label(), parent.Kind.Label()),
			Fields: Fields{"kind": fmt.Sprintf("%s không có tổ chức trực thuộc loại này.", parent.Kind.Label())}}
	case in.ValidFrom.Before(parent.ValidFrom):
		return &Error{Code: CodeInvalid, Message: "Ngày thành lập trước ngày thành lập tổ chức cấp trên.", Fields: Fields{"valid_from": "Ngày thành lập trước ngày thành lập tổ chức cấp trên."}}
	}
	return nil
}

// CheckRestructure checks that the actor may rename, move, merge, split or
// dissolve o under a decision dated on: staff work below the organisation
// that gives them their scope, not on it; a closed organisation changes no
// more; and a decision is not dated before the organisation was founded.
func CheckRestructure(a Actor, o Org, on Date) error {
	if err := CheckWritesOrgs(a); err != nil {
		return err
	}
	if IsScopeRoot(a, o.Path) {
		return ErrForbiddenWrite
	}
	if !o.ValidTo.IsZero() {
		return Errorf(CodeConflict, "Tổ chức %s đã giải thể hoặc sáp nhập từ ngày %s.", o.Name, o.ValidTo)
	}
	if on.Before(o.ValidFrom) {
		return &Error{Code: CodeInvalid, Message: "Ngày quyết định trước ngày thành lập tổ chức.",
			Fields: Fields{"date": fmt.Sprintf("Phải từ ngày %s trở đi.", o.ValidFrom)}}
	}
	return nil
}

// IsScopeRoot tells whether path is one of the organisations that give the
// actor its scope: staff work below their organisation, not on it.
func IsScopeRoot(a Actor, path string) bool {
	return !a.All() && slices.Contains(a.Paths, path)
}

// CheckMove checks a new parent for o: open, outside o's own subtree, and of
// a kind that may contain o.
func CheckMove(o, parent Org) error {
	switch {
	case !parent.ValidTo.IsZero():
		return &Error{Code: CodeInvalid, Message: "Tổ chức cấp trên mới đã giải thể.", Fields: Fields{"parent_id": "Đã giải thể."}}
	case strings.HasPrefix(parent.Path, o.Path):
		return &Error{Code: CodeInvalid, Message: "Không thể chuyển một tổ chức vào chính nó hoặc tổ chức trực thuộc nó.", Fields: Fields{"parent_id": "Không thể chọn tổ chức này."}}
	case !parent.Kind.CanContain(o.Kind):
		return &Error{Code: CodeInvalid, Message: fmt.Sprintf("%s không thể trực thuộc %s.", o.Kind.Label(), parent.Kind.Label()), Fields: Fields{"parent_id": "Loại tổ chức cấp trên không phù hợp."}}
	}
	return nil
}

// ValidateMerge checks a merger's own fields: a numbered decision, at least
// one source, exactly one successor (existing or new, founded on the
// decision's date), and no organisation named twice.
func ValidateMerge(in *MergeInput) error {
	if err := ValidateDecision(&in.Decision); err != nil {
		return err
	}
	if len(in.SourceIDs) == 0 || (in.IntoID == 0) == (in.Into == nil) {
		return &Error{Code: CodeInvalid, Message: "Chọn các tổ chức sáp nhập và một tổ chức sau sáp nhập (đã có hoặc tạo mới).", Fields: Fields{"source_ids": "Chưa chọn tổ chức."}}
	}
	seen := map[int64]bool{in.IntoID: in.IntoID != 0}
	for _, id := range in.SourceIDs {
		if seen[id] {
			return &Error{Code: CodeInvalid, Message: "Danh sách tổ chức sáp nhập bị trùng.", Fields: Fields{"source_ids": "Trùng tổ chức."}}
		}
		seen[id] = true
	}
	if in.Into != nil {
		in.Into.ValidFrom = in.Date
		return ValidateOrg(in.Into)
	}
	return nil
}

// CheckAbsorb checks that src, with directMembers members of its own, may
// be absorbed by dst: members have their activity in a cell, so an
// organisation that has them merges only into a cell.
func CheckAbsorb(src, dst Org, directMembers int) error {
	if directMembers > 0 && !dst.Kind.IsCell() {
		return Errorf(CodeInvalid, "%s có đảng viên sinh hoạt trực tiếp, chỉ có thể sáp nhập vào một chi bộ.", src.Name)
	}
	return nil
}

// ValidateSplit checks a split's own fields: a numbered decision and at
// least two new organisations.
func ValidateSplit(in *SplitInput) error {
	if err := ValidateDecision(&in.Decision); err != nil {
		return err
	}
	if len(in.Parts) < 2 {
		return &Error{Code: CodeInvalid, Message: "Chia tách cần ít nhất hai tổ chức mới.", Fields: Fields{"parts": "Cần ít nhất hai tổ chức mới."}}
	}
	return nil
}

// CheckSplit checks how src is split: every open sub-organisation (children)
// and every active member (members) goes to exactly one part; each part is a
// valid organisation under src's parent, founded on the decision's date; and
// only a cell takes members.
func CheckSplit(src Org, in *SplitInput, children, members []int64) error {
	var gotKids, gotMembers []int64
	for _, p := range in.Parts {
		gotKids = append(gotKids, p.ChildIDs...)
		gotMembers = append(gotMembers, p.MemberIDs...)
	}
	sorted := func(s []int64) []int64 { s = slices.Clone(s); slices.Sort(s); return s }
	if !slices.Equal(sorted(gotKids), sorted(children)) || !slices.Equal(sorted(gotMembers), sorted(members)) {
		return &Error{Code: CodeInvalid, Message: "Mỗi tổ chức trực thuộc và mỗi đảng viên của tổ chức bị chia tách phải được giao cho đúng một tổ chức mới.", Fields: Fields{"parts": "Phân chia chưa đủ hoặc bị trùng."}}
	}
	for i := range in.Parts {
		p := &in.Parts[i]
		p.Org.ParentID, p.Org.ValidFrom = src.ParentID, in.Date
		if err := ValidateOrg(&p.Org); err != nil {
			return err
		}
		if len(p.MemberIDs) > 0 && !p.Org.Kind.IsCell() {
			return Errorf(CodeInvalid, "Chỉ chi bộ mới nhận đảng viên (%s).", p.Org.Name)
		}
	}
	return nil
}

// CheckDissolve: an organisation is dissolved only once it has no open
// sub-organisation and no active member; they are moved or merged first.
func CheckDissolve(o Org, children, members int) error {
	if children > 0 || members > 0 {
		return Errorf(CodeConflict, "Không thể giải thể %s: còn %d tổ chức trực thuộc và %d đảng viên đang sinh hoạt. Hãy chuyển hoặc sáp nhập trước.", o.Name, children, members)
	}
	return nil
}

// ValidateRename checks a renaming: a numbered decision and a new name,
// returned cleaned.
func ValidateRename(name string, dec *Decision) (string, error) {
	if err := ValidateDecision(dec); err != nil {
		return name, err
	}
	name = cleanText(name)
	if name == "" {
		return name, &Error{Code: CodeInvalid, Message: "Chưa nhập tên mới.", Fields: Fields{"name": "Chưa nhập tên mới."}}
	}
	return name, CheckText("name", "Tên tổ chức", viet.Proper, name)
}

// ErrRestructureRole answers a form for restructuring opened by a role that
// may not restructure.
var ErrRestructureRole = &Error{Code: CodeForbidden, Message: "Vai trò của bạn không được thay đổi cơ cấu tổ chức."}
