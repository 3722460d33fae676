package sheet

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"dangvien/internal/viet"
)

var errNotXLSX = refuse("Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx.")

// checkXLSX looks at an .xlsx before excelize opens it, and refuses a file
// that would cost far more to open than a member list does. excelize reads
// every part but the big worksheets and shared strings into memory, copies
// those to temporary files, and builds each cell's text whole; so a 1 MB
// file holding a 1 GB cell took 5.6 GB of memory, and 2 MB of blank rows
// 101 s and a 1 GB temporary file. The checks, cheapest first:
//   - the zip's central directory: how many parts, the size of each unzipped
//     and of all, and how much each is compressed (Go's zip reader holds a
//     part to the size the directory declares, so these sizes can be trusted);
//   - one streaming pass over each worksheet and the shared strings, in
//     constant memory: the size of each cell, tag and text, the row and
//     column of each value, runs of blank rows, the number of shared strings.
func checkXLSX(r io.ReaderAt, n int64) error {
	head := make([]byte, 8)
	r.ReadAt(head, 0)
	switch {
	case bytes.Equal(head, []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")):
		return refuse("Tệp là Excel 97–2003 (.xls) hoặc đã đặt mật khẩu. Hãy mở bằng Excel, bỏ mật khẩu, lưu thành .xlsx rồi nhập lại.")
	case !bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return errNotXLSX
	}
	if err := checkDirectory(r, n); err != nil {
		return err
	}
	zr, err := zip.NewReader(r, n)
	if err != nil {
		return errNotXLSX
	}
	var total, other uint64
	for _, f := range zr.File {
		u, c := f.UncompressedSize64, f.CompressedSize64
		total += u
		kind := partKind(f.Name)
		if kind == partOther {
			other += u
		}
		switch {
		case total > uint64(limits.UnzipBytes):
			return refuse("Tệp Excel giải nén ra hơn %s: quá giới hạn của một danh sách đảng viên (danh sách 100.000 người chỉ khoảng 170 MB).", size(limits.UnzipBytes))
		case u > uint64(limits.RatioFloor) && u > uint64(limits.Ratio)*c:
			return refuse("Tệp Excel bị nén bất thường: phần «%s» giải nén từ %s ra %s, gấp %s lần (tệp Excel thật không quá %d lần). Tệp có thể là «bom nén»; nếu là tệp thật, hãy mở bằng Excel và lưu lại.", shown(f.Name), size(c), size(u), num(u/max(c, 1)), limits.Ratio)
		case other > uint64(limits.OtherBytes):
			return refuse("Các phần phụ của tệp Excel (kiểu trình bày, hình ảnh…) giải nén ra hơn %s. Hãy xóa hình ảnh, lưu lại rồi nhập.", size(limits.OtherBytes))
		}
	}
	for _, f := range zr.File {
		kind := partKind(f.Name)
		if kind == partOther && !isXML(f.Name) {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return errNotXLSX
		}
		err = scanPart(kind, rc)
		rc.Close()
		var se *scanError
		if errors.As(err, &se) {
			return errNotXLSX
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// shown is a part's name as a message may show it: quoted in ASCII when it
// holds characters a reader could be fooled by.
func shown(name string) string {
	if viet.Check(viet.OneLine, name) != "" {
		return strconv.QuoteToASCII(name)
	}
	return name
}

// checkDirectory reads the end of the zip's central directory and refuses a
// directory with more entries, or bigger, than a workbook has, before Go's
// zip reader allocates a header for each (about 200 bytes per 46 bytes of
// directory).
func checkDirectory(r io.ReaderAt, n int64) error {
	const eocdLen, locatorLen = 22, 20
	// The end of the file: the end record, its comment, the zip64 locator.
	tailAt := max(0, n-eocdLen-65535-locatorLen)
	b := make([]byte, n-tailAt)
	if _, err := r.ReadAt(b, tailAt); err != nil {
		return errNotXLSX
	}
	// The record Go's zip reader takes: the last signature whose comment
	// fits in the file.
	i := len(b)
	for {
		i = bytes.LastIndex(b[:i], []byte("PK\x05\x06"))
		if i < 0 {
			return errNotXLSX
		}
		if i+eocdLen <= len(b) && i+eocdLen+int(binary.LittleEndian.Uint16(b[i+20:])) <= len(b) {
			break
		}
	}
	eocd := b[i:]
	entries := uint64(binary.LittleEndian.Uint16(eocd[10:]))
	dirSize := uint64(binary.LittleEndian.Uint32(eocd[12:]))
	if entries == 0xffff || dirSize == 0xffff || binary.LittleEndian.Uint32(eocd[16:]) == 0xffffffff {
		// Zip64: the real counts are in the zip64 end record, found through
		// the locator just before this one.
		loc := i - locatorLen
		if loc < 0 || !bytes.HasPrefix(b[loc:], []byte("PK\x06\x07")) {
			return errNotXLSX
		}
		rec := make([]byte, 56)
		off := binary.LittleEndian.Uint64(b[loc+8:])
		if off > uint64(n) {
			return errNotXLSX
		}
		if _, err := r.ReadAt(rec, int64(off)); err != nil || !bytes.HasPrefix(rec, []byte("PK\x06\x06")) {
			return errNotXLSX
		}
		entries = binary.LittleEndian.Uint64(rec[32:])
		dirSize = binary.LittleEndian.Uint64(rec[40:])
	}
	if entries > uint64(limits.ZipEntries) || dirSize > uint64(limits.ZipEntries)*1024 {
		return refuse("Tệp Excel có %s phần bên trong (một bảng tính chỉ có vài chục): tệp hỏng hoặc được tạo để gây hại.", num(entries))
	}
	return nil
}

type part int

const (
	partOther part = iota
	partSheet
	partStrings
)

// partKind names a part the way excelize does when it decides what to
// stream from a temporary file.
func partKind(name string) part {
	n := strings.ToLower(strings.ReplaceAll(name, "\\", "/"))
	switch {
	case strings.HasPrefix(n, "xl/worksheets/sheet"):
		return partSheet
	case n == "xl/sharedstrings.xml":
		return partStrings
	}
	return partOther
}

// isXML tells the parts excelize may parse as XML. A worksheet can stand at
// any path the workbook's relations name, so these are scanned too, with
// looser limits than a worksheet's.
func isXML(name string) bool {
	n := strings.ToLower(name)
	return strings.HasSuffix(n, ".xml") || strings.HasSuffix(n, ".rels") || strings.HasSuffix(n, ".vml")
}

// otherMax bounds a text and a tag in a part that is neither a worksheet
// nor the shared strings.
const otherMax = 1 << 20

// scanError is XML the scanner cannot follow; excelize would refuse it too.
type scanError struct{}

func (*scanError) Error() string { return "xml" }

// scanner walks SpreadsheetML as bytes, without building tokens, keeping
// only counters: so its memory does not grow with what the file holds.
type scanner struct {
	br              *bufio.Reader
	kind            part
	tag             []byte // the tag being read, at most tagMax
	textMax, tagMax int

	// worksheet
	row, lastValue int // the row being read and the last row with a value
	col            int // the column of the cell being read
	inCell, value  bool
	cellText       int
	// shared strings
	items, itemText int
	inItem          bool
}

func scanPart(kind part, r io.Reader) error {
	s := &scanner{br: bufio.NewReaderSize(r, 64<<10), kind: kind, textMax: limits.CellBytes, tagMax: limits.TagBytes}
	if kind == partOther {
		s.textMax, s.tagMax = otherMax, otherMax
	}
	if err := s.run(); err != nil {
		return err
	}
	if kind == partSheet && s.row-s.lastValue > limits.BlankRun {
		return errBlankRun(s.lastValue + 1)
	}
	return nil
}

func (s *scanner) run() error {
	for {
		// Text up to the next tag.
		n := 0
		for {
			chunk, err := s.br.ReadSlice('<')
			text := len(chunk)
			if err == nil {
				text--
			}
			n += text
			if err := s.text(chunk[:text], n, err == nil); err != nil {
				return err
			}
			if err == nil {
				break
			}
			if err == io.EOF {
				return nil
			}
			if err != bufio.ErrBufferFull {
				return &scanError{}
			}
		}
		if err := s.markup(); err != nil {
			return err
		}
	}
}

// text counts a piece of text; n is the length of the text node so far,
// whole whether this piece ends it.
func (s *scanner) text(b []byte, n int, whole bool) error {
	if len(b) == 0 {
		return nil
	}
	switch {
	case s.inCell:
		s.cellText += len(b)
		if s.cellText > limits.CellBytes {
			return errCell(s.row, s.col)
		}
		if !s.value && len(bytes.TrimSpace(b)) > 0 {
			if err := s.hasValue(); err != nil {
				return err
			}
		}
	case s.inItem:
		s.itemText += len(b)
		if s.itemText > limits.CellBytes {
			return refuse("Chuỗi dùng chung thứ %s của tệp Excel dài hơn %s, giới hạn của một ô.", num(s.items), size(limits.CellBytes))
		}
	case n > s.textMax:
		return refuse("Tệp Excel có một đoạn văn bản dài hơn %s ngoài các ô: tệp hỏng hoặc được tạo để gây hại.", size(s.textMax))
	}
	return s.plain(b, whole)
}

// plain refuses bytes XML cannot hold: control characters and what is not
// UTF-8. Go's XML decoder stops at them, and excelize takes that stop for
// the end of the sheet, so the rows after one would be lost without a word.
// Only a piece that is whole is checked for UTF-8: a longer text comes in
// pieces that may cut a character (in a worksheet, such a text is refused
// for its length first).
func (s *scanner) plain(b []byte, whole bool) error {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return refuse("Tệp Excel hỏng: có byte điều khiển 0x%02X trong dữ liệu XML, quanh dòng %s.", c, num(max(s.row, 1)))
		}
	}
	if whole && !utf8.Valid(b) {
		return refuse("Tệp Excel hỏng: dữ liệu XML quanh dòng %s không phải UTF-8.", num(max(s.row, 1)))
	}
	return nil
}

// hasValue notes that the cell being read holds a value.
func (s *scanner) hasValue() error {
	s.value = true
	if s.col > limits.Columns {
		return errColumns(s.row, s.col)
	}
	if s.row-s.lastValue-1 > limits.BlankRun {
		return errBlankRun(s.lastValue + 1)
	}
	s.lastValue = s.row
	return nil
}

// markup reads what follows a '<': a tag, a comment, CDATA or a processing
// instruction, each at most TagBytes.
func (s *scanner) markup() error {
	head, _ := s.br.Peek(9)
	switch {
	case bytes.HasPrefix(head, []byte("!--")):
		return s.until("--")
	case bytes.HasPrefix(head, []byte("![CDATA[")):
		if err := s.until("]]"); err != nil {
			return err
		}
		// CDATA is text of the element it is in.
		return s.text(s.tag[8:max(8, len(s.tag)-3)], len(s.tag), true)
	case bytes.HasPrefix(head, []byte("?")):
		return s.until("?")
	case bytes.HasPrefix(head, []byte("!")):
		return refuse("Tệp Excel có khai báo <!DOCTYPE…>, điều tệp Excel thật không có.")
	}
	if err := s.readTag(); err != nil {
		return err
	}
	if err := s.plain(s.tag, true); err != nil {
		return err
	}
	return s.element()
}

// until reads up to a '>' that follows end, into s.tag.
func (s *scanner) until(end string) error {
	s.tag = s.tag[:0]
	for {
		chunk, err := s.br.ReadSlice('>')
		if len(s.tag)+len(chunk) > s.tagMax {
			return refuse("Tệp Excel có một thẻ hoặc chú thích XML dài hơn %s: tệp hỏng hoặc được tạo để gây hại.", size(s.tagMax))
		}
		s.tag = append(s.tag, chunk...)
		if err == nil && bytes.HasSuffix(s.tag[:len(s.tag)-1], []byte(end)) {
			return nil
		}
		if err != nil && err != bufio.ErrBufferFull {
			return &scanError{}
		}
	}
}

// readTag reads a tag up to the '>' that is outside quotes: a '>' may stand
// in an attribute's value.
func (s *scanner) readTag() error {
	s.tag = s.tag[:0]
	var quote byte
	for {
		chunk, err := s.br.ReadSlice('>')
		if len(s.tag)+len(chunk) > s.tagMax {
			return refuse("Tệp Excel có một thẻ XML dài hơn %s: tệp hỏng hoặc được tạo để gây hại.", size(s.tagMax))
		}
		for _, c := range chunk {
			switch {
			case quote != 0 && c == quote:
				quote = 0
			case quote == 0 && (c == '"' || c == '\''):
				quote = c
			}
		}
		s.tag = append(s.tag, chunk...)
		if err == nil && quote == 0 {
			return nil
		}
		if err != nil && err != bufio.ErrBufferFull {
			return &scanError{}
		}
	}
}

// element acts on the tag in s.tag (without its '<', with its '>').
func (s *scanner) element() error {
	t := s.tag[:len(s.tag)-1]
	end := len(t) > 0 && t[0] == '/'
	if end {
		t = t[1:]
	}
	self := len(t) > 0 && t[len(t)-1] == '/'
	name := t
	if i := bytes.IndexAny(t, " \t\r\n/"); i >= 0 {
		name, t = t[:i], t[i:]
	} else {
		t = nil
	}
	if i := bytes.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	switch s.kind {
	case partSheet:
		return s.sheetElement(string(name), end, self, t)
	case partStrings:
		if string(name) == "si" {
			if end {
				s.inItem = false
			} else if !self {
				s.inItem, s.itemText = true, 0
			}
			if !end {
				if s.items++; s.items > limits.SharedStrings {
					return refuse("Tệp Excel có hơn %s chuỗi dùng chung: quá giới hạn của một danh sách đảng viên.", num(limits.SharedStrings))
				}
			}
		}
	}
	return nil
}

func (s *scanner) sheetElement(name string, end, self bool, attrs []byte) error {
	switch {
	case name == "row" && !end:
		n := s.row + 1
		if r, ok := attr(attrs, "r"); ok {
			v, err := strconv.Atoi(string(r))
			if err != nil || v < 1 {
				return &scanError{}
			}
			n = v
		}
		switch {
		case n <= s.row:
			return refuse("Các dòng của trang tính không theo thứ tự (dòng %s sau dòng %s): tệp hỏng.", num(n), num(s.row))
		case n-s.lastValue-1 > limits.BlankRun:
			return errBlankRun(s.lastValue + 1)
		case n > limits.Rows+1:
			return errRows()
		}
		s.row, s.col = n, 0
	case name == "c" && !end:
		c := s.col + 1
		if r, ok := attr(attrs, "r"); ok {
			letters := bytes.TrimRight(r, "0123456789")
			c = 0
			for _, l := range letters {
				if l < 'A' || l > 'Z' || c > 16384 {
					return &scanError{}
				}
				c = c*26 + int(l-'A'+1)
			}
			if c == 0 {
				return &scanError{}
			}
		}
		s.col, s.inCell, s.value, s.cellText = c, !self, false, 0
	case name == "c" && end:
		s.inCell = false
	case name == "f" && !end && s.inCell && !s.value:
		// excelize keeps a formula cell even when it has no value.
		return s.hasValue()
	}
	return nil
}

// attr finds the value of the attribute named name (without prefix) in the
// attributes of a tag.
func attr(attrs []byte, name string) ([]byte, bool) {
	for len(attrs) > 0 {
		attrs = bytes.TrimLeft(attrs, " \t\r\n")
		eq := bytes.IndexByte(attrs, '=')
		if eq < 0 {
			return nil, false
		}
		key := bytes.TrimSpace(attrs[:eq])
		rest := bytes.TrimLeft(attrs[eq+1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return nil, false
		}
		close := bytes.IndexByte(rest[1:], rest[0])
		if close < 0 {
			return nil, false
		}
		if string(key) == name {
			return rest[1 : 1+close], true
		}
		attrs = rest[close+2:]
	}
	return nil, false
}
