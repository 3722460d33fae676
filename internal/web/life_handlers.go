package web

import (
	"net/http"
	"strconv"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// The JSON API of a cell's life: meetings, attendance, fees. Thin: the store
// scopes and checks, the domain computes.

type meetingsResp struct {
	Meetings []store.Meeting         `json:"meetings"`
	Warnings []domain.MeetingWarning `json:"warnings"`
}

type meetingResp struct {
	Meeting store.Meeting     `json:"meeting"`
	Roster  []store.RosterRow `json:"roster"`
}

type attendanceBody struct {
	Marks []store.Mark `json:"marks"`
}

type attendanceResp struct {
	From       domain.Date             `json:"from"`
	To         domain.Date             `json:"to"`
	Meetings   int                     `json:"meetings"`
	Attendance domain.AttendanceCounts `json:"attendance"`
	PerMille   int                     `json:"present_per_mille"`
	Absentees  []store.Absentee        `json:"unexcused"`
}

type openMonthBody struct {
	Month string `json:"month"` // "2026-11"
}

type openMonthResp struct {
	Month string `json:"month"`
	Added int    `json:"added"`
}

type arrearsResp struct {
	From    string          `json:"from"`
	To      string          `json:"to"`
	Debtors []store.Debtor  `json:"debtors"`
	Owed    store.FeeTotals `json:"owed"`
}

type memberFeesResp struct {
	Profile    *domain.FeeProfile `json:"profile"`
	MonthlyFee int64              `json:"monthly_fee"`
	Months     []store.FeeRow     `json:"months"`
}

type payBody struct {
	Months []string    `json:"months"`
	PaidOn domain.Date `json:"paid_on"`
}

type payResp struct {
	Months []string    `json:"months"`
	PaidOn domain.Date `json:"paid_on"`
}

// byID makes a handler of a route with an {id}: fn answers for the id.
func byID[Out any](fn func(r *http.Request, a domain.Actor, id int64) (Out, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		out, err := fn(r, a, id)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	}
}

// byIDBody makes a handler of a route with an {id} and a JSON body: the
// body is decoded strictly, fn answers with the given status.
func byIDBody[In, Out any](s *Server, status int, fn func(r *http.Request, a domain.Actor, id int64, in In) (Out, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		var in In
		if err := decode(w, r, s.JSONLimit, &in); err != nil {
			return err
		}
		out, err := fn(r, a, id, in)
		if err != nil {
			return err
		}
		writeJSON(w, status, out)
		return nil
	}
}

func badParam(name, msg string) error {
	return &domain.Error{Code: domain.CodeInvalid, Message: msg, Fields: domain.Fields{name: msg}}
}

// period reads from and to (dates), by default the twelve months to today.
func (s *Server) period(r *http.Request) (domain.Date, domain.Date, error) {
	today := domain.DateOf(s.DB.Now())
	from, err := queryDate(r, "from")
	if err != nil {
		return from, today, err
	}
	to, err := queryDate(r, "to")
	if err != nil {
		return from, to, err
	}
	if to.IsZero() {
		to = today
	}
	if from.IsZero() {
		from = to.AddMonths(-12).AddDays(1)
	}
	if from.After(to) {
		return from, to, badParam("from", "Ngày bắt đầu phải trước ngày kết thúc.")
	}
	return from, to, nil
}

// monthRange reads from and to months, by default the twelve months ending
// with defTo.
func monthRange(r *http.Request, defTo domain.Month) (domain.Month, domain.Month, error) {
	to, err := monthParam(r, "to", defTo)
	if err != nil {
		return to, to, err
	}
	from, err := monthParam(r, "from", to.Add(-11))
	if err == nil && to.Before(from) {
		err = badParam("from", "Tháng bắt đầu phải trước tháng kết thúc.")
	}
	return from, to, err
}

// monthParam reads a month query parameter, def when absent.
func monthParam(r *http.Request, name string, def domain.Month) (domain.Month, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	m, err := domain.ParseMonth(v)
	if err != nil {
		return m, badParam(name, "Tháng có dạng yyyy-mm.")
	}
	return m, nil
}

func (s *Server) apiMeetings(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	today := domain.DateOf(s.DB.Now())
	year, err := queryInt(r, "year")
	if err != nil {
		return err
	}
	if year == 0 {
		year = today.Year()
	}
	ms, err := s.DB.Meetings(r.Context(), a, id, year)
	if err != nil {
		return err
	}
	var facts []domain.MeetingFact
	for _, m := range ms {
		facts = append(facts, domain.MeetingFact{ID: m.ID, Kind: m.Kind, HeldOn: m.HeldOn, Minutes: m.Minutes})
	}
	warnings := domain.CheckMeetings(year, today, facts)
	if warnings == nil {
		warnings = []domain.MeetingWarning{}
	}
	writeJSON(w, http.StatusOK, meetingsResp{ms, warnings})
	return nil
}

func (s *Server) apiMeetingCreate() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.MeetingInput) (store.Meeting, error) {
		return s.DB.CreateMeeting(r.Context(), a, id, in)
	})
}

