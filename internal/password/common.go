package password

import "strings"

// commonWords are the words that head every list of leaked passwords, in
// English and in Vietnamese without diacritics, with the names of this
// system and of the Party that a user of it reaches for first. A password
// that is one of them (or one repeated) with only digits and signs around
// it is refused: "Matkhau@2026", "dangvien123456".
var commonWords = set(`
password passwd pass passw matkhau mk admin administrator root user login guest test
qwerty qwertz azerty abc abcd iloveyou loveyou love iloveu anhyeuem emyeuanh yeuem yeuanh
anhyeu emyeu anhyeuemnhieu emyeuanhnhieu saranghaeyo welcome letmein monkey dragon football
baseball soccer superman batman spiderman sunshine princess master shadow michael jennifer
trustno hello hellokitty freedom whatever starwars pokemon computer internet secret changeme
default access ninja mustang jordan harley ranger hunter buster thomas robert daniel charlie
dangvien dangcongsan dangcongsanvietnam dangbo chibo bithu quantri quantrivien quanly
vietnam hanoi saigon hochiminh tphcm bacho tuoitre doanvien doanthanhnien congdoan matkhaumoi
doimatkhau xinchao chaoban khongbiet khongco thanhnien nguoidung taikhoan baomat dangnhap
system hethong zaq qaz asdf zxcv qwer qwertyuiop asdfghjkl zxcvbnm abcdef abcxyz
nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly
`)

// commonPasswords are whole passwords of twelve characters or more, folded
// to letters and digits, that leaked lists hold and that the other rules
// would let through.
var commonPasswords = set(`
1qaz2wsx3edc 1qaz2wsx3edc4rfv zaq12wsxcde3 zaq12wsxcde34rfv 1q2w3e4r5t6y 1q2w3e4r5t6y7u8i
q1w2e3r4t5y6 qweasdzxc123 qweasdzxc1234 123qweasdzxc a1b2c3d4e5f6 abcd1234abcd abc123abc123
qwertyuiop123 qwertyuiop1234 asdfghjkl123 zxcvbnm12345 zxcvbnm123456 123456789abc abc123456789
123456789qwe 123456789aaa aa123456789 aaa123456789 qazwsxedcrfv qazwsxedcrfvtgb 1234567890qwe
iloveyou1234 iloveyou12345 passwordpassword matkhaumatkhau anhyeuem123456 emyeuanh123456
dangcongsanvietnam muonnamdangcongsan dangcongsanvietnamquangvinhmuonnam
motbanamsau motbanamsaubay motbanamsaubaychin mothaibabonnam mothaibabonnamsau
`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
