package domain

import "dangvien/internal/viet"

// checkText adds to f, under key, why v cannot be stored as text of kind k,
// naming the field by its label: "Họ và tên chứa ký tự không hợp lệ (chữ
// Kirin «а» (U+0430) trông giống chữ Latinh)." It tells whether v passed.
func checkText(f Fields, key, label string, k viet.Kind, v string) bool {
	why := viet.Check(k, v)
	if why == "" {
		return true
	}
	f.Add(key, TextReason(label, why))
	return false
}

// textField is one text a user typed, for checkTexts.
type textField struct {
	key, label string
	kind       viet.Kind
	v          string
}

// checkTexts runs checkText on each field.
func checkTexts(f Fields, fs ...textField) {
	for _, t := range fs {
		checkText(f, t.key, t.label, t.kind, t.v)
	}
}

// TextReason is the message for a field whose text viet.Check refused.
func TextReason(label, why string) string {
	return label + " chứa ký tự không hợp lệ (" + why + ")."
}

// CheckText returns an invalid-input error naming the field when v cannot
// be stored as text of kind k, for the few texts that have no validator of
// their own (a task note, an account's name).
func CheckText(key, label string, k viet.Kind, v string) error {
	f := Fields{}
	checkText(f, key, label, k, v)
	return f.Err()
}

// CheckText refuses an event whose decision number or reason holds
// characters a record must not (see viet.Check).
func (e *Event) CheckText() error {
	f := Fields{}
	checkTexts(f, textField{"decision_number", "Số quyết định", viet.Proper, e.Decision}, textField{"reason", "Lý do", viet.OneLine, e.Reason})
	return f.Err()
}
