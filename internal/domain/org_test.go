package domain

import (
	"strings"
	"testing"
)

// A small tree for the rules: a province, a commune under it, a cell under
// the commune, and a cell closed on 1/7/2025.
var (
	tProvince = Org{ID: 1, Name: "Đảng bộ tỉnh", Kind: KindProvince, Path: "/1/", ValidFrom: MustDate("1955-01-01")}
	tCommune  = Org{ID: 2, Name: "Đảng bộ xã", Kind: KindCommune, ParentID: 1, Path: "/1/2/", ValidFrom: MustDate("1990-01-01")}
	tCell     = Org{ID: 3, Name: "Chi bộ thôn", Kind: KindCell, ParentID: 2, Path: "/1/2/3/", ValidFrom: MustDate("2000-01-01")}
	tClosed   = Org{ID: 4, Name: "Chi bộ cũ", Kind: KindCell, ParentID: 2, Path: "/1/2/4/", ValidFrom: MustDate("2000-01-01"), ValidTo: MustDate("2025-07-01")}
)

func codeOf(err error) Code {
	if err == nil {
		return ""
	}
	return ErrorCode(err)
}

func staffOf(o Org) Actor { return Actor{Role: RoleStaff, Paths: []string{o.Path}} }

// Rule: an organisation is created under an open parent of a kind that may
// contain it (Điều lệ Đảng, chương III), not before the parent was founded;
// only an administrator creates a province committee, which has no parent.
func TestCheckCreateOrg(t *testing.T) {
	cell := OrgInput{Code: "CB9", Name: "Chi bộ mới", Kind: KindCell, ValidFrom: MustDate("2020-01-01")}
	for _, tc := range []struct {
		name   string
		a      Actor
		parent *Org
		in     OrgInput
		want   Code
		field  string
	}{
		{"staff create a cell under their commune", staffOf(tCommune), &tCommune, cell, "", ""},
		{"a leader may not", Actor{Role: RoleLeader, Paths: []string{tCommune.Path}}, &tCommune, cell, CodeForbidden, ""},
		{"a secretary may not", Actor{Role: RoleSecretary, Paths: []string{tCell.Path}}, &tCommune, cell, CodeForbidden, ""},
		{"a cell has no sub-organisations", System, &tCell, cell, CodeInvalid, "kind"},
		{"not under a closed organisation", System, &tClosed, cell, CodeInvalid, "parent_id"},
		{"not founded before its parent", System, &tCommune, OrgInput{Code: "CB9", Name: "Chi bộ", Kind: KindCell, ValidFrom: MustDate("1980-01-01")}, CodeInvalid, "valid_from"},
		{"only a province has no parent", System, nil, cell, CodeInvalid, "parent_id"},
		{"an administrator creates a province", System, nil, OrgInput{Code: "T02", Name: "Đảng bộ tỉnh", Kind: KindProvince, ValidFrom: MustDate("2025-07-01")}, "", ""},
		{"staff do not create a province", staffOf(tCommune), nil, OrgInput{Code: "T02", Name: "Đảng bộ tỉnh", Kind: KindProvince, ValidFrom: MustDate("2025-07-01")}, CodeForbidden, ""},
	} {
		err := CheckCreateOrg(tc.a, tc.parent, tc.in)
		if codeOf(err) != tc.want || (tc.field != "" && err.(*Error).Fields[tc.field] == "") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// Rule: staff restructure the organisations below the one that gives them
// their scope, not that one; a closed organisation changes no more; a
// decision is not dated before the organisation was founded.
func TestCheckRestructure(t *testing.T) {
	on := MustDate("2026-01-01")
	for _, tc := range []struct {
		name string
		a    Actor
		o    Org
		on   Date
		want Code
	}{
		{"staff of the commune rename a cell below it", staffOf(tCommune), tCell, on, ""},
		{"staff may not restructure their own commune", staffOf(tCommune), tCommune, on, CodeForbidden},
		{"staff of the province restructure the commune", staffOf(tProvince), tCommune, on, ""},
		{"an administrator reaches the top", System, tProvince, on, ""},
		{"a leader only reads", Actor{Role: RoleLeader, Paths: []string{tProvince.Path}}, tCell, on, CodeForbidden},
		{"a closed organisation changes no more", System, tClosed, on, CodeConflict},
		{"not before it was founded", System, tCell, MustDate("1999-12-31"), CodeInvalid},
		{"on the day it was founded", System, tCell, MustDate("2000-01-01"), ""},
	} {
		if got := codeOf(CheckRestructure(tc.a, tc.o, tc.on)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// Rule: a new parent is open, outside the moved subtree, and of a kind that
// may contain the organisation.
func TestCheckMove(t *testing.T) {
	other := Org{ID: 5, Name: "Đảng bộ phường", Kind: KindCommune, ParentID: 1, Path: "/1/5/"}
	for _, tc := range []struct {
		name      string
		o, parent Org
		want      Code
	}{
		{"a cell to another commune", tCell, other, ""},
		{"a cell under a cell", tCell, tClosed, CodeInvalid},
		{"under a closed organisation", tCell, Org{Kind: KindCommune, Path: "/1/9/", ValidTo: MustDate("2025-07-01")}, CodeInvalid},
		{"under itself", tCommune, tCommune, CodeInvalid},
		{"under its own cell", tCommune, tCell, CodeInvalid},
		{"a commune under the province", tCommune, tProvince, ""},
		{"a commune under a commune", tCommune, other, CodeInvalid},
	} {
		if got := codeOf(CheckMove(tc.o, tc.parent)); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// Rule: a merger names its organisations once each, and one successor,
// existing or new (founded on the decision's date), under a numbered
// decision; an organisation with members of its own merges into a cell.
func TestMergeRules(t *testing.T) {
	dec := Decision{Date: MustDate("2025-07-01"), Number: "1656/NQ-UBTVQH15"}
	into := &OrgInput{Code: "X10", Name: "Đảng bộ xã mới", Kind: KindCommune, ParentID: 1}
	for _, tc := range []struct {
		name  string
		in    MergeInput
		field string
	}{
		{"into an existing one", MergeInput{SourceIDs: []int64{3, 4}, IntoID: 5, Decision: dec}, ""},
		{"into a new one", MergeInput{SourceIDs: []int64{2, 5}, Into: into, Decision: dec}, ""},
		{"a decision number is required", MergeInput{SourceIDs: []int64{3}, IntoID: 5, Decision: Decision{Date: dec.Date}}, "decision_number"},
		{"no source", MergeInput{IntoID: 5, Decision: dec}, "source_ids"},
		{"no successor", MergeInput{SourceIDs: []int64{3}, Decision: dec}, "source_ids"},
		{"two successors", MergeInput{SourceIDs: []int64{3}, IntoID: 5, Into: into, Decision: dec}, "source_ids"},
		{"a source twice", MergeInput{SourceIDs: []int64{3, 3}, IntoID: 5, Decision: dec}, "source_ids"},
		{"into itself", MergeInput{SourceIDs: []int64{3, 5}, IntoID: 5, Decision: dec}, "source_ids"},
		{"a new successor without a name", MergeInput{SourceIDs: []int64{3}, Into: &OrgInput{Code: "X11", Kind: KindCommune}, Decision: dec}, "name"},
	} {
		err := ValidateMerge(&tc.in)
		if (tc.field == "") != (err == nil) || (err != nil && err.(*Error).Fields[tc.field] == "") {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	in := MergeInput{SourceIDs: []int64{2}, Into: &OrgInput{Code: "X10", Name: "Xã mới", Kind: KindCommune}, Decision: dec}
	if ValidateMerge(&in); !in.Into.ValidFrom.Equal(dec.Date) {
		t.Errorf("a new successor is founded on the decision's date: %s", in.Into.ValidFrom)
	}
	if err := CheckAbsorb(tCell, tCommune, 2); codeOf(err) != CodeInvalid {
		t.Errorf("a cell with members into a commune: %v", err)
	}
	if err := CheckAbsorb(tCell, tClosed, 2); err != nil {
		t.Errorf("a cell with members into a cell: %v", err)
	}
	if err := CheckAbsorb(tCommune, tProvince, 0); err != nil {
		t.Errorf("a commune without members of its own: %v", err)
	}
}

// Rule: a split makes at least two organisations under the same parent,
// founded on the decision's date; every open sub-organisation and active
// member goes to exactly one of them, and only a cell takes members.
func TestSplitRules(t *testing.T) {
	dec := Decision{Date: MustDate("2026-01-15"), Number: "20-QĐ/ĐU"}
	part := func(code string, kind OrgKind, members ...int64) SplitPart {
		return SplitPart{Org: OrgInput{Code: code, Name: "Chi bộ " + code, Kind: kind}, MemberIDs: members}
	}
	if err := ValidateSplit(&SplitInput{Decision: dec, Parts: []SplitPart{part("S1", KindCell)}}); codeOf(err) != CodeInvalid {
		t.Errorf("one part: %v", err)
	}
	if err := ValidateSplit(&SplitInput{Decision: Decision{Number: "1"}, Parts: []SplitPart{part("S1", KindCell), part("S2", KindCell)}}); codeOf(err) != CodeInvalid {
		t.Errorf("no date: %v", err)
	}
	for _, tc := range []struct {
		name  string
		parts []SplitPart
		want  Code
	}{
		{"every member once", []SplitPart{part("S1", KindCell, 10), part("S2", KindCell, 11, 12)}, ""},
		{"a member left out", []SplitPart{part("S1", KindCell, 10), part("S2", KindCell, 11)}, CodeInvalid},
		{"a member twice", []SplitPart{part("S1", KindCell, 10, 11), part("S2", KindCell, 11, 12)}, CodeInvalid},
		{"a stranger", []SplitPart{part("S1", KindCell, 10, 13), part("S2", KindCell, 11, 12)}, CodeInvalid},
		{"members only to a cell", []SplitPart{part("S1", KindCell, 10), part("S2", KindPartial, 11, 12)}, CodeInvalid},
		{"a part without a code", []SplitPart{part("", KindCell, 10), part("S2", KindCell, 11, 12)}, CodeInvalid},
	} {
		in := SplitInput{Decision: dec, Parts: tc.parts}
		if got := codeOf(CheckSplit(tCell, &in, nil, []int64{12, 10, 11})); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
		if tc.want == "" && (in.Parts[1].Org.ParentID != tCell.ParentID || !in.Parts[1].Org.ValidFrom.Equal(dec.Date)) {
			t.Errorf("%s: a part goes under the parent from the decision's date: %+v", tc.name, in.Parts[1].Org)
		}
	}
	kids := []SplitPart{{Org: OrgInput{Code: "P1", Name: "Đảng bộ 1", Kind: KindPartial}, ChildIDs: []int64{3}}, {Org: OrgInput{Code: "P2", Name: "Đảng bộ 2", Kind: KindPartial}}}
	if err := CheckSplit(tCommune, &SplitInput{Decision: dec, Parts: kids}, []int64{3, 4}, nil); codeOf(err) != CodeInvalid {
		t.Errorf("a sub-organisation left out: %v", err)
	}
}

// Rule: an organisation is dissolved only with no open sub-organisation and
// no active member left (they are moved or merged first).
func TestCheckDissolve(t *testing.T) {
	for _, tc := range []struct {
		children, members int
		want              Code
	}{{0, 0, ""}, {1, 0, CodeConflict}, {0, 1, CodeConflict}} {
		if got := codeOf(CheckDissolve(tCell, tc.children, tc.members)); got != tc.want {
			t.Errorf("%d children, %d members: %q, want %q", tc.children, tc.members, got, tc.want)
		}
	}
}

// Rule: a member's standing follows from the events (State.Apply); a move
// of many members applies the same machine to each: not dated before a
// member's latest event, and only for a member on the roll.
func TestApplyEach(t *testing.T) {
	admitted := Event{Kind: EventAdmitted, Date: d("2015-05-19")}
	recognised := Event{Kind: EventRecognised, Date: d("2016-06-01")}
	thao := Record{MemberID: 1, Name: "Nguyễn Thị Hồng Thảo", Admitted: d("2015-05-19"), Events: []Event{admitted, recognised}}
	an := Record{MemberID: 2, Name: "Trần Văn An", Admitted: d("2026-01-10"), Events: []Event{{Kind: EventAdmitted, Date: d("2026-01-10")}}}
	imported := Record{MemberID: 3, Name: "Lê Thị Hoa", Admitted: d("1985-02-03"), Official: d("1986-02-03"),
		Events: []Event{{Kind: EventAdmitted, Date: d("1985-02-03")}}} // imported official: no recognition event
	dead := Record{MemberID: 4, Name: "Hà Thị Lan", Admitted: d("2019-11-07"), Events: []Event{{Kind: EventAdmitted, Date: d("2019-11-07")}, {Kind: EventDied, Date: d("2026-03-01")}}}
	move := func(on string) Event {
		return Event{Kind: EventMoved, Date: d(on), ToOrgID: 9, Decision: "05-QĐ/ĐU"}
	}
	states, err := ApplyEach([]Record{thao, an, imported}, move("2026-08-01"))
	if err != nil || len(states) != 3 || states[0].Status != StatusOfficial || states[1].Status != StatusProbationary || !states[2].Official.Equal(d("1986-02-03")) {
		t.Fatalf("a move keeps each standing: %+v %v", states, err)
	}
	_, err = ApplyEach([]Record{thao, an}, move("2025-08-01"))
	if codeOf(err) != CodeInvalid || err.(*Error).Fields["date"] == "" || !strings.Contains(err.Error(), "Trần Văn An") || strings.Contains(err.Error(), "Thảo") {
		t.Errorf("dated before An's admission: %v", err)
	}
	if _, err = ApplyEach([]Record{thao, dead}, move("2026-08-01")); codeOf(err) != CodeInvalid || !strings.Contains(err.Error(), "Hà Thị Lan") {
		t.Errorf("a member who died is not moved: %v", err)
	}
	if _, err = ApplyEach([]Record{thao}, Event{Kind: EventMoved, Date: d("2026-08-01")}); codeOf(err) != CodeInvalid {
		t.Errorf("a move names its cell: %v", err)
	}
	broken := Record{MemberID: 5, Name: "Đặng Văn Đức", Events: []Event{{Kind: EventRecognised, Date: d("2001-03-03")}}}
	if _, err = ApplyEach([]Record{broken}, move("2026-08-01")); codeOf(err) != CodeConflict || !strings.Contains(err.Error(), "Đặng Văn Đức") {
		t.Errorf("a history the rules refuse: %v", err)
	}
	var many []Record
	for i := range 5 {
		r := an
		r.MemberID, r.Name = int64(10+i), "Đảng viên "+string(rune('A'+i))
		many = append(many, r)
	}
	if _, err = ApplyEach(many, move("2025-01-01")); !strings.Contains(err.Error(), "5 đảng viên (Đảng viên A, Đảng viên B, Đảng viên C, …)") {
		t.Errorf("many names: %v", err)
	}
}
