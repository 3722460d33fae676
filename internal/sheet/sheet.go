package sheet

import (
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"dangvien/internal/domain"
	"dangvien/internal/store"
	"dangvien/internal/viet"
)

// Opener opens the file to import; Import reads it once, and the error copy
// reads it again.
type Opener func() (io.ReadCloser, error)

// chunkRows is how many rows go to the store at a time.
const chunkRows = 2000

// Import reads a member file and hands it to the store, all or nothing. On
// bad rows the error is a *domain.ImportError whose Column holds headings.
// defaultOrg is the cell code for rows without one.
func Import(ctx context.Context, db *store.DB, a domain.Actor, name string, open Opener, defaultOrg string, today domain.Date) (store.ImportResult, error) {
	if why := viet.Check(viet.OneLine, name); why != "" {
		return store.ImportResult{}, &domain.Error{Code: domain.CodeInvalid, Message: domain.TextReason("Tên tệp", why), Fields: domain.Fields{"file": why}}
	}
	if why := viet.Check(viet.Proper, defaultOrg); why != "" {
		return store.ImportResult{}, &domain.Error{Code: domain.CodeInvalid, Message: domain.TextReason("Mã chi bộ", why), Fields: domain.Fields{"org": why}}
	}
	rc, err := open()
	if err != nil {
		return store.ImportResult{}, err
	}
	defer rc.Close()
	h := sha256.New()
	rr, err := openRows(name, io.TeeReader(rc, h))
	if err != nil {
		return store.ImportResult{}, err
	}
	defer rr.Close()
	header, err := rr.Next()
	if errors.Is(err, io.EOF) {
		return store.ImportResult{}, &domain.Error{Code: domain.CodeInvalid, Message: "Tệp trống: không có dòng tiêu đề."}
	}
	if err != nil {
		return store.ImportResult{}, err
	}
	idx, herrs := columnIndex(header)
	if len(herrs) > 0 {
		return store.ImportResult{}, &domain.ImportError{Rows: herrs}
	}
	// The heading the ceremony's date came under, for the note on a file
	// with one admission date (copied: the reader reuses its row).
	_, hasDecision := idx["admission_decision_date"]
	ceremony := strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(header[idx["admission_date"]], "\ufeff")), "*")
	rowNum := 1
	meta := &store.ImportMeta{Source: name}
	next := func() (store.ImportChunk, error) {
		// Room for a whole chunk at once: a row is half a kilobyte, and
		// growing the slice by doubling was a third of what an import
		// allocated.
		ch := store.ImportChunk{Rows: make([]store.ImportRow, 0, chunkRows)}
		for len(ch.Rows)+len(ch.Errors) < chunkRows {
			cells, err := rr.Next()
			if errors.Is(err, io.EOF) {
				if len(ch.Rows)+len(ch.Errors) == 0 {
					io.Copy(h, rc) // hash what the reader left unread
					meta.SHA256 = hex.EncodeToString(h.Sum(nil))
					return ch, io.EOF
				}
				return ch, nil
			}
			if err != nil {
				return ch, err
			}
			rowNum++
			if blank(cells) || note(cells) {
				continue
			}
			r, errs := parseRow(rowNum, cells, idx, defaultOrg, today)
			if len(errs) > 0 {
				ch.Errors = append(ch.Errors, errs...)
			} else {
				ch.Rows = append(ch.Rows, r)
			}
		}
		return ch, nil
	}
	res, err := db.ImportMembers(ctx, a, meta, next)
	switch {
	case err != nil || res.Unconfirmed == 0:
	case !hasDecision:
		res.Notes = append(res.Notes, oneAdmissionDate(ceremony, res.Unconfirmed))
	default:
		res.Notes = append(res.Notes, blankDecisionDates(res.Unconfirmed))
	}
	var ie *domain.ImportError
	if errors.As(err, &ie) {
		nameRows(name, open, idx, ie.Rows)
		for i := range ie.Rows {
			ie.Rows[i].Column = HeadingOf(ie.Rows[i].Column)
		}
		sort.SliceStable(ie.Rows, func(i, j int) bool { return ie.Rows[i].Row < ie.Rows[j].Row })
	}
	return res, err
}

