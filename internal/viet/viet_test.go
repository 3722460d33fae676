package viet

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Nguyễn Thị Hồng Thảo", "nguyen thi hong thao"},
		{"ĐẶNG VĂN ĐỨC", "dang van duc"},
		{"Đỗ  Thị\tLệ", "do thi le"},
		{"Phạm Ngọc Ánh", "pham ngoc anh"},
		{"Hà Thị Hương Giang", "ha thi huong giang"},
		{"Nông Văn Dền", "nong van den"},
		// decomposed input (NFD) folds the same as precomposed
		{norm.NFD.String("Lưu Thị Thuỷ"), "luu thi thuy"},
		{"  ", ""},
		{"079203001234", "079203001234"},
	}
	for _, tc := range tests {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestClean(t *testing.T) {
	in := "  " + norm.NFD.String("Nguyễn   Văn Anh") + " "
	got := Clean(in)
	if got != "Nguyễn Văn Anh" || !norm.NFC.IsNormalString(got) {
		t.Fatalf("Clean = %q", got)
	}
}

func TestSplitName(t *testing.T) {
	tests := []struct {
		in   string
		want Name
	}{
		{"Nguyễn Thị Hồng Thảo", Name{"Nguyễn", "Thị Hồng", "Thảo"}},
		{"Lê Lợi", Name{"Lê", "", "Lợi"}},
		{"Thảo", Name{"", "", "Thảo"}},
		{"Tôn Nữ Thị Ninh", Name{"Tôn", "Nữ Thị", "Ninh"}},
		{"", Name{}},
	}
	for _, tc := range tests {
		if got := SplitName(tc.in); got != tc.want {
			t.Errorf("SplitName(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestSortOrder(t *testing.T) {
	// Expected order: by given name (Vietnamese collation), then family and middle.
	want := []string{
		"Trần Văn An",
		"Phạm Văn Anh",   // An < Anh: a prefix sorts first
		"Nguyễn Thị Ăn",  // ă is a letter of its own, after every a
		"Lê Thị Ân",      // â after ă
		"Hoàng Văn Dũng", // d
		"Vũ Minh Đức",    // đ after every d
		"Bùi Thị Hoa",
		"Nguyễn Thị Hồng Thảo",
		"Trần Thị Thảo", // same given name: family Nguyễn < Trần
		"Trần Thị Thu Thảo",
		"Đỗ Văn Tơ", // o < ô < ơ
		"Lý Văn Ư",
	}
	got := slices.Clone(want)
	slices.Reverse(got)
	slices.SortFunc(got, Compare)
	if !slices.Equal(got, want) {
		t.Fatalf("order:\n got %q\nwant %q", got, want)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Nguyễn Thị Hồng Thảo", "ĐĐđ", "\xff\xfe", "a\u0301\u0323", " \t\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Fold produced invalid UTF-8 from %q", s)
		}
		if Fold(got) != got {
			t.Fatalf("Fold not idempotent: %q -> %q -> %q", s, got, Fold(got))
		}
		_ = SortKey(s)
		_ = SplitName(s)
	})
}

// Keys made one after another by the pooled collator and its buffer are
// the keys a fresh collator makes, a long name (past the buffer's 4 KiB)
// between them included, and none is changed by the next.
func TestSortKeyReusesNoKey(t *testing.T) {
	names := []string{"Nguyễn Thị Hồng Thảo", "Lê Văn An", strings.Repeat("Ánh ", 1200) + "Ư", "Đặng Anh", "Ơ", ""}
	fresh := func(full string) []byte {
		n := SplitName(full)
		c := collate.New(language.Vietnamese)
		var b collate.Buffer
		key := append(append([]byte(nil), c.KeyFromString(&b, n.Given)...), 0x01)
		b.Reset()
		return append(key, c.KeyFromString(&b, strings.TrimSpace(n.Family+" "+n.Middle))...)
	}
	var got [][]byte
	for range 3 {
		for _, n := range names {
			got = append(got, SortKey(n))
		}
	}
	for i, k := range got {
		if want := fresh(names[i%len(names)]); !bytes.Equal(k, want) {
			t.Fatalf("%q: key %x, want %x", names[i%len(names)], k, want)
		}
	}
}
