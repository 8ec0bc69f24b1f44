//go:build !js

// Package engine_test guards the engine's one architectural rule: it is pure
// computation, usable from the command line and the browser alike, so nothing
// under engine/ may import a UI or browser package, directly or through a
// third-party dependency. (The standard library reaches syscall/js on its own
// under GOOS=js; that is not the engine's doing, so only non-standard
// dependencies and the engine's own imports are checked.)
package engine_test

import (
	"os/exec"
	"strings"
	"testing"
)

var forbidden = []string{"github.com/hajimehoshi/ebiten", "syscall/js"}

func TestEngineImportsNoUI(t *testing.T) {
	const format = `{{.ImportPath}} {{join .Imports " "}} {{join .TestImports " "}} {{join .XTestImports " "}}`
	for _, goos := range []string{"", "js"} {
		own := goList(t, goos, "-f", format, "mirror/engine/...")
		third := goList(t, goos, "-deps", "-test", "-f", `{{if not .Standard}}{{.ImportPath}}{{end}}`, "mirror/engine/...")
		imports := strings.Fields(own + " " + third)
		if len(imports) < 5 {
			t.Fatalf("go list found only %d imports; the check would prove nothing", len(imports))
		}
		for _, imp := range imports {
			for _, f := range forbidden {
				if strings.HasPrefix(imp, f) {
					t.Errorf("engine reaches %s (GOOS=%q); engine/ must stay free of UI and browser packages", imp, goos)
				}
			}
		}
	}
}

func goList(t *testing.T, goos string, args ...string) string {
	t.Helper()
	cmd := exec.Command("go", append([]string{"list"}, args...)...)
	if goos == "js" {
		cmd.Env = append(cmd.Environ(), "GOOS=js", "GOARCH=wasm")
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list %v (GOOS=%q): %v\n%s", args, goos, err, out)
	}
	return string(out)
}
