// Package accounts holds the user actions on accounts: the list of the
// accounts one looks after, creating one (with pickers that find
// organisations and members by name), locking, password resets and second
// factor resets, API tokens; each account's own page (password change,
// second factor, tokens); and signing in and out.
//
// Each exported method is one user action: it takes the actor (or, for an
// account's own actions, its session), runs in one transaction or one read
// snapshot, and returns the view that the screens, the API and the command
// line render. Two things run outside the transaction on purpose: hashing a
// new password (argon2id through the store's gate: a write must not wait
// for it), and the sign-in protocol, whose attempt is reserved in one
// transaction before the password or code is checked and recorded in
// another (store/attempts.go), so that parallel guesses cannot outrun the
// lock.
package accounts

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Service runs the account actions against a database.
type Service struct{ DB *store.DB }

// Account is an account as the list of accounts shows it.
type Account struct {
	store.User
	Scope string `json:"scope"` // what the account reaches, by name
}

// ListView is the accounts an actor looks after, and for an administrator
// every API token.
type ListView struct {
	Accounts []Account     `json:"accounts"`
	Tokens   []store.Token `json:"tokens,omitempty"`
	Roles    []domain.Role `json:"-"` // the roles the actor gives
	Admin    bool          `json:"-"` // gives API tokens and resets second factors
}

var errManagesNoAccounts = &domain.Error{Code: domain.CodeForbidden, Message: "Vai trò của bạn không quản lý tài khoản."}

func manages(a domain.Actor) error {
	if !a.Role.ManagesAccounts() {
		return errManagesNoAccounts
	}
	return nil
}

// List reads the accounts the actor looks after (an administrator every
// one; organisation staff those of the roles they give, in their subtrees),
// each with what it reaches by name.
func (s *Service) List(ctx context.Context, a domain.Actor) (ListView, error) {
	v := ListView{Admin: a.All(), Accounts: []Account{}}
	if err := manages(a); err != nil {
		return v, err
	}
	for _, r := range domain.Roles {
		if r.GrantedBy(a.Role) {
			v.Roles = append(v.Roles, r)
		}
	}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		users, err := tx.Users()
		if err != nil {
			return err
		}
		var orgIDs, memberIDs []int64
		for _, u := range users {
			orgIDs = append(orgIDs, u.OrgIDs...)
			if u.MemberID != 0 {
				memberIDs = append(memberIDs, u.MemberID)
			}
		}
		orgs, err := tx.OrgRefs(orgIDs)
		if err != nil {
			return err
		}
		members, err := tx.Names("member", memberIDs)
		if err != nil {
			return err
		}
		for _, u := range users {
			var scope []string
			for _, id := range u.OrgIDs {
				scope = append(scope, orgs[id].Name+" ("+orgs[id].Code+")")
			}
			if u.MemberID != 0 {
				scope = append(scope, "hồ sơ của "+members[u.MemberID])
			}
			if u.Role == domain.RoleAdmin {
				scope = append(scope, "toàn hệ thống")
			}
			v.Accounts = append(v.Accounts, Account{u, strings.Join(scope, "; ")})
		}
		if a.All() {
			v.Tokens, err = tx.Tokens("")
		}
		return err
	})
	return v, err
}

// Choice is an organisation or a member offered by a picker.
type Choice struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Detail string `json:"detail"` // what tells two of the same name apart
	Code   string `json:"code,omitempty"`
	Chosen bool   `json:"chosen,omitempty"`
}

// pickerRows is how many choices a picker offers.
const pickerRows = 12

// FindOrgs offers the open organisations of the actor's scope whose name or
// code matches what was typed (two letters at least), for the account form;
// those already ticked (keep) come first, ticked.
func (s *Service) FindOrgs(ctx context.Context, a domain.Actor, q string, keep []int64) ([]Choice, error) {
	out := []Choice{}
	if err := manages(a); err != nil {
		return out, err
	}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		out, err = findOrgs(tx, q, keep)
		return err
	})
	return out, err
}

