package domain

import (
	"fmt"
	"slices"
	"strings"

	"dangvien/internal/viet"
)

// Members on the move (RULES.md: Transfers, Working days): official and
// temporary transfers of party activity with their deadlines in working
// days, and the collective transfer of organisations and members under one
// decision. Members working away and Regulation 213 are in away.go and
// residence.go.

// TransferKind is an official or a temporary transfer.
type TransferKind string

const (
	TransferOfficial  TransferKind = "official"  // chuyển sinh hoạt đảng chính thức
	TransferTemporary TransferKind = "temporary" // chuyển sinh hoạt đảng tạm thời
)

// Label is the kind in Vietnamese.
func (k TransferKind) Label() string {
	return map[TransferKind]string{TransferOfficial: "Chuyển sinh hoạt chính thức", TransferTemporary: "Chuyển sinh hoạt tạm thời"}[k]
}

// TransferRoute says where a transfer goes: between two cells of this
// installation, out to or in from another one.
type TransferRoute string

const (
	RouteInternal TransferRoute = "internal" // both cells are here
	RouteOut      TransferRoute = "out"      // to an organisation of another installation
	RouteIn       TransferRoute = "in"       // from another installation, by a signed package
)

// Label is the route in Vietnamese.
func (r TransferRoute) Label() string {
	return map[TransferRoute]string{RouteInternal: "Trong hệ thống", RouteOut: "Ra ngoài hệ thống", RouteIn: "Từ hệ thống khác"}[r]
}

// TransferStatus is where a transfer stands.
type TransferStatus string

const (
	TransferInTransit TransferStatus = "in_transit" // letter issued, not yet presented at the receiving side
	TransferArrived   TransferStatus = "arrived"    // presented and confirmed
	TransferCancelled TransferStatus = "cancelled"  // letter withdrawn before it was presented
	TransferActive    TransferStatus = "active"     // temporary: taking part at the temporary cell
	TransferEnded     TransferStatus = "ended"      // temporary: back at the home cell
)

// Label is the status in Vietnamese.
func (s TransferStatus) Label() string {
	return map[TransferStatus]string{TransferInTransit: "Đang chuyển", TransferArrived: "Đã tiếp nhận", TransferCancelled: "Đã thu hồi",
		TransferActive: "Đang sinh hoạt tạm thời", TransferEnded: "Đã kết thúc"}[s]
}

// Open tells whether the transfer still binds the member: a letter not yet
// presented, or a temporary transfer still running.
func (s TransferStatus) Open() bool { return s == TransferInTransit || s == TransferActive }

// TemporaryPurpose is why a member takes part elsewhere for a while.
type TemporaryPurpose string

const (
	PurposeWork      TemporaryPurpose = "work"      // thay đổi nơi làm việc
	PurposeResidence TemporaryPurpose = "residence" // thay đổi nơi cư trú
	PurposeStudy     TemporaryPurpose = "study"     // đi học tập trung trong nước
)

var purposeLabels = map[TemporaryPurpose]string{PurposeWork: "Thay đổi nơi làm việc", PurposeResidence: "Thay đổi nơi cư trú", PurposeStudy: "Học tập trung trong nước"}

// TemporaryPurposes in the order forms offer them.
var TemporaryPurposes = []TemporaryPurpose{PurposeWork, PurposeResidence, PurposeStudy}

func (p TemporaryPurpose) Label() string { return purposeLabels[p] }
func (p TemporaryPurpose) Valid() bool   { _, ok := purposeLabels[p]; return ok }

