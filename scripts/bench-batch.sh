#!/usr/bin/env bash
# Benchmark of `broadsheet batch` (release build) on a generated archive, default
# 30 issues × 8 pages (scripts/make-archive.sh): pages/s with --jobs 1 and --jobs 2
# (median of RUNS full runs each), the no-change rerun time, worker memory (peak, and
# resident memory after the first and the last issue of each worker: flat means no
# growth with archive size), and the projected time for 58,000 pages.
# Usage: scripts/bench-batch.sh [DAYS] [PAGES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
days=${1:-30}
pages=${2:-8}
runs=${3:-3}
scripts/build-release.sh >&2
bin=$PWD/.build/release/broadsheet
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scripts/make-archive.sh "$days" "$work/archive" "$pages"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }

# Wall-clock pages/s depends on what else runs on the machine; CPU seconds per page
# (user + sys of the batch and its workers, from GNU time) do not, and give the
# rate N idle cores would reach: N / (CPU s per page).
declare -A rate
: > "$work/cpu"
for jobs in 1 2; do
  : > "$work/rates"
  for r in $(seq 1 "$runs"); do
    rm -rf "$work/out"
    t0=$(now)
    /usr/bin/time -f "%U %S" -o "$work/time" "$bin" batch "$work/archive" -o "$work/out" --jobs "$jobs" > "$work/summary" 2> "$work/log" || { cat "$work/log" >&2; exit 1; }
    t1=$(now)
    total=$(grep -oE '[0-9]+ pages in' "$work/summary" | grep -oE '^[0-9]+')
    cpu=$(awk '{ print $1 + $2 }' "$work/time")
    echo "$total / ($t1 - $t0)" | bc -l >> "$work/rates"
    echo "$cpu / $total" | bc -l >> "$work/cpu"
    printf 'jobs %d run %d: %d pages in %.2f s wall (%.1f pages/s), %.1f CPU s (%.0f ms CPU per page)\n' "$jobs" "$r" "$total" \
      "$(echo "$t1 - $t0" | bc -l)" "$(tail -n 1 "$work/rates")" "$cpu" "$(echo "1000 * $cpu / $total" | bc -l)"
  done
  rate[$jobs]=$(median < "$work/rates")
  printf 'jobs %d: median %.1f pages/s wall\n' "$jobs" "${rate[$jobs]}"
done
cpu_page=$(median < "$work/cpu")
printf 'CPU per page (median of all runs): %.0f ms, i.e. %.1f pages/s on 1 idle core, %.1f pages/s on 2\n' \
  "$(echo "1000 * $cpu_page" | bc -l)" "$(echo "1 / $cpu_page" | bc -l)" "$(echo "2 / $cpu_page" | bc -l)"

# Worker memory, from the records of the last --jobs 2 run (each says its worker's RSS and peak).
peak=$(grep -h '"workerPeakMB"' "$work"/out/*/*.record.json | grep -oE '[0-9.]+' | sort -n | tail -n 1)
rss=$(for f in $(ls "$work"/out/*/*.record.json | sort); do grep -h '"workerRSSMB"' "$f" | grep -oE '[0-9.]+'; done)
printf 'worker memory: peak %s MB; RSS after each issue: min %s MB, max %s MB (first issues %s, last issues %s)\n' \
  "$peak" "$(echo "$rss" | sort -n | head -n 1)" "$(echo "$rss" | sort -n | tail -n 1)" \
  "$(echo "$rss" | head -n 2 | tr '\n' ' ')" "$(echo "$rss" | tail -n 2 | tr '\n' ' ')"

: > "$work/rerun"
for r in $(seq 1 "$runs"); do
  t0=$(now)
  "$bin" batch "$work/archive" -o "$work/out" --jobs 2 > "$work/summary" 2>/dev/null
  t1=$(now)
  grep -q " 0 rendered" "$work/summary" || { echo "rerun rendered something: $(cat "$work/summary")" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l >> "$work/rerun"
done
printf 'no-change rerun (%d pages): median %.3f s\n' "$((days * pages))" "$(median < "$work/rerun")"
printf 'projected for 58,000 pages at the measured --jobs 2 rate: %.1f h on one machine, %.1f min on 50 such shards\n' \
  "$(echo "58000 / ${rate[2]} / 3600" | bc -l)" "$(echo "58000 / ${rate[2]} / 50 / 60" | bc -l)"
printf 'projected from CPU time on 2 idle cores: %.1f h on one machine, %.1f min on 50 two-core shards\n' \
  "$(echo "58000 * $cpu_page / 2 / 3600" | bc -l)" "$(echo "58000 * $cpu_page / 2 / 50 / 60" | bc -l)"
