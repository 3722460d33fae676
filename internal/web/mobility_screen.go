package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dangvien/internal/app/mobility"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// The screens of members on the move (issue 11): a member's transfers,
// working away and residence tie, with their forms; the printed letter and
// handover record; an organisation's reports, the letters it receives and
// the comments it owes; the collective transfer; the signing keys.

// mobilityRoutes of the screens, in the screens' table.
func (s *Server) mobilityScreens() []Screen {
	return []Screen{
		{Method: "GET", Path: "/dang-vien/{id}/chuyen-sinh-hoat", h: s.memberMobilityScreen},
		{Method: "POST", Path: "/dang-vien/{id}/chuyen-sinh-hoat", h: s.memberMobilitySave},
		{Method: "GET", Path: "/giay-gioi-thieu/{id}", h: s.letterScreen},
		{Method: "GET", Path: "/giay-gioi-thieu/{id}/goi", h: s.packageScreen},
		{Method: "GET", Path: "/to-chuc/{id}/chuyen-sinh-hoat", h: s.orgMobilityScreen},
		{Method: "POST", Path: "/to-chuc/{id}/chuyen-sinh-hoat", h: s.orgMobilitySave},
		{Method: "POST", Path: "/to-chuc/{id}/nhan-goi", raw: s.packageUpload}, // reads its CSRF token from the multipart body
		{Method: "GET", Path: "/to-chuc/{id}/chuyen-tap-the", h: s.collectiveForm},
		{Method: "POST", Path: "/to-chuc/{id}/chuyen-tap-the", h: s.collectiveSave},
		{Method: "GET", Path: "/ban-giao/{id}", h: s.handoverScreen},
		{Method: "GET", Path: "/khoa-he-thong", h: s.keysScreen},
		{Method: "POST", Path: "/khoa-he-thong", h: s.keysSave},
	}
}

// formErr splits an error a form shows (bad input, a conflict) from one the
// error page shows.
func formErr(err error) (*domain.Error, bool) {
	var de *domain.Error
	if errors.As(err, &de) && (de.Code == domain.CodeInvalid || de.Code == domain.CodeConflict) {
		if de.Fields == nil {
			de = &domain.Error{Code: de.Code, Message: de.Message, Fields: domain.Fields{}}
		}
		return de, true
	}
	return nil, false
}

// formDates reads date fields of a form into a Fields of problems.
type formDates struct {
	bad domain.Fields
	r   *http.Request
}

func (f formDates) get(k string) domain.Date {
	d, err := domain.ParseDate(f.r.PostFormValue(k))
	if err != nil {
		f.bad.Add(k, "Ngày có dạng dd/mm/yyyy.")
	}
	return d
}

func (f formDates) err() error {
	if len(f.bad) == 0 {
		return nil
	}
	return &domain.Error{Code: domain.CodeInvalid, Message: "Dữ liệu chưa hợp lệ, xin kiểm tra lại.", Fields: f.bad}
}

type memberMobilityPage struct {
	mobility.MemberView
	M          domain.Member
	Raw        map[string]string
	Errs       map[string]string
	Error      string
	Form       string // the form that was sent, kept open
	Purposes   []option
	Categories []option
	Found      []store.OrgRef // cells matching ?tim=
	Query      string
	Today      string
}

func (s *Server) memberMobilityPageFor(r *http.Request, sess store.Session) (memberMobilityPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return memberMobilityPage{}, err
	}
	v, err := s.mobility().Member(r.Context(), sess.Actor, id)
	if err != nil {
		return memberMobilityPage{}, err
	}
	today := domain.DateOf(s.DB.Now())
	p := memberMobilityPage{MemberView: v, M: v.Member, Raw: map[string]string{"letter_on": today.String(), "presented_on": today.String(), "date": today.String(),
		"returned_on": today.String()}, Errs: map[string]string{}, Today: today.String()}
	for _, k := range domain.TemporaryPurposes {
		p.Purposes = append(p.Purposes, option{string(k), k.Label()})
	}
	for _, c := range domain.ResidenceCategories {
		p.Categories = append(p.Categories, option{string(c), c.Label()})
	}
	if q := strings.TrimSpace(r.URL.Query().Get("tim")); q != "" && (v.CanIssue || v.CanWrite) {
		p.Query = q
		if p.Found, err = s.mobility().Cells(r.Context(), sess.Actor, q); err != nil {
			return p, err
		}
	}
	for _, a := range v.Aways {
		if a.State.Away { // the open record's fields, for its update form
			p.Raw["place"], p.Raw["since"], p.Raw["contact"], p.Raw["keep_in_touch"] = a.Place, a.Since.String(), a.Contact, a.KeepInTouch
			p.Raw["exempt_from"], p.Raw["exempt_to"], p.Raw["exempt_decision"], p.Raw["note"] = a.ExemptFrom.String(), a.ExemptTo.String(), a.ExemptBy, a.Note
			if a.Registered {
				p.Raw["registered"] = "1"
			}
		}
	}
	return p, nil
}

