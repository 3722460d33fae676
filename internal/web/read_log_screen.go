package web

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dangvien/internal/app/audit"
	"dangvien/internal/domain"
	"dangvien/internal/sheet"
	"dangvien/internal/store"
)

// The read log (Nghị định 13/2023/NĐ-CP): the handlers that show personal
// data record each read with one call to s.DB.LogRead or s.DB.LogSearch;
// this file holds the screen and the API that review it.

// clientIP is the address a request came from.
func clientIP(r *http.Request) string {
	if ip, ok := r.Context().Value(clientKey{}).(string); ok {
		return ip // as a trusted reverse proxy reports it
	}
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

// exportRead is the read of an exported list: how many rows, and whether
// the columns carried citizen IDs and phone numbers.
func exportRead(orgID int64, rows int, ip string) store.Read {
	rd := store.Read{Kind: store.ReadExport, Entity: "org", EntityID: orgID, Rows: rows, IP: ip}
	for _, c := range sheet.Columns {
		rd.CitizenIDs = rd.CitizenIDs || c.Key == "citizen_id"
		rd.Phones = rd.Phones || c.Key == "phone"
	}
	return rd
}

// listRead is the read of a page of the API's member list, which carries
// whole records, citizen IDs and phones included: an export by pages.
func listRead(orgID int64, rows int, ip string) store.Read {
	return store.Read{Kind: store.ReadList, Entity: "org", EntityID: orgID, Rows: rows, CitizenIDs: true, Phones: true, IP: ip}
}

type readLogPage struct {
	F                store.ReadFilter
	Member, Account  string
	FromText, ToText string
	Error            string
	Rows             []audit.ReadEntry
	Older            string
}

func (s *Server) readLogScreen(w http.ResponseWriter, r *http.Request, sess store.Session) error {
	a, q := sess.Actor, r.URL.Query()
	p := readLogPage{Member: q.Get("dang-vien"), Account: strings.TrimSpace(q.Get("tai-khoan")), FromText: q.Get("tu"), ToText: q.Get("den")}
	p.F = store.ReadFilter{Actor: p.Account, Limit: 50}
	p.F.Before, _ = strconv.ParseInt(q.Get("truoc"), 10, 64)
	if p.Member != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(p.Member), 10, 64)
		if err != nil || n <= 0 {
			p.Error = "Mã hồ sơ đảng viên phải là một số."
		}
		p.F.MemberID = n
	}
	var err1, err2 error
	p.F.From, err1 = domain.ParseDate(p.FromText)
	p.F.To, err2 = domain.ParseDate(p.ToText)
	if err1 != nil || err2 != nil {
		p.Error = "Ngày phải có dạng dd/mm/yyyy, ví dụ 23/11/2026."
	}
	if p.Error != "" {
		p.F = store.ReadFilter{Limit: 50, Actor: p.Account}
	}
	v, err := s.Audit.Reads(r.Context(), a, p.F)
	if err != nil {
		return err
	}
	p.Rows = v.Entries
	if v.Older != 0 {
		v2 := url.Values{}
		for k, vs := range q {
			v2[k] = vs
		}
		v2.Set("truoc", strconv.FormatInt(v.Older, 10))
		p.Older = "/nhat-ky-truy-cap?" + v2.Encode()
	}
	s.render(w, http.StatusOK, "read_log", view{Title: "Nhật ký truy cập", Actor: &a, CSRF: sess.CSRF, Page: p})
	return nil
}

func (s *Server) readLogList(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	q := r.URL.Query()
	f := store.ReadFilter{Actor: q.Get("actor")}
	for name, p := range map[string]*int64{"member_id": &f.MemberID, "before": &f.Before} {
		n, err := queryInt(r, name)
		if err != nil {
			return err
		}
		*p = int64(n)
	}
	var err error
	if f.Limit, err = queryInt(r, "limit"); err != nil {
		return err
	}
	if f.From, err = queryDate(r, "from"); err != nil {
		return err
	}
	if f.To, err = queryDate(r, "to"); err != nil {
		return err
	}
	v, err := s.Audit.Reads(r.Context(), a, f)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	writeJSON(w, http.StatusOK, each(v.Entries, func(e audit.ReadEntry) readRow { return readRow(e) }))
	return nil
}
