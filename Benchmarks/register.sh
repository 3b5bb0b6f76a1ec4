#!/usr/bin/env bash
# The register's speed and size (issue 14, acceptance line 5), on generated data:
#
#   Benchmarks/register.sh                      # release build, 1,000,000 households, 3 runs each
#   HOUSEHOLDS=100000 RUNS=1 Benchmarks/register.sh
#   KHUYENHOC_BIN=/path/to/khuyenhoc Benchmarks/register.sh
#
# Measures (median wall time of RUNS runs, CSV output to /dev/null):
#   score on the files        khuyenhoc score --format csv --output /dev/null DIR
#   import into a new register khuyenhoc import --register R --year 2026 DIR   (a fresh register each run)
#   score from the register   khuyenhoc score --register R --year 2026 --format csv --output /dev/null
#   certify                   khuyenhoc certify --register R --year 2026 --decision … --accept-errors (once)
# and the register's size after import and after certify against the CSV files' size.
# Targets (spec register.md, rule 8; issue 14, line 5): import ≤ 1.5 × score; score from the
# register ≤ score on files + 10 %; register ≤ 1.2 × (CSV files + results).
#
# Environment: BENCH_DIR (default /tmp/khuyenhoc-bench, shared with run.sh), HOUSEHOLDS
# (1000000), SEED (20241105, run.sh's), RUNS (3), SCRATCH (<repo>/.build-release), KHUYENHOC_BIN.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/khuyenhoc-bench}
HOUSEHOLDS=${HOUSEHOLDS:-1000000}
SEED=${SEED:-20241105}
RUNS=${RUNS:-3}
SCRATCH=${SCRATCH:-$ROOT/.build-release}

if [[ -z "${KHUYENHOC_BIN:-}" ]]; then
    (cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product khuyenhoc >&2)
    KHUYENHOC_BIN="$SCRATCH/release/khuyenhoc"
fi
BIN=$KHUYENHOC_BIN
DATA="$BENCH_DIR/csv-$HOUSEHOLDS"
if [[ ! -f "$DATA/ho-gia-dinh.csv" ]]; then
    mkdir -p "$BENCH_DIR"
    "$BIN" sample --households "$HOUSEHOLDS" --seed "$SEED" "$DATA" >&2
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/khuyenhoc-register-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
REG="$WORK/khuyenhoc.sqlite"
CRITERIA="$ROOT/Criteria"

now() { date +%s.%N; }
# Runs the command RUNS times (PREPARE before each, untimed); prints "wall cpu": the median wall
# seconds and the median user+system CPU seconds (the machine may be shared: CPU is steadier).
median() {
    local prepare=$1; shift
    local walls=() cpus=()
    for ((i = 0; i < RUNS; i++)); do
        eval "$prepare"
        /usr/bin/time -f "%e %U %S" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" \
            || { cat "$WORK/stderr" >&2; echo "register.sh: failed: $*" >&2; exit 1; }
        read -r wall user system < <(tail -1 "$WORK/time")
        walls+=("$wall")
        cpus+=("$(echo "$user + $system" | bc -l)")
    done
    local wall cpu
    wall=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}')
    cpu=$(printf '%s\n' "${cpus[@]}" | sort -g | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]}')
    echo "$wall $cpu"
}

read -r score_files score_files_cpu < <(median : "$BIN" score --criteria "$CRITERIA" --format csv --output /dev/null "$DATA")
read -r import import_cpu < <(median 'rm -f "$REG" "$REG-wal" "$REG-shm"' "$BIN" import --criteria "$CRITERIA" --register "$REG" --year 2026 "$DATA")
read -r score_register score_register_cpu < <(median : "$BIN" score --criteria "$CRITERIA" --register "$REG" --year 2026 --format csv --output /dev/null)
csv_bytes=$(cat "$DATA"/*.csv | wc -c)
register_bytes=$(stat -c %s "$REG")
start=$(now)
"$BIN" certify --criteria "$CRITERIA" --register "$REG" --year 2026 --decision "Số 1/QĐ-UBND" --accept-errors >/dev/null
certify=$(echo "$(now) - $start" | bc -l)
certified_bytes=$(stat -c %s "$REG")
results_bytes=$("$BIN" score --criteria "$CRITERIA" --format csv "$DATA" 2>/dev/null | wc -c)

ratio() { echo "scale=3; $1 / $2" | bc -l; }
verdict() { if (( $(echo "$1 <= $2" | bc -l) )); then echo ok; else echo MISSED; fi; }
printf '%s households (%s), %s runs, median seconds: wall (CPU user+system)\n' "$HOUSEHOLDS" "$DATA" "$RUNS"
printf '%-30s %7s (%6s)\n' "score on the files" "$score_files" "$score_files_cpu"
printf '%-30s %7s (%6s)   wall %s x score, CPU %s x (target <= 1.5: %s)\n' "import into a new register" "$import" "$import_cpu" \
    "$(ratio "$import" "$score_files")" "$(ratio "$import_cpu" "$score_files_cpu")" "$(verdict "$(ratio "$import" "$score_files")" 1.5)"
printf '%-30s %7s (%6s)   wall %s x score, CPU %s x (target <= 1.10: %s)\n' "score from the register" "$score_register" "$score_register_cpu" \
    "$(ratio "$score_register" "$score_files")" "$(ratio "$score_register_cpu" "$score_files_cpu")" "$(verdict "$(ratio "$score_register" "$score_files")" 1.10)"
printf '%-30s %7.2f\n' "certify (once)" "$certify"
printf '%-30s %10d bytes\n' "CSV files" "$csv_bytes"
printf '%-30s %10d bytes   %s x CSV\n' "register after import" "$register_bytes" "$(ratio "$register_bytes" "$csv_bytes")"
printf '%-30s %10d bytes   %s x (CSV + results CSV %d) (target <= 1.2: %s)\n' "register after certify" "$certified_bytes" \
    "$(ratio "$certified_bytes" "$((csv_bytes + results_bytes))")" "$results_bytes" "$(verdict "$(ratio "$certified_bytes" "$((csv_bytes + results_bytes))")" 1.2)"
