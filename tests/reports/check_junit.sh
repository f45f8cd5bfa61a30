#!/usr/bin/env bash
# Outside checks of the JUnit renderer (reports/junit.c) on every hand-built
# document: the output is valid against tests/reports/junit.xsd (xmllint),
# every count attribute equals the elements it counts (XPath), and rollbacks
# and harness errors land where the README says.  Broken files must fail
# the same checks, so that the checks can fail.
# Usage: check_junit.sh RENDER_FIXTURE_BINARY SOURCE_ROOT
set -u
RENDER=$1
SRC=$2
XSD=$SRC/tests/reports/junit.xsd
. "$SRC/tests/cli/assert.sh"

if ! command -v xmllint >/dev/null; then
    echo "skip: xmllint is not installed (Debian package libxml2-utils)"
    exit 77
fi
TMP=$(mktemp -d /tmp/rollgate-junit.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

valid() { # FILE: valid against the schema (xmllint's complaint in $TMP/lint)
    xmllint --noout --schema "$XSD" "$1" >"$TMP/lint" 2>&1
}

# The counts of <testsuites> and of every <testsuite> against their testcases.
COUNTS='count(//testcase) = /testsuites/@tests
 and count(//testcase/failure) = /testsuites/@failures
 and count(//testcase/error) = /testsuites/@errors
 and count(//testcase/skipped) = /testsuites/@skipped
 and not(/testsuites/testsuite[count(testcase) != @tests
      or count(testcase/failure) != @failures
      or count(testcase/error) != @errors
      or count(testcase/skipped) != @skipped])'

xpath() { # FILE EXPR: the value of an XPath expression
    xmllint --xpath "$2" "$1" 2>/dev/null
}

counts_agree() { [ "$(xpath "$1" "$COUNTS")" = "true" ]; }

check_xpath() { # NAME FILE EXPR WANT
    local got
    got=$(xpath "$2" "$3")
    if [ "$got" = "$4" ]; then ok "$1"; else fail "$1" "$3 = '$got', wanted '$4'"; fi
}

for kind in pass planned emergency inconclusive low_signal harness hostile sequential metrics exact; do
    f=$TMP/$kind.xml
    if "$RENDER" "$kind" junit >"$f" 2>"$TMP/err"; then ok "$kind: renders"; else
        fail "$kind: render_fixture failed" "$(cat "$TMP/err")"
        continue
    fi
    if valid "$f"; then ok "$kind: valid against junit.xsd"; else
        fail "$kind: not valid against junit.xsd" "$(head -c 600 "$TMP/lint")"
    fi
    if counts_agree "$f"; then ok "$kind: counts agree with the testcases"; else
        fail "$kind: counts disagree with the testcases" "$(head -c 300 "$f")"
    fi
    # a suite per load and one for the whole comparison
    check_xpath "$kind: suites" "$f" 'count(/testsuites/testsuite)' 3
done

# where the verdicts land (README): rollbacks are failures typed by the
# verdict with the reason as message; a harness error is an <error>
P=$TMP/planned.xml E=$TMP/emergency.xml H=$TMP/harness.xml I=$TMP/inconclusive.xml
check_xpath "planned: BP at 450 fails as PLANNED_ROLLBACK" "$P" \
    "string(/testsuites/testsuite[@name='erlang 450']/testcase[@name='BP']/failure/@type)" \
    PLANNED_ROLLBACK
check_xpath "planned: two failures" "$P" 'string(/testsuites/@failures)' 2
check_xpath "emergency: the failure message is the reason" "$E" \
    "string(/testsuites/testsuite[@name='erlang 450']/testcase[@name='BBP']/failure/@message)" \
    "orchestrator failed at seed 2: crash at request 500 (injected)"
check_xpath "harness: four errors, no failure" "$H" \
    'concat(/testsuites/@errors, "/", count(//failure))' "4/0"
check_xpath "harness: errors typed HARNESS_ERROR" "$H" \
    "count(//error[@type='HARNESS_ERROR'])" 4
check_xpath "inconclusive: no failure, the verdict in system-out" "$I" \
    "concat(count(//failure), '/', starts-with(/testsuites/testsuite[@name='erlang 450']/testcase[@name='BP']/system-out, 'INCONCLUSIVE: '))" \
    "0/true"
check_xpath "properties: thresholds, confidence, seeds" "$P" \
    "concat(//testsuite[1]//property[@name='t1']/@value, ' ', //testsuite[1]//property[@name='t2']/@value, ' ', //testsuite[1]//property[@name='confidence']/@value, ' ', //testsuite[1]//property[@name='seeds']/@value)" \
    "2 10 0.95 1,2,3"
check_xpath "sequential: each load's replications and why it stopped" "$TMP/sequential.xml" \
    "concat(//testsuite[@name='erlang 300']//property[@name='replications']/@value, ' ', //testsuite[@name='erlang 450']//property[@name='sequential_stopped']/@value)" \
    "10 max_replications"
check_xpath "hostile: the reason survives as text" "$TMP/hostile.xml" \
    "contains(//testsuite[@name='erlang 450']/testcase[@name='BP']/failure/@message, '<script>alert(1)</script> & &amp;')" \
    true

# The checks must fail on broken files: each mutation of the planned
# output breaks one rule of the schema (or the counts).
mutate() { # NAME SED-SCRIPT: writes $TMP/bad.xml, false when sed changed nothing
    sed -e "$2" "$P" >"$TMP/bad.xml"
    if cmp -s "$P" "$TMP/bad.xml"; then
        fail "$1: the mutation did not apply"
        return 1
    fi
}
rejects() { # NAME SED-SCRIPT: the schema must reject the mutated file
    mutate "$1" "$2" || return
    if valid "$TMP/bad.xml"; then fail "$1: the schema accepted it"; else
        ok "$1: rejected by the schema"
    fi
}
rejects "a testcase without classname" '0,/ classname="[^"]*"/s/ classname="[^"]*"//'
rejects "an unknown element" '0,/<\/testcase>/s/<\/testcase>/<flaky\/><\/testcase>/'
rejects "an unknown attribute" '0,/<testcase /s/<testcase /<testcase flaky="yes" /'
rejects "a count that is no number" '0,/failures="2"/s/failures="2"/failures="two"/'
rejects "a time with an exponent" '0,/time="0.210000"/s/time="0.210000"/time="2.1e-1"/'
rejects "a timestamp with a zone" '0,/timestamp="[^"]*"/s/timestamp="\([^"]*\)"/timestamp="\1Z"/'
rejects "two outcomes in one testcase" \
    '0,/<\/failure>/s/<\/failure>/<\/failure><error message="x" type="y"\/>/'
rejects "two testcases of one name" '0,/<testcase name="BBP"/s/<testcase name="BBP"/<testcase name="BP"/'
rejects "a testsuite without tests" '0,/<testsuite name="erlang 300" tests="8"/s/ tests="8"//'
rejects "not JUnit at all" 's/testsuites/results/g'
if mutate "counts that do not add up" '0,/tests="18"/s/tests="18"/tests="19"/'; then
    if valid "$TMP/bad.xml" && ! counts_agree "$TMP/bad.xml"; then
        ok "counts that do not add up: valid, but caught by the count check"
    else
        fail "counts that do not add up: not caught" "$(cat "$TMP/lint")"
    fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
