package domain

import (
	"fmt"
	"sort"
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

// RosterRow is one member of a cell on a meeting's day, with their mark.
type RosterRow struct {
	MemberID int64  `json:"member_id"`
	Name     string `json:"name"`
	Status   Status `json:"member_status"`
	Exempted bool   `json:"exempted"` // exempt on that day: shown, not counted
	// ExemptReason is the exemption's reason; for a member working away
	// under the temporary exemption, where and until when (RULES.md).
	ExemptReason string     `json:"exempt_reason,omitempty"`
	Mark         Attendance `json:"attendance,omitempty"`
	Reason       string     `json:"reason,omitempty"`
	// TemporaryFrom names the home cell of a member taking part here on a
	// temporary transfer; Away, where a member working away is.
	TemporaryFrom string `json:"temporary_from,omitempty"`
	Away          string `json:"working_away,omitempty"`
}

// Mark is one member's attendance at a meeting.
type Mark struct {
	MemberID int64      `json:"member_id"`
	Status   Attendance `json:"status"`
	Reason   string     `json:"reason"`
}

// CheckMarks checks marks against the roster of a meeting held on heldOn in
// cell (RULES.md, Cell meetings; Exemption: exempt members are not marked):
// a meeting still to come is not marked; each mark is of a member of the
// cell on that day, once, not exempted, with a valid status, and an excused
// absence gives its reason. Reasons are cleaned in place.
func CheckMarks(cell string, heldOn, today Date, roster []RosterRow, marks []Mark, clean func(string) string) error {
	if heldOn.After(today) {
		return &Error{Code: CodeConflict, Message: fmt.Sprintf("Buổi sinh hoạt ngày %s chưa diễn ra, chưa điểm danh được.", heldOn)}
	}
	byID := make(map[int64]RosterRow, len(roster))
	for _, r := range roster {
		byID[r.MemberID] = r
	}
	f := Fields{}
	seen := map[int64]bool{}
	for i := range marks {
		k := &marks[i]
		k.Reason = clean(k.Reason)
		field := fmt.Sprintf("member_%d", k.MemberID)
		r, ok := byID[k.MemberID]
		switch {
		case !ok:
			f.Add(field, fmt.Sprintf("Đảng viên mã %d không sinh hoạt ở %s ngày %s.", k.MemberID, cell, heldOn))
		case seen[k.MemberID]:
			f.Add(field, r.Name+": điểm danh hai lần.")
		case r.Exempted:
			f.Add(field, r.Name+" đang được miễn sinh hoạt, không điểm danh.")
		case !k.Status.Valid():
			f.Add(field, r.Name+": chọn có mặt, vắng có lý do hoặc vắng không lý do.")
		case k.Status == Excused && k.Reason == "":
			f.Add(field, r.Name+": vắng có lý do cần ghi lý do.")
		}
		seen[k.MemberID] = true
	}
	if len(f) > 0 {
		return &Error{Code: CodeInvalid, Message: "Chưa lưu được điểm danh: xin sửa các dòng được đánh dấu.", Fields: f}
	}
	return nil
}

// PlanInput is how a cell plans its year of meetings.
type PlanInput struct {
	Year     int    `json:"year"`
	Day      int    `json:"day"` // of each month; the last day of a shorter month
	StartsAt string `json:"starts_at"`
	Place    string `json:"place"`
	Topic    string `json:"topic"` // of the thematic part of combined meetings
}

// PlanYear is a cell's plan for a year (RULES.md, Cell meetings: a regular
// meeting each month, a thematic one at least once a quarter): for each month
// after today with no regular meeting yet, a regular meeting on the given
// day, combined with a thematic one in the last month of each quarter that
// has none. existing are the year's meetings already recorded.
func PlanYear(in PlanInput, today Date, existing []MeetingFact, clean func(string) string) ([]MeetingInput, error) {
	if in.Day < 1 || in.Day > 31 {
		return nil, &Error{Code: CodeInvalid, Message: "Ngày sinh hoạt hằng tháng từ 1 đến 31.", Fields: Fields{"day": "Từ 1 đến 31."}}
	}
	if in.Year < today.Year() || in.Year > today.Year()+1 {
		return nil, &Error{Code: CodeInvalid, Message: "Chỉ lập kế hoạch cho năm nay hoặc năm sau.", Fields: Fields{"year": "Năm nay hoặc năm sau."}}
	}
	if in.Topic == "" {
		in.Topic = "Chuyên đề theo kế hoạch của cấp ủy"
	}
	var regular [13]bool
	var thematic [5]bool
	for _, m := range existing {
		mon := int(m.HeldOn.Time().Month())
		regular[mon] = regular[mon] || m.Kind.Regular()
		thematic[(mon-1)/3+1] = thematic[(mon-1)/3+1] || m.Kind.Thematic()
	}
	var plan []MeetingInput
	for mon := 1; mon <= 12; mon++ {
		first := NewDate(in.Year, time.Month(mon), 1)
		d := min(in.Day, first.AddMonths(1).AddDays(-1).Time().Day())
		held := NewDate(in.Year, time.Month(mon), d)
		if !held.After(today) || regular[mon] {
			continue
		}
		m := MeetingInput{Kind: MeetingRegular, HeldOn: held, StartsAt: in.StartsAt, Place: in.Place}
		if mon%3 == 0 && !thematic[mon/3] {
			m.Kind, m.Topic = MeetingCombined, in.Topic
		}
		m.Normalize(clean)
		if err := ValidateMeeting(m, today); err != nil {
			return nil, err
		}
		plan = append(plan, m)
	}
	return plan, nil
}

// MissedMeeting is a meeting a member missed without reason: the evidence
// of a ground for removal.
type MissedMeeting struct {
	MeetingID int64       `json:"meeting_id"`
	HeldOn    Date        `json:"held_on"`
	Kind      MeetingKind `json:"kind"`
	KindLabel string      `json:"kind_label"`
}

// RemovalGround is a member who, in the months looked at, did not take part
// in cell activity or did not pay the fee without good reason in at least
// the rule's number of different months (RULES.md, Removal: three missed
// meetings in one month are one month), with the evidence.
type RemovalGround struct {
	MemberID int64           `json:"member_id"`
	Name     string          `json:"name"`
	Org      string          `json:"org"`
	Parent   string          `json:"parent"` // the organisation above the cell
	Path     string          `json:"-"`
	Months   []string        `json:"months"` // yyyy-mm, oldest first
	Missed   []MissedMeeting `json:"missed_meetings"`
	Unpaid   []string        `json:"unpaid_months"` // yyyy-mm
}

// RemovalGrounds finds, among the months of unexcused absence and of
// unpaid fees of some members, those with at least min different months of
// either (removal.months_absent_or_unpaid), most months first. Unpaid months
// are months that have ended. The missed meetings, the evidence, are
// attached by the caller for the grounds it shows.
func RemovalGrounds(absent, unpaid map[int64][]Month, min int) []RemovalGround {
	ids := map[int64]bool{}
	for id := range absent {
		ids[id] = true
	}
	for id := range unpaid {
		ids[id] = true
	}
	var out []RemovalGround
	for id := range ids {
		months := map[string]bool{}
		for _, m := range absent[id] {
			months[m.Key()] = true
		}
		for _, m := range unpaid[id] {
			months[m.Key()] = true
		}
		if len(months) < min {
			continue
		}
		g := RemovalGround{MemberID: id}
		for k := range months {
			g.Months = append(g.Months, k)
		}
		sort.Strings(g.Months)
		for _, m := range unpaid[id] {
			g.Unpaid = append(g.Unpaid, m.Key())
		}
		sort.Strings(g.Unpaid)
		out = append(out, g)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if len(out[i].Months) != len(out[j].Months) {
			return len(out[i].Months) > len(out[j].Months)
		}
		return out[i].MemberID < out[j].MemberID
	})
	return out
}
