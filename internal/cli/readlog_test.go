package cli

import (
	"database/sql"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// An export from the command line is in the read log: who, how many rows,
// with citizen IDs and phones.
func TestExportIsLogged(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "dangvien.db")
	if _, _, err := run(t, "", "seed", "--db", db, "--members", "300", "--no-life"); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, "", "export", "--db", db, "--org", "T025", "-o", filepath.Join(dir, "tinh.csv"))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := strconv.Atoi(regexp.MustCompile(`Đã xuất (\d+)`).FindStringSubmatch(out)[1])
	h, _ := sql.Open("sqlite", db)
	defer h.Close()
	var actor, kind, entity string
	var rows int
	var cid, phone bool
	if err := h.QueryRow("SELECT actor, kind, entity, row_count, citizen_ids, phones FROM read_log").Scan(&actor, &kind, &entity, &rows, &cid, &phone); err != nil {
		t.Fatalf("no read-log row for the export: %v", err)
	}
	if actor != "system" || kind != "export" || entity != "org" || rows != n || n == 0 || !cid || !phone {
		t.Fatalf("export row: %s %s %s %d (exported %d) %v %v", actor, kind, entity, rows, n, cid, phone)
	}
}
