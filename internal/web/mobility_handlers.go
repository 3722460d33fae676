package web

import (
	"io"
	"mime"
	"net/http"

	"dangvien/internal/app/mobility"
	"dangvien/internal/domain"
	"dangvien/internal/store"
)

// The JSON API of members on the move (issue 11): transfers, packages to and
// from other installations, working away, Regulation 213, collective
// transfers and the reports. Thin: the use cases scope and check.

func (s *Server) mobility() *mobility.Service { return &mobility.Service{DB: s.DB} }

type closeBody struct {
	Date   domain.Date `json:"date"`
	Reason string      `json:"reason"`
}

func (s *Server) apiMemberMobility() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (mobility.MemberView, error) {
		return s.mobility().Member(r.Context(), a, id)
	})
}

func (s *Server) apiTransferIssue() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.TransferInput) (mobility.TransferView, error) {
		return s.mobility().Issue(r.Context(), a, id, in)
	})
}

func (s *Server) apiTemporary() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.TemporaryInput) (mobility.TransferView, error) {
		return s.mobility().Temporary(r.Context(), a, id, in)
	})
}

func (s *Server) apiTransfer() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (mobility.TransferView, error) {
		return s.mobility().Transfer(r.Context(), a, id)
	})
}

func (s *Server) apiTransferByNumber(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	v, err := s.mobility().FindLetter(r.Context(), a, r.URL.Query().Get("number"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) apiArrival() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in domain.ArrivalInput) (mobility.TransferView, error) {
		return s.mobility().ConfirmArrival(r.Context(), a, id, in)
	})
}

func (s *Server) apiWithdraw() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in closeBody) (mobility.TransferView, error) {
		return s.mobility().Withdraw(r.Context(), a, id, in.Date, in.Reason)
	})
}

func (s *Server) apiEndTemporary() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in closeBody) (mobility.TransferView, error) {
		return s.mobility().EndTemporary(r.Context(), a, id, in.Date, in.Reason)
	})
}

// apiPackage sends the signed file of a letter to another installation; it
// carries a member's whole record, so the read is logged.
func (s *Server) apiPackage(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := s.mobility().Package(r.Context(), a, id)
	if err != nil {
		return err
	}
	s.DB.LogRead(a, store.Read{Kind: store.ReadExport, Entity: "member", EntityID: f.MemberID, Rows: 1, CitizenIDs: true, Phones: true, IP: clientIP(r)})
	sendPackage(w, f)
	return nil
}

func sendPackage(w http.ResponseWriter, f mobility.PackageFile) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
	w.WriteHeader(http.StatusOK)
	w.Write(f.Body)
}

// apiImportPackage takes in a package from another installation into the
// cell {id}: the file as a multipart field "file" or as the body.
func (s *Server) apiImportPackage(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	on, err := queryDate(r, "presented_on")
	if err != nil {
		return err
	}
	var data []byte
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct == "multipart/form-data" {
		_, data, err = readUpload(w, r, mobility.MaxPackageBytes)
		if r.MultipartForm != nil {
			defer r.MultipartForm.RemoveAll()
		}
	} else {
		data, err = io.ReadAll(io.LimitReader(r.Body, mobility.MaxPackageBytes+1))
	}
	if err != nil {
		return err
	}
	v, err := s.mobility().ImportPackage(r.Context(), a, mobility.ImportInput{CellID: id, PresentedOn: on, LateReason: r.URL.Query().Get("late_reason")}, data)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, v)
	return nil
}

func (s *Server) apiKeys(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	v, err := s.mobility().Keys(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) apiTrustKey(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in mobility.TrustInput
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	k, err := s.mobility().TrustKey(r.Context(), a, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, k)
	return nil
}

func (s *Server) apiMakeKey(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	k, err := s.mobility().MakeKey(r.Context(), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, k)
	return nil
}

func (s *Server) apiAwayCreate() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.AwayInput) (mobility.AwayView, error) {
		return s.mobility().RecordAway(r.Context(), a, id, in)
	})
}

func (s *Server) apiAwayUpdate() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in domain.AwayInput) (mobility.AwayView, error) {
		return s.mobility().UpdateAway(r.Context(), a, id, in)
	})
}

func (s *Server) apiAwayReturn() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in domain.AwayReturn) (mobility.AwayView, error) {
		return s.mobility().ReturnAway(r.Context(), a, id, in)
	})
}