// Transfer is a transfer of a member's party activity: the letter that
// introduces them (giấy giới thiệu sinh hoạt đảng) and what became of it.
type Transfer struct {
	ID          int64          `json:"id"`
	Number      string         `json:"number"` // "15-GGT/X01"
	Kind        TransferKind   `json:"kind"`
	KindLabel   string         `json:"kind_label"`
	Route       TransferRoute  `json:"route"`
	Status      TransferStatus `json:"status"`
	StatusLabel string         `json:"status_label"`
	MemberID    int64          `json:"member_id"`
	MemberName  string         `json:"member_name"`
	FromOrgID   int64          `json:"from_org_id,omitempty"` // the sending (home) cell; 0 when it came from another installation
	FromName    string         `json:"from_name"`
	ToOrgID     int64          `json:"to_org_id,omitempty"` // the receiving (temporary) cell; 0 when it goes to another installation
	ToName      string         `json:"to_name"`
	IssuerID    int64          `json:"issuer_id,omitempty"` // the committee that issued the letter
	Issuer      string         `json:"issuer"`
	Reason      string         `json:"reason"`
	Decision    string         `json:"decision_number"`
	EffectiveOn Date           `json:"effective_on,omitempty"` // the moving decision took effect (or the member moved)
	LetterOn    Date           `json:"letter_on"`
	Purpose     string         `json:"purpose,omitempty"` // temporary
	StartsOn    Date           `json:"starts_on,omitempty"`
	EndsOn      Date           `json:"ends_on,omitempty"`
	ArrivedOn   Date           `json:"arrived_on,omitempty"`
	LateReason  string         `json:"late_reason,omitempty"`
	ClosedOn    Date           `json:"closed_on,omitempty"` // withdrawn, or the temporary transfer ended
	CloseNote   string         `json:"close_note,omitempty"`
	PackageID   string         `json:"package_id,omitempty"`
}

// Labels fills the Vietnamese labels of the codes.
func (t *Transfer) Labels() {
	t.KindLabel, t.StatusLabel = t.Kind.Label(), t.Status.Label()
}

// TransferStartDays is the working days a member has, from the day the
// decision that moves them takes effect, to start the transfer; and
// TransferPresentDays those from the letter's date to present it.
func TransferStartDays(d Date) int   { return Rules.Int("transfer.start_working_days", d) }
func TransferPresentDays(d Date) int { return Rules.Int("transfer.present_working_days", d) }

// Deadlines are the deadlines of an official transfer on a day, and where it
// stands against them (RULES.md, Transfers: the procedure starts within 60
// working days of the decision taking effect; the letter is presented within
// 30 working days of its date).
type Deadlines struct {
	StartDue   Date `json:"start_due,omitempty"`   // last day to start (letter date), from the effective date
	PresentDue Date `json:"present_due,omitempty"` // last day to present the letter
	LateStart  bool `json:"late_start"`            // the letter came after StartDue
	Overdue    bool `json:"overdue"`               // still in transit after PresentDue
	LateArrive bool `json:"presented_late"`        // presented after PresentDue
	DaysLeft   int  `json:"working_days_left"`     // to present, from today: negative once overdue; 0 when closed
}

// TransferDeadlines computes the deadlines of an official transfer with the
// working-day calendar, on day today. A temporary transfer has none.
func TransferDeadlines(t Transfer, today Date, cal *Calendar) Deadlines {
	var d Deadlines
	if t.Kind != TransferOfficial {
		return d
	}
	if !t.EffectiveOn.IsZero() {
		d.StartDue = AddWorkingDays(t.EffectiveOn, TransferStartDays(t.EffectiveOn), cal)
		d.LateStart = t.LetterOn.After(d.StartDue)
	}
	if t.LetterOn.IsZero() {
		return d
	}
	d.PresentDue = AddWorkingDays(t.LetterOn, TransferPresentDays(t.LetterOn), cal)
	switch t.Status {
	case TransferInTransit:
		d.Overdue = today.After(d.PresentDue)
		if d.Overdue {
			d.DaysLeft = -WorkingDaysBetween(d.PresentDue, today, cal)
		} else {
			d.DaysLeft = WorkingDaysBetween(today, d.PresentDue, cal)
		}
	case TransferArrived:
		d.LateArrive = !t.ArrivedOn.IsZero() && t.ArrivedOn.After(d.PresentDue)
	}
	return d
}

// TransferInput is an official transfer the sending side issues: to a cell
// of this installation (ToOrgID) or to an organisation of another one
// (ToName).
type TransferInput struct {
	ToOrgID     int64  `json:"to_org_id,omitempty"`
	ToName      string `json:"to_name,omitempty"`
	EffectiveOn Date   `json:"effective_on"`
	LetterOn    Date   `json:"letter_on"`
	Reason      string `json:"reason"`
	Decision    string `json:"decision_number"`
}

// Route is where the transfer goes.
func (in TransferInput) Route() TransferRoute {
	if in.ToOrgID != 0 {
		return RouteInternal
	}
	return RouteOut
}

