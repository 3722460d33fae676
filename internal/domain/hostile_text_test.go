package domain

import "testing"

// Rule (RULES.md preamble; CONTRIBUTING: text typed by users is checked): the
// free text of the evaluation, discipline and screening — a self-review, a
// violation, a finding, a proposal's note, an appeal — refuses NUL, bidi
// overrides and lookalike letters, on the field that holds them.
func TestHostileTextRefused(t *testing.T) {
	today := d("2026-11-23")
	active := RatingFacts{Name: "Đức", Active: true}
	cell := Org{Name: "Chi bộ thôn Đồng Bùa", Kind: KindCell}
	subject := DisciplineSubject{Name: "Đức", Member: true, Status: StatusOfficial}
	found := []Ground{{Kind: GroundCard}}
	for _, bad := range []struct{ name, text string }{
		{"NUL", "Hoàn thành\x00 nhiệm vụ"},
		{"bidi override", "Hoàn thành \u202enhiệm vụ"},
		{"Cyrillic lookalike", "Hоàn thành nhiệm vụ"}, // о is Cyrillic
	} {
		for _, c := range []struct {
			name, field string
			check       func(string) error
		}{
			{"self-review", "text", func(s string) error {
				return CheckSelfReview(2026, active, &SelfReview{Text: s}, today)
			}},
			{"violation", "violation", func(s string) error {
				in := DisciplineInput{Form: FormReprimand, Violation: s, ViolatedOn: d("2026-03-01"), Entitled: 3, For: 2, Decision: "3-QĐ/CB", DecidedOn: d("2026-11-01")}
				return CheckDiscipline(subject, cell, 0, &in, today)
			}},
			{"finding", "note", func(s string) error {
				return CheckFinding(StatusOfficial, &FindingInput{Kind: FindingCardReturned, On: d("2026-11-01"), Note: s}, today)
			}},
			{"removal proposal", "note", func(s string) error {
				return CheckRemovalProposal("Đức", found, &RemovalProposal{Grounds: []GroundKind{GroundCard}, On: d("2026-11-20"), Note: s}, false, today)
			}},
			{"appeal", "text", func(s string) error {
				return CheckAppeal(d("2026-11-10"), false, &AppealInput{On: d("2026-11-20"), Text: s}, today)
			}},
		} {
			if err := c.check("Hoàn thành nhiệm vụ"); err != nil {
				t.Fatalf("%s: clean text refused: %v", c.name, err)
			}
			err := c.check(bad.text)
			e, ok := err.(*Error)
			if !ok || e.Fields[c.field] == "" {
				t.Errorf("%s with %s: %v, want a refusal on %s", c.name, bad.name, errText(err), c.field)
			}
		}
	}
}
