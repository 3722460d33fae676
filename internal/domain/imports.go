package domain

import (
	"fmt"
	"strings"
)

// RowError is one problem of an imported file: the row as the user sees it
// in the spreadsheet (the header is row 1), the name of the member on it
// (when the row has a readable one), the column heading, the reason.
type RowError struct {
	Row    int    `json:"row"`
	Name   string `json:"name,omitempty"`
	Column string `json:"column"`
	Reason string `json:"reason"`
}

func (e RowError) String() string {
	row := fmt.Sprintf("Dòng %d", e.Row)
	if e.Name != "" {
		row += " (" + e.Name + ")"
	}
	if e.Column == "" {
		return row + ": " + e.Reason
	}
	return fmt.Sprintf("%s, cột «%s»: %s", row, e.Column, e.Reason)
}

// ImportError is a refused import: nothing was written.
type ImportError struct {
	Rows []RowError
}

func (e *ImportError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tệp có %d lỗi, không nhập dòng nào.", len(e.Rows))
	for i, r := range e.Rows {
		if i == 20 {
			fmt.Fprintf(&b, "\n… và %d lỗi khác.", len(e.Rows)-20)
			break
		}
		b.WriteString("\n" + r.String())
	}
	return b.String()
}
