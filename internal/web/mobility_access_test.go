package web

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dangvien/internal/app/mobility"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/store/storetest"
)

// mobFix is what a request on members on the move acts on, written by its
// case's prep as the system, before the request.
type mobFix struct {
	transfer int64  // a letter or a temporary transfer
	number   string // its number
	away     int64
	tie      int64
	handover int64
	newCell  domain.Org // an empty cell under the target's commune
	key      ed25519.PrivateKey
}

func (e *env) mobility() *mobility.Service { return &mobility.Service{DB: e.db} }

func (e *env) must(err error) {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
}

// otherThan is a member of the other commune than the cell's, for a letter
// sent to it: each side then reaches the letter only through its own cell.
func (e *env) otherThan(cell int64) domain.Member {
	if cell == e.f.CellB1.ID {
		return e.f.An
	}
	return e.f.Hoa
}

func letterTo(e *env, t target) {
	v, err := e.mobility().Issue(ctxb, domain.System, e.otherThan(t.cell).ID, domain.TransferInput{ToOrgID: t.cell, EffectiveOn: domain.MustDate("2026-11-01"),
		LetterOn: domain.MustDate("2026-11-16"), Reason: "Chuyển công tác"})
	e.must(err)
	e.mob.transfer, e.mob.number = v.ID, v.Number
}

func letterFrom(e *env, t target) {
	v, err := e.mobility().Issue(ctxb, domain.System, t.member, domain.TransferInput{ToOrgID: e.f.CellA2.ID, EffectiveOn: domain.MustDate("2026-11-01"),
		LetterOn: domain.MustDate("2026-11-16"), Reason: "Chuyển nơi cư trú"})
	e.must(err)
	e.mob.transfer, e.mob.number = v.ID, v.Number
}

func letterOut(e *env, t target) {
	v, err := e.mobility().Issue(ctxb, domain.System, t.member, domain.TransferInput{ToName: "Đảng ủy phường Hà Đông, Đảng bộ thành phố Hà Nội", EffectiveOn: domain.MustDate("2026-11-01"),
		LetterOn: domain.MustDate("2026-11-16"), Reason: "Chuyển công tác"})
	e.must(err)
	e.mob.transfer = v.ID
}

func temporaryFrom(e *env, t target) {
	v, err := e.mobility().Temporary(ctxb, domain.System, t.member, domain.TemporaryInput{ToOrgID: e.f.CellA2.ID, Purpose: domain.PurposeWork,
		StartsOn: domain.MustDate("2026-11-01"), EndsOn: domain.MustDate("2027-02-28"), LetterOn: domain.MustDate("2026-10-25")})
	e.must(err)
	e.mob.transfer = v.ID
}

func awayOf(e *env, t target) {
	v, err := e.mobility().RecordAway(ctxb, domain.System, t.member, awayInput())
	e.must(err)
	e.mob.away = v.ID
}

func awayInput() domain.AwayInput {
	return domain.AwayInput{Place: "Khu công nghiệp VSIP, Bình Dương", Since: domain.MustDate("2026-09-01"), Contact: "0912345678", KeepInTouch: "Gọi điện hằng tháng"}
}

func tieOf(e *env, t target) {
	v, err := e.mobility().AddTie(ctxb, domain.System, t.member, domain.TieInput{ResidenceID: e.f.CellA2.ID, PresentedOn: domain.MustDate("2024-03-01")})
	e.must(err)
	e.mob.tie = v.ID
}

// tieLivingIn is An's tie (cell A2) with the target's cell as residence.
func tieLivingIn(e *env, t target) {
	v, err := e.mobility().AddTie(ctxb, domain.System, e.f.An.ID, domain.TieInput{ResidenceID: t.cell, PresentedOn: domain.MustDate("2024-03-01")})
	e.must(err)
	e.mob.tie = v.ID
}

func newCell(e *env, t target) {
	o, err := (&orgs.Service{DB: e.db}).Create(ctxb, domain.System, domain.OrgInput{Code: "HX01", Name: "Chi bộ mới thành lập", Kind: domain.KindCell, ParentID: t.commune, ValidFrom: domain.MustDate("2020-01-01")})
	e.must(err)
	e.mob.newCell = o
}

func handoverOf(e *env, t target) {
	newCell(e, t)
	h, err := e.mobility().Collective(ctxb, domain.System, domain.CollectiveInput{FromID: t.cell, ToID: e.mob.newCell.ID, MemberIDs: []int64{t.member},
		Decision: domain.Decision{Date: domain.MustDate("2026-11-01"), Number: "77-QĐ/ĐU"}})
	e.must(err)
	e.mob.handover = h.ID
}

