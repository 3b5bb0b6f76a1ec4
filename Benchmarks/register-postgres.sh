#!/usr/bin/env bash
# The province's register on PostgreSQL (issue 17, acceptance line 4), on generated data:
#
#   Benchmarks/register-postgres.sh                    # release build, 1,000,000 households
#   HOUSEHOLDS=100000 Benchmarks/register-postgres.sh
#   REGISTER=postgres://user@host:5432/db Benchmarks/register-postgres.sh   # an existing, empty database
#
# The province (`khuyenhoc sample --households N --seed 20241105`) is split into one folder per
# commune (its hamlet, clan and household files), and the communes are imported one `import`
# process each, JOBS (2) at a time, into one register. Without REGISTER a private, durable
# PostgreSQL cluster (fsync on, default settings) is started in a temporary folder
# (.ci/postgres-cluster) and removed at the end. Printed: the import's wall time, the database's
# size (pg_database_size) against the CSV files, and the wall time of `status --province`,
# `summary` and `score` from the register.
#
# Environment: BENCH_DIR (/tmp/khuyenhoc-bench, shared with run.sh), HOUSEHOLDS (1000000),
# SEED (20241105), JOBS (2), SCRATCH (<repo>/.build-release), KHUYENHOC_BIN, REGISTER.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH_DIR=${BENCH_DIR:-/tmp/khuyenhoc-bench}
HOUSEHOLDS=${HOUSEHOLDS:-1000000}
SEED=${SEED:-20241105}
JOBS=${JOBS:-2}
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
WORK=$(mktemp -d "${TMPDIR:-/tmp}/khuyenhoc-register-postgres.XXXXXX")
CLUSTER=""
cleanup() {
    if [[ -n "$CLUSTER" ]]; then "$ROOT/.ci/postgres-cluster" stop "$CLUSTER"; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
if [[ -z "${REGISTER:-}" ]]; then
    CLUSTER=$(mktemp -d "${TMPDIR:-/tmp}/khuyenhoc-bench-postgres.XXXXXX")
    REGISTER=$(CLUSTER_OPTIONS="" "$ROOT/.ci/postgres-cluster" start "$CLUSTER")
fi
CRITERIA="$ROOT/Criteria"

# One folder per commune: the commune is column 4 of the households, column 3 of hamlets and clans.
SPLIT="$WORK/xa"
mkdir -p "$SPLIT"
for spec in "ho-gia-dinh.csv:4" "ap.csv:3" "dong-ho.csv:3"; do
    file=${spec%%:*} column=${spec##*:}
    awk -F, -v col="$column" -v out="$SPLIT" -v name="$file" '
        NR == 1 { header = $0; next }
        {
            folder = $col
            gsub("/", "_", folder)
            path = out "/xa-" folder
            if (!(path in made)) { system("mkdir -p \"" path "\""); made[path] = 1 }
            f = path "/" name
            if (!(f in started)) { print header > f; started[f] = 1 }
            print > f
        }' "$DATA/$file"
done
COMMUNES=$(ls "$SPLIT" | wc -l)
CSV_BYTES=$(cat "$DATA"/ap.csv "$DATA"/dong-ho.csv "$DATA"/ho-gia-dinh.csv | wc -c)
echo "province: $HOUSEHOLDS households, $COMMUNES communes, $((CSV_BYTES / 1000000)) MB of CSV; register $REGISTER; $JOBS importers at a time"

seconds() { date +%s.%N; }
start=$(seconds)
ls -d "$SPLIT"/xa-* | xargs -P "$JOBS" -I{} "$BIN" import --criteria "$CRITERIA" --register "$REGISTER" --year 2026 --clerk bench {} >"$WORK/import.log" 2>&1 \
    || { tail -20 "$WORK/import.log"; exit 1; }
end=$(seconds)
printf 'import, commune by commune (%d processes, %d at a time): %.1f s\n' "$COMMUNES" "$JOBS" "$(echo "$end - $start" | bc)"

if command -v psql >/dev/null 2>&1; then
    size=$(psql "$REGISTER" -Atc "SELECT pg_database_size(current_database())")
    printf 'database size: %d MB (%.2f x the CSV files)\n' "$((size / 1000000))" "$(echo "$size / $CSV_BYTES" | bc -l)"
    psql "$REGISTER" -Atc "SELECT count(*) || ' files, ' || (SELECT sum(rows_read) FROM file_model WHERE model = 'gia-dinh-hoc-tap') || ' household rows' FROM survey_file WHERE state = 'current'"
fi

timed() {
    local label=$1; shift
    local start end status=0
    start=$(seconds)
    "$@" >"$WORK/out.txt" 2>&1 || status=$?
    end=$(seconds)
    printf '%s: %.1f s (exit %d)\n' "$label" "$(echo "$end - $start" | bc)" "$status"
}
timed "status --province" "$BIN" status --province --criteria "$CRITERIA" --register "$REGISTER" --year 2026
tail -3 "$WORK/out.txt"
timed "summary from the register" "$BIN" summary --criteria "$CRITERIA" --register "$REGISTER" --year 2026 --output "$WORK/summary.txt"
timed "score from the register (CSV)" "$BIN" score --criteria "$CRITERIA" --register "$REGISTER" --year 2026 --format csv --output /dev/null
