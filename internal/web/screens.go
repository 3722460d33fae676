package web

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"dangvien/internal/app/members"
	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// choiceLabel gives the Vietnamese label of a coded field for the templates.
func choiceLabel(kind string, code any) string {
	c := fmt.Sprint(code)
	if c == "" {
		return "—"
	}
	m := map[string]map[string]string{"gender": domain.Genders, "ethnicity": domain.EthnicGroups, "education": domain.EducationLevels,
		"qualification": domain.Qualifications, "theory": domain.TheoryLevels, "discipline": domain.DisciplineForms}[kind]
	if l, ok := m[c]; ok {
		return l
	}
	return c
}

type option struct{ V, L string }

// sortedOptions lists a choice map in Vietnamese order of its labels. The
// maps are the domain's fixed choice lists, so each is sorted once (collation
// keys are the costliest part of rendering a page); callers must not modify
// the slice.
func sortedOptions(m map[string]string) []option {
	key := reflect.ValueOf(m).Pointer()
	if o, ok := optionCache.Load(key); ok {
		return o.([]option)
	}
	o := sortOptions(m)
	optionCache.Store(key, o)
	return o
}

var optionCache sync.Map // map pointer → []option

// optionsHTML writes the <option> elements of a select, marking the chosen
// one: long lists (55 ethnic groups) cost a template far more.
func optionsHTML(opts []option, chosen string) template.HTML {
	var b strings.Builder
	for _, o := range opts {
		b.WriteString(`<option value="`)
		b.WriteString(html.EscapeString(o.V))
		b.WriteByte('"')
		if o.V == chosen {
			b.WriteString(" selected")
		}
		b.WriteByte('>')
		b.WriteString(html.EscapeString(o.L))
		b.WriteString("</option>")
	}
	return template.HTML(b.String())
}

func sortOptions(m map[string]string) []option {
	out := make([]option, 0, len(m))
	for v, l := range m {
		out = append(out, option{v, l})
	}
	sort.Slice(out, func(i, j int) bool { return string(viet.CollateKey(out[i].L)) < string(viet.CollateKey(out[j].L)) })
	return out
}

type treePage struct {
	Roots []*store.TreeNode
	On    domain.Date
	Past  bool
	Error string
}

func (s *Server) treeScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	var problem string
	on, err := domain.ParseDate(r.URL.Query().Get("ngay"))
	if err != nil {
		problem, on = "Ngày phải có dạng dd/mm/yyyy, ví dụ 30/06/2025. Đang hiện cây hôm nay.", domain.Date{}
	}
	v, err := s.Orgs.Tree(r.Context(), sess.Actor, on)
	if err != nil {
		return err
	}
	if v.Future {
		problem = "Không xem được cây của một ngày trong tương lai. Đang hiện cây hôm nay."
	}
	s.render(w, http.StatusOK, "tree", view{Title: "Cây tổ chức", Actor: &sess.Actor, CSRF: sess.CSRF,
		Page: treePage{Roots: v.Roots, On: v.On, Past: v.Past, Error: problem}})
	return nil
}

type orgPage struct {
	Org        domain.Org
	Path       []domain.Org
	Closed     string
	Successor  *domain.Org
	Counts     *store.Counts
	Children   []*store.TreeNode
	Members    store.Page[domain.Member]
	F          store.MemberFilter
	Statuses   []option
	Bands      []option
	Ethnics    []option
	Educations []option
	PageNo     int
	Pages      int
	Prev, Next string
	// Filtered: the list is filtered, so it comes first and the form folds
	// away; Applied names the filters; Export carries them to the export.
	Filtered bool
	Applied  []string
	Export   string
}

const pageSize = 50

var closedLabels = map[string]string{"merge": "sáp nhập", "split": "chia tách", "dissolve": "giải thể"}

