# Sourced by .ci/test.sh: makes sure there is a headless Chromium for the end-to-end tests,
# installing one if there is none. e2e/support/chromium.ts picks it (CHROMIUM_PATH when set).
# Prints nothing when a browser is already there.
#
# The headless shell first: it is the browser Playwright itself runs headless tests in, and it
# has no browser window around the page. The full Chromium builds one per page, with a WebUI
# omnibox pop-up of its own: on two cores that took 3.6 CPU-seconds to open a company screen in
# a fresh context against 1.8 in the shell, and the demo's e2e tests spend most of their time
# opening pages.
ensure_chromium() {
  local log=.reports/chromium-install.log
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    [ -x "$CHROMIUM_PATH" ] && return 0
    echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file: point it at a Chromium, or unset it." >&2
    return 1
  fi
  [ -x /usr/bin/chromium-headless-shell ] && return 0
  playwright_has_chromium && return 0

  echo "No headless Chromium found: installing one for the end-to-end tests (log: $log)"
  mkdir -p "$(dirname "$log")"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium-headless-shell; } >>"$log" 2>&1
    [ -x /usr/bin/chromium-headless-shell ] && return 0
  fi
  # A full Chromium works too, at about twice the CPU per page.
  [ -x /usr/bin/chromium ] && return 0
  # Playwright's own download: its headless shell and the full browser.
  timeout 300 npx playwright install chromium >>"$log" 2>&1 && playwright_has_chromium && return 0
  echo "No Chromium for the end-to-end tests and none could be installed (see $log): run 'sudo apt-get install chromium-headless-shell' (or 'npx playwright install chromium'), or set CHROMIUM_PATH." >&2
  return 1
}

# Whether `npx playwright install chromium` has put Playwright's own browser here.
playwright_has_chromium() {
  node -e "
    import('@playwright/test').then(({ chromium }) =>
      process.exit(require('node:fs').existsSync(chromium.executablePath()) ? 0 : 1))" 2>/dev/null
}
