package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"dangvien/internal/app/discipline"
	"dangvien/internal/app/evaluation"
	"dangvien/internal/app/screening"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// The screens of the yearly evaluation, discipline and the screening. Each
// GET calls one use case and renders its view; each POST decodes the form,
// calls one use case, and either goes back to the page with what was done
// or shows the page again with the refusal and what was typed.

// formPage is what every form of these screens carries: the values typed
// and the refusal, if any.
type formPage struct {
	Raw   map[string]string
	Errs  map[string]string
	Error string
	Flash string
}

func newForm() formPage { return formPage{Raw: map[string]string{}, Errs: map[string]string{}} }

// keep copies the form's values, to show them again with a refusal.
func (f *formPage) keep(v url.Values) {
	for k, vs := range v {
		if k != "csrf" && len(vs) > 0 {
			f.Raw[k] = vs[0]
		}
	}
}

// refused tells whether err is a refusal the page shows (bad input, a
// conflict), filling f with it.
func (f *formPage) refused(err error) bool {
	var de *domain.Error
	if !errors.As(err, &de) || (de.Code != domain.CodeInvalid && de.Code != domain.CodeConflict) {
		return false
	}
	f.Error = de.Message
	for k, v := range de.Fields {
		f.Errs[k] = v
	}
	return true
}

// renderForm shows a screen of these areas with a form's state.
type renderForm func(w http.ResponseWriter, r *http.Request, sess store.Session, code int, f formPage) error

// saveForm runs one form's action on the record or organisation {id} of
// the path and answers as every form of these screens does: input the rules
// refuse shows the page again with what was typed and the problems (422);
// a write goes back to the page it came from (the URL act returns).
func saveForm(w http.ResponseWriter, r *http.Request, sess store.Session, render renderForm, act func(id int64, bad domain.Fields) (string, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f := newForm()
	f.keep(r.PostForm)
	back, err := act(id, domain.Fields{})
	if f.refused(err) {
		return render(w, r, sess, http.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

// yearParam reads ?nam= (or the form's nam), 0 when absent or bad.
func yearParam(r *http.Request) int {
	v := r.FormValue("nam")
	y, err := strconv.Atoi(v)
	if err != nil {
		return 0
	}
	return y
}

func formDate(r *http.Request, name string, bad domain.Fields) domain.Date {
	d, err := domain.ParseDate(r.PostFormValue(name))
	if err != nil {
		bad.Add(name, "Ngày có dạng dd/mm/yyyy.")
	}
	return d
}

func formInt(r *http.Request, name string, bad domain.Fields) int {
	v := strings.TrimSpace(r.PostFormValue(name))
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		bad.Add(name, "Phải là số nguyên.")
	}
	return n
}

func formID(r *http.Request, name string) int64 {
	n, _ := strconv.ParseInt(r.PostFormValue(name), 10, 64)
	return n
}

func badForm(bad domain.Fields) error {
	if len(bad) == 0 {
		return nil
	}
	return &domain.Error{Code: domain.CodeInvalid, Message: "Dữ liệu chưa hợp lệ, xin kiểm tra lại các trường được đánh dấu.", Fields: bad}
}

var (
	levelOptions   = ratingOptions()
	memberForms    = formOptions(domain.MemberForms)
	orgForms       = formOptions(domain.OrgForms)
	outcomeOptions = []option{{string(domain.AppealUpheld), domain.AppealUpheld.Label()}, {string(domain.AppealLighter), domain.AppealLighter.Label()}, {string(domain.AppealAnnulled), domain.AppealAnnulled.Label()}}
	findingOptions = func() []option {
		var o []option
		for _, k := range domain.FindingKinds {
			o = append(o, option{string(k), k.Label()})
		}
		return o
	}()
)

func ratingOptions() []option {
	var o []option
	for _, r := range domain.Ratings {
		o = append(o, option{string(r), r.Label()})
	}
	return o
}

func formOptions(fs []domain.DisciplineForm) []option {
	var o []option
	for _, f := range fs {
		o = append(o, option{string(f), f.Label()})
	}
	return o
}

func choices(cs []discipline.Choice) []option {
	o := make([]option, len(cs))
	for i, c := range cs {
		o[i] = option{c.Value, c.Label}
	}
	return o
}

// --- A member's evaluation: ratings over the years, the self-review. ---

type memberRatingsPage struct {
	evaluation.MemberRatingsView
	formPage
	Levels []option
	Prev   int
	Next   int
}

func (s *Server) memberRatingsScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return s.renderMemberRatings(w, r, sess, http.StatusOK, newForm())
}

func (s *Server) renderMemberRatings(w http.ResponseWriter, r *http.Request, sess store.Session, code int, f formPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Eval.Member(r.Context(), sess.Actor, id, yearParam(r))
	if err != nil {
		return err
	}
	p := memberRatingsPage{MemberRatingsView: v, formPage: f, Levels: levelOptions, Prev: v.Year - 1}
	if v.Year < domain.DateOf(s.DB.Now()).Year() {
		p.Next = v.Year + 1
	}
	if _, ok := p.Raw["text"]; !ok {
		p.Raw["text"], p.Raw["level"] = v.Current.Self.Text, string(v.Current.Self.Level)
	}
	if r.URL.Query().Get("da-luu") == "1" {
		p.Flash = "Đã lưu bản tự kiểm điểm."
	}
	s.render(w, code, "ratings_member", view{Title: fmt.Sprintf("Đánh giá, xếp loại: %s", v.Member.FullName), Actor: &sess.Actor, CSRF: sess.CSRF, Flash: p.Flash, Page: p})
	return nil
}

func (s *Server) memberRatingsSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return saveForm(w, r, sess, s.renderMemberRatings, func(id int64, _ domain.Fields) (string, error) {
		year := yearParam(r)
		_, err := s.Eval.SelfReview(r.Context(), sess.Actor, id, year, domain.SelfReview{Level: domain.Rating(r.PostFormValue("level")), Text: r.PostFormValue("text")})
		return fmt.Sprintf("/dang-vien/%d/danh-gia?nam=%d&da-luu=1", id, year), err
	})
}

// --- An organisation's evaluation: proposals, decisions, organisations. ---

type orgRatingsPage struct {
	evaluation.OrgRatingsView
	formPage
	Levels []option
	Prev   int
	Next   int
}

func (s *Server) orgRatingsScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return s.renderOrgRatings(w, r, sess, http.StatusOK, newForm())
}

