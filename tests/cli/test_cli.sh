#!/usr/bin/env bash
# CLI tests: run the real rollgate binary and check exit codes, messages and
# output.  Usage: test_cli.sh ROLLGATE SOURCE_DIR
set -u
RG=$1
SRC=$2
REF="$SRC/../shared/reference/fusion"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export ROLLGATE_FIXTURES="$SRC/fixtures"
. "$SRC/tests/cli/assert.sh"


expect "version" 0 --version
contains "version text" "$TMP/out" "^rollgate [0-9]"
expect "help" 0 help
contains "help lists sim" "$TMP/out" "sim "
for cmd in sim bench trace compare report gate nightly history baseline verify; do
    expect "$cmd --help" 0 "$cmd" --help
    contains "$cmd --help usage" "$TMP/out" "usage: rollgate $cmd"
done
expect "no command" 2
expect "unknown command" 2 frobnicate
error_line "unknown command" "unknown command 'frobnicate'"

# --- a run and its JSON ---------------------------------------------------
expect "sim json" 0 sim --erlang 300,450 --seed 1,2 --requests 3000 --json
cp "$TMP/out" "$TMP/run1"
lines=$(wc -l <"$TMP/run1")
[ "$lines" -eq 4 ] && ok "one JSON line per run" || fail "one JSON line per run" "got $lines"
for key in '"path":"legacy"' '"seed":1' '"erlang":300' '"requests":3000' '"blocked":' \
           '"bp":' '"requested_gbps":' '"blocked_gbps":' '"bbp":' \
           '"block_reasons":{"distance":' '"congestion":' '"hops_mean":' '"length_mean_km":' \
           '"modulations":{"QPSK":' '"path_index":\[' '"trace_hash":"[0-9a-f]\{16\}"'; do
    contains "json key $key" "$TMP/run1" "$key"
done
expect "sim json again" 0 sim --erlang 300,450 --seed 1,2 --requests 3000 --json
cmp -s "$TMP/run1" "$TMP/out" && ok "same inputs, byte-identical JSON" ||
    fail "same inputs, byte-identical JSON"
expect "sim other seed" 0 sim --erlang 300 --seed 3 --requests 3000 --json
grep -q "$(grep -o '"trace_hash":"[0-9a-f]*"' "$TMP/out")" "$TMP/run1" &&
    fail "another seed gives another trace" || ok "another seed gives another trace"
expect "sim text" 0 sim --erlang 300 --seed 1 --requests 3000
contains "text summary" "$TMP/out" "legacy .*erlang 300 .*seed 1 .*BP 0\.[0-9]"
expect "sim k=1 best fit 2 cores" 0 sim --erlang 300 --seed 1 --requests 2000 \
    --k-paths 1 --allocation best_fit --cores 2 --guard 0 --slots 200 --json
contains "two cores reported" "$TMP/out" '"core_usage":\[[0-9]*,[0-9]*\]'

# --- the orchestrator, traces and drills -----------------------------------------
expect "orchestrator sim" 0 sim --path orchestrator --erlang 300,450 --seed 1,2 --requests 3000 --json
sed 's/"path":"orchestrator"/"path":"legacy"/' "$TMP/out" | cmp -s - "$TMP/run1" &&
    ok "orchestrator output == legacy output" || fail "orchestrator output == legacy output"
expect "trace seeds 1-20" 0 trace --iterations 20
n=$(grep -c ": identical (10000 requests" "$TMP/out")
[ "$n" -eq 80 ] && ok "trace: 4 loads x 20 seeds identical" || fail "trace: 4 loads x 20 seeds identical" "got $n"
expect "trace drop" 3 trace --erlang 600 --seed 1 --inject drop=0.05
contains "trace drop: first divergence" "$TMP/out" "DIVERGED at request [0-9]* (t="
contains "trace drop: marked row" "$TMP/out" "^  > "
read -r lo oo < <(sed -n 's/.*blocked only by legacy \([0-9]*\), only by orchestrator \([0-9]*\).*/\1 \2/p' "$TMP/out")
[ -n "${oo:-}" ] && [ "$oo" -gt "$lo" ] && ok "trace drop: orchestrator blocks more ($oo vs $lo)" ||
    fail "trace drop: orchestrator blocks more" "legacy-only ${lo:-?}, orchestrator-only ${oo:-?}"
