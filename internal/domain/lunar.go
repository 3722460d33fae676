package domain

import (
	"math"
	"time"
)

// The Vietnamese lunar calendar (âm lịch), computed as Hồ Ngọc Đức
// describes it ("Cách tính ngày tháng âm lịch của người Việt"): months
// begin on the day of the new moon and the winter solstice falls in the
// 11th month, both reckoned for Vietnam's time zone, UTC+7 (in force since
// 1968; it is why Tết sometimes falls a day or a month away from China's,
// as in 1985 and 2007). A year with 13 months repeats, as a leap month,
// the first month that holds no major solar term (trung khí). The new moon
// and the sun's longitude come from Jean Meeus, Astronomical Algorithms;
// their precision holds for 1800–2199.

// lunarZone is the time zone the Vietnamese calendar is computed for, in hours.
const lunarZone = 7.0

// synodicMonth is the mean length of a lunar month in days.
const synodicMonth = 29.530588853

// epochNewMoon is the Julian day of the new moon of 1 January 1900, the
// one numbered 0.
const epochNewMoon = 2415021.076998695

// LunarDate is a date of the Vietnamese lunar calendar.
type LunarDate struct {
	Day, Month, Year int
	Leap             bool // the month is the year's leap month (tháng nhuận)
}

// jdn is the Julian day number of a civil date.
func jdn(d Date) int {
	return int(d.t.Unix()/86400) + 2440588
}

// dateOfJDN is the civil date of a Julian day number.
func dateOfJDN(j int) Date {
	return Date{time.Unix(int64(j-2440588)*86400, 0).UTC()}
}

// newMoon is the moment (Julian day, universal time) of the k-th new moon
// after that of 1 January 1900 (Meeus, chapter 49, shortened).
func newMoon(k int) float64 {
	const dr = math.Pi / 180
	kf := float64(k)
	t := kf / 1236.85
	t2, t3 := t*t, t*t*t
	jd := 2415020.75933 + 29.53058868*kf + 0.0001178*t2 - 0.000000155*t3
	jd += 0.00033 * math.Sin((166.56+132.87*t-0.009173*t2)*dr)
	m := (359.2242 + 29.10535608*kf - 0.0000333*t2 - 0.00000347*t3) * dr   // sun's mean anomaly
	mp := (306.0253 + 385.81691806*kf + 0.0107306*t2 + 0.00001236*t3) * dr // moon's mean anomaly
	f := (21.2964 + 390.67050646*kf - 0.0016528*t2 - 0.00000239*t3) * dr   // moon's argument of latitude
	c := (0.1734-0.000393*t)*math.Sin(m) + 0.0021*math.Sin(2*m) -
		0.4068*math.Sin(mp) + 0.0161*math.Sin(2*mp) - 0.0004*math.Sin(3*mp) +
		0.0104*math.Sin(2*f) - 0.0051*math.Sin(m+mp) - 0.0074*math.Sin(m-mp) +
		0.0004*math.Sin(2*f+m) - 0.0004*math.Sin(2*f-m) - 0.0006*math.Sin(2*f+mp) +
		0.0010*math.Sin(2*f-mp) + 0.0005*math.Sin(m+2*mp)
	var deltaT float64 // terrestrial minus universal time, in days
	if t < -11 {
		deltaT = 0.001 + 0.000839*t + 0.0002261*t2 - 0.00000845*t3 - 0.000000081*t*t3
	} else {
		deltaT = -0.000278 + 0.000265*t + 0.000262*t2
	}
	return jd + c - deltaT
}

// newMoonDay is the day number on which the k-th new moon falls in Vietnam.
func newMoonDay(k int) int {
	return int(math.Floor(newMoon(k) + 0.5 + lunarZone/24))
}

// sunLongitude is the sun's apparent longitude, in radians in [0, 2π), at
// Julian day jd (Meeus, chapter 25, low precision).
func sunLongitude(jd float64) float64 {
	const dr = math.Pi / 180
	t := (jd - 2451545.0) / 36525
	t2 := t * t
	m := (357.52910 + 35999.05030*t - 0.0001559*t2 - 0.00000048*t*t2) * dr
	l0 := 280.46645 + 36000.76983*t + 0.0003032*t2
	dl := (1.914600-0.004817*t-0.000014*t2)*math.Sin(m) + (0.019993-0.000101*t)*math.Sin(2*m) + 0.000290*math.Sin(3*m)
	l := (l0 + dl) * dr
	return l - 2*math.Pi*math.Floor(l/(2*math.Pi))
}

