package web

import (
	"html/template"
	"net/http"

	"dangvien/internal/domain"
)

// The index page describes the API from the route table, in Vietnamese, so a
// person who opens the server's address sees what it offers.
var indexTmpl = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>dangvien — API quản lý đảng viên</title>
<link rel="stylesheet" href="/static/index.css"></head><body>
<header><h1>dangvien — API quản lý đảng viên</h1></header>
<main>
<p>Mọi yêu cầu gửi kèm tiêu đề <code>Authorization: Bearer &lt;mã truy cập&gt;</code>; mã truy cập tạo bằng lệnh
<code>dangvien token create --user TÊN</code> (lệnh <code>dangvien demo</code> in sẵn một mã). Ngày viết theo dạng yyyy-mm-dd.
Tài liệu đầy đủ theo chuẩn OpenAPI 3: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p>
{{range .}}<h2>{{.Tag}}</h2><table>{{range .Routes}}<tr><td class="m">{{.Method}}</td><td class="p">{{.Path}}</td><td class="s">{{.Summary}}</td></tr>{{end}}</table>
{{end}}</main></body></html>`))

type routeGroup struct {
	Tag    string
	Routes []Route
}

func (s *Server) index(w http.ResponseWriter, r *http.Request, _ domain.Actor) error {
	var groups []routeGroup
	for _, rt := range s.routes() {
		if n := len(groups); n == 0 || groups[n-1].Tag != rt.Tag {
			groups = append(groups, routeGroup{Tag: rt.Tag})
		}
		groups[len(groups)-1].Routes = append(groups[len(groups)-1].Routes, rt)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return indexTmpl.Execute(w, groups)
}
