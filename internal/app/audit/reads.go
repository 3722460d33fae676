package audit

import (
	"context"
	"fmt"
	"strconv"

	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// ReadEntry is one row of the read log as a person reads it.
type ReadEntry struct {
	store.ReadRow
	Who    string `json:"who"`    // the account's display name
	What   string `json:"what"`   // the read in Vietnamese
	Target string `json:"target"` // whose record, which organisation's list, by name
	Link   string `json:"-"`
	From   string `json:"from"` // the address, or the command line
}

// ReadsView is a page of the read log.
type ReadsView struct {
	Entries []ReadEntry `json:"entries"`
	Older   int64       `json:"older,omitempty"` // the id to page back from, 0 at the end
}

// Reads reads a page of the reads of personal data the actor may review
// (store.Tx.ReadLog), naming the accounts, members and organisations.
func (s *Service) Reads(ctx context.Context, a domain.Actor, f store.ReadFilter) (ReadsView, error) {
	v := ReadsView{Entries: []ReadEntry{}}
	err := s.DB.Read(ctx, a, func(tx *store.Tx) error {
		rows, err := tx.ReadLog(f)
		if err != nil {
			return err
		}
		refs := refSet{}
		for _, r := range rows {
			refs.add(r.Entity, r.EntityID)
			refs.add("user", r.ActorID)
		}
		names, err := refs.names(tx)
		if err != nil {
			return err
		}
		for _, r := range rows {
			e := ReadEntry{ReadRow: r, Who: names["user"][r.ActorID], What: ReadLabel(r), From: r.IP}
			if e.Who == "" {
				e.Who = Who(store.AuditRow{Actor: r.Actor, ActorID: r.ActorID})
			}
			if e.From == "" {
				e.From = "dòng lệnh"
			}
			name := names[r.Entity][r.EntityID]
			switch r.Entity {
			case "member":
				e.Target = "một đảng viên nay ngoài phạm vi của bạn (mã hồ sơ " + strconv.FormatInt(r.EntityID, 10) + ")"
				if name != "" {
					e.Target, e.Link = name, fmt.Sprintf("/dang-vien/%d", r.EntityID)
				}
			case "org":
				e.Target = "một tổ chức nay ngoài phạm vi của bạn"
				if name != "" {
					e.Target, e.Link = name, fmt.Sprintf("/to-chuc/%d", r.EntityID)
				}
			case "document":
				e.Target = "tệp đính kèm số " + strconv.FormatInt(r.EntityID, 10)
			case "candidate":
				e.Target, e.Link = "hồ sơ người vào Đảng số "+strconv.FormatInt(r.EntityID, 10), fmt.Sprintf("/quan-chung/%d", r.EntityID)
			}
			v.Entries = append(v.Entries, e)
		}
		if f.Limit > 0 && len(rows) == f.Limit {
			v.Older = rows[len(rows)-1].ID
		}
		return nil
	})
	return v, err
}

// ReadLabel names a read in Vietnamese.
func ReadLabel(r store.ReadRow) string {
	switch r.Kind {
	case store.ReadMember:
		return "Xem hồ sơ"
	case store.ReadSheet:
		return "In phiếu"
	case store.ReadSearchID:
		if r.Entity == "" {
			return "Tìm theo CCCD, không có kết quả"
		}
		return "Tìm theo CCCD"
	case store.ReadExport, store.ReadList:
		l := "Xuất danh sách (" + count(r.Rows) + " dòng)"
		if r.Kind == store.ReadList {
			l = "Xem danh sách qua API (" + count(r.Rows) + " dòng)"
		}
		switch {
		case r.CitizenIDs && r.Phones:
			l += ", có số CCCD và số điện thoại"
		case r.CitizenIDs:
			l += ", có số CCCD"
		case r.Phones:
			l += ", có số điện thoại"
		}
		return l
	case store.ReadDocument:
		return "Tải tệp đính kèm"
	case store.ReadDropped:
		return count(r.Rows) + " lượt truy cập không ghi được (quá tải hoặc lỗi ghi)"
	}
	return string(r.Kind)
}

// count writes a count the Vietnamese way: 16.126.
func count(n int) string { return domain.Count(int64(n)) }
