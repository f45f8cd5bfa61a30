/*
 * The JUnit renderer (reports/junit.c) and the XML escaping of
 * reports/escape.c on the hand-built documents of report_fixture.c: the
 * counts of every suite and of the whole, reasoned by hand from the
 * fixture's verdicts; a rollback is a failure with the reason as message, a
 * harness error an error, INCONCLUSIVE and MONITOR pass with the verdict in
 * system-out; hostile text comes back intact through the escaping; the
 * properties carry thresholds, confidence and seeds, and with a sequential
 * design the looks of each load; a testcase per declared metric, failing
 * only for a primary one's rollback, and the --exact characterisation.
 * (The schema itself is checked by tests/reports/check_junit.sh with
 * xmllint.)
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report_testutil.h"

static char *render(const struct report_doc *doc)
{
        return report_test_render(&report_junit_ops, doc);
}

static char *render_kind(enum fixture_kind kind)
{
        return report_test_render_kind(&report_junit_ops, kind);
}

/* ---- a scanner for the renderer's own, regular output -------------------- */

/* The value of attribute `name` in the tag at `tag`, entities decoded;
 * false when the tag has no such attribute. */
static bool attr(const char *tag, const char *name, char *out, size_t cap)
{
        const char *end = strchr(tag, '>');
        char key[64];
        snprintf(key, sizeof(key), " %s=\"", name);
        const char *p = strstr(tag, key);
        if (p == NULL || end == NULL || p > end)
                return false;
        p += strlen(key);
        size_t n = 0;
        static const struct {
                const char *ent;
                char c;
        } ents[] = {{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&#39;", '\''}};
        while (*p && *p != '"' && n + 1 < cap) {
                bool ent = false;
                for (size_t i = 0; i < sizeof(ents) / sizeof(ents[0]) && *p == '&'; i++)
                        if (strncmp(p, ents[i].ent, strlen(ents[i].ent)) == 0) {
                                out[n++] = ents[i].c;
                                p += strlen(ents[i].ent);
                                ent = true;
                                break;
                        }
                if (!ent)
                        out[n++] = *p++;
        }
        out[n] = '\0';
        return *p == '"';
}

static int attr_int(const char *tag, const char *name)
{
        char v[32];
        CU_ASSERT_FATAL(attr(tag, name, v, sizeof(v)));
        return atoi(v);
}

/* The suite named `name`: its opening tag, and its end in *end. */
static const char *suite(const char *xml, const char *name, const char **end)
{
        char want[96];
        snprintf(want, sizeof(want), "<testsuite name=\"%s\"", name);
        const char *s = strstr(xml, want);
        CU_ASSERT_PTR_NOT_NULL_FATAL(s);
        *end = strstr(s, "</testsuite>");
        CU_ASSERT_PTR_NOT_NULL_FATAL(*end);
        return s;
}

/* The testcase `name` inside a suite: its tag, and its end in *end. */
static const char *testcase(const char *s, const char *send, const char *name, const char **end)
{
        char want[96];
        snprintf(want, sizeof(want), "<testcase name=\"%s\"", name);
        const char *c = strstr(s, want);
        CU_ASSERT_FATAL(c != NULL && c < send);
        const char *selfclose = strstr(c, "/>");
        const char *close = strstr(c, "</testcase>");
        const char *gt = strchr(c, '>');
        *end = gt && selfclose && gt == selfclose + 1 ? gt : close;
        CU_ASSERT_PTR_NOT_NULL_FATAL(*end);
        return c;
}

static bool property(const char *s, const char *send, const char *name, const char *value)
{
        char want[128];
        snprintf(want, sizeof(want), "<property name=\"%s\" value=\"%s\"/>", name, value);
        const char *p = strstr(s, want);
        return p && p < send;
}

struct counts {
        int tests, failures, errors, skipped;
};

/* The suite's counts as its attributes say, checked against the elements
 * inside it. */
static struct counts suite_counts(const char *xml, const char *name)
{
        const char *end;
        const char *s = suite(xml, name, &end);
        struct counts c = {attr_int(s, "tests"), attr_int(s, "failures"), attr_int(s, "errors"),
                           attr_int(s, "skipped")};
        CU_ASSERT_EQUAL(c.tests, report_test_count(s, end, "<testcase "));
        CU_ASSERT_EQUAL(c.failures, report_test_count(s, end, "<failure "));
        CU_ASSERT_EQUAL(c.errors, report_test_count(s, end, "<error "));
        CU_ASSERT_EQUAL(c.skipped, report_test_count(s, end, "<skipped "));
        return c;
}

static void expect_counts(const char *xml, const char *name, struct counts want)
{
        struct counts got = suite_counts(xml, name);
        if (memcmp(&got, &want, sizeof(got)) != 0)
                fprintf(stderr, "\nsuite %s: %d/%d/%d/%d, wanted %d/%d/%d/%d\n", name, got.tests,
                        got.failures, got.errors, got.skipped, want.tests, want.failures,
                        want.errors, want.skipped);
        CU_ASSERT_EQUAL(got.tests, want.tests);
        CU_ASSERT_EQUAL(got.failures, want.failures);
        CU_ASSERT_EQUAL(got.errors, want.errors);
        CU_ASSERT_EQUAL(got.skipped, want.skipped);
}

/* ---- tests -------------------------------------------------------------- */

static void test_counts(void)
{
        /*
         * By hand from report_fixture.c.  A load suite has 8 testcases: BP,
         * BBP, block reasons, modulations, route length, hops, bias,
         * performance.  Block reasons are never tested in the fixture
         * (skipped); a rollback metric fails, a harness-error metric is an
         * error; performance is skipped where its perf entry is not
         * computed (emergency 450, harness both).  "all loads" has the
         * pooled performance (skipped when not computed: harness) and
         * "report complete".
         */
        const struct {
                struct counts l300, l450, all, total;
        } want[FIXTURE_KINDS] = {
            [FIXTURE_PASS] = {{8, 0, 0, 1}, {8, 0, 0, 1}, {2, 0, 0, 0}, {18, 0, 0, 2}},
            [FIXTURE_PLANNED] = {{8, 0, 0, 1}, {8, 2, 0, 1}, {2, 0, 0, 0}, {18, 2, 0, 2}},
            [FIXTURE_EMERGENCY] = {{8, 0, 0, 1}, {8, 2, 0, 2}, {2, 0, 0, 0}, {18, 2, 0, 3}},
            [FIXTURE_INCONCLUSIVE] = {{8, 0, 0, 1}, {8, 0, 0, 1}, {2, 0, 0, 0}, {18, 0, 0, 2}},
            [FIXTURE_LOW_SIGNAL] = {{8, 0, 0, 1}, {8, 0, 0, 1}, {2, 0, 0, 0}, {18, 0, 0, 2}},
            [FIXTURE_HARNESS] = {{8, 0, 2, 2}, {8, 0, 2, 2}, {2, 0, 0, 1}, {18, 0, 4, 5}},
            [FIXTURE_HOSTILE] = {{8, 0, 0, 1}, {8, 2, 0, 1}, {2, 0, 0, 0}, {18, 2, 0, 2}},
            /* the looks are properties and system-out, never testcases */
            [FIXTURE_SEQUENTIAL] = {{8, 0, 0, 1}, {8, 0, 0, 1}, {2, 0, 0, 0}, {18, 0, 0, 2}},
            /* + a testcase per declared metric; at 450 the primary exact
             * `digest` fails, MONITOR `tick_ms` and secondary `heap_mb`
             * pass */
            [FIXTURE_METRICS] = {{12, 0, 0, 1}, {12, 1, 0, 1}, {2, 0, 0, 0}, {26, 1, 0, 2}},
            /* + alerts_total, digest, trace_hash; at 450 BP, BBP and
             * trace_hash differ */
            [FIXTURE_EXACT] = {{11, 0, 0, 1}, {11, 3, 0, 1}, {2, 0, 0, 0}, {24, 3, 0, 2}},
        };
        for (int k = 0; k < FIXTURE_KINDS; k++) {
                char *xml = render_kind(k);
                CU_ASSERT_EQUAL(strncmp(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39),
                                0);
                const char *top = strstr(xml, "<testsuites ");
                CU_ASSERT_PTR_NOT_NULL_FATAL(top);
                CU_ASSERT_EQUAL(report_test_count(xml, NULL, "<testsuite "), 3);
                expect_counts(xml, "erlang 300", want[k].l300);
                expect_counts(xml, "erlang 450", want[k].l450);
                expect_counts(xml, "all loads", want[k].all);
                CU_ASSERT_EQUAL(attr_int(top, "tests"), want[k].total.tests);
                CU_ASSERT_EQUAL(attr_int(top, "failures"), want[k].total.failures);
                CU_ASSERT_EQUAL(attr_int(top, "errors"), want[k].total.errors);
                CU_ASSERT_EQUAL(attr_int(top, "skipped"), want[k].total.skipped);
                free(xml);
        }
}

static void test_failure_messages(void)
{
        char m[512];
        const char *end, *cend;
        char *xml = render_kind(FIXTURE_PLANNED);
        const char *s = suite(xml, "erlang 450", &end);
        for (int k = 0; k < REPORT_METRICS; k++) {
                const char *c = testcase(s, end, report_metric_label(k), &cend);
                const char *f = strstr(c, "<failure ");
                CU_ASSERT_FATAL(f != NULL && f < cend);
                CU_ASSERT(attr(f, "message", m, sizeof(m)));
                /* the fixture gives both metrics load 450's reason */
                CU_ASSERT_STRING_EQUAL(m, "BP deviation +4.000 pp, 90 % decision interval "
                                          "[+3.800, +4.200] beyond T1 2 pp, below T2 10 pp "
                                          "(Holm-adjusted p 0.0044)");
                CU_ASSERT(attr(f, "type", m, sizeof(m)));
                CU_ASSERT_STRING_EQUAL(m, "PLANNED_ROLLBACK");
        }
        /* the passing load has no failure at all */
        s = suite(xml, "erlang 300", &end);
        CU_ASSERT_EQUAL(report_test_count(s, end, "<failure "), 0);
        free(xml);

        xml = render_kind(FIXTURE_EMERGENCY);
        s = suite(xml, "erlang 450", &end);
        const char *c = testcase(s, end, "BP", &cend);
        const char *f = strstr(c, "<failure ");
        CU_ASSERT_FATAL(f != NULL && f < cend);
        CU_ASSERT(attr(f, "message", m, sizeof(m)));
        CU_ASSERT_STRING_EQUAL(m, "orchestrator failed at seed 2: crash at request 500 (injected)");
        CU_ASSERT(attr(f, "type", m, sizeof(m)));
        CU_ASSERT_STRING_EQUAL(m, "EMERGENCY_ROLLBACK");
        /* the failed run is named in the suite's system-out */
        const char *out = strstr(s, "    <system-out>EMERGENCY_ROLLBACK: ");
        CU_ASSERT_FATAL(out != NULL && out < end);
        CU_ASSERT(strstr(out, "orchestrator run failed at replication 1, seed 2: crash at request "
                              "500 (injected)\n") < end);
        free(xml);

        /* a harness error is an <error>, never a <failure> */
        xml = render_kind(FIXTURE_HARNESS);
        const char *want[2] = {"harness error at replication 1: cannot create the run directory",
                               "legacy failed at seed 3: exit status 1"};
        const char *names[2] = {"erlang 300", "erlang 450"};
        for (int li = 0; li < 2; li++) {
                s = suite(xml, names[li], &end);
                c = testcase(s, end, "BBP", &cend);
                const char *e = strstr(c, "<error ");
                CU_ASSERT_FATAL(e != NULL && e < cend);
                CU_ASSERT(attr(e, "message", m, sizeof(m)));
                CU_ASSERT_STRING_EQUAL(m, want[li]);
                CU_ASSERT(attr(e, "type", m, sizeof(m)));
                CU_ASSERT_STRING_EQUAL(m, "HARNESS_ERROR");
        }
        CU_ASSERT_PTR_NULL(strstr(xml, "<failure "));
        free(xml);
}

static void test_inconclusive_and_monitor_pass(void)
{
        const char *end, *cend;
        char *xml = render_kind(FIXTURE_INCONCLUSIVE);
        CU_ASSERT_PTR_NULL(strstr(xml, "<failure "));
        CU_ASSERT_PTR_NULL(strstr(xml, "<error "));
        const char *s = suite(xml, "erlang 450", &end);
        CU_ASSERT(property(s, end, "verdict", "INCONCLUSIVE"));
        const char *c = testcase(s, end, "BP", &cend);
        const char *o = strstr(c, "<system-out>INCONCLUSIVE: BP deviation +1.900 pp");
        CU_ASSERT(o != NULL && o < cend);
        o = strstr(c, "replications needed to decide: 14\n");
        CU_ASSERT(o != NULL && o < cend);
        s = suite(xml, "all loads", &end);
        CU_ASSERT(property(s, end, "verdict", "INCONCLUSIVE"));
        CU_ASSERT(property(s, end, "exit_code", "4"));
        free(xml);

        /* MONITOR: load 450's orchestrator significantly slower */
        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->timing.perf[1].slower = true;
        doc->loads[1].verdict = STATS_MONITOR;
        doc->verdict = STATS_MONITOR;
        doc->exit_code = 3;
        xml = render(doc);
        CU_ASSERT_PTR_NULL(strstr(xml, "<failure "));
        CU_ASSERT_PTR_NULL(strstr(xml, "<error "));
        s = suite(xml, "erlang 450", &end);
        c = testcase(s, end, "performance", &cend);
        o = strstr(c, "<system-out>MONITOR: orchestrator/legacy run time 1.010");
        CU_ASSERT(o != NULL && o < cend);
        s = suite(xml, "erlang 300", &end);
        c = testcase(s, end, "performance", &cend);
        o = strstr(c, "<system-out>PASS: ");
        CU_ASSERT(o != NULL && o < cend);
        free(xml);
        report_doc_destroy(doc);
}

static void test_verdict_never_lost(void)
{
        /* a load verdict no check carries still fails its suite */
        struct report_doc *doc = fixture_doc(FIXTURE_PLANNED);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        for (int k = 0; k < REPORT_METRICS; k++)
                doc->loads[1].metric[k].verdict = STATS_PASS;
        char *xml = render(doc);
        expect_counts(xml, "erlang 450", (struct counts){9, 1, 0, 1});
        const char *end, *cend;
        const char *s = suite(xml, "erlang 450", &end);
        const char *c = testcase(s, end, "verdict", &cend);
        char m[512];
        const char *f = strstr(c, "<failure ");
        CU_ASSERT_FATAL(f != NULL && f < cend);
        CU_ASSERT(attr(f, "message", m, sizeof(m)));
        CU_ASSERT_STRING_EQUAL(m, doc->loads[1].reason);
        /* the overall verdict is shown by the load: no second failure */
        expect_counts(xml, "all loads", (struct counts){2, 0, 0, 0});
        free(xml);
        report_doc_destroy(doc);

        /* interrupted: the document's HARNESS_ERROR over passing loads */
        doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->complete = false;
        doc->verdict = STATS_HARNESS_ERROR;
        doc->exit_code = 7;
        doc->reason = "interrupted: the report is incomplete";
        xml = render(doc);
        expect_counts(xml, "all loads", (struct counts){3, 0, 2, 0});
        s = suite(xml, "all loads", &end);
        c = testcase(s, end, "report complete", &cend);
        const char *e = strstr(c, "<error ");
        CU_ASSERT_FATAL(e != NULL && e < cend);
        CU_ASSERT(attr(e, "type", m, sizeof(m)));
        CU_ASSERT_STRING_EQUAL(m, "INCOMPLETE");
        c = testcase(s, end, "verdict", &cend);
        e = strstr(c, "<error ");
        CU_ASSERT_FATAL(e != NULL && e < cend);
        CU_ASSERT(attr(e, "message", m, sizeof(m)));
        CU_ASSERT_STRING_EQUAL(m, "interrupted: the report is incomplete");
        free(xml);
        report_doc_destroy(doc);
}

static void test_hostile_text_escaped(void)
{
        char *xml = render_kind(FIXTURE_HOSTILE);
        CU_ASSERT_PTR_NULL(strstr(xml, "<script"));
        CU_ASSERT_PTR_NULL(strstr(xml, "]]>"));
        /* the reason comes back from the message attribute as it was, with
         * its line breaks and tab as spaces and the control character gone */
        char want[512], m[512];
        snprintf(want, sizeof(want), "BP deviation +4.000 pp: %s", fixture_hostile_text);
        size_t n = 0;
        for (const char *p = want; *p; p++)
                if (*p == '\n' || *p == '\t')
                        want[n++] = ' ';
                else if ((unsigned char)*p >= 0x20)
                        want[n++] = *p;
        want[n] = '\0';
        const char *end, *cend;
        const char *s = suite(xml, "erlang 450", &end);
        const char *c = testcase(s, end, "BP", &cend);
        const char *f = strstr(c, "<failure ");
        CU_ASSERT_FATAL(f != NULL && f < cend);
        CU_ASSERT(attr(f, "message", m, sizeof(m)));
        CU_ASSERT_STRING_EQUAL(m, want);
        /* attributes stay attributes: the hostile host and config */
        CU_ASSERT(attr(s, "hostname", m, sizeof(m)));
        CU_ASSERT_STRING_EQUAL(m, "host\"<x>");
        CU_ASSERT(property(s, end, "config", "configs/a|b &lt;c&gt;&amp;.ini"));
        /* the element text keeps the line breaks, escaped markup */
        CU_ASSERT_PTR_NOT_NULL(strstr(xml, "INVESTIGATE: a|b\n| --- |\n&lt;script&gt;alert(1)"
                                           "&lt;/script&gt; &amp; &amp;amp; &quot;q&quot; "
                                           "&#39;x&#39;"));
        free(xml);
}

static void test_xml_escaping(void)
{
        const struct {
                const char *in, *out;
        } cases[] = {
            {"a<b>&\"'", "a&lt;b&gt;&amp;&quot;&#39;"},
            {"tab\tnl\ncr\rbell\x07", "tab\tnl\ncrbell"},
            {"caf\xC3\xA9 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xF0\x9F\x98\x80"},
            {"latin1 caf\xE9!", "latin1 caf\xEF\xBF\xBD!"},
            {"overlong \xC0\xAF", "overlong \xEF\xBF\xBD\xEF\xBF\xBD"},
            {"surrogate \xED\xA0\x80", "surrogate \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
            {"nonchar \xEF\xBF\xBE", "nonchar \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
            {"cut \xE2\x82", "cut \xEF\xBF\xBD\xEF\xBF\xBD"},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                char *got = report_test_escape(report_put_xml, cases[i].in);
                if (strcmp(got, cases[i].out) != 0)
                        fprintf(stderr, "\nxml of case %zu: '%s', wanted '%s'\n", i, got,
                                cases[i].out);
                CU_ASSERT_STRING_EQUAL(got, cases[i].out);
                free(got);
        }
}

static void test_properties(void)
{
        char *xml = render_kind(FIXTURE_PLANNED);
        const char *names[] = {"erlang 300", "erlang 450", "all loads"};
        for (int i = 0; i < 3; i++) {
                const char *end;
                const char *s = suite(xml, names[i], &end);
                /* the fixture's policy: T1 2, T2 10, confidence 0.95 (decisions
                 * at 0.9), seeds 1..3, injection drop=0.05 */
                CU_ASSERT(property(s, end, "t1", "2"));
                CU_ASSERT(property(s, end, "t2", "10"));
                CU_ASSERT(property(s, end, "confidence", "0.95"));
                CU_ASSERT(property(s, end, "decision_level", "0.9"));
                CU_ASSERT(property(s, end, "seeds", "1,2,3"));
                CU_ASSERT(property(s, end, "inject", "drop=0.05"));
                CU_ASSERT(property(s, end, "unit", "pp"));
                /* the run's start without its zone, the host */
                char v[64];
                CU_ASSERT(attr(s, "timestamp", v, sizeof(v)));
                CU_ASSERT_STRING_EQUAL(v, "2026-12-01T21:55:03");
                CU_ASSERT(attr(s, "hostname", v, sizeof(v)));
                CU_ASSERT_STRING_EQUAL(v, "ci-runner");
        }
        const char *end;
        const char *s = suite(xml, "erlang 450", &end);
        CU_ASSERT(property(s, end, "verdict", "PLANNED_ROLLBACK"));
        CU_ASSERT(property(s, end, "erlang", "450"));
        s = suite(xml, "all loads", &end);
        CU_ASSERT(property(s, end, "action_level", "2"));
        CU_ASSERT(property(s, end, "exit_code", "5"));
        free(xml);
}

static void test_times(void)
{
        char *xml = render_kind(FIXTURE_PASS);
        char v[32];
        const char *top = strstr(xml, "<testsuites ");
        CU_ASSERT_PTR_NOT_NULL_FATAL(top);
        CU_ASSERT(attr(top, "time", v, sizeof(v)));
        CU_ASSERT_STRING_EQUAL(v, "0.210000"); /* wall_seconds */
        /* a load: 3 pairs x (stream 0.002 + legacy wall 0.0111 + orchestrator
         * wall 0.0113) */
        const char *end;
        const char *s = suite(xml, "erlang 300", &end);
        CU_ASSERT(attr(s, "time", v, sizeof(v)));
        CU_ASSERT_STRING_EQUAL(v, "0.073200");
        free(xml);

        /* a start time that is no ISO time: no timestamp attribute */
        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->timing.started = "yesterday";
        doc->timing.host = "";
        doc->timing.wall_seconds = NAN;
        xml = render(doc);
        CU_ASSERT_PTR_NULL(strstr(xml, "timestamp="));
        CU_ASSERT_PTR_NULL(strstr(xml, "hostname="));
        top = strstr(xml, "<testsuites ");
        CU_ASSERT(attr(top, "time", v, sizeof(v)));
        CU_ASSERT_STRING_EQUAL(v, "0.000000");
        free(xml);
        report_doc_destroy(doc);
}

static void test_unbounded_figures(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_PLANNED);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->loads[1].metric[REPORT_BP].dev_hi = INFINITY;
        doc->loads[1].metric[REPORT_BP].p_value = NAN;
        char *xml = render(doc);
        const char *end, *cend;
        const char *s = suite(xml, "erlang 450", &end);
        const char *c = testcase(s, end, "BP", &cend);
        const char *d = strstr(c, "deviation +4.000 pp, 90 % decision interval [+3.800, +inf] "
                                  "(paired)\n");
        CU_ASSERT(d != NULL && d < cend);
        d = strstr(c, "(95 % CI), p n/a\n");
        CU_ASSERT(d != NULL && d < cend);
        CU_ASSERT_PTR_NULL(strstr(xml, "nan"));
        free(xml);
        report_doc_destroy(doc);
}

/* The text between the suite's own <system-out> and its end. */
static const char *suite_sysout(const char *s, const char *end)
{
        const char *last = NULL;
        for (const char *p = strstr(s, "<system-out>"); p && p < end;
             p = strstr(p + 1, "<system-out>"))
                last = p;
        CU_ASSERT_PTR_NOT_NULL_FATAL(last);
        return last;
}

static void test_sequential_looks(void)
{
        char *xml = render_kind(FIXTURE_SEQUENTIAL);
        const char *end;
        const char *s = suite(xml, "erlang 300", &end);
        CU_ASSERT(property(s, end, "replications", "10"));
        CU_ASSERT(property(s, end, "sequential_looks", "2"));
        CU_ASSERT(property(s, end, "sequential_stopped", "decided"));
        const char *out = suite_sysout(s, end);
        const char *l = strstr(out, "\nsequential: stopped after look 2: decided (PASS)\n"
                                    "look 1: 5 replications, nominal level 1.17e-05, alpha spent "
                                    "1.17e-05, BP [-3.100, +3.200] pp, BBP [-4.030, +4.160] pp: "
                                    "INCONCLUSIVE\nlook 2: 10 replications, nominal level "
                                    "0.00193, alpha spent 0.00194, BP [-0.950, +0.980] pp, BBP "
                                    "[-1.235, +1.274] pp: PASS\n");
        CU_ASSERT(l != NULL && l < end);
        /* the load's own pairs: 10 x (0.002 + 0.0111 + 0.0113) */
        char v[32];
        CU_ASSERT(attr(s, "time", v, sizeof(v)));
        CU_ASSERT_STRING_EQUAL(v, "0.244000");
        s = suite(xml, "erlang 450", &end);
        CU_ASSERT(property(s, end, "replications", "25"));
        CU_ASSERT(property(s, end, "sequential_looks", "5"));
        CU_ASSERT(property(s, end, "sequential_stopped", "max_replications"));
        out = suite_sysout(s, end);
        l = strstr(out, "\nsequential: stopped at the most replications (25): undecided\n");
        CU_ASSERT(l != NULL && l < end);
        l = strstr(out, "\nlook 5: 25 replications, nominal level 0.0424, alpha spent 0.05, BP "
                        "[+0.900, +2.900] pp, BBP [+1.170, +3.770] pp: INCONCLUSIVE\n");
        CU_ASSERT(l != NULL && l < end);
        CU_ASSERT(attr(s, "time", v, sizeof(v)));
        CU_ASSERT_STRING_EQUAL(v, "0.610000");
        s = suite(xml, "all loads", &end);
        CU_ASSERT(property(s, end, "sequential_spending", "obrien-fleming"));
        CU_ASSERT(property(s, end, "sequential_batch", "5"));
        CU_ASSERT(property(s, end, "sequential_max_replications", "25"));
        l = strstr(suite_sysout(s, end), "\nsequential design: O&#39;Brien-Fleming spending, "
                                         "batches of 5, at most 25 replications per load; 17.5 "
                                         "of 25 used on average\n");
        CU_ASSERT(l != NULL && l < end);
        free(xml);
        xml = render_kind(FIXTURE_INCONCLUSIVE);
        CU_ASSERT_PTR_NULL(strstr(xml, "sequential"));
        CU_ASSERT_PTR_NULL(strstr(xml, "\"replications\""));
        free(xml);
}

/* `text` between `from` and `to`. */
static bool inside(const char *from, const char *to, const char *text)
{
        const char *p = strstr(from, text);
        return p != NULL && p < to;
}

static void test_declared_metrics(void)
{
        char m[512];
        const char *end, *cend;
        char *xml = render_kind(FIXTURE_METRICS);
        const char *s = suite(xml, "erlang 450", &end);
        /* each declaration is a property of every suite */
        CU_ASSERT(inside(s, end,
                         "<property name=\"metric.alerts_total\" value=\"equivalence, primary: "
                         "absolute deviation, T1 1 alerts, T2 5 alerts, direction either\"/>"));
        CU_ASSERT(inside(s, end,
                         "<property name=\"metric.tick_ms\" value=\"performance, primary: MONITOR "
                         "when significantly above 1 + 0.05 times legacy\"/>"));
        CU_ASSERT(inside(s, end,
                         "<property name=\"metric.heap_mb\" value=\"exact, secondary: equal "
                         "within abs_tol 0.5 or rel_tol 0.01\"/>"));
        /* the primary exact metric that differs fails with its reason, the
         * orchestrator's value escaped and read back intact */
        const char *c = testcase(s, end, "metric digest", &cend);
        const char *f = strstr(c, "<failure ");
        CU_ASSERT_FATAL(f != NULL && f < cend);
        CU_ASSERT(attr(f, "type", m, sizeof(m)));
        CU_ASSERT_STRING_EQUAL(m, "PLANNED_ROLLBACK");
        CU_ASSERT(attr(f, "message", m, sizeof(m)));
        CU_ASSERT_STRING_EQUAL(m, "digest: differs on 1 of 3 replications; first at replication 2 "
                                  "(seed 102): legacy \"ab12\", orchestrator \"ab|13 <b>&amp;\"");
        CU_ASSERT(inside(c, cend,
                         "\nexact, primary: 1 of 3 replications differ; first: replication 2 (seed "
                         "102): legacy &quot;ab12&quot;, orchestrator &quot;ab|13 "
                         "&lt;b&gt;&amp;amp;&quot;\n"));
        /* MONITOR passes, its verdict first */
        c = testcase(s, end, "metric tick_ms", &cend);
        CU_ASSERT_FALSE(inside(c, cend, "<failure "));
        CU_ASSERT(inside(c, cend, "<system-out>MONITOR: tick_ms: "));
        CU_ASSERT(inside(c, cend,
                         "\nperformance, primary: orchestrator / legacy 1.120, 90 % decision "
                         "interval [1.080, 1.160]: significantly above 1 + 0.05 (MONITOR)\n"));
        /* a secondary metric's rollback only flags: it passes */
        c = testcase(s, end, "metric heap_mb", &cend);
        CU_ASSERT_FALSE(inside(c, cend, "<failure "));
        CU_ASSERT(inside(c, cend, "<system-out>PLANNED_ROLLBACK: heap_mb: differs on 1 of 3 "));
        CU_ASSERT(inside(c, cend, "\nsecondary: its verdict only flags the load\n"));
        c = testcase(s, end, "metric alerts_total", &cend);
        CU_ASSERT(inside(c, cend,
                         "\nequivalence, primary: deviation +0.400 alerts, 90 % decision interval "
                         "[+0.200, +0.600] alerts\n"));
        /* the load's verdict is shown by digest's failure: no extra case */
        CU_ASSERT_FALSE(inside(s, end, "<testcase name=\"verdict\""));
        s = suite(xml, "erlang 300", &end);
        c = testcase(s, end, "metric digest", &cend);
        CU_ASSERT(inside(c, cend, "\nexact, primary: equal on every replication\n"));
        /* no --exact here */
        CU_ASSERT_PTR_NULL(strstr(xml, "Characterisation"));
        CU_ASSERT_PTR_NULL(strstr(xml, "name=\"exact\""));
        free(xml);

        /* a document without declared metrics has no such testcase or property */
        for (int k = 0; k < FIXTURE_METRICS; k++) {
                xml = render_kind(k);
                CU_ASSERT_PTR_NULL(strstr(xml, "name=\"metric"));
                free(xml);
        }
}

static void test_exact_characterisation(void)
{
        char m[512];
        const char *end, *cend;
        char *xml = render_kind(FIXTURE_EXACT);
        const char *s = suite(xml, "all loads", &end);
        CU_ASSERT(property(s, end, "exact", "differs"));
        const char *out = suite_sysout(s, end);
        CU_ASSERT(inside(out, end,
                         "\nCharacterisation (--exact): first difference at erlang 450, "
                         "replication 1 (seed 101), metric BP: legacy 650 of 10000 blocked, "
                         "orchestrator 651 of 10000 blocked\n"));
        s = suite(xml, "erlang 450", &end);
        /* BP judged by equality: what differs, not an interval */
        const char *c = testcase(s, end, "BP", &cend);
        CU_ASSERT(inside(c, cend,
                         "\n1 of 3 replications differ; first: replication 1 (seed 101): legacy "
                         "650 of 10000 blocked, orchestrator 651 of 10000 blocked\n"));
        CU_ASSERT_FALSE(inside(c, cend, "decision interval"));
        c = testcase(s, end, "metric trace_hash", &cend);
        const char *f = strstr(c, "<failure ");
        CU_ASSERT_FATAL(f != NULL && f < cend);
        CU_ASSERT(attr(f, "message", m, sizeof(m)));
        CU_ASSERT_STRING_EQUAL(m, "trace_hash: differs on 1 of 3 replications; first at "
                                  "replication 1 (seed 101): legacy \"9e3779b97f4a7c15\", "
                                  "orchestrator \"9e3779b97f4a7c16\"");
        c = testcase(s, end, "metric alerts_total", &cend);
        CU_ASSERT(inside(c, cend,
                         "<system-out>PASS: alerts_total: equal on every replication\n"
                         "exact, primary: equal on every replication\n"));
        free(xml);

        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->exact.on = true;
        xml = render(doc);
        s = suite(xml, "all loads", &end);
        CU_ASSERT(property(s, end, "exact", "equal"));
        CU_ASSERT(inside(suite_sysout(s, end), end,
                         "\nCharacterisation (--exact): no difference on any replication\n"));
        free(xml);
        report_doc_destroy(doc);
}

static void test_out_of_memory_reported(void)
{
        report_test_renderer_contract(&report_junit_ops, "junit", ".xml", FIXTURE_PLANNED);
        report_test_renderer_contract(&report_junit_ops, "junit", ".xml", FIXTURE_METRICS);
}

TEST_MAIN("report_junit", TEST(test_counts), TEST(test_failure_messages),
          TEST(test_inconclusive_and_monitor_pass), TEST(test_verdict_never_lost),
          TEST(test_hostile_text_escaped), TEST(test_xml_escaping), TEST(test_properties),
          TEST(test_times), TEST(test_unbounded_figures), TEST(test_sequential_looks),
          TEST(test_declared_metrics), TEST(test_exact_characterisation),
          TEST(test_out_of_memory_reported))
