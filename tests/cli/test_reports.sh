#!/usr/bin/env bash
# CLI tests of the report formats through the real binary: every drill's
# JSON renders back to the console text of the original run, the JSON to
# itself, and every format 'rollgate report' writes equals what compare
# wrote; report files and '-' behave like --json; saved reports that are
# malformed or of another schema are refused; the diagnosis is the first
# divergence 'rollgate trace' finds.  Usage: test_reports.sh ROLLGATE SOURCE_DIR
set -u
RG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
SRC=$(cd "$2" && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export ROLLGATE_FIXTURES="$SRC/fixtures"
. "$SRC/tests/cli/assert.sh"
PERF=(--perf-threshold 10) # the MONITOR check is timing-based: keep it out of the verdicts

FORMATS=(markdown junit html notification)
ext() { case $1 in markdown) echo md ;; junit) echo xml ;; html) echo html ;; notification) echo txt ;; esac; }

# drill NAME EXIT ARGS...: compare with every report file, then re-render
drill() {
    local name=$1 code=$2 f
    shift 2
    local files=()
    for f in "${FORMATS[@]}"; do files+=(--"$f" "$TMP/$name.$(ext "$f")"); done
    expect "drill $name" "$code" compare "$@" "${PERF[@]}" --json "$TMP/$name.json" "${files[@]}"
    cp "$TMP/out" "$TMP/$name.console"
    local quiet=()
    case " $* " in *" --quiet "*) quiet=(--quiet) ;; esac
    expect "report $name" 0 report "$TMP/$name.json" "${quiet[@]}"
    if cmp -s "$TMP/out" "$TMP/$name.console"; then ok "report $name: the console text of the run"
    else fail "report $name: the console text of the run" "$(diff "$TMP/$name.console" "$TMP/out" | head -5)"; fi
    expect "report $name json" 0 report "$TMP/$name.json" --format json
    if cmp -s "$TMP/out" "$TMP/$name.json"; then ok "report $name: the JSON byte for byte"
    else fail "report $name: the JSON byte for byte" "$(diff "$TMP/$name.json" "$TMP/out" | head -5)"; fi
    for f in "${FORMATS[@]}"; do
        "$RG" report "$TMP/$name.json" --format "$f" --out "$TMP/$name.re.$(ext "$f")" 2>"$TMP/err"
        if [ -s "$TMP/$name.$(ext "$f")" ] && cmp -s "$TMP/$name.re.$(ext "$f")" "$TMP/$name.$(ext "$f")"; then
            ok "report $name --format $f: what compare wrote"
        else fail "report $name --format $f: what compare wrote" "$(head -c 300 "$TMP/err")"; fi
    done
}

drill pass 0
drill drop5 5 --inject drop=0.05
drill drop20 6 --inject drop=0.2
drill crash 6 --inject crash-at=500
drill relabel 0 --inject relabel
drill slow 0 --inject slow=3
drill one 0 --replications 1 --requests 3000
drill relative 0 --deviation relative --replications 3 --requests 2000
drill quiet 5 --inject drop=0.05 --quiet
expect "report without --quiet" 0 report "$TMP/quiet.json"
grep -q "^erlang 300: PLANNED_ROLLBACK" "$TMP/out" && ok "report without --quiet: the whole console report" ||
    fail "report without --quiet: the whole console report"

# what the formats say (their details are in the unit tests)
contains "markdown: verdict first" "$TMP/drop5.md" "PLANNED_ROLLBACK"
contains "junit: a failure for the rollback" "$TMP/drop5.xml" "<failure"
lacks "junit: no failure when it passes" "$TMP/pass.xml" "<failure"
contains "html: charts" "$TMP/drop5.html" "<svg"
contains "notification: Level 2" "$TMP/drop5.txt" "Level 2"
contains "notification: Level 1 for the crash" "$TMP/crash.txt" "Level 1"

# the drills' own files pass the outside checks the fixtures pass
# (tests/reports/check_*.sh): the JUnit schema, a strict XML parse of the HTML
if command -v xmllint >/dev/null; then
    for d in pass drop5 drop20 crash relabel slow one relative; do
        if xmllint --noout --schema "$SRC/tests/reports/junit.xsd" "$TMP/$d.xml" 2>"$TMP/xerr"; then
            ok "junit $d: valid against the schema"
        else fail "junit $d: valid against the schema" "$(head -c 300 "$TMP/xerr")"; fi
        if xmllint --noout "$TMP/$d.html" 2>"$TMP/xerr"; then ok "html $d: well-formed"
        else fail "html $d: well-formed" "$(head -c 300 "$TMP/xerr")"; fi
        n=$(grep -o "<svg" "$TMP/$d.html" | wc -l)
        [ "$n" -eq 4 ] && ok "html $d: four charts" || fail "html $d: four charts" "$n"
    done
    # 4 loads x 2 paths in the BP chart, 4 x 10 per-seed dots per metric
    n=$(grep -o '<circle class="pt legacy' "$TMP/drop5.html" | wc -l)
    [ "$n" -eq 8 ] && ok "html drop5: a legacy point per load in the BP and BBP charts" ||
        fail "html drop5: a legacy point per load in the BP and BBP charts" "$n"
else
    skip "junit and html outside checks (no xmllint)"
fi

