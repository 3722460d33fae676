// Package rules holds the user actions on the party's rules as data: every
// number the system enforces or computes, with the text it comes from and
// the day it applies from, and the regional minimum wages. Everyone who
// works in the system reads them; an administrator adds a new version.
package rules

import (
	"context"
	"slices"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// Service runs the rule actions against a database.
type Service struct{ DB *store.DB }

// RuleView is one rule with its versions, newest first, and the one in
// force today.
type RuleView struct {
	Name     string        `json:"name"`
	Label    string        `json:"label"`
	Unit     string        `json:"unit"`
	Area     string        `json:"area"`
	Verify   bool          `json:"configurable"` // a figure to be confirmed against the guidance in force
	Current  domain.Rule   `json:"current"`
	Versions []domain.Rule `json:"versions"`
}

// ListView is every rule by area, and the regional minimum wages.
type ListView struct {
	Rules    []RuleView       `json:"rules"`
	Wages    []domain.MinWage `json:"min_wages"`
	CanWrite bool             `json:"-"`
}

// areas names the area of a rule by the first part of its name.
var areas = map[string]string{"admission": "Kết nạp", "probation": "Dự bị", "recognition": "Công nhận chính thức", "cell": "Chi bộ",
	"removal": "Xóa tên", "meeting": "Sinh hoạt chi bộ", "fee": "Đảng phí",
	"holiday":  "Ngày nghỉ lễ, tết",
	"transfer": "Chuyển sinh hoạt đảng", "away": "Đảng viên đi làm ăn xa", "residence": "Quy định 213 (nơi cư trú)"}

// AreaOf is the Vietnamese name of a rule's area.
func AreaOf(name string) string {
	head, _, _ := strings.Cut(name, ".")
	if a, ok := areas[head]; ok {
		return a
	}
	return "Khác"
}

// List reads every rule and the regional minimum wages. Members of the
// party reading their own record have no use for it.
func (s *Service) List(ctx context.Context, a domain.Actor) (ListView, error) {
	if a.Role == domain.RoleMember {
		return ListView{}, domain.ErrNotFound
	}
	v := ListView{CanWrite: a.All()}
	today := domain.DateOf(s.DB.Now())
	for _, n := range domain.Rules.Names() {
		vs := domain.Rules.Versions(n)
		rv := RuleView{Name: n, Label: vs[0].Label, Unit: vs[0].Unit, Area: AreaOf(n), Versions: vs}
		for _, r := range vs {
			rv.Verify = rv.Verify || r.Verify
		}
		rv.Current, _ = domain.Rules.At(n, today)
		v.Rules = append(v.Rules, rv)
	}
	slices.SortStableFunc(v.Rules, func(x, y RuleView) int { return strings.Compare(x.Area, y.Area) })
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		v.Wages, err = tx.MinWages()
		return err
	})
	return v, err
}

// VersionInput is a new version of a rule.
type VersionInput struct {
	Value     int         `json:"value"`
	Source    string      `json:"source"`
	ValidFrom domain.Date `json:"valid_from"`
}

// AddVersion records a new version of a rule, from a day after the latest
// one; from that day the system computes with it.
func (s *Service) AddVersion(ctx context.Context, a domain.Actor, name string, in VersionInput) (RuleView, error) {
	r := domain.Rule{Name: name, Value: in.Value, Source: viet.Clean(in.Source), ValidFrom: in.ValidFrom}
	if !a.All() {
		return RuleView{}, domain.ErrForbiddenWrite
	}
	err := s.DB.Write(ctx, a, func(tx *store.Tx) error {
		// Checked against what the database holds now, in the transaction
		// that writes it: another server may have added a version.
		rs, err := tx.RuleVersions()
		if err != nil {
			return err
		}
		if err := domain.NewRuleTable(append(domain.BaseRules(), rs...)).CheckNewVersion(r); err != nil {
			return err
		}
		return tx.AddRuleVersion(r)
	})
	if err != nil {
		return RuleView{}, err
	}
	if err := s.DB.LoadRules(ctx); err != nil {
		return RuleView{}, err
	}
	vs := domain.Rules.Versions(name)
	rv := RuleView{Name: name, Label: vs[0].Label, Unit: vs[0].Unit, Area: AreaOf(name), Versions: vs}
	rv.Current, _ = domain.Rules.At(name, domain.DateOf(s.DB.Now()))
	return rv, nil
}
