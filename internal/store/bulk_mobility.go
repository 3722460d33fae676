package store

import (
	"context"

	"dangvien/internal/domain"
)

// BulkComment is a generated Regulation 213 comment of the tie at index Tie
// of the same load.
type BulkComment struct {
	Tie     int
	Year    int
	CellID  int64
	Text    string
	Verdict domain.Verdict
	On      domain.Date
}

// BulkMovements is a generated year of movements: transfers (numbered by
// the generator, one open per member), records of working away, residence
// ties and their comments.
type BulkMovements struct {
	Transfers []domain.Transfer
	Aways     []domain.Away
	Ties      []domain.Tie
	Comments  []BulkComment
}

var actSeedMobility = newAction("seed.mobility", "tạo dữ liệu chuyển sinh hoạt mẫu")

// BulkMobility writes generated movements straight through the driver
// (COPY on PostgreSQL) in one transaction with one audit row, for the
// benchmark. Nothing is checked: the generator keeps to the rules the
// tables' indexes hold (numbers, one open transfer, one open record).
func (db *DB) BulkMobility(ctx context.Context, b BulkMovements) error {
	return db.write(ctx, domain.System, func(tx *Tx) error {
		now := stampText(tx.db.stamp())
		rows := make([][]any, len(b.Transfers))
		for i, t := range b.Transfers {
			rows[i] = []any{string(t.Kind), string(t.Route), string(t.Status), t.Number, nullID(t.IssuerID), t.LetterOn.Year(), seqOf(t), t.MemberID, nullID(t.FromOrgID),
				t.FromName, nullID(t.ToOrgID), t.ToName, t.Issuer, t.Reason, t.Decision, t.EffectiveOn, t.LetterOn, t.Purpose, t.StartsOn, t.EndsOn, t.ArrivedOn,
				t.LateReason, t.ClosedOn, t.CloseNote, now, now}
		}
		if err := tx.bulkInsert("transfers", []string{"kind", "route", "status", "number", "issuer_id", "year", "seq", "member_id", "from_org_id", "from_name",
			"to_org_id", "to_name", "issuer_name", "reason", "decision", "effective_on", "letter_on", "purpose", "starts_on", "ends_on", "arrived_on",
			"late_reason", "closed_on", "close_note", "created_at", "updated_at"}, rows); err != nil {
			return err
		}
		rows = make([][]any, len(b.Aways))
		for i, a := range b.Aways {
			rows[i] = []any{a.MemberID, a.Place, a.Since, a.Contact, a.KeepInTouch, a.Registered, a.ExemptFrom, a.ExemptTo, a.ExemptBy, a.Note, a.ReturnedOn, a.Comments,
				a.CommentsBy, now, now}
		}
		if err := tx.bulkInsert("away_records", []string{"member_id", "place", "since", "contact", "keep_in_touch", "registered", "exempt_from", "exempt_to",
			"exempt_decision", "note", "returned_on", "comments", "comments_by", "created_at", "updated_at"}, rows); err != nil {
			return err
		}
		first, err := tx.nextIDs("residence_ties", len(b.Ties))
		if err != nil {
			return err
		}
		rows = make([][]any, len(b.Ties))
		for i, t := range b.Ties {
			rows[i] = []any{first + int64(i), t.MemberID, t.ResidenceID, t.PresentedOn, string(t.Category), t.Note, t.EndedOn, t.EndReason, now, now}
		}
		if err := tx.bulkInsert("residence_ties", []string{"id", "member_id", "residence_org_id", "presented_on", "category", "note", "ended_on", "end_reason",
			"created_at", "updated_at"}, rows); err != nil {
			return err
		}
		rows = make([][]any, len(b.Comments))
		for i, c := range b.Comments {
			rows[i] = []any{first + int64(c.Tie), b.Ties[c.Tie].MemberID, c.Year, c.CellID, c.Text, string(c.Verdict), c.On, now}
		}
		if err := tx.bulkInsert("residence_comments", []string{"tie_id", "member_id", "year", "residence_org_id", "text", "verdict", "commented_on", "created_at"}, rows); err != nil {
			return err
		}
		if err := tx.fillMobilityCopies(); err != nil {
			return err
		}
		return tx.audit(actSeedMobility, entOrg, 0, "", nil, map[string]int{"transfers": len(b.Transfers), "away": len(b.Aways), "ties": len(b.Ties), "comments": len(b.Comments)})
	})
}

// seqOf is the running number of a letter of this installation, 0 for one
// that came from elsewhere.
func seqOf(t domain.Transfer) int {
	if t.IssuerID == 0 {
		return 0
	}
	var n int
	for _, c := range t.Number {
		if c < '0' || c > '9' {
			break
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// fillMobilityCopies writes the copies the reports read (migration 00056)
// on the records written straight through the driver: the cells' paths of
// the letters, the members' cells, standing and name order.
func (tx *Tx) fillMobilityCopies() error {
	for _, q := range []string{
		`UPDATE transfers SET from_path = coalesce((SELECT path FROM orgs WHERE id = transfers.from_org_id), ''),
			to_path = coalesce((SELECT path FROM orgs WHERE id = transfers.to_org_id), '') WHERE from_path = '' AND to_path = ''`,
		`UPDATE residence_ties SET member_path = (SELECT org_path FROM members WHERE id = residence_ties.member_id),
			member_status = (SELECT status FROM members WHERE id = residence_ties.member_id),
			residence_path = (SELECT path FROM orgs WHERE id = residence_ties.residence_org_id) WHERE member_path = ''`,
		`UPDATE away_records SET member_path = (SELECT org_path FROM members WHERE id = away_records.member_id),
			member_status = (SELECT status FROM members WHERE id = away_records.member_id),
			sort_key = (SELECT sort_key FROM members WHERE id = away_records.member_id) WHERE member_path = ''`,
	} {
		if _, err := tx.exec(q); err != nil {
			return err
		}
	}
	return nil
}
