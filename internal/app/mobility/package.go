package mobility

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// A transfer to or from another installation travels as one file: a
// package holding the letter, the member's record and full history, signed
// with the sending installation's ed25519 key. The signature covers the
// payload's bytes exactly as they stand in the file. The receiving
// installation accepts a package only when it is signed by a key its
// administrator has entered (the sender's public key, exchanged beforehand)
// and was not imported before; the history then continues on the record
// there. This installation's key is made the first time it signs and kept
// in the installation_keys table of its database, so that a backup carries
// it; the administrator reads its public key on the keys screen
// (/khoa-he-thong) or GET /api/v1/installation-keys.

// PackageFormat names the format and its version.
const PackageFormat = "dangvien-chuyen-sinh-hoat/1"

// MaxPackageBytes bounds a package: a member's history is a few kilobytes.
const MaxPackageBytes = 2 << 20

// Envelope is the file: the signed payload and how to check it.
type Envelope struct {
	Format    string          `json:"format"`
	KeyID     string          `json:"key_id"`
	PublicKey string          `json:"public_key"`
	Signature string          `json:"signature"`
	Payload   json.RawMessage `json:"payload"`
}

// Payload is what a package carries.
type Payload struct {
	PackageID    string              `json:"package_id"`
	CreatedAt    string              `json:"created_at"`
	Installation string              `json:"installation"` // the sending installation's top organisation
	Transfer     PackageTransfer     `json:"transfer"`
	Member       domain.MemberFields `json:"member"`
	Events       []PackageEvent      `json:"events"`
	Placements   []store.Placement   `json:"placements"`
	FeesPaidTo   string              `json:"fees_paid_to,omitempty"` // yyyy-mm
}

// PackageTransfer is the letter a package carries.
type PackageTransfer struct {
	Number      string      `json:"number"`
	LetterOn    domain.Date `json:"letter_on"`
	EffectiveOn domain.Date `json:"effective_on,omitempty"`
	FromCell    string      `json:"from_cell"`
	Issuer      string      `json:"issuer"`
	To          string      `json:"to"`
	Reason      string      `json:"reason"`
	Decision    string      `json:"decision_number"`
}

// PackageEvent is one event of the history, with the names of the cells it
// happened in.
type PackageEvent struct {
	Kind       domain.EventKind `json:"kind"`
	Date       domain.Date      `json:"date"`
	Reason     string           `json:"reason"`
	Decision   string           `json:"decision_number"`
	Discipline string           `json:"discipline,omitempty"`
	Decided    domain.Date      `json:"decision_date,omitzero"` // an admission's decision
	Org        string           `json:"org"`
	ToOrg      string           `json:"to_org,omitempty"`
}

// keyID names a public key: the first 16 bytes of its SHA-256, in hex.
func keyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return hex.EncodeToString(sum[:16])
}

// ownKey reads this installation's signing key, making it the first time.
func ownKey(tx *store.Tx) (store.InstallationKey, ed25519.PrivateKey, error) {
	k, found, err := tx.OwnKey()
	if err != nil {
		return k, nil, err
	}
	if !found {
		pub, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return k, nil, err
		}
		name := "Hệ thống này"
		if top, err := tx.TopOrgName(); err == nil && top != "" {
			name = top
		}
		if k, err = tx.SaveOwnKey(store.InstallationKey{KeyID: keyID(pub), Name: name, PublicKey: base64.StdEncoding.EncodeToString(pub),
			Private: base64.StdEncoding.EncodeToString(priv.Seed())}); err != nil {
			return k, nil, err
		}
	}
	seed, err := base64.StdEncoding.DecodeString(k.Private)
	if err != nil || len(seed) != ed25519.SeedSize {
		return k, nil, fmt.Errorf("installation key %s: bad private key", k.KeyID)
	}
	return k, ed25519.NewKeyFromSeed(seed), nil
}

