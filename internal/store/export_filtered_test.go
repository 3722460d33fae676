package store_test

import (
	"context"
	"slices"
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// The export of a list takes what the list's filter selects, every page of
// it, within the actor's scope: the list a user sees is the list they take.
func TestExportFiltered(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		ctx := context.Background()
		names := func(a domain.Actor, mf store.MemberFilter) ([]string, error) {
			var out []string
			err := db.ExportFiltered(ctx, a, mf, func(m domain.Member, code string, _ *domain.FeeProfile) error {
				out = append(out, m.FullName+" "+code)
				return nil
			})
			return out, err
		}
		staff := Actor(domain.RoleStaff, f.CommuneA)
		for _, c := range []struct {
			name string
			a    domain.Actor
			f    store.MemberFilter
			want []string
		}{
			{"the commune, unfiltered", staff, store.MemberFilter{OrgID: f.CommuneA.ID}, []string{"Trần Văn An X01-CB02", "Đặng Văn Đức X01-CB01", "Nguyễn Thị Hồng Thảo X01-CB01"}},
			{"women", staff, store.MemberFilter{OrgID: f.CommuneA.ID, Gender: "nu"}, []string{"Nguyễn Thị Hồng Thảo X01-CB01"}},
			{"by name, without marks", staff, store.MemberFilter{OrgID: f.CommuneA.ID, Q: "dang van"}, []string{"Đặng Văn Đức X01-CB01"}},
			{"the whole scope", staff, store.MemberFilter{Status: "probationary", Gender: "nam"}, []string{"Trần Văn An X01-CB02", "Đặng Văn Đức X01-CB01"}},
			{"a member: their own record", domain.Actor{Role: domain.RoleMember, MemberID: f.Thao.ID}, store.MemberFilter{OrgID: f.CellA1.ID}, []string{"Nguyễn Thị Hồng Thảo X01-CB01"}},
		} {
			got, err := names(c.a, c.f)
			if err != nil || !slices.Equal(got, c.want) {
				t.Errorf("%s: %q %v", c.name, got, err)
			}
		}
		if _, err := names(staff, store.MemberFilter{OrgID: f.CommuneB.ID}); domain.ErrorCode(err) != domain.CodeNotFound {
			t.Errorf("another commune: %v", err)
		}
		if _, err := names(staff, store.MemberFilter{OrgID: f.CommuneA.ID, Status: "gone"}); domain.ErrorCode(err) != domain.CodeInvalid {
			t.Errorf("a bad status: %v", err)
		}
	})
}
