package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dangvien/internal/domain"
)

// Hostile files, built here in code (no binary fixtures). Each is refused
// with a precise message, early: before excelize opens it where it can be,
// and with bounded memory. Issue 8: a 1 MB .xlsx holding one 1 GB cell took
// the server to 5.6 GB; 2 MB of blank rows worked for 101 s and wrote a 1 GB
// temporary file. TestHostilePeakRSS measures the process's memory on them.

// gen is an io.Reader that writes its content piece by piece, so a test can
// stream a file of gigabytes without holding it.
type gen struct {
	buf  bytes.Buffer
	next func(*bytes.Buffer) bool // writes the next piece; false at the end
	done bool
}

func (g *gen) Read(p []byte) (int, error) {
	for g.buf.Len() < len(p) && !g.done {
		g.done = !g.next(&g.buf)
	}
	if g.buf.Len() == 0 {
		return 0, io.EOF
	}
	return g.buf.Read(p)
}

func genOf(pieces ...func(*bytes.Buffer) bool) io.Reader {
	i := 0
	return &gen{next: func(b *bytes.Buffer) bool {
		for i < len(pieces) {
			if pieces[i](b) {
				return true
			}
			i++
		}
		return false
	}}
}

// once writes s once.
func once(s string) func(*bytes.Buffer) bool {
	done := false
	return func(b *bytes.Buffer) bool {
		if done {
			return false
		}
		done = true
		b.WriteString(s)
		return true
	}
}

// times calls f(i, b) for i in [0, n).
func times(n int, f func(i int, b *bytes.Buffer)) func(*bytes.Buffer) bool {
	i := 0
	return func(b *bytes.Buffer) bool {
		if i >= n {
			return false
		}
		f(i, b)
		i++
		return true
	}
}

// repeat writes n bytes of s repeated.
func repeat(s string, n int64) func(*bytes.Buffer) bool {
	chunk := strings.Repeat(s, (64<<10)/len(s))
	return func(b *bytes.Buffer) bool {
		if n <= 0 {
			return false
		}
		c := chunk
		if int64(len(c)) > n {
			c = c[:n]
		}
		b.WriteString(c)
		n -= int64(len(c))
		return true
	}
}

// random writes n random lower-case letters: text that does not compress
// much, to stay under the compression ratio while testing another limit.
func random(n int64) func(*bytes.Buffer) bool {
	r := rand.New(rand.NewPCG(1, 2))
	var chunk [64 << 10]byte
	return func(b *bytes.Buffer) bool {
		if n <= 0 {
			return false
		}
		c := chunk[:min(int64(len(chunk)), n)]
		for i := range c {
			c[i] = byte('a' + r.IntN(26))
		}
		b.Write(c)
		n -= int64(len(c))
		return true
	}
}

const sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
const sheetTail = `</sheetData></worksheet>`

// headingRow is row 1 with the template's headings, as inline strings.
func headingRow() string {
	var b strings.Builder
	b.WriteString(`<row r="1">`)
	for i, h := range Headings() {
		fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, cellName(i+1, 1), h)
	}
	b.WriteString(`</row>`)
	return b.String()
}

// goodRow is row n with a valid member, as inline strings.
func goodRow(n int) string {
	m := domain.Member{MemberFields: domain.MemberFields{FullName: "Hoàng Văn Dũng", Gender: domain.Male, BirthDate: domain.MustDate("1980-09-02"),
		Ethnicity: "01", AdmissionDate: domain.MustDate("2005-05-19")}}
	var b strings.Builder
	fmt.Fprintf(&b, `<row r="%d">`, n)
	for i, v := range Record(&m, "X01-CB01", nil) {
		if v != "" {
			fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, cellName(i+1, n), v)
		}
	}
	b.WriteString(`</row>`)
	return b.String()
}

// zpart is one part of a built .xlsx.
type zpart struct {
	name  string
	body  io.Reader
	store bool // stored, not deflated: quick to build, ratio 1
}

