package domain

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// The field table describes every field of MemberFields exactly once, under
// its JSON name, with a pointer of the type its kind needs.
func TestMemberFieldTableCoversTheRecord(t *testing.T) {
	typ := reflect.TypeOf(MemberFields{})
	byName := map[string]MemberField{}
	for _, fd := range MemberFieldTable {
		if _, dup := byName[fd.Name]; dup {
			t.Errorf("%s twice in the table", fd.Name)
		}
		byName[fd.Name] = fd
		if fd.Label == "" || fd.Group == "" {
			t.Errorf("%s: no label or group", fd.Name)
		}
		var f MemberFields
		p := fd.Ptr(&f)
		want := map[FieldKind][]reflect.Type{
			FieldText:   {reflect.TypeOf((*string)(nil))},
			FieldChoice: {reflect.TypeOf((*string)(nil)), reflect.TypeOf((*Gender)(nil))},
			FieldDate:   {reflect.TypeOf((*Date)(nil))},
			FieldFlag:   {reflect.TypeOf((*bool)(nil))},
		}[fd.Kind]
		ok := false
		for _, w := range want {
			ok = ok || reflect.TypeOf(p) == w
		}
		if !ok {
			t.Errorf("%s: pointer %T does not fit its kind", fd.Name, p)
		}
		if fd.Kind == FieldChoice && len(fd.Choices) == 0 {
			t.Errorf("%s: a choice without choices", fd.Name)
		}
	}
	for i := range typ.NumField() {
		sf := typ.Field(i)
		name := strings.Split(sf.Tag.Get("json"), ",")[0]
		fd, ok := byName[name]
		if !ok {
			t.Errorf("MemberFields.%s (%s) is not in MemberFieldTable", sf.Name, name)
			continue
		}
		// The pointer points at this very field.
		var f MemberFields
		if reflect.ValueOf(fd.Ptr(&f)).Pointer() != reflect.ValueOf(&f).Elem().Field(i).Addr().Pointer() {
			t.Errorf("%s: Ptr points at another field", name)
		}
	}
	if len(byName) != typ.NumField() {
		t.Errorf("table has %d fields, MemberFields %d", len(byName), typ.NumField())
	}
}

// What a form or a file types is read back to what Text shows.
func TestMemberFieldSetAndText(t *testing.T) {
	f := MemberFields{}
	for _, c := range []struct{ field, in, text, display, reason string }{
		{"full_name", "  Nguyễn  Thị Thảo ", "  Nguyễn  Thị Thảo ", "  Nguyễn  Thị Thảo ", ""},
		{"gender", "Nữ", "nu", "Nữ", ""},
		{"gender", "nam", "nam", "Nam", ""},
		{"ethnicity", "Tày", "02", "Tày", ""},
		{"education", "12/12", "thpt", "Trung học phổ thông", ""},
		{"qualification", "chưa có", "chưa có", "chưa có", ""}, // kept for Validate to refuse
		{"birth_date", "02/09/1975", "02/09/1975", "02/09/1975", ""},
		{"birth_date", "1975-09-02", "02/09/1975", "02/09/1975", ""},
		{"birth_date", "31/02/1975", "02/09/1975", "02/09/1975", "Ngày sinh phải có dạng dd/mm/yyyy."},
		{"army", "Có", "1", "Có", ""},
		{"army", "", "", "Không", ""},
		{"police", "1", "1", "Có", ""},
		{"police", "có lẽ", "1", "Có", "Ghi «Có» hoặc để trống."},
	} {
		fd, _ := MemberFieldNamed(c.field)
		if r := fd.Set(&f, c.in); r != c.reason {
			t.Errorf("%s %q: reason %q, want %q", c.field, c.in, r, c.reason)
		}
		if got := fd.Text(&f); got != c.text {
			t.Errorf("%s %q: text %q, want %q", c.field, c.in, got, c.text)
		}
		if got := fd.Display(&f); got != c.display {
			t.Errorf("%s %q: display %q, want %q", c.field, c.in, got, c.display)
		}
	}
}

