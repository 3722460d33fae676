package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// The screens of members on the move in a real browser, as two communes'
// officers use them: the sending commune's staff issue a letter from the
// member's page (it prints on one A4 page), record the residence tie of a
// member who lives in the other commune and a member leaving to work away;
// on a phone, the receiving commune's staff find the letter by its number
// and confirm the arrival, and a package changed after signing is refused
// with the reason; the residence cell's secretary writes the year's comment,
// which the workplace side then reads.
func TestMobilityInBrowser(t *testing.T) {
	e := testEnv(t)
	for _, u := range []store.UserInput{
		{Username: "staff.b", Role: domain.RoleStaff, OrgIDs: []int64{e.f.CommuneB.ID}},
		{Username: "secretary.b1", Role: domain.RoleSecretary, OrgIDs: []int64{e.f.CellB1.ID}},
	} {
		u.DisplayName, u.Password = "Người dùng "+u.Username, pw
		if _, err := e.db.CreateUser(ctxb, domain.System, u); err != nil {
			t.Fatal(err)
		}
	}
	base := e.srv.URL
	ctx := browserCtx(t, 1366, 768)
	signInBrowser(t, ctx, base, "staff.a")

	// The letter, from Thảo's page: the form opens, takes the receiving
	// cell's code in lower case, and the page then shows her in transit.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/dang-vien/"+id(e.f.Thao.ID)+"/chuyen-sinh-hoat"),
		chromedp.WaitVisible(chromedp.ID("lap-giay")),
		chromedp.Click(chromedp.CSS("#lap-giay details:nth-of-type(1) summary")),
		chromedp.WaitVisible(chromedp.ID("o-to")),
		chromedp.SendKeys(chromedp.ID("o-to"), "x02-cb01"),
		chromedp.SendKeys(chromedp.ID("o-eff"), "01/11/2026"),
		chromedp.SetValue(chromedp.ID("o-letter"), "16/11/2026"),
		chromedp.SendKeys(chromedp.ID("o-reason"), "Chuyển công tác"),
		chromedp.Click(chromedp.CSS("#lap-giay details:nth-of-type(1) button[type=submit]")),
		chromedp.WaitVisible(chromedp.ID("dang-chuyen")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, "p.flash"); s != "Đã lập giấy giới thiệu." {
		t.Errorf("flash %q", s)
	}
	open := textOf(t, ctx, "#dang-chuyen")
	for _, want := range []string{"1-GGT/X01", "Chi bộ tổ dân phố 1", "Hạn xuất trình", "28/12/2026"} {
		if !strings.Contains(open, want) {
			t.Errorf("the letter in transit lacks %q: %q", want, open)
		}
	}
	// The printed letter: its parts, on one A4 page.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`#dang-chuyen a[href^="/giay-gioi-thieu/"]`)),
		chromedp.WaitVisible(chromedp.CSS("article.sheet h1")),
	); err != nil {
		t.Fatal(err)
	}
	letter := textOf(t, ctx, "article.sheet")
	for _, want := range []string{"ĐẢNG CỘNG SẢN VIỆT NAM", "Số 1-GGT/X01", "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG", "Kính gửi:", "Nguyễn Thị Hồng Thảo",
		"Số thẻ đảng viên", "79012345", "30 ngày làm việc", "28/12/2026", "T/M ĐẢNG BỘ XÃ HỢP CHÂU", "PHIẾU BÁO ĐẢNG VIÊN ĐÃ ĐẾN SINH HOẠT"} {
		if !strings.Contains(letter, want) {
			t.Errorf("the letter lacks %q", want)
		}
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	if n := pdfPages(t, pdf); n != 1 {
		t.Errorf("the letter prints on %d pages", n)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "screen"}); err != nil {
		t.Fatal(err)
	}

	// Đức lives in ward Trưng Trắc: the introduction he presented there,
	// then his leaving to work away with the committee's exemption.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/dang-vien/"+id(e.f.Duc.ID)+"/chuyen-sinh-hoat"),
		chromedp.WaitVisible(chromedp.ID("noi-cu-tru")),
		chromedp.Click(chromedp.CSS("#noi-cu-tru details summary")),
		chromedp.WaitVisible(chromedp.ID("c-code")),
		chromedp.SendKeys(chromedp.ID("c-code"), "X02-CB01"),
		chromedp.SetValue(chromedp.ID("c-on"), "01/03/2024"),
		chromedp.Click(chromedp.CSS("#noi-cu-tru details button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, "#noi-cu-tru"); !strings.Contains(s, "Chi bộ tổ dân phố 1") || !strings.Contains(s, "Chưa đến hạn") || !strings.Contains(s, "31/12/2026") {
		t.Errorf("the residence tie: %q", s)
	}
	away := func(exemptTo, then string) error {
		return chromedp.Do(ctx,
			chromedp.Navigate(base+"/dang-vien/"+id(e.f.Duc.ID)+"/chuyen-sinh-hoat"),
			chromedp.WaitVisible(chromedp.ID("lam-an-xa")),
			chromedp.Click(chromedp.CSS("#lam-an-xa details summary")),
			chromedp.WaitVisible(chromedp.ID("a-place")),
			chromedp.SendKeys(chromedp.ID("a-place"), "Khu công nghiệp VSIP, Bình Dương"),
			chromedp.SendKeys(chromedp.ID("a-since"), "01/10/2026"),
			chromedp.SendKeys(chromedp.ID("a-contact"), "0912 345 678"),
			chromedp.SendKeys(chromedp.ID("a-touch"), "Gọi điện cho bí thư hằng tháng"),
			chromedp.SendKeys(chromedp.ID("a-ef"), "01/10/2026"),
			chromedp.SendKeys(chromedp.ID("a-et"), exemptTo),
			chromedp.SendKeys(chromedp.ID("a-ed"), "12-QĐ/ĐU"),
			chromedp.Click(chromedp.CSS("#lam-an-xa details button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS(then)),
		)
	}
	// An exemption of twelve months is refused, saying why, and keeps what was typed.
	if err := away("01/10/2027", "div.error"); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, "div.error"); !strings.Contains(s, "dưới 12 tháng") {
		t.Errorf("a 12-month exemption: %q", s)
	}
	if v, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("a-place"))); err != nil || v != "Khu công nghiệp VSIP, Bình Dương" {
		t.Errorf("the form lost what was typed: %q %v", v, err)
	}
	if err := away("30/09/2027", "p.flash"); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, "#lam-an-xa"); !strings.Contains(s, "Khu công nghiệp VSIP") || !strings.Contains(s, "01/10/2026 – 30/09/2027") {
		t.Errorf("working away: %q", s)
	}

	// The receiving commune's staff, on a phone: the letter by its number,
	// confirmed; the page fits the screen.
	ph := browserCtx(t, 390, 844)
	signInBrowser(t, ph, base, "staff.b")
	if err := chromedp.Do(ph,
		chromedp.Navigate(base+"/to-chuc/"+id(e.f.CommuneB.ID)+"/chuyen-sinh-hoat"),
		chromedp.WaitVisible(chromedp.ID("so")),
		chromedp.SendKeys(chromedp.ID("so"), "1-GGT/X01\n"),
		chromedp.WaitVisible(chromedp.CSS(`#nhan-giay form.edit input[name=presented_on]`)),
	); err != nil {
		t.Fatal(err)
	}
	if wide, err := chromedp.Run(ph, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)); err != nil || wide {
		t.Errorf("the page is wider than a phone: %v %v", wide, err)
	}
	if err := chromedp.Do(ph,
		chromedp.SetValue(chromedp.CSS(`#nhan-giay form.edit input[name=presented_on]`), "20/11/2026"),
		chromedp.Click(chromedp.CSS(`#nhan-giay form.edit button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ph, "p.flash"); s != "Đã xác nhận đảng viên đến sinh hoạt." {
		t.Errorf("confirm: %q", s)
	}
	if m, err := membersOf(e.db).Member(ctxb, domain.System, e.f.Thao.ID); err != nil || m.OrgID != e.f.CellB1.ID || !m.Status.Active() {
		t.Fatalf("Thảo after the confirmation: %+v %v", m, err)
	}
	// A package changed after it was signed: refused, with the reason.
	pkg := filepath.Join(t.TempDir(), "goi.json")
	trusted(e, target{})
	body := strings.Replace(e.packageFor(7), "Vũ Văn Bình", "Vũ Văn Bính", 1)
	if err := os.WriteFile(pkg, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	before := e.auditRows()
	if err := chromedp.Do(ph,
		chromedp.Navigate(base+"/to-chuc/"+id(e.f.CellB1.ID)+"/chuyen-sinh-hoat"),
		chromedp.WaitVisible(chromedp.ID("nhan-giay")),
		chromedp.Click(chromedp.CSS("#nhan-giay details summary")),
		chromedp.WaitVisible(chromedp.ID("pk-file")),
		chromedp.SetUploadFiles(chromedp.ID("pk-file"), []string{pkg}),
		chromedp.Click(chromedp.CSS(`#nhan-giay details button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`main div.error[role=alert]`)),
	); err != nil {
		t.Fatal(err)
	}
	// The cell's page again, the package form open to try once more.
	if s := textOf(t, ph, "main div.error"); !strings.Contains(s, "chữ ký không khớp") {
		t.Errorf("a changed package: %.300q", s)
	}
	if open, err := chromedp.Run(ph, chromedp.Evaluate[bool](`document.querySelector("details#nhan-goi").open`)); err != nil || !open {
		t.Errorf("the package form is closed after a refusal: %v %v", open, err)
	}
	if e.auditRows() != before {
		t.Error("a changed package wrote")
	}

	// The residence cell's secretary comments on Đức for the year.
	sec := browserCtx(t, 1366, 768)
	signInBrowser(t, sec, base, "secretary.b1")
	if err := chromedp.Do(sec,
		chromedp.Navigate(base+"/to-chuc/"+id(e.f.CellB1.ID)+"/chuyen-sinh-hoat"),
		chromedp.WaitVisible(chromedp.ID("quy-dinh-213")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, sec, "#quy-dinh-213"); !strings.Contains(s, "Đặng Văn Đức") || !strings.Contains(s, "Chi bộ thôn Đồng Bùa") {
		t.Fatalf("the residence side does not list Đức: %q", s)
	}
	if err := chromedp.Do(sec,
		chromedp.Click(chromedp.CSS("#quy-dinh-213 details summary")),
		chromedp.WaitVisible(chromedp.CSS("#quy-dinh-213 details select")),
		chromedp.SetValue(chromedp.CSS("#quy-dinh-213 details select"), string(domain.VerdictGood)),
		chromedp.SendKeys(chromedp.CSS("#quy-dinh-213 details textarea"), "Gương mẫu tham gia sinh hoạt tổ dân phố, giữ mối liên hệ với chi bộ."),
		chromedp.Click(chromedp.CSS("#quy-dinh-213 details button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, sec, "#quy-dinh-213"); !strings.Contains(s, "Đã nhận xét") {
		t.Errorf("after the comment: %q", s)
	}
	// The workplace side reads it on Đức's page.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/dang-vien/"+id(e.f.Duc.ID)+"/chuyen-sinh-hoat"),
		chromedp.WaitVisible(chromedp.ID("noi-cu-tru")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, "#noi-cu-tru"); !strings.Contains(s, "Gương mẫu tham gia sinh hoạt tổ dân phố") || !strings.Contains(s, "Đã nhận xét") {
		t.Errorf("the workplace side: %q", s)
	}
}
