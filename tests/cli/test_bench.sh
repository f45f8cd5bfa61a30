#!/usr/bin/env bash
# CLI tests of rollgate bench --floor and --scale: on small sizes both run and
# print every line of their figures (structure only: no figure is judged,
# nothing is timed), and bad values for their options are refused with one
# line naming the option, exit 2.
# Usage: test_bench.sh ROLLGATE SOURCE_DIR
set -u
abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd -P)" "$(basename "$1")"); }
RG=$(abs "$1")
SRC=$(cd "$2" && pwd -P)
TMP=$(cd "$(mktemp -d)" && pwd -P)
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT
export ROLLGATE_FIXTURES="$SRC/fixtures"
. "$SRC/tests/cli/assert.sh"
cd "$TMP" || exit 1

NUM='[0-9][0-9.]*'

# ======== --floor ========
expect "floor, one pair" 0 bench --floor --repeat 1 --requests 20000
contains "floor: the point" "$TMP/out" \
    "^floor benchmark: NSFNet, k=3, first_fit, 320 slots, 1 core(s), guard 1, 600 Erlang, 20000 requests, 1 pairs"
contains "floor: rollgate's line" "$TMP/out" "^  rollgate (stream + legacy path) *$NUM ns/request *$NUM requests/s$"
contains "floor: the loop's line" "$TMP/out" "^  floor loop *$NUM ns/request *$NUM requests/s$"
contains "floor: the ratio" "$TMP/out" "^  rollgate / floor: $NUM (median of per-pair ratios)$"
contains "floor: same work" "$TMP/out" \
    "^  same work: in every pair the same requests blocked (mean BP 0\.[0-9]*), as many by distance, as many admitted on each route$"
[ "$(lines "$TMP/out")" -eq 5 ] && ok "floor: five lines" || fail "floor: five lines" "$(cat "$TMP/out")"
[ ! -s "$TMP/err" ] && ok "floor: nothing on stderr" || fail "floor: nothing on stderr" "$(cat "$TMP/err")"

expect "floor, two pairs, 2 cores, no guard" 0 bench --floor --repeat 2 --requests 10000 --cores 2 --guard 0 --erlang 900
contains "floor: the settings' point" "$TMP/out" "2 core(s), guard 0, 900 Erlang, 10000 requests, 2 pairs (seeds 1..2)"

expect "floor refuses best_fit" 2 bench --floor --repeat 1 --requests 10000 --allocation best_fit
error_line "floor refuses best_fit" "rollgate: the floor loop does first_fit only, not best_fit"

# ======== --scale ========
SMALL=(--scale --repeat 1 --requests 20000 --nodes 30 --ring 20 --memory-requests 10000)
expect "scale, small" 0 bench "${SMALL[@]}"
contains "scale: memory header" "$TMP/out" \
    "^peak memory: rollgate compare --requests 10000 --replications 10 --threads 2 --erlang 600 --perf-threshold 10$"
contains "scale: memory figure" "$TMP/out" "^  10000 requests: $NUM MB peak resident (ru_maxrss), $NUM s CPU, exit 0$"
contains "scale: slots header" "$TMP/out" \
    "^slots: the legacy path on NSFNet, k=3, first_fit (the \(AVX-512\|AVX2\|portable\) first fit), 1 core(s), guard 1, 20000 requests, thread CPU time, 1 runs in turn (seeds 1\.\.1), medians$"
contains "scale: 320 slots" "$TMP/out" "^   320 slots at *600 Erlang *$NUM ns/request  BP 0\.[0-9]*$"
contains "scale: 4096 slots, same load" "$TMP/out" \
    "^  4096 slots at *600 Erlang *$NUM ns/request  BP 0\.[0-9]*  (the same load: the extra slots idle)$"
contains "scale: 4096 slots, same blocking" "$TMP/out" \
    "^  4096 slots at *[0-9]* Erlang *$NUM ns/request  BP 0\.[0-9]*  (the load of the same blocking)$"
contains "scale: slots ratio" "$TMP/out" \
    "^  4096 / 320 slots: $NUM x the cost per request at the same load, $NUM x at the same blocking ($NUM\.\.$NUM over the runs)\(, $NUM x by the AVX2 first fit\)\?\(, $NUM x by the portable first fit\)\?$"
# the same-blocking point again by each slower search the CPU has: the same
# decisions, so the same BP, and a ratio for each
n_lines=10 # memory 2, slots 5, start-up 3
fastest=$(sed -n 's/^slots: .* (the \(.*\) first fit), .*/\1/p' "$TMP/out")
case "$fastest" in
AVX-512) slower="AVX2 portable" ;;
AVX2) slower="portable" ;;
*) slower="" ;;
esac
bp_fast=$(sed -n 's/^  4096 slots at .*BP \(0\.[0-9]*\)  (the load of the same blocking)$/\1/p' "$TMP/out")
for k in $slower; do
    n_lines=$((n_lines + 1))
    bp_k=$(sed -n "s/^  4096 slots at .*BP \(0\.[0-9]*\)  (the same, by the $k first fit)\$/\1/p" "$TMP/out")
    [ -n "$bp_fast" ] && [ "$bp_fast" = "$bp_k" ] &&
        ok "scale: the $k first fit blocks as often ($bp_k)" ||
        fail "scale: the $k first fit blocks as often" "'$bp_fast' '$bp_k'"
    contains "scale: the ratio by the $k first fit" "$TMP/out" ", $NUM x by the $k first fit\(, .*\)\?$"