// signPackage builds, signs and keeps the package of a letter to another
// installation.
func (s *Service) signPackage(tx *store.Tx, m domain.Member, t store.Transfer) (store.Transfer, error) {
	k, priv, err := ownKey(tx)
	if err != nil {
		return t, err
	}
	events, err := tx.EventsWithPlaces(m)
	if err != nil {
		return t, err
	}
	places, err := tx.Placements(m)
	if err != nil {
		return t, err
	}
	paid, err := tx.FeesPaidTo(m)
	if err != nil {
		return t, err
	}
	id := make([]byte, 16)
	if _, err := rand.Read(id); err != nil {
		return t, err
	}
	p := Payload{PackageID: hex.EncodeToString(id), CreatedAt: s.DB.Now().UTC().Format(time.RFC3339), Installation: k.Name, Member: m.MemberFields,
		Placements: places,
		Transfer: PackageTransfer{Number: t.Number, LetterOn: t.LetterOn, EffectiveOn: t.EffectiveOn, FromCell: t.FromName, Issuer: t.Issuer, To: t.ToName,
			Reason: t.Reason, Decision: t.Decision}}
	if !paid.IsZero() {
		p.FeesPaidTo = paid.Key()
	}
	for _, e := range events {
		p.Events = append(p.Events, PackageEvent{Kind: e.Kind, Date: e.Date, Reason: e.Reason, Decision: e.Decision, Discipline: e.Discipline, Decided: e.Decided, Org: e.Org, ToOrg: e.ToOrg})
	}
	body, err := seal(p, k, priv)
	if err != nil {
		return t, err
	}
	if err := tx.SavePackage(t, "out", p.PackageID, k.KeyID, body); err != nil {
		return t, err
	}
	t.PackageID = p.PackageID
	return t, nil
}

// seal writes the file of a payload signed with priv.
func seal(p Payload, k store.InstallationKey, priv ed25519.PrivateKey) ([]byte, error) {
	raw, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	// Written by hand, so that the payload stands in the file byte for
	// byte as signed (an encoder would re-indent it).
	var b bytes.Buffer
	b.WriteString("{\n")
	for _, f := range [][2]string{{"format", PackageFormat}, {"key_id", k.KeyID}, {"public_key", k.PublicKey}, {"signature", base64.StdEncoding.EncodeToString(ed25519.Sign(priv, raw))}} {
		v, err := json.Marshal(f[1])
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, " %q: %s,\n", f[0], v)
	}
	b.WriteString(" \"payload\": ")
	b.Write(raw)
	b.WriteString("\n}\n")
	return b.Bytes(), nil
}

// PackageFile is a package to download.
type PackageFile struct {
	Name     string
	Body     []byte
	MemberID int64
}

// Package reads the signed file of a letter to another installation, for
// the sending side to hand over.
func (s *Service) Package(ctx context.Context, a domain.Actor, id int64) (PackageFile, error) {
	var f PackageFile
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		t, err := tx.Transfer(id)
		if err != nil {
			return err
		}
		if t.Route != domain.RouteOut || t.FromPath == "" || !a.Covers(t.FromPath) || !a.Role.WritesOrgs() {
			return domain.ErrNotFound
		}
		if f.Body, err = tx.PackageBody(t, "out"); err != nil {
			return err
		}
		f.Name, f.MemberID = "chuyen-sinh-hoat-"+strings.NewReplacer("/", "-", " ", "").Replace(t.Number)+".json", t.MemberID
		return nil
	})
	return f, err
}

// errPackage answers a file that is not a package this installation can
// read, with the reason.
func errPackage(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return &domain.Error{Code: domain.CodeInvalid, Message: "Không nhập được gói chuyển sinh hoạt: " + msg, Fields: domain.Fields{"file": msg}}
}

// OpenPackage reads a package's envelope and payload, strictly: a file too
// large, not JSON, of another format, with unknown fields, with texts that
// hold NUL or direction overrides, is refused with the reason. It does not
// check the signature: that needs the trusted keys (ImportPackage).
func OpenPackage(body []byte) (Envelope, Payload, error) {
	var env Envelope
	var p Payload
	if len(body) > MaxPackageBytes {
		return env, p, errPackage("tệp lớn hơn %d MB, không phải một gói chuyển sinh hoạt.", MaxPackageBytes>>20)
	}
	if !utf8.Valid(body) || bytes.IndexByte(body, 0) >= 0 {
		return env, p, errPackage("tệp không phải văn bản UTF-8 hợp lệ.")
	}
	if err := strict(body, &env); err != nil {
		return env, p, errPackage("%s.", jsonReason(err))
	}
	if env.Format != PackageFormat {
		return env, p, errPackage("định dạng %q không phải %q.", env.Format, PackageFormat)
	}
	if err := strict(env.Payload, &p); err != nil {
		return env, p, errPackage("nội dung gói: %s.", jsonReason(err))
	}
	return env, p, nil
}

// jsonReason says in Vietnamese why a file is not the JSON expected.
func jsonReason(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se) && strings.Contains(se.Error(), "exceeded max depth"):
		return "dữ liệu lồng nhau quá sâu, không phải một gói chuyển sinh hoạt"
	case errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return "tệp bị hỏng hoặc bị cắt cụt, không phải JSON hợp lệ"
	case errors.As(err, &te):
		return fmt.Sprintf("trường %q sai kiểu dữ liệu", te.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return "có trường không thuộc định dạng: " + strings.TrimPrefix(err.Error(), "json: unknown field ")
	}
	return err.Error() // the readers of dates and codes answer in Vietnamese
}

