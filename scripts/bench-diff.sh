#!/usr/bin/env bash
# Times `broadsheet diff` on two 16-page broadsheet issues (390×543 mm, dense text)
# at 100 dpi, release build. The PDFs are written by an env-gated test in DiffTests
# with Interop's PDF writer, so nothing outside this repository is needed.
#
#   scripts/bench-diff.sh [SCRATCH_DIR]      (default .build-bench)
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=${1:-.build-bench}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# Quiet on success; the whole log when a step fails.
quiet() { "$@" >"$out/log" 2>&1 || { cat "$out/log"; echo "failed: $*" >&2; exit 2; }; }
quiet swift build --scratch-path "$scratch" --build-tests
BROADSHEET_BENCH_DIR="$out" quiet swift test --scratch-path "$scratch" --skip-build --filter 'DiffTests.BenchmarkPDFs'
quiet swift build --scratch-path "$scratch" -c release --product broadsheet
bin="$scratch/release/broadsheet"
ls -l "$out"/*.pdf

echo "== diff, 100 dpi, $(nproc) cores"
status=0
/usr/bin/time -f "%e s wall, %U s user, %M KB max RSS" "$bin" diff "$out/old.pdf" "$out/new.pdf" || status=$?
echo "exit status $status (expected 1: pages 3 and 11 differ)"

echo "== identical inputs"
/usr/bin/time -f "%e s wall, %U s user, %M KB max RSS" "$bin" diff "$out/old.pdf" "$out/old.pdf" || true

echo "== with --report"
/usr/bin/time -f "%e s wall, %U s user, %M KB max RSS" "$bin" diff "$out/old.pdf" "$out/new.pdf" --report "$out/report" || true
ls "$out/report"
