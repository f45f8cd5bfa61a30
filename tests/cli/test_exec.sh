#!/usr/bin/env bash
# CLI tests of external simulators as comparison paths (exec:, [path.NAME],
# import:, the run directory, resume, interrupts): run the real rollgate
# binary against itself and against tests/cli/fake_sim.sh, and check exit
# codes, reasons, reports and that no process or file is left behind.
# Usage: test_exec.sh ROLLGATE SOURCE_DIR
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
# every temporary folder rollgate makes goes here, to be checked empty
export TMPDIR="$TMP/tmpdir"
mkdir -p "$TMPDIR" "$TMP/cwd"
# the fake, executable whatever the checkout's file modes
FAKE="$TMP/bin/fake_sim.sh"
mkdir -p "$TMP/bin"
cp "$SRC/tests/cli/fake_sim.sh" "$FAKE"
chmod +x "$FAKE"
# a wrapper that sends a command's stdout to the file given first ({out})
OUTW="$TMP/bin/to_out.sh"
printf '#!/usr/bin/env bash\nout=$1\nshift\nexec "$@" >"$out"\n' >"$OUTW"
chmod +x "$OUTW"
. "$SRC/tests/cli/assert.sh"
check() { # NAME COMMAND...: ok when the command succeeds
    local name=$1
    shift
    if "$@"; then ok "$name"; else fail "$name"; fi
}

# expect NAME CODE [ARGS...]: runs rollgate in $CWD, keeps stdout/stderr in $TMP/out,err.
# The performance verdict (MONITOR) depends on run times, which these tests
# do not control: compare runs get --perf-threshold 10 so it never fires.
CWD="$TMP/cwd"
PERF=(--perf-threshold 10)
expect() {
    local name=$1 code=$2
    shift 2
    [ "$1" = compare ] && set -- "$@" "${PERF[@]}"
    (cd "$CWD" && exec "$RG" "$@") >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" -eq "$code" ]; then ok "$name (exit $code)"; else
        fail "$name: exit $got, wanted $code" "$(head -c 600 "$TMP/err"; grep '^reason:' "$TMP/out" | head -c 600)"
    fi
}

contains() { # NAME FILE PATTERN
    if grep -q -- "$3" "$2"; then ok "$1"; else
        fail "$1" "no '$3' in $(basename "$2"): $(grep -m1 '^reason:' "$2" 2>/dev/null | head -c 600 || head -c 600 "$2")"
    fi
}
lacks() { # NAME FILE PATTERN
    if grep -q -- "$3" "$2"; then fail "$1" "'$3' found in $(basename "$2")"; else ok "$1"; fi
}

# json FILE PY_EXPR JQ_FILTER: prints a part of a JSON report, canonically
# (python3 if there, else jq; returns 3 when neither is)
if command -v python3 >/dev/null 2>&1; then JSON_TOOL=python3
elif command -v jq >/dev/null 2>&1; then JSON_TOOL=jq
else JSON_TOOL=""; fi
json() {
    case $JSON_TOOL in
    python3) python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
print(json.dumps(eval(sys.argv[2], {"d": d}), sort_keys=True, separators=(",", ":")))' "$1" "$2" ;;
    jq) jq -cS "$3" "$1" ;;
    *) return 3 ;;
    esac
}
# same_json NAME FILE1 FILE2 PY_EXPR JQ_FILTER: the two parts are equal
same_json() {
    if [ -z "$JSON_TOOL" ]; then skip "$1 (no python3 or jq)"; return; fi
    if [ ! -s "$2" ] || [ ! -s "$3" ]; then fail "$1" "missing report: $(ls "$2" "$3" 2>&1 | grep -i 'no such' | head -1)"; return; fi
    local a b
    a=$(json "$2" "$4" "$5" 2>&1) b=$(json "$3" "$4" "$5" 2>&1)
    if [ -n "$a" ] && [ "$a" != "null" ] && [ "$a" = "$b" ]; then ok "$1"; else
        fail "$1" "$(diff <(printf '%s\n' "$a" | tr ',' '\n') <(printf '%s\n' "$b" | tr ',' '\n') | head -8)"
    fi
}
# json_has NAME FILE PY_EXPR JQ_FILTER PATTERN: the part matches PATTERN
json_has() {
    if [ -z "$JSON_TOOL" ]; then skip "$1 (no python3 or jq)"; return; fi
    local v
    v=$(json "$2" "$3" "$4" 2>&1)
    if printf '%s' "$v" | grep -q -- "$5"; then ok "$1"; else fail "$1" "got: $(printf '%s' "$v" | head -c 600)"; fi
}