expect "trace drop json" 3 trace --erlang 600 --seed 1 --inject drop=0.05 --json
contains "trace json divergence" "$TMP/out" '"first_divergence":{"id":[0-9]*,"time":'
contains "trace json discordant" "$TMP/out" '"discordant":{"blocked_only_by_legacy":[0-9]*,"blocked_only_by_orchestrator":[0-9]*}'
expect "trace crash" 4 trace --erlang 300 --seed 1 --inject crash-at=100
contains "trace crash names request" "$TMP/out" "orchestrator FAILED at request 100: .*injected crash at request 100"
expect "sim leak" 1 sim --path orchestrator --erlang 300 --seed 1 --inject leak=10
contains "leak caught by invariant" "$TMP/err" "orchestrator.*slots still occupied after the last release"
expect "trace leak" 4 trace --erlang 300 --seed 1 --inject leak=10
expect "trace relabel" 3 trace --erlang 300 --seed 1 --inject relabel
contains "relabel: no discordance" "$TMP/out" "blocked only by legacy 0, only by orchestrator 0"
expect "trace slow" 0 trace --erlang 300 --seed 1 --inject slow=3
expect "bad inject" 2 trace --inject explode=1
error_line "bad inject" "--inject: unknown or malformed 'explode=1'"
expect "inject on legacy" 2 sim --inject drop=0.1
error_line "inject on legacy" "add --path orchestrator"

# --- compare: verdicts, drills, reports -----------------------------------------
# Functional checks must not depend on timing: the builtin orchestrator runs
# a few per cent slower than legacy, close enough to the 5 % MONITOR
# threshold that a busy machine can tip a run over it, so every verdict here
# is reached with the check out of the way.  MONITOR itself is tested on
# constructed run times (tests/test_perf.c), end to end with an exec path
# a hundred times slower than the other (test_exec.sh) and against a
# baseline whose run times are scaled (test_baseline.sh).
PERF=(--perf-threshold 10)
expect "compare default" 0 compare "${PERF[@]}"
contains "compare: PASS" "$TMP/out" "^VERDICT: PASS (exit 0)"
contains "compare: identical" "$TMP/out" "every run bit-identical on both paths at every load"
contains "compare: table" "$TMP/out" "^    300 BP "
expect "drill drop=0.05" 5 compare --inject drop=0.05 "${PERF[@]}"
contains "drop=0.05: planned" "$TMP/out" "^VERDICT: PLANNED_ROLLBACK (exit 5)"
contains "drop=0.05: level 2 action" "$TMP/out" "^action: Level 2 planned rollback: set use_orchestrator = false"
expect "drill drop=0.2" 6 compare --inject drop=0.2 "${PERF[@]}"
contains "drop=0.2: emergency" "$TMP/out" "reaches the emergency threshold 10 pp"
contains "drop=0.2: level 1 action" "$TMP/out" "^action: Level 1 emergency rollback: export FUSION_USE_ORCHESTRATOR=0"
expect "drill crash-at=500" 6 compare --inject crash-at=500 "${PERF[@]}"
contains "crash: seed and request" "$TMP/out" "^reason: .*orchestrator failed at erlang 300, seed 1, request 500"
expect "drill relabel" 0 compare --inject relabel "${PERF[@]}"
contains "relabel: investigate" "$TMP/out" "INVESTIGATE: block reasons differ"
# slow=3 makes the runs longer and changes no result
expect "drill slow=3" 0 compare --inject slow=3 "${PERF[@]}" --json "$TMP/slow.json"
contains "slow: identical results" "$TMP/out" "every run bit-identical on both paths at every load"
grep -q '"performance_pooled":' "$TMP/slow.json" && ok "slow: the run-time figures under timing" ||
    fail "slow: the run-time figures under timing"
expect "drill legacy failure" 7 compare --legacy builtin:orchestrator --orchestrator builtin:legacy \
    --inject crash-at=500 "${PERF[@]}"