// xlsxFile builds a workbook around a worksheet (and shared strings).
func xlsxFile(t testing.TB, parts ...zpart) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	base := []zpart{
		{name: "[Content_Types].xml", body: strings.NewReader(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`)},
		{name: "_rels/.rels", body: strings.NewReader(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`)},
		{name: "xl/workbook.xml", body: strings.NewReader(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Đảng viên" sheetId="1" r:id="rId1"/></sheets></workbook>`)},
		{name: "xl/_rels/workbook.xml.rels", body: strings.NewReader(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`)},
	}
	for _, p := range append(base, parts...) {
		h := &zip.FileHeader{Name: p.name, Method: zip.Deflate}
		if p.store {
			h.Method = zip.Store
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, p.body); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func sheetPart(store bool, rows ...func(*bytes.Buffer) bool) zpart {
	pieces := append([]func(*bytes.Buffer) bool{once(sheetHead)}, rows...)
	return zpart{name: "xl/worksheets/sheet1.xml", body: genOf(append(pieces, once(sheetTail))...), store: store}
}

func sstPart(items ...string) zpart {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(items), len(items))
	for _, s := range items {
		fmt.Fprintf(&b, `<si><t>%s</t></si>`, s)
	}
	b.WriteString(`</sst>`)
	return zpart{name: "xl/sharedStrings.xml", body: strings.NewReader(b.String())}
}

// hostile is one attack: the file's name and a way to open it.
type hostile struct {
	name, file string
	open       func(t testing.TB) io.Reader
	want       string // part of the refusal's message
}

func hostiles() []hostile {
	bytesOf := func(f func(t testing.TB) []byte) func(t testing.TB) io.Reader {
		return func(t testing.TB) io.Reader { return bytes.NewReader(f(t)) }
	}
	return []hostile{
		{"zip bomb: a 1 GB cell in a 1 MB file", "bom.xlsx", bytesOf(func(t testing.TB) []byte {
			return xlsxFile(t, sheetPart(false, once(headingRow()+`<row r="2"><c r="B2" t="inlineStr"><is><t>`), repeat("A", 1<<30), once(`</t></is></c></row>`)))
		}), "nén bất thường"},
		{"blank rows: 1 GB of <row/> in a 1 MB file", "dong-trong-bom.xlsx", bytesOf(func(t testing.TB) []byte {
			return xlsxFile(t, sheetPart(false, once(headingRow()), repeat("<row/>", 1<<30)))
		}), "nén bất thường"},
		{"a 4 MB cell that does not compress", "o-lon.xlsx", bytesOf(func(t testing.TB) []byte {
			return xlsxFile(t, sheetPart(false, once(headingRow()+`<row r="2"><c r="B2" t="inlineStr"><is><t>`), random(4<<20), once(`</t></is></c></row>`)))
		}), "Ô B2 dài hơn 32 KB"},
		{"a 4 MB shared string", "chuoi-lon.xlsx", bytesOf(func(t testing.TB) []byte {
			var s bytes.Buffer
			io.Copy(&s, genOf(random(4<<20)))
			return xlsxFile(t, sstPart(s.String()), sheetPart(false, once(headingRow()+`<row r="2"><c r="B2" t="s"><v>0</v></c></row>`)))
		}), "Chuỗi dùng chung thứ 1 của tệp Excel dài hơn 32 KB"},
		{"2 million blank rows", "dong-trong.xlsx", bytesOf(func(t testing.TB) []byte {
			return xlsxFile(t, sheetPart(false, once(headingRow()), times(2_000_000, func(i int, b *bytes.Buffer) { fmt.Fprintf(b, `<row r="%d"/>`, i+2) })))
		}), "Từ dòng 2 có hơn 10.000 dòng trống liên tiếp"},
		{"a jump to row 1,048,576", "nhay-dong.xlsx", bytesOf(func(t testing.TB) []byte {
			return xlsxFile(t, sheetPart(false, once(headingRow()+goodRow(2)+`<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>X01-CB01</t></is></c></row>`)))
		}), "Từ dòng 3 có hơn 10.000 dòng trống liên tiếp"},
		{"1,000,001 members", "trieu-dong.xlsx", bytesOf(func(t testing.TB) []byte {
			return xlsxFile(t, sheetPart(false, once(headingRow()), times(1_000_001, func(i int, b *bytes.Buffer) {
				fmt.Fprintf(b, `<row r="%d"><c r="B%d" t="inlineStr"><is><t>%d</t></is></c></row>`, i+2, i+2, i)
			})))
		}), "Tệp có hơn 1.000.000 dòng đảng viên"},
		{"a value in column 16,384", "cot-xa.xlsx", bytesOf(func(t testing.TB) []byte {
			return xlsxFile(t, sheetPart(false, once(headingRow()+`<row r="2"><c r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>`)))
		}), "Ô XFD2 có dữ liệu ở cột thứ 16.384; tệp nhập chỉ đọc đến cột thứ 200"},
		{"a formula cell in column 201, without a value", "cong-thuc.xlsx", bytesOf(func(t testing.TB) []byte {
			return xlsxFile(t, sheetPart(false, once(headingRow()+`<row r="2"><c r="GS2"><f/></c></row>`)))
		}), "Ô GS2 có dữ liệu ở cột thứ 201"},
		{"one shared string of 30 KB in 600,000 cells", "chuoi-lap.xlsx", bytesOf(func(t testing.TB) []byte {
			var s bytes.Buffer
			io.Copy(&s, genOf(random(30_000)))
			return xlsxFile(t, sstPart(s.String()), sheetPart(false, once(headingRow()), times(20_000, func(i int, b *bytes.Buffer) {
				fmt.Fprintf(b, `<row r="%d">`, i+2)
				for c := 1; c <= 30; c++ {
					fmt.Fprintf(b, `<c r="%s" t="s"><v>0</v></c>`, cellName(c, i+2))
				}
				b.WriteString(`</row>`)
			})))
		}), "Tổng nội dung các ô của tệp vượt 512 MB"},
		{"5 million shared strings", "nhieu-chuoi.xlsx", bytesOf(func(t testing.TB) []byte {
			sst := genOf(once(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`),
				times(5_000_000, func(i int, b *bytes.Buffer) { fmt.Fprintf(b, "<si><t>%x</t></si>", i) }), once(`</sst>`))
			return xlsxFile(t, zpart{name: "xl/sharedStrings.xml", body: sst}, sheetPart(false, once(headingRow())))
		}), "hơn 4.000.000 chuỗi dùng chung"},
		{"2,000 parts", "nhieu-phan.xlsx", bytesOf(func(t testing.TB) []byte {
			var ps []zpart
			for i := range 2000 {
				ps = append(ps, zpart{name: fmt.Sprintf("xl/media/a%d.bin", i), body: strings.NewReader("x")})
			}
			return xlsxFile(t, append(ps, sheetPart(false, once(headingRow())))...)
		}), "Tệp Excel có 2.005 phần bên trong"},
		{"a 1 MB tag", "the-dai.xlsx", bytesOf(func(t testing.TB) []byte {
			return xlsxFile(t, sheetPart(false, once(headingRow()+`<row r="2" x="`), random(1<<20), once(`"/>`)))
		}), "một thẻ XML dài hơn 64 KB"},
		{"a '>' inside an attribute hides a cell's column", "thuoc-tinh.xlsx", bytesOf(func(t testing.TB) []byte {
			return xlsxFile(t, sheetPart(false, once(headingRow()+`<row r="2"><c x=">" r="XFD2" t="inlineStr"><is><t>x</t></is></c></row>`)))
		}), "Ô XFD2 có dữ liệu ở cột thứ 16.384"},
		{"a DOCTYPE", "doctype.xlsx", bytesOf(func(t testing.TB) []byte {
			return xlsxFile(t, zpart{name: "xl/worksheets/sheet1.xml", body: strings.NewReader(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>` + sheetHead[strings.Index(sheetHead, "<worksheet"):] + headingRow() + sheetTail)})
		}), "khai báo <!DOCTYPE"},
		{"a NUL byte in the XML", "nul.xlsx", bytesOf(func(t testing.TB) []byte {
			return xlsxFile(t, sheetPart(false, once(headingRow()+"<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>Lan\x00</t></is></c></row>"+goodRow(3))))
		}), "byte điều khiển 0x00"},
		{"an encrypted workbook", "mat-khau.xlsx", func(t testing.TB) io.Reader {
			return strings.NewReader("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 504))
		}, "đã đặt mật khẩu"},
		{"a CSV with a 100 MB line", "dong-dai.csv", func(t testing.TB) io.Reader {
			return genOf(once(strings.Join(Headings(), ",")+"\nX01-CB01,"), repeat("A", 100<<20), once("\n"))
		}, "Dòng 2 của tệp CSV dài hơn 1 MB"},
		{"a CSV with an unclosed quote", "ngoac.csv", func(t testing.TB) io.Reader {
			return genOf(once(strings.Join(Headings(), ",")+"\nX01-CB01,\""), repeat("Nguyễn Văn An\n", 100<<20), once("\n"))
		}, "Dòng dữ liệu bắt đầu ở dòng 2 của tệp CSV dài hơn 1 MB, qua nhiều dòng (có thể một dấu ngoặc kép"},
		{"a CSV with 201 fields", "cot.csv", func(t testing.TB) io.Reader {
			return strings.NewReader(strings.Join(Headings(), ",") + "\n" + strings.Repeat(",", 200) + "x\n")
		}, "Ô GS2 có dữ liệu ở cột thứ 201"},
		{"a CSV with 2 million empty lines", "trong.csv", func(t testing.TB) io.Reader {
			return genOf(once(strings.Join(Headings(), ",")+"\n"), repeat("\r\n", 4_000_000), once(goodCSV))
		}, "Từ dòng 2 có hơn 10.000 dòng trống liên tiếp"},
		{"a CSV with 2 million blank records", "trong2.csv", func(t testing.TB) io.Reader {
			return genOf(once(strings.Join(Headings(), ",")+"\n"), repeat(",,,\n", 8_000_000))
		}, "Từ dòng 2 có hơn 10.000 dòng trống liên tiếp"},
		// Every row counts, notes too: these are quick to read, so the test
		// reaches the limit in a second.
		{"a CSV with 1,000,001 rows", "trieu.csv", func(t testing.TB) io.Reader {
			return genOf(once(strings.Join(Headings(), ",")+"\n"), times(1_000_001, func(i int, b *bytes.Buffer) { fmt.Fprintf(b, "# %d\n", i) }))
		}, "Tệp có hơn 1.000.000 dòng đảng viên"},
		{"a CSV with a 64 KB cell", "o-dai.csv", func(t testing.TB) io.Reader {
			return genOf(once(strings.Join(Headings(), ",")+"\nX01-CB01,"), repeat("Nguyễn ", 64<<10), once("\n"))
		}, "Ô B2 dài hơn 32 KB"},
	}
}

// parseAll reads a file as an import does, without a database: every row
// parsed and checked, and the problems kept, as the store keeps them for
// the answer and the error copy.
func parseAll(name string, r io.Reader) (rows, problems int, err error) {
	var kept []domain.RowError
	defer func() { problems = len(kept) }()
	rr, err := openRows(name, r)
	if err != nil {
		return 0, 0, err
	}
	defer rr.Close()
	header, err := rr.Next()
	if err != nil {
		return 0, 0, err
	}
	idx, _ := columnIndex(header)
	for n := 2; ; n++ {
		cells, err := rr.Next()
		if errors.Is(err, io.EOF) {
			return rows, problems, nil
		}
		if err != nil {
			return rows, problems, err
		}
		if blank(cells) || note(cells) {
			continue
		}
		_, errs := parseRow(n, cells, idx, "X01-CB01", today)
		rows++
		kept = append(kept, errs...)
	}
}

// peakHeap runs f and returns the most memory the heap's objects took
// above what they took before, sampled every millisecond.
func peakHeap(f func()) uint64 {
	read := func() uint64 {
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		metrics.Read(s)
		return s[0].Value.Uint64()
	}
	runtime.GC()
	base := read()
	var peak atomic.Uint64
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			if v := read(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(done)
	<-stopped
	return max(peak.Load(), base) - base
}

func TestHostileFiles(t *testing.T) {
	for _, h := range hostiles() {
		t.Run(h.name, func(t *testing.T) {
			r := h.open(t)
			var err error
			heap := peakHeap(func() { _, _, err = parseAll(h.file, r) })
			var de *domain.Error
			if !errors.As(err, &de) || de.Code != domain.CodeInvalid || !strings.Contains(de.Message, h.want) {
				t.Fatalf("got %v, want a refusal with %q", err, h.want)
			}
			// A bound on memory, not a timing: the files unpack to up to a
			// gigabyte; refused early, they take a few megabytes.
			if heap > 128<<20 {
				t.Errorf("parsing took %d MB of heap", heap>>20)
			}
			t.Logf("heap %.1f MB: %s", float64(heap)/(1<<20), de.Message)
		})
	}
}

// A worksheet may stand at any path the workbook's relations name; such a
// part is scanned too, and excelize reads it.
func TestWorksheetElsewhere(t *testing.T) {
	file := func(rows string) []byte {
		return xlsxFile(t,
			zpart{name: "xl/_rels/workbook.xml.rels", body: strings.NewReader(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="data.xml"/></Relationships>`)},
			zpart{name: "xl/data.xml", body: strings.NewReader(sheetHead + headingRow() + rows + sheetTail)})
	}
	// The base parts already hold a workbook.xml.rels; the second one wins in excelize.
	rows, problems, err := parseAll("a.xlsx", bytes.NewReader(file(goodRow(2))))
	if err != nil || rows != 1 || problems != 0 {
		t.Fatalf("a good sheet at xl/data.xml: %d rows, %d problems, %v", rows, problems, err)
	}
	_, _, err = parseAll("a.xlsx", bytes.NewReader(file("<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>Lan\x01</t></is></c></row>")))
	if err == nil || !strings.Contains(err.Error(), "byte điều khiển 0x01") {
		t.Fatalf("control byte in a sheet elsewhere: %v", err)
	}
	var long bytes.Buffer
	io.Copy(&long, genOf(random(2<<20)))
	_, _, err = parseAll("a.xlsx", bytes.NewReader(file(`<row r="2"><c r="B2" t="inlineStr"><is><t>`+long.String()+`</t></is></c></row>`)))
	if err == nil || !strings.Contains(err.Error(), "dài hơn 1 MB") {
		t.Fatalf("a 2 MB cell in a sheet elsewhere: %v", err)
	}
}

// The scanner and the zip checks read bytes an attacker chose: they must
// never panic nor loop, whatever they get.
func FuzzCheckXLSX(f *testing.F) {
	f.Add(xlsxFile(f, sheetPart(false, once(headingRow()+goodRow(2)))))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("PK\x05\x06\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00\x00"))
	f.Add([]byte(sheetHead + `<row r="2"><c r="B2" x=">"><v>1</v></c><c/><![CDATA[x]]><!-- c --><?p?></row>` + sheetTail))
	f.Fuzz(func(t *testing.T, b []byte) {
		checkXLSX(bytes.NewReader(b), int64(len(b)))
		scanPart(partSheet, bytes.NewReader(b))
		scanPart(partStrings, bytes.NewReader(b))
		scanPart(partOther, bytes.NewReader(b))
	})
}
