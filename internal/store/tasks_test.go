package store_test

import (
	"testing"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// Tasks: given to active members only, noted and reviewed; flags list who
// has no current task and which tasks went stale after a move, a new
// position or an exemption.
func TestTasks(t *testing.T) {
	t.Parallel()
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		sec := Actor(domain.RoleSecretary, f.CellA1)
		staff := Actor(domain.RoleStaff, f.CommuneA)
		task := domain.TaskInput{Title: "Phụ trách tuyên truyền ở xóm Đồng Bùa", From: D("2026-01-15"), To: D("2026-12-31"), AssignedBy: "Chi ủy"}
		tk, err := db.CreateTask(ctx, sec, f.Thao.ID, task)
		if err != nil || !tk.Current || len(tk.Stale) != 0 {
			t.Fatalf("create: %+v %v", tk, err)
		}
		if _, err := db.CreateTask(ctx, Actor(domain.RoleSecretary, f.CellB1), f.Thao.ID, task); code(err) != domain.CodeNotFound {
			t.Fatalf("other cell gives a task: %v", err)
		}
		if _, err := db.CreateTask(ctx, Actor(domain.RoleLeader, f.CommuneA), f.Thao.ID, task); code(err) != domain.CodeForbidden {
			t.Fatalf("leader gives a task: %v", err)
		}
		bad := task
		bad.To = D("2025-01-01")
		if _, err := db.CreateTask(ctx, sec, f.Thao.ID, bad); code(err) != domain.CodeInvalid {
			t.Fatalf("ends before it starts: %v", err)
		}
		if err := db.AddTaskNote(ctx, sec, tk.ID, store.TaskNote{On: D("2026-06-30"), Rating: domain.TaskDoneWell, Note: "Sáu tháng đầu năm: tốt"}); err != nil {
			t.Fatal(err)
		}
		if err := db.AddTaskNote(ctx, sec, tk.ID, store.TaskNote{On: D("2026-01-01")}); code(err) != domain.CodeInvalid {
			t.Fatalf("empty note: %v", err)
		}
		ts, _ := db.MemberTasks(ctx, sec, f.Thao.ID)
		if len(ts) != 1 || len(ts[0].Notes) != 1 || ts[0].Notes[0].Rating != domain.TaskDoneWell {
			t.Fatalf("tasks: %+v", ts)
		}
		// Đức has none; Thảo's task is fine.
		none, stale, ok, err := db.TaskFlags(ctx, staff, f.CommuneA.ID, 1000)
		if err != nil || !ok || len(stale) != 0 {
			t.Fatalf("flags: %v %+v", err, stale)
		}
		names := map[int64]bool{}
		for _, r := range none {
			names[r.MemberID] = true
		}
		if !names[f.Duc.ID] || names[f.Thao.ID] {
			t.Fatalf("no task: %+v", none)
		}
		// Thảo moves to A2: her task is stale.
		if _, _, err := db.AddEvent(ctx, staff, f.Thao.ID, domain.Event{Kind: domain.EventMoved, Date: D("2026-11-01"), ToOrgID: f.CellA2.ID, Decision: "7-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		_, stale, _, _ = db.TaskFlags(ctx, staff, f.CommuneA.ID, 1000)
		if len(stale) != 1 || stale[0].TaskID != tk.ID || stale[0].Reasons[0] != "đảng viên đã chuyển sinh hoạt sang chi bộ khác" {
			t.Fatalf("stale after a move: %+v", stale)
		}
		// A removed member gets no task.
		if _, _, err := db.AddEvent(ctx, staff, f.Duc.ID, domain.Event{Kind: domain.EventRemoved, Date: D("2026-11-02"), Reason: "Bỏ sinh hoạt", Decision: "8-QĐ/ĐU"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.CreateTask(ctx, staff, f.Duc.ID, task); code(err) != domain.CodeConflict {
			t.Fatalf("task for a removed member: %v", err)
		}
		if _, _, ok, _ := db.TaskFlags(ctx, staff, f.CommuneA.ID, 1); ok {
			t.Fatal("a subtree over the cap was listed")
		}
		if v, err := db.VerifyAudit(ctx, domain.System); err != nil || !v.OK {
			t.Fatalf("audit: %+v %v", v, err)
		}
	})
}
