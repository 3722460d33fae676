package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"dangvien/internal/domain"
)

// BackupInfo describes a SQLite copy that was checked: whole, a dangvien
// database of a known migration version, its audit chain intact.
type BackupInfo struct {
	Path      string
	Bytes     int64
	Version   int64 // the last migration applied to the copy
	AuditRows int64
	Members   int64
}

// Backup writes a consistent copy of the SQLite database file src to dst,
// which must not exist. VACUUM INTO reads one snapshot in one read
// transaction, so the server's writers go on meanwhile (WAL) and the copy
// holds every committed change with its audit row and nothing half-done; a
// plain copy of the file under load does not. The copy is written beside
// dst under a temporary name, checked, and only then given its name.
func Backup(ctx context.Context, src, dst string) (BackupInfo, error) {
	if IsPostgres(src) {
		return BackupInfo{}, errors.New("cơ sở dữ liệu PostgreSQL được sao lưu bằng pg_dump (BackupPostgres)")
	}
	if st, err := os.Stat(src); err != nil || !st.Mode().IsRegular() {
		return BackupInfo{}, fmt.Errorf("không có tệp cơ sở dữ liệu %s", src)
	}
	if _, err := os.Stat(dst); err == nil {
		return BackupInfo{}, fmt.Errorf("tệp %s đã có: không ghi đè bản sao lưu", dst)
	}
	tmp := dst + ".tmp"
	os.Remove(tmp)
	defer os.Remove(tmp)
	h, err := sql.Open("sqlite", "file:"+sqlitePath(src)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return BackupInfo{}, err
	}
	defer h.Close()
	if _, err := h.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return BackupInfo{}, fmt.Errorf("sao lưu %s: %w", src, err)
	}
	if err := syncFile(tmp); err != nil {
		return BackupInfo{}, err
	}
	info, err := CheckBackup(ctx, tmp)
	if err != nil {
		return info, err
	}
	if err := os.Rename(tmp, dst); err != nil {
		return info, err
	}
	info.Path = dst
	return info, syncDir(filepath.Dir(dst))
}

// CheckBackup opens a SQLite copy read-only, without migrating it, and
// checks that it is whole (quick_check), that it is a dangvien database
// whose every migration this program knows, and that its audit chain
// verifies.
func CheckBackup(ctx context.Context, path string) (BackupInfo, error) {
	info := BackupInfo{Path: path}
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return info, fmt.Errorf("không có tệp sao lưu %s", path)
	}
	info.Bytes = st.Size()
	head := make([]byte, 16)
	if f, err := os.Open(path); err == nil {
		io.ReadFull(f, head)
		f.Close()
	}
	if !bytes.Equal(head, []byte("SQLite format 3\x00")) {
		return info, fmt.Errorf("tệp %s không phải cơ sở dữ liệu SQLite", path)
	}
	h, err := sql.Open("sqlite", "file:"+sqlitePath(path)+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return info, err
	}
	defer h.Close()
	var check string
	if err := h.QueryRowContext(ctx, "PRAGMA quick_check").Scan(&check); err != nil || check != "ok" {
		return info, fmt.Errorf("tệp %s bị hỏng: %s%v", path, check, errOrNil(err))
	}
	var tables int
	if err := h.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('goose_db_version', 'orgs', 'members', 'audit', 'audit_head')").Scan(&tables); err != nil || tables != 5 {
		return info, fmt.Errorf("tệp %s không phải cơ sở dữ liệu dangvien", path)
	}
	known, latest, err := migrationVersions(SQLite)
	if err != nil {
		return info, err
	}
	rows, err := h.QueryContext(ctx, "SELECT DISTINCT version_id FROM goose_db_version WHERE is_applied AND version_id > 0 ORDER BY version_id")
	if err != nil {
		return info, err
	}
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return info, err
		}
		if !known[v] {
			rows.Close()
			return info, fmt.Errorf("tệp %s có cấu trúc phiên bản %d, chương trình này chỉ biết đến phiên bản %d: hãy dùng bản dangvien đã tạo ra nó", path, v, latest)
		}
		info.Version = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return info, err
	}
	if info.Version == 0 {
		return info, fmt.Errorf("tệp %s chưa có cấu trúc dangvien", path)
	}
	db := &DB{Dialect: SQLite, w: h, r: h, Now: time.Now}
	defer db.Close()
	res, err := db.VerifyAudit(ctx, domain.System)
	if err != nil {
		return info, err
	}
	if !res.OK {
		return info, fmt.Errorf("nhật ký trong tệp %s không toàn vẹn: %s", path, res.Problem)
	}
	info.AuditRows = res.Rows
	err = h.QueryRowContext(ctx, "SELECT count(*) FROM members").Scan(&info.Members)
	return info, err
}

func errOrNil(err error) string {
	if err == nil {
		return ""
	}
	return " (" + err.Error() + ")"
}

// migrationVersions lists the migration numbers embedded for a dialect.
func migrationVersions(d Dialect) (map[int64]bool, int64, error) {
	entries, err := fs.ReadDir(migrations, "migrations/"+d.String())
	if err != nil {
		return nil, 0, err
	}
	known, latest := map[int64]bool{}, int64(0)
	for _, e := range entries {
		n, _, _ := strings.Cut(e.Name(), "_")
		v, err := strconv.ParseInt(n, 10, 64)
		if err != nil {
			continue
		}
		known[v], latest = true, max(latest, v)
	}
	return known, latest, nil
}

