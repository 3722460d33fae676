package domain

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

// The working-day calendar (RULES.md: Working days). Deadlines in working
// days skip Saturdays, Sundays, the public holidays of the Labour Code
// (Bộ luật Lao động 2019, Điều 112) and the days off each year's
// announcement gives, and count the Saturdays it announces as make-up
// working days.
//
// The holidays are computed: Tết Dương lịch 1/1; Tết Nguyên đán, its first
// three days (mùng 1–3) always and the rest of the days the law gives
// (rule holiday.tet_days) by default the last day of the old year and mùng
// 4; Giỗ Tổ Hùng Vương 10/3 lunar; 30/4; 1/5; Quốc khánh 2/9 and, since
// 2021, one day next to it (rule holiday.national_day_days). A holiday on a
// Saturday or Sunday gives a day off in lieu on the next working day
// (Điều 111). Which days next to a holiday are off is the government's
// choice each year (Điều 112 khoản 3): once it has announced the days off
// of an occasion, its announcement replaces the default for that occasion.

// AnnouncedKind is what an announcement makes of a day.
type AnnouncedKind string

const (
	AnnouncedOff  AnnouncedKind = "off"  // a day off: in lieu, a swap, a longer Tết
	AnnouncedWork AnnouncedKind = "work" // a make-up working day (ngày làm bù), usually a Saturday
)

// Label is the kind in Vietnamese.
func (k AnnouncedKind) Label() string {
	return map[AnnouncedKind]string{AnnouncedOff: "Ngày nghỉ", AnnouncedWork: "Ngày làm bù"}[k]
}

// AnnouncedDay is a day the government's yearly announcement makes a day
// off or a working day, with the announcement it comes from.
type AnnouncedDay struct {
	Date Date          `json:"date"`
	Kind AnnouncedKind `json:"kind"`
	Note string        `json:"note"` // the announcement: number, date, what it says
}

// DayKind is what a day is on the working-day calendar.
type DayKind string

const (
	DayWorking      DayKind = "working"      // an ordinary working day
	DayWeekend      DayKind = "weekend"      // Saturday or Sunday
	DayHoliday      DayKind = "holiday"      // a public holiday
	DayCompensatory DayKind = "compensatory" // a day off in lieu of a holiday on a weekend
	DayOff          DayKind = "off"          // a day off by announcement
	DayMakeUp       DayKind = "makeup"       // a working day by announcement
)

// Label is the kind in Vietnamese.
func (k DayKind) Label() string {
	return map[DayKind]string{DayWorking: "Ngày làm việc", DayWeekend: "Nghỉ hằng tuần", DayHoliday: "Nghỉ lễ, tết",
		DayCompensatory: "Nghỉ bù", DayOff: "Nghỉ theo thông báo", DayMakeUp: "Làm bù theo thông báo"}[k]
}

// DayInfo is one day of the calendar and why it is what it is.
type DayInfo struct {
	Date    Date    `json:"date"`
	Working bool    `json:"working"`
	Kind    DayKind `json:"kind"`
	Name    string  `json:"name,omitempty"`    // the holiday, or what an announced day is for
	Note    string  `json:"note,omitempty"`    // the announcement a day off or make-up day comes from
	Default bool    `json:"default,omitempty"` // computed by default: nothing announced for this occasion yet
}

// Calendar is the working-day calendar: the computed holidays and the
// announced days. Build it once per request with NewCalendar; it is safe
// for concurrent use and computes each year once, when first asked.
type Calendar struct {
	announced map[Date]AnnouncedDay
	years     sync.Map // year → *calYear
}

// calYear is one solar year of the calendar, indexed by day of the year
// (1–366), with the running count of its working days, so that a deadline
// is found by search rather than by walking day by day.
type calYear struct {
	days  [367]DayInfo
	cum   [367]int32 // working days from 1 January up to and including the day
	total int32
}

// NewCalendar makes the calendar with the days announced so far. A date
// given twice keeps the last.
func NewCalendar(days []AnnouncedDay) *Calendar {
	c := &Calendar{announced: make(map[Date]AnnouncedDay, len(days))}
	for _, d := range days {
		c.announced[d.Date] = d
	}
	return c
}

// Day tells what day d is.
func (c *Calendar) Day(d Date) DayInfo {
	return c.year(d.Year()).days[d.t.YearDay()]
}

// IsWorkingDay tells whether d is a working day.
func IsWorkingDay(d Date, cal *Calendar) bool { return cal.Day(d).Working }

