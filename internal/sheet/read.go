package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// rowReader yields the rows of a sheet, header first.
type rowReader interface {
	Next() ([]string, error) // io.EOF after the last row
	Close() error
}

// ErrFormat is a file that is neither a readable .csv nor .xlsx.
var ErrFormat = &domain.Error{Code: domain.CodeInvalid, Message: "Tệp phải là .xlsx hoặc .csv (UTF-8)."}

// openRows picks the reader by the file name's extension. Every reader
// keeps to the limits (see Limits).
func openRows(name string, r io.Reader) (rowReader, error) {
	var rr rowReader
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt":
		c, err := newCSV(r)
		if err != nil {
			return nil, err
		}
		rr = c
	case ".xlsx", ".xlsm":
		x, err := openXLSX(r)
		if err != nil {
			return nil, err
		}
		sheets := x.f.GetSheetList()
		if len(sheets) == 0 {
			x.Close()
			return nil, ErrFormat
		}
		if x.rows, err = x.f.Rows(sheets[0]); err != nil {
			x.Close()
			return nil, ErrFormat
		}
		rr = x
	default:
		return nil, ErrFormat
	}
	return &guardedRows{rr: rr}, nil
}

// xmlInMemory is the largest worksheet or shared-string part excelize keeps
// in memory; a larger one it streams from a temporary file. Unmarshalled
// shared strings take about ten times their size, so keep it small.
const xmlInMemory = 4 << 20

type xlsxRows struct {
	f    *excelize.File
	rows *excelize.Rows
	tmp  string // the file as uploaded, removed on Close
}

// openXLSX copies the file to a temporary file, checks it there and opens
// it with excelize: read from a file, neither the check nor excelize holds
// the whole upload in memory (excelize.OpenReader copies it in).
func openXLSX(r io.Reader) (*xlsxRows, error) {
	tmp, err := os.CreateTemp("", "dangvien-nhap-*.xlsx")
	if err != nil {
		return nil, err
	}
	x := &xlsxRows{tmp: tmp.Name()}
	n, err := io.Copy(tmp, io.LimitReader(r, limits.FileBytes+1))
	if err == nil && n > limits.FileBytes {
		err = refuse("Tệp Excel lớn hơn %s: quá giới hạn nhập một lần. Hãy chia tệp theo đảng bộ xã, phường.", size(limits.FileBytes))
	}
	if err == nil {
		err = checkXLSX(tmp, n)
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		x.f, err = excelize.OpenFile(x.tmp, excelize.Options{UnzipSizeLimit: limits.UnzipBytes, UnzipXMLSizeLimit: xmlInMemory})
		if err != nil {
			err = errNotXLSX
		}
	}
	if err != nil {
		x.Close()
		return nil, err
	}
	return x, nil
}

func (x *xlsxRows) Next() ([]string, error) {
	if !x.rows.Next() {
		if err := x.rows.Error(); err != nil {
			return nil, err
		}
		return nil, io.EOF
	}
	return x.rows.Columns()
}

func (x *xlsxRows) Close() error {
	var err error
	if x.rows != nil {
		x.rows.Close()
	}
	if x.f != nil {
		err = x.f.Close()
	}
	os.Remove(x.tmp)
	return err
}

type csvRows struct {
	r     *csv.Reader
	g     *csvGuard
	start int64 // bytes before the CSV reader: the byte-order mark
}

// csvBuffer is the CSV reader's buffer: what it may have read ahead.
const csvBuffer = 64 << 10

// newCSV reads UTF-8 CSV with or without a byte-order mark, separated by
// commas, semicolons (Excel in Vietnamese locale) or tabs.
func newCSV(r io.Reader) (*csvRows, error) {
	g := newCSVGuard(r)
	br := bufio.NewReaderSize(g, csvBuffer)
	head, _ := br.Peek(4096)
	head = bytes.TrimPrefix(head, []byte("\ufeff"))
	if bytes.HasPrefix(head, []byte("PK\x03\x04")) {
		return nil, &domain.Error{Code: domain.CodeInvalid, Message: "Tệp có đuôi .csv nhưng là tệp Excel; hãy đổi đuôi thành .xlsx."}
	}
	first := head
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	sep := ','
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		sep = ';'
	} else if bytes.Count(first, []byte("\t")) > bytes.Count(first, []byte(",")) {
		sep = '\t'
	}
	var start int64
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
		start = 3
	}
	c := csv.NewReader(br)
	c.Comma = sep
	c.FieldsPerRecord = -1
	c.LazyQuotes = true
	c.ReuseRecord = true
	return &csvRows{r: c, g: g, start: start}, nil
}

