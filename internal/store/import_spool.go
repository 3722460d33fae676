package store

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
	"unsafe"

	"dangvien/internal/domain"
)

// spoolRow is a checked row, ready to write: what the write phase needs and
// nothing it would have to compute under the write lock.
type spoolRow struct {
	Row      int
	Org      int // index in importCheck.cells
	Fields   domain.MemberFields
	Fold     string
	SortKey  []byte
	Search   string // PostgreSQL's search prefixes
	Status   domain.Status
	Exempted bool
	Fee      *domain.FeeProfile // nil when the row gives none
}

// The record's fields go into the spool by their kind, in the order of
// domain.MemberFieldTable, so a field added to the table travels with no
// change here. The fields of each kind are listed once (spoolKinds): going
// through the whole table for each kind, twice a row, was a twentieth of
// an import's CPU.
// strs, dates and bools append to out (a scratch slice the caller keeps:
// one per row cost a tenth of the spool's CPU).
func (r *spoolRow) strs(out []*string) []*string {
	out = append(out, &r.Fold, &r.Search, (*string)(&r.Status))
	for _, fd := range spoolKinds.strs {
		switch p := fd.Ptr(&r.Fields).(type) {
		case *string:
			out = append(out, p)
		case *domain.Gender:
			out = append(out, (*string)(p))
		}
	}
	return out
}

func (r *spoolRow) dates(out []*domain.Date) []*domain.Date {
	for _, fd := range spoolKinds.dates {
		out = append(out, fd.Ptr(&r.Fields).(*domain.Date))
	}
	return out
}

func (r *spoolRow) bools(out []*bool) []*bool {
	out = append(out, &r.Exempted)
	for _, fd := range spoolKinds.bools {
		out = append(out, fd.Ptr(&r.Fields).(*bool))
	}
	return out
}

// spoolKinds are the fields of domain.MemberFieldTable by the kind of
// value they hold, in the table's order.
var spoolKinds = func() (k struct{ strs, dates, bools []domain.MemberField }) {
	var f domain.MemberFields
	for _, fd := range domain.MemberFieldTable {
		switch fd.Ptr(&f).(type) {
		case *string, *domain.Gender:
			k.strs = append(k.strs, fd)
		case *domain.Date:
			k.dates = append(k.dates, fd)
		case *bool:
			k.bools = append(k.bools, fd)
		}
	}
	return k
}()

// spoolMemory is how much of a spool stays in memory before it goes to a
// temporary file: small imports never touch the disk.
const spoolMemory = 4 << 20

// spool holds the checked rows between the check and the write, in a
// compact binary form: memory first, then a temporary file, so a file of a
// million rows costs one chunk of memory rather than a million rows.
type spool struct {
	mem     bytes.Buffer
	f       *os.File
	w       *bufio.Writer
	n       int
	dropped bool
	b       []byte
	scratch spoolScratch
}

// spoolScratch holds the field pointers of the row being encoded or decoded.
type spoolScratch struct {
	strs  []*string
	dates []*domain.Date
	bools []*bool
}

func (s *spool) put(r *spoolRow) error {
	if s.dropped {
		return nil
	}
	b := s.b[:0]
	b = binary.AppendUvarint(b, uint64(r.Row))
	b = binary.AppendUvarint(b, uint64(r.Org))
	sc := &s.scratch
	sc.strs, sc.dates, sc.bools = r.strs(sc.strs[:0]), r.dates(sc.dates[:0]), r.bools(sc.bools[:0])
	for _, p := range sc.strs {
		b = appendString(b, *p)
	}
	b = append(binary.AppendUvarint(b, uint64(len(r.SortKey))), r.SortKey...)
	for _, d := range sc.dates {
		b = appendDate(b, *d)
	}
	var flags uint64
	for i, p := range sc.bools {
		if *p {
			flags |= 1 << i
		}
	}
	b = binary.AppendUvarint(b, flags)
	if p := r.Fee; p == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		b = appendString(b, string(p.Category))
		b = binary.AppendVarint(b, p.Base)
		b = binary.AppendVarint(b, int64(p.Tier))
		b = appendBool(b, p.PastWorkingAge)
		b = appendString(b, string(p.Exemption))
	}
	s.b = b
	s.n++
	if s.f == nil && s.mem.Len()+len(b) > spoolMemory {
		f, err := os.CreateTemp("", "dangvien-import-*.spool")
		if err != nil {
			return err
		}
		s.f, s.w = f, bufio.NewWriterSize(f, 1<<20)
		if _, err := s.w.Write(s.mem.Bytes()); err != nil {
			return err
		}
		s.mem = bytes.Buffer{}
	}
	if s.w != nil {
		_, err := s.w.Write(b)
		return err
	}
	s.mem.Write(b)
	return nil
}

