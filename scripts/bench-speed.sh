#!/usr/bin/env bash
# Every speed figure of the project in one run, release build:
#   1. a galley of ≥ 100,000 CJK characters of real news text (the demo issue's
#      Chinese article bodies, repeated), 6 columns × 16 em at 9.5 pt, whole process:
#      Broadsheet against Typst (PyPI package, same text and geometry), commands
#      alternated, medians of wall and CPU (user + sys) time, and their ratio;
#   2. the seed page (page 3 of the demo) in process, fonts loaded: layout + PDF; and
#      the same page whole process, the first document paying for fonts and subsets;
#   3. a 16-page broadsheet issue (the seed page repeated), whole process;
#   4. composition throughput on one core (CJK characters/s, shaping included);
#   5. peak memory (max RSS) for the demo issue and for 1-, 4- and 16-page issues.
#
#   6. with BENCH_CALLGRIND=1, instruction counts (valgrind --tool=callgrind) of the
#      seed page and the galley, whole process: repeatable where wall clock is not.
#
# Usage: scripts/bench-speed.sh [runs]        (default 7 runs per timed command)
# Wall-clock figures are medians of alternated runs; on a machine shared with other
# work read the CPU (user + sys) figures too, and the instruction counts.
# Typst goes into a virtual environment at $TYPST_VENV (default /tmp/typst-venv),
# created with `python3 -m venv` and `pip install typst` when missing; when that is
# not possible the Typst ratio is skipped with a message and everything else runs.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
venv=${TYPST_VENV:-/tmp/typst-venv}

scripts/build-release.sh >&2
bin=$PWD/.build/release/broadsheet
work=$(mktemp -d /tmp/bench-speed.XXXXXX)
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# timed LABEL CMD…: runs CMD once, appends "wall cpu maxrss_kb" to $work/LABEL.times.
timed() {
    local label=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time.out" "$@" >"$work/cmd.out" 2>&1 ||
        { cat "$work/cmd.out" >&2; echo "failed: $*" >&2; exit 1; }
    awk '{ printf "%s %.3f %s\n", $1, $2 + $3, $4 }' "$work/time.out" >> "$work/$label.times"
}
col() { awk -v c="$2" '{ print $c }' "$work/$1.times" | median; }

# --- the galley text: Chinese article bodies of the demo issue, repeated to ≥ 100,000 CJK characters
src=Articles/2024-01-12
for f in "$src"/[01][0-9]-*.txt; do
    case $f in *english*) continue ;; esac
    awk 'c >= 2 { print } /^---$/ { c++ }' "$f" | sed -e 's/\*\*//g' -e 's/^## //'
done > "$work/one.txt"
cjk_per_copy=$(python3 -c "import sys; print(sum(1 for c in open(sys.argv[1], encoding='utf-8').read() if ord(c) >= 0x2E80))" "$work/one.txt")
copies=$(( (100000 + cjk_per_copy - 1) / cjk_per_copy ))
for _ in $(seq "$copies"); do cat "$work/one.txt"; done > "$work/galley.txt"
cjk=$(( cjk_per_copy * copies ))

# Same geometry as `broadsheet galley --columns 6 --measure 16 --size 9.5`: A4 height,
# page widened to 6 × 152 pt columns with 19 pt gutters and 15 mm margins, a 19 pt
# slug band on top, 14.25 pt leading, justified, 2 em indent, Noto Serif CJK SC.
cat > "$work/galley.typ" <<'EOF'
#set page(width: 1092.04pt, height: 297mm, margin: (x: 15mm, top: 15mm + 19pt, bottom: 15mm), columns: 6)
#set columns(gutter: 19pt)
#set text(font: "Noto Serif CJK SC", size: 9.5pt, lang: "zh", region: "cn", top-edge: 0.88em, bottom-edge: -0.12em)
#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 4.75pt, spacing: 4.75pt)
#for p in read("galley.txt").split("\n") { if p.trim() != "" { par(p.trim()) } }
EOF