type planBody struct {
	Year     int    `json:"year"`
	Day      int    `json:"day"`
	StartsAt string `json:"starts_at"`
	Place    string `json:"place"`
	Topic    string `json:"topic"`
}

type planResp struct {
	Added int `json:"added"`
}

func (s *Server) apiPlan() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in planBody) (planResp, error) {
		n, err := s.DB.PlanYear(r.Context(), a, id, in.Year, in.Day, in.StartsAt, in.Place, in.Topic)
		return planResp{n}, err
	})
}

func (s *Server) apiMeeting(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, roster, err := s.DB.Roster(r.Context(), a, id)
	if err != nil {
		return err
	}
	if roster == nil {
		roster = []store.RosterRow{}
	}
	writeJSON(w, http.StatusOK, meetingResp{m, roster})
	return nil
}

func (s *Server) apiMeetingUpdate() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in domain.MeetingInput) (store.Meeting, error) {
		return s.DB.UpdateMeeting(r.Context(), a, id, in)
	})
}

func (s *Server) apiAttendance() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in attendanceBody) (store.Meeting, error) {
		return s.DB.RecordAttendance(r.Context(), a, id, in.Marks)
	})
}

func (s *Server) apiOrgAttendance(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	from, to, err := s.period(r)
	if err != nil {
		return err
	}
	min, err := queryInt(r, "min_unexcused")
	if err != nil {
		return err
	}
	c, n, err := s.DB.AttendanceTotals(r.Context(), a, id, from, to)
	if err != nil {
		return err
	}
	abs, err := s.DB.Unexcused(r.Context(), a, id, from, to, max(min, 1))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, attendanceResp{from, to, n, c, c.Rate(), abs})
	return nil
}

func (s *Server) apiMemberAttendance(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	from, to, err := s.period(r)
	if err != nil {
		return err
	}
	c, err := s.DB.MemberAttendance(r.Context(), a, id, from, to)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, attendanceResp{From: from, To: to, Attendance: c, PerMille: c.Rate(), Absentees: []store.Absentee{}})
	return nil
}

func (s *Server) apiFeeSheet(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	m, err := monthParam(r, "month", domain.MonthOf(domain.DateOf(s.DB.Now())))
	if err != nil {
		return err
	}
	sheet, err := s.DB.FeeSheet(r.Context(), a, id, m)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sheet)
	return nil
}

func (s *Server) apiFeeOpen(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in openMonthBody
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	m, err := domain.ParseMonth(in.Month)
	if err != nil {
		return badParam("month", "Tháng có dạng yyyy-mm.")
	}
	n, err := s.DB.OpenFeeMonth(r.Context(), a, id, m)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, openMonthResp{m.Key(), n})
	return nil
}

func (s *Server) apiArrears(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	from, to, err := monthRange(r, domain.MonthOf(domain.DateOf(s.DB.Now())).Add(-1))
	if err != nil {
		return err
	}
	min, err := queryInt(r, "min_months")
	if err != nil {
		return err
	}
	d, t, err := s.DB.Arrears(r.Context(), a, id, from, to, max(min, 1))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, arrearsResp{from.Key(), to.Key(), d, t})
	return nil
}

func (s *Server) apiFeeTotals() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (store.FeeTotals, error) {
		from, to, err := monthRange(r, domain.MonthOf(domain.DateOf(s.DB.Now())))
		if err != nil {
			return store.FeeTotals{}, err
		}
		return s.DB.FeeTotalsOf(r.Context(), a, id, from, to)
	})
}

func (s *Server) apiFeeShares() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) ([]domain.FeeShare, error) {
		from, to, err := monthRange(r, domain.MonthOf(domain.DateOf(s.DB.Now())))
		if err != nil {
			return nil, err
		}
		return s.DB.FeeSharesOf(r.Context(), a, id, from, to)
	})
}

type remitBody struct {
	Month  string      `json:"month"`
	Amount int64       `json:"amount"`
	PaidOn domain.Date `json:"paid_on"`
	Note   string      `json:"note"`
}

