package sheet

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"dangvien/internal/domain"
)

// Limits bounds what an imported file may hold, so that a small hostile file
// cannot take the server's memory, disk or time. Each is far above what a
// real member list reaches: a province has at most about 300,000 members and
// the member sheet 30 columns; our own export of 100,000 members is a 16 MB
// .xlsx whose sheet unzips to 170 MB (10.7 times) and a 27 MB .csv.
type Limits struct {
	FileBytes     int64 // an .xlsx file, read whole into memory (compressed)
	CSVBytes      int64 // a .csv file
	UnzipBytes    int64 // all the parts of an .xlsx, unzipped
	OtherBytes    int64 // the parts that are neither a worksheet nor the shared strings, unzipped: excelize reads each whole
	ZipEntries    int   // parts of an .xlsx (a workbook has a dozen)
	Ratio         int64 // unzipped / zipped size of a part over RatioFloor; Apache POI refuses over 100 too
	RatioFloor    int64
	Rows          int // rows under the heading
	Columns       int // the last column that holds a value
	CellBytes     int // one cell (Excel itself holds at most 32,767 characters)
	TextBytes     int64
	BlankRun      int // blank rows in a row
	RecordBytes   int // one CSV record, and one line
	SharedStrings int // items of the shared-string table
	TagBytes      int // one XML tag with its attributes
}

// limits are the ones in force; tests shrink one at a time where building a
// file of the real size would take long.
var limits = Limits{
	FileBytes:     128 << 20,
	CSVBytes:      1 << 30,
	UnzipBytes:    2 << 30,
	OtherBytes:    64 << 20,
	ZipEntries:    1000,
	Ratio:         100,
	RatioFloor:    1 << 20,
	Rows:          1_000_000,
	Columns:       200,
	CellBytes:     32 << 10,
	TextBytes:     512 << 20,
	BlankRun:      10_000,
	RecordBytes:   1 << 20,
	SharedStrings: 4_000_000,
	TagBytes:      64 << 10,
}

// refuse makes the error a limit gives: invalid input, in Vietnamese, that
// says what was found, where, and the limit.
func refuse(format string, args ...any) *domain.Error {
	return &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf(format, args...)}
}