// ValidateTransfer checks a transfer's own fields on day today: one
// destination, the letter's date (not to come), the day the moving decision
// took effect, and a reason; texts are cleaned.
func ValidateTransfer(in *TransferInput, today Date) error {
	f := Fields{}
	in.ToName, in.Reason, in.Decision = cleanText(in.ToName), cleanText(in.Reason), cleanText(in.Decision)
	checkTexts(f, textField{"to_name", "Nơi chuyển đến", viet.Proper, in.ToName}, textField{"reason", "Lý do", viet.OneLine, in.Reason},
		textField{"decision_number", "Số quyết định", viet.Proper, in.Decision})
	switch {
	case in.ToOrgID != 0 && in.ToName != "":
		f.Add("to_org_id", "Chọn chi bộ trong hệ thống hoặc ghi tổ chức ở hệ thống khác, không cả hai.")
	case in.ToOrgID == 0 && in.ToName == "":
		f.Add("to_org_id", "Chưa chọn nơi chuyển đến.")
	case len([]rune(in.ToName)) > 300:
		f.Add("to_name", "Tên nơi chuyển đến tối đa 300 ký tự.")
	}
	if in.Reason == "" {
		f.Add("reason", "Cần ghi lý do chuyển sinh hoạt (chuyển công tác, thay đổi nơi cư trú…).")
	} else if len([]rune(in.Reason)) > 500 {
		f.Add("reason", "Lý do tối đa 500 ký tự.")
	}
	checkDay(f, "letter_on", "Ngày của giấy giới thiệu", in.LetterOn, today, true)
	checkDay(f, "effective_on", "Ngày quyết định có hiệu lực", in.EffectiveOn, today, true)
	return f.Err()
}

// checkDay adds why a day a user typed is not acceptable: missing, before
// the Party was founded, or (when notAfter) after today.
func checkDay(f Fields, key, label string, d, today Date, notAfter bool) {
	switch {
	case d.IsZero():
		f.Add(key, "Chưa nhập "+lower(label)+" (dd/mm/yyyy).")
	case d.Before(PartyFounded):
		f.Add(key, label+" không hợp lệ.")
	case notAfter && d.After(today):
		f.Add(key, label+" không được sau hôm nay.")
	}
}

// CheckTransferable says why member m, whose standing is st, cannot be
// transferred now: only a member on the roll is, and not while an earlier
// transfer still binds them (RULES.md: a member has their activity in one
// cell; a second letter for a member in transit is refused).
func CheckTransferable(m Member, open *Transfer) error {
	if !m.Status.Active() {
		if open != nil && open.Status == TransferInTransit {
			return errInTransit(m, *open)
		}
		return Errorf(CodeConflict, "Đảng viên %s %s, không chuyển sinh hoạt được.", m.FullName, strings.ToLower(m.Status.Label()))
	}
	if open != nil {
		if open.Status == TransferInTransit {
			return errInTransit(m, *open)
		}
		return Errorf(CodeConflict, "Đảng viên %s đang sinh hoạt tạm thời ở %s đến ngày %s (giấy số %s): kết thúc sinh hoạt tạm thời trước.", m.FullName, open.ToName, open.EndsOn, open.Number)
	}
	return nil
}

func errInTransit(m Member, t Transfer) error {
	return Errorf(CodeConflict, "Đảng viên %s đang chuyển sinh hoạt theo giấy giới thiệu số %s ngày %s đến %s, nơi đến chưa xác nhận: không lập giấy thứ hai.",
		m.FullName, t.Number, t.LetterOn, t.ToName)
}

// CheckDestination says why cell to (found in the actor's scope or not)
// cannot receive a member of cell from: it is an open cell, and another one.
func CheckDestination(from, to Org, found bool) error {
	if err := CheckPlacement(to, found, "to_org_id"); err != nil {
		return err
	}
	if to.ID == from.ID {
		return &Error{Code: CodeInvalid, Message: "Đảng viên đang sinh hoạt ở chi bộ này.", Fields: Fields{"to_org_id": "Chọn chi bộ khác."}}
	}
	return nil
}

// ArrivalInput is the receiving side's confirmation that a member presented
// the letter: the cell that received them, the day, and why late if late.
type ArrivalInput struct {
	CellID      int64  `json:"cell_id"`
	PresentedOn Date   `json:"presented_on"`
	LateReason  string `json:"late_reason"`
}

