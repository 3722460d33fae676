package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// readLogOf lists the read log as an account sees it through the API.
func (e *env) readLogOf(user, query string) []store.ReadRow {
	e.t.Helper()
	if err := e.db.FlushReads(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	st, b := e.do(user, "GET", "/api/v1/read-log"+query, nil)
	if st != 200 {
		e.t.Fatalf("read log as %s: %d %s", user, st, b)
	}
	var rows []store.ReadRow
	if err := json.Unmarshal(b, &rows); err != nil {
		e.t.Fatal(err)
	}
	return rows
}

func summary(rows []store.ReadRow) string {
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s %s %s#%d %d", r.Actor, r.Kind, r.Entity, r.EntityID, r.Rows))
	}
	return strings.Join(out, "\n")
}

// Reading a record, printing the sheet, searching by citizen ID, exporting
// a list and downloading an attachment, on the screens and through the
// API, each leave a row; staff above review them, others cannot.
func TestReadsAreLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		f := e.f
		if rows := e.readLogOf("admin", ""); len(rows) != 0 {
			t.Fatalf("the fixture left reads: %s", summary(rows))
		}
		// The secretary of cell A1, on the screens.
		b := newBrowser(t, e)
		b.signIn("secretary.a1", pw)
		for _, path := range []string{
			"/dang-vien/" + id(f.Thao.ID),
			"/dang-vien/" + id(f.Thao.ID) + "/in",
			"/tim-kiem?q=" + f.Duc.CitizenID,
			"/tim-kiem?q=thao",           // a name: not a citizen-ID search
			"/tim-kiem/goi-y?q=79012345", // Thảo's card number, as one types
			"/tim-kiem?q=999999999999",   // nothing found
			"/xuat?org_id=" + id(f.CellA1.ID) + "&format=csv",
			"/tai-lieu/" + id(e.docs[f.CellA1.ID]),
		} {
			if st, _ := b.get(path); st != 200 {
				t.Fatalf("%s: %d", path, st)
			}
		}
		// Staff of commune A, through the API; the out-of-scope read fails and is not logged.
		for _, path := range []string{
			"/api/v1/members/" + id(f.Duc.ID),
			"/api/v1/search?q=" + f.Duc.CitizenID,
			"/api/v1/exports?org_id=" + id(f.CommuneA.ID) + "&format=xlsx",
			"/api/v1/documents/" + id(e.docs[f.CellA2.ID]),
			"/api/v1/members?org_id=" + id(f.CellA2.ID),
		} {
			if st, b := e.do("staff.a", "GET", path, nil); st != 200 {
				t.Fatalf("%s: %d %s", path, st, b)
			}
		}
		if st, _ := e.do("staff.a", "GET", "/api/v1/members/"+id(f.Lan.ID), nil); st != 404 {
			t.Fatal("staff of A read a member of B")
		}
		want := strings.Join([]string{
			fmt.Sprintf("staff.a list org#%d 1", f.CellA2.ID),
			fmt.Sprintf("staff.a document document#%d 1", e.docs[f.CellA2.ID]),
			fmt.Sprintf("staff.a export org#%d 3", f.CommuneA.ID),
			fmt.Sprintf("staff.a search_id member#%d 1", f.Duc.ID),
			fmt.Sprintf("staff.a member member#%d 1", f.Duc.ID),
			fmt.Sprintf("secretary.a1 document document#%d 1", e.docs[f.CellA1.ID]),
			fmt.Sprintf("secretary.a1 export org#%d 2", f.CellA1.ID),
			"secretary.a1 search_id #0 0",
			fmt.Sprintf("secretary.a1 search_id member#%d 1", f.Thao.ID),
			fmt.Sprintf("secretary.a1 search_id member#%d 1", f.Duc.ID),
			fmt.Sprintf("secretary.a1 sheet member#%d 1", f.Thao.ID),
			fmt.Sprintf("secretary.a1 member member#%d 1", f.Thao.ID),
		}, "\n")
		rows := e.readLogOf("admin", "")
		if got := summary(rows); got != want {
			t.Fatalf("read log:\n%s\nwant:\n%s", got, want)
		}
		for _, r := range rows {
			if r.IP != "127.0.0.1" || !r.At.Equal(storetest.Today) || r.ActorID == 0 {
				t.Errorf("row without who, when or where: %+v", r)
			}
			if (r.Kind == store.ReadExport || r.Kind == store.ReadList) && (!r.CitizenIDs || !r.Phones) {
				t.Errorf("export row does not say it carried citizen IDs and phones: %+v", r)
			}
		}
		if got := summary(e.readLogOf("staff.a", "?member_id="+id(f.Thao.ID))); got != strings.Join([]string{
			fmt.Sprintf("secretary.a1 search_id member#%d 1", f.Thao.ID),
			fmt.Sprintf("secretary.a1 sheet member#%d 1", f.Thao.ID),
			fmt.Sprintf("secretary.a1 member member#%d 1", f.Thao.ID),
		}, "\n") {
			t.Errorf("staff A, reads of Thảo:\n%s", got)
		}
		if n := len(e.readLogOf("staff.a", "?actor=secretary.a1")); n != 7 {
			t.Errorf("staff A, reads by the secretary: %d", n)
		}
		if n := len(e.readLogOf("staff.a", "?from=2026-11-24")); n != 0 {
			t.Errorf("reads from tomorrow: %d", n)
		}
		if rows := e.readLogOf("leader.b", ""); len(rows) != 0 {
			t.Errorf("commune B's leader sees commune A's reads: %s", summary(rows))
		}
		for _, u := range []string{"secretary.a1", "member.thao"} {
			if st, _ := e.do(u, "GET", "/api/v1/read-log", nil); st != http.StatusForbidden {
				t.Errorf("%s reads the read log: %d", u, st)
			}
		}
		if st, _ := e.do("admin", "GET", "/api/v1/read-log?from=23/13/2026", nil); st != 422 {
			t.Errorf("bad date: %d", st)
		}

		// The screen, in Vietnamese.
		sb := newBrowser(t, e)
		sb.signIn("staff.a", pw)
		st, page := sb.get("/nhat-ky-truy-cap")
		for _, s := range []string{"Xem hồ sơ", "In phiếu", "Tìm theo CCCD", "Tìm theo CCCD, không có kết quả", "Xuất danh sách (2 dòng), có số CCCD và số điện thoại",
			"Xuất danh sách (3 dòng)", "Tải tệp đính kèm", "Xem danh sách qua API (1 dòng), có số CCCD và số điện thoại", `<a href="/dang-vien/` + id(f.Thao.ID) + `">Nguyễn Thị Hồng Thảo</a>`,
			`<a href="/to-chuc/` + id(f.CellA1.ID) + `">Chi bộ thôn Đồng Bùa</a>`, "từ 127.0.0.1", "23/11/2026 16:00:00"} {
			if !strings.Contains(htmlUnescape(page), s) {
				t.Errorf("read log screen lacks %q", s)
			}
		}
		if st != 200 || sb.res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("read log screen: %d %q", st, sb.res.Header.Get("Cache-Control"))
		}
		if _, page := sb.get("/nhat-ky-truy-cap?dang-vien=" + id(f.Duc.ID) + "&tai-khoan=staff.a"); strings.Count(page, "<li>") != 2 {
			t.Errorf("filtered by member and account: %d rows", strings.Count(page, "<li>"))
		}
		if _, page := sb.get("/nhat-ky-truy-cap?tu=24/11/2026"); !strings.Contains(page, "Không có lượt truy cập nào") {
			t.Error("the date filter did not filter")
		}
		if _, page := sb.get("/nhat-ky-truy-cap?tu=hôm+qua"); !strings.Contains(page, "Ngày phải có dạng dd/mm/yyyy") {
			t.Error("a bad date is not explained")
		}
		if st, _ := b.get("/nhat-ky-truy-cap"); st != http.StatusForbidden {
			t.Errorf("secretary opens the read log screen: %d", st)
		}
	})
}

// The read log pages back 50 rows at a time.
func TestReadLogScreenPages(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	for range 60 {
		e.db.LogRead(domain.System, store.MemberRead(store.ReadMember, e.f.Thao.ID, ""))
	}
	e.db.FlushReads(context.Background())
	b := newBrowser(t, e)
	b.signIn("admin", pw)
	_, page := b.get("/nhat-ky-truy-cap")
	if n := strings.Count(page, "<li>"); n != 50 || !strings.Contains(page, "từ dòng lệnh") {
		t.Fatalf("first page: %d rows", n)
	}
	older := regexpAll(`<a href="(/nhat-ky-truy-cap\?truoc=\d+)">Cũ hơn`, page)
	if len(older) != 1 {
		t.Fatal("no link to older rows")
	}
	if _, page := b.get(htmlUnescape(older[0][1])); strings.Count(page, "<li>") != 10 || strings.Contains(page, "Cũ hơn") {
		t.Fatalf("second page: %d rows", strings.Count(page, "<li>"))
	}
}
