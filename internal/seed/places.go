package seed

import (
	"strings"

	"dangvien/internal/domain"
)

// The demo province is Phú Thọ as it is since 1/7/2025: the former provinces
// of Phú Thọ, Vĩnh Phúc and Hòa Bình, with no district level, 148 communes
// and wards directly under the province (Nghị quyết 1676/NQ-UBTVQH15). The
// demo generates a part of it, district by district as they were before the
// merger, and records the merger as history.
//
// The names of the districts, of the communes before the merger and of the
// communes and wards after it are real. Which former communes went into
// which new one follows the resolution where it is known (Lâm Thao, Phù Ninh,
// Thanh Ba, Đoan Hùng, Hy Cương, Mai Châu, Đức Nhàn, Mường Hoa) and is
// plausible elsewhere; a few former communes are left out so that no two
// communes of the province, past or present, share a place name. Villages,
// people and sizes other than the sources' are synthetic.

// district is a district-level unit before 1/7/2025.
type district struct {
	name     string // "huyện Tam Đảo", "thành phố Phúc Yên"
	place    string // "Tam Đảo": schools and agencies are named after it
	province string // the province it belonged to before 1/7/2025
	// region of the regional minimum wage before 2026: Nghị định
	// 74/2024/NĐ-CP lists regions by district (plausible values).
	region     int
	highland   bool
	members    int      // about how many members at full size
	committees int      // grassroots committees of agencies, each with its cells
	cells      int      // grassroots cells of agencies directly under the district
	village    string   // what its communes call a village: "thôn", "xóm", "bản", "khu"
	villages   []string // names of its villages, used in order, unique in the district
	early      []earlyMerge
	communes   []commune // what it became on 1/7/2025; the district seat first
}

// earlyMerge is a merger of communes or wards inside a district before
// 1/7/2025 (the 2023–2025 round).
type earlyMerge struct {
	day   domain.Date
	name  string   // "phường Hai Bà Trưng"
	parts []string // names of parts
}

// commune is a commune or ward since 1/7/2025 and the former communes,
// wards and towns it was formed from.
type commune struct {
	name string // "xã Hợp Châu", "phường Phúc Yên"
	// region of the regional minimum wage from 1/7/2025: wards of the
	// cities in region II, other lowland communes III, highland communes
	// IV. Plausible values; the real list is the annex of Nghị định
	// 293/2025/NĐ-CP.
	region int
	mix    []weighted // ethnic groups of its members (codes of ethnic-groups.csv)
	parts  []part
}

// part is a commune, ward or town before 1/7/2025.
type part struct {
	name           string // "thị trấn Hợp Châu", "xã Đại Đình"
	cells, members int    // the sources' sizes; 0: a share of what is left
}

