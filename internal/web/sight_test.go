package web

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"dangvien/internal/app/celllife"
	"dangvien/internal/app/fees"
	"dangvien/internal/domain"
)

// What the access matrices look for in the answers, beside their status:
// what a member must not read about anyone else, and the controls a role
// that only reads must not be offered.

// sighting is something about another person: what it is, and how it shows
// in a page or a JSON answer.
type sighting struct {
	what string
	re   *regexp.Regexp
}

// absenceReason is the reason Đức gave for missing his cell's meeting, which
// the member beside him in the cell must not read.
const absenceReason = "Đi công tác Hà Giang"

// othersData writes into the environment what only the others' readers may
// read: in Thảo's cell, Đức excused from the meeting with a reason, and the
// November sheet with his amount; it returns what a page shown to Thảo (a
// member) must not hold: the other members' names, numbers, ids and links,
// Đức's reason and amounts.
func othersData(t *testing.T, e *env) []sighting {
	t.Helper()
	ctx := context.Background()
	life, fs := &celllife.Service{DB: e.db}, &fees.Service{DB: e.db}
	marks := []domain.Mark{{MemberID: e.f.Duc.ID, Status: domain.Excused, Reason: absenceReason}, {MemberID: e.f.Thao.ID, Status: domain.Present}}
	if _, err := life.RecordAttendance(ctx, domain.System, e.meetingOf(e.f.CellA1.ID), marks, nil); err != nil {
		t.Fatal(err)
	}
	nov := domain.Month{Year: 2026, Mon: 11}
	if _, err := fs.OpenMonth(ctx, domain.System, e.f.CellA1.ID, nov); err != nil {
		t.Fatal(err)
	}
	sheet, err := fs.Sheet(ctx, domain.System, e.f.CellA1.ID, nov)
	if err != nil {
		t.Fatal(err)
	}
	var out []sighting
	add := func(what, re string) { out = append(out, sighting{what, regexp.MustCompile(re)}) }
	add("Đức's reason of absence", regexp.QuoteMeta(absenceReason))
	for _, r := range sheet.Rows {
		if r.MemberID == e.f.Duc.ID && r.Due > 0 {
			add("Đức's fee", fmt.Sprintf(`"due":%d[,}]|%s`, r.Due, regexp.QuoteMeta(domain.Dong(r.Due))))
		}
	}
	if len(out) != 2 {
		t.Fatalf("Đức has no amount on the sheet: %+v", sheet.Rows)
	}
	for _, m := range []domain.Member{e.f.Duc, e.f.An, e.f.Hoa, e.f.Lan} {
		add(m.FullName, regexp.QuoteMeta(m.FullName))
		add(m.FullName+"'s id", fmt.Sprintf(`"member_id":%d[,}]|/dang-vien/%d\b`, m.ID, m.ID))
		for _, n := range []string{m.CitizenID, m.CardNumber} {
			if n != "" {
				add(m.FullName+"'s number", regexp.QuoteMeta(n))
			}
		}
	}
	return out
}

// seen lists the sightings a body holds.
func seen(body string, ss []sighting) []string {
	var out []string
	for _, s := range ss {
		if s.re.MatchString(body) {
			out = append(out, s.what)
		}
	}
	return out
}

var (
	postForm = regexp.MustCompile(`(?is)<form\b[^>]*\bmethod="post"[^>]*>`)
	actionOf = regexp.MustCompile(`(?i)\baction="([^"]*)"`)
	// The screens that write, by the end of their address.
	writeLink = regexp.MustCompile(`href="(/[^"]*(?:/sua|/su-kien|/sinh-hoat/moi|/thao-tac[^"]*|/chia-tach|/them-dang-vien|/thanh-lap|/nhap|/chuyen-tap-the))"`)
	// Forms about the signed-in account itself, which every role has.
	ownAccount = regexp.MustCompile(`^/(dang-xuat|doi-mat-khau|xac-thuc-hai-buoc|ma-truy-cap/\d+/thu-hoi)$`)
)

// writeControls lists the forms that post a change and the links to the
// screens that make one, leaving out those about the account itself.
func writeControls(body string) []string {
	var out []string
	for _, f := range postForm.FindAllString(body, -1) {
		act := ""
		if m := actionOf.FindStringSubmatch(f); m != nil {
			act = m[1]
		}
		if !ownAccount.MatchString(act) {
			out = append(out, "form → "+act)
		}
	}
	for _, m := range writeLink.FindAllStringSubmatch(body, -1) {
		out = append(out, "link → "+strings.ReplaceAll(m[1], "&amp;", "&"))
	}
	return out
}
