package web

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"dangvien/internal/app/accounts"
	"dangvien/internal/app/admission"
	"dangvien/internal/app/audit"
	"dangvien/internal/app/badges"
	"dangvien/internal/app/celllife"
	"dangvien/internal/app/discipline"
	"dangvien/internal/app/evaluation"
	"dangvien/internal/app/fees"
	"dangvien/internal/app/members"
	"dangvien/internal/app/mobility"
	"dangvien/internal/app/orgs"
	"dangvien/internal/app/rules"
	"dangvien/internal/app/screening"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Server holds what the handlers need. It has no mutable global state.
type Server struct {
	DB          *store.DB
	Life        *celllife.Service
	Fees        *fees.Service
	Rules       *rules.Service
	Members     *members.Service
	Orgs        *orgs.Service
	Admission   *admission.Service
	Badges      *badges.Service
	Eval        *evaluation.Service
	Discipline  *discipline.Service
	Screening   *screening.Service
	Accounts    *accounts.Service
	Audit       *audit.Service
	JSONLimit   int64 // bytes of a JSON body
	UploadLimit int64 // bytes of an uploaded file
	// TrustedProxies are the addresses whose X-Forwarded-Proto is believed:
	// a request from one of them saying https is treated as HTTPS (Secure
	// cookies, HSTS). From anyone else the header is ignored.
	TrustedProxies []netip.Prefix
	mux            *http.ServeMux
	docOnce        sync.Once
	docJSON        []byte
	pages          map[string]*template.Template
	// ErrorCopyInline is the largest error copy of a refused import that the
	// import screen carries in its answer; larger ones wait on the server
	// behind a link (errorCopies).
	ErrorCopyInline int
	errorCopies     errorCopies
}

// New builds the server and its route table.
func New(db *store.DB) *Server {
	s := &Server{DB: db, JSONLimit: 1 << 20, UploadLimit: 100 << 20, ErrorCopyInline: 1 << 20, mux: http.NewServeMux(), pages: parsedTemplates(),
		Life: &celllife.Service{DB: db}, Fees: &fees.Service{DB: db}, Rules: &rules.Service{DB: db}, Members: &members.Service{DB: db}}
	s.Admission, s.Badges = &admission.Service{DB: db}, &badges.Service{DB: db}
	s.Accounts, s.Audit = &accounts.Service{DB: db}, &audit.Service{DB: db}
	s.Orgs = &orgs.Service{DB: db, Life: s.Life, Audit: s.Audit}
	s.Eval, s.Discipline, s.Screening = &evaluation.Service{DB: db, Residence: &mobility.Service{DB: db}}, &discipline.Service{DB: db}, &screening.Service{DB: db}
	for _, rt := range s.routes() {
		s.mux.Handle(rt.Method+" "+rt.Path, s.wrap(rt))
	}
	s.mux.Handle("GET /api", s.wrap(Route{Public: true, h: s.index}))
	s.mux.Handle("GET /static/", staticFiles())
	for _, p := range s.screens() {
		var h http.Handler = p.raw
		if p.h != nil {
			h = s.signedIn(p.h, p.beforeChange)
		}
		s.mux.Handle(p.Method+" "+p.Path, h)
	}
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, &domain.Error{Code: domain.CodeNotFound, Message: "Không có địa chỉ API này."})
	})
	// Any other address, or a screen asked with a method it does not take,
	// gets the error page in Vietnamese (with the menu when signed in), not
	// the library's English one.
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		sess, _ := s.session(r)
		s.uiError(w, r, sess, &domain.Error{Code: domain.CodeNotFound, Message: msgNoSuchPage})
	})
	return s
}

