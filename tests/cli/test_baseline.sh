#!/usr/bin/env bash
# CLI tests of 'rollgate baseline record' and 'rollgate verify' (issue 11):
# a baseline of the same path verifies; the orchestrator with drop=0.05
# fails the blocking item, one slower than its baseline only the run-time
# item, with a crash the runs-clean item; bad inputs are one-line errors
# with exit 2.
# Declared metrics (issue 13): an exec path (fake_sim.sh --metrics) whose
# baseline keeps its values verifies against itself, MONITORs when its
# performance metric is 20 % higher, passes at 2 % (factor 0.05); `exact =
# true` in the config's [comparison] (compare --exact's key) does not make
# verify judge by equality.
# Usage: test_baseline.sh ROLLGATE SOURCE_DIR
#
# The run-time item compares times measured by two processes, which a busy
# machine can tell apart by 10-25 %: no check here depends on that.  The
# run-time cases verify against a baseline whose kept run times are scaled
# by hand -- 100 times longer (the path now is far faster: ticked) or 100
# times shorter (far slower: MONITOR) -- so the item's both outcomes are
# seen end to end; the decision at its threshold is tested on constructed
# run times in tests/test_perf.c.
set -u
RG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export ROLLGATE_FIXTURES="$SRC/fixtures"
. "$SRC/tests/cli/assert.sh"

E=600 N=6 R=5000 OTHER_E=300 K=5
sed -e 's/^erlang_start = .*/erlang_start = 600/' -e 's/^erlang_stop = .*/erlang_stop = 600/' \
    -e 's/^num_requests = .*/num_requests = 5000/' -e 's/^max_iters = .*/max_iters = 6/' \
    "$SRC/fixtures/configs/default.ini" >"$TMP/timing.ini"
T=(--config "$TMP/timing.ini" --threads 1)

# scaled FACTOR IN OUT: the baseline IN with every kept run time x FACTOR
scaled() {
    python3 - "$1" "$2" "$3" <<'PY'
import json, sys
f = float(sys.argv[1])
d = json.load(open(sys.argv[2]))
for load in d["loads"]:
    for run in load["runs"]:
        run["run_seconds"] *= f
        run["stream_seconds"] *= f
json.dump(d, open(sys.argv[3], "w"), indent="\t")
PY
}

# timed NAME CODE FACTOR PATH VERIFY-ARGS... : record PATH, scale its run
# times by FACTOR, verify with the args: exit CODE and every line of
# $TMP/want (matched anywhere in a line)
timed() {
    local name=$1 code=$2 factor=$3 path=$4 got line good=1
    shift 4
    "$RG" baseline record "${T[@]}" --path "$path" --out "$TMP/timed.json" >/dev/null 2>"$TMP/err" &&
        scaled "$factor" "$TMP/timed.json" "$TMP/scaled.json" || {
        fail "$name: record and scale" "$(head -c 400 "$TMP/err")"
        return
    }
    "$RG" verify --baseline "$TMP/scaled.json" "$@" >"$TMP/out" 2>"$TMP/err"
    got=$?
    [ "$got" -eq "$code" ] || good=0
    while IFS= read -r line; do grep -qF -- "$line" "$TMP/out" || good=0; done <"$TMP/want"
    if [ $good -eq 1 ]; then ok "$name (exit $code)"; else
        fail "$name: wanted exit $code and the checklist" "$(cat "$TMP/out" "$TMP/err" | head -c 1200)"
    fi
}

# --- recording ---
expect "record legacy" 0 baseline record "${T[@]}" --out "$TMP/legacy.json"
contains "record: says where" "$TMP/out" "written to $TMP/legacy.json"
for key in '"schema":	"rollgate-baseline"' '"schema_version":	1' '"path":	"builtin:legacy"' \
    '"settings_hash":	"fnv1a64:' '"clock":	"thread_cpu"' '"threads":	1' '"trace_hash":' \
    '"run_seconds":' '"ci_lo":' '"seeds":	\[1, 2, 3'; do
    contains "baseline JSON has $key" "$TMP/legacy.json" "$key"
done
expect "record --out -" 0 baseline record --requests 500 --replications 2 --erlang 300 --out -
grep -q '"schema":	"rollgate-baseline"' "$TMP/out" && ok "record --out -: the JSON on stdout" ||
    fail "record --out -: the JSON on stdout"

