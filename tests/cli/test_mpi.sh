#!/usr/bin/env bash
# CLI tests of `mpirun -np N rollgate compare` (compare/mpi_job.c): the
# report of any number of ranks is the single process's outside its timing,
# for builtin and exec paths, fixed and sequential designs; a rank that
# cannot build the comparison is left out; a lost rank ends the job with
# HARNESS_ERROR, never a hang.  Skips when Open MPI or rollgate's MPI build
# is missing (scripts/dev.sh test installs Open MPI).
# Usage: test_mpi.sh ROLLGATE SOURCE_DIR
set -u
abs() { (cd "$(dirname "$1")" && printf '%s/%s\n' "$(pwd -P)" "$(basename "$1")"); }
RG=$(abs "$1")
SRC=$(cd "$2" && pwd -P)
TMP=$(cd "$(mktemp -d)" && pwd -P)
JOB=""
cleanup() {
    [ -n "$JOB" ] && kill "$JOB" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
export ROLLGATE_FIXTURES="$SRC/fixtures"
. "$SRC/tests/cli/assert.sh"
cd "$TMP" || exit 1

if ! command -v mpirun >/dev/null || ! "$RG" --version | grep -q '^MPI: yes'; then
    echo "1..0 # skip: needs Open MPI (mpirun) and rollgate built with it"
    exit 77
fi
if ! command -v python3 >/dev/null; then
    echo "1..0 # skip: the JSON checks need python3"
    exit 77
fi
# run as root in CI containers; more ranks than the machine's 2 cores
MPIRUN=(mpirun --allow-run-as-root --oversubscribe)
# Under the sanitizers, Open MPI leaves what its plug-ins (dlopened, gone
# by exit, so no suppression can name them) allocated: leak checking is off
# for this script's processes; every memory error and undefined behaviour
# still stops them, and the rest of the suite checks leaks in the same code.
if [ -n "${ROLLGATE_SANITIZED:-}" ]; then
    export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1}:detect_leaks=0"
    MPIRUN+=(-x ASAN_OPTIONS -x UBSAN_OPTIONS)
fi
py() { # NAME FILE EXPR: ok when the Python expression over d (the JSON) is true
    local v
    if v=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if ($3) else 1)" "$2" 2>&1); then
        ok "$1"
    else
        fail "$1" "$v"
    fi
}
# mpi NAME CODE NP [ARGS...]: mpirun -np NP rollgate compare ARGS, exit CODE
mpi() {
    local name=$1 code=$2 np=$3
    shift 3
    "${MPIRUN[@]}" -np "$np" "$RG" compare "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" -eq "$code" ]; then ok "$name (exit $code)"; else
        fail "$name: exit $got, wanted $code" "$(head -c 600 "$TMP/err")"
    fi
}
# run times never decide a verdict here
C=(--quiet --perf-threshold 10)

# ---- builtin paths: 1, 2, 3 ranks against one process ----
expect "one process" 0 compare "${C[@]}" --json one.json
for np in 1 2 3; do
    mpi "$np ranks" 0 "$np" "${C[@]}" --threads 1 --json "np$np.json"
    same_outside_timing "$np ranks: the single process's report" one.json "np$np.json"
done
py "timing records 3 ranks" np3.json "d['timing']['ranks'] == 3 and d['timing']['threads'] == 3"
py "timing records the host" np3.json "d['timing']['hosts'] == [d['timing']['host']] and d['timing']['hosts_total'] == 1"
py "one process: 1 rank" one.json "d['timing']['ranks'] == 1 and d['timing']['shards'] == []"
mpi "2 ranks of 2 threads" 0 2 "${C[@]}" --threads 2 --json np2t2.json
same_outside_timing "2 ranks of 2 threads: the same report" one.json np2t2.json
py "2 ranks of 2 threads: 4 threads" np2t2.json "d['timing']['threads'] == 4"

# threads on a rank mpirun pinned to one core: rank 0 says how to unpin
"${MPIRUN[@]}" --bind-to core -np 2 "$RG" compare "${C[@]}" --threads 2 >"$TMP/out" 2>"$TMP/err"
contains "2 threads bound to a core: the notice" "$TMP/err" "notice: MPI rank [01] runs 2 threads on 1 core (mpirun bound it): --bind-to none"
"${MPIRUN[@]}" --bind-to none -np 2 "$RG" compare "${C[@]}" --threads 2 >"$TMP/out" 2>"$TMP/err"
lacks "2 threads, unbound: no notice" "$TMP/err" "notice: MPI rank"