func (s *Server) renderOrgRatings(w http.ResponseWriter, r *http.Request, sess store.Session, code int, f formPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Eval.Org(r.Context(), sess.Actor, id, yearParam(r))
	if err != nil {
		return err
	}
	p := orgRatingsPage{OrgRatingsView: v, formPage: f, Levels: levelOptions, Prev: v.Year - 1}
	if v.Year < v.Today.Year() {
		p.Next = v.Year + 1
	}
	if len(r.PostForm) == 0 {
		// The forms start from what is recorded: the cell's proposals, the
		// committee's levels (or the proposed ones while undecided).
		for _, row := range v.Rows {
			k, rt := strconv.FormatInt(row.MemberID, 10), row.Rating
			if rt.Proposed() {
				p.Raw["p_"+k], p.Raw["d_"+k], p.Raw["b_"+k], p.Raw["n_"+k] = string(rt.Proposal.Level), strconv.Itoa(rt.Proposal.Points), strconv.Itoa(rt.Proposal.BeyondPct), rt.Proposal.Note
				if rt.Proposal.AllOnTime {
					p.Raw["t_"+k] = "1"
				}
				p.Raw["l_"+k], p.Raw["q_"+k] = string(rt.Proposal.Level), strconv.Itoa(rt.Proposal.Points)
			}
			if rt.Decided() {
				p.Raw["l_"+k], p.Raw["q_"+k], p.Raw["m_"+k] = string(rt.Decision.Level), strconv.Itoa(rt.Decision.Points), rt.Decision.Note
			}
		}
		for _, o := range v.OrgRatings {
			k := strconv.FormatInt(o.OrgID, 10)
			p.Raw["o_"+k], p.Raw["op_"+k] = string(o.Decision.Level), strconv.Itoa(o.Decision.Points)
		}
		p.Raw["date"], p.Raw["odate"] = v.Today.String(), v.Today.String()
	}
	switch r.URL.Query().Get("da-luu") {
	case "de-nghi":
		p.Flash = "Đã lưu đề nghị của chi bộ."
	case "quyet-dinh":
		p.Flash = "Đã ghi quyết định xếp loại của cấp ủy."
	case "to-chuc":
		p.Flash = "Đã ghi xếp loại tổ chức đảng."
	}
	s.render(w, code, "ratings_org", view{Title: fmt.Sprintf("Đánh giá, xếp loại năm %d: %s", v.Year, v.Org.Name), Actor: &sess.Actor, CSRF: sess.CSRF, Flash: p.Flash, Page: p})
	return nil
}