// strict decodes one JSON value with no unknown field and nothing after it.
func strict(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errors.New("còn dữ liệu sau nội dung gói")
	}
	return nil
}

// verify checks the envelope's signature with the trusted key it names.
func verify(tx *store.Tx, env Envelope) (store.InstallationKey, error) {
	k, found, err := tx.KeyByID(env.KeyID)
	if err != nil {
		return k, err
	}
	switch {
	case !found:
		return k, errPackage("gói được ký bằng khóa %q chưa được nhập vào hệ thống này. Quản trị hệ thống cần nhập khóa công khai của hệ thống gửi (trao đổi trực tiếp với nơi gửi) trước khi nhập gói.", env.KeyID)
	case k.Own:
		return k, errPackage("gói do chính hệ thống này lập; chuyển sinh hoạt trong hệ thống thì nơi đến xác nhận giấy giới thiệu.")
	}
	pub, err := base64.StdEncoding.DecodeString(k.PublicKey)
	if err != nil || len(pub) != ed25519.PublicKeySize {
		return k, fmt.Errorf("trusted key %s: bad public key", k.KeyID)
	}
	sig, err := base64.StdEncoding.DecodeString(env.Signature)
	if err != nil || !ed25519.Verify(pub, env.Payload, sig) {
		return k, errPackage("chữ ký không khớp: gói đã bị sửa sau khi ký, hoặc không phải do %s lập. Không nhập; đề nghị nơi gửi gửi lại gói.", k.Name)
	}
	return k, nil
}

// ImportInput is how the receiving side takes in a package: the cell the
// member joins, the day the member presented the letter (today when zero),
// and why late if late.
type ImportInput struct {
	CellID      int64       `json:"cell_id"`
	PresentedOn domain.Date `json:"presented_on"`
	LateReason  string      `json:"late_reason"`
}

// ImportPackage takes in a package from another installation: after the
// signature is checked against the keys entered here and the package is
// found not imported before, the member's record opens in the cell with the
// history brought (or, for a member who once left from here, the record
// left here continues), and the transfer in puts them on the cell's roll.
// A tampered, unknown or duplicate package is refused with the reason and
// nothing is written.
func (s *Service) ImportPackage(ctx context.Context, a domain.Actor, in ImportInput, body []byte) (TransferView, error) {
	env, p, err := OpenPackage(body)
	if err != nil {
		return TransferView{}, err
	}
	var v TransferView
	err = s.DB.Write(ctx, a, func(tx *store.Tx) error {
		cell, err := tx.WritableCell(in.CellID)
		if err != nil {
			return err
		}
		if !cell.ValidTo.IsZero() {
			return domain.CheckPlacement(cell, true, "cell_id")
		}
		k, err := verify(tx, env)
		if err != nil {
			return err
		}
		if number, on, found, err := tx.PackageImported(p.PackageID); err != nil {
			return err
		} else if found {
			return &domain.Error{Code: domain.CodeConflict, Message: fmt.Sprintf("Gói này đã được nhập ngày %s (giấy giới thiệu số %s): không nhập lần thứ hai.", on, number)}
		}
		today := tx.Today()
		if in.PresentedOn.IsZero() {
			in.PresentedOn = today
		}
		if err := checkPackageTexts(p, env.KeyID); err != nil {
			return err
		}
		// The letter, as a transfer in transit to this cell: the deadline and
		// a late presentation are judged by this installation's calendar.
		t := domain.Transfer{Kind: domain.TransferOfficial, Route: domain.RouteIn, Status: domain.TransferInTransit, Number: p.Transfer.Number,
			FromName: strings.TrimSpace(p.Transfer.FromCell + " — " + p.Installation), ToOrgID: cell.ID, ToName: cell.Name, Issuer: p.Transfer.Issuer,
			Reason: p.Transfer.Reason, Decision: p.Transfer.Decision, EffectiveOn: p.Transfer.EffectiveOn, LetterOn: p.Transfer.LetterOn, PackageID: p.PackageID}
		cal, err := tx.Calendar()
		if err != nil {
			return err
		}
		arrival := domain.ArrivalInput{CellID: cell.ID, PresentedOn: in.PresentedOn, LateReason: in.LateReason}
		if err := domain.CheckArrival(t, &arrival, today, cal); err != nil {
			return err
		}
		history := make([]domain.Event, len(p.Events))
		for i, e := range p.Events {
			reason := e.Reason
			if e.Org != "" {
				reason = fmt.Sprintf("[%s — %s] %s", e.Org, p.Installation, e.Reason)
			}
			history[i] = domain.Event{Kind: e.Kind, Date: e.Date, Reason: reason, Decision: e.Decision, Discipline: e.Discipline, Decided: e.Decided}
			if e.Kind == domain.EventMoved {
				history[i].ToOrgID = cell.ID // the other's cells are not here; the reason names them
			}
		}
		reason := fmt.Sprintf("Chuyển đến từ %s, giấy giới thiệu số %s", t.FromName, t.Number)
		if arrival.LateReason != "" {
			reason += "; xuất trình chậm: " + arrival.LateReason
		}
		e := domain.Event{Kind: domain.EventTransferredIn, Date: in.PresentedOn, Reason: reason, Decision: t.Number}
		f := p.Member
		st, err := domain.CheckImportedHistory(&f, history, e, today)
		if err != nil {
			return err
		}
		old, err := tx.MemberByIdentity(f.CitizenID, f.CardNumber)
		if err != nil {
			return err
		}
		var m domain.Member
		if old == nil {
			if m, err = tx.CreateTransferredMember(cell, f, st, history, e); err != nil {
				return err
			}
		} else if m, err = continueRecord(tx, *old, cell, f, history, e); err != nil {
			return err
		}
		t.MemberID, t.Status, t.ArrivedOn, t.LateReason = m.ID, domain.TransferArrived, in.PresentedOn, arrival.LateReason
		rec, err := tx.InsertTransfer(t)
		if err != nil {
			return err
		}
		if err := tx.SavePackage(rec, "in", p.PackageID, k.KeyID, body); err != nil {
			return err
		}
		rec.PackageID = p.PackageID
		v = viewOf(a, rec, today, cal)
		return nil
	})
	return v, err
}

