#!/usr/bin/env bash
# Prints every run's full result (counters and trace hash) of both builtin
# paths over a matrix of settings: the default config, the FUSION comparison
# matrix (NSFNet 1k x 1, 10k x 3, 100k x 5, USNet 10k x 3 at 150-300 Erlang),
# every fit, multi-core, 4096 slots, guard 0, k = 1 and 5, the other
# networks, and the injections that change decisions.  Two binaries that print
# the same lines make the same decisions (diff the outputs).
#   scripts/trace_hashes.sh [ROLLGATE] > hashes.txt
set -euo pipefail
bin=${1:-build/harness/rollgate}
cfgs=(
  ""
  "--network NSFNet --requests 1000 --iterations 1 --erlang 150,200,250,300"
  "--network NSFNet --requests 10000 --iterations 3 --erlang 150,200,250,300"
  "--network NSFNet --requests 100000 --iterations 5 --erlang 150,200,250,300"
  "--network USNet --requests 10000 --iterations 3 --erlang 150,200,250,300"
  "--requests 20000 --iterations 2 --allocation last_fit"
  "--requests 20000 --iterations 2 --allocation best_fit"
  "--requests 20000 --iterations 2 --cores 7 --erlang 2000"
  "--requests 20000 --iterations 2 --slots 4096 --erlang 4000"
  "--requests 20000 --iterations 2 --slots 4096 --erlang 9400"
  "--requests 20000 --iterations 2 --slots 257 --erlang 600 --cores 2"
  "--requests 20000 --iterations 2 --slots 100 --guard 0"
  "--requests 20000 --iterations 2 --k-paths 1"
  "--requests 20000 --iterations 2 --k-paths 5 --allocation best_fit"
  "--network Pan-European --requests 20000 --iterations 2"
  "--network DT --requests 20000 --iterations 2"
  "--network GEANT --requests 20000 --iterations 2"
)
injects=("" "--inject drop=0.05" "--inject no-guard" "--inject k-minus-one" "--inject fit=best"
         "--inject leak=50" "--inject relabel")
for c in "${cfgs[@]}"; do
  echo "# $c"
  # shellcheck disable=SC2086
  "$bin" sim --json --path legacy $c
  for i in "${injects[@]}"; do
    [ -z "$i" ] || echo "# $c $i"
    # shellcheck disable=SC2086
    "$bin" sim --json --path orchestrator $c $i || true
  done
done