# all_gone NAME PIDFILE MIN: the file names at least MIN PIDs, and none of
# them is still running (a zombie waiting for init to reap it is dead)
all_gone() {
    local alive="" n=0 p st
    if [ -f "$2" ]; then
        for p in $(cat "$2"); do
            n=$((n + 1))
            if kill -0 "$p" 2>/dev/null; then
                st=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | cut -d' ' -f1)
                [ "$st" = Z ] || alive="$alive $p:$st:$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline" | head -c 80)"
            fi
        done
    fi
    if [ "$n" -lt "$3" ]; then fail "$1" "only $n PIDs recorded in $2, wanted >= $3"
    elif [ -n "$alive" ]; then fail "$1" "still running:$alive"
    else ok "$1 ($n processes gone)"; fi
    # whatever the outcome, do not leave survivors to the next test (only
    # processes that are provably ours: the fake or its `sleep 300`)
    for p in $(cat "$2" 2>/dev/null); do
        case $(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline") in
        *"$FAKE"* | "sleep 300 ") kill -9 "$p" 2>/dev/null ;;
        esac
    done
    return 0
}
tmpdir_empty() { # NAME
    if [ -z "$(ls -A "$TMPDIR")" ]; then ok "$1: TMPDIR left empty"; else
        fail "$1: TMPDIR left empty" "left: $(ls -A "$TMPDIR" | head -5 | tr '\n' ' ')"
        rm -rf "${TMPDIR:?}"/*
    fi
}
now() { date +%s.%N; }
less_than() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
# wait_lines FILE N SECONDS: until FILE has N lines (false on timeout)
wait_lines() {
    local end
    # printf, not print: awk prints large numbers with 6 digits (1.76462e+09),
    # which put the deadline in the past
    end=$(awk -v t="$(now)" -v s="$3" 'BEGIN { printf "%.3f\n", t + s }')
    while [ "$(lines "$1")" -lt "$2" ]; do
        less_than "$(now)" "$end" || return 1
        sleep 0.05
    done
}
# a fake-simulator command line for a [path.NAME] section
fake() { # MODE [EXTRA ARGS...]
    printf '%s %s --seed {seed} --requests {requests} --erlang {erlang} --path {path}' "$FAKE" "$*"
}

# ======== 1. exec wrapping rollgate sim gives what the builtin paths give ========
# the drill's size: 10 replications of 10 000 requests (a 5 % drop is a
# PLANNED_ROLLBACK there; 3 x 2000 is too few to prove it)
M=(--requests 10000 --replications 10 --erlang 300,600 --quiet)
LEG="exec:$RG sim --config {config} --seed {seed} --json"
ORC="exec:$RG sim --config {config} --seed {seed} --json --path orchestrator"
expect "builtin paths" 0 compare "${M[@]}" --json "$TMP/builtin.json"
expect "exec: rollgate sim, stdout" 0 compare "${M[@]}" --legacy "$LEG" --orchestrator "$ORC" \
    --json "$TMP/exec.json"
same_json "exec = builtin: verdict" "$TMP/exec.json" "$TMP/builtin.json" 'd["verdict"]' '.verdict'
same_json "exec = builtin: loads" "$TMP/exec.json" "$TMP/builtin.json" 'd["loads"]' '.loads'
same_json "exec = builtin: trace hashes" "$TMP/exec.json" "$TMP/builtin.json" \
    '[(r["legacy"]["trace_hash"], r["orchestrator"]["trace_hash"]) for r in d["runs"]]' \
    '[.runs[] | [.legacy.trace_hash, .orchestrator.trace_hash]]'
tmpdir_empty "exec: rollgate sim"

expect "builtin drop=0.05" 5 compare "${M[@]}" --inject drop=0.05 --json "$TMP/builtin_drop.json"
expect "exec: rollgate sim drop=0.05" 5 compare "${M[@]}" --legacy "$LEG" \
    --orchestrator "$ORC --inject drop=0.05" --json "$TMP/exec_drop.json"
same_json "exec drop = builtin drop: verdict" "$TMP/exec_drop.json" "$TMP/builtin_drop.json" 'd["verdict"]' '.verdict'
same_json "exec drop = builtin drop: loads" "$TMP/exec_drop.json" "$TMP/builtin_drop.json" 'd["loads"]' '.loads'

# the same as [path.NAME] sections chosen in [comparison], one through {out}
cp "$SRC/fixtures/configs/default.ini" "$TMP/paths.ini"
cat >>"$TMP/paths.ini" <<EOF

[comparison]
legacy = leg_out
orchestrator = orc

[path.leg_out]
command = $OUTW {out} $RG sim --config {config} --seed {seed} --json
timeout = 120

[path.orc]
command = $RG sim --config {config} --seed {seed} --json --path orchestrator

[path.orc_drop]
command = "$RG" sim --config '{config}' --seed {seed} --json --path orchestrator --inject drop=0.05
EOF
expect "[path.NAME] sections, {out}" 0 compare --config "$TMP/paths.ini" "${M[@]}" --json "$TMP/sect.json"
same_json "sections = builtin: loads" "$TMP/sect.json" "$TMP/builtin.json" 'd["loads"]' '.loads'
json_has "sections: paths named in the report" "$TMP/sect.json" \
    '[d["inputs"]["legacy"], d["inputs"]["orchestrator"]]' '[.inputs.legacy, .inputs.orchestrator]' 'leg_out.*orc'
expect "sections drop=0.05" 5 compare --config "$TMP/paths.ini" "${M[@]}" --orchestrator orc_drop \
    --json "$TMP/sect_drop.json"
same_json "sections drop = builtin drop: loads" "$TMP/sect_drop.json" "$TMP/builtin_drop.json" 'd["loads"]' '.loads'
expect "builtin with the sections' config" 5 compare --config "$TMP/paths.ini" "${M[@]}" \
    --legacy builtin:legacy --orchestrator builtin:orchestrator --inject drop=0.05 --json "$TMP/b2.json"
same_json "config with sections, builtin paths: same loads" "$TMP/b2.json" "$TMP/builtin_drop.json" 'd["loads"]' '.loads'
tmpdir_empty "sections"

# ======== 2. fake simulators that misbehave ========
# each misbehaviour on seed 2 only, in the orchestrator role: EMERGENCY, and
# the reason names the load, the seed, what happened and the log
F=(--legacy ok --orchestrator bad --requests 500 --replications 3 --erlang 300)
fault_ini() { # MODE TIMEOUT: writes $TMP/f.ini
    cat >"$TMP/f.ini" <<EOF
[path.ok]
command = $(fake ok) --out {out}
[path.bad]
command = $(fake "$1" --only 2) --out {out}
env = FAKE_PIDS=$TMP/pids
timeout = $2
kill_grace = 1
EOF
}
fault() { # MODE TIMEOUT REASON_PATTERN [MIN_PIDS]
    local mode=$1
    rm -f "$TMP/pids"
    fault_ini "$mode" "$2"
    local t0 t1
    t0=$(now)
    expect "fake $mode, orchestrator" 6 compare --config "$TMP/f.ini" "${F[@]}" --json "$TMP/f.json"
    t1=$(now)
    contains "fake $mode: reason" "$TMP/out" \
        "^reason: erlang 300: orchestrator failed at erlang 300, seed 2: $3[^;]*; log /[^ ]*/stderr.log"
    contains "fake $mode: per-load line" "$TMP/out" "^erlang 300: EMERGENCY_ROLLBACK: .*seed 2: $3"
    json_has "fake $mode: JSON load reason" "$TMP/f.json" 'd["loads"][0]["reason"]' '.loads[0].reason' "seed 2: $3"
    json_has "fake $mode: JSON run error" "$TMP/f.json" \
        '[r["orchestrator"].get("error") for r in d["runs"]]' '[.runs[].orchestrator.error]' "^\[null,\"$3[^;]*; log "
    all_gone "fake $mode: no process survives" "$TMP/pids" "${4:-1}"
    tmpdir_empty "fake $mode"
    less_than "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" 20 &&
        ok "fake $mode: ended in < 20 s" || fail "fake $mode: ended in < 20 s"
}
fault exit1 30 'exit status 1'
contains "exit1: log tail in the reason" "$TMP/out" "stderr.log: fake_sim: seed 2: failing on purpose"
fault kill9 30 'killed by signal 9'
fault segv 30 'killed by signal 11'
fault hang 1 'timed out after 1 s' 2
fault hang_noterm 1 'timed out after 1 s.*SIGTERM ignored' 2
contains "hang_noterm: killed after the grace period" "$TMP/out" "killed after the grace period"
fault garbage 30 'unusable output file: /[^ ]*out.json'
fault truncated 30 'unusable output file: /[^ ]*out.json'
fault noout 30 'no output file'
fault wrongcount 30 'reported 499 requests, asked 500'
fault failed 30 'fake invariant broken'
fault bigstderr_fail 30 'exit status 1'
contains "5 MB of stderr: the last line is in the reason" "$TMP/out" "stderr.log: .*fake_sim: BIGSTDERR-FAIL-LAST-LINE"