// continueRecord continues the record a member left here, when they come
// back with a package: the history brought must begin with the record's,
// the rest is added, the record moves to the receiving cell and the transfer
// in puts the member on its roll; the fields brought replace the record's.
func continueRecord(tx *store.Tx, old domain.Member, cell domain.Org, f domain.MemberFields, history []domain.Event, arrival domain.Event) (domain.Member, error) {
	if old.Status != domain.StatusTransferred {
		return old, domain.Errorf(domain.CodeConflict, "Đảng viên %s đã có hồ sơ ở đây (%s, %s): không nhập gói cho người đang có hồ sơ.", old.FullName, strings.ToLower(old.Status.Label()), old.Org)
	}
	have, err := tx.Events(old)
	if err != nil {
		return old, err
	}
	added, err := domain.ContinueHistory(have, history)
	if err != nil {
		return old, err
	}
	// The record may lie outside the actor's scope: the signed package
	// vouches for it, and MemberByIdentity read it locked.
	m, err := tx.PlaceRecord(old, cell)
	if err != nil {
		return m, err
	}
	if len(added) > 0 {
		if err := tx.AddHistory(m, added); err != nil {
			return m, err
		}
	}
	all := append(have, added...)
	prev, next, err := domain.NextEvent(m, all, &arrival, tx.Today())
	if err != nil {
		return m, err
	}
	if m.OfficialDate.IsZero() {
		m.OfficialDate = next.Official
	}
	if m, _, err = tx.AddEvent(m, prev, next, arrival, domain.Org{}); err != nil {
		return m, err
	}
	f.AdmissionDate, f.OfficialDate = m.AdmissionDate, m.OfficialDate
	return tx.UpdateMember(m, f)
}

