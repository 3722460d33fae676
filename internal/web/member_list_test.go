package web

import (
	"html"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dangvien/internal/store/storetest"
)

// A filtered member list says what it is filtered by, folds its form away,
// and its export links carry the filters: the export takes what the list
// selects, every page of it, on the screen and in the API alike.
func TestFilteredListExportsWhatItShows(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	b := newBrowser(t, e)
	b.signIn("staff.a", pw)
	commune := id(e.f.CommuneA.ID)
	_, plain := b.get("/to-chuc/" + commune)
	if !strings.Contains(plain, `<details class="filters-box" open>`) || strings.Contains(plain, "Đang lọc") {
		t.Errorf("an unfiltered list folds its form or says it is filtered")
	}
	st, page := b.get("/to-chuc/" + commune + "?gender=nu&q=thao")
	if st != 200 {
		t.Fatal(st)
	}
	for _, want := range []string{`<details class="filters-box"><summary>Sửa bộ lọc</summary>`, "Đang lọc: <b>họ tên có «thao»</b>, <b>Nữ</b>.", `action="/to-chuc/` + commune + `#danh-sach"`, "Nguyễn Thị Hồng Thảo"} {
		if !strings.Contains(page, want) {
			t.Errorf("filtered list lacks %s", want)
		}
	}
	links := regexp.MustCompile(`href="(/xuat\?[^"]*)"`).FindAllStringSubmatch(page, -1)
	if len(links) != 2 {
		t.Fatalf("export links: %v", links)
	}
	for _, l := range links {
		u := html.UnescapeString(l[1])
		if !strings.Contains(u, "gender=nu") || !strings.Contains(u, "q=thao") || !strings.Contains(u, "org_id="+commune) || strings.Contains(u, "trang=") {
			t.Errorf("export link does not carry the filters: %s", u)
		}
	}
	csvLink := html.UnescapeString(links[1][1])
	st, csv := b.get(csvLink)
	if st != 200 || !strings.Contains(csv, "Nguyễn Thị Hồng Thảo") || strings.Contains(csv, "Đặng Văn Đức") {
		t.Fatalf("filtered export %s: %d %s", csvLink, st, csv)
	}
	if _, all := b.get("/xuat?format=csv&org_id=" + commune); !strings.Contains(all, "Đặng Văn Đức") || !strings.Contains(all, "Trần Văn An") {
		t.Errorf("unfiltered export lacks members: %s", all)
	}
	// The API's export takes the same filters.
	st, body := e.do("staff.a", "GET", "/api/v1/exports?format=csv&org_id="+commune+"&gender=nam", nil)
	if st != 200 || strings.Contains(string(body), "Nguyễn Thị Hồng Thảo") || !strings.Contains(string(body), "Đặng Văn Đức") {
		t.Errorf("API export by gender: %d %s", st, body)
	}
	if st, body := e.do("staff.a", "GET", "/api/v1/exports?format=csv&org_id="+commune+"&age_band=bad", nil); st != 422 {
		t.Errorf("API export with a bad filter: %d %s", st, body)
	}
}

// On a phone, a filtered list opens at its results, the form folded above
// them; on a desktop the form stays open beside.
func TestFilteredListOnAPhone(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	for _, c := range []struct {
		w, h int
		open bool
	}{{390, 700, false}, {1366, 768, true}} {
		ctx := browserCtx(t, c.w, c.h)
		signInBrowser(t, ctx, e.srv.URL, "staff.a")
		// Submitting the form goes to the list, as a user's filtering does.
		if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/to-chuc/"+id(e.f.CommuneA.ID)), chromedp.WaitVisible(chromedp.CSS("form.filters"))); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(ctx, choose(`form.filters select[name=gender]`, "nam"), chromedp.Click(chromedp.CSS("form.filters button")), chromedp.WaitVisible(chromedp.CSS(".filter-on"))); err != nil {
			t.Fatal(err)
		}
		loc, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname + location.search + location.hash`))
		if !strings.HasPrefix(loc, "/to-chuc/"+id(e.f.CommuneA.ID)+"?") || !strings.Contains(loc, "gender=nam") || !strings.HasSuffix(loc, "#danh-sach") {
			t.Errorf("%dpx: filtering went to %s", c.w, loc)
		}
		open, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("details.filters-box").open`))
		if err != nil || open != c.open {
			t.Errorf("%dpx: the filter form open=%v, want %v (%v)", c.w, open, c.open, err)
		}
		// The first result is on the screen without scrolling.
		seen, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(function(){var r=document.querySelector("table.list tbody tr").getBoundingClientRect();return r.top>=0&&r.bottom<=innerHeight})()`))
		if err != nil || !seen {
			t.Errorf("%dpx: the results are not on the screen (%v)", c.w, err)
		}
	}
}
