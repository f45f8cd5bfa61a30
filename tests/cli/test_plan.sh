#!/usr/bin/env bash
# CLI tests of 'rollgate plan PILOT.json': pilots made here by the real
# binary -- drop=0.05 (a rollback expected), the default paths (bit-identical:
# nothing to plan), --unpaired (noisy: PASS expected) -- planned on the
# console and as JSON, the options changing what they should, and bad
# inputs as one-line errors with exit 2.
# Usage: test_plan.sh ROLLGATE SOURCE_DIR
set -u
[ -x "$1" ] || { echo "Bail out! no rollgate binary at $1"; exit 1; }
RG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export ROLLGATE_FIXTURES="$SRC/fixtures"
. "$SRC/tests/cli/assert.sh"

PILOT=(compare --requests 2000 --replications 5 --erlang 600 --perf-threshold 10 --advisory)
expect "pilot drop=0.05" 0 "${PILOT[@]}" --inject drop=0.05 --json "$TMP/drop.json"
expect "pilot identical" 0 "${PILOT[@]}" --json "$TMP/same.json"
expect "pilot unpaired" 0 "${PILOT[@]}" --unpaired --json "$TMP/unpaired.json"

NUM='[0-9][0-9.]*'
# the line of a planned metric, up to the sequential design's figures
planned() { # METRIC EXPECTED
    echo "^  $1 *deviation [+-]$NUM pp, sd $NUM pp (pilot: 5 replications\(; judged on at least $NUM pp below 10 replications\)\{0,1\}): $2 expected; fixed design [0-9]* replications for 80 % power; sequential (O'Brien-Fleming, batch 5, max [0-9]*): expected $NUM replications, decided by [0-9]* with probability $NUM (PASS $NUM, rollback $NUM)$"
}

# --- drop=0.05: blocking clearly up, a rollback expected ---
expect "plan drop" 0 plan "$TMP/drop.json"
cp "$TMP/out" "$TMP/drop.txt"
contains "drop: the policy" "$TMP/drop.txt" \
    "^plan from $TMP/drop.json (5 replications per load): one-sided alpha 0.05, T1 2 pp, direction either, rollback claims at the Holm level alpha / 2 = 0.025; power 80 %$"
contains "drop: a block per load" "$TMP/drop.txt" "^erlang 600$"
contains "drop: BP rollback expected" "$TMP/drop.txt" "$(planned BP rollback)"
contains "drop: BBP planned" "$TMP/drop.txt" "$(planned BBP '[A-Za-z]*')"
[ "$(wc -l <"$TMP/drop.txt")" -eq 4 ] && ok "drop: four lines" || fail "drop: four lines" "$(cat "$TMP/drop.txt")"
# the rollback is decided with probability >= 0.8 by the design's own max
grep '^  BP' "$TMP/drop.txt" | grep -q 'rollback 0\.[89][0-9])$\|rollback 1\.00)$' &&
    ok "drop: the rollback reaches the power" || fail "drop: the rollback reaches the power" "$(cat "$TMP/drop.txt")"
expect "plan drop again" 0 plan "$TMP/drop.json"
cmp -s "$TMP/out" "$TMP/drop.txt" && ok "plan: deterministic" || fail "plan: deterministic"

# --- identical runs: nothing to plan ---
expect "plan identical" 0 plan "$TMP/same.json"
contains "identical: BP" "$TMP/out" "^  BP   every replication bit-identical: nothing to plan$"
contains "identical: BBP" "$TMP/out" "^  BBP  every replication bit-identical: nothing to plan$"
contains "identical: one test" "$TMP/out" "rollback claims at alpha (one test)"
lacks "identical: no design" "$TMP/out" "fixed design"

# --- unpaired: noisy, no real deviation: PASS expected, more replications ---
expect "plan unpaired" 0 plan "$TMP/unpaired.json"
cp "$TMP/out" "$TMP/unpaired.txt"
contains "unpaired: BP PASS expected" "$TMP/unpaired.txt" "$(planned BP PASS)"
contains "unpaired: BBP PASS expected" "$TMP/unpaired.txt" "$(planned BBP PASS)"

# fixed-design replications of a metric's line (console)
fixed_of() { sed -n "s/^  $2 .*fixed design \([0-9]*\) replications.*/\1/p" "$1"; }
seq_max_of() { sed -n "s/^  $2 .*, max \([0-9]*\)).*/\1/p" "$1"; }
n80=$(fixed_of "$TMP/unpaired.txt" BP)