func (s *Server) orgRatingsSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return saveForm(w, r, sess, s.renderOrgRatings, func(id int64, bad domain.Fields) (string, error) {
		return s.orgRatingsAction(r, sess.Actor, id, bad)
	})
}

// orgRatingsAction runs the action an organisation's evaluation form names:
// the cells' proposals, the committee's decisions, the organisations'
// ratings.
func (s *Server) orgRatingsAction(r *http.Request, a domain.Actor, id int64, bad domain.Fields) (string, error) {
	ctx, year := r.Context(), yearParam(r)
	var err error
	ids := func(prefix string) []int64 {
		var out []int64
		for k := range r.PostForm {
			if rest, ok := strings.CutPrefix(k, prefix); ok {
				if n, err := strconv.ParseInt(rest, 10, 64); err == nil && r.PostFormValue(k) != "" {
					out = append(out, n)
				}
			}
		}
		slices.Sort(out)
		return out
	}
	done := ""
	switch r.PostFormValue("action") {
	case "propose":
		var items []evaluation.ProposalItem
		for _, m := range ids("p_") {
			k := strconv.FormatInt(m, 10)
			items = append(items, evaluation.ProposalItem{MemberID: m, RatingProposal: domain.RatingProposal{Level: domain.Rating(r.PostFormValue("p_" + k)),
				Points: formInt(r, "d_"+k, bad), AllOnTime: r.PostFormValue("t_"+k) != "", BeyondPct: formInt(r, "b_"+k, bad), Note: r.PostFormValue("n_" + k)}})
		}
		if err = badForm(bad); err == nil {
			_, err = s.Eval.Propose(ctx, a, id, year, items)
		}
		done = "de-nghi"
	case "decide":
		in := evaluation.DecideInput{Number: r.PostFormValue("decision_number"), On: formDate(r, "date", bad)}
		// Each proposed member's row carries what was decided before (the
		// hidden dl_, dq_, dm_): rows left as they were are not decided again.
		for _, m := range ids("l_") {
			k := strconv.FormatInt(m, 10)
			level, pts, note := r.PostFormValue("l_"+k), formInt(r, "q_"+k, bad), r.PostFormValue("m_"+k)
			if r.PostFormValue("dl_"+k) == level && r.PostFormValue("dq_"+k) == strconv.Itoa(pts) && r.PostFormValue("dm_"+k) == note {
				continue
			}
			in.Items = append(in.Items, evaluation.DecisionItem{MemberID: m, Level: domain.Rating(level), Points: &pts, Note: note})
		}
		if err = badForm(bad); err == nil {
			_, err = s.Eval.Decide(ctx, a, id, year, in)
		}
		done = "quyet-dinh"
	case "rate-orgs":
		in := evaluation.OrgRatingInput{Number: r.PostFormValue("onumber"), On: formDate(r, "odate", bad)}
		for _, o := range ids("o_") {
			k := strconv.FormatInt(o, 10)
			in.Items = append(in.Items, evaluation.OrgRatingItem{OrgID: o, Level: domain.Rating(r.PostFormValue("o_" + k)), Points: formInt(r, "op_"+k, bad), Note: r.PostFormValue("on_" + k)})
		}
		if err = badForm(bad); err == nil {
			_, err = s.Eval.RateOrgs(ctx, a, id, year, in)
		}
		done = "to-chuc"
	default:
		return "", domain.ErrNotFound
	}
	return fmt.Sprintf("/to-chuc/%d/danh-gia?nam=%d&da-luu=%s", id, year, done), err
}

