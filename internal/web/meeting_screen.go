package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// cellLifePage is a cell's year of meetings: what was held, what the rules
// say is missing, and who was absent without reason.
type cellLifePage struct {
	Org        domain.Org
	Year       int
	Prev, Next int
	Meetings   []store.Meeting
	Upcoming   *store.Meeting
	Warnings   []domain.MeetingWarning
	Totals     domain.AttendanceCounts
	Held       int
	Absentees  []store.Absentee
	CanWrite   bool
	Today      domain.Date
	FeeMonth   string
	RemovalAt  int // unexcused absences that are a ground for removal
	NoTask     []store.MemberRef
	Stale      []store.StaleTask
	InCharge   []store.InCharge
	CanAssign  bool
	Committee  []option // members of the commune with a committee position
}

// cellLifeScreen shows a cell's meetings of a year; for a committee it shows
// the subtree's overview instead.
func (s *Server) cellLifeScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx, a := r.Context(), sess.Actor
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	o, err := s.DB.Org(ctx, a, id)
	if err != nil {
		return err
	}
	if !o.Kind.IsCell() {
		return s.overviewScreen(w, r, sess, o)
	}
	today := domain.DateOf(s.DB.Now())
	year := today.Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("nam")); err == nil && y >= 1930 && y <= today.Year()+1 {
		year = y
	}
	p := cellLifePage{Org: o, Year: year, Prev: year - 1, Today: today, CanWrite: a.Role.WritesMembers() && o.ValidTo.IsZero(), FeeMonth: domain.MonthOf(today).Key(),
		RemovalAt: domain.RemovalMonths(today)}
	if year < today.Year()+1 {
		p.Next = year + 1
	}
	if p.Meetings, err = s.DB.Meetings(ctx, a, id, year); err != nil {
		return err
	}
	var facts []domain.MeetingFact
	for i, m := range p.Meetings {
		facts = append(facts, domain.MeetingFact{ID: m.ID, Kind: m.Kind, HeldOn: m.HeldOn, Minutes: m.Minutes})
		if m.Held(today) {
			p.Totals, p.Held = p.Totals.Plus(m.Counts), p.Held+1
		} else if p.Upcoming == nil {
			p.Upcoming = &p.Meetings[i]
		}
	}
	p.Warnings = domain.CheckMeetings(year, today, facts)
	if p.Absentees, err = s.DB.Unexcused(ctx, a, id, today.AddMonths(-12).AddDays(1), today, 1); err != nil {
		return err
	}
	if p.NoTask, p.Stale, _, err = s.DB.TaskFlags(ctx, a, id, overviewMembersCap); err != nil {
		return err
	}
	if p.InCharge, err = s.DB.InChargeOf(ctx, a, id, today, today); err != nil {
		return err
	}
	if p.CanAssign = a.Role.WritesOrgs() && o.ValidTo.IsZero(); p.CanAssign {
		// Committee members: those of the commune (or the committee above
		// the cell) whose party position names a committee.
		if page, err := s.DB.Members(ctx, a, store.MemberFilter{OrgID: o.ParentID, Position: "ủy", Limit: 500}); err == nil {
			for _, m := range page.Items {
				p.Committee = append(p.Committee, option{strconv.FormatInt(m.ID, 10), m.FullName + " — " + m.PartyPosition})
			}
		}
	}
	s.render(w, http.StatusOK, "cell_life", view{Title: "Sinh hoạt " + o.Name, Actor: &a, CSRF: sess.CSRF, Flash: flashOf(r), Page: p})
	return nil
}

func flashOf(r *http.Request) string {
	v := r.URL.Query().Get("da-luu")
	if n, ok := strings.CutPrefix(v, "ke-hoach-"); ok {
		if n == "0" {
			return "Mọi tháng còn lại đã có buổi sinh hoạt định kỳ; không thêm buổi nào."
		}
		return "Đã lập kế hoạch: thêm " + n + " buổi sinh hoạt."
	}
	switch v {
	case "1":
		return "Đã lưu."
	case "diem-danh":
		return "Đã lưu điểm danh."
	}
	return ""
}

type meetingFormPage struct {
	Org    domain.Org
	ID     int64 // 0 for a new meeting
	Raw    map[string]string
	Errs   map[string]string
	Error  string
	Kinds  []option
	Guests string
}

func meetingRaw(in domain.MeetingInput) map[string]string {
	raw := map[string]string{"kind": string(in.Kind), "topic": in.Topic, "held_on": in.HeldOn.String(), "starts_at": in.StartsAt, "place": in.Place,
		"chair": in.Chair, "secretary": in.Secretary, "agenda": in.Agenda, "record": in.Record, "guests": in.Guests, "docs_on": in.DocsOn.String(), "minutes": ""}
	if in.HeldOn.IsZero() {
		raw["held_on"] = ""
	}
	if in.DocsOn.IsZero() {
		raw["docs_on"] = ""
	}
	if in.Minutes > 0 {
		raw["minutes"] = strconv.Itoa(in.Minutes)
	}
	return raw
}

