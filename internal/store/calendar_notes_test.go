package store_test

import (
	"strings"
	"testing"

	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// The calendar's days off of Tết Dương lịch 2026 name their source, with no
// note for whoever entered them.
func TestCalendarNotesNameTheirSource(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		rows, err := db.SQL().Query("SELECT note FROM calendar_days")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		sourced := 0
		for rows.Next() {
			var note string
			if err := rows.Scan(&note); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(note, "đối chiếu") {
				t.Errorf("a note for developers reaches users: %s", note)
			}
			if strings.Contains(note, "theo Công văn 12729/VPCP-KGVX") {
				sourced++
			}
		}
		if sourced != 2 {
			t.Errorf("%d notes name Công văn 12729/VPCP-KGVX, want 2", sourced)
		}
	})
}
