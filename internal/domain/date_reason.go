package domain

import (
	"regexp"
	"strconv"
	"strings"
)

// dayShapes are the forms of a typed day: dd/mm/yyyy (one-digit day and
// month too) and yyyy-mm-dd, with the positions of day and month.
var dayShapes = []struct {
	re   *regexp.Regexp
	d, m int
}{
	{regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/\d{4}$`), 1, 2},
	{regexp.MustCompile(`^\d{4}-(\d{2})-(\d{2})$`), 2, 1},
}

// DateProblem tells why a typed day cannot be read, or NoDateProblem: a
// day in the form of one whose day and month are in range but that the
// calendar has not (31/02, 29/02 of a common year) does not exist, which
// says more than asking for the form again.
type DateProblem int

const (
	NoDateProblem DateProblem = iota
	DateBadForm               // not dd/mm/yyyy
	DateNoSuchDay             // dd/mm/yyyy, but no such day
)

// CheckDay reads a typed day (blank is no problem) and says what is wrong
// with it.
func CheckDay(s string) DateProblem {
	if _, err := ParseDate(s); err == nil {
		return NoDateProblem
	}
	for _, sh := range dayShapes {
		m := sh.re.FindStringSubmatch(strings.TrimSpace(s))
		if m == nil {
			continue
		}
		d, _ := strconv.Atoi(m[sh.d])
		mo, _ := strconv.Atoi(m[sh.m])
		if d >= 1 && d <= 31 && mo >= 1 && mo <= 12 {
			return DateNoSuchDay
		}
	}
	return DateBadForm
}

// DayReason is the reason given for a typed day that cannot be read, ""
// when it can: 31/02/2024 is a day that does not exist («Ngày không tồn
// tại»); anything else is asked for as dd/mm/yyyy.
func DayReason(s string) string {
	switch CheckDay(s) {
	case DateNoSuchDay:
		return "Ngày không tồn tại: " + strings.TrimSpace(s) + "."
	case DateBadForm:
		return "Ngày phải có dạng dd/mm/yyyy."
	}
	return ""
}