var meetingFields = []string{"kind", "topic", "held_on", "starts_at", "minutes", "place", "chair", "secretary", "agenda", "record", "guests", "docs_on"}

// parseMeeting reads the meeting form; dates and numbers that do not parse
// are reported per field.
func parseMeeting(r *http.Request) (domain.MeetingInput, map[string]string, domain.Fields) {
	raw := map[string]string{}
	for _, k := range meetingFields {
		raw[k] = r.PostFormValue(k)
	}
	f := domain.Fields{}
	in := domain.MeetingInput{Kind: domain.MeetingKind(raw["kind"]), Topic: raw["topic"], StartsAt: raw["starts_at"], Place: raw["place"], Chair: raw["chair"],
		Secretary: raw["secretary"], Agenda: raw["agenda"], Record: raw["record"], Guests: raw["guests"]}
	var err error
	if in.HeldOn, err = domain.ParseDate(raw["held_on"]); err != nil {
		f.Add("held_on", "Ngày sinh hoạt có dạng dd/mm/yyyy.")
	}
	if in.DocsOn, err = domain.ParseDate(raw["docs_on"]); err != nil {
		f.Add("docs_on", "Ngày gửi tài liệu có dạng dd/mm/yyyy.")
	}
	if raw["minutes"] != "" {
		if in.Minutes, err = strconv.Atoi(raw["minutes"]); err != nil {
			f.Add("minutes", "Thời lượng là số phút, ví dụ 120.")
		}
	}
	return in, raw, f
}

func meetingKindOptions() []option {
	var out []option
	for _, k := range domain.MeetingKinds {
		out = append(out, option{string(k), k.Label()})
	}
	return out
}