contains "legacy failure: harness error" "$TMP/out" "^VERDICT: HARNESS_ERROR (exit 7)"
expect "advisory" 0 compare --inject drop=0.2 --advisory --quiet "${PERF[@]}"
contains "advisory still says" "$TMP/out" "^VERDICT: EMERGENCY_ROLLBACK"
expect "json threads 1" 0 compare --threads 1 --json "$TMP/t1.json" --quiet "${PERF[@]}"
expect "json threads 2" 0 compare --threads 2 --json "$TMP/t2.json" --quiet "${PERF[@]}"
sed '/"timing":/,$d' "$TMP/t1.json" >"$TMP/t1.cut"
sed '/"timing":/,$d' "$TMP/t2.json" >"$TMP/t2.cut"
[ -s "$TMP/t1.cut" ] && cmp -s "$TMP/t1.cut" "$TMP/t2.cut" &&
    ok "threads 1 and 2: byte-identical JSON apart from timing" ||
    fail "threads 1 and 2: byte-identical JSON apart from timing"
grep -q '"threads":	1' "$TMP/t1.json" && grep -q '"threads":	2' "$TMP/t2.json" &&
    ok "timing part names the thread count" || fail "timing part names the thread count"
for key in '"schema_version":	3' '"verdict":	"PASS"' '"exit_code":	0' '"loads":	\[' \
           '"erlang":	300' '"identical":	true' '"bp":	{' '"bbp":	{' '"delta_pp":	{' \
           '"delta_rel":	{' '"p_value":	' '"decision_ci":	\[' '"reason":	'; do
    contains "report key $key" "$TMP/t1.json" "$key"
done
# zero blocking: 25 Gb/s requests reach every path, 1 Erlang never congests
LOW=(--erlang 1 --request-distribution '{"25": 1.0}' --requests 2000 --replications 5)
expect "zero blocking, other placements" 0 compare "${LOW[@]}" --inject fit=last "${PERF[@]}"
# 5 x 2000 requests with no blocking, over-dispersion (design effect 4, fewer
# than 10 replications) counted as 2500: 1 - 0.025^(1/2500) = 0.147 % (Python)
contains "zero blocking: low signal exact bounds" "$TMP/out" "exact bounds (low signal) \[-0.147, +0.147\] inside"
expect "zero on legacy only" 6 compare "${LOW[@]}" --inject drop=0.5 --quiet "${PERF[@]}"
expect "zero on legacy only, relative" 6 compare "${LOW[@]}" --inject drop=0.5 --deviation relative \
    --quiet "${PERF[@]}"
contains "relative falls back to exact bounds in %" "$TMP/out" \
    "exact bounds (legacy blocking too low for a relative interval) \[+[0-9.]*, +inf\] wholly beyond 2 %"
expect "relative drill" 6 compare --erlang 300 --inject drop=0.05 --deviation relative --quiet "${PERF[@]}"
contains "relative: percent of legacy" "$TMP/out" "deviation +30.[0-9]* % reaches the emergency threshold 10 %"

printf '[comparison]\nthresholds = 0.5, 1\nreplications = 4\n' >"$TMP/cmp.ini"
expect "comparison section" 5 compare --config "$TMP/cmp.ini" --erlang 300 --inject drop=0.01 \
    --quiet "${PERF[@]}"
expect "command line wins" 0 compare --config "$TMP/cmp.ini" --erlang 300 --inject drop=0.01 \
    --thresholds 2,10 --quiet "${PERF[@]}"
expect "unpaired" 0 compare --unpaired --erlang 300 --advisory "${PERF[@]}"
contains "unpaired is said" "$TMP/out" "UNPAIRED seeds"
expect "holm over all tests" 4 compare --erlang 300,400,500,600 --replications 5 --inject drop=0.021 \
    --thresholds 1.5,10 --quiet "${PERF[@]}"
contains "holm: claim corrected" "$TMP/out" "not significant after Holm correction over 8 tests"
expect "crashed load table" 6 compare --erlang 300 --replications 2 --inject crash-at=500 "${PERF[@]}"
contains "crashed load: no statistics shown" "$TMP/out" "^    300 BP .* failed .*EMERGENCY_ROLLBACK"
expect "duplicate seeds" 2 compare --erlang 300 --seed 7,7
error_line "duplicate seeds" "seed 7 listed twice"
expect "bad thresholds" 2 compare --thresholds 10,2
error_line "bad thresholds" "thresholds"
expect "bad deviation" 2 compare --deviation sideways
error_line "bad deviation" "deviation"
expect "bad confidence" 2 compare --confidence 1.5
error_line "bad confidence" "confidence"
# 0.6 would decide on 20 % intervals; levels are 0.8 .. 0.999
expect "confidence too low" 2 compare --confidence 0.6
error_line "confidence too low" "option --confidence: '0.6' is not a level from 0.8 to 0.999"
printf '[general_settings]\nnum_requests = 100\n[comparison]\n\nconfidence = 0.6\n' >"$TMP/conf.ini"
expect "confidence too low in the config" 2 compare --config "$TMP/conf.ini"
error_line "confidence too low in the config" "conf.ini:5: key 'confidence': '0.6' is not a level"
expect "confidence 0.999" 0 compare --confidence 0.999 --erlang 300 --replications 3 --requests 2000 \
    "${PERF[@]}"
