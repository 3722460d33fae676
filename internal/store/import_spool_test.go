package store

import (
	"fmt"
	"os"
	"reflect"
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

var sampleFold, sampleKey = viet.Fold("Nguyễn Thị Hồng Thảo"), viet.SortKey("Nguyễn Thị Hồng Thảo")

func spoolSample(i int) spoolRow {
	f := domain.MemberFields{FullName: "Nguyễn Thị Hồng Thảo " + itoa(i), OtherNames: "Thảo", Gender: domain.Female,
		BirthDate: domain.MustDate("1930-04-12").AddDays(i), Hometown: "Xã Đạo Trù", Ethnicity: "01", CitizenID: fmt.Sprintf("%012d", i),
		CardNumber: "79.0-" + itoa(i), Education: "thpt", AdmissionDate: domain.MustDate("1970-01-01").AddDays(i - 3),
		Workplace: "Trường \u202e THCS", Army: i%2 == 0, Retired: i%3 == 0}
	if i%2 == 1 {
		f.OfficialDate = f.AdmissionDate.AddYears(1)
	}
	f.DecisionDate, f.DecisionCopied = f.AdmissionDate.AddDays(-20), i%4 == 0
	r := spoolRow{Row: i + 2, Org: i % 7, Fields: f, Fold: sampleFold + " " + itoa(i), SortKey: append([]byte{byte(i)}, sampleKey...), Search: "n ng",
		Status: domain.StatusOfficial, Exempted: i%5 == 0}
	if i%3 == 1 {
		r.Fee = &domain.FeeProfile{Category: domain.FeeSalaried, Base: int64(i) * 1000, Tier: i % 4, PastWorkingAge: i%2 == 0, Exemption: domain.FeeExemptPoor}
	}
	return r
}

// What goes into the spool comes out the same, from memory and from the
// temporary file, and can be read twice (the recheck after a refused write).
func TestSpoolRoundTrip(t *testing.T) {
	for _, n := range []int{3, 30000} { // the second spills to a file
		var sp spool
		for i := range n {
			r := spoolSample(i)
			if err := sp.put(&r); err != nil {
				t.Fatal(err)
			}
		}
		if (sp.f != nil) != (n > 3) {
			t.Fatalf("%d rows: on file %v", n, sp.f != nil)
		}
		for pass := range 2 {
			rd, err := sp.reader()
			if err != nil {
				t.Fatal(err)
			}
			// Compared once all are read: the strings of rows read earlier
			// share blocks that later reads must not write over.
			var all []spoolRow
			for {
				batch, err := rd.next(777)
				if err != nil {
					t.Fatal(err)
				}
				if len(batch) == 0 {
					break
				}
				all = append(all, batch...)
			}
			if len(all) != n {
				t.Fatalf("read %d of %d", len(all), n)
			}
			for got, r := range all {
				if want := spoolSample(got); !reflect.DeepEqual(r, want) {
					t.Fatalf("pass %d row %d:\n got %+v\nwant %+v", pass, got, r, want)
				}
			}
		}
		if sp.f != nil {
			name := sp.f.Name()
			sp.close()
			if _, err := os.Stat(name); !os.IsNotExist(err) {
				t.Fatalf("spool file left behind: %v", err)
			}
		}
	}
}

// The write phase builds member rows itself from what the check computed;
// they must be the rows that CreateMember writes.
func TestImportValuesAreMemberRows(t *testing.T) {
	org := domain.Org{ID: 4, Path: "/1/2/4/"}
	for _, d := range []Dialect{SQLite, Postgres} {
		db := &DB{Dialect: d}
		r := spoolSample(3)
		r.Fold, r.SortKey = viet.Fold(r.Fields.FullName), viet.SortKey(r.Fields.FullName)
		if d == Postgres {
			r.Search = searchText(&r.Fields)
		}
		want := db.memberRow(9, org, &r.Fields, domain.State{Status: r.Status, Exempted: r.Exempted}, "now")
		if got := db.importValues([]any{"before"}, 9, org, &r, "now"); !reflect.DeepEqual(got[1:], want) || got[0] != "before" {
			t.Errorf("%s:\n got %v\nwant %v", d, got, want)
		}
		if len(want) != len(db.memberColumns()) {
			t.Errorf("%s: %d values for %d columns", d, len(want), len(db.memberColumns()))
		}
	}
}

// searchTextFolded writes what searchText writes, for any name and numbers.
func TestSearchTextFolded(t *testing.T) {
	names := []string{"Nguyễn Thị Hồng Thảo", "Đặng Văn Đức", "  Lò  Thị   Ón ", "Hà-Nhì A Pa", "Ꞗ ǅ Ǆ", "Nguyễn Thị", "A", "", "O'Neil Ba", "Thảo\u0301 Mỹ", "Nông\tVăn\u00a0Dền"}
	numbers := []string{"", "001190012345", "79.012-345", "ab12", "12\x0034", "1 2 3", "ĐV-12", "x\x7fy", "07\t08"}
	for _, n := range names {
		for _, c := range numbers {
			for _, id := range numbers {
				f := &domain.MemberFields{FullName: n, CardNumber: c, CitizenID: id}
				if got, want := searchTextFolded(viet.Fold(n), f), searchText(f); got != want {
					t.Errorf("%q %q %q:\n got %q\nwant %q", n, c, id, got, want)
				}
			}
		}
	}
}
