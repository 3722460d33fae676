package store

import (
	"dangvien/internal/domain"
)

// SheetRows works out the month's due of everyone who belonged to a cell in
// the month and is on no sheet for it yet (only, when given, narrows them),
// by domain.SheetDue: the profile, the member's birth, sex and party age
// (from the admission decision, less the gaps their events show), the
// cell's regional minimum wage and a reduction decided for the month.
func (tx *Tx) SheetRows(cell domain.Org, month domain.Month, only ...int64) ([]SheetRow, error) {
	cands, err := tx.SheetCandidates(cell, month, only...)
	if err != nil || len(cands) == 0 {
		return nil, err
	}
	ids := make([]int64, len(cands))
	for i, c := range cands {
		ids[i] = c.MemberID
	}
	reductions, err := tx.FeeReductions(ids...)
	if err != nil {
		return nil, err
	}
	events, err := tx.eventsOf(ids)
	if err != nil {
		return nil, err
	}
	wage, _, _, err := tx.MinWageOf(cell, month.First())
	if err != nil {
		return nil, err
	}
	rows := make([]SheetRow, 0, len(cands))
	for _, c := range cands {
		f := domain.FeeFacts{Birth: c.Birth, Gender: c.Gender, MinWage: wage.Amount, ReductionPct: domain.ReductionIn(reductions[c.MemberID], month),
			PartySince: domain.PartyAge(c.Decision, events[c.MemberID], month.First()).Since}
		r := SheetRow{MemberID: c.MemberID}
		r.Due, r.Basis = domain.SheetDue(c.Profile, f, month)
		rows = append(rows, r)
	}
	return rows, nil
}

var actFeeJoinSheet = newAction("fee.join_sheet", "đưa đảng viên mới đến vào bảng thu đảng phí đã lập")

// JoinOpenSheets puts members who came into a cell (admitted, transferred
// in, moved from another cell, imported) on the cell's collection sheets
// already opened for the months from the one they came in up to this one,
// each with the month's due as the sheet's opening gave the others
// (SheetRows), and writes the audit row. A member already on a sheet for a
// month (the old cell's, before a move) is not put on another; a month whose
// sheet is not open yet gets them when it is opened. Every path that places
// a member in a cell calls it, in its own transaction.
func (tx *Tx) JoinOpenSheets(cell domain.Org, ids []int64, from domain.Month) error {
	if len(ids) == 0 {
		return nil
	}
	this := domain.MonthOf(tx.Today())
	if this.Before(from) {
		return nil
	}
	rows, err := tx.query("SELECT month FROM fee_totals WHERE org_id = ? AND month >= ? AND month <= ? ORDER BY month", cell.ID, from.Key(), this.Key())
	if err != nil {
		return err
	}
	var months []domain.Month
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return err
		}
		mo, err := domain.ParseMonth(k)
		if err != nil {
			rows.Close()
			return err
		}
		months = append(months, mo)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, mo := range months {
		var add []SheetRow
		for rest := ids; len(rest) > 0; {
			chunk := rest[:min(len(rest), 500)]
			rest = rest[len(chunk):]
			rs, err := tx.SheetRows(cell, mo, chunk...)
			if err != nil {
				return err
			}
			add = append(add, rs...)
		}
		if len(add) == 0 {
			continue
		}
		joined := make([]int64, len(add))
		for i, r := range add {
			if _, err := tx.exec("INSERT INTO fee_months (member_id, month, org_id, org_path, due, basis) VALUES (?, ?, ?, ?, ?, ?)", r.MemberID, mo.Key(), cell.ID, cell.Path, r.Due, r.Basis); err != nil {
				return err
			}
			joined[i] = r.MemberID
		}
		if err := tx.refreshFeeTotals(cell.ID, mo.Key()); err != nil {
			return err
		}
		if err := tx.audit(actFeeJoinSheet, entOrg, cell.ID, cell.Path, nil, map[string]any{"month": mo.Key(), "members": joined}); err != nil {
			return err
		}
	}
	return nil
}

// OpenSheetCells tells which of some cells have opened their sheet for a
// month.
func (tx *Tx) OpenSheetCells(cellIDs []int64, month domain.Month) (map[int64]bool, error) {
	out := map[int64]bool{}
	for rest := cellIDs; len(rest) > 0; {
		chunk := rest[:min(len(rest), 500)]
		rest = rest[len(chunk):]
		args := []any{month.Key()}
		for _, id := range chunk {
			args = append(args, id)
		}
		rows, err := tx.query("SELECT org_id FROM fee_totals WHERE month = ? AND org_id IN ("+placeholders(len(chunk))+")", args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			out[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// eventsOf reads the events of some members, oldest first, by member.
func (tx *Tx) eventsOf(ids []int64) (map[int64][]domain.Event, error) {
	out := map[int64][]domain.Event{}
	for rest := ids; len(rest) > 0; {
		chunk := rest[:min(len(rest), 500)]
		rest = rest[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		rows, err := tx.query(eventSelect+" WHERE member_id IN ("+placeholders(len(chunk))+") ORDER BY member_id, date, id", args...)
		if err != nil {
			return nil, err
		}
		evs, err := scanEvents(rows)
		if err != nil {
			return nil, err
		}
		for _, e := range evs {
			out[e.MemberID] = append(out[e.MemberID], e)
		}
	}
	return out, nil
}
