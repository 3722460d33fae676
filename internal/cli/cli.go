// Package cli is the dangvien command line: a thin layer that parses flags
// and calls the same store, sheet and web code the server uses.
package cli

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"dangvien/internal/app/accounts"
	"dangvien/internal/app/audit"
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
  serve      chạy máy chủ (--db, --addr; HTTPS: --tls-cert, --tls-key; sau nginx: --trusted-proxy)
  migrate    cập nhật cấu trúc cơ sở dữ liệu
  seed       sinh tỉnh mẫu: --members N --seed S [--no-history]
  user       add | list | disable | enable | passwd : quản lý tài khoản
  token      create --user TÊN [--expires 90d] | list [--user TÊN] | revoke SỐ : mã truy cập API
  audit      verify : kiểm tra chuỗi băm của nhật ký
  backup     -o TỆP|THƯ_MỤC [--keep N] : sao lưu nhất quán khi máy chủ đang chạy (PostgreSQL: pg_dump)
  restore    [--force] BẢN_SAO_LƯU : kiểm tra bản sao lưu rồi khôi phục, giữ lại tệp cũ
  import     [--org MÃ] TỆP : nhập đảng viên từ .xlsx/.csv (tất cả hoặc không)
  export     --org MÃ --format xlsx|csv -o TỆP, hoặc --template -o TỆP
  bench      --members N : đo tốc độ nhập, thống kê, tìm kiếm; --life: báo cáo sinh hoạt, đảng phí; --mobility: chuyển sinh hoạt; --admission: huy hiệu, kết nạp

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
	case "backup":
		return c.backup(args[1:])
	case "restore":
		return c.restore(args[1:])
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
	cert := fs.String("tls-cert", "", "tệp chứng chỉ TLS (PEM, kèm chuỗi chứng chỉ trung gian): phục vụ HTTPS trực tiếp")
	key := fs.String("tls-key", "", "tệp khóa riêng của chứng chỉ TLS (PEM)")
	proxies := fs.String("trusted-proxy", "", "địa chỉ máy chủ trung gian (nginx…) được tin tiêu đề X-Forwarded-Proto, cách nhau bởi dấu phẩy: 127.0.0.1,10.0.0.0/8")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var o serveOptions
	var err error
	if (*cert == "") != (*key == "") {
		return errors.New("cần cả --tls-cert và --tls-key để phục vụ HTTPS")
	}
	if *cert != "" {
		pair, err := tls.LoadX509KeyPair(*cert, *key)
		if err != nil {
			return fmt.Errorf("không đọc được chứng chỉ TLS: %w", err)
		}
		o.tls = &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
	}
	if o.proxies, err = web.ParseProxies(*proxies); err != nil {
		return err
	}
	db, err := c.open(*dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return c.listenWith(db, *addr, o, nil)
}

// serveOptions are how the server meets the network: TLS here, or a
// reverse proxy whose X-Forwarded-Proto is trusted.
type serveOptions struct {
	tls     *tls.Config
	proxies []netip.Prefix
}

// listen serves plain HTTP until the context ends, then shuts down
// gracefully. ready, if not nil, gets the bound address (tests listen on
// port 0).
func (c *cmd) listen(db *store.DB, addr string, ready func(string)) error {
	return c.listenWith(db, addr, serveOptions{}, ready)
}