func trusted(e *env, _ target) {
	pub, key, _ := ed25519.GenerateKey(rand.Reader)
	_, err := e.mobility().TrustKey(ctxb, domain.System, mobility.TrustInput{Name: "Đảng bộ tỉnh khác", PublicKey: base64.StdEncoding.EncodeToString(pub)})
	e.must(err)
	e.mob.key = key
}

// packageFor makes a package signed by the trusted key, for a member new to
// this installation (n makes them unique).
func (e *env) packageFor(n int) string {
	p := mobility.Payload{PackageID: fmt.Sprintf("%032x", n+1), CreatedAt: "2026-11-01T00:00:00Z", Installation: "Đảng bộ tỉnh khác",
		Transfer: mobility.PackageTransfer{Number: fmt.Sprintf("%d-GGT/ĐU", n), LetterOn: domain.MustDate("2026-11-10"), FromCell: "Chi bộ thôn Nam", To: "Đảng bộ tỉnh Thái Nguyên", Reason: "Chuyển công tác"},
		Member:   domain.MemberFields{FullName: "Vũ Văn Bình", Gender: domain.Male, BirthDate: domain.MustDate("1980-01-02"), Ethnicity: "01", CitizenID: fmt.Sprintf("0011800%05d", n), Education: "thpt"},
		Events: []mobility.PackageEvent{{Kind: domain.EventAdmitted, Date: domain.MustDate("2005-03-03"), Org: "Chi bộ thôn Nam"},
			{Kind: domain.EventTransferredOut, Date: domain.MustDate("2026-11-10"), Org: "Chi bộ thôn Nam"}}}
	raw, _ := json.Marshal(p)
	pub := e.mob.key.Public().(ed25519.PublicKey)
	kid, _ := mobility.KeyIDOf(pub)
	env := mobility.Envelope{Format: mobility.PackageFormat, KeyID: kid, PublicKey: base64.StdEncoding.EncodeToString(pub), Signature: base64.StdEncoding.EncodeToString(ed25519.Sign(e.mob.key, raw)), Payload: raw}
	b, _ := json.Marshal(env)
	return string(b)
}

func apiPost(path string, body func(e *env, t target, n int) any) func(*env, target, int) (string, string, any) {
	return func(e *env, t target, n int) (string, string, any) {
		return "POST", strings.NewReplacer("{member}", id(t.member), "{cell}", id(t.cell), "{commune}", id(t.commune), "{transfer}", id(e.mob.transfer), "{away}", id(e.mob.away),
			"{tie}", id(e.mob.tie), "{handover}", id(e.mob.handover)).Replace(path), body(e, t, n)
	}
}

func apiGet(path string) func(*env, target, int) (string, string, any) {
	return func(e *env, t target, n int) (string, string, any) {
		return "GET", strings.NewReplacer("{member}", id(t.member), "{cell}", id(t.cell), "{commune}", id(t.commune), "{transfer}", id(e.mob.transfer), "{number}", url.QueryEscape(e.mob.number),
			"{handover}", id(e.mob.handover)).Replace(path), nil
	}
}

// mobCase is a row of the API's access matrix with what it acts on.
type mobCase struct {
	req  func(e *env, t target, n int) (method, path string, body any)
	want map[string][2]int
	prep func(e *env, t target)
}

// mobScreen is a row of the screens' access matrix with what it acts on.
type mobScreen struct {
	do   func(b *browser, e *env, t target, n int) int
	want map[string][2]int
	prep func(e *env, t target)
}

// mobilityMatrix lists the routes of members on the move in the shared
// matrix with nothing asked there: TestMobilityAccessMatrix asks every role
// in and out of scope, after writing what each request acts on (prep).
func mobilityMatrix() map[string]accessCase {
	out := map[string]accessCase{}
	for k, c := range mobilityCases() {
		out[k] = accessCase{req: c.req, want: map[string][2]int{}}
	}
	return out
}

// mobilityScreenMatrix is the same for the screens.
func mobilityScreenMatrix() map[string]screenCase {
	out := map[string]screenCase{}
	for k, c := range mobilityScreenCases() {
		out[k] = screenCase{do: c.do, want: map[string][2]int{}}
	}
	return out
}

// envCache hands out the database of a request: a fresh one for each
// request that may write, and for reads one per target (prepared once),
// which every role reads in turn; the reads are checked to write nothing.
type envCache map[target]*env