// AddWorkingDays is the deadline n working days after d: the n-th working
// day after d, d itself not counted ("within 30 working days of the
// decision"). A negative n counts back; 0 gives d.
func AddWorkingDays(d Date, n int, cal *Calendar) Date {
	y, i := d.Year(), d.t.YearDay()
	for n > 0 {
		cy := cal.year(y)
		left := int(cy.total - cy.cum[i])
		if n <= left {
			target := cy.cum[i] + int32(n)
			j := i + sort.Search(len(cy.cum)-i, func(k int) bool { return cy.cum[i+k] >= target })
			return cy.days[j].Date
		}
		n -= left
		y, i = y+1, 0
	}
	for n < 0 {
		cy := cal.year(y)
		before := cy.cum[i-1] // working days of the year before day i
		if int(before) >= -n {
			target := before + int32(n) + 1
			return cy.days[sort.Search(i, func(k int) bool { return cy.cum[k] >= target })].Date
		}
		n += int(before)
		y, i = y-1, len(cy.cum) // past the last day of the year before
	}
	return d
}

// WorkingDaysBetween counts the working days after a up to and including
// b, so that WorkingDaysBetween(d, AddWorkingDays(d, n)) is n; negative
// when b is before a.
func WorkingDaysBetween(a, b Date, cal *Calendar) int {
	if b.Before(a) {
		return -WorkingDaysBetween(b, a, cal)
	}
	ya, yb := cal.year(a.Year()), cal.year(b.Year())
	if a.Year() == b.Year() {
		return int(yb.cum[b.t.YearDay()] - ya.cum[a.t.YearDay()])
	}
	n := int(ya.total-ya.cum[a.t.YearDay()]) + int(yb.cum[b.t.YearDay()])
	for y := a.Year() + 1; y < b.Year(); y++ {
		n += int(cal.year(y).total)
	}
	return n
}

// occasion is one public holiday of a year, as the law sets it.
type occasion struct {
	name     string
	core     []Date            // off by law, whatever is announced
	flex     []Date            // the days next to it the government fixes each year: the default
	names    map[Date]string   // the name of each day, where it is more than the occasion's
	from, to Date              // a day off announced in this window fixes the occasion's days
	nameOf   func(Date) string // the name of an announced day off in the window
	announce bool              // a day off is announced in the window
}

// occasions lists the public holidays of solar year y in date order.
func occasions(y int) []occasion {
	var out []occasion
	plain := func(name string) func(Date) string { return func(Date) string { return name } }

	nyd := NewDate(y, time.January, 1)
	out = append(out, occasion{name: "Tết Dương lịch", core: []Date{nyd}, from: nyd.AddDays(-7), to: nyd.AddDays(10), nameOf: plain("Tết Dương lịch")})

	// Tết: mùng 1–3 always; the other days the law gives, by default the
	// last day of the old year first, then mùng 4, mùng 5…
	m1 := LunarNewYear(y)
	tet := occasion{name: "Tết Nguyên đán", core: []Date{m1, m1.AddDays(1), m1.AddDays(2)}, from: m1.AddDays(-10), to: m1.AddDays(10), names: map[Date]string{}}
	tet.nameOf = func(d Date) string { return tetDayName(d, m1) }
	if n := holidayDays("holiday.tet_days", m1); n > 3 {
		tet.flex = append(tet.flex, m1.AddDays(-1))
		for i := 3; i < n-1; i++ {
			tet.flex = append(tet.flex, m1.AddDays(i))
		}
	}
	for _, d := range append(slices.Clone(tet.core), tet.flex...) {
		tet.names[d] = tetDayName(d, m1)
	}
	out = append(out, tet)

	if g := HungKingsDay(y); holidayDays("holiday.hung_kings_days", g) > 0 {
		out = append(out, occasion{name: "Giỗ Tổ Hùng Vương", core: []Date{g}, from: g.AddDays(-5), to: g.AddDays(7),
			names: map[Date]string{g: "Giỗ Tổ Hùng Vương (10/3 âm lịch)"}, nameOf: plain("Giỗ Tổ Hùng Vương")})
	}

	v, l := NewDate(y, time.April, 30), NewDate(y, time.May, 1)
	out = append(out, occasion{name: "Ngày Chiến thắng, Quốc tế Lao động", core: []Date{v, l}, from: v.AddDays(-7), to: l.AddDays(9),
		names: map[Date]string{v: "Ngày Chiến thắng (30/4)", l: "Ngày Quốc tế Lao động (1/5)"}, nameOf: plain("Ngày Chiến thắng, Quốc tế Lao động")})

	nd := NewDate(y, time.September, 2)
	qk := occasion{name: "Quốc khánh", core: []Date{nd}, from: nd.AddDays(-7), to: nd.AddDays(7),
		names: map[Date]string{nd: "Quốc khánh (2/9)"}, nameOf: plain("Quốc khánh (ngày liền kề)")}
	if holidayDays("holiday.national_day_days", nd) > 1 {
		adj := nationalDayNeighbour(nd)
		qk.flex = []Date{adj}
		qk.names[adj] = "Quốc khánh (ngày liền kề)"
	}
	return append(out, qk)
}

