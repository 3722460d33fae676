package password

import "testing"

func TestHashCheck(t *testing.T) {
	p := Params{Memory: 1024, Time: 1, Threads: 1}
	h, err := Hash("Mật khẩu dài 2026!", p)
	if err != nil {
		t.Fatal(err)
	}
	h2, _ := Hash("Mật khẩu dài 2026!", p)
	if h == h2 {
		t.Fatal("two hashes of one password must differ by salt")
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{{"Mật khẩu dài 2026!", true}, {"Mat khau dai 2026!", false}, {"", false}} {
		ok, err := Check(tc.pw, h)
		if err != nil || ok != tc.want {
			t.Errorf("Check(%q) = %v, %v", tc.pw, ok, err)
		}
	}
	if _, err := Check("x", "$2a$10$bcrypt"); err == nil {
		t.Error("a non-argon2id hash must be an error")
	}
}

// A password typed in decomposed form (e + combining marks, as some
// keyboards send it) is the same password as the composed one.
func TestHashIsOfNFC(t *testing.T) {
	p := Params{Memory: 1024, Time: 1, Threads: 1}
	composed, decomposed := "Mật khẩu đủ dài ệ", "Mâ\u0323t khâ\u0309u đu\u0309 dài e\u0302\u0323"
	h, err := Hash(decomposed, p)
	if err != nil {
		t.Fatal(err)
	}
	if ok, _ := Check(composed, h); !ok {
		t.Error("composed form refused for a hash of the decomposed form")
	}
	if ok, _ := Check(decomposed, h); !ok {
		t.Error("decomposed form refused")
	}
}