func (c envCache) get(t *testing.T, read bool, role string, side int, prep func(*env, target)) (*env, target) {
	if read {
		probe := anyEnv(t, c)
		tg := scopes(probe)[role][side]
		if e, ok := c[tg]; ok {
			return e, tg
		}
		if c[target{}] == probe { // the probe becomes this target's database
			delete(c, target{})
		} else {
			probe = testEnv(t)
		}
		if prep != nil {
			prep(probe, tg)
		}
		c[tg] = probe
		return probe, tg
	}
	e := testEnv(t)
	tg := scopes(e)[role][side]
	if prep != nil {
		prep(e, tg)
	}
	return e, tg
}

// anyEnv is a database to read the fixture's targets from: any of the
// cache's (the fixture is the same in each), or a new one kept under the
// zero target until a target takes it.
func anyEnv(t *testing.T, c envCache) *env {
	for _, e := range c {
		return e
	}
	e := testEnv(t)
	c[target{}] = e
	return e
}

// Every route of members on the move, for every role, on an object in scope
// and one out of scope: the answer is exactly as expected, and a refused
// request writes nothing. The routes are those of mobilityRoutes, all of
// them, and nothing else.
func TestMobilityAccessMatrix(t *testing.T) {
	cases := mobilityCases()
	for _, rt := range New(nil).mobilityRoutes() {
		key := rt.Method + " " + rt.Path
		c, ok := cases[key]
		if !ok {
			t.Errorf("route %s has no row", key)
			continue
		}
		delete(cases, key)
		t.Run(key, func(t *testing.T) {
			n := 0
			envs := envCache{}
			for _, role := range roles {
				for side, name := range []string{"in scope", "out of scope"} {
					want := c.want[role][side]
					if want == 0 {
						t.Fatalf("%s %s: no answer expected", role, name)
					}
					e, tg := envs.get(t, strings.HasPrefix(key, "GET "), role, side, c.prep)
					before := e.auditRows()
					n++
					method, path, body := c.req(e, tg, n)
					st, b := e.do(role, method, path, body)
					if st != want {
						t.Errorf("%s %s: %d, want %d: %.200s", role, name, st, want, b)
					}
					if (st >= 400 || method == "GET") && e.auditRows() != before {
						t.Errorf("%s %s: answered %d and wrote", role, name, st)
					}
				}
			}
		})
	}
	for key := range cases {
		t.Errorf("row %s has no route", key)
	}
}

// The same for the screens of members on the move.
func TestMobilityScreenAccessMatrix(t *testing.T) {
	cases := mobilityScreenCases()
	for _, sc := range New(nil).mobilityScreens() {
		key := sc.Method + " " + sc.Path
		c, ok := cases[key]
		if !ok {
			t.Errorf("screen %s has no row", key)
			continue
		}
		delete(cases, key)
		t.Run(key, func(t *testing.T) {
			n := 0
			envs := envCache{}
			for _, role := range roles {
				for side, name := range []string{"in scope", "out of scope"} {
					want := c.want[role][side]
					get := strings.HasPrefix(key, "GET ")
					e, tg := envs.get(t, get, role, side, c.prep)
					b := newBrowser(t, e)
					if st, _ := b.signIn(role, pw); st != 200 {
						t.Fatalf("sign in %s: %d", role, st)
					}
					before := e.auditRows()
					n++
					if got := c.do(b, e, tg, n); got != want {
						t.Errorf("%s %s: %d, want %d", role, name, got, want)
					} else if (got >= 400 || get) && e.auditRows() != before {
						t.Errorf("%s %s: answered %d and wrote", role, name, got)
					}
				}
			}
		})
	}
	for key := range cases {
		t.Errorf("row %s has no screen", key)
	}
}