typst=""
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import typst' 2>/dev/null; then
    typst="$venv/bin/python"
else
    echo "installing Typst from PyPI into $venv …" >&2
    if { [ -x "$venv/bin/python" ] || python3 -m venv "$venv"; } >&2 2>&1 &&
       "$venv/bin/pip" install --quiet typst >&2 2>&1 && "$venv/bin/python" -c 'import typst' 2>/dev/null; then
        typst="$venv/bin/python"
    fi
fi

# Wall clock on a shared machine depends on what else runs: every timed section says
# the load average (1, 5, 15 minutes) at its start.
loadavg() { echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"; }

echo "== 1. galley: $cjk CJK characters ($copies copies of the demo's Chinese bodies), 6 columns × 16 em at 9.5 pt, whole process, $runs runs ($(loadavg))"
for _ in $(seq "$runs"); do
    timed broadsheet "$bin" galley "$work/galley.txt" -o "$work/bs.pdf" --columns 6 --measure 16 --size 9.5
    if [ -n "$typst" ]; then
        timed typst "$typst" -c 'import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])' "$work/galley.typ" "$work/typst.pdf"
    fi
done
bs_wall=$(col broadsheet 1); bs_cpu=$(col broadsheet 2)
echo "broadsheet: median $bs_wall s wall, $bs_cpu s CPU; $(pdfinfo "$work/bs.pdf" 2>/dev/null | awk '/^Pages/ { print $2 }') pages"
if [ -n "$typst" ]; then
    ty_wall=$(col typst 1); ty_cpu=$(col typst 2)
    echo "typst $("$typst" -c 'import importlib.metadata as m; print(m.version("typst"))'): median $ty_wall s wall, $ty_cpu s CPU; $(pdfinfo "$work/typst.pdf" 2>/dev/null | awk '/^Pages/ { print $2 }') pages"
    echo "ratio broadsheet/typst: $(echo "$bs_wall $ty_wall" | awk '{ printf "%.2f", $1 / $2 }') wall, $(echo "$bs_cpu $ty_cpu" | awk '{ printf "%.2f", $1 / $2 }') CPU   (target ≤ 0.5)"
else
    echo "typst: SKIPPED — could not create $venv or pip install typst (offline?); no ratio"
fi

# --- N-page issues: the seed page (page 3) repeated, each page with its own copies of the articles
make_issue() { # make_issue PAGES DIR
    local pages=$1 dir=$2
    mkdir -p "$dir"; cp -r "$src/photos" "$dir/"
    {
        echo "newspaper: 平顶山日报"; echo "date: 2024-01-12"; echo "number: 17008"; echo "pages:"
        for p in $(seq 1 "$pages"); do
            echo "  - number: $p"; echo "    template: broadsheet-6col"; echo "    section: 城乡一体化示范区"; echo "    slots:"
            # the seed page's slots: page 3 of the demo issue
            sed -n '/^  - number: 3$/,/^  #/p' "$src/issue.yaml" | sed -n '/^    slots:/,$p' |
                grep -E '^      [a-z-]+: 0' | sed -E "s/: (0[0-9]-[a-z-]+)/: \1-p$p/"
            for f in "$src"/0*.txt; do cp "$f" "$dir/$(basename "$f" .txt)-p$p.txt"; done
        done
    } > "$dir/issue.yaml"
}
for n in 1 4 16; do make_issue "$n" "$work/issue$n"; done
# render_args DIR: the render command line for a generated issue
render_args() { echo "$bin" render "$1/issue.yaml" --layouts Layouts --fonts Fonts/fonts.yaml -o "$1/out.pdf"; }

echo "== 2. seed page in process, fonts loaded (render --repeat 20) ($(loadavg))"
$(render_args "$work/issue1") --repeat 20 2>&1 >/dev/null | grep 'bench:' | sed 's/$/   (target ≤ 50 ms)/'
# The repeats reuse the font subsets of the first render (same glyphs): the first
# document of a process pays for loading fonts and subsetting them, as the CLI does.
for _ in $(seq "$runs"); do timed issue1 $(render_args "$work/issue1"); done
echo "seed page, whole process (fonts loaded and subset from scratch): median $(col issue1 1) s wall, $(col issue1 2) s CPU; PDF $(stat -c %s "$work/issue1/out.pdf") bytes"

echo "== 3. 16-page broadsheet issue, whole process, $runs runs ($(loadavg))"
for _ in $(seq "$runs"); do timed issue16 $(render_args "$work/issue16"); done
echo "16 pages: median $(col issue16 1) s wall, $(col issue16 2) s CPU   (target ≤ 0.3 s wall on 2 cores)"
# Where that time goes, from the render's own clock (`--timings`): what is left of the
# wall time is the process starting (dynamic loading) and ending.
for _ in $(seq "$runs"); do
    $(render_args "$work/issue16") --timings 2>&1 >/dev/null | grep 'timings:' |
        sed -E 's/.*load ([0-9.]+) seconds, placement ([0-9.]+) seconds, layout ([0-9.]+) seconds.*layout\+pdf ([0-9.]+) seconds, total ([0-9.]+) seconds.*/\1 \2 \3 \4 \5/'
done > "$work/stages.times"
ms() { median | awk '{ printf "%.0f", $1 }'; }
stage() { awk -v c="$1" '{ print $c * 1000 }' "$work/stages.times" | ms; }
echo "16 pages in process (medians, ms): loading files $(stage 1), placement $(stage 2), layout $(stage 3) (two threads), PDF after the layout $(awk '{ print ($4 - $3) * 1000 }' "$work/stages.times" | ms), total $(stage 5)"

echo "== 4. composition on one core (galley --bench, shaping included) ($(loadavg))"
taskset -c 0 "$bin" galley "$work/galley.txt" --bench --measure 16 --size 9.5 |
    awk '{ print } /^galley bench:/ { all = $3; cjk = substr($5, 2)
            for (i = 1; i <= NF; i++) if ($i == "chars/s,") r = $(i - 1)
            printf "%.2f M CJK characters/s   (target ≥ 2 M)\n", r * cjk / all / 1e6 }'