func (c *csvRows) Next() ([]string, error) {
	// The record now starting may run until RecordBytes past where the
	// reader stands, plus what it has buffered.
	c.g.recordEnd = c.start + c.r.InputOffset() + int64(limits.RecordBytes) + csvBuffer
	rec, err := c.r.Read()
	if err == nil && len(rec) > 0 {
		line, _ := c.r.FieldPos(len(rec) - 1)
		c.g.recordAt = line + 1
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Tệp CSV lỗi ở dòng %d: %v", pe.Line, pe.Err)}
	}
	return rec, err
}

func (c *csvRows) Close() error { return nil }

// parseRow turns one data row into an ImportRow, or every problem with it
// (Column holds the field key), each naming the member the row is about.
// A cell with characters no record may hold is reported and read as blank,
// so the row's other cells are still checked; the record's rules run on
// what could be read, leaving out the fields already reported. today bounds
// dates.
func parseRow(rowNum int, cells []string, idx map[string]int, defaultOrg string, today domain.Date) (row importRow, errs []domain.RowError) {
	// Cells reported for their characters or length, made on the first:
	// most rows have none.
	var refused map[string]bool
	refuse := func(key string) {
		if refused == nil {
			refused = map[string]bool{}
		}
		refused[key] = true
	}
	get := func(key string) string {
		i, ok := idx[key]
		if !ok || i >= len(cells) || refused != nil && refused[key] {
			return ""
		}
		v := strings.TrimSpace(cells[i])
		if strings.HasPrefix(v, "'") { // unquote's case: freeColumns is looked up for it only
			v = unquote(v, freeColumns[key])
		}
		return v
	}
	// Characters no record may hold, in any cell the import reads: reported
	// per cell.
	var textErrs []domain.RowError
	for _, c := range Columns {
		kind := viet.OneLine
		if properColumns[c.Key] {
			kind = viet.Proper
		}
		v := get(c.Key)
		if len(v) > maxFieldBytes {
			// No field holds more than 255 characters; say so without
			// reading a long cell through.
			textErrs = append(textErrs, domain.RowError{Row: rowNum, Column: c.Key, Reason: c.Heading + " dài quá 255 ký tự."})
			refuse(c.Key)
		} else if why := viet.Check(kind, v); why != "" {
			textErrs = append(textErrs, domain.RowError{Row: rowNum, Column: c.Key, Reason: domain.TextReason(c.Heading, why)})
			refuse(c.Key)
		}
	}
	name := rowName(get("full_name"))
	for i := range textErrs {
		textErrs[i].Name = name
	}
	errs = textErrs
	bad := func(key, reason string) {
		errs = append(errs, domain.RowError{Row: rowNum, Name: name, Column: key, Reason: reason})
	}
	date := func(key string) domain.Date {
		v := get(key)
		d, err := parseCellDate(v)
		if err != nil {
			if domain.CheckDay(v) == domain.DateNoSuchDay {
				bad(key, "Ngày không tồn tại: "+short(v)+".")
			} else {
				bad(key, "Ngày không đúng dạng dd/mm/yyyy.")
			}
		}
		return d
	}
	choice := func(key string, choices map[string]string) string {
		v := get(key)
		if v == "" {
			return ""
		}
		c, ok := domain.ChoiceCode(choices, v)
		if !ok {
			bad(key, "Giá trị «"+short(v)+"» không có trong danh mục.")
		}
		return c
	}
	flag := func(key string) bool {
		switch viet.Fold(get(key)) {
		case "", "khong", "0", "no", "false":
			return false
		case "co", "x", "1", "yes", "true":
			return true
		}
		bad(key, "Ghi «Có» hoặc để trống.")
		return false
	}
	f := domain.MemberFields{
		FullName: get("full_name"), OtherNames: get("other_names"), Hometown: get("hometown"), BirthPlace: get("birth_place"),
		Religion: get("religion"), CitizenID: get("citizen_id"), Phone: get("phone"), Email: get("email"), Address: get("address"),
		CardNumber: get("card_number"), FileNumber: get("file_number"), ForeignLanguage: get("foreign_language"),
		Occupation: get("occupation"), Workplace: get("workplace"), PartyPosition: get("party_position"), GovPosition: get("gov_position"),
	}
	f.BirthDate, f.AdmissionDate, f.OfficialDate = date("birth_date"), date("admission_date"), date("official_date")
	f.DecisionDate = date("admission_decision_date")
	if f.DecisionDate.IsZero() && !f.AdmissionDate.IsZero() && !hasErr(errs, "admission_decision_date") {
		// Not known: the ceremony's day stands in, to be confirmed.
		f.DecisionDate, f.DecisionCopied = f.AdmissionDate, true
	}
	if g, ok := domain.ChoiceCode(domain.Genders, get("gender")); ok {
		f.Gender = domain.Gender(g)
	} else if get("gender") != "" {
		bad("gender", "Giới tính phải là Nam hoặc Nữ.")
	} else if !refused["gender"] {
		bad("gender", "Chưa nhập giới tính.")
	}
	if e := get("ethnicity"); e != "" {
		if _, ok := domain.EthnicGroup(e); ok {
			f.Ethnicity = e
		} else if len(e) == 1 {
			f.Ethnicity = "0" + e
		} else if c, ok := domain.ChoiceCode(domain.EthnicGroups, e); ok {
			f.Ethnicity = c
		} else {
			bad("ethnicity", "Không có dân tộc «"+short(e)+"» trong danh mục 54 dân tộc.")
		}
	}
	f.Education = choice("education", domain.EducationLevels)
	f.Qualification = choice("qualification", domain.Qualifications)
	f.TheoryLevel = choice("theory_level", domain.TheoryLevels)
	f.Army, f.Police, f.Retired = flag("army"), flag("police"), flag("retired")
	exempted := flag("exempted")
	status := domain.StatusProbationary
	if !f.OfficialDate.IsZero() {
		status = domain.StatusOfficial
	}
	switch s := viet.Fold(get("status")); s {
	case "":
	case "du bi":
		if status == domain.StatusOfficial {
			bad("status", "Đảng viên dự bị không có ngày chính thức.")
		}
	case "chinh thuc":
		if status != domain.StatusOfficial && !hasErr(errs, "official_date") {
			bad("official_date", "Đảng viên chính thức phải có ngày chính thức.")
		}
	default:
		bad("status", "Trạng thái phải là Dự bị hoặc Chính thức.")
	}
	if f.AdmissionDate.IsZero() && !hasErr(errs, "admission_date") {
		bad("admission_date", "Chưa nhập ngày lễ kết nạp.")
	}
	fee := feeProfile(get, bad)
	// The record's own rules on what could be read: a field already
	// reported is not reported again as blank.
	if err := f.Validate(today); err != nil {
		var de *domain.Error
		if errors.As(err, &de) {
			keys := make([]string, 0, len(de.Fields))
			for k := range de.Fields {
				keys = append(keys, k)
			}
			sort.Slice(keys, func(i, j int) bool { return columnOrder(keys[i]) < columnOrder(keys[j]) })
			for _, k := range keys {
				if !hasErr(errs, k) && !hasErr(errs, followsFrom[k]) {
					bad(k, de.Fields[k])
				}
			}
		} else {
			bad("", err.Error())
		}
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return columnOrder(errs[i].Column) < columnOrder(errs[j].Column) })
		return importRow{Row: rowNum}, errs
	}
	org := get("org_code")
	if org == "" {
		org = defaultOrg
	}
	return importRow{Row: rowNum, OrgCode: strings.ToUpper(org), Fields: f, Status: status, Exempted: exempted, Fee: fee}, nil
}

