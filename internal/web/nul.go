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

// maxForm is the largest URL-encoded form a screen takes: the biggest, a
// meeting's minutes, is a few dozen kilobytes. refuseNUL reads the form
// whole, before any handler, so it must be bounded well below net/http's
// 10 MB.
const maxForm = 1 << 20

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
	status := http.StatusUnprocessableEntity
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); bad == "" && ct == "application/x-www-form-urlencoded" && r.Body != nil {
		body, err := io.ReadAll(io.LimitReader(r.Body, maxForm+1))
		r.Body = struct {
			io.Reader
			io.Closer
		}{io.MultiReader(bytes.NewReader(body), r.Body), r.Body}
		switch {
		case len(body) > maxForm:
			bad, status = tooLarge{maxForm}.Error(), http.StatusRequestEntityTooLarge
		case err == nil:
			bad = badValues(string(body))
		}
	}
	if bad == "" {
		return false
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		if status == http.StatusRequestEntityTooLarge {
			writeError(w, r, tooLarge{maxForm})
		} else {
			writeError(w, r, &domain.Error{Code: domain.CodeInvalid, Message: bad})
		}
	} else {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprintln(w, bad)
	}
	return true
}

// badValues checks the names and values of a URL-encoded query or form.
func badValues(raw string) string {
	if raw == "" {
		return ""
	}
	// A malformed pair does not stop net/http from keeping the others, so
	// neither does it stop the check.
	vs, _ := url.ParseQuery(raw)
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