// mobilityCases is the access matrix of the API of members on the move.
func mobilityCases() map[string]mobCase {
	// Each row gets its own map: with changes the one it is given.
	readMember := func() map[string][2]int { return with(with(all(200, 404), "admin", 200, 200), "member.thao", 200, 404) }
	report := func() map[string][2]int { return with(with(all(200, 404), "admin", 200, 200), "member.thao", 404, 404) }
	writeMember := func(ok int) map[string][2]int {
		return map[string][2]int{"admin": {ok, ok}, "staff.a": {ok, 404}, "leader.b": {403, 404}, "secretary.a1": {ok, 404}, "member.thao": {403, 404}}
	}
	issue := func(ok int) map[string][2]int {
		return map[string][2]int{"admin": {ok, ok}, "staff.a": {ok, 404}, "leader.b": {403, 404}, "secretary.a1": {403, 404}, "member.thao": {403, 404}}
	}
	adminOnly := func(ok int) map[string][2]int { return with(all(403, 403), "admin", ok, ok) }
	transfer := func(e *env, t target, n int) any {
		return map[string]any{"to_org_id": e.f.CellA2.ID, "effective_on": "2026-11-01", "letter_on": "2026-11-16", "reason": "Chuyển công tác"}
	}
	return map[string]mobCase{
		"GET /api/v1/members/{id}/mobility":   {req: apiGet("/api/v1/members/{member}/mobility"), want: readMember()},
		"POST /api/v1/members/{id}/transfers": {req: apiPost("/api/v1/members/{member}/transfers", transfer), want: issue(201)},
		"POST /api/v1/members/{id}/temporary-transfers": {req: apiPost("/api/v1/members/{member}/temporary-transfers", func(e *env, t target, n int) any {
			return map[string]any{"to_org_id": e.f.CellA2.ID, "purpose": "work", "starts_on": "2026-12-01", "ends_on": "2027-03-15", "letter_on": "2026-11-20"}
		}), want: issue(201)},
		"GET /api/v1/transfers": {req: apiGet("/api/v1/transfers?number={number}"), prep: letterTo,
			want: map[string][2]int{"admin": {200, 200}, "staff.a": {200, 422}, "leader.b": {200, 422}, "secretary.a1": {200, 422}, "member.thao": {422, 422}}},
		// The letter goes to cell A2: staff of commune A see it as the receiving side.
		"GET /api/v1/transfers/{id}": {req: apiGet("/api/v1/transfers/{transfer}"), prep: letterFrom, want: with(readMember(), "staff.a", 200, 200)},
		"POST /api/v1/transfers/{id}/arrival": {req: apiPost("/api/v1/transfers/{transfer}/arrival", func(e *env, t target, n int) any {
			return map[string]any{"cell_id": t.cell, "presented_on": "2026-11-20"}
		}), prep: letterTo, want: map[string][2]int{"admin": {200, 200}, "staff.a": {200, 403}, "leader.b": {403, 403}, "secretary.a1": {200, 404}, "member.thao": {404, 404}}},
		"POST /api/v1/transfers/{id}/withdraw": {req: apiPost("/api/v1/transfers/{transfer}/withdraw", func(e *env, t target, n int) any {
			return map[string]any{"date": "2026-11-18", "reason": "Quyết định điều động bị hủy"}
		}), prep: letterFrom, want: map[string][2]int{"admin": {200, 200}, "staff.a": {200, 403}, "leader.b": {403, 404}, "secretary.a1": {403, 404}, "member.thao": {403, 404}}},
		"POST /api/v1/transfers/{id}/end": {req: apiPost("/api/v1/transfers/{transfer}/end", func(e *env, t target, n int) any {
			return map[string]any{"date": "2026-11-20"}
		}), prep: temporaryFrom, want: map[string][2]int{"admin": {200, 200}, "staff.a": {200, 200}, "leader.b": {403, 404}, "secretary.a1": {200, 404}, "member.thao": {403, 404}}},
		"GET /api/v1/transfers/{id}/package": {req: apiGet("/api/v1/transfers/{transfer}/package"), prep: letterOut,
			want: map[string][2]int{"admin": {200, 200}, "staff.a": {200, 404}, "leader.b": {404, 404}, "secretary.a1": {404, 404}, "member.thao": {404, 404}}},
		"POST /api/v1/orgs/{id}/transfer-packages": {req: func(e *env, t target, n int) (string, string, any) {
			return "POST", "/api/v1/orgs/" + id(t.cell) + "/transfer-packages?presented_on=2026-11-20", e.packageFor(n)
		}, prep: trusted, want: writeMember(201)},
		"GET /api/v1/installation-keys": {req: apiGet("/api/v1/installation-keys"), want: adminOnly(200)},
		"POST /api/v1/installation-keys": {req: apiPost("/api/v1/installation-keys", func(e *env, t target, n int) any {
			pub, _, _ := ed25519.GenerateKey(rand.Reader)
			return map[string]any{"name": fmt.Sprintf("Đảng bộ tỉnh thứ %d", n), "public_key": base64.StdEncoding.EncodeToString(pub)}
		}), want: adminOnly(201)},
		"POST /api/v1/installation-keys/own": {req: apiPost("/api/v1/installation-keys/own", func(*env, target, int) any { return nil }), want: adminOnly(200)},
		"POST /api/v1/members/{id}/away":     {req: apiPost("/api/v1/members/{member}/away", func(e *env, t target, n int) any { return awayInput() }), want: writeMember(201)},
		"PUT /api/v1/away/{id}": {req: func(e *env, t target, n int) (string, string, any) {
			in := awayInput()
			in.Contact = fmt.Sprintf("09120000%02d", n%100)
			return "PUT", "/api/v1/away/" + id(e.mob.away), in
		}, prep: awayOf, want: writeMember(200)},
		"POST /api/v1/away/{id}/return": {req: apiPost("/api/v1/away/{away}/return", func(e *env, t target, n int) any {
			return map[string]any{"returned_on": "2026-11-20", "comments": "Chấp hành tốt quy định nơi tạm trú", "comments_by": "Công an phường"}
		}), prep: awayOf, want: writeMember(200)},
		"POST /api/v1/members/{id}/residence": {req: apiPost("/api/v1/members/{member}/residence", func(e *env, t target, n int) any {
			return map[string]any{"residence_org_id": e.f.CellA2.ID, "presented_on": "2024-03-01"}
		}), want: writeMember(201)},
		"POST /api/v1/residence/{id}/end": {req: apiPost("/api/v1/residence/{tie}/end", func(e *env, t target, n int) any {
			return map[string]any{"date": "2026-06-01", "reason": "Chuyển nơi ở"}
		}), prep: tieOf, want: map[string][2]int{"admin": {200, 200}, "staff.a": {200, 403}, "leader.b": {403, 404}, "secretary.a1": {200, 404}, "member.thao": {403, 404}}},
		"POST /api/v1/residence/{id}/comments": {req: apiPost("/api/v1/residence/{tie}/comments", func(e *env, t target, n int) any {
			return map[string]any{"cell_id": t.cell, "year": 2025, "text": "Gương mẫu tham gia sinh hoạt tổ dân phố", "verdict": "good"}
		}), prep: tieLivingIn, want: map[string][2]int{"admin": {201, 201}, "staff.a": {201, 403}, "leader.b": {403, 404}, "secretary.a1": {201, 404}, "member.thao": {404, 404}}},
		"GET /api/v1/members/{id}/residence-comment": {req: apiGet("/api/v1/members/{member}/residence-comment?year=2025"), want: readMember()},
		"POST /api/v1/collective-transfers": {req: apiPost("/api/v1/collective-transfers", func(e *env, t target, n int) any {
			return map[string]any{"from_id": t.cell, "to_id": e.mob.newCell.ID, "all": true, "date": "2026-11-01", "decision_number": fmt.Sprintf("%d-QĐ/ĐU", n)}
		}), prep: newCell, want: map[string][2]int{"admin": {201, 201}, "staff.a": {201, 404}, "leader.b": {403, 403}, "secretary.a1": {403, 403}, "member.thao": {403, 403}}},
		"GET /api/v1/handovers/{id}":              {req: apiGet("/api/v1/handovers/{handover}"), prep: handoverOf, want: report()},
		"GET /api/v1/orgs/{id}/history":           {req: apiGet("/api/v1/orgs/{cell}/history"), want: report()},
		"GET /api/v1/orgs/{id}/transfers":         {req: apiGet("/api/v1/orgs/{cell}/transfers?from=2026-01-01"), prep: letterFrom, want: report()},
		"GET /api/v1/orgs/{id}/transfers/overdue": {req: apiGet("/api/v1/orgs/{cell}/transfers/overdue"), prep: letterFrom, want: report()},
		"GET /api/v1/orgs/{id}/away":              {req: apiGet("/api/v1/orgs/{cell}/away"), prep: awayOf, want: report()},
		"GET /api/v1/orgs/{id}/residence":         {req: apiGet("/api/v1/orgs/{cell}/residence?year=2025"), prep: tieOf, want: report()},
		"GET /api/v1/cells":                       {req: apiGet("/api/v1/cells?q=chi+bo"), want: with(all(200, 200), "member.thao", 404, 404)},
	}
}