const msgNoSuchPage = "Không có trang này: địa chỉ có thể đã gõ sai, hoặc trang đã chuyển chỗ."

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	h.Set("X-Frame-Options", "DENY")
	// Pages, API answers and exported files carry personal data: no cache
	// keeps them. Static files say otherwise for themselves.
	h.Set("Cache-Control", "no-store")
	if ip := s.forwardedFor(r); ip != "" {
		r = r.WithContext(context.WithValue(r.Context(), clientKey{}, ip))
	}
	if s.viaHTTPS(r) {
		r = r.WithContext(context.WithValue(r.Context(), httpsKey{}, true))
		h.Set("Strict-Transport-Security", "max-age=31536000")
	}
	if refuseNUL(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

type httpsKey struct{}

type clientKey struct{}

// trusted tells whether an address is one of the reverse proxies whose
// forwarded headers are believed.
func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.TrustedProxies {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// forwardedFor is the browser's address as a trusted reverse proxy reports
// it in X-Forwarded-For: the last address of the chain that is not itself a
// trusted proxy (those before it could be written by the browser). "" when
// the request did not come through a trusted proxy.
func (s *Server) forwardedFor(r *http.Request) string {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil || !s.trusted(ap.Addr()) {
		return ""
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return ""
		}
		if !s.trusted(a) {
			return a.Unmap().String()
		}
	}
	return ""
}

// viaHTTPS tells whether the browser reached the server over HTTPS: here,
// or at a trusted reverse proxy that says so in X-Forwarded-Proto.
func (s *Server) viaHTTPS(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	if len(s.TrustedProxies) == 0 || !strings.EqualFold(strings.TrimSpace(r.Header.Get("X-Forwarded-Proto")), "https") {
		return false
	}
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	for _, p := range s.TrustedProxies {
		if p.Contains(ap.Addr().Unmap()) {
			return true
		}
	}
	return false
}

// isHTTPS tells a handler whether its request came over HTTPS (see viaHTTPS).
func isHTTPS(r *http.Request) bool {
	v, _ := r.Context().Value(httpsKey{}).(bool)
	return v || r.TLS != nil
}

// ParseProxies reads --trusted-proxy: addresses or CIDR ranges separated by
// commas ("127.0.0.1,10.0.0.0/8").
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("địa chỉ máy chủ trung gian không hợp lệ: %q (dạng 127.0.0.1 hoặc 10.0.0.0/8)", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}

// healthz answers 200 only when the database takes a write: a load
// balancer must not send work to a server whose database went read-only.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := s.DB.Healthy(ctx); err != nil {
		slog.Warn("healthz", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("cơ sở dữ liệu không ghi được\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

// handler is a route's code: it gets the authenticated actor and returns an
// error that wrap turns into the JSON error answer.
type handler func(w http.ResponseWriter, r *http.Request, a domain.Actor) error

func (s *Server) wrap(rt Route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var a domain.Actor
		if !rt.Public {
			var err error
			if a, err = s.authenticate(r); err != nil {
				writeError(w, r, err)
				return
			}
		}
		if err := rt.h(w, r, a); err != nil {
			writeError(w, r, err)
		}
	})
}

var errNoToken = &domain.Error{Code: domain.CodeUnauthorized, Message: "Cần đăng nhập: gửi tiêu đề Authorization: Bearer <mã truy cập>."}

func (s *Server) authenticate(r *http.Request) (domain.Actor, error) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || strings.TrimSpace(tok) == "" {
		return domain.Actor{}, errNoToken
	}
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	return s.Accounts.TokenActor(ctx, strings.TrimSpace(tok))
}

// pathID reads a numeric path value; a malformed one is simply not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.ErrNotFound
	}
	return id, nil
}

// queryInt reads an optional integer query parameter.
func queryInt(r *http.Request, name string) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, &domain.Error{Code: domain.CodeInvalid, Message: "Tham số " + name + " phải là số nguyên không âm.", Fields: domain.Fields{name: "Phải là số nguyên không âm."}}
	}
	return n, nil
}

// queryDate reads an optional date query parameter (yyyy-mm-dd or dd/mm/yyyy).
func queryDate(r *http.Request, name string) (domain.Date, error) {
	d, err := domain.ParseDate(r.URL.Query().Get(name))
	if err != nil {
		return d, &domain.Error{Code: domain.CodeInvalid, Message: "Ngày không hợp lệ.", Fields: domain.Fields{name: "Ngày phải có dạng yyyy-mm-dd."}}
	}
	return d, nil
}
