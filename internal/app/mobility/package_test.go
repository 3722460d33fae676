package mobility_test

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"dangvien/internal/app/members"
	"dangvien/internal/app/mobility"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	. "dangvien/internal/store/storetest"
)

// another opens a second installation's database of the same kind.
func another(t *testing.T, db *store.DB) *store.DB {
	if db.Dialect == store.Postgres {
		return Postgres(t)
	}
	return SQLite(t)
}

// newcomer adds to an installation a member the other does not have.
func newcomer(t *testing.T, db *store.DB, cell domain.Org) domain.Member {
	t.Helper()
	ms := &members.Service{DB: db}
	m, err := ms.Create(ctx, domain.System, cell.ID, domain.MemberFields{FullName: "Phạm Ngọc Ánh", Gender: domain.Female, BirthDate: D("1988-03-08"), Ethnicity: "01",
		CitizenID: "001188000999", CardNumber: "79009999", Education: "thpt"}, domain.Event{Kind: domain.EventAdmitted, Date: D("2012-05-19"), Decided: D("2012-05-02"), Decision: "15-QĐ/ĐU"})
	if err != nil {
		t.Fatal(err)
	}
	if m, _, err = ms.AddEvent(ctx, domain.System, m.ID, domain.Event{Kind: domain.EventRecognised, Date: D("2013-06-01"), Decision: "20-QĐ/ĐU"}); err != nil {
		t.Fatal(err)
	}
	return m
}

func kinds(t *testing.T, db *store.DB, memberID int64) string {
	t.Helper()
	evs, err := (&members.Service{DB: db}).Events(ctx, domain.System, memberID)
	if err != nil {
		t.Fatal(err)
	}
	var ks []string
	for _, e := range evs {
		ks = append(ks, string(e.Kind))
	}
	return strings.Join(ks, " ")
}

// trust enters in to the key that signed a package of from.
func trust(t *testing.T, from, to *mobility.Service, name string) {
	t.Helper()
	k, err := from.Keys(ctx, domain.System)
	if err != nil || k.Own == nil {
		t.Fatalf("keys: %+v %v", k, err)
	}
	if _, err := to.TrustKey(ctx, domain.System, mobility.TrustInput{Name: name, PublicKey: k.Own.PublicKey}); err != nil {
		t.Fatal(err)
	}
}

