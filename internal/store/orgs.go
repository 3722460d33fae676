package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/viet"
)

const orgCols = `o.id, o.code, o.name, o.kind, coalesce(o.parent_id, 0), o.path, o.valid_from, o.valid_to, o.closed_reason, o.closed_decision, coalesce(o.successor_id, 0)`

func scanOrg(row interface{ Scan(...any) error }) (domain.Org, error) {
	var o domain.Org
	err := row.Scan(&o.ID, &o.Code, &o.Name, &o.Kind, &o.ParentID, &o.Path, &o.ValidFrom, &o.ValidTo, &o.ClosedReason, &o.ClosedDecision, &o.SuccessorID)
	o.KindLabel = o.Kind.Label()
	return o, err
}

// Org returns an organisation in the actor's scope.
func (db *DB) Org(ctx context.Context, a domain.Actor, id int64) (domain.Org, error) {
	return db.orgWhere(ctx, a, "o.id = ?", id)
}

// OrgByCode returns an organisation in the actor's scope by its code.
func (db *DB) OrgByCode(ctx context.Context, a domain.Actor, code string) (domain.Org, error) {
	return db.orgWhere(ctx, a, "o.code = ?", code)
}

func (db *DB) orgWhere(ctx context.Context, a domain.Actor, cond string, arg any) (domain.Org, error) {
	sc, args := orgScope(a)
	o, err := scanOrg(db.queryRow(ctx, "SELECT "+orgCols+" FROM orgs o WHERE "+cond+" AND "+sc, append([]any{arg}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return o, domain.ErrNotFound
	}
	return o, err
}

// orgScope is scopeCond for organisations: a member sees the cell of their own record.
func orgScope(a domain.Actor) (string, []any) {
	if a.Role == domain.RoleMember {
		return "o.id = (SELECT org_id FROM members WHERE id = ?)", []any{a.MemberID}
	}
	return scopeCond(a, "o.path", "")
}

// txOrg reads an organisation inside a write, in scope, for writing.
func (tx *Tx) org(id int64) (domain.Org, error) {
	sc, args := orgScope(tx.actor)
	o, err := scanOrg(tx.queryRow("SELECT "+orgCols+" FROM orgs o WHERE o.id = ? AND "+sc, append([]any{id}, args...)...))
	if errors.Is(err, sql.ErrNoRows) {
		return o, domain.ErrNotFound
	}
	return o, err
}

// writableOrg reads an open organisation the actor may restructure.
func (tx *Tx) writableOrg(id int64, on domain.Date) (domain.Org, error) {
	o, err := tx.org(id)
	if err != nil {
		return o, err
	}
	if !tx.actor.Role.WritesOrgs() || isScopeRoot(tx.actor, o.Path) {
		return o, errForbiddenWrite
	}
	if !o.ValidTo.IsZero() {
		return o, domain.Errorf(domain.CodeConflict, "Tổ chức %s đã giải thể hoặc sáp nhập từ ngày %s.", o.Name, o.ValidTo)
	}
	if on.Before(o.ValidFrom) {
		return o, &domain.Error{Code: domain.CodeInvalid, Message: "Ngày quyết định trước ngày thành lập tổ chức.",
			Fields: domain.Fields{"date": fmt.Sprintf("Phải từ ngày %s trở đi.", o.ValidFrom)}}
	}
	return o, nil
}

// CreateOrg creates an organisation under a parent in the actor's scope (a
// province committee may be created without parent, by an administrator).
func (db *DB) CreateOrg(ctx context.Context, a domain.Actor, in domain.OrgInput) (domain.Org, error) {
	if err := domain.ValidateOrg(&in); err != nil {
		return domain.Org{}, err
	}
	var out domain.Org
	err := db.write(ctx, a, func(tx *Tx) error {
		var err error
		out, err = tx.createOrg(in)
		if err != nil {
			return err
		}
		return tx.audit("org.create", "org", out.ID, out.Path, nil, out)
	})
	return out, err
}

func (tx *Tx) createOrg(in domain.OrgInput) (domain.Org, error) {
	if !tx.actor.Role.WritesOrgs() {
		return domain.Org{}, errForbiddenWrite
	}
	parentPath := "/"
	if in.ParentID == 0 {
		if !tx.actor.All() {
			return domain.Org{}, errForbiddenWrite
		}
		if in.Kind != domain.KindProvince {
			return domain.Org{}, &domain.Error{Code: domain.CodeInvalid, Message: "Chỉ đảng bộ tỉnh không có tổ chức cấp trên.", Fields: domain.Fields{"parent_id": "Chưa chọn tổ chức cấp trên."}}
		}
	} else {
		p, err := tx.org(in.ParentID)
		if err != nil {
			return domain.Org{}, &domain.Error{Code: domain.CodeInvalid, Message: "Tổ chức cấp trên không có hoặc ngoài phạm vi.", Fields: domain.Fields{"parent_id": "Không tìm thấy tổ chức cấp trên."}}
		}
		if !p.ValidTo.IsZero() {
			return domain.Org{}, &domain.Error{Code: domain.CodeInvalid, Message: "Tổ chức cấp trên đã giải thể.", Fields: domain.Fields{"parent_id": "Tổ chức cấp trên đã giải thể."}}
		}
		if !p.Kind.CanContain(in.Kind) {
			return domain.Org{}, &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("%s không thể trực thuộc %s.", in.Kind.Label(), p.Kind.Label()),
				Fields: domain.Fields{"kind": fmt.Sprintf("%s không có tổ chức trực thuộc loại này.", p.Kind.Label())}}
		}
		if in.ValidFrom.Before(p.ValidFrom) {
			return domain.Org{}, &domain.Error{Code: domain.CodeInvalid, Message: "Ngày thành lập trước ngày thành lập tổ chức cấp trên.", Fields: domain.Fields{"valid_from": "Ngày thành lập trước ngày thành lập tổ chức cấp trên."}}
		}
		parentPath = p.Path
	}
	var n int
	if err := tx.queryRow("SELECT count(*) FROM orgs WHERE code = ?", in.Code).Scan(&n); err != nil {
		return domain.Org{}, err
	}
	if n > 0 {
		return domain.Org{}, &domain.Error{Code: domain.CodeConflict, Message: "Mã tổ chức đã có.", Fields: domain.Fields{"code": "Mã " + in.Code + " đã được dùng."}}
	}
	now := tx.db.stamp()
	id, err := tx.insert(`INSERT INTO orgs (code, name, kind, parent_id, path, valid_from, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		in.Code, in.Name, string(in.Kind), nullID(in.ParentID), "pending:"+in.Code, in.ValidFrom, now, now)
	if err != nil {
		return domain.Org{}, err
	}
	path := parentPath + strconv.FormatInt(id, 10) + "/"
	if _, err := tx.exec("UPDATE orgs SET path = ? WHERE id = ?", path, id); err != nil {
		return domain.Org{}, err
	}
	if _, err := tx.exec("INSERT INTO org_versions (org_id, name, parent_id, valid_from) VALUES (?, ?, ?, ?)", id, in.Name, nullID(in.ParentID), in.ValidFrom); err != nil {
		return domain.Org{}, err
	}
	return domain.Org{ID: id, Code: in.Code, Name: in.Name, Kind: in.Kind, KindLabel: in.Kind.Label(), ParentID: in.ParentID, Path: path, ValidFrom: in.ValidFrom}, nil
}

// newVersion closes the open version of an organisation on day d and opens
// one with the given name and parent.
func (tx *Tx) newVersion(id int64, name string, parent int64, d domain.Date) error {
	if _, err := tx.exec("DELETE FROM org_versions WHERE org_id = ? AND valid_to IS NULL AND valid_from = ?", id, d); err != nil {
		return err // a second change on the same day replaces that day's version
	}
	if _, err := tx.exec("UPDATE org_versions SET valid_to = ? WHERE org_id = ? AND valid_to IS NULL", d, id); err != nil {
		return err
	}
	_, err := tx.exec("INSERT INTO org_versions (org_id, name, parent_id, valid_from) VALUES (?, ?, ?, ?)", id, name, nullID(parent), d)
	return err
}

// RenameOrg renames an organisation from the decision's date.
func (db *DB) RenameOrg(ctx context.Context, a domain.Actor, id int64, name string, dec domain.Decision) (domain.Org, error) {
	if err := domain.ValidateDecision(&dec); err != nil {
		return domain.Org{}, err
	}
	name = viet.Clean(name)
	if name == "" {
		return domain.Org{}, &domain.Error{Code: domain.CodeInvalid, Message: "Chưa nhập tên mới.", Fields: domain.Fields{"name": "Chưa nhập tên mới."}}
	}
	if err := domain.CheckText("name", "Tên tổ chức", viet.Proper, name); err != nil {
		return domain.Org{}, err
	}
	var out domain.Org
	err := db.write(ctx, a, func(tx *Tx) error {
		o, err := tx.writableOrg(id, dec.Date)
		if err != nil {
			return err
		}
		if _, err := tx.exec("UPDATE orgs SET name = ?, updated_at = ? WHERE id = ?", name, tx.db.stamp(), id); err != nil {
			return err
		}
		if err := tx.newVersion(id, name, o.ParentID, dec.Date); err != nil {
			return err
		}
		out = o
		out.Name = name
		return tx.audit("org.rename", "org", id, o.Path, o, struct {
			domain.Org
			Decision domain.Decision `json:"decision"`
		}{out, dec})
	})
	return out, err
}

// MoveOrg puts an organisation and its whole subtree under another parent.
func (db *DB) MoveOrg(ctx context.Context, a domain.Actor, id, parentID int64, dec domain.Decision) (domain.Org, error) {
	if err := domain.ValidateDecision(&dec); err != nil {
		return domain.Org{}, err
	}
	var out domain.Org
	err := db.write(ctx, a, func(tx *Tx) error {
		o, err := tx.writableOrg(id, dec.Date)
		if err != nil {
			return err
		}
		before := o
		if out, err = tx.move(o, parentID, dec.Date); err != nil {
			return err
		}
		return tx.audit("org.move", "org", id, out.Path, before, struct {
			domain.Org
			Decision domain.Decision `json:"decision"`
		}{out, dec})
	})
	return out, err
}

// move re-parents o and rewrites the paths of its subtree and of the members
// in it with two set-based updates.
func (tx *Tx) move(o domain.Org, parentID int64, d domain.Date) (domain.Org, error) {
	p, err := tx.org(parentID)
	if err != nil {
		return o, &domain.Error{Code: domain.CodeInvalid, Message: "Tổ chức cấp trên mới không có hoặc ngoài phạm vi.", Fields: domain.Fields{"parent_id": "Không tìm thấy tổ chức cấp trên."}}
	}
	switch {
	case !p.ValidTo.IsZero():
		return o, &domain.Error{Code: domain.CodeInvalid, Message: "Tổ chức cấp trên mới đã giải thể.", Fields: domain.Fields{"parent_id": "Đã giải thể."}}
	case len(p.Path) >= len(o.Path) && p.Path[:len(o.Path)] == o.Path:
		return o, &domain.Error{Code: domain.CodeInvalid, Message: "Không thể chuyển một tổ chức vào chính nó hoặc tổ chức trực thuộc nó.", Fields: domain.Fields{"parent_id": "Không thể chọn tổ chức này."}}
	case !p.Kind.CanContain(o.Kind):
		return o, &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("%s không thể trực thuộc %s.", o.Kind.Label(), p.Kind.Label()), Fields: domain.Fields{"parent_id": "Loại tổ chức cấp trên không phù hợp."}}
	}
	newPath := p.Path + strconv.FormatInt(o.ID, 10) + "/"
	lo, hi := pathRange(o.Path)
	if _, err := tx.exec("UPDATE orgs SET path = ? || substr(path, ?) WHERE path >= ? AND path < ?", newPath, len(o.Path)+1, lo, hi); err != nil {
		return o, err
	}
	// Every table that copies the path for its subtree reads follows.
	for _, table := range []string{"members", "meetings", "meeting_attendance", "fee_months", "fee_totals", "fee_remittances"} {
		if _, err := tx.exec("UPDATE "+table+" SET org_path = ? || substr(org_path, ?) WHERE org_path >= ? AND org_path < ?", newPath, len(o.Path)+1, lo, hi); err != nil {
			return o, err
		}
	}
	if _, err := tx.exec("UPDATE orgs SET parent_id = ?, updated_at = ? WHERE id = ?", p.ID, tx.db.stamp(), o.ID); err != nil {
		return o, err
	}
	if err := tx.newVersion(o.ID, o.Name, p.ID, d); err != nil {
		return o, err
	}
	o.ParentID, o.Path = p.ID, newPath
	return o, nil
}

// close ends an organisation on day d with a reason and a successor.
func (tx *Tx) close(o domain.Org, d domain.Date, reason, decision string, successor int64) error {
	if _, err := tx.exec("UPDATE orgs SET valid_to = ?, closed_reason = ?, closed_decision = ?, successor_id = ?, updated_at = ? WHERE id = ?",
		d, reason, decision, nullID(successor), tx.db.stamp(), o.ID); err != nil {
		return err
	}
	_, err := tx.exec("UPDATE org_versions SET valid_to = ? WHERE org_id = ? AND valid_to IS NULL", d, o.ID)
	return err
}

// openChildren lists the ids of the open sub-organisations of an organisation.
func (tx *Tx) openChildren(id int64) ([]int64, error) {
	rows, err := tx.query("SELECT id FROM orgs WHERE parent_id = ? AND valid_to IS NULL ORDER BY id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// moveMembers moves the active members of cell from to cell to, recording a
// "moved" event and a new placement for each, with set-based statements.
func (tx *Tx) moveMembers(from, to domain.Org, d domain.Date, decision, reason string, memberIDs []int64) (int64, error) {
	cond, args := "org_id = ? AND "+tx.db.activeRow("status"), []any{from.ID}
	if memberIDs != nil {
		if len(memberIDs) == 0 {
			return 0, nil
		}
		cond += " AND id IN (" + placeholders(len(memberIDs)) + ")"
		for _, id := range memberIDs {
			args = append(args, id)
		}
	}
	// A member's history stays in date order: no move dated before their latest event.
	var later int
	if err := tx.queryRow("SELECT count(*) FROM member_events WHERE date > ? AND member_id IN (SELECT id FROM members WHERE "+cond+")",
		append([]any{d}, args...)...).Scan(&later); err != nil {
		return 0, err
	}
	if later > 0 {
		return 0, &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Có %d sự kiện của đảng viên trong %s sau ngày %s: ngày quyết định chuyển phải từ ngày của sự kiện gần nhất trở đi.", later, from.Name, d),
			Fields: domain.Fields{"date": "Trước sự kiện gần nhất của đảng viên."}}
	}
	now := tx.db.stamp()
	if _, err := tx.exec(`INSERT INTO member_events (member_id, kind, date, reason, decision, to_org_id, org_id, created_at, created_by)
		SELECT id, 'moved', ?, ?, ?, ?, org_id, ?, ? FROM members WHERE `+cond,
		append([]any{d, reason, decision, to.ID, now, nullID(tx.actor.UserID)}, args...)...); err != nil {
		return 0, err
	}
	if _, err := tx.exec(`UPDATE member_placements SET valid_to = ? WHERE valid_to IS NULL AND member_id IN (SELECT id FROM members WHERE `+cond+`)`,
		append([]any{d}, args...)...); err != nil {
		return 0, err
	}
	if _, err := tx.exec(`INSERT INTO member_placements (member_id, org_id, valid_from) SELECT id, ?, ? FROM members WHERE `+cond,
		append([]any{to.ID, d}, args...)...); err != nil {
		return 0, err
	}
	res, err := tx.exec("UPDATE members SET org_id = ?, org_path = ?, updated_at = ? WHERE "+cond, append([]any{to.ID, to.Path, now}, args...)...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func placeholders(n int) string {
	b := make([]byte, 0, 2*n)
	for i := range n {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '?')
	}
	return string(b)
}

// activeMembers counts the active members directly in an organisation.
func (tx *Tx) activeMembers(id int64) (int, error) {
	var n int
	err := tx.queryRow("SELECT count(*) FROM members WHERE org_id = ? AND "+tx.db.activeRow("status"), id).Scan(&n)
	return n, err
}

// MergeInput names the organisations that merge and the one they become:
// either an existing open organisation (IntoID) or a new one (Into).
type MergeInput struct {
	SourceIDs []int64          `json:"source_ids"`
	IntoID    int64            `json:"into_id"`
	Into      *domain.OrgInput `json:"into"`
	domain.Decision
}

// MergeOrgs merges organisations: their sub-organisations and members move to
// the successor, and each source is closed on the decision's date, linked to
// its successor.
func (db *DB) MergeOrgs(ctx context.Context, a domain.Actor, in MergeInput) (domain.Org, error) {
	if err := domain.ValidateDecision(&in.Decision); err != nil {
		return domain.Org{}, err
	}
	if len(in.SourceIDs) == 0 || (in.IntoID == 0) == (in.Into == nil) {
		return domain.Org{}, &domain.Error{Code: domain.CodeInvalid, Message: "Chọn các tổ chức sáp nhập và một tổ chức sau sáp nhập (đã có hoặc tạo mới).", Fields: domain.Fields{"source_ids": "Chưa chọn tổ chức."}}
	}
	if in.Into != nil {
		in.Into.ValidFrom = in.Date
		if err := domain.ValidateOrg(in.Into); err != nil {
			return domain.Org{}, err
		}
	}
	var into domain.Org
	err := db.write(ctx, a, func(tx *Tx) error {
		var err error
		if in.Into != nil {
			if into, err = tx.createOrg(*in.Into); err != nil {
				return err
			}
			if err := tx.audit("org.create", "org", into.ID, into.Path, nil, into); err != nil {
				return err
			}
		} else if into, err = tx.writableOrg(in.IntoID, in.Date); err != nil {
			return err
		}
		seen := map[int64]bool{}
		for _, sid := range in.SourceIDs {
			if sid == into.ID || seen[sid] {
				return &domain.Error{Code: domain.CodeInvalid, Message: "Danh sách tổ chức sáp nhập bị trùng.", Fields: domain.Fields{"source_ids": "Trùng tổ chức."}}
			}
			seen[sid] = true
			src, err := tx.writableOrg(sid, in.Date)
			if err != nil {
				return err
			}
			if err := tx.absorb(src, into, in.Decision, "merge"); err != nil {
				return err
			}
		}
		return nil
	})
	return into, err
}

// absorb moves everything of src into dst and closes src.
func (tx *Tx) absorb(src, dst domain.Org, dec domain.Decision, kind string) error {
	before := src
	kids, err := tx.openChildren(src.ID)
	if err != nil {
		return err
	}
	for _, k := range kids {
		ko, err := tx.org(k)
		if err != nil {
			return err
		}
		if _, err := tx.move(ko, dst.ID, dec.Date); err != nil {
			return err
		}
	}
	n, err := tx.activeMembers(src.ID)
	if err != nil {
		return err
	}
	if n > 0 {
		if !dst.Kind.IsCell() {
			return domain.Errorf(domain.CodeInvalid, "%s có đảng viên sinh hoạt trực tiếp, chỉ có thể sáp nhập vào một chi bộ.", src.Name)
		}
		if _, err := tx.moveMembers(src, dst, dec.Date, dec.Number, "Sáp nhập "+src.Name+" vào "+dst.Name, nil); err != nil {
			return err
		}
	}
	if err := tx.close(src, dec.Date, kind, dec.Number, dst.ID); err != nil {
		return err
	}
	if _, err := tx.exec("INSERT INTO org_links (from_id, to_id, kind, date, decision) VALUES (?, ?, ?, ?, ?)", src.ID, dst.ID, kind, dec.Date, dec.Number); err != nil {
		return err
	}
	after := before
	after.ValidTo, after.ClosedReason, after.ClosedDecision, after.SuccessorID = dec.Date, kind, dec.Number, dst.ID
	return tx.audit("org."+kind, "org", src.ID, src.Path, before, struct {
		domain.Org
		MembersMoved  int             `json:"members_moved"`
		ChildrenMoved []int64         `json:"children_moved"`
		Decision      domain.Decision `json:"decision"`
	}{after, n, kids, dec})
}

// SplitPart is one organisation a split creates, with the sub-organisations
// and members it takes over.
type SplitPart struct {
	Org       domain.OrgInput `json:"org"`
	ChildIDs  []int64         `json:"child_ids"`
	MemberIDs []int64         `json:"member_ids"`
}

// SplitInput splits one organisation into several new ones.
type SplitInput struct {
	Parts []SplitPart `json:"parts"`
	domain.Decision
}

// SplitOrg splits an organisation: every open sub-organisation and active
// member must go to exactly one part; the source is closed.
func (db *DB) SplitOrg(ctx context.Context, a domain.Actor, id int64, in SplitInput) ([]domain.Org, error) {
	if err := domain.ValidateDecision(&in.Decision); err != nil {
		return nil, err
	}
	if len(in.Parts) < 2 {
		return nil, &domain.Error{Code: domain.CodeInvalid, Message: "Chia tách cần ít nhất hai tổ chức mới.", Fields: domain.Fields{"parts": "Cần ít nhất hai tổ chức mới."}}
	}
	var out []domain.Org
	err := db.write(ctx, a, func(tx *Tx) error {
		src, err := tx.writableOrg(id, in.Date)
		if err != nil {
			return err
		}
		kids, err := tx.openChildren(id)
		if err != nil {
			return err
		}
		var members []int64
		rows, err := tx.query("SELECT id FROM members WHERE org_id = ? AND "+tx.db.activeRow("status")+" ORDER BY id", id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var m int64
			if err := rows.Scan(&m); err != nil {
				rows.Close()
				return err
			}
			members = append(members, m)
		}
		rows.Close()
		var gotKids, gotMembers []int64
		for _, p := range in.Parts {
			gotKids = append(gotKids, p.ChildIDs...)
			gotMembers = append(gotMembers, p.MemberIDs...)
		}
		slices.Sort(gotKids)
		slices.Sort(gotMembers)
		if !slices.Equal(gotKids, kids) || !slices.Equal(gotMembers, members) {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Mỗi tổ chức trực thuộc và mỗi đảng viên của tổ chức bị chia tách phải được giao cho đúng một tổ chức mới.", Fields: domain.Fields{"parts": "Phân chia chưa đủ hoặc bị trùng."}}
		}
		for _, p := range in.Parts {
			p.Org.ParentID, p.Org.ValidFrom = src.ParentID, in.Date
			if err := domain.ValidateOrg(&p.Org); err != nil {
				return err
			}
			no, err := tx.createOrg(p.Org)
			if err != nil {
				return err
			}
			if err := tx.audit("org.create", "org", no.ID, no.Path, nil, no); err != nil {
				return err
			}
			for _, k := range p.ChildIDs {
				ko, err := tx.org(k)
				if err != nil {
					return err
				}
				if _, err := tx.move(ko, no.ID, in.Date); err != nil {
					return err
				}
			}
			if len(p.MemberIDs) > 0 {
				if !no.Kind.IsCell() {
					return domain.Errorf(domain.CodeInvalid, "Chỉ chi bộ mới nhận đảng viên (%s).", no.Name)
				}
				if _, err := tx.moveMembers(src, no, in.Date, in.Number, "Chia tách "+src.Name, p.MemberIDs); err != nil {
					return err
				}
			}
			if _, err := tx.exec("INSERT INTO org_links (from_id, to_id, kind, date, decision) VALUES (?, ?, 'split', ?, ?)", src.ID, no.ID, in.Date, in.Number); err != nil {
				return err
			}
			out = append(out, no)
		}
		if err := tx.close(src, in.Date, "split", in.Number, 0); err != nil {
			return err
		}
		after := src
		after.ValidTo, after.ClosedReason, after.ClosedDecision = in.Date, "split", in.Number
		return tx.audit("org.split", "org", src.ID, src.Path, src, struct {
			domain.Org
			Decision domain.Decision `json:"decision"`
		}{after, in.Decision})
	})
	return out, err
}

// DissolveOrg closes an organisation that has no open sub-organisation and no
// active member.
func (db *DB) DissolveOrg(ctx context.Context, a domain.Actor, id int64, dec domain.Decision) (domain.Org, error) {
	if err := domain.ValidateDecision(&dec); err != nil {
		return domain.Org{}, err
	}
	var out domain.Org
	err := db.write(ctx, a, func(tx *Tx) error {
		o, err := tx.writableOrg(id, dec.Date)
		if err != nil {
			return err
		}
		kids, err := tx.openChildren(id)
		if err != nil {
			return err
		}
		n, err := tx.activeMembers(id)
		if err != nil {
			return err
		}
		if len(kids) > 0 || n > 0 {
			return domain.Errorf(domain.CodeConflict, "Không thể giải thể %s: còn %d tổ chức trực thuộc và %d đảng viên đang sinh hoạt. Hãy chuyển hoặc sáp nhập trước.", o.Name, len(kids), n)
		}
		if err := tx.close(o, dec.Date, "dissolve", dec.Number, 0); err != nil {
			return err
		}
		out = o
		out.ValidTo, out.ClosedReason, out.ClosedDecision = dec.Date, "dissolve", dec.Number
		return tx.audit("org.dissolve", "org", id, o.Path, o, struct {
			domain.Org
			Decision domain.Decision `json:"decision"`
		}{out, dec})
	})
	return out, err
}

// Ancestors returns the organisations above one the actor can read, from the
// top down. Whoever sees an organisation may see the names of those above it
// (a member sheet is headed by them), even outside the actor's scope.
func (db *DB) Ancestors(ctx context.Context, a domain.Actor, id int64) ([]domain.Org, error) {
	o, err := db.Org(ctx, a, id)
	if err != nil {
		return nil, err
	}
	var ids []any
	for _, seg := range strings.Split(strings.Trim(o.Path, "/"), "/") {
		if n, err := strconv.ParseInt(seg, 10, 64); err == nil && n != id {
			ids = append(ids, n)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := db.query(ctx, "SELECT "+orgCols+" FROM orgs o WHERE o.id IN ("+placeholders(len(ids))+") ORDER BY length(o.path)", ids...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Org
	for rows.Next() {
		a, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
