package store

import (
	"strings"
	"testing"

	"dangvien/internal/domain"
)

// Every audited action and entity is declared with its Vietnamese words
// (tx.audit takes nothing else), names are unique, each kind of member
// event has its action, and sign-ins are told apart from changes.
func TestAuditActionsDeclared(t *testing.T) {
	if len(Actions()) < 50 || len(Entities()) < 8 {
		t.Fatalf("%d actions, %d entities declared", len(Actions()), len(Entities()))
	}
	for _, a := range Actions() {
		if a.Label() == "" || a.Label() == a.Name() || strings.ContainsAny(a.Label(), "._") {
			t.Errorf("action %s: label %q", a.Name(), a.Label())
		}
	}
	for _, e := range Entities() {
		if e.Label() == "" || e.Label() == e.Name() {
			t.Errorf("entity %s: label %q", e.Name(), e.Label())
		}
	}
	for _, k := range domain.EventKinds() {
		if a, ok := ActionOf("member.event." + string(k)); !ok || !strings.Contains(a.Label(), k.Label()) {
			t.Errorf("event %s: %+v %v", k, a, ok)
		}
	}
	for name, access := range map[string]bool{"user.login": true, "user.logout": true, "user.login_failed": true, "user.login_refused": true,
		"user.totp_failed": true, "user.login_password": true, "user.password_check_failed": true, "user.create": false, "user.password": false, "member.update": false} {
		if a, ok := ActionOf(name); !ok || a.Access() != access {
			t.Errorf("%s: declared %v, access %v, want %v", name, ok, a.Access(), access)
		}
	}
	if ActionLabel("khong.co") != "khong.co" || EntityLabel("khong_co") != "khong_co" {
		t.Error("an undeclared name is not shown as it is")
	}
}

// Declaring an action without a label, with a malformed name or twice
// stops the program at start-up.
func TestBadDeclarationsPanic(t *testing.T) {
	for name, f := range map[string]func(){
		"no label":  func() { newAction("thu.nghiem_khong_nhan", "") },
		"bad name":  func() { newAction("Thu Nghiem", "thử nghiệm") },
		"twice":     func() { newAction("member.update", "sửa hồ sơ") },
		"entity":    func() { newEntity("member", "Đảng viên") },
		"no entity": func() { newEntity("thu_nghiem", "") },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}