echo "== 5. peak memory (max RSS), whole process"
: > "$work/demo.times"
timed demo "$bin" render "$src/issue.yaml" -o "$work/demo.pdf"
echo "demo issue (5 pages): $(col demo 3) KB"
echo "1-page issue: $(col issue1 3) KB (median of the runs above)"
for n in 4; do timed "rss$n" $(render_args "$work/issue$n"); echo "$n-page issue: $(col "rss$n" 3) KB"; done
echo "16-page issue: $(col issue16 3) KB (median of the runs above)"

if [ "${BENCH_CALLGRIND:-0}" = 1 ]; then
    echo "== 6. instruction counts (callgrind, whole process, all threads)"
    # valgrind 3.19 cannot read the DWARF 5 debug info Swift writes: profile a copy without it.
    cp "$bin" "$work/broadsheet.nodebug" && strip -g "$work/broadsheet.nodebug"
    count() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null | awk '/refs:/ { print $NF }'; }
    echo "seed page: $(count "$work/broadsheet.nodebug" render "$work/issue1/issue.yaml" --layouts Layouts --fonts Fonts/fonts.yaml -o "$work/cg.pdf") instructions"
    echo "16 pages:  $(count "$work/broadsheet.nodebug" render "$work/issue16/issue.yaml" --layouts Layouts --fonts Fonts/fonts.yaml -o "$work/cg.pdf") instructions"
    g=$(count "$work/broadsheet.nodebug" galley "$work/galley.txt" -o "$work/cg.pdf" --columns 6 --measure 16 --size 9.5)
    echo "galley:    $g instructions"
    if [ -n "$typst" ]; then
        t=$(count "$typst" -c 'import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2])' "$work/galley.typ" "$work/cg-typst.pdf")
        echo "typst galley: $t instructions; ratio $(echo "$g $t" | tr -d , | awk '{ printf "%.2f", $1 / $2 }')"
    fi
fi
