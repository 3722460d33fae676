package web

import (
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// formField is one labelled input of the edit form with its error.
type formField struct {
	Name, Label string
	Input       template.HTML
	Err         string
}

type fieldGroup struct {
	Title  string
	Fields []formField
}

type editPage struct {
	ID                  int64
	Name, Error         string
	Admission, Official string
	Groups              []fieldGroup
	Problems            []formField // the fields with an error, for the summary at the top
}

// inputs builds the form's inputs from the record's values; every value is
// escaped here, the only place that writes raw HTML for the template.
func editGroups(f domain.MemberFields, errs map[string]string, raw map[string]string) []fieldGroup {
	val := func(name, v string) string {
		if r, ok := raw[name]; ok {
			return r // what the user typed, even when it did not parse
		}
		return v
	}
	text := func(name, label, v string, attrs string) formField {
		return formField{Name: name, Label: label, Err: errs[name], Input: template.HTML(fmt.Sprintf(
			`<input id="%s" name="%s" value="%s"%s%s>`, name, name, template.HTMLEscapeString(val(name, v)), attrs, invalid(name, errs)))}
	}
	date := func(name, label string, d domain.Date) formField {
		return text(name, label+" (dd/mm/yyyy)", d.String(), ` inputmode="numeric" placeholder="dd/mm/yyyy"`)
	}
	sel := func(name, label, cur string, opts []option, blank string) formField {
		var b strings.Builder
		fmt.Fprintf(&b, `<select id="%s" name="%s"%s>`, name, name, invalid(name, errs))
		if blank != "" {
			fmt.Fprintf(&b, `<option value="">%s</option>`, template.HTMLEscapeString(blank))
		}
		for _, o := range opts {
			s := ""
			if o.V == val(name, cur) {
				s = " selected"
			}
			fmt.Fprintf(&b, `<option value="%s"%s>%s</option>`, template.HTMLEscapeString(o.V), s, template.HTMLEscapeString(o.L))
		}
		b.WriteString(`</select>`)
		return formField{Name: name, Label: label, Err: errs[name], Input: template.HTML(b.String())}
	}
	check := func(name, label string, on bool) formField {
		c := ""
		if on {
			c = " checked"
		}
		return formField{Name: name, Label: label, Input: template.HTML(fmt.Sprintf(`<input type="checkbox" id="%s" name="%s" value="1"%s>`, name, name, c))}
	}
	return []fieldGroup{
		{"Sơ yếu lý lịch", []formField{
			text("full_name", "Họ và tên", f.FullName, ` autocomplete="off" required`),
			text("other_names", "Tên gọi khác", f.OtherNames, ""),
			sel("gender", "Giới tính", string(f.Gender), []option{{"nam", "Nam"}, {"nu", "Nữ"}}, ""),
			date("birth_date", "Ngày sinh", f.BirthDate),
			text("hometown", "Quê quán", f.Hometown, ""),
			text("birth_place", "Nơi sinh", f.BirthPlace, ""),
			sel("ethnicity", "Dân tộc", f.Ethnicity, sortedOptions(domain.EthnicGroups), ""),
			text("religion", "Tôn giáo", f.Religion, ""),
			text("citizen_id", "Số CCCD (12 chữ số)", f.CitizenID, ` inputmode="numeric"`),
			text("phone", "Điện thoại", f.Phone, ` inputmode="tel"`),
			text("email", "Thư điện tử", f.Email, ` inputmode="email"`),
			text("address", "Nơi ở hiện nay", f.Address, ""),
		}},
		{"Đảng tịch", []formField{
			text("card_number", "Số thẻ đảng viên", f.CardNumber, ""),
			text("file_number", "Số hồ sơ", f.FileNumber, ""),
			text("party_position", "Chức vụ Đảng", f.PartyPosition, ""),
		}},
		{"Trình độ và công tác", []formField{
			sel("education", "Giáo dục phổ thông", f.Education, sortedOptions(domain.EducationLevels), "—"),
			sel("qualification", "Chuyên môn", f.Qualification, sortedOptions(domain.Qualifications), "—"),
			sel("theory_level", "Lý luận chính trị", f.TheoryLevel, sortedOptions(domain.TheoryLevels), "—"),
			text("foreign_language", "Ngoại ngữ", f.ForeignLanguage, ""),
			text("occupation", "Nghề nghiệp", f.Occupation, ""),
			text("workplace", "Nơi làm việc", f.Workplace, ""),
			text("gov_position", "Chức vụ chính quyền", f.GovPosition, ""),
			check("army", "Quân đội", f.Army),
			check("police", "Công an", f.Police),
			check("retired", "Nghỉ hưu", f.Retired),
		}},
	}
}

func invalid(name string, errs map[string]string) string {
	if errs[name] != "" {
		return fmt.Sprintf(` aria-invalid="true" aria-describedby="%s-err"`, name)
	}
	return ""
}

func (s *Server) memberEditForm(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	m, err := s.editable(r, sess)
	if err != nil {
		return err
	}
	s.renderEdit(w, http.StatusOK, sess, m, m.MemberFields, "", nil, nil)
	return nil
}

// editable reads a member the actor may change: out of scope is 404, a
// read-only role 403 (the store checks again when saving).
func (s *Server) editable(r *http.Request, sess store.Session) (domain.Member, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return domain.Member{}, err
	}
	m, err := s.DB.Member(r.Context(), sess.Actor, id)
	if err != nil {
		return m, err
	}
	if !sess.Actor.Role.WritesMembers() {
		return m, &domain.Error{Code: domain.CodeForbidden, Message: "Vai trò của bạn chỉ được xem hồ sơ, không được sửa."}
	}
	return m, nil
}

