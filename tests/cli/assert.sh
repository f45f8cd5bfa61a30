# Assertions shared by the CLI test scripts (sourced).  The script sets RG
# (the binary) and TMP (its scratch folder, where expect keeps $TMP/out and
# $TMP/err) and reports the counts at the end; a script may redefine any of
# these for its own needs (test_exec.sh runs rollgate in a folder of its own).
passed=0
failed=0
skipped=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
# (fail returns 0, so that `test && fail NAME || ok NAME` reports once)
fail() { failed=$((failed + 1)); echo "not ok - $1"; if [ $# -gt 1 ]; then printf '    %s\n' "$2" | head -c 1500; fi; }
skip() { skipped=$((skipped + 1)); echo "skip - $1"; }

# error_line NAME PATTERN: stderr is one line matching PATTERN, stdout empty
error_line() {
    local lines
    lines=$(wc -l <"$TMP/err")
    if [ "$lines" -eq 1 ] && grep -q -- "$2" "$TMP/err" && [ ! -s "$TMP/out" ]; then
        ok "$1: one-line error"
    else
        fail "$1: wanted one line matching '$2' and no stdout" "$(head -c 400 "$TMP/err")"
    fi
}

# expect NAME CODE [ARGS...]: runs rollgate, keeps stdout/stderr in $TMP/out,err
expect() {
    local name=$1 code=$2
    shift 2
    "$RG" "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" -eq "$code" ]; then ok "$name (exit $code)"; else
        fail "$name: exit $got, wanted $code" "$(head -c 300 "$TMP/err")"
    fi
}

contains() { # NAME FILE PATTERN
    if grep -q -- "$3" "$2"; then ok "$1"; else fail "$1" "no '$3' in $2"; fi
}
lacks() { # NAME FILE PATTERN
    if grep -q -- "$3" "$2"; then fail "$1" "'$3' found in $2"; else ok "$1"; fi
}

# the report without its timing part (the last key), and two reports equal
# outside it
cut_timing() { sed '/"timing":/,$d' "$1"; }
same_outside_timing() { # NAME FILE1 FILE2
    if [ -s "$2" ] && [ -s "$3" ] && grep -q '"timing":' "$2" && cmp -s <(cut_timing "$2") <(cut_timing "$3"); then
        ok "$1"
    else
        fail "$1" "$(diff <(cut_timing "$2") <(cut_timing "$3") 2>&1 | head -8)"
    fi
}

# caught PID SIGNAL: the process has a handler for SIGNAL (its mask in
# /proc): a signal sent before that would be lost, as a background job of a
# script ignores SIGINT
caught() {
    local mask bit
    mask=$(awk '/^SigCgt:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
    [ -n "$mask" ] || return 1
    bit=$((1 << ($(kill -l "$2") - 1)))
    [ $((0x$mask & bit)) -ne 0 ]
}

# lines FILE: its number of lines, 0 when it does not exist
lines() { if [ -f "$1" ]; then wc -l <"$1" | tr -d ' '; else echo 0; fi; }