// mobilityScreenCases is the access matrix of the screens of members on
// the move.
func mobilityScreenCases() map[string]mobScreen {
	readOrg := func() map[string][2]int { return with(all(200, 404), "admin", 200, 200) }
	report := func() map[string][2]int { return with(readOrg(), "member.thao", 404, 404) }
	writer := func(ok int) map[string][2]int {
		return map[string][2]int{"admin": {ok, ok}, "staff.a": {ok, 404}, "leader.b": {403, 404}, "secretary.a1": {ok, 404}, "member.thao": {403, 404}}
	}
	orgWriter := func(ok int) map[string][2]int {
		return map[string][2]int{"admin": {ok, ok}, "staff.a": {ok, 404}, "leader.b": {403, 404}, "secretary.a1": {403, 404}, "member.thao": {403, 404}}
	}
	get := func(path string) func(*browser, *env, target, int) int {
		return func(b *browser, e *env, t target, _ int) int {
			st, _ := b.get(strings.NewReplacer("{member}", id(t.member), "{cell}", id(t.cell), "{transfer}", id(e.mob.transfer), "{handover}", id(e.mob.handover)).Replace(path))
			return st
		}
	}
	return map[string]mobScreen{
		"GET /dang-vien/{id}/chuyen-sinh-hoat": {do: get("/dang-vien/{member}/chuyen-sinh-hoat"), want: readOrg()},
		"POST /dang-vien/{id}/chuyen-sinh-hoat": {do: func(b *browser, e *env, t target, n int) int {
			in := awayInput()
			st, _ := b.post("/dang-vien/"+id(t.member)+"/chuyen-sinh-hoat", url.Values{"csrf": {b.csrfToken()}, "action": {"away"}, "place": {in.Place}, "since": {in.Since.String()}, "contact": {in.Contact}})
			return st
		}, want: writer(303)},
		"GET /giay-gioi-thieu/{id}":          {do: get("/giay-gioi-thieu/{transfer}"), prep: letterFrom, want: with(readOrg(), "staff.a", 200, 200)}, // to A2: the receiving side
		"GET /giay-gioi-thieu/{id}/goi":      {do: get("/giay-gioi-thieu/{transfer}/goi"), prep: letterOut, want: map[string][2]int{"admin": {200, 200}, "staff.a": {200, 404}, "leader.b": {404, 404}, "secretary.a1": {404, 404}, "member.thao": {404, 404}}},
		"GET /to-chuc/{id}/chuyen-sinh-hoat": {do: get("/to-chuc/{cell}/chuyen-sinh-hoat"), prep: letterTo, want: report()},
		"POST /to-chuc/{id}/chuyen-sinh-hoat": {do: func(b *browser, e *env, t target, n int) int {
			st, _ := b.post("/to-chuc/"+id(t.cell)+"/chuyen-sinh-hoat", url.Values{"csrf": {b.csrfToken()}, "action": {"confirm"}, "transfer_id": {id(e.mob.transfer)}, "presented_on": {"20/11/2026"}})
			return st
		}, prep: letterTo, want: map[string][2]int{"admin": {303, 303}, "staff.a": {303, 404}, "leader.b": {403, 404}, "secretary.a1": {303, 404}, "member.thao": {404, 404}}},
		"POST /to-chuc/{id}/nhan-goi": {do: func(b *browser, e *env, t target, n int) int {
			st, _ := b.upload("/to-chuc/"+id(t.cell)+"/nhan-goi", b.csrfToken(), "", "goi.json", e.packageFor(n))
			return st
		}, prep: trusted, want: writer(303)},
		"GET /to-chuc/{id}/chuyen-tap-the": {do: get("/to-chuc/{cell}/chuyen-tap-the"), want: orgWriter(200)},
		"POST /to-chuc/{id}/chuyen-tap-the": {do: func(b *browser, e *env, t target, n int) int {
			st, _ := b.post("/to-chuc/"+id(t.cell)+"/chuyen-tap-the", url.Values{"csrf": {b.csrfToken()}, "to_code": {e.mob.newCell.Code}, "date": {"01/11/2026"},
				"decision_number": {fmt.Sprintf("%d-QĐ/ĐU", n)}, "all": {"1"}, "confirmed": {"1"}})
			return st
		}, prep: newCell, want: orgWriter(303)},
		"GET /ban-giao/{id}": {do: get("/ban-giao/{handover}"), prep: handoverOf, want: report()},
		"GET /khoa-he-thong": {do: get("/khoa-he-thong"), want: with(all(403, 403), "admin", 200, 200)},
		"POST /khoa-he-thong": {do: func(b *browser, e *env, t target, n int) int {
			st, _ := b.post("/khoa-he-thong", url.Values{"csrf": {b.csrfToken()}, "action": {"make"}})
			return st
		}, want: with(all(403, 403), "admin", 303, 303)},
	}
}

