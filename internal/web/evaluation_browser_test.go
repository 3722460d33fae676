package web

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store/storetest"
)

// valueOf reads the value of a form field in the page.
func valueOf(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("value of %s: %v", sel, err)
	}
	return v
}

// The main screens of the yearly evaluation and the screening in a real
// browser, as the three people who use them: the member writes her
// self-review on a phone; the cell's secretary proposes levels and points,
// is refused "xuất sắc" on 85 points with the rule named and what she typed
// kept; the commune's staff decide, are refused a "xuất sắc" beyond the
// cap, then decide; the secretary proposes to remove a member who returned
// his card; the staff are refused a removal without a decision number, then
// record it.
func TestEvaluationInBrowser(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	f := e.f
	ms := &members.Service{DB: e.db}
	for mid, on := range map[int64]string{f.Duc.ID: "2001-03-03", f.Thao.ID: "2016-05-19"} {
		if _, _, err := ms.AddEvent(ctxb, domain.System, mid, domain.Event{Kind: domain.EventRecognised, Date: domain.MustDate(on), Decision: "5-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
	}
	thao, duc, cell, commune := id(f.Thao.ID), id(f.Duc.ID), id(f.CellA1.ID), id(f.CommuneA.ID)
	run := func(ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		tctx, cancel := context.WithTimeout(ctx, 40*time.Second) // the browser already runs under ctx

		defer cancel()
		if err := chromedp.Do(tctx, actions...); err != nil {
			page, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
			t.Fatalf("%s: %v\n%s", what, err, page)
		}
	}

	// The member, on a phone.
	phone := browserCtx(t, 390, 844)
	if err := chromedp.Do(phone, chromedp.EmulateViewport(390, 844)); err != nil { // starts the browser on phone's context
		t.Fatal(err)
	}
	signInBrowser(t, phone, e.srv.URL, "member.thao")
	run(phone, "self-review",
		chromedp.Navigate(e.srv.URL+"/dang-vien/"+thao+"/danh-gia"),
		chromedp.WaitVisible(chromedp.ID("text")),
		chromedp.SendKeys(chromedp.ID("text"), "Hoàn thành tốt nhiệm vụ tuyên truyền ở khu dân cư."),
		chromedp.SetValue(chromedp.ID("level"), "good"),
		chromedp.Click(chromedp.CSS(`form.edit button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	if s := textOf(t, phone, "main"); !strings.Contains(s, "tự xếp loại Hoàn thành tốt nhiệm vụ") || !strings.Contains(s, "tuyên truyền ở khu dân cư") {
		t.Fatalf("member's page after saving: %s", s)
	}

	// The cell's secretary proposes.
	sec := browserCtx(t, 1280, 900)
	signInBrowser(t, sec, e.srv.URL, "secretary.a1")
	propose := `form:has(input[name=action][value=propose]) button[type=submit]`
	run(sec, "proposal of 85 points for xuất sắc",
		chromedp.Navigate(e.srv.URL+"/to-chuc/"+cell+"/danh-gia"),
		chromedp.WaitVisible(chromedp.CSS(`select[name=p_`+thao+`]`)),
		chromedp.SetValue(chromedp.CSS(`select[name=p_`+thao+`]`), "excellent"),
		chromedp.SendKeys(chromedp.CSS(`input[name=d_`+thao+`]`), "85"),
		chromedp.Click(chromedp.CSS(`input[name=t_`+thao+`]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=b_`+thao+`]`), "40"),
		chromedp.SetValue(chromedp.CSS(`select[name=p_`+duc+`]`), "good"),
		chromedp.SendKeys(chromedp.CSS(`input[name=d_`+duc+`]`), "80"),
		chromedp.Click(chromedp.CSS(propose)),
		chromedp.WaitVisible(chromedp.CSS(`div.error[role=alert]`)),
	)
	if s := textOf(t, sec, `div.error[role=alert]`); !strings.Contains(s, "85 điểm") || !strings.Contains(s, "366-QĐ/TW") {
		t.Fatalf("refusal: %s", s)
	}
	if v := valueOf(t, sec, `input[name=d_`+thao+`]`); v != "85" {
		t.Fatalf("typed points not kept: %q", v)
	}
	run(sec, "proposal",
		chromedp.SetValue(chromedp.CSS(`input[name=d_`+thao+`]`), "95"),
		chromedp.Click(chromedp.CSS(propose)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)

	// The commune's staff decide: beyond the cap, then within it.
	staff := browserCtx(t, 1280, 900)
	signInBrowser(t, staff, e.srv.URL, "staff.a")
	decide := `form:has(input[name=action][value=decide]) button[type=submit]`
	run(staff, "decision beyond the cap",
		chromedp.Navigate(e.srv.URL+"/to-chuc/"+commune+"/danh-gia"),
		chromedp.WaitVisible(chromedp.ID("decision_number")),
		chromedp.SetValue(chromedp.ID("decision_number"), "45-QĐ/ĐU"),
		chromedp.SetValue(chromedp.ID("date"), "20/11/2026"),
		chromedp.SetValue(chromedp.CSS(`select[name=l_`+thao+`]`), "excellent"),
		chromedp.SetValue(chromedp.CSS(`select[name=l_`+duc+`]`), "good"),
		chromedp.Click(chromedp.CSS(decide)),
		chromedp.WaitVisible(chromedp.CSS(`div.error[role=alert]`)),
	)
	if s := textOf(t, staff, `div.error[role=alert]`); !strings.Contains(s, "vượt 20%") || !strings.Contains(s, "43-HD/BTCTW") {
		t.Fatalf("refusal: %s", s)
	}
	if v := valueOf(t, staff, "#decision_number"); v != "45-QĐ/ĐU" {
		t.Fatalf("typed decision number not kept: %q", v)
	}
	run(staff, "decision",
		chromedp.SetValue(chromedp.CSS(`select[name=l_`+thao+`]`), "good"),
		chromedp.SendKeys(chromedp.CSS(`input[name=m_`+thao+`]`), "Trong giới hạn 20% của đảng bộ"),
		chromedp.Click(chromedp.CSS(decide)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	if s := textOf(t, staff, "main"); !strings.Contains(s, "Đã quyết định 0 xuất sắc, 2 tốt") {
		t.Fatalf("commune's page after the decision: %s", s)
	}
	// The member sees the decision on her page.
	run(phone, "member's page", chromedp.Navigate(e.srv.URL+"/dang-vien/"+thao+"/danh-gia"), chromedp.WaitVisible(chromedp.CSS("main h1")))
	if s := textOf(t, phone, "main"); !strings.Contains(s, "Hoàn thành tốt nhiệm vụ · quyết định 45-QĐ/ĐU ngày 20/11/2026") {
		t.Fatalf("member's page after the decision: %s", s)
	}

	// The screening: Đức returned his card (the secretary records it), the
	// cell proposes his removal from the commune's screening list.
	run(sec, "finding",
		chromedp.Navigate(e.srv.URL+"/dang-vien/"+duc+"/ra-soat"),
		chromedp.WaitVisible(chromedp.CSS(`form:has(input[name=action][value=finding])`)),
		chromedp.SetValue(chromedp.CSS(`form:has(input[name=action][value=finding]) select[name=kind]`), "card_returned"),
		chromedp.SetValue(chromedp.CSS(`form:has(input[name=action][value=finding]) input[name=on]`), "01/11/2026"),
		chromedp.SendKeys(chromedp.CSS(`form:has(input[name=action][value=finding]) [name=finding_note]`), "Gửi lại thẻ cho bí thư chi bộ"),
		chromedp.Click(chromedp.CSS(`form:has(input[name=action][value=finding]) button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	run(sec, "removal proposal",
		chromedp.Navigate(e.srv.URL+"/to-chuc/"+cell+"/ra-soat"),
		chromedp.WaitVisible(chromedp.CSS(`tr:has(input[name=member_id][value="`+duc+`"]) details.propose summary`)),
		chromedp.Click(chromedp.CSS(`tr:has(input[name=member_id][value="`+duc+`"]) details.propose summary`)),
		chromedp.SendKeys(chromedp.CSS(`tr:has(input[name=member_id][value="`+duc+`"]) input[name=proposal_note]`), "Chi bộ biểu quyết 2/2 đồng ý"),
		chromedp.Click(chromedp.CSS(`tr:has(input[name=member_id][value="`+duc+`"]) button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	// The committee: without a decision number nothing is written.
	before := e.auditRows()
	run(staff, "removal without a decision",
		chromedp.Navigate(e.srv.URL+"/to-chuc/"+commune+"/ra-soat"),
		chromedp.WaitVisible(chromedp.CSS(`section.warn details.propose summary`)),
		chromedp.Click(chromedp.CSS(`section.warn details.propose summary`)),
		chromedp.Click(chromedp.CSS(`form:has(input[name=action][value=decide]) button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(`div.error[role=alert]`)),
	)
	if s := textOf(t, staff, `div.error[role=alert]`); !strings.Contains(s, "Điều lệ Đảng, Điều 8") || e.auditRows() != before {
		t.Fatalf("refusal: %s", s)
	}
	if s := textOf(t, staff, "main"); !strings.Contains(s, "Tự ý trả lại thẻ đảng viên ngày 01/11/2026") {
		t.Fatalf("evidence: %s", s)
	}
	run(staff, "removal",
		chromedp.Navigate(e.srv.URL+"/to-chuc/"+commune+"/ra-soat"),
		chromedp.WaitVisible(chromedp.CSS(`section.warn details.propose summary`)),
		chromedp.Click(chromedp.CSS(`section.warn details.propose summary`)),
		chromedp.SendKeys(chromedp.CSS(`form:has(input[name=action][value=decide]) input[name=decision_number]`), "77-QĐ/ĐU"),
		chromedp.Click(chromedp.CSS(`form:has(input[name=action][value=decide]) button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	)
	m, err := ms.Member(ctxb, domain.System, f.Duc.ID)
	if err != nil || m.Status != domain.StatusRemoved {
		t.Fatalf("Đức after the removal: %s %v", m.Status, err)
	}
	// The printed list for the committee's meeting.
	run(staff, "printed list", chromedp.Navigate(e.srv.URL+"/to-chuc/"+commune+"/danh-gia/in?nam=2026"), chromedp.WaitVisible(chromedp.CSS("article")))
	if s := textOf(t, staff, "article"); !strings.Contains(s, f.Thao.FullName) || !strings.Contains(s, "NĂM 2026") {
		t.Fatalf("printed list: %s", s)
	}
}
