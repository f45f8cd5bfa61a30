#!/usr/bin/env bash
# A fake external simulator for tests/cli/test_exec.sh.
#
#   fake_sim.sh MODE --seed S --requests N [--erlang E] [--path ROLE] [--out FILE]
#               [--only SEED] [--only-path ROLE] [--pids FILE] [--count FILE]
#               [--sleep SECONDS] [--pwd FILE] [--wd DIR] [--extra X] [--metrics PCT]
#
# Writes a rollgate run file (one JSON object) to --out FILE, or to stdout
# without --out.  The result depends only on erlang and seed (never on the
# role), so two fake paths agree bit for bit.  MODE says how to misbehave:
#   ok          a valid result
#   exit1       a line on stderr, exit status 1
#   kill9       kill -9 itself
#   segv        kill -SEGV itself
#   hang        start a grandchild `sleep 300 &`, then sleep 300 (needs the timeout)
#   hang_noterm as hang, but ignoring SIGTERM (needs SIGKILL after kill_grace)
#   garbage     output that is not JSON
#   truncated   the first half of a valid result
#   noout       exit 0 without writing a result
#   wrongcount  a valid result that reports N - 1 requests
#   failed      a valid object with "status": "failed"
#   bigstderr   5 MB on stderr, then a valid result
#   bigstderr_fail  5 MB on stderr, then exit status 1
# With --only SEED the mode applies to that seed only, with --only-path ROLE
# to that role (--path) only; other runs are "ok".
# --pids FILE appends this process's PID (and a grandchild's, when one is
# started) so the test can check nothing survives (also from $FAKE_PIDS).  --count FILE appends one
# line per invocation (also taken from $FAKE_COUNT).  --sleep waits before
# answering.  --pwd FILE appends the current directory to FILE; --wd DIR
# fails (exit 3) unless DIR is a run folder (it holds config.ini), and marks it.  --extra is ignored (a harmless argument that changes the
# command template).
# --metrics PCT adds a `metrics` object (issue 13), deterministic in erlang
# and seed: "tick_ms" (a performance figure, 10 to 11 scaled by PCT percent,
# 3 decimals), "alerts_total" (a whole number), "digest" (a string) and
# "queue" (a list of numbers); PCT 120 is a path 20 % slower by tick_ms.
set -u
mode=$1
shift
seed="" requests="" erlang=0 role="" out="" only="" only_path="" pids=${FAKE_PIDS:-} count=${FAKE_COUNT:-}
pause="" pwd_file="" wd="" metrics=""
while [ $# -gt 0 ]; do
    case $1 in
    --seed) seed=$2 ;;
    --requests) requests=$2 ;;
    --erlang) erlang=$2 ;;
    --path) role=$2 ;;
    --out) out=$2 ;;
    --only) only=$2 ;;
    --only-path) only_path=$2 ;;
    --pwd) pwd_file=$2 ;;
    --wd) wd=$2 ;;
    --pids) pids=$2 ;;
    --count) count=$2 ;;
    --sleep) pause=$2 ;;
    --extra) ;;
    --metrics) metrics=$2 ;;
    *)
        echo "fake_sim: unknown argument '$1'" >&2
        exit 64
        ;;
    esac
    shift 2
done
if [ -z "$seed" ] || [ -z "$requests" ]; then
    echo "fake_sim: --seed and --requests are required" >&2
    exit 64
fi
[ -n "$pids" ] && echo "$$" >>"$pids"
[ -n "$count" ] && echo "run erlang=$erlang seed=$seed path=$role" >>"$count"
[ -n "$pwd_file" ] && pwd -P >>"$pwd_file"
if [ -n "$wd" ]; then
    # {workdir}: the run's own folder, holding its config
    if [ ! -f "$wd/config.ini" ]; then
        echo "fake_sim: {workdir} '$wd' is not a run folder" >&2
        exit 3
    fi
    : >"$wd/wd_seen"
fi
[ -n "$only" ] && [ "$only" != "$seed" ] && mode=ok
[ -n "$only_path" ] && [ "$only_path" != "$role" ] && mode=ok
[ -n "$pause" ] && sleep "$pause"

result() { # REQUESTS
    local n=$1 e=${erlang%.*}
    local blocked=$(((seed * 37 + e / 3) % (n / 4 + 1)))
    local dist=$((blocked / 3))
    printf '{"path":"%s","seed":%s,"erlang":%s,"status":"ok","requests":%s,"blocked":%s,' \
        "${role:-legacy}" "$seed" "$erlang" "$n" "$blocked"
    printf '"requested_gbps":%s,"blocked_gbps":%s,' "$((n * 100))" "$((blocked * 120))"
    printf '"block_reasons":{"distance":%s,"congestion":%s},' "$dist" "$((blocked - dist))"
    printf '"hops_mean":2.5,"length_mean_km":1500.25,"modulations":{"QPSK":%s},' "$((n - blocked))"
    if [ -n "$metrics" ]; then
        local tick=$(((10000 + (seed * 37 + e) % 1000) * metrics / 100))
        printf '"metrics":{"tick_ms":%d.%03d,"alerts_total":%s,"digest":"d%s-%s","queue":[%s,1,2.5]},' \
            "$((tick / 1000))" "$((tick % 1000))" "$(((seed * 3 + e) % 7))" "$seed" "$e" "$((seed % 5))"
    fi
    printf '"trace_hash":"%016x"}\n' "$((seed * 1000003 + e))"
}

emit() { # TEXT: to --out, or to stdout
    if [ -n "$out" ]; then printf '%s' "$1" >"$out"; else printf '%s' "$1"; fi
}

case $mode in
ok) emit "$(result "$requests")"$'\n' ;;
exit1)
    echo "fake_sim: seed $seed: failing on purpose" >&2
    exit 1
    ;;
kill9)
    echo "fake_sim: about to kill -9 myself" >&2
    kill -9 $$
    ;;
segv)
    kill -SEGV $$
    ;;
hang | hang_noterm)
    [ "$mode" = hang_noterm ] && trap '' TERM
    sleep 300 &
    [ -n "$pids" ] && echo "$!" >>"$pids"
    echo "fake_sim: hanging" >&2
    sleep 300
    wait
    ;;
garbage) emit "this is { not json"$'\n' ;;
truncated)
    r=$(result "$requests")
    emit "${r:0:$((${#r} / 2))}"
    ;;
noout) echo "fake_sim: nothing to say" >&2 ;;
wrongcount) emit "$(result $((requests - 1)))"$'\n' ;;
failed) emit '{"status":"failed","error":"fake invariant broken","requests":'"$requests"',"blocked":0}'$'\n' ;;
bigstderr)
    # 5 MB of noise, then a valid result
    head -c 5000000 /dev/zero | tr '\0' 'x' | fold -w 999 >&2
    echo "fake_sim: BIGSTDERR-LAST-LINE" >&2
    emit "$(result "$requests")"$'\n'
    ;;
bigstderr_fail)
    head -c 5000000 /dev/zero | tr '\0' 'y' | fold -w 999 >&2
    echo "fake_sim: BIGSTDERR-FAIL-LAST-LINE" >&2
    exit 1
    ;;
*)
    echo "fake_sim: unknown mode '$mode'" >&2
    exit 64
    ;;
esac
exit 0