// num writes n with dots between thousands, as Vietnamese does.
func num[T int | int64 | uint64](n T) string {
	s := strconv.FormatInt(int64(n), 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// size writes a byte count in KB, MB or GB.
func size[T int | int64 | uint64](n T) string {
	switch v := int64(n); {
	case v >= 1<<30 && v%(1<<30) == 0:
		return num(v>>30) + " GB"
	case v >= 1<<20:
		return num(v>>20) + " MB"
	case v >= 1<<10:
		return num(v>>10) + " KB"
	default:
		return num(v) + " byte"
	}
}

// cellName is the A1 name of a cell, for messages.
func cellName(col, row int) string {
	var s []byte
	for c := col; c > 0; c = (c - 1) / 26 {
		s = append([]byte{byte('A' + (c-1)%26)}, s...)
	}
	return string(s) + strconv.Itoa(row)
}

func errRows() error {
	return refuse("Tệp có hơn %s dòng đảng viên: quá giới hạn nhập một lần (một tỉnh có khoảng 300.000 đảng viên). Hãy chia tệp theo đảng bộ xã, phường.", num(limits.Rows))
}

func errColumns(row, col int) error {
	return refuse("Ô %s có dữ liệu ở cột thứ %s; tệp nhập chỉ đọc đến cột thứ %s (mẫu có %d cột). Hãy xóa các cột thừa bên phải.", cellName(col, row), num(col), num(limits.Columns), len(Columns))
}

func errCell(row, col int) error {
	return refuse("Ô %s dài hơn %s, giới hạn của một ô: danh sách đảng viên không có ô nào dài như vậy.", cellName(col, row), size(limits.CellBytes))
}

func errBlankRun(from int) error {
	return refuse("Từ dòng %s có hơn %s dòng trống liên tiếp. Hãy xóa các dòng trống (cả những dòng trống đã định dạng ở cuối bảng), lưu lại rồi nhập.", num(from), num(limits.BlankRun))
}

func errText() error {
	return refuse("Tổng nội dung các ô của tệp vượt %s: không phải một danh sách đảng viên. Nếu tệp dùng một chuỗi rất dài lặp lại ở nhiều ô, hãy xóa chuỗi đó.", size(limits.TextBytes))
}

// guardedRows applies the limits to the rows of any file as they are read:
// the number of rows, the column of the last value, the size of each cell
// and of all of them, and runs of blank rows (a run ends the file too, as
// excelize turns a jump in row numbers into as many blank rows).
type guardedRows struct {
	rr        rowReader
	n         int // rows read, the heading included
	lastValue int // the last row with a value
	text      int64
}

func (g *guardedRows) Next() ([]string, error) {
	cells, err := g.rr.Next()
	if err != nil {
		return nil, err
	}
	g.n++
	if g.n > limits.Rows+1 {
		return nil, errRows()
	}
	blank := true
	for i, c := range cells {
		if len(c) > limits.CellBytes {
			return nil, errCell(g.n, i+1)
		}
		if g.text += int64(len(c)); g.text > limits.TextBytes {
			return nil, errText()
		}
		if blank && strings.TrimSpace(c) != "" {
			blank = false
		}
		if !blank && i >= limits.Columns && strings.TrimSpace(c) != "" {
			return nil, errColumns(g.n, i+1)
		}
	}
	if !blank {
		g.lastValue = g.n
	} else if g.n-g.lastValue > limits.BlankRun {
		return nil, errBlankRun(g.lastValue + 1)
	}
	return cells, nil
}

func (g *guardedRows) Close() error { return g.rr.Close() }

// csvGuard sits under the CSV reader and stops it, before it buffers a line
// or a record, at the limits of the whole file, of one line and of a run of
// empty lines (which encoding/csv skips without a word). A record spanning
// many lines (an unclosed quote) is bounded by recordEnd, which csvRows moves
// forward as it reads.
type csvGuard struct {
	r         io.Reader
	total     int64 // bytes passed up
	line      int   // the physical line being read, from 1
	lineLen   int
	lineText  bool // the line has more than a carriage return
	emptyRun  int
	recordEnd int64 // total must not pass it before the record ends
	recordAt  int   // the line the record starts on, about
	err       error
}

func newCSVGuard(r io.Reader) *csvGuard {
	return &csvGuard{r: r, line: 1, recordEnd: int64(limits.RecordBytes) + csvBuffer, recordAt: 1}
}

func (g *csvGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	g.total += int64(n)
	for b := p[:n]; len(b) > 0 && g.err == nil; {
		i := bytes.IndexByte(b, '\n')
		seg := b
		if i >= 0 {
			seg = b[:i]
		}
		g.lineLen += len(seg)
		g.lineText = g.lineText || len(bytes.Trim(seg, "\r")) > 0
		switch {
		case g.lineLen > limits.RecordBytes:
			g.err = refuse("Dòng %s của tệp CSV dài hơn %s: không phải một dòng danh sách đảng viên.", num(g.line), size(limits.RecordBytes))
		case i < 0:
			b = nil
		default:
			if g.lineText {
				g.emptyRun = 0
			} else if g.emptyRun++; g.emptyRun > limits.BlankRun {
				g.err = errBlankRun(g.line - g.emptyRun + 1)
			}
			g.line, g.lineLen, g.lineText = g.line+1, 0, false
			b = b[i+1:]
		}
	}
	switch {
	case g.err != nil:
	case g.total > limits.CSVBytes:
		g.err = refuse("Tệp CSV lớn hơn %s: quá giới hạn nhập một lần. Hãy chia tệp theo đảng bộ xã, phường.", size(limits.CSVBytes))
	case g.total > g.recordEnd:
		g.err = refuse("Dòng dữ liệu bắt đầu ở dòng %s của tệp CSV dài hơn %s, qua nhiều dòng (có thể một dấu ngoặc kép \" mở mà không đóng).", num(g.recordAt), size(limits.RecordBytes))
	}
	if g.err != nil {
		return 0, g.err
	}
	return n, err
}
