// Package cli is the dangvien command line: a thin layer that parses flags
// and calls the same store, sheet and web code the server uses.
package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"dangvien/internal/bench"
	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/sheet"
	"dangvien/internal/store"
	"dangvien/internal/web"
)

const usage = `dangvien — quản lý đảng viên

Cách dùng: dangvien LỆNH [tùy chọn]

  demo       tạo (hoặc dùng lại) ./dangvien-demo.db với tỉnh mẫu, in tài khoản và chạy máy chủ
  serve      chạy máy chủ (--db, --addr)
  migrate    cập nhật cấu trúc cơ sở dữ liệu
  seed       sinh tỉnh mẫu: --members N --seed S [--no-history]
  user       add | list | disable | enable | passwd : quản lý tài khoản
  token      create --user TÊN : tạo mã truy cập API
  audit      verify : kiểm tra chuỗi băm của nhật ký
  import     [--org MÃ] TỆP : nhập đảng viên từ .xlsx/.csv (tất cả hoặc không)
  export     --org MÃ --format xlsx|csv -o TỆP, hoặc --template -o TỆP
  bench      --members N : đo tốc độ nhập, thống kê, tìm kiếm; --life: báo cáo sinh hoạt, đảng phí

Cơ sở dữ liệu: --db TỆP.db (SQLite, mặc định dangvien.db) hoặc --db postgres://…,
hoặc biến môi trường DANGVIEN_DB.
`

// Run runs one command. stdin is read by commands that take a password.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return nil
	}
	c := &cmd{ctx: ctx, stdin: stdin, out: stdout, err: stderr}
	switch args[0] {
	case "demo":
		return c.demo(args[1:])
	case "serve":
		return c.serve(args[1:])
	case "migrate":
		return c.migrate(args[1:])
	case "seed":
		return c.seed(args[1:])
	case "user":
		return c.user(args[1:])
	case "token":
		return c.token(args[1:])
	case "audit":
		return c.audit(args[1:])
	case "import":
		return c.importFile(args[1:])
	case "export":
		return c.export(args[1:])
	case "bench":
		return c.bench(args[1:])
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("không có lệnh %q", args[0])
}

type cmd struct {
	ctx      context.Context
	stdin    io.Reader
	out, err io.Writer
}

// flags makes a flag set whose errors go to stderr and that knows --db.
func (c *cmd) flags(name string, def string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(c.err)
	if env := os.Getenv("DANGVIEN_DB"); env != "" {
		def = env
	}
	return fs, fs.String("db", def, "tệp SQLite hoặc URL postgres://")
}

func (c *cmd) open(dsn string) (*store.DB, error) {
	return store.Open(c.ctx, dsn)
}