// What a member list writes is read back as it was: the adapter the
// spreadsheet import and export can be built on.
func TestMemberFieldWrittenRoundTrip(t *testing.T) {
	in := MemberFields{FullName: "Nguyễn Thị Hồng Thảo", Gender: Female, BirthDate: d("1990-04-12"), Ethnicity: "02", Education: "thpt",
		Qualification: "dai_hoc", TheoryLevel: "trung_cap", AdmissionDate: d("2015-05-19"), Army: true, CitizenID: "001190012345"}
	var out MemberFields
	for _, fd := range MemberFieldTable {
		w := fd.Written(&in)
		if fd.Kind == FieldChoice && w != "" && w != fd.Choices[fd.Text(&in)] {
			t.Errorf("%s written %q, not its label", fd.Name, w)
		}
		if r := fd.Set(&out, w); r != "" {
			t.Errorf("%s: %q read back: %s", fd.Name, w, r)
		}
	}
	if !reflect.DeepEqual(in, out) {
		t.Errorf("round trip:\n%+v\n%+v", in, out)
	}
	army, _ := MemberFieldNamed("army")
	police, _ := MemberFieldNamed("police")
	if army.Written(&in) != "Có" || police.Written(&in) != "" {
		t.Error("flags are written Có or blank")
	}
}

// Each field's own rule, from the table, with its Vietnamese reason.
func TestMemberFieldRules(t *testing.T) {
	today := d("2026-11-23")
	good := MemberFields{FullName: "Phạm Ngọc Ánh", Gender: Female, BirthDate: d("1992-03-08"), Ethnicity: "1"}
	if err := good.Validate(today); err != nil || good.Ethnicity != "01" {
		t.Fatalf("good record: %v (ethnicity %q)", err, good.Ethnicity)
	}
	for _, c := range []struct {
		field, value, reason string
	}{
		{"full_name", "", "Chưa nhập họ và tên."},
		{"full_name", "Ánh", "Họ và tên phải có ít nhất họ và tên gọi."},
		{"full_name", "Phạm Ngọc 4nh", "Họ và tên chỉ gồm chữ cái."},
		{"full_name", "Phạm " + strings.Repeat("a", 100), "Họ và tên tối đa 100 ký tự."},
		{"gender", "", "Giới tính phải là Nam hoặc Nữ."},
		{"gender", "khac", "Giới tính phải là Nam hoặc Nữ."},
		{"ethnicity", "", "Chưa chọn dân tộc."},
		{"ethnicity", "99", "Mã dân tộc không có trong danh mục 54 dân tộc (01–55)."},
		{"citizen_id", "123", "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."},
		{"card_number", "ab", "Số thẻ đảng viên gồm 6–20 chữ số, chữ in hoa, dấu chấm hoặc gạch ngang."},
		{"citizen_id", "0011900123456", "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."},
		{"citizen_id", "00119001234٣", "Số định danh cá nhân (CCCD) phải gồm đúng 12 chữ số."},
		{"citizen_id", "001190012345", ""},
		{"card_number", "12345", "Số thẻ đảng viên gồm 6–20 chữ số, chữ in hoa, dấu chấm hoặc gạch ngang."},
		{"card_number", strings.Repeat("1", 21), "Số thẻ đảng viên gồm 6–20 chữ số, chữ in hoa, dấu chấm hoặc gạch ngang."},
		{"card_number", "25.123_456", "Số thẻ đảng viên gồm 6–20 chữ số, chữ in hoa, dấu chấm hoặc gạch ngang."},
		{"card_number", "25.123.456", ""},
		{"card_number", strings.Repeat("9", 20), ""},
		{"phone", "09", "Số điện thoại gồm 9–12 chữ số."},
		{"phone", "+84912345678", ""},
		{"phone", "0912345678901", "Số điện thoại gồm 9–12 chữ số."},
		{"phone", "++84912345678", "Số điện thoại gồm 9–12 chữ số."},
		{"email", "a@", "Địa chỉ thư điện tử không hợp lệ."},
		{"education", "dai_hoc", "Trình độ giáo dục phổ thông không hợp lệ."},
		{"theory_level", "x", "Trình độ lý luận chính trị không hợp lệ."},
		{"workplace", strings.Repeat("ô", 256), "Tối đa 255 ký tự."},
	} {
		f := good
		fd, _ := MemberFieldNamed(c.field)
		switch p := fd.Ptr(&f).(type) {
		case *string:
			*p = c.value
		case *Gender:
			*p = Gender(c.value)
		}
		err := f.Validate(today)
		if c.reason == "" {
			if err != nil {
				t.Errorf("%s = %q: %v, want no error", c.field, c.value, err)
			}
			continue
		}
		e, ok := err.(*Error)
		if !ok || e.Fields[c.field] != c.reason {
			t.Errorf("%s = %q: %v, want %q", c.field, c.value, err, c.reason)
		}
	}
	// Stored forms: card numbers upper-case without spaces, phones digits.
	f := good
	f.CardNumber, f.Phone, f.Email = " 79 01a-2345 ", "0912.345 678", " Ten@Mien.VN "
	if err := f.Validate(today); err != nil || f.CardNumber != "7901A-2345" || f.Phone != "0912345678" || f.Email != "ten@mien.vn" {
		t.Errorf("normalised %q %q %q: %v", f.CardNumber, f.Phone, f.Email, err)
	}
}

