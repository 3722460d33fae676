package web

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// The OpenAPI 3 document is built from the route table and the Go types the
// handlers decode and encode, so it cannot drift from what the server does.

type openAPIDoc map[string]any

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

func (s *Server) buildOpenAPI() openAPIDoc {
	schemas := map[string]any{}
	paths := map[string]map[string]any{}
	errRef := map[string]any{"$ref": "#/components/schemas/Error"}
	errResp := func(desc string) map[string]any {
		return map[string]any{"description": desc, "content": map[string]any{"application/json": map[string]any{"schema": errRef}}}
	}
	for _, rt := range s.routes() {
		op := map[string]any{"summary": rt.Summary, "tags": []string{rt.Tag}, "operationId": opID(rt)}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "integer", "minimum": 1}})
		}
		for _, p := range rt.Query {
			params = append(params, map[string]any{"name": p.Name, "in": "query", "description": p.Desc, "schema": map[string]any{"type": p.Type}})
		}
		if rt.Versioned {
			op["description"] = "Tiêu đề ETag của câu trả lời là phiên bản của hồ sơ (ví dụ \"v3\"); mọi thay đổi hồ sơ, kể cả ghi sự kiện, tăng phiên bản. " +
				"Sửa bằng PUT kèm If-Match: \"v3\" thì chỉ ghi khi hồ sơ vẫn ở phiên bản đó, nếu người khác đã sửa trước thì trả 412 và không ghi gì. " +
				"PUT không có If-Match ghi đè bản hiện có: người ghi sau cùng thắng."
		}
		if rt.Versioned && rt.Method == "PUT" {
			params = append(params, map[string]any{"name": "If-Match", "in": "header", "required": false, "schema": map[string]any{"type": "string"},
				"description": "ETag của phiên bản đã đọc, ví dụ \"v3\": chỉ ghi nếu hồ sơ chưa bị ai sửa từ phiên bản đó (412 nếu đã sửa)"})
		}
		if params != nil {
			op["parameters"] = params
		}
		if rt.Body != nil {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Body), schemas)}}}
		}
		if rt.BodyKind == "upload" {
			op["requestBody"] = map[string]any{"required": true, "content": map[string]any{
				"multipart/form-data": map[string]any{"schema": map[string]any{"type": "object", "required": []string{"file"}, "properties": map[string]any{
					"file": map[string]any{"type": "string", "format": "binary"}, "org": map[string]any{"type": "string"}}}},
				"application/octet-stream": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}},
			}}
		}
		code := rt.Status
		if code == 0 {
			code = 200
		}
		ok := map[string]any{"description": "Thành công"}
		switch {
		case rt.RespKind == "file":
			ok["content"] = map[string]any{
				"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": map[string]any{"schema": map[string]any{"type": "string", "format": "binary"}},
				"text/csv": map[string]any{"schema": map[string]any{"type": "string"}}}
		case rt.Resp != nil:
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": schemaOf(reflect.TypeOf(rt.Resp), schemas)}}
		case rt.Path == "/api/v1/openapi.json":
			ok["content"] = map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}
		}
		if rt.Versioned {
			ok["headers"] = map[string]any{"ETag": map[string]any{"description": "Phiên bản của hồ sơ, ví dụ \"v3\"", "schema": map[string]any{"type": "string"}}}
		}
		responses := map[string]any{strconv.Itoa(code): ok}
		if rt.Versioned && rt.Method == "PUT" {
			responses["412"] = errResp("Hồ sơ đã bị người khác sửa sau phiên bản trong If-Match; tiêu đề ETag là phiên bản hiện tại")
		}
		if !rt.Public {
			responses["401"] = errResp("Chưa đăng nhập hoặc mã truy cập không hợp lệ")
			responses["403"] = errResp("Vai trò không được phép")
			responses["404"] = errResp("Không có, hoặc ngoài phạm vi quản lý")
		}
		if rt.Body != nil || rt.BodyKind != "" {
			responses["400"] = errResp("JSON sai cú pháp, trường lạ hoặc sai kiểu")
			responses["409"] = errResp("Trùng dữ liệu hoặc xung đột trạng thái")
			responses["413"] = errResp("Dữ liệu vượt quá giới hạn")
		}
		if rt.Body != nil || rt.BodyKind != "" || len(rt.Query) > 0 {
			responses["422"] = errResp("Dữ liệu không hợp lệ; fields (hoặc rows khi nhập tệp) nêu từng lỗi")
		}
		op["responses"] = responses
		if !rt.Public {
			op["security"] = []any{map[string]any{"bearer": []string{}}}
		}
		if paths[rt.Path] == nil {
			paths[rt.Path] = map[string]any{}
		}
		paths[rt.Path][strings.ToLower(rt.Method)] = op
	}
	schemas["Error"] = schemaOf(reflect.TypeOf(apiError{}), schemas)
	return openAPIDoc{
		"openapi": "3.0.3",
		"info": map[string]any{"title": "dangvien API", "version": "1",
			"description": "Quản lý đảng viên: tổ chức, hồ sơ đảng viên, tìm kiếm, nhập xuất và nhật ký. Mọi yêu cầu (trừ tài liệu này) cần `Authorization: Bearer <mã truy cập>` (tạo bằng `dangvien token create`). Ngày theo dạng yyyy-mm-dd."},
		"paths":      paths,
		"components": map[string]any{"schemas": schemas, "securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}}},
	}
}