// Ethnic mixes of members, in thousandths. Tam Đảo and the hills of Phúc
// Yên have Sán Dìu villages; the former Hòa Bình is Mường in most
// districts, Thái in Mai Châu (Mông in Pà Cò and Hang Kia), Tày, Dao and
// Mường in Đà Bắc.
var (
	mixVinhPhuc  = []weighted{{"01", 975}, {"18", 12}, {"06", 5}, {"02", 5}, {"07", 3}}
	mixXuanHoa   = []weighted{{"01", 930}, {"18", 55}, {"06", 8}, {"02", 7}}
	mixHopChau   = []weighted{{"01", 910}, {"18", 70}, {"06", 10}, {"02", 10}}
	mixTamDao    = []weighted{{"01", 840}, {"18", 140}, {"06", 10}, {"02", 10}}
	mixSanDiu    = []weighted{{"01", 600}, {"18", 380}, {"06", 10}, {"02", 10}}
	mixPhuTho    = []weighted{{"01", 975}, {"06", 15}, {"15", 4}, {"09", 3}, {"02", 3}}
	mixDoanHung  = []weighted{{"01", 900}, {"15", 50}, {"09", 25}, {"02", 15}, {"06", 10}}
	mixMuong     = []weighted{{"06", 830}, {"01", 140}, {"09", 20}, {"03", 10}}
	mixMuongTown = []weighted{{"06", 640}, {"01", 330}, {"09", 20}, {"03", 10}}
	mixMuongDao  = []weighted{{"06", 700}, {"09", 190}, {"01", 90}, {"03", 20}}
	mixThai      = []weighted{{"03", 620}, {"06", 230}, {"01", 120}, {"08", 15}, {"09", 15}}
	mixThaiTown  = []weighted{{"03", 520}, {"01", 300}, {"06", 160}, {"08", 10}, {"09", 10}}
	mixThaiMuong = []weighted{{"03", 540}, {"06", 330}, {"01", 70}, {"08", 60}}
	mixMong      = []weighted{{"08", 760}, {"03", 120}, {"06", 60}, {"01", 60}}
	mixMuongMai  = []weighted{{"06", 520}, {"09", 200}, {"03", 180}, {"01", 100}}
	mixTayTown   = []weighted{{"02", 400}, {"01", 300}, {"06", 250}, {"09", 50}}
	mixDaoMuong  = []weighted{{"09", 460}, {"06", 420}, {"02", 50}, {"01", 70}}
	mixDaoTay    = []weighted{{"09", 450}, {"02", 300}, {"06", 150}, {"01", 100}}
	mixTayMuong  = []weighted{{"02", 350}, {"06", 350}, {"09", 200}, {"01", 100}}
	mixTayDao    = []weighted{{"02", 450}, {"09", 350}, {"06", 120}, {"01", 80}}
	mixTay       = []weighted{{"02", 620}, {"09", 250}, {"06", 80}, {"01", 50}}
)

