// Package audit holds the user actions on the two logs: the audit trail of
// changes (with its filters, the names of what each row is about, what
// changed as "field: old → new", and the chain check) and the read log of
// personal data.
//
// Each exported method is one user action: it takes the actor, runs in one
// read snapshot, and returns the view that both the screen and the API
// render.
package audit

import (
	"context"
	"fmt"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Service runs the audit actions against a database.
type Service struct{ DB *store.DB }

// Entry is one audit row as a person reads it.
type Entry struct {
	store.AuditRow
	Who     string   `json:"who"`    // the account's display name; "Hệ thống" for the command line
	What    string   `json:"what"`   // the action in Vietnamese
	Access  bool     `json:"access"` // a sign-in, sign-out or refused attempt, not a change
	Target  string   `json:"target"` // what the row is about, by name
	Link    string   `json:"-"`      // the screen of what the row is about
	Changes []Change `json:"changes"`
}

// Change is one value a row changed or set, in Vietnamese: "Họ và tên:
// Nguyễn Thị Thảo → Nguyễn Thị Hồng Thảo". Old is blank for a value set
// where there was none, New for one taken away.
type Change struct {
	Field string `json:"field"`
	Label string `json:"label"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// LogView is a page of the audit trail.
type LogView struct {
	Filter    store.AuditFilter `json:"-"`
	Entries   []Entry           `json:"entries"`
	Older     int64             `json:"older,omitempty"` // the seq to page back from, 0 at the end
	CanVerify bool              `json:"-"`
}

// Log reads a page of the audit trail of the actor's scope, newest first,
// each row with who did it, what it is about and what changed, by name.
func (s *Service) Log(ctx context.Context, a domain.Actor, f store.AuditFilter) (LogView, error) {
	v := LogView{Filter: f, CanVerify: a.All(), Entries: []Entry{}}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		rows, err := tx.Audit(f)
		if err != nil {
			return err
		}
		if v.Entries, err = entries(tx, rows); err != nil {
			return err
		}
		if f.Limit > 0 && len(rows) == f.Limit {
			v.Older = rows[len(rows)-1].Seq
		}
		return nil
	})
	return v, err
}

// Recent lists the latest changes of the actor's scope, sign-ins and
// sign-outs left out, for the home page.
func (s *Service) Recent(ctx context.Context, a domain.Actor, n int) ([]Entry, error) {
	if !a.Role.ReadsAudit() {
		return nil, nil
	}
	v, err := s.Log(ctx, a, store.AuditFilter{Kind: store.AuditChanges, Limit: n})
	return v.Entries, err
}

// Verify walks the whole chain (administrators only).
func (s *Service) Verify(ctx context.Context, a domain.Actor) (store.VerifyResult, error) {
	var res store.VerifyResult
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		res, err = tx.VerifyAudit()
		return err
	})
	return res, err
}

// entries turns rows into entries, naming what they are about and the
// organisations and members their values refer to in one query per kind.
func entries(tx *store.Tx, rows []store.AuditRow) ([]Entry, error) {
	out := make([]Entry, len(rows))
	refs := refSet{}
	parsed := make([]parsedRow, len(rows))
	for i, r := range rows {
		parsed[i] = parse(r)
		refs.add(r.Entity, r.EntityID)
		parsed[i].refs(refs)
	}
	names, err := refs.names(tx)
	if err != nil {
		return nil, err
	}
	for i, r := range rows {
		e := Entry{AuditRow: r, Who: Who(r), What: store.ActionLabel(r.Action)}
		if act, ok := store.ActionOf(r.Action); ok {
			e.Access = act.Access()
		}
		e.Target, e.Link = target(r, parsed[i], names)
		e.Changes = parsed[i].changes(names)
		out[i] = e
	}
	return out, nil
}

// Who names the account of a row: its display name as it is now, or what
// the row recorded when there is no account.
func Who(r store.AuditRow) string {
	switch {
	case r.ActorName != "":
		return r.ActorName
	case r.Actor == domain.System.Username:
		return "Hệ thống"
	case r.ActorID == 0 && r.Actor == "(chưa đăng nhập)":
		return "Người chưa đăng nhập"
	}
	return r.Actor
}

// target names what a row is about and links to its screen: a member or an
// organisation by its name now (or, out of the reader's scope now, by the
// name the row recorded), a meeting by its cell, an account by its holder.
func target(r store.AuditRow, p parsedRow, names map[string]map[int64]string) (string, string) {
	name := names[r.Entity][r.EntityID]
	link := ""
	switch r.Entity {
	case "member":
		if name == "" {
			name = p.str("full_name")
		}
		if name != "" {
			link = fmt.Sprintf("/dang-vien/%d", r.EntityID)
		}
	case "org":
		if name == "" {
			name = p.str("name")
		}
		if r.EntityID != 0 {
			link = fmt.Sprintf("/to-chuc/%d", r.EntityID)
		}
	case "meeting":
		if name != "" {
			name, link = "buổi sinh hoạt của "+name, fmt.Sprintf("/sinh-hoat/%d", r.EntityID)
		}
	case "candidate":
		if name = p.str("full_name"); name == "" {
			name = fmt.Sprintf("hồ sơ người vào Đảng số %d", r.EntityID)
		}
		link = fmt.Sprintf("/quan-chung/%d", r.EntityID)
	case "user":
		if name == "" {
			name = p.str("display_name")
		}
		if u := p.str("username"); u != "" && name != "" && name != u {
			name += " (" + u + ")"
		} else if name == "" {
			name = u
		}
	case "token":
		if n := p.str("name"); n != "" {
			name = "«" + n + "» của " + p.str("username")
		}
	case "import":
		if n := p.str("source"); n != "" {
			name = "tệp " + n
		}
	case "rule":
		if n := p.str("name"); n != "" {
			name = ruleLabel(n)
		} else if reg := p.str("region"); reg != "" {
			name = "lương tối thiểu " + regionLabel(reg)
		}
	case "calendar_day":
		name = dateText(p.str("date"))
	}
	if name == "" && r.EntityID != 0 {
		// Moved out of the reader's scope since, and the row names nothing.
		name, link = store.EntityLabel(r.Entity)+" (nay ngoài phạm vi của bạn)", ""
	}
	return name, link
}
