package sheet

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// An import must not tell whether a citizen ID or card number is on file
// outside the importer's scope (Nghị định 13/2023/NĐ-CP; issue 8): every
// reason outside the scope that a row cannot take a number gets one neutral
// sentence, in the answer and in the error copy, with the same structure.
func TestImportIsNoMembershipOracle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := storetest.Fixture(t, db)
		// Holders outside commune A, for different reasons: on the roll,
		// removed, transferred out, dead.
		other := func(name, cid, card string, end domain.EventKind) {
			ms := &members.Service{DB: db}
			m, err := ms.Create(ctx, domain.System, f.CellB1.ID, domain.MemberFields{FullName: name, Gender: domain.Male, BirthDate: storetest.D("1970-01-01"),
				Ethnicity: "01", CitizenID: cid, CardNumber: card}, domain.Event{Kind: domain.EventAdmitted, Date: storetest.D("1995-01-01"), Decided: storetest.D("1994-12-15")})
			if err != nil {
				t.Fatal(err)
			}
			if end != "" {
				if _, _, err := ms.AddEvent(ctx, domain.System, m.ID, domain.Event{Kind: end, Date: storetest.D("2020-01-01"), Reason: "x", Decision: "9-QĐ/ĐU"}); err != nil { // a removal is by a numbered decision
					t.Fatal(err)
				}
			}
		}
		other("Phí Văn Xóa", "001070000771", "79000771", domain.EventRemoved)
		other("Phí Văn Chuyển", "001070000772", "79000772", domain.EventTransferredOut)
		other("Phí Văn Mất", "001070000773", "79000773", domain.EventDied)
		head := "Mã tổ chức,Họ và tên,Giới tính,Ngày sinh,Dân tộc,Số CCCD,Số thẻ đảng viên,Ngày vào Đảng\n"
		line := func(name, cid, card string) string {
			return fmt.Sprintf("X01-CB01,%s,Nam,01/01/1980,Kinh,%s,%s,19/05/2005\n", name, cid, card)
		}
		file := head +
			line("Hà Văn Một", f.Hoa.CitizenID, "") + // row 2: on the roll outside the scope
			line("Hà Văn Hai", "001070000771", "") + // row 3: removed, outside
			line("Hà Văn Ba", "001070000772", "") + // row 4: transferred out, outside
			line("Hà Văn Bốn", "001070000773", "") + // row 5: dead, outside
			line("Hà Văn Năm", "", f.Hoa.CardNumber) + // row 6: card on the roll outside
			line("Hà Văn Sáu", "", "79000773") + // row 7: card of the dead, outside
			line("Hà Văn Bảy", f.Thao.CitizenID, "") + // row 8: in the scope: said plainly
			line("Hà Văn Tám", "001080000999", "") // row 9: fine
		staffA := storetest.Actor(domain.RoleStaff, f.CommuneA)
		_, err := Import(ctx, db, staffA, "ds.csv", opener([]byte(file)), "", today)
		var ie *domain.ImportError
		if !errors.As(err, &ie) {
			t.Fatalf("want an ImportError, got %v", err)
		}
		byRow := map[int][]domain.RowError{}
		for _, r := range ie.Rows {
			byRow[r.Row] = append(byRow[r.Row], r)
		}
		// The name beside each problem is the row's own, from the file.
		same := func(rows []int, want domain.RowError) {
			for _, n := range rows {
				want.Row = n
				if len(byRow[n]) != 1 || byRow[n][0].Column != want.Column || byRow[n][0].Reason != want.Reason || !strings.HasPrefix(byRow[n][0].Name, "Hà Văn") {
					t.Errorf("row %d: %+v, want exactly %+v", n, byRow[n], want)
				}
			}
		}
		same([]int{2, 3, 4, 5}, domain.RowError{Column: "Số CCCD", Reason: "Số CCCD không dùng được; liên hệ Ban Tổ chức cấp trên."})
		same([]int{6, 7}, domain.RowError{Column: "Số thẻ đảng viên", Reason: "Số thẻ đảng viên không dùng được; liên hệ Ban Tổ chức cấp trên."})
		same([]int{8}, domain.RowError{Column: "Số CCCD", Reason: "Số CCCD đã có trong hồ sơ đảng viên khác."})
		if len(byRow[9]) != 0 || ie.Count() != 7 {
			t.Errorf("%d problems: %v", ie.Count(), ie.Rows)
		}
		for _, r := range ie.Rows {
			if r.Row == 8 {
				continue
			}
			for _, leak := range []string{"đã có", "hồ sơ", "đảng viên khác", "Hoa", "Xóa", "Chuyển", "Mất", "tổ dân phố", "X02", "xóa tên", "từ trần", "chuyển"} {
				if strings.Contains(strings.ToLower(r.Reason), strings.ToLower(leak)) {
					t.Errorf("row %d tells %q: %q", r.Row, leak, r.Reason)
				}
			}
		}
		// The error copy says the same on each of those rows.
		var buf bytes.Buffer
		if err := WriteErrorCopy("ds.csv", opener([]byte(file)), ie.Rows, &buf); err != nil {
			t.Fatal(err)
		}
		x, err := excelize.OpenReader(&buf)
		if err != nil {
			t.Fatal(err)
		}
		sheetRows, _ := x.GetRows(x.GetSheetList()[0])
		note := func(n int) string {
			r := sheetRows[n-1]
			if len(r) <= len(Columns) {
				return ""
			}
			return r[len(Columns)]
		}
		for _, group := range [][]int{{2, 3, 4, 5}, {6, 7}} {
			for _, n := range group[1:] {
				if note(n) != note(group[0]) || note(n) == "" {
					t.Errorf("error copy: row %d says %q, row %d says %q", group[0], note(group[0]), n, note(n))
				}
			}
		}
		// One reason alone or another alone: the answers have the same shape.
		one := func(cid string) []domain.RowError {
			_, err := Import(ctx, db, staffA, "ds.csv", opener([]byte(head+line("Hà Văn Một", cid, ""))), "", today)
			var ie *domain.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("%s: %v", cid, err)
			}
			return ie.Rows
		}
		a, b := one(f.Hoa.CitizenID), one("001070000773")
		if fmt.Sprint(a) != fmt.Sprint(b) {
			t.Errorf("an active holder and a dead one answer differently:\n%v\n%v", a, b)
		}
		// The scope decides: an administrator is told plainly.
		_, err = Import(ctx, db, domain.System, "ds.csv", opener([]byte(head+line("Hà Văn Một", f.Hoa.CitizenID, ""))), "", today)
		if !errors.As(err, &ie) || ie.Rows[0].Reason != "Số CCCD đã có trong hồ sơ đảng viên khác." {
			t.Errorf("administrator: %v", err)
		}
	})
}