# a rollback (the diagnosis replays a pair on rank 0) and a sequential design
expect "drop: one process" 5 compare "${C[@]}" --inject drop=0.05 --json drop1.json
mpi "drop: 3 ranks" 5 3 "${C[@]}" --threads 1 --inject drop=0.05 --json drop3.json
same_outside_timing "drop: the same report" drop1.json drop3.json
py "drop: the diagnosis is there" drop3.json "d['diagnosis'] is not None"
S=("${C[@]}" --inject drop=0.05 --until-decided --batch 4 --max-replications 12)
expect "sequential: one process" 5 compare "${S[@]}" --json seq1.json
mpi "sequential: 3 ranks" 5 3 "${S[@]}" --threads 1 --json seq3.json
same_outside_timing "sequential: the same looks and verdict" seq1.json seq3.json

# ---- exec paths: the fake simulator, a failing run among them ----
FAKE="$SRC/tests/cli/fake_sim.sh"
OK="exec:bash $FAKE ok --seed {seed} --requests {requests} --erlang {erlang} --out {out}"
BAD="exec:bash $FAKE exit1 --only 3 --seed {seed} --requests {requests} --erlang {erlang} --out {out}"
X=("${C[@]}" --legacy "$OK" --orchestrator "$BAD" --replications 4 --run-dir "$TMP/runs")
expect "exec: one process" 6 compare "${X[@]}" --json exec1.json
rm -rf "$TMP/runs"
mpi "exec: 3 ranks" 6 3 "${X[@]}" --threads 1 --json exec3.json
same_outside_timing "exec: the same report, the failed runs alike" exec1.json exec3.json
py "exec: the failing seed is a failed run" exec3.json "any(r['orchestrator']['status'] != 'ok' for r in d['runs'])"
mpi "exec: 3 ranks again, every run reused" 6 3 "${X[@]}" --threads 1 --json exec3b.json
same_outside_timing "exec: reused runs, the same report" exec1.json exec3b.json
# seed 3's orchestrator runs failed: they run again, every other run is reused
py "exec: the runs were reused, the failed ones run again" exec3b.json "d['timing']['external_runs_reused'] == 28 and d['timing']['external_runs_executed'] == 4"

# ---- a rank that cannot build the comparison is left out ----
"${MPIRUN[@]}" -np 2 "$RG" compare "${C[@]}" --threads 1 --json left.json : \
    -np 1 env ROLLGATE_FIXTURES=/nonexistent "$RG" compare "${C[@]}" --threads 1 >"$TMP/out" 2>"$TMP/err"
got=$?
if [ "$got" -eq 0 ]; then ok "a rank without fixtures: the job goes on (exit 0)"; else
    fail "a rank without fixtures: exit $got" "$(head -c 600 "$TMP/err")"
fi
contains "a rank without fixtures: rank 0 says so" "$TMP/err" "rank 2 cannot run pairs, going on without it"
same_outside_timing "a rank without fixtures: the same report" one.json left.json
py "a rank without fixtures: two ranks' threads" left.json "d['timing']['ranks'] == 3 and d['timing']['threads'] == 2"

# ---- refusals ----
expect "--rank-timeout 0" 2 compare --rank-timeout 0
error_line "--rank-timeout 0" "option --rank-timeout: '0' is not a number of seconds from 1 to 86400"
mpi "--shard under mpirun" 2 2 --shard 0/2 --run-dir "$TMP/sh"
contains "--shard under mpirun: the reason" "$TMP/err" "under mpirun the ranks share the matrix already"

mpi "a bad option under mpirun" 2 3 --bogus
if [ "$(grep -c '^rollgate: ' "$TMP/err")" -eq 1 ] && grep -q "^rollgate: unknown option '--bogus'" "$TMP/err"; then
    ok "a bad option under mpirun: rank 0's one line, no rank's repeat"
else
    fail "a bad option under mpirun: wanted one rollgate line" "$(grep '^rollgate' "$TMP/err")"
fi