// ratingsPrint is the list the committee's meeting works from: every
// member with their self-rating, the cell's proposal with points and the
// decision, the rules applied and the cap; it prints on A4.
func (s *Server) ratingsPrint(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Eval.Org(r.Context(), sess.Actor, id, yearParam(r))
	if err != nil {
		return err
	}
	s.DB.LogRead(sess.Actor, store.Read{Kind: store.ReadExport, Entity: "org", EntityID: v.Org.ID, Rows: len(v.Rows), IP: clientIP(r)})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return s.pages["ratings_print"].ExecuteTemplate(w, "ratings_print", v)
}

// --- Discipline: a member's, an organisation's. ---

type memberDisciplinePage struct {
	discipline.MemberDisciplineView
	formPage
	Forms    []option
	Outcomes []option
	Bodies   []option
	Posts    []option
	Today    string
}

func (s *Server) memberDisciplineScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return s.renderMemberDiscipline(w, r, sess, http.StatusOK, newForm())
}

func (s *Server) renderMemberDiscipline(w http.ResponseWriter, r *http.Request, sess store.Session, code int, f formPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Discipline.Member(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	today := domain.DateOf(s.DB.Now()).String()
	p := memberDisciplinePage{MemberDisciplineView: v, formPage: f, Forms: memberForms, Outcomes: outcomeOptions, Bodies: choices(v.Bodies), Posts: choices(v.Posts), Today: today}
	if r.URL.Query().Get("da-luu") == "1" {
		p.Flash = "Đã ghi."
	}
	s.render(w, code, "discipline_member", view{Title: "Kỷ luật: " + v.Member.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: p.Flash, Page: p})
	return nil
}

// disciplineInput reads the form of a decision of discipline.
func disciplineInput(r *http.Request, bad domain.Fields) domain.DisciplineInput {
	body, _ := strconv.ParseInt(r.PostFormValue("body_id"), 10, 64)
	return domain.DisciplineInput{Form: domain.DisciplineForm(r.PostFormValue("form")), Post: r.PostFormValue("post"), Violation: r.PostFormValue("violation"),
		ViolatedOn: formDate(r, "violated_on", bad), BodyID: body, Entitled: formInt(r, "entitled", bad), For: formInt(r, "votes_for", bad),
		ProposalEntitled: formInt(r, "proposal_entitled", bad), ProposalFor: formInt(r, "proposal_for", bad),
		Decision: r.PostFormValue("decision_number"), DecidedOn: formDate(r, "decided_on", bad), SelfReported: r.PostFormValue("self_reported") != ""}
}

// appealAction records an appeal or its outcome from a form; another
// action is not found.
func (s *Server) appealAction(r *http.Request, a domain.Actor, action string, bad domain.Fields) error {
	ctx, id := r.Context(), formID(r, "discipline_id")
	switch action {
	case "appeal":
		in := domain.AppealInput{On: formDate(r, "lodged_on", bad), Text: r.PostFormValue("text")}
		if err := badForm(bad); err != nil {
			return err
		}
		_, err := s.Discipline.Appeal(ctx, a, id, in)
		return err
	case "outcome":
		in := domain.OutcomeInput{Outcome: domain.AppealOutcome(r.PostFormValue("outcome")), Form: domain.DisciplineForm(r.PostFormValue("new_form")),
			Decision: r.PostFormValue("outcome_number"), On: formDate(r, "outcome_on", bad), Note: r.PostFormValue("note")}
		if err := badForm(bad); err != nil {
			return err
		}
		_, err := s.Discipline.DecideAppeal(ctx, a, id, in)
		return err
	}
	return domain.ErrNotFound
}

func (s *Server) memberDisciplineSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return saveForm(w, r, sess, s.renderMemberDiscipline, func(id int64, bad domain.Fields) (string, error) {
		back := fmt.Sprintf("/dang-vien/%d/ky-luat?da-luu=1", id)
		action := r.PostFormValue("action")
		if action != "discipline" {
			return back, s.appealAction(r, sess.Actor, action, bad)
		}
		in := disciplineInput(r, bad)
		if err := badForm(bad); err != nil {
			return back, err
		}
		_, err := s.Discipline.DisciplineMember(r.Context(), sess.Actor, id, in)
		return back, err
	})
}

type orgDisciplinePage struct {
	discipline.DisciplinesView
	formPage
	Forms    []option
	Outcomes []option
	Subjects []option
	Bodies   []option
	From, To string
	Today    string
}

