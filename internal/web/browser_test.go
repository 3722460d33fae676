package web

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromiumPath finds Debian's Chromium; without it the browser tests skip,
// and under CI=true they fail.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("DANGVIEN_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but no Chromium: install Debian's chromium (apt-get install chromium fonts-noto-mono)")
	}
	t.Skip("browser tests skipped: no Chromium (apt-get install chromium fonts-noto-mono, or set DANGVIEN_CHROMIUM)")
	return ""
}

// browserCtx starts a headless Chromium with a fresh profile. The flags keep
// it from reaching for the network, which this machine does not have.
func browserCtx(t *testing.T, w, h int) context.Context {
	t.Helper()
	opts := append(slices.Clone(chromedp.DefaultExecAllocatorOptions[:]),
		chromedp.ExecPath(chromiumPath(t)), chromedp.Headless, chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(w, h))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

func signInBrowser(t *testing.T, ctx context.Context, base, user string) {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/dang-nhap"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), user),
		chromedp.SendKeys(chromedp.ID("password"), pw),
		chromedp.Click(chromedp.CSS("form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("header .who")),
	)
	if err != nil {
		t.Fatalf("sign in as %s: %v", user, err)
	}
}

func textOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// The main flows in a real browser: sign in, search by an unaccented name,
// edit a field and see it in the audit log, import a file with errors and see
// them listed, and a secretary refused another cell's member.
func TestInBrowser(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	base := e.srv.URL
	ctx := browserCtx(t, 1366, 768)

	signInBrowser(t, ctx, base, "staff.a")
	title, err := chromedp.Run(ctx, chromedp.Title())
	if err != nil || title != "Đảng bộ xã Hợp Châu — dangvien" {
		t.Fatalf("title %q, %v", title, err)
	}

	// The header's search box offers names as one types, without diacritics.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("header form.search input"), "hong thao"),
		chromedp.WaitVisible(chromedp.CSS("#goi-y .suggest-list a")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, "#goi-y"); !strings.Contains(s, "Nguyễn Thị Hồng Thảo") || !strings.Contains(s, "Xem mọi kết quả") {
		t.Fatalf("suggestions %q", s)
	}
	// Enter opens the full results.
	if err := chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("header form.search input"), "\n"),
		chromedp.WaitVisible(chromedp.CSS("ul.hits")),
	); err != nil {
		t.Fatal(err)
	}
	if hits := textOf(t, ctx, "ul.hits"); !strings.Contains(hits, "Nguyễn Thị Hồng Thảo") {
		t.Fatalf("search hits %q", hits)
	}

	// Edit a field, then find the change in the audit log.
	if err := chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("ul.hits a")),
		chromedp.WaitVisible(chromedp.CSS("a.button")),
		chromedp.Click(chromedp.CSS(`a.button[href$="/sua"]`)),
		chromedp.WaitVisible(chromedp.ID("workplace")),
		chromedp.SetValue(chromedp.ID("workplace"), "Trạm Y tế xã Hợp Châu"),
		chromedp.Click(chromedp.CSS(".actions button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(textOf(t, ctx, "main"), "Trạm Y tế xã Hợp Châu") {
		t.Fatal("the saved value is not on the member page")
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/nhat-ky?entity=member&entity_id="+id(e.f.Thao.ID)),
		chromedp.WaitVisible(chromedp.CSS("ul.audit")),
	); err != nil {
		t.Fatal(err)
	}
	if log := textOf(t, ctx, "ul.audit"); !strings.Contains(log, "Người dùng staff.a sửa hồ sơ đảng viên Nguyễn Thị Hồng Thảo") || !strings.Contains(log, "Nơi làm việc: Trạm Y tế xã Hợp Châu") {
		t.Fatalf("audit log %q", log)
	}

	// Import a file with errors: every problem is listed, nothing is written.
	file := filepath.Join(t.TempDir(), "danh-sach.csv")
	os.WriteFile(file, []byte("Mã tổ chức,Họ và tên,Giới tính,Ngày sinh,Dân tộc,Ngày vào Đảng\nX01-CB01,Lưu Thị Thủy,Nữ,32/01/1990,Kinh,01/01/2015\nX02-CB01,Kiều Văn Nam,Nam,01/01/1990,Kinh,01/01/2015\n"), 0o644)
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/nhap"),
		chromedp.WaitVisible(chromedp.ID("file")),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{file}),
		chromedp.Click(chromedp.CSS("form[enctype] button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("table.list")),
	); err != nil {
		t.Fatal(err)
	}
	table := textOf(t, ctx, "table.list")
	for _, want := range []string{"Ngày không đúng dạng dd/mm/yyyy.", "Không có tổ chức mã X02-CB01 trong phạm vi quản lý."} {
		if !strings.Contains(table, want) {
			t.Errorf("import errors lack %q: %q", want, table)
		}
	}

	// A cell secretary cannot open a member of another cell.
	sctx := browserCtx(t, 390, 844)
	signInBrowser(t, sctx, base, "secretary.a1")
	if err := chromedp.Do(sctx, chromedp.Navigate(base+"/dang-vien/"+id(e.f.Lan.ID)), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	if h := textOf(t, sctx, "main h1"); h != "Không tìm thấy" {
		t.Fatalf("secretary opened another cell's member: %q", h)
	}
}
