package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"dangvien/internal/app/fees"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

type feeSheetPage struct {
	fees.SheetView
	Month      domain.Month
	Prev, Next string
	Sheet      store.FeeSheet
	Error      string
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
	id, err := pathID(r, "id")
	if err != nil {
		return feeSheetPage{}, err
	}
	today := domain.DateOf(s.DB.Now())
	this := domain.MonthOf(today)
	m := this
	if month != "" {
		if m, err = domain.ParseMonth(month); err != nil {
			return feeSheetPage{}, &domain.Error{Code: domain.CodeInvalid, Message: "Tháng phải có dạng mm/yyyy."}
		}
	}
	v, err := s.Fees.Sheet(r.Context(), sess.Actor, id, m)
	if err != nil {
		return feeSheetPage{}, err
	}
	if !v.Org.Kind.IsCell() {
		return feeSheetPage{}, &domain.Error{Code: domain.CodeNotFound, Message: "Bảng thu đảng phí lập ở chi bộ; xin chọn một chi bộ."}
	}
	p := feeSheetPage{SheetView: v, Month: m, Prev: m.Add(-1).Key(), Sheet: v.FeeSheet, Today: today.String()}
	if m.Before(this) {
		p.Next = m.Add(1).Key()
	}
	return p, nil
}

// feeSheetSave opens the month's sheet or takes one member's fee for it.
func (s *Server) feeSheetSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.feeSheetPageFor(r, sess, r.PostFormValue("thang"))
	if err != nil {
		return err
	}
	ctx := r.Context()
	done, anchor := "", ""
	switch r.PostFormValue("action") {
	case "open":
		_, err = s.Fees.OpenMonth(ctx, sess.Actor, p.Org.ID, p.Month)
		done = "lap"
	case "pay":
		mid, _ := strconv.ParseInt(r.PostFormValue("member_id"), 10, 64)
		err, done = s.Fees.Pay(ctx, sess.Actor, mid, []domain.Month{p.Month}, domain.DateOf(s.DB.Now())), "thu"
		anchor = fmt.Sprintf("#dv-%d", mid) // back to the row tapped, not the top of the sheet
	case "remit":
		amount, _ := strconv.ParseInt(digitsOnly(r.PostFormValue("amount")), 10, 64)
		on, derr := domain.ParseDate(r.PostFormValue("paid_on"))
		if derr != nil {
			on = domain.Date{}
		}
		_, err = s.Fees.Remit(ctx, sess.Actor, p.Org.ID, domain.RemittanceInput{Month: p.Month, Amount: amount, PaidOn: on, Note: r.PostFormValue("note")})
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
		// A refusal wrote nothing: the sheet read before stands.
		s.render(w, http.StatusUnprocessableEntity, "fee_sheet", view{Title: "Đảng phí " + p.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d/dang-phi?thang=%s&da-luu=%s%s", p.Org.ID, p.Month.Key(), done, anchor), http.StatusSeeOther)
	return nil
}

type memberFeePage struct {
	fees.MemberView
	M          domain.Member
	HasProfile bool
	Profile    domain.FeeProfile
	Monthly    int64
	History    []store.FeeRow
	Unpaid     []option
	Ahead      []option
	Tiers      []option
	Categories []option
	Exemptions []option
	Error      string
	Errs       map[string]string
	Raw        map[string]string
	Today      string
}

// memberFeeScreen is one member's fees and meetings: what they pay and why,
// each month's payment, and the meetings of their cell. A member sees their
// own; a secretary takes several months at once here.
func (s *Server) memberFeeScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.memberFeePageFor(r, sess)
	if err != nil {
		return err
	}
	flash := map[string]string{"muc": "Đã lưu mức đảng phí.", "thu": "Đã ghi khoản nộp.", "huy": "Đã hủy khoản nộp; tháng đó được tính là chưa nộp.", "giam": "Đã ghi quyết định giảm đảng phí."}[r.URL.Query().Get("da-luu")]
	s.render(w, http.StatusOK, "member_fee", view{Title: "Đảng phí, sinh hoạt: " + p.M.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

func (s *Server) memberFeePageFor(r *http.Request, sess store.Session) (memberFeePage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return memberFeePage{}, err
	}
	v, err := s.Fees.Member(r.Context(), sess.Actor, id)
	if err != nil {
		return memberFeePage{}, err
	}
	p := memberFeePage{MemberView: v, M: v.Member, HasProfile: v.Profile != nil, Monthly: v.MonthlyFee, History: v.Months,
		Errs: map[string]string{}, Raw: map[string]string{}, Today: domain.DateOf(s.DB.Now()).String()}
	if v.Profile != nil {
		p.Profile = *v.Profile
	}
	for _, l := range []struct {
		from []fees.MonthChoice
		to   *[]option
	}{{v.Unpaid, &p.Unpaid}, {v.Ahead, &p.Ahead}, {v.Tiers, &p.Tiers}} {
		for _, c := range l.from {
			*l.to = append(*l.to, option{c.Key, c.Label})
		}
	}
	for _, c := range domain.FeeCategories {
		p.Categories = append(p.Categories, option{string(c), c.Label()})
	}
	for _, e := range domain.FeeExemptions {
		p.Exemptions = append(p.Exemptions, option{string(e), e.Label()})
	}
	return p, nil
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
		for _, k := range []string{"category", "base", "tier", "exemption"} {
			p.Raw[k] = r.PostFormValue(k)
		}
		pr := domain.FeeProfile{Category: domain.FeeCategory(p.Raw["category"]), PastWorkingAge: r.PostFormValue("past_working_age") == "1", Exemption: domain.FeeExemption(p.Raw["exemption"])}
		pr.Base, _ = strconv.ParseInt(digitsOnly(p.Raw["base"]), 10, 64)
		pr.Tier, _ = strconv.Atoi(p.Raw["tier"])
		_, err = s.Fees.SetProfile(ctx, sess.Actor, p.M.ID, pr)
		done = "muc"
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
		err, done = s.Fees.Pay(ctx, sess.Actor, p.M.ID, months, on), "thu"
	case "reverse":
		mo, perr := domain.ParseMonth(r.PostFormValue("month"))
		if perr != nil {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Tháng không hợp lệ."}
		}
		if r.PostFormValue("confirmed") != "1" {
			return &domain.Error{Code: domain.CodeInvalid, Message: "Chưa xác nhận hủy khoản nộp."}
		}
		err, done = s.Fees.Reverse(ctx, sess.Actor, p.M.ID, mo, r.PostFormValue("reason")), "huy"
	case "reduction":
		for _, k := range []string{"pct", "from", "to", "decision", "reason"} {
			p.Raw["r_"+k] = r.PostFormValue(k)
		}
		pct, _ := strconv.Atoi(p.Raw["r_pct"])
		var red domain.FeeReduction
		if red, err = reductionOf(reductionBody{Pct: pct, From: p.Raw["r_from"], To: p.Raw["r_to"], Decision: p.Raw["r_decision"], Reason: p.Raw["r_reason"]}); err == nil {
			_, err = s.Fees.AddReduction(ctx, sess.Actor, p.M.ID, red)
		}
		done = "giam"
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
