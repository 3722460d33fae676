package store

import (
	"context"
	"errors"
	"io"
	"strings"

	"dangvien/internal/domain"
)

// entImport names imports of member lists in the audit trail.
var entImport = newEntity("import", "Lần nhập tệp")

// ImportRow is one parsed, field-validated row of an import file.
type ImportRow struct {
	Row      int // the row number in the spreadsheet
	OrgCode  string
	Fields   domain.MemberFields
	Status   domain.Status // probationary or official
	Exempted bool
	Fee      *domain.FeeProfile // validated; nil when the row gives none
}

// ImportMeta describes the file, for the audit row.
type ImportMeta struct {
	Source string `json:"source"`
	SHA256 string `json:"sha256"`
}

// ImportResult says what an import wrote.
type ImportResult struct {
	Rows    int   `json:"rows"`
	FirstID int64 `json:"first_id"`
	LastID  int64 `json:"last_id"`
	// Unconfirmed counts the records whose admission decision date was not
	// in the file: the ceremony's day stands in, marked to be completed.
	Unconfirmed int `json:"admission_unconfirmed"`
	// Joined counts the members put on this month's collection sheets their
	// cells had already opened.
	Joined int `json:"joined_fee_sheets"`
	// Notes tell the user what the import read in a way they may not
	// expect (a file with one admission date).
	Notes []string `json:"notes,omitempty"`
}

// ImportChunk is a batch of rows handed to ImportMembers, with the problems
// the parser already found in them.
type ImportChunk struct {
	Rows   []ImportRow
	Errors []domain.RowError
}

var actMemberImport = newAction("member.import", "nhập danh sách đảng viên")

// ImportMembers loads members from a stream of chunks, all or nothing: rows
// are written inside one transaction as they come while every row is checked
// (organisation exists, is an open cell in the actor's scope; citizen ID and
// card number unique in the file and in the database). If any row of any
// chunk has a problem, nothing is written and the result is an
// *domain.ImportError listing every problem (Column holds the field key).
// next returns io.EOF after the last chunk.
//
// meta is read after the last chunk, so the caller may complete it (the
// file's hash) when next reaches the end.
func (db *DB) ImportMembers(ctx context.Context, a domain.Actor, meta *ImportMeta, next func() (ImportChunk, error)) (ImportResult, error) {
	var res ImportResult
	var problems []domain.RowError
	errImport := errors.New("import refused")
	err := db.write(ctx, a, func(tx *Tx) error {
		if !a.Role.WritesMembers() {
			return errForbiddenWrite
		}
		orgs := map[string]domain.Org{}
		badOrg := map[string]string{}
		seen := map[string]int{} // "c:"+citizen id or "t:"+card → row
		var paths []string
		this := domain.MonthOf(tx.Today())
		opened := map[int64]bool{} // cell → its sheet for this month is open
		for {
			ch, err := next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			problems = append(problems, ch.Errors...)
			var ok []ImportRow
			for _, r := range ch.Rows {
				n := len(problems)
				o, found := orgs[r.OrgCode]
				if reason, bad := badOrg[r.OrgCode]; bad {
					problems = append(problems, domain.RowError{Row: r.Row, Column: "org_code", Reason: reason})
				} else if !found {
					o, err = tx.importCell(r.OrgCode)
					var de *domain.Error
					if errors.As(err, &de) {
						badOrg[r.OrgCode] = de.Message
						problems = append(problems, domain.RowError{Row: r.Row, Column: "org_code", Reason: de.Message})
					} else if err != nil {
						return err
					} else {
						orgs[r.OrgCode] = o
						paths = append(paths, o.Path)
					}
				}
				for _, k := range []struct{ key, val, field string }{{"c:", r.Fields.CitizenID, "citizen_id"}, {"t:", r.Fields.CardNumber, "card_number"}} {
					if k.val == "" {
						continue
					}
					if prev, dup := seen[k.key+k.val]; dup {
						problems = append(problems, domain.RowError{Row: r.Row, Column: k.field, Reason: "Trùng với dòng " + itoa(prev) + " trong tệp."})
					} else {
						seen[k.key+k.val] = r.Row
					}
				}
				if len(problems) == n {
					ok = append(ok, r)
				}
			}
			dups, err := tx.existing(ok)
			if err != nil {
				return err
			}
			problems = append(problems, dups...)
			if len(problems) > 0 {
				continue // keep checking the rest, write nothing more
			}
			first, err := tx.nextIDs("members", len(ok))
			if err != nil {
				return err
			}
			if res.FirstID == 0 {
				res.FirstID = first
			}
			if err := tx.insertImportRows(first, ok, orgs); err != nil {
				return err
			}
			res.Rows += len(ok)
			res.LastID = first + int64(len(ok)) - 1
			// Members who join a cell this month go on its sheet if the
			// cell has opened it (not the months before: the list brings
			// the members in now).
			byCell := map[int64][]int64{}
			var cells []domain.Org
			for i, r := range ok {
				o := orgs[r.OrgCode]
				if byCell[o.ID] == nil {
					cells = append(cells, o)
				}
				byCell[o.ID] = append(byCell[o.ID], first+int64(i))
				if r.Fields.DecisionCopied {
					res.Unconfirmed++
				}
			}
			var unknown []int64
			for _, o := range cells {
				if _, known := opened[o.ID]; !known {
					unknown = append(unknown, o.ID)
				}
			}
			open, err := tx.OpenSheetCells(unknown, this)
			if err != nil {
				return err
			}
			for _, id := range unknown {
				opened[id] = open[id]
			}
			for _, o := range cells {
				if opened[o.ID] {
					if err := tx.JoinOpenSheets(o, byCell[o.ID], this); err != nil {
						return err
					}
					res.Joined += len(byCell[o.ID])
				}
			}
		}
		if len(problems) > 0 {
			return errImport
		}
		if res.Rows == 0 {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Tệp không có dòng dữ liệu nào."}
		}
		return tx.audit(actMemberImport, entImport, res.FirstID, commonPath(paths), nil, struct {
			ImportMeta
			ImportResult
		}{*meta, res})
	})
	if errors.Is(err, errImport) {
		return ImportResult{}, &domain.ImportError{Rows: problems}
	}
	if err != nil {
		return ImportResult{}, err
	}
	if res.Rows >= bigImport {
		db.RefreshStats(ctx)
	}
	return res, nil
}