// drop discards the spool: the import will write nothing.
func (s *spool) drop() {
	s.dropped = true
	s.close()
	s.mem = bytes.Buffer{}
}

func (s *spool) close() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
		s.f, s.w = nil, nil
	}
}

// reader reads the spool from its start; it may be called again.
func (s *spool) reader() (*spoolReader, error) {
	if s.dropped {
		return nil, errors.New("store: spool was dropped")
	}
	if s.f == nil {
		return &spoolReader{r: bufio.NewReader(bytes.NewReader(s.mem.Bytes()))}, nil
	}
	if err := s.w.Flush(); err != nil {
		return nil, err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return &spoolReader{r: bufio.NewReaderSize(s.f, 1<<20)}, nil
}

type spoolReader struct {
	r       *bufio.Reader
	scratch spoolScratch
	arena   []byte // where the strings of the rows read are kept, see string
	err     error
}

// next reads up to n rows; none at the end.
func (sr *spoolReader) next(n int) ([]spoolRow, error) {
	out := make([]spoolRow, 0, n)
	sc := &sr.scratch
	for len(out) < n {
		row, err := binary.ReadUvarint(sr.r)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, spoolRow{Row: int(row)})
		r := &out[len(out)-1]
		r.Org = int(sr.uvarint())
		sc.strs, sc.dates, sc.bools = r.strs(sc.strs[:0]), r.dates(sc.dates[:0]), r.bools(sc.bools[:0])
		for _, p := range sc.strs {
			*p = sr.string()
		}
		if k := sr.string(); k != "" {
			r.SortKey = unsafe.Slice(unsafe.StringData(k), len(k)) // read only, like the string
		}
		for _, d := range sc.dates {
			*d = sr.date()
		}
		flags := sr.uvarint()
		for i, p := range sc.bools {
			*p = flags&(1<<i) != 0
		}
		if sr.uvarint() == 1 {
			r.Fee = &domain.FeeProfile{Category: domain.FeeCategory(sr.string()), Base: sr.varint(), Tier: int(sr.varint()),
				PastWorkingAge: sr.uvarint() == 1, Exemption: domain.FeeExemption(sr.string())}
		}
		if sr.err != nil {
			return nil, fmt.Errorf("store: spool: %w", sr.err)
		}
	}
	return out, nil
}

func (sr *spoolReader) uvarint() uint64 {
	v, err := binary.ReadUvarint(sr.r)
	if err != nil && sr.err == nil {
		sr.err = err
	}
	return v
}

func (sr *spoolReader) varint() int64 {
	v, err := binary.ReadVarint(sr.r)
	if err != nil && sr.err == nil {
		sr.err = err
	}
	return v
}

// string reads a string into the arena, a block shared by the strings of
// many rows and never written again once a string points into it: one
// allocation for thousands of strings rather than one each (the spool's
// reading was a tenth of an import's allocations).
func (sr *spoolReader) string() string {
	n := int(sr.uvarint())
	if n == 0 || sr.err != nil {
		return ""
	}
	if cap(sr.arena)-len(sr.arena) < n {
		sr.arena = make([]byte, 0, max(n, spoolArena))
	}
	start := len(sr.arena)
	sr.arena = sr.arena[:start+n]
	b := sr.arena[start : start+n : start+n]
	if _, err := io.ReadFull(sr.r, b); err != nil {
		sr.err = err
		return ""
	}
	return unsafe.String(&b[0], n)
}

// spoolArena is the size of the spool reader's string blocks.
const spoolArena = 64 << 10

// Dates go as days since 1970 plus one, 0 for no date.
func appendDate(b []byte, d domain.Date) []byte {
	if d.IsZero() {
		return binary.AppendVarint(b, 0)
	}
	days := d.Time().Unix() / 86400
	if days >= 0 {
		days++
	}
	return binary.AppendVarint(b, days)
}

func (sr *spoolReader) date() domain.Date {
	days, err := binary.ReadVarint(sr.r)
	if err != nil {
		if sr.err == nil {
			sr.err = err
		}
		return domain.Date{}
	}
	if days == 0 {
		return domain.Date{}
	}
	if days > 0 {
		days--
	}
	t := time.Unix(days*86400, 0).UTC()
	return domain.NewDate(t.Year(), t.Month(), t.Day())
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}
