package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// send is do with request headers and the answer's headers, safe to call
// from several goroutines (it reports errors instead of stopping the test).
func (e *env) send(user, method, path string, body any, hdr map[string]string) (int, http.Header, []byte, error) {
	var r io.Reader
	if body != nil {
		j, _ := json.Marshal(body)
		r = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, r)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b, err
}

func memberOf(t *testing.T, b []byte) domain.Member {
	t.Helper()
	var m domain.Member
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	return m
}

// memberUpdates counts the audit rows of changes to a record's fields.
func memberUpdates(t *testing.T, db *store.DB, id int64) int {
	t.Helper()
	var n int
	q := "SELECT count(*) FROM audit WHERE action = 'member.update' AND entity_id = ?"
	if db.Dialect == store.Postgres {
		q = strings.Replace(q, "?", "$1", 1)
	}
	if err := db.SQL().QueryRow(q, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// GET gives the record's version as its ETag; a PUT with If-Match changes
// only that version, and answers 412 with the version to start from when
// someone else changed it first. Without If-Match the last writer wins.
func TestMemberETagAndIfMatch(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	path := "/api/v1/members/" + id(e.f.Duc.ID)
	st, h, b, _ := e.send("secretary.a1", "GET", path, nil, nil)
	m := memberOf(t, b)
	if st != 200 || h.Get("ETag") != `"v1"` || m.Version != 1 {
		t.Fatalf("GET: %d %q %d", st, h.Get("ETag"), m.Version)
	}
	put := func(phone, ifMatch string) (int, http.Header, []byte) {
		f := m.MemberFields
		f.Phone = phone
		hdr := map[string]string{}
		if ifMatch != "" {
			hdr["If-Match"] = ifMatch
		}
		st, h, b, err := e.send("secretary.a1", "PUT", path, f, hdr)
		if err != nil {
			t.Fatal(err)
		}
		return st, h, b
	}
	if st, h, b := put("0912000001", `"v1"`); st != 200 || h.Get("ETag") != `"v2"` || memberOf(t, b).Version != 2 {
		t.Fatalf("PUT from v1: %d %q %s", st, h.Get("ETag"), b)
	}
	// The same version again: someone (here, the same account) changed it since.
	before := e.auditRows()
	st, h, b = put("0912000002", `"v1"`)
	code, msg, fields := errCode(b)
	if st != http.StatusPreconditionFailed || code != "stale" || h.Get("ETag") != `"v2"` ||
		msg != "Hồ sơ đã được Người dùng secretary.a1 sửa lúc 16:00 23/11/2026 trong khi bạn đang sửa." || fields["phone"] != "Điện thoại: 0912000001" {
		t.Fatalf("stale PUT: %d %q %s", st, h.Get("ETag"), b)
	}
	if e.auditRows() != before {
		t.Fatal("a refused PUT wrote")
	}
	// Tags that are weak, not ours, or a list without the current version: 412.
	for _, tag := range []string{`W/"v2"`, `"v3"`, `v2`, `"x"`, `"v1", "v3"`} {
		if st, _, b := put("0912000003", tag); st != http.StatusPreconditionFailed {
			t.Errorf("If-Match %s: %d %s", tag, st, b)
		}
	}
	// A list with the current version, "*" and no If-Match all apply.
	if st, h, _ := put("0912000004", `"v1", "v2"`); st != 200 || h.Get("ETag") != `"v3"` {
		t.Errorf("If-Match list: %d %q", st, h.Get("ETag"))
	}
	if st, h, _ := put("0912000005", `*`); st != 200 || h.Get("ETag") != `"v4"` {
		t.Errorf("If-Match *: %d %q", st, h.Get("ETag"))
	}
	if st, h, _ := put("0912000006", ""); st != 200 || h.Get("ETag") != `"v5"` {
		t.Errorf("no If-Match: %d %q", st, h.Get("ETag"))
	}
	// Recording an event raises the version too: a PUT from before it is refused.
	if st, _, b, _ := e.send("secretary.a1", "POST", path+"/events", map[string]any{"kind": "exempted", "date": "2026-11-20", "reason": "Ốm dài ngày"}, nil); st != 201 {
		t.Fatalf("event: %d %s", st, b)
	}
	if _, h, _, _ := e.send("secretary.a1", "GET", path, nil, nil); h.Get("ETag") != `"v6"` {
		t.Fatalf("after the event: %q", h.Get("ETag"))
	}
	st, _, b = put("0912000007", `"v5"`)
	if _, _, fields := errCode(b); st != http.StatusPreconditionFailed || !strings.Contains(fields["event"], "Miễn công tác và sinh hoạt đảng ngày 20/11/2026") {
		t.Fatalf("PUT from before the event: %d %s", st, b)
	}
	// Out of scope stays 404, whatever the tag.
	if st, _, _, _ := e.send("secretary.a1", "PUT", "/api/v1/members/"+id(e.f.Lan.ID), e.f.Lan.MemberFields, map[string]string{"If-Match": `"v1"`}); st != 404 {
		t.Errorf("out of scope: %d", st)
	}
}

// Issue 8: 20 parallel edits of one record from the same version. Exactly
// one is written; the other 19 are refused with 412 and write nothing; the
// one written is the one the record shows. Without If-Match all 20 are
// written one after the other, each audit row starting from the one before.
func TestParallelPutsLoseNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		path := "/api/v1/members/" + id(e.f.Thao.ID)
		_, h, b, err := e.send("staff.a", "GET", path, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		start, tag := memberOf(t, b), h.Get("ETag")
		auditBefore := e.auditRows()
		const n = 20
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				f := start.MemberFields
				f.Workplace = fmt.Sprintf("Nơi làm việc số %d", i)
				statuses[i], _, _, _ = e.send("staff.a", "PUT", path, f, map[string]string{"If-Match": tag})
			})
		}
		wg.Wait()
		won, refused := -1, 0
		for i, st := range statuses {
			switch st {
			case 200:
				if won >= 0 {
					t.Errorf("two PUTs from %s succeeded: %d and %d", tag, won, i)
				}
				won = i
			case http.StatusPreconditionFailed:
				refused++
			default:
				t.Errorf("PUT %d: %d", i, st)
			}
		}
		if won < 0 || refused != n-1 {
			t.Fatalf("%d refused, winner %d", refused, won)
		}
		_, h, b, _ = e.send("staff.a", "GET", path, nil, nil)
		if m := memberOf(t, b); m.Workplace != fmt.Sprintf("Nơi làm việc số %d", won) || m.Version != start.Version+1 || h.Get("ETag") != fmt.Sprintf(`"v%d"`, start.Version+1) {
			t.Fatalf("record after: %q v%d", m.Workplace, m.Version)
		}
		if got := e.auditRows() - auditBefore; got != 1 || memberUpdates(t, db, e.f.Thao.ID) != 1 {
			t.Fatalf("%d audit rows for one change", got)
		}

		// Without If-Match: every PUT is written, one after the other.
		for i := range n {
			wg.Go(func() {
				f := start.MemberFields
				f.Workplace = fmt.Sprintf("Không điều kiện %d", i)
				statuses[i], _, _, _ = e.send("staff.a", "PUT", path, f, nil)
			})
		}
		wg.Wait()
		for i, st := range statuses {
			if st != 200 {
				t.Errorf("unconditional PUT %d: %d", i, st)
			}
		}
		_, _, b, _ = e.send("staff.a", "GET", path, nil, nil)
		if m := memberOf(t, b); m.Version != start.Version+1+n {
			t.Fatalf("version %d after %d more changes from v%d", m.Version, n, start.Version+1)
		}
		if memberUpdates(t, db, e.f.Thao.ID) != 1+n {
			t.Fatal("a change without its audit row")
		}
	})
}