# megabytes of stderr with a valid result: the run succeeds, no log shown
rm -f "$TMP/pids"
fault_ini bigstderr 60
rm -rf "$TMP/cwd2" && mkdir "$TMP/cwd2"
CWD="$TMP/cwd2"
expect "fake bigstderr: 5 MB of stderr, valid result" 0 compare --config "$TMP/f.ini" "${F[@]}" \
    --run-dir "$TMP/cwd2/rd" --json "$TMP/big.json"
CWD="$TMP/cwd"
lacks "bigstderr: the log is not shown on success" "$TMP/out" "BIGSTDERR"
lacks "bigstderr: the log is not in the JSON report" "$TMP/big.json" "BIGSTDERR"
big=$(cat "$TMP"/cwd2/rd/e300-s2-*/stderr.log 2>/dev/null | wc -c)
[ "$big" -ge 5000000 ] && ok "bigstderr: the whole stderr is kept in stderr.log ($big bytes)" ||
    fail "bigstderr: the whole stderr is kept in stderr.log" "$big bytes"
all_gone "fake bigstderr: no process survives" "$TMP/pids" 3
tmpdir_empty "fake bigstderr, --run-dir"
[ "$(ls -A "$TMP/cwd2")" = "rd" ] && ok "--run-dir: nothing else created in the working folder" ||
    fail "--run-dir: nothing else created in the working folder" "$(ls -A "$TMP/cwd2" | tr '\n' ' ')"
n=$(ls -d "$TMP"/cwd2/rd/e300-s[123]-*/ 2>/dev/null | wc -l)
[ "$n" -eq 6 ] && ok "run dir: one folder per run, e<erlang>-s<seed>-<hash> (6)" ||
    fail "run dir: one folder per run, e<erlang>-s<seed>-<hash>" "$(ls "$TMP/cwd2/rd" | head -8 | tr '\n' ' ')"
missing=""
for d in "$TMP"/cwd2/rd/*/; do
    for f in config.ini identity stdout.log stderr.log out.json done.json; do
        [ -f "$d$f" ] || missing="$missing $(basename "$d")/$f"
    done
done
[ -z "$missing" ] && [ "$n" -gt 0 ] && ok "run dir: every run has config.ini identity stdout.log stderr.log out.json done.json" ||
    fail "run dir: every run has its files" "missing:$missing"
cfg=$(ls "$TMP"/cwd2/rd/e300-s1-*/config.ini 2>/dev/null | head -1)
if [ -n "$cfg" ]; then
    good=1
    for pat in '^erlang_start = 300$' '^erlang_stop = 300$' '^max_iters = 1$' '^num_requests = 500$'; do
        grep -q -- "$pat" "$cfg" || { good=0; fail "run config.ini has '$pat'" "$(head -c 400 "$cfg")"; }
    done
    grep -q '^\[path\.\|^\[comparison\]' "$cfg" && { good=0; fail "run config.ini leaves out rollgate's own sections"; }
    [ $good -eq 1 ] && ok "run config.ini: one load, one iteration, N requests, no [path.*]"
else
    fail "run config.ini exists"
fi

# a failure in the legacy role: the harness failed, never a verdict
fault_ini exit1 30
expect "fake exit1, legacy role" 7 compare --config "$TMP/f.ini" --legacy bad --orchestrator ok \
    --requests 500 --replications 3 --erlang 300 --quiet --json "$TMP/f.json"
contains "legacy failure: HARNESS_ERROR" "$TMP/out" "^VERDICT: HARNESS_ERROR (exit 7)"
contains "legacy failure: reason names seed and cause" "$TMP/out" \
    "^reason: erlang 300: .*legacy.* failed at erlang 300, seed 2: exit status 1; log /[^ ]*/stderr.log: fake_sim: seed 2"
json_has "legacy failure: JSON run error" "$TMP/f.json" \
    '[r["legacy"].get("error") for r in d["runs"]]' '[.runs[].legacy.error]' '^\[null,"exit status 1; log '
tmpdir_empty "fake exit1, legacy role"

