// Package web serves dangvien over HTTP: the JSON API under /api/v1 with its
// OpenAPI document. Handlers are thin: they decode, call the store, encode.
package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"reflect"
	"strings"

	"dangvien/internal/domain"
)

// apiError is the body of every error answer.
type apiError struct {
	Error errorBody `json:"error"`
}

type errorBody struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
	Rows    []domain.RowError `json:"rows,omitempty"`
	// RowsTotal is how many problems a refused import had; rows lists the
	// first of them (errors_as=xlsx gives the error copy with all).
	RowsTotal int `json:"rows_total,omitempty"`
}

// status maps a domain error code to its HTTP status: the one place that does.
var status = map[domain.Code]int{
	domain.CodeInvalid:      http.StatusUnprocessableEntity,
	domain.CodeConflict:     http.StatusConflict,
	domain.CodeStale:        http.StatusPreconditionFailed,
	domain.CodeNotFound:     http.StatusNotFound,
	domain.CodeForbidden:    http.StatusForbidden,
	domain.CodeUnauthorized: http.StatusUnauthorized,
	domain.CodeBusy:         http.StatusServiceUnavailable,
}

// badRequest is malformed input that never reached validation: 400.
type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

// tooLarge is a body over the limit: 413.
type tooLarge struct{ limit int64 }

func (e tooLarge) Error() string {
	return fmt.Sprintf("Dữ liệu gửi lên vượt quá giới hạn %d MB.", e.limit>>20)
}

func writeError(w http.ResponseWriter, r *http.Request, err error) {
	var (
		de  *domain.Error
		ie  *domain.ImportError
		br  badRequest
		tl  tooLarge
		mbe *http.MaxBytesError
	)
	body := errorBody{}
	code := http.StatusInternalServerError
	switch {
	case errors.As(err, &ie):
		code, body = http.StatusUnprocessableEntity, errorBody{Code: string(domain.CodeInvalid), Message: fmt.Sprintf("Tệp có %d lỗi, không nhập dòng nào.", ie.Count()), Rows: ie.Shown(), RowsTotal: ie.Count()}
	case errors.As(err, &de):
		code = status[de.Code]
		if code == 0 {
			code = http.StatusInternalServerError
		}
		body = errorBody{Code: string(de.Code), Message: de.Message, Fields: de.Fields}
	case errors.As(err, &br):
		code, body = http.StatusBadRequest, errorBody{Code: "bad_request", Message: br.msg}
	case errors.As(err, &tl):
		code, body = http.StatusRequestEntityTooLarge, errorBody{Code: "too_large", Message: tl.Error()}
	case errors.As(err, &mbe):
		code, body = http.StatusRequestEntityTooLarge, errorBody{Code: "too_large", Message: tooLarge{mbe.Limit}.Error()}
	default:
		// Never send an internal error's text to the client: log it.
		slog.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		body = errorBody{Code: string(domain.CodeInternal), Message: "Lỗi hệ thống, xin thử lại sau hoặc báo quản trị viên."}
	}
	if code == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="dangvien"`)
	}
	if code == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "5")
	}
	writeJSON(w, code, apiError{body})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// decode reads a JSON body strictly: unknown fields, wrong types, trailing
// data and bodies over limit are refused with a Vietnamese message.
func decode(w http.ResponseWriter, r *http.Request, limit int64, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return badRequest{"Nội dung phải là JSON (Content-Type: application/json)."}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var (
			se  *json.SyntaxError
			te  *json.UnmarshalTypeError
			mbe *http.MaxBytesError
		)
		switch {
		case errors.As(err, &mbe):
			return tooLarge{limit}
		case errors.As(err, &se):
			return badRequest{fmt.Sprintf("JSON sai cú pháp ở ký tự thứ %d.", se.Offset)}
		case errors.As(err, &te):
			return badRequest{fmt.Sprintf("Trường «%s» phải có kiểu %s.", te.Field, typeName(te.Type.Kind().String()))}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return badRequest{"Trường không được hỗ trợ: " + strings.TrimPrefix(err.Error(), "json: unknown field ") + "."}
		case err.Error() == "EOF":
			return badRequest{"Thiếu nội dung JSON."}
		case strings.Contains(err.Error(), "ngày"):
			return badRequest{"Ngày phải có dạng yyyy-mm-dd: " + err.Error()}
		}
		return badRequest{"JSON không hợp lệ: " + err.Error()}
	}
	if dec.More() {
		return badRequest{"Sau đối tượng JSON còn dữ liệu thừa."}
	}
	if f := nulField(reflect.ValueOf(v), ""); f != "" {
		return errNUL(f)
	}
	return nil
}

func typeName(kind string) string {
	switch kind {
	case "int64", "int", "int32":
		return "số nguyên"
	case "string":
		return "chuỗi"
	case "bool":
		return "true/false"
	case "slice":
		return "mảng"
	case "struct", "map":
		return "đối tượng"
	}
	return kind
}
