package rules_test

import (
	"context"
	"testing"

	"dangvien/internal/app/rules"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// Rules are data (issue 10): everyone who works in the system reads every
// rule with its text and date; an administrator adds a version from a day
// after the latest, audited, and the system computes with it from that day.
func TestRuleVersions(t *testing.T) {
	ctx := context.Background()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		svc := &rules.Service{DB: db}
		v, err := svc.List(ctx, Actor(domain.RoleSecretary, f.CellA1))
		if err != nil || len(v.Rules) < 20 || len(v.Wages) < 8 || v.CanWrite {
			t.Fatalf("list: %d rules, %d wages, %v", len(v.Rules), len(v.Wages), err)
		}
		for _, r := range v.Rules {
			if r.Label == "" || r.Current.Source == "" || r.Area == "" {
				t.Fatalf("rule without label or source: %+v", r)
			}
		}
		if _, err := svc.List(ctx, Actor(domain.RoleMember)); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Fatalf("a member reads the rules: %v", err)
		}
		in := rules.VersionInput{Value: 100, Source: "Hướng dẫn mới (thử nghiệm)", ValidFrom: D("2031-01-01")}
		if _, err := svc.AddVersion(ctx, Actor(domain.RoleStaff, f.Province), "meeting.min_minutes", in); domain.ErrorCode(err) != domain.CodeForbidden {
			t.Fatalf("staff adds a version: %v", err)
		}
		if _, err := svc.AddVersion(ctx, domain.System, "meeting.min_minutes", rules.VersionInput{Value: 100, Source: "Lùi ngày", ValidFrom: D("1929-01-01")}); domain.ErrorCode(err) != domain.CodeInvalid {
			t.Fatalf("a version dated before the one in force: %v", err)
		}
		rv, err := svc.AddVersion(ctx, domain.System, "meeting.min_minutes", in)
		if err != nil || len(rv.Versions) < 2 || rv.Versions[0].Value != 100 {
			t.Fatalf("add: %+v %v", rv, err)
		}
		if domain.Rules.Int("meeting.min_minutes", D("2030-12-31")) != 90 || domain.Rules.Int("meeting.min_minutes", D("2031-01-01")) != 100 {
			t.Fatal("the rule table does not use the new version")
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}
