# Assertions shared by the CLI test scripts (sourced).  The script sets TMP
# (its scratch folder, where expect keeps $TMP/out and $TMP/err) and reports
# the counts at the end.
passed=0
failed=0
skipped=0

ok() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '    %s\n' "$2" | head -c 1500; }
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