// nameRows fills in the member's name on the problems that come without
// one (those the store finds: a number another record holds, a cell not in
// scope), reading the file again up to the last such row: only a refused
// import pays for it. A file that cannot be read again leaves them blank.
func nameRows(name string, open Opener, idx map[string]int, problems []domain.RowError) {
	col, ok := idx["full_name"]
	need, last := map[int]string{}, 0
	for _, p := range problems {
		if p.Name == "" && p.Row > 1 {
			need[p.Row], last = "", max(last, p.Row)
		}
	}
	if !ok || len(need) == 0 {
		return
	}
	rc, err := open()
	if err != nil {
		return
	}
	defer rc.Close()
	rr, err := openRows(name, rc)
	if err != nil {
		return
	}
	defer rr.Close()
	for n := 1; n <= last; n++ {
		cells, err := rr.Next()
		if err != nil {
			break
		}
		if _, ok := need[n]; ok && col < len(cells) {
			need[n] = rowName(unquote(strings.TrimSpace(cells[col]), freeColumns["full_name"]))
		}
	}
	for i := range problems {
		if problems[i].Name == "" {
			problems[i].Name = need[problems[i].Row]
		}
	}
}

// note tells a row that is a note, not a member: its first cell starts with
// «#» and the others are empty. The export ends with one, saying who took it.
func note(cells []string) bool {
	return len(cells) > 0 && strings.HasPrefix(strings.TrimSpace(cells[0]), "#") && blank(cells[1:])
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// WriteErrorCopy writes the imported file again as .xlsx with a last column
// «Lỗi» that holds every problem of each row, so the user can fix the rows
// in place and import the file again.
func WriteErrorCopy(name string, open Opener, problems []domain.RowError, w io.Writer) error {
	byRow := map[int][]string{}
	for _, p := range problems {
		msg := p.Reason
		if p.Column != "" {
			msg = p.Column + ": " + p.Reason
		}
		byRow[p.Row] = append(byRow[p.Row], msg)
	}
	rc, err := open()
	if err != nil {
		return err
	}
	defer rc.Close()
	rr, err := openRows(name, rc)
	if err != nil {
		return err
	}
	defer rr.Close()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return err
	}
	red, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Color: "C00000", Bold: true}})
	for n := 1; ; n++ {
		cells, err := rr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
		row := make([]any, 0, len(cells)+1)
		for _, c := range cells {
			row = append(row, c)
		}
		for len(row) < len(Columns) {
			row = append(row, "")
		}
		if n == 1 {
			row = append(row, excelize.Cell{Value: "Lỗi", StyleID: red})
		} else if msgs := byRow[n]; len(msgs) > 0 {
			row = append(row, excelize.Cell{Value: strings.Join(msgs, "; "), StyleID: red})
		}
		cell, _ := excelize.CoordinatesToCellName(1, n)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// Stamp says who took an export and when. It goes into the file's
// properties and its last line, so that a list found later tells where it
// came from (Nghị định 13/2023/NĐ-CP on personal data).
type Stamp struct {
	Username string
	FullName string // "" when not known
	At       time.Time
}

// vietnam is the zone the stamp's time is written in.
var vietnam = time.FixedZone("ICT", 7*3600)

// Line is "Xuất bởi <username> (<full name>) lúc dd/mm/yyyy hh:mm".
func (s Stamp) Line() string {
	who := viet.Clean(s.Username)
	if n := viet.Clean(s.FullName); n != "" && n != who {
		who += " (" + n + ")"
	}
	return "Xuất bởi " + who + " lúc " + s.At.In(vietnam).Format("02/01/2006 15:04")
}

// Export writes the active members of an organisation's subtree as xlsx or
// csv, stamped with who took it and when, and returns how many it wrote.
// Values that a spreadsheet would run as a formula are quoted (see quote);
// the last line is a note («#» first) that a re-import skips.
func Export(ctx context.Context, db *store.DB, a domain.Actor, orgID int64, format string, by Stamp, w io.Writer) (int, error) {
	return export(func(fn func(domain.Member, string, *domain.FeeProfile) error) error {
		return db.ExportMembers(ctx, a, orgID, fn)
	}, format, by, w)
}

// ExportList writes what a filtered member list selects (f, every page of
// it) in the same form as Export: the list a user sees is the list they take.
func ExportList(ctx context.Context, db *store.DB, a domain.Actor, f store.MemberFilter, format string, by Stamp, w io.Writer) (int, error) {
	return export(func(fn func(domain.Member, string, *domain.FeeProfile) error) error {
		return db.ExportFiltered(ctx, a, f, fn)
	}, format, by, w)
}

// export writes the members each gives it.
func export(each func(fn func(m domain.Member, code string, fee *domain.FeeProfile) error) error, format string, by Stamp, w io.Writer) (int, error) {
	if by.Username == "" || by.At.IsZero() {
		return 0, errors.New("sheet.Export: the stamp needs who and when")
	}
	n := 0
	switch format {
	case "csv":
		io.WriteString(w, "\ufeff") // Excel opens UTF-8 CSV right only with a BOM
		cw := csv.NewWriter(w)
		cw.Write(Headings())
		err := each(func(m domain.Member, code string, fee *domain.FeeProfile) error {
			n++
			return cw.Write(quoteAll(Record(&m, code, fee)))
		})
		if err != nil {
			cw.Flush()
			return n, err
		}
		cw.Write([]string{"# " + by.Line()})
		cw.Flush()
		return n, cw.Error()
	case "xlsx":
		f, sw, err := newBook("Đảng viên")
		if err != nil {
			return 0, err
		}
		defer f.Close()
		err = each(func(m domain.Member, code string, fee *domain.FeeProfile) error {
			n++
			cell, _ := excelize.CoordinatesToCellName(1, n+1)
			return sw.SetRow(cell, strs(quoteAll(Record(&m, code, fee))))
		})
		if err != nil {
			return n, err
		}
		italic, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Italic: true, Color: "595959"}})
		cell, _ := excelize.CoordinatesToCellName(1, n+3)
		if err := sw.SetRow(cell, []any{excelize.Cell{Value: "# " + by.Line(), StyleID: italic}}); err != nil {
			return n, err
		}
		if err := sw.Flush(); err != nil {
			return n, err
		}
		at := by.At.UTC().Format(time.RFC3339)
		if err := f.SetDocProps(&excelize.DocProperties{Title: "Danh sách đảng viên", Creator: by.Username, LastModifiedBy: by.Username,
			Description: by.Line(), Created: at, Modified: at, Language: "vi-VN"}); err != nil {
			return n, err
		}
		return n, f.Write(w)
	}
	return 0, &domain.Error{Code: domain.CodeInvalid, Message: "Định dạng phải là xlsx hoặc csv.", Fields: domain.Fields{"format": "xlsx hoặc csv"}}
}

