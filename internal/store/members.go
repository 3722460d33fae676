package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

const memberCols = `m.id, m.org_id, o.name, m.full_name, m.other_names, m.gender, m.birth_date, m.hometown, m.birth_place,
	m.ethnicity, m.religion, coalesce(m.citizen_id, ''), m.phone, m.email, m.address, coalesce(m.card_number, ''), m.file_number,
	m.admission_date, m.official_date, m.education, m.qualification, m.theory_level, m.foreign_language, m.occupation,
	m.workplace, m.party_position, m.gov_position, m.army, m.police, m.retired, m.status, m.exempted, m.updated_at`

func scanMember(row interface{ Scan(...any) error }) (domain.Member, string, error) {
	var m domain.Member
	var upd Stamp
	var path string
	f := &m.MemberFields
	err := row.Scan(&m.ID, &m.OrgID, &m.Org, &f.FullName, &f.OtherNames, &f.Gender, &f.BirthDate, &f.Hometown, &f.BirthPlace,
		&f.Ethnicity, &f.Religion, &f.CitizenID, &f.Phone, &f.Email, &f.Address, &f.CardNumber, &f.FileNumber,
		&f.AdmissionDate, &f.OfficialDate, &f.Education, &f.Qualification, &f.TheoryLevel, &f.ForeignLanguage, &f.Occupation,
		&f.Workplace, &f.PartyPosition, &f.GovPosition, &f.Army, &f.Police, &f.Retired, &m.Status, &m.Exempted, &upd, &path)
	m.UpdatedAt = upd.String()
	return m, path, err
}

const memberFrom = " FROM members m JOIN orgs o ON o.id = m.org_id "