func (s *Server) renderEdit(w http.ResponseWriter, code int, sess store.Session, m domain.Member, f domain.MemberFields, msg string, errs, raw map[string]string) {
	p := editPage{ID: m.ID, Name: m.FullName, Error: msg, Admission: m.AdmissionDate.String(), Official: m.OfficialDate.String(), Groups: editGroups(f, errs, raw)}
	for _, g := range p.Groups {
		for _, fl := range g.Fields {
			if fl.Err != "" {
				p.Problems = append(p.Problems, fl)
			}
		}
	}
	s.render(w, code, "member_edit", view{Title: "Sửa hồ sơ " + m.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
}

func (s *Server) memberSave(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	m, err := s.editable(r, sess)
	if err != nil {
		return err
	}
	get := func(k string) string { return r.PostFormValue(k) }
	f := domain.MemberFields{
		FullName: get("full_name"), OtherNames: get("other_names"), Gender: domain.Gender(get("gender")), Hometown: get("hometown"),
		BirthPlace: get("birth_place"), Ethnicity: get("ethnicity"), Religion: get("religion"), CitizenID: get("citizen_id"), Phone: get("phone"),
		Email: get("email"), Address: get("address"), CardNumber: get("card_number"), FileNumber: get("file_number"), PartyPosition: get("party_position"),
		Education: get("education"), Qualification: get("qualification"), TheoryLevel: get("theory_level"), ForeignLanguage: get("foreign_language"),
		Occupation: get("occupation"), Workplace: get("workplace"), GovPosition: get("gov_position"),
		Army: get("army") == "1", Police: get("police") == "1", Retired: get("retired") == "1",
		AdmissionDate: m.AdmissionDate, OfficialDate: m.OfficialDate,
	}
	errs := map[string]string{}
	raw := map[string]string{}
	if d, perr := domain.ParseDate(get("birth_date")); perr != nil {
		errs["birth_date"], raw["birth_date"] = "Ngày sinh phải có dạng dd/mm/yyyy.", get("birth_date")
	} else {
		f.BirthDate = d
	}
	if len(errs) == 0 {
		_, err = s.DB.UpdateMember(r.Context(), sess.Actor, m.ID, f)
	}
	var de *domain.Error
	if len(errs) > 0 || (errors.As(err, &de) && de.Code == domain.CodeInvalid) {
		msg := "Dữ liệu chưa hợp lệ, xin kiểm tra lại các trường được đánh dấu."
		if de != nil {
			msg = de.Message
			for k, v := range de.Fields {
				errs[k] = v
			}
		}
		s.renderEdit(w, http.StatusUnprocessableEntity, sess, m, f, msg, errs, raw)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/dang-vien/%d?da-luu=1", m.ID), http.StatusSeeOther)
	return nil
}