// CheckArrival checks the confirmation of letter t on day today: the letter
// is still in transit, the cell confirming is the one it was sent to (a
// letter received by the sending side's acknowledgement, route out, names
// no cell), the day lies between the letter's date and today, and a letter
// presented after its deadline gives the reason, which is reported back to
// the sending side (RULES.md: late is not by itself a ground for removal).
func CheckArrival(t Transfer, in *ArrivalInput, today Date, cal *Calendar) error {
	in.LateReason = cleanText(in.LateReason)
	if err := checkStillInTransit(t); err != nil {
		return err
	}
	if t.Route == RouteInternal && in.CellID != t.ToOrgID {
		return &Error{Code: CodeInvalid, Message: fmt.Sprintf("Giấy giới thiệu số %s gửi đến %s, không phải chi bộ xác nhận.", t.Number, t.ToName),
			Fields: Fields{"cell_id": "Giấy giới thiệu không gửi đến chi bộ này."}}
	}
	f := Fields{}
	checkText(f, "late_reason", "Lý do chậm", viet.OneLine, in.LateReason)
	checkDay(f, "presented_on", "Ngày xuất trình", in.PresentedOn, today, true)
	if f["presented_on"] == "" && in.PresentedOn.Before(t.LetterOn) {
		f.Add("presented_on", fmt.Sprintf("Trước ngày của giấy giới thiệu (%s).", t.LetterOn))
	}
	if len(f) == 0 {
		d := TransferDeadlines(t, today, cal)
		if in.PresentedOn.After(d.PresentDue) && in.LateReason == "" {
			f.Add("late_reason", fmt.Sprintf("Xuất trình sau hạn %s (%d ngày làm việc): cần ghi lý do để báo lại nơi chuyển đi.", d.PresentDue, TransferPresentDays(t.LetterOn)))
		}
	}
	return f.Err()
}

func checkStillInTransit(t Transfer) error {
	switch t.Status {
	case TransferInTransit:
		return nil
	case TransferArrived:
		return Errorf(CodeConflict, "Giấy giới thiệu số %s đã được xác nhận ngày %s.", t.Number, t.ArrivedOn)
	case TransferCancelled:
		return Errorf(CodeConflict, "Giấy giới thiệu số %s đã bị thu hồi ngày %s.", t.Number, t.ClosedOn)
	}
	return Errorf(CodeConflict, "Giấy số %s không phải giấy giới thiệu đang chờ tiếp nhận.", t.Number)
}

// CheckWithdraw checks that the sending side may withdraw letter t on day
// on: it is still in transit, on or after its date, with a reason.
func CheckWithdraw(t Transfer, on, today Date, reason string) error {
	if err := checkStillInTransit(t); err != nil {
		return err
	}
	if t.Route == RouteIn {
		return Errorf(CodeConflict, "Giấy số %s do hệ thống khác lập.", t.Number)
	}
	f := Fields{}
	checkDay(f, "date", "Ngày thu hồi", on, today, true)
	if f["date"] == "" && on.Before(t.LetterOn) {
		f.Add("date", fmt.Sprintf("Trước ngày của giấy giới thiệu (%s).", t.LetterOn))
	}
	checkReason(f, reason)
	return f.Err()
}

func checkReason(f Fields, reason string) {
	checkText(f, "reason", "Lý do", viet.OneLine, reason)
	if strings.TrimSpace(reason) == "" {
		f.Add("reason", "Cần ghi lý do.")
	} else if len([]rune(reason)) > 500 {
		f.Add("reason", "Lý do tối đa 500 ký tự.")
	}
}

// TemporaryInput is a temporary transfer: the member keeps the record at the
// home cell and takes part at another cell from StartsOn to EndsOn.
type TemporaryInput struct {
	ToOrgID  int64            `json:"to_org_id,omitempty"`
	ToName   string           `json:"to_name,omitempty"` // an organisation of another installation
	Purpose  TemporaryPurpose `json:"purpose"`
	StartsOn Date             `json:"starts_on"`
	EndsOn   Date             `json:"ends_on"`
	LetterOn Date             `json:"letter_on"`
	Reason   string           `json:"reason"`
	Decision string           `json:"decision_number"`
}

// TemporarySpan gives the shortest and longest temporary transfer for a
// purpose starting on d (RULES.md, Transfers: work or residence changing for
// 3 months to under 1 year; full-time study in the country 3 months to 2
// years). maxExclusive tells whether the longest is excluded.
func TemporarySpan(p TemporaryPurpose, d Date) (minMonths, maxMonths int, maxExclusive bool) {
	minMonths = Rules.Int("transfer.temporary_min_months", d)
	if p == PurposeStudy {
		return minMonths, Rules.Int("transfer.temporary_study_max_months", d), false
	}
	return minMonths, Rules.Int("transfer.temporary_max_months", d), true
}

