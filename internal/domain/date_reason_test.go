package domain

import "testing"

// Rule: a typed day that has the form of one but is not in the calendar is
// a day that does not exist (31/02); anything else unreadable is asked for
// as dd/mm/yyyy.
func TestCheckDay(t *testing.T) {
	for _, c := range []struct {
		in   string
		want DateProblem
	}{
		{"", NoDateProblem}, {"29/02/2024", NoDateProblem}, {"1/2/2020", NoDateProblem}, {"2024-02-29", NoDateProblem}, {" 05/11/2026 ", NoDateProblem},
		{"31/02/2024", DateNoSuchDay}, {"29/02/2023", DateNoSuchDay}, {"31/04/2026", DateNoSuchDay}, {"2023-02-29", DateNoSuchDay}, {"31/6/2026", DateNoSuchDay},
		{"32/01/2020", DateBadForm}, {"01/13/2020", DateBadForm}, {"1985-13-01", DateBadForm}, {"00/01/2020", DateBadForm}, {"hôm qua", DateBadForm}, {"12/2020", DateBadForm}, {"31/02/20", DateBadForm},
	} {
		if got := CheckDay(c.in); got != c.want {
			t.Errorf("%q: %d, want %d", c.in, got, c.want)
		}
	}
	if r := DayReason("31/02/2024"); r != "Ngày không tồn tại: 31/02/2024." {
		t.Errorf("reason %q", r)
	}
}
