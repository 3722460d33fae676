package sheet

import "strings"

// formulaStart are the first characters that make a spreadsheet read a cell
// as a formula (OWASP, CSV injection): a value "=HYPERLINK(…)" or "@SUM(…)"
// written as it is runs when the export is opened.
const formulaStart = "=+-@\t\r"

// needsQuote tells whether a value starts like a formula, or like a value
// that quote protected (quotes, then a formula start), so that unquote can
// tell the two apart and a round trip gives back every value as it was.
func needsQuote(s string) bool {
	s = strings.TrimLeft(s, "'")
	return s != "" && strings.IndexByte(formulaStart, s[0]) >= 0
}

// quote neutralises a value the way OWASP says: a single quote before it,
// which spreadsheets read as "text follows".
func quote(s string) string {
	if needsQuote(s) {
		return "'" + s
	}
	return s
}

// unquote takes off the quote that quote put on. In a column that cannot
// start with a quote (a date, a code, a number, a choice) it takes off any
// leading quote, which is also how people type numbers as text in Excel
// ("'0912345678").
func unquote(s string, free bool) string {
	if !strings.HasPrefix(s, "'") {
		return s
	}
	if !free || needsQuote(s[1:]) {
		return s[1:]
	}
	return s
}

// quoteAll applies quote to each cell.
func quoteAll(ss []string) []string {
	for i, s := range ss {
		ss[i] = quote(s)
	}
	return ss
}
