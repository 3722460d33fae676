package sheet

import (
	"fmt"
	"strings"
	"testing"

	"dangvien/internal/app/fees"
	"dangvien/internal/domain"
	"dangvien/internal/store/storetest"
)

// BenchmarkImportJoinsOpenSheet measures what putting imported members on
// their cell's open collection sheet costs an import: the same 2,000 rows
// into a cell whose sheet for the month is open, and, as the baseline in
// the same run, into one whose sheet is not.
//
//	go test -run X -bench ImportJoinsOpenSheet ./internal/sheet/
func BenchmarkImportJoinsOpenSheet(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Họ và tên;Giới tính;Ngày sinh;Dân tộc;Ngày quyết định kết nạp;Ngày lễ kết nạp;Đối tượng đóng đảng phí;Tiền lương, thu nhập hoặc lương hưu (đồng)\n")
	for i := range 2000 {
		fmt.Fprintf(&sb, "Lò Văn Thử;Nam;01/01/1970;Thái;01/10/1995;10/10/1995;Nghỉ hưu;%d\n", 4_000_000+i)
	}
	file := []byte(sb.String())
	for _, c := range []struct {
		name string
		open bool
	}{{"sheet not open", false}, {"sheet open", true}} {
		b.Run(c.name, func(b *testing.B) {
			db := storetest.SQLite(b)
			f := storetest.Fixture(b, db)
			if c.open {
				if _, err := (&fees.Service{DB: db}).OpenMonth(ctx, domain.System, f.CellA1.ID, domain.MonthOf(today)); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				res, err := Import(ctx, db, domain.System, "ds.csv", opener(file), f.CellA1.Code, today)
				if err != nil || (c.open && res.Joined != 2000) {
					b.Fatalf("%+v %v", res, err)
				}
			}
			b.ReportMetric(float64(b.N*2000)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