# --- the three acceptance cases ---
printf '%s\n' "[x] the path in service runs clean: $N of $N runs finished, invariants held" \
    "[x] blocking equivalent to the baseline: bit-identical to the baseline at every load" \
    "[x] run time within 5 % of the baseline: ratio" "VERDICT: PASS (exit 0)" >"$TMP/want"
timed "verify the same path, its baseline's runs 100 times longer" 0 100 builtin:legacy

expect "record orchestrator" 0 baseline record "${T[@]}" --path builtin:orchestrator --out "$TMP/orch.json"
expect "verify drop=0.05" 5 verify --baseline "$TMP/orch.json" --inject drop=0.05
contains "drop: runs clean ticked" "$TMP/out" "^\[x\] the path in service runs clean"
contains "drop: blocking not ticked" "$TMP/out" \
    "^\[ \] blocking equivalent to the baseline: erlang $E BP +[0-9.]* pp \[[0-9.]*, [0-9.]*\] beyond T1 2 pp"
contains "drop: the verdict" "$TMP/out" "^VERDICT: PLANNED_ROLLBACK (exit 5)"
contains "drop: the note on run times" "$TMP/out" "^note: the baseline's run times were measured"

printf '%s\n' "[x] the path in service runs clean" \
    "[x] blocking equivalent to the baseline: bit-identical" \
    "[ ] run time within 5 % of the baseline: ratio" "significantly more than 5 % slower (thread_cpu)" \
    "VERDICT: MONITOR (exit 3)" >"$TMP/want"
timed "verify, its baseline's runs 100 times shorter" 3 0.01 builtin:orchestrator
# slow=1.2 changes no result: only the run-time item could tell, and with
# the threshold out of the way everything is ticked
printf '%s\n' "[x] the path in service runs clean" \
    "[x] blocking equivalent to the baseline: bit-identical" \
    "[x] run time within 1000 % of the baseline" "VERDICT: PASS (exit 0)" >"$TMP/want"
timed "verify slow=1.2, the run-time threshold out of the way" 0 1 builtin:orchestrator \
    --inject slow=1.2 --perf-threshold 10

expect "verify crash" 6 verify --baseline "$TMP/orch.json" --inject crash-at=100
contains "crash: runs clean not ticked" "$TMP/out" \
    "^\[ \] the path in service runs clean: $N of $N runs failed; first at erlang $E, seed 1"

# the orchestrator against legacy's baseline: the same decisions
expect "verify the orchestrator against legacy's baseline" 0 verify --baseline "$TMP/legacy.json" \
    --path builtin:orchestrator --perf-threshold 10 --json "$TMP/check.json"
contains "another path: a notice" "$TMP/err" "notice: verifying builtin:orchestrator against a baseline of builtin:legacy"
contains "--perf-threshold wins over the baseline's" "$TMP/out" "run time within 1000 % of the baseline"
contains "--json: the checklist" "$TMP/check.json" '"schema":	"rollgate-verify"'
contains "--json: the verdict" "$TMP/check.json" '"verdict":	"PASS"'

