package domain

import (
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
