package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

type accountRow struct {
	store.User
	Scope string
}

type shownPassword struct{ Msg, User, Password string }

type accountsPage struct {
	Users        []accountRow
	Roles        []option
	Raw, Errs    map[string]string
	Error, Flash string
	Shown        *shownPassword
	Tokens       []store.Token // every account's API tokens
}

// accountsPageFor lists the accounts with the names of their scopes. Only an
// administrator may (the store refuses everyone else).
func (s *Server) accountsPageFor(r *http.Request, sess store.Session) (accountsPage, error) {
	users, err := s.DB.Users(r.Context(), sess.Actor)
	if err != nil {
		return accountsPage{}, err
	}
	p := accountsPage{Raw: map[string]string{"role": string(domain.RoleSecretary)}, Errs: map[string]string{}}
	for _, u := range users {
		var names []string
		for _, oid := range u.OrgIDs {
			if o, err := s.DB.Org(r.Context(), sess.Actor, oid); err == nil {
				names = append(names, o.Name+" ("+o.Code+")")
			}
		}
		if u.MemberID != 0 {
			if m, err := s.Members.Member(r.Context(), sess.Actor, u.MemberID); err == nil {
				names = append(names, "hồ sơ của "+m.FullName)
			}
		}
		if u.Role == domain.RoleAdmin {
			names = append(names, "toàn hệ thống")
		}
		p.Users = append(p.Users, accountRow{u, strings.Join(names, "; ")})
	}
	for _, r := range domain.Roles {
		p.Roles = append(p.Roles, option{string(r), r.Label()})
	}
	if p.Tokens, err = s.DB.Tokens(r.Context(), sess.Actor, ""); err != nil {
		return accountsPage{}, err
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

func (s *Server) accountCreate(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.accountsPageFor(r, sess)
	if err != nil {
		return err
	}
	for _, k := range []string{"username", "display_name", "role", "orgs", "member_id"} {
		p.Raw[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	in := store.UserInput{Username: p.Raw["username"], DisplayName: p.Raw["display_name"], Role: domain.Role(p.Raw["role"]), Password: store.RandomPassword()}
	in.MemberID, _ = strconv.ParseInt(p.Raw["member_id"], 10, 64)
	var bad []string
	for _, code := range strings.Split(p.Raw["orgs"], ",") {
		if code = strings.ToUpper(strings.TrimSpace(code)); code == "" {
			continue
		}
		o, err := s.DB.OrgByCode(r.Context(), sess.Actor, code)
		if err != nil {
			bad = append(bad, code)
			continue
		}
		in.OrgIDs = append(in.OrgIDs, o.ID)
	}
	if len(bad) > 0 {
		err = &domain.Error{Code: domain.CodeInvalid, Message: "Không có tổ chức mã " + strings.Join(bad, ", ") + ".", Fields: domain.Fields{"org_ids": "Kiểm tra lại mã tổ chức."}}
	} else {
		_, err = s.DB.CreateUser(r.Context(), sess.Actor, in)
	}
	var de *domain.Error
	if errors.As(err, &de) && (de.Code == domain.CodeInvalid || de.Code == domain.CodeConflict) {
		p.Error, p.Errs = de.Message, de.Fields
		s.renderAccounts(w, http.StatusUnprocessableEntity, sess, p)
		return nil
	}
	if err != nil {
		return err
	}
	p, err = s.accountsPageFor(r, sess)
	if err != nil {
		return err
	}
	p.Shown = &shownPassword{"Đã tạo tài khoản " + strings.ToLower(in.Username) + ".", strings.ToLower(in.Username), in.Password}
	s.renderAccounts(w, http.StatusOK, sess, p)
	return nil
}

func (s *Server) accountLock(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	name, disabled := r.PostFormValue("username"), r.PostFormValue("disabled") == "1"
	if err := s.DB.SetDisabled(r.Context(), sess.Actor, name, disabled); err != nil {
		return err
	}
	p, err := s.accountsPageFor(r, sess)
	if err != nil {
		return err
	}
	p.Flash = "Đã mở khóa tài khoản " + name + ". Các mã truy cập API đã thu hồi khi khóa không dùng lại được; cấp mã mới nếu cần."
	if disabled {
		p.Flash = "Đã khóa tài khoản " + name + "; các phiên đăng nhập kết thúc và các mã truy cập API của tài khoản này bị thu hồi."
	}
	s.renderAccounts(w, http.StatusOK, sess, p)
	return nil
}

func (s *Server) accountReset(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	name, pw := r.PostFormValue("username"), store.RandomPassword()
	if err := s.DB.SetPassword(r.Context(), sess.Actor, name, pw); err != nil {
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
