package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// errorCopies holds the error copies of refused imports that are too large
// to travel inside the answer, for their owner to download: on disk, for an
// hour, a few at a time. They are copies of the user's own upload, derived
// and short-lived, not records; the server that checked the file serves the
// link (behind several servers the API's errors_as=xlsx needs no state).
type errorCopies struct {
	mu  sync.Mutex
	dir string
	m   map[string]errorCopy // token → copy
}

type errorCopy struct {
	userID int64
	name   string
	path   string
	at     time.Time
}

const (
	errorCopyLife = time.Hour
	errorCopyCap  = 32 // copies held at once; the oldest goes first
)

// put stores data for the user and returns the token of its link.
func (c *errorCopies) put(userID int64, name string, data []byte, now time.Time) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.dir == "" {
		dir, err := os.MkdirTemp("", "dangvien-error-copies-")
		if err != nil {
			return "", err
		}
		c.dir, c.m = dir, map[string]errorCopy{}
	}
	c.expire(now)
	for len(c.m) >= errorCopyCap {
		oldest := ""
		for tok, ec := range c.m {
			if oldest == "" || ec.at.Before(c.m[oldest].at) {
				oldest = tok
			}
		}
		c.remove(oldest)
	}
	b := make([]byte, 16)
	rand.Read(b)
	tok := hex.EncodeToString(b)
	path := filepath.Join(c.dir, tok+".xlsx")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", err
	}
	c.m[tok] = errorCopy{userID: userID, name: name, path: path, at: now}
	return tok, nil
}

// get returns the copy behind tok if it belongs to the user and is fresh.
func (c *errorCopies) get(userID int64, tok string, now time.Time) (errorCopy, []byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.expire(now)
	ec, ok := c.m[tok]
	if !ok || ec.userID != userID {
		return ec, nil, false
	}
	data, err := os.ReadFile(ec.path)
	return ec, data, err == nil
}

func (c *errorCopies) expire(now time.Time) {
	for tok, ec := range c.m {
		if now.Sub(ec.at) > errorCopyLife {
			c.remove(tok)
		}
	}
}

func (c *errorCopies) remove(tok string) {
	os.Remove(c.m[tok].path)
	delete(c.m, tok)
}

// importErrorCopy sends a held error copy to the user who imported the file.
func (s *Server) importErrorCopy(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ec, data, ok := s.errorCopies.get(sess.Actor.UserID, r.PathValue("token"), s.DB.Now())
	if !ok {
		return &domain.Error{Code: domain.CodeNotFound, Message: "Bản sao lỗi không còn (giữ một giờ sau khi nhập); hãy nhập lại tệp để có bản sao mới."}
	}
	w.Header().Set("Cache-Control", "no-store")
	sendFile(w, http.StatusOK, ec.name, data)
	return nil
}

// errorCopyName is the download name of a file's error copy.
func errorCopyName(name string) string {
	return strings.TrimSuffix(name, filepath.Ext(name)) + "-loi.xlsx"
}