func findOrgs(tx *store.Tx, q string, keep []int64) ([]Choice, error) {
	out := []Choice{}
	kept := map[int64]bool{}
	if len(keep) > 0 {
		names, err := tx.Names("org", keep)
		if err != nil {
			return nil, err
		}
		for _, id := range keep {
			if n, ok := names[id]; ok && !kept[id] {
				kept[id] = true
				out = append(out, Choice{ID: id, Name: n, Chosen: true})
			}
		}
	}
	if utf8.RuneCountInString(strings.TrimSpace(q)) < 2 {
		return out, nil
	}
	orgs, err := tx.FindOrgs(q, pickerRows)
	for _, o := range orgs {
		if kept[o.ID] {
			continue
		}
		d := o.Code
		if o.Parent != "" {
			d += ", thuộc " + o.Parent
		}
		out = append(out, Choice{ID: o.ID, Name: o.Name, Detail: d, Code: o.Code})
	}
	return out, err
}

// FindMembers offers the members of the actor's scope whose name, card or
// citizen number matches what was typed (two letters at least).
func (s *Service) FindMembers(ctx context.Context, a domain.Actor, q string) ([]Choice, error) {
	out := []Choice{}
	if err := manages(a); err != nil {
		return out, err
	}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		out, err = findMembers(tx, q)
		return err
	})
	return out, err
}

func findMembers(tx *store.Tx, q string) ([]Choice, error) {
	out := []Choice{}
	if utf8.RuneCountInString(strings.TrimSpace(q)) < 2 {
		return out, nil
	}
	hits, err := tx.Search(q, pickerRows)
	for _, h := range hits {
		d := h.OrgName
		if !h.BirthDate.IsZero() {
			d = "sinh năm " + strconv.Itoa(h.BirthDate.Year()) + ", " + d
		}
		out = append(out, Choice{ID: h.ID, Name: h.FullName, Detail: d})
	}
	return out, err
}

// NewAccount is what a form gives to create an account: the account, and,
// when no organisation or member was picked from a list, what was typed to
// find them (a form without JavaScript sends the words; with it, the
// pickers have already offered the list).
type NewAccount struct {
	store.UserInput
	OrgQuery    string // names or codes, comma-separated
	MemberQuery string // a name, card or citizen number
}

// Created is a new account, with the password it was given when the system
// made one: shown once, never stored. On a refusal it holds what to show the
// form with again: what was ticked, and when what was typed matched more
// than one organisation or member, the candidates to choose from.
type Created struct {
	store.User
	Password      string   `json:"password,omitempty"`
	OrgChoices    []Choice `json:"-"`
	MemberChoices []Choice `json:"-"`
}

// Create creates an account. Without a password, one is generated and
// returned once. Either way the holder must change it at the first sign-in:
// someone else chose or saw it. The organisations and the member's record
// are read in the actor's scope (domain.CheckGrant): an account tied to a
// member outside it is refused, and nothing is written.
func (s *Service) Create(ctx context.Context, a domain.Actor, na NewAccount) (Created, error) {
	if err := manages(a); err != nil {
		return Created{}, err
	}
	in := na.UserInput
	generated := in.Password == ""
	if generated {
		in.Password = store.RandomPassword()
	}
	in.MustChange = true
	resolveLater := (len(in.OrgIDs) == 0 && strings.TrimSpace(na.OrgQuery) != "") || (in.MemberID == 0 && strings.TrimSpace(na.MemberQuery) != "")
	chk := in
	if resolveLater { // checked again once found
		chk.OrgIDs, chk.MemberID = []int64{-1}, -1
	}
	var c Created
	if _, err := store.CheckUserInput(chk); err != nil {
		// Refused before anything is read; what was ticked is named for the
		// form shown again.
		if rerr := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) { return c.ticked(tx, in) }); rerr != nil {
			return c, rerr
		}
		return c, err
	}
	in, _ = store.CheckUserInput(in)
	hash, err := s.DB.HashPassword(ctx, in.Password)
	if err != nil {
		return Created{}, err
	}
	err = s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		if err := c.ticked(tx, in); err != nil {
			return err
		}
		if in.Role.NeedsOrgs() && len(in.OrgIDs) == 0 {
			if in.OrgIDs, c.OrgChoices, err = pickOrgs(tx, na.OrgQuery); err != nil {
				return err
			}
		}
		if in.Role == domain.RoleMember && in.MemberID == 0 {
			if in.MemberID, c.MemberChoices, err = pickMember(tx, na.MemberQuery); err != nil {
				return err
			}
		}
		if in, err = store.CheckUserInput(in); err != nil {
			return err
		}
		c.User, err = tx.CreateUser(in, hash)
		return err
	})
	if err == nil {
		c.OrgChoices, c.MemberChoices = nil, nil
		if generated {
			c.Password = in.Password
		}
	}
	return c, err
}

