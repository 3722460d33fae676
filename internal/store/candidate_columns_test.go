package store_test

import (
	"testing"

	"dangvien/internal/app/admission"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// The lists of dossiers read what the admission rules need of a candidate
// (education and its exception, the Youth Union, the decision over 60)
// from columns, not the record's JSON (migration 00070): every write fills
// them as it writes the record, and the migration fills them for the
// dossiers kept before it, so a list says what the record says.
func TestCandidateRuleColumnsFollowTheRecord(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		svc := &admission.Service{DB: db}
		in := func(name, cid, birth, edu string) domain.CandidateInput {
			return domain.CandidateInput{MemberFields: domain.MemberFields{FullName: name, Gender: domain.Female, BirthDate: D(birth), Ethnicity: "01", CitizenID: cid, Education: edu},
				Source: "youth_union"}
		}
		// Below lower-secondary under the local exception; a Youth Union member.
		a := in("Lò Thị Mai", "011200000001", "2000-03-04", "tieu_hoc")
		a.EduException, a.EduExceptionNote, a.YouthUnion = true, "Xã vùng cao, đồng bào Thái", true
		// Over 60, with the decision that allows it.
		b := in("Hà Văn Nhất", "011200000002", "1964-01-10", "thcs")
		b.Over60Decision = "15-CV/TU"
		// Corrected after it was written: the exception taken back.
		c := in("Vi Thị Oanh", "011200000003", "1999-07-07", "tieu_hoc")
		c.EduException, c.EduExceptionNote = true, "Xã vùng cao"
		var ids []int64
		for _, x := range []domain.CandidateInput{a, b, c} {
			cand, err := svc.CreateCandidate(ctx, domain.System, f.CellA1.ID, x)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, cand.ID)
		}
		c.EduException, c.EduExceptionNote, c.YouthUnion = false, "", true
		if _, err := svc.UpdateCandidate(ctx, domain.System, ids[2], c); err != nil {
			t.Fatal(err)
		}
		same := func(when string) {
			t.Helper()
			err := db.Read(ctx, domain.System, func(tx *store.Tx) error {
				ds, err := tx.Dossiers(f.Province, store.CandidateFilter{Status: "all"})
				if err != nil {
					return err
				}
				if len(ds) != 3 {
					t.Fatalf("%s: %d dossiers", when, len(ds))
				}
				for _, d := range ds {
					rec, err := tx.Candidate(d.C.ID)
					if err != nil {
						return err
					}
					got, want := d.C, rec
					if got.Education != want.Education || got.EduException != want.EduException || got.YouthUnion != want.YouthUnion ||
						got.Over60Decision != want.Over60Decision || !got.BirthDate.Equal(want.BirthDate) || got.FullName != want.FullName || got.CitizenID != want.CitizenID {
						t.Errorf("%s: the list reads %+v, the record says %+v", when, got.CandidateInput, want.CandidateInput)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		same("written")
		if err := store.MigrateRedo(ctx, db, 70); err != nil {
			t.Fatal(err)
		}
		same("kept before the columns")
		// The rules read them: the exception spares one, not the other.
		p, err := svc.Pipeline(ctx, domain.System, f.Province.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range p.Stalls {
			if g.Reason == domain.StallEducation && (g.Count != 1 || g.Candidates[0].ID != ids[2]) {
				t.Fatalf("stalled on education: %+v", g)
			}
			if g.Reason == domain.StallAge && g.Count != 0 {
				t.Fatalf("stalled on age: %+v", g)
			}
		}
	})
}