done
if [ "$fastest" = portable ]; then
    lacks "scale: no slower search than the portable one" "$TMP/out" "(the same, by the"
fi
# the load found blocks within 0.03 of the 320-slot point (a bisection on BP)
bp320=$(sed -n 's/^   320 slots at .*BP \(0\.[0-9]*\)$/\1/p' "$TMP/out")
bpsame=$(sed -n 's/^  4096 slots at .*BP \(0\.[0-9]*\)  (the load of the same blocking)$/\1/p' "$TMP/out")
awk -v a="$bp320" -v b="$bpsame" 'BEGIN { d = a - b; exit !(a > 0.1 && d < 0.03 && d > -0.03) }' &&
    ok "scale: the same blocking ($bp320 and $bpsame)" || fail "scale: the same blocking" "$bp320 $bpsame"
contains "scale: start-up header" "$TMP/out" "^start-up: model creation and a 10000-request legacy run (each pair's routes computed on its first request) at 600 Erlang"
contains "scale: the grid" "$TMP/out" "^  grid30 *30 nodes *[0-9]* links  model *$NUM s  run *$NUM ms (stream $NUM + legacy $NUM)  BP 0\.[0-9]*$"
contains "scale: the ring" "$TMP/out" "^  ring20 *20 nodes *20 links  model *$NUM s  run *$NUM ms"
[ "$(lines "$TMP/out")" -eq "$n_lines" ] && ok "scale: $n_lines lines" || fail "scale: $n_lines lines" "$(cat "$TMP/out")"
links=$(sed -n 's/^  grid30 *30 nodes *\([0-9]*\) links.*/\1/p' "$TMP/out")
[ "${links:-0}" -ge 40 ] && [ "${links:-0}" -le 60 ] && ok "scale: the grid has 3-4 links a node ($links)" ||
    fail "scale: the grid has 3-4 links a node" "$links links"
cp "$TMP/out" "$TMP/first"
expect "scale, small, again" 0 bench "${SMALL[@]}"
sed -n 's/^  \(grid30 *30 nodes *[0-9]* links\).*BP \(.*\)/\1 \2/p' "$TMP/first" >"$TMP/grid1"
sed -n 's/^  \(grid30 *30 nodes *[0-9]* links\).*BP \(.*\)/\1 \2/p' "$TMP/out" >"$TMP/grid2"
[ -s "$TMP/grid1" ] && cmp -s "$TMP/grid1" "$TMP/grid2" && ok "scale: the generated grid is deterministic" ||
    fail "scale: the generated grid is deterministic" "$(cat "$TMP/grid1" "$TMP/grid2")"

expect "scale, every part skipped but slots" 0 bench --scale --repeat 1 --requests 10000 --nodes 0 --ring 0 --memory-requests 0
lacks "scale: no memory figure" "$TMP/out" "^peak memory"
lacks "scale: no start-up figure" "$TMP/out" "^start-up"
contains "scale: the slots figure" "$TMP/out" "^  4096 / 320 slots:"

# ======== bad values ========
# refused NAME MESSAGE ARGS...: exit 2, stderr the one line "rollgate: MESSAGE", no stdout
refused() {
    local name=$1 message=$2
    shift 2
    expect "$name" 2 bench "$@"
    if [ "$(lines "$TMP/err")" -eq 1 ] && [ "$(cat "$TMP/err")" = "rollgate: $message" ] && [ ! -s "$TMP/out" ]; then
        ok "$name: the one-line message"
    else
        fail "$name: wanted the one line 'rollgate: $message', no stdout" "$(head -c 400 "$TMP/err")"
    fi
}
refused "--nodes word" "option --nodes: 'many' is not 0 (skip) or a whole number in 4..1024" --scale --nodes many
refused "--nodes 3" "option --nodes: '3' is not 0 (skip) or a whole number in 4..1024" --scale --nodes 3
refused "--nodes 1025" "option --nodes: '1025' is not 0 (skip) or a whole number in 4..1024" --scale --nodes 1025
refused "--ring 2" "option --ring: '2' is not 0 (skip) or a whole number in 3..1024" --scale --ring 2
refused "--ring 1.5" "option --ring: '1.5' is not 0 (skip) or a whole number in 3..1024" --scale --ring 1.5
refused "--memory-requests -1" \
    "option --memory-requests: '-1' is not 0 (skip) or a whole number up to 100000000" --scale --memory-requests -1
refused "--memory-requests 1e9" \
    "option --memory-requests: '1e9' is not 0 (skip) or a whole number up to 100000000" --scale --memory-requests 1e9
refused "--floor --repeat 0" "option --repeat: '0' is not a whole number in 1..1000" --floor --repeat 0
expect "--nodes without a value" 2 bench --scale --nodes
error_line "--nodes without a value" "nodes"

echo "# bench: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
