#!/usr/bin/env bash
# CLI tests of the sequential design (compare --until-decided): the looks,
# the seeds a sequential run uses, its report, its refusals, and an exec
# comparison interrupted and resumed from its run directory.
# Usage: test_sequential.sh ROLLGATE SOURCE_DIR
set -u
abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd -P)" "$(basename "$1")"); }
RG=$(abs "$1")
SRC=$(cd "$2" && pwd -P)
TMP=$(cd "$(mktemp -d)" && pwd -P)
BGPID=""
cleanup() {
    [ -n "$BGPID" ] && kill "$BGPID" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
export ROLLGATE_FIXTURES="$SRC/fixtures"
. "$SRC/tests/cli/assert.sh"
cd "$TMP" || exit 1

if ! command -v python3 >/dev/null; then
    echo "1..0 # skip: the JSON checks need python3"
    exit 77
fi
# py NAME FILE EXPR: ok when the Python expression over d (the JSON) is true
py() {
    local v
    if v=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($3) else 1)" "$2" 2>&1); then
        ok "$1"
    else
        fail "$1" "$v $(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps([(l['erlang'], l['replications'], l['verdict']) for l in d['loads']]))" "$2" 2>&1 | head -c 600)"
    fi
}
# run times vary: the performance check (MONITOR) is kept out of these verdicts
PERF=(--perf-threshold 10)
SEQ=(--until-decided --batch 2 --max-replications 20)

# ======== 1. the drills decide early ========
expect "drop=0.2 sequential: EMERGENCY" 6 compare "${SEQ[@]}" "${PERF[@]}" --inject drop=0.2 \
    --json "$TMP/d20.json" --quiet
py "drop=0.2: every load decided with at most 10 of 20 replications" "$TMP/d20.json" \
    "all(l['replications'] <= 10 and l['sequential']['stopped'] == 'decided' for l in d['loads'])"
expect "drop=0.05 sequential: PLANNED" 5 compare "${SEQ[@]}" "${PERF[@]}" --inject drop=0.05 \
    --json "$TMP/d05.json" --quiet
py "drop=0.05: every load decided with at most 10 of 20 replications" "$TMP/d05.json" \
    "all(l['replications'] <= 10 and l['sequential']['stopped'] == 'decided' for l in d['loads'])"
expect "fixed 20 replications, drop=0.05: PLANNED as well" 5 compare --replications 20 "${PERF[@]}" \
    --inject drop=0.05 --quiet
expect "bit-identical paths: PASS at the first look" 0 compare "${SEQ[@]}" "${PERF[@]}" \
    --json "$TMP/same.json" --quiet
py "bit-identical: one look of 2 replications per load" "$TMP/same.json" \
    "all(l['replications'] == 2 and len(l['sequential']['looks']) == 1 for l in d['loads'])"

# ======== 2. the report says what each look decided ========
py "JSON: the design" "$TMP/d05.json" \
    "d['sequential'] == {'spending': 'obrien-fleming', 'batch': 2, 'max_replications': 20}"
py "JSON: looks every 2 replications up to the last" "$TMP/d05.json" \
    "all([k['replications'] for k in l['sequential']['looks']] == list(range(2, l['replications'] + 1, 2)) for l in d['loads'])"
py "JSON: spent alpha grows to at most 0.05, nominal levels below it" "$TMP/d05.json" \
    "all(all(0 <= a['alpha_spent'] < b['alpha_spent'] <= 0.05 for a, b in zip(l['sequential']['looks'], l['sequential']['looks'][1:])) and all(0 < k['nominal_alpha'] < 0.05 for k in l['sequential']['looks']) for l in d['loads'])"
py "JSON: the last look's verdict is the load's" "$TMP/d05.json" \
    "all(l['sequential']['looks'][-1]['verdict'] == l['verdict'] for l in d['loads'])"
py "JSON: earlier looks were undecided" "$TMP/d05.json" \
    "all(k['verdict'] == 'INCONCLUSIVE' for l in d['loads'] for k in l['sequential']['looks'][:-1])"
