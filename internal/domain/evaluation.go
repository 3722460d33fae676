package domain

import (
	"fmt"
	"strings"

	"dangvien/internal/viet"
)

// The yearly evaluation and classification of members and organisations
// (đánh giá, xếp loại chất lượng hằng năm): Quy định 132-QĐ/TW (2018) with
// Hướng dẫn 21-HD/BTCTW, then 124-QĐ/TW (2023), then from the evaluation of
// 2025 Quy định 366-QĐ/TW with Hướng dẫn 43-HD/BTCTW (RULES.md, Yearly
// evaluation). Every number comes from Rules, read for the year evaluated.

// Rating is one of the four levels members and organisations are rated on.
type Rating string

const (
	RatingExcellent Rating = "excellent" // Hoàn thành xuất sắc nhiệm vụ
	RatingGood      Rating = "good"      // Hoàn thành tốt nhiệm vụ
	RatingDone      Rating = "done"      // Hoàn thành nhiệm vụ
	RatingNotDone   Rating = "not_done"  // Không hoàn thành nhiệm vụ
)

// Ratings lists the levels from the highest down.
var Ratings = []Rating{RatingExcellent, RatingGood, RatingDone, RatingNotDone}

var ratingLabels = map[Rating]string{
	RatingExcellent: "Hoàn thành xuất sắc nhiệm vụ", RatingGood: "Hoàn thành tốt nhiệm vụ",
	RatingDone: "Hoàn thành nhiệm vụ", RatingNotDone: "Không hoàn thành nhiệm vụ",
}

func (r Rating) Label() string { return ratingLabels[r] }
func (r Rating) Valid() bool   { _, ok := ratingLabels[r]; return ok }

// rank orders the levels: not_done 0 … excellent 3.
func (r Rating) rank() int {
	switch r {
	case RatingExcellent:
		return 3
	case RatingGood:
		return 2
	case RatingDone:
		return 1
	}
	return 0
}

// Above tells whether r is a higher level than o.
func (r Rating) Above(o Rating) bool { return r.rank() > o.rank() }

// EvalDay is the day whose rules rate year y: the year's end, when the year
// is evaluated, so a text that took effect during the year rates it.
func EvalDay(y int) Date { return NewDate(y, 12, 31) }

// EvalRegulation names the texts the evaluation of year y follows.
func EvalRegulation(y int) string {
	switch n := Rules.Int("evaluation.regulation", EvalDay(y)); n {
	case 132:
		return "Quy định 132-QĐ/TW và Hướng dẫn 21-HD/BTCTW"
	case 124:
		return "Quy định 124-QĐ/TW"
	case 366:
		return "Quy định 366-QĐ/TW và Hướng dẫn 43-HD/BTCTW"
	default:
		return fmt.Sprintf("Quy định %d-QĐ/TW", n)
	}
}

// PointsBand is the highest level a score allows in year y (RULES.md: ≥ 90
// points, 70 to under 90, 50 to under 70, under 50).
func PointsBand(points, y int) Rating {
	d := EvalDay(y)
	switch {
	case points >= Rules.Int("evaluation.excellent_min_points", d):
		return RatingExcellent
	case points >= Rules.Int("evaluation.good_min_points", d):
		return RatingGood
	case points >= Rules.Int("evaluation.done_min_points", d):
		return RatingDone
	}
	return RatingNotDone
}

// bandText says which points a level needs, for messages.
func bandText(r Rating, y int) string {
	d := EvalDay(y)
	ex, good, done := Rules.Int("evaluation.excellent_min_points", d), Rules.Int("evaluation.good_min_points", d), Rules.Int("evaluation.done_min_points", d)
	switch r {
	case RatingExcellent:
		return fmt.Sprintf("từ %d điểm", ex)
	case RatingGood:
		return fmt.Sprintf("từ %d đến dưới %d điểm", good, ex)
	case RatingDone:
		return fmt.Sprintf("từ %d đến dưới %d điểm", done, good)
	}
	return fmt.Sprintf("dưới %d điểm", done)
}

// SelfReview is a member's own review of the year (bản tự kiểm điểm), with
// the level they rate themselves at.
type SelfReview struct {
	Level Rating `json:"level,omitempty"`
	Text  string `json:"text"`
	On    Date   `json:"on"`
}

// RatingProposal is the cell's proposal for one member: the points of the
// scoring sheet, whether every task was done on time and by how much the
// member went beyond what was asked, which the "xuất sắc" level needs.
type RatingProposal struct {
	Level     Rating `json:"level"`
	Points    int    `json:"points"`
	AllOnTime bool   `json:"all_on_time"`
	BeyondPct int    `json:"beyond_pct"`
	Note      string `json:"note"`
	On        Date   `json:"on"`
}

