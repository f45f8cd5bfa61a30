#!/usr/bin/env bash
# The FUSION adapter (contrib/fusion/rollgate-fusion) against a real FUSION.
#
#   tests/fusion/test_fusion.sh ROLLGATE_BINARY SOURCE_ROOT
#
# Exits 77 (skipped) when the pinned FUSION (SOURCE_ROOT/../shared/reference/
# fusion-src) or its Python packages are missing.  FUSION is copied to a
# temporary folder (FUSION writes under its own root); nothing of FUSION is
# changed except `git init` in that copy, which FUSION's own command line
# needs to find its root.
#
# Settings: FUSION's shipped KSP/first-fit NSFNet config with slicing off
# (max_segments = 1) and one core per link (with FUSION's 3 cores, 1000
# requests never congest and every block is a reach block), load 600 Erlang
# (arrival rate = erlang / holding_time), seeds 1-3, 1000 requests: about
# 16 % blocking, a third of it congestion.
#
#  (a) adapter, legacy vs orchestrator: equal blocked counts per seed (the two
#      FUSION paths make the same decisions without slicing); the same
#      through `rollgate compare` with exec paths (PASS)
#  (b) adapter legacy == `rollgate sim` (builtin legacy), request for request:
#      equal blocked counts (and Gb/s)
#  (c) FUSION's own command line, max_iters 3 (iterations 0,1,2 = seeds
#      1,2,3): round(BP_i x 1000) == the adapter's blocked counts; then
#      `rollgate compare` with import: of that tree and of adapter run files
#  (d) SIGTERM to the adapter's process group mid-run: dies by the signal,
#      no result file, no run folder and no process left
#
# Environment: ROLLGATE_PYTHON (default /usr/bin/python3: a python3 with
# numpy, networkx, scipy); ROLLGATE_FUSION_SKIP_COMPARE=1 skips the two
# `rollgate compare` steps (a2, c2: they need the exec and import backends);
# ROLLGATE_FUSION_KEEP=DIR copies the FUSION output tree of (c), the adapter's
# run files, the settings and the compare outputs to DIR.

set -u

