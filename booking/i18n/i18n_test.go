package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestPluralsFollowCLDR(t *testing.T) {
	for _, tt := range []struct {
		lang string
		n    int
		want string
	}{
		{"bg", 1, "1 свободен час"}, {"bg", 2, "2 свободни часа"}, {"bg", 0, "0 свободни часа"}, {"bg", 21, "21 свободни часа"},
		{"en", 1, "1 free slot"}, {"en", 2, "2 free slots"}, {"en", 0, "0 free slots"},
		{"de", 1, "1 свободен час"}, // a language the catalogue lacks reads Bulgarian
	} {
		if got := N(tt.lang, "free-slots", tt.n); got != tt.want {
			t.Errorf("N(%s, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestMatchDecidesTheLanguageOnce(t *testing.T) {
	for _, tt := range []struct {
		accept  string
		choices []string
		want    string
	}{
		{"", nil, "bg"},
		{"en-GB,en;q=0.9", nil, "en"},
		{"de-DE,en;q=0.5", nil, "en"},
		{"de-DE", nil, "bg"},
		{"bg,en;q=0.5", nil, "bg"},
		{"en", []string{"", "bg"}, "bg"}, // an explicit choice wins
		{"en", []string{"xx"}, "en"},     // an unknown choice does not
		{"fr;q=1,en;q=0.2", nil, "en"},
	} {
		if got := Match(tt.accept, tt.choices...); got != tt.want {
			t.Errorf("Match(%q, %q) = %q, want %q", tt.accept, tt.choices, got, tt.want)
		}
	}
}

func TestMessagesSpeakTheirReadersLanguage(t *testing.T) {
	m := M("err.status-conflict", M("text.no-show"), Given(map[string]string{"bg": "отказано"}))
	if got := m.In("en"); !strings.HasSuffix(got, ": the booking is отказано.") || strings.Contains(got, "%") {
		t.Errorf("In(en) = %q", got)
	}
	if Pick("en", "Иван", "") != "Иван" || Pick("en", "Иван", "Ivan") != "Ivan" || Pick("bg", "Иван", "Ivan") != "Иван" {
		t.Error("Pick does not fall back to Bulgarian")
	}
}

// Every language file holds the same keys, with the same plural-ness and
// the same fmt verbs, so a message never loses an argument in one language.
func TestLanguageFilesAgree(t *testing.T) {
	if len(Languages()) < 2 || Languages()[0] != Default {
		t.Fatalf("languages %v", Languages())
	}
	verbs := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
	for _, lang := range Languages()[1:] {
		for k := range Keys(Default) {
			if !Keys(lang)[k] {
				t.Errorf("%s.yaml lacks %s", lang, k)
				continue
			}
			if strings.Contains(k, "free-slots") || strings.HasPrefix(k, "wait-staff-count") {
				continue
			}
			if a, b := verbs.FindAllString(T(Default, k), -1), verbs.FindAllString(T(lang, k), -1); strings.Join(a, "") != strings.Join(b, "") {
				t.Errorf("%s: verbs %v in %s, %v in %s", k, a, Default, b, lang)
			}
		}
		for k := range Keys(lang) {
			if !Keys(Default)[k] {
				t.Errorf("%s.yaml has %s, which %s.yaml lacks", lang, k, Default)
			}
		}
	}
}

// Every key the code and the templates name is in the catalogue (T panics
// on a missing one; this finds them before anyone reads a page).
func TestCatalogueHoldsEveryKey(t *testing.T) {
	keyShape := regexp.MustCompile(`^(err|page|mail|text|need|need-form|number)\.[a-z0-9_.-]+$`)
	tmplKey := regexp.MustCompile(`\{\{-?\s*[tn] [$.A-Za-z]+ "([^"]+)"`)
	root := filepath.Join("..", "..")
	used := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "node_modules" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		switch {
		case strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go"):
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING {
					if s, err := strconv.Unquote(b.Value); err == nil && keyShape.MatchString(s) {
						used[s] = path
					}
				}
				return true
			})
		case strings.HasSuffix(path, ".html") && strings.Contains(path, "templates"):
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			for _, m := range tmplKey.FindAllStringSubmatch(string(data), -1) {
				used[m[1]] = path
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 300 {
		t.Fatalf("found only %d keys in use: is the walk looking in the right place?", len(used))
	}
	for k, path := range used {
		if !Keys(Default)[k] {
			t.Errorf("%s names %q, which the catalogue lacks", path, k)
		}
	}
}
