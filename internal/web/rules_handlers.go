package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"dangvien/internal/app/fees"
	"dangvien/internal/app/rules"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// The rules as data: the API and the screens of the rule table, the regional
// minimum wages, and the fee settings of an organisation.

func (s *Server) apiRules(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	v, err := s.Rules.List(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) apiRuleVersion(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in rules.VersionInput
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	v, err := s.Rules.AddVersion(r.Context(), a, r.PathValue("name"), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Server) apiMinWage(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in domain.MinWage
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	v, err := s.Fees.AddMinWage(r.Context(), a, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, v)
	return nil
}

type regionBody struct {
	Region int         `json:"region"`
	From   domain.Date `json:"from"`
}

type keepBody struct {
	KeepPct int `json:"keep_pct"` // 0: back to the rule's default
}

func (s *Server) apiFeeSettings() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (fees.SettingsView, error) {
		return s.Fees.Settings(r.Context(), a, id)
	})
}

func (s *Server) apiRegion() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in regionBody) (fees.SettingsView, error) {
		if err := s.Fees.SetRegion(r.Context(), a, id, in.Region, in.From); err != nil {
			return fees.SettingsView{}, err
		}
		return s.Fees.Settings(r.Context(), a, id)
	})
}

func (s *Server) apiKeepPct() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in keepBody) (fees.SettingsView, error) {
		if err := s.Fees.SetCellKeepPct(r.Context(), a, id, in.KeepPct); err != nil {
			return fees.SettingsView{}, err
		}
		return s.Fees.Settings(r.Context(), a, id)
	})
}

type reverseBody struct {
	Month  string `json:"month"`
	Reason string `json:"reason"`
}

func (s *Server) apiReverse() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in reverseBody) (reverseBody, error) {
		m, err := domain.ParseMonth(in.Month)
		if err != nil {
			return in, badParam("month", "Tháng có dạng yyyy-mm.")
		}
		return in, s.Fees.Reverse(r.Context(), a, id, m, in.Reason)
	})
}

type reductionBody struct {
	Pct      int    `json:"pct"`
	From     string `json:"from"` // yyyy-mm
	To       string `json:"to"`
	Decision string `json:"decision"`
	Reason   string `json:"reason"`
}

func (s *Server) apiReduction() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in reductionBody) (domain.FeeReduction, error) {
		red, err := reductionOf(in)
		if err != nil {
			return red, err
		}
		return s.Fees.AddReduction(r.Context(), a, id, red)
	})
}

func reductionOf(in reductionBody) (domain.FeeReduction, error) {
	from, err1 := domain.ParseMonth(in.From)
	to, err2 := domain.ParseMonth(in.To)
	if err1 != nil || err2 != nil {
		return domain.FeeReduction{}, badParam("from", "Tháng có dạng mm/yyyy.")
	}
	return domain.FeeReduction{Pct: in.Pct, From: from, To: to, Decision: in.Decision, Reason: in.Reason}, nil
}

// rulesPage is the rule table as a screen.
type rulesPage struct {
	rules.ListView
	Error string
	Errs  map[string]string
	Open  string // the rule whose form failed, to show it open
}

func (s *Server) rulesScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	v, err := s.Rules.List(r.Context(), sess.Actor)
	if err != nil {
		return err
	}
	flash := map[string]string{"1": "Đã thêm phiên bản mới của quy định.", "luong": "Đã thêm mức lương tối thiểu vùng."}[r.URL.Query().Get("da-luu")]
	s.render(w, http.StatusOK, "rules", view{Title: "Quy định", Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: rulesPage{ListView: v, Errs: map[string]string{}}})
	return nil
}