func (c *cmd) listenWith(db *store.DB, addr string, o serveOptions, ready func(string)) error {
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
	h := web.New(db)
	h.TrustedProxies = o.proxies
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute, WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute,
		TLSConfig: o.tls, ErrorLog: slog.NewLogLogger(slog.NewTextHandler(c.err, nil), slog.LevelWarn)}
	scheme := "http"
	if o.tls != nil {
		scheme = "https"
	}
	fmt.Fprintf(c.out, "Máy chủ đang chạy tại %s://%s/ (Ctrl+C để dừng)\n", scheme, ln.Addr())
	if len(o.proxies) > 0 {
		fmt.Fprintf(c.out, "Tin tiêu đề X-Forwarded-Proto từ %v.\n", o.proxies)
	}
	if ready != nil {
		ready(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() {
		if o.tls != nil {
			errc <- srv.ServeTLS(ln, "", "")
			return
		}
		errc <- srv.Serve(ln)
	}()
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
	acc := &accounts.Service{DB: db}
	// A password read from the input is the operator's choice; without
	// --password-stdin the system makes one and prints it once. Either way
	// the holder changes it at the first sign-in, on a screen.
	password := func() (string, error) {
		if !*pwStdin {
			return "", nil
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
		in := accounts.NewAccount{UserInput: store.UserInput{Username: *name, DisplayName: *display, Password: pw, Role: domain.Role(*role), MemberID: *member}, OrgQuery: *orgs}
		if in.DisplayName == "" {
			in.DisplayName = *name
		}
		u, err := acc.Create(c.ctx, domain.System, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã tạo tài khoản %s (%s); người dùng phải đổi mật khẩu khi đăng nhập lần đầu.\n", u.Username, u.RoleLabel)
		if u.Password != "" {
			fmt.Fprintf(c.out, "Mật khẩu: %s\n", u.Password)
		}
		return nil
	case "list":
		v, err := acc.List(c.ctx, domain.System)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "TÊN ĐĂNG NHẬP\tHỌ TÊN\tVAI TRÒ\tPHẠM VI\tTRẠNG THÁI")
		for _, u := range v.Accounts {
			st := "hoạt động"
			switch {
			case u.Disabled:
				st = "đã khóa"
			case u.LockedUntil != nil:
				st = fmt.Sprintf("tạm khóa đến %s (%d lần nhập sai)", u.LockedUntil.In(vietnam).Format("15:04 02/01/2006"), u.FailedLogins)
			case u.MustChange:
				st = "hoạt động, chưa đổi mật khẩu được cấp"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Username, u.DisplayName, u.RoleLabel, u.Scope, st)
		}
		return tw.Flush()
	case "disable", "enable":
		if _, err := acc.SetDisabled(c.ctx, domain.System, *name, args[0] == "disable"); err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã %s tài khoản %s.\n", map[string]string{"disable": "khóa", "enable": "mở khóa"}[args[0]], *name)
		return nil
	case "passwd":
		pw, err := password()
		if err != nil {
			return err
		}
		if pw == "" {
			pw, err = acc.ResetPassword(c.ctx, domain.System, *name)
		} else {
			err = acc.SetPassword(c.ctx, domain.System, *name, pw, true)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã đặt mật khẩu mới cho %s; người dùng phải đổi mật khẩu khi đăng nhập lần tới.\n", *name)
		if !*pwStdin {
			fmt.Fprintf(c.out, "Mật khẩu: %s\n", pw)
		}
		return nil
	}
	return fmt.Errorf("không có lệnh user %q", args[0])
}

const tokenUsage = "dùng: dangvien token create --user TÊN [--name GHI_CHÚ] [--expires 90d] | token list [--user TÊN] | token revoke SỐ"

func (c *cmd) token(args []string) error {
	if len(args) == 0 {
		return errors.New(tokenUsage)
	}
	fs, dsn := c.flags("token "+args[0], "dangvien.db")
	user := fs.String("user", "", "tên đăng nhập")
	name := fs.String("name", "", "ghi chú cho mã truy cập")
	expires := fs.String("expires", "", "thời hạn: 90d (ngày), 12w (tuần), 36h (giờ); bỏ trống là không hết hạn")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	var until time.Time
	if *expires != "" {
		d, err := parseTerm(*expires)
		if err != nil {
			return err
		}
		until = time.Now().Add(d)
	}
	var id int64
	switch args[0] {
	case "create", "list":
	case "revoke":
		var err error
		if fs.NArg() != 1 {
			return errors.New("dùng: dangvien token revoke SỐ (số của mã, xem bằng dangvien token list)")
		}
		if id, err = strconv.ParseInt(fs.Arg(0), 10, 64); err != nil || id <= 0 {
			return fmt.Errorf("số mã truy cập không hợp lệ: %q", fs.Arg(0))
		}
	default:
		return errors.New(tokenUsage)
	}
	db, err := c.open(*dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	acc := &accounts.Service{DB: db}
	switch args[0] {
	case "create":
		tok, err := acc.CreateToken(c.ctx, domain.System, *user, *name, until)
		if err != nil {
			return err
		}
		fmt.Fprintln(c.out, tok)
		return nil
	case "list":
		l, err := acc.Tokens(c.ctx, domain.System, *user)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(c.out, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "SỐ\tTÀI KHOẢN\tGHI CHÚ\tTẠO LÚC\tHẾT HẠN\tTRẠNG THÁI")
		at := func(s *store.Stamp) string {
			if s == nil {
				return "không"
			}
			return s.In(vietnam).Format("15:04 02/01/2006")
		}
		for _, t := range l {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Username, t.Name, at(&t.CreatedAt), at(t.ExpiresAt), t.StatusLabel)
		}
		return tw.Flush()
	default:
		t, err := acc.RevokeToken(c.ctx, domain.System, id)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Đã thu hồi mã truy cập số %d (%s) của %s.\n", t.ID, t.Name, t.Username)
		return nil
	}
}

var vietnam = time.FixedZone("ICT", 7*3600)

// parseTerm reads a length of time as people write it for a token: 90d,
// 12w, or a Go duration such as 36h.
func parseTerm(s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	bad := fmt.Errorf("thời hạn không hợp lệ: %q (ví dụ 90d là 90 ngày, 12w là 12 tuần, 36h là 36 giờ)", s)
	if s == "" {
		return 0, bad
	}
	unit := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour}
	var d time.Duration
	if u, ok := unit[s[len(s)-1]]; ok && len(s) > 1 {
		n, err := strconv.Atoi(s[:len(s)-1])
		if err != nil || n <= 0 || n > 3660 {
			return 0, bad
		}
		d = time.Duration(n) * u
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil || d <= 0 {
			return 0, bad
		}
	}
	return d, nil
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
	res, err := (&audit.Service{DB: db}).Verify(c.ctx, domain.System)
	if err != nil {
		return err
	}
	if !res.OK {
		return fmt.Errorf("nhật ký không toàn vẹn: %s", res.Problem)
	}
	fmt.Fprintf(c.out, "Nhật ký toàn vẹn: %d dòng, chuỗi băm khớp.\n", res.Rows)
	if res.Rounded > 0 {
		fmt.Fprintf(c.out, "%d dòng ghi trước khi thời điểm được băm theo micro giây: khớp với thời điểm PostgreSQL đã làm tròn (sai khác dưới nửa micro giây).\n", res.Rounded)
	}
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
	for _, n := range res.Notes {
		fmt.Fprintln(c.out, n)
	}
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
	n, err := sheet.Export(c.ctx, db, actor, o.ID, *format, sheet.Stamp{Username: actor.Username, FullName: actor.DisplayName, At: time.Now()}, f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	db.LogRead(actor, exportRead(o.ID, n)) // written when db closes
	fmt.Fprintf(c.out, "Đã xuất %d đảng viên của %s ra %s.\n", n, o.Name, *outPath)
	return os.Rename(tmp, *outPath)
}

// actor is the account named by --user, or the operator's system actor.
func (c *cmd) actor(db *store.DB, username string) (domain.Actor, error) {
	if username == "" {
		return domain.System, nil
	}
	return (&accounts.Service{DB: db}).ActorOf(c.ctx, username)
}

func (c *cmd) bench(args []string) error {
	fs, dsn := c.flags("bench", "")
	n := fs.Int("members", 100000, "số đảng viên")
	searches := fs.Int("searches", 500, "số lần tìm kiếm để đo p50/p95")
	keep := fs.Bool("keep", false, "giữ lại cơ sở dữ liệu đo")
	life := fs.Bool("life", false, "đo báo cáo sinh hoạt, đảng phí trên một năm dữ liệu mẫu thay cho nhập và tìm kiếm")
	mob := fs.Bool("mobility", false, "đo báo cáo chuyển sinh hoạt, đi làm ăn xa, Quy định 213 và chuyển sinh hoạt tập thể một xã")
	adm := fs.Bool("admission", false, "đo danh sách huy hiệu Đảng và báo cáo người vào Đảng theo bước")
	reuse := fs.Bool("reuse", false, "với --admission: đo lại trên cơ sở dữ liệu --db đã giữ lại (--keep), không dựng lại")
	prof := fs.String("cpuprofile", "", "ghi hồ sơ CPU của bước nhập (với --admission: của các lần đo) vào tệp này (go tool pprof)")
	memProf := fs.String("memprofile", "", "ghi hồ sơ cấp phát bộ nhớ sau bước nhập vào tệp này, trước bước nhập vào tệp này.before (go tool pprof -sample_index=alloc_space -diff_base tệp.before tệp)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *mob {
		return bench.RunMobility(c.ctx, bench.Options{DSN: *dsn, Members: *n, Keep: *keep, Out: c.out})
	}
	if *adm {
		return bench.RunAdmission(c.ctx, bench.Options{DSN: *dsn, Members: *n, Keep: *keep, Reuse: *reuse, Out: c.out, CPUProfile: *prof})
	}
	if *life {
		return bench.RunLife(c.ctx, bench.Options{DSN: *dsn, Members: *n, Keep: *keep, Out: c.out})
	}
	return bench.Run(c.ctx, bench.Options{DSN: *dsn, Members: *n, Searches: *searches, Keep: *keep, Out: c.out, CPUProfile: *prof, MemProfile: *memProf})
}
