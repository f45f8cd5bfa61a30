#!/usr/bin/env bash
# CLI tests of 'rollgate history' on databases written by the test-only
# tests/history_fill (gate_history_add_night; 'rollgate nightly' is tested in
# test_gate.sh): the consecutive rule escalates on night 3 and not before,
# a flip-flop is unstable, a shifted legacy is the reference moving; --json
# parses, --html is well-formed with one chart per config; a missing file,
# a text file and a newer schema are one-line errors (exit 2); and the store
# survives kill -9 in the middle of writing nights: the file opens, passes
# PRAGMA integrity_check and holds only complete nights.
# Usage: test_history.sh ROLLGATE SOURCE_DIR
set -u
RG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
FILL=$(dirname "$RG")/../tests/history_fill
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$SRC/tests/cli/assert.sh"

if [ ! -x "$FILL" ]; then
    echo "SKIP: no tests/history_fill next to $RG"
    exit 77
fi
if ! command -v python3 >/dev/null || ! python3 -c 'import sqlite3' 2>/dev/null; then
    echo "SKIP: python3 with sqlite3 needed"
    exit 77
fi

# sql FILE QUERY: the first column of the first row
sql() { python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); r = c.execute(sys.argv[2]).fetchone(); print(r[0] if r else "")' "$1" "$2"; }

# json_check NAME FILE PYTHON-EXPRESSION (d is the document)
json_check() {
    if python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$2" "$3" 2>"$TMP/py.err"; then ok "$1"; else fail "$1" "$(cat "$TMP/py.err")"; fi
}

# ---- errors ----------------------------------------------------------------
expect "missing file" 2 history "$TMP/none.sqlite"
error_line "missing file" "none.sqlite: no such file"
[ ! -e "$TMP/none.sqlite" ] && ok "missing file: not created" || fail "missing file: not created"

printf 'this is a text file, not a database; long enough for SQLite to read a header from it.\n' >"$TMP/text.sqlite"
expect "not a database" 2 history "$TMP/text.sqlite"
error_line "not a database" "text.sqlite: not an SQLite database"

python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA application_id = 1380403284"); c.execute("PRAGMA user_version = 99"); c.execute("CREATE TABLE night (id INTEGER PRIMARY KEY)"); c.commit()' "$TMP/newer.sqlite"
expect "newer schema" 2 history "$TMP/newer.sqlite"
error_line "newer schema" "newer.sqlite: history schema version 99 is newer than this rollgate's"
[ "$(sql "$TMP/newer.sqlite" 'PRAGMA user_version')" = 99 ] && ok "newer schema: untouched" || fail "newer schema: untouched"

python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); c.execute("CREATE TABLE t (x)"); c.commit()' "$TMP/other.sqlite"
expect "someone else's database" 2 history "$TMP/other.sqlite"
error_line "someone else's database" "other.sqlite: an SQLite database, but not a rollgate history"

expect "no file given" 2 history
error_line "no file given" "which history"
expect "bad --consecutive" 2 history "$TMP/text.sqlite" --consecutive 0
error_line "bad --consecutive" "option --consecutive: '0'"
expect "html into a folder" 2 history "$TMP/text.sqlite" --html "$TMP"
error_line "html into a folder" "$TMP"
expect "help" 0 history --help
contains "help: the rules" "$TMP/out" "reference moved"

# ---- an empty history ---------------------------------------------------------
H=$TMP/h.sqlite
"$FILL" "$H" trend 1 0 || fail "fill: empty"
expect "empty history" 0 history "$H"
contains "empty history: says so" "$TMP/out" "no nights recorded"
expect "empty history --json" 0 history "$H" --json
cp "$TMP/out" "$TMP/empty.json"
json_check "empty history --json: no nights" "$TMP/empty.json" 'd["nights"] == [] and d["configs"] == []'
expect "empty history --html" 0 history "$H" --html "$TMP/empty.html"
xmllint --noout "$TMP/empty.html" 2>"$TMP/xml.err" && ok "empty history --html: well-formed" ||
    fail "empty history --html: well-formed" "$(cat "$TMP/xml.err")"