// ticked names the organisations and the member ticked in the form, for
// the form shown again on a refusal.
func (c *Created) ticked(tx *store.Tx, in store.UserInput) (err error) {
	if c.OrgChoices, err = findOrgs(tx, "", in.OrgIDs); err != nil {
		return err
	}
	if in.MemberID == 0 {
		return nil
	}
	names, err := tx.Names("member", []int64{in.MemberID})
	if n, ok := names[in.MemberID]; ok {
		c.MemberChoices = []Choice{{ID: in.MemberID, Name: n, Chosen: true}}
	}
	return err
}

// pickOrgs finds each organisation typed (comma-separated names or codes):
// a code, or the one organisation whose name matches. When a name matches
// several, their list is returned with an error asking to choose.
func pickOrgs(tx *store.Tx, typed string) ([]int64, []Choice, error) {
	var ids []int64
	var offer []Choice
	var unclear []string
	parts := strings.Split(typed, ",")
	if len(parts) > domain.MaxAccountOrgs { // each is a search inside the write: bounded before any
		return nil, nil, &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Phạm vi của một tài khoản có nhiều nhất %d tổ chức.", domain.MaxAccountOrgs),
			Fields: domain.Fields{"org_ids": "Quá nhiều tổ chức."}}
	}
	for _, part := range parts {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		found, err := findOrgs(tx, part, nil)
		if err != nil {
			return nil, nil, err
		}
		if len(found) == 0 {
			return nil, nil, &domain.Error{Code: domain.CodeInvalid, Message: "Không tìm thấy tổ chức «" + part + "» trong phạm vi của bạn.", Fields: domain.Fields{"org_ids": "Không tìm thấy «" + part + "»."}}
		}
		exact := -1
		for i, o := range found {
			if strings.EqualFold(o.Code, part) {
				exact = i
			}
		}
		switch {
		case exact >= 0:
			ids = append(ids, found[exact].ID)
		case len(found) == 1:
			ids = append(ids, found[0].ID)
		default:
			unclear, offer = append(unclear, part), append(offer, found...)
		}
	}
	if len(unclear) > 0 {
		return nil, offer, &domain.Error{Code: domain.CodeInvalid, Message: "Có nhiều tổ chức khớp «" + strings.Join(unclear, "», «") + "»: xin chọn trong danh sách.",
			Fields: domain.Fields{"org_ids": "Chọn tổ chức trong danh sách."}}
	}
	return ids, nil, nil
}

