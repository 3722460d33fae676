package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"dangvien/internal/app/admission"
	"dangvien/internal/app/celllife"
	"dangvien/internal/app/fees"
	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/store/storetest"
)

type env struct {
	t   *testing.T
	db  *store.DB
	srv *httptest.Server
	envData
}

// envData is what the tests' environment writes into its database: the
// fixture, a meeting with a document in each cell, a committee member in
// charge of each cell, tasks, fee profiles, and an account per role.
type envData struct {
	f      *storetest.Fix
	tokens map[string]string // role → token
	// meetings: cell id → a regular meeting held on 05/11/2026 there
	meetings map[int64]int64
	tasks    map[int64]int64    // member id → a current task
	docs     map[int64]int64    // cell id → a document of its meeting
	inCharge map[int64][2]int64 // cell id → [charge id, member id]
	// candidates: cell id → a candidate for admission there
	candidates map[int64]int64
}

func (e *env) candidateOf(cell int64) int64 { return e.candidates[cell] }

func (e *env) inChargeOf(cell int64) int64     { return e.inCharge[cell][0] }
func (e *env) inChargeMember(cell int64) int64 { return e.inCharge[cell][1] }

// taskOf is the fixture's task of a member.
func (e *env) taskOf(member int64) int64 { return e.tasks[member] }

// meetingOf is the fixture's meeting in a cell.
func (e *env) meetingOf(cell int64) int64 { return e.meetings[cell] }

// envTemplate is envData built once per test process and dialect; every
// testEnv and eachEnv serves a copy of it.
var envTemplate = storetest.NewTemplate(buildEnv)

// testEnv serves a fresh copy of the environment on SQLite.
func testEnv(t *testing.T) *env {
	db, d := envTemplate.SQLite(t)
	return serve(t, db, d)
}

// eachEnv runs fn on a fresh copy of the environment on SQLite and, when
// configured, on PostgreSQL.
func eachEnv(t *testing.T, fn func(t *testing.T, e *env)) {
	envTemplate.Each(t, func(t *testing.T, db *store.DB, d envData) { fn(t, serve(t, db, d)) })
}

// newEnv builds the environment in a database of the test's choosing.
func newEnv(t *testing.T, db *store.DB) *env { return serve(t, db, buildEnv(t, db)) }

// serve starts a server on db, whose content d describes. The maps are the
// test's own: the template's value is shared.
func serve(t *testing.T, db *store.DB, d envData) *env {
	f := *d.f
	d.f = &f
	d.tokens, d.meetings, d.tasks, d.docs, d.inCharge = maps.Clone(d.tokens), maps.Clone(d.meetings), maps.Clone(d.tasks), maps.Clone(d.docs), maps.Clone(d.inCharge)
	e := &env{t: t, db: db, envData: d, srv: httptest.NewServer(New(db))}
	t.Cleanup(e.srv.Close)
	return e
}