// The screens of members on the move show what they are for, in order: a
// letter issued from the member's page prints with its parts, the receiving
// cell confirms it from its page, and a letter meant for another cell is
// refused there with nothing written.
func TestMobilityScreens(t *testing.T) {
	e := newEnv(t, storetest.SQLite(t))
	b := newBrowser(t, e)
	b.signIn("staff.a", pw)
	csrf := b.csrfToken()
	st, page := b.post("/dang-vien/"+id(e.f.Duc.ID)+"/chuyen-sinh-hoat", url.Values{"csrf": {csrf}, "action": {"official"}, "to_code": {"x01-cb02"},
		"effective_on": {"01/11/2026"}, "letter_on": {"16/11/2026"}, "reason": {"Chuyển nơi cư trú"}})
	if st != 303 {
		t.Fatalf("issue: %d %.300s", st, page)
	}
	_, page = b.get("/dang-vien/" + id(e.f.Duc.ID) + "/chuyen-sinh-hoat")
	for _, want := range []string{"Đang chuyển sinh hoạt", "1-GGT/X01", "Hạn xuất trình", "28/12/2026"} {
		if !strings.Contains(page, want) {
			t.Errorf("member page lacks %q", want)
		}
	}
	v, _ := e.mobility().Member(ctxb, domain.System, e.f.Duc.ID)
	letter := v.Transfers[0].ID
	_, page = b.get("/giay-gioi-thieu/" + id(letter))
	for _, want := range []string{"GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG", "Số 1-GGT/X01", "Kính gửi:", "ĐẶNG VĂN ĐỨC", "Chi bộ thôn Hợp Thành", "30 ngày làm việc", "PHIẾU BÁO"} {
		if !strings.Contains(strings.ToUpper(page), strings.ToUpper(want)) {
			t.Errorf("letter lacks %q", want)
		}
	}
	// A bad form keeps what was typed and says why.
	st, page = b.post("/dang-vien/"+id(e.f.Thao.ID)+"/chuyen-sinh-hoat", url.Values{"csrf": {csrf}, "action": {"official"}, "to_code": {"KHONG-CO"}, "letter_on": {"16/11/2026"}, "reason": {"Thử"}})
	if st != 422 || !strings.Contains(page, "Không tìm thấy chi bộ") || !strings.Contains(page, "KHONG-CO") {
		t.Fatalf("bad destination: %d %.300s", st, page)
	}
	// At cell A1's page, the letter sent to A2 is refused and nothing is written.
	before := e.auditRows()
	st, page = b.post("/to-chuc/"+id(e.f.CellA1.ID)+"/chuyen-sinh-hoat", url.Values{"csrf": {csrf}, "action": {"confirm"}, "transfer_id": {id(letter)}, "presented_on": {"20/11/2026"}})
	if st != 422 || !strings.Contains(page, "không phải chi bộ xác nhận") || e.auditRows() != before {
		t.Fatalf("another cell's letter: %d %.300s", st, page)
	}
	st, _ = b.post("/to-chuc/"+id(e.f.CellA2.ID)+"/chuyen-sinh-hoat", url.Values{"csrf": {csrf}, "action": {"confirm"}, "transfer_id": {id(letter)}, "presented_on": {"20/11/2026"}})
	if st != 303 {
		t.Fatalf("confirm: %d", st)
	}
	if m, _ := membersOf(e.db).Member(ctxb, domain.System, e.f.Duc.ID); m.OrgID != e.f.CellA2.ID {
		t.Fatalf("arrived: %+v", m)
	}
	// A package whose signature does not hold: the cell's page again, the
	// package form open with what was typed and the reason, nothing written.
	trusted(e, target{})
	tampered := strings.Replace(e.packageFor(7), "Vũ Văn Bình", "Vũ Văn Bính", 1)
	before = e.auditRows()
	st, page = b.upload("/to-chuc/"+id(e.f.CellA1.ID)+"/nhan-goi", csrf, "", "goi.json", tampered)
	if st != 422 || !strings.Contains(page, "Không nhập được gói chuyển sinh hoạt") || !strings.Contains(page, `<details id="nhan-goi" open>`) ||
		!strings.Contains(page, "Tiếp nhận giấy giới thiệu") || e.auditRows() != before {
		t.Fatalf("tampered package: %d %.600s", st, page)
	}
	_, page = b.get("/to-chuc/" + id(e.f.CommuneA.ID) + "/chuyen-sinh-hoat?tu=01/01/2026")
	for _, want := range []string{"Chuyển sinh hoạt từ", "Trong nội bộ", "Quy định 213", "Đảng viên đi làm ăn xa"} {
		if !strings.Contains(page, want) {
			t.Errorf("org page lacks %q", want)
		}
	}
}

