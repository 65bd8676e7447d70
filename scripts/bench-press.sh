#!/usr/bin/env bash
# Benchmark: the extra time of the press and archive profiles over screen, for the
# three-page demo issue and for a 16-page issue (scripts/bench-render.sh), in a
# release build. Prints the median wall time of each profile over N runs.
# Usage: scripts/bench-press.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
scripts/build-release.sh >&2
bin=.build/release/broadsheet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
export SOURCE_DATE_EPOCH=1705017600
for profile in screen press archive; do
  for i in $(seq 1 "$runs"); do
    start=$(date +%s.%N)
    "$bin" render Articles/2024-01-12/issue.yaml -o "$work/demo-$profile.pdf" --output-profile "$profile" >/dev/null 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc
  done | median | sed "s/^/demo (3 pages) $profile: median s: /"
done
for profile in screen press archive; do
  scripts/bench-render.sh 16 "$runs" --output-profile "$profile" 2>/dev/null | grep -o '[0-9.]* s wall' | cut -d' ' -f1 \
    | median | sed "s/^/16 pages $profile: median s: /"
done
