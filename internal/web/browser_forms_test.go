package web

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dangvien/internal/domain"
	"dangvien/internal/store/storetest"
)

// choose sets a select's value as a user does, with its change event.
func choose(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](`(function(){var s=document.querySelector(` + jsString(sel) + `);s.value=` + jsString(value) + `;s.dispatchEvent(new Event("change",{bubbles:true}));})()`)
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// hiddenOf tells, for each selector, whether the element is hidden.
func hiddenOf(t *testing.T, ctx context.Context, sels ...string) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, s := range sels {
		h, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector(`+jsString(s)+`).offsetParent === null`))
		if err != nil {
			t.Fatalf("hidden %s: %v", s, err)
		}
		out[s] = h
	}
	return out
}

// The event form in a browser: the kinds the standing allows, and only the
// fields of the chosen kind; a discipline recorded from it.
func TestEventFormInBrowser(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	ctx := browserCtx(t, 390, 844)
	signInBrowser(t, ctx, e.srv.URL, "staff.a")
	disc, move := `[data-kinds~="disciplined"]`, `[data-kinds~="moved"]`
	if err := chromedp.Do(ctx, chromedp.Navigate(e.srv.URL+"/dang-vien/"+id(e.f.Thao.ID)+"/su-kien"), chromedp.WaitVisible(chromedp.ID("kind"))); err != nil {
		t.Fatal(err)
	}
	offered, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#kind option")).map(o => o.value)`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(offered, " ") != "recognised moved exempted disciplined transferred_out removed left died" {
		t.Fatalf("offered %v", offered)
	}
	// The first kind, recognition, takes neither a discipline nor a cell.
	if h := hiddenOf(t, ctx, disc, move); !h[disc] || !h[move] {
		t.Fatalf("recognition shows %v", h)
	}
	if err := chromedp.Do(ctx, choose("#kind", "moved")); err != nil {
		t.Fatal(err)
	}
	if h := hiddenOf(t, ctx, disc, move); !h[disc] || h[move] {
		t.Fatalf("a move shows %v", h)
	}
	if err := chromedp.Do(ctx, choose("#kind", "disciplined")); err != nil {
		t.Fatal(err)
	}
	if h := hiddenOf(t, ctx, disc, move); h[disc] || !h[move] {
		t.Fatalf("a discipline shows %v", h)
	}
	if err := chromedp.Do(ctx,
		choose("#discipline", "warning"),
		chromedp.SetValue(chromedp.ID("date"), "02/11/2026"),
		chromedp.SetValue(chromedp.ID("decision_number"), "15-QĐ/ĐU"),
		chromedp.Click(chromedp.CSS(`form.edit button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, "main"); !strings.Contains(s, "Kỷ luật (Cảnh cáo)") {
		t.Fatalf("the discipline is not on the record: %s", s)
	}
	if evs, _ := membersOf(e.db).Events(ctxb, domain.System, e.f.Thao.ID); evs[len(evs)-1].Kind != domain.EventDisciplined || evs[len(evs)-1].ToOrgID != 0 {
		t.Fatalf("events: %+v", evs)
	}
}

// Adding one member in a browser: from the cell's page, the fields of the
// chosen first event only, and the record it opens.
func TestAddMemberInBrowser(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	ctx := browserCtx(t, 390, 844)
	signInBrowser(t, ctx, e.srv.URL, "secretary.a1")
	if err := chromedp.Do(ctx,
		chromedp.Navigate(e.srv.URL+"/to-chuc/"+id(e.f.CellA1.ID)),
		chromedp.Click(chromedp.CSS(`a.button[href$="/them-dang-vien"]`)),
		chromedp.WaitVisible(chromedp.ID("full_name")),
	); err != nil {
		t.Fatal(err)
	}
	transfer := []string{`[data-kinds="transferred_in"] #admission_date`, `[data-kinds="transferred_in"] #official_date`, `#reason`}
	h := hiddenOf(t, ctx, transfer...)
	for _, s := range transfer {
		if !h[s] {
			t.Errorf("an admission shows %s", s)
		}
	}
	if err := chromedp.Do(ctx, choose("#kind", "transferred_in")); err != nil {
		t.Fatal(err)
	}
	h = hiddenOf(t, ctx, transfer...)
	for _, s := range transfer {
		if h[s] {
			t.Errorf("a transfer in hides %s", s)
		}
	}
	if err := chromedp.Do(ctx,
		choose("#kind", "admitted"),
		chromedp.SetValue(chromedp.ID("date"), "19/05/2024"),
		chromedp.SetValue(chromedp.ID("admission_decision_date"), "26/04/2024"),
		chromedp.SetValue(chromedp.ID("decision_number"), "21-QĐ/ĐU"),
		chromedp.SetValue(chromedp.ID("full_name"), "Triệu Thị Mai"),
		choose("#gender", "nu"),
		chromedp.SetValue(chromedp.ID("birth_date"), "12/12/1996"),
		choose("#ethnicity", "09"),
		chromedp.SetValue(chromedp.ID("citizen_id"), "002196000555"),
		chromedp.Click(chromedp.CSS(`form.edit button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("p.flash")),
	); err != nil {
		t.Fatal(err)
	}
	if s := textOf(t, ctx, "main"); !strings.Contains(s, "Đã tạo hồ sơ đảng viên.") || !strings.Contains(s, "Triệu Thị Mai") || !strings.Contains(s, "Dao") || !strings.Contains(s, "Kết nạp vào Đảng") {
		t.Fatalf("the new record: %s", s)
	}
	if m := memberNamed(t, e, "Triệu Thị Mai"); m.Status != domain.StatusProbationary || !m.OfficialDate.IsZero() {
		t.Errorf("new member: %+v", m)
	}
}
