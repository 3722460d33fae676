package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dangvien/internal/app/fees"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// A record whose admission decision date is not known shows it marked, with
// a form to confirm it for those who write the record; the list filter
// finds such records; a date the rules refuse is refused on the form with
// what was typed kept and nothing written; once confirmed, the record, the
// party age and the A4 sheet carry both dates.
func TestConfirmDecisionDateScreen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		m, err := membersOf(db).Create(ctxb, domain.System, e.f.CellA1.ID, domain.MemberFields{FullName: "Lương Văn Tâm", Gender: domain.Male, BirthDate: domain.MustDate("1985-03-01"),
			Ethnicity: "03", AdmissionDate: domain.MustDate("2010-05-19"), OfficialDate: domain.MustDate("2011-05-19")},
			domain.Event{Kind: domain.EventTransferredIn, Date: domain.MustDate("2026-11-02"), Decision: "88-GGT/TU"})
		if err != nil {
			t.Fatal(err)
		}
		path := "/dang-vien/" + id(m.ID)
		b := newBrowser(t, e)
		b.signIn("secretary.a1", pw)
		_, page := b.get(path)
		for _, want := range []string{"Ngày quyết định kết nạp chưa được xác nhận", "19/05/2010 (chưa xác nhận: tạm lấy bằng ngày lễ kết nạp)", `action="` + path + `/ngay-quyet-dinh"`, "Tuổi đảng"} {
			if !strings.Contains(page, want) {
				t.Errorf("record lacks %q", want)
			}
		}
		if _, list := b.get("/to-chuc/" + id(e.f.CellA1.ID) + "?status=" + store.StatusUnconfirmed); !strings.Contains(list, "Lương Văn Tâm") || strings.Contains(list, "Đặng Văn Đức") {
			t.Error("the filter of records to complete")
		}
		before := e.auditRows()
		st, page := b.post(path+"/ngay-quyet-dinh", url.Values{"csrf": {b.csrfToken()}, "admission_decision_date": {"20/05/2010"}, "version": {"1"}})
		if st != http.StatusUnprocessableEntity || !strings.Contains(page, "Ngày lễ kết nạp không được trước ngày quyết định kết nạp (20/05/2010).") || !strings.Contains(page, `value="20/05/2010"`) {
			t.Fatalf("a decision after the ceremony: %d", st)
		}
		if e.auditRows() != before {
			t.Fatal("a refused confirmation wrote")
		}
		if st, _ := b.post(path+"/ngay-quyet-dinh", url.Values{"csrf": {b.csrfToken()}, "admission_decision_date": {"28/04/2010"}, "version": {"1"}}); st != http.StatusSeeOther {
			t.Fatalf("confirm: %d", st)
		}
		_, page = b.get(path)
		if strings.Contains(page, "chưa được xác nhận") || !strings.Contains(page, "<dt>Ngày quyết định kết nạp</dt><dd>28/04/2010</dd>") || !strings.Contains(page, "<dt>Tuổi đảng</dt><dd>16 năm 6 tháng</dd>") {
			t.Fatal("confirmed record")
		}
		_, page = b.get(path + "/in")
		if !strings.Contains(page, "<th>9. Ngày quyết định kết nạp</th><td>28/04/2010</td><th>Ngày lễ kết nạp</th><td>19/05/2010</td>") || !strings.Contains(page, "<th>Ngày chính thức</th><td>19/05/2011</td>") {
			t.Fatal("the A4 sheet lacks both dates")
		}
		// A leader reads the notice and no form.
		leader := newBrowser(t, e)
		leader.signIn("leader.b", pw)
		hoa := "/dang-vien/" + id(e.f.Hoa.ID)
		if err := storeMark(db, e.f.Hoa.ID); err != nil {
			t.Fatal(err)
		}
		if _, page := leader.get(hoa); !strings.Contains(page, "Ngày quyết định kết nạp chưa được xác nhận") || strings.Contains(page, "/ngay-quyet-dinh") {
			t.Fatal("a leader's view of a record to complete")
		}
		// The API: a stale If-Match is refused, the current one accepted.
		for _, c := range []struct {
			tag  string
			code int
		}{{`"v1"`, http.StatusPreconditionFailed}, {`"v2"`, http.StatusOK}} {
			st, _, body, err := e.send("secretary.a1", "PUT", "/api/v1/members/"+id(m.ID)+"/admission-decision", map[string]any{"decision_date": "2010-04-27"}, map[string]string{"If-Match": c.tag})
			if err != nil || st != c.code {
				t.Fatalf("If-Match %s: %d %s %v", c.tag, st, body, err)
			}
		}
	})
}

// storeMark marks a record's decision date as not known, as the migration
// does for records kept before both dates were.
func storeMark(db *store.DB, memberID int64) error {
	q := "UPDATE members SET admission_unconfirmed = 1 WHERE id = ?"
	if db.Dialect == store.Postgres {
		q = "UPDATE members SET admission_unconfirmed = TRUE WHERE id = $1"
	}
	_, err := db.SQL().Exec(q, memberID)
	return err
}

// Recording retirement offers the pension category on the member's fee
// page, with one tap: nothing changes until it is taken.
func TestRetirementOffersThePension(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	b := newBrowser(t, e)
	b.signIn("secretary.a1", pw)
	form := editForm(t, b, e.f.Duc.ID)
	form.Set("retired", "1")
	if st, _ := b.post("/dang-vien/"+id(e.f.Duc.ID)+"/sua", form); st != http.StatusSeeOther {
		t.Fatalf("edit: %d", st)
	}
	if _, page := b.get("/dang-vien/" + id(e.f.Duc.ID)); !strings.Contains(page, "Xem và chuyển sang đóng theo lương hưu") {
		t.Fatal("the record does not point to the fee page")
	}
	fs := &fees.Service{DB: e.db}
	v, _ := fs.Member(ctxb, domain.System, e.f.Duc.ID)
	if v.Profile == nil || v.Profile.Category != domain.FeeOther || v.Offer != domain.FeeRetired {
		t.Fatalf("changed unasked, or not offered: %+v %q", v.Profile, v.Offer)
	}
	_, page := b.get("/dang-vien/" + id(e.f.Duc.ID) + "/dang-phi")
	if !strings.Contains(page, `id="doi-tuong"`) || !strings.Contains(page, `name="category" value="retired"`) {
		t.Fatal("no offer on the fee page")
	}
	// The offer's form as the browser sends it: one tap with the pension.
	st, _ := b.post("/dang-vien/"+id(e.f.Duc.ID)+"/dang-phi", url.Values{"csrf": {csrfOf(page)}, "action": {"profile"}, "category": {"retired"}, "tier": {"2"}, "exemption": {""}, "base": {"5.200.000"}})
	if st != http.StatusSeeOther {
		t.Fatalf("take the offer: %d", st)
	}
	v, _ = fs.Member(ctxb, domain.System, e.f.Duc.ID)
	if v.Profile.Category != domain.FeeRetired || v.Profile.Base != 5_200_000 || v.Offer != "" || v.Due.Amount != 26_000 {
		t.Fatalf("after: %+v %q %+v", v.Profile, v.Offer, v.Due)
	}
	if _, page := b.get("/dang-vien/" + id(e.f.Duc.ID) + "/dang-phi"); strings.Contains(page, `id="doi-tuong"`) {
		t.Fatal("still offered")
	}
}
