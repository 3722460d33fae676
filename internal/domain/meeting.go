package domain

import (
	"fmt"
	"strings"
	"time"

	"dangvien/internal/viet"
)

// MeetingKind is the kind of a cell meeting (RULES.md: Cell meetings).
type MeetingKind string

const (
	MeetingRegular       MeetingKind = "regular"       // sinh hoạt định kỳ (hằng tháng)
	MeetingThematic      MeetingKind = "thematic"      // sinh hoạt chuyên đề
	MeetingCombined      MeetingKind = "combined"      // định kỳ kết hợp chuyên đề
	MeetingExtraordinary MeetingKind = "extraordinary" // sinh hoạt bất thường
)

var meetingKindLabels = map[MeetingKind]string{
	MeetingRegular:       "Sinh hoạt định kỳ",
	MeetingThematic:      "Sinh hoạt chuyên đề",
	MeetingCombined:      "Định kỳ kết hợp chuyên đề",
	MeetingExtraordinary: "Sinh hoạt bất thường",
}

// MeetingKinds lists the kinds in the order forms offer them.
var MeetingKinds = []MeetingKind{MeetingRegular, MeetingThematic, MeetingCombined, MeetingExtraordinary}

func (k MeetingKind) Label() string { return meetingKindLabels[k] }
func (k MeetingKind) Valid() bool   { _, ok := meetingKindLabels[k]; return ok }

// Regular tells whether the meeting counts as the month's regular meeting.
func (k MeetingKind) Regular() bool { return k == MeetingRegular || k == MeetingCombined }

// Thematic tells whether the meeting counts as the quarter's thematic one.
func (k MeetingKind) Thematic() bool { return k == MeetingThematic || k == MeetingCombined }

// MinMinutes is the shortest a meeting of this kind may last on day d:
// 90 minutes, 120 when a regular and a thematic meeting are combined.
func (k MeetingKind) MinMinutes(d Date) int {
	if k == MeetingCombined {
		return Rules.Int("meeting.min_minutes_combined", d)
	}
	return Rules.Int("meeting.min_minutes", d)
}

// MeetingInput is what a secretary records of a meeting, planned or held.
type MeetingInput struct {
	Kind      MeetingKind `json:"kind"`
	Topic     string      `json:"topic"` // the theme of a thematic meeting
	HeldOn    Date        `json:"held_on"`
	StartsAt  string      `json:"starts_at"` // "19:30"
	Minutes   int         `json:"minutes"`   // how long it lasted; 0 while planned
	Place     string      `json:"place"`
	Chair     string      `json:"chair"`
	Secretary string      `json:"secretary"` // who took the minutes
	Agenda    string      `json:"agenda"`
	Record    string      `json:"record"` // the minutes (biên bản)
	Guests    string      `json:"guests"` // committee member in charge, working groups
	DocsOn    Date        `json:"docs_on"`
}

// Normalize cleans the free text of a meeting in place.
func (in *MeetingInput) Normalize(clean func(string) string) {
	for _, p := range []*string{&in.Topic, &in.Place, &in.Chair, &in.Secretary, &in.Guests, &in.StartsAt} {
		*p = clean(*p)
	}
	in.Agenda, in.Record = strings.TrimSpace(in.Agenda), strings.TrimSpace(in.Record)
}

// ValidateMeeting checks a meeting's own fields; today tells a held meeting
// (on or before today) from a planned one.
func ValidateMeeting(in MeetingInput, today Date) error {
	f := Fields{}
	checkTexts(f, textField{"topic", "Chủ đề", viet.OneLine, in.Topic}, textField{"starts_at", "Giờ bắt đầu", viet.OneLine, in.StartsAt},
		textField{"place", "Địa điểm", viet.OneLine, in.Place}, textField{"chair", "Chủ trì", viet.OneLine, in.Chair},
		textField{"secretary", "Thư ký", viet.OneLine, in.Secretary}, textField{"guests", "Khách mời", viet.OneLine, in.Guests},
		textField{"agenda", "Chương trình", viet.FreeText, in.Agenda}, textField{"record", "Biên bản", viet.FreeText, in.Record})
	if !in.Kind.Valid() {
		f.Add("kind", "Chọn loại buổi sinh hoạt.")
	}
	if in.Kind.Thematic() && in.Topic == "" {
		f.Add("topic", "Sinh hoạt chuyên đề cần ghi chủ đề.")
	}
	switch {
	case in.HeldOn.IsZero():
		f.Add("held_on", "Cần ngày sinh hoạt (dd/mm/yyyy).")
	case in.HeldOn.Before(PartyFounded):
		f.Add("held_on", "Ngày sinh hoạt không thể trước ngày thành lập Đảng 03/02/1930.")
	case in.HeldOn.After(NewDate(today.Year()+1, 12, 31)):
		f.Add("held_on", "Chỉ lập kế hoạch sinh hoạt đến hết năm sau.")
	}
	if in.StartsAt != "" {
		if _, err := time.Parse("15:04", in.StartsAt); err != nil {
			f.Add("starts_at", "Giờ bắt đầu có dạng 19:30.")
		}
	}
	if in.Minutes < 0 || in.Minutes > 24*60 {
		f.Add("minutes", "Thời lượng tính bằng phút, từ 0 đến 1440.")
	}
	if !in.HeldOn.IsZero() && !in.HeldOn.After(today) && in.Minutes == 0 && in.Record != "" {
		f.Add("minutes", "Buổi đã họp cần ghi thời lượng (phút).")
	}
	if !in.DocsOn.IsZero() && !in.HeldOn.IsZero() && in.DocsOn.After(in.HeldOn) {
		f.Add("docs_on", "Ngày gửi tài liệu phải trước ngày sinh hoạt.")
	}
	return f.Err()
}

