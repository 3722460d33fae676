package seed

// Weighted lists for synthetic people. Family-name shares follow published
// estimates for Vietnam (Nguyễn about 38%, Trần 11%, Lê 9.5%, …); every
// person generated is fictional.

type weighted struct {
	v string
	w int
}

var familyNames = []weighted{
	{"Nguyễn", 380}, {"Trần", 110}, {"Lê", 95}, {"Phạm", 70}, {"Hoàng", 51}, {"Phan", 45}, {"Vũ", 39},
	{"Đặng", 21}, {"Bùi", 20}, {"Đỗ", 14}, {"Hồ", 13}, {"Ngô", 13}, {"Dương", 10}, {"Lý", 5},
	{"Đào", 6}, {"Đinh", 6}, {"Trịnh", 5}, {"Lương", 4}, {"Mai", 4}, {"Tạ", 3}, {"Hà", 4}, {"Lưu", 3},
	{"Kiều", 2}, {"Khổng", 1}, {"Triệu", 3}, {"Văn", 2}, {"Cao", 3}, {"Chu", 2}, {"Tô", 2}, {"Quách", 1},
}

// Family names more common among the ethnic minorities of the northern mountains.
var minorityFamilyNames = []weighted{
	{"Hoàng", 60}, {"Nông", 50}, {"Lục", 25}, {"Vàng", 35}, {"Sùng", 20}, {"Giàng", 20}, {"Lò", 20},
	{"Triệu", 40}, {"Bàn", 30}, {"Lý", 35}, {"Ma", 15}, {"Chẩu", 10}, {"Vương", 10}, {"Hầu", 10}, {"Đặng", 25},
}

var maleMiddle = []weighted{{"Văn", 450}, {"Đức", 80}, {"Minh", 80}, {"Quang", 60}, {"Hữu", 50}, {"Xuân", 40},
	{"Thanh", 40}, {"Công", 40}, {"Đình", 40}, {"Ngọc", 30}, {"Tiến", 25}, {"Mạnh", 20}, {"Trọng", 25}, {"Huy", 15}, {"Bá", 15}, {"Anh", 15}}

var femaleMiddle = []weighted{{"Thị", 600}, {"Thu", 60}, {"Ngọc", 50}, {"Thanh", 40}, {"Hồng", 40}, {"Minh", 30},
	{"Thị Thu", 30}, {"Thị Hồng", 30}, {"Phương", 25}, {"Bích", 15}, {"Kim", 20}, {"Thùy", 15}, {"Diệu", 10}}

var maleGiven = []weighted{{"Hùng", 40}, {"Dũng", 40}, {"Tuấn", 45}, {"Minh", 40}, {"Hải", 35}, {"Nam", 35}, {"Long", 30},
	{"Thắng", 30}, {"Cường", 30}, {"Sơn", 30}, {"Quang", 25}, {"Đức", 30}, {"Trung", 25}, {"Tùng", 25}, {"Hiếu", 20},
	{"Thành", 30}, {"Bình", 25}, {"Phong", 15}, {"Khánh", 15}, {"Việt", 15}, {"Hoàng", 15}, {"Lâm", 10}, {"Toàn", 15},
	{"An", 15}, {"Anh", 30}, {"Công", 10}, {"Chiến", 15}, {"Thịnh", 10}, {"Tâm", 10}, {"Kiên", 10}, {"Vinh", 15}, {"Dền", 3}, {"Páo", 3}, {"Chính", 10}}

var femaleGiven = []weighted{{"Hương", 40}, {"Lan", 35}, {"Hoa", 35}, {"Huyền", 30}, {"Thảo", 35}, {"Hằng", 35}, {"Trang", 35},
	{"Linh", 35}, {"Ngọc", 20}, {"Hà", 30}, {"Mai", 30}, {"Nga", 25}, {"Thủy", 25}, {"Yến", 20}, {"Phương", 25},
	{"Hạnh", 25}, {"Oanh", 15}, {"Dung", 20}, {"Tâm", 15}, {"Vân", 20}, {"Thu", 20}, {"Giang", 20}, {"Nhung", 15},
	{"Loan", 15}, {"Liên", 15}, {"Ánh", 15}, {"Quyên", 10}, {"Chi", 15}, {"Anh", 20}, {"Diệp", 5}, {"Lệ", 10}}

