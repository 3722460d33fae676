package store_test

import (
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// Records kept before the admission had two dates get both (RULES.md,
// Probation and recognition): the decision's is taken to be the ceremony's
// day, and each is marked to be completed ("Ngày quyết định kết nạp chưa
// được xác nhận"), listed by the member list's filter; the admission events
// recorded before keep the decision's date blank (not known).
func TestMigrationGivesOldRecordsBothDates(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		if err := store.MigrateRedo(ctx, db, 45); err != nil {
			t.Fatal(err)
		}
		ms := membersOf(db)
		m, err := ms.Member(ctx, domain.System, f.Thao.ID)
		if err != nil || !m.DecisionCopied || !m.DecisionDate.Equal(f.Thao.AdmissionDate) || !m.AdmissionDate.Equal(f.Thao.AdmissionDate) {
			t.Fatalf("%+v %v", m.MemberFields, err)
		}
		ev, err := ms.Events(ctx, domain.System, m.ID)
		if err != nil || ev[0].Kind != domain.EventAdmitted || !ev[0].Decided.IsZero() {
			t.Fatalf("admission event: %+v %v", ev, err)
		}
		todo, err := ms.List(ctx, domain.System, store.MemberFilter{Status: store.StatusUnconfirmed})
		if err != nil || todo.Total != 5 {
			t.Fatalf("records to complete: %d %v", todo.Total, err)
		}
		// Confirmed, the record leaves the list; the event gets the date.
		if _, err := ms.ConfirmDecision(ctx, Actor(domain.RoleSecretary, f.CellA1), f.Thao.ID, D("2015-04-28"), nil); err != nil {
			t.Fatal(err)
		}
		todo, _ = ms.List(ctx, domain.System, store.MemberFilter{Status: store.StatusUnconfirmed})
		ev, _ = ms.Events(ctx, domain.System, m.ID)
		if todo.Total != 4 || ev[0].Decided.ISO() != "2015-04-28" {
			t.Fatalf("after confirming: %d to complete, event %+v", todo.Total, ev[0])
		}
	})
}
