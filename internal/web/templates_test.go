package web

import (
	"io/fs"
	"path"
	"strings"
	"testing"
)

// Every template file is a page, with no list to keep: a screen's file
// that defines "content" is shown inside the layout, a printed one stands
// alone.
func TestEveryTemplateFileIsAPage(t *testing.T) {
	pages := parseTemplates()
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil || len(files) < 2 {
		t.Fatalf("templates: %v %v", files, err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name == "layout" {
			if pages[name] != nil {
				t.Error("the layout is not a page")
			}
			continue
		}
		p := pages[name]
		if p == nil {
			t.Errorf("%s is not parsed", f)
			continue
		}
		if standalone := p.Lookup(name) != nil && p.Lookup("layout") == nil; standalone != strings.HasSuffix(name, "print") {
			t.Errorf("%s: a printed sheet stands alone (a template named after its file), a screen is inside the layout", name)
		}
		if !strings.HasSuffix(name, "print") && (p.Lookup("layout") == nil || p.Lookup("content") == nil) {
			t.Errorf("%s is not inside the layout", name)
		}
	}
	if len(pages) != len(files)-1 {
		t.Errorf("%d pages for %d files", len(pages), len(files))
	}
	if pages["print"].Lookup("layout") != nil || pages["print"].Lookup("print") == nil {
		t.Error("the member sheet stands alone")
	}
}