func (s *Server) apiRemit() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in remitBody) (store.Remittance, error) {
		m, err := domain.ParseMonth(in.Month)
		if err != nil {
			return store.Remittance{}, badParam("month", "Tháng có dạng yyyy-mm.")
		}
		return s.DB.RecordRemittance(r.Context(), a, id, m, in.Amount, in.PaidOn, in.Note)
	})
}

func (s *Server) apiRemittances() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) ([]store.Remittance, error) {
		from, to, err := monthRange(r, domain.MonthOf(domain.DateOf(s.DB.Now())))
		if err != nil {
			return nil, err
		}
		return s.DB.Remittances(r.Context(), a, id, from, to)
	})
}

func (s *Server) apiMemberFees(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, ok, err := s.DB.FeeProfile(r.Context(), a, id)
	if err != nil {
		return err
	}
	rows, err := s.DB.MemberFees(r.Context(), a, id)
	if err != nil {
		return err
	}
	resp := memberFeesResp{Months: rows}
	if ok {
		resp.Profile = &p
		resp.MonthlyFee, _ = domain.MonthlyFee(p, domain.MonthOf(domain.DateOf(s.DB.Now())))
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

func (s *Server) apiFeeProfile() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, p domain.FeeProfile) (domain.FeeProfile, error) {
		return p, s.DB.SetFeeProfile(r.Context(), a, id, p)
	})
}

func (s *Server) apiPay(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var in payBody
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	var months []domain.Month
	for i, k := range in.Months {
		m, err := domain.ParseMonth(k)
		if err != nil {
			return badParam("months."+strconv.Itoa(i), "Tháng có dạng yyyy-mm.")
		}
		months = append(months, m)
	}
	if err := s.DB.PayFees(r.Context(), a, id, months, in.PaidOn); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, payResp(in))
	return nil
}

type taskNoteBody struct {
	On     domain.Date       `json:"on"`
	Rating domain.TaskRating `json:"rating"`
	Note   string            `json:"note"`
}

type taskFlagsResp struct {
	Listed bool              `json:"listed"` // false: the subtree is too large, ask a commune or a cell
	NoTask []store.MemberRef `json:"no_current_task"`
	Stale  []store.StaleTask `json:"stale_tasks"`
}

func (s *Server) apiMemberTasks() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) ([]store.Task, error) {
		return s.DB.MemberTasks(r.Context(), a, id)
	})
}

func (s *Server) apiTaskCreate() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.TaskInput) (store.Task, error) {
		return s.DB.CreateTask(r.Context(), a, id, in)
	})
}

func (s *Server) apiTaskNote() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in taskNoteBody) (store.TaskNote, error) {
		n := store.TaskNote{On: in.On, Rating: in.Rating, Note: in.Note}
		return n, s.DB.AddTaskNote(r.Context(), a, id, n)
	})
}

func (s *Server) apiTaskFlags(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	none, stale, ok, err := s.DB.TaskFlags(r.Context(), a, id, overviewMembersCap)
	if err != nil {
		return err
	}
	if none == nil {
		none, stale = []store.MemberRef{}, []store.StaleTask{}
	}
	writeJSON(w, http.StatusOK, taskFlagsResp{ok, none, stale})
	return nil
}

type assignBody struct {
	MemberID int64       `json:"member_id"`
	From     domain.Date `json:"from"`
	Decision string      `json:"decision"`
}

type endBody struct {
	To domain.Date `json:"to"`
}

type inChargeMarkBody struct {
	MemberID int64 `json:"member_id"`
	Attended bool  `json:"attended"`
}

func (s *Server) apiInChargeList() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) ([]store.InCharge, error) {
		from, to, err := s.period(r)
		if err != nil {
			return nil, err
		}
		return s.DB.InChargeOf(r.Context(), a, id, from, to)
	})
}

func (s *Server) apiInChargeAssign() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in assignBody) (store.InCharge, error) {
		return s.DB.AssignInCharge(r.Context(), a, id, in.MemberID, in.From, in.Decision)
	})
}

func (s *Server) apiInChargeEnd() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in endBody) (endBody, error) {
		return in, s.DB.EndInCharge(r.Context(), a, id, in.To)
	})
}

func (s *Server) apiMeetingInCharge() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in inChargeMarkBody) (inChargeMarkBody, error) {
		return in, s.DB.MarkInCharge(r.Context(), a, id, in.MemberID, in.Attended)
	})
}
