#!/usr/bin/env bash
# Benchmarks/outputs.sh BIN OUTDIR — writes a fixed set of khuyenhoc outputs (the sample commune in
# every format and language, the workbook, 20,000 generated households on one and two threads,
# check, the scoring sheet, explain cards) with their standard error and exit status into OUTDIR.
# Two builds are byte-identical when `diff -r OUT1 OUT2` prints nothing (used for refactorings).
set -u
BIN=$1; OUT=$2
cd "$(dirname "$0")/.."
mkdir -p "$OUT"; rm -f "$OUT"/*
DATA=${DATA:-/tmp/khuyenhoc-outputs-20000}
[ -d "$DATA" ] || "$BIN" sample --households 20000 --seed 7 "$DATA" >/dev/null
run() { local name=$1; shift; "$BIN" "$@" > "$OUT/$name" 2> "$OUT/$name.err"; echo "exit $?" >> "$OUT/$name.err"; }
run lh.txt score Samples/long-huu
run lh.csv score --format csv Samples/long-huu
run lh.json score --format json Samples/long-huu
run lh-en.txt score --lang en Samples/long-huu
run lh-off.txt score --org "Hội Khuyến học xã Long Hữu" --place "Long Hữu" --date 2025-11-20 --signer "Nguyễn Văn A" --paginate Samples/long-huu
run lhx.csv score --format csv Samples/long-huu.xlsx
run lhx.txt score Samples/long-huu.xlsx
run g.csv score --format csv "$DATA"
run g1.csv score --format csv --threads 1 "$DATA"
run g.txt score "$DATA"
run g.json score --format json "$DATA"
run g-en.txt score --lang en --width 132 "$DATA"
run check.txt check Criteria
run sheet.txt check --sheet gia-dinh-hoc-tap Criteria
for key in $(sed -n '2,4p' Samples/expected.csv | cut -d, -f3); do run "explain-$key.txt" explain "$key" Samples/long-huu; done
run explain-clan.txt explain "$(grep '^dong-ho' Samples/expected.csv | head -1 | cut -d, -f3)" Samples/long-huu
run explain-ap.txt explain "$(grep '^cong-dong' Samples/expected.csv | head -1 | cut -d, -f3)" Samples/long-huu
run explain-en.txt explain --lang en "$(sed -n '5p' Samples/expected.csv | cut -d, -f3)" Samples/long-huu