contains "0.999: honest labels" "$TMP/out" "99.9 % intervals, decisions on 99.8 % intervals"
expect "confidence 0.8" 0 compare --confidence 0.8 --erlang 300 --replications 3 --requests 2000 \
    "${PERF[@]}"
contains "0.8: decision level" "$TMP/out" "80 % intervals, decisions on 60 % intervals"
# identical decisions bound the deviation only as far as the requests compared
# allow (rule of three): 50 requests with a 5 % drop fault that happened not
# to act are not a PASS; nor are runs where every request was blocked
expect "identical on 50 requests" 4 compare --requests 50 --replications 1 --inject drop=0.05 \
    --erlang 300 --seed-base 31 --quiet "${PERF[@]}"
contains "identical on 50 requests: the bound" "$TMP/out" \
    "bit-identical, but 50 requests bound the deviation only below 5.82 pp at 90 %, not below 2 pp; about 149 requests"
expect "identical, everything blocked" 4 compare --slots 1 --inject drop=0.5 --erlang 300 --quiet \
    "${PERF[@]}"
contains "everything blocked: said" "$TMP/out" "admitted only 0 of .* requests between them: no admission decision was exercised"
# few replications: a sample SD of zero is not certainty (the variance floor)
expect "A/A, 2 x 100 unpaired, equal deviations" 4 compare --requests 100 --replications 2 --unpaired \
    --erlang 600 --seed-base 471 --quiet "${PERF[@]}"
lacks "no false rollback from an SD of zero" "$TMP/out" "ROLLBACK"
# "exactly T1" from the counts, not from rounding: both replications 2 of 100
# requests apart (unpaired A/A) gave -2.0000000000000018 and a PLANNED_ROLLBACK
expect "exactly 2 pp from counts" 4 compare --requests 100 --replications 2 --unpaired --erlang 600 \
    --seed-base 295 --json "$TMP/t1.json" --quiet "${PERF[@]}"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["loads"][0]["metrics"]["bp"]["decision"]["deviation"] == -2 else 1)' \
    "$TMP/t1.json"; then ok "exactly 2 pp: the deviation is exactly -2"; else
    fail "exactly 2 pp: the deviation is exactly -2"
fi
# the floor holds in relative mode too (Fieller on floored moments): was an
# EMERGENCY_ROLLBACK from two equal relative deviations
expect "A/A relative, 2 x 100 unpaired" 4 compare --requests 100 --replications 2 --unpaired \
    --erlang 600 --seed-base 471 --deviation relative --quiet "${PERF[@]}"
# one replication never proves a rollback (exact bounds with the design effect)
expect "one replication, DT, T1 0.1" 4 compare --network DT --replications 1 --thresholds 0.1,10 \
    --unpaired --erlang 600 --quiet "${PERF[@]}"
contains "one replication: named" "$TMP/out" "exact bounds (one replication)"
expect "one replication, a gross fault" 4 compare --network DT --replications 1 --thresholds 0.1,10 \
    --erlang 600 --inject drop=0.2 --quiet "${PERF[@]}"
contains "one replication cannot prove a rollback" "$TMP/out" "1 replication cannot prove a rollback"
# relative mode never falls back to pp: too little legacy blocking for a
# ratio is judged on exact bounds of the ratio itself
expect "relative, low legacy blocking, DT" 6 compare --network DT --erlang 150,160,170 \
    --inject drop=0.001 --deviation relative --quiet "${PERF[@]}"
contains "relative, low legacy blocking: in percent" "$TMP/out" \
    "^reason: erlang 150: BP: deviation +1362.500 % reaches the emergency threshold 10 %"
# a test that was not made is absent, not zeros: a failed load makes none
expect "no tests on a failed load" 6 compare --erlang 300 --replications 2 --requests 2000 \
    --inject crash-at=500 --json "$TMP/failed.json" --quiet "${PERF[@]}"