// Member returns one member record in the actor's scope.
func (db *DB) Member(ctx context.Context, a domain.Actor, id int64) (domain.Member, error) {
	sc, args := scopeCond(a, "m.org_path", "m.id")
	m, _, err := scanMember(db.queryRow(ctx, "SELECT "+memberCols+", m.org_path"+memberFrom+"WHERE m.id = ? AND "+sc, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return m, domain.ErrNotFound
	}
	return m, err
}

// member reads a member for writing: in scope, and the role may write.
func (tx *Tx) member(id int64) (domain.Member, string, error) {
	sc, args := scopeCond(tx.actor, "m.org_path", "m.id")
	m, path, err := scanMember(tx.queryRow("SELECT "+memberCols+", m.org_path"+memberFrom+"WHERE m.id = ? AND "+sc, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return m, "", domain.ErrNotFound
	}
	if err == nil && !tx.actor.Role.WritesMembers() {
		return m, "", errForbiddenWrite
	}
	return m, path, err
}

// cell reads an open cell in scope where members may be placed.
func (tx *Tx) cell(id int64, field string) (domain.Org, error) {
	o, err := tx.org(id)
	if err != nil {
		return o, &domain.Error{Code: domain.CodeInvalid, Message: "Chi bộ không có hoặc ngoài phạm vi quản lý.", Fields: domain.Fields{field: "Không tìm thấy chi bộ."}}
	}
	if !o.Kind.IsCell() {
		return o, &domain.Error{Code: domain.CodeInvalid, Message: "Đảng viên chỉ sinh hoạt ở chi bộ.", Fields: domain.Fields{field: o.Name + " không phải là chi bộ."}}
	}
	if !o.ValidTo.IsZero() {
		return o, &domain.Error{Code: domain.CodeInvalid, Message: "Chi bộ đã giải thể hoặc sáp nhập.", Fields: domain.Fields{field: o.Name + " không còn hoạt động."}}
	}
	return o, nil
}

// checkUnique refuses a citizen ID or card number that another record holds.
func (tx *Tx) checkUnique(f *domain.MemberFields, self int64) error {
	fe := domain.Fields{}
	for _, c := range []struct{ col, val, msg string }{
		{"citizen_id", f.CitizenID, "Số CCCD này đã có trong hồ sơ đảng viên khác."},
		{"card_number", f.CardNumber, "Số thẻ đảng viên này đã có trong hồ sơ khác."},
	} {
		if c.val == "" {
			continue
		}
		var n int
		if err := tx.queryRow("SELECT count(*) FROM members WHERE "+c.col+" = ? AND id <> ?", c.val, self).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			fe.Add(c.col, c.msg)
		}
	}
	if len(fe) > 0 {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Trùng với hồ sơ đã có.", Fields: fe}
	}
	return nil
}

// memberValues are the column values of a member row, in insertCols order.
func memberValues(id int64, org domain.Org, f *domain.MemberFields, st domain.State, now any) []any {
	return []any{id, org.ID, org.Path, f.FullName, viet.Fold(f.FullName), viet.SortKey(f.FullName), f.OtherNames, string(f.Gender), f.BirthDate,
		f.Hometown, f.BirthPlace, f.Ethnicity, f.Religion, nullStr(f.CitizenID), f.Phone, f.Email, f.Address, nullStr(f.CardNumber),
		f.FileNumber, f.AdmissionDate, f.OfficialDate, f.Education, f.Qualification, f.TheoryLevel, f.ForeignLanguage, f.Occupation,
		f.Workplace, f.PartyPosition, f.GovPosition, f.Army, f.Police, f.Retired, string(st.Status), st.Exempted, now, now}
}

const insertCols = `id, org_id, org_path, full_name, name_fold, sort_key, other_names, gender, birth_date, hometown, birth_place, ethnicity,
	religion, citizen_id, phone, email, address, card_number, file_number, admission_date, official_date, education, qualification,
	theory_level, foreign_language, occupation, workplace, party_position, gov_position, army, police, retired, status, exempted,
	created_at, updated_at`

// memberColumns are the inserted columns for the dialect: PostgreSQL adds
// the search prefixes (see searchText).
func (db *DB) memberColumns() []string {
	if db.Dialect == Postgres {
		return append(slices.Clone(memberColList), "search_text")
	}
	return memberColList
}

// memberRow is memberValues plus, on PostgreSQL, the search prefixes.
func (db *DB) memberRow(id int64, org domain.Org, f *domain.MemberFields, st domain.State, now any) []any {
	v := memberValues(id, org, f, st, now)
	if db.Dialect == Postgres {
		v = append(v, searchText(f))
	}
	return v
}

// searchText lists every prefix of each word of the folded name, and the
// prefixes of at least 3 digits of the card and citizen numbers.
func searchText(f *domain.MemberFields) string {
	var b strings.Builder
	add := func(w string, min int) {
		r := []rune(w)
		for n := min; n <= len(r); n++ {
			b.WriteString(string(r[:n]))
			b.WriteByte(' ')
		}
	}
	for _, w := range searchTokens(f.FullName) {
		add(w, 1)
	}
	for _, w := range searchTokens(f.CardNumber + " " + f.CitizenID) {
		add(w, min(3, len(w)))
	}
	return b.String()
}

// nextIDs reserves n consecutive ids of a table and returns the first. Rows
// of members are inserted with explicit ids so that a bulk import can write
// their events and placements in the same pass. Every reservation holds the
// table's advisory lock (PostgreSQL) or the single writer (SQLite).
func (tx *Tx) nextIDs(table string, n int) (int64, error) {
	var first int64
	if tx.db.Dialect == Postgres {
		if _, err := tx.exec("SELECT pg_advisory_xact_lock(hashtext(?))", "ids:"+table); err != nil {
			return 0, err
		}
		seq := fmt.Sprintf("pg_get_serial_sequence('%s', 'id')", table)
		if err := tx.queryRow("SELECT nextval(" + seq + ")").Scan(&first); err != nil {
			return 0, err
		}
		if n > 1 {
			_, err := tx.exec("SELECT setval("+seq+", ?)", first+int64(n)-1)
			return first, err
		}
		return first, nil
	}
	err := tx.queryRow("SELECT coalesce(max(id), 0) + 1 FROM " + table).Scan(&first)
	return first, err
}

// CreateMember creates a member record in a cell with its first event:
// admission, or a transfer in from outside.
func (db *DB) CreateMember(ctx context.Context, a domain.Actor, orgID int64, f domain.MemberFields, first domain.Event) (domain.Member, error) {
	today := db.today()
	if first.Kind == domain.EventAdmitted && f.AdmissionDate.IsZero() {
		f.AdmissionDate = first.Date
	}
	if err := f.Validate(today); err != nil {
		return domain.Member{}, err
	}
	if first.Kind != domain.EventAdmitted && first.Kind != domain.EventTransferredIn {
		return domain.Member{}, &domain.Error{Code: domain.CodeInvalid, Message: "Hồ sơ mới bắt đầu bằng kết nạp hoặc chuyển sinh hoạt đến.", Fields: domain.Fields{"kind": "Chọn kết nạp hoặc chuyển đến."}}
	}
	if first.Kind == domain.EventAdmitted && !first.Date.Equal(f.AdmissionDate) {
		return domain.Member{}, &domain.Error{Code: domain.CodeInvalid, Message: "Ngày kết nạp phải trùng ngày vào Đảng.", Fields: domain.Fields{"admission_date": "Khác ngày của sự kiện kết nạp."}}
	}
	if first.Date.After(today) {
		return domain.Member{}, &domain.Error{Code: domain.CodeInvalid, Message: "Ngày của sự kiện không được sau hôm nay.", Fields: domain.Fields{"date": "Sau ngày hôm nay."}}
	}
	start := domain.State{Admitted: f.AdmissionDate, Official: f.OfficialDate}
	if first.Kind == domain.EventAdmitted {
		start = domain.State{}
	}
	st, err := start.Apply(first)
	if err != nil {
		return domain.Member{}, err
	}
	if first.Kind == domain.EventAdmitted && !f.OfficialDate.IsZero() {
		return domain.Member{}, &domain.Error{Code: domain.CodeInvalid, Message: "Đảng viên mới kết nạp chưa có ngày chính thức.", Fields: domain.Fields{"official_date": "Để trống; ghi nhận bằng sự kiện công nhận chính thức."}}
	}
	var out domain.Member
	err = db.write(ctx, a, func(tx *Tx) error {
		if !a.Role.WritesMembers() {
			return errForbiddenWrite
		}
		org, err := tx.cell(orgID, "org_id")
		if err != nil {
			return err
		}
		if err := tx.checkUnique(&f, 0); err != nil {
			return err
		}
		id, err := tx.nextIDs("members", 1)
		if err != nil {
			return err
		}
		if err := tx.bulkInsert("members", tx.db.memberColumns(), [][]any{tx.db.memberRow(id, org, &f, st, stampText(tx.db.stamp()))}); err != nil {
			return err
		}
		first.MemberID, first.OrgID = id, org.ID
		if err := tx.insertEvent(&first); err != nil {
			return err
		}
		if _, err := tx.exec("INSERT INTO member_placements (member_id, org_id, valid_from) VALUES (?, ?, ?)", id, org.ID, first.Date); err != nil {
			return err
		}
		out = domain.Member{ID: id, OrgID: org.ID, Org: org.Name, MemberFields: f, Status: st.Status, Exempted: st.Exempted}
		return tx.audit("member.create", "member", id, org.Path, nil, struct {
			domain.Member
			Event domain.Event `json:"event"`
		}{out, first})
	})
	return out, err
}

func (tx *Tx) insertEvent(e *domain.Event) error {
	e.Reason, e.Decision = viet.Clean(e.Reason), viet.Clean(e.Decision)
	if err := e.CheckText(); err != nil {
		return err
	}
	e.KindLabel = e.Kind.Label()
	id, err := tx.insert(`INSERT INTO member_events (member_id, kind, date, reason, decision, discipline, to_org_id, org_id, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, e.MemberID, string(e.Kind), e.Date, e.Reason, e.Decision, e.Discipline, nullID(e.ToOrgID), e.OrgID, tx.db.stamp(), nullID(tx.actor.UserID))
	e.ID = id
	return err
}

// UpdateMember changes the fields of a record. Admission and official dates
// follow from the events and are not changed here.
func (db *DB) UpdateMember(ctx context.Context, a domain.Actor, id int64, f domain.MemberFields) (domain.Member, error) {
	var out domain.Member
	err := db.write(ctx, a, func(tx *Tx) error {
		before, path, err := tx.member(id)
		if err != nil {
			return err
		}
		if f.AdmissionDate.IsZero() {
			f.AdmissionDate = before.AdmissionDate
		}
		if f.OfficialDate.IsZero() {
			f.OfficialDate = before.OfficialDate
		}
		if err := f.Validate(tx.db.today()); err != nil {
			return err
		}
		if !f.AdmissionDate.Equal(before.AdmissionDate) || !f.OfficialDate.Equal(before.OfficialDate) {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Ngày vào Đảng và ngày chính thức chỉ thay đổi qua sự kiện (kết nạp, công nhận chính thức).",
				Fields: domain.Fields{"admission_date": "Không sửa trực tiếp."}}
		}
		if err := tx.checkUnique(&f, id); err != nil {
			return err
		}
		if _, err := tx.exec(`UPDATE members SET full_name = ?, name_fold = ?, sort_key = ?, other_names = ?, gender = ?, birth_date = ?,
			hometown = ?, birth_place = ?, ethnicity = ?, religion = ?, citizen_id = ?, phone = ?, email = ?, address = ?, card_number = ?,
			file_number = ?, education = ?, qualification = ?, theory_level = ?, foreign_language = ?, occupation = ?, workplace = ?,
			party_position = ?, gov_position = ?, army = ?, police = ?, retired = ?, updated_at = ? WHERE id = ?`,
			f.FullName, viet.Fold(f.FullName), viet.SortKey(f.FullName), f.OtherNames, string(f.Gender), f.BirthDate, f.Hometown, f.BirthPlace,
			f.Ethnicity, f.Religion, nullStr(f.CitizenID), f.Phone, f.Email, f.Address, nullStr(f.CardNumber), f.FileNumber, f.Education,
			f.Qualification, f.TheoryLevel, f.ForeignLanguage, f.Occupation, f.Workplace, f.PartyPosition, f.GovPosition,
			f.Army, f.Police, f.Retired, tx.db.stamp(), id); err != nil {
			return err
		}
		if tx.db.Dialect == Postgres {
			if _, err := tx.exec("UPDATE members SET search_text = ? WHERE id = ?", searchText(&f), id); err != nil {
				return err
			}
		}
		out = before
		out.MemberFields = f
		return tx.audit("member.update", "member", id, path, before, out)
	})
	return out, err
}

// Events lists a member's events, oldest first.
func (db *DB) Events(ctx context.Context, a domain.Actor, memberID int64) ([]domain.Event, error) {
	if _, err := db.Member(ctx, a, memberID); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, eventSelect+" WHERE member_id = ? ORDER BY date, id", memberID)
	if err != nil {
		return nil, err
	}
	return scanEvents(rows)
}

const eventSelect = "SELECT id, member_id, kind, date, reason, decision, discipline, coalesce(to_org_id, 0), org_id, created_at FROM member_events"

func scanEvents(rows *sql.Rows) ([]domain.Event, error) {
	defer rows.Close()
	var out []domain.Event
	for rows.Next() {
		var e domain.Event
		var at Stamp
		if err := rows.Scan(&e.ID, &e.MemberID, &e.Kind, &e.Date, &e.Reason, &e.Decision, &e.Discipline, &e.ToOrgID, &e.OrgID, &at); err != nil {
			return nil, err
		}
		e.KindLabel, e.CreatedAt = e.Kind.Label(), at.String()
		out = append(out, e)
	}
	return out, rows.Err()
}

// AddEvent records a change of a member's standing. The event must follow
// the member's last event and be allowed by the rules (domain.State.Apply);
// status, cell and placements follow from it.
func (db *DB) AddEvent(ctx context.Context, a domain.Actor, memberID int64, e domain.Event) (domain.Member, domain.Event, error) {
	var out domain.Member
	err := db.write(ctx, a, func(tx *Tx) error {
		m, path, err := tx.member(memberID)
		if err != nil {
			return err
		}
		if e.Date.After(tx.db.today()) {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Ngày của sự kiện không được sau hôm nay.", Fields: domain.Fields{"date": "Sau ngày hôm nay."}}
		}
		if e.Kind == domain.EventAdmitted {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Kết nạp được ghi khi tạo hồ sơ.", Fields: domain.Fields{"kind": "Không thêm kết nạp vào hồ sơ đã có."}}
		}
		if e.Kind != domain.EventDisciplined {
			e.Discipline = ""
		}
		rows, err := tx.query(eventSelect+" WHERE member_id = ? ORDER BY date, id", memberID)
		if err != nil {
			return err
		}
		events, err := scanEvents(rows)
		if err != nil {
			return err
		}
		if n := len(events); n > 0 && e.Date.Before(events[n-1].Date) {
			return &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Sự kiện phải từ ngày %s (ngày của sự kiện gần nhất) trở đi.", events[n-1].Date),
				Fields: domain.Fields{"date": "Trước sự kiện gần nhất."}}
		}
		start := domain.State{Admitted: m.AdmissionDate, Official: m.OfficialDate}
		if len(events) > 0 && events[0].Kind == domain.EventAdmitted {
			start.Admitted = domain.Date{}
		}
		prev, err := domain.Replay(start, events)
		if err != nil {
			return err
		}
		if prev.Official.IsZero() {
			prev.Official = m.OfficialDate // imported records carry it without an event
		}
		next, err := prev.Apply(e)
		if err != nil {
			return err
		}
		org := domain.Org{ID: m.OrgID, Path: path, Name: m.Org}
		if e.Kind == domain.EventMoved {
			to, err := tx.cell(e.ToOrgID, "to_org_id")
			if err != nil {
				return err
			}
			if to.ID == m.OrgID {
				return &domain.Error{Code: domain.CodeInvalid, Message: "Đảng viên đang sinh hoạt ở chi bộ này.", Fields: domain.Fields{"to_org_id": "Chọn chi bộ khác."}}
			}
			if _, err := tx.moveMembers(org, to, e.Date, e.Decision, e.Reason, []int64{m.ID}); err != nil {
				return err
			}
			// moveMembers wrote the event; read back its id.
			if err := tx.queryRow("SELECT max(id) FROM member_events WHERE member_id = ?", m.ID).Scan(&e.ID); err != nil {
				return err
			}
			e.MemberID, e.OrgID, e.KindLabel = m.ID, m.OrgID, e.Kind.Label()
			org = to
		} else {
			e.MemberID, e.OrgID = m.ID, m.OrgID
			if err := tx.insertEvent(&e); err != nil {
				return err
			}
			switch {
			case prev.Status.Active() && !next.Status.Active():
				_, err = tx.exec("UPDATE member_placements SET valid_to = ? WHERE member_id = ? AND valid_to IS NULL", e.Date, m.ID)
			case !prev.Status.Active() && next.Status.Active():
				_, err = tx.exec("INSERT INTO member_placements (member_id, org_id, valid_from) VALUES (?, ?, ?)", m.ID, m.OrgID, e.Date)
			}
			if err != nil {
				return err
			}
		}
		admitted, official := m.AdmissionDate, m.OfficialDate
		if e.Kind == domain.EventRecognised {
			official = next.Official
		}
		if _, err := tx.exec("UPDATE members SET status = ?, exempted = ?, official_date = ?, updated_at = ? WHERE id = ?",
			string(next.Status), next.Exempted, official, tx.db.stamp(), m.ID); err != nil {
			return err
		}
		out = m
		out.Status, out.Exempted, out.AdmissionDate, out.OfficialDate, out.OrgID, out.Org = next.Status, next.Exempted, admitted, official, org.ID, org.Name
		return tx.audit("member.event."+string(e.Kind), "member", m.ID, org.Path, m, struct {
			domain.Member
			Event domain.Event `json:"event"`
		}{out, e})
	})
	return out, e, err
}

// MemberFilter selects members for a list.
type MemberFilter struct {
	OrgID     int64  // subtree of this organisation (0: the whole scope)
	Status    string // a status, "active" (default) or "all"
	Gender    string
	AgeBand   string
	Ethnicity string
	Education string
	Position  string // text in party or government position
	Q         string // folded name search
	Brief     bool   // only what a list shows: name, gender, birth date, cell, status
	Limit     int
	Offset    int
}

// Page is one page of a list with the total across pages.
type Page[T any] struct {
	Items  []T `json:"items"`
	Total  int `json:"total"`
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// Members lists members of the actor's scope, in Vietnamese name order.
func (db *DB) Members(ctx context.Context, a domain.Actor, f MemberFilter) (Page[domain.Member], error) {
	var o *domain.Org
	if f.OrgID != 0 {
		org, err := db.Org(ctx, a, f.OrgID)
		if err != nil {
			return Page[domain.Member]{}, err
		}
		o = &org
	}
	return db.members(ctx, a, f, o, -1)
}

// plain tells whether a filter asks only for the members on the roll.
func (f MemberFilter) plain() bool {
	return (f.Status == "" || f.Status == "active") && f.Gender == "" && f.AgeBand == "" && f.Ethnicity == "" && f.Education == "" && f.Position == "" && viet.Fold(f.Q) == ""
}

// members lists a page of members under o (nil: the whole scope); a total
// already known (≥ 0) spares the count.
func (db *DB) members(ctx context.Context, a domain.Actor, f MemberFilter, o *domain.Org, total int) (Page[domain.Member], error) {
	sc, args := scopeCond(a, "m.org_path", "m.id")
	if o != nil {
		sc, args = scopedSubtree(a, "m.org_path", "m.id", o.Path)
	}
	where := []string{sc}
	switch f.Status {
	case "", "active":
		where = append(where, db.activeRow("m.status"))
	case "all":
	case "exempted":
		where = append(where, db.activeRow("m.status")+" AND m.exempted")
	default:
		if !domain.Status(f.Status).Valid() {
			return Page[domain.Member]{}, &domain.Error{Code: domain.CodeInvalid, Message: "Trạng thái không hợp lệ.", Fields: domain.Fields{"status": "Không có trạng thái này."}}
		}
		where, args = append(where, "m.status = ?"), append(args, f.Status)
	}
	if f.Gender != "" {
		where, args = append(where, "m.gender = ?"), append(args, f.Gender)
	}
	if f.Ethnicity != "" {
		where, args = append(where, "m.ethnicity = ?"), append(args, f.Ethnicity)
	}
	if f.Education != "" {
		where, args = append(where, "m.education = ?"), append(args, f.Education)
	}
	if f.Position != "" {
		p := "%" + likeEscape(viet.Clean(f.Position)) + "%"
		where, args = append(where, "(m.party_position LIKE ? OR m.gov_position LIKE ?)"), append(args, p, p)
	}
	if f.AgeBand != "" {
		c, ca, err := ageBandCond(f.AgeBand, db.today())
		if err != nil {
			return Page[domain.Member]{}, err
		}
		where, args = append(where, c), append(args, ca...)
	}
	if q := viet.Fold(f.Q); q != "" {
		where, args = append(where, "m.name_fold LIKE ?"), append(args, "%"+likeEscape(q)+"%")
	}
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	if f.Offset < 0 {
		f.Offset = 0
	}
	page := Page[domain.Member]{Limit: f.Limit, Offset: f.Offset, Items: []domain.Member{}}
	cond := strings.Join(where, " AND ")
	if total >= 0 {
		page.Total = total
	} else if err := db.queryRow(ctx, "SELECT count(*) FROM members m WHERE "+cond, args...).Scan(&page.Total); err != nil {
		return page, err
	}
	// The page's ids come from the index alone; only the rows shown are read.
	cols := memberCols + ", m.org_path"
	if f.Brief {
		cols = "m.id, m.org_id, o.name, m.full_name, m.gender, m.birth_date, m.status, m.exempted"
	}
	rows, err := db.query(ctx, "SELECT "+cols+memberFrom+"WHERE m.id IN (SELECT m.id FROM members m WHERE "+cond+
		" ORDER BY m.sort_key, m.id LIMIT ? OFFSET ?) ORDER BY m.sort_key, m.id", append(args, f.Limit, f.Offset)...)
	if err != nil {
		return page, err
	}
	defer rows.Close()
	for rows.Next() {
		var m domain.Member
		if f.Brief {
			err = rows.Scan(&m.ID, &m.OrgID, &m.Org, &m.FullName, &m.Gender, &m.BirthDate, &m.Status, &m.Exempted)
		} else {
			m, _, err = scanMember(rows)
		}
		if err != nil {
			return page, err
		}
		page.Items = append(page.Items, m)
	}
	return page, rows.Err()
}

func likeEscape(s string) string {
	return strings.NewReplacer("%", "", "_", "").Replace(s)
}

func ageBandCond(band string, on domain.Date) (string, []any, error) {
	cut := domain.AgeBandCutoffs(on)
	for i, b := range domain.AgeBands {
		if string(b.Band) != band {
			continue
		}
		switch {
		case i == 0:
			return "m.birth_date >= ?", []any{cut[0]}, nil
		case i == len(cut):
			return "m.birth_date < ?", []any{cut[i-1]}, nil
		default:
			return "(m.birth_date >= ? AND m.birth_date < ?)", []any{cut[i], cut[i-1]}, nil
		}
	}
	return "", nil, &domain.Error{Code: domain.CodeInvalid, Message: "Nhóm tuổi không hợp lệ.", Fields: domain.Fields{"age_band": "Không có nhóm tuổi này."}}
}

// SearchHit is one result of a search.
type SearchHit struct {
	ID         int64         `json:"id"`
	FullName   string        `json:"full_name"`
	BirthDate  domain.Date   `json:"birth_date"`
	CardNumber string        `json:"card_number,omitempty"`
	Status     domain.Status `json:"status"`
	OrgID      int64         `json:"org_id"`
	OrgName    string        `json:"org_name"`
}

// searchTokens folds a query into words of letters and digits.
func searchTokens(q string) []string {
	return strings.FieldsFunc(viet.Fold(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// searchCap is how many matches a search sorts into name order. A word that
// many members share ("Anh", "Nguyễn") would otherwise sort tens of thousands
// of rows to show twenty; past the cap the user types more to narrow it.
const searchCap = 500

// Search finds members of the actor's scope whose name (folded: "thao" finds
// "Thảo"), card number or citizen ID has words starting with every word of q,
// in Vietnamese name order. Large scopes go through the full-text index (FTS5
// on SQLite, a GIN-indexed tsvector on PostgreSQL) and sort at most searchCap
// matches; scopes of a few cells are read whole, so no member of a
// secretary's cell is lost to the cap.
func (db *DB) Search(ctx context.Context, a domain.Actor, q string, limit int) ([]SearchHit, error) {
	toks := searchTokens(q)
	if len(toks) == 0 {
		return []SearchHit{}, nil
	}
	if len(toks) > 8 {
		toks = toks[:8]
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	if a.Role.CellsOnly() || a.Role == domain.RoleMember {
		return db.searchScope(ctx, a, toks, limit)
	}
	match := `"` + strings.Join(toks, `"* "`) + `"*`
	if db.Dialect == Postgres {
		match = strings.Join(toks, " & ") // the prefixes are indexed: exact terms
	}
	return db.searchIndex(ctx, a, match, limit)
}

// searchIndex runs a full-text match and sorts at most searchCap in-scope
// matches by name; only the page that is returned is joined to its cell.
func (db *DB) searchIndex(ctx context.Context, a domain.Actor, match string, limit int) ([]SearchHit, error) {
	sc, args := scopeCond(a, "m.org_path", "m.id")
	inner := "SELECT m.id, m.full_name, m.birth_date, m.card_number, m.status, m.org_id, m.sort_key FROM member_fts f JOIN members m ON m.id = f.rowid WHERE member_fts MATCH ?"
	if db.Dialect == Postgres {
		inner = "SELECT m.id, m.full_name, m.birth_date, m.card_number, m.status, m.org_id, m.sort_key FROM members m WHERE m.search @@ to_tsquery('simple', ?)"
	}
	q := "SELECT p.id, p.full_name, p.birth_date, coalesce(p.card_number, ''), p.status, p.org_id, o.name FROM (" +
		"SELECT * FROM (" + inner + " AND " + sc + " LIMIT " + itoa(searchCap) + ") c ORDER BY c.sort_key, c.id LIMIT ?" +
		") p JOIN orgs o ON o.id = p.org_id ORDER BY p.sort_key, p.id"
	return db.scanHits(ctx, q, append(append([]any{match}, args...), limit)...)
}

// searchScope reads the few cells of a cell-sized scope whole, matching each
// word as a prefix of a word of the name, or of the card or citizen number.
func (db *DB) searchScope(ctx context.Context, a domain.Actor, toks []string, limit int) ([]SearchHit, error) {
	sc, args := scopeCond(a, "m.org_path", "m.id")
	var conds []string
	for _, t := range toks {
		conds = append(conds, "(' ' || m.name_fold LIKE ? OR m.card_number LIKE ? OR m.citizen_id LIKE ?)")
		args = append(args, "% "+t+"%", t+"%", t+"%")
	}
	q := "SELECT m.id, m.full_name, m.birth_date, coalesce(m.card_number, ''), m.status, m.org_id, o.name" + memberFrom +
		"WHERE " + sc + " AND " + strings.Join(conds, " AND ") + " ORDER BY m.sort_key, m.id LIMIT ?"
	return db.scanHits(ctx, q, append(args, limit)...)
}

func (db *DB) scanHits(ctx context.Context, q string, args ...any) ([]SearchHit, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []SearchHit{}
	for rows.Next() {
		var h SearchHit
		if err := rows.Scan(&h.ID, &h.FullName, &h.BirthDate, &h.CardNumber, &h.Status, &h.OrgID, &h.OrgName); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