// The edit form: opened by two people, saved by the first; the second one's
// save shows the form again with what they typed, who saved meanwhile and
// when, and what that person changed. The fields the second person left
// alone now show the first one's values, a field both changed is marked,
// and saving again keeps both people's changes.
func TestMemberEditConflict(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		sec, staff := newBrowser(t, e), newBrowser(t, e)
		sec.signIn("secretary.a1", pw)
		staff.signIn("staff.a", pw)
		mine, theirs := editForm(t, sec, e.f.Duc.ID), editForm(t, staff, e.f.Duc.ID)
		if mine.Get("version") != "1" {
			t.Fatalf("the form does not carry its version: %v", mine)
		}
		theirs.Set("workplace", "Ủy ban nhân dân xã Hợp Châu")
		theirs.Set("education", "thcs")
		theirs.Set("army", "1")
		theirs.Set("phone", "0912000111")
		if st, _ := staff.post("/dang-vien/"+id(e.f.Duc.ID)+"/sua", theirs); st != http.StatusSeeOther {
			t.Fatalf("first save: %d", st)
		}
		mine.Set("phone", "0987 654 321")
		mine.Set("other_names", "Đức Đặng")
		before := e.auditRows()
		st, page := sec.post("/dang-vien/"+id(e.f.Duc.ID)+"/sua", mine)
		if st != http.StatusConflict {
			t.Fatalf("second save: %d", st)
		}
		for _, want := range []string{
			"Hồ sơ đã được Người dùng staff.a sửa lúc 16:00 23/11/2026 trong khi bạn đang sửa",
			"<b>Nơi làm việc</b>: Ủy ban nhân dân xã Hợp Châu",
			"<b>Giáo dục phổ thông</b>: Trung học phổ thông → Trung học cơ sở",
			"<b>Quân đội</b>: Không → Có",
			"<b>Điện thoại</b>: 0912000111",
			`value="0987 654 321" inputmode="tel" aria-invalid="true"`, // both changed it: this user's value, marked
			"Trong lúc bạn sửa, ô này đã được sửa thành «0912000111»",
			`value="Đức Đặng"`,                    // what this user typed is kept
			`value="Ủy ban nhân dân xã Hợp Châu"`, // what they left alone shows the new value
			`<input type="checkbox" id="army" name="army" value="1" checked>`,
			`<input id="version" name="version" value="2" type="hidden">`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("conflict page lacks %q", want)
			}
		}
		if e.auditRows() != before {
			t.Fatal("the refused save wrote")
		}
		// Saving the form as shown again keeps both people's changes.
		again := editFormOf(page)
		again.Set("csrf", mine.Get("csrf"))
		if st, _ := sec.post("/dang-vien/"+id(e.f.Duc.ID)+"/sua", again); st != http.StatusSeeOther {
			t.Fatalf("save after the conflict: %d", st)
		}
		m, _ := membersOf(db).Member(ctxb, domain.System, e.f.Duc.ID)
		if m.Phone != "0987654321" || m.OtherNames != "Đức Đặng" || m.Workplace != "Ủy ban nhân dân xã Hợp Châu" || m.Education != "thcs" || !m.Army || m.Version != 3 {
			t.Fatalf("after: %+v", m)
		}
	})
}