// followsFrom names, for a field the record's rules check against another
// (the official date against the admission date), that other field: when
// it is already reported, the rule would only repeat it in other words.
var followsFrom = map[string]string{"official_date": "admission_date"}

// rowName is the member's name as the messages about a row give it: the
// name cell cleaned and cut short, or "" when it is blank or holds what no
// name may (a message must not carry a direction override or a NUL).
func rowName(v string) string {
	v = viet.Clean(v)
	if v == "" || viet.Check(viet.Proper, v) != "" {
		return ""
	}
	return short(v)
}

// columnOrder is the place of a field's column in the file's layout, for
// listing a row's problems from left to right; unknown keys go last.
func columnOrder(key string) int {
	for i, c := range Columns {
		if c.Key == key {
			return i
		}
	}
	return len(Columns)
}

type importRow = store.ImportRow

// maxFieldBytes is the most bytes 255 characters take in UTF-8.
const maxFieldBytes = 255 * utf8.UTFMax

// short cuts a value quoted in a message to 40 characters: a message per
// bad cell must not carry a whole long cell with it.
func short(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}

func hasErr(errs []domain.RowError, key string) bool {
	for _, e := range errs {
		if e.Column == key {
			return true
		}
	}
	return false
}

// parseCellDate reads dd/mm/yyyy, ISO, or an Excel date serial number.
func parseCellDate(s string) (domain.Date, error) {
	// Atoi only on what it reads: its error for every typed date was a
	// good part of a file's allocations.
	if integerText(s) {
		if n, err := strconv.Atoi(s); err == nil && n > 0 && n < 80000 {
			t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
			return domain.NewDate(t.Year(), t.Month(), t.Day()), nil
		}
	}
	return domain.ParseDate(s)
}