// The districts in the order the demo takes them: the first four make the
// default province of 16,000 members, the shapes of the sources (Tam Đảo:
// 31 grassroots organisations and 4,100 members with the town of Hợp Châu,
// 21 cells and 435 members; Phúc Yên: 37 units and 5,800 members with
// Trưng Trắc ward, 16 cells and 540 members) and two highland districts of
// the former Hòa Bình.
var districts = []district{
	{name: "huyện Tam Đảo", place: "Tam Đảo", province: "Vĩnh Phúc", region: 3, members: 4100, committees: 2, cells: 20,
		village: "thôn", villages: vinhPhucVillages,
		communes: []commune{
			{"xã Hợp Châu", 3, mixHopChau, []part{{"thị trấn Hợp Châu", 21, 435}, {"xã Minh Quang", 0, 0}}},
			{"xã Tam Đảo", 3, mixTamDao, parts("thị trấn Tam Đảo", "xã Hồ Sơn")},
			{"xã Đại Đình", 3, mixTamDao, parts("xã Đại Đình", "xã Tam Quan")},
			{"xã Đạo Trù", 3, mixSanDiu, parts("xã Đạo Trù", "xã Bồ Lý", "xã Yên Dương")},
		}},
	{name: "thành phố Phúc Yên", place: "Phúc Yên", province: "Vĩnh Phúc", region: 2, members: 5800, committees: 4, cells: 23,
		village: "thôn", villages: phucYenVillages,
		early: []earlyMerge{{domain.MustDate("2025-01-01"), "phường Hai Bà Trưng", []string{"phường Trưng Trắc", "phường Trưng Nhị"}}},
		communes: []commune{
			{"phường Phúc Yên", 2, mixVinhPhuc, []part{{"phường Trưng Trắc", 16, 540}, {"phường Trưng Nhị", 0, 0}, {"phường Hùng Vương", 0, 0},
				{"phường Phúc Thắng", 0, 0}, {"phường Tiền Châu", 0, 0}, {"phường Nam Viêm", 0, 0}}},
			{"phường Xuân Hòa", 2, mixXuanHoa, parts("phường Xuân Hòa", "phường Đồng Xuân", "xã Cao Minh", "xã Ngọc Thanh")},
		}},
	{name: "huyện Mai Châu", place: "Mai Châu", province: "Hòa Bình", region: 4, highland: true, members: 2900, committees: 2, cells: 14,
		village: "bản", villages: maiChauVillages,
		communes: []commune{
			{"xã Mai Châu", 4, mixThaiTown, parts("thị trấn Mai Châu", "xã Nà Phòn", "xã Tòng Đậu", "xã Thành Sơn")},
			{"xã Pà Cò", 4, mixMong, parts("xã Pà Cò", "xã Hang Kia")},
			{"xã Bao La", 4, mixThaiMuong, parts("xã Bao La", "xã Piềng Vế", "xã Xăm Khòe")},
			{"xã Mai Hạ", 4, mixThai, parts("xã Mai Hạ", "xã Chiềng Châu", "xã Vạn Mai", "xã Mai Hịch")},
			{"xã Tân Mai", 4, mixMuongMai, parts("xã Tân Mai", "xã Phúc Sạn", "xã Đồng Tân")},
		}},
	{name: "huyện Đà Bắc", place: "Đà Bắc", province: "Hòa Bình", region: 4, highland: true, members: 3200, committees: 2, cells: 15,
		village: "xóm", villages: daBacVillages,
		communes: []commune{
			{"xã Đà Bắc", 4, mixTayTown, parts("thị trấn Đà Bắc", "xã Toàn Sơn", "xã Hào Lý")},
			{"xã Tiền Phong", 4, mixDaoMuong, parts("xã Tiền Phong", "xã Vầy Nưa")},
			{"xã Cao Sơn", 4, mixDaoTay, parts("xã Cao Sơn", "xã Tân Minh")},
			{"xã Quy Đức", 4, mixTayMuong, parts("xã Yên Hòa", "xã Đoàn Kết", "xã Trung Thành")},
			{"xã Tân Pheo", 4, mixTayDao, parts("xã Tân Pheo", "xã Đồng Chum", "xã Giáp Đắt", "xã Đồng Ruộng")},
			{"xã Đức Nhàn", 4, mixTay, parts("xã Mường Chiềng", "xã Nánh Nghê")},
		}},
	{name: "thành phố Việt Trì", place: "Việt Trì", province: "Phú Thọ", region: 2, members: 12000, committees: 4, cells: 23,
		village: "khu",
		communes: []commune{
			{"phường Việt Trì", 2, mixPhuTho, parts("phường Tiên Cát", "phường Thọ Sơn", "phường Gia Cẩm", "phường Tân Dân", "phường Dữu Lâu")},
			{"phường Nông Trang", 2, mixPhuTho, parts("phường Nông Trang", "phường Vân Cơ", "phường Minh Phương", "xã Trưng Vương")},
			{"phường Thanh Miếu", 2, mixPhuTho, parts("phường Thanh Miếu", "phường Bạch Hạc", "phường Bến Gót", "phường Minh Nông", "xã Thụy Vân", "xã Tân Đức")},
			{"phường Vân Phú", 2, mixPhuTho, parts("phường Vân Phú", "xã Hùng Lô", "xã Kim Đức", "xã Phượng Lâu")},
			{"xã Hy Cương", 3, mixPhuTho, parts("xã Hy Cương", "xã Chu Hóa", "xã Thanh Đình")},
		}},
	{name: "huyện Tân Lạc", place: "Tân Lạc", province: "Hòa Bình", region: 4, highland: true, members: 4500, committees: 2, cells: 18,
		village: "xóm", villages: muongVillages,
		communes: []commune{
			{"xã Tân Lạc", 4, mixMuongTown, parts("thị trấn Mãn Đức", "xã Tử Nê", "xã Thanh Hối")},
			{"xã Mường Bi", 4, mixMuong, parts("xã Phong Phú", "xã Đông Lai", "xã Ngọc Mỹ", "xã Quyết Chiến")},
			{"xã Mường Hoa", 4, mixMuongDao, parts("xã Phú Vinh", "xã Suối Hoa")},
			{"xã Toàn Thắng", 4, mixMuong, parts("xã Trung Hòa", "xã Ngổ Luông", "xã Phú Cường")},
			{"xã Vân Sơn", 4, mixMuong, parts("xã Lỗ Sơn", "xã Gia Mô", "xã Nhân Mỹ", "xã Quy Mỹ")},
		}},
	{name: "huyện Lạc Sơn", place: "Lạc Sơn", province: "Hòa Bình", region: 4, highland: true, members: 7000, committees: 2, cells: 22,
		village: "xóm", villages: muongVillages,
		communes: []commune{
			{"xã Lạc Sơn", 4, mixMuongTown, parts("thị trấn Vụ Bản", "xã Xuất Hóa", "xã Bình Cảng")},
			{"xã Mường Vang", 4, mixMuong, parts("xã Ân Nghĩa", "xã Tân Mỹ", "xã Yên Nghiệp", "xã Văn Nghĩa")},
			{"xã Đại Đồng", 4, mixMuong, parts("xã Chí Đạo", "xã Định Cư", "xã Hương Nhượng")},
			{"xã Ngọc Sơn", 4, mixMuongDao, parts("xã Ngọc Sơn", "xã Ngọc Lâu", "xã Tự Do")},
			{"xã Nhân Nghĩa", 4, mixMuong, parts("xã Nhân Nghĩa", "xã Văn Sơn", "xã Bình Hẻm")},
			{"xã Quyết Thắng", 4, mixMuong, parts("xã Quyết Thắng", "xã Vũ Bình", "xã Chí Thiện")},
			{"xã Thượng Cốc", 4, mixMuong, parts("xã Thượng Cốc", "xã Miền Đồi", "xã Mỹ Thành")},
			{"xã Yên Phú", 4, mixMuong, parts("xã Yên Phú", "xã Quý Hòa", "xã Tuân Đạo")},
		}},
	{name: "thành phố Vĩnh Yên", place: "Vĩnh Yên", province: "Vĩnh Phúc", region: 2, members: 7500, committees: 4, cells: 23,
		village: "thôn", villages: vinhPhucVillages,
		communes: []commune{
			{"phường Vĩnh Yên", 2, mixVinhPhuc, parts("phường Ngô Quyền", "phường Đống Đa", "phường Tích Sơn", "phường Liên Bảo")},
			{"phường Vĩnh Phúc", 2, mixVinhPhuc, parts("phường Khai Quang", "phường Đồng Tâm", "phường Hội Hợp", "xã Định Trung", "xã Thanh Trù")},
		}},
	{name: "huyện Lâm Thao", place: "Lâm Thao", province: "Phú Thọ", region: 3, members: 6000, committees: 2, cells: 18,
		village: "khu",
		communes: []commune{
			{"xã Lâm Thao", 3, mixPhuTho, parts("thị trấn Lâm Thao", "thị trấn Hùng Sơn", "xã Thạch Sơn")},
			{"xã Xuân Lũng", 3, mixPhuTho, parts("xã Xuân Lũng", "xã Tiên Kiên", "xã Xuân Huy")},
			{"xã Phùng Nguyên", 3, mixPhuTho, parts("xã Phùng Nguyên", "xã Tứ Xã", "xã Sơn Vi")},
			{"xã Bản Nguyên", 3, mixPhuTho, parts("xã Bản Nguyên", "xã Cao Xá", "xã Vĩnh Lại")},
		}},
	{name: "huyện Phù Ninh", place: "Phù Ninh", province: "Phú Thọ", region: 3, members: 5000, committees: 2, cells: 16,
		village: "khu",
		communes: []commune{
			{"xã Phù Ninh", 3, mixPhuTho, parts("thị trấn Phong Châu", "xã Phú Nham", "xã Phú Lộc", "xã Phù Ninh")},
			{"xã Dân Chủ", 3, mixPhuTho, parts("xã Bảo Thanh", "xã Trị Quận", "xã Hạ Giáp", "xã Gia Thanh")},
			{"xã Phú Mỹ", 3, mixPhuTho, parts("xã Phú Mỹ", "xã Liên Hoa", "xã Lệ Mỹ")},
			{"xã Trạm Thản", 3, mixPhuTho, parts("xã Trạm Thản", "xã Tiên Phú", "xã Trung Giáp")},
			{"xã Bình Phú", 3, mixPhuTho, parts("xã Bình Phú", "xã Tiên Du", "xã An Đạo")},
		}},
	{name: "huyện Thanh Ba", place: "Thanh Ba", province: "Phú Thọ", region: 3, members: 5000, committees: 2, cells: 16,
		village: "khu",
		communes: []commune{
			{"xã Thanh Ba", 3, mixPhuTho, parts("thị trấn Thanh Ba", "xã Hanh Cù", "xã Vân Lĩnh")},
			{"xã Quảng Yên", 3, mixPhuTho, parts("xã Quảng Yên", "xã Đại An", "xã Đông Lĩnh")},
			{"xã Hoàng Cương", 3, mixPhuTho, parts("xã Hoàng Cương", "xã Ninh Dân", "xã Mạn Lạn")},
			{"xã Đông Thành", 3, mixPhuTho, parts("xã Đông Thành", "xã Khải Xuân", "xã Võ Lao")},
			{"xã Chí Tiên", 3, mixPhuTho, parts("xã Chí Tiên", "xã Sơn Cương", "xã Thanh Hà")},
			{"xã Liên Minh", 3, mixPhuTho, parts("xã Đỗ Sơn", "xã Đỗ Xuyên", "xã Lương Lỗ")},
		}},
	{name: "huyện Đoan Hùng", place: "Đoan Hùng", province: "Phú Thọ", region: 3, members: 5000, committees: 2, cells: 16,
		village: "khu",
		communes: []commune{
			{"xã Đoan Hùng", 3, mixDoanHung, parts("thị trấn Đoan Hùng", "xã Hợp Nhất", "xã Ngọc Quan")},
			{"xã Tây Cốc", 3, mixDoanHung, parts("xã Tây Cốc", "xã Phú Lâm", "xã Ca Đình")},
			{"xã Chân Mộng", 3, mixDoanHung, parts("xã Chân Mộng", "xã Hùng Long", "xã Yên Kiện")},
			{"xã Chí Đám", 3, mixDoanHung, parts("xã Chí Đám", "xã Hùng Xuyên")},
			{"xã Bằng Luân", 3, mixDoanHung, parts("xã Bằng Luân", "xã Bằng Doãn", "xã Phúc Lai")},
		}},
	{name: "huyện Cao Phong", place: "Cao Phong", province: "Hòa Bình", region: 4, highland: true, members: 3000, committees: 2, cells: 12,
		village: "xóm", villages: append([]string{"Mừng"}, muongVillages...),
		communes: []commune{
			{"xã Cao Phong", 4, mixMuongTown, parts("thị trấn Cao Phong", "xã Bắc Phong", "xã Tây Phong", "xã Thu Phong")},
			{"xã Mường Thàng", 4, mixMuong, parts("xã Dũng Phong", "xã Nam Phong", "xã Xuân Phong", "xã Thạch Yên")},
			{"xã Thung Nai", 4, mixMuongDao, parts("xã Thung Nai", "xã Bình Thanh")},
		}},
}

