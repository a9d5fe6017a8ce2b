#!/usr/bin/env bash
# Runs the whole end-to-end suite (demo, then live) N times in a row on one build, with no
# retries, and stops at the first failure: the check that no e2e test is flaky.
#   bash .ci/e2e-repeat.sh [N=5]
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
# shellcheck source=ensure-chromium.sh
mkdir -p .reports
source .ci/ensure-chromium.sh
ensure_chromium || exit 1
npx vite build --logLevel warn && npx vite build --mode demo --outDir dist-demo --logLevel warn || exit 1
export E2E_PREBUILT=1 CI=1
for run in $(seq 1 "$runs"); do
  begun=$SECONDS
  npx playwright test --retries=0 --reporter=dot || { echo "== run $run: demo e2e failed"; exit 1; }
  npx playwright test -c playwright.live.config.ts --retries=0 --reporter=dot ||
    { echo "== run $run: live e2e failed"; exit 1; }
  echo "== run $run of $runs: demo and live e2e passed in $((SECONDS - begun)) s"
done
echo "== $runs runs in a row, no failure"