py "JSON: the seeds are the first of seed_base, seed_base + 1, ..." "$TMP/d05.json" \
    "d['inputs']['seeds'] == list(range(1, max(l['replications'] for l in d['loads']) + 1))"
expect "fixed run for the JSON check" 0 compare --replications 3 "${PERF[@]}" --json "$TMP/fixed.json" --quiet
py "JSON: fixed run: sequential null, replications 3 per load" "$TMP/fixed.json" \
    "d['sequential'] is None and all(l['replications'] == 3 and l['sequential'] is None for l in d['loads'])"
expect "console shows the looks" 5 compare "${SEQ[@]}" "${PERF[@]}" --inject drop=0.05
contains "console: the design" "$TMP/out" "sequential design"
contains "console: where each load stopped" "$TMP/out" "stopped"

expect "a saved sequential report renders again" 0 report "$TMP/d05.json" --format json --out "$TMP/again.json"
cmp -s "$TMP/d05.json" "$TMP/again.json" && ok "sequential report: the JSON again is the same JSON" ||
    fail "sequential report: the JSON again is the same JSON" "$(diff "$TMP/d05.json" "$TMP/again.json" | head -5)"
expect "a sequential report in every format" 0 report "$TMP/d05.json" --format markdown --out "$TMP/d05.md"
contains "Markdown: the looks" "$TMP/d05.md" "### Sequential looks"
# a crash decides at once: one look
expect "crash, sequential: EMERGENCY" 6 compare "${SEQ[@]}" "${PERF[@]}" --inject crash-at=500 \
    --json "$TMP/crash.json" --quiet
py "crash: every load stopped after its first look" "$TMP/crash.json" \
    "all(l['replications'] == 2 and l['sequential']['stopped'] == 'decided' for l in d['loads'])"

# ======== 3. a sequential run uses exactly the runs of a fixed run of its size ========
R=$(python3 -c "import json; d=json.load(open('$TMP/d05.json')); print(d['loads'][0]['replications'])")
expect "fixed run of the sequential run's size ($R replications)" 5 compare --replications "$R" \
    "${PERF[@]}" --inject drop=0.05 --erlang 300 --json "$TMP/fixedR.json" --quiet
python3 - "$TMP/d05.json" "$TMP/fixedR.json" >"$TMP/cmp" 2>&1 <<'EOF'
import json, sys
s, f = (json.load(open(p)) for p in sys.argv[1:])
key = lambda p: (p['erlang'], p['replication'], p['legacy']['seed'], p['legacy']['blocked'],
                 p['orchestrator']['seed'], p['orchestrator']['blocked'])
seq = [key(p) for p in s['runs'] if p['erlang'] == 300]
fix = [key(p) for p in f['runs']]
sys.exit(0 if seq == fix and len(seq) > 0 else print(seq[:3], fix[:3]) or 1)
EOF
[ $? -eq 0 ] && ok "load 300: the sequential runs are the fixed run's, seed for seed" ||
    fail "load 300: the sequential runs are the fixed run's" "$(head -c 400 "$TMP/cmp")"

# ======== 4. reproducible for any thread count ========
expect "threads 1" 5 compare "${SEQ[@]}" "${PERF[@]}" --inject drop=0.05 --threads 1 --json "$TMP/t1.json" --quiet
expect "threads 2" 5 compare "${SEQ[@]}" "${PERF[@]}" --inject drop=0.05 --threads 2 --json "$TMP/t2.json" --quiet
same_outside_timing "threads 1 and 2: the same report outside timing" "$TMP/t1.json" "$TMP/t2.json"

# ======== 5. undecided at the most replications ========
# A/A with the threshold next to zero: no PASS can be shown, so every load
# runs to the maximum and stays INCONCLUSIVE (a rollback would be false)
expect "undecided: INCONCLUSIVE" 4 compare --until-decided --batch 3 --max-replications 9 "${PERF[@]}" \
    --orchestrator builtin:legacy --unpaired --thresholds 0.001,10 --requests 2000 --erlang 600 \
    --json "$TMP/aa.json" --quiet