// A transfer to another installation and back (RULES.md, Transfers): the
// sending side hands over a signed package; the receiving side imports it
// once it trusts the sender's key, and the history continues; a tampered,
// unknown, own or duplicate package is refused and writes nothing; a member
// who comes back continues the record left here.
func TestPackageBetweenInstallations(t *testing.T) {
	Each(t, func(t *testing.T, dbA *store.DB) {
		dbB := another(t, dbA)
		fa, fb := Fixture(t, dbA), Fixture(t, dbB)
		sa, sb := &mobility.Service{DB: dbA}, &mobility.Service{DB: dbB}
		anh := newcomer(t, dbA, fa.CellA1)
		tv, err := sa.Issue(ctx, staffA(fa), anh.ID, domain.TransferInput{ToName: "Đảng ủy phường Hà Đông, Đảng bộ thành phố Hà Nội", EffectiveOn: D("2026-02-16"),
			LetterOn: D("2026-03-02"), Reason: "Chuyển công tác", Decision: "88-QĐ/UBND"})
		if err != nil {
			t.Fatal(err)
		}
		if tv.Route != domain.RouteOut || tv.PackageID == "" || member(t, dbA, anh.ID).Status != domain.StatusTransferred {
			t.Fatalf("letter out: %+v", tv)
		}
		if _, err := sa.Package(ctx, Actor(domain.RoleSecretary, fa.CellA1), tv.ID); code(err) != domain.CodeNotFound {
			t.Fatalf("a secretary downloads the package: %v", err)
		}
		pkg, err := sa.Package(ctx, staffA(fa), tv.ID)
		if err != nil {
			t.Fatal(err)
		}
		in := mobility.ImportInput{CellID: fb.CellB1.ID, PresentedOn: D("2026-03-20")}
		// Before B trusts A's key, the package is refused.
		unchanged(t, dbB, domain.CodeInvalid, func() error { _, err := sb.ImportPackage(ctx, staffB(fb), in, pkg.Body); return err })
		trust(t, sa, sb, "Đảng bộ tỉnh Thái Nguyên")
		// A tampered package: one letter of the name changed.
		bad := bytes.Replace(pkg.Body, []byte("Phạm Ngọc Ánh"), []byte("Phạm Ngọc Anh"), 1)
		if bytes.Equal(bad, pkg.Body) {
			t.Fatal("the name is not in the package")
		}
		unchanged(t, dbB, domain.CodeInvalid, func() error {
			_, err := sb.ImportPackage(ctx, staffB(fb), in, bad)
			if err == nil || !strings.Contains(err.Error(), "chữ ký không khớp") {
				t.Errorf("tampered: %v", err)
			}
			return err
		})
		// Into its own installation: refused.
		unchanged(t, dbA, domain.CodeInvalid, func() error {
			_, err := sa.ImportPackage(ctx, staffA(fa), mobility.ImportInput{CellID: fa.CellA2.ID}, pkg.Body)
			return err
		})
		got, err := sb.ImportPackage(ctx, staffB(fb), in, pkg.Body)
		if err != nil {
			t.Fatal(err)
		}
		if got.Route != domain.RouteIn || got.Status != domain.TransferArrived || got.Number != tv.Number {
			t.Fatalf("imported: %+v", got)
		}
		there := member(t, dbB, got.MemberID)
		if there.Status != domain.StatusOfficial || there.OrgID != fb.CellB1.ID || there.OfficialDate.IsZero() || !there.DecisionDate.Equal(D("2012-05-02")) || there.DecisionCopied {
			t.Fatalf("the record there: %+v", there)
		}
		if k := kinds(t, dbB, there.ID); k != "admitted recognised transferred_out transferred_in" {
			t.Fatalf("history there: %s", k)
		}
		// A second import of the same package: refused.
		unchanged(t, dbB, domain.CodeConflict, func() error { _, err := sb.ImportPackage(ctx, staffB(fb), in, pkg.Body); return err })

		// Back to A, months later: the record left in A continues.
		back, err := sb.Issue(ctx, staffB(fb), there.ID, domain.TransferInput{ToName: "Đảng bộ tỉnh Thái Nguyên", EffectiveOn: D("2026-09-15"), LetterOn: D("2026-10-01"), Reason: "Trở về quê"})
		if err != nil {
			t.Fatal(err)
		}
		pkgB, err := sb.Package(ctx, staffB(fb), back.ID)
		if err != nil {
			t.Fatal(err)
		}
		trust(t, sb, sa, "Đảng bộ thành phố Hà Nội")
		home, err := sa.ImportPackage(ctx, staffA(fa), mobility.ImportInput{CellID: fa.CellA2.ID, PresentedOn: D("2026-10-15")}, pkgB.Body)
		if err != nil {
			t.Fatal(err)
		}
		if home.MemberID != anh.ID {
			t.Fatalf("a new record instead of the old one: %d, want %d", home.MemberID, anh.ID)
		}
		if m := member(t, dbA, anh.ID); m.Status != domain.StatusOfficial || m.OrgID != fa.CellA2.ID {
			t.Fatalf("back home: %+v", m)
		}
		if k := kinds(t, dbA, anh.ID); k != "admitted recognised transferred_out transferred_in transferred_out transferred_in" {
			t.Fatalf("history continued: %s", k)
		}
		for _, db := range []*store.DB{dbA, dbB} {
			if res, err := db.VerifyAudit(ctx, domain.System); err != nil || !res.OK {
				t.Fatalf("audit chain: %+v %v", res, err)
			}
		}
	})
}