func opID(rt Route) string {
	p := strings.NewReplacer("/api/v1/", "", "/", "_", "{", "", "}", "", ".", "_").Replace(rt.Path)
	return strings.ToLower(rt.Method) + "_" + p
}

var (
	dateType  = reflect.TypeOf(domain.Date{})
	stampType = reflect.TypeOf(store.Stamp{})
	rawType   = reflect.TypeOf(json.RawMessage{})
)

// schemaOf returns the JSON schema of t, registering named structs in schemas
// and returning a $ref to them.
func schemaOf(t reflect.Type, schemas map[string]any) map[string]any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t {
	case dateType:
		return map[string]any{"type": "string", "format": "date", "nullable": true}
	case stampType:
		return map[string]any{"type": "string", "format": "date-time"}
	case rawType:
		return map[string]any{"description": "JSON tùy ý"}
	}
	switch t.Kind() {
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int64, reflect.Int32:
		return map[string]any{"type": "integer"}
	case reflect.Slice:
		return map[string]any{"type": "array", "items": schemaOf(t.Elem(), schemas)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": schemaOf(t.Elem(), schemas)}
	case reflect.Struct:
		name := schemaName(t)
		if _, ok := schemas[name]; !ok {
			schemas[name] = nil // a placeholder stops recursion on self-reference
			props := map[string]any{}
			structProps(t, props, schemas)
			schemas[name] = map[string]any{"type": "object", "properties": props}
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	return map[string]any{}
}

func structProps(t reflect.Type, props map[string]any, schemas map[string]any) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || (!f.IsExported() && !f.Anonymous) {
			continue
		}
		name := strings.Split(tag, ",")[0]
		if f.Anonymous && name == "" {
			structProps(f.Type, props, schemas)
			continue
		}
		if name == "" {
			name = f.Name
		}
		props[name] = schemaOf(f.Type, schemas)
	}
}

var genericArg = regexp.MustCompile(`\[(?:.*\.)?([A-Za-z0-9]+)\]`)

func schemaName(t reflect.Type) string {
	n := t.Name()
	if m := genericArg.FindStringSubmatch(n); m != nil {
		n = strings.Split(n, "[")[0] + m[1]
	}
	if n == "apiError" {
		return "Error"
	}
	if n != "" {
		n = strings.ToUpper(n[:1]) + n[1:]
	}
	return n
}

func (s *Server) openapi(w http.ResponseWriter, r *http.Request, _ domain.Actor) error {
	s.docOnce.Do(func() { s.docJSON, _ = json.MarshalIndent(s.buildOpenAPI(), "", "  ") })
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(s.docJSON)
	return nil
}
