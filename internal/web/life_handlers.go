package web

import (
	"net/http"
	"strconv"

	"dangvien/internal/app/celllife"
	"dangvien/internal/app/fees"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// The JSON API of a cell's life: meetings, attendance, fees. Thin: the store
// scopes and checks, the domain computes.

type attendanceBody struct {
	Marks []domain.Mark `json:"marks"`
}

type openMonthBody struct {
	Month string `json:"month"` // "2026-11"
}

type openMonthResp struct {
	Month string `json:"month"`
	Added int    `json:"added"`
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

func (s *Server) apiMeetings() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (celllife.YearView, error) {
		year, err := queryInt(r, "year")
		if err != nil {
			return celllife.YearView{}, err
		}
		if year == 0 {
			year = domain.DateOf(s.DB.Now()).Year()
		}
		return s.Life.Year(r.Context(), a, id, year)
	})
}

func (s *Server) apiMeetingCreate() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.MeetingInput) (store.Meeting, error) {
		return s.Life.CreateMeeting(r.Context(), a, id, in)
	})
}

func (s *Server) apiPlan() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in domain.PlanInput) (celllife.PlanView, error) {
		return s.Life.PlanYear(r.Context(), a, id, in)
	})
}

func (s *Server) apiMeeting() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (celllife.MeetingView, error) {
		return s.Life.Meeting(r.Context(), a, id)
	})
}

func (s *Server) apiMeetingUpdate() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in domain.MeetingInput) (store.Meeting, error) {
		return s.Life.UpdateMeeting(r.Context(), a, id, in)
	})
}

func (s *Server) apiAttendance() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in attendanceBody) (store.Meeting, error) {
		return s.Life.RecordAttendance(r.Context(), a, id, in.Marks, nil)
	})
}

func (s *Server) apiOrgAttendance() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (celllife.AttendanceView, error) {
		from, to, err := s.period(r)
		if err != nil {
			return celllife.AttendanceView{}, err
		}
		min, err := queryInt(r, "min_unexcused")
		if err != nil {
			return celllife.AttendanceView{}, err
		}
		return s.Life.OrgAttendance(r.Context(), a, id, from, to, min)
	})
}

func (s *Server) apiMemberAttendance() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (celllife.AttendanceView, error) {
		from, to, err := s.period(r)
		if err != nil {
			return celllife.AttendanceView{}, err
		}
		return s.Life.MemberAttendance(r.Context(), a, id, from, to)
	})
}

func (s *Server) apiFeeSheet() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (fees.SheetView, error) {
		m, err := monthParam(r, "month", domain.MonthOf(domain.DateOf(s.DB.Now())))
		if err != nil {
			return fees.SheetView{}, err
		}
		return s.Fees.Sheet(r.Context(), a, id, m)
	})
}

func (s *Server) apiFeeOpen() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in openMonthBody) (openMonthResp, error) {
		m, err := domain.ParseMonth(in.Month)
		if err != nil {
			return openMonthResp{}, badParam("month", "Tháng có dạng yyyy-mm.")
		}
		n, err := s.Fees.OpenMonth(r.Context(), a, id, m)
		return openMonthResp{m.Key(), n}, err
	})
}

func (s *Server) apiArrears() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (fees.ArrearsView, error) {
		from, to, err := monthRange(r, domain.MonthOf(domain.DateOf(s.DB.Now())).Add(-1))
		if err != nil {
			return fees.ArrearsView{}, err
		}
		min, err := queryInt(r, "min_months")
		if err != nil {
			return fees.ArrearsView{}, err
		}
		return s.Fees.Arrears(r.Context(), a, id, from, to, min)
	})
}

func (s *Server) apiFeeTotals() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (store.FeeTotals, error) {
		from, to, err := monthRange(r, domain.MonthOf(domain.DateOf(s.DB.Now())))
		if err != nil {
			return store.FeeTotals{}, err
		}
		return s.Fees.Totals(r.Context(), a, id, from, to)
	})
}

