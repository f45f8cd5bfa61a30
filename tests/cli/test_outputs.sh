#!/usr/bin/env bash
# CLI tests of report outputs: a --json path that cannot be written fails at
# once (exit 2, one line naming it, nothing run), non-regular targets are
# refused and left as they were, and "--json -" puts the JSON alone on stdout.
# Usage: test_outputs.sh ROLLGATE SOURCE_DIR
# Nothing here points at /dev: FIFOs, folders and links live in a mktemp folder.
set -u
RG=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") # absolute: some tests run elsewhere
SRC=$(cd "$2" && pwd)
TMP=$(mktemp -d)
trap 'chmod -R u+w "$TMP" 2>/dev/null; rm -rf "$TMP"' EXIT
export ROLLGATE_FIXTURES="$SRC/fixtures"
. "$SRC/tests/cli/assert.sh"


# small and timing-proof: the performance verdict cannot tip these runs
RUN=(--erlang 300 --replications 2 --requests 1000 --perf-threshold 10 --no-progress)

# refused NAME PATH: exit 2 before anything ran, one line naming PATH
refused() {
    expect "$1" 2 compare --json "$2" "${RUN[@]}"
    error_line "$1" "$2"
    lacks "$1: nothing ran" "$TMP/out" "VERDICT"
    lacks "$1: names the user's path, not a temporary file" "$TMP/err" "\.tmp"
}

refused "missing folder" "$TMP/no-such-folder/x.json"
if [ -e "$TMP/no-such-folder" ]; then fail "missing folder: not created"; else ok "missing folder: not created"; fi

mkfifo "$TMP/fifo"
refused "FIFO" "$TMP/fifo"
[ -p "$TMP/fifo" ] && ok "FIFO: still a FIFO" || fail "FIFO: still a FIFO"

mkdir "$TMP/folder"
refused "folder" "$TMP/folder"
[ -d "$TMP/folder" ] && ok "folder: still a folder" || fail "folder: still a folder"
refused "trailing slash" "$TMP/folder/"

echo precious >"$TMP/real.json"
ln -s "$TMP/real.json" "$TMP/link.json"
refused "symlink" "$TMP/link.json"
[ -L "$TMP/link.json" ] && [ "$(cat "$TMP/real.json")" = precious ] &&
    ok "symlink: link and its target untouched" || fail "symlink: link and its target untouched"

if [ "$(id -u)" -eq 0 ]; then
    skip "read-only folder (root may write anywhere)"
else
    mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
    refused "read-only folder" "$TMP/ro/x.json"
    [ -z "$(ls -A "$TMP/ro")" ] && ok "read-only folder: still empty" ||
        fail "read-only folder: still empty"
fi

# --- what must work ----------------------------------------------------------
have_python=false
command -v python3 >/dev/null && have_python=true
is_json() { # NAME FILE
    if ! $have_python; then skip "$1 (no python3)"; return; fi
    if python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); assert d["verdict"] == "PASS"' \
        "$2" 2>"$TMP/py"; then ok "$1"; else fail "$1" "$(head -c 300 "$TMP/py")"; fi
}

cd "$TMP" || exit 1 # where a file named - would land
expect "json -" 0 compare --json - "${RUN[@]}"
is_json "json -: stdout is the JSON report alone" "$TMP/out"
grep -q "^VERDICT: PASS" "$TMP/err" && ok "json -: text report on stderr" ||
    fail "json -: text report on stderr" "$(head -c 300 "$TMP/err")"
if [ -e ./- ]; then fail "json -: no file named '-'"; else ok "json -: no file named '-'"; fi
cd "$OLDPWD" || exit 1

# a regular file is written, then replaced.  The old writer's predictable
# temporary name (<path>.tmp.<pid>) is planted as a link by a shell that then
# becomes rollgate (exec keeps the pid): the write must not go through it.
echo victim >"$TMP/victim"
bash -c 'ln -s "$1/victim" "$1/out.json.tmp.$$" && exec "$0" compare --json "$1/out.json" "${@:2}"' \
    "$RG" "$TMP" "${RUN[@]}" >"$TMP/out" 2>"$TMP/err"
got=$?
[ "$got" -eq 0 ] && ok "json file (exit 0)" || fail "json file: exit $got, wanted 0" "$(head -c 300 "$TMP/err")"
[ "$(find "$TMP" -maxdepth 1 -name 'out.json.tmp.*' -type l | wc -l)" -eq 1 ] &&
    ok "json file: the planted link is there" || fail "json file: the planted link is there"
is_json "json file: a JSON report" "$TMP/out.json"
[ ! -L "$TMP/out.json" ] && [ -f "$TMP/out.json" ] && ok "json file: a regular file" ||
    fail "json file: a regular file"
echo stale >"$TMP/out.json"
expect "json file replaced" 0 compare --json "$TMP/out.json" "${RUN[@]}"
is_json "json file replaced: a JSON report" "$TMP/out.json"
[ "$(cat "$TMP/victim")" = victim ] && ok "planted links: their target untouched" ||
    fail "planted links: their target untouched"
n=$(find "$TMP" -maxdepth 1 -name '.rollgate-*' | wc -l)
[ "$n" -eq 0 ] && ok "no temporary file left behind" || fail "no temporary file left behind" "$n left"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
