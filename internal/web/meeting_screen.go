package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"dangvien/internal/app/celllife"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// cellLifePage is a cell's year of meetings: what was held, what the rules
// say is missing, and who was absent without reason.
type cellLifePage struct {
	celllife.YearView
	Removal     int
	MoreGrounds bool
	Prev, Next  int
	Today       domain.Date
	FeeMonth    string
	Committee   []option // members above with a committee position
}

// cellLifeScreen shows a cell's meetings of a year; for a committee it shows
// the subtree's overview instead.
func (s *Server) cellLifeScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	a := sess.Actor
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	today := domain.DateOf(s.DB.Now())
	year := today.Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("nam")); err == nil && y >= 1930 && y <= today.Year()+1 {
		year = y
	}
	if kind := r.URL.Query().Get("ds"); kind != "" {
		return s.overviewListScreen(w, r, sess, id, kind)
	}
	v, err := s.Life.Page(r.Context(), a, id, year)
	if err != nil {
		return err
	}
	if v.Overview != nil {
		s.overviewScreen(w, r, sess, *v.Overview)
		return nil
	}
	p := cellLifePage{YearView: *v.Year, Removal: len(v.Year.Grounds), Prev: year - 1, Today: today, FeeMonth: domain.MonthOf(today).Key()}
	if year < today.Year()+1 {
		p.Next = year + 1
	}
	for _, c := range v.Year.Committee {
		p.Committee = append(p.Committee, option{c.Value, c.Label})
	}
	s.render(w, http.StatusOK, "cell_life", view{Title: "Sinh hoạt " + v.Org.Name, Actor: &a, CSRF: sess.CSRF, Flash: flashOf(r), Page: p})
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
	p := meetingFormPage{Errs: map[string]string{}, Kinds: meetingKindOptions()}
	if err := s.meetingFormOrg(r, sess, &p); err != nil {
		return err
	}
	if p.ID == 0 {
		p.Raw = meetingRaw(domain.MeetingInput{Kind: domain.MeetingRegular, HeldOn: domain.DateOf(s.DB.Now()), StartsAt: "19:30"})
		p.Raw["minutes"] = "90"
	}
	if !sess.Actor.Role.WritesMembers() {
		return &domain.Error{Code: domain.CodeForbidden, Message: "Vai trò của bạn không ghi được buổi sinh hoạt."}
	}
	s.render(w, http.StatusOK, "meeting_form", view{Title: "Buổi sinh hoạt", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}

// meetingFormOrg fills the form's meeting (when editing, with its values)
// and cell.
func (s *Server) meetingFormOrg(r *http.Request, sess store.Session, p *meetingFormPage) error {
	if mid, err := pathID(r, "mid"); err == nil {
		v, err := s.Life.Meeting(r.Context(), sess.Actor, mid)
		if err != nil {
			return err
		}
		p.ID, p.Raw = v.Meeting.ID, meetingRaw(v.Meeting.MeetingInput)
		p.Org = domain.Org{ID: v.Meeting.OrgID, Name: v.Meeting.Org}
		return nil
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p.Org, err = s.Life.Cell(r.Context(), sess.Actor, id)
	return err
}

func (s *Server) meetingSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx := r.Context()
	in, raw, bad := parseMeeting(r)
	p := meetingFormPage{Errs: map[string]string{}, Kinds: meetingKindOptions()}
	if err := s.meetingFormOrg(r, sess, &p); err != nil {
		return err
	}
	p.Raw = raw
	var m store.Meeting
	var err error
	if len(bad) == 0 {
		if p.ID != 0 {
			m, err = s.Life.UpdateMeeting(ctx, sess.Actor, p.ID, in)
		} else {
			m, err = s.Life.CreateMeeting(ctx, sess.Actor, p.Org.ID, in)
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
	celllife.MeetingView
	M     store.Meeting
	Error string
	Errs  map[string]string
	Marks []option
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
	v, err := s.Life.Meeting(r.Context(), sess.Actor, id)
	if err != nil {
		return meetingPage{}, err
	}
	return meetingPage{MeetingView: v, M: v.Meeting, Errs: map[string]string{},
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
	var marks []domain.Mark
	anchor := "#diem-danh"
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
		marks = append(marks, domain.Mark{MemberID: row.MemberID, Status: st, Reason: reason})
		// Back to the last row marked: the one above the save button the
		// phone was scrolled to, not the top of the page.
		anchor = fmt.Sprintf("#dv-%d", row.MemberID)
	}
	var guests []celllife.Guest
	for _, x := range p.InCharge {
		switch r.PostFormValue("ic_" + strconv.FormatInt(x.MemberID, 10)) {
		case "1":
			guests = append(guests, celllife.Guest{MemberID: x.MemberID, Attended: true})
		case "0":
			guests = append(guests, celllife.Guest{MemberID: x.MemberID})
		}
	}
	if len(marks) == 0 && len(guests) == 0 {
		p.Error = "Chưa chọn điểm danh cho ai."
		s.render(w, http.StatusUnprocessableEntity, "meeting", view{Title: p.M.KindLabel, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	_, err = s.Life.RecordAttendance(r.Context(), sess.Actor, id, marks, guests)
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
	http.Redirect(w, r, fmt.Sprintf("/sinh-hoat/%d?da-luu=diem-danh%s", id, anchor), http.StatusSeeOther)
	return nil
}

// inChargeSave assigns a committee member to the cell or ends a charge.
func (s *Server) inChargeSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	switch r.PostFormValue("action") {
	case "assign":
		member, _ := strconv.ParseInt(r.PostFormValue("member_id"), 10, 64)
		from, derr := domain.ParseDate(r.PostFormValue("from"))
		if derr != nil {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Ngày bắt đầu phụ trách có dạng dd/mm/yyyy."}
		}
		_, err = s.Life.AssignInCharge(ctx, sess.Actor, id, member, from, r.PostFormValue("decision"))
	case "end":
		cid, _ := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
		to, derr := domain.ParseDate(r.PostFormValue("to"))
		if derr != nil {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Ngày thôi phụ trách có dạng dd/mm/yyyy."}
		}
		if r.PostFormValue("confirmed") != "1" {
			return s.inChargeConfirm(w, r, sess, id, cid, to)
		}
		err = s.Life.EndInCharge(ctx, sess.Actor, cid, to)
	case "restore":
		cid, _ := strconv.ParseInt(r.PostFormValue("id"), 10, 64)
		from, derr := domain.ParseDate(r.PostFormValue("from"))
		if derr != nil {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Ngày giao lại có dạng dd/mm/yyyy."}
		}
		_, err = s.Life.RestoreInCharge(ctx, sess.Actor, cid, from)
	default:
		return domain.ErrNotFound
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d/sinh-hoat?da-luu=1#phu-trach", id), http.StatusSeeOther)
	return nil
}

// inChargeConfirm asks once more before a charge ends, on a page of its own
// (the cell page's button opens the confirmation in place).
func (s *Server) inChargeConfirm(w http.ResponseWriter, r *http.Request, sess store.Session, cellID, chargeID int64, to domain.Date) error {
	today := domain.DateOf(s.DB.Now())
	current, err := s.Life.InCharge(r.Context(), sess.Actor, cellID, today, today)
	if err != nil {
		return err
	}
	if !sess.Actor.Role.WritesOrgs() {
		return domain.ErrForbiddenWrite
	}
	for _, c := range current {
		if c.ID == chargeID && c.OrgID == cellID {
			s.render(w, http.StatusOK, "in_charge_end", view{Title: "Thôi phụ trách chi bộ", Actor: &sess.Actor, CSRF: sess.CSRF, Page: inChargeEndPage{c, to}})
			return nil
		}
	}
	return domain.ErrNotFound
}

type inChargeEndPage struct {
	store.InCharge
	On domain.Date
}

// planSave fills the year's plan of monthly meetings.
func (s *Server) planSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in := domain.PlanInput{StartsAt: r.PostFormValue("starts_at"), Place: r.PostFormValue("place"), Topic: r.PostFormValue("topic")}
	in.Year, _ = strconv.Atoi(r.PostFormValue("nam"))
	in.Day, _ = strconv.Atoi(r.PostFormValue("day"))
	v, err := s.Life.PlanYear(r.Context(), sess.Actor, id, in)
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d/sinh-hoat?nam=%d&da-luu=ke-hoach-%d", id, in.Year, v.Added), http.StatusSeeOther)
	return nil
}
