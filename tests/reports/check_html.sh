#!/usr/bin/env bash
# Outside checks of the HTML renderer on the hand-built documents
# (tests/report_fixture.c): every page is well-formed XML and parses as HTML
# with libxml2 without a diagnostic, refers to nothing outside itself, and,
# when Chromium is installed, renders at desktop and phone width without a
# console message.  Each check is first shown to catch a broken page.
# Usage: check_html.sh RENDER_FIXTURE SOURCE_ROOT
# RG_HTML_SHOTS=DIR keeps the screenshots in DIR.
set -u
RENDER=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
. "$SRC/tests/cli/assert.sh"

KINDS="pass planned emergency inconclusive low_signal harness hostile sequential metrics exact"

# libxml2 before 2.13 parses HTML 4: it reports every HTML5 and SVG element
# as "Tag NAME invalid" (three lines: message, context, caret).  Exactly the
# elements the renderer uses are let through; any other diagnostic stays.
HTML5_TAGS=" header main footer section figure figcaption details summary svg line rect circle path text "
html_diagnostics() { # FILE: xmllint --html's messages, less the known-element ones
    xmllint --html --noout "$1" 2>&1 | awk -v tags="$HTML5_TAGS" '
        skip > 0 { skip--; next }
        match($0, /HTML parser error : Tag [a-z]+ invalid$/) {
            name = $0; sub(/.*: Tag /, "", name); sub(/ invalid$/, "", name)
            if (index(tags, " " name " ")) { skip = 2; next }
        }
        { print }'
    return "${PIPESTATUS[0]}"
}

# FILE NAME: strict XML and HTML parses, both silent
check_parse() {
    local f=$1 name=$2 rc
    xmllint --noout "$f" >"$TMP/xml.err" 2>&1
    rc=$?
    if [ "$rc" -eq 0 ] && [ ! -s "$TMP/xml.err" ]; then ok "$name: well-formed XML"; else
        fail "$name: xmllint (XML) exit $rc" "$(head -c 600 "$TMP/xml.err")"
    fi
    html_diagnostics "$f" >"$TMP/html.err"
    rc=$?
    if [ "$rc" -eq 0 ] && [ ! -s "$TMP/html.err" ]; then ok "$name: xmllint --html clean"; else
        fail "$name: xmllint --html exit $rc" "$(head -c 600 "$TMP/html.err")"
    fi
}

# FILE: what in it refers outside the page.  Text may mention a URL
# (escaped, it is only text); tags and the style sheet may not, except the
# SVG namespace.
offline_refs() {
    (grep -o '<[^>]*>' "$1" | sed 's|xmlns="http://www.w3.org/2000/svg"||g' |
        grep -E -i -o 'https?:|//[a-z0-9.-]+\.[a-z]|src=|href=|srcset=|<(link|img|iframe|object|embed|script)[ >/]'
    sed -n '/<style>/,/<\/style>/p' "$1" | grep -E -i -o 'url\(|@import|https?:') | sort -u
}

check_offline() { # FILE NAME
    local found
    found=$(offline_refs "$1")
    if [ -z "$found" ]; then ok "$2: references nothing outside the page"; else
        fail "$2: external reference" "$found"
    fi
}

if command -v xmllint >/dev/null 2>&1; then
    # the checks catch what they look for
    printf '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/><title>t</title></head><body><p>a & b <b>c</p></body></html>\n' >"$TMP/broken.html"
    if xmllint --noout "$TMP/broken.html" >/dev/null 2>&1; then
        fail "xmllint (XML) rejects a broken page"
    else ok "xmllint (XML) rejects a broken page"; fi
    if [ -n "$(html_diagnostics "$TMP/broken.html")" ]; then ok "xmllint --html reports a broken page"
    else fail "xmllint --html reports a broken page"; fi
else
    skip "SKIP: xmllint not installed (Debian: libxml2-utils)"
fi
printf '<!DOCTYPE html>\n<html><head><title>t</title><style>p{background:url(x.png)}</style></head><body><img src="https://example.org/x.png" alt=""/></body></html>\n' >"$TMP/online.html"
printf '<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>see https://example.org</p><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"></svg></body></html>\n' >"$TMP/text-url.html"
refs=$(offline_refs "$TMP/online.html" | tr '\n' ' ')
case "$refs" in
*"<img "*"src="*"url("*) ok "the offline check catches an outside image and url()" ;;
*) fail "the offline check catches an outside image and url()" "$refs" ;;
esac
refs=$(offline_refs "$TMP/text-url.html")
if [ -z "$refs" ]; then ok "the offline check lets a URL in text and the SVG namespace pass"
else fail "the offline check lets a URL in text and the SVG namespace pass" "$refs"; fi