// ValidateTemporary checks a temporary transfer's own fields on day today:
// one destination, a purpose, a period as long as the purpose allows, and
// the letter's date.
func ValidateTemporary(in *TemporaryInput, today Date) error {
	f := Fields{}
	in.ToName, in.Reason, in.Decision = cleanText(in.ToName), cleanText(in.Reason), cleanText(in.Decision)
	checkTexts(f, textField{"to_name", "Nơi sinh hoạt tạm thời", viet.Proper, in.ToName}, textField{"reason", "Lý do", viet.OneLine, in.Reason},
		textField{"decision_number", "Số quyết định", viet.Proper, in.Decision})
	switch {
	case in.ToOrgID != 0 && in.ToName != "":
		f.Add("to_org_id", "Chọn chi bộ trong hệ thống hoặc ghi tổ chức ở hệ thống khác, không cả hai.")
	case in.ToOrgID == 0 && in.ToName == "":
		f.Add("to_org_id", "Chưa chọn nơi sinh hoạt tạm thời.")
	}
	if !in.Purpose.Valid() {
		f.Add("purpose", "Chọn lý do: thay đổi nơi làm việc, nơi cư trú hoặc đi học.")
	}
	if in.LetterOn.IsZero() {
		in.LetterOn = today
	}
	checkDay(f, "letter_on", "Ngày của giấy giới thiệu", in.LetterOn, today, true)
	checkDay(f, "starts_on", "Ngày bắt đầu", in.StartsOn, today, false)
	checkDay(f, "ends_on", "Ngày kết thúc", in.EndsOn, today, false)
	if f["starts_on"] == "" && f["ends_on"] == "" && in.Purpose.Valid() {
		lo, hi, excl := TemporarySpan(in.Purpose, in.StartsOn)
		switch {
		case in.EndsOn.Before(in.StartsOn.AddMonths(lo)):
			f.Add("ends_on", fmt.Sprintf("Sinh hoạt tạm thời từ %d tháng trở lên; ngắn hơn thì không chuyển sinh hoạt.", lo))
		case excl && !in.EndsOn.Before(in.StartsOn.AddMonths(hi)):
			f.Add("ends_on", fmt.Sprintf("Sinh hoạt tạm thời vì công tác, cư trú dưới %d tháng; từ %d tháng trở lên thì chuyển sinh hoạt chính thức.", hi, hi))
		case !excl && in.EndsOn.After(in.StartsOn.AddMonths(hi)):
			f.Add("ends_on", fmt.Sprintf("Đi học tập trung sinh hoạt tạm thời tối đa %d tháng.", hi))
		}
	}
	if in.Reason == "" {
		in.Reason = in.Purpose.Label()
	}
	return f.Err()
}

// CheckEndTemporary checks ending temporary transfer t on day on: it is
// still running, and the day is between its start and today.
func CheckEndTemporary(t Transfer, on, today Date) error {
	if t.Kind != TransferTemporary || t.Status != TransferActive {
		return Errorf(CodeConflict, "Giấy số %s không phải sinh hoạt tạm thời đang diễn ra.", t.Number)
	}
	f := Fields{}
	checkDay(f, "date", "Ngày kết thúc", on, today, true)
	if f["date"] == "" && on.Before(t.StartsOn) {
		f.Add("date", fmt.Sprintf("Trước ngày bắt đầu (%s).", t.StartsOn))
	}
	return f.Err()
}

// TemporaryOn tells whether a temporary transfer has the member at the
// temporary cell on day d: from its first day up to its last (its end date,
// or the day before it was ended early). A member is then on the temporary
// cell's roster and not the home cell's: one cell a day, so no count of a
// meeting day holds them twice.
func TemporaryOn(t Transfer, d Date) bool {
	if t.Kind != TransferTemporary || t.Status == TransferCancelled || d.Before(t.StartsOn) {
		return false
	}
	if !t.ClosedOn.IsZero() && !d.Before(t.ClosedOn) {
		return false
	}
	return !d.After(t.EndsOn)
}

