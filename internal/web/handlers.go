package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"dangvien/internal/app/accounts"
	"dangvien/internal/app/audit"
	"dangvien/internal/app/members"
	"dangvien/internal/app/orgs"
	"dangvien/internal/domain"
	"dangvien/internal/sheet"
	"dangvien/internal/store"
)

// Names of the documented body and response types (see openapi.go).
type (
	treeDoc       = store.TreeNode
	orgDoc        = domain.Org
	orgCreateDoc  = domain.OrgInput
	mergeDoc      = domain.MergeInput
	countsDoc     = store.Counts
	splitDoc      = domain.SplitInput
	decisionDoc   = domain.Decision
	memberPageDoc = store.Page[domain.Member]
	memberDoc     = domain.Member
	fieldsDoc     = domain.MemberFields
	eventDoc      = domain.Event
	searchDoc     = store.SearchHit
	importDoc     = store.ImportResult
	userDoc       = user
	userCreateDoc = store.UserInput
	auditDoc      = auditRow
	verifyDoc     = store.VerifyResult
)

// The views of accounts and of the two logs, under the names the API
// document has always given them; their fields are a superset of the old
// ones (the account's scope by name; who acted, what was done and changed,
// about what, by name).
type (
	user struct {
		accounts.Account
		Password string `json:"password,omitempty"` // on creation without a password: generated, shown once
	}
	auditRow audit.Entry
	readRow  audit.ReadEntry
)

// each converts the elements of a list.
func each[T, U any](in []T, f func(T) U) []U {
	out := make([]U, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// meResp is the answer of /api/v1/me, orgs.MeView under the name the API
// document has always given it.
type meResp orgs.MeView

func (s *Server) me(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	v, err := s.Orgs.Me(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, meResp(v))
	return nil
}

func (s *Server) orgTree(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	on, err := queryDate(r, "as_of")
	if err != nil {
		return err
	}
	v, err := s.Orgs.Tree(r.Context(), a, on)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v.Roots)
	return nil
}

func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in domain.OrgInput
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	o, err := s.Orgs.Create(r.Context(), a, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, o)
	return nil
}

func (s *Server) orgGet(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return byID(func(r *http.Request, a domain.Actor, id int64) (domain.Org, error) {
		return s.Orgs.Org(r.Context(), a, id)
	})(w, r, a)
}

func (s *Server) orgCounts(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return byID(func(r *http.Request, a domain.Actor, id int64) (store.Counts, error) {
		return s.Orgs.Counts(r.Context(), a, id)
	})(w, r, a)
}

type renameReq struct {
	Name string `json:"name"`
	domain.Decision
}

type moveReq struct {
	ParentID int64 `json:"parent_id"`
	domain.Decision
}

type (
	renameDoc = renameReq
	moveDoc   = moveReq
)

func (s *Server) orgRename(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in renameReq) (domain.Org, error) {
		return s.Orgs.Rename(r.Context(), a, id, in.Name, in.Decision)
	})(w, r, a)
}

func (s *Server) orgMove(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in moveReq) (domain.Org, error) {
		return s.Orgs.Move(r.Context(), a, id, in.ParentID, in.Decision)
	})(w, r, a)
}

func (s *Server) orgSplit(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in domain.SplitInput) ([]domain.Org, error) {
		return s.Orgs.Split(r.Context(), a, id, in)
	})(w, r, a)
}

func (s *Server) orgDissolve(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in domain.Decision) (domain.Org, error) {
		return s.Orgs.Dissolve(r.Context(), a, id, in)
	})(w, r, a)
}