func parts(names ...string) []part {
	out := make([]part, len(names))
	for i, n := range names {
		out[i] = part{name: n}
	}
	return out
}

// Villages: the thôn of Tam Đảo and the plains of Vĩnh Phúc, the bản of the
// Thái valleys of Mai Châu, the xóm of Đà Bắc and of the Mường districts.
// Past the end of a list a village takes a number ("xóm Bái 2"); a thôn,
// xóm or bản name never starts with a word for a village.
var (
	vinhPhucVillages = []string{"Đồng Bùa", "Hợp Thành", "Đồng Giếng", "Đồng Thịnh", "Tích Cực", "Chân Suối", "Sơn Đình",
		"Đạo Trù Thượng", "Đạo Trù Hạ", "Cầu Tre", "Yên Thượng", "Yên Hạ", "Tân Lập", "Quang Khải", "Bắc Hoàng", "Nam Hoàng",
		"Đồng Lính", "Gia Khánh", "Đồng Bả", "Đồng Pheo", "Núi Đinh", "Tam Lộng", "Đồng Cà", "Đồng Rùm", "Đồng Khê", "Ngọc Thụ",
		"Sơn Thanh", "Cửa Chùa", "Đồng Mỏ", "Đồng Lạc", "Đồng Găng", "Đồng Câu", "Đồng Đầm", "Đồng Trầm", "Lập Đinh",
		"Ngọc Quang", "Đồng Cao", "Lai Sơn", "Đồng Quang", "Trại Mới", "Đồng Chằm", "Vĩnh Ninh",
		"Thanh Lanh", "Đồng Hội", "Hà Thượng", "Hà Hạ", "Tây Thiên", "Đồng Hoa", "Đồng Lốc", "Đông Lộc", "Đồng Bông",
		"Tiên Long", "Đại Điền", "Gò Dẫn", "Đồng Thanh", "Quảng Khai", "Phân Lân", "Đồng Vang", "Ao Sen", "Đồng Sậu",
		"Cổ Tích", "Xuân Quang", "Đồng Mạ", "Đồng Ké", "Nhân Lý", "Vinh Quang", "Gò Sỏi", "Đồng Chuối",
		"Yên Lộc", "Đồng Sen", "Hợp Lộc", "Đồng Cói"}
	phucYenVillages = append([]string{"Đại Lải", "Miếu Gỗ", "Đồng Cao", "Lập Đinh"}, vinhPhucVillages...)
	muongVillages   = []string{"Bái", "Khang", "Bưng", "Chiềng", "Cóc", "Lạt", "Mương", "Đồi", "Trang", "Thung", "Vó", "Rộc",
		"Lũy", "Mu", "Bưa", "Cọi", "Ong", "Khạ", "Đá", "Bận", "Trám", "Chanh", "Sào", "Bương", "Ấm", "Vôi", "Khộp", "Kè",
		"Dằm", "Lốc", "Mít", "Ráy", "Nghẹ", "Mòn", "Đầm", "Trên", "Dưới", "Mới", "Đồng Bến", "Bãi Chạo", "Đồi Bưng",
		"Bái Trên", "Bái Dưới", "Vó Trên", "Vó Dưới", "Thung Mới", "Khang Trên", "Đồng Tiến", "Mỏ", "Trọng", "Chằm",
		"Khụ", "Vải", "Cháy", "Bưởi", "Sáng", "Dướng", "Đồi Cọ", "Khoang", "Cuối", "Đồng Nang", "Lục", "Tre", "Gạo",
		"Cốc Trên", "Cốc Dưới", "Rên", "Thang", "Thang Trên", "Quê", "Lòn", "Bãi Sang", "Bưng Trên", "Bưng Dưới", "Chiềng Trên",
		"Chiềng Dưới", "Đá Bạc", "Đồng Bái", "Mít Trên", "Mương Cũ", "Rộc Trên", "Trám Mới", "Ải", "Mận", "Nhòi", "Vạch"}
	daBacVillages   = append([]string{"Tầy Măng", "Hương Lý", "Kim Lý", "Mó La", "Sưng", "Đức Phong", "Mó", "Ênh", "Tát", "Nà Mu", "Cang", "Pheo", "Bình Sơn", "Chiềng Cang", "Nà Lốc", "Bai Cả"}, muongVillages...)
	maiChauVillages = append([]string{"Lác", "Pom Coọng", "Văn", "Nhót", "Chiềng Sại"}, taiNames()...)
)

