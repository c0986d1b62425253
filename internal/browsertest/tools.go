package browsertest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The variables that scripts/browser-tools.sh exports.
const (
	envChromium       = "BITACORA_CHROMIUM"
	envAxeJS          = "BITACORA_AXE_JS"
	envVNUJar         = "BITACORA_VNU_JAR"
	envRequireBrowser = "BITACORA_REQUIRE_BROWSER"
)

// Where the tools are when the variables are not set: Debian's Chromium
// headless shell, else Debian's Chromium, and npm's layout under tools/ at
// the root of the module.
//
// The headless shell (Debian's chromium-headless-shell, Chromium's "old
// headless" mode, the same Blink at the same version) renders, lays out
// and runs scripts as the browser does, without the browser's own user
// interface, which headless Chromium still builds and keeps busy: the
// reflow check on every page took 71 CPU-seconds with the shell against
// 116 with Chromium (44.6 s against 67.1 s on two cores).
const (
	defaultChromium = "/usr/bin/chromium"
	headlessShell   = "/usr/bin/chromium-headless-shell"
	axeJSInTools    = "tools/node_modules/axe-core/axe.min.js"
	vnuJarInTools   = "tools/node_modules/vnu-jar/build/dist/vnu.jar"
)

// Tools are the absolute paths of the programs and files that the checks
// run. Get them from [Require].
type Tools struct {
	Chromium string // the browser executable
	AxeJS    string // axe.min.js of axe-core
	VNUJar   string // vnu.jar of the Nu HTML Checker
	Java     string // the java that runs VNUJar
}

// Require returns the tools, or ends the test when one is missing: t.Fatal
// when BITACORA_REQUIRE_BROWSER or CI is set, so that CI never passes without
// the browser checks, and t.Skip elsewhere.
func Require(t testing.TB) Tools {
	t.Helper()
	tools, err := findTools()
	if err == nil {
		return tools
	}
	msg := fmt.Sprintf("browsertest: %v; run `make test`, or `. scripts/browser-tools.sh && browser_tools_install` then the tests", err)
	if isSet(envRequireBrowser) || isSet("CI") {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return Tools{}
}

// findTools looks once: the answer cannot change while the tests run.
var findTools = sync.OnceValues(func() (Tools, error) {
	var missing []string
	root, rootErr := moduleRoot()
	file := func(env, fallback string) string {
		path := os.Getenv(env)
		switch {
		case path != "":
		case filepath.IsAbs(fallback):
			path = fallback
		case rootErr != nil:
			missing = append(missing, fmt.Sprintf("%s (not set, and %v)", env, rootErr))
			return ""
		default:
			path = filepath.Join(root, fallback)
		}
		path, err := filepath.Abs(path)
		if err == nil {
			_, err = os.Stat(path)
		}
		if err != nil {
			missing = append(missing, fmt.Sprintf("%s: %v", env, err))
			return ""
		}
		return path
	}
	chromium := defaultChromium
	if _, err := os.Stat(headlessShell); err == nil {
		chromium = headlessShell
	}
	tools := Tools{
		Chromium: file(envChromium, chromium),
		AxeJS:    file(envAxeJS, axeJSInTools),
		VNUJar:   file(envVNUJar, vnuJarInTools),
	}
	java, err := exec.LookPath("java")
	if err != nil {
		missing = append(missing, err.Error())
	}
	tools.Java = java
	if len(missing) > 0 {
		return Tools{}, fmt.Errorf("missing %s", strings.Join(missing, "; "))
	}
	return tools, nil
})

// moduleRoot walks up from the working directory, which go test sets to the
// package's folder, to the folder of go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// isSet treats the usual spellings of "off" as unset, so CI=false is false.
func isSet(env string) bool {
	switch strings.ToLower(os.Getenv(env)) {
	case "", "0", "false", "no", "off":
		return false
	}
	return true
}
