package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

type feeSheetPage struct {
	Org        domain.Org
	Month      domain.Month
	Prev, Next string
	Sheet      store.FeeSheet
	CanWrite   bool
	Error      string
	Current    bool
	ToRemit    int64 // the cell's share to send up of what it collected
	KeepPct    int
	Remitted   int64
	Sent       []store.Remittance
	Today      string
}

// feeSheetScreen is a cell's collection sheet for a month: open it, then one
// tap per member to take the month's fee.
func (s *Server) feeSheetScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.feeSheetPageFor(r, sess, r.URL.Query().Get("thang"))
	if err != nil {
		return err
	}
	flash := ""
	switch r.URL.Query().Get("da-luu") {
	case "lap":
		flash = "Đã lập bảng thu tháng " + p.Month.String() + "."
	case "thu":
		flash = "Đã ghi khoản nộp."
	case "nop-len":
		flash = "Đã ghi khoản nộp lên cấp trên."
	}
	s.render(w, http.StatusOK, "fee_sheet", view{Title: "Đảng phí " + p.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

func (s *Server) feeSheetPageFor(r *http.Request, sess store.Session, month string) (feeSheetPage, error) {
	ctx := r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return feeSheetPage{}, err
	}
	o, err := s.DB.Org(ctx, sess.Actor, id)
	if err != nil {
		return feeSheetPage{}, err
	}
	if !o.Kind.IsCell() {
		return feeSheetPage{}, &domain.Error{Code: domain.CodeNotFound, Message: "Bảng thu đảng phí lập ở chi bộ; xin chọn một chi bộ."}
	}
	this := domain.MonthOf(domain.DateOf(s.DB.Now()))
	m := this
	if month != "" {
		if m, err = domain.ParseMonth(month); err != nil {
			return feeSheetPage{}, &domain.Error{Code: domain.CodeInvalid, Message: "Tháng phải có dạng mm/yyyy."}
		}
	}
	p := feeSheetPage{Org: o, Month: m, Prev: m.Add(-1).Key(), CanWrite: sess.Actor.Role.WritesMembers() && o.ValidTo.IsZero(), Current: m == this}
	if m.Before(this) {
		p.Next = m.Add(1).Key()
	}
	if p.Sheet, err = s.DB.FeeSheet(ctx, sess.Actor, id, m); err != nil {
		return p, err
	}
	// What the cell sends up: the shares table's part of what it collected.
	p.KeepPct = domain.FeeKeepPct(o.Kind, o.ParentID == 0, m.First())
	p.ToRemit = domain.FeeSplit(o.Kind, o.ParentID == 0, p.Sheet.Paid, m.First()).Remitted
	if p.Sent, err = s.DB.Remittances(ctx, sess.Actor, id, m, m); err != nil {
		return p, err
	}
	for _, r := range p.Sent {
		p.Remitted += r.Amount
	}
	p.Today = domain.DateOf(s.DB.Now()).String()
	return p, nil
}

// feeSheetSave opens the month's sheet or takes one member's fee for it.
func (s *Server) feeSheetSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.feeSheetPageFor(r, sess, r.PostFormValue("thang"))
	if err != nil {
		return err
	}
	ctx := r.Context()
	done := ""
	switch r.PostFormValue("action") {
	case "open":
		_, err = s.DB.OpenFeeMonth(ctx, sess.Actor, p.Org.ID, p.Month)
		done = "lap"
	case "pay":
		mid, _ := strconv.ParseInt(r.PostFormValue("member_id"), 10, 64)
		err, done = s.DB.PayFees(ctx, sess.Actor, mid, []domain.Month{p.Month}, domain.DateOf(s.DB.Now())), "thu"
	case "remit":
		amount, _ := strconv.ParseInt(digitsOnly(r.PostFormValue("amount")), 10, 64)
		on, derr := domain.ParseDate(r.PostFormValue("paid_on"))
		if derr != nil {
			on = domain.Date{}
		}
		_, err = s.DB.RecordRemittance(ctx, sess.Actor, p.Org.ID, p.Month, amount, on, r.PostFormValue("note"))
		done = "nop-len"
	default:
		return domain.ErrNotFound
	}
	var de *domain.Error
	if errors.As(err, &de) && (de.Code == domain.CodeInvalid || de.Code == domain.CodeConflict) {
		p.Error = de.Message
		for _, v := range de.Fields {
			p.Error += " " + v
		}
		if p.Sheet, err = s.DB.FeeSheet(ctx, sess.Actor, p.Org.ID, p.Month); err != nil {
			return err
		}
		s.render(w, http.StatusUnprocessableEntity, "fee_sheet", view{Title: "Đảng phí " + p.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d/dang-phi?thang=%s&da-luu=%s", p.Org.ID, p.Month.Key(), done), http.StatusSeeOther)
	return nil
}

type memberFeePage struct {
	M          domain.Member
	Profile    domain.FeeProfile
	HasProfile bool
	Monthly    int64
	History    []store.FeeRow
	Unpaid     []option // months on the sheets not paid yet
	Ahead      []option // this month and the next ones
	Categories []option
	CanWrite   bool
	Attendance domain.AttendanceCounts
	Upcoming   []store.Meeting
	Error      string
	Errs       map[string]string
	Raw        map[string]string
	Today      string
	Tiers      []option
	Owed       int // months that have ended unpaid
}

// memberFeeScreen is one member's fees and meetings: what they pay and why,
// each month's payment, and the meetings of their cell. A member sees their
// own; a secretary takes several months at once here.
func (s *Server) memberFeeScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.memberFeePageFor(r, sess)
	if err != nil {
		return err
	}
	flash := map[string]string{"muc": "Đã lưu mức đảng phí.", "thu": "Đã ghi khoản nộp."}[r.URL.Query().Get("da-luu")]
	s.render(w, http.StatusOK, "member_fee", view{Title: "Đảng phí, sinh hoạt: " + p.M.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

func (s *Server) memberFeePageFor(r *http.Request, sess store.Session) (memberFeePage, error) {
	ctx, a := r.Context(), sess.Actor
	id, err := pathID(r, "id")
	if err != nil {
		return memberFeePage{}, err
	}
	m, err := s.DB.Member(ctx, a, id)
	if err != nil {
		return memberFeePage{}, err
	}
	today := domain.DateOf(s.DB.Now())
	p := memberFeePage{M: m, CanWrite: a.Role.WritesMembers(), Errs: map[string]string{}, Raw: map[string]string{}, Today: today.String()}
	for t := 1; t <= 4; t++ {
		amt, _ := domain.MonthlyFee(domain.FeeProfile{Category: domain.FeeOther, Tier: t}, domain.MonthOf(today))
		p.Tiers = append(p.Tiers, option{strconv.Itoa(t), fmt.Sprintf("Bậc %d: %s", t, domain.Dong(amt))})
	}
	if p.Profile, p.HasProfile, err = s.DB.FeeProfile(ctx, a, id); err != nil {
		return p, err
	}
	if p.HasProfile {
		p.Monthly, _ = domain.MonthlyFee(p.Profile, domain.MonthOf(today))
	}
	if p.History, err = s.DB.MemberFees(ctx, a, id); err != nil {
		return p, err
	}
	paid := map[string]bool{}
	for _, h := range p.History {
		if h.PaidOn != nil {
			paid[h.Month] = true
		} else if h.Due > 0 {
			mo, _ := domain.ParseMonth(h.Month)
			label := "Tháng " + mo.String() + " (chưa nộp)"
			if mo.Before(domain.MonthOf(today)) { // a month that has ended is owed
				label = "Tháng " + mo.String() + " (nợ)"
				p.Owed++
			}
			p.Unpaid = append([]option{{h.Month, label}}, p.Unpaid...)
		}
	}
	for i, mo := 0, domain.MonthOf(today); i < 12; i, mo = i+1, mo.Add(1) {
		if !paid[mo.Key()] && !slicesContainsOption(p.Unpaid, mo.Key()) {
			p.Ahead = append(p.Ahead, option{mo.Key(), "Tháng " + mo.String()})
		}
	}
	for _, c := range domain.FeeCategories {
		p.Categories = append(p.Categories, option{string(c), c.Label()})
	}
	if p.Attendance, err = s.DB.MemberAttendance(ctx, a, id, today.AddMonths(-12).AddDays(1), today); err != nil {
		return p, err
	}
	if ms, err := s.DB.Meetings(ctx, a, m.OrgID, today.Year()); err == nil {
		for _, mt := range ms {
			if !mt.Held(today) {
				p.Upcoming = append(p.Upcoming, mt)
			}
		}
	} else if domain.ErrorCode(err) != domain.CodeNotFound {
		return p, err
	}
	return p, nil
}

func slicesContainsOption(os []option, v string) bool {
	for _, o := range os {
		if o.V == v {
			return true
		}
	}
	return false
}

// memberFeeSave sets the fee profile or records a payment of several months.
func (s *Server) memberFeeSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.memberFeePageFor(r, sess)
	if err != nil {
		return err
	}
	ctx := r.Context()
	done := ""
	switch r.PostFormValue("action") {
	case "profile":
		for _, k := range []string{"category", "base", "tier"} {
			p.Raw[k] = r.PostFormValue(k)
		}
		pr := domain.FeeProfile{Category: domain.FeeCategory(p.Raw["category"]), PastWorkingAge: r.PostFormValue("past_working_age") == "1"}
		pr.Base, _ = strconv.ParseInt(digitsOnly(p.Raw["base"]), 10, 64)
		pr.Tier, _ = strconv.Atoi(p.Raw["tier"])
		err, done = s.DB.SetFeeProfile(ctx, sess.Actor, p.M.ID, pr), "muc"
	case "pay":
		if err := r.ParseForm(); err != nil {
			return err
		}
		var months []domain.Month
		for _, k := range r.PostForm["months"] {
			mo, perr := domain.ParseMonth(k)
			if perr != nil {
				return &domain.Error{Code: domain.CodeInvalid, Message: "Tháng không hợp lệ."}
			}
			months = append(months, mo)
		}
		on, derr := domain.ParseDate(r.PostFormValue("paid_on"))
		if derr != nil {
			on = domain.Date{}
		}
		err, done = s.DB.PayFees(ctx, sess.Actor, p.M.ID, months, on), "thu"
	default:
		return domain.ErrNotFound
	}
	var de *domain.Error
	if errors.As(err, &de) && (de.Code == domain.CodeInvalid || de.Code == domain.CodeConflict) {
		p.Error, p.Errs = de.Message, de.Fields
		if p.Errs == nil {
			p.Errs = map[string]string{}
		}
		s.render(w, http.StatusUnprocessableEntity, "member_fee", view{Title: "Đảng phí: " + p.M.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/dang-vien/%d/dang-phi?da-luu=%s", p.M.ID, url.QueryEscape(done)), http.StatusSeeOther)
	return nil
}

func digitsOnly(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			b = append(b, s[i])
		}
	}
	return string(b)
}
