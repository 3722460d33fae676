package web

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dangvien/internal/app/celllife"
	"dangvien/internal/domain"
	"dangvien/internal/store/storetest"
)

// The province's overview is a summary (issue 10 item 9): one row per
// organisation directly under it, drilling down to the next level; the
// lists are capped with a link to the whole list, whose rows name the cell
// and the organisation above it.
func TestOverviewSummary(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	b := newBrowser(t, e)
	b.signIn("admin", pw)
	_, page := b.get("/to-chuc/" + id(e.f.Province.ID) + "/sinh-hoat")
	for _, want := range []string{"Theo tổ chức trực thuộc (2)", `href="/to-chuc/` + id(e.f.CommuneA.ID) + `/sinh-hoat">` + e.f.CommuneA.Name, e.f.CommuneB.Name, `id="bieu-do"`, "/static/echarts.simple.min.js", "Căn cứ xem xét xóa tên"} {
		if !strings.Contains(page, want) {
			t.Fatalf("province overview lacks %q", want)
		}
	}
	// Đức misses a meeting without reason: his row names his cell and commune.
	if _, err := (&celllife.Service{DB: e.db}).RecordAttendance(ctxb, domain.System, e.meetingOf(e.f.CellA1.ID), []domain.Mark{{MemberID: e.f.Duc.ID, Status: domain.Unexcused}}, nil); err != nil {
		t.Fatal(err)
	}
	_, page = b.get("/to-chuc/" + id(e.f.Province.ID) + "/sinh-hoat?ds=vang")
	if !strings.Contains(page, "Đặng Văn Đức") || !strings.Contains(page, e.f.CellA1.Name+` <small class="muted">· `+e.f.CommuneA.Name) {
		t.Fatalf("full list of absences: %s", page)
	}
	// The commune's overview rows are its cells; a cell opens its year.
	_, page = b.get("/to-chuc/" + id(e.f.CommuneA.ID) + "/sinh-hoat")
	if !strings.Contains(page, `href="/to-chuc/`+id(e.f.CellA1.ID)+`/sinh-hoat">`+e.f.CellA1.Name) {
		t.Fatal("commune overview has no row for its cell")
	}
	if st, _ := b.get("/to-chuc/" + id(e.f.CommuneA.ID) + "/sinh-hoat?ds=khac"); st != 404 {
		t.Fatalf("unknown list: %d", st)
	}
}

// At 360 px the overview scrolls only downwards, and the charts draw.
func TestOverviewOnPhone(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	ctx := browserCtx(t, 360, 740)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(360, 740)); err != nil {
		t.Fatal(err)
	}
	signInBrowser(t, ctx, e.srv.URL, "admin")
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/to-chuc/"+id(e.f.Province.ID)+"/sinh-hoat"),
		chromedp.WaitVisible(chromedp.CSS("#bieu-do-co-mat canvas")), chromedp.WaitVisible(chromedp.CSS("#bieu-do-dang-phi canvas"))); err != nil {
		t.Fatal(err)
	}
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
	if err != nil || wide {
		t.Fatalf("the page scrolls sideways at 360 px: %v", err)
	}
}

// A member with grounds for removal (three months of unexcused absence) is
// listed with the meetings missed on the commune's overview, on its full
// list and on the cell's page: the block renders with rows in it, not only
// empty.
func TestOverviewListsGrounds(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	life := &celllife.Service{DB: e.db}
	sec := domain.System
	for _, day := range []string{"2026-07-02", "2026-08-06", "2026-09-03"} {
		m, err := life.CreateMeeting(ctxb, sec, e.f.CellA1.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: storetest.D(day), Minutes: 90})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := life.RecordAttendance(ctxb, sec, m.ID, []domain.Mark{{MemberID: e.f.Duc.ID, Status: domain.Unexcused}}, nil); err != nil {
			t.Fatal(err)
		}
	}
	b := newBrowser(t, e)
	b.signIn("admin", pw)
	for _, path := range []string{"/to-chuc/" + id(e.f.CommuneA.ID) + "/sinh-hoat", "/to-chuc/" + id(e.f.CommuneA.ID) + "/sinh-hoat?ds=xoa-ten", "/to-chuc/" + id(e.f.CellA1.ID) + "/sinh-hoat?nam=2026"} {
		st, page := b.get(path)
		if st != 200 || !strings.Contains(page, "Đặng Văn Đức</b></a>") || !strings.Contains(page, "vắng không lý do: <a href=\"/sinh-hoat/") {
			t.Fatalf("%s: %d, grounds not listed", path, st)
		}
	}
}