// Rule: a record opens with an admission (dated as the record's ceremony
// date, with the decision's date, without an official date) or a transfer
// in; never after today. The admission carries both its dates (RULES.md,
// Probation and recognition); a transfer in that knows only the ceremony's
// takes the same day for the decision's and marks it to be completed.
func TestStartRecord(t *testing.T) {
	today := d("2026-11-23")
	base := MemberFields{FullName: "Phạm Ngọc Ánh", Gender: Female, BirthDate: d("1992-03-08"), Ethnicity: "01"}
	adm := func(decided, ceremony string) Event {
		e := Event{Kind: EventAdmitted, Date: d(ceremony)}
		if decided != "" {
			e.Decided = d(decided)
		}
		return e
	}
	for _, c := range []struct {
		name     string
		edit     func(f *MemberFields)
		first    Event
		field    string // "" = accepted
		want     Status
		decision string // the record's decision date once accepted
		copied   bool
	}{
		{"admission gives a probationary member", nil, adm("2020-02-20", "2020-03-08"), "", StatusProbationary, "2020-02-20", false},
		{"the ceremony may be the decision's day", nil, adm("2020-03-08", "2020-03-08"), "", StatusProbationary, "2020-03-08", false},
		{"a transfer in keeps the record's dates", func(f *MemberFields) {
			f.DecisionDate, f.AdmissionDate, f.OfficialDate = d("2014-12-20"), d("2015-01-01"), d("2016-01-01")
		}, Event{Kind: EventTransferredIn, Date: d("2026-01-01")}, "", StatusOfficial, "2014-12-20", false},
		{"a transfer in with the ceremony's date only is marked", func(f *MemberFields) { f.AdmissionDate, f.OfficialDate = d("2015-01-01"), d("2016-01-01") },
			Event{Kind: EventTransferredIn, Date: d("2026-01-01")}, "", StatusOfficial, "2015-01-01", true},
		{"a mark sent by the client is not taken", func(f *MemberFields) { f.DecisionCopied = true }, adm("2020-02-20", "2020-03-08"), "", StatusProbationary, "2020-02-20", false},
		{"an admission without the decision's date", nil, adm("", "2020-03-08"), "decision_date", "", "", false},
		{"a decision after the ceremony", nil, adm("2020-03-09", "2020-03-08"), "admission_date", "", "", false},
		{"a decision before the age of 18", nil, adm("2010-03-07", "2010-03-09"), "admission_decision_date", "", "", false},
		{"a record's decision date other than the event's", func(f *MemberFields) { f.DecisionDate = d("2020-02-21") }, adm("2020-02-20", "2020-03-08"), "admission_decision_date", "", "", false},
		{"another first event", nil, Event{Kind: EventRecognised, Date: d("2020-03-08")}, "kind", "", "", false},
		{"admission on another day than the record's", func(f *MemberFields) { f.AdmissionDate = d("2020-03-09") },
			adm("2020-02-20", "2020-03-08"), "admission_date", "", "", false},
		{"an admission after today", nil, adm("2026-11-20", "2026-11-24"), "admission_date", "", "", false},
		{"a transfer in after today", func(f *MemberFields) { f.AdmissionDate = d("2015-01-01") }, Event{Kind: EventTransferredIn, Date: d("2026-11-24")}, "date", "", "", false},
		{"a new member with an official date", func(f *MemberFields) { f.OfficialDate = d("2021-03-08") },
			adm("2020-02-20", "2020-03-08"), "official_date", "", "", false},
	} {
		f := base
		if c.edit != nil {
			c.edit(&f)
		}
		st, err := StartRecord(&f, c.first, today)
		e, _ := err.(*Error)
		switch {
		case c.field == "" && (err != nil || st.Status != c.want):
			t.Errorf("%s: %v %v", c.name, st.Status, err)
		case c.field == "" && (f.DecisionDate.ISO() != c.decision || f.DecisionCopied != c.copied):
			t.Errorf("%s: decision date %s copied %v, want %s %v", c.name, f.DecisionDate.ISO(), f.DecisionCopied, c.decision, c.copied)
		case c.field != "" && (e == nil || e.Fields[c.field] == ""):
			t.Errorf("%s: want a reason on %s, got %v", c.name, c.field, err)
		}
	}
}

