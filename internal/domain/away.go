package domain

import (
	"fmt"
	"slices"
	"strings"

	"dangvien/internal/viet"
)

// Members working away (RULES.md: Members working away). A member who
// leaves to work with no fixed workplace asks the cell for a temporary
// exemption from activity, which the grassroots committee grants for under
// 12 months; they still pay the fee (late or ahead), register their
// temporary residence, and on return bring comments from where they were.
// Their record says so itself: no screen has to guess it from the reason
// of an exemption.

// Away is a member's record of working away.
type Away struct {
	ID         int64  `json:"id"`
	MemberID   int64  `json:"member_id"`
	MemberName string `json:"member_name"`
	OrgID      int64  `json:"org_id"` // the member's cell
	Org        string `json:"org"`
	OrgPath    string `json:"-"` // the cell's path, for the store's scope and the reports
	AwayInput
	ReturnedOn Date   `json:"returned_on,omitempty"`
	Comments   string `json:"comments,omitempty"`    // the comments brought back
	CommentsBy string `json:"comments_by,omitempty"` // who gave them
}

// AwayInput is what the cell records when a member leaves to work away.
type AwayInput struct {
	Place       string `json:"place"`                // where they work: commune, province, country, employer
	Since       Date   `json:"since"`                // the day they left
	Contact     string `json:"contact"`              // phone, address there
	KeepInTouch string `json:"keep_in_touch"`        // how they keep in touch with the cell
	Registered  bool   `json:"residence_registered"` // temporary residence registered there
	ExemptFrom  Date   `json:"exempt_from,omitempty"`
	ExemptTo    Date   `json:"exempt_to,omitempty"` // last day of the temporary exemption
	ExemptBy    string `json:"exempt_decision,omitempty"`
	Note        string `json:"note,omitempty"`
}

// Exempt tells whether the record carries a temporary exemption.
func (in AwayInput) Exempt() bool { return !in.ExemptFrom.IsZero() }

// AwayExemptMonths is how long a temporary exemption for working away must
// stay under.
func AwayExemptMonths(d Date) int { return Rules.Int("away.exemption_max_months", d) }

// ValidateAway checks a record of working away on day today: where and since
// when, how to reach them, and an exemption, if granted, from the
// grassroots committee's decision, starting no earlier than the departure
// and lasting under 12 months.
func ValidateAway(in *AwayInput, today Date) error {
	f := Fields{}
	in.Place, in.Contact, in.KeepInTouch, in.ExemptBy = cleanText(in.Place), cleanText(in.Contact), cleanText(in.KeepInTouch), cleanText(in.ExemptBy)
	in.Note = strings.TrimSpace(in.Note)
	checkTexts(f, textField{"place", "Nơi đến làm ăn", viet.OneLine, in.Place}, textField{"contact", "Liên lạc", viet.OneLine, in.Contact},
		textField{"keep_in_touch", "Cách giữ liên lạc", viet.OneLine, in.KeepInTouch}, textField{"exempt_decision", "Số quyết định", viet.Proper, in.ExemptBy},
		textField{"note", "Ghi chú", viet.FreeText, in.Note})
	if in.Place == "" {
		f.Add("place", "Cần ghi nơi đến làm ăn (xã, tỉnh hoặc nước, nơi làm việc nếu có).")
	}
	if in.Contact == "" {
		f.Add("contact", "Cần ghi số điện thoại hoặc địa chỉ liên lạc.")
	}
	for k, v := range map[string]string{"place": in.Place, "contact": in.Contact, "keep_in_touch": in.KeepInTouch} {
		if len([]rune(v)) > 300 {
			f.Add(k, "Tối đa 300 ký tự.")
		}
	}
	checkDay(f, "since", "Ngày đi", in.Since, today, true)
	if in.Exempt() || !in.ExemptTo.IsZero() {
		checkDay(f, "exempt_from", "Ngày bắt đầu miễn sinh hoạt", in.ExemptFrom, today, false)
		checkDay(f, "exempt_to", "Ngày kết thúc miễn sinh hoạt", in.ExemptTo, today, false)
		if in.ExemptBy == "" {
			f.Add("exempt_decision", "Miễn sinh hoạt tạm thời do đảng ủy cơ sở quyết định: cần số quyết định.")
		}
		if f["exempt_from"] == "" && f["exempt_to"] == "" {
			max := AwayExemptMonths(in.ExemptFrom)
			switch {
			case in.ExemptTo.Before(in.ExemptFrom):
				f.Add("exempt_to", "Ngày kết thúc trước ngày bắt đầu.")
			case !in.ExemptTo.Before(in.ExemptFrom.AddMonths(max)):
				f.Add("exempt_to", fmt.Sprintf("Miễn sinh hoạt tạm thời dưới %d tháng (đến trước ngày %s).", max, in.ExemptFrom.AddMonths(max)))
			case !in.Since.IsZero() && in.ExemptFrom.Before(in.Since):
				f.Add("exempt_from", fmt.Sprintf("Trước ngày đi (%s).", in.Since))
			}
		}
	}
	return f.Err()
}