func (s *Server) apiTieCreate() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.TieInput) (mobility.TieView, error) {
		return s.mobility().AddTie(r.Context(), a, id, in)
	})
}

func (s *Server) apiTieEnd() handler {
	return byIDBody(s, http.StatusOK, func(r *http.Request, a domain.Actor, id int64, in closeBody) (mobility.TieView, error) {
		return s.mobility().EndTie(r.Context(), a, id, in.Date, in.Reason)
	})
}

func (s *Server) apiTieComment() handler {
	return byIDBody(s, http.StatusCreated, func(r *http.Request, a domain.Actor, id int64, in domain.CommentInput) (domain.TieComment, error) {
		return s.mobility().Comment(r.Context(), a, id, in)
	})
}

func (s *Server) apiResidenceComment() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (store.ResidenceStatus, error) {
		year, err := queryYear(r, s)
		if err != nil {
			return store.ResidenceStatus{}, err
		}
		return s.mobility().ResidenceComment(r.Context(), a, id, year)
	})
}

// queryYear reads ?year=, this year by default.
func queryYear(r *http.Request, s *Server) (int, error) {
	year, err := queryInt(r, "year")
	if err == nil && year == 0 {
		year = domain.DateOf(s.DB.Now()).Year()
	}
	if err == nil && (year < 1930 || year > 2200) {
		err = badParam("year", "Năm không hợp lệ.")
	}
	return year, err
}

func (s *Server) apiCollective(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	var in domain.CollectiveInput
	if err := decode(w, r, s.JSONLimit, &in); err != nil {
		return err
	}
	h, err := s.mobility().Collective(r.Context(), a, in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, h)
	return nil
}

func (s *Server) apiHandover() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (store.Handover, error) {
		return s.mobility().Handover(r.Context(), a, id)
	})
}

func (s *Server) apiOrgHistory() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (mobility.HistoryView, error) {
		return s.mobility().History(r.Context(), a, id)
	})
}

func (s *Server) apiTransfersReport() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (mobility.TransfersReport, error) {
		from, to, err := s.period(r)
		if err != nil {
			return mobility.TransfersReport{}, err
		}
		return s.mobility().Transfers(r.Context(), a, id, from, to)
	})
}

func (s *Server) apiOverdue() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (mobility.OverdueReport, error) {
		return s.mobility().Overdue(r.Context(), a, id)
	})
}

func (s *Server) apiAwayReport() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (mobility.AwayReport, error) {
		return s.mobility().Away(r.Context(), a, id)
	})
}

func (s *Server) apiResidenceReport() handler {
	return byID(func(r *http.Request, a domain.Actor, id int64) (mobility.ResidenceReport, error) {
		year, err := queryYear(r, s)
		if err != nil {
			return mobility.ResidenceReport{}, err
		}
		return s.mobility().Residence(r.Context(), a, id, year)
	})
}

func (s *Server) apiCells(w http.ResponseWriter, r *http.Request, a domain.Actor) error {
	cells, err := s.mobility().Cells(r.Context(), a, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cells)
	return nil
}

