#!/usr/bin/env bash
# Outside checks of the Markdown renderer (reports/markdown.c) on every
# hand-built document: a GFM-aware renderer turns each Markdown table into
# an HTML <table> with all its rows, the <details> block passes through, and
# hostile text comes out as text (no <script> element, a | inside its cell).
# Raw HTML is let through on purpose, so that text the renderer failed to
# escape would show.  Broken Markdown must fail the same checks.
#
# Renderer, first found: cmark-gfm (GitHub's own; Debian cmark-gfm), or
# Python Markdown with its tables extension (python3-markdown); or
# ROLLGATE_MD_RENDERER=cmark-gfm|python.  None: skipped (exit 77).
# Usage: check_markdown.sh RENDER_FIXTURE_BINARY SOURCE_ROOT
set -u
RENDER=$1
SRC=$2
. "$SRC/tests/cli/assert.sh"

PYTHON=
for py in python3 /usr/bin/python3; do
    if command -v "$py" >/dev/null && "$py" -c 'import markdown' 2>/dev/null; then
        PYTHON=$py
        break
    fi
done
RENDERER=${ROLLGATE_MD_RENDERER:-}
if [ -z "$RENDERER" ]; then
    if command -v cmark-gfm >/dev/null; then RENDERER=cmark-gfm
    elif [ -n "$PYTHON" ]; then RENDERER=python
    else
        echo "skip: no Markdown renderer (Debian cmark-gfm or python3-markdown)"
        exit 77
    fi
fi

to_html() { # stdin Markdown -> stdout HTML
    case $RENDERER in
    cmark-gfm) cmark-gfm --unsafe -e table -e strikethrough -e autolink ;;
    # Python Markdown leaves Markdown inside an HTML block alone; GitHub
    # reads it after a blank line, so the <details> body is read apart
    python) "$PYTHON" -c 'import re, sys, markdown
def md(s):
    return markdown.markdown(s, extensions=["tables"])
t = sys.stdin.read()
m = re.search(r"^<details>\n(<summary>.*?</summary>)\n(.*?)^</details>$", t, re.S | re.M)
if m:
    sys.stdout.write(md(t[:m.start()]) + "\n<details>\n" + m.group(1) + "\n" + md(m.group(2))
                     + "\n</details>\n" + md(t[m.end():]))
else:
    sys.stdout.write(md(t))' ;;
    *) echo "unknown renderer $RENDERER" >&2; return 2 ;;
    esac
}
echo "# Markdown renderer: $RENDERER"

TMP=$(mktemp -d /tmp/rollgate-markdown.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

DELIM='^\|( *:?-+:? *\|)+$'
# tables_render NAME MD HTML: as many <table>s as delimiter rows, as many
# <tr>s as table lines that are not delimiter rows
tables_render() {
    local md_tables html_tables md_rows html_rows
    md_tables=$(grep -cE "$DELIM" "$2")
    html_tables=$(grep -oE '<table[ >]' "$3" | wc -l)
    md_rows=$(grep -E '^\|' "$2" | grep -cvE "$DELIM")
    html_rows=$(grep -oE '<tr[ >]' "$3" | wc -l)
    if [ "$md_tables" -ge 4 ] && [ "$md_tables" -eq "$html_tables" ] &&
        [ "$md_rows" -eq "$html_rows" ]; then
        ok "$1: $md_tables tables, $md_rows rows rendered"
    else
        fail "$1: tables $md_tables in Markdown, $html_tables in HTML; rows $md_rows vs $html_rows"
    fi
}

for kind in pass planned emergency inconclusive low_signal harness hostile sequential metrics exact; do
    md=$TMP/$kind.md html=$TMP/$kind.html
    if "$RENDER" "$kind" markdown >"$md" 2>"$TMP/err"; then ok "$kind: renders"; else
        fail "$kind: render_fixture failed" "$(cat "$TMP/err")"
        continue
    fi
    if to_html <"$md" >"$html" 2>"$TMP/err"; then ok "$kind: $RENDERER reads it"; else
        fail "$kind: $RENDERER failed" "$(cat "$TMP/err")"
        continue
    fi
    tables_render "$kind" "$md" "$html"
    if grep -qE '<h2[^>]*>rollgate verdict: [A-Z_]+ \(exit [0-9]\)</h2>' "$html"; then
        ok "$kind: verdict heading"
    else fail "$kind: no verdict heading" "$(head -c 300 "$html")"; fi
    if grep -q '<details>' "$html" && grep -q '<summary>Inputs' "$html"; then
        ok "$kind: inputs in <details>"
    else fail "$kind: no <details> block"; fi
    lacks "$kind: no <script> element" "$html" '<script'
done

looks=$(grep -oE '<th[^>]*>Nominal level</th>' "$TMP/sequential.html" | wc -l)
if [ "$looks" -eq 2 ]; then ok "sequential: a table of looks per load"
else fail "sequential: $looks tables of looks, wanted 2"; fi

H=$TMP/hostile.html
contains "hostile: markup shown as text" "$H" '&lt;script&gt;alert(1)&lt;/script&gt;'
if grep -qE '<td[^>]*>configs/a\|b &lt;c&gt;&amp;\.ini</td>' "$H"; then
    ok "hostile: an escaped | stays inside its cell"
else fail "hostile: the config cell was split" "$(grep -o '<td[^>]*>configs[^<]*' "$H")"; fi

# The checks must fail on broken Markdown.
sed 's/configs\/a\\|b/configs\/a|b/' "$TMP/hostile.md" >"$TMP/bad.md"
if cmp -s "$TMP/hostile.md" "$TMP/bad.md"; then fail "unescaped pipe: the mutation did not apply"
else
    to_html <"$TMP/bad.md" >"$TMP/bad.html"
    if grep -qE '<td[^>]*>configs/a\|b &lt;c&gt;&amp;\.ini</td>' "$TMP/bad.html"; then
        fail "unescaped pipe: the cell check did not notice"
    else ok "unescaped pipe: the cell check fails"; fi
fi
# a table not closed by a blank line swallows the next paragraph
sed '/^| all runs |/{n;/^$/d}' "$TMP/planned.md" >"$TMP/bad.md"
if cmp -s "$TMP/planned.md" "$TMP/bad.md"; then fail "unclosed table: the mutation did not apply"
else
    to_html <"$TMP/bad.md" >"$TMP/bad.html"
    passed_before=$passed failed_before=$failed
    tables_render "unclosed table" "$TMP/bad.md" "$TMP/bad.html" >/dev/null
    if [ "$failed" -gt "$failed_before" ]; then
        passed=$passed_before failed=$failed_before
        ok "unclosed table: the row check fails"
    else
        passed=$passed_before
        fail "unclosed table: the row check did not notice"
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
