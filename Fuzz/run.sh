#!/usr/bin/env bash
# Fuzzes one target with libFuzzer (see Fuzz/README.md).
#
#   Fuzz/run.sh csv 1800          # build the fuzz binary, fuzz the CSV reader for 30 minutes
#   Fuzz/run.sh workbook 60
#   Fuzz/run.sh criteria 600
#   BUILD=0 Fuzz/run.sh csv 60    # reuse the last build
#
# Limits of every run: 2 s per input (-timeout), 1 GB of memory (-rss_limit_mb, -malloc_limit_mb),
# inputs up to MAX_LEN bytes. The growing corpus is kept in $WORK/<target> (outside the
# repository); crashes, timeouts and out-of-memory inputs are written to $WORK/artifacts-<target>/.
# Copy a failing input to Fuzz/regressions/<target>/ once it is fixed: the tests replay it.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TARGET=${1:?usage: Fuzz/run.sh csv|workbook|criteria SECONDS}
SECONDS_TO_RUN=${2:-60}
WORK=${WORK:-/tmp/khuyenhoc-fuzz}
SCRATCH=${SCRATCH:-$ROOT/.build-fuzz}
MAX_LEN=${MAX_LEN:-16384}
case $TARGET in csv|workbook|criteria) ;; *) echo "unknown target $TARGET" >&2; exit 2 ;; esac
if [[ ${BUILD:-1} == 1 ]]; then
    (cd "$ROOT" && swift build -c release --scratch-path "$SCRATCH" --product khuyenhoc-fuzz \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -DKHUYENHOC_FUZZ -Xcc -DKHUYENHOC_FUZZ >&2)
fi
BIN=${FUZZ_BIN:-"$SCRATCH/release/khuyenhoc-fuzz"}
mkdir -p "$WORK/$TARGET" "$WORK/artifacts-$TARGET"
DICT=()
[[ -f "$ROOT/Fuzz/$TARGET.dict" ]] && DICT=(-dict="$ROOT/Fuzz/$TARGET.dict")
cd "$ROOT"
KHUYENHOC_FUZZ_TARGET=$TARGET ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} "$BIN" \
    "$WORK/$TARGET" "$ROOT/Fuzz/corpus/$TARGET" "$ROOT/Fuzz/regressions/$TARGET" \
    "${DICT[@]}" -max_total_time="$SECONDS_TO_RUN" -timeout=2 -rss_limit_mb=1024 -malloc_limit_mb=1024 \
    -max_len="$MAX_LEN" -print_final_stats=1 -artifact_prefix="$WORK/artifacts-$TARGET/" ${EXTRA:-}