func buildEnv(t testing.TB, db *store.DB) envData {
	f := storetest.Fixture(t, db)
	e := envData{f: f, tokens: map[string]string{}, meetings: map[int64]int64{}, docs: map[int64]int64{}}
	life, fs := &celllife.Service{DB: db}, &fees.Service{DB: db}
	for _, c := range []domain.Org{f.CellA1, f.CellA2, f.CellB1} {
		m, err := life.CreateMeeting(context.Background(), domain.System, c.ID, domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: domain.MustDate("2026-11-05"), Minutes: 90})
		if err != nil {
			t.Fatal(err)
		}
		e.meetings[c.ID] = m.ID
		d, err := life.AddDocument(context.Background(), domain.System, m.ID, "Biên bản.pdf", []byte("%PDF-1.4\n% biên bản\n"))
		if err != nil {
			t.Fatal(err)
		}
		e.docs[c.ID] = d.ID
	}
	e.inCharge = map[int64][2]int64{}
	// The commune's committee member Đức covers cell A2... and each cell
	// gets one: Thảo covers A1, Hoa covers B1 (in her own commune).
	for cell, m := range map[int64]int64{f.CellA1.ID: f.Thao.ID, f.CellA2.ID: f.Duc.ID, f.CellB1.ID: f.Hoa.ID} {
		c, err := life.AssignInCharge(context.Background(), domain.System, cell, m, domain.MustDate("2026-01-01"), "1-QĐ/ĐU")
		if err != nil {
			t.Fatal(err)
		}
		e.inCharge[cell] = [2]int64{c.ID, m}
	}
	e.tasks = map[int64]int64{}
	for _, m := range []domain.Member{f.Duc, f.Lan, f.Thao} {
		tk, err := life.GiveTask(context.Background(), domain.System, m.ID, domain.TaskInput{Title: "Tuyên truyền ở khu dân cư", From: domain.MustDate("2026-01-05")})
		if err != nil {
			t.Fatal(err)
		}
		e.tasks[m.ID] = tk.ID
	}
	// The province is in region III; Đức and Lan pay by the regional wage and
	// have paid October, which a reversal can take back.
	if err := fs.SetRegion(context.Background(), domain.System, f.Province.ID, 3, domain.MustDate("2020-01-01")); err != nil {
		t.Fatal(err)
	}
	for _, m := range []domain.Member{f.Duc, f.Lan} {
		if _, err := fs.SetProfile(context.Background(), domain.System, m.ID, domain.FeeProfile{Category: domain.FeeOther, Tier: 2}); err != nil {
			t.Fatal(err)
		}
		if err := fs.Pay(context.Background(), domain.System, m.ID, []domain.Month{{Year: 2026, Mon: 10}}, domain.MustDate("2026-10-20")); err != nil {
			t.Fatal(err)
		}
	}
	e.candidates = map[int64]int64{}
	for i, c := range []domain.Org{f.CellA1, f.CellA2, f.CellB1} {
		k, err := (&admission.Service{DB: db}).CreateCandidate(context.Background(), domain.System, c.ID, domain.CandidateInput{Source: "youth_union",
			MemberFields: domain.MemberFields{FullName: "Vừ Thị Mỷ", Gender: domain.Female, BirthDate: domain.MustDate("2001-06-01"), Ethnicity: "01", CitizenID: fmt.Sprintf("02530100000%d", i), Education: "thpt"}})
		if err != nil {
			t.Fatal(err)
		}
		e.candidates[c.ID] = k.ID
	}
	ctx := context.Background()
	users := []store.UserInput{
		{Username: "admin", Role: domain.RoleAdmin},
		{Username: "staff.a", Role: domain.RoleStaff, OrgIDs: []int64{f.CommuneA.ID}},
		{Username: "leader.b", Role: domain.RoleLeader, OrgIDs: []int64{f.CommuneB.ID}},
		{Username: "secretary.a1", Role: domain.RoleSecretary, OrgIDs: []int64{f.CellA1.ID}},
		{Username: "member.thao", Role: domain.RoleMember, MemberID: f.Thao.ID},
	}
	for _, u := range users {
		u.DisplayName, u.Password = "Người dùng "+u.Username, "mật khẩu thử nghiệm"
		if _, err := db.CreateUser(ctx, domain.System, u); err != nil {
			t.Fatal(err)
		}
		tok, err := db.CreateToken(ctx, domain.System, u.Username, "test")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens[u.Username] = tok
	}
	return e
}

// tokenOf is the id of the fixture's API token of an account.
func (e *env) tokenOf(user string) int64 {
	l, err := e.db.Tokens(context.Background(), domain.System, user)
	if err != nil || len(l) == 0 {
		e.t.Fatalf("token of %s: %v", user, err)
	}
	return l[0].ID
}

