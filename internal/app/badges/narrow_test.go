package badges_test

import (
	"fmt"
	"slices"
	"testing"

	"dangvien/internal/app/badges"
	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// memberSince opens an official record whose party age starts on the
// admission decision of day decided (born 25 years before it), recognised
// after the 12 months.
func memberSince(t *testing.T, db *store.DB, cell domain.Org, name, cid, decided string) domain.Member {
	t.Helper()
	return official(t, db, cell, domain.MemberFields{FullName: name, Gender: domain.Female, BirthDate: D(decided).AddYears(-25), Ethnicity: "01", CitizenID: cid}, D(decided), 14)
}

// The list reads the members by the day their party age starts, in one
// window per badge, and apart the few whose day moves (store.BadgeMembers).
// Members whose day a period without party activity (a note, or the gap
// between a transfer out and the transfer in), a serious illness or a
// warning moves across an award date are still found, on the list of the
// date the rules give and on no other: every list is what the rules
// (domain.BadgeDue) say of every official member of the province.
func TestBadgeListFindsMembersWhoseDayMoved(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		svc := &badges.Service{DB: db}
		ms := &members.Service{DB: db}
		staff := Actor(domain.RoleStaff, f.Province)
		// 30 years on 01/08/2026 (the 02/09/2026 list), less 182 days
		// without party activity in 2000: reached on 30/01/2027.
		brk := memberSince(t, db, f.CellA1, "Lò Thị Nga", "001160000001", "1996-08-01")
		if _, err := svc.AddNote(ctx, staff, brk.ID, domain.PartyAgeNote{Kind: "break", From: D("2000-01-01"), To: D("2000-07-01"), Note: "Mất liên lạc, biên bản 4/CB"}); err != nil {
			t.Fatal(err)
		}
		// 40 years on 15/09/2026 (the 07/11/2026 list), less the 92 days
		// between a transfer out and the transfer in, in 1990: 16/12/2026.
		gap := memberSince(t, db, f.CellA2, "Vi Văn Pha", "001160000002", "1986-09-15")
		for _, e := range []domain.Event{{Kind: domain.EventTransferredOut, Date: D("1990-03-01"), Decision: "5-GGT/HU"}, {Kind: domain.EventTransferredIn, Date: D("1990-06-01"), Decision: "5-GGT/HU"}} {
			if _, _, err := ms.AddEvent(ctx, domain.System, gap.ID, e); err != nil {
				t.Fatal(err)
			}
		}
		// 70 years on 01/12/2028; seriously ill from 01/06/2026: up to 24
		// months early, 01/12/2026.
		ill := memberSince(t, db, f.CellB1, "Hà Văn Quý", "001160000003", "1958-12-01")
		if _, err := svc.AddNote(ctx, staff, ill.ID, domain.PartyAgeNote{Kind: "ill", From: D("2026-06-01"), Note: "Bệnh án 31/BV tỉnh"}); err != nil {
			t.Fatal(err)
		}
		// 30 years on 15/12/2026; a warning of 01/09/2026 holds it to
		// 01/03/2027: the 19/05/2027 list.
		warn := memberSince(t, db, f.CellA1, "Sầm Văn Rạng", "001160000004", "1996-12-15")
		if _, _, err := ms.AddEvent(ctx, domain.System, warn.ID, domain.Event{Kind: domain.EventDisciplined, Discipline: "warning", Date: D("2026-09-01"), Decision: "8-QĐ/UBKT"}); err != nil {
			t.Fatal(err)
		}
		// 30 years on 01/12/2026, less 100 days without activity in 2001:
		// 11/03/2027, out of the 03/02/2027 list and on the next.
		late := memberSince(t, db, f.CellB1, "Lục Thị Sen", "001160000005", "1996-12-01")
		if _, err := svc.AddNote(ctx, staff, late.ID, domain.PartyAgeNote{Kind: "break", From: D("2001-01-01"), To: D("2001-04-11"), Note: "Không sinh hoạt, quyết định 9/ĐU"}); err != nil {
			t.Fatal(err)
		}
		plain := memberSince(t, db, f.CellA2, "Đinh Văn Tài", "001160000006", "1996-12-20")

		var ids []int64
		rows, err := db.SQL().Query("SELECT id FROM members WHERE status = 'official' ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		// The rules over every official member, without the windows.
		every := func(from, award domain.Date) []string {
			var out []string
			err := db.Read(ctx, domain.System, func(tx *store.Tx) error {
				for _, id := range ids {
					m, err := tx.Member(id)
					if err != nil {
						return err
					}
					facts, err := tx.BadgeFactsOf(m)
					if err != nil {
						return err
					}
					if c, ok := domain.BadgeDue(facts, from, award); ok {
						out = append(out, fmt.Sprintf("%d %d", id, c.Years))
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(out)
			return out
		}
		due := map[string][]string{}
		for _, award := range []string{"2026-09-02", "2026-11-07", "2027-02-03", "2027-05-19", "2027-09-02"} {
			l, err := svc.List(ctx, staff, f.Province.ID, D(award), domain.Date{})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range l.Rows {
				got = append(got, fmt.Sprintf("%d %d", r.MemberID, r.Case.Years))
			}
			slices.Sort(got)
			if want := every(l.From, l.Award); !slices.Equal(got, want) {
				t.Errorf("list of %s: %v, the rules over every member: %v", award, got, want)
			}
			due[award] = got
		}
		on := func(award string, m domain.Member, years int) bool {
			return slices.Contains(due[award], fmt.Sprintf("%d %d", m.ID, years))
		}
		for _, c := range []struct {
			award string
			m     domain.Member
			years int
			want  bool
		}{
			{"2026-09-02", brk, 30, false}, {"2027-02-03", brk, 30, true},
			{"2026-11-07", gap, 40, false}, {"2027-02-03", gap, 40, true},
			{"2027-02-03", ill, 70, true},
			{"2027-02-03", warn, 30, false}, {"2027-05-19", warn, 30, true},
			{"2027-02-03", late, 30, false}, {"2027-05-19", late, 30, true},
			{"2027-02-03", plain, 30, true},
		} {
			if on(c.award, c.m, c.years) != c.want {
				t.Errorf("%s on the list of %s for %d years: %v, want %v (%v)", c.m.FullName, c.award, c.years, !c.want, c.want, due[c.award])
			}
		}
	})
}