// rulesSave adds a rule version or a regional minimum wage.
func (s *Server) rulesSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	ctx, a := r.Context(), sess.Actor
	on, derr := domain.ParseDate(r.PostFormValue("valid_from"))
	value, verr := strconv.ParseInt(digitsOnly(r.PostFormValue("value")), 10, 64)
	var err error
	done, open := "1", r.PostFormValue("name")
	switch {
	case derr != nil || on.IsZero():
		err = &domain.Error{Code: domain.CodeInvalid, Message: "Ngày áp dụng có dạng dd/mm/yyyy.", Fields: domain.Fields{"valid_from": "Ngày có dạng dd/mm/yyyy."}}
	case verr != nil:
		err = &domain.Error{Code: domain.CodeInvalid, Message: "Giá trị là một số.", Fields: domain.Fields{"value": "Nhập một số."}}
	case r.PostFormValue("action") == "wage":
		region, _ := strconv.Atoi(r.PostFormValue("region"))
		_, err = s.Fees.AddMinWage(ctx, a, domain.MinWage{Region: region, Amount: value, ValidFrom: on, Source: r.PostFormValue("source")})
		done, open = "luong", "luong"
	default:
		_, err = s.Rules.AddVersion(ctx, a, r.PostFormValue("name"), rules.VersionInput{Value: int(value), Source: r.PostFormValue("source"), ValidFrom: on})
	}
	var de *domain.Error
	if errors.As(err, &de) && de.Code == domain.CodeInvalid {
		v, lerr := s.Rules.List(ctx, a)
		if lerr != nil {
			return lerr
		}
		p := rulesPage{ListView: v, Error: de.Message, Errs: de.Fields, Open: open}
		if p.Errs == nil {
			p.Errs = map[string]string{}
		}
		s.render(w, http.StatusUnprocessableEntity, "rules", view{Title: "Quy định", Actor: &a, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/quy-dinh?da-luu="+done+"#"+url.QueryEscape(open), http.StatusSeeOther)
	return nil
}

type feeSettingsPage struct {
	fees.SettingsView
	Regions []option
	Today   string
	Error   string
}

func (s *Server) feeSettingsScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p, err := s.feeSettingsPageFor(r, sess, id)
	if err != nil {
		return err
	}
	flash := map[string]string{"1": "Đã lưu."}[r.URL.Query().Get("da-luu")]
	s.render(w, http.StatusOK, "fee_settings", view{Title: "Cài đặt đảng phí: " + p.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

func (s *Server) feeSettingsPageFor(r *http.Request, sess store.Session, id int64) (feeSettingsPage, error) {
	v, err := s.Fees.Settings(r.Context(), sess.Actor, id)
	if err != nil {
		return feeSettingsPage{}, err
	}
	p := feeSettingsPage{SettingsView: v, Today: domain.DateOf(s.DB.Now()).String()}
	for _, reg := range domain.Regions {
		p.Regions = append(p.Regions, option{strconv.Itoa(reg), domain.RegionLabel(reg)})
	}
	return p, nil
}

func (s *Server) feeSettingsSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	switch r.PostFormValue("action") {
	case "region":
		region, _ := strconv.Atoi(r.PostFormValue("region"))
		from, derr := domain.ParseDate(r.PostFormValue("from"))
		if derr != nil {
			from = domain.Date{}
		}
		err = s.Fees.SetRegion(r.Context(), sess.Actor, id, region, from)
	case "keep":
		pct, _ := strconv.Atoi(digitsOnly(r.PostFormValue("keep_pct")))
		err = s.Fees.SetCellKeepPct(r.Context(), sess.Actor, id, pct)
	default:
		return domain.ErrNotFound
	}
	var de *domain.Error
	if errors.As(err, &de) && de.Code == domain.CodeInvalid {
		p, perr := s.feeSettingsPageFor(r, sess, id)
		if perr != nil {
			return perr
		}
		p.Error = de.Message
		s.render(w, http.StatusUnprocessableEntity, "fee_settings", view{Title: "Cài đặt đảng phí", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d/cai-dat-dang-phi?da-luu=1", id), http.StatusSeeOther)
	return nil
}
