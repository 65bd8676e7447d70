#!/bin/sh
# Composition throughput (prepare + every line, shaping included) on one core, in a
# release build: the article bodies of the demo issue set as a galley at 17 em.
# Usage: scripts/bench-composer.sh [TEXT.txt]
set -eu
cd "$(dirname "$0")/.."
scratch=.build-composer-release
swift build -c release --scratch-path "$scratch" --product broadsheet >/dev/null
text=${1:-}
if [ -z "$text" ]; then
    text=$(mktemp /tmp/galley-bench.XXXXXX.txt)
    trap 'rm -f "$text"' EXIT
    # Body of each article: after the second --- fence, without ** bold markers.
    for f in Articles/2024-01-12/0*.txt; do
        awk 'c >= 2 { print } /^---$/ { c++ }' "$f" | sed 's/\*\*//g'
    done > "$text"
fi
taskset -c 0 "$scratch/release/broadsheet" galley "$text" --bench --measure 17