// RatingDecision is the committee's decision on one member or organisation.
type RatingDecision struct {
	Level  Rating `json:"level"`
	Points int    `json:"points"`
	Note   string `json:"note"`
	Number string `json:"decision_number"`
	On     Date   `json:"date"`
}

// ResidenceComment is the residence cell's yearly comment on a member tied
// to it (Quy định 213-QĐ/TW), an input of the member's evaluation.
// Required: the member is expected to have one for the year (a tie is
// recorded and the member is not exempt from the yearly comment); On is
// zero while none has come.
type ResidenceComment struct {
	MemberID  int64  `json:"member_id"`
	Year      int    `json:"year"`
	Cell      string `json:"residence_cell"`
	Required  bool   `json:"required"`
	On        Date   `json:"on,omitempty"`
	Fulfilled bool   `json:"fulfilled"` // the member fulfilled their duties where they live
	Text      string `json:"text"`
}

// Received tells whether the comment has come.
func (c ResidenceComment) Received() bool { return !c.On.IsZero() }

// DisciplineBar is a discipline that counts in a year's evaluation.
type DisciplineBar struct {
	Form         DisciplineForm `json:"form"`
	Decision     string         `json:"decision_number"`
	On           Date           `json:"decided_on"`
	SelfReported bool           `json:"self_reported"`
}

// RatingFacts is what the rules weigh about one member rated for a year.
type RatingFacts struct {
	Name        string
	Active      bool // on the roll
	Exempted    bool // exempt from work and activity at the year's end
	Disciplines []DisciplineBar
	Residence   *ResidenceComment
}

// CheckSelfReview checks a member's self-review of year y on day today.
func CheckSelfReview(y int, f RatingFacts, in *SelfReview, today Date) error {
	in.Text = viet.Clean(in.Text)
	if err := checkYear(y, today); err != nil {
		return err
	}
	if err := notRated(y, f); err != nil {
		return err
	}
	fe := Fields{}
	checkText(fe, "text", "Bản tự kiểm điểm", viet.FreeText, in.Text)
	if in.Text == "" {
		fe.Add("text", "Chưa nhập nội dung tự kiểm điểm.")
	} else if len([]rune(in.Text)) > 20000 {
		fe.Add("text", "Bản tự kiểm điểm tối đa 20.000 ký tự.")
	}
	if in.Level != "" && !in.Level.Valid() {
		fe.Add("level", "Mức tự xếp loại không hợp lệ.")
	}
	in.On = today
	return fe.Err()
}

func checkYear(y int, today Date) error {
	if y < PartyFounded.Year() || y > today.Year() {
		return &Error{Code: CodeInvalid, Message: fmt.Sprintf("Năm đánh giá phải từ %d đến %d.", PartyFounded.Year(), today.Year()), Fields: Fields{"year": "Năm không hợp lệ."}}
	}
	return nil
}

// notRated refuses members the evaluation leaves out: those no longer on
// the roll, and exempted members (RULES.md, Exemption: not rated).
func notRated(y int, f RatingFacts) error {
	if !f.Active {
		return &Error{Code: CodeInvalid, Message: fmt.Sprintf("%s không còn trong danh sách sinh hoạt, không đánh giá, xếp loại.", f.Name)}
	}
	if f.Exempted {
		msg := fmt.Sprintf("%s được miễn công tác và sinh hoạt đảng nên không đánh giá, xếp loại năm %d (%s: đảng viên miễn công tác và sinh hoạt đảng không xếp loại).", f.Name, y, EvalRegulation(y))
		return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{"level": "Đảng viên được miễn sinh hoạt không xếp loại."}}
	}
	return nil
}

// CheckProposal checks the cell's proposal for one member for year y.
func CheckProposal(y int, f RatingFacts, p *RatingProposal, today Date) error {
	p.Note = viet.Clean(p.Note)
	p.On = today
	if err := checkYear(y, today); err != nil {
		return err
	}
	return checkRating(y, f, p.Level, p.Points, p.AllOnTime, p.BeyondPct, p.Note)
}