contains "empty history --html: says so" "$TMP/empty.html" "no nights recorded"

# ---- the consecutive rule: faults on nights 2 and 3 ----------------------------
"$FILL" "$H" trend 1 2 || fail "fill: nights 1-2"
expect "two nights" 0 history "$H"
contains "two nights: alpha's rollback noted" "$TMP/out" "alpha, 450 Erlang, BP: a rollback (PLANNED_ROLLBACK) on 1 night since 2026-01-02T02:00:00Z; escalates at 2"
lacks "two nights: not escalated yet" "$TMP/out" "alpha, 450 Erlang, BP: escalated"
"$FILL" "$H" trend 3 3 || fail "fill: night 3"
expect "three nights" 0 history "$H"
contains "three nights: escalated on night 3, since night 2" "$TMP/out" "alpha, 450 Erlang, BP: escalated: a rollback (worst PLANNED_ROLLBACK) on 2 consecutive nights since 2026-01-02T02:00:00Z"
lacks "three nights: the healthy load is not" "$TMP/out" "alpha, 300 Erlang, BP: escalated"
expect "three nights --consecutive 3" 0 history "$H" --consecutive 3
lacks "--consecutive 3: not yet" "$TMP/out" "alpha, 450 Erlang, BP: escalated"
contains "--consecutive 3: the rule is said" "$TMP/out" "escalates at 3 in a row"

# ---- unstable and the reference moving: nights 4 and 5 ---------------------------
"$FILL" "$H" trend 4 5 || fail "fill: nights 4-5"
expect "five nights" 0 history "$H"
cp "$TMP/out" "$TMP/five.txt"
contains "five nights: beta flips" "$TMP/five.txt" "beta, 300 Erlang, BP: unstable: 4 changes"
lacks "five nights: alpha is not unstable" "$TMP/five.txt" "alpha, 450 Erlang, BP: unstable"
contains "five nights: gamma's reference moved" "$TMP/five.txt" "gamma, 300 Erlang, BP: reference moved: legacy 14.000 %"
contains "five nights: not blamed on the orchestrator" "$TMP/five.txt" "gamma, 300 Erlang, BP: escalated.*reference moved during it.*not the orchestrator's fault"
contains "five nights: flagged in the table" "$TMP/five.txt" "BP reference moved +3.950 pp"
lacks "five nights: no reference moved for alpha" "$TMP/five.txt" "alpha.*reference moved"
contains "five nights: labels shown" "$TMP/five.txt" "labels fusion=abc1234"
contains "five nights: summary" "$TMP/five.txt" "^trend: 6 escalated (4 of them while legacy's reference moved), 2 unstable, 4 reference moved, of 12 series"

expect "--json" 0 history "$H" --json
cp "$TMP/out" "$TMP/five.json"
json_check "--json: five nights, three configs" "$TMP/five.json" 'len(d["nights"]) == 5 and [c["config"] for c in d["configs"]] == ["alpha", "beta", "gamma"]'
json_check "--json: the night's labels" "$TMP/five.json" 'd["nights"][0]["labels"] == {"fusion": "abc1234", "host": "ci"}'
S='{(c["config"], s["erlang"], s["metric"]): s for c in d["configs"] for s in c["series"]}'
json_check "--json: alpha 450 BP escalated since night 2" "$TMP/five.json" "(lambda m: m[('alpha', 450, 'BP')]['trend']['escalated'] and m[('alpha', 450, 'BP')]['trend']['since'] == '2026-01-02T02:00:00Z' and not m[('alpha', 300, 'BP')]['trend']['escalated'])($S)"
json_check "--json: beta 300 BP unstable" "$TMP/five.json" "(lambda m: m[('beta', 300, 'BP')]['trend']['unstable'] and not m[('beta', 450, 'BP')]['trend']['unstable'])($S)"
json_check "--json: gamma reference moved on nights 4 and 5" "$TMP/five.json" "(lambda m: m[('gamma', 300, 'BP')]['trend']['reference_moved'] and [p['reference_moved'] for p in m[('gamma', 300, 'BP')]['nights']] == [False, False, False, True, True])($S)"
json_check "--json: values as written" "$TMP/five.json" "(lambda p: p['deviation'] == {'mean': 4, 'lo': 3.4, 'hi': 4.6} and p['verdict'] == 'PLANNED_ROLLBACK' and p['t1'] == 2 and p['legacy_seconds'] == 1.5)($S[('alpha', 450, 'BP')]['nights'][1])"
json_check "--json: the findings" "$TMP/five.json" 'len(d["findings"]) == 12 and d["summary"]["escalated"] == 6'