// Rule: an event on a record is not after today, not before the record's
// last event, never an admission; the standing replays the history through
// State.Apply; a move goes to another cell.
func TestNextEvent(t *testing.T) {
	today := d("2026-11-23")
	m := Member{ID: 1, OrgID: 10, MemberFields: MemberFields{AdmissionDate: d("2019-11-07")}}
	history := []Event{{Kind: EventAdmitted, Date: d("2019-11-07")}}
	for _, c := range []struct {
		name  string
		e     Event
		field string
		want  Status
	}{
		{"recognition after the probation", Event{Kind: EventRecognised, Date: d("2021-01-20")}, "", StatusOfficial},
		{"after today", Event{Kind: EventDied, Date: d("2026-11-24")}, "date", ""},
		{"before the last event", Event{Kind: EventDied, Date: d("2019-01-01")}, "date", ""},
		{"an admission", Event{Kind: EventAdmitted, Date: d("2026-01-01")}, "kind", ""},
		{"recognition during probation", Event{Kind: EventRecognised, Date: d("2020-01-01")}, "kind", ""},
		{"a move to the same cell", Event{Kind: EventMoved, Date: d("2026-01-01"), ToOrgID: 10}, "to_org_id", ""},
		{"a move without a cell", Event{Kind: EventMoved, Date: d("2026-01-01")}, "to_org_id", ""},
		{"a removal without the committee's decision (Điều lệ Đảng, Điều 8)", Event{Kind: EventRemoved, Date: d("2026-01-01")}, "decision_number", ""},
		{"an expulsion without a decision", Event{Kind: EventExpelled, Date: d("2026-01-01"), Decision: "  "}, "decision_number", ""},
		{"a removal by decision", Event{Kind: EventRemoved, Date: d("2026-01-01"), Decision: "9-QĐ/ĐU"}, "", StatusRemoved},
	} {
		e := c.e
		_, next, err := NextEvent(m, history, &e, today)
		ge, _ := err.(*Error)
		switch {
		case c.field == "" && (err != nil || next.Status != c.want):
			t.Errorf("%s: %v %v", c.name, next.Status, err)
		case c.field != "" && (ge == nil || ge.Fields[c.field] == ""):
			t.Errorf("%s: want a reason on %s, got %v", c.name, c.field, err)
		}
	}
	// A discipline form goes only with a discipline.
	e := Event{Kind: EventExempted, Date: d("2026-01-01"), Discipline: "warning"}
	if _, _, err := NextEvent(m, history, &e, today); err != nil || e.Discipline != "" {
		t.Errorf("discipline kept on an exemption: %q %v", e.Discipline, err)
	}
	// An imported record carries its official date without an event.
	imp := Member{OrgID: 10, MemberFields: MemberFields{AdmissionDate: d("2000-01-01"), OfficialDate: d("2001-01-01")}}
	impHistory := []Event{{Kind: EventAdmitted, Date: d("2000-01-01")}, {Kind: EventExempted, Date: d("2020-01-01")}}
	e = Event{Kind: EventRestored, Date: d("2026-01-01")}
	if prev, next, err := NextEvent(imp, impHistory, &e, today); err != nil || !prev.Exempted || next.Exempted || next.Official.ISO() != "2001-01-01" {
		t.Errorf("imported record: %+v → %+v, %v", prev, next, err)
	}
}