// memberMobilityScreen is a member's transfers, working away and residence
// tie, with the forms for them.
func (s *Server) memberMobilityScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.memberMobilityPageFor(r, sess)
	if err != nil {
		return err
	}
	flash := map[string]string{"chuyen": "Đã lập giấy giới thiệu.", "tam-thoi": "Đã lập giấy giới thiệu sinh hoạt tạm thời.", "thu-hoi": "Đã thu hồi giấy giới thiệu.",
		"ket-thuc": "Đã kết thúc sinh hoạt tạm thời.", "lam-an-xa": "Đã ghi.", "ve": "Đã ghi đảng viên về.", "cu-tru": "Đã ghi nơi cư trú.",
		"ket-thuc-cu-tru": "Đã kết thúc mối liên hệ với nơi cư trú."}[r.URL.Query().Get("da-luu")]
	s.render(w, http.StatusOK, "member_mobility", view{Title: "Chuyển sinh hoạt: " + p.M.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

// cellOf resolves the cell a form names by its code: empty is no cell.
func (s *Server) cellOf(r *http.Request, a domain.Actor, code, field string) (int64, error) {
	if strings.TrimSpace(code) == "" {
		return 0, nil
	}
	o, err := s.mobility().CellByCode(r.Context(), a, code, field)
	return o.ID, err
}

// memberMobilitySave runs one of the member page's forms.
func (s *Server) memberMobilitySave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.memberMobilityPageFor(r, sess)
	if err != nil {
		return err
	}
	ctx, a, svc := r.Context(), sess.Actor, s.mobility()
	for _, k := range []string{"to_code", "to_name", "effective_on", "letter_on", "reason", "decision_number", "purpose", "starts_on", "ends_on", "transfer_id", "date",
		"place", "since", "contact", "keep_in_touch", "registered", "exempt_from", "exempt_to", "exempt_decision", "note", "away_id", "returned_on", "comments", "comments_by",
		"residence_code", "presented_on", "category", "tie_id"} {
		p.Raw[k] = r.PostFormValue(k)
	}
	fd := formDates{bad: domain.Fields{}, r: r}
	idOf := func(k string) int64 { n, _ := strconv.ParseInt(p.Raw[k], 10, 64); return n }
	action := r.PostFormValue("action")
	p.Form = action
	done := ""
	switch action {
	case "official":
		in := domain.TransferInput{ToName: p.Raw["to_name"], EffectiveOn: fd.get("effective_on"), LetterOn: fd.get("letter_on"), Reason: p.Raw["reason"], Decision: p.Raw["decision_number"]}
		if in.ToOrgID, err = s.cellOf(r, a, p.Raw["to_code"], "to_org_id"); err == nil {
			if err = fd.err(); err == nil {
				_, err = svc.Issue(ctx, a, p.M.ID, in)
			}
		}
		done = "chuyen"
	case "temporary":
		in := domain.TemporaryInput{ToName: p.Raw["to_name"], Purpose: domain.TemporaryPurpose(p.Raw["purpose"]), StartsOn: fd.get("starts_on"), EndsOn: fd.get("ends_on"),
			LetterOn: fd.get("letter_on"), Reason: p.Raw["reason"], Decision: p.Raw["decision_number"]}
		if in.ToOrgID, err = s.cellOf(r, a, p.Raw["to_code"], "to_org_id"); err == nil {
			if err = fd.err(); err == nil {
				_, err = svc.Temporary(ctx, a, p.M.ID, in)
			}
		}
		done = "tam-thoi"
	case "withdraw":
		on := fd.get("date")
		if err = fd.err(); err == nil {
			_, err = svc.Withdraw(ctx, a, idOf("transfer_id"), on, p.Raw["reason"])
		}
		done = "thu-hoi"
	case "end":
		on := fd.get("date")
		if err = fd.err(); err == nil {
			_, err = svc.EndTemporary(ctx, a, idOf("transfer_id"), on, p.Raw["reason"])
		}
		done = "ket-thuc"
	case "away", "away_update":
		in := domain.AwayInput{Place: p.Raw["place"], Since: fd.get("since"), Contact: p.Raw["contact"], KeepInTouch: p.Raw["keep_in_touch"], Registered: p.Raw["registered"] != "",
			ExemptFrom: fd.get("exempt_from"), ExemptTo: fd.get("exempt_to"), ExemptBy: p.Raw["exempt_decision"], Note: p.Raw["note"]}
		if err = fd.err(); err == nil {
			if action == "away" {
				_, err = svc.RecordAway(ctx, a, p.M.ID, in)
			} else {
				_, err = svc.UpdateAway(ctx, a, idOf("away_id"), in)
			}
		}
		done = "lam-an-xa"
	case "away_return":
		in := domain.AwayReturn{ReturnedOn: fd.get("returned_on"), Comments: p.Raw["comments"], CommentsBy: p.Raw["comments_by"]}
		if err = fd.err(); err == nil {
			_, err = svc.ReturnAway(ctx, a, idOf("away_id"), in)
		}
		done = "ve"
	case "tie":
		in := domain.TieInput{PresentedOn: fd.get("presented_on"), Category: domain.ResidenceCategory(p.Raw["category"]), Note: p.Raw["note"]}
		if in.ResidenceID, err = s.cellOf(r, a, p.Raw["residence_code"], "residence_org_id"); err == nil {
			if in.ResidenceID == 0 {
				err = &domain.Error{Code: domain.CodeInvalid, Message: "Chưa nhập mã chi bộ nơi cư trú.", Fields: domain.Fields{"residence_org_id": "Nhập mã chi bộ nơi cư trú."}}
			} else if err = fd.err(); err == nil {
				_, err = svc.AddTie(ctx, a, p.M.ID, in)
			}
		}
		done = "cu-tru"
	case "tie_end":
		on := fd.get("date")
		if err = fd.err(); err == nil {
			_, err = svc.EndTie(ctx, a, idOf("tie_id"), on, p.Raw["reason"])
		}
		done = "ket-thuc-cu-tru"
	default:
		return domain.ErrNotFound
	}
	if de, ok := formErr(err); ok {
		p.Error, p.Errs = de.Message, de.Fields
		s.render(w, http.StatusUnprocessableEntity, "member_mobility", view{Title: "Chuyển sinh hoạt: " + p.M.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/dang-vien/%d/chuyen-sinh-hoat?da-luu=%s", p.M.ID, done), http.StatusSeeOther)
	return nil
}

// letterScreen is the printed letter (giấy giới thiệu sinh hoạt đảng), A4.
func (s *Server) letterScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.mobility().Letter(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	s.DB.LogRead(sess.Actor, store.MemberRead(store.ReadSheet, v.M.ID, clientIP(r)))
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return s.pages["letter_print"].ExecuteTemplate(w, "letter_print", v)
}

// packageScreen downloads the signed package of a letter sent out.
func (s *Server) packageScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.mobility().Package(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	s.DB.LogRead(sess.Actor, store.Read{Kind: store.ReadExport, Entity: "member", EntityID: f.MemberID, Rows: 1, CitizenIDs: true, Phones: true, IP: clientIP(r)})
	sendPackage(w, f)
	return nil
}

type orgMobilityPage struct {
	mobility.OrgView
	From, To, Year string
	Found          *mobility.TransferView // the letter looked up by number
	Number         string
	Raw            map[string]string
	Errs           map[string]string
	Error          string
	Verdicts       []option
	Today          string
	Incoming       []mobility.TransferView // letters in transit to here
	Outgoing       []mobility.TransferView // letters in transit from here
	IncomingRows   []incomingRow
	FoundRow       *incomingRow
	PackageOpen    bool // a refused package: its form open, with the problem
}

// incomingRow is a letter the receiving side may confirm, with what its
// form needs.
type incomingRow struct {
	T           mobility.TransferView
	CSRF        string
	PresentedOn string
}

// rows builds the confirmation forms of the letters found and incoming.
func (p *orgMobilityPage) rows(csrf string) {
	for _, t := range p.Incoming {
		p.IncomingRows = append(p.IncomingRows, incomingRow{t, csrf, p.Raw["presented_on"]})
	}
	if p.Found != nil {
		p.FoundRow = &incomingRow{*p.Found, csrf, p.Raw["presented_on"]}
	}
}

func (s *Server) orgMobilityPageFor(r *http.Request, sess store.Session) (orgMobilityPage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return orgMobilityPage{}, err
	}
	today := domain.DateOf(s.DB.Now())
	q := r.URL.Query()
	p := orgMobilityPage{Raw: map[string]string{"presented_on": today.String(), "year": strconv.Itoa(today.Year() - 1)}, Errs: map[string]string{}, Today: today.String()}
	from, to := today.AddMonths(-12).AddDays(1), today
	if d, err := domain.ParseDate(q.Get("tu")); err == nil && !d.IsZero() {
		from = d
	}
	if d, err := domain.ParseDate(q.Get("den")); err == nil && !d.IsZero() {
		to = d
	}
	if from.After(to) {
		from = to
	}
	year := today.Year()
	if y, err := strconv.Atoi(q.Get("nam")); err == nil && y >= 1990 && y <= today.Year() {
		year = y
	}
	p.From, p.To, p.Year = from.String(), to.String(), strconv.Itoa(year)
	if p.OrgView, err = s.mobility().Org(r.Context(), sess.Actor, id, from, to, year); err != nil {
		return p, err
	}
	for _, v := range domain.Verdicts {
		p.Verdicts = append(p.Verdicts, option{string(v), v.Label()})
	}
	for _, t := range p.Overdue.Overdue {
		p.sortOpen(t)
	}
	for _, t := range p.Overdue.DueSoon {
		p.sortOpen(t)
	}
	for _, t := range p.Overdue.InTransit {
		p.sortOpen(t)
	}
	if n := strings.TrimSpace(q.Get("so")); n != "" {
		p.Number = n
		t, err := s.mobility().FindLetter(r.Context(), sess.Actor, n)
		if de, ok := formErr(err); ok {
			p.Error, p.Errs = de.Message, de.Fields
		} else if err != nil {
			return p, err
		} else {
			p.Found = &t
		}
	}
	return p, nil
}

// sortOpen files a letter in transit as incoming or outgoing, once.
func (p *orgMobilityPage) sortOpen(t mobility.TransferView) {
	if t.Status != domain.TransferInTransit {
		return
	}
	for _, x := range append(p.Incoming, p.Outgoing...) {
		if x.ID == t.ID {
			return
		}
	}
	if strings.HasPrefix(t.ToPath, p.Org.Path) {
		p.Incoming = append(p.Incoming, t)
	} else {
		p.Outgoing = append(p.Outgoing, t)
	}
}

// orgMobilityScreen is an organisation's transfers, overdue letters,
// members working away and Regulation 213 comments.
func (s *Server) orgMobilityScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.orgMobilityPageFor(r, sess)
	if err != nil {
		return err
	}
	flash := map[string]string{"xac-nhan": "Đã xác nhận đảng viên đến sinh hoạt.", "nhan-xet": "Đã ghi nhận xét.", "nhan-goi": "Đã nhập gói chuyển sinh hoạt."}[r.URL.Query().Get("da-luu")]
	p.rows(sess.CSRF)
	s.render(w, http.StatusOK, "org_mobility", view{Title: "Chuyển sinh hoạt: " + p.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

// orgMobilitySave confirms a letter received, or writes a residence comment.
func (s *Server) orgMobilitySave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.orgMobilityPageFor(r, sess)
	if err != nil {
		return err
	}
	ctx, a := r.Context(), sess.Actor
	for _, k := range []string{"transfer_id", "presented_on", "late_reason", "tie_id", "year", "text", "verdict", "residence_id"} {
		p.Raw[k] = r.PostFormValue(k)
	}
	fd := formDates{bad: domain.Fields{}, r: r}
	idOf := func(k string) int64 { n, _ := strconv.ParseInt(p.Raw[k], 10, 64); return n }
	// A cell's page acts for the cell; a committee's for the cell the letter
	// or the member names.
	cellFor := func(named int64) int64 {
		if p.Org.Kind.IsCell() {
			return p.Org.ID
		}
		return named
	}
	done := ""
	switch r.PostFormValue("action") {
	case "confirm":
		on := fd.get("presented_on")
		if err = fd.err(); err == nil {
			var t mobility.TransferView
			if t, err = s.mobility().Transfer(ctx, a, idOf("transfer_id")); err == nil {
				_, err = s.mobility().ConfirmArrival(ctx, a, t.ID, domain.ArrivalInput{CellID: cellFor(t.ToOrgID), PresentedOn: on, LateReason: p.Raw["late_reason"]})
			}
		}
		done = "xac-nhan"
	case "comment":
		year, _ := strconv.Atoi(p.Raw["year"])
		in := domain.CommentInput{CellID: cellFor(idOf("residence_id")), Year: year, Text: p.Raw["text"], Verdict: domain.Verdict(p.Raw["verdict"])}
		_, err = s.mobility().Comment(ctx, a, idOf("tie_id"), in)
		done = "nhan-xet"
	default:
		return domain.ErrNotFound
	}
	if de, ok := formErr(err); ok {
		p.Error, p.Errs = de.Message, de.Fields
		p.rows(sess.CSRF)
		s.render(w, http.StatusUnprocessableEntity, "org_mobility", view{Title: "Chuyển sinh hoạt: " + p.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d/chuyen-sinh-hoat?da-luu=%s", p.Org.ID, done), http.StatusSeeOther)
	return nil
}

// packageUpload imports a package from another installation into the cell
// whose page it is sent from. It reads its CSRF token from the multipart
// body, as the import of a list does.
func (s *Server) packageUpload(w http.ResponseWriter, r *http.Request) {
	sess, err := s.session(r)
	if err != nil {
		http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
		return
	}
	fail := func(err error) { s.uiError(w, r, sess, err) }
	id, err := pathID(r, "id")
	if err != nil {
		fail(err)
		return
	}
	_, data, err := readUpload(w, r, mobility.MaxPackageBytes)
	if r.MultipartForm != nil {
		defer r.MultipartForm.RemoveAll()
	}
	if !sess.CheckCSRF(r.PostFormValue("csrf")) {
		s.forbidden(w)
		return
	}
	if err != nil {
		fail(err)
		return
	}
	on, err := domain.ParseDate(r.PostFormValue("presented_on"))
	if err != nil {
		fail(&domain.Error{Code: domain.CodeInvalid, Message: "Ngày xuất trình có dạng dd/mm/yyyy.", Fields: domain.Fields{"presented_on": "Ngày có dạng dd/mm/yyyy."}})
		return
	}
	t, err := s.mobility().ImportPackage(r.Context(), sess.Actor, mobility.ImportInput{CellID: id, PresentedOn: on, LateReason: r.PostFormValue("late_reason")}, data)
	if de, ok := formErr(err); ok {
		// A tampered, duplicate or late package: the cell's page again,
		// the package form open with the problem and what was typed.
		p, perr := s.orgMobilityPageFor(r, sess)
		if perr != nil {
			fail(perr)
			return
		}
		p.Error, p.Errs, p.PackageOpen = de.Message, de.Fields, true
		p.Raw["package_on"], p.Raw["late_reason"] = r.PostFormValue("presented_on"), r.PostFormValue("late_reason")
		p.rows(sess.CSRF)
		s.render(w, http.StatusUnprocessableEntity, "org_mobility", view{Title: "Chuyển sinh hoạt: " + p.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return
	}
	if err != nil {
		fail(err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/dang-vien/%d/chuyen-sinh-hoat?da-luu=nhan-goi", t.MemberID), http.StatusSeeOther)
}

type collectivePage struct {
	Org       domain.Org
	Kids      []domain.Org
	Members   int
	Raw       map[string]string
	Chosen    map[string]bool
	Errs      map[string]string
	Error     string
	Confirm   bool
	To        domain.Org
	OrgsMoved int
	All       bool
}

func (s *Server) collectivePageFor(r *http.Request, sess store.Session) (collectivePage, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return collectivePage{}, err
	}
	v, err := s.mobility().CollectiveForm(r.Context(), sess.Actor, id)
	if err != nil {
		return collectivePage{}, err
	}
	today := domain.DateOf(s.DB.Now())
	return collectivePage{Org: v.Org, Kids: v.Kids, Members: v.Members, Raw: map[string]string{"date": today.String()}, Chosen: map[string]bool{}, Errs: map[string]string{}}, nil
}

// collectiveForm is the form of a collective transfer from an organisation.
func (s *Server) collectiveForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.collectivePageFor(r, sess)
	if err != nil {
		return err
	}
	s.render(w, http.StatusOK, "collective", view{Title: "Chuyển sinh hoạt tập thể: " + p.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}

// collectiveSave asks to confirm what will move, then moves it.
func (s *Server) collectiveSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	p, err := s.collectivePageFor(r, sess)
	if err != nil {
		return err
	}
	for _, k := range []string{"to_code", "date", "decision_number", "reason", "note", "all"} {
		p.Raw[k] = r.PostFormValue(k)
	}
	fd := formDates{bad: domain.Fields{}, r: r}
	in := domain.CollectiveInput{FromID: p.Org.ID, All: p.Raw["all"] != "", Note: p.Raw["note"],
		Decision: domain.Decision{Date: fd.get("date"), Number: p.Raw["decision_number"], Reason: p.Raw["reason"]}}
	for _, k := range p.Kids {
		if r.PostFormValue("o_"+strconv.FormatInt(k.ID, 10)) != "" {
			in.OrgIDs = append(in.OrgIDs, k.ID)
			p.Chosen[strconv.FormatInt(k.ID, 10)] = true
		}
	}
	if in.All {
		in.OrgIDs = nil
	}
	var to domain.Org
	to, err = s.mobility().OrgByCode(r.Context(), sess.Actor, p.Raw["to_code"])
	if err == nil {
		in.ToID = to.ID
		if err = fd.err(); err == nil {
			err = domain.ValidateCollective(&in)
		}
	}
	if err == nil && r.PostFormValue("confirmed") == "" {
		p.Confirm, p.To, p.All, p.OrgsMoved = true, to, in.All, len(in.OrgIDs)
		if in.All {
			p.OrgsMoved = len(p.Kids)
		}
		s.render(w, http.StatusOK, "collective", view{Title: "Xác nhận chuyển sinh hoạt tập thể", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	var h store.Handover
	if err == nil {
		h, err = s.mobility().Collective(r.Context(), sess.Actor, in)
	}
	if de, ok := formErr(err); ok {
		p.Error, p.Errs = de.Message, de.Fields
		s.render(w, http.StatusUnprocessableEntity, "collective", view{Title: "Chuyển sinh hoạt tập thể: " + p.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/ban-giao/%d", h.ID), http.StatusSeeOther)
	return nil
}

// handoverScreen is the printed handover record of a collective transfer.
func (s *Server) handoverScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	h, err := s.mobility().Handover(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return s.pages["handover_print"].ExecuteTemplate(w, "handover_print", h)
}

type keysPage struct {
	mobility.KeysView
	Raw   map[string]string
	Errs  map[string]string
	Error string
}

// keysScreen shows this installation's signing key and the keys it trusts
// (administrator).
func (s *Server) keysScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	v, err := s.mobility().Keys(r.Context(), sess.Actor)
	if err != nil {
		return err
	}
	flash := map[string]string{"tao": "Đã tạo khóa của hệ thống.", "them": "Đã nhập khóa."}[r.URL.Query().Get("da-luu")]
	s.render(w, http.StatusOK, "keys", view{Title: "Khóa ký gói chuyển sinh hoạt", Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: keysPage{KeysView: v, Raw: map[string]string{}, Errs: map[string]string{}}})
	return nil
}

func (s *Server) keysSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	v, err := s.mobility().Keys(r.Context(), sess.Actor)
	if err != nil {
		return err
	}
	p := keysPage{KeysView: v, Raw: map[string]string{"name": r.PostFormValue("name"), "public_key": r.PostFormValue("public_key")}, Errs: map[string]string{}}
	done := "them"
	switch r.PostFormValue("action") {
	case "make":
		_, err = s.mobility().MakeKey(r.Context(), sess.Actor)
		done = "tao"
	case "trust":
		_, err = s.mobility().TrustKey(r.Context(), sess.Actor, mobility.TrustInput{Name: p.Raw["name"], PublicKey: p.Raw["public_key"]})
	default:
		return domain.ErrNotFound
	}
	if de, ok := formErr(err); ok {
		p.Error, p.Errs = de.Message, de.Fields
		s.render(w, http.StatusUnprocessableEntity, "keys", view{Title: "Khóa ký gói chuyển sinh hoạt", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/khoa-he-thong?da-luu="+url.QueryEscape(done), http.StatusSeeOther)
	return nil
}
