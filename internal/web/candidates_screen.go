package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"dangvien/internal/app/admission"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// The screens of admission: an organisation's page (a cell's candidates
// and probationary members, a committee's pipeline, review and quotas), a
// candidate's dossier and its forms, a member's probation, the year's
// report and the printed lists.

// formError lays a refused action's message and per-field reasons out for
// a form: the message, then each reason.
func formError(err error) (string, map[string]string, bool) {
	var de *domain.Error
	if !errors.As(err, &de) || (de.Code != domain.CodeInvalid && de.Code != domain.CodeConflict) {
		return "", nil, false
	}
	errs := map[string]string{}
	for k, v := range de.Fields {
		errs[k] = v
	}
	return de.Message, errs, true
}

// otherReasons are the reasons of errs that msg does not already say.
func otherReasons(msg string, errs map[string]string) []string {
	var out []string
	for _, v := range errs {
		if !strings.Contains(msg, v) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

// formDate, formInt and formID (evaluation_screen.go) read a form's
// date, number and id, noting a bad one in the map of fields.

func rawForm(r *http.Request, names ...string) map[string]string {
	raw := map[string]string{}
	for _, k := range names {
		raw[k] = r.PostFormValue(k)
	}
	return raw
}

type admissionPage struct {
	admission.PageView
	Flash   string
	Error   string
	Errs    map[string]string
	Reasons []string // what Error does not say of Errs
	Raw     map[string]string
}

func (s *Server) admissionScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.renderAdmission(w, r, sess, id, http.StatusOK, admissionPage{})
}

func (s *Server) renderAdmission(w http.ResponseWriter, r *http.Request, sess store.Session, id int64, code int, p admissionPage) error {
	v, err := s.Admission.Page(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	p.PageView, p.Reasons = v, otherReasons(p.Error, p.Errs)
	if p.Raw == nil {
		p.Raw = map[string]string{"year": strconv.Itoa(v.Year)}
	}
	flash := map[string]string{"chi-tieu": "Đã lưu chỉ tiêu kết nạp."}[r.URL.Query().Get("da-luu")]
	s.render(w, code, "admission", view{Title: "Kết nạp đảng viên — " + v.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

// quotaSave sets the quota of the organisation or of one directly under it.
func (s *Server) quotaSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	errs := map[string]string{}
	raw := rawForm(r, "org_id", "year", "quota", "note")
	year, quota := formInt(r, "year", errs), formInt(r, "quota", errs)
	target := formID(r, "org_id")
	if target == 0 {
		target = id
	}
	if len(errs) == 0 {
		_, err = s.Admission.SetQuota(r.Context(), sess.Actor, target, year, quota, raw["note"])
	} else {
		err = &domain.Error{Code: domain.CodeInvalid, Message: "Dữ liệu chưa hợp lệ.", Fields: errs}
	}
	if msg, fe, ok := formError(err); ok {
		return s.renderAdmission(w, r, sess, id, http.StatusUnprocessableEntity, admissionPage{Error: msg, Errs: fe, Raw: raw})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/to-chuc/%d/ket-nap?da-luu=chi-tieu", id), http.StatusSeeOther)
	return nil
}

// candidateFormPage is the form of a candidate's personal fields and where
// they come from.
type candidateFormPage struct {
	OrgID, ID int64
	Org, Name string
	Groups    []fieldGroup
	Sources   []option
	Raw       map[string]string
	Errs      map[string]string
	Error     string
}

// candidateFields are the record's fields a candidate's form asks: all but
// those that follow from the Party's events and those of a member's party
// life.
func candidateFields(fd domain.MemberField) bool {
	return !fd.ByEvent && fd.Name != "card_number" && fd.Name != "file_number" && fd.Name != "party_position"
}

func candidateForm(p candidateFormPage, in domain.CandidateInput) candidateFormPage {
	var groups []fieldGroup
	for _, fd := range domain.MemberFieldTable {
		if !candidateFields(fd) {
			continue
		}
		if len(groups) == 0 || groups[len(groups)-1].Title != fd.Group {
			groups = append(groups, fieldGroup{Title: fd.Group})
		}
		g := &groups[len(groups)-1]
		g.Fields = append(g.Fields, formInput(fd, fd.Text(&in.MemberFields), p.Errs, p.Raw))
	}
	p.Groups = groups
	p.Sources = sortedOptions(domain.CandidateSources)
	if _, ok := p.Raw["source"]; !ok {
		p.Raw["source"], p.Raw["source_note"], p.Raw["education_exception_note"], p.Raw["over_60_decision"] = in.Source, in.SourceNote, in.EduExceptionNote, in.Over60Decision
		p.Raw["youth_union"], p.Raw["education_exception"] = flag(in.YouthUnion), flag(in.EduException)
	}
	return p
}

func flag(b bool) string {
	if b {
		return "1"
	}
	return ""
}

// parseCandidateForm reads the candidate's form.
func parseCandidateForm(r *http.Request) (domain.CandidateInput, map[string]string, domain.Fields) {
	var in domain.CandidateInput
	raw, bad := map[string]string{}, domain.Fields{}
	for _, fd := range domain.MemberFieldTable {
		if !candidateFields(fd) {
			continue
		}
		raw[fd.Name] = r.PostFormValue(fd.Name)
		if reason := fd.Set(&in.MemberFields, raw[fd.Name]); reason != "" {
			bad.Add(fd.Name, reason)
		}
	}
	for _, k := range []string{"source", "source_note", "youth_union", "education_exception", "education_exception_note", "over_60_decision"} {
		raw[k] = r.PostFormValue(k)
	}
	in.Source, in.SourceNote, in.EduExceptionNote, in.Over60Decision = raw["source"], raw["source_note"], raw["education_exception_note"], raw["over_60_decision"]
	in.YouthUnion, in.EduException = raw["youth_union"] == "1", raw["education_exception"] == "1"
	return in, raw, bad
}

func (s *Server) candidateNewForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Admission.Page(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	if !v.CanWrite {
		if !v.Org.Kind.IsCell() {
			return &domain.Error{Code: domain.CodeNotFound, Message: "Quần chúng ưu tú được ghi ở chi bộ; xin chọn một chi bộ."}
		}
		return domain.ErrForbiddenWrite
	}
	p := candidateForm(candidateFormPage{OrgID: id, Org: v.Org.Name, Raw: map[string]string{}, Errs: map[string]string{}}, domain.CandidateInput{Source: "youth_union"})
	s.render(w, http.StatusOK, "candidate_form", view{Title: "Thêm quần chúng ưu tú", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}

func (s *Server) candidateCreate(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, raw, bad := parseCandidateForm(r)
	var c domain.Candidate
	if len(bad) == 0 {
		c, err = s.Admission.CreateCandidate(r.Context(), sess.Actor, id, in)
	} else {
		err = bad.Err()
	}
	if msg, errs, ok := formError(err); ok {
		p := candidateForm(candidateFormPage{OrgID: id, Raw: raw, Errs: errs, Error: msg}, in)
		s.render(w, http.StatusUnprocessableEntity, "candidate_form", view{Title: "Thêm quần chúng ưu tú", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/quan-chung/%d?da-luu=1", c.ID), http.StatusSeeOther)
	return nil
}

func (s *Server) candidateEditForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Admission.Candidate(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	if !v.CanWrite {
		return domain.ErrForbiddenWrite
	}
	p := candidateForm(candidateFormPage{ID: id, OrgID: v.OrgID, Org: v.Org, Name: v.FullName, Raw: map[string]string{}, Errs: map[string]string{}}, v.CandidateInput)
	s.render(w, http.StatusOK, "candidate_form", view{Title: "Sửa lý lịch " + v.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}

func (s *Server) candidateEditSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	in, raw, bad := parseCandidateForm(r)
	if len(bad) == 0 {
		_, err = s.Admission.UpdateCandidate(r.Context(), sess.Actor, id, in)
	} else {
		err = bad.Err()
	}
	if msg, errs, ok := formError(err); ok {
		p := candidateForm(candidateFormPage{ID: id, Raw: raw, Errs: errs, Error: msg, Name: in.FullName}, in)
		s.render(w, http.StatusUnprocessableEntity, "candidate_form", view{Title: "Sửa lý lịch", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/quan-chung/%d?da-luu=1", id), http.StatusSeeOther)
	return nil
}

type candidatePage struct {
	admission.CandidateView
	Source  string
	Kinds   []option
	Only    map[string]string // field → the step kinds that use it (data-kinds)
	Forms   []option
	Raw     map[string]string
	Errs    map[string]string
	Error   string
	Reasons []string
	Today   string
}

func (s *Server) candidateScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	flash := map[string]string{"1": "Đã lưu.", "buoc": "Đã ghi bước của hồ sơ.", "ket-nap": "Đã kết nạp: hồ sơ đảng viên dự bị đã được tạo từ hồ sơ này."}[r.URL.Query().Get("da-luu")]
	return s.renderCandidate(w, r, sess, id, http.StatusOK, flash, candidatePage{})
}

func (s *Server) renderCandidate(w http.ResponseWriter, r *http.Request, sess store.Session, id int64, code int, flash string, p candidatePage) error {
	v, err := s.Admission.Candidate(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	s.DB.LogRead(sess.Actor, store.Read{Kind: store.ReadMember, Entity: "candidate", EntityID: id, Rows: 1, IP: clientIP(r)})
	p.CandidateView, p.Source = v, domain.CandidateSources[v.Candidate.CandidateInput.Source]
	p.Reasons = otherReasons(p.Error, p.Errs)
	p.Today = domain.DateOf(s.DB.Now()).String()
	p.Only = map[string]string{}
	for field, kinds := range domain.StepFieldKinds {
		for _, k := range kinds {
			p.Only[field] = strings.TrimSpace(p.Only[field] + " " + string(k))
		}
	}
	for _, st := range domain.CandidateSteps {
		label := st.Label
		if st.Form != "" {
			label += " (" + st.Form + ")"
		}
		p.Kinds = append(p.Kinds, option{string(st.Kind), label})
	}
	for _, k := range []string{"1", "3", "7", "9"} {
		p.Forms = append(p.Forms, option{k, admission.Forms[k]})
	}
	if p.Raw == nil {
		p.Raw = map[string]string{"date": p.Today}
		// The first step not done is offered.
		if v.Progress.Stage != "" {
			p.Raw["kind"] = string(v.Progress.Stage)
		}
	}
	if p.Errs == nil {
		p.Errs = map[string]string{}
	}
	s.render(w, code, "candidate", view{Title: v.FullName + " — người vào Đảng", Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

// candidateSave records a step of the dossier, or withdraws the candidate.
func (s *Server) candidateSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	errs := map[string]string{}
	var raw map[string]string
	done := "buoc"
	switch r.PostFormValue("action") {
	case "withdraw":
		raw = rawForm(r, "reason")
		_, err = s.Admission.Withdraw(ctx, sess.Actor, id, raw["reason"])
		done = "1"
	case "step":
		raw = rawForm(r, "kind", "date", "number", "note", "introducer_id", "known_since", "agree", "against", "eligible", "passed", "received")
		st := domain.Step{Kind: domain.StepKind(raw["kind"]), Number: raw["number"], Note: raw["note"], IntroducerID: formID(r, "introducer_id"),
			Date: formDate(r, "date", errs), KnownSince: formDate(r, "known_since", errs), Received: formDate(r, "received", errs),
			Agree: formInt(r, "agree", errs), Against: formInt(r, "against", errs), Eligible: formInt(r, "eligible", errs), Passed: raw["passed"] == "1"}
		if len(errs) > 0 {
			err = &domain.Error{Code: domain.CodeInvalid, Message: "Dữ liệu chưa hợp lệ, xin kiểm tra lại.", Fields: errs}
			break
		}
		var res admission.StepResult
		res, err = s.Admission.AddStep(ctx, sess.Actor, id, st)
		if err == nil && res.Member != nil {
			done = "ket-nap"
		}
	default:
		return domain.ErrNotFound
	}
	if msg, fe, ok := formError(err); ok {
		return s.renderCandidate(w, r, sess, id, http.StatusUnprocessableEntity, "", candidatePage{Error: msg, Errs: fe, Raw: raw})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/quan-chung/%d?da-luu=%s", id, done), http.StatusSeeOther)
	return nil
}

// candidatePrint prints an admission form of a dossier.
func (s *Server) candidatePrint(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	intro, _ := strconv.ParseInt(r.URL.Query().Get("nguoi"), 10, 64)
	v, err := s.Admission.Form(r.Context(), sess.Actor, id, r.PathValue("form"), intro)
	if err != nil {
		return err
	}
	s.DB.LogRead(sess.Actor, store.Read{Kind: store.ReadSheet, Entity: "candidate", EntityID: id, Rows: 1, IP: clientIP(r)})
	return s.printPage(w, "admission_print", v)
}

// printPage writes a page that stands alone (a form, a list to print),
// whole or not at all: a template that fails half-way answers an error
// page, not half a form.
func (s *Server) printPage(w http.ResponseWriter, name string, v any) error {
	var b bytes.Buffer
	if err := s.pages[name].ExecuteTemplate(&b, name, v); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := w.Write(b.Bytes())
	return err
}

type probationPage struct {
	admission.ProbationPage
	Kinds   []option
	Only    map[string]string // field → the step kinds that use it (data-kinds)
	Forms   []option
	Raw     map[string]string
	Errs    map[string]string
	Error   string
	Reasons []string
}

func (s *Server) probationScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	flash := map[string]string{"1": "Đã ghi bước của thời gian dự bị."}[r.URL.Query().Get("da-luu")]
	return s.renderProbation(w, r, sess, id, http.StatusOK, flash, probationPage{})
}

func (s *Server) renderProbation(w http.ResponseWriter, r *http.Request, sess store.Session, id int64, code int, flash string, p probationPage) error {
	v, err := s.Admission.Probation(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	p.ProbationPage, p.Reasons = v, otherReasons(p.Error, p.Errs)
	p.Only = map[string]string{}
	for field, kinds := range domain.PStepFieldKinds {
		for _, k := range kinds {
			p.Only[field] = strings.TrimSpace(p.Only[field] + " " + string(k))
		}
	}
	for _, st := range domain.ProbationSteps {
		label := st.Label
		if st.Form != "" {
			label += " (" + st.Form + ")"
		}
		p.Kinds = append(p.Kinds, option{string(st.Kind), label})
	}
	for _, k := range []string{"10", "11", "13", "15"} {
		p.Forms = append(p.Forms, option{k, admission.ProbationForms[k]})
	}
	if p.Raw == nil {
		p.Raw = map[string]string{"date": domain.DateOf(s.DB.Now()).String()}
	}
	if p.Errs == nil {
		p.Errs = map[string]string{}
	}
	s.render(w, code, "probation", view{Title: "Dự bị — " + v.Member.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

func (s *Server) probationSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	errs := map[string]string{}
	raw := rawForm(r, "kind", "date", "number", "note", "helper_id", "agree", "against", "eligible", "passed")
	st := domain.PStep{Kind: domain.PStepKind(raw["kind"]), Number: raw["number"], Note: raw["note"], HelperID: formID(r, "helper_id"),
		Date: formDate(r, "date", errs), Agree: formInt(r, "agree", errs), Against: formInt(r, "against", errs), Eligible: formInt(r, "eligible", errs), Passed: raw["passed"] == "1"}
	if len(errs) > 0 {
		err = &domain.Error{Code: domain.CodeInvalid, Message: "Dữ liệu chưa hợp lệ, xin kiểm tra lại.", Fields: errs}
	} else {
		_, err = s.Admission.AddProbationStep(r.Context(), sess.Actor, id, st)
	}
	if msg, fe, ok := formError(err); ok {
		return s.renderProbation(w, r, sess, id, http.StatusUnprocessableEntity, "", probationPage{Error: msg, Errs: fe, Raw: raw})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/dang-vien/%d/du-bi?da-luu=1", id), http.StatusSeeOther)
	return nil
}

func (s *Server) probationPrint(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Admission.ProbationForm(r.Context(), sess.Actor, id, r.PathValue("form"))
	if err != nil {
		return err
	}
	s.DB.LogRead(sess.Actor, store.MemberRead(store.ReadSheet, id, clientIP(r)))
	return s.printPage(w, "admission_print", v)
}

// reviewPrint is the list of dossiers for the committee's monthly review,
// printed for the meeting.
func (s *Server) reviewPrint(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Admission.Review(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	s.DB.LogRead(sess.Actor, store.Read{Kind: store.ReadExport, Entity: "org", EntityID: id, Rows: len(v.Rows), IP: clientIP(r)})
	return s.printPage(w, "admission_review_print", v)
}

type reportPage struct {
	admission.ReportView
	Prev, Next int
	Groups     []reportGroup
}

type reportGroup struct {
	T string
	C []admission.Count
}

func (s *Server) admissionReportScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	year := domain.DateOf(s.DB.Now()).Year()
	if y, err := strconv.Atoi(r.URL.Query().Get("nam")); err == nil && y >= 1930 && y <= year+1 {
		year = y
	}
	v, err := s.Admission.Report(r.Context(), sess.Actor, id, year)
	if err != nil {
		return err
	}
	p := reportPage{ReportView: v, Prev: year - 1, Groups: []reportGroup{{"Theo tổ chức trực thuộc", v.ByOrg}, {"Theo giới tính", v.ByGender},
		{"Theo độ tuổi khi kết nạp", v.ByAge}, {"Theo dân tộc", v.ByEthnicity}, {"Theo trình độ giáo dục phổ thông", v.ByEducation}, {"Theo nghề nghiệp", v.ByOccupation}}}
	if year < domain.DateOf(s.DB.Now()).Year() {
		p.Next = year + 1
	}
	s.render(w, http.StatusOK, "admission_report", view{Title: fmt.Sprintf("Kết nạp năm %d — %s", year, v.Org.Name), Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}
