package domain

import (
	"errors"
	"strings"
	"testing"
)

// fieldError returns the reason given for field, "" when there is none.
func fieldError(err error, field string) string {
	var e *Error
	if !errors.As(err, &e) || e.Code != CodeInvalid {
		return ""
	}
	return e.Fields[field]
}

// Rule (issue 8, OWASP ASVS 5.1.4/5.2.2): text that enters a record is
// checked for characters that break storage (NUL), deceive a reader (bidi
// overrides, invisible characters) or pass for another name (Cyrillic and
// Greek lookalikes), and the message names the field.
func TestTextHygieneMember(t *testing.T) {
	today := d("2026-11-23")
	tests := []struct {
		field string
		edit  func(*MemberFields, string)
		bad   string
		want  string
	}{
		{"full_name", func(m *MemberFields, v string) { m.FullName = v }, "Nguyễn Thị Hоng Thảo", "Họ và tên chứa ký tự không hợp lệ (chữ Kirin «о» (U+043E) trông giống chữ Latinh)."},
		{"full_name", func(m *MemberFields, v string) { m.FullName = v }, "Nguyễn Thị\x00 Thảo", "Họ và tên chứa ký tự không hợp lệ (ký tự NUL (mã 0))."},
		{"full_name", func(m *MemberFields, v string) { m.FullName = v }, "Nguyễn Thị \u202eoảhT", "Họ và tên chứa ký tự không hợp lệ (ký tự đổi chiều viết U+202E"},
		{"other_names", func(m *MemberFields, v string) { m.OtherNames = v }, "Thảo Ηồng", "Tên gọi khác chứa ký tự không hợp lệ (chữ Hy Lạp «Η»"},
		{"hometown", func(m *MemberFields, v string) { m.Hometown = v }, "Xã Hợp Châu\x00", "Quê quán chứa ký tự không hợp lệ (ký tự NUL"},
		{"birth_place", func(m *MemberFields, v string) { m.BirthPlace = v }, "Bệnh viện\u2067 Vĩnh Yên", "Nơi sinh chứa ký tự không hợp lệ (ký tự đổi chiều viết U+2067"},
		{"religion", func(m *MemberFields, v string) { m.Religion = v }, "Phật giáo\u200f", "Tôn giáo chứa"},
		{"citizen_id", func(m *MemberFields, v string) { m.CitizenID = v }, "00119001234\x00", "Số CCCD chứa ký tự không hợp lệ (ký tự NUL"},
		{"phone", func(m *MemberFields, v string) { m.Phone = v }, "0912\u202e345678", "Điện thoại chứa"},
		{"email", func(m *MemberFields, v string) { m.Email = v }, "thao@exаmple.vn", "Thư điện tử chứa ký tự không hợp lệ (chữ Kirin «а»"},
		{"address", func(m *MemberFields, v string) { m.Address = v }, "Thôn Đồng Bùa\x07", "Nơi ở hiện nay chứa ký tự không hợp lệ (ký tự điều khiển U+0007)."},
		{"card_number", func(m *MemberFields, v string) { m.CardNumber = v }, "79000111\x00", "Số thẻ đảng viên chứa"},
		{"file_number", func(m *MemberFields, v string) { m.FileNumber = v }, "НS-0012", "Số hồ sơ chứa ký tự không hợp lệ (chữ Kirin «Н»"},
		{"foreign_language", func(m *MemberFields, v string) { m.ForeignLanguage = v }, "Tiếng Anh\u061c B1", "Ngoại ngữ chứa"},
		{"occupation", func(m *MemberFields, v string) { m.Occupation = v }, "Giáo\u200bviên", "Nghề nghiệp chứa ký tự không hợp lệ (ký tự vô hình U+200B)."},
		{"workplace", func(m *MemberFields, v string) { m.Workplace = v }, "Trường THCS\u202a", "Nơi làm việc chứa"},
		{"party_position", func(m *MemberFields, v string) { m.PartyPosition = v }, "Chi ủy viên\x00", "Chức vụ Đảng chứa"},
		{"gov_position", func(m *MemberFields, v string) { m.GovPosition = v }, "Phó hiệu trưởng\u2066", "Chức vụ chính quyền chứa"},
		{"gender", func(m *MemberFields, v string) { m.Gender = Gender(v) }, "nu\x00", "Giới tính chứa"},
		{"ethnicity", func(m *MemberFields, v string) { m.Ethnicity = v }, "01\x00", "Dân tộc chứa"},
		{"education", func(m *MemberFields, v string) { m.Education = v }, "thpt\x00", "Giáo dục phổ thông chứa"},
		{"qualification", func(m *MemberFields, v string) { m.Qualification = v }, "dai_hoc\u202e", "Chuyên môn chứa"},
		{"theory_level", func(m *MemberFields, v string) { m.TheoryLevel = v }, "\x00", "Lý luận chính trị chứa"},
	}
	for _, tc := range tests {
		m := validMember()
		tc.edit(&m, tc.bad)
		err := m.Validate(today)
		if got := fieldError(err, tc.field); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s = %q: reason %q, want %q (%v)", tc.field, tc.bad, got, tc.want, err)
		}
	}
	// Real names of Kinh, Mường, Thái, Dao, H'Mông and Ê Đê members pass.
	for _, name := range []string{"Nguyễn Thị Hồng Thảo", "Đặng Văn Đức", "Hà Thị Lan", "Bùi Văn Mường", "Lò Thị Xuân", "Triệu Tài Vinh", "Giàng A Páo", "H'Hen Niê", "Y Moan Ênuôl"} {
		m := validMember()
		m.FullName = name
		if err := m.Validate(today); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestTextHygieneElsewhere(t *testing.T) {
	org := func(code, name string) error {
		return ValidateOrg(&OrgInput{Code: code, Name: name, Kind: KindCell, ValidFrom: d("2020-01-01")})
	}
	dec := func(num, reason string) error {
		return ValidateDecision(&Decision{Date: d("2025-07-01"), Number: num, Reason: reason})
	}
	meeting := func(edit func(*MeetingInput)) error {
		in := MeetingInput{Kind: MeetingRegular, HeldOn: d("2026-11-05"), Minutes: 95}
		edit(&in)
		return ValidateMeeting(in, d("2026-11-23"))
	}
	task := func(edit func(*TaskInput)) error {
		in := TaskInput{Title: "Tuyên truyền ở khu dân cư", From: d("2026-01-05")}
		edit(&in)
		return ValidateTask(in)
	}
	tests := []struct {
		name  string
		err   error
		field string
		want  string
	}{
		{"organisation name with a Cyrillic letter", org("X01-CB01", "Chi bộ thôn Đồng Bùа"), "name", "Tên tổ chức chứa ký tự không hợp lệ (chữ Kirin «а»"},
		{"organisation code with a Cyrillic Х", org("Х01-CB01", "Chi bộ thôn Đồng Bùa"), "code", "Mã tổ chức chứa ký tự không hợp lệ (chữ Kirin «Х»"},
		{"organisation name with NUL", org("X01-CB01", "Chi bộ\x00"), "name", "Tên tổ chức chứa ký tự không hợp lệ (ký tự NUL"},
		{"decision number with RLO", dec("12-QĐ/TU\u202e", ""), "decision_number", "Số quyết định chứa ký tự không hợp lệ (ký tự đổi chiều viết U+202E"},
		{"decision reason with NUL", dec("12-QĐ/TU", "Sáp nhập\x00"), "reason", "Lý do chứa"},
		{"meeting record with NUL", meeting(func(m *MeetingInput) { m.Record = "Biên bản\x00" }), "record", "Biên bản chứa ký tự không hợp lệ (ký tự NUL"},
		{"meeting agenda with RLI", meeting(func(m *MeetingInput) { m.Agenda = "1. Báo cáo\u2067" }), "agenda", "Chương trình chứa"},
		{"meeting place with LRM", meeting(func(m *MeetingInput) { m.Place = "Nhà văn hóa\u200e" }), "place", "Địa điểm chứa"},
		{"meeting chair with a lookalike", meeting(func(m *MeetingInput) { m.Chair = "Nguyễn Văn Аn" }), "chair", "Chủ trì chứa ký tự không hợp lệ (chữ Kirin"},
		{"meeting secretary", meeting(func(m *MeetingInput) { m.Secretary = "\x00" }), "secretary", "Thư ký chứa"},
		{"meeting guests", meeting(func(m *MeetingInput) { m.Guests = "\u202d" }), "guests", "Khách mời chứa"},
		{"meeting topic", meeting(func(m *MeetingInput) { m.Kind, m.Topic = MeetingThematic, "Học tập\u202e" }), "topic", "Chủ đề chứa"},
		{"task title with RLO", task(func(in *TaskInput) { in.Title = "Tuyên truyền\u202e" }), "title", "Nhiệm vụ chứa ký tự không hợp lệ (ký tự đổi chiều viết"},
		{"task description with NUL", task(func(in *TaskInput) { in.Description = "Mô tả\x00" }), "description", "Mô tả chứa"},
		{"task giver", task(func(in *TaskInput) { in.AssignedBy = "Chi ủy\u2069" }), "assigned_by", "Người giao chứa"},
		{"event reason with RLO", (&Event{Reason: "Ốm\u202e"}).CheckText(), "reason", "Lý do chứa ký tự không hợp lệ (ký tự đổi chiều viết"},
		{"event decision number with NUL", (&Event{Decision: "12\x00"}).CheckText(), "decision_number", "Số quyết định chứa"},
		{"file name with RLO", CheckDocumentName("bien-ban\u202efdp.exe"), "file", "Tên tệp chứa ký tự không hợp lệ (ký tự đổi chiều viết U+202E"},
		{"file name with NUL", CheckDocumentName("bien-ban.pdf\x00.exe"), "file", "Tên tệp chứa ký tự không hợp lệ (ký tự NUL"},
		{"file name with a zero-width space", CheckDocumentName("bien\u200bban.pdf"), "file", "Tên tệp chứa ký tự không hợp lệ (ký tự vô hình U+200B)."},
	}
	for _, tc := range tests {
		if got := fieldError(tc.err, tc.field); !strings.HasPrefix(got, tc.want) {
			t.Errorf("%s: reason %q, want %q (%v)", tc.name, got, tc.want, tc.err)
		}
	}
	for _, err := range []error{org("H01-X01-CB01", "Chi bộ Trường THCS Hợp Châu (cũ)"), dec("1-QĐ/ĐU", "Sáp nhập theo Nghị quyết 60-NQ/TW"),
		CheckDocumentName("Biên bản họp chi bộ tháng 11.pdf"), meeting(func(m *MeetingInput) {
			m.Record = "Đồng chí Bí thư nêu:\n- Kết quả quý III;\n\t+ 95% dự họp"
		})} {
		if err != nil {
			t.Errorf("valid input refused: %v", err)
		}
	}
}