// Rule: the admission's dates, the official date and the mark on a copied
// decision date change only through events (or the decision's
// confirmation), never in the edit form or a PUT.
func TestCheckEdit(t *testing.T) {
	before := Member{MemberFields: MemberFields{FullName: "Hà Thị Lan", Gender: Female, BirthDate: d("1995-12-01"), Ethnicity: "01",
		DecisionDate: d("2019-11-07"), AdmissionDate: d("2019-11-07"), DecisionCopied: true}}
	f := before.MemberFields
	f.AdmissionDate, f.DecisionDate, f.DecisionCopied = Date{}, Date{}, false
	if err := CheckEdit(before, &f, d("2026-11-23")); err != nil || !f.AdmissionDate.Equal(before.AdmissionDate) || !f.DecisionDate.Equal(before.DecisionDate) || !f.DecisionCopied {
		t.Errorf("blank dates, mark off: %v %s %s %v", err, f.AdmissionDate, f.DecisionDate, f.DecisionCopied)
	}
	for _, c := range []struct {
		field string
		edit  func(f *MemberFields)
	}{
		{"admission_date", func(f *MemberFields) { f.AdmissionDate = d("2019-11-08") }},
		{"admission_decision_date", func(f *MemberFields) { f.DecisionDate = d("2019-11-01") }},
	} {
		f := before.MemberFields
		c.edit(&f)
		if err := CheckEdit(before, &f, d("2026-11-23")); err == nil || err.(*Error).Fields[c.field] == "" {
			t.Errorf("changed %s: %v", c.field, err)
		}
	}
}

// Rule: confirming the decision's date of a record that copied the
// ceremony's sets it and clears the mark; it is not after the ceremony,
// nor before the member was 18, nor blank.
func TestConfirmDecisionDate(t *testing.T) {
	today := d("2026-11-23")
	m := Member{MemberFields: MemberFields{FullName: "Hà Thị Lan", Gender: Female, BirthDate: d("1995-12-01"), Ethnicity: "01",
		DecisionDate: d("2019-11-07"), AdmissionDate: d("2019-11-07"), DecisionCopied: true}}
	f, err := ConfirmDecisionDate(m, d("2019-10-25"), today)
	if err != nil || f.DecisionDate.ISO() != "2019-10-25" || f.DecisionCopied || f.AdmissionDate.ISO() != "2019-11-07" {
		t.Fatalf("confirmed: %+v %v", f, err)
	}
	for _, c := range []struct {
		name string
		d    Date
	}{
		{"blank", Date{}},
		{"after the ceremony", d("2019-11-08")},
		{"before the age of 18", d("2013-11-30")},
		{"after today", d("2026-11-24")},
	} {
		f, err := ConfirmDecisionDate(m, c.d, today)
		if e, ok := err.(*Error); !ok || e.Fields["admission_decision_date"] == "" || !f.DecisionCopied {
			t.Errorf("%s: %v %+v", c.name, err, f)
		}
	}
	if _, err := ConfirmDecisionDate(Member{}, d("2019-10-25"), today); ErrorCode(err) != CodeConflict {
		t.Errorf("a record without a ceremony: %v", err)
	}
}

// The placement rule: members live in open cells of the actor's scope.
func TestCheckPlacement(t *testing.T) {
	cell := Org{Name: "Chi bộ 1", Kind: KindCell}
	closed := cell
	closed.ValidTo = d("2025-07-01")
	for _, c := range []struct {
		o     Org
		found bool
		ok    bool
	}{{cell, true, true}, {cell, false, false}, {Org{Name: "Xã", Kind: KindCommune}, true, false}, {closed, true, false}} {
		err := CheckPlacement(c.o, c.found, "org_id")
		if (err == nil) != c.ok || (err != nil && err.(*Error).Fields["org_id"] == "") {
			t.Errorf("%+v found=%v: %v", c.o, c.found, err)
		}
	}
}

// What someone else changed reads field by field, in the table's words;
// the stale message says who and when, in Vietnam's time.
func TestMemberChangesAndStaleMessage(t *testing.T) {
	a := MemberFields{FullName: "Hà Thị Lan", Gender: Female, Phone: "0912345678", Education: "thcs"}
	b := a
	b.Phone, b.Education, b.Retired = "", "thpt", true
	got := MemberChanges(&a, &b)
	want := []string{"Điện thoại: 0912345678 → (để trống)", "Giáo dục phổ thông: Trung học cơ sở → Trung học phổ thông", "Nghỉ hưu: Không → Có"}
	if len(got) != len(want) {
		t.Fatalf("changes %+v", got)
	}
	for i := range got {
		if got[i].String() != want[i] {
			t.Errorf("change %d: %q, want %q", i, got[i].String(), want[i])
		}
	}
	e := ErrStale("Nguyễn Văn Bình", time.Date(2026, 11, 23, 2, 5, 0, 0, time.UTC))
	if e.Code != CodeStale || e.Message != "Hồ sơ đã được Nguyễn Văn Bình sửa lúc 09:05 23/11/2026 trong khi bạn đang sửa." {
		t.Errorf("stale: %+v", e)
	}
}
