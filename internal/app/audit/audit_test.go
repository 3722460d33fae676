package audit_test

import (
	"context"
	"strings"
	"testing"

	"dangvien/internal/app/audit"
	"dangvien/internal/app/celllife"
	"dangvien/internal/app/members"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

var ctx = context.Background()

// lines writes an entry as the audit log reads: "who what target" and its
// changes, "label: old → new".
func lines(e audit.Entry) string {
	var b strings.Builder
	b.WriteString(e.Who + " " + e.What + " " + e.Target)
	for _, c := range e.Changes {
		b.WriteString(" | " + c.Label + ": ")
		if c.Old != "" {
			b.WriteString(c.Old + " → ")
		}
		b.WriteString(c.New)
	}
	return b.String()
}

func find(t *testing.T, v audit.LogView, action string) audit.Entry {
	t.Helper()
	for _, e := range v.Entries {
		if e.Action == action {
			return e
		}
	}
	t.Fatalf("no %s in %d rows", action, len(v.Entries))
	return audit.Entry{}
}

// The audit log tells what changed as "field: old → new" with the record's
// Vietnamese labels, organisations and members by name, the actor by the
// account's display name and the command line as "Hệ thống"; sign-ins are
// listed apart from the changes, and the recent changes leave them out.
func TestLogReadsInVietnamese(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		if _, err := db.CreateUser(ctx, domain.System, store.UserInput{Username: "canbo.a", DisplayName: "Vũ Thị Mai", Password: "mật khẩu thử nghiệm", Role: domain.RoleStaff, OrgIDs: []int64{f.CommuneA.ID}}); err != nil {
			t.Fatal(err)
		}
		sess, err := db.Login(ctx, "canbo.a", "mật khẩu thử nghiệm")
		if err != nil {
			t.Fatal(err)
		}
		staff := sess.Actor
		ms := &members.Service{DB: db}
		m, _ := ms.Member(ctx, staff, f.Thao.ID)
		fl := m.MemberFields
		fl.Workplace, fl.Phone = "Trường Tiểu học Hợp Châu", "0912345678"
		if _, err := ms.Update(ctx, staff, f.Thao.ID, fl, nil); err != nil {
			t.Fatal(err)
		}
		if _, _, err := ms.AddEvent(ctx, staff, f.Duc.ID, domain.Event{Kind: domain.EventMoved, Date: D("2026-11-02"), ToOrgID: f.CellA2.ID, Decision: "7-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		og := &orgs.Service{DB: db}
		if _, err := og.Rename(ctx, staff, f.CellA2.ID, "Chi bộ thôn Hợp Thành Mới", domain.Decision{Date: D("2026-11-03"), Number: "8-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		life := &celllife.Service{DB: db}
		mt, err := life.CreateMeeting(ctx, staff, f.CellA1.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: D("2026-11-05"), Minutes: 95})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := life.RecordAttendance(ctx, staff, mt.ID, []domain.Mark{{MemberID: f.Thao.ID, Status: domain.Present}}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := life.RecordAttendance(ctx, staff, mt.ID, []domain.Mark{{MemberID: f.Thao.ID, Status: domain.Excused, Reason: "ốm"}}, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.Logout(ctx, sess); err != nil {
			t.Fatal(err)
		}

		s := &audit.Service{DB: db}
		v, err := s.Log(ctx, staff, store.AuditFilter{Kind: store.AuditChanges})
		if err != nil {
			t.Fatal(err)
		}
		for action, want := range map[string]string{
			"member.update":      "Vũ Thị Mai sửa hồ sơ đảng viên Nguyễn Thị Hồng Thảo | Điện thoại: 0912345678 | Nơi làm việc: Trường Tiểu học Hợp Châu",
			"member.event.moved": "Vũ Thị Mai ghi sự kiện «" + domain.EventMoved.Label() + "» Đặng Văn Đức | Chi bộ: Chi bộ thôn Đồng Bùa → Chi bộ thôn Hợp Thành Mới | Sự kiện: " + domain.EventMoved.Label() + " | Ngày: 02/11/2026 | Số quyết định: 7-QĐ/ĐU | Chuyển đến: Chi bộ thôn Hợp Thành Mới",
			"org.rename":         "Vũ Thị Mai đổi tên tổ chức Chi bộ thôn Hợp Thành Mới | Tên: Chi bộ thôn Hợp Thành → Chi bộ thôn Hợp Thành Mới | Quyết định: ngày: 03/11/2026 | Quyết định: số quyết định: 8-QĐ/ĐU",
			"meeting.attendance": "Vũ Thị Mai điểm danh buổi sinh hoạt của Chi bộ thôn Đồng Bùa | Nguyễn Thị Hồng Thảo: Có mặt → Vắng có lý do (ốm)",
			"member.create":      "Hệ thống tạo hồ sơ đảng viên",
			"user.create":        "Hệ thống tạo tài khoản Vũ Thị Mai (canbo.a) | Tên đăng nhập: canbo.a | Họ tên người dùng: Vũ Thị Mai | Vai trò: Cán bộ ban tổ chức | Tổ chức trong phạm vi: Đảng bộ xã Hợp Châu",
		} {
			if got := lines(find(t, v, action)); !strings.HasPrefix(got, want) {
				t.Errorf("%s:\n got %s\nwant %s", action, got, want)
			}
		}
		for _, e := range v.Entries {
			if e.Access || strings.Contains(e.Target, "#") || strings.Contains(lines(e), "#") {
				t.Errorf("a change reads %q", lines(e))
			}
		}
		// Sign-ins and sign-outs: under their own filter, not among changes.
		acc, err := s.Log(ctx, staff, store.AuditFilter{Kind: store.AuditAccess})
		if err != nil {
			t.Fatal(err)
		}
		if len(acc.Entries) != 2 || lines(acc.Entries[0]) != "Vũ Thị Mai đăng xuất Vũ Thị Mai (canbo.a)" || acc.Entries[1].What != "đăng nhập" || !acc.Entries[1].Access {
			for _, e := range acc.Entries {
				t.Log(lines(e))
			}
			t.Fatal("sign-ins under their filter")
		}
		recent, err := s.Recent(ctx, staff, 50)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range recent {
			if e.Access {
				t.Errorf("recent changes hold %q", lines(e))
			}
		}
		if len(recent) == 0 || recent[0].Action != "meeting.attendance" {
			t.Fatalf("recent: %d", len(recent))
		}
		// The other commune's staff see none of it; a secretary reads no log.
		other, err := s.Log(ctx, Actor(domain.RoleStaff, f.CommuneB), store.AuditFilter{Entity: "member", EntityID: f.Thao.ID})
		if err != nil || len(other.Entries) != 0 {
			t.Fatalf("another commune's staff: %d %v", len(other.Entries), err)
		}
		if _, err := s.Log(ctx, Actor(domain.RoleSecretary, f.CellA1), store.AuditFilter{}); domain.ErrorCode(err) != domain.CodeForbidden {
			t.Fatalf("a secretary reads the log: %v", err)
		}
		if res, err := s.Verify(ctx, domain.System); err != nil || !res.OK {
			t.Fatalf("verify: %+v %v", res, err)
		}
		if _, err := s.Verify(ctx, staff); domain.ErrorCode(err) != domain.CodeForbidden {
			t.Fatalf("staff verify: %v", err)
		}
	})
}

// A page of the log pages back from its last row.
func TestLogPages(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		Fixture(t, db)
		s := &audit.Service{DB: db}
		first, err := s.Log(ctx, domain.System, store.AuditFilter{Limit: 4})
		if err != nil || len(first.Entries) != 4 || first.Older != first.Entries[3].Seq {
			t.Fatalf("first page: %d %d %v", len(first.Entries), first.Older, err)
		}
		next, err := s.Log(ctx, domain.System, store.AuditFilter{Limit: 4, Before: first.Older})
		if err != nil || len(next.Entries) == 0 || next.Entries[0].Seq != first.Older-1 {
			t.Fatalf("next page: %+v %v", next.Entries, err)
		}
	})
}