// newBook makes a workbook whose first sheet has the headings in bold, the
// columns wide enough and every cell formatted as text (so Excel keeps the
// leading zeros of citizen IDs and does not turn dates into numbers).
func newBook(sheet string) (*excelize.File, *excelize.StreamWriter, error) {
	f := excelize.NewFile()
	f.SetSheetName("Sheet1", sheet)
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, nil, err
	}
	sw.SetColWidth(1, len(Columns), 18)
	sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"FDE9D9"}, Pattern: 1}})
	head := make([]any, len(Columns))
	for i, c := range Columns {
		h := c.Heading
		if c.Required {
			h += "*"
		}
		head[i] = excelize.Cell{Value: h, StyleID: bold}
	}
	return f, sw, sw.SetRow("A1", head)
}

func strs(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// Template writes the empty import template with a guide sheet.
func Template(w io.Writer) error {
	f, sw, err := newBook("Đảng viên")
	if err != nil {
		return err
	}
	defer f.Close()
	example := domain.Member{MemberFields: domain.MemberFields{FullName: "Nguyễn Thị Hồng Thảo", Gender: domain.Female,
		BirthDate: domain.MustDate("1990-04-12"), Ethnicity: "01", CitizenID: "001190012345", DecisionDate: domain.MustDate("2015-04-28"), AdmissionDate: domain.MustDate("2015-05-19"),
		OfficialDate: domain.MustDate("2016-05-19"), Education: "thpt", Qualification: "dai_hoc", TheoryLevel: "trung_cap", Hometown: "Xã Hợp Châu, tỉnh Phú Thọ"},
		Status: domain.StatusOfficial}
	fee := domain.FeeProfile{Category: domain.FeeSalaried, Base: 8_450_000}
	if err := sw.SetRow("A2", strs(Record(&example, "MA-CHI-BO", &fee))); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	guide := "Hướng dẫn"
	f.NewSheet(guide)
	f.SetColWidth(guide, "A", "A", 24)
	f.SetColWidth(guide, "B", "B", 90)
	f.SetSheetRow(guide, "A1", &[]any{"Cột", "Cách ghi"})
	for i, c := range Columns {
		note := c.Note
		if c.Required {
			note = "Bắt buộc. " + note
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow(guide, cell, &[]any{c.Heading, note})
	}
	last, _ := excelize.CoordinatesToCellName(1, len(Columns)+3)
	f.SetSheetRow(guide, last, &[]any{"Lưu ý", "Dòng 2 của trang «Đảng viên» là ví dụ, hãy xóa trước khi nhập. Ngày ghi dd/mm/yyyy. Tệp có lỗi thì không dòng nào được nhập; bản sao có cột «Lỗi» chỉ rõ từng lỗi."})
	note, _ := excelize.CoordinatesToCellName(1, len(Columns)+4)
	f.SetSheetRow(guide, note, &[]any{"Ghi chú", "Dòng có ô đầu tiên bắt đầu bằng # và các ô khác để trống là ghi chú, không được nhập (tệp xuất ra kết thúc bằng một dòng như vậy, ghi ai xuất và lúc nào). Ô bắt đầu bằng dấu nháy đơn ' rồi =, +, - hoặc @ được đọc bỏ dấu nháy: dấu nháy ngăn bảng tính chạy nội dung như công thức."})
	return f.Write(w)
}

// Chunks parses a member file without a database, handing rows to fn in
// chunks, for the bench's raw-insert baseline. Problems come back as a
// *domain.ImportError.
func Chunks(name string, r io.Reader, today domain.Date) (next func() ([]store.ImportRow, error), err error) {
	rr, err := openRows(name, r)
	if err != nil {
		return nil, err
	}
	header, err := rr.Next()
	if err != nil {
		return nil, err
	}
	idx, errs := columnIndex(header)
	if len(errs) > 0 {
		return nil, &domain.ImportError{Rows: errs}
	}
	n := 1
	return func() ([]store.ImportRow, error) {
		var rows []store.ImportRow
		for len(rows) < chunkRows {
			cells, err := rr.Next()
			if errors.Is(err, io.EOF) {
				if len(rows) == 0 {
					return nil, io.EOF
				}
				return rows, nil
			}
			if err != nil {
				return nil, err
			}
			n++
			row, errs := parseRow(n, cells, idx, "", today)
			if len(errs) > 0 {
				return nil, &domain.ImportError{Rows: errs}
			}
			rows = append(rows, row)
		}
		return rows, nil
	}, nil
}
