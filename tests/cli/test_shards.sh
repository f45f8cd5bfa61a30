#!/usr/bin/env bash
# CLI tests of shards (compare --shard I/N --run-dir DIR) and their merge
# (rollgate merge DIR|FILE...): a merged comparison reports exactly what one
# machine reports outside timing -- builtin paths, a rollback drill with its
# diagnosis, exec paths with kept run directories, every report format --
# and the merge's timing names the shards; every inconsistent set of shard
# files and every bad --shard is refused with one line, exit 2; an
# interrupted shard writes no shard file and resumes from its run directory.
# Usage: test_shards.sh ROLLGATE SOURCE_DIR
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
        fail "$1" "$v $(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); t=d.get('timing', {}); print(json.dumps({k: t.get(k) for k in ('ranks', 'hosts_total', 'threads', 'external_runs_executed', 'external_runs_reused', 'shards')}))" "$2" 2>&1 | head -c 600)"
    fi
}
# code NAME GOT WANTED
code() { if [ "$2" -eq "$3" ]; then ok "$1 (exit $3)"; else fail "$1: exit $2, wanted $3" "$(head -c 300 "$TMP/err")"; fi; }
# run times vary: the performance check (MONITOR) is kept out of these verdicts
PERF=(--perf-threshold 10)
shard_file() { echo "$1/rollgate-shard-$2-of-$3.json"; } # DIR I N

# ======== 1. builtin paths, the default config: 3 shards = one machine ========
"$RG" compare "${PERF[@]}" --json "$TMP/one.json" --quiet >"$TMP/out" 2>"$TMP/err"
one_rc=$?
code "one machine, default config" "$one_rc" 0
for i in 0 1 2; do
    expect "default config, shard $i/3" 0 compare "${PERF[@]}" --shard "$i/3" --run-dir "$TMP/d$i"
    contains "shard $i/3: says where its file is" "$TMP/out" "^shard $i/3: .* -> $TMP/d$i/rollgate-shard-$i-of-3.json"
    [ -f "$(shard_file "$TMP/d$i" "$i" 3)" ] && ok "shard $i/3: its file written" ||
        fail "shard $i/3: its file written" "$(ls "$TMP/d$i" 2>&1)"
done
py "the three shards: 40 pairs of the matrix, each in one of them" "$(shard_file "$TMP/d0" 0 3)" \
    "sorted(p['pair'] for f in [d] + [json.load(open('$TMP/d%d/rollgate-shard-%d-of-3.json' % (i, i))) for i in (1, 2)] for p in f['pairs']) == list(range(40))"
"$RG" merge "$TMP/d0" "$TMP/d1" "$TMP/d2" --json "$TMP/m.json" --quiet >"$TMP/out" 2>"$TMP/err"
code "merge d0 d1 d2: the exit code of one machine" $? "$one_rc"
same_outside_timing "merge d0 d1 d2 = one machine outside timing" "$TMP/m.json" "$TMP/one.json"
py "merge timing: 3 shards, index 0, 1, 2 of 3" "$TMP/m.json" \
    "[(s['index'], s['count']) for s in d['timing']['shards']] == [(0, 3), (1, 3), (2, 3)]"
py "merge timing: ranks 1, one host" "$TMP/m.json" \
    "d['timing']['ranks'] == 1 and d['timing']['hosts_total'] == 1 and len(d['timing']['hosts']) == 1"
py "merge timing: threads and external runs add up over the shards" "$TMP/m.json" \
    "d['timing']['threads'] == sum(s['threads'] for s in d['timing']['shards']) and d['timing']['external_runs_executed'] == 0"
py "merge timing: the wall time of the longest shard" "$TMP/m.json" \
    "d['timing']['wall_seconds'] == max(s['wall_seconds'] for s in d['timing']['shards'])"
py "one machine: timing lists no shards" "$TMP/one.json" \
    "d['timing']['shards'] == [] and d['timing']['ranks'] == 1"