// do sends a request as user ("" = no token) and returns status and body.
func (e *env) do(user, method, path string, body any) (int, []byte) {
	e.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		r = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func (e *env) auditRows() int {
	var n int
	e.db.SQL().QueryRow("SELECT count(*) FROM audit").Scan(&n)
	return n
}

func errCode(b []byte) (code, msg string, fields map[string]string) {
	var ae apiError
	json.Unmarshal(b, &ae)
	return ae.Error.Code, ae.Error.Message, ae.Error.Fields
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func TestAuth(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	st, b := e.do("", "GET", "/api/v1/members", nil)
	if st != 401 {
		t.Fatalf("no token: %d %s", st, b)
	}
	e.tokens["bad"] = "dv_not-a-token"
	if st, _ := e.do("bad", "GET", "/api/v1/members", nil); st != 401 {
		t.Fatalf("bad token: %d", st)
	}
	if st, b := e.do("member.thao", "GET", "/api/v1/me", nil); st != 200 || !strings.Contains(string(b), `"role":"member"`) {
		t.Fatalf("me: %d %s", st, b)
	}
	if st, _ := e.do("", "GET", "/api/v1/nothing-here", nil); st != 404 {
		t.Fatalf("unknown path: %d", st)
	}
}

func TestMemberCreateBadInput(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		before := e.auditRows()
		good := map[string]any{"org_id": e.f.CellA1.ID, "full_name": "Phạm Ngọc Ánh", "gender": "nu", "birth_date": "1992-03-08",
			"ethnicity": "01", "citizen_id": "001192000999", "event": map[string]any{"kind": "admitted", "date": "2020-03-08", "decision_date": "2020-02-20", "decision_number": "15-QĐ/ĐU"}}
		with := func(k string, v any) map[string]any {
			m := map[string]any{}
			for a, b := range good {
				m[a] = b
			}
			m[k] = v
			return m
		}
		cases := []struct {
			name   string
			body   any
			status int
			field  string
		}{
			{"invalid JSON", `{"full_name": `, 400, ""},
			{"trailing data", `{} {}`, 400, ""},
			{"unknown field", with("nickname", "Ánh"), 400, ""},
			{"wrong type", with("org_id", "năm"), 400, ""},
			{"bad date", with("birth_date", "08/03/1992x"), 400, ""},
			{"invalid citizen id", with("citizen_id", "123"), 422, "citizen_id"},
			{"duplicate citizen id", with("citizen_id", e.f.Thao.CitizenID), 422, "citizen_id"},
			{"duplicate card", with("card_number", e.f.Duc.CardNumber), 422, "card_number"},
			{"missing name", with("full_name", ""), 422, "full_name"},
			{"org not a cell", with("org_id", e.f.CommuneA.ID), 422, "org_id"},
		}
		for _, c := range cases {
			st, b := e.do("admin", "POST", "/api/v1/members", c.body)
			code, msg, fields := errCode(b)
			if st != c.status || code == "" || msg == "" || (c.field != "" && fields[c.field] == "") {
				t.Errorf("%s: %d %s", c.name, st, b)
			}
		}
		if n := e.auditRows(); n != before {
			t.Fatalf("bad input wrote %d audit rows", n-before)
		}
		// Over the body limit: 413.
		big := `{"full_name":"` + strings.Repeat("a", 2<<20) + `"}`
		if st, _ := e.do("admin", "POST", "/api/v1/members", big); st != 413 {
			t.Fatalf("large body: %d", st)
		}
		st, b := e.do("admin", "POST", "/api/v1/members", good)
		if st != 201 {
			t.Fatalf("create: %d %s", st, b)
		}
		var m domain.Member
		json.Unmarshal(b, &m)
		if m.Status != domain.StatusProbationary || m.FullName != "Phạm Ngọc Ánh" {
			t.Fatalf("%+v", m)
		}
		// Record an event, then read the timeline.
		st, b = e.do("admin", "POST", "/api/v1/members/"+id(m.ID)+"/events", map[string]any{"kind": "recognised", "date": "2021-03-20", "decision_number": "40-QĐ/ĐU"})
		if st != 201 || !strings.Contains(string(b), `"status":"official"`) {
			t.Fatalf("event: %d %s", st, b)
		}
		st, b = e.do("admin", "POST", "/api/v1/members/"+id(m.ID)+"/events", map[string]any{"kind": "expelled", "date": "2021-01-01"})
		if st != 422 {
			t.Fatalf("event before last: %d %s", st, b)
		}
		st, b = e.do("admin", "GET", "/api/v1/members/"+id(m.ID)+"/events", nil)
		var evs []domain.Event
		json.Unmarshal(b, &evs)
		if st != 200 || len(evs) != 2 || evs[1].KindLabel != "Công nhận đảng viên chính thức" {
			t.Fatalf("events %d %s", st, b)
		}
	})
}