# the root cause: the first diverging request, as rollgate trace finds it
req=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))["diagnosis"]; print(d["erlang"], d["seed"], d["request"])' \
    "$TMP/drop5.json" 2>/dev/null)
if [ -n "$req" ]; then
    set -- $req
    "$RG" trace --inject drop=0.05 --erlang "$1" --seed "$2" >"$TMP/trace" 2>&1
    grep -q "DIVERGED at request $3 " "$TMP/trace" && ok "diagnosis: request $3 is where trace says the paths diverge" ||
        fail "diagnosis: where trace says the paths diverge" "$(head -1 "$TMP/trace")"
    contains "notification: names the request" "$TMP/drop5.txt" "request $3"
else
    fail "diagnosis: present in the drill's JSON"
fi
grep -qE '"diagnosis":[[:space:]]+null' "$TMP/pass.json" && ok "diagnosis: none for a PASS" ||
    fail "diagnosis: none for a PASS"

# report files behave like --json: '-' is stdout (the console then goes to
# stderr), at most one on stdout, never two reports in one file, checked
# before any run
RUN=(--erlang 300 --replications 2 --requests 1000 "${PERF[@]}")
expect "markdown -" 0 compare "${RUN[@]}" --markdown -
grep -q "^VERDICT: PASS" "$TMP/err" && ok "markdown -: console on stderr" || fail "markdown -: console on stderr"
lacks "markdown -: stdout is the Markdown alone" "$TMP/out" "^VERDICT:"
contains "markdown -: stdout is Markdown" "$TMP/out" "PASS"
expect "two reports on stdout" 2 compare "${RUN[@]}" --markdown - --junit -
error_line "two reports on stdout" "cannot both go to '-'"
expect "two reports in one file" 2 compare "${RUN[@]}" --html "$TMP/x" --json "$TMP/x"
error_line "two reports in one file" "the json and the html report cannot both go to"
expect "html into a missing folder" 2 compare "${RUN[@]}" --html "$TMP/no/such/r.html"
error_line "html into a missing folder" "no/such/r.html"
mkfifo "$TMP/fifo"
expect "junit into a FIFO" 2 compare "${RUN[@]}" --junit "$TMP/fifo"
error_line "junit into a FIFO" "fifo"
# in the config: [comparison] report keys and [notification] names
cat >"$TMP/c.ini" <<EOF
[comparison]
markdown = $TMP/cfg.md
notification = $TMP/cfg.txt
[notification]
team = optical-core
channel = #oc-alerts
project = nightly gate
EOF
expect "report files from the config" 5 compare --config "$TMP/c.ini" --inject drop=0.05 --requests 2000 \
    --replications 3 --erlang 300 "${PERF[@]}"
[ -s "$TMP/cfg.md" ] && ok "config: markdown written" || fail "config: markdown written"
contains "config: notification team" "$TMP/cfg.txt" "optical-core"
contains "config: notification channel" "$TMP/cfg.txt" "#oc-alerts"
grep -qE '"team":[[:space:]]+"simulation engineering"' "$TMP/pass.json" &&
    ok "notification names: defaults in the JSON" || fail "notification names: defaults in the JSON"

# saved reports that are not ours, or broken
expect "report: no file" 2 report "$TMP/none.json"
error_line "report: no file" "none.json"
expect "report: a folder" 2 report "$TMP"
error_line "report: a folder" "not a regular file"
sed 's/"schema_version":\t3/"schema_version":\t1/' "$TMP/pass.json" >"$TMP/v1.json"
cmp -s "$TMP/pass.json" "$TMP/v1.json" && fail "report: schema version 1: the edit did not apply"
expect "report: schema version 1" 2 report "$TMP/v1.json"
error_line "report: schema version 1" "v1.json: key 'schema_version': 1, but this rollgate reads reports of schema versions 2 to 3"
# a schema 2 report (before the sequential design) is read as a fixed run
# and rendered as a schema 3 one
expect "report: schema version 2" 0 report "$SRC/tests/fuzz/corpus/report_json/pass.json" --format json
contains "report: schema 2 written as 3" "$TMP/out" '"schema_version":	3,'
contains "report: schema 2 is a fixed run" "$TMP/out" '"sequential":	null,'
head -c 2000 "$TMP/pass.json" >"$TMP/cut.json"
expect "report: truncated" 2 report "$TMP/cut.json"
error_line "report: truncated" "cut.json:[0-9]*: not valid JSON"
sed 's/"verdict":\t"PASS"/"verdict":\t"FINE"/' "$TMP/pass.json" >"$TMP/v.json"
expect "report: unknown verdict" 2 report "$TMP/v.json"
error_line "report: unknown verdict" "key 'verdict': unknown verdict 'FINE'"
printf '{"x": 1}\n' >"$TMP/other.json"
expect "report: another JSON" 2 report "$TMP/other.json"
error_line "report: another JSON" "key 'schema_version': missing"
expect "report: unknown format" 2 report "$TMP/pass.json" --format pdf
error_line "report: unknown format" "'pdf' is not one of console|json|markdown|junit|html|notification"
expect "report: no file named" 2 report
error_line "report: no file named" "which report"
expect "report: out into a FIFO" 2 report "$TMP/pass.json" --out "$TMP/fifo"
error_line "report: out into a FIFO" "fifo"
expect "report --help" 0 report --help
contains "report --help: usage" "$TMP/out" "usage: rollgate report"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