// The same in a real browser: the form opened, the record changed through
// the API meanwhile, the save refused with the change listed and the typed
// value kept, the second save keeping both.
func TestEditConflictInBrowser(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	ctx := browserCtx(t, 1366, 768)
	signInBrowser(t, ctx, e.srv.URL, "staff.a")
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/dang-vien/"+id(e.f.Thao.ID)+"/sua"), chromedp.WaitVisible(chromedp.ID("workplace"))); err != nil {
		t.Fatal(err)
	}
	f := e.f.Thao.MemberFields
	f.Phone = "0912345678"
	if st, _, b, err := e.send("secretary.a1", "PUT", "/api/v1/members/"+id(e.f.Thao.ID), f, map[string]string{"If-Match": `"v1"`}); err != nil || st != 200 {
		t.Fatalf("change meanwhile: %d %s %v", st, b, err)
	}
	if err := chromedp.Do(ctx,
		chromedp.SetValue(chromedp.ID("workplace"), "Trạm Y tế xã Hợp Châu"),
		chromedp.Click(chromedp.CSS(".actions button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("ul.changes")),
	); err != nil {
		t.Fatal(err)
	}
	if msg := textOf(t, ctx, "div.error"); !strings.Contains(msg, "Hồ sơ đã được Người dùng secretary.a1 sửa lúc 16:00 23/11/2026 trong khi bạn đang sửa") ||
		!strings.Contains(msg, "Điện thoại: 0912345678") {
		t.Fatalf("conflict message %q", msg)
	}
	workplace, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("workplace")))
	if err != nil {
		t.Fatal(err)
	}
	phone, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("phone")))
	if err != nil {
		t.Fatal(err)
	}
	if workplace != "Trạm Y tế xã Hợp Châu" || phone != "0912345678" {
		t.Fatalf("form after the conflict: workplace %q, phone %q", workplace, phone)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".actions button[type=submit]")), chromedp.WaitVisible(chromedp.CSS("p.flash"))); err != nil {
		t.Fatal(err)
	}
	if main := textOf(t, ctx, "main"); !strings.Contains(main, "Trạm Y tế xã Hợp Châu") || !strings.Contains(main, "0912345678") {
		t.Fatalf("record after the second save: %q", main)
	}
}
