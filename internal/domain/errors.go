// Package domain holds dangvien's types and the party's rules as pure
// functions: no SQL, no HTTP, no clock (the date is always an argument).
package domain

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code classifies an error; the web layer maps each code to one HTTP status.
type Code string

const (
	CodeInvalid      Code = "invalid"      // bad input: 422
	CodeConflict     Code = "conflict"     // duplicate or state conflict: 409
	CodeStale        Code = "stale"        // changed by someone else since it was read: 412
	CodeNotFound     Code = "not_found"    // missing or out of scope: 404
	CodeForbidden    Code = "forbidden"    // in scope but the role may not: 403
	CodeUnauthorized Code = "unauthorized" // no or bad credentials: 401
	CodeBusy         Code = "busy"         // too much work at once, try again soon: 503
	CodeInternal     Code = "internal"
)

// Error is an error a user may read: Message and Fields are Vietnamese.
type Error struct {
	Code    Code
	Message string
	Fields  map[string]string // field name → reason
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return e.Message + " (" + strings.Join(parts, "; ") + ")"
}

// Errorf makes an Error with a formatted Vietnamese message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, CodeInternal when it is not an *Error.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// ErrNotFound is returned for anything missing or outside the actor's scope,
// so that a caller cannot learn whether an out-of-scope object exists.
var ErrNotFound = &Error{Code: CodeNotFound, Message: "Không tìm thấy hoặc không thuộc phạm vi quản lý của bạn."}

// ErrForbiddenWrite is a change the actor's role may not make.
var ErrForbiddenWrite = &Error{Code: CodeForbidden, Message: "Vai trò của bạn không được phép thay đổi dữ liệu này."}

// Fields collects per-field problems and turns them into one Error.
type Fields map[string]string

// Add records the first problem found for a field.
func (f Fields) Add(field, reason string) {
	if _, ok := f[field]; !ok {
		f[field] = reason
	}
}

// Err returns nil when there are no problems.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: CodeInvalid, Message: "Dữ liệu chưa hợp lệ, xin kiểm tra lại các trường được đánh dấu.", Fields: f}
}

// ErrorMessage is the Vietnamese message of a domain error, or a generic one.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Lỗi hệ thống."
}