# --- bad inputs: one line, exit 2, before any run ---
expect "verify without --baseline" 2 verify
error_line "verify without --baseline" "give --baseline FILE.json"
expect "missing baseline" 2 verify --baseline "$TMP/nope.json"
error_line "missing baseline" "nope.json"
sed 's/"schema_version":	1/"schema_version":	9/' "$TMP/legacy.json" >"$TMP/v9.json"
expect "schema mismatch" 2 verify --baseline "$TMP/v9.json"
error_line "schema mismatch" "key 'schema_version': 9 is not the version this rollgate reads (1)"
grep -v "\"requests\":	$R," "$TMP/legacy.json" >"$TMP/noreq.json"
expect "missing key" 2 verify --baseline "$TMP/noreq.json"
error_line "missing key" "key 'requests': missing"
sed "s/\"requests\":	$R,/\"requests\":	\"many\",/" "$TMP/legacy.json" >"$TMP/type.json"
expect "wrong type" 2 verify --baseline "$TMP/type.json"
error_line "wrong type" "key 'requests': must be a number, not a string"
expect "contradicting --requests" 2 verify --baseline "$TMP/legacy.json" --requests 3000
error_line "contradicting --requests" "option --requests: 3000, but the baseline's runs have $R"
expect "contradicting --erlang" 2 verify --baseline "$TMP/legacy.json" --erlang $OTHER_E
error_line "contradicting --erlang" "option --erlang: the baseline's loads are other ones"
expect "the same --requests" 0 verify --baseline "$TMP/legacy.json" --requests $R --perf-threshold 10
expect "changed settings" 2 verify --baseline "$TMP/legacy.json" --k-paths $K
error_line "changed settings" "the settings differ from the baseline's"
expect "unwritable --out" 2 baseline record --out "$TMP/no/such/dir/b.json"
error_line "unwritable --out" "b.json"
expect "unwritable --json" 2 verify --baseline "$TMP/legacy.json" --json "$TMP/no/such/x.json"
error_line "unwritable --json" "x.json"
expect "record without --out" 2 baseline record --requests 100
error_line "record without --out" "give --out FILE.json"
expect "import refused" 2 baseline record --path "import:$TMP" --out "$TMP/i.json"
error_line "import refused" "imported runs are neither run now nor timed"
expect "unknown path" 2 baseline record --path nosuch --out "$TMP/i.json"
error_line "unknown path" "unknown path 'nosuch'"
expect "inject on legacy" 2 baseline record --inject drop=0.1 --out "$TMP/i.json"
error_line "inject on legacy" "inject"
expect "baseline without a subcommand" 2 baseline
error_line "baseline without a subcommand" "give a subcommand: record"
expect "verify --help" 0 verify --help
contains "verify --help: the checklist" "$TMP/out" "blocking equivalent to the baseline"
expect "baseline record --help" 0 baseline record --help

# --- declared metrics (issue 13): an exec path whose run files report `metrics` ---
# tests/cli/fake_sim.sh --metrics PCT: values that depend on erlang and seed
# only (no timing), tick_ms scaled by PCT percent.  The run-time item is kept
# out of the way (--perf-threshold 10: the fake's run times are noise); the
# performance metric has its own factor (0.05) from the config.
FAKE="$TMP/bin/fake_sim.sh"
mkdir -p "$TMP/bin"
cp "$SRC/tests/cli/fake_sim.sh" "$FAKE"
chmod +x "$FAKE"
fake() { printf 'exec:%s ok --seed {seed} --requests {requests} --erlang {erlang} --metrics %s' "$FAKE" "$1"; }
{
    cat "$SRC/fixtures/configs/default.ini"
    printf '\n[metric.tick_ms]\nkind = performance\nfactor = 0.05\n'
    printf '\n[metric.alerts_total]\nkind = exact\n'
    printf '\n[metric.digest]\nkind = exact\n'
}>"$TMP/metrics.ini"
MX=(--config "$TMP/metrics.ini" --requests 400 --replications 10 --erlang 300 --threads 2)
lacks "builtin baseline: no metrics key" "$TMP/legacy.json" '"metrics":'
expect "metrics: record an exec path" 0 baseline record "${MX[@]}" --perf-threshold 10 \
    --path "$(fake 100)" --out "$TMP/metrics.json"
contains "metrics: record names them" "$TMP/out" "^  metrics kept per run: tick_ms, alerts_total, digest, queue$"
for key in '"metrics":	{' '"tick_ms":	10.' '"alerts_total":	' '"type":	"string"' '"text":	"d1-300"' \
    '"type":	"list"' '"text":	"\[1, 1, 2.5\]"' '"cut":	false' '"schema_version":	1'; do
    contains "metrics: baseline JSON has $key" "$TMP/metrics.json" "$key"
done
expect "metrics: verify the same path" 0 verify --baseline "$TMP/metrics.json"
for line in '^\[x\] blocking equivalent to the baseline: bit-identical' \
    '^\[x\] tick_ms within 5 % of the baseline: ratio 1.000 \[1.000, 1.000\] now / baseline$' \
    '^      erlang 300: ratio 1.000 \[1.000, 1.000\] PASS (ratio)$' \
    '^\[x\] alerts_total equal to the baseline: equal to the baseline on every replication at every load (10)$' \
    '^\[x\] digest equal to the baseline: ' '^VERDICT: PASS (exit 0): every item ticked$'; do
    contains "metrics: same path: $line" "$TMP/out" "$line"
done
expect "metrics: tick_ms 20 % higher" 3 verify --baseline "$TMP/metrics.json" --path "$(fake 120)" \
    --json "$TMP/metrics_check.json"
