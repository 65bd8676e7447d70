#!/usr/bin/env bash
# Watch-mode latency: the time from saving an article to the new PDF, as
# `broadsheet watch` reports it ("save → PDF"), over N saves, for the seed page
# alone (one broadsheet page) and for the whole demo issue. Release build.
#   scripts/bench-watch.sh [saves]
set -euo pipefail
cd "$(dirname "$0")/.."
saves=${1:-10}
scripts/install-deps.sh
scripts/build-release.sh >&2
bin=$PWD/.build/release/broadsheet
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
cp -r Articles Layouts Fonts "$tmp/"
issue_dir="$tmp/Articles/2024-01-12"
# The seed page on its own: the issue file with only page 3.
awk '/^  - number: 1$/{skip=1} /^  - number: 3$/{skip=0} /^  - number: 4$/{skip=1} !skip' \
  "$issue_dir/issue.yaml" > "$issue_dir/one-page.yaml"

run() {  # issue-file label
  local log="$tmp/$2.log"
  "$bin" watch "$issue_dir/$1" -o "$tmp/$2.pdf" --max-passes $((saves + 1)) >"$log" 2>&1 &
  local pid=$!
  until grep -q "^pass 1:" "$log"; do sleep 0.2; done
  for i in $(seq "$saves"); do
    # One character changed in a story on the seed page, as an editor's save.
    if (( i % 2 )); then sed -i 's/普查员高梦月/调查员高梦月/' "$issue_dir/06-hubinlu.txt"
    else sed -i 's/调查员高梦月/普查员高梦月/' "$issue_dir/06-hubinlu.txt"; fi
    until grep -q "^pass $((i + 1)):" "$log"; do sleep 0.05; done
    sleep 0.3
  done
  wait "$pid"
  grep -o 'save → PDF [0-9]* ms' "$log" | awk '{print $4}' | sort -n > "$tmp/$2.ms"
  local n; n=$(wc -l < "$tmp/$2.ms")
  echo "$2: $n saves, save → PDF median $(sed -n "$(( (n + 1) / 2 ))p" "$tmp/$2.ms") ms (min $(head -1 "$tmp/$2.ms"), max $(tail -1 "$tmp/$2.ms"))"
}
run one-page.yaml "seed page (1 broadsheet page)"
run issue.yaml "demo issue (5 pages)"
