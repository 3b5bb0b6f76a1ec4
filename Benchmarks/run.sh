#!/usr/bin/env bash
# khuyenhoc benchmarks: see Benchmarks/README.md.
#
#   Benchmarks/run.sh                    # build (release), generate data once, measure, print table
#   RUNS=5 BENCH_DIR=/data/bench Benchmarks/run.sh
#   GENERATE_ONLY=1 Benchmarks/run.sh    # only build and generate (and time the generator)
#   STRICT=1 Benchmarks/run.sh           # exit 1 when a target is missed
#
# Environment:
#   BENCH_DIR      scratch folder for the generated data (default /tmp/khuyenhoc-bench)
#   SEED           generator seed (default 20241105)
#   RUNS           runs per case; the median wall time is reported (default 3)
#   SCRATCH        SwiftPM scratch folder of the release build (default <repo>/.build-release)
#   KHUYENHOC_BIN  use this binary instead of building one
#   SKIP_XLSX=1    skip the .xlsx case
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/khuyenhoc-bench}
SEED=${SEED:-20241105}
RUNS=${RUNS:-3}
SCRATCH=${SCRATCH:-$ROOT/.build-release}
GENERATE_ONLY=${GENERATE_ONLY:-0}
STRICT=${STRICT:-0}
SKIP_XLSX=${SKIP_XLSX:-0}
SMALL=100000
LARGE=1000000

die() { echo "run.sh: $*" >&2; exit 1; }
note() { echo "run.sh: $*" >&2; }

# --- Tools ---------------------------------------------------------------------------------
if [[ ! -x /usr/bin/time ]]; then
    note "/usr/bin/time is missing; installing the 'time' package"
    if [[ $(id -u) -eq 0 ]]; then apt-get install -y -qq time >/dev/null || { apt-get update -qq && apt-get install -y -qq time >/dev/null; }
    else sudo apt-get install -y -qq time >/dev/null; fi
    [[ -x /usr/bin/time ]] || die "could not install /usr/bin/time (apt-get install time)"
fi

# Every case writes to /dev/null: it must be the device, not a file a program once put there
# (writing 100 MB into a regular file would be measured too). khuyenhoc opens its --output in
# place, so it leaves /dev/null alone; this catches anything else.
check_dev_null() {
    [[ -c /dev/null ]] || die "/dev/null is not a character device; restore it (as root): rm /dev/null && mknod -m 666 /dev/null c 1 3"
}
check_dev_null

# --- Build ---------------------------------------------------------------------------------
if [[ -n "${KHUYENHOC_BIN:-}" ]]; then
    BIN=$KHUYENHOC_BIN
else
    note "building release into $SCRATCH"
    (cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product khuyenhoc >&2)
    BIN="$(cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --show-bin-path)/khuyenhoc"
fi
[[ -x "$BIN" ]] || die "no executable at $BIN"

help_text=$("$BIN" --help 2>&1 || true)
has_subcommand() { grep -Eq "^[[:space:]]+$1([[:space:]]|$)" <<<"$help_text"; }
has_subcommand sample || die "$BIN has no 'sample' subcommand (register Sample in Khuyenhoc.swift's subcommands)"
if [[ $GENERATE_ONLY != 1 ]] && ! has_subcommand score; then
    die "$BIN has no 'score' subcommand yet; run with GENERATE_ONLY=1 to build and time the generator only"
fi

