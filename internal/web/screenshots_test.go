package web

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dangvien/internal/app/celllife"
	"dangvien/internal/app/evaluation"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// TestScreenshots writes each main screen at desktop and phone size into
// the folder named by DANGVIEN_SCREENSHOTS (docs/screenshots in the repo):
//
//	DANGVIEN_SCREENSHOTS=$PWD/docs/screenshots go test -run TestScreenshots ./internal/web/
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("DANGVIEN_SCREENSHOTS")
	if dir == "" {
		t.Skip("set DANGVIEN_SCREENSHOTS to a folder to write the screenshots")
	}
	ctx := context.Background()
	db := storetest.SQLite(t)
	_, err := seed.Province(ctx, db, seed.Options{Members: 3000, Seed: 1, History: true, Life: true, Today: domain.DateOf(db.Now())})
	if err != nil {
		t.Fatal(err)
	}
	tv, _ := (&orgs.Service{DB: db}).Tree(ctx, domain.System, domain.Date{})
	tree := tv.Roots
	commune := tree[0].Children[0]
	for _, c := range tree[0].Children {
		if c.Kind == domain.KindCommune && len(c.Children) > len(commune.Children) {
			commune = c
		}
	}
	var cell *store.TreeNode
	for _, c := range commune.Children {
		if c.Kind.IsCell() && c.Direct > 10 {
			cell = c
			break
		}
	}
	page, _ := membersOf(db).List(ctx, domain.System, store.MemberFilter{OrgID: cell.ID, Limit: 1})
	member := page.Items[0]
	if _, err := db.CreateUser(ctx, domain.System, store.UserInput{Username: "bantochuc.xa", DisplayName: "Nguyễn Thị Hương", Password: pw, Role: domain.RoleStaff, OrgIDs: []int64{commune.ID}}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, domain.System, store.UserInput{Username: "bithu.chibo", DisplayName: "Hoàng Văn Thắng", Password: pw, Role: domain.RoleSecretary, OrgIDs: []int64{cell.ID}}); err != nil {
		t.Fatal(err)
	}
	// The cell proposes its members' ratings for the year; the commune's
	// committee has decided some (issue 12's screens).
	cellPage, _ := membersOf(db).List(ctx, domain.System, store.MemberFilter{OrgID: cell.ID, Limit: 500})
	var props []evaluation.ProposalItem
	for i, m := range cellPage.Items {
		p := domain.RatingProposal{Level: domain.RatingGood, Points: 80 + i%9}
		if i == 0 {
			p = domain.RatingProposal{Level: domain.RatingExcellent, Points: 94, AllOnTime: true, BeyondPct: 35}
		}
		props = append(props, evaluation.ProposalItem{MemberID: m.ID, RatingProposal: p})
	}
	year := evaluation.EvalYear(domain.DateOf(db.Now()))
	if _, err := (&evaluation.Service{DB: db}).Propose(ctx, domain.System, cell.ID, year, props); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(db))
	defer srv.Close()
	bad := filepath.Join(t.TempDir(), "danh-sach.csv")
	os.WriteFile(bad, []byte("Mã tổ chức,Họ và tên,Giới tính,Ngày sinh,Dân tộc,Ngày vào Đảng,Số CCCD\n"+cell.Code+",Lưu Thị Thủy,Nữ,32/01/1990,Kinh,01/01/2015,0251900000\nT025,Kiều Văn Nam,Nam,01/01/1990,Kinh,01/01/2015,\n"), 0o644)
	shots := []struct {
		name  string
		steps func(base string) chromedp.Action[chromedp.Void]
	}{
		{"trang-chu", func(base string) chromedp.Action[chromedp.Void] { return chromedp.Navigate(base + "/") }},
		{"cay-to-chuc", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/to-chuc?ngay=30/06/2025")
		}},
		{"to-chuc", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/to-chuc/" + id(cell.ID))
		}},
		{"dang-vien", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/dang-vien/" + id(member.ID))
		}},
		{"sua-ho-so", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Steps(chromedp.Navigate(base+"/dang-vien/"+id(member.ID)+"/sua"), chromedp.SetValue(chromedp.ID("citizen_id"), "12345"),
				chromedp.Click(chromedp.CSS(".actions button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("div.error")))
		}},
		{"tim-kiem", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/tim-kiem?q=nguyen+thi")
		}},
		{"nhap-loi", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Steps(chromedp.Navigate(base+"/nhap"), chromedp.SetUploadFiles(chromedp.ID("file"), []string{bad}),
				chromedp.Click(chromedp.CSS("form[enctype] button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("table.list")))
		}},
		{"nhat-ky", func(base string) chromedp.Action[chromedp.Void] { return chromedp.Navigate(base + "/nhat-ky") }},
		{"goi-y", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Steps(chromedp.Navigate(base+"/"), chromedp.SendKeys(chromedp.CSS("header form.search input"), "nguyen thi h"),
				chromedp.WaitVisible(chromedp.CSS("#goi-y .suggest-list a")))
		}},
		{"xac-thuc-hai-buoc", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Steps(chromedp.Navigate(base+"/xac-thuc-hai-buoc"), chromedp.Click(chromedp.CSS("main form button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("img.qr")))
		}},
		{"sinh-hoat-chi-bo", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/to-chuc/" + id(cell.ID) + "/sinh-hoat")
		}},
		{"diem-danh", func(base string) chromedp.Action[chromedp.Void] {
			mv, _ := (&celllife.Service{DB: db}).Month(ctx, domain.System, cell.ID)
			return chromedp.Navigate(base + "/sinh-hoat/" + id(mv.Last.ID))
		}},
		{"thu-dang-phi", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/to-chuc/" + id(cell.ID) + "/dang-phi")
		}},
		{"tong-hop-xa", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/to-chuc/" + id(commune.ID) + "/sinh-hoat")
		}},
		{"dang-phi-dang-vien", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/dang-vien/" + id(member.ID) + "/dang-phi")
		}},
		{"nhiem-vu", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/dang-vien/" + id(member.ID) + "/nhiem-vu")
		}},
		{"danh-gia-chi-bo", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/to-chuc/" + id(cell.ID) + "/danh-gia")
		}},
		{"danh-gia-xa", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/to-chuc/" + id(commune.ID) + "/danh-gia")
		}},
		{"tu-kiem-diem", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/dang-vien/" + id(member.ID) + "/danh-gia")
		}},
		{"ky-luat", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/dang-vien/" + id(member.ID) + "/ky-luat")
		}},
		{"ra-soat-xa", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/to-chuc/" + id(commune.ID) + "/ra-soat")
		}},
		{"in-danh-sach-xep-loai", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/to-chuc/" + id(commune.ID) + "/danh-gia/in")
		}},
		{"chia-tach", func(base string) chromedp.Action[chromedp.Void] {
			return chromedp.Navigate(base + "/to-chuc/" + id(cell.ID) + "/chia-tach")
		}},
	}
	for _, size := range []struct{ w, h int }{{1366, 768}, {390, 844}} {
		bctx := browserCtx(t, size.w, size.h)
		shot := func(name string) {
			png, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if err := os.WriteFile(filepath.Join(dir, name+"-"+itoa(size.w)+"x"+itoa(size.h)+".png"), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		// Headless Chromium keeps a minimum window width; the phone size needs the viewport emulated.
		if err := chromedp.Do(bctx, chromedp.EmulateViewport(int64(size.w), int64(size.h)), chromedp.Navigate(srv.URL+"/dang-nhap"), chromedp.WaitVisible(chromedp.ID("username"))); err != nil {
			t.Fatal(err)
		}
		shot("dang-nhap")
		signInBrowser(t, bctx, srv.URL, "bantochuc.xa")
		for _, sc := range shots {
			if sc.name == "bi-thu" {
				continue
			}
			wait := "main"
			if strings.HasPrefix(sc.name, "in-") { // a printed sheet stands alone
				wait = "article"
			}
			if err := chromedp.Do(bctx, sc.steps(srv.URL), chromedp.WaitVisible(chromedp.CSS(wait))); err != nil {
				t.Fatalf("%s: %v", sc.name, err)
			}
			shot(sc.name)
		}
		// The secretary's home: the cell's month at a glance.
		sctx := browserCtx(t, size.w, size.h)
		if err := chromedp.Do(sctx, chromedp.EmulateViewport(int64(size.w), int64(size.h))); err != nil {
			t.Fatal(err)
		}
		signInBrowser(t, sctx, srv.URL, "bithu.chibo")
		png, err := chromedp.Run(sctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "bi-thu-"+itoa(size.w)+"x"+itoa(size.h)+".png"), png, 0o644)
	}
}

func itoa(n int) string { return id(int64(n)) }