py "undecided: stopped at the most replications, 3 looks" "$TMP/aa.json" \
    "all(l['replications'] == 9 and l['sequential']['stopped'] == 'max_replications' and len(l['sequential']['looks']) == 3 for l in d['loads'])"
expect "pocock spending" 4 compare --until-decided --batch 3 --max-replications 9 --spending pocock \
    "${PERF[@]}" --orchestrator builtin:legacy --unpaired --thresholds 0.001,10 --requests 2000 \
    --erlang 600 --json "$TMP/pocock.json" --quiet
py "pocock: named in the report" "$TMP/pocock.json" "d['sequential']['spending'] == 'pocock'"
py "pocock spends more early than O'Brien-Fleming" "$TMP/pocock.json" \
    "d['loads'][0]['sequential']['looks'][0]['alpha_spent'] > json.load(open('$TMP/aa.json'))['loads'][0]['sequential']['looks'][0]['alpha_spent']"

# a signal between two looks (an analysis takes most of the time of this
# comparison: 64 looks of 500-request runs) stops it as one during the runs
# does: exit 7, the report written and marked incomplete
"$RG" compare --until-decided --batch 1 --max-replications 64 --unpaired --requests 500 \
    --thresholds 0.001,10 "${PERF[@]}" --quiet --json "$TMP/sig.json" >"$TMP/out" 2>"$TMP/err" &
BGPID=$!
for _ in $(seq 1 200); do
    caught "$BGPID" TERM && break
    sleep 0.02
done
sleep 1
kill -TERM "$BGPID"
wait "$BGPID"
rc=$?
BGPID=""
[ "$rc" -eq 7 ] && ok "SIGTERM during the looks: exit 7" || fail "SIGTERM during the looks: exit 7" "exit $rc $(head -c 300 "$TMP/err")"
py "SIGTERM during the looks: incomplete, every load stopped interrupted" "$TMP/sig.json" \
    "d['complete'] is False and all(l['sequential']['stopped'] == 'interrupted' for l in d['loads'])"

# ======== 6. in [comparison], and refusals ========
cat >"$TMP/seq.ini" <<EOF
[general_settings]
erlang_start = 300
erlang_stop = 600
erlang_step = 300
num_requests = 2000
[comparison]
until_decided = true
batch = 2
max_replications = 12
perf_threshold = 10
EOF
expect "[comparison] until_decided" 5 compare --config "$TMP/seq.ini" --inject drop=0.05 \
    --json "$TMP/ini.json" --quiet
py "[comparison]: batch and max from the config" "$TMP/ini.json" \
    "d['sequential']['batch'] == 2 and d['sequential']['max_replications'] == 12"
expect "--batch 0" 2 compare --until-decided --batch 0
error_line "--batch 0" "option --batch: '0' is not a whole number of replications in 1..4096"
expect "--batch without --until-decided" 2 compare --batch 3
error_line "--batch without --until-decided" "option --batch: 'batch' is for the sequential design"
expect "batch above the most" 2 compare --until-decided --batch 4 --max-replications 3
error_line "batch above the most" "a batch of 4 replications is more than the most (3)"
expect "too many looks" 2 compare --until-decided --batch 1 --max-replications 100
error_line "too many looks" "100 replications in batches of 1 make 100 looks, more than 64"
expect "unknown spending" 2 compare --until-decided --spending linear
error_line "unknown spending" "option --spending: 'linear' is not obrien-fleming or pocock"
printf '[comparison]\nuntil_decided = maybe\n' >"$TMP/bad.ini"
expect "until_decided = maybe" 2 compare --config "$TMP/bad.ini"
error_line "until_decided = maybe" "bad.ini:2: key 'until_decided': 'maybe' is not True or False"
expect "more replications than listed seeds" 2 compare --until-decided --seed 1,2,3 --max-replications 6
error_line "more replications than listed seeds" "6 replications, but only 3 seeds are listed"