expect "--html" 0 history "$H" --html "$TMP/h.html"
cmp -s "$TMP/out" "$TMP/five.txt" && ok "--html: the table still on stdout" || fail "--html: the table still on stdout"
xmllint --noout "$TMP/h.html" 2>"$TMP/xml.err" && ok "--html: well-formed" || fail "--html: well-formed" "$(cat "$TMP/xml.err")"
[ "$(grep -c '<figure class="chart">' "$TMP/h.html")" -eq 3 ] && ok "--html: one chart per config" ||
    fail "--html: one chart per config" "$(grep -c '<figure class="chart">' "$TMP/h.html")"
lacks "--html: nothing fetched" "$TMP/h.html" 'src='
contains "--html: the T1 band" "$TMP/h.html" '+T1'
contains "--html: the moved reference marked" "$TMP/h.html" 'class="ring"'
expect "--config alpha --html" 0 history "$H" --config alpha --html "$TMP/alpha.html"
[ "$(grep -c '<figure class="chart">' "$TMP/alpha.html")" -eq 1 ] && ok "--config: one chart" || fail "--config: one chart"
lacks "--config: only alpha" "$TMP/out" "config beta"
expect "--config unknown" 2 history "$H" --config nope
error_line "--config unknown" "h.sqlite: no config 'nope' in the history"

# ---- kill -9 in the middle of writing nights --------------------------------------
K=$TMP/kill.sqlite
ROWS=400
for round in 1 2 3; do
    "$FILL" "$K" loop "$ROWS" 2>/dev/null &
    pid=$!
    # let it write at least one night, then kill it at an arbitrary moment
    for _ in $(seq 1 200); do
        n=$(sql "$K" 'SELECT count(*) FROM night' 2>/dev/null || echo 0)
        [ "${n:-0}" -ge "$round" ] && break
        sleep 0.05
    done
    sleep "0.$(printf '%03d' $((RANDOM % 400)))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
done
[ "$(sql "$K" 'PRAGMA integrity_check')" = ok ] && ok "kill -9: integrity_check ok" || fail "kill -9: integrity_check ok"
nights=$(sql "$K" 'SELECT count(*) FROM night')
[ "$nights" -ge 3 ] && ok "kill -9: nights were written ($nights)" || fail "kill -9: nights were written" "$nights"
bad=$(sql "$K" "SELECT count(*) FROM night n WHERE n.rows <> $ROWS OR (SELECT count(*) FROM result r WHERE r.night = n.id) <> $ROWS")
[ "$bad" = 0 ] && ok "kill -9: every night complete ($ROWS rows)" || fail "kill -9: every night complete" "$bad incomplete"
orphans=$(sql "$K" 'SELECT count(*) FROM result WHERE night NOT IN (SELECT id FROM night)')
[ "$orphans" = 0 ] && ok "kill -9: no rows without their night" || fail "kill -9: no rows without their night"
expect "kill -9: rollgate history opens it" 0 history "$K" --json
json_check "kill -9: every night read back" "$TMP/out" "len(d['nights']) == $nights and all(n['rows'] == $ROWS for n in d['nights'])"
"$FILL" "$K" trend 1 1 && ok "kill -9: the file takes another night" || fail "kill -9: the file takes another night"

echo "passed $passed, failed $failed, skipped $skipped"
[ "$failed" -eq 0 ]