func (s *Server) orgScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	a, ctx := sess.Actor, r.Context()
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("trang"))
	f := listFilter(q)
	f.OrgID, f.Limit, f.Offset, f.Brief = id, pageSize, (max(page, 1)-1)*pageSize, true
	if f.Status == "" {
		f.Status = "active"
	}
	d, err := s.Orgs.Page(ctx, a, id, f)
	if err != nil {
		return err
	}
	o := d.Org
	// The breadcrumb names the organisations above the actor's scope
	// without linking them.
	p := orgPage{Org: o, Closed: closedLabels[o.ClosedReason], Path: d.Path, Successor: d.Successor, Counts: &d.Counts, Children: d.Children,
		Members: d.Members, F: f, PageNo: max(page, 1)}
	p.Pages = max(1, int(math.Ceil(float64(p.Members.Total)/pageSize)))
	link := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("trang", strconv.Itoa(n))
		return fmt.Sprintf("/to-chuc/%d?%s#danh-sach", id, v.Encode())
	}
	if p.PageNo > 1 {
		p.Prev = link(p.PageNo - 1)
	}
	if p.PageNo < p.Pages {
		p.Next = link(p.PageNo + 1)
	}
	p.Statuses = []option{{"active", "Đang sinh hoạt"}, {"official", "Chính thức"}, {"probationary", "Dự bị"}, {"exempted", "Miễn sinh hoạt"}, {store.StatusUnconfirmed, "Chưa xác nhận ngày quyết định kết nạp"}, {"all", "Tất cả, kể cả đã ra khỏi danh sách"}}
	for _, st := range domain.Statuses[2:] {
		p.Statuses = append(p.Statuses, option{string(st), st.Label()})
	}
	for _, b := range domain.AgeBands {
		p.Bands = append(p.Bands, option{string(b.Band), b.Label})
	}
	p.Ethnics, p.Educations = sortedOptions(domain.EthnicGroups), sortedOptions(domain.EducationLevels)
	p.Applied, p.Export = appliedFilters(f, p), exportQuery(id, q)
	p.Filtered = len(p.Applied) > 0
	flash := ""
	if q.Get("da-luu") == "1" {
		flash = "Đã thực hiện theo quyết định."
	}
	if q.Get("da-tao") == "1" {
		flash = "Đã thành lập tổ chức."
	}
	s.render(w, http.StatusOK, "org", view{Title: o.Name, Actor: &a, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

// appliedFilters names the filters of a member list that narrow it, in the
// words of its form.
func appliedFilters(f store.MemberFilter, p orgPage) []string {
	label := func(opts []option, v string) string {
		for _, o := range opts {
			if o.V == v {
				return o.L
			}
		}
		return v
	}
	var out []string
	if f.Q != "" {
		out = append(out, "họ tên có «"+f.Q+"»")
	}
	if f.Status != "active" {
		out = append(out, label(p.Statuses, f.Status))
	}
	if f.Gender != "" {
		out = append(out, choiceLabel("gender", f.Gender))
	}
	if f.AgeBand != "" {
		out = append(out, label(p.Bands, f.AgeBand))
	}
	if f.Ethnicity != "" {
		out = append(out, "dân tộc "+choiceLabel("ethnicity", f.Ethnicity))
	}
	if f.Education != "" {
		out = append(out, choiceLabel("education", f.Education))
	}
	if f.Position != "" {
		out = append(out, "chức vụ có «"+f.Position+"»")
	}
	return out
}

// exportQuery is the address of a list's export, without its format: the
// organisation and the list's filters (not its page).
func exportQuery(orgID int64, q url.Values) string {
	v := url.Values{"org_id": {strconv.FormatInt(orgID, 10)}}
	for _, k := range []string{"q", "status", "gender", "age_band", "ethnicity", "education", "position"} {
		if x := q.Get(k); x != "" {
			v.Set(k, x)
		}
	}
	return "/xuat?" + v.Encode()
}

type memberPage struct {
	members.RecordView
	Facts []factGroup
	Audit []recent
	// The form confirming the admission decision's date, come back refused.
	DecisionError, DecisionTyped string
}

// fact is one line of the record screen.
type fact struct{ Label, Value string }

type factGroup struct {
	Title string
	Facts []fact
}

// recordFacts lays the record out by domain.MemberFieldTable: its groups in
// order, each field with its label and value ("—" when blank); the yes-or-no
// fields of a group share one line that names those that are on. The name
// is the page's heading, not a fact.
func recordFacts(m *domain.Member) []factGroup {
	var out []factGroup
	var flags, on []string
	flush := func() {
		if len(flags) > 0 {
			g := &out[len(out)-1]
			g.Facts = append(g.Facts, fact{flagsLabel(flags), strings.Join(on, ", ")})
			if len(on) == 0 {
				g.Facts[len(g.Facts)-1].Value = "—"
			}
		}
		flags, on = nil, nil
	}
	for _, fd := range domain.MemberFieldTable {
		if len(out) == 0 || out[len(out)-1].Title != fd.Group {
			flush()
			out = append(out, factGroup{Title: fd.Group})
		}
		switch {
		case fd.Name == "full_name":
		case fd.ByEvent && fd.Kind == domain.FieldFlag: // a mark, shown as a notice above
		case fd.Name == "admission_decision_date" && m.DecisionCopied:
			g := &out[len(out)-1]
			g.Facts = append(g.Facts, fact{fd.Label, fd.Display(&m.MemberFields) + " (chưa xác nhận: tạm lấy bằng ngày lễ kết nạp)"})
		case fd.Kind == domain.FieldFlag:
			flags = append(flags, fd.Label)
			if fd.Text(&m.MemberFields) != "" {
				on = append(on, fd.Label)
			}
		default:
			v := fd.Display(&m.MemberFields)
			if v == "" {
				v = "—"
			}
			g := &out[len(out)-1]
			g.Facts = append(g.Facts, fact{fd.Label, v})
		}
	}
	flush()
	return out
}

// flagsLabel joins labels as one: "Quân đội, công an, nghỉ hưu".
func flagsLabel(labels []string) string {
	out := labels[0]
	for _, l := range labels[1:] {
		r := []rune(l)
		out += ", " + strings.ToLower(string(r[:1])) + string(r[1:])
	}
	return out
}

func (s *Server) memberScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	v, err := s.Members.Record(r.Context(), sess.Actor, id)
	if err != nil {
		return err
	}
	s.DB.LogRead(sess.Actor, store.MemberRead(store.ReadMember, v.Member.ID, clientIP(r)))
	p := memberPage{RecordView: v, Facts: withPartyAge(recordFacts(&v.Member), v.PartyAge), Audit: historyOf(v.History)}
	flash := ""
	if r.URL.Query().Get("da-luu") == "1" {
		flash = "Đã lưu thay đổi hồ sơ."
	}
	if r.URL.Query().Get("da-ghi") == "1" {
		flash = "Đã ghi sự kiện."
	}
	if r.URL.Query().Get("da-tao") == "1" {
		flash = "Đã tạo hồ sơ đảng viên."
	}
	s.render(w, http.StatusOK, "member", view{Title: v.FullName, Actor: &sess.Actor, CSRF: sess.CSRF, Flash: flash, Page: p})
	return nil
}

type searchPage struct {
	Q    string
	Hits []store.SearchHit
}

// searchSuggest answers the search box as one types: a short list, and a
// link to every result. Under two letters it offers nothing.
func (s *Server) searchSuggest(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	v, err := s.Members.Suggest(r.Context(), sess.Actor, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	s.DB.LogSearch(sess.Actor, v.Q, v.Hits, clientIP(r))
	s.renderPart(w, "search", "suggest", searchPage{Q: v.Q, Hits: v.Hits})
	return nil
}

// searchRows is how many results the search screen shows.
const searchRows = 50

func (s *Server) searchScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	q := r.URL.Query().Get("q")
	p := searchPage{Q: q}
	if q != "" {
		var err error
		if p.Hits, err = s.Members.Search(r.Context(), sess.Actor, q, searchRows); err != nil {
			return err
		}
		s.DB.LogSearch(sess.Actor, q, p.Hits, clientIP(r))
	}
	s.render(w, http.StatusOK, "search", view{Title: "Tìm đảng viên", Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}
