package sheet

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

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

// openRows picks the reader by the file name's extension.
func openRows(name string, r io.Reader) (rowReader, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv", ".txt":
		return newCSV(r)
	case ".xlsx", ".xlsm":
		f, err := excelize.OpenReader(r)
		if err != nil {
			return nil, &domain.Error{Code: domain.CodeInvalid, Message: "Không đọc được tệp Excel: tệp hỏng hoặc không phải .xlsx."}
		}
		sheets := f.GetSheetList()
		if len(sheets) == 0 {
			f.Close()
			return nil, ErrFormat
		}
		rows, err := f.Rows(sheets[0])
		if err != nil {
			f.Close()
			return nil, ErrFormat
		}
		return &xlsxRows{f: f, rows: rows}, nil
	}
	return nil, ErrFormat
}

type xlsxRows struct {
	f    *excelize.File
	rows *excelize.Rows
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
	x.rows.Close()
	return x.f.Close()
}

type csvRows struct{ r *csv.Reader }

// newCSV reads UTF-8 CSV with or without a byte-order mark, separated by
// commas, semicolons (Excel in Vietnamese locale) or tabs.
func newCSV(r io.Reader) (rowReader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
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
	if b, _ := br.Peek(3); bytes.Equal(b, []byte("\ufeff")) {
		br.Discard(3)
	}
	c := csv.NewReader(br)
	c.Comma = sep
	c.FieldsPerRecord = -1
	c.LazyQuotes = true
	return &csvRows{r: c}, nil
}

func (c *csvRows) Next() ([]string, error) {
	rec, err := c.r.Read()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, &domain.Error{Code: domain.CodeInvalid, Message: fmt.Sprintf("Tệp CSV lỗi ở dòng %d: %v", pe.Line, pe.Err)}
	}
	return rec, err
}

func (c *csvRows) Close() error { return nil }

// parseRow turns one data row into an ImportRow, or the problems with it
// (Column holds the field key). today bounds dates.
func parseRow(rowNum int, cells []string, idx map[string]int, defaultOrg string, today domain.Date) (row importRow, errs []domain.RowError) {
	get := func(key string) string {
		i, ok := idx[key]
		if !ok || i >= len(cells) {
			return ""
		}
		return strings.TrimSpace(cells[i])
	}
	bad := func(key, reason string) {
		errs = append(errs, domain.RowError{Row: rowNum, Column: key, Reason: reason})
	}
	date := func(key string) domain.Date {
		d, err := parseCellDate(get(key))
		if err != nil {
			bad(key, "Ngày không đúng dạng dd/mm/yyyy.")
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
			bad(key, "Giá trị «"+v+"» không có trong danh mục.")
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
	if g, ok := domain.ChoiceCode(domain.Genders, get("gender")); ok {
		f.Gender = domain.Gender(g)
	} else if get("gender") != "" {
		bad("gender", "Giới tính phải là Nam hoặc Nữ.")
	} else {
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
			bad("ethnicity", "Không có dân tộc «"+e+"» trong danh mục 54 dân tộc.")
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
		if status != domain.StatusOfficial {
			bad("official_date", "Đảng viên chính thức phải có ngày chính thức.")
		}
	default:
		bad("status", "Trạng thái phải là Dự bị hoặc Chính thức.")
	}
	if f.AdmissionDate.IsZero() && !hasErr(errs, "admission_date") {
		bad("admission_date", "Chưa nhập ngày vào Đảng.")
	}
	if len(errs) == 0 {
		if err := f.Validate(today); err != nil {
			var de *domain.Error
			if errors.As(err, &de) {
				for k, reason := range de.Fields {
					bad(k, reason)
				}
			} else {
				bad("", err.Error())
			}
		}
	}
	org := get("org_code")
	if org == "" {
		org = defaultOrg
	}
	return importRow{Row: rowNum, OrgCode: strings.ToUpper(org), Fields: f, Status: status, Exempted: exempted}, errs
}

type importRow = store.ImportRow

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
	if n, err := strconv.Atoi(s); err == nil && n > 0 && n < 80000 {
		t := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n)
		return domain.NewDate(t.Year(), t.Month(), t.Day()), nil
	}
	return domain.ParseDate(s)
}