mkdir -p "$TMP/parent"
cp -r "$TMP/d0" "$TMP/d1" "$TMP/d2" "$TMP/parent/"
expect "merge of one folder holding d0 d1 d2" "$one_rc" merge "$TMP/parent" --json "$TMP/m_parent.json" --quiet
same_outside_timing "merge of the parent folder = one machine outside timing" "$TMP/m_parent.json" "$TMP/one.json"
expect "merge of the three files named" "$one_rc" merge "$(shard_file "$TMP/d2" 2 3)" \
    "$(shard_file "$TMP/d0" 0 3)" "$(shard_file "$TMP/d1" 1 3)" --json "$TMP/m_files.json" --quiet
same_outside_timing "merge of the files = one machine outside timing" "$TMP/m_files.json" "$TMP/one.json"
expect "merge d2 d0 d1" "$one_rc" merge "$TMP/d2" "$TMP/d0" "$TMP/d1" --json "$TMP/m_order.json" --quiet
same_outside_timing "shards in another order: the same JSON outside timing" "$TMP/m_order.json" "$TMP/m.json"
# a merge reads nothing but the shard files: the same files in any order
# or way of naming them give the same JSON, its timing included
cmp -s "$TMP/m_order.json" "$TMP/m.json" && cmp -s "$TMP/m_files.json" "$TMP/m.json" &&
    ok "the same shard files: the same JSON, timing included" ||
    fail "the same shard files: the same JSON, timing included" "$(diff "$TMP/m_order.json" "$TMP/m.json" | head -6)"
"$RG" compare "${PERF[@]}" --quiet >"$TMP/one_quiet" 2>&1
"$RG" merge "$TMP/d0" "$TMP/d1" "$TMP/d2" --quiet >"$TMP/m_quiet" 2>&1
cmp -s "$TMP/one_quiet" "$TMP/m_quiet" && ok "--quiet: merge prints what one machine prints" ||
    fail "--quiet: merge prints what one machine prints" "$(diff "$TMP/one_quiet" "$TMP/m_quiet" | head -6)"
expect "--advisory merge of a PASS" 0 merge "$TMP/d0" "$TMP/d1" "$TMP/d2" --advisory --quiet

# ======== 2. a rollback drill in 2 shards, every report format ========
DRILL=("${PERF[@]}" --inject drop=0.05 --requests 4000 --replications 4)
"$RG" compare "${DRILL[@]}" --json "$TMP/drill.json" --markdown "$TMP/drill.md" --junit "$TMP/drill.xml" \
    --html "$TMP/drill.html" --notification "$TMP/drill.txt" --quiet >"$TMP/out" 2>"$TMP/err"
drill_rc=$?
code "drill, one machine: PLANNED" "$drill_rc" 5
for i in 0 1; do
    expect "drill, shard $i/2" 0 compare "${DRILL[@]}" --shard "$i/2" --run-dir "$TMP/r$i" --quiet
done
"$RG" merge "$TMP/r0" "$TMP/r1" --json "$TMP/dm.json" --markdown "$TMP/dm.md" --junit "$TMP/dm.xml" \
    --html "$TMP/dm.html" --notification "$TMP/dm.txt" --quiet >"$TMP/out" 2>"$TMP/err"
code "drill, merge: PLANNED as on one machine" $? "$drill_rc"
same_outside_timing "drill: merge = one machine outside timing" "$TMP/dm.json" "$TMP/drill.json"
py "drill: the merged report has the diagnosis (the first differing request)" "$TMP/dm.json" \
    "d['diagnosis'] is not None and d['diagnosis']['request'] >= 1 and d['verdict'] == 'PLANNED_ROLLBACK'"
py "drill: 2 shards in the merge's timing" "$TMP/dm.json" \
    "[s['index'] for s in d['timing']['shards']] == [0, 1] and d['timing']['ranks'] == 1"