// taiNames composes village names in the manner of the Thái valleys (nà:
// field, pom: hill, phiêng: plateau, huổi: stream, bó: spring).
func taiNames() []string {
	var out []string
	for _, b := range []string{"Luông", "Khằm", "Mòn", "Lếch", "Thia", "Củm", "Cọ", "Phạ", "Lồm", "Chăm", "Hạ", "Xa"} {
		for _, a := range []string{"Nà", "Pom", "Phiêng", "Huổi", "Bó", "Co"} {
			out = append(out, a+" "+b)
		}
	}
	return out
}

// Agencies of a district: their cells sat directly under the district
// committee until 2025. %s is the district ("huyện Tam Đảo"), %p its place
// name ("Tam Đảo"). On 1/7/2025 the district's offices ended and their
// people went to the offices of the new communes and wards (office: the
// kind of office they joined, see planAgencyLater); the other agencies' cells
// went under the commune of the district seat with the names the agencies
// took (later; empty when the name held no district): the vertical agencies
// became regional ones (courts, procuracies and the enforcement of
// judgments from 1/7/2025, the treasury, statistics and social insurance
// earlier in 2025).
var agencyNames = []struct{ name, later, office string }{
	{"Phòng Giáo dục và Đào tạo %s", "", officeSocial},
	{"Trung tâm Dịch vụ nông nghiệp %s", "Trung tâm Dịch vụ nông nghiệp khu vực %p", ""},
	{"Trường Trung học phổ thông %p", "", ""},
	{"Kho bạc Nhà nước %s", "Kho bạc Nhà nước khu vực %p", ""},
	{"Phòng Văn hóa và Thông tin %s", "", officeSocial},
	{"Ngân hàng Nông nghiệp và Phát triển Nông thôn chi nhánh %s", "Ngân hàng Nông nghiệp và Phát triển Nông thôn chi nhánh %p", ""},
	{"Phòng Tài nguyên và Môi trường %s", "", officeEconomy},
	{"Trung tâm Văn hóa, Thông tin và Thể thao %s", "Trung tâm Văn hóa, Thông tin và Thể thao khu vực %p", ""},
	{"Phòng Nông nghiệp và Phát triển nông thôn %s", "", officeEconomy},
	{"Bảo hiểm xã hội %s", "Bảo hiểm xã hội cơ sở %p", ""},
	{"Tòa án nhân dân %s", "Tòa án nhân dân khu vực %p", ""},
	{"Viện Kiểm sát nhân dân %s", "Viện Kiểm sát nhân dân khu vực %p", ""},
	{"Chi cục Thống kê %s", "Thống kê cơ sở %p", ""},
	{"Hạt Kiểm lâm %s", "Hạt Kiểm lâm khu vực %p", ""},
	{"Điện lực %p", "", ""},
	{"Bưu điện %s", "Bưu điện khu vực %p", ""},
	{"Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên %s", "Trung tâm Giáo dục nghề nghiệp - Giáo dục thường xuyên %p", ""},
	{"Phòng Tư pháp %s", "", officeCouncil},
	{"Phòng Nội vụ %s", "", officeCouncil},
	{"Ban Quản lý dự án đầu tư xây dựng %s", "Ban Quản lý dự án đầu tư xây dựng khu vực %p", ""},
	{"Phòng Lao động - Thương binh và Xã hội %s", "", officeSocial},
	{"Chi cục Thi hành án dân sự %s", "Phòng Thi hành án dân sự khu vực %p", ""},
	{"Phòng Kinh tế và Hạ tầng %s", "", officeEconomy},
}