// CollectiveInput is a collective transfer (chuyển sinh hoạt tập thể): under
// one decision, organisations under FromID move with their subtrees under
// ToID, and members of FromID (a cell) move to ToID (a cell). With All,
// everything under FromID moves and FromID closes, succeeded by ToID.
type CollectiveInput struct {
	FromID    int64   `json:"from_id"`
	ToID      int64   `json:"to_id"`
	OrgIDs    []int64 `json:"org_ids,omitempty"`
	MemberIDs []int64 `json:"member_ids,omitempty"`
	All       bool    `json:"all,omitempty"`
	Note      string  `json:"note,omitempty"` // what the handover record adds: documents, files handed over
	Decision
}

// ValidateCollective checks a collective transfer's own fields: a numbered
// decision, two different organisations, something to move, nothing twice.
func ValidateCollective(in *CollectiveInput) error {
	if err := ValidateDecision(&in.Decision); err != nil {
		return err
	}
	f := Fields{}
	in.Note = strings.TrimSpace(in.Note)
	checkText(f, "note", "Ghi chú bàn giao", viet.FreeText, in.Note)
	switch {
	case in.FromID == 0:
		f.Add("from_id", "Chưa chọn tổ chức bàn giao.")
	case in.ToID == 0:
		f.Add("to_id", "Chưa chọn tổ chức tiếp nhận.")
	case in.FromID == in.ToID:
		f.Add("to_id", "Tổ chức tiếp nhận phải khác tổ chức bàn giao.")
	case !in.All && len(in.OrgIDs) == 0 && len(in.MemberIDs) == 0:
		f.Add("org_ids", "Chưa chọn tổ chức hoặc đảng viên chuyển đi.")
	}
	if hasDup(in.OrgIDs) {
		f.Add("org_ids", "Danh sách tổ chức bị trùng.")
	}
	if hasDup(in.MemberIDs) {
		f.Add("member_ids", "Danh sách đảng viên bị trùng.")
	}
	return f.Err()
}

func hasDup(ids []int64) bool {
	s := slices.Clone(ids)
	slices.Sort(s)
	return len(slices.Compact(s)) != len(ids)
}

// CheckCollective checks what a collective transfer moves against what is
// under from: kids are its open sub-organisations, members its active
// members (when it is a cell). With All, in gets all of them. Each
// organisation named must be one of kids and each member one of members;
// members go only to a cell; an organisation that closes must be left with
// nothing. Whether each organisation fits under to is CheckMove's.
func CheckCollective(from, to Org, kids []Org, members []int64, in *CollectiveInput) error {
	if in.All {
		in.OrgIDs, in.MemberIDs = in.OrgIDs[:0], slices.Clone(members)
		for _, k := range kids {
			in.OrgIDs = append(in.OrgIDs, k.ID)
		}
		if len(in.OrgIDs) == 0 && len(in.MemberIDs) == 0 {
			return Errorf(CodeInvalid, "%s không còn tổ chức trực thuộc hay đảng viên nào để chuyển.", from.Name)
		}
	}
	if !to.ValidTo.IsZero() {
		return &Error{Code: CodeInvalid, Message: fmt.Sprintf("%s đã giải thể hoặc sáp nhập.", to.Name), Fields: Fields{"to_id": "Tổ chức tiếp nhận không còn hoạt động."}}
	}
	ok := map[int64]bool{}
	for _, k := range kids {
		ok[k.ID] = true
	}
	for _, id := range in.OrgIDs {
		if !ok[id] {
			return &Error{Code: CodeInvalid, Message: fmt.Sprintf("Tổ chức mã %d không trực thuộc %s hoặc đã giải thể.", id, from.Name), Fields: Fields{"org_ids": "Có tổ chức không trực thuộc tổ chức bàn giao."}}
		}
	}
	active := map[int64]bool{}
	for _, id := range members {
		active[id] = true
	}
	for _, id := range in.MemberIDs {
		if !active[id] {
			return &Error{Code: CodeInvalid, Message: fmt.Sprintf("Đảng viên mã %d không đang sinh hoạt ở %s.", id, from.Name), Fields: Fields{"member_ids": "Có đảng viên không thuộc tổ chức bàn giao."}}
		}
	}
	if len(in.MemberIDs) > 0 && !to.Kind.IsCell() {
		return &Error{Code: CodeInvalid, Message: "Đảng viên chỉ chuyển đến một chi bộ.", Fields: Fields{"to_id": to.Name + " không phải là chi bộ."}}
	}
	return nil
}

