package web

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"unicode/utf8"

	"dangvien/internal/domain"
)

// maxFormScan is how much of a URL-encoded form body refuseNUL reads, the
// size net/http's ParseForm accepts; a larger body is left to the handler's
// own limit.
const maxFormScan = 10 << 20

// refuseNUL answers 422 to a request whose path, query or URL-encoded form
// holds a NUL byte or bytes that are not UTF-8, and tells whether it did.
// PostgreSQL can store neither, so such input used to end in a 500 wherever
// a handler passed it on; refusing it here, once, covers every route. JSON
// bodies are checked by decode, multipart uploads by their handlers.
func refuseNUL(w http.ResponseWriter, r *http.Request) bool {
	bad := badText("địa chỉ", r.URL.Path)
	if bad == "" {
		bad = badValues(r.URL.RawQuery)
	}
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); bad == "" && ct == "application/x-www-form-urlencoded" && r.Body != nil {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxFormScan+1))
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
		if err == nil && len(body) <= maxFormScan {
			bad = badValues(string(body))
		}
	}
	if bad == "" {
		return false
	}
	err := &domain.Error{Code: domain.CodeInvalid, Message: bad}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		writeError(w, r, err)
	} else {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusUnprocessableEntity)
		fmt.Fprintln(w, bad)
	}
	return true
}

// badValues checks the names and values of a URL-encoded query or form.
func badValues(raw string) string {
	if raw == "" {
		return ""
	}
	vs, err := url.ParseQuery(raw)
	if err != nil {
		return "" // malformed: the handler's own parsing answers it
	}
	for k, list := range vs {
		if bad := badText("tham số", k); bad != "" {
			return bad
		}
		for _, v := range list {
			if bad := badText("«"+k+"»", v); bad != "" {
				return bad
			}
		}
	}
	return ""
}

func badText(what, s string) string {
	switch {
	case strings.IndexByte(s, 0) >= 0:
		return "Dữ liệu " + what + " chứa ký tự NUL (mã 0), không lưu được."
	case !utf8.ValidString(s):
		return "Dữ liệu " + what + " không phải văn bản UTF-8."
	}
	return ""
}

// nulField returns the JSON name of the first string in v that holds a NUL
// byte, "" when none does: the field a decoded body must not carry on.
func nulField(v reflect.Value, at string) string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			return nulField(v.Elem(), at)
		}
	case reflect.String:
		if strings.IndexByte(v.String(), 0) >= 0 {
			return at
		}
	case reflect.Struct:
		t := v.Type()
		for i := range t.NumField() {
			sf := t.Field(i)
			if !sf.IsExported() {
				continue
			}
			name := strings.Split(sf.Tag.Get("json"), ",")[0]
			if name == "-" {
				continue
			}
			field := join(at, name)
			if sf.Anonymous && name == "" {
				field = at
			} else if name == "" {
				field = join(at, sf.Name)
			}
			if f := nulField(v.Field(i), field); f != "" {
				return f
			}
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if f := nulField(v.Index(i), fmt.Sprintf("%s[%d]", at, i)); f != "" {
				return f
			}
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			key := fmt.Sprint(it.Key().Interface())
			if strings.IndexByte(key, 0) >= 0 {
				return at
			}
			if f := nulField(it.Value(), join(at, key)); f != "" {
				return f
			}
		}
	}
	return ""
}

func join(at, name string) string {
	if at == "" {
		return name
	}
	return at + "." + name
}

// errNUL is the answer to a JSON body with a NUL in field.
func errNUL(field string) error {
	msg := "Trường «" + field + "» chứa ký tự NUL (mã 0), không lưu được."
	return &domain.Error{Code: domain.CodeInvalid, Message: msg, Fields: domain.Fields{field: "Chứa ký tự NUL (mã 0)."}}
}