# the exec: form on the command line (no config section) fails the same way
expect "exec: on the command line, exit 1" 6 compare --requests 500 --replications 3 --erlang 300 --quiet \
    --legacy "exec:$FAKE ok --seed {seed} --requests {requests} --erlang {erlang}" \
    --orchestrator "exec:$FAKE exit1 --only 3 --seed {seed} --requests {requests} --erlang {erlang}"
contains "exec: CLI form: reason" "$TMP/out" "^reason: erlang 300: orchestrator failed at erlang 300, seed 3: exit status 1"

# a command that cannot be started says nothing about the path: the gate is
# misconfigured, a harness error even in the orchestrator role
expect "command not found, orchestrator" 7 compare --requests 500 --replications 2 --erlang 300 --quiet \
    --orchestrator "exec:/nonexistent/sim {seed}"
contains "command not found: reason" "$TMP/out" "^reason: .*seed 1: .*cannot execute '/nonexistent/sim'"
expect "command not in PATH" 7 compare --requests 500 --replications 2 --erlang 300 --quiet \
    --orchestrator "exec:no-such-simulator-h4 {seed}"
contains "command not in PATH: reason" "$TMP/out" "^reason: .*seed 1: .*no-such-simulator-h4.*not found in PATH"

# ======== workdir, relative names ========
mkdir -p "$TMP/wd"
cat >"$TMP/w.ini" <<EOF
[path.w]
command = $(fake ok --pwd "$TMP/pwd_w" --wd {workdir}) --out {out}
workdir = $TMP/wd
[path.d]
command = $(fake ok --pwd "$TMP/pwd_d" --wd {workdir}) --out {out}
EOF
expect "workdir = DIR: the command runs there, {workdir} is the run's folder" 0 compare "${PERF[@]}" \
    --config "$TMP/w.ini" --legacy w --orchestrator d --requests 500 --replications 2 --erlang 300 \
    --quiet --run-dir "$TMP/wrd"
[ "$(sort -u "$TMP/pwd_w" 2>/dev/null)" = "$TMP/wd" ] && ok "workdir = DIR is the current directory" ||
    fail "workdir = DIR is the current directory" "$(cat "$TMP/pwd_w" 2>/dev/null)"
[ "$(sort -u "$TMP/pwd_d" 2>/dev/null)" = "$TMP/cwd" ] && ok "default: the command runs where rollgate runs" ||
    fail "default: the command runs where rollgate runs" "$(cat "$TMP/pwd_d" 2>/dev/null)"
n=$(ls "$TMP"/wrd/e300-s*-*/wd_seen 2>/dev/null | wc -l)
[ "$n" -eq 4 ] && ok "{workdir} is each run's own folder ($n)" || fail "{workdir} is each run's own folder" "$n"

# a relative argv[0] with a slash is resolved against rollgate's directory,
# and a relative --run-dir works (the command runs elsewhere)
rm -rf "$TMP/rel" && mkdir -p "$TMP/rel/sims"
cp "$FAKE" "$TMP/rel/sims/fake.sh"
cat >"$TMP/rel/rel.ini" <<EOF
[path.r]
command = sims/fake.sh ok --seed {seed} --requests {requests} --erlang {erlang} --path {path} --out {out}
[path.a]
command = $(fake ok) --out {out}
EOF
CWD="$TMP/rel"
expect "relative argv[0] with a slash: against rollgate's directory" 0 compare "${PERF[@]}" --config rel.ini \
    --legacy r --orchestrator a --requests 500 --replications 2 --erlang 300 --quiet
expect "relative --run-dir: {out} and {config} still reachable" 0 compare "${PERF[@]}" --config rel.ini \
    --legacy a --orchestrator a --requests 500 --replications 2 --erlang 300 --quiet --run-dir rd
[ -d "$TMP/rel/rd" ] && ok "relative --run-dir: made in the working folder" ||
    fail "relative --run-dir: made in the working folder"
expect "relative --run-dir, rollgate sim through {config}" 0 compare "${PERF[@]}" --requests 500 --replications 2 \
    --erlang 300 --quiet --run-dir rd2 --legacy "exec:$RG sim --config {config} --seed {seed} --json"
CWD="$TMP/cwd"
# run_dir in [comparison]
printf '[comparison]\nrun_dir = %s\nlegacy = a\norchestrator = a\n[path.a]\ncommand = %s --out {out}\n' \
    "$TMP/crd" "$(fake ok)" >"$TMP/crd.ini"
expect "[comparison] run_dir" 0 compare "${PERF[@]}" --config "$TMP/crd.ini" --requests 500 --replications 2 --erlang 300 --quiet
n=$(ls -d "$TMP"/crd/e300-s*/ 2>/dev/null | wc -l)
[ "$n" -ge 2 ] && ok "[comparison] run_dir keeps the runs there ($n)" || fail "[comparison] run_dir keeps the runs there"

# a long command line in a section (a real simulator's paths are long)
long=$(printf 'x%.0s' $(seq 150))
# INI lines stop at 200 characters (the INI library): a long command goes on
# on indented lines
printf '[path.long]\ncommand = %s\n  --extra %s\n  --extra %s\n  --out {out}\n' "$(fake ok)" "$long" "$long" \
    >"$TMP/long.ini"
expect "[path.long]: a 400-character command" 0 compare "${PERF[@]}" --config "$TMP/long.ini" --legacy long --orchestrator long \
    --requests 500 --replications 2 --erlang 300 --quiet
# one section for both roles: each role is its own run (the key has the role)
printf '[path.both]\ncommand = %s --out {out}\n' "$(fake ok --count "$TMP/both_count")" >"$TMP/both.ini"
expect "one section, both roles" 0 compare "${PERF[@]}" --config "$TMP/both.ini" --legacy both --orchestrator both \
    --requests 500 --replications 2 --erlang 300 --quiet
