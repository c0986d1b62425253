# shellcheck shell=bash
# Sourced, not run: it defines browser_tools_install, which puts in place what
# the browser tests (internal/browsertest) need — Debian's Chromium and its
# headless shell, Java, and the pinned axe-core and vnu.jar from
# tools/package-lock.json — and exports where they are. It prints nothing
# when everything is already there.
#
#   . scripts/browser-tools.sh
#   browser_tools_install
#
# No tool may fetch a browser or a Java of its own here (the network reaches
# only the package registries), so npm runs with --ignore-scripts: vnu-jar's
# postinstall would otherwise try to download a JRE when it finds no java.

# _browser_tools_apt installs Debian packages, refreshing the package lists
# once per call of browser_tools_install (a fresh machine has stale ones). It
# uses that function's locals sudo and apt_updated.
_browser_tools_apt() {
	if [ -z "$apt_updated" ]; then
		$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || return 1
		apt_updated=1
	fi
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

browser_tools_install() {
	local root sudo=""
	root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd) || return 1
	if [ "$(id -u)" -ne 0 ]; then
		sudo="sudo"
	fi

	# Chromium, and its headless shell, which the tests drive: the same
	# Blink without the browser's own interface, a third less CPU (see
	# internal/browsertest/tools.go). Chromium stays for a look with a
	# window (the walkthrough's screenshots can use either).
	local apt_updated=""
	if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromium-headless-shell ]; then
		printf '== browser tools: installing chromium and chromium-headless-shell (apt-get)\n' >&2
		_browser_tools_apt chromium chromium-headless-shell ||
			{ printf 'browser tools: apt-get install chromium chromium-headless-shell failed\n' >&2; return 1; }
	fi

	# Java before npm: even with --ignore-scripts, nothing should ever have
	# a reason to fetch a JRE.
	if ! command -v java >/dev/null 2>&1; then
		printf '== browser tools: installing java (apt-get default-jre-headless)\n' >&2
		_browser_tools_apt default-jre-headless || { printf 'browser tools: apt-get install default-jre-headless failed\n' >&2; return 1; }
	fi

	# npm writes node_modules/.package-lock.json on every install, so it
	# being older than the lockfile means the lockfile changed since.
	local tools="$root/tools"
	local axe="$tools/node_modules/axe-core/axe.min.js"
	local vnu="$tools/node_modules/vnu-jar/build/dist/vnu.jar"
	if [ ! -f "$tools/node_modules/.package-lock.json" ] ||
		[ "$tools/package-lock.json" -nt "$tools/node_modules/.package-lock.json" ] ||
		[ ! -f "$axe" ] || [ ! -f "$vnu" ]; then
		printf '== browser tools: npm ci --prefix tools\n' >&2
		npm ci --prefix "$tools" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null ||
			{ printf 'browser tools: npm ci --prefix tools failed\n' >&2; return 1; }
		touch "$tools/node_modules/.package-lock.json"
	fi
	if [ ! -f "$axe" ] || [ ! -f "$vnu" ]; then
		printf 'browser tools: %s or %s missing after npm ci\n' "$axe" "$vnu" >&2
		return 1
	fi

	export BITACORA_CHROMIUM=/usr/bin/chromium-headless-shell
	export BITACORA_AXE_JS="$axe"
	export BITACORA_VNU_JAR="$vnu"
	export BITACORA_REQUIRE_BROWSER=1
}
