// Package browsertest lets tests check pages in a real headless Chromium,
// with axe-core for WCAG 2.1 AA, and documents with the real Nu HTML Checker
// (vnu.jar). It is for tests only.
//
// The tools come from browser_tools_install in scripts/browser-tools.sh:
// Debian's Chromium, Java, and the axe-core and vnu-jar versions pinned in
// tools/package-lock.json. [Require] finds them; without them a test skips
// on a developer's machine and fails in CI, so a missing browser never
// passes silently.
//
// Chromium is slow to start and CI has two cores, so a package starts one
// browser and opens a new tab for each check. [Shared] does that for a whole
// test binary:
//
//	var chromium browsertest.Shared
//
//	func TestMain(m *testing.M) {
//		code := m.Run()
//		chromium.Close()
//		os.Exit(code)
//	}
//
//	func TestHomeIsAccessible(t *testing.T) {
//		b := chromium.Browser(t)
//		for _, v := range b.Axe(t, srv.URL+"/", browsertest.Phone()) {
//			t.Error(v)
//		}
//	}
//
// The JVM is slower still to start, so [Tools.VNU] checks all the documents
// it is given in one run: collect every page first, then call it once.
package browsertest
