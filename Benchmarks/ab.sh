#!/usr/bin/env bash
# Benchmarks/ab.sh N BIN_A BIN_B — N alternating runs of two khuyenhoc binaries on the 1M CSV → CSV
# case (data made by Benchmarks/run.sh; D= to choose another folder); prints each run's wall time
# and peak RSS, then the medians. For "at most 5 % slower" checks between two builds, same minute.
set -u
N=$1; A=$2; B=$3; D=${D:-/tmp/khuyenhoc-bench/csv-1000000}
cd "$(dirname "$0")/.."
out=$(mktemp)
for i in $(seq 1 "$N"); do
  for x in A B; do
    /usr/bin/time -f "$x %e %M" -o "$out.t" "${!x}" score --format csv --output /dev/null "$D" 2>/dev/null
    cat "$out.t"
  done
done | tee "$out"
for x in A B; do
  grep "^$x " "$out" | awk '{print $2}' | sort -n | awk -v x="$x" '{a[NR]=$1} END {printf "%s median %.3f s (min %.3f)\n", x, (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2, a[1]}'
  grep "^$x " "$out" | awk '{print $3}' | sort -n | tail -1 | awk -v x="$x" '{printf "%s peak %.1f MB\n", x, $1/1024}'
done
rm -f "$out" "$out.t"