// MaxImportedEvents bounds the history a package may bring.
const MaxImportedEvents = 500

// CheckImportedHistory checks the record and history a member brings from
// another installation, and their transfer in here (arrival), on day
// today: valid fields; events of known kinds, dated, in order, with clean
// texts, none after the arrival; and a history that the members' state
// machine accepts, ending with the member on the roll here. Moves in the
// history must name a cell (the caller gives them the receiving cell, since
// the other's cells are not here). It returns the standing.
func CheckImportedHistory(f *MemberFields, history []Event, arrival Event, today Date) (State, error) {
	bad := func(format string, args ...any) (State, error) {
		return State{}, &Error{Code: CodeInvalid, Message: "Quá trình sinh hoạt trong gói không hợp lệ: " + fmt.Sprintf(format, args...)}
	}
	if len(history) == 0 {
		return bad("không có sự kiện nào.")
	}
	// The admission decision's date (party age): the admission's own, the
	// record's, or, when the other installation did not keep it, the
	// ceremony's, marked to be confirmed (as a record opened without it).
	f.DecisionCopied = false
	if first := history[0]; first.Kind == EventAdmitted && !first.Decided.IsZero() {
		if !f.DecisionDate.IsZero() && !f.DecisionDate.Equal(first.Decided) {
			return bad("ngày quyết định kết nạp của hồ sơ (%s) khác ngày của sự kiện kết nạp (%s).", f.DecisionDate, first.Decided)
		}
		f.DecisionDate = first.Decided
	}
	if f.DecisionDate.IsZero() && !f.AdmissionDate.IsZero() {
		f.DecisionDate, f.DecisionCopied = f.AdmissionDate, true
	}
	if err := f.Validate(today); err != nil {
		return State{}, err
	}
	if len(history) > MaxImportedEvents {
		return bad("quá %d sự kiện.", MaxImportedEvents)
	}
	if arrival.Kind != EventTransferredIn || arrival.Date.IsZero() || arrival.Date.After(today) {
		return bad("ngày chuyển đến phải là hôm nay hoặc trước đó.")
	}
	for i := range history {
		e := &history[i]
		if !e.Kind.Valid() {
			return bad("sự kiện thứ %d có loại không biết.", i+1)
		}
		if e.Date.IsZero() || e.Date.Before(PartyFounded) || e.Date.After(arrival.Date) {
			return bad("sự kiện thứ %d (%s) có ngày không hợp lệ.", i+1, e.Kind.Label())
		}
		if err := e.CheckText(); err != nil {
			why := messageOf(err)
			for _, r := range err.(*Error).Fields {
				why = r
			}
			return bad("sự kiện thứ %d (%s ngày %s): %s", i+1, e.Kind.Label(), e.Date, why)
		}
		if e.Kind == EventDisciplined {
			if _, ok := DisciplineForms[e.Discipline]; !ok {
				return bad("sự kiện thứ %d có hình thức kỷ luật không hợp lệ.", i+1)
			}
		} else {
			e.Discipline = ""
		}
	}
	r := Record{Name: f.FullName, Admitted: f.AdmissionDate, Official: f.OfficialDate, Events: append(append([]Event(nil), history...), arrival)}
	st, err := r.State()
	if err != nil {
		return bad("%s", messageOf(err))
	}
	if !st.Status.Active() {
		return bad("đảng viên không ở trạng thái sinh hoạt sau khi chuyển đến.")
	}
	return st, nil
}

// ContinueHistory is what a history brought back adds to the record the
// member left here: the record's events must begin it (kind and date, in
// order), and the rest is new. A history that does not begin with the
// record's is refused: it is someone else's, or was changed.
func ContinueHistory(have, brought []Event) ([]Event, error) {
	if len(brought) < len(have) {
		return nil, &Error{Code: CodeInvalid, Message: "Quá trình sinh hoạt trong gói ngắn hơn hồ sơ đã có ở đây: không phải cùng một hồ sơ."}
	}
	for i, e := range have {
		if brought[i].Kind != e.Kind || !brought[i].Date.Equal(e.Date) {
			return nil, &Error{Code: CodeInvalid, Message: fmt.Sprintf("Quá trình sinh hoạt trong gói không khớp hồ sơ đã có ở đây từ sự kiện thứ %d (%s ngày %s).", i+1, e.Kind.Label(), e.Date)}
		}
	}
	return brought[len(have):], nil
}