// signed makes a package signed with key, as another installation would.
func signed(t *testing.T, key ed25519.PrivateKey, p mobility.Payload) []byte {
	t.Helper()
	raw, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	pub := key.Public().(ed25519.PublicKey)
	env := mobility.Envelope{Format: mobility.PackageFormat, KeyID: keyIDOf(pub), PublicKey: base64.StdEncoding.EncodeToString(pub),
		Signature: base64.StdEncoding.EncodeToString(ed25519.Sign(key, raw)), Payload: raw}
	b, err := json.Marshal(env)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func keyIDOf(pub ed25519.PublicKey) string {
	k, _ := mobility.KeyIDOf(pub)
	return k
}

// foreign is a package another installation signs for member Vũ Văn Bình,
// with its own package id.
func foreign(id string) mobility.Payload {
	return mobility.Payload{PackageID: id, CreatedAt: "2026-11-01T00:00:00Z", Installation: "Đảng bộ tỉnh khác",
		Transfer: mobility.PackageTransfer{Number: "7-GGT/ĐU", LetterOn: D("2026-11-02"), FromCell: "Chi bộ thôn Nam", Issuer: "Đảng ủy xã Nam", To: "Đảng bộ tỉnh Thái Nguyên", Reason: "Chuyển công tác"},
		Member:   domain.MemberFields{FullName: "Vũ Văn Bình", Gender: domain.Male, BirthDate: D("1980-01-02"), Ethnicity: "01", CitizenID: "001180000777", Education: "thpt"},
		Events: []mobility.PackageEvent{{Kind: domain.EventAdmitted, Date: D("2005-03-03"), Org: "Chi bộ thôn Nam"},
			{Kind: domain.EventRecognised, Date: D("2006-03-03"), Org: "Chi bộ thôn Nam"},
			{Kind: domain.EventTransferredOut, Date: D("2026-11-02"), Org: "Chi bộ thôn Nam", Reason: "Chuyển công tác"}}}
}

// One package imported by two officers at once, and two packages of the
// same member (a file sent twice under different ids) imported at once:
// the member arrives once.
func TestParallelImport(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		pub, key, _ := ed25519.GenerateKey(rand.Reader)
		if _, err := s.TrustKey(ctx, domain.System, mobility.TrustInput{Name: "Đảng bộ tỉnh khác", PublicKey: base64.StdEncoding.EncodeToString(pub)}); err != nil {
			t.Fatal(err)
		}
		in := mobility.ImportInput{CellID: f.CellA1.ID, PresentedOn: D("2026-11-10")}
		one := signed(t, key, foreign(strings.Repeat("ab", 16)))
		if ok := Succeeded(t, Parallel(6, func(i int) error { _, err := s.ImportPackage(ctx, staffA(f), in, one); return err })); ok != 1 {
			t.Fatalf("one package imported %d times", ok)
		}
		if n := Count(t, db, "SELECT count(*) FROM members WHERE citizen_id = '001180000777'"); n != 1 {
			t.Fatalf("%d records", n)
		}
		// The same member again, under other package ids, into cell B1: the
		// record is here already, and stays as it is.
		if ok := Succeeded(t, Parallel(6, func(i int) error {
			_, err := s.ImportPackage(ctx, staffB(f), mobility.ImportInput{CellID: f.CellB1.ID, PresentedOn: D("2026-11-10")},
				signed(t, key, foreign(strings.Repeat(string(rune('0'+i)), 32))))
			return err
		})); ok != 0 {
			t.Fatalf("a member with a record here imported %d more times", ok)
		}
		if n := Count(t, db, "SELECT count(*) FROM transfers WHERE route = 'in'"); n != 1 {
			t.Fatalf("%d transfers in", n)
		}
	})
}

