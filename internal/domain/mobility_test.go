package domain

import (
	"strings"
	"testing"
)

// hasField tells whether err marks field.
func hasField(err error, field string) bool {
	e, ok := err.(*Error)
	return ok && e.Fields[field] != ""
}

// RULES.md, Transfers: the letter is presented within 30 working days of
// its date, the procedure starts within 60 working days of the decision
// taking effect; working days skip weekends and Tết (16–20/2/2026).
func TestTransferDeadlines(t *testing.T) {
	cal := NewCalendar(nil)
	base := Transfer{Kind: TransferOfficial, Status: TransferInTransit, Number: "1-GGT/X01"}
	cases := []struct {
		name             string
		effective, lettr string
		status           TransferStatus
		arrived, today   string
		presentDue       string
		lateStart, over  bool
		lateArrive       bool
		daysLeft         int
	}{
		{"30 working days skip Tết 2026", "2026-01-20", "2026-01-30", TransferInTransit, "", "2026-02-10", "2026-03-20", false, false, false, 23},
		{"the last day is still in time", "2026-01-20", "2026-01-30", TransferInTransit, "", "2026-03-20", "2026-03-20", false, false, false, 0},
		{"the next working day is overdue", "2026-01-20", "2026-01-30", TransferInTransit, "", "2026-03-23", "2026-03-20", false, true, false, -1},
		{"a weekend after the deadline is still one working day late", "2026-01-20", "2026-01-30", TransferInTransit, "", "2026-03-22", "2026-03-20", false, true, false, 0},
		{"presented late", "2026-01-20", "2026-01-30", TransferArrived, "2026-03-24", "2026-04-01", "2026-03-20", false, false, true, 0},
		{"presented in time", "2026-01-20", "2026-01-30", TransferArrived, "2026-03-20", "2026-04-01", "2026-03-20", false, false, false, 0},
		{"letter issued more than 60 working days after the decision", "2025-10-01", "2026-01-30", TransferInTransit, "", "2026-02-02", "2026-03-20", true, false, false, 29},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tr := base
			tr.EffectiveOn, tr.LetterOn, tr.Status = d(c.effective), d(c.lettr), c.status
			if c.arrived != "" {
				tr.ArrivedOn = d(c.arrived)
			}
			got := TransferDeadlines(tr, d(c.today), cal)
			if got.PresentDue != d(c.presentDue) || got.LateStart != c.lateStart || got.Overdue != c.over || got.LateArrive != c.lateArrive || got.DaysLeft != c.daysLeft {
				t.Fatalf("got %+v", got)
			}
			if want := AddWorkingDays(tr.EffectiveOn, 60, cal); got.StartDue != want {
				t.Fatalf("start due %s, want %s", got.StartDue, want)
			}
		})
	}
	if got := TransferDeadlines(Transfer{Kind: TransferTemporary, LetterOn: d("2026-01-30")}, d("2026-06-01"), cal); got != (Deadlines{}) {
		t.Fatalf("a temporary transfer has no deadline: %+v", got)
	}
}

