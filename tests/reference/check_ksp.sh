#!/usr/bin/env bash
# Holds sim/ksp.c's paths (ksp_dump) against networkx's shortest_simple_paths
# (ksp_networkx.py) for every ordered pair of generated topologies full of
# equal-length paths, at k = 3, and at k = 6 on the uniform grid and on the
# graphs with decimal lengths (where a cap without its margin fails).
# Skipped (exit 77) without python3 + networkx.
# Usage: check_ksp.sh KSP_DUMP SOURCE_DIR
set -u
DUMP=$1
PY="$2/tests/reference/ksp_networkx.py"
if ! python3 -c "import networkx" 2>/dev/null; then
    echo "SKIP: python3 with networkx not available"; exit 77
fi
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failed=0
checked=0
for name in $(python3 "$PY" gen "$dir"); do
    for k in 3 6; do
        [ "$k" = 6 ] && [ "$name" != grid_uniform ] && [ "${name#decimal}" = "$name" ] && continue
        python3 "$PY" paths "$dir/$name.txt" "$k" >"$dir/want" || exit 1
        lines=$(wc -l <"$dir/want")
        # distances to each destination given (the model's way) and found
        for how in given --find; do
            "$DUMP" "$dir/$name.txt" "$k" ${how#given} >"$dir/got" || exit 1
            if [ "$lines" -gt 0 ] && cmp -s "$dir/want" "$dir/got"; then
                echo "ok - $name k=$k $how: $lines paths identical"
                checked=$((checked + 1))
            else
                echo "not ok - $name k=$k $how ($lines paths from networkx)"
                diff "$dir/want" "$dir/got" | head -5
                failed=$((failed + 1))
            fi
        done
    done
done
echo "$checked passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$checked" -gt 0 ]
