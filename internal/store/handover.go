package store

import (
	"database/sql"
	"errors"

	"dangvien/internal/domain"
)

// Collective transfers (RULES.md: Organisations and the 2025 reorganisation):
// organisations and members moved under one decision, in one transaction,
// with a handover record listing who moved and links that the tree as of a
// past date follows.

// Handover is the record of a collective transfer (biên bản bàn giao).
type Handover struct {
	ID           int64          `json:"id"`
	From         OrgRef         `json:"from"`
	To           OrgRef         `json:"to"`
	Date         domain.Date    `json:"date"`
	Decision     string         `json:"decision_number"`
	Reason       string         `json:"reason"`
	Note         string         `json:"note"`
	OrgsMoved    int            `json:"orgs_moved"`
	MembersMoved int            `json:"members_moved"`
	ClosedFrom   bool           `json:"closed_from"` // the organisation handing over closed, succeeded by the receiving one
	CreatedAt    Stamp          `json:"created_at"`
	Items        []HandoverItem `json:"items"`
}

// HandoverItem is one organisation or member a collective transfer moved,
// as it was before: its name, what identifies it, and where it was.
type HandoverItem struct {
	Kind   string `json:"kind"` // org, member
	RefID  int64  `json:"id"`
	Name   string `json:"name"`
	Detail string `json:"detail"` // a code and kind, or a birth date
	Place  string `json:"place"`  // the organisation or cell it was in
}

var actHandoverCreate = newAction("handover.create", "chuyển sinh hoạt tập thể, lập biên bản bàn giao")

