package accounts

import (
	"context"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/totp"
)

// OwnView is an account's own page: whether its password must be changed,
// its second factor and its API tokens.
type OwnView struct {
	MustChange bool            `json:"must_change_password"`
	TOTP       store.TOTPState `json:"-"`
	Tokens     []store.Token   `json:"tokens"`
}

// Own reads the signed-in account's own page.
func (s *Service) Own(ctx context.Context, sess store.Session) (OwnView, error) {
	v := OwnView{MustChange: sess.MustChange}
	err := s.DB.Read(ctx, sess.Actor, func(tx *store.Tx) (err error) {
		if v.TOTP, err = tx.TOTP(); err != nil {
			return err
		}
		v.Tokens, err = tx.Tokens("")
		return err
	})
	return v, err
}

// ChangePassword sets the signed-in account's own password after checking
// the current one (the check counts against the lock, as a sign-in does).
// Every session of the account ends and every API token is revoked; the
// browser that made the change goes on under the session returned. A
// password that had to be changed no longer has to.
func (s *Service) ChangePassword(ctx context.Context, sess store.Session, current, next, again string) (store.Session, error) {
	if next != again {
		return store.Session{}, &domain.Error{Code: domain.CodeInvalid, Message: "Hai lần nhập mật khẩu mới không khớp.", Fields: domain.Fields{"again": "Không khớp với mật khẩu mới."}}
	}
	return s.DB.ChangePassword(ctx, sess, current, next)
}

// TOTP reads the signed-in account's second factor.
func (s *Service) TOTP(ctx context.Context, sess store.Session) (store.TOTPState, error) {
	var st store.TOTPState
	err := s.DB.Read(ctx, sess.Actor, func(tx *store.Tx) (err error) {
		st, err = tx.TOTP()
		return err
	})
	return st, err
}

// BeginTOTP gives the signed-in account a new secret to add to an
// authenticator app; it takes effect once a code from it is confirmed.
func (s *Service) BeginTOTP(ctx context.Context, sess store.Session) (store.TOTPState, error) {
	secret := totp.NewSecret()
	err := s.DB.Write(ctx, sess.Actor, func(tx *store.Tx) error { return tx.BeginTOTP(secret) })
	return store.TOTPState{Pending: secret}, err
}

// EnableTOTP turns the second factor on once a code from the new secret is
// right; the account's other sessions end.
func (s *Service) EnableTOTP(ctx context.Context, sess store.Session, code string) error {
	return s.DB.Write(ctx, sess.Actor, func(tx *store.Tx) error { return tx.EnableTOTP(code, sess.Token) })
}

// DisableTOTP turns the signed-in account's second factor off after checking
// its password (counted against the lock, as a sign-in is).
func (s *Service) DisableTOTP(ctx context.Context, sess store.Session, password string) error {
	return s.DB.DisableTOTP(ctx, sess, password)
}

// SignIn checks a user name and password and opens a session, or a pending
// one when the account has a second factor. Its guarantees are the store's
// (store.DB.Login): the attempt is reserved in one UPDATE before the
// password is checked, at most a few argon2id checks run at once, and every
// failure looks alike.
func (s *Service) SignIn(ctx context.Context, username, password string) (store.Session, error) {
	return s.DB.Login(ctx, username, password)
}

// Pending returns a sign-in that awaits its second factor.
func (s *Service) Pending(ctx context.Context, token string) (store.Session, error) {
	return s.DB.PendingSession(ctx, token)
}

// SignInCode completes a pending sign-in with the code of the authenticator
// app: a code works once, taken by a conditional update (store.DB.CompleteLogin).
func (s *Service) SignInCode(ctx context.Context, pending store.Session, code string) (store.Session, error) {
	return s.DB.CompleteLogin(ctx, pending, code)
}

// Session returns the session of a cookie that is still valid.
func (s *Service) Session(ctx context.Context, token string) (store.Session, error) {
	return s.DB.SessionByToken(ctx, token)
}

// SignOut ends a session.
func (s *Service) SignOut(ctx context.Context, sess store.Session) error {
	return s.DB.Logout(ctx, sess)
}

// TokenActor returns the actor of an API token that is neither revoked nor
// expired. A token works whether or not its account's password must be
// changed: tokens are given apart from passwords, by an administrator, to a
// program that never signs in with the password.
func (s *Service) TokenActor(ctx context.Context, token string) (domain.Actor, error) {
	return s.DB.ActorByToken(ctx, token)
}

// ActorOf returns the actor of an enabled account, for work done on the
// command line in that account's scope.
func (s *Service) ActorOf(ctx context.Context, username string) (domain.Actor, error) {
	return s.DB.ActorByUsername(ctx, username)
}