func TestScopeOverHTTP(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		lan := "/api/v1/members/" + id(e.f.Lan.ID)
		_, missing := e.do("secretary.a1", "GET", "/api/v1/members/999999", nil)
		cases := []struct {
			user, method, path string
			body               any
			want               int
		}{
			{"secretary.a1", "GET", "/api/v1/members/" + id(e.f.Duc.ID), nil, 200},
			{"secretary.a1", "GET", lan, nil, 404},
			{"secretary.a1", "PUT", lan, e.f.Lan.MemberFields, 404},
			{"secretary.a1", "GET", lan + "/events", nil, 404},
			{"secretary.a1", "POST", lan + "/events", map[string]any{"kind": "died", "date": "2026-01-01"}, 404},
			{"secretary.a1", "GET", "/api/v1/orgs/" + id(e.f.CellB1.ID), nil, 404},
			{"secretary.a1", "GET", "/api/v1/orgs/" + id(e.f.CommuneB.ID) + "/counts", nil, 404},
			{"secretary.a1", "GET", "/api/v1/exports?org_id=" + id(e.f.CommuneB.ID), nil, 404},
			{"secretary.a1", "GET", "/api/v1/users", nil, 403},
			{"secretary.a1", "GET", "/api/v1/audit", nil, 403},
			{"leader.b", "GET", lan, nil, 200},
			{"leader.b", "PUT", lan, e.f.Lan.MemberFields, 403},
			{"leader.b", "POST", "/api/v1/orgs/" + id(e.f.CellB1.ID) + "/rename", map[string]any{"name": "X", "date": "2026-01-01", "decision_number": "1"}, 403},
			{"staff.a", "POST", "/api/v1/orgs/" + id(e.f.CellB1.ID) + "/rename", map[string]any{"name": "X", "date": "2026-01-01", "decision_number": "1"}, 404},
			{"staff.a", "POST", "/api/v1/orgs/" + id(e.f.CellA1.ID) + "/rename", map[string]any{"name": "Chi bộ thôn Đồng Bùa 2", "date": "2026-01-01", "decision_number": "1"}, 200},
			{"member.thao", "GET", "/api/v1/members/" + id(e.f.Thao.ID), nil, 200},
			{"member.thao", "GET", "/api/v1/members/" + id(e.f.Duc.ID), nil, 404},
			{"member.thao", "PUT", "/api/v1/members/" + id(e.f.Thao.ID), e.f.Thao.MemberFields, 403},
			{"staff.a", "GET", "/api/v1/audit/verify", nil, 403},
			{"admin", "GET", "/api/v1/audit/verify", nil, 200},
		}
		for _, c := range cases {
			st, b := e.do(c.user, c.method, c.path, c.body)
			if st != c.want {
				t.Errorf("%s %s %s: %d, want %d: %s", c.user, c.method, c.path, st, c.want, b)
			}
			// Out of scope answers exactly like a missing record: no existence leak.
			if c.want == 404 && c.method == "GET" && strings.HasPrefix(c.path, "/api/v1/members/") && !bytes.Equal(b, missing) {
				t.Errorf("%s: out-of-scope body %s differs from missing %s", c.path, b, missing)
			}
		}
		// Lists and search are filtered, not refused.
		_, b := e.do("secretary.a1", "GET", "/api/v1/members?status=all", nil)
		var p store.Page[domain.Member]
		json.Unmarshal(b, &p)
		if p.Total != 2 {
			t.Errorf("secretary list: %s", b)
		}
		_, b = e.do("secretary.a1", "GET", "/api/v1/search?q=hoa", nil)
		if string(bytes.TrimSpace(b)) != "[]" {
			t.Errorf("secretary search outside scope: %s", b)
		}
	})
}

func TestSearchTreeCountsOverHTTP(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	st, b := e.do("staff.a", "GET", "/api/v1/search?q=nguyen+thi+hong+thao", nil)
	if st != 200 || !strings.Contains(string(b), "Nguyễn Thị Hồng Thảo") {
		t.Fatalf("search %d %s", st, b)
	}
	st, b = e.do("admin", "GET", "/api/v1/orgs?as_of=2020-01-01", nil)
	var tree []store.TreeNode
	json.Unmarshal(b, &tree)
	if st != 200 || len(tree) != 1 || tree[0].Members != 4 { // An was admitted in 2026
		t.Fatalf("tree as of 2020: %d %s", st, b)
	}
	if st, _ := e.do("admin", "GET", "/api/v1/orgs?as_of=31/02/2020", nil); st != 422 {
		t.Fatalf("bad as_of: %d", st)
	}
	st, b = e.do("admin", "GET", "/api/v1/orgs/"+id(e.f.Province.ID)+"/counts", nil)
	if st != 200 || !strings.Contains(string(b), `"active":5`) {
		t.Fatalf("counts %d %s", st, b)
	}
	st, b = e.do("admin", "GET", "/api/v1/members?age_band=o60", nil)
	if st != 200 || !strings.Contains(string(b), `"total":1`) {
		t.Fatalf("filter %d %s", st, b)
	}
	if st, _ := e.do("admin", "GET", "/api/v1/members?limit=-1", nil); st != 422 {
		t.Fatalf("bad limit: %d", st)
	}
}

func upload(t *testing.T, e *env, user, query, name string, data []byte) (*http.Response, []byte) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/imports"+query, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.tokens[user])
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, b
}

