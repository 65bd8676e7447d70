#!/usr/bin/env bash
# Benchmark: set an N-page broadsheet issue (the seed page repeated with its own copies
# of the articles, default 16 pages) in a release build and report the time per page.
# Usage: scripts/bench-render.sh [pages] [runs] [render options…, e.g. --output-profile press]
set -euo pipefail
cd "$(dirname "$0")/.."
pages=${1:-16}
runs=${2:-5}
shift $(( $# < 2 ? $# : 2 ))
scripts/build-release.sh >&2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=Articles/2024-01-12
mkdir -p "$work/issue"
cp -r "$src/photos" "$work/issue/"
{
  echo "newspaper: 平顶山日报"; echo "date: 2024-01-12"; echo "number: 17008"; echo "pages:"
  for p in $(seq 1 "$pages"); do
    echo "  - number: $p"; echo "    template: broadsheet-6col"; echo "    section: 城乡一体化示范区"; echo "    slots:"
    sed -n '/^    slots:/,/^  #/p' "$src/issue.yaml" | grep -E '^      [a-z-]+: 0' | sed -E "s/: (0[0-9]-[a-z-]+)/: \1-p$p/"
    for f in "$src"/0*.txt; do
      b=$(basename "$f" .txt); cp "$f" "$work/issue/$b-p$p.txt"
    done
  done
} > "$work/issue/issue.yaml"
bin=.build/release/broadsheet
for i in $(seq 1 "$runs"); do
  start=$(date +%s.%N)
  "$bin" render "$work/issue/issue.yaml" --layouts Layouts --fonts Fonts/fonts.yaml -o "$work/out.pdf" --timings "$@" \
    2>"$work/err" >/dev/null || { cat "$work/err" >&2; exit 1; }
  grep timings "$work/err"
  end=$(date +%s.%N)
  echo "run $i: $(echo "$end - $start" | bc) s wall for $pages pages" 
done
