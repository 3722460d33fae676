package cli

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	_ "modernc.org/sqlite"

	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

func init() {
	store.PasswordParams.Memory, store.PasswordParams.Time = 1024, 1
}

func run(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), err
}

func TestDemoAccountsAndCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "demo.db")
	out, _, err := run(t, "", "demo", "--db", db, "--members", "1500", "--no-serve")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"quantri", "bantochuc.tinh", "bithu.chibo", "phutrach.chibo", "dangvien ", "dv_"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	// The areas past cell life have something to show: ratings, candidates,
	// transfers, members working away and residence ties.
	act := regexp.MustCompile(`Xếp loại (\d+) lượt, (\d+) quần chúng ưu tú \((\d+) bước hồ sơ\), (\d+) lần chuyển sinh hoạt, (\d+) đảng viên đi làm ăn xa, (\d+) đảng viên gắn với nơi cư trú`).FindStringSubmatch(out)
	if act == nil {
		t.Fatalf("demo output lacks the member work of the other areas:\n%s", out)
	}
	for _, n := range act[1:] {
		if n == "0" {
			t.Errorf("demo wrote none of one kind: %s", act[0])
		}
	}
	// A second run reuses the data and gives new passwords.
	out2, _, err := run(t, "", "demo", "--db", db, "--no-serve")
	if err != nil || !strings.Contains(out2, "Dùng lại tỉnh mẫu") {
		t.Fatalf("second demo: %v\n%s", err, out2)
	}
	pw := regexp.MustCompile(`quantri\s+(\S+)`)
	if pw.FindStringSubmatch(out)[1] == pw.FindStringSubmatch(out2)[1] {
		t.Error("demo password did not change between runs")
	}
	// Accounts from the command line.
	out, _, err = run(t, "mật khẩu rất dài 2026\n", "user", "add", "--db", db, "--username", "bithu.moi", "--name", "Nguyễn Thị Lan", "--role", "secretary", "--org", "H01-X01-CB01", "--password-stdin")
	if err != nil || !strings.Contains(out, "Đã tạo tài khoản bithu.moi") {
		t.Fatalf("user add: %v %s", err, out)
	}
	if _, _, err := run(t, "", "user", "add", "--db", db, "--username", "x1", "--role", "secretary", "--org", "T025"); err == nil {
		t.Error("a secretary over a province must be refused")
	}
	out, _, err = run(t, "", "user", "list", "--db", db)
	if err != nil || !strings.Contains(out, "bithu.moi") || !strings.Contains(out, "Bí thư chi bộ") {
		t.Fatalf("user list: %v %s", err, out)
	}
	if _, _, err := run(t, "", "user", "disable", "--db", db, "bithu.moi"); err != nil {
		t.Fatal(err)
	}
	out, _, _ = run(t, "", "user", "list", "--db", db)
	if !regexp.MustCompile(`bithu.moi.*đã khóa`).MatchString(out) {
		t.Errorf("disabled account not shown as locked:\n%s", out)
	}
	out, _, err = run(t, "", "token", "create", "--db", db, "--user", "quantri")
	if err != nil || !strings.HasPrefix(out, "dv_") {
		t.Fatalf("token: %v %q", err, out)
	}
	// Export the template, a bad import (error copy beside it), a good one, an export.
	tmpl := filepath.Join(dir, "mau.xlsx")
	if _, _, err := run(t, "", "export", "--template", "-o", tmpl); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "ds.csv")
	os.WriteFile(bad, []byte("Họ và tên,Giới tính,Ngày sinh,Dân tộc,Ngày vào Đảng\nLưu Thị Thủy,Nữ,32/01/1990,Kinh,01/01/2015\n"), 0o644)
	_, stderr, err := run(t, "", "import", "--db", db, "--org", "H01-X01-CB01", bad)
	if err == nil || !strings.Contains(stderr, "Dòng 2 (Lưu Thị Thủy), cột «Ngày sinh»") {
		t.Fatalf("bad import: %v %s", err, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "ds-loi.xlsx")); err != nil {
		t.Fatalf("error copy not written: %v", err)
	}
	os.WriteFile(bad, []byte("Họ và tên,Giới tính,Ngày sinh,Dân tộc,Ngày vào Đảng\nLưu Thị Thủy,Nữ,31/01/1990,Kinh,01/01/2015\n"), 0o644)
	if out, _, err := run(t, "", "import", "--db", db, "--org", "H01-X01-CB01", bad); err != nil || !strings.Contains(out, "Đã nhập 1 đảng viên") {
		t.Fatalf("good import: %v %s", err, out)
	}
	// As the secretary of another cell, the same file is out of scope.
	os.WriteFile(bad, []byte("Họ và tên,Giới tính,Ngày sinh,Dân tộc,Ngày vào Đảng\nLưu Văn Thành,Nam,31/01/1990,Kinh,01/01/2015\n"), 0o644)
	if _, _, err := run(t, "", "user", "add", "--db", db, "--username", "bithu.cb02", "--role", "secretary", "--org", "H01-X01-CB02"); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := run(t, "", "import", "--db", db, "--user", "bithu.cb02", "--org", "H01-X01-CB01", bad); err == nil || !strings.Contains(stderr, "trong phạm vi quản lý") {
		t.Fatalf("import out of the user's scope: %v %s", err, stderr)
	}
	if _, _, err := run(t, "", "export", "--db", db, "--user", "bithu.cb02", "--org", "T025", "-o", filepath.Join(dir, "t.csv")); err == nil {
		t.Fatal("a secretary exported the province")
	}
	exp := filepath.Join(dir, "xa.csv")
	if out, _, err := run(t, "", "export", "--db", db, "--org", "H01-X01-CB01", "-o", exp); err != nil || !strings.Contains(out, "Đã xuất") {
		t.Fatalf("export: %v %s", err, out)
	}
	if b, _ := os.ReadFile(exp); !strings.Contains(string(b), "Lưu Thị Thủy") || !strings.Contains(string(b), "\n# Xuất bởi system lúc ") {
		t.Errorf("export lacks the imported member or who took it: %s", b)
	}
	// The audit chain verifies, and after tampering it does not.
	if out, _, err := run(t, "", "audit", "verify", "--db", db); err != nil || !strings.Contains(out, "toàn vẹn") {
		t.Fatalf("verify: %v %s", err, out)
	}
	raw, _ := sql.Open("sqlite", db)
	raw.Exec("UPDATE audit SET actor = 'ai đó' WHERE seq = 5")
	raw.Close()
	if _, _, err := run(t, "", "audit", "verify", "--db", db); err == nil || !strings.Contains(err.Error(), "số 5") {
		t.Fatalf("tampered verify: %v", err)
	}
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func TestServeAndStop(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuf
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, strings.NewReader(""), &out, io.Discard)
	}()
	re := regexp.MustCompile(`http://(127\.0\.0\.1:\d+)/`)
	var addr string
	for i := 0; i < 200 && addr == ""; i++ {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			addr = m[1]
		}
		time.Sleep(20 * time.Millisecond)
	}
	if addr == "" {
		t.Fatalf("server did not start: %s", out.String())
	}
	for path, want := range map[string]string{"/healthz": "ok", "/api": "API quản lý đảng viên", "/dang-nhap": "Đăng nhập", "/api/v1/openapi.json": `"openapi"`} {
		res, err := http.Get("http://" + addr + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(b), want) {
			t.Errorf("%s: %d %.200s", path, res.StatusCode, b)
		}
		if path == "/api" && res.Header.Get("Content-Security-Policy") == "" {
			t.Error("no Content-Security-Policy header")
		}
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v after stop", err)
	}
}

