package store

import (
	"context"
	"database/sql"
	"errors"
	"io"

	"dangvien/internal/domain"
)

// LifePlacement is a member's stay in a cell, with what a generated year of
// cell life needs to know of them.
type LifePlacement struct {
	MemberID  int64
	OrgID     int64
	OrgPath   string
	From, To  domain.Date // To zero: still there
	Exempted  bool
	Retired   bool
	Workplace string
	BirthDate domain.Date
	Gender    domain.Gender
	Admission domain.Date
	Decision  domain.Date // the admission decision's: party age
	Position  string      // party position
	GovPos    string
}

// LifePlacements lists every placement open on or after from, by cell, for
// the demo and the benchmark. Administrators only.
func (db *DB) LifePlacements(ctx context.Context, a domain.Actor, from domain.Date) ([]LifePlacement, error) {
	if !a.All() {
		return nil, errForbiddenWrite
	}
	rows, err := db.query(ctx, `SELECT p.member_id, p.org_id, o.path, p.valid_from, p.valid_to, m.exempted, m.retired, m.workplace, m.birth_date, m.gender, m.admission_date, m.party_position, m.gov_position, m.admission_decision_date
		FROM member_placements p JOIN orgs o ON o.id = p.org_id JOIN members m ON m.id = p.member_id
		WHERE p.valid_to IS NULL OR p.valid_to > ? ORDER BY p.org_id, p.member_id`, from)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LifePlacement
	for rows.Next() {
		var p LifePlacement
		var to, adm, dec sql.Null[domain.Date]
		if err := rows.Scan(&p.MemberID, &p.OrgID, &p.OrgPath, &p.From, &to, &p.Exempted, &p.Retired, &p.Workplace, &p.BirthDate, &p.Gender, &adm, &p.Position, &p.GovPos, &dec); err != nil {
			return nil, err
		}
		p.To, p.Admission, p.Decision = to.V, adm.V, dec.V
		out = append(out, p)
	}
	return out, rows.Err()
}

// BulkMeeting is a generated meeting with its marks, and whether each
// committee member in charge of the cell came.
type BulkMeeting struct {
	OrgID    int64
	OrgPath  string
	In       domain.MeetingInput
	Marks    []domain.Mark
	InCharge []MeetingInCharge
}

// BulkInCharge is a generated charge of a cell.
type BulkInCharge struct {
	MemberID, OrgID int64
	From            domain.Date
}

// BulkTask is a generated task with its notes.
type BulkTask struct {
	MemberID, OrgID int64
	In              domain.TaskInput
	PartyPosition   string
	GovPosition     string
	Notes           []domain.TaskNote
}

// BulkFee is a generated fee month.
type BulkFee struct {
	MemberID, OrgID int64
	OrgPath, Month  string
	Due, Paid       int64
	PaidOn          domain.Date
	Basis           string
}

// BulkLife is one chunk of a generated year of cell life.
type BulkLife struct {
	Meetings []BulkMeeting
	Profiles map[int64]domain.FeeProfile
	Fees     []BulkFee
	InCharge []BulkInCharge
	Tasks    []BulkTask
}

var actSeedCellLife = newAction("seed.cell_life", "tạo dữ liệu sinh hoạt mẫu")

