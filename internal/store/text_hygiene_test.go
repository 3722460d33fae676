package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"dangvien/internal/app/celllife"
	"dangvien/internal/app/members"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// Issue 8: NUL gave 500 on PostgreSQL; a right-to-left override passed in an
// attachment's name; lookalike letters passed in names. Each entry point now
// refuses them with the field named, and writes nothing.
func TestTextHygieneRefusedAndNothingWritten(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := storetest.Fixture(t, db)
		a := domain.System
		life, ms, og := &celllife.Service{DB: db}, &members.Service{DB: db}, &orgs.Service{DB: db}
		m, err := life.CreateMeeting(ctx, a, f.CellA1.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: storetest.D("2026-11-05"), Minutes: 90})
		if err != nil {
			t.Fatal(err)
		}
		task, err := life.GiveTask(ctx, a, f.Thao.ID, domain.TaskInput{Title: "Tuyên truyền", From: storetest.D("2026-01-05")})
		if err != nil {
			t.Fatal(err)
		}
		before, err := db.Audit(ctx, a, store.AuditFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		thao := f.Thao.MemberFields
		thao.Hometown = "Xã Hợp Châu\x00"
		lookalike := f.Thao.MemberFields
		lookalike.FullName = "Nguyễn Thị Hồng Тhảo" // Cyrillic Т
		_, docErr := life.AddDocument(ctx, a, m.ID, "bien-ban\u202efdp.exe", []byte("%PDF-1.4\n"))
		_, nulErr := ms.Update(ctx, a, f.Thao.ID, thao, nil)
		_, nameErr := ms.Update(ctx, a, f.Thao.ID, lookalike, nil)
		_, userErr := db.CreateUser(ctx, a, store.UserInput{Username: "lan.ht", DisplayName: "Hà Thị Lаn", Password: "mật khẩu thử nghiệm", Role: domain.RoleAdmin})
		_, noteErr := life.AddTaskNote(ctx, a, task.ID, domain.TaskNote{On: storetest.D("2026-02-01"), Note: "Đã làm\x00"})
		_, renameErr := og.Rename(ctx, a, f.CellA1.ID, "Chi bộ thôn Đồng Bùа", domain.Decision{Date: storetest.D("2026-01-01"), Number: "1-QĐ/ĐU"})
		_, _, eventErr := ms.AddEvent(ctx, a, f.Duc.ID, domain.Event{Kind: domain.EventExempted, Date: storetest.D("2026-01-01"), Reason: "Ốm\u202e"})
		for _, tc := range []struct {
			name  string
			err   error
			field string
			want  string
		}{
			{"attachment name with RLO", docErr, "file", "Tên tệp chứa ký tự không hợp lệ (ký tự đổi chiều viết U+202E"},
			{"member text with NUL", nulErr, "hometown", "Quê quán chứa ký tự không hợp lệ (ký tự NUL"},
			{"member name with a Cyrillic letter", nameErr, "full_name", "Họ và tên chứa ký tự không hợp lệ (chữ Kirin «Т»"},
			{"account name with a Cyrillic letter", userErr, "display_name", "Họ tên người dùng chứa ký tự không hợp lệ (chữ Kirin «а»"},
			{"task note with NUL", noteErr, "note", "Ghi chú chứa ký tự không hợp lệ (ký tự NUL"},
			{"organisation renamed with a Cyrillic letter", renameErr, "name", "Tên tổ chức chứa ký tự không hợp lệ (chữ Kirin"},
			{"event reason with RLO", eventErr, "reason", "Lý do chứa ký tự không hợp lệ (ký tự đổi chiều viết"},
		} {
			var de *domain.Error
			if !errors.As(tc.err, &de) || de.Code != domain.CodeInvalid || !strings.HasPrefix(de.Fields[tc.field], tc.want) {
				t.Errorf("%s: %v, want %s: %q", tc.name, tc.err, tc.field, tc.want)
			}
		}
		after, err := db.Audit(ctx, a, store.AuditFilter{Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before) {
			t.Errorf("refused input wrote %d audit rows", len(after)-len(before))
		}
		docs, _ := life.Documents(ctx, a, m.ID)
		if len(docs) != 0 {
			t.Errorf("documents %+v", docs)
		}
	})
}