// holidayDays is the number of days of a holiday the rule table gives on
// day d; none before the table's first version (the calendar has no
// holidays before 1930, and must not fail there).
func holidayDays(name string, d Date) int {
	r, err := Rules.At(name, d)
	if err != nil {
		return 0
	}
	return r.Value
}

// nationalDayNeighbour is the default day next to 2/9 (the law leaves the
// choice between 1/9 and 3/9 to each year's decision): the one that joins
// 2/9 to a weekend, or keeps it off one (2021: 3/9, 2022: 1/9, 2023: 1/9,
// 2024: 3/9, 2025: 1/9); the day before when neither does.
func nationalDayNeighbour(nd Date) Date {
	switch nd.t.Weekday() {
	case time.Monday, time.Thursday, time.Sunday:
		return nd.AddDays(1)
	default:
		return nd.AddDays(-1)
	}
}

// tetDayName names a day of Tết by its lunar date.
func tetDayName(d, m1 Date) string {
	if d.Before(m1) {
		return fmt.Sprintf("Tết Nguyên đán (%d tháng Chạp)", SolarToLunar(d).Day)
	}
	n := int(d.t.Sub(m1.t).Hours()/24) + 1
	if n <= 10 {
		return fmt.Sprintf("Tết Nguyên đán (mùng %d)", n)
	}
	return fmt.Sprintf("Tết Nguyên đán (%d tháng Giêng)", n)
}

func isWeekend(d Date) bool {
	w := d.t.Weekday()
	return w == time.Saturday || w == time.Sunday
}

// year computes, once, every day of solar year y.
func (c *Calendar) year(y int) *calYear {
	if v, ok := c.years.Load(y); ok {
		return v.(*calYear)
	}
	cy := &calYear{}
	c.computeYear(y, &cy.days)
	for i := 1; i < len(cy.days); i++ {
		cy.cum[i] = cy.cum[i-1]
		if cy.days[i].Working {
			cy.cum[i]++
		}
	}
	cy.total = cy.cum[366]
	v, _ := c.years.LoadOrStore(y, cy)
	return v.(*calYear)
}

func (c *Calendar) computeYear(y int, days *[367]DayInfo) {
	// Days of a UTC calendar are 24 hours apart: stepping by the hour is
	// exact and much cheaper than AddDate.
	first := NewDate(y, time.January, 1)
	n := NewDate(y, time.December, 31).t.YearDay()
	wd := int(first.t.Weekday())
	for i := 1; i <= n; i++ {
		d := Date{first.t.Add(time.Duration(i-1) * 24 * time.Hour)}
		k := DayWorking
		if w := (wd + i - 1) % 7; w == int(time.Saturday) || w == int(time.Sunday) {
			k = DayWeekend
		}
		days[i] = DayInfo{Date: d, Working: k == DayWorking, Kind: k}
	}
	at := func(d Date) *DayInfo { return &days[d.t.YearDay()] }
	occs := occasions(y)
	for i := range occs {
		o := &occs[i]
		for d, a := range c.announced {
			if a.Kind == AnnouncedOff && !d.Before(o.from) && !d.After(o.to) {
				o.announce = true
			}
		}
	}
	// Holidays by law, then the default days next to them where nothing is
	// announced.
	off := map[Date]bool{}
	for _, o := range occs {
		ds := o.core
		if !o.announce {
			ds = append(slices.Clone(o.core), o.flex...)
		}
		for _, d := range ds {
			if d.Year() != y {
				continue
			}
			name := o.names[d]
			if name == "" {
				name = o.name
			}
			*at(d) = DayInfo{Date: d, Kind: DayHoliday, Name: name, Default: !slices.Contains(o.core, d)}
			off[d] = true
		}
	}
	for d, a := range c.announced {
		if a.Kind == AnnouncedOff {
			off[d] = true
		}
	}
	// A holiday on a weekend: a day off in lieu, the first working day after
	// the occasion (Điều 111 khoản 3), unless the occasion's days are announced.
	for _, o := range occs {
		if o.announce {
			continue
		}
		all := append(slices.Clone(o.core), o.flex...)
		end := slices.MaxFunc(all, Date.Compare)
		for _, d := range all {
			if !isWeekend(d) || d.Year() != y {
				continue
			}
			in := end.AddDays(1)
			for isWeekend(in) || off[in] {
				in = in.AddDays(1)
			}
			off[in] = true
			if in.Year() == y {
				*at(in) = DayInfo{Date: in, Kind: DayCompensatory, Name: "Nghỉ bù " + o.name, Default: true}
			}
		}
	}
	// The announcements have the last word.
	for d, a := range c.announced {
		if d.Year() != y {
			continue
		}
		cur := at(d)
		switch a.Kind {
		case AnnouncedWork:
			*cur = DayInfo{Date: d, Working: true, Kind: DayMakeUp, Name: "Làm bù", Note: a.Note}
		case AnnouncedOff:
			name := cur.Name
			if cur.Kind != DayHoliday || cur.Default {
				name = "Nghỉ theo thông báo"
				for _, o := range occs {
					if !d.Before(o.from) && !d.After(o.to) {
						name = o.nameOf(d)
					}
				}
			}
			*cur = DayInfo{Date: d, Kind: DayOff, Name: name, Note: a.Note}
		}
	}
}