n=$(lines "$TMP/both_count")
[ "$n" -eq 4 ] && ok "one section, both roles: 2 seeds x 2 roles = 4 runs" ||
    fail "one section, both roles: 2 seeds x 2 roles = 4 runs" "$n runs: $(tr '\n' ';' <"$TMP/both_count")"
printf '[path.both]\ncommand = %s --out {out}\n' "$(fake exit1 --only-path orchestrator)" >"$TMP/both.ini"
expect "one section, both roles, orchestrator fails" 6 compare --config "$TMP/both.ini" --legacy both \
    --orchestrator both --requests 500 --replications 1 --erlang 300 --quiet

# ======== interrupts: SIGTERM while a run hangs ========
rm -f "$TMP/pids"
cat >"$TMP/t.ini" <<EOF
[path.ok]
command = $(fake ok) --out {out}
[path.hang]
command = $(fake hang) --out {out}
env = FAKE_PIDS=$TMP/pids
EOF
(cd "$TMP/cwd" && exec "$RG" compare --config "$TMP/t.ini" --legacy ok --orchestrator hang --threads 1 "${PERF[@]}" \
    --requests 500 --replications 2 --erlang 300 --run-dir "$TMP/trd" --json "$TMP/t.json") \
    >"$TMP/out" 2>"$TMP/err" &
BGPID=$!
if wait_lines "$TMP/pids" 2 30; then
    t0=$(now)
    kill -TERM "$BGPID"
    wait "$BGPID"
    rc=$?
    t1=$(now)
    BGPID=""
    [ "$rc" -eq 7 ] && ok "SIGTERM: exit 7" || fail "SIGTERM: exit 7" "exit $rc: $(head -c 300 "$TMP/err")"
    less_than "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" 20 &&
        ok "SIGTERM: ended in < 20 s" || fail "SIGTERM: ended in < 20 s"
    contains "SIGTERM: says interrupted" "$TMP/out" "^reason: interrupted"
    # an interrupted run is no failure of the path: the load is incomplete, not an emergency
    lacks "SIGTERM: no emergency on the interrupted load" "$TMP/out" "EMERGENCY"
    json_has "SIGTERM: JSON complete false" "$TMP/t.json" 'd["complete"]' '.complete' '^false$'
    all_gone "SIGTERM: the hung command and its grandchild are gone" "$TMP/pids" 2
    n=$(ls "$TMP"/trd/*/done.json 2>/dev/null | wc -l)
    [ "$n" -eq 1 ] && ok "SIGTERM: the finished legacy run is kept, the hung one is not done" ||
        fail "SIGTERM: the finished legacy run is kept, the hung one is not done" "$n done.json"
else
    fail "SIGTERM: the hanging fake started" "$(head -c 300 "$TMP/err")"
    kill "$BGPID" 2>/dev/null
    wait "$BGPID"
    BGPID=""
fi
tmpdir_empty "SIGTERM"

# ======== interrupts: a second signal exits at once ========
# The command ignores SIGTERM and has a 60 s grace before SIGKILL: after the
# first Ctrl-C rollgate waits out that grace; a second one must not wait,
# and must not leave the command (or its grandchild) running.
rm -f "$TMP/pids2"
cat >"$TMP/t2.ini" <<EOF
[path.ok]
command = $(fake ok) --out {out}
[path.stuck]
command = $(fake hang_noterm) --out {out}
env = FAKE_PIDS=$TMP/pids2
kill_grace = 60
EOF
(cd "$TMP/cwd" && exec "$RG" compare --config "$TMP/t2.ini" --legacy ok --orchestrator stuck --threads 1 \
    "${PERF[@]}" --requests 500 --replications 1 --erlang 300 --run-dir "$TMP/rd2" --json "$TMP/t2.json") \
    >"$TMP/out" 2>"$TMP/err" &
BGPID=$!
if wait_lines "$TMP/pids2" 2 30; then
    kill -INT "$BGPID"
    sleep 0.5
    if kill -0 "$BGPID" 2>/dev/null; then ok "first SIGINT: rollgate waits for the command's grace"
    else fail "first SIGINT: rollgate waits for the command's grace" "it had exited"; fi
    t0=$(now)
    kill -INT "$BGPID"
    wait "$BGPID"
    rc=$?
    t1=$(now)
    BGPID=""
    if [ "$rc" -eq 130 ]; then ok "second SIGINT: exit 130 at once"
    else fail "second SIGINT: exit 130 at once" "exit $rc"; fi
    if less_than "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" 5; then
        ok "second SIGINT: ended in < 5 s, not after the 60 s grace"
    else fail "second SIGINT: ended in < 5 s, not after the 60 s grace"; fi
    sleep 0.3 # SIGKILL is delivered asynchronously
    all_gone "second SIGINT: the command and its grandchild are killed" "$TMP/pids2" 2
    if [ -e "$TMP/t2.json" ]; then fail "second SIGINT: no report pretends to be one"
    else ok "second SIGINT: no report pretends to be one"; fi
else
    fail "second SIGINT: the stuck fake started" "$(head -c 300 "$TMP/err")"
    kill -KILL "$BGPID" 2>/dev/null
    wait "$BGPID"
    BGPID=""
fi

# ======== 3. resume: SIGINT, rerun, reuse ========
resume_ini() { # FILE EXTRA_ARG EXTRA_ENV EXTRA_CONFIG
    cat >"$1" <<EOF
$4
[path.slow_l]
command = $(fake ok --sleep 0.3 $2) --out {out}
env = FAKE_COUNT=$TMP/count FAKE_PIDS=$TMP/rpids $3
[path.slow_o]
command = $(fake ok --sleep 0.3 --extra o $2) --out {out}
env = FAKE_COUNT=$TMP/count FAKE_PIDS=$TMP/rpids $3
EOF
}
resume_ini "$TMP/r.ini" "" "" ""
R=(--config "$TMP/r.ini" --legacy slow_l --orchestrator slow_o --requests 500 --replications 4
   --erlang 300,600)
RD="$TMP/rd"
rm -f "$TMP/count" "$TMP/rpids"
(cd "$TMP/cwd" && exec "$RG" compare "${R[@]}" "${PERF[@]}" --threads 1 --run-dir "$RD" --json "$TMP/r1.json") \
    >"$TMP/out" 2>"$TMP/err" &
BGPID=$!
if wait_lines "$TMP/count" 4 60; then
    kill -INT "$BGPID"
    wait "$BGPID"
    rc=$?
    BGPID=""
    [ "$rc" -eq 7 ] && ok "SIGINT: exit 7" || fail "SIGINT: exit 7" "exit $rc: $(head -c 300 "$TMP/err")"
    contains "SIGINT: says interrupted" "$TMP/out" "interrupted"
    json_has "SIGINT: JSON complete false" "$TMP/r1.json" 'd["complete"]' '.complete' '^false$'
    all_gone "SIGINT: no process survives" "$TMP/rpids" 4
else
    fail "SIGINT: the slow fake started 4 runs" "$(lines "$TMP/count") runs; $(head -c 300 "$TMP/err")"
    kill "$BGPID" 2>/dev/null
    wait "$BGPID"
    BGPID=""
fi
finished=$(ls "$RD"/*/done.json 2>/dev/null | wc -l)
before=$(lines "$TMP/count")
echo "#   interrupted after $before invocations, $finished runs finished"
expect "rerun after SIGINT" 0 compare "${R[@]}" --threads 1 --run-dir "$RD" --json "$TMP/r2.json"
new=$(($(lines "$TMP/count") - before))
[ "$new" -eq $((16 - finished)) ] && [ "$new" -lt 16 ] && [ "$finished" -ge 1 ] &&
    ok "rerun: runs only the $new unfinished of 16 ($finished reused)" ||
    fail "rerun: runs only the unfinished of 16" "$new run now, $finished had finished"