// CheckAwayOpen says why member m cannot get a new record of working away:
// only a member on the roll does, one record at a time.
func CheckAwayOpen(m Member, open *Away) error {
	if !m.Status.Active() {
		return Errorf(CodeConflict, "Đảng viên %s %s.", m.FullName, strings.ToLower(m.Status.Label()))
	}
	if open != nil {
		return Errorf(CodeConflict, "Đảng viên %s đang đi làm ăn xa ở %s từ ngày %s: sửa hoặc ghi ngày về của lần này.", m.FullName, open.Place, open.Since)
	}
	return nil
}

// AwayReturn is the member's return, with the comments they bring back.
type AwayReturn struct {
	ReturnedOn Date   `json:"returned_on"`
	Comments   string `json:"comments"`
	CommentsBy string `json:"comments_by"`
}

// CheckAwayReturn checks the return of a member away on record r on day
// today: still away, back on a day between leaving and today, and the
// comments from where they were (or that there are none) written down.
func CheckAwayReturn(r Away, in *AwayReturn, today Date) error {
	if !r.ReturnedOn.IsZero() {
		return Errorf(CodeConflict, "Đã ghi ngày về (%s).", r.ReturnedOn)
	}
	in.Comments, in.CommentsBy = strings.TrimSpace(in.Comments), cleanText(in.CommentsBy)
	f := Fields{}
	checkTexts(f, textField{"comments", "Nhận xét", viet.FreeText, in.Comments}, textField{"comments_by", "Nơi nhận xét", viet.OneLine, in.CommentsBy})
	checkDay(f, "returned_on", "Ngày về", in.ReturnedOn, today, true)
	if f["returned_on"] == "" && in.ReturnedOn.Before(r.Since) {
		f.Add("returned_on", fmt.Sprintf("Trước ngày đi (%s).", r.Since))
	}
	if in.Comments == "" {
		f.Add("comments", "Cần ghi nhận xét của nơi đến (cấp ủy, chính quyền nơi tạm trú) hoặc ghi rõ không có nhận xét.")
	} else if len([]rune(in.Comments)) > 4000 {
		f.Add("comments", "Nhận xét tối đa 4.000 ký tự.")
	}
	return f.Err()
}

// AwayPeriod is what the rules of attendance and removal need of a record.
type AwayPeriod struct {
	Since      Date
	ReturnedOn Date // zero while away
	ExemptFrom Date
	ExemptTo   Date
}

// Period is the record's period.
func (a Away) Period() AwayPeriod {
	return AwayPeriod{Since: a.Since, ReturnedOn: a.ReturnedOn, ExemptFrom: a.ExemptFrom, ExemptTo: a.ExemptTo}
}