// Holidays lists the days of year y that are not working days for a reason
// other than the weekend, and the make-up working days, in date order.
func (c *Calendar) Holidays(y int) []DayInfo {
	var out []DayInfo
	for _, d := range c.year(y).days {
		if !d.Date.IsZero() && d.Kind != DayWorking && d.Kind != DayWeekend {
			out = append(out, d)
		}
	}
	return out
}

// CalendarYears bounds the years the calendar is kept for: the lunar
// calendar's computation holds from 1800 to 2199.
const (
	CalendarFirstYear = 1930
	CalendarLastYear  = 2199
)

// MaxDeadlineDays bounds a deadline asked for in working days.
const MaxDeadlineDays = 1000

// CheckAnnouncedDay checks a day an administrator announces against the
// calendar as it stands: a day off must be a working day (or one off only
// by default), a make-up day one that is not a working day, neither a
// holiday the law fixes, and the announcement must be named.
func CheckAnnouncedDay(a AnnouncedDay, cal *Calendar) error {
	f := Fields{}
	if a.Date.IsZero() || a.Date.Year() < CalendarFirstYear || a.Date.Year() > CalendarLastYear {
		f.Add("date", fmt.Sprintf("Cần ngày dạng dd/mm/yyyy, từ năm %d đến năm %d.", CalendarFirstYear, CalendarLastYear))
	}
	if msg := noteReason(a.Note, 500); msg != "" {
		f.Add("note", msg)
	} else if strings.TrimSpace(a.Note) == "" {
		f.Add("note", "Cần nêu văn bản thông báo (số, ngày, cơ quan ban hành).")
	}
	if a.Kind != AnnouncedOff && a.Kind != AnnouncedWork {
		f.Add("kind", "Chọn ngày nghỉ hoặc ngày làm bù.")
	}
	if _, bad := f["date"]; !bad && (a.Kind == AnnouncedOff || a.Kind == AnnouncedWork) {
		if prev, ok := cal.announced[a.Date]; ok {
			f.Add("date", fmt.Sprintf("Ngày %s đã có trong lịch (%s: %s); hủy dòng đó trước khi nhập lại.", a.Date, strings.ToLower(prev.Kind.Label()), prev.Note))
		} else {
			day := cal.Day(a.Date)
			law := day.Kind == DayHoliday && !day.Default
			switch {
			case a.Kind == AnnouncedOff && day.Kind == DayWeekend:
				f.Add("date", fmt.Sprintf("Ngày %s là %s, ngày nghỉ hằng tuần: chỉ cần nhập ngày làm việc được nghỉ.", a.Date, a.Date.WeekdayName()))
			case law:
				f.Add("date", fmt.Sprintf("Ngày %s là ngày nghỉ lễ theo Bộ luật Lao động (%s).", a.Date, day.Name))
			case a.Kind == AnnouncedWork && day.Kind == DayWorking:
				f.Add("date", fmt.Sprintf("Ngày %s (%s) vốn là ngày làm việc, không cần làm bù.", a.Date, a.Date.WeekdayName()))
			}
		}
	}
	return f.Err()
}

// WeekdayName is the day of the week in Vietnamese.
func (d Date) WeekdayName() string {
	return [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}[d.t.Weekday()]
}

// CheckCancelReason checks why an announced day is cancelled.
func CheckCancelReason(reason string) error {
	msg := noteReason(reason, 500)
	if msg == "" && strings.TrimSpace(reason) == "" {
		msg = "Cần nêu lý do hủy (ví dụ: nhập nhầm ngày, văn bản mới thay thế)."
	}
	if msg != "" {
		return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{"reason": msg}}
	}
	return nil
}

// checkText refuses free text that is too long or hides control or
// invisible formatting characters (a NUL, a right-to-left override).
func noteReason(s string, max int) string {
	if utf8.RuneCountInString(s) > max {
		return fmt.Sprintf("Tối đa %d ký tự.", max)
	}
	for _, r := range s {
		if r == utf8.RuneError || (unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t') || unicode.Is(unicode.Cf, r) {
			return "Không được chứa ký tự điều khiển hoặc ký tự ẩn."
		}
	}
	return ""
}