contains "rerun: says what it reused" "$TMP/out" "external runs: $new run now, $finished reused" 
tmpdir_empty "resume"
before=$(lines "$TMP/count")
expect "uninterrupted run, fresh run dir, 2 threads" 0 compare "${R[@]}" --threads 2 --run-dir "$TMP/rd_fresh" \
    --json "$TMP/r_fresh.json"
n=$(($(lines "$TMP/count") - before))
[ "$n" -eq 16 ] && ok "fresh run dir: 2 loads x 4 seeds x 2 paths = 16 runs" || fail "fresh run dir: 16 runs" "$n"
same_outside_timing "resumed report = uninterrupted report (outside timing)" "$TMP/r2.json" "$TMP/r_fresh.json"
before=$(lines "$TMP/count")
expect "rerun once more" 0 compare "${R[@]}" --threads 1 --run-dir "$RD" --json "$TMP/r3.json"
n=$(($(lines "$TMP/count") - before))
[ "$n" -eq 0 ] && ok "finished run dir: no run again" || fail "finished run dir: no run again" "$n runs"
same_outside_timing "reused report = uninterrupted report (outside timing)" "$TMP/r3.json" "$TMP/r_fresh.json"
resume_ini "$TMP/r.ini" "--extra changed" "" ""
before=$(lines "$TMP/count")
expect "changed template" 0 compare "${R[@]}" --threads 2 --run-dir "$RD"
n=$(($(lines "$TMP/count") - before))
[ "$n" -eq 16 ] && ok "changed template: all 16 rerun" || fail "changed template: all 16 rerun" "$n runs"
resume_ini "$TMP/r.ini" "--extra changed" "FAKE_OTHER=1" ""
before=$(lines "$TMP/count")
expect "changed env" 0 compare "${R[@]}" --threads 2 --run-dir "$RD"
n=$(($(lines "$TMP/count") - before))
[ "$n" -eq 16 ] && ok "changed env: all 16 rerun" || fail "changed env: all 16 rerun" "$n runs"
resume_ini "$TMP/r.ini" "--extra changed" "FAKE_OTHER=1" $'[spectrum_settings]\nc_band = 320\n'
before=$(lines "$TMP/count")
expect "changed simulator config" 0 compare "${R[@]}" --threads 2 --run-dir "$RD"
n=$(($(lines "$TMP/count") - before))
[ "$n" -eq 16 ] && ok "changed config: all 16 rerun" || fail "changed config: all 16 rerun" "$n runs"
before=$(lines "$TMP/count")
expect "changed request count" 0 compare "${R[@]}" --threads 2 --run-dir "$RD" --requests 300
n=$(($(lines "$TMP/count") - before))
[ "$n" -eq 16 ] && ok "changed request count: all 16 rerun" || fail "changed request count: all 16 rerun" "$n runs"
# a kept run whose result was damaged is run again, not trusted
resume_ini "$TMP/r.ini" "" "" ""
one=$(ls -d "$TMP"/rd_fresh/e300-s1-*/ | head -1)
printf 'garbage' >"$one/out.json"
before=$(lines "$TMP/count")
expect "damaged kept result" 0 compare "${R[@]}" --threads 2 --run-dir "$TMP/rd_fresh" --json "$TMP/r4.json"
n=$(($(lines "$TMP/count") - before))
[ "$n" -eq 1 ] && ok "damaged kept result: that run alone reruns" || fail "damaged kept result: that run alone reruns" "$n runs"
same_outside_timing "after the damaged run: same report" "$TMP/r4.json" "$TMP/r_fresh.json"
tmpdir_empty "reruns"