// Ethnic mixes by kind of area (codes of ethnic-groups.csv).
var lowlandEthnic = []weighted{{"01", 955}, {"02", 8}, {"03", 5}, {"17", 20}, {"06", 6}, {"04", 2}, {"07", 4}}
var highlandEthnic = []weighted{{"01", 120}, {"02", 180}, {"07", 220}, {"08", 180}, {"06", 110}, {"41", 60}, {"03", 40}, {"26", 20}, {"32", 20}, {"35", 50}}

var occupations = []weighted{{"Nông dân", 200}, {"Hưu trí", 220}, {"Công chức", 120}, {"Viên chức giáo dục", 90}, {"Viên chức y tế", 40},
	{"Công nhân", 60}, {"Kinh doanh", 40}, {"Lực lượng vũ trang", 30}, {"Bộ đội xuất ngũ", 40}, {"Người lao động tự do", 40}, {"Sinh viên", 10}}

var religions = []weighted{{"Không", 920}, {"Phật giáo", 60}, {"Công giáo", 20}}

var cellNames = []string{"thôn Đồng Bùa", "thôn Hợp Thành", "thôn Đồng Giếng", "thôn Vĩnh Thành", "thôn Làng Hà", "thôn Đồng Thịnh",
	"thôn Tích Cực", "thôn Chân Suối", "thôn Sơn Đình", "thôn Đạo Trù Thượng", "thôn Đạo Trù Hạ", "thôn Cầu Tre", "thôn Yên Thượng",
	"thôn Yên Hạ", "thôn Tân Lập", "thôn Đồng Tâm", "thôn Quang Khải", "thôn Bắc Hoàng", "thôn Nam Hoàng", "thôn Đồng Lính",
	"thôn Gia Khánh", "tổ dân phố Đồng Xuân", "tổ dân phố Hùng Vương", "tổ dân phố Trần Phú", "tổ dân phố Lê Lợi",
	"tổ dân phố Nguyễn Trãi", "tổ dân phố Phạm Văn Đồng", "tổ dân phố Xuân Hòa", "tổ dân phố Đồng Quang", "khu phố Tiền Phong",
	"bản Nậm Dịch", "bản Pố Lồ", "bản Thàng Tín", "bản Bản Luốc", "bản Túng Sán", "bản Hồ Thầu", "bản Nàng Đôn", "bản Tụ Nhân"}

// District-level agencies: their cells sat directly under the district
// committee until 2025.
var agencyNames = []string{"Phòng Giáo dục và Đào tạo", "Trung tâm Y tế", "Kho bạc Nhà nước", "Chi cục Thuế", "Trường Trung học phổ thông",
	"Ngân hàng Nông nghiệp và Phát triển Nông thôn", "Phòng Tài nguyên và Môi trường", "Trung tâm Văn hóa, Thông tin và Thể thao",
	"Phòng Nông nghiệp và Phát triển nông thôn", "Bảo hiểm xã hội", "Tòa án nhân dân", "Viện Kiểm sát nhân dân", "Chi cục Thống kê",
	"Hạt Kiểm lâm", "Điện lực", "Bưu điện", "Trung tâm Giáo dục nghề nghiệp", "Phòng Tư pháp", "Phòng Nội vụ", "Ban Quản lý dự án",
	"Phòng Lao động - Thương binh và Xã hội", "Chi cục Thi hành án dân sự", "Phòng Kinh tế và Hạ tầng"}

var communeNames = []string{"Đại Đình", "Tam Quan", "Hồ Sơn", "Minh Quang", "Đạo Trù", "Bồ Lý", "Yên Dương", "Hoàng Hoa",
	"Hướng Đạo", "Kim Long", "Trưng Nhị", "Hùng Vương", "Phúc Thắng", "Xuân Hòa", "Đồng Xuân", "Nam Viêm",
	"Tiền Châu", "Cao Minh", "Ngọc Thanh", "Thông Nguyên", "Thàng Tín", "Túng Sán", "Pố Lồ", "Bản Luốc", "Nậm Dịch", "Hồ Thầu",
	"Nàng Đôn", "Tụ Nhân", "Tân Tiến", "Bản Máy", "Chiến Phố", "Nam Sơn", "Bản Phùng", "Sán Sả Hồ", "Thèn Chu Phìn", "Pờ Ly Ngài"}