func (c *cmd) migrate(args []string) error {
	fs, dsn := c.flags("migrate", "dangvien.db")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := c.open(*dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(c.out, "Cơ sở dữ liệu %s đã ở phiên bản mới nhất.\n", db.Dialect)
	return nil
}

func (c *cmd) serve(args []string) error {
	fs, dsn := c.flags("serve", "dangvien.db")
	addr := fs.String("addr", "127.0.0.1:8080", "địa chỉ lắng nghe")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := c.open(*dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return c.listen(db, *addr, nil)
}

// listen serves until the context ends, then shuts down gracefully. ready,
// if not nil, gets the bound address (tests listen on port 0).
func (c *cmd) listen(db *store.DB, addr string, ready func(string)) error {
	if os.Getenv("GOGC") == "" {
		// A page allocates a few hundred kB and the live heap is small, so
		// the default target collects several times per hundred requests;
		// 400 made the organisation page 13% faster under load (issue 3).
		debug.SetGCPercent(400)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("không mở được cổng %s: %w", addr, err)
	}
	srv := &http.Server{Handler: web.New(db), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute, WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute,
		ErrorLog: slog.NewLogLogger(slog.NewTextHandler(c.err, nil), slog.LevelWarn)}
	fmt.Fprintf(c.out, "Máy chủ đang chạy tại http://%s/ (Ctrl+C để dừng)\n", ln.Addr())
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-c.ctx.Done():
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(sctx)
	}
}

func (c *cmd) seed(args []string) error {
	fs, dsn := c.flags("seed", "dangvien.db")
	n := fs.Int("members", 16000, "số đảng viên (xấp xỉ)")
	s := fs.Int64("seed", 1, "hạt giống: cùng hạt giống cho cùng dữ liệu")
	noHist := fs.Bool("no-history", false, "bỏ qua sự kiện sau kết nạp và việc sáp nhập năm 2025")
	noLife := fs.Bool("no-life", false, "bỏ qua một năm sinh hoạt, điểm danh và đảng phí")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := c.open(*dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	sum, err := seed.Province(c.ctx, db, seed.Options{Members: *n, Seed: *s, History: !*noHist, Life: !*noLife, Log: c.out})
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Xong: %d tổ chức, %d đảng viên, %d sự kiện trong %s.\n", sum.Orgs, sum.Members, sum.Events, time.Since(start).Round(time.Millisecond))
	return nil
}

func (c *cmd) user(args []string) error {
	if len(args) == 0 {
		return errors.New("dùng: dangvien user add|list|disable|enable|passwd")
	}
	fs, dsn := c.flags("user "+args[0], "dangvien.db")
	var (
		name    = fs.String("username", "", "tên đăng nhập")
		display = fs.String("name", "", "họ tên người dùng")
		role    = fs.String("role", "", "admin, staff, leader, secretary, in_charge, member")
		orgs    = fs.String("org", "", "mã tổ chức trong phạm vi, cách nhau bởi dấu phẩy")
		member  = fs.Int64("member", 0, "mã hồ sơ đảng viên (vai trò member)")
		pwStdin = fs.Bool("password-stdin", false, "đọc mật khẩu từ đầu vào chuẩn thay vì sinh ngẫu nhiên")
	)
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *name == "" && fs.NArg() > 0 {
		*name = fs.Arg(0)
	}
	db, err := c.open(*dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	password := func() (string, error) {
		if !*pwStdin {
			return store.RandomPassword(), nil
		}
		line, err := bufio.NewReader(c.stdin).ReadString('\n')
		if err != nil && line == "" {
			return "", errors.New("không đọc được mật khẩu từ đầu vào chuẩn")
		}
		return strings.TrimRight(line, "\r\n"), nil
	}
	switch args[0] {
	case "add":
		pw, err := password()
		if err != nil {
			return err
		}
		in := store.UserInput{Username: *name, DisplayName: *display, Password: pw, Role: domain.Role(*role), MemberID: *member}
		if in.DisplayName == "" {
			in.DisplayName = *name
		}
		for _, code := range strings.Split(*orgs, ",") {
			if code = strings.TrimSpace(code); code == "" {
				continue
			}
			o, err := db.OrgByCode(c.ctx, domain.System, strings.ToUpper(code))
			if err != nil {
				return fmt.Errorf("không có tổ chức mã %s", code)
			}
			in.OrgIDs = append(in.OrgIDs, o.ID)
		}
		u, err := db.CreateUser(c.ctx, domain.System, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã tạo tài khoản %s (%s).\n", u.Username, u.RoleLabel)
		if !*pwStdin {
			fmt.Fprintf(c.out, "Mật khẩu: %s\n", pw)
		}
		return nil
	case "list":
		users, err := db.Users(c.ctx, domain.System)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "TÊN ĐĂNG NHẬP\tHỌ TÊN\tVAI TRÒ\tPHẠM VI\tTRẠNG THÁI")
		for _, u := range users {
			var scope []string
			for _, id := range u.OrgIDs {
				if o, err := db.Org(c.ctx, domain.System, id); err == nil {
					scope = append(scope, o.Code)
				}
			}
			if u.MemberID != 0 {
				scope = append(scope, "hồ sơ "+strconv.FormatInt(u.MemberID, 10))
			}
			st := "hoạt động"
			if u.Disabled {
				st = "đã khóa"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Username, u.DisplayName, u.RoleLabel, strings.Join(scope, ", "), st)
		}
		return tw.Flush()
	case "disable", "enable":
		if err := db.SetDisabled(c.ctx, domain.System, *name, args[0] == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã %s tài khoản %s.\n", map[string]string{"disable": "khóa", "enable": "mở khóa"}[args[0]], *name)
		return nil
	case "passwd":
		pw, err := password()
		if err != nil {
			return err
		}
		if err := db.SetPassword(c.ctx, domain.System, *name, pw); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã đặt mật khẩu mới cho %s.\n", *name)
		if !*pwStdin {
			fmt.Fprintf(c.out, "Mật khẩu: %s\n", pw)
		}
		return nil
	}
	return fmt.Errorf("không có lệnh user %q", args[0])
}

func (c *cmd) token(args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("dùng: dangvien token create --user TÊN [--name GHI_CHÚ]")
	}
	fs, dsn := c.flags("token create", "dangvien.db")
	user := fs.String("user", "", "tên đăng nhập")
	name := fs.String("name", "", "ghi chú cho mã truy cập")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := c.open(*dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	tok, err := db.CreateToken(c.ctx, domain.System, *user, *name)
	if err != nil {
		return err
	}
	fmt.Fprintln(c.out, tok)
	return nil
}

func (c *cmd) audit(args []string) error {
	if len(args) == 0 || args[0] != "verify" {
		return errors.New("dùng: dangvien audit verify")
	}
	fs, dsn := c.flags("audit verify", "dangvien.db")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	db, err := c.open(*dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := db.VerifyAudit(c.ctx, domain.System)
	if err != nil {
		return err
	}
	if !res.OK {
		return fmt.Errorf("nhật ký không toàn vẹn: %s", res.Problem)
	}
	fmt.Fprintf(c.out, "Nhật ký toàn vẹn: %d dòng, chuỗi băm khớp.\n", res.Rows)
	return nil
}

func (c *cmd) importFile(args []string) error {
	fs, dsn := c.flags("import", "dangvien.db")
	org := fs.String("org", "", "mã chi bộ cho các dòng không có cột «Mã tổ chức»")
	as := fs.String("user", "", "làm trong phạm vi của tài khoản này (mặc định: quyền quản trị của người vận hành máy)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("dùng: dangvien import [--db DB] [--org MÃ] TỆP.xlsx|TỆP.csv")
	}
	path := fs.Arg(0)
	db, err := c.open(*dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	actor, err := c.actor(db, *as)
	if err != nil {
		return err
	}
	open := func() (io.ReadCloser, error) { return os.Open(path) }
	start := time.Now()
	res, err := sheet.Import(c.ctx, db, actor, filepath.Base(path), open, *org, domain.DateOf(time.Now()))
	var ie *domain.ImportError
	if errors.As(err, &ie) {
		for _, r := range ie.Shown() {
			fmt.Fprintln(c.err, r.String())
		}
		if more := ie.Count() - len(ie.Shown()); more > 0 {
			fmt.Fprintf(c.err, "… và %d lỗi khác (xem bản sao có cột «Lỗi»).\n", more)
		}
		errPath := strings.TrimSuffix(path, filepath.Ext(path)) + "-loi.xlsx"
		f, ferr := os.Create(errPath)
		if ferr == nil {
			ferr = sheet.WriteErrorCopy(filepath.Base(path), open, ie.Rows, f)
			if cerr := f.Close(); ferr == nil {
				ferr = cerr
			}
		}
		if ferr != nil {
			return fmt.Errorf("tệp có %d lỗi, không nhập dòng nào; không ghi được bản sao lỗi: %v", ie.Count(), ferr)
		}
		return fmt.Errorf("tệp có %d lỗi, không nhập dòng nào; bản sao có cột «Lỗi»: %s", ie.Count(), errPath)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã nhập %d đảng viên trong %s (kiểm tra %s, ghi %s).\n", res.Rows, time.Since(start).Round(time.Millisecond),
		res.CheckTime.Round(time.Millisecond), res.WriteTime.Round(time.Millisecond))
	return nil
}

func (c *cmd) export(args []string) error {
	fs, dsn := c.flags("export", "dangvien.db")
	org := fs.String("org", "", "mã tổ chức: xuất cả cây con")
	format := fs.String("format", "", "xlsx hoặc csv (mặc định theo đuôi tệp)")
	outPath := fs.String("o", "", "tệp ghi ra")
	tmpl := fs.Bool("template", false, "ghi tệp mẫu để nhập")
	as := fs.String("user", "", "làm trong phạm vi của tài khoản này")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *outPath == "" {
		return errors.New("thiếu -o TỆP")
	}
	if *format == "" {
		*format = strings.TrimPrefix(strings.ToLower(filepath.Ext(*outPath)), ".")
	}
	tmp := *outPath + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if *tmpl {
		if err := sheet.Template(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã ghi tệp mẫu %s.\n", *outPath)
		return os.Rename(tmp, *outPath)
	}
	if *org == "" {
		f.Close()
		return errors.New("thiếu --org MÃ")
	}
	db, err := c.open(*dsn)
	if err != nil {
		f.Close()
		return err
	}
	defer db.Close()
	actor, err := c.actor(db, *as)
	if err != nil {
		f.Close()
		return err
	}
	o, err := db.OrgByCode(c.ctx, actor, strings.ToUpper(*org))
	if err != nil {
		f.Close()
		return fmt.Errorf("không có tổ chức mã %s trong phạm vi", *org)
	}
	n, err := sheet.Export(c.ctx, db, actor, o.ID, *format, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "Đã xuất %d đảng viên của %s ra %s.\n", n, o.Name, *outPath)
	return os.Rename(tmp, *outPath)
}

// actor is the account named by --user, or the operator's system actor.
func (c *cmd) actor(db *store.DB, username string) (domain.Actor, error) {
	if username == "" {
		return domain.System, nil
	}
	return db.ActorByUsername(c.ctx, username)
}

func (c *cmd) bench(args []string) error {
	fs, dsn := c.flags("bench", "")
	n := fs.Int("members", 100000, "số đảng viên")
	searches := fs.Int("searches", 500, "số lần tìm kiếm để đo p50/p95")
	keep := fs.Bool("keep", false, "giữ lại cơ sở dữ liệu đo")
	life := fs.Bool("life", false, "đo báo cáo sinh hoạt, đảng phí trên một năm dữ liệu mẫu thay cho nhập và tìm kiếm")
	prof := fs.String("cpuprofile", "", "ghi hồ sơ CPU của bước nhập vào tệp này (go tool pprof)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *life {
		return bench.RunLife(c.ctx, bench.Options{DSN: *dsn, Members: *n, Keep: *keep, Out: c.out})
	}
	return bench.Run(c.ctx, bench.Options{DSN: *dsn, Members: *n, Searches: *searches, Keep: *keep, Out: c.out, CPUProfile: *prof})
}