// Hostile packages, correctly signed by a trusted key or not: each is
// refused with its reason, and nothing is written.
func TestHostilePackages(t *testing.T) {
	Each(t, func(t *testing.T, db *store.DB) {
		f := Fixture(t, db)
		s := &mobility.Service{DB: db}
		pub, key, _ := ed25519.GenerateKey(rand.Reader)
		if _, err := s.TrustKey(ctx, domain.System, mobility.TrustInput{Name: "Đảng bộ tỉnh khác", PublicKey: base64.StdEncoding.EncodeToString(pub)}); err != nil {
			t.Fatal(err)
		}
		good := func() mobility.Payload { return foreign(strings.Repeat("ab", 16)) }
		in := mobility.ImportInput{CellID: f.CellA1.ID, PresentedOn: D("2026-11-10")}
		imp := func(b []byte) error { _, err := s.ImportPackage(ctx, staffA(f), in, b); return err }
		many := func() []byte {
			p := good()
			last := p.Events[2]
			p.Events = p.Events[:2]
			for i := range domain.MaxImportedEvents {
				kind := domain.EventExempted
				if i%2 == 1 {
					kind = domain.EventRestored
				}
				p.Events = append(p.Events, mobility.PackageEvent{Kind: kind, Date: D("2007-01-01").AddDays(i * 7), Org: "Chi bộ thôn Nam"})
			}
			p.Events = append(p.Events, last)
			return signed(t, key, p)
		}
		cases := []struct {
			name, why string // why: what the message must say
			body      func() []byte
		}{
			{"a NUL in the name", "ký tự NUL", func() []byte { p := good(); p.Member.FullName = "Vũ Văn\x00Bình"; return signed(t, key, p) }},
			{"a direction override in a reason", "đổi chiều viết", func() []byte { p := good(); p.Events[2].Reason = "Chuyển \u202ecông tác"; return signed(t, key, p) }},
			{"a direction isolate in the address", "đổi chiều viết", func() []byte { p := good(); p.Member.Address = "Thôn \u2066Nam\u2069 Sơn"; return signed(t, key, p) }},
			{"a Cyrillic lookalike in a cell's name", "Kirin", func() []byte { p := good(); p.Events[0].Org = "Chi bộ thôn Nаm"; return signed(t, key, p) }},
			{"events out of order", "trước sự kiện", func() []byte {
				p := good()
				p.Events[0].Date, p.Events[1].Date = p.Events[1].Date, p.Events[0].Date
				return signed(t, key, p)
			}},
			{"a history that leaves the member dead", "từ trần", func() []byte {
				p := good()
				p.Events[2] = mobility.PackageEvent{Kind: domain.EventDied, Date: D("2026-11-02"), Org: "Chi bộ thôn Nam"}
				return signed(t, key, p)
			}},
			{"an unknown event", "loại không biết", func() []byte { p := good(); p.Events[1].Kind = "promoted"; return signed(t, key, p) }},
			{"a history of more events than any record has", "quá 500 sự kiện", many},
			{"no package id", "mã hợp lệ", func() []byte { p := good(); p.PackageID = ""; return signed(t, key, p) }},
			{"an unknown field", "không thuộc định dạng", func() []byte {
				b := signed(t, key, good())
				return bytes.Replace(b, []byte(`"format"`), []byte(`"extra":1,"format"`), 1)
			}},
			{"another format", "không phải", func() []byte {
				return bytes.Replace(signed(t, key, good()), []byte(mobility.PackageFormat), []byte("dangvien-chuyen-sinh-hoat/9"), 1)
			}},
			{"a signature by an unknown key", "chưa được nhập", func() []byte { _, other, _ := ed25519.GenerateKey(rand.Reader); return signed(t, other, good()) }},
			{"a payload changed after signing", "chữ ký không khớp", func() []byte {
				return bytes.Replace(signed(t, key, good()), []byte("Vũ Văn Bình"), []byte("Vũ Văn Bính"), 1)
			}},
			{"truncated", "bị cắt cụt", func() []byte { b := signed(t, key, good()); return b[:len(b)/2] }},
			{"a NUL byte in the file", "UTF-8", func() []byte { b := signed(t, key, good()); b[10] = 0; return b }},
			{"not UTF-8", "UTF-8", func() []byte { return append(signed(t, key, good()), 0xff, 0xfe) }},
			{"too large", "lớn hơn 2 MB", func() []byte { return bytes.Repeat([]byte(" "), mobility.MaxPackageBytes+1) }},
			{"deeply nested", "lồng nhau quá sâu", func() []byte { return []byte(strings.Repeat("[", 100000) + strings.Repeat("]", 100000)) }},
			{"nested within the limit of size", "lồng nhau quá sâu", func() []byte {
				return []byte(`{"format":"` + mobility.PackageFormat + `","payload":` + strings.Repeat(`{"a":`, 20000) + "1" + strings.Repeat("}", 20000) + "}")
			}},
			{"not JSON", "không phải JSON", func() []byte { return []byte("PK\x03\x04 a zip file") }},
			{"empty", "không phải JSON", func() []byte { return nil }},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				unchanged(t, db, domain.CodeInvalid, func() error {
					err := imp(c.body())
					if err == nil || !strings.Contains(err.Error(), c.why) {
						t.Errorf("the reason lacks %q: %v", c.why, err)
					}
					return err
				})
			})
		}
		// The good one goes in, once.
		if err := imp(signed(t, key, good())); err != nil {
			t.Fatal(err)
		}
		unchanged(t, db, domain.CodeConflict, func() error { return imp(signed(t, key, good())) })
	})
}