// mobilityRoutes are the routes of members on the move, in the route table.
func (s *Server) mobilityRoutes() []Route {
	period := []Param{{"from", "string", "Từ ngày yyyy-mm-dd (mặc định: 12 tháng trước)"}, {"to", "string", "Đến ngày (mặc định: hôm nay)"}}
	year := []Param{{"year", "integer", "Năm (mặc định: năm nay)"}}
	const tag = "Chuyển sinh hoạt"
	return []Route{
		{Method: "GET", Path: "/api/v1/members/{id}/mobility", Summary: "Chuyển sinh hoạt, đi làm ăn xa và mối liên hệ nơi cư trú (Quy định 213) của một đảng viên", Tag: tag, Resp: mobility.MemberView{}, h: s.apiMemberMobility()},
		{Method: "POST", Path: "/api/v1/members/{id}/transfers", Summary: "Lập giấy giới thiệu chuyển sinh hoạt chính thức (cán bộ ban tổ chức): đến chi bộ trong hệ thống (to_org_id) hoặc tổ chức ở hệ thống khác (to_name, kèm gói có chữ ký); đảng viên ở trạng thái đang chuyển đến khi nơi đến xác nhận", Tag: tag, Body: domain.TransferInput{}, Resp: mobility.TransferView{}, Status: 201, h: s.apiTransferIssue()},
		{Method: "POST", Path: "/api/v1/members/{id}/temporary-transfers", Summary: "Lập giấy giới thiệu sinh hoạt tạm thời: hồ sơ giữ ở chi bộ gốc, đảng viên sinh hoạt ở chi bộ tạm thời từ starts_on đến ends_on", Tag: tag, Body: domain.TemporaryInput{}, Resp: mobility.TransferView{}, Status: 201, h: s.apiTemporary()},
		{Method: "GET", Path: "/api/v1/transfers", Summary: "Tìm giấy giới thiệu gửi đến đơn vị trong phạm vi theo số giấy", Tag: tag, Query: []Param{{"number", "string", "Số giấy giới thiệu, ví dụ 15-GGT/X01"}}, Resp: mobility.TransferView{}, h: s.apiTransferByNumber},
		{Method: "GET", Path: "/api/v1/transfers/{id}", Summary: "Một giấy giới thiệu, với hạn xuất trình tính theo ngày làm việc", Tag: tag, Resp: mobility.TransferView{}, h: s.apiTransfer()},
		{Method: "POST", Path: "/api/v1/transfers/{id}/arrival", Summary: "Nơi đến xác nhận đảng viên đã xuất trình giấy giới thiệu (cell_id: chi bộ nhận); giấy gửi ra hệ thống khác: nơi đi ghi nhận phiếu báo. Quá hạn thì ghi lý do", Tag: tag, Body: domain.ArrivalInput{}, Resp: mobility.TransferView{}, h: s.apiArrival()},
		{Method: "POST", Path: "/api/v1/transfers/{id}/withdraw", Summary: "Nơi đi thu hồi giấy giới thiệu chưa được xác nhận; đảng viên trở lại sinh hoạt ở chi bộ cũ", Tag: tag, Body: closeBody{}, Resp: mobility.TransferView{}, h: s.apiWithdraw()},
		{Method: "POST", Path: "/api/v1/transfers/{id}/end", Summary: "Kết thúc sinh hoạt tạm thời từ một ngày", Tag: tag, Body: closeBody{}, Resp: mobility.TransferView{}, h: s.apiEndTemporary()},
		{Method: "GET", Path: "/api/v1/transfers/{id}/package", Summary: "Tải gói chuyển sinh hoạt có chữ ký (hồ sơ và toàn bộ quá trình) của giấy gửi ra hệ thống khác", Tag: tag, RespKind: "file", h: s.apiPackage},
		{Method: "POST", Path: "/api/v1/orgs/{id}/transfer-packages", Summary: "Nhập gói chuyển sinh hoạt từ hệ thống khác vào chi bộ: kiểm tra chữ ký theo khóa đã nhập, mỗi gói nhập một lần; quá trình sinh hoạt được nối tiếp", Tag: tag,
			Query:    []Param{{"presented_on", "string", "Ngày đảng viên xuất trình giấy (mặc định: hôm nay)"}, {"late_reason", "string", "Lý do xuất trình chậm, khi quá hạn"}},
			BodyKind: "upload", Resp: mobility.TransferView{}, Status: 201, h: s.apiImportPackage},
		{Method: "GET", Path: "/api/v1/installation-keys", Summary: "Khóa ký gói chuyển sinh hoạt của hệ thống này và khóa của các hệ thống được tin cậy (quản trị)", Tag: tag, Resp: mobility.KeysView{}, h: s.apiKeys},
		{Method: "POST", Path: "/api/v1/installation-keys", Summary: "Nhập khóa công khai của một hệ thống khác để nhận gói của hệ thống đó (quản trị)", Tag: tag, Body: mobility.TrustInput{}, Resp: store.InstallationKey{}, Status: 201, h: s.apiTrustKey},
		{Method: "POST", Path: "/api/v1/installation-keys/own", Summary: "Tạo khóa ký của hệ thống này nếu chưa có, để gửi khóa công khai cho hệ thống khác (quản trị)", Tag: tag, Resp: store.InstallationKey{}, h: s.apiMakeKey},
		{Method: "POST", Path: "/api/v1/members/{id}/away", Summary: "Ghi đảng viên đi làm ăn xa: nơi đến, từ ngày, liên lạc, cách giữ liên hệ, miễn sinh hoạt tạm thời (dưới 12 tháng)", Tag: tag, Body: domain.AwayInput{}, Resp: mobility.AwayView{}, Status: 201, h: s.apiAwayCreate()},
		{Method: "PUT", Path: "/api/v1/away/{id}", Summary: "Sửa thông tin đi làm ăn xa khi đảng viên chưa về", Tag: tag, Body: domain.AwayInput{}, Resp: mobility.AwayView{}, h: s.apiAwayUpdate()},
		{Method: "POST", Path: "/api/v1/away/{id}/return", Summary: "Ghi đảng viên đi làm ăn xa đã về, với nhận xét của nơi đến", Tag: tag, Body: domain.AwayReturn{}, Resp: mobility.AwayView{}, h: s.apiAwayReturn()},
		{Method: "POST", Path: "/api/v1/members/{id}/residence", Summary: "Ghi đảng viên đã giới thiệu về sinh hoạt nơi cư trú (Quy định 213): chi bộ nơi cư trú, ngày xuất trình, diện không phải nhận xét hằng năm", Tag: tag, Body: domain.TieInput{}, Resp: mobility.TieView{}, Status: 201, h: s.apiTieCreate()},
		{Method: "POST", Path: "/api/v1/residence/{id}/end", Summary: "Kết thúc mối liên hệ với nơi cư trú", Tag: tag, Body: closeBody{}, Resp: mobility.TieView{}, h: s.apiTieEnd()},
		{Method: "POST", Path: "/api/v1/residence/{id}/comments", Summary: "Chi bộ nơi cư trú nhận xét đảng viên hằng năm (chỉ chi bộ nơi cư trú, mỗi năm một lần)", Tag: tag, Body: domain.CommentInput{}, Resp: domain.TieComment{}, Status: 201, h: s.apiTieComment()},
		{Method: "GET", Path: "/api/v1/members/{id}/residence-comment", Summary: "Nhận xét của chi bộ nơi cư trú năm đó (để đánh giá, xếp loại): đã nhận, thiếu, chưa đến hạn, không phải nhận xét", Tag: tag, Query: year, Resp: store.ResidenceStatus{}, h: s.apiResidenceComment()},
		{Method: "POST", Path: "/api/v1/collective-transfers", Summary: "Chuyển sinh hoạt tập thể theo một quyết định: các tổ chức trực thuộc và đảng viên từ from_id sang to_id (all: toàn bộ, from_id kết thúc), có biên bản bàn giao; tất cả hoặc không", Tag: tag, Body: domain.CollectiveInput{}, Resp: store.Handover{}, Status: 201, h: s.apiCollective},
		{Method: "GET", Path: "/api/v1/handovers/{id}", Summary: "Biên bản bàn giao của một lần chuyển sinh hoạt tập thể, với danh sách tổ chức và đảng viên", Tag: tag, Resp: store.Handover{}, h: s.apiHandover()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/history", Summary: "Các tổ chức tiền thân (sáp nhập, chia tách, chuyển vào) và biên bản bàn giao của một tổ chức", Tag: tag, Resp: mobility.HistoryView{}, h: s.apiOrgHistory()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/transfers", Summary: "Báo cáo chuyển sinh hoạt đến, đi, trong nội bộ cây con theo thời gian và theo tổ chức trực thuộc", Tag: tag, Query: period, Resp: mobility.TransfersReport{}, h: s.apiTransfersReport()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/transfers/overdue", Summary: "Giấy giới thiệu quá hạn hoặc sắp hết hạn xuất trình (cả nơi đi và nơi đến), sinh hoạt tạm thời quá hạn chưa kết thúc", Tag: tag, Resp: mobility.OverdueReport{}, h: s.apiOverdue()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/away", Summary: "Đảng viên đi làm ăn xa của cây con, theo tổ chức trực thuộc", Tag: tag, Resp: mobility.AwayReport{}, h: s.apiAwayReport()},
		{Method: "GET", Path: "/api/v1/orgs/{id}/residence", Summary: "Quy định 213: tỉ lệ đảng viên 213 theo tổ chức, nhận xét đã nhận và còn thiếu (nơi công tác); đảng viên cư trú trong cây con cần nhận xét (nơi cư trú)", Tag: tag, Query: year, Resp: mobility.ResidenceReport{}, h: s.apiResidenceReport()},
		{Method: "GET", Path: "/api/v1/cells", Summary: "Tìm chi bộ trong toàn hệ thống theo tên hoặc mã (chọn nơi chuyển đến, nơi cư trú)", Tag: tag, Query: []Param{{"q", "string", "Tên hoặc mã"}}, Resp: []store.OrgRef{}, h: s.apiCells},
	}
}
