#!/usr/bin/env bash
# Compares rollgate's legacy path with the independent Python model of
# FUSION's legacy path (fusion_model.py: networkx routing, per-slot lists) on
# FUSION's own topology and modulation files, over a grid of settings.
# Skipped (exit 77) without python3 + networkx or without ../shared.
# Usage: check_model.sh ROLLGATE SOURCE_DIR
set -u
RG=$1
SRC=$2
REF="$SRC/../shared/reference/fusion"
MODEL="$SRC/tests/reference/fusion_model.py"
if ! python3 -c "import networkx" 2>/dev/null; then
    echo "SKIP: python3 with networkx not available"; exit 77
fi
if [ ! -f "$REF/nsf_network.txt" ]; then
    echo "SKIP: FUSION reference data not found at $REF"; exit 77
fi
passed=0
failed=0
# topology k cores slots guard erlang requests seeds
while read -r topo k cores slots guard erlang n seeds; do
    [ -z "$topo" ] && continue
    want=$(python3 "$MODEL" "$REF/$topo" "$REF/default_mod_formats.json" DEFAULT \
        "$k" "$cores" "$slots" "$guard" "$erlang" "$n" ${seeds//,/ })
    got=$("$RG" sim --topology "$REF/$topo" --mod-formats "$REF/default_mod_formats.json" \
        --mod-assumption DEFAULT --k-paths "$k" --cores "$cores" --slots "$slots" \
        --guard "$guard" --erlang "$erlang" --requests "$n" --seed "$seeds" \
        --holding-time 1.0 --json |
        sed -E 's/.*"seed":([0-9]+).*"blocked":([0-9]+).*"requested_gbps":([0-9]+).*"blocked_gbps":([0-9]+).*/\1 \2 \3 \4/')
    label="$topo k=$k cores=$cores slots=$slots guard=$guard erlang=$erlang n=$n seeds=$seeds"
    if [ "$want" = "$got" ]; then
        passed=$((passed + 1)); echo "ok - $label"
    else
        failed=$((failed + 1)); echo "not ok - $label"
        echo "    model:    $(echo $want)"; echo "    rollgate: $(echo $got)"
    fi
done <<'GRID'
nsf_network.txt 3 1 320 1 600 4000 1,2
nsf_network.txt 1 1 320 1 400 4000 3
nsf_network.txt 5 1 320 0 500 4000 4
nsf_network.txt 3 3 128 1 900 4000 5
nsf_network.txt 2 2 64 0 150 4000 6
us_network.txt 3 1 320 1 500 4000 1,2
us_network.txt 4 1 160 1 300 4000 7
europe_network.txt 3 1 320 1 400 3000 1
dt_network.txt 3 1 320 1 400 3000 2
GRID
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
