package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Every action the store audits reads in Vietnamese on the home page and in
// the audit log: a new action without a label fails here.
func TestEveryAuditActionHasALabel(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("../store/*.go")
	re := regexp.MustCompile(`audit\("([a-z_.]+)", "([a-z_]+)"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			found++
			action, entity := m[1], m[2]
			if strings.HasSuffix(action, ".") { // built at run time: member.event.<kind>, org.<op>
				continue
			}
			if actionLabel(action) == action {
				t.Errorf("%s: action %q has no Vietnamese label", f, action)
			}
			if entityLabels[entity] == "" {
				t.Errorf("%s: entity %q has no Vietnamese label", f, entity)
			}
		}
	}
	if found < 30 {
		t.Fatalf("found only %d audit calls: the pattern no longer matches the store", found)
	}
}