func TestImportOverHTTP(t *testing.T) {
	t.Parallel()
	eachEnv(t, func(t *testing.T, e *env) {
		bad := "Họ và tên,Giới tính,Ngày sinh,Dân tộc,Ngày vào Đảng,Số CCCD\nHoàng Văn Dũng,Nam,02/09/1980,Kinh,19/05/2005,001080000444\nPhan Thị Mai,Nữ,1985-13-01,Kinh,19/05/2010,\n"
		res, b := upload(t, e, "staff.a", "?org=X01-CB01", "ds.csv", []byte(bad))
		if res.StatusCode != 422 || !strings.Contains(string(b), `"row":3`) || !strings.Contains(string(b), "Ngày sinh") {
			t.Fatalf("bad import: %d %s", res.StatusCode, b)
		}
		res, b = upload(t, e, "staff.a", "?org=X01-CB01&errors_as=xlsx", "ds.csv", []byte(bad))
		if res.StatusCode != 422 || !strings.Contains(res.Header.Get("Content-Disposition"), "ds-loi.xlsx") || !bytes.HasPrefix(b, []byte("PK")) {
			t.Fatalf("error copy: %d %v", res.StatusCode, res.Header)
		}
		good := strings.Replace(bad, "1985-13-01", "01/12/1985", 1)
		res, b = upload(t, e, "staff.a", "?org=X01-CB01", "ds.csv", []byte(good))
		if res.StatusCode != 201 || !strings.Contains(string(b), `"rows":2`) {
			t.Fatalf("good import: %d %s", res.StatusCode, b)
		}
		// Staff of commune A cannot import into commune B.
		other := strings.Replace(strings.Replace(good, "001080000444", "001080000445", 1), "Hoàng", "Lưu", 1)
		res, b = upload(t, e, "staff.a", "?org=X02-CB01", "ds.csv", []byte(other))
		if res.StatusCode != 422 || !strings.Contains(string(b), "Không có tổ chức mã X02-CB01 trong phạm vi") {
			t.Fatalf("out of scope import: %d %s", res.StatusCode, b)
		}
		// Export is a real spreadsheet.
		req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/exports?org_id="+id(e.f.CommuneA.ID)+"&format=csv", nil)
		req.Header.Set("Authorization", "Bearer "+e.tokens["staff.a"])
		r2, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		csv, _ := io.ReadAll(r2.Body)
		r2.Body.Close()
		if r2.StatusCode != 200 || !strings.Contains(string(csv), "Phan Thị Mai") || strings.Contains(string(csv), "Hà Thị Lan") {
			t.Fatalf("export: %d %s", r2.StatusCode, csv)
		}
		if !strings.Contains(string(csv), "\n# Xuất bởi staff.a (Người dùng staff.a) lúc ") {
			t.Errorf("export does not say who took it: %s", csv)
		}
	})
}

// Every route is in the OpenAPI document and every documented operation is a
// route; every path parameter is declared and every $ref resolves.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	st, b := e.do("", "GET", "/api/v1/openapi.json", nil)
	if st != 200 {
		t.Fatal(st)
	}
	var doc struct {
		OpenAPI    string                               `json:"openapi"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(b, &doc); err != nil || doc.OpenAPI != "3.0.3" {
		t.Fatalf("doc: %v", err)
	}
	var routes, documented []string
	for _, rt := range New(e.db).routes() {
		routes = append(routes, rt.Method+" "+rt.Path)
		op := doc.Paths[rt.Path][strings.ToLower(rt.Method)]
		if op == nil {
			t.Errorf("route %s %s is not documented", rt.Method, rt.Path)
			continue
		}
		if s, _ := op["summary"].(string); s == "" {
			t.Errorf("%s %s has no summary", rt.Method, rt.Path)
		}
		params, _ := json.Marshal(op["parameters"])
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			if !strings.Contains(string(params), `"name":"`+m[1]+`","required":true`) && !strings.Contains(string(params), `"in":"path"`) {
				t.Errorf("%s: path parameter %s undeclared", rt.Path, m[1])
			}
		}
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			documented = append(documented, strings.ToUpper(m)+" "+p)
		}
	}
	slices.Sort(routes)
	slices.Sort(documented)
	if !slices.Equal(routes, documented) {
		t.Errorf("routes and document differ:\n%v\n%v", routes, documented)
	}
	for _, ref := range regexp.MustCompile(`"#/components/schemas/([A-Za-z0-9]+)"`).FindAllStringSubmatch(string(b), -1) {
		if doc.Components.Schemas[ref[1]] == nil {
			t.Errorf("dangling $ref %s", ref[1])
		}
	}
	// The member schema carries the record's fields.
	ms, _ := json.Marshal(doc.Components.Schemas["Member"])
	for _, f := range []string{"full_name", "citizen_id", "card_number", "ethnicity", "status", "theory_level"} {
		if !strings.Contains(string(ms), `"`+f+`"`) {
			t.Errorf("Member schema lacks %s", f)
		}
	}
}

// membersOf is the member use cases on db.
func membersOf(db *store.DB) *members.Service { return &members.Service{DB: db} }