# --- Measuring -----------------------------------------------------------------------------
# measure LABEL HOUSEHOLDS COMMAND...: runs COMMAND $RUNS times; records the median wall time
# and the largest peak resident set size ("Maximum resident set size" of /usr/bin/time -v).
RESULTS=()
declare -A MEDIAN
measure() {
    local label=$1 households=$2; shift 2
    local times=() peak=0 i start end log
    log=$(mktemp)
    for ((i = 1; i <= RUNS; i++)); do
        start=$(date +%s%N)
        if ! /usr/bin/time -v -o "$log.time" "$@" >/dev/null 2>"$log"; then
            cat "$log" >&2
            rm -f "$log" "$log.time"
            die "'$*' failed (case $label)"
        fi
        end=$(date +%s%N)
        times+=("$(( (end - start) / 1000 ))")   # microseconds
        local rss
        rss=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$log.time")
        if (( rss > peak )); then peak=$rss; fi
    done
    rm -f "$log" "$log.time"
    local median_us
    median_us=$(printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2) }')
    MEDIAN[$label]=$median_us
    RESULTS+=("$label|$households|$median_us|$peak")
    note "$label: median $(awk -v u="$median_us" 'BEGIN { printf "%.3f", u / 1e6 }') s"
}

# --- Data ----------------------------------------------------------------------------------
# Generated once per (seed, size, generator source, shipped criteria: the columns come from
# them); regenerated when any of them changes.
mkdir -p "$BENCH_DIR"
generator_hash=$( { cat "$ROOT"/Sources/SurveySamples/*.swift "$ROOT"/Sources/SurveySamples/*/*.swift "$ROOT"/Criteria/*.xml \
    | sha256sum || echo unknown; } | cut -c1-16)
generate() {
    local n=$1 dir=$BENCH_DIR/csv-$1 stamp=$BENCH_DIR/csv-$1.stamp
    local want="seed=$SEED households=$n generator=$generator_hash"
    if [[ -f $stamp && $(cat "$stamp") == "$want" && -f $dir/ho-gia-dinh.csv ]]; then
        note "reusing $dir"
        return
    fi
    rm -rf "$dir" "$stamp"
    note "generating $n households into $dir"
    "$BIN" sample --households "$n" --seed "$SEED" "$dir" >&2
    echo "$want" >"$stamp"
}
generate $SMALL
generate $LARGE

# The generator itself (into a throwaway folder).
measure "sample 1M (generate)" $LARGE "$BIN" sample --households $LARGE --seed "$SEED" "$BENCH_DIR/sample-timing"
rm -rf "$BENCH_DIR/sample-timing"

# The workbook: three sheets written from the 100k CSV files by openpyxl in write-only mode
# (numbers as numbers, checkbox marks as text), once.
XLSX=""
if [[ $SKIP_XLSX != 1 ]]; then
    XLSX=$BENCH_DIR/xlsx-$SMALL/khuyenhoc-$SMALL.xlsx
    xstamp=$BENCH_DIR/xlsx-$SMALL.stamp
    want="seed=$SEED households=$SMALL generator=$generator_hash"
    if [[ -f $xstamp && $(cat "$xstamp") == "$want" && -f $XLSX ]]; then
        note "reusing $XLSX"
    else
        if ! python3 -c 'import openpyxl' 2>/dev/null; then
            note "installing openpyxl (pip)"
            python3 -m pip install -q openpyxl 2>/dev/null || python3 -m pip install -q --user openpyxl 2>/dev/null \
                || python3 -m pip install -q --break-system-packages openpyxl 2>/dev/null || true
        fi
        if python3 -c 'import openpyxl' 2>/dev/null; then
            note "writing $XLSX (openpyxl, takes a little while)"
            mkdir -p "$(dirname "$XLSX")"
            rm -f "$xstamp"
            python3 - "$BENCH_DIR/csv-$SMALL" "$XLSX" <<'PY'
import csv, os, sys
from openpyxl import Workbook

source, target = sys.argv[1], sys.argv[2]
workbook = Workbook(write_only=True)
for file, title in (("ho-gia-dinh.csv", "Hộ gia đình"), ("dong-ho.csv", "Dòng họ"), ("ap.csv", "Ấp")):
    sheet = workbook.create_sheet(title)
    with open(os.path.join(source, file), encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle)
        sheet.append(next(rows))
        for row in rows:
            # Counts as numbers, as Excel stores typed numbers; anything else as text.
            sheet.append([int(v) if v.isdigit() else v for v in row])
workbook.save(target + ".part")
os.replace(target + ".part", target)
PY
            echo "$want" >"$xstamp"
        else
            note "openpyxl is not available: skipping the .xlsx case (pip install openpyxl)"
            XLSX=""
        fi
    fi
fi

# --- Scoring -------------------------------------------------------------------------------
if [[ $GENERATE_ONLY != 1 ]]; then
    for n in $SMALL $LARGE; do
        tag=$([[ $n == "$LARGE" ]] && echo 1M || echo 100k)
        measure "CSV -> CSV $tag" "$n" "$BIN" score --format csv --output /dev/null "$BENCH_DIR/csv-$n"
        measure "CSV -> text $tag" "$n" "$BIN" score "$BENCH_DIR/csv-$n" --output /dev/null
    done
    # The workbook output (libxlsxwriter): 100k households written as an office document.
    measure "CSV -> xlsx 100k" $SMALL "$BIN" score --format xlsx --output "$BENCH_DIR/out-$SMALL.xlsx" "$BENCH_DIR/csv-$SMALL"
    rm -f "$BENCH_DIR/out-$SMALL.xlsx"
    if [[ -n $XLSX ]]; then
        measure "XLSX -> CSV 100k" $SMALL "$BIN" score --format csv --output /dev/null "$XLSX"
        measure "XLSX -> text 100k" $SMALL "$BIN" score "$XLSX" --output /dev/null
    fi
fi

check_dev_null

# --- Report --------------------------------------------------------------------------------
# Targets: label -> "max seconds|max MB" (empty = none).
declare -A TARGET=(
    ["CSV -> CSV 1M"]="1.0|300"
    ["CSV -> text 1M"]="2.5|"
    ["XLSX -> CSV 100k"]="1.5|"
    ["CSV -> xlsx 100k"]="3.0|"
)
missed=0
echo
echo "khuyenhoc $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, $RUNS runs per case, seed $SEED, data in $BENCH_DIR"
printf '%-22s %10s %14s %10s   %s\n' "case" "median s" "households/s" "peak MB" "target"
for row in "${RESULTS[@]}"; do
    IFS='|' read -r label households us kb <<<"$row"
    seconds=$(awk -v u="$us" 'BEGIN { printf "%.3f", u / 1e6 }')
    rate=$(awk -v n="$households" -v u="$us" 'BEGIN { printf "%.0f", (u > 0) ? n / (u / 1e6) : 0 }')
    mb=$(awk -v k="$kb" 'BEGIN { printf "%.0f", k / 1024 }')
    verdict=""
    if [[ -n ${TARGET[$label]:-} ]]; then
        IFS='|' read -r max_s max_mb <<<"${TARGET[$label]}"
        ok=$(awk -v s="$seconds" -v m="$mb" -v ms="$max_s" -v mm="$max_mb" \
            'BEGIN { print (s <= ms && (mm == "" || m <= mm)) ? "ok" : "MISSED" }')
        verdict="≤ ${max_s} s${max_mb:+, ≤ ${max_mb} MB}: $ok"
        [[ $ok == ok ]] || missed=1
    fi
    printf '%-22s %10s %14s %10s   %s\n' "$label" "$seconds" "$rate" "$mb" "$verdict"
done
if [[ -n ${MEDIAN["CSV -> CSV 1M"]:-} && -n ${MEDIAN["CSV -> CSV 100k"]:-} ]]; then
    ratio=$(awk -v a="${MEDIAN["CSV -> CSV 1M"]}" -v b="${MEDIAN["CSV -> CSV 100k"]}" 'BEGIN { printf "%.2f", a / b }')
    ok=$(awk -v r="$ratio" 'BEGIN { print (r <= 11) ? "ok" : "MISSED" }')
    [[ $ok == ok ]] || missed=1
    echo "ratio CSV -> CSV 1M / 100k: $ratio   (≤ 11: $ok)"
fi
if [[ $STRICT == 1 && $missed == 1 ]]; then
    exit 1
fi
