#!/usr/bin/env bash
# Times automatic placement of the demo page (9 articles on broadsheet-6col) in a
# release build: measuring every article at every width plus the guillotine search.
# Usage: scripts/bench-auto.sh [runs]   (default 5; each run starts with nothing cached)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
scratch="${SCRATCH:-.build-auto}"
# -enable-testing: the benchmark lives beside the tests and uses @testable imports.
# Only the test bundle: the CLI is not needed (and may be mid-edit by others).
swift build -c release --scratch-path "$scratch" --product BroadsheetPackageTests -Xswiftc -enable-testing >&2
AUTOPLACER_BENCH="$runs" swift test -c release --scratch-path "$scratch" --skip-build \
  -Xswiftc -enable-testing --filter AutoPlacerBenchmark 2>&1 |
  grep -v '^\[' | sed -n '/^slot /,/^autoplace demo page/p'
