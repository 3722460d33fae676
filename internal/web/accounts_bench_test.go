package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkPickers is the server time of the account form's pickers as one
// types, for a provincial staff account over a 20,000-member province (842
// organisations), beside the header's member search as the baseline
// measured in the same run. The organisation picker matches the folded
// names of the scope's open organisations in Go; folding them on every
// keystroke cost 7–23 ms a request on this loaded machine, with the folded
// words kept about 3.3 ms (the baseline 1.9–4.5 ms).
//
//	go test -run X -bench Pickers -benchtime 200x -count 3 ./internal/web/
func BenchmarkPickers(b *testing.B) {
	s, cookie, _ := benchServer(b)
	for _, c := range []struct{ name, path string }{
		{"baseline-member-search", "/tim-kiem/goi-y?q=nguyen+thi"},
		{"member-picker", "/tai-khoan/tim-dang-vien?member=nguyen+thi"},
		{"org-picker", "/tai-khoan/tim-to-chuc?orgs=chi+bo+thon"},
		{"org-picker-by-code", "/tai-khoan/tim-to-chuc?orgs=T25"},
		{"audit-log-page", "/nhat-ky"},
	} {
		b.Run(c.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", c.path, nil)
			req.AddCookie(cookie)
			for b.Loop() {
				w := httptest.NewRecorder()
				s.ServeHTTP(w, req)
				if w.Code != http.StatusOK {
					b.Fatalf("status %d", w.Code)
				}
			}
		})
	}
}