// RULES.md, Transfers: one cell at a time. A member in transit gets no
// second letter; a removed member none at all; a temporary transfer ends
// before an official one.
func TestCheckTransferable(t *testing.T) {
	m := Member{MemberFields: MemberFields{FullName: "Trần Văn An"}, Status: StatusOfficial}
	inTransit := &Transfer{Number: "3-GGT/X01", Status: TransferInTransit, LetterOn: d("2026-11-02"), ToName: "Chi bộ thôn Đồng Bùa"}
	temp := &Transfer{Number: "4-GGT/X01", Kind: TransferTemporary, Status: TransferActive, ToName: "Chi bộ tổ 1", EndsOn: d("2027-03-01")}
	moving := m
	moving.Status = StatusTransferred
	removed := m
	removed.Status = StatusRemoved
	cases := []struct {
		name string
		m    Member
		open *Transfer
		code Code
		says string
	}{
		{"a member on the roll with nothing open", m, nil, "", ""},
		{"a second letter for a member in transit", moving, inTransit, CodeConflict, "3-GGT/X01"},
		{"a removed member", removed, nil, CodeConflict, "đã xóa tên"},
		{"a member on a temporary transfer", m, temp, CodeConflict, "sinh hoạt tạm thời"},
	}
	for _, c := range cases {
		err := CheckTransferable(c.m, c.open)
		if codeOf(err) != c.code || (c.says != "" && !strings.Contains(err.Error(), c.says)) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// RULES.md, Transfers: the receiving side confirms the letter sent to it;
// late presentation is recorded with its reason for the sending side.
func TestCheckArrival(t *testing.T) {
	cal := NewCalendar(nil)
	tr := Transfer{Number: "5-GGT/X01", Kind: TransferOfficial, Route: RouteInternal, Status: TransferInTransit, ToOrgID: 7, ToName: "Chi bộ tổ 1", LetterOn: d("2026-01-30")}
	today := d("2026-04-10")
	cases := []struct {
		name  string
		t     func(Transfer) Transfer
		in    ArrivalInput
		code  Code
		field string
	}{
		{"in time at the right cell", nil, ArrivalInput{CellID: 7, PresentedOn: d("2026-03-20")}, "", ""},
		{"a letter meant for another cell", nil, ArrivalInput{CellID: 8, PresentedOn: d("2026-03-20")}, CodeInvalid, "cell_id"},
		{"late without a reason", nil, ArrivalInput{CellID: 7, PresentedOn: d("2026-03-23")}, CodeInvalid, "late_reason"},
		{"late with a reason", nil, ArrivalInput{CellID: 7, PresentedOn: d("2026-03-23"), LateReason: "Ốm nằm viện"}, "", ""},
		{"before the letter's date", nil, ArrivalInput{CellID: 7, PresentedOn: d("2026-01-29")}, CodeInvalid, "presented_on"},
		{"a day still to come", nil, ArrivalInput{CellID: 7, PresentedOn: d("2026-04-11")}, CodeInvalid, "presented_on"},
		{"already confirmed", func(t Transfer) Transfer { t.Status, t.ArrivedOn = TransferArrived, d("2026-02-02"); return t }, ArrivalInput{CellID: 7, PresentedOn: d("2026-02-03")}, CodeConflict, ""},
		{"withdrawn", func(t Transfer) Transfer { t.Status = TransferCancelled; return t }, ArrivalInput{CellID: 7, PresentedOn: d("2026-02-03")}, CodeConflict, ""},
		{"an acknowledgement of a letter to another installation names no cell", func(t Transfer) Transfer { t.Route, t.ToOrgID = RouteOut, 0; return t }, ArrivalInput{PresentedOn: d("2026-02-03")}, "", ""},
	}
	for _, c := range cases {
		x := tr
		if c.t != nil {
			x = c.t(tr)
		}
		in := c.in
		err := CheckArrival(x, &in, today, cal)
		if codeOf(err) != c.code || (c.field != "" && !hasField(err, c.field)) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// RULES.md, Transfers: temporary when work or residence changes for 3
// months to under 1 year, or full-time study lasts 3 months to 2 years.
func TestValidateTemporary(t *testing.T) {
	today := d("2026-11-23")
	cases := []struct {
		name    string
		purpose TemporaryPurpose
		from    string
		to      string
		field   string
	}{
		{"work, 3 months", PurposeWork, "2026-12-01", "2027-03-01", ""},
		{"work, under 3 months", PurposeWork, "2026-12-01", "2027-02-28", "ends_on"},
		{"residence, just under a year", PurposeResidence, "2026-12-01", "2027-11-30", ""},
		{"residence, a full year is an official transfer", PurposeResidence, "2026-12-01", "2027-12-01", "ends_on"},
		{"study, two years", PurposeStudy, "2026-09-05", "2028-09-05", ""},
		{"study, over two years", PurposeStudy, "2026-09-05", "2028-09-06", "ends_on"},
		{"no purpose", "", "2026-12-01", "2027-03-01", "purpose"},
	}
	for _, c := range cases {
		in := TemporaryInput{ToOrgID: 3, Purpose: c.purpose, StartsOn: d(c.from), EndsOn: d(c.to)}
		err := ValidateTemporary(&in, today)
		if (c.field == "") != (err == nil) || (c.field != "" && !hasField(err, c.field)) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	in := TemporaryInput{ToOrgID: 3, ToName: "Đảng bộ tỉnh khác", Purpose: PurposeWork, StartsOn: d("2026-12-01"), EndsOn: d("2027-03-01")}
	if err := ValidateTemporary(&in, today); !hasField(err, "to_org_id") {
		t.Errorf("two destinations: %v", err)
	}
}

// A temporary member is on one cell's roll each day: the temporary cell's
// from the first day to the last, the home cell's otherwise.
func TestTemporaryOn(t *testing.T) {
	tr := Transfer{Kind: TransferTemporary, Status: TransferActive, StartsOn: d("2026-03-15"), EndsOn: d("2026-09-14")}
	ended := tr
	ended.Status, ended.ClosedOn = TransferEnded, d("2026-06-01")
	cancelled := tr
	cancelled.Status = TransferCancelled
	cases := []struct {
		t    Transfer
		day  string
		want bool
	}{
		{tr, "2026-03-14", false}, {tr, "2026-03-15", true}, {tr, "2026-09-14", true}, {tr, "2026-09-15", false},
		{ended, "2026-05-31", true}, {ended, "2026-06-01", false}, {cancelled, "2026-04-01", false},
	}
	for _, c := range cases {
		if got := TemporaryOn(c.t, d(c.day)); got != c.want {
			t.Errorf("%s (%s): %v", c.day, c.t.Status, got)
		}
	}
}

// RULES.md, Members working away: the grassroots committee grants a
// temporary exemption for under 12 months, by decision.
func TestValidateAway(t *testing.T) {
	today := d("2026-11-23")
	ok := AwayInput{Place: "Khu công nghiệp Bắc Thăng Long, Hà Nội", Since: d("2026-03-01"), Contact: "0912345678", KeepInTouch: "Gọi điện cho bí thư hằng tháng",
		ExemptFrom: d("2026-03-10"), ExemptTo: d("2027-03-09"), ExemptBy: "15-QĐ/ĐU"}
	cases := []struct {
		name  string
		edit  func(*AwayInput)
		field string
	}{
		{"an exemption of just under 12 months", nil, ""},
		{"an exemption of 12 months", func(in *AwayInput) { in.ExemptTo = d("2027-03-10") }, "exempt_to"},
		{"an exemption without the committee's decision", func(in *AwayInput) { in.ExemptBy = "" }, "exempt_decision"},
		{"an exemption before leaving", func(in *AwayInput) { in.ExemptFrom = d("2026-03-20"); in.Since = d("2026-03-21") }, "exempt_from"},
		{"an exemption ending before it starts", func(in *AwayInput) { in.ExemptTo = d("2026-03-01") }, "exempt_to"},
		{"no exemption at all", func(in *AwayInput) { in.ExemptFrom, in.ExemptTo, in.ExemptBy = Date{}, Date{}, "" }, ""},
		{"no place", func(in *AwayInput) { in.Place = "" }, "place"},
		{"no contact", func(in *AwayInput) { in.Contact = "" }, "contact"},
		{"left in the future", func(in *AwayInput) { in.Since = d("2026-12-01") }, "since"},
		{"a direction override in the place", func(in *AwayInput) { in.Place = "Hà Nội\u202e" }, "place"},
	}
	for _, c := range cases {
		in := ok
		if c.edit != nil {
			c.edit(&in)
		}
		err := ValidateAway(&in, today)
		if (c.field == "") != (err == nil) || (c.field != "" && !hasField(err, c.field)) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// RULES.md, Removal (without good reason) and Members working away: a
// meeting missed under the temporary exemption and a fee unpaid while still
// away are not evidence; a member who came back owes the months again.
func TestExcuseAway(t *testing.T) {
	missed := map[int64][]MissedMeeting{
		1: {{HeldOn: d("2026-04-05")}, {HeldOn: d("2026-02-05")}},
		2: {{HeldOn: d("2026-04-05")}},
	}
	unpaid := map[int64][]Month{
		1: {{2026, 2}, {2026, 3}, {2026, 4}},
		2: {{2026, 4}},
		3: {{2026, 4}},
	}
	away := map[int64][]AwayPeriod{
		1: {{Since: d("2026-03-01"), ExemptFrom: d("2026-03-10"), ExemptTo: d("2027-03-09")}},
		2: {{Since: d("2026-03-01"), ReturnedOn: d("2026-06-01")}}, // back, no exemption
	}
	absent := map[int64][]Month{1: {{2026, 2}, {2026, 4}}, 2: {{2026, 4}}, 3: {{2026, 1}, {2026, 2}, {2026, 3}}}
	a, u := ExcuseAway(absent, unpaid, missed, away)
	if len(a[1]) != 1 || a[1][0] != (Month{2026, 2}) {
		t.Errorf("member 1 absent: %+v", a[1])
	}
	if left := UnexcusedMeetings(missed[1], away[1]); len(left) != 1 || left[0].HeldOn != d("2026-02-05") {
		t.Errorf("member 1's meetings left: %+v", left)
	}
	if len(u[1]) != 1 || u[1][0] != (Month{2026, 2}) {
		t.Errorf("member 1 unpaid: %+v", u[1])
	}
	if len(a[2]) != 1 || len(u[2]) != 1 || len(u[3]) != 1 || len(a[3]) != 3 {
		t.Errorf("members back or never away keep their evidence: %+v %+v", a, u)
	}
	if len(absent[1]) != 2 || len(unpaid[1]) != 3 {
		t.Error("the evidence given was changed")
	}
	gs := RemovalGrounds(a, u, 3)
	if len(gs) != 1 || gs[0].MemberID != 3 {
		t.Errorf("only member 3, never away, keeps a ground: %+v", gs)
	}
	delete(a, 3)
	delete(u, 3)
	gs = RemovalGrounds(a, u, 3)
	if len(gs) != 0 {
		t.Errorf("no ground left: %+v", gs)
	}
}

func TestAwayState(t *testing.T) {
	r := Away{AwayInput: AwayInput{Place: "Bình Dương", Since: d("2026-01-10"), Contact: "0912", KeepInTouch: "Zalo", ExemptFrom: d("2026-01-15"), ExemptTo: d("2026-10-14"), ExemptBy: "3-QĐ/ĐU"}}
	if s := r.StateOn(d("2026-11-23")); !s.Away || s.ExemptNow || !s.ExemptEnded {
		t.Errorf("the exemption ran out, still away: %+v", s)
	}
	if s := r.StateOn(d("2026-10-04")); !s.ExemptNow || s.ExemptEndsIn != 10 {
		t.Errorf("under the exemption: %+v", s)
	}
	r.ReturnedOn = d("2026-11-01")
	if s := r.StateOn(d("2026-11-23")); s.Away || !s.NoComments {
		t.Errorf("back without comments: %+v", s)
	}
}

// RULES.md, Regulation 213: only the residence cell comments, once a year;
// the comment is due by the end of the configured month, December by
// default; exempt categories are commented on only when asked.
func TestResidenceComments(t *testing.T) {
	if CommentDue(2026) != d("2026-12-31") {
		t.Fatalf("due %s", CommentDue(2026))
	}
	tie := Tie{ID: 1, MemberName: "Đặng Văn Đức", ResidenceID: 9, Residence: "Chi bộ tổ 1", PresentedOn: d("2024-05-02")}
	today := d("2026-11-23")
	cases := []struct {
		name  string
		in    CommentInput
		have  []int
		code  Code
		field string
	}{
		{"the residence cell, this year", CommentInput{CellID: 9, Year: 2026, Text: "Gương mẫu tham gia sinh hoạt tổ dân phố", Verdict: VerdictGood}, nil, "", ""},
		{"a cell that is not the residence", CommentInput{CellID: 8, Year: 2026, Text: "Tốt", Verdict: VerdictGood}, nil, CodeInvalid, "cell_id"},
		{"a second comment for the year", CommentInput{CellID: 9, Year: 2025, Text: "Tốt", Verdict: VerdictGood}, []int{2025}, CodeConflict, ""},
		{"a year before the introduction", CommentInput{CellID: 9, Year: 2023, Text: "Tốt", Verdict: VerdictGood}, nil, CodeInvalid, "year"},
		{"a year to come", CommentInput{CellID: 9, Year: 2027, Text: "Tốt", Verdict: VerdictGood}, nil, CodeInvalid, "year"},
		{"no verdict", CommentInput{CellID: 9, Year: 2026, Text: "Tốt"}, nil, CodeInvalid, "verdict"},
		{"no text", CommentInput{CellID: 9, Year: 2026, Verdict: VerdictPoor}, nil, CodeInvalid, "text"},
		{"NUL in the text", CommentInput{CellID: 9, Year: 2026, Text: "Tốt\x00", Verdict: VerdictGood}, nil, CodeInvalid, "text"},
	}
	for _, c := range cases {
		in := c.in
		err := CheckComment(tie, &in, c.have, today)
		if codeOf(err) != c.code || (c.field != "" && !hasField(err, c.field)) {
			t.Errorf("%s: %v", c.name, err)
		}
	}
	states := []struct {
		name  string
		tie   func(Tie) Tie
		has   bool
		year  int
		today string
		want  CommentState
	}{
		{"received", nil, true, 2026, "2026-11-23", CommentReceived},
		{"not yet due", nil, false, 2026, "2026-11-23", CommentPending},
		{"missing after the due day", nil, false, 2025, "2026-11-23", CommentMissing},
		{"exempt: in barracks", func(t Tie) Tie { t.Category = ResidenceBarracks; return t }, false, 2025, "2026-11-23", CommentExempt},
		{"presented after that year's due day", func(t Tie) Tie { t.PresentedOn = d("2025-01-05"); return t }, false, 2024, "2026-11-23", CommentNone},
		{"ended before the year", func(t Tie) Tie { t.EndedOn = d("2025-06-01"); return t }, false, 2026, "2027-01-05", CommentNone},
	}
	for _, c := range states {
		x := tie
		if c.tie != nil {
			x = c.tie(tie)
		}
		if got := CommentStateOf(x, c.has, c.year, d(c.today)); got != c.want {
			t.Errorf("%s: %s", c.name, got)
		}
	}
}

// Regulation 213 is about a residence other than the workplace.
func TestCheckTie(t *testing.T) {
	m := Member{ID: 1, OrgID: 5, Status: StatusOfficial, MemberFields: MemberFields{FullName: "Đức"}}
	cell := Org{ID: 9, Name: "Chi bộ tổ 1", Kind: KindCell}
	today := d("2026-11-23")
	in := TieInput{ResidenceID: 9, PresentedOn: d("2026-02-01")}
	if err := CheckTie(m, nil, cell, true, &in, today); err != nil {
		t.Fatal(err)
	}
	own := cell
	own.ID = 5
	if err := CheckTie(m, nil, own, true, &in, today); !hasField(err, "residence_org_id") {
		t.Errorf("own cell: %v", err)
	}
	commune := Org{ID: 9, Name: "Đảng bộ xã", Kind: KindCommune}
	if err := CheckTie(m, nil, commune, true, &in, today); !hasField(err, "residence_org_id") {
		t.Errorf("not a cell: %v", err)
	}
	if err := CheckTie(m, &Tie{Residence: "Chi bộ tổ 2"}, cell, true, &in, today); codeOf(err) != CodeConflict {
		t.Errorf("a second tie: %v", err)
	}
	gone := m
	gone.Status = StatusRemoved
	if err := CheckTie(gone, nil, cell, true, &in, today); codeOf(err) != CodeConflict {
		t.Errorf("a removed member: %v", err)
	}
}

// A collective transfer moves what is under the organisation handing over.
func TestCheckCollective(t *testing.T) {
	from := Org{ID: 1, Name: "Đảng bộ huyện Tam Đảo", Kind: KindDistrict}
	to := Org{ID: 2, Name: "Đảng bộ xã Tam Đảo", Kind: KindCommune}
	kids := []Org{{ID: 10, Kind: KindGrassrootsCell}, {ID: 11, Kind: KindGrassrootsCell}}
	in := CollectiveInput{FromID: 1, ToID: 2, All: true, Decision: Decision{Date: d("2025-07-01"), Number: "1500-QĐ/TU"}}
	if err := ValidateCollective(&in); err != nil {
		t.Fatal(err)
	}
	if err := CheckCollective(from, to, kids, nil, &in); err != nil || len(in.OrgIDs) != 2 {
		t.Fatalf("all: %v %v", in.OrgIDs, err)
	}
	bad := CollectiveInput{FromID: 1, ToID: 2, OrgIDs: []int64{12}, Decision: in.Decision}
	if err := CheckCollective(from, to, kids, nil, &bad); !hasField(err, "org_ids") {
		t.Errorf("not under: %v", err)
	}
	mem := CollectiveInput{FromID: 1, ToID: 2, MemberIDs: []int64{7}, Decision: in.Decision}
	if err := CheckCollective(from, to, kids, []int64{7}, &mem); !hasField(err, "to_id") {
		t.Errorf("members to a commune: %v", err)
	}
	for _, c := range []CollectiveInput{
		{FromID: 1, ToID: 1, All: true, Decision: in.Decision},
		{FromID: 1, ToID: 2, Decision: in.Decision},
		{FromID: 1, ToID: 2, OrgIDs: []int64{10, 10}, Decision: in.Decision},
		{FromID: 1, ToID: 2, All: true, Decision: Decision{Date: d("2025-07-01")}},
	} {
		if err := ValidateCollective(&c); codeOf(err) != CodeInvalid {
			t.Errorf("%+v: %v", c, err)
		}
	}
}

// A history brought from another installation goes through the members'
// state machine: in order, known kinds, clean texts, ending on the roll.
func TestCheckImportedHistory(t *testing.T) {
	f := func() MemberFields {
		return MemberFields{FullName: "Vũ Văn Bình", Gender: Male, BirthDate: d("1980-01-02"), Ethnicity: "01", Education: "thpt"}
	}
	arrival := Event{Kind: EventTransferredIn, Date: d("2026-11-10")}
	ok := []Event{{Kind: EventAdmitted, Date: d("2005-03-03")}, {Kind: EventRecognised, Date: d("2006-03-03")}, {Kind: EventTransferredOut, Date: d("2026-11-02")}}
	cases := []struct {
		name    string
		edit    func([]Event) []Event
		arrival Event
		status  Status
	}{
		{"admitted, recognised, transferred out, in", nil, arrival, StatusOfficial},
		{"probationary when it comes", func(es []Event) []Event { return []Event{es[0], es[2]} }, arrival, StatusProbationary},
		{"nothing to bring", func([]Event) []Event { return nil }, arrival, ""},
		{"not transferred out", func(es []Event) []Event { return es[:2] }, arrival, ""},
		{"an event after the arrival", func(es []Event) []Event { es[2].Date = d("2026-11-11"); return es }, arrival, ""},
		{"an arrival still to come", nil, Event{Kind: EventTransferredIn, Date: d("2026-11-24")}, ""},
		{"a discipline with no form", func(es []Event) []Event {
			return append(es[:2:2], Event{Kind: EventDisciplined, Date: d("2010-01-01")}, es[2])
		}, arrival, ""},
	}
	for _, c := range cases {
		es := append([]Event(nil), ok...)
		if c.edit != nil {
			es = c.edit(es)
		}
		fs := f()
		st, err := CheckImportedHistory(&fs, es, c.arrival, d("2026-11-23"))
		if (c.status == "") != (err != nil) || (err == nil && st.Status != c.status) {
			t.Errorf("%s: %v %v", c.name, st.Status, err)
		}
	}
}

// A member who comes back continues the record left here only if the
// history brought begins with it.
func TestContinueHistory(t *testing.T) {
	have := []Event{{Kind: EventAdmitted, Date: d("2005-03-03")}, {Kind: EventTransferredOut, Date: d("2020-01-02")}}
	brought := append(append([]Event(nil), have...), Event{Kind: EventTransferredIn, Date: d("2020-01-20")}, Event{Kind: EventTransferredOut, Date: d("2026-10-01")})
	added, err := ContinueHistory(have, brought)
	if err != nil || len(added) != 2 || added[0].Kind != EventTransferredIn {
		t.Fatalf("continued: %+v %v", added, err)
	}
	other := append([]Event(nil), brought...)
	other[1].Date = d("2020-01-03")
	if _, err := ContinueHistory(have, other); codeOf(err) != CodeInvalid {
		t.Errorf("a history that does not match: %v", err)
	}
	if _, err := ContinueHistory(have, brought[:1]); codeOf(err) != CodeInvalid {
		t.Errorf("a shorter history: %v", err)
	}
}

// The sending side withdraws a letter in transit; a temporary transfer ends
// between its first day and today.
func TestWithdrawAndEnd(t *testing.T) {
	today := d("2026-11-23")
	tr := Transfer{Number: "9-GGT/X01", Kind: TransferOfficial, Route: RouteInternal, Status: TransferInTransit, LetterOn: d("2026-11-02")}
	if err := CheckWithdraw(tr, d("2026-11-10"), today, "Quyết định bị hủy"); err != nil {
		t.Fatal(err)
	}
	if err := CheckWithdraw(tr, d("2026-11-01"), today, "Quyết định bị hủy"); !hasField(err, "date") {
		t.Errorf("before the letter: %v", err)
	}
	if err := CheckWithdraw(tr, d("2026-11-10"), today, ""); !hasField(err, "reason") {
		t.Errorf("no reason: %v", err)
	}
	in := tr
	in.Route = RouteIn
	if err := CheckWithdraw(in, d("2026-11-10"), today, "x"); codeOf(err) != CodeConflict {
		t.Errorf("another installation's letter: %v", err)
	}
	temp := Transfer{Number: "10-GGT/X01", Kind: TransferTemporary, Status: TransferActive, StartsOn: d("2026-09-01"), EndsOn: d("2027-01-31")}
	if err := CheckEndTemporary(temp, d("2026-11-20"), today); err != nil {
		t.Fatal(err)
	}
	if err := CheckEndTemporary(temp, d("2026-08-31"), today); !hasField(err, "date") {
		t.Errorf("before it began: %v", err)
	}
	if err := CheckEndTemporary(tr, d("2026-11-20"), today); codeOf(err) != CodeConflict {
		t.Errorf("an official letter: %v", err)
	}
}

// RULES.md, Probation: party age counts from the admission decision's date.
// A history brought from another installation keeps it; one that lacks it
// takes the ceremony's, marked to be confirmed; one that contradicts the
// record is refused.
func TestImportedDecisionDate(t *testing.T) {
	fields := func(decided Date) MemberFields {
		return MemberFields{FullName: "Vũ Văn Bình", Gender: Male, BirthDate: d("1980-01-02"), Ethnicity: "01", Education: "thpt",
			AdmissionDate: d("2005-03-03"), OfficialDate: d("2006-03-03"), DecisionDate: decided}
	}
	history := func(decided Date) []Event {
		return []Event{{Kind: EventAdmitted, Date: d("2005-03-03"), Decided: decided}, {Kind: EventRecognised, Date: d("2006-03-03")}, {Kind: EventTransferredOut, Date: d("2026-11-02")}}
	}
	arrival := Event{Kind: EventTransferredIn, Date: d("2026-11-10")}
	cases := []struct {
		name           string
		record, event  Date
		want           Date
		copied, refuse bool
	}{
		{"the admission's decision date", Date{}, d("2005-02-20"), d("2005-02-20"), false, false},
		{"the record's and the admission's agree", d("2005-02-20"), d("2005-02-20"), d("2005-02-20"), false, false},
		{"the record's alone", d("2005-02-20"), Date{}, d("2005-02-20"), false, false},
		{"neither: the ceremony's, to be confirmed", Date{}, Date{}, d("2005-03-03"), true, false},
		{"the record's and the admission's differ", d("2005-02-21"), d("2005-02-20"), Date{}, false, true},
	}
	for _, c := range cases {
		f := fields(c.record)
		_, err := CheckImportedHistory(&f, history(c.event), arrival, d("2026-11-23"))
		if c.refuse {
			if codeOf(err) != CodeInvalid {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if err != nil || !f.DecisionDate.Equal(c.want) || f.DecisionCopied != c.copied {
			t.Errorf("%s: %s copied=%v %v", c.name, f.DecisionDate, f.DecisionCopied, err)
		}
	}
}