// bigImport is the size from which an import refreshes the planner's statistics.
const bigImport = 10000

// RefreshStats gives the query planner fresh statistics after a bulk load
// and, on PostgreSQL, the visibility map that index-only scans need; until
// autovacuum comes by, counts over a freshly loaded table read the heap.
// It is maintenance: a failure is not the import's failure.
func (db *DB) RefreshStats(ctx context.Context) {
	if db.Dialect == Postgres {
		db.w.ExecContext(ctx, "VACUUM (ANALYZE) members, member_events, member_placements, meetings, meeting_attendance, fee_months, fee_totals, fee_profiles")
		return
	}
	// A sampled ANALYZE (analysis_limit) keeps this to a moment at 1M rows.
	db.w.ExecContext(ctx, "PRAGMA analysis_limit=1000")
	db.w.ExecContext(ctx, "PRAGMA optimize=0x10002")
}

// importCell finds an open cell in scope by code, or says why not.
func (tx *Tx) importCell(code string) (domain.Org, error) {
	if code == "" {
		return domain.Org{}, &domain.Error{Code: domain.CodeInvalid, Message: "Chưa có mã chi bộ (cột «Mã tổ chức» hoặc tùy chọn --org)."}
	}
	sc, args := orgScope(tx.actor)
	o, err := scanOrg(tx.queryRow("SELECT "+orgCols+" FROM orgs o WHERE o.code = ? AND "+sc, append([]any{strings.ToUpper(code)}, args...)...))
	if err != nil {
		if isNoRows(err) {
			return o, domain.Errorf(domain.CodeInvalid, "Không có tổ chức mã %s trong phạm vi quản lý.", code)
		}
		return o, err
	}
	switch {
	case !o.Kind.IsCell():
		return o, domain.Errorf(domain.CodeInvalid, "%s (%s) không phải là chi bộ.", o.Name, o.Code)
	case !o.ValidTo.IsZero():
		return o, domain.Errorf(domain.CodeInvalid, "%s (%s) đã giải thể hoặc sáp nhập.", o.Name, o.Code)
	}
	return o, nil
}

