package cli

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"dangvien/internal/store/storetest"
)

func TestBackupKeepAndRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "dangvien.db")
	if _, _, err := run(t, "", "seed", "--db", db, "--members", "300", "--no-life"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, "", "user", "add", "--db", db, "--username", "bantochuc", "--role", "staff", "--org", "T025"); err != nil {
		t.Fatal(err)
	}
	baks := filepath.Join(dir, "sao-luu")
	os.Mkdir(baks, 0o700)
	os.WriteFile(filepath.Join(baks, "ghi-chu.txt"), []byte("not a backup"), 0o600)
	for range 3 {
		out, _, err := run(t, "", "backup", "--db", db, "-o", baks, "--keep", "2")
		if err != nil || !strings.Contains(out, "toàn vẹn") {
			t.Fatalf("backup: %v %s", err, out)
		}
	}
	m, _ := filepath.Glob(filepath.Join(baks, "dangvien-*.db"))
	if len(m) != 2 || !exists(filepath.Join(baks, "ghi-chu.txt")) {
		t.Fatalf("--keep 2 left %v", m)
	}
	if _, _, err := run(t, "", "backup", "--db", db, "-o", filepath.Join(dir, "x.db"), "--keep", "2"); err == nil {
		t.Error("--keep with a file name accepted")
	}
	if _, _, err := run(t, "", "backup", "--db", filepath.Join(dir, "khong-co.db"), "-o", filepath.Join(dir, "y.db")); err == nil || exists(filepath.Join(dir, "khong-co.db")) {
		t.Errorf("backup of a missing database: %v", err)
	}
	target := filepath.Join(dir, "moi.db")
	out, _, err := run(t, "", "restore", "--db", target, m[1])
	if err != nil || !strings.Contains(out, "Đã khôi phục") {
		t.Fatalf("restore: %v %s", err, out)
	}
	if out, _, err := run(t, "", "audit", "verify", "--db", target); err != nil || !strings.Contains(out, "toàn vẹn") {
		t.Fatalf("verify the restored database: %v %s", err, out)
	}
	out, _, err = run(t, "", "restore", "--db", target, m[0])
	if err != nil || !strings.Contains(out, "được giữ ở "+target+".truoc-khoi-phuc-") {
		t.Fatalf("restore over a database: %v %s", err, out)
	}
	if out, _, err := run(t, "", "user", "list", "--db", target); err != nil || !strings.Contains(out, "bantochuc") {
		t.Fatalf("the restored database lacks the account: %v %s", err, out)
	}
}

// freshPostgres makes an empty database on the test server and returns its URL.
func freshPostgres(t *testing.T) string {
	t.Helper()
	base := storetest.PostgresURL(t)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	name := "dv_cli_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", base); err == nil {
			a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	u, _ := url.Parse(base)
	u.Path = "/" + name
	return u.String()
}

// On a fresh PostgreSQL database written on the real clock, the chain
// verifies (it reported row 1 altered), a tampered row is found, and the
// documented pg_dump / pg_restore round trip gives a database that verifies.
func TestPostgresAuditAndBackup(t *testing.T) {
	dsn := freshPostgres(t)
	for _, u := range []string{"bantochuc.a", "bantochuc.b", "bantochuc.c"} {
		if _, _, err := run(t, "", "user", "add", "--db", dsn, "--username", u, "--role", "admin"); err != nil {
			t.Fatal(err)
		}
	}
	if out, _, err := run(t, "", "audit", "verify", "--db", dsn); err != nil || !strings.Contains(out, "3 dòng") {
		t.Fatalf("verify an untouched PostgreSQL chain: %v %s", err, out)
	}
	dir := t.TempDir()
	dump := filepath.Join(dir, "dv.dump")
	if _, err := exec.LookPath("pg_dump"); err == nil {
		if out, _, err := run(t, "", "backup", "--db", dsn, "-o", dump); err != nil || !strings.Contains(out, "pg_dump") {
			t.Fatalf("backup: %v %s", err, out)
		}
		if b, _ := os.ReadFile(dump); !bytes.HasPrefix(b, []byte("PGDMP")) {
			t.Fatalf("not a pg_dump custom archive: %.20q", b)
		}
		copyDSN := freshPostgres(t)
		if out, err := exec.Command("pg_restore", "--no-owner", "--exit-on-error", "-d", copyDSN, dump).CombinedOutput(); err != nil {
			t.Fatalf("pg_restore: %v %s", err, out)
		}
		if out, _, err := run(t, "", "audit", "verify", "--db", copyDSN); err != nil || !strings.Contains(out, "3 dòng") {
			t.Fatalf("verify the restored copy: %v %s", err, out)
		}
	} else {
		t.Log("pg_dump not on PATH: the round trip is not tested")
	}
	t.Setenv("PATH", t.TempDir())
	if _, _, err := run(t, "", "backup", "--db", dsn, "-o", filepath.Join(dir, "b.dump")); err == nil || !strings.Contains(err.Error(), "không tìm thấy pg_dump") {
		t.Fatalf("backup without pg_dump: %v", err)
	}
	if _, _, err := run(t, "", "restore", "--db", dsn, dump); err == nil || !strings.Contains(err.Error(), "pg_restore") {
		t.Fatalf("restore on PostgreSQL: %v", err)
	}
	raw, _ := sql.Open("pgx", dsn)
	defer raw.Close()
	if _, err := raw.ExecContext(context.Background(), "UPDATE audit SET actor = 'ai đó' WHERE seq = 2"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, "", "audit", "verify", "--db", dsn); err == nil || !strings.Contains(err.Error(), "số 2") {
		t.Fatalf("tampered PostgreSQL chain: %v", err)
	}
}