// RestoreInfo is what Restore did: the copy it put in place, and where
// the database it replaced was kept.
type RestoreInfo struct {
	BackupInfo
	Aside string // "" when there was no database at the target
}

// ErrInUse is Restore's answer when another connection has the target open.
var ErrInUse = errors.New("cơ sở dữ liệu đang được dùng")

// Restore replaces the SQLite database at target with a backup, after
// CheckBackup accepted it. The backup is copied beside the target and
// migrated there; the old database is renamed aside (target plus
// ".truoc-khoi-phuc-" and the time), never removed. A target that another
// connection has open (a running server) is refused with ErrInUse unless
// force is set.
func Restore(ctx context.Context, target, backup string, force bool, now time.Time) (RestoreInfo, error) {
	if IsPostgres(target) {
		return RestoreInfo{}, errors.New("cơ sở dữ liệu PostgreSQL được khôi phục bằng pg_restore (xem README)")
	}
	info, err := CheckBackup(ctx, backup)
	out := RestoreInfo{BackupInfo: info}
	if err != nil {
		return out, err
	}
	tmp := target + ".khoi-phuc.tmp"
	removeDB(tmp)
	defer removeDB(tmp)
	if err := copyFile(backup, tmp); err != nil {
		return out, err
	}
	// Migrate the copy to this program's version before anything is
	// replaced, then leave it as one file (no WAL beside it).
	db, err := Open(ctx, tmp)
	if err != nil {
		return out, err
	}
	if err := db.Close(); err != nil {
		return out, err
	}
	if err := toOneFile(ctx, tmp); err != nil {
		return out, err
	}
	if _, err := os.Stat(target); err == nil {
		// Leaving WAL mode needs every other connection closed: SQLite's own
		// test of whether a server still has the file open. The exclusive
		// lock then keeps new ones out until the files are swapped.
		lock, err := sql.Open("sqlite", "file:"+sqlitePath(target)+"?_pragma=busy_timeout(2000)")
		if err != nil {
			return out, err
		}
		defer lock.Close()
		lock.SetMaxOpenConns(1)
		conn, err := lock.Conn(ctx)
		if err != nil {
			return out, err
		}
		defer conn.Close()
		var mode string
		busy := conn.QueryRowContext(ctx, "PRAGMA journal_mode=DELETE").Scan(&mode) != nil || mode != "delete"
		if !busy {
			_, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE")
			busy = err != nil
			if !busy {
				defer conn.ExecContext(context.Background(), "ROLLBACK")
			}
		}
		if busy && !force {
			return out, fmt.Errorf("%w: %s đang mở ở một tiến trình khác (máy chủ đang chạy?) hoặc không mở được; hãy dừng máy chủ rồi khôi phục, hoặc thêm --force", ErrInUse, target)
		}
		out.Aside = target + ".truoc-khoi-phuc-" + now.Format("20060102-150405")
		if err := os.Rename(target, out.Aside); err != nil {
			return out, err
		}
		for _, suf := range []string{"-wal", "-shm", "-journal"} {
			if _, err := os.Stat(target + suf); err == nil {
				if err := os.Rename(target+suf, out.Aside+suf); err != nil {
					return out, err
				}
			}
		}
	}
	if err := os.Rename(tmp, target); err != nil {
		return out, err
	}
	out.Path = target
	return out, syncDir(filepath.Dir(target))
}

// toOneFile takes a SQLite file out of WAL mode, so that it is one file.
func toOneFile(ctx context.Context, path string) error {
	h, err := sql.Open("sqlite", "file:"+sqlitePath(path)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer h.Close()
	var mode string
	if err := h.QueryRowContext(ctx, "PRAGMA journal_mode=DELETE").Scan(&mode); err != nil {
		return err
	}
	return h.Close()
}

func removeDB(path string) {
	for _, suf := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + suf)
	}
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	d.Sync() // not every file system syncs a directory; the rename is done either way
	return nil
}

// ErrNoPgDump says that pg_dump is not on PATH.
var ErrNoPgDump = errors.New("không tìm thấy pg_dump trong PATH: cài gói postgresql-client cùng phiên bản với máy chủ PostgreSQL (Debian: apt install postgresql-client), hoặc chạy pg_dump -Fc trên máy chủ cơ sở dữ liệu (xem README)")

// BackupPostgres runs pg_dump -Fc for the database at dsn into dst, which
// must not exist. The password, if the URL has one, goes to pg_dump in
// PGPASSWORD rather than on its command line, where ps would show it.
func BackupPostgres(ctx context.Context, dsn, dst string, stderr io.Writer) error {
	bin, err := exec.LookPath("pg_dump")
	if err != nil {
		return ErrNoPgDump
	}
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("tệp %s đã có: không ghi đè bản sao lưu", dst)
	}
	u, err := url.Parse(dsn)
	if err != nil {
		return fmt.Errorf("địa chỉ cơ sở dữ liệu không hợp lệ: %w", err)
	}
	env := os.Environ()
	if pw, ok := u.User.Password(); ok {
		env = append(env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	tmp := dst + ".tmp"
	os.Remove(tmp)
	defer os.Remove(tmp)
	cmd := exec.CommandContext(ctx, bin, "--format=custom", "--no-owner", "--file="+tmp, "--dbname="+u.String())
	cmd.Env, cmd.Stdout, cmd.Stderr = env, stderr, stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pg_dump: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return err
	}
	if err := os.Rename(tmp, dst); err != nil {
		return err
	}
	return syncDir(filepath.Dir(dst))
}
