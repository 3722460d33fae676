package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// page checks a screen answered code with the whole page (a template that
// failed half-way leaves it cut) saying each of wants.
func page(t *testing.T, what string, st int, body string, code int, wants ...string) {
	t.Helper()
	if st != code {
		t.Fatalf("%s: %d, want %d: %.300s", what, st, code, body)
	}
	if code == 200 && !strings.Contains(body, "</html>") {
		t.Fatalf("%s: the page is cut short", what)
	}
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Fatalf("%s: no %q in the page", what, w)
		}
	}
}

// From the cell's screen to the ceremony: the secretary adds a candidate
// and records the dossier step by step, the commune's staff the committee's
// vote and the decision; refusals say why on the page; the forms print; the
// new member's probation and the badges show.
func TestAdmissionScreens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		for _, m := range []domain.Member{e.f.Thao, e.f.Duc} {
			if _, _, err := membersOf(db).AddEvent(context.Background(), domain.System, m.ID, domain.Event{Kind: domain.EventRecognised, Date: domain.ProbationEnd(m.AdmissionDate), Decision: "1-QĐ/ĐU"}); err != nil {
				t.Fatal(err)
			}
		}
		sec := newBrowser(t, e)
		_, home := sec.signIn("secretary.a1", pw)
		csrf := csrfOf(home)
		a1 := id(e.f.CellA1.ID)
		st, body := sec.get("/to-chuc/" + a1 + "/ket-nap")
		page(t, "cell page", st, body, 200, "Vừ Thị Mỷ", "Thêm quần chúng ưu tú", "Chỉ tiêu kết nạp năm 2026")

		bad := candidateFormValues(csrf, 1)
		bad.Set("citizen_id", "123")
		bad.Set("source", "")
		st, body = sec.post("/to-chuc/"+a1+"/ket-nap/moi", bad)
		page(t, "bad candidate", st, body, http.StatusUnprocessableEntity, "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số.", "Chọn nguồn")
		st, _ = sec.post("/to-chuc/"+a1+"/ket-nap/moi", candidateFormValues(csrf, 1))
		if st != http.StatusSeeOther {
			t.Fatalf("create: %d", st)
		}
		cpath := strings.SplitN(sec.res.Header.Get("Location"), "?", 2)[0]
		st, body = sec.get(cpath)
		page(t, "candidate", st, body, 200, "Lò Thị Xuân", "Đơn xin vào Đảng", "Còn thiếu", "In Quyết định kết nạp đảng viên (9-KNĐ)")

		step := func(b *browser, v url.Values) (int, string) {
			v.Set("csrf", csrfOf(func() string { _, h := b.get("/"); return h }()))
			v.Set("action", "step")
			return b.post(cpath, v)
		}
		for _, v := range []url.Values{
			{"kind": {"awareness"}, "date": {"10/05/2024"}, "number": {"215/GCN"}},
			{"kind": {"application"}, "date": {"15/01/2026"}},
			{"kind": {"history"}, "date": {"20/01/2026"}},
			{"kind": {"introduction"}, "date": {"01/02/2026"}, "introducer_id": {id(e.f.Duc.ID)}, "known_since": {"01/01/2020"}},
		} {
			if st, body := step(sec, v); st != http.StatusSeeOther {
				t.Fatalf("%s: %d %.300s", v.Get("kind"), st, body)
			}
		}
		n := e.auditRows()
		st, body = step(sec, url.Values{"kind": {"introduction"}, "date": {"01/02/2026"}, "introducer_id": {id(e.f.An.ID)}, "known_since": {"01/01/2020"}})
		page(t, "introducer out of scope", st, body, http.StatusUnprocessableEntity, "Không tìm thấy đảng viên giới thiệu")
		st, body = step(sec, url.Values{"kind": {"cell_vote"}, "date": {"10/09/2026"}, "agree": {"2"}})
		page(t, "vote on an incomplete dossier", st, body, http.StatusUnprocessableEntity, "Nghị quyết giới thiệu đoàn viên ưu tú vào Đảng: Chưa có.", "Chưa có kết luận thẩm tra lý lịch.")
		if e.auditRows() != n {
			t.Fatal("refused steps wrote")
		}
		for _, v := range []url.Values{
			{"kind": {"introduction"}, "date": {"03/02/2026"}, "introducer_id": {id(e.f.Thao.ID)}, "known_since": {"01/06/2019"}},
			{"kind": {"union_resolution"}, "date": {"05/03/2026"}, "number": {"05-NQ/ĐTN"}},
			{"kind": {"background"}, "date": {"20/05/2026"}, "passed": {"1"}},
			{"kind": {"union_comments"}, "date": {"01/06/2026"}},
			{"kind": {"residence_comments"}, "date": {"05/06/2026"}},
		} {
			if st, body := step(sec, v); st != http.StatusSeeOther {
				t.Fatalf("%s: %d %.300s", v.Get("kind"), st, body)
			}
		}
		st, body = step(sec, url.Values{"kind": {"cell_vote"}, "date": {"10/09/2026"}, "agree": {"3"}})
		page(t, "three votes of two", st, body, http.StatusUnprocessableEntity, "3 người tán thành, nhiều hơn số đảng viên chính thức của chi bộ (2)")
		if st, _ := step(sec, url.Values{"kind": {"cell_vote"}, "date": {"10/09/2026"}, "agree": {"2"}}); st != http.StatusSeeOther {
			t.Fatalf("cell vote: %d", st)
		}

		staff := newBrowser(t, e)
		staff.signIn("staff.a", pw)
		if st, body := step(staff, url.Values{"kind": {"committee_vote"}, "date": {"25/09/2026"}, "agree": {"7"}, "eligible": {"9"}, "number": {"25-NQ/ĐU"}}); st != http.StatusSeeOther {
			t.Fatalf("committee vote: %d %.300s", st, body)
		}
		st, body = staff.get("/to-chuc/" + id(e.f.CommuneA.ID) + "/ket-nap/cho-xet")
		page(t, "review list", st, body, 200, "DANH SÁCH HỒ SƠ ĐỀ NGHỊ KẾT NẠP ĐẢNG VIÊN", "Lò Thị Xuân", "Đặng Văn Đức", "25/09/2026: 7/9")
		if st, body := step(staff, url.Values{"kind": {"decision"}, "date": {"01/10/2026"}, "number": {"45-QĐ/ĐU"}, "received": {"05/10/2026"}}); st != http.StatusSeeOther {
			t.Fatalf("decision: %d %.300s", st, body)
		}
		st, body = sec.get(cpath + "/in/9")
		page(t, "9-KNĐ", st, body, 200, "Mẫu 9-KNĐ", "Số 45-QĐ/ĐU", "Kết nạp quần chúng <b>Lò Thị Xuân</b>", "nghị quyết số 25-NQ/ĐU ngày 25/09/2026")
		st, body = sec.get(cpath + "/in/3?nguoi=" + id(e.f.Thao.ID))
		page(t, "3-KNĐ", st, body, 200, "GIẤY GIỚI THIỆU NGƯỜI VÀO ĐẢNG", "Tôi là: <b>Nguyễn Thị Hồng Thảo</b>", "từ ngày 01/06/2019")
		st, body = sec.get(cpath + "/in/1")
		page(t, "1-KNĐ", st, body, 200, "ĐƠN XIN VÀO ĐẢNG", "Chi bộ thôn Đồng Bùa", "giấy chứng nhận số 215/GCN")
		st, body = sec.get(cpath + "/in/7")
		page(t, "7-KNĐ", st, body, 200, "đề nghị kết nạp đảng viên", "2 đồng chí tán thành (2/2")
		if st, _ := sec.get(cpath + "/in/2"); st != http.StatusNotFound {
			t.Fatalf("no form 2 to print: %d", st)
		}

		st, body = step(sec, url.Values{"kind": {"ceremony"}, "date": {"30/09/2026"}})
		page(t, "ceremony before the decision", st, body, http.StatusUnprocessableEntity, "Lễ kết nạp ngày 30/09/2026 trước ngày quyết định kết nạp (01/10/2026).")
		if st, _ := step(sec, url.Values{"kind": {"ceremony"}, "date": {"20/10/2026"}}); st != http.StatusSeeOther || !strings.Contains(sec.res.Header.Get("Location"), "da-luu=ket-nap") {
			t.Fatalf("ceremony: %d %s", st, sec.res.Header.Get("Location"))
		}
		st, body = sec.get(cpath)
		page(t, "admitted", st, body, 200, "Đã kết nạp", "thời gian dự bị")
		member := body[strings.Index(body, `href="/dang-vien/`)+len(`href="/dang-vien/`):]
		member = member[:strings.IndexAny(member, `"/`)]
		st, body = sec.get("/dang-vien/" + member + "/du-bi")
		page(t, "probation", st, body, 200, "Thời gian dự bị", "kết nạp ngày 20/10/2026", "hết 12 tháng dự bị ngày 20/10/2027", "Quá hạn: Chưa phân công đảng viên chính thức giúp đỡ (hạn 20/10/2026).")
		st, body = sec.post("/dang-vien/"+member+"/du-bi", url.Values{"csrf": {csrf}, "kind": {"cell_vote"}, "date": {"01/11/2026"}, "agree": {"2"}})
		page(t, "recognition vote too early", st, body, http.StatusUnprocessableEntity, "Chi bộ xét công nhận sau khi hết 12 tháng dự bị (20/10/2027).")
		if st, _ := sec.post("/dang-vien/"+member+"/du-bi", url.Values{"csrf": {csrf}, "kind": {"helper"}, "date": {"20/10/2026"}, "helper_id": {id(e.f.Duc.ID)}}); st != http.StatusSeeOther {
			t.Fatalf("helper: %d", st)
		}
		st, body = sec.get("/dang-vien/" + member + "/du-bi/in/10")
		page(t, "10-KNĐ", st, body, 200, "BẢN TỰ KIỂM ĐIỂM", "Lò Thị Xuân", "đến ngày 20/10/2027")
		st, body = sec.get("/dang-vien/" + member + "/du-bi/in/11")
		page(t, "11-KNĐ", st, body, 200, "BẢN NHẬN XÉT ĐẢNG VIÊN DỰ BỊ", "<b>Đặng Văn Đức</b>")
		st, body = sec.get("/dang-vien/" + member)
		page(t, "member record", st, body, 200, "Lò Thị Xuân", "Kết nạp vào Đảng", "45-QĐ/ĐU", "/du-bi")

		// The commune's page: the pipeline, the stalls, the quotas.
		commune := id(e.f.CommuneA.ID)
		st, body = staff.post("/to-chuc/"+commune+"/chi-tieu", url.Values{"csrf": {csrfOf(func() string { _, h := staff.get("/"); return h }())}, "org_id": {a1}, "year": {"2026"}, "quota": {"-1"}})
		page(t, "bad quota", st, body, http.StatusUnprocessableEntity, "Chỉ tiêu là số từ 0 đến 100.000.")
		if st, _ := staff.post("/to-chuc/"+commune+"/chi-tieu", url.Values{"csrf": {csrfOf(func() string { _, h := staff.get("/"); return h }())}, "org_id": {a1}, "year": {"2026"}, "quota": {"4"}}); st != http.StatusSeeOther {
			t.Fatalf("quota: %d", st)
		}
		st, body = staff.get("/to-chuc/" + commune + "/ket-nap")
		page(t, "commune page", st, body, 200, "Người vào Đảng theo bước", "Lý do chưa tiến được", "Vừ Thị Mỷ", "Chỉ tiêu không thay cho tiêu chuẩn", "1 (25%)")
		st, body = staff.get("/to-chuc/" + commune + "/ket-nap/bao-cao?nam=2026")
		page(t, "report", st, body, 200, "Kết nạp đảng viên năm 2026", "Theo dân tộc", "Theo nghề nghiệp", "<b>2</b>")

		// Badges: the next four dates, a list and its print; a member's party age.
		st, body = staff.get("/to-chuc/" + commune + "/huy-hieu")
		page(t, "badges", st, body, 200, "Bốn đợt tới", "03/02/2027", "07/11/2027")
		st, body = staff.get("/to-chuc/" + commune + "/huy-hieu/in?ngay=19/05/2027")
		page(t, "badge print", st, body, 200, "DANH SÁCH ĐẢNG VIÊN ĐƯỢC XÉT TẶNG HUY HIỆU ĐẢNG", "đợt 19/05/2027")
		st, body = staff.get("/to-chuc/" + commune + "/huy-hieu?ngay=20/05/2027")
		page(t, "not an award date", st, body, http.StatusUnprocessableEntity, "03/02, 19/05, 02/09 và 07/11")
		st, body = sec.get("/dang-vien/" + id(e.f.Duc.ID) + "/huy-hieu")
		page(t, "party age", st, body, 200, "Tuổi đảng, huy hiệu Đảng", "26 năm 8 tháng", "huy hiệu tới, đợt 19/05/2030")
		st, body = sec.post("/dang-vien/"+id(e.f.Duc.ID)+"/huy-hieu", url.Values{"csrf": {csrf}, "kind": {"break"}, "from": {"01/01/2010"}, "note": {"Mất liên lạc"}})
		page(t, "break without its end", st, body, http.StatusUnprocessableEntity, "Chưa nhập ngày trở lại sinh hoạt.")
	})
}