# ---- lost ranks ----
# A slow exec path (each run 0.3 s) on 3 ranks of 1 thread: 40 pairs, 80 runs.
# The test waits until the fake simulator has been started a few times (its
# count file), then kills or stops a rank: the job must end by itself.
SLOW="exec:bash $FAKE ok --seed {seed} --requests {requests} --erlang {erlang} --out {out} --sleep 0.3"
L=("${C[@]}" --legacy "$SLOW" --orchestrator "$SLOW" --threads 1)
# this job's ranks: rollgate processes given this test's FAKE_COUNT (other
# tests may run rollgate at the same time)
our_ranks() {
    local p
    for p in $(pgrep -x rollgate); do
        tr '\0' '\n' 2>/dev/null <"/proc/$p/environ" | grep -qx "FAKE_COUNT=$TMP/count" && echo "$p"
    done
}
rank_pid() { # RANK: the PID of that rank's rollgate
    local p
    for p in $(our_ranks); do
        if tr '\0' '\n' 2>/dev/null <"/proc/$p/environ" | grep -qx "OMPI_COMM_WORLD_RANK=$1"; then
            echo "$p"
            return 0
        fi
    done
    return 1
}
started_runs() { [ -f "$TMP/count" ] && wc -l <"$TMP/count" || echo 0; }
# lost_rank NAME SIGNAL RANK [ARGS...]: starts the job, waits for 4 runs and
# for RANK to run one, sends SIGNAL to RANK's process, waits (at most 120 s:
# a hang fails)
lost_rank() {
    local name=$1 sig=$2 rank=$3 i pid
    shift 3
    rm -f "$TMP/count" "$TMP/pids" "$TMP/lost.json"
    FAKE_COUNT="$TMP/count" FAKE_PIDS="$TMP/pids" timeout 120 "${MPIRUN[@]}" -x FAKE_COUNT -x FAKE_PIDS \
        -np 3 "$RG" compare "${L[@]}" "$@" --json "$TMP/lost.json" >"$TMP/out" 2>"$TMP/err" &
    JOB=$!
    for i in $(seq 1 600); do
        [ "$(started_runs)" -ge 4 ] && break
        sleep 0.1
    done
    pid=$(rank_pid "$rank")
    if [ -z "$pid" ]; then
        fail "$name: rank $rank not found"
        wait "$JOB"
        JOB=""
        return
    fi
    # mid-way: while the rank runs a pair of its own (a fake run its child)
    for i in $(seq 1 600); do
        pgrep -P "$pid" >/dev/null && break
        sleep 0.1
    done
    kill "-$sig" "$pid"
    wait "$JOB"
    LOST_RC=$?
    JOB=""
    if [ "$LOST_RC" -eq 124 ]; then
        fail "$name: the job hung (ended by the test's timeout)" "$(tail -c 600 "$TMP/err")"
    else
        ok "$name: the job ended by itself (exit $LOST_RC)"
    fi
    local left
    left=$(our_ranks | wc -l)
    local alive=0
    if [ -f "$TMP/pids" ]; then
        # (a zombie is dead: its parent is gone and init has not reaped it yet)
        while read -r p; do
            [ -r "/proc/$p/stat" ] && ! awk '{exit $3 == "Z" ? 0 : 1}' "/proc/$p/stat" &&
                alive=$((alive + 1))
        done <"$TMP/pids"
    fi
    if [ "$left" -eq 0 ] && [ "$alive" -eq 0 ]; then ok "$name: no rank or run left behind"; else
        fail "$name: $left rollgate processes and $alive fake runs left"
    fi
}
# A rank that stops answering (a hung host): rank 0 waits --rank-timeout,
# then ends the job with HARNESS_ERROR, naming the rank, reports written.
lost_rank "a stopped rank" STOP 2 --rank-timeout 3
if [ "$LOST_RC" -eq 7 ]; then ok "a stopped rank: HARNESS_ERROR (exit 7)"; else
    fail "a stopped rank: exit $LOST_RC, wanted 7" "$(tail -c 600 "$TMP/err")"
fi
contains "a stopped rank: rank 0 names it" "$TMP/err" "rollgate: MPI rank 2 (host .*) lost: nothing from it for 3 s"
py "a stopped rank: the report says HARNESS_ERROR" "$TMP/lost.json" "d['verdict'] == 'HARNESS_ERROR' and 'MPI rank 2' in d['reason'] and 'lost' in d['reason']"
# A rank killed: mpirun itself ends every rank within a second (Open MPI's
# default), rank 0 first gets SIGTERM and writes its report marked
# incomplete; never a hang, never a verdict on the paths.
lost_rank "a killed rank" KILL 1
if [ "$LOST_RC" -ne 0 ]; then ok "a killed rank: a failing exit ($LOST_RC)"; else
    fail "a killed rank: exit 0"
fi
contains "a killed rank: mpirun names it" "$TMP/err" "process rank 1 .* exited on signal 9"
if [ -f "$TMP/lost.json" ]; then
    py "a killed rank: the report is HARNESS_ERROR, incomplete" "$TMP/lost.json" "d['verdict'] == 'HARNESS_ERROR' and d['complete'] is False"
else
    skip "a killed rank: no report to check (mpirun ended rank 0 before it wrote one)"
fi

echo "# mpi: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
