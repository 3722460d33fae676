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

var maleMiddle = []weighted{{"Văn", 450}, {"Đức", 80}, {"Minh", 80}, {"Quang", 60}, {"Hữu", 50}, {"Xuân", 40},
	{"Thanh", 40}, {"Công", 40}, {"Đình", 40}, {"Ngọc", 30}, {"Tiến", 25}, {"Mạnh", 20}, {"Trọng", 25}, {"Huy", 15}, {"Bá", 15}, {"Anh", 15}}

var femaleMiddle = []weighted{{"Thị", 600}, {"Thu", 60}, {"Ngọc", 50}, {"Thanh", 40}, {"Hồng", 40}, {"Minh", 30},
	{"Thị Thu", 30}, {"Thị Hồng", 30}, {"Phương", 25}, {"Bích", 15}, {"Kim", 20}, {"Thùy", 15}, {"Diệu", 10}}

var maleGiven = []weighted{{"Hùng", 40}, {"Dũng", 40}, {"Tuấn", 45}, {"Minh", 40}, {"Hải", 35}, {"Nam", 35}, {"Long", 30},
	{"Thắng", 30}, {"Cường", 30}, {"Sơn", 30}, {"Quang", 25}, {"Đức", 30}, {"Trung", 25}, {"Tùng", 25}, {"Hiếu", 20},
	{"Thành", 30}, {"Bình", 25}, {"Phong", 15}, {"Khánh", 15}, {"Việt", 15}, {"Hoàng", 15}, {"Lâm", 10}, {"Toàn", 15},
	{"An", 15}, {"Anh", 30}, {"Công", 10}, {"Chiến", 15}, {"Thịnh", 10}, {"Tâm", 10}, {"Kiên", 10}, {"Vinh", 15}, {"Chính", 10}}

var femaleGiven = []weighted{{"Hương", 40}, {"Lan", 35}, {"Hoa", 35}, {"Huyền", 30}, {"Thảo", 35}, {"Hằng", 35}, {"Trang", 35},
	{"Linh", 35}, {"Ngọc", 20}, {"Hà", 30}, {"Mai", 30}, {"Nga", 25}, {"Thủy", 25}, {"Yến", 20}, {"Phương", 25},
	{"Hạnh", 25}, {"Oanh", 15}, {"Dung", 20}, {"Tâm", 15}, {"Vân", 20}, {"Thu", 20}, {"Giang", 20}, {"Nhung", 15},
	{"Loan", 15}, {"Liên", 15}, {"Ánh", 15}, {"Quyên", 10}, {"Chi", 15}, {"Anh", 20}, {"Diệp", 5}, {"Lệ", 10}}

var occupations = []weighted{{"Nông dân", 200}, {"Hưu trí", 220}, {"Công chức", 120}, {"Viên chức giáo dục", 90}, {"Viên chức y tế", 40},
	{"Công nhân", 60}, {"Kinh doanh", 40}, {"Lực lượng vũ trang", 30}, {"Bộ đội xuất ngũ", 40}, {"Người lao động tự do", 40}, {"Sinh viên", 10}}

var religions = []weighted{{"Không", 920}, {"Phật giáo", 60}, {"Công giáo", 20}}

// nameSet is how the members of one ethnic group are named.
type nameSet struct {
	family, maleMiddle, femaleMiddle, maleGiven, femaleGiven []weighted
}

var kinhNames = nameSet{familyNames, maleMiddle, femaleMiddle, maleGiven, femaleGiven}

// Most members of the minorities of the northern midlands carry Vietnamese
// given names, with Văn and Thị as middle names; what sets a group apart is
// its family names (Mông given names and the middle name A of Mông men
// excepted). Groups not listed here are named as the Kinh are.
var namesOf = map[string]nameSet{
	"06": { // Mường: Bùi for most, the old lords' families Đinh, Quách, Bạch, Hà, Xa
		family: []weighted{{"Bùi", 450}, {"Đinh", 150}, {"Quách", 60}, {"Hà", 50}, {"Nguyễn", 70}, {"Xa", 25}, {"Cao", 25},
			{"Phạm", 35}, {"Bạch", 15}, {"Trương", 20}, {"Lê", 20}, {"Hoàng", 15}},
		maleMiddle: muongMaleMiddle, femaleMiddle: muongFemaleMiddle, maleGiven: maleGiven, femaleGiven: femaleGiven},
	"03": { // Thái
		family:     []weighted{{"Hà", 300}, {"Lò", 160}, {"Vi", 120}, {"Lường", 100}, {"Tòng", 40}, {"Cầm", 30}, {"Sa", 20}, {"Xa", 20}},
		maleMiddle: muongMaleMiddle, femaleMiddle: muongFemaleMiddle, maleGiven: maleGiven, femaleGiven: femaleGiven},
	"02": { // Tày of Đà Bắc
		family:     []weighted{{"Xa", 120}, {"Lường", 110}, {"Đinh", 90}, {"Hà", 90}, {"Hoàng", 60}, {"Nông", 30}, {"Lò", 30}, {"Ma", 20}},
		maleMiddle: muongMaleMiddle, femaleMiddle: muongFemaleMiddle, maleGiven: maleGiven, femaleGiven: femaleGiven},
	"09": { // Dao
		family:     []weighted{{"Triệu", 300}, {"Bàn", 250}, {"Lý", 180}, {"Đặng", 150}, {"Phùng", 50}},
		maleMiddle: []weighted{{"Văn", 600}, {"Tiến", 80}, {"Kim", 60}, {"Đức", 40}, {"Quý", 30}}, femaleMiddle: muongFemaleMiddle,
		maleGiven: maleGiven, femaleGiven: femaleGiven},
	"08": { // Mông
		family:       []weighted{{"Giàng", 200}, {"Sùng", 180}, {"Vàng", 150}, {"Thào", 140}, {"Lầu", 80}, {"Mùa", 80}, {"Hầu", 60}, {"Lý", 50}, {"Hờ", 30}},
		maleMiddle:   []weighted{{"A", 800}, {"Văn", 200}},
		femaleMiddle: []weighted{{"Thị", 1}},
		maleGiven: []weighted{{"Páo", 30}, {"Dế", 25}, {"Sử", 25}, {"Chư", 20}, {"Pó", 15}, {"Tủa", 20}, {"Lử", 15}, {"Sềnh", 10},
			{"Chính", 15}, {"Dìa", 10}, {"Nhìa", 10}, {"Tồng", 10}},
		femaleGiven: []weighted{{"Mỷ", 25}, {"Dợ", 20}, {"Sua", 15}, {"Chá", 15}, {"Pàng", 15}, {"Dua", 10}, {"Mỉ", 10}, {"Sy", 10},
			{"Ly", 10}, {"Mai", 15}}},
	"18": { // Sán Dìu
		family:     []weighted{{"Lý", 250}, {"Trương", 180}, {"Diệp", 120}, {"Dương", 120}, {"Lam", 60}, {"Tạ", 50}},
		maleMiddle: maleMiddle, femaleMiddle: femaleMiddle, maleGiven: maleGiven, femaleGiven: femaleGiven},
}

var (
	muongMaleMiddle   = []weighted{{"Văn", 750}, {"Đức", 40}, {"Minh", 40}, {"Thanh", 40}, {"Xuân", 30}, {"Quang", 30}, {"Ngọc", 20}}
	muongFemaleMiddle = []weighted{{"Thị", 850}, {"Thu", 40}, {"Hồng", 30}, {"Thanh", 30}, {"Thị Thu", 20}, {"Ngọc", 20}}
)