func (s *Server) orgDisciplineScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return s.renderOrgDiscipline(w, r, sess, http.StatusOK, newForm())
}

func (s *Server) renderOrgDiscipline(w http.ResponseWriter, r *http.Request, sess store.Session, code int, f formPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	today := domain.DateOf(s.DB.Now())
	from, _ := domain.ParseDate(r.URL.Query().Get("tu"))
	to, _ := domain.ParseDate(r.URL.Query().Get("den"))
	if to.IsZero() || to.After(today) {
		to = today
	}
	if from.IsZero() || from.After(to) {
		from = domain.NewDate(to.Year(), 1, 1)
	}
	v, err := s.Discipline.Org(r.Context(), sess.Actor, id, from, to)
	if err != nil {
		return err
	}
	p := orgDisciplinePage{DisciplinesView: v, formPage: f, Forms: orgForms, Outcomes: outcomeOptions, Subjects: choices(v.Subjects), Bodies: choices(v.Bodies),
		From: from.String(), To: to.String(), Today: today.String()}
	if r.URL.Query().Get("da-luu") == "1" {
		p.Flash = "Đã ghi."
	}
	s.render(w, code, "discipline_org", view{Title: "Kỷ luật: " + v.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: p.Flash, Page: p})
	return nil
}

func (s *Server) orgDisciplineSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return saveForm(w, r, sess, s.renderOrgDiscipline, func(id int64, bad domain.Fields) (string, error) {
		back := fmt.Sprintf("/to-chuc/%d/ky-luat?da-luu=1", id)
		action := r.PostFormValue("action")
		if action != "discipline" {
			return back, s.appealAction(r, sess.Actor, action, bad)
		}
		in := disciplineInput(r, bad)
		subject := formID(r, "subject_id")
		if subject == 0 {
			bad.Add("subject_id", "Chọn tổ chức bị kỷ luật.")
		}
		if err := badForm(bad); err != nil {
			return back, err
		}
		_, err := s.Discipline.DisciplineOrg(r.Context(), sess.Actor, subject, in)
		return back, err
	})
}

// --- The screening: a member's, a subtree's report, the counts. ---

type memberScreenPage struct {
	screening.MemberScreenView
	formPage
	Kinds []option
}

func (s *Server) memberScreenScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return s.renderMemberScreen(w, r, sess, http.StatusOK, newForm())
}

func (s *Server) renderMemberScreen(w http.ResponseWriter, r *http.Request, sess store.Session, code int, f formPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Screening.Member(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	p := memberScreenPage{MemberScreenView: v, formPage: f, Kinds: findingOptions}
	if !v.Political {
		p.Kinds = findingOptions[:3]
	}
	if _, ok := p.Raw["on"]; !ok {
		p.Raw["on"], p.Raw["proposed_on"], p.Raw["date"] = v.Today.String(), v.Today.String(), v.Today.String()
	}
	if r.URL.Query().Get("da-luu") == "1" {
		p.Flash = "Đã ghi."
	}
	s.render(w, code, "screening_member", view{Title: "Rà soát: " + v.Member.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: p.Flash, Page: p})
	return nil
}

// removalAction records a proposal to remove or the decision on one;
// another action is not found.
func (s *Server) removalAction(r *http.Request, a domain.Actor, action string, memberID int64, bad domain.Fields) error {
	ctx := r.Context()
	switch action {
	case "propose":
		var gs []domain.GroundKind
		for _, g := range r.PostForm["grounds"] {
			gs = append(gs, domain.GroundKind(g))
		}
		p := domain.RemovalProposal{Grounds: gs, On: formDate(r, "proposed_on", bad), Note: r.PostFormValue("proposal_note")}
		if err := badForm(bad); err != nil {
			return err
		}
		if memberID == 0 {
			memberID = formID(r, "member_id")
		}
		_, err := s.Screening.Propose(ctx, a, memberID, p)
		return err
	case "decide":
		d := domain.RemovalDecision{Approve: r.PostFormValue("approve") == "1", Number: r.PostFormValue("decision_number"), On: formDate(r, "date", bad), Note: r.PostFormValue("note")}
		if err := badForm(bad); err != nil {
			return err
		}
		_, err := s.Screening.Decide(ctx, a, formID(r, "case_id"), d)
		return err
	}
	return domain.ErrNotFound
}

func (s *Server) memberScreenSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return saveForm(w, r, sess, s.renderMemberScreen, func(id int64, bad domain.Fields) (string, error) {
		back := fmt.Sprintf("/dang-vien/%d/ra-soat?da-luu=1", id)
		ctx, a := r.Context(), sess.Actor
		var err error
		switch action := r.PostFormValue("action"); action {
		case "finding":
			in := domain.FindingInput{Kind: domain.FindingKind(r.PostFormValue("kind")), On: formDate(r, "on", bad), Decision: r.PostFormValue("finding_number"), Note: r.PostFormValue("finding_note")}
			if err = badForm(bad); err == nil {
				_, err = s.Screening.AddFinding(ctx, a, id, in)
			}
		case "close":
			on := formDate(r, "closed_on", bad)
			if err = badForm(bad); err == nil {
				_, err = s.Screening.CloseFinding(ctx, a, formID(r, "finding_id"), on, r.PostFormValue("closed_note"))
			}
		default:
			err = s.removalAction(r, a, action, id, bad)
		}
		return back, err
	})
}

