package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"dangvien/internal/app/accounts"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

type shownPassword struct{ Msg, User, Password string }

type accountsPage struct {
	accounts.ListView
	Roles         []option
	Raw, Errs     map[string]string
	Error, Flash  string
	Shown         *shownPassword
	OrgChoices    []accounts.Choice
	MemberChoices []accounts.Choice
	Confirm       *accounts.Account // an account to lock, once confirmed
}

// accountsPageFor lists the accounts the actor looks after (the use case
// refuses roles that look after none).
func (s *Server) accountsPageFor(r *http.Request, sess store.Session) (accountsPage, error) {
	v, err := s.Accounts.List(r.Context(), sess.Actor)
	if err != nil {
		return accountsPage{}, err
	}
	p := accountsPage{ListView: v, Raw: map[string]string{"role": string(domain.RoleSecretary)}, Errs: map[string]string{}}
	for _, role := range v.Roles {
		p.Roles = append(p.Roles, option{string(role), role.Label()})
	}
	return p, nil
}

func (s *Server) renderAccounts(w http.ResponseWriter, code int, sess store.Session, p accountsPage) {
	s.render(w, code, "accounts", view{Title: "Tài khoản", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
}

func (s *Server) accountsScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.accountsPageFor(r, sess)
	if err != nil {
		return err
	}
	if r.URL.Query().Get("da-thu-hoi") == "1" {
		p.Flash = revokedFlash
	}
	s.renderAccounts(w, http.StatusOK, sess, p)
	return nil
}

// ids reads the numbers of a multiple form field.
func ids(values []string) []int64 {
	var out []int64
	for _, v := range values {
		if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && n > 0 {
			out = append(out, n)
		}
	}
	return out
}

// accountCreate creates an account from the form: organisations and the
// member ticked in the pickers' lists, or found from what was typed.
func (s *Server) accountCreate(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	raw := map[string]string{}
	for _, k := range []string{"username", "display_name", "role", "orgs", "member"} {
		raw[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	in := accounts.NewAccount{UserInput: store.UserInput{Username: raw["username"], DisplayName: raw["display_name"], Role: domain.Role(raw["role"]),
		OrgIDs: ids(r.PostForm["org_ids"])}, OrgQuery: raw["orgs"], MemberQuery: raw["member"]}
	if m := ids(r.PostForm["member_id"]); len(m) > 0 {
		in.MemberID = m[0]
	}
	c, err := s.Accounts.Create(r.Context(), sess.Actor, in)
	var de *domain.Error
	if errors.As(err, &de) && (de.Code == domain.CodeInvalid || de.Code == domain.CodeConflict) {
		p, lerr := s.accountsPageFor(r, sess)
		if lerr != nil {
			return lerr
		}
		// What was ticked stays ticked, and what was found is offered.
		p.Raw, p.Error, p.Errs, p.OrgChoices, p.MemberChoices = raw, de.Message, de.Fields, c.OrgChoices, c.MemberChoices
		s.renderAccounts(w, http.StatusUnprocessableEntity, sess, p)
		return nil
	}
	if err != nil {
		return err
	}
	p, err := s.accountsPageFor(r, sess)
	if err != nil {
		return err
	}
	p.Shown = &shownPassword{"Đã tạo tài khoản " + c.Username + " (" + c.RoleLabel + ").", c.Username, c.Password}
	s.renderAccounts(w, http.StatusOK, sess, p)
	return nil
}

// accountOrgChoices answers the organisation picker as one types: the
// organisations found, as boxes to tick, after those already ticked.
func (s *Server) accountOrgChoices(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	q := r.URL.Query()
	list, err := s.Accounts.FindOrgs(r.Context(), sess.Actor, q.Get("orgs"), ids(q["org_ids"]))
	if err != nil {
		return err
	}
	s.renderPart(w, "accounts", "org_choices", accountsPage{OrgChoices: list, Raw: map[string]string{"orgs": q.Get("orgs")}})
	return nil
}

// accountMemberChoices answers the member picker as one types.
func (s *Server) accountMemberChoices(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	q := r.URL.Query()
	list, err := s.Accounts.FindMembers(r.Context(), sess.Actor, q.Get("member"))
	if err != nil {
		return err
	}
	s.renderPart(w, "accounts", "member_choices", accountsPage{MemberChoices: list, Raw: map[string]string{"member": q.Get("member")}})
	return nil
}

// accountLock locks or unlocks an account. Locking is asked for once more
// on a page of its own unless the form says it was confirmed (the list's
// button opens the confirmation in place).
func (s *Server) accountLock(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	name, disabled := strings.TrimSpace(r.PostFormValue("username")), r.PostFormValue("disabled") == "1"
	if disabled && r.PostFormValue("confirmed") != "1" {
		p, err := s.accountsPageFor(r, sess)
		if err != nil {
			return err
		}
		for i, a := range p.Accounts {
			if a.Username == strings.ToLower(name) {
				p.Confirm = &p.Accounts[i]
			}
		}
		if p.Confirm == nil {
			return domain.Errorf(domain.CodeNotFound, "Không có tài khoản %s trong phạm vi của bạn.", name)
		}
		s.render(w, http.StatusOK, "account_lock", view{Title: "Khóa tài khoản", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	u, err := s.Accounts.SetDisabled(r.Context(), sess.Actor, name, disabled)
	if err != nil {
		return err
	}
	p, err := s.accountsPageFor(r, sess)
	if err != nil {
		return err
	}
	p.Flash = "Đã mở khóa tài khoản " + u.Username + ". Các mã truy cập API đã thu hồi khi khóa không dùng lại được; cấp mã mới nếu cần."
	if disabled {
		p.Flash = "Đã khóa tài khoản " + u.Username + "; các phiên đăng nhập kết thúc và các mã truy cập API của tài khoản này bị thu hồi."
	}
	s.renderAccounts(w, http.StatusOK, sess, p)
	return nil
}

func (s *Server) accountReset(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	name := strings.ToLower(strings.TrimSpace(r.PostFormValue("username")))
	pw, err := s.Accounts.ResetPassword(r.Context(), sess.Actor, name)
	if err != nil {
		return err
	}
	p, err := s.accountsPageFor(r, sess)
	if err != nil {
		return err
	}
	p.Shown = &shownPassword{"Đã đặt lại mật khẩu; các phiên đăng nhập của tài khoản kết thúc và các mã truy cập API bị thu hồi.", name, pw}
	s.renderAccounts(w, http.StatusOK, sess, p)
	return nil
}