# ======== 4. import: a folder of run files ========
mkdir -p "$TMP/imp_l" "$TMP/imp_o" "$TMP/imp_d"
I=(--seed 1,2,3 --erlang 300 --requests 2000)
"$RG" sim --json "${I[@]}" >"$TMP/imp_l/legacy.jsonl"
"$RG" sim --json "${I[@]}" --path orchestrator >"$TMP/imp_o/orchestrator.jsonl"
"$RG" sim --json "${I[@]}" --path orchestrator --inject drop=0.05 >"$TMP/imp_d/drop.jsonl"
# one run per .json file also counts
for s in 1 2 3; do sed -n "${s}p" "$TMP/imp_o/orchestrator.jsonl" >"$TMP/imp_o/run$s.json.tmp"; done
rm "$TMP/imp_o/orchestrator.jsonl"
for s in 1 2 3; do mv "$TMP/imp_o/run$s.json.tmp" "$TMP/imp_o/run$s.json"; done
expect "builtin, 3 seeds" 0 compare "${I[@]}" --quiet --json "$TMP/ib.json"
expect "import: legacy jsonl, orchestrator json files" 0 compare "${I[@]}" --quiet \
    --legacy "import:$TMP/imp_l" --orchestrator "import:$TMP/imp_o" --json "$TMP/ii.json"
same_json "import = builtin: loads" "$TMP/ii.json" "$TMP/ib.json" 'd["loads"]' '.loads'
expect "builtin drop, 3 seeds" 5 compare "${I[@]}" --quiet --inject drop=0.05 --json "$TMP/ibd.json"
expect "import drop" 5 compare "${I[@]}" --quiet --legacy "import:$TMP/imp_l" \
    --orchestrator "import:$TMP/imp_d" --json "$TMP/iid.json"
same_json "import drop = builtin drop: loads" "$TMP/iid.json" "$TMP/ibd.json" 'd["loads"]' '.loads'
expect "import: a seed the folder lacks" 2 compare --seed 1,2,4 --erlang 300 --requests 2000 --quiet \
    --legacy "import:$TMP/imp_l" --orchestrator "import:$TMP/imp_o"
error_line "import: missing seed" "erlang 300, seed 4"
expect "import: a load the folder lacks" 2 compare --seed 1,2,3 --erlang 300,400 --requests 2000 --quiet \
    --legacy "import:$TMP/imp_l" --orchestrator "import:$TMP/imp_o"
error_line "import: missing load" "erlang 400, seed 1"
expect "import: no such folder" 2 compare "${I[@]}" --quiet --legacy "import:$TMP/nowhere"
error_line "import: no such folder" "nowhere"
tmpdir_empty "import"

# ======== hostile outputs and stale runs ========
# a FIFO at {out} must not block the read; a folder at {out} is cleared for the rerun
FIFO="exec:/bin/sh -c 'mkfifo \"\$1\"' fifo {out}"
expect "a FIFO as the output" 6 compare --requests 500 --replications 2 --erlang 300 --quiet \
    --orchestrator "$FIFO"
contains "a FIFO as the output: reason" "$TMP/out" "is not a regular file"
DIRO="exec:/bin/mkdir {out}"
expect "a folder as the output" 6 compare --requests 500 --replications 2 --erlang 300 --quiet \
    --orchestrator "$DIRO" --run-dir "$TMP/dird"
expect "a folder as the output, rerun: same verdict" 6 compare --requests 500 --replications 2 \
    --erlang 300 --quiet --orchestrator "$DIRO" --run-dir "$TMP/dird"
contains "a folder as the output: reason" "$TMP/out" "output file .* is not a regular file"
# the same relative command in two folders is two commands: B's fake reports
# a wrong request count, which A's kept runs must not hide
for d in A B; do
    mkdir -p "$TMP/rel2/$d"
done
cp "$FAKE" "$TMP/rel2/A/sim.sh"
printf '#!/usr/bin/env bash\nshift\nexec "%s" wrongcount "$@"\n' "$FAKE" >"$TMP/rel2/B/sim.sh"
chmod +x "$TMP/rel2/B/sim.sh"
REL2="exec:./sim.sh ok --seed {seed} --requests {requests} --erlang {erlang} --path {path} --out {out}"
CWD="$TMP/rel2/A"
LEGOK="exec:$(fake ok) --out {out}"
expect "relative command in A" 0 compare "${PERF[@]}" --requests 500 --replications 2 --erlang 300 --quiet \
    --legacy "$LEGOK" --orchestrator "$REL2" --run-dir "$TMP/rel2/rd"
CWD="$TMP/rel2/B"
expect "relative command in B: its own runs, not A's" 6 compare --requests 500 --replications 2 \
    --erlang 300 --quiet --legacy "$LEGOK" --orchestrator "$REL2" --run-dir "$TMP/rel2/rd"
contains "relative command in B: its reason" "$TMP/out" "reported 499 requests, asked 500"
CWD="$TMP/cwd"
# a kept run that fails when it is run again is not finished any more
printf '#!/usr/bin/env bash\n[ -e "%s" ] && exit 1\nexec "%s" ok "$@"\n' "$TMP/flaky_fail" "$FAKE" \
    >"$TMP/flaky.sh"
chmod +x "$TMP/flaky.sh"
FL="exec:$TMP/flaky.sh --seed {seed} --requests {requests} --erlang {erlang} --path {path} --out {out}"
rm -f "$TMP/flaky_fail"
expect "flaky: first run" 0 compare "${PERF[@]}" --requests 500 --replications 2 --erlang 300 --quiet \
    --orchestrator "$FL" --legacy "$FL" --run-dir "$TMP/flrd"