func (s *Server) meetingForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx := r.Context()
	p := meetingFormPage{Errs: map[string]string{}, Kinds: meetingKindOptions()}
	if mid, err := pathID(r, "mid"); err == nil {
		m, err := s.DB.Meeting(ctx, sess.Actor, mid)
		if err != nil {
			return err
		}
		if p.Org, err = s.DB.Org(ctx, sess.Actor, m.OrgID); err != nil {
			return err
		}
		p.ID, p.Raw = m.ID, meetingRaw(m.MeetingInput)
	} else {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if p.Org, err = s.DB.Org(ctx, sess.Actor, id); err != nil {
			return err
		}
		p.Raw = meetingRaw(domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: domain.DateOf(s.DB.Now()), StartsAt: "19:30"})
		p.Raw["minutes"] = "90"
	}
	if !sess.Actor.Role.WritesMembers() {
		return &domain.Error{Code: domain.CodeForbidden, Message: "Vai trò của bạn không ghi được buổi sinh hoạt."}
	}
	s.render(w, http.StatusOK, "meeting_form", view{Title: "Buổi sinh hoạt", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}

func (s *Server) meetingSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx := r.Context()
	in, raw, bad := parseMeeting(r)
	p := meetingFormPage{Raw: raw, Errs: map[string]string{}, Kinds: meetingKindOptions()}
	var m store.Meeting
	var err error
	mid, midErr := pathID(r, "mid")
	if midErr == nil {
		if m, err = s.DB.Meeting(ctx, sess.Actor, mid); err != nil {
			return err
		}
		p.ID = mid
		if p.Org, err = s.DB.Org(ctx, sess.Actor, m.OrgID); err != nil {
			return err
		}
	} else {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		if p.Org, err = s.DB.Org(ctx, sess.Actor, id); err != nil {
			return err
		}
	}
	if len(bad) == 0 {
		if p.ID != 0 {
			m, err = s.DB.UpdateMeeting(ctx, sess.Actor, p.ID, in)
		} else {
			m, err = s.DB.CreateMeeting(ctx, sess.Actor, p.Org.ID, in)
		}
	} else {
		err = &domain.Error{Code: domain.CodeInvalid, Message: "Dữ liệu chưa hợp lệ, xin kiểm tra lại các trường được đánh dấu.", Fields: bad}
	}
	var de *domain.Error
	if errors.As(err, &de) && (de.Code == domain.CodeInvalid || de.Code == domain.CodeConflict) {
		p.Error, p.Errs = de.Message, de.Fields
		if p.Errs == nil {
			p.Errs = map[string]string{}
		}
		s.render(w, http.StatusUnprocessableEntity, "meeting_form", view{Title: "Buổi sinh hoạt", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/sinh-hoat/%d?da-luu=1", m.ID), http.StatusSeeOther)
	return nil
}

type meetingPage struct {
	Docs     []store.Document
	InCharge []store.MeetingInCharge
	M        store.Meeting
	Roster   []store.RosterRow
	Held     bool
	CanWrite bool
	Error    string
	Errs     map[string]string
	Marks    []option
}

func (s *Server) meetingScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "mid")
	if err != nil {
		return err
	}
	p, err := s.meetingPageFor(r, sess, id)
	if err != nil {
		return err
	}
	s.render(w, http.StatusOK, "meeting", view{Title: p.M.KindLabel + " " + p.M.HeldOn.String(), Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flashOf(r), Page: p})
	return nil
}

func (s *Server) meetingPageFor(r *http.Request, sess store.Session, id int64) (meetingPage, error) {
	m, roster, err := s.DB.Roster(r.Context(), sess.Actor, id)
	if err != nil {
		return meetingPage{}, err
	}
	ic, err := s.DB.InChargeAt(r.Context(), sess.Actor, id)
	if err != nil {
		return meetingPage{}, err
	}
	docs, err := s.DB.Documents(r.Context(), sess.Actor, id)
	if err != nil {
		return meetingPage{}, err
	}
	return meetingPage{M: m, Roster: roster, InCharge: ic, Docs: docs, Held: m.Held(domain.DateOf(s.DB.Now())), CanWrite: sess.Actor.Role.WritesMembers(), Errs: map[string]string{},
		Marks: []option{{string(domain.Present), "Có mặt"}, {string(domain.Excused), "Vắng có lý do"}, {string(domain.Unexcused), "Vắng không lý do"}}}, nil
}

// attendanceSave takes the whole roster in one post: one tap per member on
// a phone, then save. "Everyone else present" fills the members not tapped.
func (s *Server) attendanceSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "mid")
	if err != nil {
		return err
	}
	p, err := s.meetingPageFor(r, sess, id)
	if err != nil {
		return err
	}
	rest := r.PostFormValue("con-lai") == "present"
	var marks []store.Mark
	for i, row := range p.Roster {
		if row.Exempted {
			continue
		}
		key := strconv.FormatInt(row.MemberID, 10)
		st := domain.Attendance(r.PostFormValue("a_" + key))
		if st == "" && rest {
			st = domain.Present
		}
		reason := r.PostFormValue("r_" + key)
		p.Roster[i].Mark, p.Roster[i].Reason = st, reason // shown again if refused
		if st == "" {
			continue
		}
		marks = append(marks, store.Mark{MemberID: row.MemberID, Status: st, Reason: reason})
	}
	var guests []store.MeetingInCharge
	for _, x := range p.InCharge {
		switch r.PostFormValue("ic_" + strconv.FormatInt(x.MemberID, 10)) {
		case "1":
			guests = append(guests, store.MeetingInCharge{MemberID: x.MemberID, Attended: true})
		case "0":
			guests = append(guests, store.MeetingInCharge{MemberID: x.MemberID})
		}
	}
	if len(marks) == 0 && len(guests) == 0 {
		p.Error = "Chưa chọn điểm danh cho ai."
		s.render(w, http.StatusUnprocessableEntity, "meeting", view{Title: p.M.KindLabel, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if len(marks) > 0 {
		_, err = s.DB.RecordAttendance(r.Context(), sess.Actor, id, marks)
	}
	for _, g := range guests {
		if err != nil {
			break
		}
		err = s.DB.MarkInCharge(r.Context(), sess.Actor, id, g.MemberID, g.Attended)
	}
	var de *domain.Error
	if errors.As(err, &de) && (de.Code == domain.CodeInvalid || de.Code == domain.CodeConflict) {
		p.Error, p.Errs = de.Message, de.Fields
		if p.Errs == nil {
			p.Errs = map[string]string{}
		}
		s.render(w, http.StatusUnprocessableEntity, "meeting", view{Title: p.M.KindLabel, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/sinh-hoat/%d?da-luu=diem-danh", id), http.StatusSeeOther)
	return nil
}

// inChargeSave assigns a committee member to the cell or ends a charge.
func (s *Server) inChargeSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.DB.Org(ctx, sess.Actor, id); err != nil {
		return err
	}
	switch r.PostFormValue("action") {
	case "assign":
		member, _ := strconv.ParseInt(r.PostFormValue("member_id"), 10, 64)
		from, derr := domain.ParseDate(r.PostFormValue("from"))
		if derr != nil {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Ngày bắt đầu phụ trách có dạng dd/mm/yyyy."}
		}
		_, err = s.DB.AssignInCharge(ctx, sess.Actor, id, member, from, r.PostFormValue("decision"))
	case "end":
		cid, _ := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
		to, derr := domain.ParseDate(r.PostFormValue("to"))
		if derr != nil {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Ngày thôi phụ trách có dạng dd/mm/yyyy."}
		}
		err = s.DB.EndInCharge(ctx, sess.Actor, cid, to)
	default:
		return domain.ErrNotFound
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d/sinh-hoat?da-luu=1", id), http.StatusSeeOther)
	return nil
}

// planSave fills the year's plan of monthly meetings.
func (s *Server) planSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	year, _ := strconv.Atoi(r.PostFormValue("nam"))
	day, _ := strconv.Atoi(r.PostFormValue("day"))
	n, err := s.DB.PlanYear(r.Context(), sess.Actor, id, year, day, r.PostFormValue("starts_at"), r.PostFormValue("place"), r.PostFormValue("topic"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d/sinh-hoat?nam=%d&da-luu=ke-hoach-%d", id, year, n), http.StatusSeeOther)
	return nil
}
