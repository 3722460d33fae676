package web

import (
	"net/http"
	"strconv"

	"dangvien/internal/app/celllife"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// shownCap is how many rows of each list an overview shows; each list links
// to its whole.
const shownCap = 10

// overviewPage is the staff's summary of a subtree: the view, the first
// rows of each list, and the charts' data.
type overviewPage struct {
	celllife.OverviewView
	Chart          chartData
	MoreGrounds    bool
	ShownCells     []celllife.CellWarnings
	ShownAbsentees []store.Absentee
	ShownDebtors   []store.Debtor
	ShownInCharge  []store.InCharge
	ShownStale     []store.StaleTask
	ShownNoTask    []store.MemberRef
}

// chartData is what the overview's charts draw: one bar per child.
type chartData struct {
	Names      []string `json:"names"`
	Attendance []string `json:"attendance"` // per cent, one decimal
	Fees       []string `json:"fees"`
}

func head[T any](s []T) []T { return s[:min(len(s), shownCap)] }

func newOverviewPage(v celllife.OverviewView) overviewPage {
	p := overviewPage{OverviewView: v, MoreGrounds: v.Removal > shownCap, ShownCells: head(v.Cells), ShownAbsentees: head(v.Absentees), ShownDebtors: head(v.Debtors),
		ShownInCharge: head(v.InCharge), ShownStale: head(v.Stale), ShownNoTask: head(v.NoTask)}
	p.Grounds = head(v.Grounds)
	for _, c := range v.Children {
		p.Chart.Names = append(p.Chart.Names, c.Org.Name)
		p.Chart.Attendance = append(p.Chart.Attendance, perMilleText(c.Attendance.Rate()))
		fee := 0
		if c.FeeDue > 0 {
			fee = permille(c.FeePaid, c.FeeDue)
		}
		p.Chart.Fees = append(p.Chart.Fees, perMilleText(fee))
	}
	return p
}

// permille is a share in per mille, rounded half up.
func permille(part, whole int64) int {
	if whole <= 0 {
		return 0
	}
	return int((part*1000 + whole/2) / whole)
}

// perMilleText writes a per-mille rate as a number of per cent for a chart.
func perMilleText(pm int) string { return strconv.Itoa(pm/10) + "." + strconv.Itoa(pm%10) }

// overviewScreen is the staff's view of a subtree's cell life over the last
// twelve months, each flag linking to its evidence.
func (s *Server) overviewScreen(w http.ResponseWriter, r *http.Request, sess store.Session, v celllife.OverviewView) {
	s.render(w, http.StatusOK, "overview", view{Title: "Sinh hoạt, đảng phí: " + v.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: newOverviewPage(v), Charts: len(v.Children) > 0})
}

// overviewListPage is one of an overview's lists, whole.
type overviewListPage struct {
	celllife.ListView
	Title       string
	Removal     int
	RemovalSrc  string
	MoreGrounds bool
	Rows        []struct{}
}

var listTitles = map[string]string{celllife.ListGrounds: "Căn cứ xem xét xóa tên", celllife.ListAbsentees: "Vắng không lý do trong 12 tháng",
	celllife.ListDebtors: "Nợ đảng phí", celllife.ListTasks: "Phân công nhiệm vụ cần xem lại", celllife.ListCells: "Chi bộ chưa sinh hoạt đúng quy định"}

func (s *Server) overviewListScreen(w http.ResponseWriter, r *http.Request, sess store.Session, id int64, kind string) error {
	v, err := s.Life.List(r.Context(), sess.Actor, id, kind)
	if err != nil {
		return err
	}
	p := overviewListPage{ListView: v, Title: listTitles[kind], Removal: len(v.Grounds), RemovalSrc: removalSource(v.To)}
	p.Rows = make([]struct{}, min(v.Total, celllife.FullListCap))
	s.render(w, http.StatusOK, "overview_list", view{Title: p.Title + ": " + v.Org.Name, Actor: &sess.Actor, CSRF: sess.CSRF, Page: p})
	return nil
}

func removalSource(d domain.Date) string {
	r, _ := domain.Rules.At("removal.months_absent_or_unpaid", d)
	return r.Source
}
