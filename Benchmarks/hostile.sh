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
printf "%-36s %5s %7s %9s  %s\n" case exit seconds "peak MB" "first message"
for dir in "$OUT"/*--*/; do
    dir=${dir%/}; name=$(basename "$dir"); kind=${name%%--*}; case_name=${name#*--}
    if [[ $kind == check ]]; then args=(check "$dir"); else args=(score --format csv --output /dev/null "$dir"); fi
    /usr/bin/time -f "%e %M" -o /tmp/hostile.time timeout 60 "$KHUYENHOC_BIN" "${args[@]}" >/tmp/hostile.out 2>/tmp/hostile.err
    status=$?
    read -r seconds kb < <(tail -1 /tmp/hostile.time)
    message=$(grep -m1 -E "LỖI|Ghi chú|lỗi" /tmp/hostile.err /tmp/hostile.out | cut -d: -f2- | cut -c1-110)
    mb=$(( ${kb:-0} / 1024 ))
    verdict=""
    if [[ $status -gt 1 ]] || awk "BEGIN{exit !(${seconds:-99} > 5)}" || [[ $mb -gt 1024 ]]; then verdict=" <-- FAIL"; fail=1; fi
    printf "%-36s %5s %7s %9s  %s%s\n" "$case_name" "$status" "$seconds" "$mb" "$message" "$verdict"
done
exit $fail