// sunSector is which twelfth of the ecliptic (0–11, 30° each, 0 from the
// spring equinox) the sun is in at the start of day number day in Vietnam.
// A month whose first day and the next month's first day share a sector
// holds no major solar term.
func sunSector(day int) int {
	return int(math.Floor(sunLongitude(float64(day)-0.5-lunarZone/24) / math.Pi * 6))
}

// month11 is the first day (day number) of the lunar month that holds the
// winter solstice of solar year y.
func month11(y int) int {
	off := jdn(NewDate(y, time.December, 31)) - 2415021
	k := int(math.Floor(float64(off) / synodicMonth))
	nm := newMoonDay(k)
	if sunSector(nm) >= 9 { // the solstice (sector 9) is still to come: the month before
		nm = newMoonDay(k - 1)
	}
	return nm
}

// leapOffset is, for a 13-month lunar year whose 11th month starts on day
// a11, how many months after that month the leap month comes: the first
// month without a major solar term.
func leapOffset(a11 int) int {
	k := int(math.Floor((float64(a11)-epochNewMoon)/synodicMonth + 0.5))
	i := 1
	arc := sunSector(newMoonDay(k + i))
	for {
		last := arc
		i++
		arc = sunSector(newMoonDay(k + i))
		if arc == last || i >= 14 {
			break
		}
	}
	return i - 1
}

// SolarToLunar converts a civil date to the Vietnamese lunar calendar.
func SolarToLunar(d Date) LunarDate {
	day := jdn(d)
	// The mean month gives k; the true new moon may lie a day or so either
	// side of the mean one (7/5/2054: the estimate's month starts the day
	// after), so step until day falls in month k.
	k := int(math.Floor((float64(day) - epochNewMoon) / synodicMonth))
	for newMoonDay(k+1) <= day {
		k++
	}
	for newMoonDay(k) > day {
		k--
	}
	start := newMoonDay(k)
	y := d.Year()
	a11 := month11(y)
	b11 := a11
	lyear := y
	if a11 >= start {
		a11 = month11(y - 1)
	} else {
		lyear = y + 1
		b11 = month11(y + 1)
	}
	out := LunarDate{Day: day - start + 1}
	diff := (start - a11) / 29
	out.Month = diff + 11
	if b11-a11 > 365 { // 13 months between the two solstice months
		if lo := leapOffset(a11); diff >= lo {
			out.Month = diff + 10
			out.Leap = diff == lo
		}
	}
	if out.Month > 12 {
		out.Month -= 12
	}
	if out.Month >= 11 && diff < 4 {
		lyear--
	}
	out.Year = lyear
	return out
}

// LunarToSolar converts a Vietnamese lunar date to the civil calendar. ok
// is false for a leap month the year does not have.
func LunarToSolar(l LunarDate) (d Date, ok bool) {
	var a11, b11 int
	if l.Month < 11 {
		a11, b11 = month11(l.Year-1), month11(l.Year)
	} else {
		a11, b11 = month11(l.Year), month11(l.Year+1)
	}
	k := int(math.Floor(0.5 + (float64(a11)-epochNewMoon)/synodicMonth))
	off := l.Month - 11
	if off < 0 {
		off += 12
	}
	if b11-a11 > 365 {
		lo := leapOffset(a11)
		leapMonth := lo - 2
		if leapMonth < 0 {
			leapMonth += 12
		}
		if l.Leap && l.Month != leapMonth {
			return Date{}, false
		}
		if l.Leap || off >= lo {
			off++
		}
	} else if l.Leap {
		return Date{}, false
	}
	return dateOfJDN(newMoonDay(k+off) + l.Day - 1), true
}

// LunarNewYear is the first day of Tết Nguyên đán (mùng 1 tháng Giêng) of
// lunar year y, the one that begins in solar year y.
func LunarNewYear(y int) Date {
	d, _ := LunarToSolar(LunarDate{Day: 1, Month: 1, Year: y})
	return d
}

// HungKingsDay is Giỗ Tổ Hùng Vương, the 10th day of the 3rd lunar month
// of year y (never a leap month: the day is kept in the regular one).
func HungKingsDay(y int) Date {
	d, _ := LunarToSolar(LunarDate{Day: 10, Month: 3, Year: y})
	return d
}