// checkPackageTexts refuses a package whose names and reasons hold
// characters a record must not (NUL, direction overrides, lookalikes) or
// run too long.
func checkPackageTexts(p Payload, key string) error {
	fs := domain.Fields{}
	add := func(field, label string, k viet.Kind, v string, max int) {
		var e *domain.Error
		if err := domain.CheckText(field, label, k, v); errors.As(err, &e) {
			fs.Add(field, e.Fields[field]+" «"+clip(v)+"»")
		} else if utf8.RuneCountInString(v) > max {
			fs.Add(field, fmt.Sprintf("%s dài quá %d ký tự.", label, max))
		}
	}
	add("number", "Số giấy giới thiệu", viet.Proper, p.Transfer.Number, 60)
	add("from", "Nơi chuyển đi", viet.Proper, p.Transfer.FromCell, 300)
	add("installation", "Hệ thống gửi", viet.Proper, p.Installation, 300)
	add("issuer", "Cấp ủy lập giấy", viet.Proper, p.Transfer.Issuer, 300)
	add("to", "Nơi chuyển đến", viet.Proper, p.Transfer.To, 300)
	add("reason", "Lý do", viet.OneLine, p.Transfer.Reason, 500)
	add("decision_number", "Số quyết định", viet.Proper, p.Transfer.Decision, 100)
	for i, e := range p.Events {
		add(fmt.Sprintf("event_%d", i+1), fmt.Sprintf("Nơi sinh hoạt ở sự kiện thứ %d", i+1), viet.Proper, e.Org+e.ToOrg, 600)
	}
	if p.Transfer.Number == "" || p.Transfer.LetterOn.IsZero() {
		fs.Add("number", "Gói không có số hoặc ngày của giấy giới thiệu.")
	}
	if len(p.PackageID) != 32 {
		fs.Add("package_id", "Gói không có mã hợp lệ.")
	}
	if len(fs) > 0 {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Không nhập được gói chuyển sinh hoạt (khóa " + key + "): nội dung có chỗ không hợp lệ.", Fields: fs}
	}
	return nil
}

func clip(s string) string {
	r := []rune(strings.ToValidUTF8(s, "?"))
	if len(r) > 40 {
		r = append(r[:40], '…')
	}
	return strings.Map(func(c rune) rune {
		if c < 0x20 || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) {
			return '?'
		}
		return c
	}, string(r))
}

// KeyView is this installation's key and the keys it trusts.
type KeysView struct {
	Own     *store.InstallationKey  `json:"own,omitempty"` // nil until the first package is signed
	Trusted []store.InstallationKey `json:"trusted"`
}

// Keys reads the signing keys (administrator).
func (s *Service) Keys(ctx context.Context, a domain.Actor) (KeysView, error) {
	v := KeysView{Trusted: []store.InstallationKey{}}
	if !a.All() {
		return v, domain.ErrForbiddenWrite
	}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		ks, err := tx.Keys()
		for i := range ks {
			if ks[i].Own {
				v.Own = &ks[i]
			} else {
				v.Trusted = append(v.Trusted, ks[i])
			}
		}
		return err
	})
	return v, err
}

// MakeKey makes this installation's signing key now, if it has none, so
// that its public key can be sent to other installations before the first
// package (administrator).
func (s *Service) MakeKey(ctx context.Context, a domain.Actor) (store.InstallationKey, error) {
	var k store.InstallationKey
	if !a.All() {
		return k, domain.ErrForbiddenWrite
	}
	err := s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		k, _, err = ownKey(tx)
		return err
	})
	return k, err
}

// TrustInput is another installation's public key.
type TrustInput struct {
	Name      string `json:"name"`
	PublicKey string `json:"public_key"` // base64, as the other installation shows it
}

// TrustKey enters another installation's public key (administrator): its
// packages are accepted from then on.
func (s *Service) TrustKey(ctx context.Context, a domain.Actor, in TrustInput) (store.InstallationKey, error) {
	var k store.InstallationKey
	if !a.All() {
		return k, domain.ErrForbiddenWrite
	}
	in.Name = viet.Clean(in.Name)
	fs := domain.Fields{}
	if err := domain.CheckText("name", "Tên hệ thống", viet.Proper, in.Name); err != nil {
		fs.Add("name", domain.ErrorMessage(err))
	} else if in.Name == "" || utf8.RuneCountInString(in.Name) > 200 {
		fs.Add("name", "Ghi tên hệ thống (tổ chức đảng) có khóa này, tối đa 200 ký tự.")
	}
	pub, err := base64.StdEncoding.DecodeString(strings.TrimSpace(in.PublicKey))
	if err != nil || len(pub) != ed25519.PublicKeySize {
		fs.Add("public_key", "Khóa công khai là 44 ký tự base64 (32 byte ed25519), chép nguyên văn từ hệ thống kia.")
	}
	if len(fs) > 0 {
		return k, &domain.Error{Code: domain.CodeInvalid, Message: "Chưa nhập được khóa.", Fields: fs}
	}
	err = s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		k, err = tx.TrustKey(store.InstallationKey{Name: in.Name, KeyID: keyID(pub), PublicKey: base64.StdEncoding.EncodeToString(pub)})
		return err
	})
	return k, err
}

// KeyIDOf names an ed25519 public key as packages and the keys screen do.
func KeyIDOf(pub []byte) (string, error) {
	if len(pub) != ed25519.PublicKeySize {
		return "", errors.New("not an ed25519 public key")
	}
	return keyID(pub), nil
}