for line in '^\[x\] the path in service runs clean' '^\[x\] blocking equivalent to the baseline: bit-identical' \
    '^\[ \] tick_ms within 5 % of the baseline: erlang 300: ratio 1.200 \[1.2[0-9]*, 1.2[0-9]*\] now / baseline: significantly more than 5 % above the baseline$' \
    '^\[x\] alerts_total equal to the baseline' '^\[x\] digest equal to the baseline' \
    '^VERDICT: MONITOR (exit 3): not ticked: tick_ms within 5 % of the baseline$'; do
    contains "metrics: 20 %: $line" "$TMP/out" "$line"
done
contains "metrics: 20 %: --json names the metric" "$TMP/metrics_check.json" '"metric":	"tick_ms"'
contains "metrics: 20 %: --json per load" "$TMP/metrics_check.json" '"significantly_worse":	true'
expect "metrics: tick_ms 2 % higher" 0 verify --baseline "$TMP/metrics.json" --path "$(fake 102)"
contains "metrics: 2 %: within the factor" "$TMP/out" \
    '^\[x\] tick_ms within 5 % of the baseline: ratio 1.020 \[1.0[0-9]*, 1.0[0-9]*\] now / baseline$'
lacks "metrics: 2 %: no MONITOR" "$TMP/out" "MONITOR"
# an exact metric that changes: alerts_total from a path without values
expect "metrics: a path reporting none" 5 verify --baseline "$TMP/metrics.json" \
    --path "exec:$FAKE ok --seed {seed} --requests {requests} --erlang {erlang}"
contains "metrics: none: exact differs" "$TMP/out" \
    '^\[ \] alerts_total equal to the baseline: erlang 300: differs from the baseline on 10 of 10 replications; first at seed 1: baseline [0-9]*, now missing'
contains "metrics: none: performance not judged" "$TMP/out" \
    '^\[ \] tick_ms within 5 % of the baseline: not judged: the path did not report tick_ms at erlang 300, seed 1$'

# a baseline whose runs reported no values cannot verify declared metrics:
# refused, naming the baseline and the metric (not every run "differing")
expect "metrics: record a path reporting none" 0 baseline record "${MX[@]}" --perf-threshold 10 \
    --path "exec:$FAKE ok --seed {seed} --requests {requests} --erlang {erlang}" \
    --out "$TMP/novalues.json"
expect "metrics: verify against a baseline without values" 2 verify --baseline "$TMP/novalues.json"
contains "metrics: without values: one line naming the baseline and the metric" "$TMP/err" \
    "^rollgate: $TMP/novalues.json: no run of the baseline reported metric 'tick_ms', which the config declares: record the baseline again with a path that reports it$"
[ "$(lines "$TMP/err")" -eq 1 ] && ok "metrics: without values: the error is one line" ||
    fail "metrics: without values: the error is one line" "$(head -c 300 "$TMP/err")"

# exact = true is compare --exact's characterisation: a baseline records one
# path's runs and verify judges BP and each declared metric by its own kind
{
    cat "$TMP/metrics.ini"
    printf '\n[comparison]\nexact = true\n'
}>"$TMP/exact.ini"
EX=(--config "$TMP/exact.ini" --requests 400 --replications 10 --erlang 300 --threads 2)
expect "exact config: record" 0 baseline record "${EX[@]}" --perf-threshold 10 --path "$(fake 100)" \
    --out "$TMP/exact.json"
expect "exact config: verify the same path" 0 verify --baseline "$TMP/exact.json" \
    --json "$TMP/exact_check.json"
for line in '^      erlang 300: BP +0.000 pp \[-[0-9.]*, [0-9.]*\] PASS (identical), BBP ' \
    '^\[x\] tick_ms within 5 % of the baseline: ratio 1.000 \[1.000, 1.000\] now / baseline$' \
    '^VERDICT: PASS (exit 0): every item ticked$'; do
    contains "exact config: $line" "$TMP/out" "$line"
done
lacks "exact config: BP not by equality" "$TMP/out" "(equality), BBP"
lacks "exact config: no Characterisation line" "$TMP/out" "Characterisation"
lacks "exact config: --json has no Characterisation" "$TMP/exact_check.json" "Characterisation"
contains "exact config: --json keeps tick_ms's kind" "$TMP/exact_check.json" '"kind":	"performance"'

echo "passed $passed, failed $failed, skipped $skipped"
[ "$failed" -eq 0 ]