// Attendance is whether a member came to a meeting.
type Attendance string

const (
	Present   Attendance = "present"   // có mặt
	Excused   Attendance = "excused"   // vắng có lý do
	Unexcused Attendance = "unexcused" // vắng không lý do
)

var attendanceLabels = map[Attendance]string{Present: "Có mặt", Excused: "Vắng có lý do", Unexcused: "Vắng không lý do"}

func (a Attendance) Label() string { return attendanceLabels[a] }
func (a Attendance) Valid() bool   { _, ok := attendanceLabels[a]; return ok }

// AttendanceCounts sums a meeting's, a cell's or a subtree's attendance.
// Expected counts the members who had to attend: exempted members and those
// not marked are left out.
type AttendanceCounts struct {
	Expected  int `json:"expected"`
	Present   int `json:"present"`
	Excused   int `json:"excused"`
	Unexcused int `json:"unexcused"`
}

// Add counts one member's attendance.
func (c *AttendanceCounts) Add(a Attendance) {
	c.Expected++
	switch a {
	case Present:
		c.Present++
	case Excused:
		c.Excused++
	case Unexcused:
		c.Unexcused++
	}
}

// Plus sums two counts.
func (c AttendanceCounts) Plus(o AttendanceCounts) AttendanceCounts {
	return AttendanceCounts{c.Expected + o.Expected, c.Present + o.Present, c.Excused + o.Excused, c.Unexcused + o.Unexcused}
}

// Rate is the share present, in per mille (853 = 85,3%); 0 with nobody
// expected. Whole numbers keep both databases and every screen agreeing.
func (c AttendanceCounts) Rate() int {
	if c.Expected == 0 {
		return 0
	}
	return (c.Present*1000 + c.Expected/2) / c.Expected
}

// Percent writes a per-mille rate the Vietnamese way: 85,3%.
func Percent(perMille int) string {
	return fmt.Sprintf("%d,%d%%", perMille/10, perMille%10)
}

// MeetingWarning is a rule a cell's meetings did not keep.
type MeetingWarning struct {
	Rule    string `json:"rule"` // no_regular, no_thematic, too_short
	Month   int    `json:"month,omitempty"`
	Quarter int    `json:"quarter,omitempty"`
	Meeting int64  `json:"meeting_id,omitempty"`
	Message string `json:"message"`
}

// MeetingFact is what CheckMeetings needs of a meeting.
type MeetingFact struct {
	ID      int64
	Kind    MeetingKind
	HeldOn  Date
	Minutes int
}

// CheckMeetings lists where a cell's meetings of one year broke the rules
// (RULES.md, Cell meetings: a regular meeting every month, a thematic one at
// least once a quarter, at least 90 minutes, 120 when combined). Only months
// and quarters that ended before today are judged, and only meetings held
// by today are checked for length; a meeting held but with no length
// recorded is reported too.
func CheckMeetings(year int, today Date, ms []MeetingFact) []MeetingWarning {
	var out []MeetingWarning
	var regular [13]bool
	var thematic [5]bool
	for _, m := range ms {
		if m.HeldOn.Year() != year || m.HeldOn.After(today) {
			continue
		}
		mon := int(m.HeldOn.Time().Month())
		if m.Kind.Regular() {
			regular[mon] = true
		}
		if m.Kind.Thematic() {
			thematic[(mon-1)/3+1] = true
		}
		if m.Kind == MeetingExtraordinary {
			continue
		}
		if min := m.Kind.MinMinutes(m.HeldOn); m.Minutes < min {
			msg := fmt.Sprintf("Buổi %s ngày %s kéo dài %d phút, dưới mức tối thiểu %d phút.", strings.ToLower(m.Kind.Label()), m.HeldOn, m.Minutes, min)
			if m.Minutes == 0 {
				msg = fmt.Sprintf("Buổi %s ngày %s chưa ghi thời lượng (tối thiểu %d phút).", strings.ToLower(m.Kind.Label()), m.HeldOn, min)
			}
			out = append(out, MeetingWarning{Rule: "too_short", Meeting: m.ID, Message: msg})
		}
	}
	for mon := 1; mon <= 12; mon++ {
		end := NewDate(year, time.Month(mon), 1).AddMonths(1) // first day after the month
		if today.Before(end) {
			break
		}
		if !regular[mon] {
			out = append(out, MeetingWarning{Rule: "no_regular", Month: mon, Message: fmt.Sprintf("Tháng %d/%d không có buổi sinh hoạt định kỳ.", mon, year)})
		}
		if mon%3 == 0 && !thematic[mon/3] {
			out = append(out, MeetingWarning{Rule: "no_thematic", Quarter: mon / 3, Message: fmt.Sprintf("Quý %d/%d không có buổi sinh hoạt chuyên đề.", mon/3, year)})
		}
	}
	return out
}