if python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["loads"][0]["secondary"] == {} else 1)' \
    "$TMP/failed.json"; then ok "failed load: no secondary tests in the JSON"; else
    fail "failed load: no secondary tests in the JSON" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["loads"][0]["secondary"])' "$TMP/failed.json")"
fi
expect "bad path name" 2 compare --orchestrator nothing
error_line "bad path name" "unknown path 'nothing'"
printf '[general_settings]\nnum_requests = 10\nholding_time = soon\n' >"$TMP/bad.ini"
expect "compare bad config" 2 compare --config "$TMP/bad.ini"
error_line "compare bad config" "bad.ini:3: key 'holding_time'"

# --- hardening: numbers checked before any work (sim, trace, compare alike) --
printf '[general_settings]\nerlang_start = 1\nerlang_stop = 2\nerlang_step = 1e-300\n' >"$TMP/step.ini"
for cmd in sim trace compare; do
    expect "$cmd: erlang_step 1e-300" 2 "$cmd" --config "$TMP/step.ini"
    error_line "$cmd: erlang_step 1e-300" "erlang_step 1e-300: more than 256 loads"
    expect "$cmd: arrival rate underflows" 2 "$cmd" --erlang 1e-300 --holding-time 1e300 --requests 10
    error_line "$cmd: arrival rate underflows" "arrival rate erlang / holding_time = 0 is not a usable positive number"
    expect "$cmd: arrival rate overflows" 2 "$cmd" --erlang 1e300 --holding-time 1e-300 --requests 10
    error_line "$cmd: arrival rate overflows" "arrival rate erlang / holding_time = inf is not a usable positive number"
done
# every refused feature in one error
printf '[general_settings]\nmax_segments = 4\nis_grooming_enabled = True\n[snr_settings]\nsnr_type = snr_e2e\n[topology_settings]\nis_only_core_node = False\n' \
    >"$TMP/multi.ini"
expect "all refusals at once" 2 compare --config "$TMP/multi.ini"
error_line "all refusals at once" "multi.ini:2: key 'max_segments' .*; also line 3 (is_grooming_enabled), 5 (snr_type), 7 (is_only_core_node)"
printf '[topology_settings]\nis_only_core_node = False\n' >"$TMP/core.ini"
expect "core nodes message" 2 compare --config "$TMP/core.ini" --erlang 300
error_line "core nodes message" "rollgate simulates traffic between core nodes only; set it to True"
printf '[comparison]\nunpaired = maybe\n' >"$TMP/maybe.ini"
expect "unpaired = maybe" 2 compare --config "$TMP/maybe.ini"
error_line "unpaired = maybe" "'unpaired': 'maybe' is not True or False"
# a modulation table that reaches no path: nothing admitted, never a PASS
printf '{"DEFAULT": {"25": {"QPSK": {"max_length": 1, "slots_needed": 1}}, "50": {"QPSK": {"max_length": 1, "slots_needed": 2}}, "100": {"QPSK": {"max_length": 1, "slots_needed": 4}}, "200": {"QPSK": {"max_length": 1, "slots_needed": 8}}, "400": {"QPSK": {"max_length": 1, "slots_needed": 16}}}}\n' \
    >"$TMP/short.json"
expect "no admission possible" 4 compare --mod-formats "$TMP/short.json" --erlang 300 --replications 3 \
    --requests 2000 --quiet "${PERF[@]}"
