#!/usr/bin/env bash
# Generates a test archive of DAYS daily issues from the demo issue's text
# (Articles/2024-01-12/): one folder per issue (OUT/YYYY/MM/YYYY-MM-DD/issue.yaml),
# consecutive dates from START (default 2024-01-01), running issue numbers, PAGES
# pages each (default 4): broadsheet pages set from the demo's stories, each page with its
# own copies whose paragraphs are rotated differently per day and page (so every page sets
# differently), and, when PAGES ≥ 3, the demo's tabloid pair (automatic placement, a story
# jumping to the last page). Photos and ads are reused (copied).
# Layouts/ and Fonts/ are copied beside the issues, as an archive keeps them.
# Usage: scripts/make-archive.sh DAYS OUT [PAGES] [START]
set -euo pipefail
days=${1:?usage: make-archive.sh DAYS OUT [PAGES] [START]}
out=${2:?usage: make-archive.sh DAYS OUT [PAGES] [START]}
pages=${3:-4}
start=${4:-2024-01-01}
here=$(cd "$(dirname "$0")/.." && pwd)
src="$here/Articles/2024-01-12"
mkdir -p "$out"
cp -r "$here/Layouts" "$here/Fonts" "$out/"

# Copies an article, rotating its body paragraphs by $3 (front matter kept).
rotate() {
  awk -v k="$3" '
    BEGIN { fm = 0; n = 0 }
    fm < 2 { print; if ($0 == "---") fm++; next }
    /^[[:space:]]*$/ { next }
    { para[n++] = $0 }
    END { for (i = 0; i < n; i++) { print ""; print para[(i + k) % n] } }
  ' "$1" > "$2"
}

slots=(lead:01-economy ear:02-binhu second:04-discipline second-right:06-hubinlu middle-left:05-returnees
       middle-right:08-xiliu bottom-left:07-lanwan photo-centre:03-smart-party photo-bottom:09-gulls)
broadsheet=$pages
[ "$pages" -ge 3 ] && broadsheet=$((pages - 2))

for d in $(seq 0 $((days - 1))); do
  date=$(date -u -d "$start + $d day" +%Y-%m-%d)
  dir="$out/${date:0:4}/${date:5:2}/$date"
  mkdir -p "$dir"
  # Copies, not hard links: editing an archive photo must never touch the demo issue.
  cp -r --reflink=auto "$src/photos" "$src/ads" "$dir/"
  {
    echo "newspaper: 平顶山日报"
    echo "date: $date"
    echo "number: $((17000 + d))"
    echo "pages:"
    for p in $(seq 1 "$broadsheet"); do
      echo "  - number: $p"
      echo "    template: broadsheet-6col"
      echo "    section: 城乡一体化示范区"
      echo "    editor: 周晓果"
      echo "    slots:"
      for s in "${slots[@]}"; do
        slot=${s%%:*}; id=${s#*:}
        echo "      $slot: $id-p$p"
        rotate "$src/$id.txt" "$dir/$id-p$p.txt" $(( (d * 3 + p) % 5 ))
      done
    done
    if [ "$pages" -ge 3 ]; then
      a=$((broadsheet + 1)); b=$((broadsheet + 2))
      for id in 10-review 11-figures 12-english; do rotate "$src/$id.txt" "$dir/$id.txt" 0; done
      echo "  - number: $a"
      echo "    template: tabloid-4col-auto"
      echo "    section: 年终观察"
      echo "    articles: [10-review, 11-figures]"
      echo "    ads: {ad: ads/subscribe.pdf}"
      echo "  - number: $b"
      echo "    template: tabloid-4col-jump"
      echo "    section: 年终观察"
      echo "    slots: {continued: 10-review, digest: 12-english}"
      echo "    ads: {ad: ads/subscribe.pdf}"
    fi
  } > "$dir/issue.yaml"
done
echo "wrote $days issues of $pages pages under $out" >&2