// The screens of members on the move, for every role, on what it reaches,
// as TestScreenContentByRole reads the others: a member's pages (her own
// transfer, letter and ties) hold nothing about anyone else; the pages of a
// role that only reads offer no form that writes and no link to a screen
// that writes; the writers' pages do, and show the others' data, so that
// the checks are known to see what they look for.
func TestMobilityContentByRole(t *testing.T) {
	t.Parallel()
	e := testEnv(t)
	others := othersData(t, e)
	svc := e.mobility()
	f := e.f
	own, err := svc.Temporary(ctxb, domain.System, f.Thao.ID, domain.TemporaryInput{ToOrgID: f.CellB1.ID, Purpose: domain.PurposeWork,
		StartsOn: domain.MustDate("2026-12-01"), EndsOn: domain.MustDate("2027-05-31"), LetterOn: domain.MustDate("2026-11-20")})
	e.must(err)
	duc, err := svc.Issue(ctxb, domain.System, f.Duc.ID, domain.TransferInput{ToOrgID: f.CellA2.ID, EffectiveOn: domain.MustDate("2026-11-01"),
		LetterOn: domain.MustDate("2026-11-16"), Reason: "Chuyển nơi cư trú"})
	e.must(err)
	hoa, err := svc.Issue(ctxb, domain.System, f.Hoa.ID, domain.TransferInput{ToName: "Đảng ủy phường Hà Đông, Đảng bộ thành phố Hà Nội", EffectiveOn: domain.MustDate("2026-11-01"),
		LetterOn: domain.MustDate("2026-11-16"), Reason: "Chuyển công tác"})
	e.must(err)
	tie, err := svc.AddTie(ctxb, domain.System, f.Lan.ID, domain.TieInput{ResidenceID: f.CellA1.ID, PresentedOn: domain.MustDate("2024-03-01")})
	e.must(err)
	_, err = svc.Comment(ctxb, domain.System, tie.ID, domain.CommentInput{CellID: f.CellA1.ID, Year: 2025, Text: "Gương mẫu nơi cư trú", Verdict: domain.VerdictGood, On: domain.MustDate("2025-12-10")})
	e.must(err)
	_, err = svc.RecordAway(ctxb, domain.System, f.An.ID, awayInput())
	e.must(err)
	newCell(e, target{commune: f.CommuneA.ID})
	h, err := svc.Collective(ctxb, domain.System, domain.CollectiveInput{FromID: f.CellA2.ID, ToID: e.mob.newCell.ID, MemberIDs: []int64{f.An.ID},
		Decision: domain.Decision{Date: domain.MustDate("2026-11-20"), Number: "77-QĐ/ĐU"}})
	e.must(err)

	paths := func(t target) []string {
		return []string{"/dang-vien/" + id(t.member) + "/chuyen-sinh-hoat", "/to-chuc/" + id(t.cell) + "/chuyen-sinh-hoat", "/to-chuc/" + id(t.commune) + "/chuyen-sinh-hoat",
			"/to-chuc/" + id(t.commune) + "/chuyen-tap-the", "/khoa-he-thong", "/giay-gioi-thieu/" + id(own.ID), "/giay-gioi-thieu/" + id(duc.ID),
			"/giay-gioi-thieu/" + id(hoa.ID), "/ban-giao/" + id(h.ID)}
	}
	readOnly := map[string]bool{"leader.b": true, "member.thao": true}
	for _, role := range roles {
		b := newBrowser(t, e)
		if st, _ := b.signIn(role, pw); st != 200 {
			t.Fatalf("sign in %s: %d", role, st)
		}
		var opened, offered []string
		sawOthers := false
		for _, path := range paths(scopes(e)[role][0]) {
			st, body := b.get(path)
			if st != 200 {
				continue // refused: the status matrix says which
			}
			opened = append(opened, path)
			if got := seen(body, others); len(got) > 0 {
				sawOthers = true
				if role == "member.thao" {
					t.Errorf("member reads %v on %s", got, path)
				}
			}
			if w := writeControls(body); len(w) > 0 {
				offered = append(offered, path)
				if readOnly[role] {
					t.Errorf("%s is offered %v on %s", role, w, path)
				}
			}
		}
		switch {
		case role == "member.thao" && len(opened) != 2:
			t.Errorf("the member opens her page and her letter, not %v", opened)
		case !readOnly[role] && (len(offered) == 0 || !sawOthers):
			t.Errorf("%s: no write control (%v) or none of the others' data (%v); the checks see nothing", role, offered, sawOthers)
		}
	}
}
