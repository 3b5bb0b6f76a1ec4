#!/usr/bin/env bash
# Benchmarks/ab.sh N BIN_A BIN_B — N rounds of two khuyenhoc binaries on the 1M CSV case (data made
# by Benchmarks/run.sh; D= another folder, FMT=text|csv|json the output), in ABBA order (A B, then
# B A, …) so that a machine slowing down or speeding up weighs on both alike; prints each run's
# wall time, user and system CPU and peak RSS, then each binary's medians. For "at most 5 %
# slower" checks between two builds in the same minutes. The wall and CPU medians agreeing means
# the run had both cores; CPU alone is the steadier figure on a shared machine.
set -u
N=$1; A=$2; B=$3; D=${D:-/tmp/khuyenhoc-bench/csv-1000000}; FMT=${FMT:-csv}
cd "$(dirname "$0")/.."
out=$(mktemp)
for i in $(seq 1 "$N"); do
  if (( i % 2 )); then order="A B"; else order="B A"; fi
  for x in $order; do
    /usr/bin/time -f "$x %e %U %S %M" -o "$out.t" "${!x}" score --format "$FMT" --output /dev/null "$D" 2>/dev/null
    cat "$out.t"
  done
done | tee "$out"
median() { sort -n | awk '{a[NR]=$1} END {printf "%.3f", (NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2}'; }
for x in A B; do
  wall=$(grep "^$x " "$out" | awk '{print $2}' | median)
  cpu=$(grep "^$x " "$out" | awk '{print $3+$4}' | median)
  peak=$(grep "^$x " "$out" | awk '{print $5}' | sort -n | tail -1 | awk '{printf "%.1f", $1/1024}')
  echo "$x wall median $wall s, cpu median $cpu s, peak $peak MB"
done
rm -f "$out" "$out.t"
