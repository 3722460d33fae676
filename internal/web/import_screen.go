package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"html/template"
	"io"
	"net/http"
	"path/filepath"

	"dangvien/internal/domain"
	"dangvien/internal/sheet"
	"dangvien/internal/store"
)

type importPage struct {
	Cells       []option
	Name, Error string
	Rows        []domain.RowError // the first problems (domain.ImportErrorsShown)
	Problems    int               // how many there were
	ErrorFile   template.URL      // a data: URL or a link the server built; safe by construction
	ErrorName   string
	Done        *store.ImportResult
}

// pickerCap is the most cells a picker lists; beyond it, one types a code.
const pickerCap = 400

// cellOptions lists the scope's cells by code for the import form, or none
// when there are more than a list can usefully hold.
func (s *Server) cellOptions(r *http.Request, a domain.Actor) ([]option, error) {
	cells, more, err := s.Orgs.OpenCells(r.Context(), a, 0, pickerCap)
	if err != nil || more {
		return nil, err
	}
	out := make([]option, 0, len(cells))
	for _, c := range cells {
		out = append(out, option{c.Code, c.Name + " (" + c.Code + ")"})
	}
	return out, nil
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	if !sess.Actor.Role.WritesMembers() {
		return &domain.Error{Code: domain.CodeForbidden, Message: "Vai trò của bạn không được nhập danh sách đảng viên."}
	}
	cells, err := s.cellOptions(r, sess.Actor)
	if err != nil {
		return err
	}
	s.render(w, http.StatusOK, "import", view{Title: "Nhập danh sách", Actor: &sess.Actor, CSRF: sess.CSRF, Page: importPage{Cells: cells}})
	return nil
}

// importUpload reads the uploaded file; its CSRF token comes in the
// multipart form, which signedIn cannot read before the body is parsed.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) {
	sess, err := s.session(r)
	if err != nil {
		http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
		return
	}
	if sess.MustChange { // as signedIn: nothing before the password is changed
		http.Redirect(w, r, "/doi-mat-khau", http.StatusSeeOther)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.UploadLimit)
	if err := r.ParseMultipartForm(32 << 20); err != nil {
		s.uiError(w, r, sess, &domain.Error{Code: domain.CodeInvalid, Message: "Không đọc được tệp tải lên (quá lớn hoặc hỏng)."})
		return
	}
	defer r.MultipartForm.RemoveAll()
	if !sess.CheckCSRF(r.FormValue("csrf")) {
		s.forbidden(w)
		return
	}
	if err := s.importFile(w, r, sess); err != nil {
		s.uiError(w, r, sess, err)
	}
}

func (s *Server) importFile(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	cells, err := s.cellOptions(r, sess.Actor)
	if err != nil {
		return err
	}
	p := importPage{Cells: cells}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		p.Error = "Chưa chọn tệp."
		s.render(w, http.StatusUnprocessableEntity, "import", view{Title: "Nhập danh sách", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	defer f.Close()
	p.Name = filepath.Base(hdr.Filename)
	open := reopen(f)
	res, err := sheet.Import(r.Context(), s.DB, sess.Actor, p.Name, open, r.FormValue("org"), domain.DateOf(s.DB.Now()))
	var ie *domain.ImportError
	var de *domain.Error
	switch {
	case errors.As(err, &ie):
		// The answer lists the first problems; the error copy marks them
		// all, inside the answer when it is small, else behind a link.
		p.Rows, p.Problems = ie.Shown(), ie.Count()
		var buf bytes.Buffer
		if sheet.WriteErrorCopy(p.Name, open, ie.Rows, &buf) == nil {
			p.ErrorName = errorCopyName(p.Name)
			if buf.Len() <= s.ErrorCopyInline {
				p.ErrorFile = template.URL("data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64," + base64.StdEncoding.EncodeToString(buf.Bytes()))
			} else if tok, err := s.errorCopies.put(sess.Actor.UserID, p.ErrorName, buf.Bytes(), s.DB.Now()); err == nil {
				p.ErrorFile = template.URL("/nhap/loi/" + tok)
			}
		}
		s.render(w, http.StatusUnprocessableEntity, "import", view{Title: "Nhập danh sách", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	case errors.As(err, &de) && de.Code == domain.CodeInvalid:
		p.Error = de.Message
		s.render(w, http.StatusUnprocessableEntity, "import", view{Title: "Nhập danh sách", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	case err != nil:
		return err
	}
	p.Done = &res
	s.render(w, http.StatusOK, "import", view{Title: "Nhập danh sách", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}

func (s *Server) exportScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return s.exportMembers(w, r, sess.Actor)
}

func (s *Server) templateScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return s.exportTemplate(w, r, sess.Actor)
}

// reopen reads an uploaded file from its start each time it is opened
// (the import reads it, the error copy reads it again) without holding it
// in memory: the multipart reader keeps a large upload on disk.
func reopen(f io.ReadSeeker) sheet.Opener {
	return func() (io.ReadCloser, error) {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		return io.NopCloser(f), nil
	}
}
