package store

import (
	"database/sql"
	"errors"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

// Transfers to and from other installations travel as one signed file (a
// package). This installation signs with its own ed25519 key, made on first
// use and kept in the installation_keys table (so a backup carries it), and
// accepts packages signed by the keys an administrator has entered.

// InstallationKey is a signing key: this installation's own, or the public
// key of another installation whose packages are accepted.
type InstallationKey struct {
	ID        int64  `json:"id"`
	KeyID     string `json:"key_id"` // the first 16 bytes of the public key's SHA-256, in hex
	Name      string `json:"name"`
	PublicKey string `json:"public_key"` // base64
	Own       bool   `json:"own"`
	CreatedAt Stamp  `json:"created_at"`
	Private   string `json:"-"` // base64 seed, own key only
}

const keyCols = "id, key_id, name, public_key, coalesce(private_key, ''), own, created_at"

func scanKey(r interface{ Scan(...any) error }) (InstallationKey, error) {
	var k InstallationKey
	err := r.Scan(&k.ID, &k.KeyID, &k.Name, &k.PublicKey, &k.Private, &k.Own, &k.CreatedAt)
	return k, err
}

// OwnKey reads this installation's signing key; found is false before the
// first package is signed.
func (tx *Tx) OwnKey() (k InstallationKey, found bool, err error) {
	k, err = scanKey(tx.queryRow("SELECT " + keyCols + " FROM installation_keys WHERE own = " + tx.db.trueLit()))
	if errors.Is(err, sql.ErrNoRows) {
		return k, false, nil
	}
	return k, err == nil, err
}

func (db *DB) trueLit() string {
	if db.Dialect == Postgres {
		return "true"
	}
	return "1"
}

// entInstallationKey is an installation's signing key, or another's trusted.
var entInstallationKey = newEntity("installation_key", "Khóa ký của hệ thống")

var actInstallationKey = newAction("installation.key", "tạo khóa ký gói chuyển sinh hoạt")

// SaveOwnKey keeps this installation's new signing key, unless another
// request kept one first, and returns the one kept, with its audit row.
func (tx *Tx) SaveOwnKey(k InstallationKey) (InstallationKey, error) {
	res, err := tx.exec("INSERT INTO installation_keys (key_id, name, public_key, private_key, own, created_by, created_at) VALUES (?, ?, ?, ?, "+tx.db.trueLit()+", ?, ?) ON CONFLICT DO NOTHING",
		k.KeyID, k.Name, k.PublicKey, k.Private, nullID(tx.actor.UserID), tx.db.stamp())
	if err != nil {
		return k, err
	}
	got, _, err := tx.OwnKey()
	if err != nil {
		return got, err
	}
	if n, _ := res.RowsAffected(); n == 1 {
		err = tx.audit(actInstallationKey, entInstallationKey, got.ID, "", nil, got)
	}
	return got, err
}

// Keys lists the keys: this installation's own first, then those it trusts.
func (tx *Tx) Keys() ([]InstallationKey, error) {
	rows, err := tx.query("SELECT " + keyCols + " FROM installation_keys ORDER BY own DESC, id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []InstallationKey{}
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// KeyByID reads a key by its id; found is false for an unknown key.
func (tx *Tx) KeyByID(keyID string) (k InstallationKey, found bool, err error) {
	k, err = scanKey(tx.queryRow("SELECT "+keyCols+" FROM installation_keys WHERE key_id = ?", keyID))
	if errors.Is(err, sql.ErrNoRows) {
		return k, false, nil
	}
	return k, err == nil, err
}

var actInstallationTrust = newAction("installation.trust", "nhập khóa của hệ thống khác")

// TrustKey keeps the public key of another installation, whose packages are
// then accepted, with its audit row. A key already kept is refused.
func (tx *Tx) TrustKey(k InstallationKey) (InstallationKey, error) {
	if old, found, err := tx.KeyByID(k.KeyID); err != nil {
		return k, err
	} else if found {
		return old, domain.Errorf(domain.CodeConflict, "Khóa %s đã được nhập (%s).", k.KeyID, old.Name)
	}
	id, err := tx.insert("INSERT INTO installation_keys (key_id, name, public_key, own, created_by, created_at) VALUES (?, ?, ?, "+tx.db.falseLit()+", ?, ?)",
		k.KeyID, viet.Clean(k.Name), k.PublicKey, nullID(tx.actor.UserID), tx.db.stamp())
	if err != nil {
		return k, err
	}
	k.ID, k.Own, k.Private = id, false, ""
	return k, tx.audit(actInstallationTrust, entInstallationKey, id, "", nil, k)
}

// SavePackage keeps the signed file of a transfer as written (out) or
// received (in), and names it on the transfer. A package received twice is
// refused by the unique index if two imports race.
func (tx *Tx) SavePackage(t Transfer, direction, packageID, keyID string, body []byte) error {
	if _, err := tx.exec("INSERT INTO transfer_packages (transfer_id, package_id, direction, key_id, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
		t.ID, packageID, direction, keyID, body, tx.db.stamp()); err != nil {
		return err
	}
	_, err := tx.exec("UPDATE transfers SET package_id = ? WHERE id = ?", packageID, t.ID)
	return err
}

// PackageBody reads the file of a transfer's package in one direction.
func (tx *Tx) PackageBody(t Transfer, direction string) ([]byte, error) {
	var b []byte
	err := tx.queryRow("SELECT body FROM transfer_packages WHERE transfer_id = ? AND direction = ? ORDER BY id DESC LIMIT 1", t.ID, direction).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, domain.ErrNotFound
	}
	return b, err
}

// PackageImported tells whether a package was imported before, and as what:
// the transfer it made and when.
func (tx *Tx) PackageImported(packageID string) (number string, on domain.Date, found bool, err error) {
	var at Stamp
	err = tx.queryRow(`SELECT t.number, p.created_at FROM transfer_packages p JOIN transfers t ON t.id = p.transfer_id WHERE p.direction = 'in' AND p.package_id = ?`,
		packageID).Scan(&number, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return "", domain.Date{}, false, nil
	}
	return number, domain.DateOf(at.Time), err == nil, err
}

// MemberByIdentity finds the record, anywhere in the installation, that
// holds a citizen ID or card number: a member who comes back continues
// their record, and a member on the roll here is not created twice. nil
// when none holds them.
func (tx *Tx) MemberByIdentity(citizenID, card string) (*domain.Member, error) {
	var conds []string
	var args []any
	if citizenID != "" {
		conds, args = append(conds, "m.citizen_id = ?"), append(args, citizenID)
	}
	if card != "" {
		conds, args = append(conds, "m.card_number = ?"), append(args, card)
	}
	if len(conds) == 0 {
		return nil, nil
	}
	lock := ""
	if tx.db.Dialect == Postgres {
		lock = " FOR UPDATE OF m"
	}
	m, path, err := scanMember(tx.queryRow("SELECT "+memberCols+", m.org_path"+memberFrom+"WHERE ("+strings.Join(conds, " OR ")+") ORDER BY m.id LIMIT 1"+lock, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	m.OrgPath = path
	return &m, err
}

// InsertTransfer writes a transfer that carries its own number: one from
// another installation, which arrived with its package.
func (tx *Tx) InsertTransfer(t domain.Transfer) (Transfer, error) {
	return tx.insertTransfer(t, t.LetterOn.Year(), 0)
}

// CreateTransferredMember opens the record of a member who came from
// another installation in cell: the fields, the history recorded there
// (history, checked by the domain, each event at this cell since the
// other's organisations are not here; their names are in the reasons), the
// transfer in (arrival), standing st, and the placement from the arrival,
// with the audit row. A citizen ID or card number another record holds is
// refused.
func (tx *Tx) CreateTransferredMember(cell domain.Org, f domain.MemberFields, st domain.State, history []domain.Event, arrival domain.Event) (domain.Member, error) {
	if err := tx.checkUnique(&f, 0); err != nil {
		return domain.Member{}, err
	}
	id, err := tx.nextIDs("members", 1)
	if err != nil {
		return domain.Member{}, err
	}
	if err := tx.bulkInsert("members", tx.db.memberColumns(), [][]any{tx.db.memberRow(id, cell, &f, st, stampText(tx.db.stamp()))}); err != nil {
		return domain.Member{}, err
	}
	for _, e := range append(history, arrival) {
		e.MemberID, e.OrgID = id, cell.ID
		if err := tx.insertEvent(&e); err != nil {
			return domain.Member{}, err
		}
	}
	if _, err := tx.exec("INSERT INTO member_placements (member_id, org_id, valid_from) VALUES (?, ?, ?)", id, cell.ID, arrival.Date); err != nil {
		return domain.Member{}, err
	}
	out := domain.Member{ID: id, OrgID: cell.ID, Org: cell.Name, MemberFields: f, Status: st.Status, Exempted: st.Exempted, Version: 1, OrgPath: cell.Path}
	return out, tx.audit(actMemberCreate, entMember, id, cell.Path, nil, struct {
		domain.Member
		History int          `json:"events_from_elsewhere"`
		Event   domain.Event `json:"event"`
	}{out, len(history), arrival})
}

var actMemberHistory = newAction("member.history", "nối tiếp quá trình sinh hoạt ở hệ thống khác")

// AddHistory writes, on a record read for writing, the events recorded
// about the member elsewhere since they left (checked by the domain), at
// the record's cell, without changing the standing: the transfer in that
// follows does, through AddEvent.
func (tx *Tx) AddHistory(m domain.Member, history []domain.Event) error {
	for _, e := range history {
		e.MemberID, e.OrgID = m.ID, m.OrgID
		if err := tx.insertEvent(&e); err != nil {
			return err
		}
	}
	return tx.audit(actMemberHistory, entMember, m.ID, m.OrgPath, nil, map[string]any{"events_from_elsewhere": len(history)})
}

// Placement is one period of a member in a cell, by the cell's name.
type Placement struct {
	Org  string      `json:"org"`
	From domain.Date `json:"from"`
	To   domain.Date `json:"to,omitempty"`
}

// Placements lists a member's cells over time, oldest first.
func (tx *Tx) Placements(m domain.Member) ([]Placement, error) {
	rows, err := tx.query("SELECT o.name, p.valid_from, p.valid_to FROM member_placements p JOIN orgs o ON o.id = p.org_id WHERE p.member_id = ? ORDER BY p.valid_from, p.id", m.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Placement{}
	for rows.Next() {
		var p Placement
		var to sql.Null[domain.Date]
		if err := rows.Scan(&p.Org, &p.From, &to); err != nil {
			return nil, err
		}
		p.To = to.V
		out = append(out, p)
	}
	return out, rows.Err()
}

// TopOrgName is the name of the organisation at the top of the tree (the
// province committee), which names this installation; "" when there are
// several or none.
func (tx *Tx) TopOrgName() (string, error) {
	rows, err := tx.query("SELECT name FROM orgs WHERE parent_id IS NULL AND valid_to IS NULL LIMIT 2")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return "", err
		}
		names = append(names, n)
	}
	if len(names) != 1 {
		return "", rows.Err()
	}
	return names[0], rows.Err()
}

// PlacedEvent is an event with the names of the cells it names.
type PlacedEvent struct {
	domain.Event
	Org   string
	ToOrg string
}

// EventsWithPlaces lists a member's events, oldest first, with the names of
// the cells they happened in and went to.
func (tx *Tx) EventsWithPlaces(m domain.Member) ([]PlacedEvent, error) {
	rows, err := tx.query(`SELECT e.kind, e.date, e.reason, e.decision, e.discipline, o.name, coalesce(t.name, ''), e.decision_date FROM member_events e JOIN orgs o ON o.id = e.org_id
		LEFT JOIN orgs t ON t.id = e.to_org_id WHERE e.member_id = ? ORDER BY e.date, e.id`, m.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []PlacedEvent{}
	for rows.Next() {
		var e PlacedEvent
		var decided sql.Null[domain.Date]
		if err := rows.Scan(&e.Kind, &e.Date, &e.Reason, &e.Decision, &e.Discipline, &e.Org, &e.ToOrg, &decided); err != nil {
			return nil, err
		}
		e.Decided = decided.V
		e.KindLabel = e.Kind.Label()
		out = append(out, e)
	}
	return out, rows.Err()
}