if [ $# -ne 2 ]; then
        echo "usage: $0 ROLLGATE_BINARY SOURCE_ROOT" >&2
        exit 2
fi
ROLLGATE=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
PY=${ROLLGATE_PYTHON:-/usr/bin/python3}
REF="$SRC/../shared/reference/fusion-src"
ADAPTER="$SRC/contrib/fusion/rollgate-fusion"
E=600
N=1000
SEEDS=(1 2 3)

if [ ! -f "$REF/fusion/core/simulation.py" ]; then
        echo "SKIP: no pinned FUSION at $REF"
        exit 77
fi
if ! "$PY" -c 'import numpy, networkx, scipy, pandas, yaml, psutil' 2>/dev/null; then
        echo "SKIP: $PY lacks FUSION's Python packages (python3-numpy python3-networkx python3-scipy python3-pandas python3-yaml python3-psutil ...)"
        exit 77
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/rollgate-fusion-test.XXXXXX") || exit 1
trap 'rm -rf "$WORK"' EXIT
FROOT="$WORK/fusion"
cp -r "$REF" "$FROOT" && chmod -R u+w "$FROOT" || exit 1
export FUSION_ROOT="$FROOT"
unset FUSION_USE_ORCHESTRATOR

failures=0
fail() {
        echo "FAIL: $*"
        failures=$((failures + 1))
}
ok() { echo "ok: $*"; }

# ---- the settings --------------------------------------------------------
SHIPPED="$FROOT/tests/fixtures/expected_results/baseline_kspf_ff/kspf_ff_config.ini"
MODS="$FROOT/tests/fixtures/expected_results/baseline_kspf_ff/mod_formats.json"
# absolute mod_assumption_path: rollgate resolves it beside the config, FUSION
# beside its root; an absolute one means the same table to both
sed -e 's/^max_segments = .*/max_segments = 1/' \
    -e 's/^cores_per_link = .*/cores_per_link = 1/' \
    -e "s#^mod_assumption_path = .*#mod_assumption_path = $MODS#" \
    -e "s/^erlang_start = .*/erlang_start = $E/" \
    -e "s/^erlang_stop = .*/erlang_stop = $E/" \
    -e 's/^max_iters = .*/max_iters = 3/' \
    -e "s/^num_requests = .*/num_requests = $N/" \
    "$SHIPPED" >"$WORK/ksp.ini" || exit 1
for want in "max_segments = 1" "cores_per_link = 1" "erlang_start = $E" "max_iters = 3" "num_requests = $N"; do
        grep -qx "$want" "$WORK/ksp.ini" || { echo "FAIL: could not set '$want' in $SHIPPED"; exit 1; }
done

# ---- (a) the adapter on both paths -----------------------------------------
run_adapter() { # path seed out
        "$PY" "$ADAPTER" --config "$WORK/ksp.ini" --path "$1" --seed "$2" --erlang "$E" \
                --requests "$N" --out "$3" >"$3.log" 2>&1
}
mkdir -p "$WORK/runs/legacy" "$WORK/runs/orchestrator"
f0=$failures
t0=$(date +%s)
for s in "${SEEDS[@]}"; do
        # both paths at once: two adapters in the same FUSION root
        run_adapter legacy "$s" "$WORK/runs/legacy/s$s.json" &
        pl=$!
        run_adapter orchestrator "$s" "$WORK/runs/orchestrator/s$s.json" &
        po=$!
        wait $pl || fail "(a) adapter legacy seed $s exited $?: $(tail -3 "$WORK/runs/legacy/s$s.json.log")"
        wait $po || fail "(a) adapter orchestrator seed $s exited $?: $(tail -3 "$WORK/runs/orchestrator/s$s.json.log")"
done
echo "(a) 6 adapter runs in $(($(date +%s) - t0)) s"
rm -f "$WORK"/runs/*/*.log

"$PY" - "$WORK/runs" "$E" "$N" "${SEEDS[@]}" <<'EOF' || fail "(a) legacy and orchestrator differ"
import json, sys
runs, E, N, seeds = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), [int(s) for s in sys.argv[4:]]
bad = 0
for s in seeds:
    r = {}
    for p in ("legacy", "orchestrator"):
        with open(f"{runs}/{p}/s{s}.json") as f:
            r[p] = json.load(f)
        d = r[p]
        for k, v in (("path", "fusion:" + p), ("seed", s), ("erlang", E), ("requests", N), ("status", "ok")):
            if d.get(k) != v:
                print(f"  {p} seed {s}: {k} = {d.get(k)!r}, expected {v!r}"); bad += 1
        if not (isinstance(d.get("blocked"), int) and 0 < d["blocked"] < N):
            print(f"  {p} seed {s}: blocked = {d.get('blocked')!r}"); bad += 1
        if d.get("fusion", {}).get("use_orchestrator") != (p == "orchestrator"):
            print(f"  {p} seed {s}: fusion.use_orchestrator = {d.get('fusion')}"); bad += 1
    l, o = r["legacy"], r["orchestrator"]
    print(f"  seed {s}: blocked legacy {l['blocked']} orchestrator {o['blocked']}; "
          f"bbp {l['bbp']:.6f} / {o['bbp']:.6f}")
    for k in ("blocked", "requested_gbps", "blocked_gbps", "bbp", "modulations", "path_index"):
        if l.get(k) != o.get(k):
            print(f"  seed {s}: {k} legacy {l.get(k)!r} != orchestrator {o.get(k)!r}"); bad += 1
sys.exit(1 if bad else 0)
EOF
[ $failures -eq $f0 ] && ok "(a) equal per-seed results on both FUSION paths"

# the adapter leaves none of its run folders in FUSION's data/ (the shared
# data/input, data/output and data/*/NSFNet folders are FUSION's layout)
left=$(find "$FROOT/data/input" "$FROOT/data/output" -mindepth 2 2>/dev/null)
if [ -n "$left" ]; then fail "(a) the adapter left run folders: $left"; else ok "(a) no run folders left in FUSION's data/"; fi

# (a2) the same through rollgate compare, exec paths
if [ "${ROLLGATE_FUSION_SKIP_COMPARE:-0}" != 1 ]; then
        {
                cat "$WORK/ksp.ini"
                cat <<EOF

[comparison]
legacy = fusion_legacy
orchestrator = fusion_orchestrator
; FUSION's orchestrator takes about twice the legacy time per request: the
; performance check would say MONITOR, which is not what this test is about
perf_threshold = 10

[path.fusion_legacy]
command = '$PY' '$ADAPTER'
    --config {config} --path legacy --seed {seed} --erlang {erlang}
    --requests {requests} --out {out}
timeout = 600
kill_grace = 10
format = rollgate

[path.fusion_orchestrator]
command = '$PY' '$ADAPTER'
    --config {config} --path orchestrator --seed {seed} --erlang {erlang}
    --requests {requests} --out {out}
timeout = 600
kill_grace = 10
format = rollgate
EOF
        } >"$WORK/exec.ini"
        t0=$(date +%s)
        "$ROLLGATE" compare --config "$WORK/exec.ini" --replications 3 --requests "$N" --erlang "$E" \
                --threads 2 --json "$WORK/compare-exec.json" >"$WORK/compare-exec.txt" 2>&1
        rc=$?
        if [ $rc -eq 0 ]; then
                ok "(a2) rollgate compare, exec paths: PASS ($(($(date +%s) - t0)) s)"
        else
                fail "(a2) rollgate compare, exec paths: exit $rc"
                tail -20 "$WORK/compare-exec.txt"
        fi
else
        echo "skipped: (a2) rollgate compare with exec paths"
fi

# ---- (b) the adapter's legacy == rollgate's builtin legacy ----------------
seedlist=$(IFS=,; echo "${SEEDS[*]}")
f0=$failures
if "$ROLLGATE" sim --config "$WORK/ksp.ini" --erlang "$E" --requests "$N" --seed "$seedlist" --json \
        >"$WORK/builtin.jsonl" 2>"$WORK/builtin.err"; then
        "$PY" - "$WORK/builtin.jsonl" "$WORK/runs/legacy" "${SEEDS[@]}" <<'EOF' || fail "(b) builtin and FUSION legacy differ"
import json, sys
builtin = {}
with open(sys.argv[1]) as f:
    for line in f:
        if line.strip():
            d = json.loads(line)
            builtin[d["seed"]] = d
bad = 0
for s in [int(x) for x in sys.argv[3:]]:
    with open(f"{sys.argv[2]}/s{s}.json") as f:
        a = json.load(f)
    b = builtin.get(s)
    if b is None:
        print(f"  seed {s}: no builtin result"); bad += 1; continue
    print(f"  seed {s}: blocked builtin {b['blocked']} FUSION legacy {a['blocked']}")
    for k in ("requests", "blocked", "requested_gbps", "blocked_gbps"):
        if b.get(k) != a.get(k):
            print(f"  seed {s}: {k} builtin {b.get(k)!r} != FUSION legacy {a.get(k)!r}"); bad += 1
sys.exit(1 if bad else 0)
EOF
        [ $failures -eq $f0 ] && ok "(b) rollgate's builtin legacy == FUSION's legacy, seeds $seedlist"
else
        fail "(b) rollgate sim failed: $(tail -3 "$WORK/builtin.err")"
fi

# ---- (c) FUSION's own command line, 3 iterations --------------------------
# FUSION finds its root by a .git directory (or run_sim.py) above its modules
if command -v git >/dev/null 2>&1; then git init -q "$FROOT"; else mkdir -p "$FROOT/.git"; fi
t0=$(date +%s)
(cd "$FROOT" && FUSION_USE_ORCHESTRATOR=0 "$PY" -m fusion.cli.run_sim run_sim \
        --config_path "$WORK/ksp.ini" --run_id rollgate_test >"$WORK/fusion-cli.log" 2>&1)
rc=$?
out=$(find "$FROOT/data/output" -name "${E}.0_erlang.json" 2>/dev/null)
if [ $rc -ne 0 ] || [ "$(echo "$out" | grep -c .)" -ne 1 ]; then
        fail "(c) FUSION's command line: exit $rc, output '$out'"
        tail -5 "$WORK/fusion-cli.log"
else
        echo "(c) FUSION's command line, 3 x $N requests in $(($(date +%s) - t0)) s: $out"
        # the tree import: reads: <network>/<date>/<time>/s1/<E>_erlang.json
        mkdir -p "$WORK/fusion-tree"
        cp -r "$FROOT/data/output/." "$WORK/fusion-tree/"
        f0=$failures
        "$PY" - "$out" "$WORK/runs/legacy" "$N" "${SEEDS[@]}" <<'EOF' || fail "(c) FUSION's output and the adapter differ"
import json, sys
path, runs, N, seeds = sys.argv[1], sys.argv[2], int(sys.argv[3]), [int(s) for s in sys.argv[4:]]
with open(path) as f:
    d = json.load(f)
its = d["iter_stats"]
last = its[str(max(int(k) for k in its))]
bad = 0
for s in seeds:
    i = s - 1  # FUSION's iteration i ran request seed i + 1
    bp, bbp = last["sim_block_list"][i], last["sim_br_block_list"][i]
    # the per-iteration entry holds the same cumulative list up to i
    if str(i) in its and its[str(i)]["sim_block_list"][i] != bp:
        print(f"  iteration {i}: its own sim_block_list disagrees with the last one"); bad += 1
    with open(f"{runs}/s{s}.json") as f:
        a = json.load(f)
    blocked = round(bp * N)
    if abs(bp * N - blocked) > 1e-6:
        print(f"  iteration {i}: BP {bp!r} x {N} is not a whole number"); bad += 1
    print(f"  iteration {i} (seed {s}): FUSION BP {bp} -> {blocked} blocked; adapter {a['blocked']}; "
          f"BBP {bbp} / {a['bbp']}")
    if blocked != a["blocked"] or bbp != a["bbp"]:
        bad += 1
    # block_bw_dict holds blocked counts per bandwidth, path_index_list the
    # admitted ones per path: together the iteration's request count
    it = its.get(str(i))
    if it is not None and "block_bw_dict" in it and "path_index_list" in it:
        nb, na = sum(it["block_bw_dict"].values()), sum(it["path_index_list"])
        if nb != blocked or nb + na != N:
            print(f"  iteration {i}: block_bw_dict {nb} + path_index_list {na} != {blocked} + admitted = {N}"); bad += 1
sys.exit(1 if bad else 0)
EOF
        [ $failures -eq $f0 ] && ok "(c) FUSION's own output gives the adapter's blocked counts"

        # (c2) rollgate's import of that tree vs adapter run files
        if [ "${ROLLGATE_FUSION_SKIP_COMPARE:-0}" != 1 ]; then
                "$ROLLGATE" compare --legacy "import:$WORK/fusion-tree" \
                        --orchestrator "import:$WORK/runs/orchestrator" \
                        --replications 3 --requests "$N" --erlang "$E" \
                        --json "$WORK/compare-import.json" >"$WORK/compare-import.txt" 2>&1
                rc=$?
                if [ $rc -eq 0 ]; then
                        ok "(c2) rollgate compare, import: FUSION tree vs adapter run files: PASS"
                else
                        fail "(c2) rollgate compare, import: exit $rc"
                        tail -20 "$WORK/compare-import.txt"
                fi
        else
                echo "skipped: (c2) rollgate compare with import: paths"
        fi
fi

if [ -n "${ROLLGATE_FUSION_KEEP:-}" ]; then
        mkdir -p "$ROLLGATE_FUSION_KEEP" &&
                cp -r "$WORK/fusion-tree" "$WORK/runs" "$WORK/ksp.ini" "$ROLLGATE_FUSION_KEEP/" &&
                for f in exec.ini compare-exec.json compare-exec.txt compare-import.json compare-import.txt; do
                        [ ! -e "$WORK/$f" ] || cp "$WORK/$f" "$ROLLGATE_FUSION_KEEP/"
                done &&
                echo "kept: $ROLLGATE_FUSION_KEEP"
fi
rm -rf "$FROOT/data/output" "$FROOT/data/input"

# ---- (d) SIGTERM to the adapter's process group ----------------------------
f0=$failures
"$PY" - "$PY" "$ADAPTER" "$WORK/ksp.ini" "$WORK/term.json" "$FROOT" <<'EOF' || fail "(d) SIGTERM"
import os, signal, subprocess, sys, time
py, adapter, ini, out, root = sys.argv[1:6]
# 20000 requests: far longer than the wait below
p = subprocess.Popen([py, adapter, "--config", ini, "--path", "orchestrator", "--seed", "1",
                      "--erlang", "600", "--requests", "20000", "--out", out],
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
inp = os.path.join(root, "data", "input", "NSFNet")
t0 = time.monotonic()
# wait until FUSION has written its input files, i.e. it is simulating
while not (os.path.isdir(inp) and os.listdir(inp)) and time.monotonic() - t0 < 60 and p.poll() is None:
    time.sleep(0.1)
time.sleep(1.0)
if p.poll() is not None:
    print("  the adapter ended before the signal:", p.stderr.read().decode()[-500:]); sys.exit(1)
os.killpg(p.pid, signal.SIGTERM)
try:
    _, err = p.communicate(timeout=20)
except subprocess.TimeoutExpired:
    os.killpg(p.pid, signal.SIGKILL); p.wait()
    print("  the adapter ignored SIGTERM for 20 s"); sys.exit(1)
bad = 0
if p.returncode != -signal.SIGTERM:
    print(f"  exit status {p.returncode}, expected death by SIGTERM"); bad += 1
try:
    os.killpg(p.pid, 0)
    print("  processes left in the adapter's group"); bad += 1
except ProcessLookupError:
    pass
if os.path.exists(out):
    print("  a result file was written"); bad += 1
left = [os.path.join(d, f) for top in ("input", "output")
        for d, _, fs in os.walk(os.path.join(root, "data", top)) for f in fs]
if left:
    print("  files left:", left); bad += 1
print(f"  terminated after {time.monotonic() - t0:.1f} s: {err.decode().strip().splitlines()[-1]}")
sys.exit(1 if bad else 0)
EOF
[ $failures -eq $f0 ] && ok "(d) SIGTERM: the adapter died by the signal and left nothing"

if [ $failures -ne 0 ]; then
        echo "$failures failure(s)"
        exit 1
fi
echo "all FUSION adapter checks passed"
exit 0