// CheckDecision checks the committee's decision on one member for year y,
// made on the basis of the cell's proposal p: the points bands, the
// conditions of "xuất sắc", the bar from discipline and the residence
// comment. The cap on "xuất sắc" is CheckExcellentCap's, over the whole
// grassroots organisation.
func CheckDecision(y int, f RatingFacts, p RatingProposal, d *RatingDecision, today Date) error {
	d.Note = viet.Clean(d.Note)
	if err := checkYear(y, today); err != nil {
		return err
	}
	if err := CheckRatingDecision(y, d, today); err != nil {
		return err
	}
	return checkRating(y, f, d.Level, d.Points, p.AllOnTime, p.BeyondPct, cmpOr(d.Note, p.Note))
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// CheckRatingDecision checks the number and date of a decision rating year y.
func CheckRatingDecision(y int, d *RatingDecision, today Date) error {
	d.Number = viet.Clean(d.Number)
	fe := Fields{}
	checkText(fe, "decision_number", "Số quyết định", viet.Proper, d.Number)
	checkText(fe, "note", "Ghi chú", viet.OneLine, d.Note)
	if d.Number == "" {
		fe.Add("decision_number", "Chưa nhập số quyết định (hoặc số nghị quyết) của cấp ủy.")
	}
	switch {
	case d.On.IsZero():
		fe.Add("date", "Chưa nhập ngày quyết định.")
	case d.On.After(today):
		fe.Add("date", "Ngày quyết định không được sau hôm nay.")
	case d.On.Year() < y:
		fe.Add("date", fmt.Sprintf("Quyết định xếp loại năm %d không thể trước năm %d.", y, y))
	}
	return fe.Err()
}

// checkRating is the rules of one level given to one member in year y.
func checkRating(y int, f RatingFacts, level Rating, points int, onTime bool, beyond int, note string) error {
	if err := notRated(y, f); err != nil {
		return err
	}
	d := EvalDay(y)
	reg := EvalRegulation(y)
	fe := Fields{}
	checkText(fe, "note", "Ghi chú", viet.OneLine, note)
	if !level.Valid() {
		fe.Add("level", "Chọn một trong bốn mức xếp loại.")
	}
	if points < 0 || points > 100 {
		fe.Add("points", "Điểm từ 0 đến 100.")
	}
	if beyond < 0 || beyond > 1000 {
		fe.Add("beyond_pct", "Tỉ lệ vượt mức từ 0 đến 1000%.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	refuse := func(field, msg string) error {
		return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{field: msg}}
	}
	// The points bands: a level never above what the points allow.
	band := PointsBand(points, y)
	if level.Above(band) {
		return refuse("level", fmt.Sprintf("%s: %d điểm chỉ xếp loại đến mức «%s»; mức «%s» cần %s (%s).", f.Name, points, band.Label(), level.Label(), bandText(level, y), reg))
	}
	min := Rules.Int("evaluation.excellent_beyond_pct", d)
	if level == RatingExcellent {
		if !onTime {
			return refuse("all_on_time", fmt.Sprintf("%s: mức «%s» cần mọi nhiệm vụ hoàn thành đúng hạn (%s).", f.Name, level.Label(), reg))
		}
		if beyond < min {
			return refuse("beyond_pct", fmt.Sprintf("%s: mức «%s» cần vượt từ %d%% yêu cầu trở lên, mới vượt %d%% (%s).", f.Name, level.Label(), min, beyond, reg))
		}
	}
	// Discipline in the year: not above "Không hoàn thành" unless, where
	// the version in force allows it, the member found and fixed the
	// violation themselves.
	exception, _ := Rules.At("evaluation.discipline_self_fix_exception", d)
	for _, b := range f.Disciplines {
		if level == RatingNotDone || (exception.Value == 1 && b.SelfReported) {
			continue
		}
		return refuse("level", fmt.Sprintf("%s bị kỷ luật %s trong năm %d (quyết định %s ngày %s) nên chỉ xếp loại «%s» (%s).",
			f.Name, strings.ToLower(b.Form.Label()), y, b.Decision, b.On, RatingNotDone.Label(), exception.Source))
	}
	if r := f.Residence; r != nil && r.Received() && !r.Fulfilled && level == RatingExcellent && Rules.Int("evaluation.residence_bars_excellent", d) == 1 {
		src, _ := Rules.At("evaluation.residence_bars_excellent", d)
		return refuse("level", fmt.Sprintf("%s: chi ủy nơi cư trú (%s) nhận xét chưa thực hiện tốt nhiệm vụ nơi cư trú nên không xếp loại «%s» (%s).", f.Name, r.Cell, level.Label(), src.Source))
	}
	// A level below what the points give says why, unless a rule does: the
	// conditions of "xuất sắc" unmet, a discipline, the residence comment.
	due := band
	if due == RatingExcellent && (!onTime || beyond < min) {
		due = RatingGood
	}
	if due.Above(level) && note == "" && len(f.Disciplines) == 0 && (f.Residence == nil || f.Residence.Fulfilled || !f.Residence.Received()) {
		return refuse("note", fmt.Sprintf("%s: %d điểm ứng với mức «%s»; xếp loại thấp hơn cần ghi lý do.", f.Name, points, due.Label()))
	}
	return nil
}

// CheckExcellentCap checks the cap on "xuất sắc": in one grassroots
// organisation (for organisations, among those one committee rates), those
// rated "Hoàn thành xuất sắc nhiệm vụ" may not exceed the rule's share of
// those rated "Hoàn thành tốt nhiệm vụ" (RULES.md; Hướng dẫn 43-HD/BTCTW).
// who names the counted body in the message.
func CheckExcellentCap(y, excellent, good int, who string) error {
	r, _ := Rules.At("evaluation.excellent_cap_pct", EvalDay(y))
	if excellent*100 <= r.Value*good {
		return nil
	}
	msg := fmt.Sprintf("Số xếp loại «%s» năm %d của %s là %d, vượt %d%% số xếp loại «%s» (%d, tối đa %d) (%s).",
		RatingExcellent.Label(), y, who, excellent, r.Value, RatingGood.Label(), good, ExcellentMax(y, good), r.Source)
	return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{"level": msg}}
}

