#!/usr/bin/env bash
# Runs the whole test suite (unit, layout, CLI end-to-end, regression).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
swift build --build-tests
swift test --skip-build "$@"