func (s *Server) apiFeeShares() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) ([]domain.FeeShare, error) {
		from, to, err := monthRange(r, domain.MonthOf(domain.DateOf(s.DB.Now())))
		if err != nil {
			return nil, err
		}
		return s.Fees.Shares(r.Context(), a, id, from, to)
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
		return s.Fees.Remit(r.Context(), a, id, domain.RemittanceInput{Month: m, Amount: in.Amount, PaidOn: in.PaidOn, Note: in.Note})
	})
}

func (s *Server) apiRemittances() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) ([]store.Remittance, error) {
		from, to, err := monthRange(r, domain.MonthOf(domain.DateOf(s.DB.Now())))
		if err != nil {
			return nil, err
		}
		return s.Fees.Remittances(r.Context(), a, id, from, to)
	})
}

func (s *Server) apiMemberFees() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (fees.MemberView, error) {
		return s.Fees.Member(r.Context(), a, id)
	})
}

func (s *Server) apiFeeProfile() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, p domain.FeeProfile) (domain.FeeProfile, error) {
		return s.Fees.SetProfile(r.Context(), a, id, p)
	})
}

func (s *Server) apiPay() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in payBody) (payResp, error) {
		var months []domain.Month
		for i, k := range in.Months {
			m, err := domain.ParseMonth(k)
			if err != nil {
				return payResp{}, badParam("months."+strconv.Itoa(i), "Tháng có dạng yyyy-mm.")
			}
			months = append(months, m)
		}
		return payResp(in), s.Fees.Pay(r.Context(), a, id, months, in.PaidOn)
	})
}

type taskNoteBody struct {
	On     domain.Date       `json:"on"`
	Rating domain.TaskRating `json:"rating"`
	Note   string            `json:"note"`
}

func (s *Server) apiMemberTasks() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) ([]store.Task, error) {
		v, err := s.Life.Tasks(r.Context(), a, id)
		return v.Tasks, err
	})
}

func (s *Server) apiTaskCreate() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.TaskInput) (store.Task, error) {
		return s.Life.GiveTask(r.Context(), a, id, in)
	})
}

func (s *Server) apiTaskNote() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in taskNoteBody) (domain.TaskNote, error) {
		return s.Life.AddTaskNote(r.Context(), a, id, domain.TaskNote{On: in.On, Rating: in.Rating, Note: in.Note})
	})
}

func (s *Server) apiTaskFlags() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (celllife.TaskFlagsView, error) {
		return s.Life.TaskFlags(r.Context(), a, id)
	})
}

type assignBody struct {
	MemberID int64       `json:"member_id"`
	From     domain.Date `json:"from"`
	Decision string      `json:"decision"`
}

type endBody struct {
	To domain.Date `json:"to"`
}

func (s *Server) apiInChargeList() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) ([]store.InCharge, error) {
		from, to, err := s.period(r)
		if err != nil {
			return nil, err
		}
		return s.Life.InCharge(r.Context(), a, id, from, to)
	})
}

func (s *Server) apiInChargeAssign() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in assignBody) (store.InCharge, error) {
		return s.Life.AssignInCharge(r.Context(), a, id, in.MemberID, in.From, in.Decision)
	})
}

func (s *Server) apiInChargeEnd() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in endBody) (endBody, error) {
		return in, s.Life.EndInCharge(r.Context(), a, id, in.To)
	})
}

type restoreBody struct {
	From domain.Date `json:"from"`
}

func (s *Server) apiInChargeRestore() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in restoreBody) (store.InCharge, error) {
		return s.Life.RestoreInCharge(r.Context(), a, id, in.From)
	})
}

func (s *Server) apiMeetingInCharge() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in celllife.Guest) (celllife.Guest, error) {
		_, err := s.Life.RecordAttendance(r.Context(), a, id, nil, []celllife.Guest{in})
		return in, err
	})
}

func (s *Server) apiOverview() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (celllife.OverviewView, error) {
		return s.Life.Overview(r.Context(), a, id)
	})
}

func (s *Server) apiOverviewList() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (celllife.ListView, error) {
		return s.Life.List(r.Context(), a, id, r.PathValue("list"))
	})
}
