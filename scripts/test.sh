#!/usr/bin/env bash
# Runs the whole test suite (unit, layout, CLI end-to-end, regression) and ends with
# one plain line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
# All tests are XCTest; Swift Testing would only add a "0 tests" summary.
swift test --skip-build --disable-swift-testing "$@" 2>&1 | tee "$log" || status=$?
summary=$(grep -E "^[[:space:]]*Executed [0-9]+ tests?" "$log" | tail -n 1 || true)
if [ -n "$summary" ]; then
  total=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?.*/\1/')
  failed=$(grep -cE "^Test Case '.*' failed" "$log" || true)
  skipped=0
  echo "$summary" | grep -q "skipped" && skipped=$(echo "$summary" | sed -E 's/.* with ([0-9]+) tests? skipped.*/\1/')
  echo "tests: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
fi
exit $status
