package domain

// RetirementDate is the day a worker reaches retirement age under the Labour
// Code 2019 (Bộ luật Lao động 2019, Điều 169; Nghị định 135/2020/NĐ-CP): from
// 2021 men retire at 60 years and 3 months, 3 months more each year until 62
// in 2028; women at 55 years and 4 months, 4 months more each year until 60
// in 2035. Before 2021, 60 and 55. The age is the one of the year in which it
// is reached, so a man born in October 1961 reaches 60 years and 3 months in
// January 2022, when the age was already 60 years and 6 months: he reaches
// that in April 2022. Party fees under Quy định 01-QĐ/TW depend on it.
func RetirementDate(birth Date, g Gender) Date {
	base, step, cap := 60*12, 3, 62*12
	if g == Female {
		base, step, cap = 55*12, 4, 60*12
	}
	if d := birth.AddMonths(base); d.Year() <= 2020 {
		return d
	}
	for y := 2021; ; y++ {
		req := min(base+step*(y-2020), cap)
		if d := birth.AddMonths(req); d.Year() <= y {
			return d
		}
	}
}

// PastRetirement tells whether a member is at or past retirement age for a
// whole month: the month after the one in which the age is reached (the
// retirement takes effect at the end of that month).
func PastRetirement(birth Date, g Gender, m Month) bool {
	if birth.IsZero() {
		return false
	}
	return MonthOf(RetirementDate(birth, g)).Before(m)
}
