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

// indexCSS is served as a file: the Content-Security-Policy allows no inline style.
const indexCSS = `body{font-family:system-ui,"Noto Sans",sans-serif;margin:0;color:#222;background:#fafafa}
header{background:#b71c1c;color:#fff;padding:16px 20px}header h1{margin:0;font-size:1.3rem}
main{max-width:980px;margin:0 auto;padding:16px}
h2{font-size:1.05rem;margin:24px 0 8px;color:#b71c1c}
table{width:100%;border-collapse:collapse;background:#fff;table-layout:fixed}
td{padding:6px 8px;border-bottom:1px solid #eee;vertical-align:top}
td.m{font-family:"Noto Sans Mono",monospace;font-weight:600;width:4.5em}
td.p{font-family:"Noto Sans Mono",monospace;width:19em;overflow-wrap:anywhere}
code{font-family:"Noto Sans Mono",monospace;background:#f1f1f1;padding:1px 4px;overflow-wrap:anywhere}
@media (max-width:640px){table,tbody,tr{display:block}tr{padding:8px;border-bottom:1px solid #eee}
td{display:inline;border:none;padding:0}td.m{margin-right:.5em}td.s{display:block;margin-top:2px;color:#444}}
`

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
