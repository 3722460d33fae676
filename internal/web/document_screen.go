package web

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// readUpload reads the one file of a multipart form under limit bytes.
func readUpload(w http.ResponseWriter, r *http.Request, limit int64) (string, []byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, limit+1<<20)
	if err := r.ParseMultipartForm(limit + 1<<20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return "", nil, &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Tệp lớn hơn %d MB.", limit>>20), Fields: domain.Fields{"file": "Quá lớn."}}
		}
		return "", nil, &domain.Error{Code: domain.CodeInvalid, Message: "Không đọc được tệp tải lên.", Fields: domain.Fields{"file": "Không đọc được."}}
	}
	f, hdr, err := r.FormFile("file")
	if err != nil {
		return "", nil, &domain.Error{Code: domain.CodeInvalid, Message: "Chưa chọn tệp.", Fields: domain.Fields{"file": "Chưa chọn tệp."}}
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	return hdr.Filename, data, err
}

// documentUpload attaches a file to a meeting from its page. It reads its
// CSRF token from the multipart body, as the import does.
func (s *Server) documentUpload(w http.ResponseWriter, r *http.Request) {
	sess, err := s.session(r)
	if err != nil {
		http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
		return
	}
	if sess.MustChange { // as signedIn: nothing before the password is changed
		http.Redirect(w, r, "/doi-mat-khau", http.StatusSeeOther)
		return
	}
	id, err := pathID(r, "mid")
	if err != nil {
		s.uiError(w, r, sess, err)
		return
	}
	name, data, err := readUpload(w, r, domain.MaxDocumentBytes)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if r.MultipartForm != nil && !sess.CheckCSRF(r.FormValue("csrf")) {
		s.forbidden(w)
		return
	}
	if err == nil {
		_, err = s.Life.AddDocument(r.Context(), sess.Actor, id, name, data)
	}
	var de *domain.Error
	if errors.As(err, &de) && (de.Code == domain.CodeInvalid || de.Code == domain.CodeConflict) {
		p, perr := s.meetingPageFor(r, sess, id)
		if perr != nil {
			s.uiError(w, r, sess, perr)
			return
		}
		p.Error = de.Message
		s.render(w, http.StatusUnprocessableEntity, "meeting", view{Title: p.M.KindLabel, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return
	}
	if err != nil {
		s.uiError(w, r, sess, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/sinh-hoat/%d?da-luu=1", id), http.StatusSeeOther)
}

// sendDocument writes a stored document as a download: its type is the one
// found in its content, and it is never shown inline on this site's origin.
func sendDocument(w http.ResponseWriter, d store.Document) {
	h := w.Header()
	h.Set("Content-Type", d.ContentType)
	h.Set("Content-Length", strconv.FormatInt(int64(len(d.Data)), 10))
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": d.Name}))
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Write(d.Data)
}

func (s *Server) documentScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return s.apiDocument(w, r, sess.Actor)
}

func (s *Server) apiDocuments() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) ([]store.Document, error) {
		return s.Life.Documents(r.Context(), a, id)
	})
}

func (s *Server) apiDocumentUpload(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var name string
	var data []byte
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		name, data, err = readUpload(w, r, domain.MaxDocumentBytes)
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
	} else { // the file as the body, named by ?filename=
		name = r.URL.Query().Get("filename")
		data, err = io.ReadAll(io.LimitReader(r.Body, domain.MaxDocumentBytes+1))
	}
	if err != nil {
		return err
	}
	d, err := s.Life.AddDocument(r.Context(), a, id, name, data)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

// apiDocument sends a document of a meeting in scope; the screen's link
// answers the same way.
func (s *Server) apiDocument(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	d, err := s.Life.Document(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.DB.LogRead(a, store.Read{Kind: store.ReadDocument, Entity: "document", EntityID: d.ID, Rows: 1, IP: clientIP(r)})
	sendDocument(w, d)
	return nil
}

// documentRemove takes a document off its meeting once confirmed.
func (s *Server) documentRemove(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if r.PostFormValue("confirmed") != "1" {
		return &domain.Error{Code: domain.CodeInvalid, Message: "Chưa xác nhận gỡ tài liệu."}
	}
	meeting, err := s.Life.RemoveDocument(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/sinh-hoat/%d?da-luu=1", meeting), http.StatusSeeOther)
	return nil
}

func (s *Server) apiDocumentRemove(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.Life.RemoveDocument(r.Context(), a, id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
