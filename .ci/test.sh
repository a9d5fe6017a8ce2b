#!/usr/bin/env bash
# `npm test`: provides Chromium and PostgreSQL, builds the console once (live and demo), then runs
# every layer in two lanes side by side, and ends with "N passed, N failed" over all of them.
#   checks lane:  typecheck, lint, unit and contract tests, the PostgreSQL tests
#   browser lane: budgets on the build, end-to-end demo, end-to-end live (both on the same builds)
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf .reports
mkdir -p .reports/status
started=$SECONDS

# shellcheck source=ensure-chromium.sh
source .ci/ensure-chromium.sh
# shellcheck source=ensure-postgres.sh
source .ci/ensure-postgres.sh
if ! ensure_chromium || ! ensure_postgres; then
  echo 1 >.reports/status/setup
  node .ci/summary.mjs
  exit 1
fi

# Runs one layer, records its exit status for the summary, and says how long it took.
layer() {
  local name=$1 begun=$SECONDS
  shift
  "$@"
  local status=$?
  echo "$status" >".reports/status/$name"
  echo "== $name: $([ "$status" = 0 ] && echo ok || echo "FAILED ($status)") in $((SECONDS - begun)) s"
  return "$status"
}

checks() {
  layer typecheck npm run --silent typecheck
  layer lint npm run --silent lint
  layer unit npm run --silent test:unit
  layer unit-pg npm run --silent test:pg
}

build() {
  npx vite build --logLevel warn &
  local live=$!
  npx vite build --mode demo --outDir dist-demo --logLevel warn
  local demo=$?
  wait "$live" && [ "$demo" = 0 ]
}

browser() {
  # The e2e configs serve these builds instead of building their own (E2E_PREBUILT).
  if ! layer build build; then return; fi
  layer budgets npm run --silent bench -- --check --deterministic --dist dist
  E2E_PREBUILT=1 layer e2e-demo npm run --silent test:e2e:demo
  E2E_PREBUILT=1 layer e2e-live npm run --silent test:e2e:live
}

# Each lane's lines carry its name, so the interleaved output stays readable.
checks 2>&1 | sed -u 's/^/[checks] /' &
lane=$!
browser 2>&1 | sed -u 's/^/[browser] /'
wait "$lane"

echo "== all layers in $((SECONDS - started)) s"
node .ci/summary.mjs
failed=0
for file in .reports/status/*; do [ "$(cat "$file")" = 0 ] || failed=1; done
exit "$failed"