func (s *Server) orgMerge(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in domain.MergeInput
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	o, err := s.Orgs.Merge(r.Context(), a, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) memberList(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	f := listFilter(r.URL.Query())
	var err error
	var org int
	if org, err = queryInt(r, "org_id"); err != nil {
		return err
	}
	f.OrgID = int64(org)
	if f.Limit, err = queryInt(r, "limit"); err != nil {
		return err
	}
	if f.Offset, err = queryInt(r, "offset"); err != nil {
		return err
	}
	p, err := s.Members.List(r.Context(), a, f)
	if err != nil {
		return err
	}
	s.DB.LogRead(a, listRead(f.OrgID, len(p.Items), clientIP(r)))
	writeJSON(w, http.StatusOK, p)
	return nil
}

// listFilter reads the filters of a member list from its address: the
// list's screen, the API's list and both exports name them alike.
func listFilter(q url.Values) store.MemberFilter {
	return store.MemberFilter{Status: q.Get("status"), Gender: q.Get("gender"), AgeBand: q.Get("age_band"), Ethnicity: q.Get("ethnicity"),
		Education: q.Get("education"), Position: q.Get("position"), Q: q.Get("q")}
}

// eventInput is what a client sends to record an event.
type eventInput struct {
	Kind       domain.EventKind `json:"kind"`
	Date       domain.Date      `json:"date"`
	Reason     string           `json:"reason"`
	Decision   string           `json:"decision_number"`
	Discipline string           `json:"discipline"`
	ToOrgID    int64            `json:"to_org_id"`
	Decided    domain.Date      `json:"decision_date"` // an admission's: the decision's date (date is the ceremony's)
}

func (e eventInput) event() domain.Event {
	return domain.Event{Kind: e.Kind, Date: e.Date, Reason: e.Reason, Decision: e.Decision, Discipline: e.Discipline, ToOrgID: e.ToOrgID, Decided: e.Decided}
}

type memberCreateReq struct {
	OrgID int64 `json:"org_id"`
	domain.MemberFields
	Event eventInput `json:"event"`
}

type memberCreateDoc = memberCreateReq

func (s *Server) memberCreate(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in memberCreateReq
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	m, err := s.Members.Create(r.Context(), a, in.OrgID, in.MemberFields, in.Event.event())
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/members/%d", m.ID))
	setETag(w, m.Version)
	writeJSON(w, http.StatusCreated, m)
	return nil
}

// A member record's entity tag is its version: "v3". A client that sends it
// back in If-Match with a PUT changes the record only if nobody else has
// changed it since (412 otherwise); one that sends no If-Match overwrites
// whatever is current.
func setETag(w http.ResponseWriter, version int) {
	w.Header().Set("ETag", `"v`+strconv.Itoa(version)+`"`)
}

// ifMatch reads an If-Match header into the versions it allows: none (no
// header, or "*": any current record), or the listed strong tags. A tag that
// is weak or not ours matches no version.
func ifMatch(r *http.Request) []int {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return nil
	}
	var out []int
	for _, t := range strings.Split(h, ",") {
		v := -1 // a weak tag, or one that is not ours, matches no version
		if n, ok := strings.CutPrefix(strings.TrimSpace(t), `"v`); ok {
			if n, ok := strings.CutSuffix(n, `"`); ok {
				if x, err := strconv.Atoi(n); err == nil && x > 0 {
					v = x
				}
			}
		}
		out = append(out, v)
	}
	return out
}

func (s *Server) memberGet(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Members.Record(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.DB.LogRead(a, store.MemberRead(store.ReadMember, v.Member.ID, clientIP(r)))
	setETag(w, v.Version)
	writeJSON(w, http.StatusOK, v.Member)
	return nil
}

func (s *Server) memberUpdate(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in domain.MemberFields
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	m, err := s.Members.Update(r.Context(), a, id, in, ifMatch(r))
	var c *members.Conflict
	if errors.As(err, &c) {
		setETag(w, c.Current.Version) // the version to start again from
	}
	if err != nil {
		return err
	}
	setETag(w, m.Version)
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) memberEvents(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ev, err := s.Members.Events(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, ev)
	return nil
}

type memberEventResp struct {
	Member domain.Member `json:"member"`
	Event  domain.Event  `json:"event"`
}

type memberEventDoc = memberEventResp

func (s *Server) memberAddEvent(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in eventInput
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	m, e, err := s.Members.AddEvent(r.Context(), a, id, in.event())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, memberEventResp{m, e})
	return nil
}

func (s *Server) search(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	limit, err := queryInt(r, "limit")
	if err != nil {
		return err
	}
	hits, err := s.Members.Search(r.Context(), a, r.URL.Query().Get("q"), limit)
	if err != nil {
		return err
	}
	s.DB.LogSearch(a, r.URL.Query().Get("q"), hits, clientIP(r))
	writeJSON(w, http.StatusOK, hits)
	return nil
}