// integerText tells whether strconv.Atoi reads s: an optional sign and
// decimal digits.
func integerText(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// feeProfile reads the fee columns of a row: nil when they are all blank,
// otherwise a profile checked by domain.ValidateFeeProfile, its reasons
// reported on the fee columns.
func feeProfile(get func(string) string, bad func(key, reason string)) *domain.FeeProfile {
	cat, base, tr, ex := get("fee_category"), get("fee_base"), get("fee_tier"), get("fee_exemption")
	if cat == "" && base == "" && tr == "" && ex == "" {
		return nil
	}
	var p domain.FeeProfile
	n := 0
	fail := func(key, reason string) {
		bad(key, reason)
		n++
	}
	if cat == "" {
		fail("fee_category", "Chưa ghi đối tượng đóng đảng phí (các cột đảng phí khác đã có giá trị).")
	} else if c, ok := domain.ParseFeeCategory(cat); ok {
		p.Category = c
	} else {
		fail("fee_category", "Đối tượng «"+short(cat)+"» không có trong danh mục (xem trang hướng dẫn của tệp mẫu).")
	}
	if base != "" {
		v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(base, "đồng"), "đ"))
		digits := strings.NewReplacer(".", "", ",", "", " ", "", "\u00a0", "").Replace(v) // 5.310.000, 5,310,000, 5 310 000
		if v, err := strconv.ParseInt(digits, 10, 64); err == nil && v >= 0 {
			p.Base = v
		} else {
			fail("fee_base", "Ghi số đồng, ví dụ 5.310.000.")
		}
	}
	if tr != "" {
		if v, err := strconv.Atoi(tr); err == nil {
			p.Tier = v
		} else {
			fail("fee_tier", "Bậc là số từ 1 đến 4.")
		}
	}
	if e, ok := domain.ParseFeeExemption(ex); ok {
		p.Exemption = e
	} else {
		fail("fee_exemption", "Lý do miễn «"+short(ex)+"» không có trong danh mục (xem trang hướng dẫn của tệp mẫu).")
	}
	if n > 0 {
		return nil
	}
	if err := domain.ValidateFeeProfile(p); err != nil {
		var de *domain.Error
		if errors.As(err, &de) {
			for k, reason := range de.Fields {
				bad("fee_"+k, reason)
			}
		}
		return nil
	}
	return &p
}