for k in $KINDS; do
    f="$TMP/$k.html"
    if "$RENDER" "$k" html >"$f" 2>"$TMP/err" && [ -s "$f" ]; then ok "$k: rendered"; else
        fail "$k: render_fixture $k html" "$(head -c 300 "$TMP/err")"
        continue
    fi
    if command -v xmllint >/dev/null 2>&1; then check_parse "$f" "$k"; fi
    check_offline "$f" "$k"
done

# --- a real browser -----------------------------------------------------------
CHROMIUM=""
for c in chromium chromium-browser; do
    if command -v "$c" >/dev/null 2>&1; then CHROMIUM=$c; break; fi
done

# PAGE WIDTH PNG: a headless screenshot; the console messages go to PNG.log
shoot() {
    local profile="$TMP/profile.$$.$RANDOM"
    mkdir -p "$profile"
    HOME="$profile" XDG_CONFIG_HOME="$profile" XDG_CACHE_HOME="$profile" \
        timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic \
        --no-first-run --no-default-browser-check --disable-background-networking \
        --disable-component-update --disable-sync --disable-extensions --mute-audio \
        --host-resolver-rules="MAP * ~NOTFOUND" --hide-scrollbars \
        --user-data-dir="$profile" --window-size="$2,2400" \
        --enable-logging=stderr --v=0 --screenshot="$3" "file://$1" >"$3.log" 2>&1
    local rc=$?
    rm -rf "$profile"
    return $rc
}

# PNG.log: the page's console said something (a script error, a blocked fetch)
console_lines() { grep -E 'CONSOLE|Uncaught' "$1.log"; }

is_png() { [ -s "$1" ] && [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; }

if [ -z "$CHROMIUM" ]; then
    skip "SKIP: chromium not installed (Debian: apt-get install chromium)"
else
    # the console check sees a script error and a fetch the page's policy blocks
    printf '<!DOCTYPE html>\n<html><head><meta charset="utf-8"/><title>t</title></head><body><p>x</p><script>undefinedFunction();</script></body></html>\n' >"$TMP/script-error.html"
    shoot "$TMP/script-error.html" 1280 "$TMP/script-error.png"
    if console_lines "$TMP/script-error.png" | grep -q undefinedFunction; then
        ok "chromium: a script error reaches the console check"
    else fail "chromium: a script error reaches the console check" "$(tail -5 "$TMP/script-error.png.log")"; fi
    if [ -s "$TMP/planned.html" ]; then
        sed 's|</main>|<p><img src="https://example.org/x.png" alt=""/></p></main>|' \
            "$TMP/planned.html" >"$TMP/fetch.html"
        shoot "$TMP/fetch.html" 1280 "$TMP/fetch.png"
        if console_lines "$TMP/fetch.png" | grep -q "Content Security Policy"; then
            ok "chromium: the page's policy blocks and reports an outside fetch"
        else fail "chromium: the page's policy blocks and reports an outside fetch" \
            "$(tail -5 "$TMP/fetch.png.log")"; fi
    fi
    for k in $KINDS; do
        [ -s "$TMP/$k.html" ] || continue
        for w in 1280 390; do
            png="$TMP/$k-$w.png"
            shoot "$TMP/$k.html" "$w" "$png"
            rc=$?
            if [ "$rc" -eq 0 ] && is_png "$png"; then ok "$k at $w px: screenshot"; else
                fail "$k at $w px: chromium exit $rc, no screenshot" "$(tail -5 "$png.log")"
                continue
            fi
            msgs=$(console_lines "$png")
            if [ -z "$msgs" ]; then ok "$k at $w px: no console message"; else
                fail "$k at $w px: console messages" "$msgs"
            fi
            if [ -n "${RG_HTML_SHOTS:-}" ]; then mkdir -p "$RG_HTML_SHOTS" && cp "$png" "$RG_HTML_SHOTS/"; fi
        done
    done
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
