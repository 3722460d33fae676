package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dangvien/internal/store/storetest"
)

// The event form offers only the events the member's standing allows today,
// and without a script shows every field, each saying when it is needed,
// marked with the kinds it belongs to.
func TestEventFormOffersWhatTheStandingAllows(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	b := newBrowser(t, e)
	_, home := b.signIn("staff.a", pw)
	options := regexp.MustCompile(`<select id="kind"[^>]*>(.*?)</select>`)
	kinds := func(memberID int64) string {
		t.Helper()
		st, page := b.get("/dang-vien/" + id(memberID) + "/su-kien")
		if st != 200 {
			t.Fatalf("event form of %d: %d", memberID, st)
		}
		m := options.FindStringSubmatch(page)
		if m == nil {
			return ""
		}
		return m[1]
	}
	// An was admitted on 10/01/2026: probationary, the 12 months not over.
	an := kinds(e.f.An.ID)
	for _, no := range []string{"recognised", "expelled", "restored", "admitted"} {
		if strings.Contains(an, `value="`+no+`"`) {
			t.Errorf("a probationary member in probation is offered %s: %s", no, an)
		}
	}
	for _, yes := range []string{"disciplined", "moved", "exempted", "removed", "died"} {
		if !strings.Contains(an, `value="`+yes+`"`) {
			t.Errorf("%s not offered: %s", yes, an)
		}
	}
	// Thảo's probation ended in 2016: recognition is offered.
	if th := kinds(e.f.Thao.ID); !strings.Contains(th, `value="recognised"`) {
		t.Errorf("recognition not offered after the probation: %s", th)
	}
	// Without a script both conditional fields are there, marked, with their hints.
	_, page := b.get("/dang-vien/" + id(e.f.An.ID) + "/su-kien")
	for _, want := range []string{`data-kinds="disciplined"><label for="discipline">Hình thức kỷ luật (khi ghi kỷ luật)`, `data-kinds="moved"><label for="to_org_id">Chi bộ chuyển đến (khi chuyển nội bộ)`, `data-kind-select`} {
		if !strings.Contains(page, want) {
			t.Errorf("event form lacks %s", want)
		}
	}
	// After a death nothing more is offered.
	path := "/dang-vien/" + id(e.f.An.ID) + "/su-kien"
	if st, _ := b.post(path, url.Values{"csrf": {csrfOf(home)}, "kind": {"died"}, "date": {"20/11/2026"}, "confirmed": {"1"}}); st != http.StatusSeeOther {
		t.Fatalf("death: %d", st)
	}
	if _, page := b.get(path); options.MatchString(page) || !strings.Contains(page, "không còn sự kiện nào ghi được") {
		t.Errorf("a dead member's form still offers events")
	}
}
