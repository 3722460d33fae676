package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"dangvien/internal/app/audit"
	"dangvien/internal/store"
)

type auditPage struct {
	audit.LogView
	Kind     string // the filter's kind, as the form sends it
	Kinds    []option
	Entities []option
	OlderURL string
	Verify   *store.VerifyResult
}

// The audit log's kinds of rows, as its filter names them: changes by
// default; sign-ins, sign-outs and refused attempts under their own.
var auditKinds = []struct{ V, L, kind string }{
	{"", "Thay đổi dữ liệu", store.AuditChanges},
	{"dang-nhap", "Đăng nhập, đăng xuất", store.AuditAccess},
	{"tat-ca", "Tất cả", ""},
}

func pretty(raw string) string {
	if raw == "null" {
		return "—"
	}
	var b bytes.Buffer
	if json.Indent(&b, []byte(raw), "", "  ") != nil {
		return raw
	}
	return b.String()
}

func (s *Server) auditScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return s.renderAudit(w, r, sess, nil)
}

func (s *Server) renderAudit(w http.ResponseWriter, r *http.Request, sess store.Session, verify *store.VerifyResult) error {
	q := r.URL.Query()
	f := store.AuditFilter{Entity: q.Get("entity"), Actor: q.Get("actor"), Limit: 50}
	f.EntityID, _ = strconv.ParseInt(q.Get("entity_id"), 10, 64)
	f.Before, _ = strconv.ParseInt(q.Get("truoc"), 10, 64)
	p := auditPage{Kind: q.Get("loai"), Entities: entityOptions(), Verify: verify}
	for _, k := range auditKinds {
		p.Kinds = append(p.Kinds, option{k.V, k.L})
		if k.V == p.Kind {
			f.Kind = k.kind
		}
	}
	var err error
	if p.LogView, err = s.Audit.Log(r.Context(), sess.Actor, f); err != nil {
		return err
	}
	if p.Older != 0 {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("truoc", strconv.FormatInt(p.Older, 10))
		p.OlderURL = "/nhat-ky?" + v.Encode()
	}
	s.render(w, http.StatusOK, "audit", view{Title: "Nhật ký thay đổi", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}

func (s *Server) auditVerifyScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	res, err := s.Audit.Verify(r.Context(), sess.Actor)
	if err != nil {
		return err
	}
	return s.renderAudit(w, r, sess, &res)
}

// entityOptions offers the declared entities in the filter.
func entityOptions() []option {
	var out []option
	for _, e := range store.Entities() {
		out = append(out, option{e.Name(), e.Label()})
	}
	return out
}
