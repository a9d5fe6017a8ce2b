# Sourced by .ci/test.sh: finds a Chromium for the end-to-end tests, installing one if there is
# none, and exports CHROMIUM_PATH. Prints nothing when a browser is already there.
ensure_chromium() {
  local log=.reports/chromium-install.log
  if [ -n "${CHROMIUM_PATH:-}" ]; then
    [ -x "$CHROMIUM_PATH" ] && return 0
    echo "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file: point it at a Chromium, or unset it." >&2
    return 1
  fi
  if [ -x /usr/bin/chromium ]; then export CHROMIUM_PATH=/usr/bin/chromium; return 0; fi
  # Playwright's own browser, where `npx playwright install chromium` put it.
  local own
  own=$(node -e "import('@playwright/test').then((m) => console.log(m.chromium.executablePath()))" 2>/dev/null)
  if [ -n "$own" ] && [ -x "$own" ]; then export CHROMIUM_PATH=$own; return 0; fi

  echo "No Chromium found: installing one for the end-to-end tests (log: $log)"
  if timeout 300 npx playwright install chromium >"$log" 2>&1 && [ -n "$own" ] && [ -x "$own" ]; then
    export CHROMIUM_PATH=$own
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >>"$log" 2>&1
    if [ -x /usr/bin/chromium ]; then export CHROMIUM_PATH=/usr/bin/chromium; return 0; fi
  fi
  echo "No Chromium for the end-to-end tests and none could be installed (see $log): run 'npx playwright install chromium' (or 'sudo apt-get install chromium'), or set CHROMIUM_PATH." >&2
  return 1
}
