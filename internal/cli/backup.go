package cli

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"time"

	"dangvien/internal/store"
)

// backupName is how backup writes into a directory: the time, then a
// counter when two fall in the same second. --keep removes only these.
var backupName = regexp.MustCompile(`^dangvien-(\d{8}-\d{6})(?:-(\d+))?\.(?:db|dump)$`)

func (c *cmd) backup(args []string) error {
	fs, dsn := c.flags("backup", "dangvien.db")
	out := fs.String("o", "", "tệp sao lưu, hoặc thư mục: khi đó tên là dangvien-NGÀY-GIỜ.db (.dump với PostgreSQL)")
	keep := fs.Int("keep", 0, "khi -o là thư mục: chỉ giữ N bản mới nhất (0: giữ tất cả)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" || fs.NArg() != 0 {
		return errors.New("dùng: dangvien backup --db TỆP.db|postgres://… -o TỆP|THƯ_MỤC [--keep N]")
	}
	ext := ".db"
	if store.IsPostgres(*dsn) {
		ext = ".dump"
	}
	dst, dir := *out, ""
	if st, err := os.Stat(*out); err == nil && st.IsDir() {
		dir = *out
		stamp := time.Now().Format("20060102-150405")
		dst = filepath.Join(dir, "dangvien-"+stamp+ext)
		for n := 2; exists(dst); n++ {
			dst = filepath.Join(dir, "dangvien-"+stamp+"-"+strconv.Itoa(n)+ext)
		}
	} else if *keep > 0 {
		return errors.New("--keep chỉ dùng khi -o là một thư mục")
	}
	start := time.Now()
	if store.IsPostgres(*dsn) {
		if err := store.BackupPostgres(c.ctx, *dsn, dst, c.err); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã sao lưu PostgreSQL vào %s bằng pg_dump -Fc trong %s; khôi phục bằng pg_restore (xem README).\n", dst, time.Since(start).Round(time.Millisecond))
	} else {
		info, err := store.Backup(c.ctx, *dsn, dst)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã sao lưu %s vào %s trong %s: %.1f MB, %d hồ sơ đảng viên, nhật ký %d dòng toàn vẹn, cấu trúc phiên bản %d.\n",
			*dsn, dst, time.Since(start).Round(time.Millisecond), float64(info.Bytes)/(1<<20), info.Members, info.AuditRows, info.Version)
	}
	if dir != "" && *keep > 0 {
		return c.prune(dir, *keep)
	}
	return nil
}

// prune removes all but the newest keep backups that backup wrote in dir.
func (c *cmd) prune(dir string, keep int) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	type found struct {
		name, stamp string
		n           int
	}
	var all []found
	for _, e := range entries {
		m := backupName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		n, _ := strconv.Atoi(m[2]) // "" → 0, which sorts before -2
		all = append(all, found{e.Name(), m[1], n})
	}
	slices.SortFunc(all, func(a, b found) int { // newest first
		if a.stamp != b.stamp {
			return -cmpStr(a.stamp, b.stamp)
		}
		return b.n - a.n
	})
	for _, f := range all[min(keep, len(all)):] {
		if err := os.Remove(filepath.Join(dir, f.name)); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã xóa bản sao lưu cũ %s.\n", f.name)
	}
	return nil
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func (c *cmd) restore(args []string) error {
	fs, dsn := c.flags("restore", "dangvien.db")
	force := fs.Bool("force", false, "khôi phục cả khi cơ sở dữ liệu đang mở ở tiến trình khác")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("dùng: dangvien restore --db TỆP.db [--force] BẢN_SAO_LƯU.db")
	}
	if store.IsPostgres(*dsn) {
		return errors.New("PostgreSQL khôi phục bằng pg_restore, vào một cơ sở dữ liệu trống: createdb dangvien_moi && pg_restore --no-owner --exit-on-error -d postgres://…/dangvien_moi BẢN.dump, rồi dangvien audit verify --db postgres://…/dangvien_moi (xem README)")
	}
	info, err := store.Restore(c.ctx, *dsn, fs.Arg(0), *force, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã khôi phục %s từ %s: %d hồ sơ đảng viên, nhật ký %d dòng toàn vẹn.\n", *dsn, fs.Arg(0), info.Members, info.AuditRows)
	if info.Aside != "" {
		fmt.Fprintf(c.out, "Cơ sở dữ liệu cũ được giữ ở %s.\n", info.Aside)
	}
	return nil
}