// existing finds rows whose citizen ID or card number is already in the database.
func (tx *Tx) existing(rows []ImportRow) ([]domain.RowError, error) {
	var out []domain.RowError
	for _, c := range []struct {
		col, msg string
		get      func(*ImportRow) string
	}{
		{"citizen_id", "Số CCCD đã có trong hồ sơ đảng viên khác.", func(r *ImportRow) string { return r.Fields.CitizenID }},
		{"card_number", "Số thẻ đảng viên đã có trong hồ sơ khác.", func(r *ImportRow) string { return r.Fields.CardNumber }},
	} {
		byVal := map[string]int{}
		var args []any
		for i := range rows {
			if v := c.get(&rows[i]); v != "" {
				byVal[v] = rows[i].Row
				args = append(args, v)
			}
		}
		for start := 0; start < len(args); start += 500 {
			part := args[start:min(start+500, len(args))]
			q, err := tx.query("SELECT "+c.col+" FROM members WHERE "+c.col+" IN ("+placeholders(len(part))+")", part...)
			if err != nil {
				return nil, err
			}
			for q.Next() {
				var v string
				if err := q.Scan(&v); err != nil {
					q.Close()
					return nil, err
				}
				out = append(out, domain.RowError{Row: byVal[v], Column: c.col, Reason: c.msg})
			}
			q.Close()
			if err := q.Err(); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

var (
	eventCols     = []string{"member_id", "kind", "date", "reason", "decision", "discipline", "org_id", "created_at", "created_by", "decision_date"}
	feeCols       = []string{"member_id", "category", "base", "tier", "past_working_age", "exemption", "updated_at"}
	placementCols = []string{"member_id", "org_id", "valid_from"}
	memberColList = strings.Split(strings.Join(strings.Fields(strings.ReplaceAll(insertCols, ",", " ")), ","), ",")
)

// insertImportRows writes members with ids from first on, each with the
// events that give its status, its placement in the cell and its fee
// profile when the row has one. The admission event carries the decision's
// date when the row gave it.
func (tx *Tx) insertImportRows(first int64, rows []ImportRow, orgs map[string]domain.Org) error {
	now := stampText(tx.db.stamp())
	today := tx.db.today()
	var mrows, erows, prows, frows [][]any
	by := nullID(tx.actor.UserID)
	for i := range rows {
		r := &rows[i]
		id := first + int64(i)
		o := orgs[r.OrgCode]
		f := &r.Fields
		mrows = append(mrows, tx.db.memberRow(id, o, f, domain.State{Status: r.Status, Exempted: r.Exempted}, now))
		var decided domain.Date // blank: not known
		if !f.DecisionCopied {
			decided = f.DecisionDate
		}
		erows = append(erows, []any{id, string(domain.EventAdmitted), f.AdmissionDate, "Nhập từ tệp", "", "", o.ID, now, by, decided})
		if r.Status == domain.StatusOfficial {
			erows = append(erows, []any{id, string(domain.EventRecognised), f.OfficialDate, "Nhập từ tệp", "", "", o.ID, now, by, domain.Date{}})
		}
		if r.Exempted {
			erows = append(erows, []any{id, string(domain.EventExempted), today, "Nhập từ tệp: đang miễn công tác và sinh hoạt đảng", "", "", o.ID, now, by, domain.Date{}})
		}
		prows = append(prows, []any{id, o.ID, f.AdmissionDate})
		if p := r.Fee; p != nil {
			frows = append(frows, []any{id, string(p.Category), p.Base, p.Tier, p.PastWorkingAge, string(p.Exemption), now})
		}
	}
	if err := tx.bulkInsert("members", tx.db.memberColumns(), mrows); err != nil {
		return err
	}
	if err := tx.bulkInsert("member_events", eventCols, erows); err != nil {
		return err
	}
	if err := tx.bulkInsert("member_placements", placementCols, prows); err != nil {
		return err
	}
	return tx.bulkInsert("fee_profiles", feeCols, frows)
}

// commonPath is the deepest organisation path that holds all of paths.
func commonPath(paths []string) string {
	if len(paths) == 0 {
		return "/"
	}
	p := paths[0]
	for _, q := range paths[1:] {
		for !strings.HasPrefix(q, p) {
			p = p[:strings.LastIndex(strings.TrimSuffix(p, "/"), "/")+1]
		}
	}
	return p
}

// ExportMembers calls fn for each active member of an organisation's subtree,
// in Vietnamese name order, with the code of the member's cell and the
// member's fee profile (nil when none is set).
func (db *DB) ExportMembers(ctx context.Context, a domain.Actor, orgID int64, fn func(m domain.Member, orgCode string, fee *domain.FeeProfile) error) error {
	o, err := db.Org(ctx, a, orgID)
	if err != nil {
		return err
	}
	sc, args := scopedSubtree(a, "m.org_path", "m.id", o.Path)
	rows, err := db.query(ctx, "SELECT "+memberCols+", o.code, fp.member_id IS NOT NULL, coalesce(fp.category, ''), coalesce(fp.base, 0), coalesce(fp.tier, 0), coalesce(fp.past_working_age, "+
		db.falseLit()+"), coalesce(fp.exemption, '')"+memberFrom+"LEFT JOIN fee_profiles fp ON fp.member_id = m.id WHERE "+sc+" AND "+db.activeRow("m.status")+" ORDER BY m.sort_key, m.id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var has bool
		var p domain.FeeProfile
		m, err := scanMemberAnd(rows, &code, &has, &p.Category, &p.Base, &p.Tier, &p.PastWorkingAge, &p.Exemption)
		if err != nil {
			return err
		}
		var fee *domain.FeeProfile
		if has {
			fee = &p
		}
		if err := fn(m, code, fee); err != nil {
			return err
		}
	}
	return rows.Err()
}
