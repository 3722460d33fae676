package bench

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"dangvien/internal/app/admission"
	"dangvien/internal/app/badges"
	"dangvien/internal/app/members"
	"dangvien/internal/app/orgs"
	"dangvien/internal/app/screening"
	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

// The bench runs end to end on a small province and prints every figure.
func TestRunSmall(t *testing.T) {
	var out bytes.Buffer
	if err := Run(context.Background(), Options{Members: 2000, Searches: 20, Out: &out}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"nhập CSV", "ghi thẳng 25 cột", "tỉ lệ nhập / ghi thẳng", "thống kê cây con: Đảng bộ tỉnh Phú Thọ", "tìm kiếm (20 truy vấn)", "bộ nhớ đỉnh"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("bench output lacks %q:\n%s", want, out.String())
		}
	}
	// The ratio against the plain insert (one row per INSERT on SQLite)
	// comes first; the import's own multi-row writer follows, for reference.
	plain, ours := strings.Index(out.String(), "mỗi câu INSERT một dòng"), strings.Index(out.String(), "bộ ghi nhiều dòng của chính dangvien")
	if plain < 0 || ours < plain || strings.Index(out.String(), "tỉ lệ nhập / ghi thẳng") > ours {
		t.Errorf("the plain insert and its ratio should come before the import's own writer:\n%s", out.String())
	}
}

// The probe's edits are counted apart from the import: their CPU is
// measured on their own thread, is some of the process's CPU and not more,
// and the bench prints it on its own line.
func TestEditProbeCountsItsCPU(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	if _, err := seed.Province(ctx, db, seed.Options{Members: 200, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	m, err := probeMember(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	c0 := cpuTime()
	p := startEdits(ctx, db, m)
	time.Sleep(700 * time.Millisecond)
	p.finish()
	spent := cpuTime() - c0
	if p.err != nil || len(p.waits) < 3 {
		t.Fatalf("%d edits: %v", len(p.waits), p.err)
	}
	if threadCPU() > 0 && (p.cpu <= 0 || p.cpu > spent) {
		t.Fatalf("edits' CPU %v, the process's %v", p.cpu, spent)
	}
	var out bytes.Buffer
	if err := Run(ctx, Options{Members: 2000, Searches: 5, Out: &out}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "CPU của các lần sửa, đã trừ khỏi CPU nhập") {
		t.Fatalf("bench output lacks the edits' CPU:\n%s", out.String())
	}
}

// The admission bench runs end to end on a small province.
func TestRunAdmissionSmall(t *testing.T) {
	var out bytes.Buffer
	if err := RunAdmission(context.Background(), Options{Members: 3000, Out: &out}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"bước, ghi qua từng thao tác", "danh sách huy hiệu đợt", "nền: đọc trần các đảng viên", "người vào Đảng theo bước", "nền: đọc trần hồ sơ", "được xét tặng huy hiệu"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("bench output lacks %q:\n%s", want, out.String())
		}
	}
}

func benchDB(b *testing.B, members int) (*store.DB, seed.Summary) {
	db := storetest.SQLite(b)
	sum, err := seed.Province(context.Background(), db, seed.Options{Members: members, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	return db, sum
}

func BenchmarkSubtreeCountsRoot20k(b *testing.B) {
	db, sum := benchDB(b, 20000)
	ctx := context.Background()
	for b.Loop() {
		if _, err := (&orgs.Service{DB: db}).Counts(ctx, domain.System, sum.Province.ID); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearch20k(b *testing.B) {
	db, _ := benchDB(b, 20000)
	ctx := context.Background()
	qs := []string{"nguyen thi huong", "Thảo", "tran van", "hoang duc", "025"}
	i := 0
	for b.Loop() {
		if _, err := membersOf(db).Search(ctx, domain.System, qs[i%len(qs)], 20); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkMemberListPage20k(b *testing.B) {
	db, _ := benchDB(b, 20000)
	ctx := context.Background()
	for b.Loop() {
		if _, err := membersOf(db).List(ctx, domain.System, store.MemberFilter{Limit: 50, Offset: 500}); err != nil {
			b.Fatal(err)
		}
	}
}

// admissionDB is a province of 20,000 members with their history and 200
// candidates at every step.
func admissionDB(b *testing.B) (*store.DB, seed.Summary) {
	db := storetest.SQLite(b)
	db.Now = time.Now
	sum, err := seed.Province(context.Background(), db, seed.Options{Members: 20000, Seed: 1, History: true})
	if err != nil {
		b.Fatal(err)
	}
	if _, _, err := Candidates(context.Background(), db, 200, 1); err != nil {
		b.Fatal(err)
	}
	return db, sum
}

func BenchmarkBadgeList20k(b *testing.B) {
	db, sum := admissionDB(b)
	ctx := context.Background()
	award := domain.AwardDates(domain.DateOf(time.Now()), 1)[0]
	for b.Loop() {
		if _, err := (&badges.Service{DB: db}).List(ctx, domain.System, sum.Province.ID, award, domain.Date{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPipeline20k(b *testing.B) {
	db, sum := admissionDB(b)
	ctx := context.Background()
	for b.Loop() {
		if _, err := (&admission.Service{DB: db}).Pipeline(ctx, domain.System, sum.Province.ID); err != nil {
			b.Fatal(err)
		}
	}
}

// membersOf is the member use cases on db.
func membersOf(db *store.DB) *members.Service { return &members.Service{DB: db} }

// The screening report of a whole province (issue 12): go test -bench
// ScreeningReport -run XXX ./internal/bench/ (dangvien bench --life measures
// it at 300,000 members beside the bare reads of the same rows).
func BenchmarkScreeningReport20k(b *testing.B) {
	db := storetest.SQLite(b)
	ctx := context.Background()
	today := domain.DateOf(db.Now())
	sum, err := seed.Province(ctx, db, seed.Options{Members: 20000, Seed: 1, Life: true, Today: today})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := seedRatings(ctx, db, today); err != nil {
		b.Fatal(err)
	}
	svc := &screening.Service{DB: db}
	for b.Loop() {
		if _, err := svc.Report(ctx, domain.System, sum.Province.ID, today); err != nil {
			b.Fatal(err)
		}
	}
}

// bench --life runs end to end on a small province and prints the
// screening report's figures beside the bare reads of the same rows.
func TestRunLifeSmall(t *testing.T) {
	var out bytes.Buffer
	if err := RunLife(context.Background(), Options{Members: 1500, Out: &out}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"hai năm xếp loại", "rà soát, sàng lọc (Chỉ thị 28)", "đọc thô cùng các dòng", "báo cáo / đọc thô", "có căn cứ xóa tên"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("bench output lacks %q:\n%s", want, out.String())
		}
	}
}