# Every format states the run's timing (Markdown, JUnit and HTML the wall
# time, threads and run-time ratios, the notification when the runs
# started and finished), which no two executions share, so comparing the
# files with lines cut out would test the cutting.  Instead: (a) each report
# compare writes is exactly its JSON rendered by `rollgate report`, (b) so
# is each report the merge writes, and (c) one machine's report, with the
# merge's timing put in place of its own, renders to exactly the merge's
# file -- everything but timing in the merge's reports is one machine's.
{ cut_timing "$TMP/drill.json"; sed -n '/"timing":/,$p' "$TMP/dm.json"; } >"$TMP/drill_mt.json"
for f in markdown:md junit:xml html:html notification:txt; do
    fmt=${f%%:*} ext=${f#*:}
    "$RG" report "$TMP/drill.json" --format "$fmt" --out "$TMP/re_one.$ext" >/dev/null 2>"$TMP/err"
    cmp -s "$TMP/re_one.$ext" "$TMP/drill.$ext" && ok "$fmt: one machine's file is its JSON rendered" ||
        fail "$fmt: one machine's file is its JSON rendered" "$(diff "$TMP/re_one.$ext" "$TMP/drill.$ext" | head -6)"
    "$RG" report "$TMP/dm.json" --format "$fmt" --out "$TMP/re_m.$ext" >/dev/null 2>"$TMP/err"
    cmp -s "$TMP/re_m.$ext" "$TMP/dm.$ext" && ok "$fmt: the merge's file is its JSON rendered" ||
        fail "$fmt: the merge's file is its JSON rendered" "$(diff "$TMP/re_m.$ext" "$TMP/dm.$ext" | head -6)"
    "$RG" report "$TMP/drill_mt.json" --format "$fmt" --out "$TMP/re_mt.$ext" >/dev/null 2>"$TMP/err"
    cmp -s "$TMP/re_mt.$ext" "$TMP/dm.$ext" && ok "$fmt: one machine's report with the shards' timing = the merge's" ||
        fail "$fmt: one machine's report with the shards' timing = the merge's" "$(diff "$TMP/re_mt.$ext" "$TMP/dm.$ext" | head -6)"
done
contains "Markdown: the drill's verdict" "$TMP/dm.md" "PLANNED_ROLLBACK"
expect "--advisory merge of a rollback: exit 0" 0 merge "$TMP/r0" "$TMP/r1" --advisory --quiet
contains "--advisory: still says the verdict" "$TMP/out" "VERDICT: PLANNED_ROLLBACK"

# ======== 3. exec paths (fake_sim.sh) in 3 shards, run dirs kept ========
export FAKE_COUNT="$TMP/xcount"
FAKE="exec:bash $SRC/tests/cli/fake_sim.sh ok --seed {seed} --requests {requests} --erlang {erlang} --out {out}"
X=("${PERF[@]}" --requests 400 --replications 3 --erlang "300,600" --legacy "$FAKE" --orchestrator "$FAKE")
"$RG" compare "${X[@]}" --run-dir "$TMP/x_one" --json "$TMP/x_one.json" --quiet >"$TMP/out" 2>"$TMP/err"
x_rc=$?
code "exec, one machine" "$x_rc" 0
[ "$(lines "$TMP/xcount")" -eq 12 ] && ok "exec, one machine: 2 loads x 3 seeds x 2 paths = 12 runs" ||
    fail "exec, one machine: 12 runs" "$(lines "$TMP/xcount")"
rm -f "$TMP/xcount"
for i in 0 1 2; do
    expect "exec, shard $i/3" 0 compare "${X[@]}" --shard "$i/3" --run-dir "$TMP/xs$i" --quiet
done
[ "$(lines "$TMP/xcount")" -eq 12 ] && ok "exec, 3 shards: 12 runs in all, none twice" ||
    fail "exec, 3 shards: 12 runs in all" "$(lines "$TMP/xcount")"
for i in 0 1 2; do
    n_pairs=$(python3 -c "import json; print(len(json.load(open('$(shard_file "$TMP/xs$i" "$i" 3)'))['pairs']))")
    n_done=$(ls "$TMP/xs$i"/*/done.json 2>/dev/null | wc -l)
    [ "$n_done" -eq $((2 * n_pairs)) ] && ok "exec, shard $i/3: its run dir keeps its $n_done runs" ||
        fail "exec, shard $i/3: its run dir keeps its runs" "$n_done done.json for $n_pairs pairs"
done
before=$(lines "$TMP/xcount")
"$RG" merge "$TMP/xs0" "$TMP/xs1" "$TMP/xs2" --json "$TMP/x_m.json" --quiet >"$TMP/out" 2>"$TMP/err"
code "exec, merge: the exit code of one machine" $? "$x_rc"
[ "$(lines "$TMP/xcount")" -eq "$before" ] && ok "exec, merge: runs nothing" ||
    fail "exec, merge: runs nothing" "$(($(lines "$TMP/xcount") - before)) runs"
same_outside_timing "exec: merge = one machine outside timing" "$TMP/x_m.json" "$TMP/x_one.json"
py "exec, merge timing: 12 external runs run in 3 shards, none reused" "$TMP/x_m.json" \
    "d['timing']['external_runs_executed'] == 12 and d['timing']['external_runs_reused'] == 0 and sum(s['external_runs_executed'] for s in d['timing']['shards']) == 12 and len(d['timing']['shards']) == 3"
# a shard run again on its run dir reuses every run
expect "exec, shard 1/3 again" 0 compare "${X[@]}" --shard 1/3 --run-dir "$TMP/xs1" --quiet
[ "$(lines "$TMP/xcount")" -eq "$before" ] && ok "exec, shard again: nothing run" ||
    fail "exec, shard again: nothing run" "$(($(lines "$TMP/xcount") - before)) runs"
py "exec, shard again: its file says every run reused" "$(shard_file "$TMP/xs1" 1 3)" \
    "d['timing']['external_runs_executed'] == 0 and d['timing']['external_runs_reused'] == 2 * len(d['pairs'])"
expect "exec, merge after the rerun" "$x_rc" merge "$TMP/xs0" "$TMP/xs1" "$TMP/xs2" --json "$TMP/x_m2.json" --quiet
same_outside_timing "exec, merge after the rerun = one machine outside timing" "$TMP/x_m2.json" "$TMP/x_one.json"
unset FAKE_COUNT

# ======== 4. refusals: one line, exit 2, nothing on stdout ========
S=("${PERF[@]}" --requests 500 --replications 3 --erlang "300,600")
for i in 0 1 2; do
    "$RG" compare "${S[@]}" --shard "$i/3" --run-dir "$TMP/s$i" --quiet >/dev/null 2>&1
done
expect "missing shard" 2 merge "$TMP/s0" "$TMP/s2"
error_line "missing shard" "^rollgate: shard 1/3 is missing (no rollgate-shard-1-of-3.json among the folders given): 2 of 3 shards found$"
cp -r "$TMP/s1" "$TMP/s1b"
expect "duplicated shard" 2 merge "$TMP/s0" "$TMP/s1" "$TMP/s1b" "$TMP/s2"
error_line "duplicated shard" "^rollgate: shard 1/3 given twice: $TMP/s1/rollgate-shard-1-of-3.json and $TMP/s1b/rollgate-shard-1-of-3.json$"
expect "a parent holding a shard dir and its copy" 2 merge "$TMP/parent" "$TMP/d1"
error_line "a parent holding a shard dir and its copy" "^rollgate: shard 1/3 given twice: "
"$RG" compare "${S[@]}" --replications 4 --shard 2/3 --run-dir "$TMP/o_reps" --quiet >/dev/null 2>&1
expect "a shard of other --replications" 2 merge "$TMP/s0" "$TMP/s1" "$TMP/o_reps"
error_line "a shard of other --replications" "^rollgate: $TMP/o_reps/rollgate-shard-2-of-3.json: shard 2/3 ran another configuration than $TMP/s0/rollgate-shard-0-of-3.json (shard 0/3): 'seeds: 1 2 3' against 'seeds: 1 2 3 4'$"
"$RG" compare "${S[@]}" --erlang 300,700 --shard 1/3 --run-dir "$TMP/o_erl" --quiet >/dev/null 2>&1
expect "a shard of other --erlang" 2 merge "$TMP/s0" "$TMP/o_erl" "$TMP/s2"
error_line "a shard of other --erlang" "ran another configuration than .*'loads: 300 600' against 'loads: 300 700'$"
"$RG" compare "${S[@]}" --inject drop=0.05 --shard 1/3 --run-dir "$TMP/o_inj" --quiet >/dev/null 2>&1
expect "a shard of another injection" 2 merge "$TMP/s0" "$TMP/o_inj" "$TMP/s2"
error_line "a shard of another injection" "ran another configuration than .*'inject: "
"$RG" compare "${S[@]}" --shard 1/4 --run-dir "$TMP/o_split" --quiet >/dev/null 2>&1
expect "a different split" 2 merge "$TMP/s0" "$TMP/o_split"
error_line "a different split" "^rollgate: $TMP/o_split/rollgate-shard-1-of-4.json: shard 1/4, but $TMP/s0/rollgate-shard-0-of-3.json is shard 0/3: shards of different splits cannot be merged$"

# edit FROM TO EXPR: a copy of shard FROM's folder in TO with the file
# changed by the Python statement EXPR over d (the JSON); fnv(t) is the
# fingerprint of a configuration text, as compare/shard.c computes it
edit() {
    local from=$1 to=$2 name
    name=$(basename "$(ls "$from"/rollgate-shard-*.json)")
    mkdir -p "$to"
    python3 - "$from/$name" "$to/$name" "$3" <<'PY'
import json, sys
def fnv(t):
    h = 0xcbf29ce484222325
    for b in t.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return '%016x' % h
d = json.load(open(sys.argv[1]))
assert fnv(d['configuration']) == d['fingerprint']
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], 'w'), indent=1)
PY
}
edit "$TMP/s1" "$TMP/e_conf" "d['configuration'] = d['configuration'].replace('requests: 500', 'requests: 501')"
expect "a shard file edited by hand: its configuration" 2 merge "$TMP/s0" "$TMP/e_conf" "$TMP/s2"
error_line "a shard file edited by hand: its configuration" "^rollgate: $TMP/e_conf/rollgate-shard-1-of-3.json: key 'fingerprint': is not the configuration's (the file was edited)$"
edit "$TMP/s1" "$TMP/e_both" "d['configuration'] = d['configuration'].replace('requests: 500', 'requests: 501'); d['fingerprint'] = fnv(d['configuration'])"
expect "a shard file edited by hand: configuration and fingerprint" 2 merge "$TMP/s0" "$TMP/e_both" "$TMP/s2"
error_line "a shard file edited by hand: configuration and fingerprint" "ran another configuration than .*'requests: 500' against 'requests: 501'$"
edit "$TMP/s1" "$TMP/e_pair" "d['pairs'] = d['pairs'][1:]"
expect "a shard file edited by hand: a pair taken out" 2 merge "$TMP/s0" "$TMP/e_pair" "$TMP/s2"
error_line "a shard file edited by hand: a pair taken out" "^rollgate: $TMP/e_pair/rollgate-shard-1-of-3.json: holds 1 pairs that are not slice 1/3 of the matrix (2 pairs): a shard file from another split$"
edit "$TMP/s1" "$TMP/e_seed" "d['pairs'][0]['seed'] = [d['pairs'][0]['seed'][0] + 100] * 2"
expect "a shard file edited by hand: a seed" 2 merge "$TMP/s0" "$TMP/e_seed" "$TMP/s2"
error_line "a shard file edited by hand: a seed" "key 'pairs\[0\].seed': .*, but the matrix's seed of that pair is "
edit "$TMP/s1" "$TMP/e_order" "d['pairs'] = d['pairs'][::-1]"
expect "a shard file edited by hand: pairs out of order" 2 merge "$TMP/s0" "$TMP/e_order" "$TMP/s2"
error_line "a shard file edited by hand: pairs out of order" "key 'pairs\[1\].pair': .* the pairs must be in matrix order, each once$"
edit "$TMP/s1" "$TMP/e_run" "d['pairs'][0]['runs'][1]['blocked'] = 'many'"
expect "a shard file edited by hand: a run's figure" 2 merge "$TMP/s0" "$TMP/e_run" "$TMP/s2"
error_line "a shard file edited by hand: a run's figure" "key 'pairs\[0\]\.runs\[1\]\.blocked'"
edit "$TMP/s1" "$TMP/e_fmt" "d['rollgate_shard'] = 2"
expect "a shard file of another format" 2 merge "$TMP/s0" "$TMP/e_fmt" "$TMP/s2"
error_line "a shard file of another format" "key 'rollgate_shard': format other is not this rollgate's (1)$"
mkdir -p "$TMP/trunc"
head -c 2000 "$(shard_file "$TMP/s1" 1 3)" >"$(shard_file "$TMP/trunc" 1 3)"
expect "a truncated shard file" 2 merge "$TMP/s0" "$TMP/trunc" "$TMP/s2"
error_line "a truncated shard file" "^rollgate: $TMP/trunc/rollgate-shard-1-of-3.json:[0-9]*: not valid JSON$"
mkdir -p "$TMP/notshard"
echo '{"rollgate": 1}' >"$(shard_file "$TMP/notshard" 1 3)"
expect "a JSON file that is no shard file" 2 merge "$TMP/s0" "$TMP/notshard" "$TMP/s2"
error_line "a JSON file that is no shard file" "not a shard file (no key 'rollgate_shard')"

# the merge builds the comparison again from the config the shards named:
# a config edited after the shards ran is refused
cp "$SRC/fixtures/configs/default.ini" "$TMP/c.ini"
C=("${PERF[@]}" --config "$TMP/c.ini" --replications 2)
for i in 0 1; do
    "$RG" compare "${C[@]}" --shard "$i/2" --run-dir "$TMP/c$i" --quiet >/dev/null 2>&1
done
expect "config unchanged: merged" 0 merge "$TMP/c0" "$TMP/c1" --quiet
sed -i 's/^num_requests = .*/num_requests = 2000/' "$TMP/c.ini"
expect "config changed between the shards and the merge" 2 merge "$TMP/c0" "$TMP/c1" --quiet
error_line "config changed between the shards and the merge" "^rollgate: $TMP/c0/rollgate-shard-0-of-2.json: the configuration is not the one the shards ran (it changed since, or the merge runs elsewhere): 'requests: 10000' against 'requests: 2000'$"
rm -f "$TMP/c.ini"
expect "config gone before the merge" 2 merge "$TMP/c0" "$TMP/c1" --quiet
error_line "config gone before the merge" "c.ini"

# --shard as getopt_long also takes it (a prefix, =VALUE) stays out of the
# arguments the merge parses again
"$RG" compare "${PERF[@]}" --replications 2 --shar 0/2 --run-dir "$TMP/ab0" --quiet >/dev/null 2>&1
"$RG" compare "${PERF[@]}" --replications 2 --shard=1/2 --run-dir "$TMP/ab1" --quiet >/dev/null 2>&1
py "--shar 0/2: kept out of the shard file's arguments" "$(shard_file "$TMP/ab0" 0 2)" \
    "not any(a.startswith('--sh') or a == '0/2' for a in d['arguments'])"
py "--shard=1/2: kept out of the shard file's arguments" "$(shard_file "$TMP/ab1" 1 2)" \
    "not any(a.startswith('--sh') for a in d['arguments'])"
expect "abbreviated --shard: merged" 0 merge "$TMP/ab0" "$TMP/ab1" --quiet
# a merge elsewhere: a relative config the shards named does not resolve,
# and the message says where they ran
mkdir -p "$TMP/rel/else"
cp "$SRC/fixtures/configs/default.ini" "$TMP/rel/r.ini"
for i in 0 1; do
    (cd "$TMP/rel" && "$RG" compare "${PERF[@]}" --config r.ini --replications 2 --shard "$i/2" \
        --run-dir "s$i" --quiet >/dev/null 2>&1)
done
(cd "$TMP/rel/else" && "$RG" merge ../s0 ../s1 --quiet >"$TMP/out" 2>"$TMP/err")
[ $? -eq 2 ] && ok "merge elsewhere (exit 2)" || fail "merge elsewhere: exit code"
error_line "merge elsewhere" "r.ini: cannot open.*(the shards ran in $TMP/rel; run the merge there)$"

mkdir -p "$TMP/empty/sub"
expect "a folder with no shard files" 2 merge "$TMP/s0" "$TMP/empty"
error_line "a folder with no shard files" "^rollgate: $TMP/empty: no shard file (rollgate-shard-I-of-N.json) in it or in the folders in it$"
expect "a path that does not exist" 2 merge "$TMP/s0" "$TMP/nosuch"
error_line "a path that does not exist" "^rollgate: $TMP/nosuch: no such file or folder$"
expect "merge with no folder" 2 merge
error_line "merge with no folder" "which shards?"
expect "merge, unknown option" 2 merge "$TMP/s0" --bogus
error_line "merge, unknown option" "bogus"

for bad in 3/3 x 1/0 -1/2 0/4097 1/2/3; do
    expect "--shard $bad" 2 compare "${S[@]}" --shard "$bad" --run-dir "$TMP/z"
    error_line "--shard $bad" "^rollgate: option --shard: '$bad' is not I/N with 0 <= I < N <= 4096 (slice I of N)$"
done
expect "--shard without --run-dir" 2 compare "${S[@]}" --shard 0/2
error_line "--shard without --run-dir" "^rollgate: option --shard: needs --run-dir DIR, where the shard's runs and its shard file go$"
expect "--shard with --json" 2 compare "${S[@]}" --shard 0/2 --run-dir "$TMP/z" --json "$TMP/z.json"
error_line "--shard with --json" "^rollgate: option --json: a shard writes no report; rollgate merge writes the reports from every shard's file$"
expect "--shard with --markdown" 2 compare "${S[@]}" --shard 0/2 --run-dir "$TMP/z" --markdown "$TMP/z.md"
error_line "--shard with --markdown" "^rollgate: option --markdown: a shard writes no report"
expect "--shard with --until-decided" 2 compare "${S[@]}" --shard 0/2 --run-dir "$TMP/z" --until-decided
error_line "--shard with --until-decided" "^rollgate: option --shard: a sequential design (--until-decided) decides between looks over every load: run it on one machine or under mpirun$"
[ ! -e "$TMP/z" ] && [ ! -e "$TMP/z.json" ] && ok "refused shards wrote nothing" ||
    fail "refused shards wrote nothing" "$(ls -R "$TMP/z" 2>&1 | head -5)"

# ======== 5. an interrupted shard writes no shard file, then resumes ========
# fake_sim.sh counting its runs; while $TMP/hold exists the third run and
# every later one sleeps (saying so in $TMP/held first).  With one thread
# the shard is interrupted during its third run whatever the machine's
# speed: two runs finished, one cut short, the rest never started.
HOLD="$TMP/hold_sim.sh"
cat >"$HOLD" <<EOF
#!/usr/bin/env bash
echo run >>"$TMP/hcount"
if [ -f "$TMP/hold" ] && [ "\$(wc -l <"$TMP/hcount")" -ge 3 ]; then
    echo held >>"$TMP/held"
    exec bash "$SRC/tests/cli/fake_sim.sh" "\$@" --sleep 300
fi
exec bash "$SRC/tests/cli/fake_sim.sh" "\$@"
EOF
HF="exec:bash $HOLD ok --seed {seed} --requests {requests} --erlang {erlang} --out {out}"
H=("${PERF[@]}" --threads 1 --requests 400 --replications 3 --erlang "300,600" --legacy "$HF" --orchestrator "$HF")
: >"$TMP/hold"
"$RG" compare "${H[@]}" --shard 0/2 --run-dir "$TMP/h0" >"$TMP/out" 2>"$TMP/err" &
BGPID=$!
# (the bound only keeps a broken build from hanging the test)
for _ in $(seq 1 1200); do
    [ -s "$TMP/held" ] && caught "$BGPID" INT && break
    sleep 0.05
done
if [ -s "$TMP/held" ]; then
    kill -INT "$BGPID"
    wait "$BGPID"
    rc=$?
    BGPID=""
    [ "$rc" -eq 7 ] && ok "interrupted shard: exit 7" || fail "interrupted shard: exit 7" "exit $rc $(head -c 300 "$TMP/err")"
    contains "interrupted shard: says no shard file was written" "$TMP/err" \
        "shard 0/2 interrupted: no shard file written; run it again (finished external runs are reused)"
    [ ! -e "$(shard_file "$TMP/h0" 0 2)" ] && ok "interrupted shard: no shard file" ||
        fail "interrupted shard: no shard file" "$(ls "$TMP/h0")"
    done_before=$(ls "$TMP"/h0/*/done.json 2>/dev/null | wc -l)
    [ "$done_before" -eq 2 ] && ok "interrupted shard: the 2 runs before the held one kept" ||
        fail "interrupted shard: the 2 runs before the held one kept" "$done_before done.json"
else
    fail "interrupted shard: the held run started" "$(head -c 300 "$TMP/err")"
    kill "$BGPID" 2>/dev/null
    wait "$BGPID"
    BGPID=""
fi
rm -f "$TMP/hold"
before=$(lines "$TMP/hcount")
expect "interrupted shard, run again" 0 compare "${H[@]}" --shard 0/2 --run-dir "$TMP/h0" --quiet
new=$(($(lines "$TMP/hcount") - before))
[ -f "$(shard_file "$TMP/h0" 0 2)" ] && ok "run again: the shard file written" ||
    fail "run again: the shard file written" "$(ls "$TMP/h0")"
py "run again: its file says 2 runs reused, the others run now" "$(shard_file "$TMP/h0" 0 2)" \
    "d['timing']['external_runs_reused'] == 2 and d['timing']['external_runs_executed'] == 2 * len(d['pairs']) - 2 == $new"
expect "the other shard" 0 compare "${H[@]}" --shard 1/2 --run-dir "$TMP/h1" --quiet
expect "one machine, the same comparison" 0 compare "${H[@]}" --run-dir "$TMP/h_one" --json "$TMP/h_one.json" --quiet
expect "merge of the resumed shard and the other" 0 merge "$TMP/h0" "$TMP/h1" --json "$TMP/h_m.json" --quiet
same_outside_timing "resumed shard merged = one machine outside timing" "$TMP/h_m.json" "$TMP/h_one.json"
py "merge timing: the resumed shard's reused runs counted" "$TMP/h_m.json" \
    "d['timing']['external_runs_reused'] == 2 and d['timing']['external_runs_executed'] == 10"

echo "# shards: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