# --- options ---
expect "--power 0.95" 0 plan "$TMP/unpaired.json" --power 0.95
n95=$(fixed_of "$TMP/out" BP)
contains "--power 0.95: said" "$TMP/out" "for 95 % power"
[ -n "$n80" ] && [ -n "$n95" ] && [ "$n95" -gt "$n80" ] && ok "--power 0.95: more replications ($n80 -> $n95)" ||
    fail "--power 0.95: more replications" "$n80 -> $n95"
s80=$(seq_max_of "$TMP/unpaired.txt" BP)
s95=$(seq_max_of "$TMP/out" BP)
[ -n "$s80" ] && [ -n "$s95" ] && [ "$s95" -gt "$s80" ] && ok "--power 0.95: a larger sequential max ($s80 -> $s95)" ||
    fail "--power 0.95: a larger sequential max" "$s80 -> $s95"
[ $((s95 % 5)) -eq 0 ] && ok "sequential max: a multiple of the batch" || fail "sequential max: a multiple of the batch" "$s95"

expect "--spending pocock --batch 2" 0 plan "$TMP/unpaired.json" --spending pocock --batch 2
contains "pocock: named, with its batch" "$TMP/out" "sequential (Pocock, batch 2, max [0-9]*)"
expect "--max-replications 6" 0 plan "$TMP/unpaired.json" --max-replications 6
contains "--max-replications: the design's max" "$TMP/out" \
    "^  BP .*sequential (O'Brien-Fleming, batch 5, max 6): expected $NUM replications, decided by 6 with probability"
contains "--max-replications: too few said so" "$TMP/out" "^  BP .*, below 80 %$"
expect "--max-replications 64 --batch 1" 0 plan "$TMP/drop.json" --max-replications 64 --batch 1
contains "64 looks are allowed" "$TMP/out" "batch 1, max 64)"

# a sequential pilot (--until-decided): its seed list is the maximum, so the
# default batch is the pilot's batch
"$RG" compare --requests 2000 --replications 3 --erlang 600 --unpaired --until-decided \
    --max-replications 9 --perf-threshold 10 --advisory --json "$TMP/seq.json" >/dev/null 2>"$TMP/err"
if [ -s "$TMP/seq.json" ]; then
    expect "plan a sequential pilot" 0 plan "$TMP/seq.json"
    contains "sequential pilot: said so" "$TMP/out" "(a sequential pilot: batch 3, max 9)"
    contains "sequential pilot: its batch" "$TMP/out" "^  BP .*sequential (O'Brien-Fleming, batch 3, max [0-9]*)"
else
    skip "a sequential pilot (compare --until-decided failed: $(head -c 200 "$TMP/err"))"
fi

# --- JSON ---
expect "--json" 0 plan "$TMP/drop.json" --json "$TMP/plan.json"
cmp -s "$TMP/out" "$TMP/drop.txt" && ok "--json: the same console text" || fail "--json: the same console text"
for key in '"schema":	"rollgate-plan"' '"schema_version":	1' '"holm_tests":	2' '"spending":	"obrien-fleming"' \
    '"batch":	5' '"max_replications":	null' '"erlang":	600' '"metric":	"BP"' '"expected":	"rollback"' \
    '"expected_replications":' '"p_undecided":' '"reaches_power":	true'; do
    contains "plan JSON has $key" "$TMP/plan.json" "$key"
done
expect "--json -" 0 plan "$TMP/same.json" --json -
contains "--json -: the JSON on stdout" "$TMP/out" '"note":	"every replication bit-identical: nothing to plan"'
contains "--json -: the text on stderr" "$TMP/err" "^  BP   every replication bit-identical"
if command -v python3 >/dev/null; then
    python3 - "$TMP/plan.json" "$TMP/drop.txt" >"$TMP/py" 2>&1 <<'EOF'
