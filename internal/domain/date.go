package domain

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Date is a civil date without time of day or zone, as the party's records
// keep them. The zero Date means "not given".
type Date struct{ t time.Time }

// NewDate returns the date y-m-d.
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar date of t in Vietnam (Asia/Ho_Chi_Minh, UTC+7, no DST).
func DateOf(t time.Time) Date {
	t = t.In(vietnam)
	return NewDate(t.Year(), t.Month(), t.Day())
}

var vietnam = time.FixedZone("ICT", 7*3600)

// ParseDate reads dd/mm/yyyy (how users write dates) or yyyy-mm-dd (ISO, the API).
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	for _, layout := range []string{"02/01/2006", "2/1/2006", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{t}, nil
		}
	}
	return Date{}, fmt.Errorf("ngày %q không đúng dạng dd/mm/yyyy", s)
}

// MustDate parses an ISO date and panics on error; for tests and constant data.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil || d.IsZero() {
		panic("domain.MustDate: " + s)
	}
	return d
}

func (d Date) IsZero() bool        { return d.t.IsZero() }
func (d Date) Time() time.Time     { return d.t }
func (d Date) Year() int           { return d.t.Year() }
func (d Date) Before(o Date) bool  { return d.t.Before(o.t) }
func (d Date) After(o Date) bool   { return d.t.After(o.t) }
func (d Date) Equal(o Date) bool   { return d.t.Equal(o.t) }
func (d Date) AddDays(n int) Date  { return Date{d.t.AddDate(0, 0, n)} }
func (d Date) AddYears(n int) Date { return d.AddMonths(12 * n) }
func (d Date) Compare(o Date) int  { return d.t.Compare(o.t) }
func (d Date) ISO() string         { return d.format("2006-01-02") }
func (d Date) String() string      { return d.format("02/01/2006") }

func (d Date) format(layout string) string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(layout)
}

// AddMonths adds n calendar months; a day that does not exist in the target
// month becomes that month's last day (31/01 + 1 month = 28/02 or 29/02),
// which is how "12 months from" is counted in the records.
func (d Date) AddMonths(n int) Date {
	y, m, day := d.t.Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if day > last {
		day = last
	}
	return NewDate(first.Year(), first.Month(), day)
}

// MonthsBetween is the number of whole months from d to o (o ≥ d).
func MonthsBetween(d, o Date) int {
	n := (o.t.Year()-d.t.Year())*12 + int(o.t.Month()-d.t.Month())
	if d.AddMonths(n).After(o) {
		n--
	}
	return n
}

// AgeOn is the age in whole years on day o of someone born on d.
func AgeOn(birth, on Date) int { return MonthsBetween(birth, on) / 12 }

func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return json.Marshal(d.ISO())
}

func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("ngày phải là chuỗi yyyy-mm-dd")
	}
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Value stores dates as ISO text, which both SQLite and PostgreSQL's DATE accept.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.ISO(), nil
}

// Scan reads a date from SQLite (text) or PostgreSQL (time.Time).
func (d *Date) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*d = Date{}
	case time.Time:
		*d = NewDate(x.Year(), x.Month(), x.Day())
	case string:
		return d.scanString(x)
	case []byte:
		return d.scanString(string(x))
	default:
		return fmt.Errorf("domain.Date: cannot scan %T", v)
	}
	return nil
}

func (d *Date) scanString(s string) error {
	if len(s) > 10 {
		s = s[:10]
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return err
	}
	*d = Date{t}
	return nil
}