contains "no admission possible: said" "$TMP/out" "no admission decision was exercised"
# Ctrl-C and SIGTERM inside a long run: the event loop and the stream
# generator look at the flag every 65536 events (about 1 ms).  Before, the
# flag was read only between runs, so the run in progress finished first.
# What is checked does not depend on the machine's speed: the signal goes
# once rollgate catches it (its mask in /proc; a signal before that would be
# lost, as a background job of a script ignores SIGINT) and half a second
# into the first of two runs of 4e7 requests (16 s each here); that run must
# have been cut short -- no results, "interrupted" -- where one that ran to
# its end would have them.  The time to stop is printed (about 0.03 s here)
# and bounded only against a hang.
interrupt_run() { # SIGNAL
    "$RG" compare --requests 40000000 --replications 2 --erlang 300 --threads 1 --quiet \
        --json "$TMP/int.json" >"$TMP/int.out" 2>"$TMP/int.err" &
    local pid=$! rc t0 t1 i
    for i in $(seq 1 600); do
        caught "$pid" "$1" && break
        sleep 0.05
    done
    sleep 0.5 # inside the first run
    t0=$(date +%s.%N)
    kill -"$1" "$pid"
    wait "$pid"
    rc=$?
    t1=$(date +%s.%N)
    [ "$rc" -eq 7 ] && ok "$1 inside a run: exit 7" || fail "$1 inside a run: exit 7" "exit $rc"
    contains "$1 inside a run: interrupted" "$TMP/int.out" "^reason: interrupted"
    json_complete=$(grep -cE '"complete":[[:space:]]+false' "$TMP/int.json" 2>/dev/null)
    [ "$json_complete" = 1 ] && ok "$1 inside a run: JSON marked incomplete" ||
        fail "$1 inside a run: JSON marked incomplete"
    # the first pair's entry: its harness error, not the runs it would have
    # if the run had gone on to its end
    local first
    first=$(sed -n '/"runs":/,$p' "$TMP/int.json" | grep -m1 -E '"harness_error"|"legacy":')
    if printf '%s' "$first" | grep -q '"harness_error":.*interrupted'; then
        ok "$1 inside a run: the run in progress was cut short"
    else
        fail "$1 inside a run: the run in progress was cut short" "$first"
    fi
    local took
    took=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
    echo "#   $1: stopped $took s after the signal"
    if awk -v t="$took" 'BEGIN { exit !(t < 60) }'; then
        ok "$1 inside a run: no hang"
    else
        fail "$1 inside a run: no hang" "$took s"
    fi
}
interrupt_run INT
interrupt_run TERM

# inputs: a config is a regular file with something rollgate reads
expect "config is a folder" 2 compare --config "$TMP"
error_line "config is a folder" "not a regular file"
mkfifo "$TMP/cfg.fifo"
expect "config is a FIFO (no hang)" 2 compare --config "$TMP/cfg.fifo"
error_line "config is a FIFO (no hang)" "cfg.fifo: not a regular file"
: >"$TMP/empty.ini"
expect "empty config" 2 compare --config "$TMP/empty.ini"
error_line "empty config" "empty.ini: no key rollgate reads"
printf '[mypy]\nstrict = True\n' >"$TMP/mypy.ini"
expect "another tool's INI" 2 compare --config "$TMP/mypy.ini"
error_line "another tool's INI" "mypy.ini: no key rollgate reads"
expect "trailing garbage after the distribution" 2 sim --request-distribution '{"100": 1} xx' --requests 10
error_line "trailing garbage after the distribution" "request-distribution"
expect "mistyped --mod-formats" 2 sim --mod-formats "$TMP/no-such-table.json" --requests 10
error_line "mistyped --mod-formats" "option --mod-formats: cannot read"
expect "distribution error names the option" 2 sim --request-distribution '{"123": 1}' --requests 10
error_line "distribution error names the option" "^rollgate: option --request-distribution: bandwidth '123'"

# inputs are regular text files: a NUL byte or text after the JSON value is an error
printf 'A\tB\t100\nB\tA\t100\n\0B\tC\t100\nC\tB\t100\n' >"$TMP/nul.txt"
expect "topology with a NUL byte" 2 sim --topology "$TMP/nul.txt" --requests 10
error_line "topology with a NUL byte" "nul.txt:3: a NUL byte"
cp "$SRC/fixtures/topologies/nsfnet.json" "$TMP/trail.json"
printf 'xx\n' >>"$TMP/trail.json"
expect "topology JSON with trailing text" 2 sim --topology "$TMP/trail.json" --requests 10
error_line "topology JSON with trailing text" "trail.json"
cp "$SRC/fixtures/modulation/formats.json" "$TMP/mtrail.json"
printf '{}\n' >>"$TMP/mtrail.json"
expect "modulation table with trailing text" 2 sim --mod-formats "$TMP/mtrail.json" --requests 10
error_line "modulation table with trailing text" "mtrail.json"
expect "topology is a folder" 2 sim --topology "$TMP" --requests 10
error_line "topology is a folder" "not a regular file"

