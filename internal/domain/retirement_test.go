package domain

import "testing"

// Retirement age (Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP,
// Phụ lục I): the rising schedule for men and women, as its table gives it.
func TestRetirementDate(t *testing.T) {
	for _, tc := range []struct {
		birth string
		g     Gender
		want  string
	}{
		{"1955-06-15", Male, "2015-06-15"},   // the old law: 60
		{"1960-12-31", Male, "2020-12-31"},   // 60 in 2020, before the schedule
		{"1961-01-10", Male, "2021-04-10"},   // 60 y 3 m in 2021
		{"1961-09-01", Male, "2021-12-01"},   // still 2021
		{"1961-10-01", Male, "2022-04-01"},   // 60 y 3 m falls in 2022, where the age is 60 y 6 m
		{"1962-04-05", Male, "2022-10-05"},   // 60 y 6 m in 2022
		{"1966-01-20", Male, "2027-10-20"},   // 61 y 9 m in 2027
		{"1980-07-01", Male, "2042-07-01"},   // 62
		{"1966-01-15", Female, "2021-05-15"}, // 55 y 4 m in 2021
		{"1966-09-01", Female, "2022-05-01"}, // 55 y 4 m falls in 2022: 55 y 8 m
		{"1975-03-03", Female, "2034-11-03"}, // 59 y 8 m in 2034
		{"1966-06-01", Male, "2028-06-01"},   // 62 from 2028
		{"1980-07-01", Female, "2040-07-01"}, // 60 from 2035 on
	} {
		if got := RetirementDate(MustDate(tc.birth), tc.g); got != MustDate(tc.want) {
			t.Errorf("%s %s: %s, want %s", tc.g, tc.birth, got, MustDate(tc.want))
		}
	}
	// Past it for a whole month only from the month after the one reached.
	b := MustDate("1961-01-10") // reaches it 10/04/2021
	if PastRetirement(b, Male, Month{2021, 4}) || !PastRetirement(b, Male, Month{2021, 5}) {
		t.Error("past retirement: the month after the one it is reached")
	}
}