// A file wrong on many rows: the first problems on the terminal, their
// count, every row marked in the error copy beside the file.
func TestImportPrintsTheFirstProblems(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "t.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	parent := int64(0)
	for _, o := range []struct {
		code string
		kind domain.OrgKind
	}{{"T01", domain.KindProvince}, {"X01", domain.KindCommune}, {"X01-CB01", domain.KindCell}} {
		org, err := (&orgs.Service{DB: db}).Create(context.Background(), domain.System, domain.OrgInput{Code: o.code, Name: "Tổ chức " + o.code, Kind: o.kind, ParentID: parent, ValidFrom: domain.MustDate("2000-01-01")})
		if err != nil {
			t.Fatal(err)
		}
		parent = org.ID
	}
	db.Close()
	var file strings.Builder
	file.WriteString("Họ và tên,Giới tính,Ngày sinh,Dân tộc,Ngày vào Đảng\n")
	for range 250 {
		file.WriteString("Lưu Thị Thủy,Nữ,32/01/1990,Kinh,01/01/2015\n")
	}
	bad := filepath.Join(dir, "ds.csv")
	os.WriteFile(bad, []byte(file.String()), 0o644)
	_, stderr, err := run(t, "", "import", "--db", path, "--org", "X01-CB01", bad)
	if err == nil || !strings.Contains(err.Error(), "tệp có 250 lỗi") || strings.Count(stderr, "Dòng ") != 200 || !strings.Contains(stderr, "… và 50 lỗi khác") {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "ds-loi.xlsx")); err != nil {
		t.Fatalf("error copy not written: %v", err)
	}
}