// pickMember finds the one member whose name or number matches what was
// typed; several are returned with an error asking to choose.
func pickMember(tx *store.Tx, typed string) (int64, []Choice, error) {
	found, err := findMembers(tx, typed)
	switch {
	case err != nil:
		return 0, nil, err
	case len(found) == 0:
		return 0, nil, domain.ErrMemberOutOfScope()
	case len(found) > 1:
		return 0, found, &domain.Error{Code: domain.CodeInvalid, Message: "Có nhiều đảng viên khớp «" + strings.TrimSpace(typed) + "»: xin chọn trong danh sách.",
			Fields: domain.Fields{"member_id": "Chọn đảng viên trong danh sách."}}
	}
	return found[0].ID, nil, nil
}

// SetDisabled locks or unlocks an account the actor looks after. Locking
// ends its sessions and revokes its API tokens.
func (s *Service) SetDisabled(ctx context.Context, a domain.Actor, username string, disabled bool) (store.User, error) {
	var u store.User
	err := s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		if u, err = tx.ManagedUser(username); err != nil {
			return err
		}
		if err = tx.SetDisabled(u, disabled); err == nil {
			u.Disabled = disabled
		}
		return err
	})
	return u, err
}

// ResetPassword gives an account the actor looks after a new generated
// password, returned once, which the holder must change at the next sign-in;
// its sessions end and its API tokens are revoked.
func (s *Service) ResetPassword(ctx context.Context, a domain.Actor, username string) (string, error) {
	pw := store.RandomPassword()
	return pw, s.SetPassword(ctx, a, username, pw, true)
}

// SetPassword sets the password of an account the actor looks after to
// one the actor chose (the command line reads it from its input); with
// mustChange the holder changes it at the next sign-in.
func (s *Service) SetPassword(ctx context.Context, a domain.Actor, username, pw string, mustChange bool) error {
	if err := manages(a); err != nil {
		return err
	}
	// The policy's checks that need no names, before the costly hash; the
	// names are checked with the account read in the write.
	if err := store.CheckPassword(pw, "", "", "password"); err != nil {
		return err
	}
	hash, err := s.DB.HashPassword(ctx, pw)
	if err != nil {
		return err
	}
	return s.DB.Write(ctx, a, func(tx *store.Tx) error {
		u, err := tx.ManagedUser(username)
		if err != nil {
			return err
		}
		return tx.SetPassword(u, pw, hash, mustChange)
	})
}

// ResetTOTP turns off another account's second factor (a lost phone) and
// ends its sessions. Administrators only (store.Tx.ResetTOTP says why).
func (s *Service) ResetTOTP(ctx context.Context, a domain.Actor, username string) error {
	if !a.All() {
		return &domain.Error{Code: domain.CodeForbidden, Message: "Chỉ quản trị hệ thống tắt được xác thực hai bước của tài khoản khác."}
	}
	return s.DB.Write(ctx, a, func(tx *store.Tx) error {
		u, err := tx.ManagedUser(username)
		if err != nil {
			return err
		}
		return tx.ResetTOTP(u)
	})
}

// Tokens lists API tokens, newest first: the actor's own, or for an
// administrator those of the account named (every account's when none is).
func (s *Service) Tokens(ctx context.Context, a domain.Actor, username string) ([]store.Token, error) {
	var out []store.Token
	err := s.DB.Read(ctx, a, func(tx *store.Tx) (err error) {
		out, err = tx.Tokens(username)
		return err
	})
	return out, err
}

// CreateToken gives an account an API token that stops working at expires
// (zero: never), returned once. Administrators only.
func (s *Service) CreateToken(ctx context.Context, a domain.Actor, username, name string, expires time.Time) (string, error) {
	var tok string
	err := s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		tok, err = tx.CreateToken(username, name, expires)
		return err
	})
	return tok, err
}

// RevokeToken revokes an API token at once: its owner's or, for an
// administrator, anyone's.
func (s *Service) RevokeToken(ctx context.Context, a domain.Actor, id int64) (store.Token, error) {
	var t store.Token
	err := s.DB.Write(ctx, a, func(tx *store.Tx) (err error) {
		t, err = tx.RevokeToken(id)
		return err
	})
	return t, err
}
