package cli

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"dangvien/internal/app/celllife"
	"dangvien/internal/app/members"
	"dangvien/internal/app/orgs"
	"dangvien/internal/bench"
	"dangvien/internal/domain"
	"dangvien/internal/seed"
	"dangvien/internal/store"
)

// demo creates (or reuses) the demo database, makes one account per role with
// a fresh password each start, prints them and an API token, and serves.
func (c *cmd) demo(args []string) error {
	fs, dsn := c.flags("demo", "dangvien-demo.db")
	addr := fs.String("addr", "127.0.0.1:8080", "địa chỉ lắng nghe")
	n := fs.Int("members", 16000, "số đảng viên của tỉnh mẫu khi tạo mới")
	noServe := fs.Bool("no-serve", false, "chỉ chuẩn bị dữ liệu và tài khoản, không chạy máy chủ")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := c.open(*dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	province, err := db.OrgByCode(c.ctx, domain.System, "T"+seed.ProvinceCode)
	if errors.Is(err, domain.ErrNotFound) {
		fmt.Fprintf(c.out, "Đang tạo tỉnh mẫu với khoảng %d đảng viên trong %s …\n", *n, *dsn)
		start := time.Now()
		sum, err := seed.Province(c.ctx, db, seed.Options{Members: *n, Seed: 1, History: true, Life: true, Log: c.out})
		if err != nil {
			return err
		}
		act, err := bench.Activity(c.ctx, db, *n)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.out, "Xếp loại %d lượt, %d quần chúng ưu tú (%d bước hồ sơ), %d lần chuyển sinh hoạt, %d đảng viên đi làm ăn xa, %d đảng viên gắn với nơi cư trú.\n",
			act.Ratings, act.Candidates, act.Steps, act.Transfers, act.Away, act.Ties)
		fmt.Fprintf(c.out, "Xong trong %s.\n", time.Since(start).Round(100*time.Millisecond))
		province = sum.Province
	} else if err != nil {
		return err
	} else {
		fmt.Fprintf(c.out, "Dùng lại tỉnh mẫu đã có trong %s.\n", *dsn)
	}
	accounts, err := c.demoAccounts(db, province)
	if err != nil {
		return err
	}
	tok, err := db.CreateToken(c.ctx, domain.System, "quantri", "demo")
	if err != nil {
		return err
	}
	fmt.Fprintf(c.out, "\nTài khoản mẫu (mật khẩu mới mỗi lần chạy demo):\n")
	tw := tabwriter.NewWriter(c.out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  TÊN ĐĂNG NHẬP\tMẬT KHẨU\tVAI TRÒ\tPHẠM VI")
	for _, a := range accounts {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", a.user, a.password, a.role.Label(), a.scope)
	}
	tw.Flush()
	fmt.Fprintf(c.out, "\nMở http://%s/ và đăng nhập bằng một tài khoản ở trên.\n", *addr)
	fmt.Fprintf(c.out, "\nMã truy cập API của quantri:\n  %s\nThử: curl -H 'Authorization: Bearer %s' 'http://%s/api/v1/search?q=nguyen+thi+thao'\n\n", tok, tok, *addr)
	if *noServe {
		return nil
	}
	return c.listen(db, *addr, nil)
}

type demoAccount struct {
	user, password, scope string
	role                  domain.Role
}

// demoAccounts finds a commune, two of its cells and a member, and makes sure
// one account per role exists over them.
func (c *cmd) demoAccounts(db *store.DB, province domain.Org) ([]demoAccount, error) {
	v, err := (&orgs.Service{DB: db}).Tree(c.ctx, domain.System, domain.Date{})
	if err != nil || len(v.Roots) == 0 {
		return nil, fmt.Errorf("không đọc được cây tổ chức: %v", err)
	}
	var commune *store.TreeNode
	for _, ch := range v.Roots[0].Children {
		if ch.Kind == domain.KindCommune && (commune == nil || strings.Contains(ch.Name, "Hợp Châu")) {
			commune = ch
		}
	}
	if commune == nil {
		return nil, errors.New("tỉnh mẫu không có đảng bộ xã")
	}
	var cells []*store.TreeNode
	var walk func(n *store.TreeNode)
	walk = func(n *store.TreeNode) {
		if n.Kind.IsCell() && n.Direct > 0 && (strings.HasPrefix(n.Name, "Chi bộ thôn") || strings.HasPrefix(n.Name, "Chi bộ tổ dân phố")) {
			cells = append(cells, n)
		}
		for _, k := range n.Children {
			walk(k)
		}
	}
	walk(commune)
	if len(cells) < 3 {
		return nil, errors.New("đảng bộ xã mẫu có quá ít chi bộ")
	}
	page, err := (&members.Service{DB: db}).List(c.ctx, domain.System, store.MemberFilter{OrgID: cells[0].ID, Limit: 1})
	if err != nil || len(page.Items) == 0 {
		return nil, fmt.Errorf("không tìm được đảng viên mẫu: %v", err)
	}
	mem := page.Items[0]
	// The committee member in charge: the one the demo's year of cell life
	// put in charge of the most cells of the commune, or two cells.
	inChargeName, inChargeCells := "Đảng ủy viên phụ trách chi bộ", []int64{cells[1].ID, cells[2].ID}
	inChargeScope := cells[1].Name + ", " + cells[2].Name
	today := domain.DateOf(db.Now())
	if charges, err := (&celllife.Service{DB: db}).InCharge(c.ctx, domain.System, commune.ID, today, today); err == nil && len(charges) > 0 {
		byMember := map[int64][]store.InCharge{}
		best := int64(0)
		for _, ch := range charges {
			byMember[ch.MemberID] = append(byMember[ch.MemberID], ch)
			if best == 0 || len(byMember[ch.MemberID]) > len(byMember[best]) {
				best = ch.MemberID
			}
		}
		inChargeName, inChargeCells, inChargeScope = byMember[best][0].Member, nil, ""
		for i, ch := range byMember[best] {
			inChargeCells = append(inChargeCells, ch.OrgID)
			if i > 0 {
				inChargeScope += ", "
			}
			inChargeScope += ch.Org
		}
	}
	want := []struct {
		user, name string
		role       domain.Role
		orgs       []int64
		member     int64
		scope      string
	}{
		{"quantri", "Quản trị hệ thống", domain.RoleAdmin, nil, 0, "toàn hệ thống"},
		{"bantochuc.tinh", "Cán bộ Ban Tổ chức Tỉnh ủy", domain.RoleStaff, []int64{province.ID}, 0, province.Name},
		{"lanhdao.tinh", "Lãnh đạo Tỉnh ủy", domain.RoleLeader, []int64{province.ID}, 0, province.Name},
		{"bantochuc.xa", "Cán bộ Văn phòng Đảng ủy xã", domain.RoleStaff, []int64{commune.ID}, 0, commune.Name},
		{"bithu.chibo", "Bí thư chi bộ", domain.RoleSecretary, []int64{cells[0].ID}, 0, cells[0].Name},
		{"phutrach.chibo", inChargeName, domain.RoleInCharge, inChargeCells, 0, inChargeScope},
		{"dangvien", mem.FullName, domain.RoleMember, nil, mem.ID, "hồ sơ của " + mem.FullName},
	}
	existing, err := db.Users(c.ctx, domain.System)
	if err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, u := range existing {
		have[u.Username] = true
	}
	// The store's shorthands, not the accounts use case: the demo prints its
	// logins for trying the system out, so they need no change at the
	// first sign-in.
	var out []demoAccount
	for _, w := range want {
		pw := store.RandomPassword()
		if have[w.user] {
			if err := db.SetPassword(c.ctx, domain.System, w.user, pw); err != nil {
				return nil, err
			}
		} else if _, err := db.CreateUser(c.ctx, domain.System, store.UserInput{Username: w.user, DisplayName: w.name, Password: pw, Role: w.role, OrgIDs: w.orgs, MemberID: w.member}); err != nil {
			return nil, err
		}
		out = append(out, demoAccount{user: w.user, password: pw, role: w.role, scope: w.scope})
	}
	return out, nil
}
