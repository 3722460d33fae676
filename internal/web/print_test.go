package web

import (
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"dangvien/internal/domain"
	"dangvien/internal/store/storetest"
)

var pdfPage = regexp.MustCompile(`/Type\s*/Page\b[^s]`)

// pdfPages counts the pages of a PDF that Chromium wrote.
func pdfPages(t *testing.T, pdf []byte) int {
	t.Helper()
	if !strings.HasPrefix(string(pdf), "%PDF-") {
		t.Fatalf("not a PDF: %.20q", pdf)
	}
	return len(pdfPage.FindAll(pdf, -1))
}

// ordinaryRecord fills a member's record as an ordinary one is: every field
// of the sheet, and the events of twenty years of membership.
func ordinaryRecord(t *testing.T, e *env, m domain.Member) {
	t.Helper()
	ms := membersOf(e.db)
	f := m.MemberFields
	f.OtherNames, f.Hometown, f.BirthPlace = "Nguyễn Thị Thảo", "Xã Hợp Châu, tỉnh Phú Thọ", "Bệnh viện Đa khoa tỉnh Vĩnh Phúc, phường Liên Bảo"
	f.Address, f.Religion, f.Phone = "Số 12, ngõ 34, thôn Đồng Bùa, xã Hợp Châu, tỉnh Phú Thọ", "Không", "0912345678"
	f.FileNumber, f.Occupation, f.Workplace = "HS-2015-0456", "Giáo viên", "Trường Trung học cơ sở Hợp Châu, xã Hợp Châu"
	f.PartyPosition, f.GovPosition, f.ForeignLanguage = "Phó Bí thư chi bộ", "Phó Hiệu trưởng", "Tiếng Anh B1"
	f.Qualification, f.TheoryLevel = "dai_hoc", "trung_cap"
	if _, err := ms.Update(ctxb, domain.System, m.ID, f, nil); err != nil {
		t.Fatal(err)
	}
	for _, ev := range []domain.Event{
		{Kind: domain.EventRecognised, Date: domain.MustDate("2016-05-20"), Decision: "45-QĐ/ĐU", Reason: "Đủ điều kiện công nhận đảng viên chính thức"},
		{Kind: domain.EventMoved, Date: domain.MustDate("2018-03-01"), Decision: "12-QĐ/ĐU", ToOrgID: e.f.CellA2.ID, Reason: "Chuyển nơi công tác"},
		{Kind: domain.EventMoved, Date: domain.MustDate("2019-09-01"), Decision: "30-QĐ/ĐU", ToOrgID: e.f.CellA1.ID, Reason: "Trở về nơi cư trú"},
		{Kind: domain.EventExempted, Date: domain.MustDate("2021-02-01"), Decision: "05-QĐ/CB", Reason: "Ốm dài ngày, điều trị tại bệnh viện tỉnh"},
		{Kind: domain.EventRestored, Date: domain.MustDate("2021-08-01"), Decision: "19-QĐ/CB", Reason: "Đã khỏi bệnh"},
		{Kind: domain.EventDisciplined, Date: domain.MustDate("2023-06-15"), Decision: "07-QĐ/ĐU", Discipline: "reprimand", Reason: "Vi phạm quy định sinh hoạt chi bộ"},
	} {
		if _, _, err := ms.AddEvent(ctxb, domain.System, m.ID, ev); err != nil {
			t.Fatal(err)
		}
	}
}

// The A4 member sheet of an ordinary record prints on one page, with a
// frame for the 3×4 cm photo and a print button that does not print; a
// record of many events runs over, which shows the count is the sheet's.
func TestMemberSheetPrintsOnOnePage(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	ordinaryRecord(t, e, e.f.Thao)
	// Đức's record: the same, and then years of exemptions and returns.
	ms := membersOf(e.db)
	ordinaryRecord(t, e, e.f.Duc)
	for i := range 24 {
		kind := domain.EventExempted
		if i%2 == 1 {
			kind = domain.EventRestored
		}
		d := domain.MustDate("2023-07-01").AddMonths(i)
		if _, _, err := ms.AddEvent(ctxb, domain.System, e.f.Duc.ID, domain.Event{Kind: kind, Date: d, Decision: "1-QĐ/CB", Reason: "Theo đơn của đảng viên"}); err != nil {
			t.Fatal(err)
		}
	}
	ctx := browserCtx(t, 1280, 900)
	signInBrowser(t, ctx, e.srv.URL, "staff.a")
	sheet := e.srv.URL + "/dang-vien/" + id(e.f.Thao.ID) + "/in"
	if err := chromedp.Do(ctx, chromedp.Navigate(sheet), chromedp.WaitVisible(chromedp.CSS("button.print"))); err != nil {
		t.Fatal(err)
	}
	// The photo's frame is 3 × 4 cm: 113 × 151 CSS pixels.
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(function(){var r=document.querySelector(".photo").getBoundingClientRect();return [r.width,r.height]})()`))
	if err != nil || len(box) != 2 || box[0] < 112 || box[0] > 115 || box[1] < 150 || box[1] > 153 {
		t.Errorf("photo frame %v px (%v), want 113 × 151", box, err)
	}
	if s := textOf(t, ctx, ".photo"); !strings.Contains(s, "3 × 4") {
		t.Errorf("photo frame says %q", s)
	}
	// The button prints; in print it is not there.
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	if h := hiddenOf(t, ctx, "button.print"); !h["button.print"] {
		t.Error("the print button prints")
	}
	pages := func(url string) int {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatal(err)
		}
		pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
		if err != nil {
			t.Fatal(err)
		}
		return pdfPages(t, pdf)
	}
	if n := pages(sheet); n != 1 {
		t.Errorf("an ordinary record prints on %d pages", n)
	}
	if n := pages(e.srv.URL + "/dang-vien/" + id(e.f.Duc.ID) + "/in"); n < 2 {
		t.Errorf("a record of 30 events prints on %d page", n)
	}
}
