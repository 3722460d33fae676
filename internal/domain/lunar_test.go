package domain

import (
	"bufio"
	"math"
	"os"
	"strings"
	"testing"
)

// The Vietnamese lunar calendar (computed for UTC+7, Hồ Ngọc Đức's rules):
// Tết Nguyên đán of known years. 1985, 2007 and 2030 are the years where
// Vietnam's Tết differs from China's (UTC+8): in 2030 the new moon falls at
// 23:07 in Hà Nội and 00:07 in Beijing, so Tết is 2/2/2030 here and 3/2/2030
// there.
func TestLunarNewYear(t *testing.T) {
	for _, tc := range []struct {
		year int
		want string
	}{
		{1985, "1985-01-21"}, // China: 1985-02-20
		{2007, "2007-02-17"}, // China: 2007-02-18
		{2015, "2015-02-19"},
		{2016, "2016-02-08"},
		{2017, "2017-01-28"},
		{2018, "2018-02-16"},
		{2019, "2019-02-05"},
		{2020, "2020-01-25"},
		{2021, "2021-02-12"},
		{2022, "2022-02-01"},
		{2023, "2023-01-22"},
		{2024, "2024-02-10"},
		{2025, "2025-01-29"},
		{2026, "2026-02-17"},
		{2027, "2027-02-06"},
		{2028, "2028-01-26"},
		{2030, "2030-02-02"}, // China: 2030-02-03
	} {
		if got := LunarNewYear(tc.year); got.ISO() != tc.want {
			t.Errorf("Tết %d: %s, want %s", tc.year, got.ISO(), tc.want)
		}
	}
}

// Giỗ Tổ Hùng Vương is 10/3 of the lunar calendar; in 2023 it came after a
// leap second month.
func TestHungKingsDay(t *testing.T) {
	for _, tc := range []struct {
		year int
		want string
	}{
		{2020, "2020-04-02"},
		{2021, "2021-04-21"},
		{2022, "2022-04-10"},
		{2023, "2023-04-29"},
		{2024, "2024-04-18"},
		{2025, "2025-04-07"},
		{2026, "2026-04-26"},
	} {
		if got := HungKingsDay(tc.year); got.ISO() != tc.want {
			t.Errorf("Giỗ Tổ %d: %s, want %s", tc.year, got.ISO(), tc.want)
		}
	}
}

// A year of 13 months repeats the first month without a major solar term:
// 2020 had a leap 4th month, 2023 a leap 2nd, 2025 a leap 6th.
func TestLunarLeapMonths(t *testing.T) {
	for _, tc := range []struct {
		year, month int
		starts      string
	}{
		{2020, 4, "2020-05-23"},
		{2023, 2, "2023-03-22"},
		{2025, 6, "2025-07-25"},
	} {
		d, ok := LunarToSolar(LunarDate{Day: 1, Month: tc.month, Year: tc.year, Leap: true})
		if !ok || d.ISO() != tc.starts {
			t.Errorf("leap month %d/%d: %s %v, want %s", tc.month, tc.year, d.ISO(), ok, tc.starts)
		}
		if l := SolarToLunar(d); l != (LunarDate{Day: 1, Month: tc.month, Year: tc.year, Leap: true}) {
			t.Errorf("%s: %+v", tc.starts, l)
		}
		if _, ok := LunarToSolar(LunarDate{Day: 1, Month: tc.month + 1, Year: tc.year, Leap: true}); ok {
			t.Errorf("%d has no leap month %d", tc.year, tc.month+1)
		}
	}
	if _, ok := LunarToSolar(LunarDate{Day: 1, Month: 3, Year: 2024, Leap: true}); ok {
		t.Error("2024 has no leap month")
	}
}

// Every day from 1930 to 2100 converts to a lunar date and back, and the
// lunar days run 1, 2, … up to 29 or 30 before the next month.
func TestLunarRoundTrip(t *testing.T) {
	prev := SolarToLunar(NewDate(1929, 12, 31))
	for d := NewDate(1930, 1, 1); d.Year() <= 2100; d = d.AddDays(1) {
		l := SolarToLunar(d)
		back, ok := LunarToSolar(l)
		if !ok || !back.Equal(d) {
			t.Fatalf("%s → %+v → %s", d, l, back)
		}
		switch {
		case l.Day == prev.Day+1 && l.Month == prev.Month && l.Leap == prev.Leap:
		case l.Day == 1 && (prev.Day == 29 || prev.Day == 30):
		default:
			t.Fatalf("%s: %+v after %+v", d, l, prev)
		}
		prev = l
	}
}

// The shortened Meeus series against an independent ephemeris (PyEphem, in
// testdata): every new moon of 1930–2100 falls on the same day in Vietnam,
// except where the moment is within minutes of midnight, beyond the
// series' precision (1944-06-20 23:59, 2072-12-09 23:58, 2077-11-15 23:59).
func TestNewMoonsAgainstEphemeris(t *testing.T) {
	f, err := os.Open("testdata/new-moons-utc7.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, near := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		day, clock, _ := strings.Cut(line, " ")
		d := MustDate(day)
		k := int(math.Round((float64(jdn(d)) - epochNewMoon) / synodicMonth))
		n++
		if got := dateOfJDN(newMoonDay(k)); !got.Equal(d) {
			if clock < "23:55" && clock > "00:05" {
				t.Errorf("new moon %s %s: computed %s", day, clock, got.ISO())
			}
			near++
			t.Logf("near midnight: %s %s, computed %s", day, clock, got.ISO())
		}
	}
	if n < 2000 || near > 3 {
		t.Fatalf("%d new moons read, %d off by a day near midnight", n, near)
	}
}