// ExcellentMax is how many "xuất sắc" good ratings allow in year y.
func ExcellentMax(y, good int) int {
	return Rules.Int("evaluation.excellent_cap_pct", EvalDay(y)) * good / 100
}

// DisciplineCountsIn is the evaluation year a discipline counts in (RULES.md:
// one violation counts in one year only): the year of the decision, unless
// the violation was of an earlier year whose rating was already "Không
// hoàn thành" — it counted there.
func DisciplineCountsIn(decided, violated Date, violationYearRating Rating) int {
	if violated.Year() < decided.Year() && violationYearRating == RatingNotDone {
		return violated.Year()
	}
	return decided.Year()
}

// GrassrootsOf is the grassroots party organisation of an organisation,
// given its chain from the top of the tree down to itself: the nearest one
// that is a grassroots committee or cell, or a commune or ward committee
// (tổ chức cơ sở đảng). The cap on "xuất sắc" counts there.
func GrassrootsOf(chain []Org) (Org, bool) {
	for i := len(chain) - 1; i >= 0; i-- {
		if chain[i].Kind.Grassroots() {
			return chain[i], true
		}
	}
	return Org{}, false
}

// Grassroots tells whether an organisation of kind k is a grassroots party
// organisation (tổ chức cơ sở đảng).
func (k OrgKind) Grassroots() bool {
	return k == KindCommune || k == KindGrassroots || k == KindGrassrootsCell
}

// DecidesRatings tells whether an actor of role r may record the decision
// on the members of grassroots organisation o: the organisation-board staff
// of its committee, or, for a grassroots cell, which decides itself, its
// secretary too.
func DecidesRatings(r Role, o Org) bool {
	if !o.Kind.Grassroots() {
		return false
	}
	if o.Kind == KindGrassrootsCell {
		return r.WritesMembers()
	}
	return r.WritesOrgs()
}

// OrgRatingFacts is what the rules weigh about one organisation rated.
type OrgRatingFacts struct {
	Name        string
	Disciplines []DisciplineBar // disciplines of the organisation decided in the year
}

// CheckOrgRating checks one organisation's rating for year y: the points
// bands and the bar from a discipline of the organisation in the year.
func CheckOrgRating(y int, f OrgRatingFacts, d *RatingDecision, today Date) error {
	d.Note = viet.Clean(d.Note)
	if err := checkYear(y, today); err != nil {
		return err
	}
	if err := CheckRatingDecision(y, d, today); err != nil {
		return err
	}
	fe := Fields{}
	if !d.Level.Valid() {
		fe.Add("level", "Chọn một trong bốn mức xếp loại.")
	}
	if d.Points < 0 || d.Points > 100 {
		fe.Add("points", "Điểm từ 0 đến 100.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	reg := EvalRegulation(y)
	if band := PointsBand(d.Points, y); d.Level.Above(band) {
		msg := fmt.Sprintf("%s: %d điểm chỉ xếp loại đến mức «%s»; mức «%s» cần %s (%s).", f.Name, d.Points, band.Label(), d.Level.Label(), bandText(d.Level, y), reg)
		return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{"level": msg}}
	}
	for _, b := range f.Disciplines {
		if d.Level != RatingNotDone {
			msg := fmt.Sprintf("%s bị kỷ luật %s trong năm %d (quyết định %s ngày %s) nên chỉ xếp loại «%s» (%s).", f.Name, strings.ToLower(b.Form.Label()), y, b.Decision, b.On, RatingNotDone.Label(), reg)
			return &Error{Code: CodeInvalid, Message: msg, Fields: Fields{"level": msg}}
		}
	}
	return nil
}

// LevelCounts counts ratings by level.
type LevelCounts map[Rating]int

// Total is the number rated.
func (c LevelCounts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// Share is the share of level r among those rated, in per mille.
func (c LevelCounts) Share(r Rating) int {
	t := c.Total()
	if t == 0 {
		return 0
	}
	return (c[r]*1000 + t/2) / t
}
