#!/usr/bin/env bash
# The MPI work queue's scaling: `mpirun -np N rollgate compare` over an exec
# path whose runs sleep a known time (tests/cli/fake_sim.sh --sleep), with
# 1, 2, 4 and 8 ranks of one thread each (oversubscribed: sleeping runs
# need no core), against the ideal -- the sleeping alone, perfectly spread.
# A benchmark, never a test: it prints figures and judges nothing.
#
#   scripts/bench_mpi.sh [ROLLGATE] [--sleep S] [--repeat R] [--ranks "1 2 4 8"]
#
# Per rank count: the median over R runs of the comparison's wall time (its
# JSON timing), the ideal ceil(P / W) x 2 S for P pairs on W workers (a pair
# runs both paths one after the other), and the harness's overhead per pair:
# (wall - ideal) x W / P, the worker time a pair costs beyond its sleep
# (the queue, the messages, starting the fake simulator -- a bash script --,
# its files).  Beside it the same workers as threads of one process
# (compare --threads W) and what MPI adds per pair: (wall - threads wall) x
# W / P.  The same with --sleep 0 gives the floor of a run.
set -euo pipefail
cd "$(dirname "$0")/.."
RG=build/harness/rollgate
if [ $# -gt 0 ] && [ "${1#--}" = "$1" ]; then RG=$1; shift; fi
SLEEP=0.25 REPEAT=3 RANKS="1 2 4 8"
while [ $# -gt 0 ]; do
    case "$1" in
    --sleep) SLEEP=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --ranks) RANKS=$2; shift 2 ;;
    *) echo "bench_mpi.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done
command -v mpirun >/dev/null || { echo "bench_mpi.sh: needs mpirun (openmpi-bin)" >&2; exit 1; }
"$RG" --version | grep -q '^MPI: yes' || { echo "bench_mpi.sh: $RG was built without MPI" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAKE="$(pwd)/tests/cli/fake_sim.sh"
# 4 loads x 4 replications = 16 pairs: divisible by every rank count above
ARGS=(--quiet --perf-threshold 10 --erlang 300,400,500,600 --replications 4)
median() { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

one() { # PATH COMMAND...: one comparison, its wall time (JSON timing)
    local path=$1
    shift
    rm -rf "$TMP/runs"
    "$@" "${ARGS[@]}" --legacy "$path" --orchestrator "$path" --run-dir "$TMP/runs" \
        --json "$TMP/r.json" >/dev/null 2>"$TMP/err" || {
        echo "bench_mpi.sh: the comparison failed:" >&2
        cat "$TMP/err" >&2
        exit 1
    }
    python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['timing']['wall_seconds'])" \
        "$TMP/r.json"
}

bench() { # SLEEP: one table
    local s=$1 np r wall ideal
    local path="exec:bash $FAKE ok --seed {seed} --requests {requests} --erlang {erlang} --out {out} --sleep $s"
    local pairs=16
    printf 'runs sleeping %s s: %d pairs (%d runs), 1 thread per rank, medians of %d\n' "$s" "$pairs" \
        $((2 * pairs)) "$REPEAT"
    printf '%6s %9s %9s %7s %17s %14s %16s\n' ranks "wall s" "ideal s" ratio "overhead/pair ms" \
        "threads wall s" "MPI/pair ms"
    for np in $RANKS; do
        for r in $(seq 1 "$REPEAT"); do
            one "$path" mpirun --allow-run-as-root --oversubscribe --bind-to none -np "$np" "$RG" compare --threads 1
        done | median >"$TMP/wall"
        # the same workers as threads of one process: what MPI adds
        for r in $(seq 1 "$REPEAT"); do
            one "$path" "$RG" compare --threads "$np"
        done | median >"$TMP/threads"
        awk -v np="$np" -v p="$pairs" -v s="$s" -v w="$(cat "$TMP/wall")" \
            -v t="$(cat "$TMP/threads")" 'BEGIN {
            rounds = int((p + np - 1) / np); ideal = rounds * 2 * s
            ratio = "-"
            if (ideal > 0) ratio = sprintf("%.3f", w / ideal)
            printf "%6d %9.3f %9.3f %7s %17.1f %14.3f %16.1f\n", np, w, ideal, ratio,
                (w - ideal) * np / p * 1000, t, (w - t) * np / p * 1000 }'
    done
}
bench "$SLEEP"
echo
bench 0
