package web

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/sheet"
	"dangvien/internal/store"
)

// Names of the documented body and response types (see openapi.go).
type (
	treeDoc       = store.TreeNode
	orgDoc        = domain.Org
	orgCreateDoc  = domain.OrgInput
	mergeDoc      = store.MergeInput
	countsDoc     = store.Counts
	splitDoc      = store.SplitInput
	decisionDoc   = domain.Decision
	memberPageDoc = store.Page[domain.Member]
	memberDoc     = domain.Member
	fieldsDoc     = domain.MemberFields
	eventDoc      = domain.Event
	searchDoc     = store.SearchHit
	importDoc     = store.ImportResult
	userDoc       = store.User
	userCreateDoc = store.UserInput
	auditDoc      = store.AuditRow
	verifyDoc     = store.VerifyResult
)

type meResp struct {
	UserID    int64       `json:"user_id"`
	Username  string      `json:"username"`
	Role      domain.Role `json:"role"`
	RoleLabel string      `json:"role_label"`
	MemberID  int64       `json:"member_id,omitempty"`
	Orgs      []orgDoc    `json:"orgs"`
}

func (s *Server) me(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	out := meResp{UserID: a.UserID, Username: a.Username, Role: a.Role, RoleLabel: a.Role.Label(), MemberID: a.MemberID, Orgs: []orgDoc{}}
	tree, err := s.DB.Tree(r.Context(), a, domain.Date{})
	if err != nil {
		return err
	}
	for _, n := range tree {
		o, err := s.DB.Org(r.Context(), a, n.ID)
		if err != nil {
			return err
		}
		out.Orgs = append(out.Orgs, o)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) orgTree(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	on, err := queryDate(r, "as_of")
	if err != nil {
		return err
	}
	t, err := s.DB.Tree(r.Context(), a, on)
	if err != nil {
		return err
	}
	if t == nil {
		t = []*store.TreeNode{}
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) orgCreate(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in domain.OrgInput
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	o, err := s.DB.CreateOrg(r.Context(), a, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, o)
	return nil
}

func (s *Server) orgGet(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.DB.Org(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) orgCounts(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	c, err := s.DB.SubtreeCounts(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
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
	return s.orgAction(w, r, func(id int64) (any, error) {
		var in renameReq
		if err := decode(w, r, s.JSONLimit, &in); err != nil {
			return nil, err
		}
		return s.DB.RenameOrg(r.Context(), a, id, in.Name, in.Decision)
	})
}

func (s *Server) orgMove(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return s.orgAction(w, r, func(id int64) (any, error) {
		var in moveReq
		if err := decode(w, r, s.JSONLimit, &in); err != nil {
			return nil, err
		}
		return s.DB.MoveOrg(r.Context(), a, id, in.ParentID, in.Decision)
	})
}

func (s *Server) orgSplit(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return s.orgAction(w, r, func(id int64) (any, error) {
		var in store.SplitInput
		if err := decode(w, r, s.JSONLimit, &in); err != nil {
			return nil, err
		}
		return s.DB.SplitOrg(r.Context(), a, id, in)
	})
}

func (s *Server) orgDissolve(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	return s.orgAction(w, r, func(id int64) (any, error) {
		var in domain.Decision
		if err := decode(w, r, s.JSONLimit, &in); err != nil {
			return nil, err
		}
		return s.DB.DissolveOrg(r.Context(), a, id, in)
	})
}

// orgAction runs a structural change of the organisation in the path.
func (s *Server) orgAction(w http.ResponseWriter, r *http.Request, fn func(id int64) (any, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	out, err := fn(id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) orgMerge(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in store.MergeInput
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	o, err := s.DB.MergeOrgs(r.Context(), a, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, o)
	return nil
}

func (s *Server) memberList(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	q := r.URL.Query()
	f := store.MemberFilter{Status: q.Get("status"), Gender: q.Get("gender"), AgeBand: q.Get("age_band"), Ethnicity: q.Get("ethnicity"),
		Education: q.Get("education"), Position: q.Get("position"), Q: q.Get("q")}
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
	p, err := s.DB.Members(r.Context(), a, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// eventInput is what a client sends to record an event.
type eventInput struct {
	Kind       domain.EventKind `json:"kind"`
	Date       domain.Date      `json:"date"`
	Reason     string           `json:"reason"`
	Decision   string           `json:"decision_number"`
	Discipline string           `json:"discipline"`
	ToOrgID    int64            `json:"to_org_id"`
}

func (e eventInput) event() domain.Event {
	return domain.Event{Kind: e.Kind, Date: e.Date, Reason: e.Reason, Decision: e.Decision, Discipline: e.Discipline, ToOrgID: e.ToOrgID}
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
	m, err := s.DB.CreateMember(r.Context(), a, in.OrgID, in.MemberFields, in.Event.event())
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/members/%d", m.ID))
	writeJSON(w, http.StatusCreated, m)
	return nil
}

func (s *Server) memberGet(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := s.DB.Member(r.Context(), a, id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
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
	m, err := s.DB.UpdateMember(r.Context(), a, id, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) memberEvents(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ev, err := s.DB.Events(r.Context(), a, id)
	if err != nil {
		return err
	}
	if ev == nil {
		ev = []domain.Event{}
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
	m, e, err := s.DB.AddEvent(r.Context(), a, id, in.event())
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
	hits, err := s.DB.Search(r.Context(), a, r.URL.Query().Get("q"), limit)
	if err != nil {
		return err
	}
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
	var buf bytes.Buffer
	if _, err := sheet.Export(r.Context(), s.DB, a, o.ID, format, &buf); err != nil {
		return err
	}
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
	u, err := s.DB.Users(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}

func (s *Server) userCreate(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in store.UserInput
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	u, err := s.DB.CreateUser(r.Context(), a, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	q := r.URL.Query()
	f := store.AuditFilter{Entity: q.Get("entity"), Actor: q.Get("actor"), Action: q.Get("action")}
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
	rows, err := s.DB.Audit(r.Context(), a, f)
	if err != nil {
		return err
	}
	if rows == nil {
		rows = []store.AuditRow{}
	}
	writeJSON(w, http.StatusOK, rows)
	return nil
}

func (s *Server) auditVerify(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	res, err := s.DB.VerifyAudit(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
