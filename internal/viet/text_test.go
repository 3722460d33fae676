package viet

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// Text hygiene: what a record may hold (issue 8: NUL gave 500 on PostgreSQL,
// bidi controls passed in file names and free text, lookalike letters in names).
func TestCheck(t *testing.T) {
	pass := []struct {
		kind Kind
		s    string
	}{
		// Names of Kinh people and of Mường, Thái, Dao, Tày, H'Mông, Ê Đê, Hoa members.
		{Proper, "Nguyễn Thị Hồng Thảo"},
		{Proper, "Đặng Văn Đức"},
		{Proper, "Hà Thị Lan"},
		{Proper, "Bùi Văn Mường"},
		{Proper, "Lò Thị Xuân"},
		{Proper, "Triệu Tài Vinh"},
		{Proper, "Nông Văn Dền"},
		{Proper, "Giàng A Páo"},
		{Proper, "Vàng Seo Phìn"},
		{Proper, "H'Hen Niê"},
		{Proper, "Y Moan Ênuôl"},
		{Proper, "Ksor H'Bơ Khăp"},
		{Proper, "Tăng Quốc Hùng"},
		{Proper, "Lưu Thị Thuỷ"},
		{Proper, "ĐOÀN THỊ ỨNG"},
		{Proper, norm.NFD.String("Nguyễn Thị Hồng Thảo")}, // decomposed, as macOS writes it
		{Proper, "Mlô Y Đŏng"},                            // Ê Đê ŏ
		{Proper, "Ơ" + "\u0306"},                          // a breve on ơ: no precomposed form
		// Organisations and codes.
		{Proper, "Chi bộ Trường THCS Hợp Châu (cũ)"},
		{Proper, "Đảng bộ Công ty CP Xi măng – Điện lực số 1"},
		{Proper, "H01-X01-CB01"},
		{Proper, "Chi bộ khu phố 1&2"},
		// One line and free text.
		{OneLine, "Thôn Đồng Bùa, xã Hợp Châu, tỉnh Phú Thọ"},
		{OneLine, "Biên bản họp chi bộ tháng 11.pdf"},
		{OneLine, "Tiếng Nga (Русский язык)"},    // a whole word in Cyrillic is not a lookalike
		{OneLine, "Kỹ sư\tđiện\r\nlực\u00a0cao"}, // white space of any kind: stored folded
		{FreeText, "Đồng chí Bí thư nêu:\n- Kết quả quý III;\n\t+ 95% đảng viên dự họp 👍\u200d"},
		{FreeText, "Hệ số α, β trong báo cáo"},
		{FreeText, "Văn bản dán từ Word có gạch mềm: công\u00adtác"},
		{FreeText, ""},
	}
	for _, tc := range pass {
		if why := Check(tc.kind, tc.s); why != "" {
			t.Errorf("Check(%d, %q) = %q, want it to pass", tc.kind, tc.s, why)
		}
	}
	fail := []struct {
		kind Kind
		s    string
		want string // part of the reason
	}{
		{FreeText, "Nguyễn\x00", "NUL"},
		{OneLine, "Hà Nội\x00", "NUL"},
		{Proper, "Lan\x00", "NUL"},
		{FreeText, "bad \xff\xfe bytes", "không phải UTF-8"},
		{FreeText, "chuông\x07", "điều khiển U+0007"},
		{FreeText, "C1 \u0085x\u0090", "điều khiển U+0090"},
		{FreeText, "xóa\x7f", "điều khiển U+007F"},
		// Every bidirectional control, in every kind of text.
		{OneLine, "tai-lieu\u202Efdp.exe", "đổi chiều viết U+202E"},
		{FreeText, "a\u202Ab", "U+202A"},
		{FreeText, "a\u202Bb", "U+202B"},
		{FreeText, "a\u202Cb", "U+202C"},
		{FreeText, "a\u202Db", "U+202D"},
		{FreeText, "a\u2066b", "U+2066"},
		{FreeText, "a\u2067b", "U+2067"},
		{FreeText, "a\u2068b", "U+2068"},
		{FreeText, "a\u2069b", "U+2069"},
		{FreeText, "a\u200Eb", "U+200E"},
		{FreeText, "a\u200Fb", "U+200F"},
		{FreeText, "a\u061Cb", "U+061C"},
		{Proper, "Nguyễn\u202EnăV", "đổi chiều viết"},
		// Invisible characters in a line or a name; tag characters everywhere.
		{Proper, "Nguyễn\u200bVăn An", "vô hình U+200B"},
		{OneLine, "Hà\u00adNội", "vô hình U+00AD"},
		{FreeText, "lệnh ẩn \U000E0041\U000E0042", "vô hình U+E0041"},
		{FreeText, "x\ufffd", "U+FFFD"},
		{FreeText, "x\uffff", "U+FFFF"},
		// Lookalikes: Cyrillic а (U+0430), о (U+043E), Greek ο (U+03BF), Α (U+0391).
		{Proper, "Nguyễn Văn Аn", "chữ Kirin «А» (U+0410)"},
		{Proper, "Nguyễn Thị Hоa", "chữ Kirin «о» (U+043E)"},
		{Proper, "Hοàng Văn Dũng", "chữ Hy Lạp «ο» (U+03BF)"},
		{Proper, "Иван Петров", "chữ Kirin"},
		{Proper, "Х01-CB01", "chữ Kirin «Х»"}, // an organisation code with a Cyrillic Х
		{OneLine, "Thôn Đồng Вùa", "chữ Kirin «В» (U+0412)"},
		{FreeText, "Chi bộ thôn Đồng Bùа đã họp", "chữ Kirin «а»"},
		// Latin letters that are not Vietnamese, other scripts, odd digits and marks.
		{Proper, "Nguyễn Văn Ａn", "U+FF21"},
		{Proper, "Nguyễn Văn ɑn", "U+0251"},
		{Proper, "Nguyễn Văn ᴀn", "U+1D00"},
		{Proper, "𝐍guyễn Văn An", "U+1D40D"},
		{Proper, "阮文安", "không thuộc bảng chữ cái Latinh"},
		{Proper, "Chi bộ số ١", "chữ số «١»"},
		{Proper, "Na\u0301\u0302\u0303m", "quá hai dấu"},
		{Proper, "\u0301Nam", "không đi sau chữ cái"},
		{Proper, "Nam\u20dd", "dấu lạ U+20DD"},
		{Proper, "Chi bộ \ue000", "không có trong bảng mã chuẩn"},
	}
	for _, tc := range fail {
		why := Check(tc.kind, tc.s)
		if why == "" || !strings.Contains(why, tc.want) {
			t.Errorf("Check(%d, %q) = %q, want a reason with %q", tc.kind, tc.s, why, tc.want)
		}
	}
}

// A member row is about 30 short fields; the check runs on each.
func BenchmarkCheck(b *testing.B) {
	fields := []string{"Nguyễn Thị Hồng Thảo", "Xã Hợp Châu, tỉnh Phú Thọ", "001190012345", "0912345678", "thao@example.vn", "Trường THCS Hợp Châu", "Giáo viên", "12/04/1990"}
	n := 0
	for _, f := range fields {
		n += len(f)
	}
	b.SetBytes(int64(n))
	for b.Loop() {
		for _, f := range fields {
			Check(Proper, f)
		}
	}
}