// The offices of a commune or ward since 1/7/2025 (%c: "xã Hợp Châu"); a
// ward's economic office is also its office of infrastructure and urban
// affairs. officeService takes the people of an office whose kind every
// commune of the district already has.
const (
	officeSocial  = "Phòng Văn hóa - Xã hội %c"
	officeEconomy = "Phòng Kinh tế %c"
	officeCouncil = "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân %c"
	officeService = "Trung tâm Phục vụ hành chính công %c"
)

// officeName is the name of an office of the commune or ward c.
func officeName(office, c string) string {
	if office == officeEconomy && strings.HasPrefix(c, "phường ") {
		office = "Phòng Kinh tế, Hạ tầng và Đô thị %c"
	}
	return strings.ReplaceAll(office, "%c", c)
}

// Grassroots committees of a district's larger agencies and the cells under
// them, with the name each took when the districts ended on 1/7/2025 and it
// went under the province: district police had already been dissolved in
// March 2025 and district governments ended with the districts, so neither
// is here; the military command became a regional defence command, the
// health centre and the hospital regional ones, the tax office a local one.
var committeeNames = []struct {
	name, later, occupation string
	cells                   []string
}{
	{"Ban Chỉ huy Quân sự %s", "Ban Chỉ huy Phòng thủ khu vực %p", "Lực lượng vũ trang", []string{"Cơ quan Tham mưu", "Cơ quan Chính trị",
		"Cơ quan Hậu cần - Kỹ thuật", "Trung đội Dân quân cơ động", "Kho vũ khí", "Đội Công tác dân vận"}},
	{"Trung tâm Y tế %s", "Trung tâm Y tế khu vực %p", "Viên chức y tế", []string{"Khoa Khám bệnh", "Khoa Nội - Nhi - Lây", "Khoa Ngoại - Sản",
		"Khoa Kiểm soát bệnh tật", "Khoa Dược - Trang thiết bị - Vật tư y tế", "Phòng Kế hoạch - Nghiệp vụ"}},
	{"Bệnh viện Đa khoa %p", "Bệnh viện Đa khoa khu vực %p", "Viên chức y tế", []string{"Khoa Nội", "Khoa Ngoại", "Khoa Sản", "Khoa Nhi",
		"Khoa Hồi sức cấp cứu", "Phòng Hành chính - Tổng hợp"}},
	{"Chi cục Thuế %s", "Thuế cơ sở %p", "Công chức", []string{"Đội Kiểm tra thuế", "Đội Quản lý nợ", "Đội Tuyên truyền - Hỗ trợ người nộp thuế",
		"Đội Hành chính - Nhân sự - Tài vụ - Ấn chỉ", "Đội Thuế liên xã"}},
}