// importMembers takes the file as multipart form field "file", or as the raw
// body with the file name in ?filename=.
func (s *Server) importMembers(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	r.Body = http.MaxBytesReader(w, r.Body, s.UploadLimit)
	var name string
	var file io.ReadSeeker
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		if err := r.ParseMultipartForm(32 << 20); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return tooLarge{s.UploadLimit}
			}
			return badRequest{"Không đọc được biểu mẫu tải lên."}
		}
		defer r.MultipartForm.RemoveAll()
		f, hdr, err := r.FormFile("file")
		if err != nil {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Chưa chọn tệp.", Fields: domain.Fields{"file": "Chưa chọn tệp."}}
		}
		defer f.Close()
		name, file = hdr.Filename, f
	} else {
		// The body goes to a temporary file, not to memory: it is read twice
		// when the import is refused (the error copy).
		name = r.URL.Query().Get("filename")
		tmp, err := os.CreateTemp("", "dangvien-upload-*")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		defer tmp.Close()
		if _, err := io.Copy(tmp, r.Body); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return tooLarge{s.UploadLimit}
			}
			return err
		}
		file = tmp
	}
	name = filepath.Base(name)
	if name == "." || name == "/" || name == "" {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Thiếu tên tệp (.xlsx hoặc .csv).", Fields: domain.Fields{"filename": "Thiếu tên tệp."}}
	}
	open := reopen(file)
	org := r.URL.Query().Get("org")
	if org == "" && r.MultipartForm != nil {
		org = r.FormValue("org")
	}
	res, err := sheet.Import(r.Context(), s.DB, a, name, open, org, domain.DateOf(s.DB.Now()))
	var ie *domain.ImportError
	if errors.As(err, &ie) && r.URL.Query().Get("errors_as") == "xlsx" {
		var buf bytes.Buffer
		if err := sheet.WriteErrorCopy(name, open, ie.Rows, &buf); err != nil {
			return err
		}
		sendFile(w, http.StatusUnprocessableEntity, errorCopyName(name), buf.Bytes())
		return nil
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, res)
	return nil
}

func sendFile(w http.ResponseWriter, code int, name string, data []byte) {
	ct := "text/csv; charset=utf-8"
	if strings.HasSuffix(name, ".xlsx") {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.WriteHeader(code)
	w.Write(data)
}

func (s *Server) exportMembers(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	orgID, err := queryInt(r, "org_id")
	if err != nil {
		return err
	}
	if orgID == 0 {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Chưa chọn tổ chức.", Fields: domain.Fields{"org_id": "Chưa chọn tổ chức."}}
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "xlsx"
	}
	o, err := s.DB.Org(r.Context(), a, int64(orgID))
	if err != nil {
		return err
	}
	// The filters of the list the export was taken from: what it shows is
	// what is exported, every page of it.
	f := listFilter(r.URL.Query())
	f.OrgID = o.ID
	var buf bytes.Buffer
	n, err := sheet.ExportList(r.Context(), s.DB, a, f, format, sheet.Stamp{Username: a.Username, FullName: a.DisplayName, At: s.DB.Now()}, &buf)
	if err != nil {
		return err
	}
	s.DB.LogRead(a, exportRead(o.ID, n, clientIP(r)))
	sendFile(w, http.StatusOK, "dang-vien-"+strings.ToLower(o.Code)+"."+format, buf.Bytes())
	return nil
}

func (s *Server) exportTemplate(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var buf bytes.Buffer
	if err := sheet.Template(&buf); err != nil {
		return err
	}
	sendFile(w, http.StatusOK, "mau-nhap-dang-vien.xlsx", buf.Bytes())
	return nil
}

func (s *Server) userList(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	v, err := s.Accounts.List(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, each(v.Accounts, func(a accounts.Account) user { return user{Account: a} }))
	return nil
}

// userCreate creates an account; without a password one is generated and
// returned once. The holder changes it at the first sign-in on a screen.
func (s *Server) userCreate(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in store.UserInput
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	c, err := s.Accounts.Create(r.Context(), a, accounts.NewAccount{UserInput: in})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, user{Account: accounts.Account{User: c.User}, Password: c.Password})
	return nil
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	q := r.URL.Query()
	f := store.AuditFilter{Entity: q.Get("entity"), Actor: q.Get("actor"), Action: q.Get("action")}
	switch q.Get("kind") {
	case "", store.AuditChanges, store.AuditAccess:
		f.Kind = q.Get("kind")
	default:
		return &domain.Error{Code: domain.CodeInvalid, Message: "Tham số kind là changes hoặc access.", Fields: domain.Fields{"kind": "changes hoặc access."}}
	}
	for name, p := range map[string]*int64{"entity_id": &f.EntityID, "before": &f.Before} {
		n, err := queryInt(r, name)
		if err != nil {
			return err
		}
		*p = int64(n)
	}
	var err error
	if f.Limit, err = queryInt(r, "limit"); err != nil {
		return err
	}
	v, err := s.Audit.Log(r.Context(), a, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, each(v.Entries, func(e audit.Entry) auditRow { return auditRow(e) }))
	return nil
}

func (s *Server) auditVerify(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	res, err := s.Audit.Verify(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