// BulkCellLife writes generated meetings, attendance, fee profiles and fee
// months straight through the driver (COPY on PostgreSQL) in one
// transaction with one audit row, for the demo and the benchmark; chunks
// come from next until io.EOF. The per-cell fee totals are computed at the
// end from the rows.
func (db *DB) BulkCellLife(ctx context.Context, next func() (BulkLife, error)) (meetings, marks, fees int, err error) {
	err = db.write(ctx, domain.System, func(tx *Tx) error {
		now := stampText(tx.db.stamp())
		for {
			c, err := next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return err
			}
			first, err := tx.nextIDs("meetings", len(c.Meetings))
			if err != nil {
				return err
			}
			var mrows, arows, irows [][]any
			for i, m := range c.Meetings {
				id := first + int64(i)
				for _, x := range m.InCharge {
					irows = append(irows, []any{id, x.MemberID, x.Attended})
				}
				var n domain.AttendanceCounts
				for _, k := range m.Marks {
					n.Add(k.Status)
					arows = append(arows, []any{id, k.MemberID, string(k.Status), k.Reason, m.In.HeldOn, m.OrgPath})
				}
				in := m.In
				mrows = append(mrows, []any{id, m.OrgID, m.OrgPath, string(in.Kind), in.Topic, in.HeldOn, in.StartsAt, in.Minutes, in.Place, in.Chair, in.Secretary,
					in.Agenda, in.Record, in.Guests, n.Expected, n.Present, n.Excused, n.Unexcused, now, now})
			}
			if err := tx.bulkInsert("meetings", []string{"id", "org_id", "org_path", "kind", "topic", "held_on", "starts_at", "minutes", "place", "chair", "secretary",
				"agenda", "record", "guests", "expected", "present", "excused", "unexcused", "created_at", "updated_at"}, mrows); err != nil {
				return err
			}
			if err := tx.bulkInsert("meeting_attendance", []string{"meeting_id", "member_id", "status", "reason", "held_on", "org_path"}, arows); err != nil {
				return err
			}
			var crows [][]any
			for _, x := range c.InCharge {
				crows = append(crows, []any{x.MemberID, x.OrgID, x.From, "", now})
			}
			if err := tx.bulkInsert("in_charge", []string{"member_id", "org_id", "from_on", "decision", "created_at"}, crows); err != nil {
				return err
			}
			if err := tx.bulkInsert("meeting_in_charge", []string{"meeting_id", "member_id", "attended"}, irows); err != nil {
				return err
			}
			if len(c.Tasks) > 0 {
				tfirst, err := tx.nextIDs("tasks", len(c.Tasks))
				if err != nil {
					return err
				}
				var trows, nrows [][]any
				for i, t := range c.Tasks {
					id := tfirst + int64(i)
					var to any
					if !t.In.To.IsZero() {
						to = t.In.To
					}
					trows = append(trows, []any{id, t.MemberID, t.OrgID, t.In.Title, t.In.Description, t.In.From, to, t.In.AssignedBy, t.PartyPosition, t.GovPosition, now, now})
					for _, n := range t.Notes {
						nrows = append(nrows, []any{id, n.On, string(n.Rating), n.Note, now})
					}
				}
				if err := tx.bulkInsert("tasks", []string{"id", "member_id", "org_id", "title", "description", "from_on", "to_on", "assigned_by", "party_position_at", "gov_position_at", "created_at", "updated_at"}, trows); err != nil {
					return err
				}
				if err := tx.bulkInsert("task_notes", []string{"task_id", "on_date", "rating", "note", "created_at"}, nrows); err != nil {
					return err
				}
			}
			var prows, frows [][]any
			for id, p := range c.Profiles {
				prows = append(prows, []any{id, string(p.Category), p.Base, p.Tier, p.PastWorkingAge, now})
			}
			for _, f := range c.Fees {
				var on any
				if !f.PaidOn.IsZero() {
					on = f.PaidOn
				}
				frows = append(frows, []any{f.MemberID, f.Month, f.OrgID, f.OrgPath, f.Due, f.Paid, on, f.Basis})
			}
			if err := tx.bulkInsert("fee_profiles", []string{"member_id", "category", "base", "tier", "past_working_age", "updated_at"}, prows); err != nil {
				return err
			}
			if err := tx.bulkInsert("fee_months", []string{"member_id", "month", "org_id", "org_path", "due", "paid", "paid_on", "basis"}, frows); err != nil {
				return err
			}
			meetings, marks, fees = meetings+len(mrows), marks+len(arows), fees+len(frows)
		}
		if _, err := tx.exec("DELETE FROM fee_totals"); err != nil {
			return err
		}
		if _, err := tx.exec(`INSERT INTO fee_totals (org_id, month, org_path, members, members_paid, due, paid)
			SELECT org_id, month, min(org_path), count(*), sum(CASE WHEN paid_on IS NULL THEN 0 ELSE 1 END), sum(due), sum(paid)
			FROM fee_months GROUP BY org_id, month`); err != nil {
			return err
		}
		return tx.audit(actSeedCellLife, entOrg, 0, "", nil, map[string]int{"meetings": meetings, "attendance": marks, "fee_months": fees})
	})
	return
}