import json, re, sys
doc = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
for m in doc["loads"][0]["metrics"]:
    s, f = m["sequential"], m["fixed"]
    assert abs(s["p_pass"] + s["p_rollback"] + s["p_undecided"] - 1) < 1e-6, m
    assert s["expected_replications"] <= s["max_replications"] + 1e-9, m
    assert abs(s["p_decided"] - 1 + s["p_undecided"]) < 1e-12, m
    p = s["p_pass"] if m["expected"] == "PASS" else s["p_rollback"]
    assert s["reaches_power"] == (p >= doc["design"]["power"]), m
    assert f["power"] >= doc["design"]["power"], m
    line = [l for l in text.splitlines() if l.startswith("  %s " % m["metric"])][0]
    want = "fixed design %d replications" % f["replications"]
    assert want in line, (want, line)
    want = "expected %.1f replications, decided by %d with probability %.2f" % (
        s["expected_replications"], s["max_replications"], s["p_decided"])
    assert want in line, (want, line)
    assert "deviation %+.3f pp, sd %.3f pp" % (m["deviation"], m["sd"]) in line, line
print("consistent")
EOF
    grep -q '^consistent$' "$TMP/py" && ok "JSON: consistent with itself and the console" ||
        fail "JSON: consistent with itself and the console" "$(cat "$TMP/py")"
else
    skip "JSON consistency (no python3)"
fi

# --- bad inputs: one line, exit 2 ---
expect "no pilot" 2 plan
error_line "no pilot" "which pilot"
expect "missing pilot" 2 plan "$TMP/nope.json"
error_line "missing pilot" "nope.json: cannot open"
echo "not json" >"$TMP/bad.json"
expect "not JSON" 2 plan "$TMP/bad.json"
error_line "not JSON" "bad.json:1: not valid JSON"
sed '0,/"schema_version":	[0-9]*/s//"schema_version":	99/' "$TMP/drop.json" >"$TMP/v9.json"
expect "another schema" 2 plan "$TMP/v9.json"
error_line "another schema" "v9.json.*schema_version"
expect "--power 1.5" 2 plan "$TMP/drop.json" --power 1.5
error_line "--power 1.5" "option --power: '1.5' is not a probability"
expect "--power 0" 2 plan "$TMP/drop.json" --power 0
error_line "--power 0" "option --power"
expect "--batch 0" 2 plan "$TMP/drop.json" --batch 0
error_line "--batch 0" "option --batch: '0' is not a whole number"
expect "--batch 2.5" 2 plan "$TMP/drop.json" --batch 2.5
error_line "--batch 2.5" "option --batch"
expect "--max-replications below --batch" 2 plan "$TMP/drop.json" --max-replications 3 --batch 4
error_line "--max-replications below --batch" "option --max-replications: 3 is smaller than the batch of 4"
expect "--max-replications below the pilot's batch" 2 plan "$TMP/drop.json" --max-replications 4
error_line "--max-replications below the pilot's batch" \
    "option --max-replications: 4 is smaller than the batch of 5 (the pilot's replications"
expect "too many looks" 2 plan "$TMP/drop.json" --max-replications 1000 --batch 5
error_line "too many looks" "option --max-replications: 1000 in batches of 5 (from --batch) makes 200 looks, more than 64"
expect "too many looks (pilot's batch)" 2 plan "$TMP/drop.json" --max-replications 400
error_line "too many looks (pilot's batch)" "makes 80 looks, more than 64: give a larger --batch"
expect "--max-replications over the cap" 2 plan "$TMP/drop.json" --max-replications 5000 --batch 100
error_line "--max-replications over the cap" "option --max-replications: '5000'"
expect "--spending" 2 plan "$TMP/drop.json" --spending linear
error_line "--spending" "option --spending: 'linear' is not obrien-fleming or pocock"
expect "unknown option" 2 plan "$TMP/drop.json" --bogus
error_line "unknown option" "bogus"
expect "a value missing" 2 plan "$TMP/drop.json" --batch
error_line "a value missing" "--batch"
expect "two pilots" 2 plan "$TMP/drop.json" "$TMP/same.json"
error_line "two pilots" "unexpected argument"
expect "unwritable --json" 2 plan "$TMP/drop.json" --json "$TMP/no/such/plan.json"
error_line "unwritable --json" "plan.json"
[ ! -e "$TMP/no" ] && ok "unwritable --json: nothing created" || fail "unwritable --json: nothing created"

expect "plan --help" 0 plan --help
contains "--help: usage" "$TMP/out" "^usage: rollgate plan PILOT.json"
contains "--help: the options" "$TMP/out" "--max-replications N"
contains "--help: exit codes" "$TMP/out" "Exit code"

echo "passed $passed, failed $failed, skipped $skipped"
[ "$failed" -eq 0 ]
