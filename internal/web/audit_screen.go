package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"dangvien/internal/store"
)

type auditEntry struct {
	Seq             int64
	When, Who, What string
	Entity, Link    string
	Before, After   string
}

type auditPage struct {
	F         store.AuditFilter
	Entities  []option
	Rows      []auditEntry
	Older     string
	CanVerify bool
	Verify    *store.VerifyResult
}

var entityLabels = map[string]string{"member": "Đảng viên", "org": "Tổ chức", "user": "Tài khoản", "import": "Lần nhập tệp", "token": "Mã truy cập", "meeting": "Buổi sinh hoạt", "rule": "Quy định", "calendar_day": "Ngày theo thông báo", "candidate": "Người vào Đảng"}

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
	rows, err := s.DB.Audit(r.Context(), sess.Actor, f)
	if err != nil {
		return err
	}
	p := auditPage{F: f, Entities: sortedOptions(entityLabels), CanVerify: sess.Actor.All(), Verify: verify}
	// The names of what the rows are about, in one query per kind.
	ids := map[string][]int64{}
	for _, row := range rows {
		ids[row.Entity] = append(ids[row.Entity], row.EntityID)
	}
	names := map[string]map[int64]string{}
	for kind, list := range ids {
		if names[kind], err = s.DB.Names(r.Context(), sess.Actor, kind, list); err != nil {
			return err
		}
	}
	for _, row := range rows {
		e := auditEntry{Seq: row.Seq, When: row.At.In(vietnam).Format("02/01/2006 15:04:05"), Who: row.Actor, What: actionLabel(row.Action),
			Entity: fmt.Sprintf("%s #%d", entityLabels[row.Entity], row.EntityID), Before: pretty(row.Before), After: pretty(row.After)}
		name := names[row.Entity][row.EntityID]
		switch row.Entity {
		case "member":
			e.Link = fmt.Sprintf("/dang-vien/%d", row.EntityID)
		case "org":
			e.Link = fmt.Sprintf("/to-chuc/%d", row.EntityID)
		case "meeting":
			e.Link = fmt.Sprintf("/sinh-hoat/%d", row.EntityID)
			if name != "" {
				name = "buổi sinh hoạt của " + name
			}
		}
		if name != "" {
			e.Entity = name
		}
		p.Rows = append(p.Rows, e)
	}
	if len(rows) == f.Limit {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("truoc", strconv.FormatInt(rows[len(rows)-1].Seq, 10))
		p.Older = "/nhat-ky?" + v.Encode()
	}
	s.render(w, http.StatusOK, "audit", view{Title: "Nhật ký thay đổi", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}

func (s *Server) auditVerifyScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	res, err := s.DB.VerifyAudit(r.Context(), sess.Actor)
	if err != nil {
		return err
	}
	return s.renderAudit(w, r, sess, &res)
}