# the gate and the nightly job judge a sequential config like any other
printf '[config.seq]\nconfig = %s\ntier = canary\ninject = drop=0.05\n' "$TMP/seq.ini" >"$TMP/suite.ini"
expect "gate: a sequential config" 5 gate "$TMP/suite.ini" "${PERF[@]}" --quiet
"$RG" nightly "$TMP/suite.ini" --history "$TMP/h.sqlite" --out-dir "$TMP/nout" "${PERF[@]}" --quiet \
    >"$TMP/out" 2>"$TMP/err"
rc=$?
[ $rc -eq 5 ] && ok "nightly: a sequential config, exit 5" || fail "nightly: a sequential config, exit 5" "exit $rc $(head -c 300 "$TMP/err")"
contains "nightly: recorded" "$TMP/out" "night 1 recorded in .*h.sqlite (4 rows"
py "nightly: the saved report is sequential" "$(ls "$TMP"/nout/*seq*.json | head -1)" \
    "d['sequential']['batch'] == 2 and all(l['replications'] < 12 for l in d['loads'])"

# ======== 7. import paths: the sequential design reads only the runs it needs ========
mkdir -p "$TMP/imp_l" "$TMP/imp_d"
"$RG" sim --json --seed 1,2,3,4,5,6,7,8,9,10,11,12 --erlang 300,600 --requests 2000 >"$TMP/imp_l/l.jsonl"
"$RG" sim --json --seed 1,2,3,4,5,6,7,8,9,10,11,12 --erlang 300,600 --requests 2000 \
    --path orchestrator --inject drop=0.05 >"$TMP/imp_d/d.jsonl"
IM=(--until-decided --batch 2 --max-replications 12 --requests 2000 --erlang 300,600 "${PERF[@]}")
expect "import, sequential" 5 compare "${IM[@]}" --legacy "import:$TMP/imp_l" \
    --orchestrator "import:$TMP/imp_d" --json "$TMP/imp.json" --quiet
expect "builtin, sequential, the same matrix" 5 compare "${IM[@]}" --inject drop=0.05 \
    --json "$TMP/imp_b.json" --quiet
python3 - "$TMP/imp.json" "$TMP/imp_b.json" >"$TMP/cmp" 2>&1 <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
strip = lambda d: [(l['erlang'], l['replications'], l['verdict'], l['sequential']) for l in d['loads']]
sys.exit(0 if strip(a) == strip(b) and all(l['replications'] < 12 for l in a['loads']) else print(strip(a), strip(b)) or 1)
PY
[ $? -eq 0 ] && ok "import: the same looks and verdicts as builtin, before the last seed" ||
    fail "import: the same looks and verdicts as builtin" "$(head -c 600 "$TMP/cmp")"
expect "import: a maximum beyond the imported seeds" 2 compare "${IM[@]}" --max-replications 14 \
    --legacy "import:$TMP/imp_l" --orchestrator "import:$TMP/imp_d"
error_line "import: a maximum beyond the imported seeds" "seed 13"

# ======== 8. exec paths: interrupted, then resumed from the run directory ========
# the embedded simulator wrapped as an external one that takes a while per
# run and counts its runs
SLOW="$TMP/slow_sim.sh"
cat >"$SLOW" <<EOF
#!/usr/bin/env bash
echo run >>"$TMP/count"
sleep 0.25
exec "$RG" sim "\$@"
EOF
chmod +x "$SLOW"
X=(--until-decided --batch 2 --max-replications 12 --requests 2000 --erlang 300,600 "${PERF[@]}"
   --threads 1 --legacy "exec:$SLOW --config {config} --seed {seed} --json"
   --orchestrator "exec:$SLOW --config {config} --seed {seed} --json --path orchestrator --inject drop=0.05")