// CollectiveTransfer moves, under one decision, the organisations kids
// (open sub-organisations of from, each with its subtree) under to, and the
// active members memberIDs of from (a cell) into to (a cell), each through
// the moves' own rules (domain.CheckMove and domain.CheckCollective were
// applied by the caller; the members' state machine by moveMembers); closes
// from, succeeded by to, when closeFrom; links from to to for the tree of
// past dates; and writes the handover record listing everyone who moved,
// with the audit rows. It is all one transaction: one refusal writes nothing.
func (tx *Tx) CollectiveTransfer(from, to domain.Org, kids []domain.Org, memberIDs []int64, closeFrom bool, in domain.CollectiveInput) (Handover, error) {
	h := Handover{From: OrgRef{ID: from.ID, Name: from.Name, Code: from.Code}, To: OrgRef{ID: to.ID, Name: to.Name, Code: to.Code}, Date: in.Date,
		Decision: in.Number, Reason: in.Reason, Note: in.Note, ClosedFrom: closeFrom}
	dec := in.Decision
	// Who moves, as they were: read before anything is rewritten.
	for _, k := range kids {
		h.Items = append(h.Items, HandoverItem{Kind: "org", RefID: k.ID, Name: k.Name, Detail: k.Code + " · " + k.Kind.Label(), Place: from.Name})
		lo, hi := pathRange(k.Path)
		if err := tx.handoverMembers(&h, "m.org_path >= ? AND m.org_path < ? AND "+tx.db.activeRow("m.status"), lo, hi); err != nil {
			return h, err
		}
	}
	for ids := memberIDs; len(ids) > 0; {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		args := make([]any, len(chunk))
		for i, id := range chunk {
			args[i] = id
		}
		if err := tx.handoverMembers(&h, "m.id IN ("+placeholders(len(chunk))+") AND "+tx.db.activeRow("m.status"), args...); err != nil {
			return h, err
		}
	}
	h.OrgsMoved = len(kids)
	h.MembersMoved = len(h.Items) - len(kids)
	// As MoveOrg, but the one link below, from the organisation handing
	// over, stands for every organisation moved.
	outs, err := tx.reparentAll(kids, to, dec.Date)
	if err != nil {
		return h, err
	}
	for i, k := range kids {
		if err := tx.audit(actOrgMove, entOrg, k.ID, outs[i].Path, k, decided{outs[i], dec}); err != nil {
			return h, err
		}
	}
	if len(memberIDs) > 0 {
		reason := "Chuyển sinh hoạt tập thể từ " + from.Name + " đến " + to.Name
		if _, err := tx.moveMembers(from, to, dec.Date, dec.Number, reason, memberIDs); err != nil {
			return h, err
		}
	}
	kind := "transfer"
	if closeFrom {
		kind = "merge"
		if err := tx.close(from, dec.Date, "merge", dec.Number, to.ID); err != nil {
			return h, err
		}
		after := from
		after.ValidTo, after.ClosedReason, after.ClosedDecision, after.SuccessorID = dec.Date, "merge", dec.Number, to.ID
		if err := tx.audit(actOrgMerge, entOrg, from.ID, from.Path, from, decided{after, dec}); err != nil {
			return h, err
		}
	}
	if err := tx.link(from, to, kind, dec); err != nil {
		return h, err
	}
	now := tx.db.stamp()
	id, err := tx.insert(`INSERT INTO handovers (from_org_id, to_org_id, date, decision, reason, note, orgs_moved, members_moved, closed_from, created_by, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, from.ID, to.ID, dec.Date, dec.Number, dec.Reason, in.Note, h.OrgsMoved, h.MembersMoved, closeFrom, nullID(tx.actor.UserID), now)
	if err != nil {
		return h, err
	}
	h.ID = id
	h.CreatedAt.Scan(now)
	rows := make([][]any, len(h.Items))
	for i, it := range h.Items {
		rows[i] = []any{id, it.Kind, it.RefID, it.Name, it.Detail, it.Place}
	}
	if err := tx.bulkInsert("handover_items", []string{"handover_id", "kind", "ref_id", "name", "detail", "place"}, rows); err != nil {
		return h, err
	}
	moved := make([]int64, 0, h.MembersMoved)
	orgs := make([]int64, 0, len(kids))
	for _, it := range h.Items {
		if it.Kind == "member" {
			moved = append(moved, it.RefID)
		} else {
			orgs = append(orgs, it.RefID)
		}
	}
	return h, tx.audit(actHandoverCreate, entOrg, to.ID, to.Path, nil, map[string]any{"handover_id": id, "from": h.From, "to": h.To, "decision": dec,
		"orgs": orgs, "members": moved, "closed_from": closeFrom})
}

// handoverMembers adds to h the members that match cond, in name order.
func (tx *Tx) handoverMembers(h *Handover, cond string, args ...any) error {
	rows, err := tx.query("SELECT m.id, m.full_name, m.birth_date, o.name"+memberFrom+"WHERE "+cond+" ORDER BY m.sort_key, m.id", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var it HandoverItem
		var birth domain.Date
		if err := rows.Scan(&it.RefID, &it.Name, &birth, &it.Place); err != nil {
			return err
		}
		it.Kind, it.Detail = "member", "sinh ngày "+birth.String()
		h.Items = append(h.Items, it)
	}
	return rows.Err()
}

// handoverScope: the organisation handing over or the one receiving in the
// actor's scope.
func handoverScope(a domain.Actor) (string, []any) {
	if a.All() {
		return "1=1", nil
	}
	f, fa := scopeCond(a, "fo.path", "")
	g, ga := scopeCond(a, "tg.path", "")
	return "(" + f + " OR " + g + ")", append(fa, ga...)
}

const handoverSelect = `SELECT h.id, h.from_org_id, fo.name, fo.code, h.to_org_id, tg.name, tg.code, h.date, h.decision, h.reason, h.note, h.orgs_moved, h.members_moved,
	h.closed_from, h.created_at FROM handovers h JOIN orgs fo ON fo.id = h.from_org_id JOIN orgs tg ON tg.id = h.to_org_id `

func scanHandover(r interface{ Scan(...any) error }) (Handover, error) {
	var h Handover
	err := r.Scan(&h.ID, &h.From.ID, &h.From.Name, &h.From.Code, &h.To.ID, &h.To.Name, &h.To.Code, &h.Date, &h.Decision, &h.Reason, &h.Note,
		&h.OrgsMoved, &h.MembersMoved, &h.ClosedFrom, &h.CreatedAt)
	return h, err
}

// Handover reads a handover record either side of which the actor reaches,
// with everyone it lists.
func (tx *Tx) Handover(id int64) (Handover, error) {
	sc, args := handoverScope(tx.actor)
	if tx.actor.Role == domain.RoleMember {
		return Handover{}, domain.ErrNotFound
	}
	h, err := scanHandover(tx.queryRow(handoverSelect+"WHERE h.id = ? AND "+sc, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return h, domain.ErrNotFound
	}
	if err != nil {
		return h, err
	}
	rows, err := tx.query("SELECT kind, ref_id, name, detail, place FROM handover_items WHERE handover_id = ? ORDER BY kind DESC, id", id)
	if err != nil {
		return h, err
	}
	defer rows.Close()
	h.Items = []HandoverItem{}
	for rows.Next() {
		var it HandoverItem
		if err := rows.Scan(&it.Kind, &it.RefID, &it.Name, &it.Detail, &it.Place); err != nil {
			return h, err
		}
		h.Items = append(h.Items, it)
	}
	return h, rows.Err()
}

// Handovers lists the handover records that gave to or took from an
// organisation, newest first, without their lists.
func (tx *Tx) Handovers(o domain.Org) ([]Handover, error) {
	rows, err := tx.query(handoverSelect+"WHERE h.from_org_id = ? OR h.to_org_id = ? ORDER BY h.date DESC, h.id DESC", o.ID, o.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Handover{}
	for rows.Next() {
		h, err := scanHandover(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Predecessor is an organisation whose members or sub-organisations went,
// directly or through others, into an organisation: by a merger, a split,
// a move or a collective transfer.
type Predecessor struct {
	Org        OrgRef         `json:"org"`
	Kind       domain.OrgKind `json:"kind"`
	KindLabel  string         `json:"kind_label"`
	ValidTo    domain.Date    `json:"valid_to,omitempty"`
	Link       string         `json:"link"` // merge, split, move, transfer
	Into       OrgRef         `json:"into"`
	Date       domain.Date    `json:"date"`
	Decision   string         `json:"decision_number"`
	HandoverID int64          `json:"handover_id,omitempty"`
}

// Predecessors lists the organisations that went into o, and those that
// went into them, newest first: the history a successor's staff reads. Only
// names and decisions are read, whoever's scope they were in.
func (tx *Tx) Predecessors(o domain.Org) ([]Predecessor, error) {
	rows, err := tx.query(`WITH RECURSIVE pred(from_id, to_id, kind, date, decision, depth) AS (
			SELECT l.from_id, l.to_id, l.kind, l.date, l.decision, 1 FROM org_links l WHERE l.to_id = ?
			UNION
			SELECT l.from_id, l.to_id, l.kind, l.date, l.decision, p.depth + 1 FROM org_links l JOIN pred p ON l.to_id = p.from_id WHERE p.depth < 20)
		SELECT DISTINCT p.from_id, f.name, f.code, f.kind, f.valid_to, p.to_id, t.name, t.code, p.kind, p.date, p.decision,
			coalesce((SELECT max(h.id) FROM handovers h WHERE h.from_org_id = p.from_id AND h.to_org_id = p.to_id AND h.date = p.date), 0)
		FROM pred p JOIN orgs f ON f.id = p.from_id JOIN orgs t ON t.id = p.to_id ORDER BY p.date DESC, f.name`, o.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Predecessor{}
	for rows.Next() {
		var p Predecessor
		var to sql.Null[domain.Date]
		if err := rows.Scan(&p.Org.ID, &p.Org.Name, &p.Org.Code, &p.Kind, &to, &p.Into.ID, &p.Into.Name, &p.Into.Code, &p.Link, &p.Date, &p.Decision, &p.HandoverID); err != nil {
			return nil, err
		}
		p.ValidTo, p.KindLabel = to.V, p.Kind.Label()
		out = append(out, p)
	}
	return out, rows.Err()
}