// Cells of a commune's schools and clinic, named after the former commune.
var institutionNames = []struct{ name, occupation string }{
	{"Trường Tiểu học %p", "Viên chức giáo dục"}, {"Trường Trung học cơ sở %p", "Viên chức giáo dục"},
	{"Trường Mầm non %p", "Viên chức giáo dục"}, {"Trạm Y tế %s", "Viên chức y tế"},
}

// otherCommunes are communes and wards of Phú Thọ outside the demo's
// districts, for the home towns of members born elsewhere in the province.
var otherCommunes = []string{"phường Phong Châu", "phường Phú Thọ", "phường Âu Cơ", "phường Hòa Bình", "phường Kỳ Sơn",
	"phường Tân Hòa", "phường Thống Nhất", "xã Thịnh Minh", "xã Lương Sơn", "xã Liên Sơn", "xã Cao Dương", "xã Kim Bôi",
	"xã Mường Động", "xã Nật Sơn", "xã Hợp Kim", "xã Dũng Tiến", "xã Lạc Thủy", "xã An Nghĩa", "xã An Bình", "xã Yên Thủy",
	"xã Yên Trị", "xã Lạc Lương", "xã Vĩnh Thành", "xã Thổ Tang", "xã Hạ Hòa", "xã Thu Cúc", "xã Trung Sơn", "xã Sơn Lương",
	"xã Xuân Đài"}