// ExemptOn tells whether the temporary exemption covers day d (and the
// member had not come back by then).
func (p AwayPeriod) ExemptOn(d Date) bool {
	if p.ExemptFrom.IsZero() || d.Before(p.ExemptFrom) || d.After(p.ExemptTo) {
		return false
	}
	return p.ReturnedOn.IsZero() || d.Before(p.ReturnedOn)
}

// AwayOn tells whether the member was away on day d.
func (p AwayPeriod) AwayOn(d Date) bool {
	return !d.Before(p.Since) && (p.ReturnedOn.IsZero() || d.Before(p.ReturnedOn))
}

// AwayState is how a record stands on a day, for the lists.
type AwayState struct {
	Away          bool `json:"away"`           // not back yet
	ExemptNow     bool `json:"exempt_now"`     // under the temporary exemption today
	ExemptEnded   bool `json:"exempt_ended"`   // the exemption ran out and they are not back
	ExemptEndsIn  int  `json:"exempt_ends_in"` // days to the exemption's end, when under it
	NoExemption   bool `json:"no_exemption"`   // away with no exemption: expected at meetings
	NoComments    bool `json:"no_comments"`    // back, without comments from where they were
	MissingDetail bool `json:"missing_contact"`
}

// StateOn says how record r stands on day d.
func (r Away) StateOn(d Date) AwayState {
	p := r.Period()
	s := AwayState{Away: r.ReturnedOn.IsZero(), ExemptNow: p.ExemptOn(d), MissingDetail: r.Contact == "" || r.KeepInTouch == ""}
	if s.Away {
		s.NoExemption = !r.Exempt()
		s.ExemptEnded = r.Exempt() && d.After(r.ExemptTo)
	}
	if s.ExemptNow {
		s.ExemptEndsIn = int(r.ExemptTo.Time().Sub(d.Time()).Hours() / 24)
	}
	s.NoComments = !s.Away && r.Comments == ""
	return s
}

// ExcuseAway takes out of the months of a ground for removal what working
// away explains (RULES.md: Members working away; Removal: without good
// reason): a meeting missed on a day the temporary exemption covered, and a
// fee month unpaid while the member is still away, which they may pay late.
// Once back, months still unpaid count again. absent holds each member's
// months of unexcused absence; missed, the meetings behind them of the
// members with periods away (away), whose absent months are counted again
// from the meetings left. The maps given are not changed; members without
// a record of working away keep all their months.
func ExcuseAway(absent, unpaid map[int64][]Month, missed map[int64][]MissedMeeting, away map[int64][]AwayPeriod) (map[int64][]Month, map[int64][]Month) {
	outA := make(map[int64][]Month, len(absent))
	for id, ms := range absent {
		if len(away[id]) == 0 {
			outA[id] = ms
			continue
		}
		for _, m := range UnexcusedMeetings(missed[id], away[id]) {
			if mo := MonthOf(m.HeldOn); !slices.Contains(outA[id], mo) {
				outA[id] = append(outA[id], mo)
			}
		}
	}
	outU := make(map[int64][]Month, len(unpaid))
	for id, ms := range unpaid {
		for _, mo := range ms {
			excused := anyPeriod(away[id], func(p AwayPeriod) bool {
				return p.ReturnedOn.IsZero() && !mo.Before(MonthOf(p.Since))
			})
			if !excused {
				outU[id] = append(outU[id], mo)
			}
		}
	}
	return outA, outU
}

// UnexcusedMeetings is the meetings of ms that no temporary exemption of
// ps covered: the evidence that stays.
func UnexcusedMeetings(ms []MissedMeeting, ps []AwayPeriod) []MissedMeeting {
	var out []MissedMeeting
	for _, m := range ms {
		if !anyPeriod(ps, func(p AwayPeriod) bool { return p.ExemptOn(m.HeldOn) }) {
			out = append(out, m)
		}
	}
	return out
}

func anyPeriod(ps []AwayPeriod, ok func(AwayPeriod) bool) bool {
	for _, p := range ps {
		if ok(p) {
			return true
		}
	}
	return false
}
