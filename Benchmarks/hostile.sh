#!/usr/bin/env bash
# Runs the release build on every hostile input of issue 13 and prints, per case: exit status,
# wall time, peak memory, and the first message line. Acceptance: each one refused or read
# within 5 s and under 1 GiB, never a crash (exit 0 or 1 only).
#
#   Benchmarks/hostile.sh                      # build release, generate into /tmp/khuyenhoc-hostile, run
#   KHUYENHOC_BIN=path Benchmarks/hostile.sh   # use this binary
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
OUT=${OUT:-/tmp/khuyenhoc-hostile}
if [[ -z "${KHUYENHOC_BIN:-}" ]]; then
    (cd "$ROOT" && swift build -c release --scratch-path "$ROOT/.build-release" --product khuyenhoc >&2) || exit 1
    KHUYENHOC_BIN="$ROOT/.build-release/release/khuyenhoc"
fi
[[ -d "$OUT" && -z "${REGENERATE:-}" ]] || python3 "$ROOT/Tools/hostile/make_hostile.py" "$OUT" || exit 1
cd "$ROOT"
fail=0
printf "%-44s %5s %7s %9s  %s\n" case exit seconds "peak MB" "first message"
run_case() {
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o /tmp/hostile.time timeout 60 "$KHUYENHOC_BIN" "$@" >/tmp/hostile.out 2>/tmp/hostile.err
    local status=$?
    local seconds kb
    read -r seconds kb < <(tail -1 /tmp/hostile.time)
    local message
    message=$(grep -h -m1 -E "LỖI|Ghi chú|lỗi" /tmp/hostile.err /tmp/hostile.out | head -1 | sed "s#$OUT/##g" | cut -c1-110)
    local mb=$(( ${kb:-0} / 1024 ))
    local verdict=""
    if [[ $status -gt 1 ]] || awk "BEGIN{exit !(${seconds:-99} > 5)}" || [[ $mb -gt 1024 ]]; then verdict=" <-- FAIL"; fail=1; fi
    printf "%-44s %5s %7s %9s  %s%s\n" "$label" "$status" "$seconds" "$mb" "$message" "$verdict"
}
for dir in "$OUT"/*--*/; do
    dir=${dir%/}; name=$(basename "$dir"); kind=${name%%--*}; case_name=${name#*--}
    if [[ $kind == check ]]; then
        run_case "$case_name (check)" check "$dir"
        run_case "$case_name (score)" score --criteria "$dir" --format csv --output /dev/null "$ROOT/Samples/long-huu"
    else
        run_case "$case_name" score --format csv --output /dev/null "$dir"
    fi
done
exit $fail
