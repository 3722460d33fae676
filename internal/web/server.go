package web

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// Server holds what the handlers need. It has no mutable global state.
type Server struct {
	DB          *store.DB
	JSONLimit   int64 // bytes of a JSON body
	UploadLimit int64 // bytes of an uploaded file
	mux         *http.ServeMux
	docOnce     sync.Once
	docJSON     []byte
	pages       map[string]*template.Template
	// ErrorCopyInline is the largest error copy of a refused import that the
	// import screen carries in its answer; larger ones wait on the server
	// behind a link (errorCopies).
	ErrorCopyInline int
	errorCopies     errorCopies
}

// New builds the server and its route table.
func New(db *store.DB) *Server {
	s := &Server{DB: db, JSONLimit: 1 << 20, UploadLimit: 100 << 20, ErrorCopyInline: 1 << 20, mux: http.NewServeMux(), pages: parseTemplates()}
	for _, rt := range s.routes() {
		s.mux.Handle(rt.Method+" "+rt.Path, s.wrap(rt))
	}
	s.mux.Handle("GET /api", s.wrap(Route{Public: true, h: s.index}))
	s.mux.Handle("GET /static/", staticFiles())
	for _, p := range s.screens() {
		var h http.Handler = p.raw
		if p.h != nil {
			h = s.signedIn(p.h)
		}
		s.mux.Handle(p.Method+" "+p.Path, h)
	}
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		if err := db.Ping(r.Context()); err != nil {
			http.Error(w, "cơ sở dữ liệu không trả lời", http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ok\n"))
	})
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, &domain.Error{Code: domain.CodeNotFound, Message: "Không có địa chỉ API này."})
	})
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
	h.Set("X-Frame-Options", "DENY")
	s.mux.ServeHTTP(w, r)
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
	return s.DB.ActorByToken(ctx, strings.TrimSpace(tok))
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