printf 'A\tB\t100\nB\tA\t100\nB\t\377\376\t100\n\377\376\tB\t100\n' >"$TMP/bad8.txt"
expect "non-UTF-8 node name" 2 sim --topology "$TMP/bad8.txt" --requests 10
error_line "non-UTF-8 node name" "bad8.txt:3: node name is not UTF-8 text"
printf 'Z\303\274rich\tBern\t100\nBern\tZ\303\274rich\t100\n' >"$TMP/ok8.txt"
expect "UTF-8 node names" 0 sim --topology "$TMP/ok8.txt" --requests 10 --erlang 1 \
    --request-distribution '{"100": 1.0}' --json

# a cluster of short options names the unknown one
expect "short option cluster" 2 compare -hz
error_line "short option cluster" "unknown option '-z'"
# a long option of a subcommand without its value is named as written (the
# option's code in getopt's optopt printed as '-?' for --json and --threads)
for opt in json threads; do
    expect "--$opt without a value" 2 compare --$opt
    error_line "--$opt without a value" "option '--$opt' needs a value"
done

# --- golden data: the default config's results must not drift ------------------
expect "golden run" 0 sim --erlang 300,600 --seed 1,2,3 --json
cmp -s "$TMP/out" "$SRC/tests/golden/nsfnet_default_legacy.jsonl" &&
    ok "matches tests/golden/nsfnet_default_legacy.jsonl" ||
    fail "matches tests/golden/nsfnet_default_legacy.jsonl" "$(diff "$TMP/out" "$SRC/tests/golden/nsfnet_default_legacy.jsonl" | head -4)"

# --- bad input: exit 2, one line, no stdout -----------------------------------
expect "missing config" 2 sim --config "$TMP/nope.ini"
error_line "missing config" "nope.ini"
printf '[general_settings]\nnum_requests = 10\nholding_time = soon\n' >"$TMP/bad.ini"
expect "bad number" 2 sim --config "$TMP/bad.ini"
error_line "bad number" "bad.ini:3: key 'holding_time'"
printf '[topology_settings]\nnetwork = Atlantis\n' >"$TMP/net.ini"
expect "unknown network" 2 sim --config "$TMP/net.ini"
error_line "unknown network" "key 'network'.*Atlantis"
expect "quotas" 2 sim --requests 1005
error_line "quotas" "request_distribution.*1003"
printf '[general_settings]\nis_grooming_enabled = True\n' >"$TMP/groom.ini"
expect "feature switched on" 2 sim --config "$TMP/groom.ini"
error_line "feature switched on" "groom.ini:2: key 'is_grooming_enabled'"
expect "unknown option" 2 sim --frobnicate
error_line "unknown option" "frobnicate"
expect "bad guard" 2 sim --guard 3
error_line "bad guard" "option --guard"
expect "missing value" 2 sim --erlang
error_line "missing value" "needs a value"
expect "missing topology" 2 sim --topology "$TMP/none.txt"
error_line "missing topology" "none.txt"
printf 'a\tb\t100\nb\tc\n' >"$TMP/topo.txt"
expect "malformed topology" 2 sim --topology "$TMP/topo.txt"
error_line "malformed topology" "topo.txt:2"
printf '{"A": {"25": {"X": {"max_length": 10, "slots_needed": "one"}}}}' >"$TMP/mods.json"
expect "malformed modulation table" 2 sim --mod-formats "$TMP/mods.json" --mod-assumption A \
    --request-distribution '{"25": 1.0}'
error_line "malformed modulation table" "mods.json"
expect "bad path" 2 sim --path orchestrator-2
error_line "bad path" "unknown path"

# --- FUSION's own files, when ../shared is there -------------------------------
if [ -f "$REF/nsf_network.txt" ]; then
    expect "FUSION files" 0 sim --topology "$REF/nsf_network.txt" \
        --mod-formats "$REF/default_mod_formats.json" --mod-assumption DEFAULT \
        --k-paths 3 --cores 1 --slots 320 --guard 1 --holding-time 1.0 \
        --erlang 300 --seed 1,2 --requests 3000 --json
    # our NSFNet fixture is the same network: identical results
    cp "$TMP/out" "$TMP/fusion"
    "$RG" sim --erlang 300 --seed 1,2 --requests 3000 --json >"$TMP/ours"
    cmp -s "$TMP/fusion" "$TMP/ours" && ok "fixture NSFNet == FUSION's nsf_network.txt" ||
        fail "fixture NSFNet == FUSION's nsf_network.txt"
else
    echo "skip - FUSION reference files not found at $REF"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