// screeningShown bounds the rows the report's screen lists; the API and the
// printed list give them all.
const screeningShown = 2000

type screeningPage struct {
	screening.ReportView
	formPage
	Shown   []screening.Item
	Day     string
	Today   string
	Counted []groundCount
}

type groundCount struct {
	Label string
	N     int
}

func (s *Server) screeningScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return s.renderScreening(w, r, sess, http.StatusOK, newForm())
}

func (s *Server) renderScreening(w http.ResponseWriter, r *http.Request, sess store.Session, code int, f formPage) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	on, err := domain.ParseDate(r.URL.Query().Get("ngay"))
	if err != nil {
		return badParam("ngay", "Ngày có dạng dd/mm/yyyy.")
	}
	v, err := s.Screening.Report(r.Context(), sess.Actor, id, on)
	if err != nil {
		return err
	}
	today := domain.DateOf(s.DB.Now()).String()
	p := screeningPage{ReportView: v, formPage: f, Shown: v.Items[:min(len(v.Items), screeningShown)], Day: v.On.String(), Today: today}
	for _, k := range domain.GroundKinds {
		p.Counted = append(p.Counted, groundCount{k.Label(), v.ByGround[k]})
	}
	if _, ok := p.Raw["date"]; !ok {
		p.Raw["date"], p.Raw["proposed_on"] = today, today
	}
	if r.URL.Query().Get("da-luu") == "1" {
		p.Flash = "Đã ghi."
	}
	s.render(w, code, "screening", view{Title: "Rà soát, sàng lọc đảng viên: " + v.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: p.Flash, Page: p})
	return nil
}

func (s *Server) screeningSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	return saveForm(w, r, sess, s.renderScreening, func(id int64, bad domain.Fields) (string, error) {
		return fmt.Sprintf("/to-chuc/%d/ra-soat?da-luu=1", id), s.removalAction(r, sess.Actor, r.PostFormValue("action"), 0, bad)
	})
}

// screeningPrint is the screening's list for the committee's meeting, with
// a column for its opinion; it prints on A4.
func (s *Server) screeningPrint(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	on, err := domain.ParseDate(r.URL.Query().Get("ngay"))
	if err != nil {
		return badParam("ngay", "Ngày có dạng dd/mm/yyyy.")
	}
	v, err := s.Screening.Report(r.Context(), sess.Actor, id, on)
	if err != nil {
		return err
	}
	s.DB.LogRead(sess.Actor, store.Read{Kind: store.ReadExport, Entity: "org", EntityID: v.Org.ID, Rows: len(v.Items), IP: clientIP(r)})
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return s.pages["screening_print"].ExecuteTemplate(w, "screening_print", v)
}

// removalCountsScreen is the yearly removals and expulsions per organisation.
func (s *Server) removalCountsScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	first, _ := strconv.Atoi(q.Get("tu"))
	last, _ := strconv.Atoi(q.Get("den"))
	v, err := s.Screening.Counts(r.Context(), sess.Actor, id, first, last)
	if err != nil {
		return err
	}
	s.render(w, http.StatusOK, "removal_counts", view{Title: "Xóa tên, khai trừ theo năm: " + v.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: v})
	return nil
}