victim=$(ls -d "$TMP"/flrd/*orchestrator* | head -1)
[ -n "$victim" ] && printf 'garbage' >"$victim/out.json"
touch "$TMP/flaky_fail"
expect "flaky: the spoiled run is rerun and fails" 6 compare --requests 500 --replications 2 \
    --erlang 300 --quiet --orchestrator "$FL" --legacy "$FL" --run-dir "$TMP/flrd"
expect "flaky: still failing, never reused as finished" 6 compare --requests 500 --replications 2 \
    --erlang 300 --quiet --orchestrator "$FL" --legacy "$FL" --run-dir "$TMP/flrd"
rm -f "$TMP/flaky_fail"
# a resumed comparison reaches the verdict an uninterrupted one would, the
# performance check included (kept runs count with their kept times)
printf '#!/usr/bin/env bash\ni=0; while [ $i -lt 100000 ]; do i=$((i+1)); done\nexec "%s" ok "$@"\n' \
    "$FAKE" >"$TMP/burn.sh"
chmod +x "$TMP/burn.sh"
BURN="exec:$TMP/burn.sh --seed {seed} --requests {requests} --erlang {erlang} --path {path} --out {out}"
for i in 1 2; do
    (cd "$TMP/cwd" && exec "$RG" compare --requests 500 --replications 4 --erlang 300 --quiet \
        --legacy "$LEGOK" --orchestrator "$BURN" --run-dir "$TMP/monrd" --json "$TMP/mon$i.json") \
        >"$TMP/out" 2>"$TMP/err"
    echo $? >"$TMP/mon$i.rc"
done
[ "$(cat "$TMP/mon1.rc")" = 3 ] && [ "$(cat "$TMP/mon2.rc")" = 3 ] &&
    ok "a slow orchestrator is MONITOR, also when resumed" ||
    fail "a slow orchestrator is MONITOR, also when resumed" "exits $(cat "$TMP/mon1.rc") $(cat "$TMP/mon2.rc")"
same_json "MONITOR resumed: the report outside timing" "$TMP/mon1.json" "$TMP/mon2.json" \
    '{k: v for k, v in d.items() if k != "timing"}' 'del(.timing)'

# a simulation key rollgate cannot read is the external simulator's business
printf '[topology_settings]\ncores_per_link = 7x\n' >"$TMP/odd.ini"
expect "external paths: unreadable simulation keys are not rollgate's" 0 compare "${PERF[@]}" --config "$TMP/odd.ini" \
    --requests 500 --replications 2 --erlang 300 --quiet --legacy "$LEGOK" --orchestrator "$LEGOK"
expect "builtin paths: unreadable simulation keys are an error" 2 compare --config "$TMP/odd.ini" \
    --requests 500 --replications 2 --erlang 300 --quiet
error_line "builtin paths: unreadable key named" "odd.ini:2: key 'cores_per_link'"
# an unreadable request distribution leaves BBP without bandwidth bounds: never a PASS on it
printf '[general_settings]\nrequest_distribution = {"25":\n' >"$TMP/odd2.ini"
expect "external paths: unreadable distribution" 4 compare --config "$TMP/odd2.ini" \
    --requests 500 --replications 2 --erlang 300 --quiet --legacy "$LEGOK" --orchestrator "$LEGOK"
contains "unreadable distribution: BBP bounds nothing" "$TMP/out" "without the requested bandwidths"

# both paths importing one folder compare a set of runs with itself
mkdir -p "$TMP/same_imp"
(cd "$TMP/cwd" && "$RG" sim --json --seed 1,2 --erlang 300 --requests 500 >"$TMP/same_imp/runs.jsonl")
expect "both paths import the same folder" 2 compare --legacy "import:$TMP/same_imp" \
    --orchestrator "import:$TMP/same_imp" --seed 1,2 --erlang 300 --requests 500
error_line "both paths import the same folder" "both paths import the same folder"

# ======== 5. bad input: exit 2, one line, nothing run ========
expect "unknown path name" 2 compare --orchestrator no_such_path --requests 500
error_line "unknown path name" "unknown path 'no_such_path'"
expect "unterminated quote, command line" 2 compare --requests 500 --orchestrator "exec:sim --seed '{seed}"
error_line "unterminated quote, command line names the template" "sim --seed '{seed}.*unterminated '"
printf '[path.q]\ncommand = %s ok --seed {seed} "--requests {requests}\n' "$FAKE" >"$TMP/q.ini"
expect "unterminated quote, [path.q]" 2 compare --config "$TMP/q.ini" --orchestrator q --requests 500
error_line "unterminated quote, [path.q]" "q.ini:2: \[path.q\]: key 'command': unterminated \""
printf '[path.x]\ntimeout = 5\n' >"$TMP/x.ini"
expect "[path.x] without command" 2 compare --config "$TMP/x.ini" --orchestrator x --requests 500
error_line "[path.x] without command" "\[path.x\]: key 'command' missing"
printf '[path.y]\ncommand = %s ok {nope}\n' "$FAKE" >"$TMP/y.ini"
expect "unknown placeholder" 2 compare --config "$TMP/y.ini" --orchestrator y --requests 500
error_line "unknown placeholder" "unknown placeholder '{nope}'"
printf '[path.z]\ncommand = %s ok\nbogus = 1\n' "$FAKE" >"$TMP/z.ini"
expect "unknown [path] key" 2 compare --config "$TMP/z.ini" --orchestrator z --requests 500
error_line "unknown [path] key" "z.ini:3: key 'bogus'"
printf '[path.z]\ncommand = %s ok\ntimeout = soon\n' "$FAKE" >"$TMP/z.ini"
expect "bad timeout" 2 compare --config "$TMP/z.ini" --orchestrator z --requests 500
error_line "bad timeout" "z.ini:3: key 'timeout'"
printf '[path.z]\ncommand = %s ok --count %s\nenv = 1BAD=2\n' "$FAKE" "$TMP/z_count" >"$TMP/z.ini"
expect "bad env entry" 2 compare --config "$TMP/z.ini" --orchestrator z --requests 500 --replications 2 --erlang 300
error_line "bad env entry" "1BAD=2"
[ "$(lines "$TMP/z_count")" -eq 0 ] && ok "bad env entry: nothing run" || fail "bad env entry: nothing run"
expect "inject with no builtin orchestrator" 2 compare --orchestrator "import:$TMP/imp_o" "${I[@]}" --inject drop=0.05
error_line "inject with no builtin orchestrator" "inject"
tmpdir_empty "bad input"
[ -z "$(ls -A "$TMP/cwd")" ] && ok "nothing written in the working folder" ||
    fail "nothing written in the working folder" "$(ls -A "$TMP/cwd" | head -5 | tr '\n' ' ')"

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