expect "exec, uninterrupted, fresh run dir" 5 compare "${X[@]}" --run-dir "$TMP/rd_fresh" \
    --json "$TMP/x_fresh.json" --quiet
total=$(lines "$TMP/count")
py "exec: stopped before the most replications" "$TMP/x_fresh.json" \
    "all(l['replications'] < 12 and len(l['sequential']['looks']) >= 2 for l in d['loads'])"
runs=$(python3 -c "import json; d=json.load(open('$TMP/x_fresh.json')); print(2 * len(d['runs']))")
[ "$total" -eq "$runs" ] && ok "exec: $total runs, as the report lists" || fail "exec: runs" "$total run, report lists $runs"
rm -f "$TMP/count"
"$RG" compare "${X[@]}" --run-dir "$TMP/rd" --json "$TMP/x1.json" --quiet >"$TMP/out" 2>"$TMP/err" &
BGPID=$!
for _ in $(seq 1 400); do
    [ "$(lines "$TMP/count")" -ge 9 ] && break
    sleep 0.05
done
kill -INT "$BGPID"
wait "$BGPID"
rc=$?
BGPID=""
[ "$rc" -eq 7 ] && ok "exec, interrupted: exit 7" || fail "exec, interrupted: exit 7" "exit $rc $(head -c 300 "$TMP/err")"
done_before=$(ls "$TMP"/rd/*/done.json 2>/dev/null | wc -l)
before=$(lines "$TMP/count")
[ "$done_before" -ge 1 ] && [ "$done_before" -lt "$runs" ] &&
    ok "exec, interrupted: $done_before of $runs runs finished" ||
    fail "exec, interrupted part way" "$done_before finished of $runs"
expect "exec, rerun on the same run dir" 5 compare "${X[@]}" --run-dir "$TMP/rd" --json "$TMP/x2.json" --quiet
new=$(($(lines "$TMP/count") - before))
[ "$new" -eq $((runs - done_before)) ] && ok "exec, resumed: ran only the $new runs not finished" ||
    fail "exec, resumed: ran only the runs not finished" "$new run now; $done_before had finished of $runs"
same_outside_timing "exec, resumed: the report of the uninterrupted run" "$TMP/x2.json" "$TMP/x_fresh.json"
before=$(lines "$TMP/count")
expect "exec, a finished sequential run again" 5 compare "${X[@]}" --run-dir "$TMP/rd" --quiet
[ "$(($(lines "$TMP/count") - before))" -eq 0 ] && ok "exec, finished: nothing run again" ||
    fail "exec, finished: nothing run again" "$(($(lines "$TMP/count") - before)) runs"

# extended: a larger maximum on the same run directory reuses every run it
# already has and runs only the new ones
before=$(lines "$TMP/count")
expect "exec, extended to 16 replications" 5 compare "${X[@]}" --max-replications 16 --run-dir "$TMP/rd" \
    --json "$TMP/x16.json" --quiet
new=$(($(lines "$TMP/count") - before))
python3 - "$TMP/x16.json" "$TMP/x2.json" "$new" >"$TMP/cmp" 2>&1 <<'PY'
import json, sys
big, old = (json.load(open(p)) for p in sys.argv[1:3])
key = lambda p: (p['erlang'], p['replication'])
had = {key(p) for p in old['runs']}
fresh = [p for p in big['runs'] if key(p) not in had]
t = big['timing']
ok = (t['external_runs_executed'] == int(sys.argv[3]) == 2 * len(fresh)
      and t['external_runs_reused'] == 2 * (len(big['runs']) - len(fresh)))
sys.exit(0 if ok else print(t['external_runs_executed'], t['external_runs_reused'], sys.argv[3], len(fresh), len(big['runs'])) or 1)
PY
[ $? -eq 0 ] && ok "exec, extended: kept runs reused, only new seeds run" ||
    fail "exec, extended: kept runs reused, only new seeds run" "$(head -c 300 "$TMP/cmp")"

echo "# sequential: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
