/*
 * The report document's declared metrics, run values and --exact
 * (reports/json.c writes them, reports/json_read_metrics.c reads them back):
 * filled from a real comparison (an --exact one between the builtin paths,
 * and one whose runs reported values), written as JSON in the layout of the
 * design and read back to the same bytes, absent from a report that has
 * none, and refused with a message naming the key when the JSON does not
 * hold together (a declaration, a load's metric, a run's value, the first
 * difference of --exact).
 */
#include <math.h>
#include <string.h>

#include "report_document_testutil.h"

/* Three [metric.NAME] sections: an equivalence metric in alerts, an exact
 * one with a tolerance, a secondary performance one. */
static void declare_three(struct harness_settings *s)
{
        struct compare_metric_decl *d = &s->metric_sections[0].decl;
        d[0] = (struct compare_metric_decl){.name = "alerts",
                                            .kind = COMPARE_KIND_EQUIVALENCE,
                                            .primary = true,
                                            .pol = {.t1 = 1, .t2 = 5},
                                            .unit = "alerts"};
        s->metric_sections[1].decl = (struct compare_metric_decl){
            .name = "digest", .kind = COMPARE_KIND_EXACT, .primary = true, .abs_tol = 0.5};
        s->metric_sections[2].decl = (struct compare_metric_decl){
            .name = "tick_ms", .kind = COMPARE_KIND_PERFORMANCE, .pol = {.perf_threshold = 0.1}};
        s->n_metric_sections = 3;
}

static void declare_three_exact(struct harness_settings *s)
{
        declare_three(s);
        snprintf(s->cmp.exact, sizeof(s->cmp.exact), "true");
}

/* The declarations as the document states them. */
static void check_declared(const struct report_doc *doc)
{
        CU_ASSERT_EQUAL_FATAL(doc->n_declared, 3);
        const struct report_declared *d = doc->declared;
        CU_ASSERT_STRING_EQUAL(d[0].name, "alerts");
        CU_ASSERT_STRING_EQUAL(d[0].kind, "equivalence");
        CU_ASSERT_STRING_EQUAL(d[0].unit, "alerts");
        CU_ASSERT_TRUE(d[0].primary);
        CU_ASSERT(d[0].t1 == 1 && d[0].t2 == 5);
        CU_ASSERT_EQUAL(d[0].deviation, STATS_DEV_ABSOLUTE);
        CU_ASSERT_STRING_EQUAL(d[1].kind, "exact");
        CU_ASSERT_EQUAL(d[1].abs_tol, 0.5);
        CU_ASSERT_EQUAL(d[1].rel_tol, 0);
        CU_ASSERT_STRING_EQUAL(d[2].name, "tick_ms");
        CU_ASSERT_STRING_EQUAL(d[2].kind, "performance");
        CU_ASSERT_FALSE(d[2].primary);
        CU_ASSERT_EQUAL(d[2].factor, 0.1);
        CU_ASSERT_STRING_EQUAL(d[2].unit, "");
}

/* The JSON of a filled document is a fixed point of reading and writing. */
static void check_json_fixed_point(const struct report_doc *doc)
{
        struct report_doc *back = NULL;
        free(report_test_round_trip(doc, &back));
        report_doc_destroy(back);
}

/* --exact between the builtin paths: BP, BBP and the trace hashes differ
 * (drop=0.05), the declared metrics are reported by neither path. */
static void test_fill_exact(void)
{
        static struct harness_settings s;
        static struct harness_compare hc;
        memset(&hc, 0, sizeof(hc));
        struct compare_result *r = report_test_comparison(&hc, &s, declare_three_exact);
        struct report_doc *doc = report_test_fill(r);
        check_declared(doc);
        const struct compare_difference *d = &r->difference;
        CU_ASSERT_TRUE_FATAL(doc->exact.on && d->present);
        CU_ASSERT_TRUE(doc->exact.differs);
        CU_ASSERT_EQUAL(doc->exact.erlang, r->loads[d->load]);
        CU_ASSERT_EQUAL(doc->exact.seed, d->seed);
        CU_ASSERT_EQUAL(doc->exact.replication, d->rep);
        CU_ASSERT_STRING_EQUAL(doc->exact.metric, strcmp(d->metric, "BP") == 0    ? "bp"
                                                  : strcmp(d->metric, "BBP") == 0 ? "bbp"
                                                                                  : d->metric);
        CU_ASSERT_STRING_EQUAL(doc->exact.value[REPORT_ORCHESTRATOR], d->value[1]);
        for (int li = 0; li < 2; li++) {
                const struct report_load *L = &doc->loads[li];
                const struct compare_load *R = &r->load[li];
                CU_ASSERT_EQUAL_FATAL(L->n_declared, R->n_metrics - COMPARE_METRICS);
                for (int k = 0; k < R->n_metrics; k++) {
                        const struct compare_metric *cm = &R->metric[k];
                        const struct report_metric *m =
                            k < COMPARE_METRICS ? &L->metric[k] : &L->declared[k - COMPARE_METRICS];
                        CU_ASSERT_STRING_EQUAL(m->kind, "exact");
                        CU_ASSERT_EQUAL(m->primary, cm->primary);
                        CU_ASSERT_EQUAL(m->n_differ, cm->n_differ);
                        CU_ASSERT_EQUAL(m->verdict, cm->dec.verdict);
                        if (k >= COMPARE_METRICS)
                                CU_ASSERT_STRING_EQUAL(m->name, cm->name);
                        if (cm->n_differ == 0) {
                                CU_ASSERT_EQUAL(m->first_differ, -1);
                                continue;
                        }
                        CU_ASSERT_EQUAL(m->first_differ, cm->first_differ);
                        CU_ASSERT_EQUAL(m->first_seed,
                                        r->pairs[li * r->n_reps + cm->first_differ].seed[0]);
                        CU_ASSERT_STRING_EQUAL(m->first_value[REPORT_LEGACY], cm->first_value[0]);
                }
                CU_ASSERT_STRING_EQUAL(L->metric[REPORT_BP].name, "bp");
                CU_ASSERT_STRING_EQUAL(L->declared[0].name, "alerts");
                CU_ASSERT_EQUAL(L->declared[0].n_differ, 0); /* reported by neither path */
                /* the builtin paths report trace hashes on every run */
                CU_ASSERT_EQUAL_FATAL(L->n_declared, 4);
                CU_ASSERT_STRING_EQUAL(L->declared[3].name, "trace_hash");
                CU_ASSERT_TRUE(L->declared[3].n_differ > 0);
        }
        compare_result_destroy(r);
        harness_compare_finish(&hc);
        check_json_fixed_point(doc);
        report_doc_destroy(doc);
}

/* Values as a run file reports them (backends/result.h): alerts a
 * number, digest a string that differs in replication 2 at every load,
 * tick_ms 1.5 times as long on the orchestrator, and at load 0,
 * replication 0 a list. */
static void give_values(struct compare_result *r)
{
        for (int j = 0; j < r->n_loads * r->n_reps; j++) {
                struct compare_pair *p = &r->pairs[j];
                for (int role = 0; role < 2; role++) {
                        struct backend_result *run = &p->run[role];
                        struct backend_value *v = run->value;
                        v[0] = (struct backend_value){.name = "alerts",
                                                      .type = BACKEND_VALUE_NUMBER,
                                                      .number = 10 + p->rep + role * 0.25 * p->rep};
                        const bool other = role == 1 && p->rep == 2;
                        v[1] = (struct backend_value){.name = "digest",
                                                      .type = BACKEND_VALUE_STRING,
                                                      .count = 2,
                                                      .hash = other ? 0xabcdefu : 0x1234u};
                        snprintf(v[1].text, sizeof(v[1].text), "%s", other ? "d2" : "d0");
                        v[2] = (struct backend_value){.name = "tick_ms",
                                                      .type = BACKEND_VALUE_NUMBER,
                                                      .number = (role ? 15 : 10) + 0.1 * p->rep};
                        run->n_values = 3;
                        if (j == 0) {
                                v[3] = (struct backend_value){.name = "queue",
                                                              .type = BACKEND_VALUE_LIST,
                                                              .count = 3,
                                                              .hash = 0x0123456789abcdefu,
                                                              .cut = true};
                                snprintf(v[3].text, sizeof(v[3].text), "[1, 2.5, ...");
                                run->n_values = 4;
                        }
                }
        }
}

/* Declared metrics judged on values the runs reported (put into a real
 * result and analysed again): the document has their figures, per-seed
 * deviations from the values, and every run's values. */
static void test_fill_declared_and_values(void)
{
        static struct harness_settings s;
        static struct harness_compare hc;
        memset(&hc, 0, sizeof(hc));
        struct compare_result *r = report_test_comparison(&hc, &s, declare_three);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        give_values(r);
        CU_ASSERT_EQUAL_FATAL(compare_analyse(r, &eb), RG_OK);
        struct report_doc *doc = report_test_fill(r);
        check_declared(doc);
        CU_ASSERT_FALSE(doc->exact.on);
        for (int li = 0; li < 2; li++) {
                const struct report_load *L = &doc->loads[li];
                CU_ASSERT_PTR_NULL(L->metric[REPORT_BP].kind);
                CU_ASSERT_EQUAL_FATAL(L->n_declared, 3);
                const struct report_metric *alerts = &L->declared[0], *digest = &L->declared[1],
                                           *tick = &L->declared[2];
                CU_ASSERT_STRING_EQUAL(alerts->kind, "equivalence");
                CU_ASSERT_TRUE_FATAL(alerts->have_stats);
                CU_ASSERT_EQUAL_FATAL(alerts->n_per_seed, 3);
                for (int rep = 0; rep < 3; rep++)
                        CU_ASSERT_DOUBLE_EQUAL(alerts->per_seed[rep], 0.25 * rep, 1e-12);
                CU_ASSERT_DOUBLE_EQUAL(alerts->delta.mean, 0.25, 1e-12);
                CU_ASSERT_STRING_EQUAL(alerts->unit, "alerts");
                CU_ASSERT_STRING_EQUAL(digest->kind, "exact");
                CU_ASSERT_EQUAL(digest->n_differ, 1);
                CU_ASSERT_EQUAL(digest->first_differ, 2);
                CU_ASSERT_EQUAL(digest->first_seed, r->seeds[2]);
                CU_ASSERT_STRING_EQUAL(digest->first_value[REPORT_LEGACY], "\"d0\"");
                CU_ASSERT_STRING_EQUAL(digest->first_value[REPORT_ORCHESTRATOR], "\"d2\"");
                CU_ASSERT_EQUAL(digest->verdict, STATS_PLANNED_ROLLBACK);
                CU_ASSERT_STRING_EQUAL(tick->kind, "performance");
                CU_ASSERT_FALSE(tick->primary);
                CU_ASSERT_TRUE(tick->perf_computed);
                CU_ASSERT_DOUBLE_EQUAL(tick->perf_ratio, 1.5, 0.01);
                CU_ASSERT_TRUE(tick->perf_slower);
                CU_ASSERT_EQUAL(tick->verdict, STATS_MONITOR);
        }
        const struct report_run *run = &doc->pairs[0].run[REPORT_ORCHESTRATOR];
        CU_ASSERT_EQUAL_FATAL(run->n_values, 4);
        CU_ASSERT_STRING_EQUAL(run->values[0].name, "alerts");
        CU_ASSERT_STRING_EQUAL(run->values[0].type, "number");
        CU_ASSERT_EQUAL(run->values[0].number, 10);
        CU_ASSERT_STRING_EQUAL(run->values[1].type, "string");
        CU_ASSERT_STRING_EQUAL(run->values[1].hash, "0000000000001234");
        CU_ASSERT_STRING_EQUAL(run->values[1].text, "d0");
        CU_ASSERT_EQUAL(run->values[1].count, 2);
        CU_ASSERT_STRING_EQUAL(run->values[3].type, "list");
        CU_ASSERT_STRING_EQUAL(run->values[3].hash, "0123456789abcdef");
        CU_ASSERT_STRING_EQUAL(run->values[3].text, "[1, 2.5, ...");
        CU_ASSERT_TRUE(run->values[3].cut);
        CU_ASSERT_EQUAL(doc->pairs[1].run[REPORT_LEGACY].n_values, 3);
        /* copies: the document outlives the result */
        CU_ASSERT_PTR_NOT_EQUAL(run->values[0].name, r->pairs[0].run[1].value[0].name);
        compare_result_destroy(r);
        harness_compare_finish(&hc);
        check_json_fixed_point(doc);
        report_doc_destroy(doc);
}

/*
 * Declared metrics, run values and --exact, on FIXTURE_PASS changed by hand
 * (its 2 loads, 300 and 450, x 3 replications, seeds 1-3): an equivalence
 * metric in relative deviation with its statistics, an exact one with
 * tolerances whose value differs at load 450 (replication 1, seed 2), a
 * secondary performance one; replication 0 at load 300 reports a number, a
 * cut string and a list on both paths.  With `exact`, every metric is
 * judged kind exact, BP first differs at load 450 replication 0, and load
 * 450 checked the trace hashes.
 */
static const struct report_declared test_declared[3] = {
    {.name = "alerts",
     .kind = "equivalence",
     .primary = true,
     .unit = "alerts",
     .deviation = STATS_DEV_RELATIVE,
     .direction = STATS_DIR_INCREASE,
     .t1 = 1,
     .t2 = 5},
    {.name = "digest",
     .kind = "exact",
     .primary = true,
     .unit = "",
     .abs_tol = 1e-6,
     .rel_tol = 0.02},
    {.name = "tick_ms", .kind = "performance", .primary = false, .unit = "", .factor = 0.05},
};

static void with_kind(struct report_metric *m, const char *name, const char *kind, bool primary,
                      enum stats_basis basis, enum stats_verdict verdict, const char *reason)
{
        *m = (struct report_metric){.name = name,
                                    .kind = kind,
                                    .primary = primary,
                                    .basis = basis,
                                    .verdict = verdict,
                                    .reason = reason,
                                    .rel_mean = NAN,
                                    .first_differ = -1,
                                    .first_value = {"", ""},
                                    .perf_ratio = NAN,
                                    .perf_lo = NAN,
                                    .perf_hi = NAN};
}

static void differs_at(struct report_metric *m, int n, int rep, double seed, const char *legacy,
                       const char *orchestrator)
{
        m->n_differ = n;
        m->first_differ = rep;
        m->first_seed = seed;
        m->first_value[REPORT_LEGACY] = legacy;
        m->first_value[REPORT_ORCHESTRATOR] = orchestrator;
}

static void with_stats(struct report_doc *doc, struct report_metric *m)
{
        double *d = report_doc_alloc(doc, 3, sizeof(double));
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        d[0] = 0.5;
        d[1] = -0.25;
        d[2] = 1.0 / 3;
        m->have_stats = true;
        m->legacy = (struct report_summary){10, 1, 7.5, 12.5};
        m->orchestrator = (struct report_summary){10.2, 1.1, 7.6, 12.8};
        m->delta = (struct report_summary){0.2, 0.4, -0.8, 1.2};
        m->decision_lo = -0.5;
        m->decision_hi = 0.9;
        m->rel_mean = 2;
        m->ratio = 1.02;
        m->rel_lo = -5;
        m->rel_hi = INFINITY;
        m->rel_unbounded = true;
        m->p_value = 0.4;
        m->t = 0.9;
        m->rho = 0.8;
        m->variance_reduction = 3;
        m->unit = "%";
        m->deviation = 2;
        m->dev_lo = -5;
        m->dev_hi = 9;
        m->per_seed = d;
        m->n_per_seed = 3;
}

static void with_values(struct report_doc *doc, struct report_run *run, const char *digest)
{
        struct report_value *v = report_doc_alloc(doc, 3, sizeof(*v));
        CU_ASSERT_PTR_NOT_NULL_FATAL(v);
        v[0] = (struct report_value){
            .name = "tick_ms", .type = "number", .number = 12.5, .hash = "", .text = ""};
        v[1] = (struct report_value){.name = "digest",
                                     .type = "string",
                                     .count = 200,
                                     .hash = "00000000000000ff",
                                     .text = digest,
                                     .cut = true};
        v[2] = (struct report_value){.name = "queue",
                                     .type = "list",
                                     .count = 3,
                                     .hash = "0123456789abcdef",
                                     .text = "[1, 2.5, 3]"};
        run->values = v;
        run->n_values = 3;
}

static struct report_doc *metrics_doc(bool exact)
{
        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->n_declared = 3;
        doc->declared = report_doc_alloc(doc, 3, sizeof(*doc->declared));
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc->declared);
        memcpy(doc->declared, test_declared, sizeof(test_declared));
        const char *eq = exact ? "exact" : "equivalence", *perf = exact ? "exact" : "performance";
        for (int li = 0; li < 2; li++) {
                struct report_load *L = &doc->loads[li];
                const bool traced = exact && li == 1;
                L->n_declared = 3 + traced;
                L->declared = report_doc_alloc(doc, 4, sizeof(*L->declared));
                CU_ASSERT_PTR_NOT_NULL_FATAL(L->declared);
                struct report_metric *m = L->declared;
                if (exact) {
                        with_kind(&m[0], "alerts", eq, true, STATS_BASIS_EQUALITY, STATS_PASS,
                                  "alerts: equal on every replication");
                } else {
                        with_kind(&m[0], "alerts", eq, true, STATS_BASIS_PAIRED, STATS_PASS,
                                  "alerts: within T1");
                        with_stats(doc, &m[0]);
                }
                with_kind(&m[1], "digest", "exact", true, STATS_BASIS_EQUALITY, STATS_PASS,
                          "digest: equal on every replication");
                if (li == 1) {
                        m[1].verdict = STATS_PLANNED_ROLLBACK;
                        m[1].reason = "digest: differs on 1 of 3 replications";
                        differs_at(&m[1], 1, 1, 2, "\"d0\"", "\"d1 | <b>&amp;\"");
                }
                with_kind(&m[2], "tick_ms", perf, false, STATS_BASIS_RATIO, STATS_INCONCLUSIVE,
                          "tick_ms: a ratio needs values above 0 on both paths");
                if (!exact && li == 1) {
                        m[2].verdict = STATS_MONITOR;
                        m[2].reason = "tick_ms: significantly worse";
                        m[2].perf_computed = m[2].perf_slower = true;
                        m[2].perf_ratio = 1.2;
                        m[2].perf_lo = 1.15;
                        m[2].perf_hi = 1.25;
                }
                if (exact)
                        m[2].basis = STATS_BASIS_EQUALITY;
                if (traced) {
                        with_kind(&m[3], "trace_hash", "exact", true, STATS_BASIS_EQUALITY,
                                  STATS_PLANNED_ROLLBACK, "trace_hash: differs on 3 of 3");
                        differs_at(&m[3], 3, 0, 1, "\"000000000000239f\"", "\"00000000000023a0\"");
                }
                for (int k = 0; exact && k < REPORT_METRICS; k++) {
                        struct report_metric *b = &L->metric[k];
                        b->name = k == REPORT_BP ? "bp" : "bbp";
                        b->kind = "exact";
                        b->primary = true;
                        b->first_differ = -1;
                        b->first_value[0] = b->first_value[1] = "";
                        if (li == 1)
                                differs_at(b, 2, 0, 1, "120 of 10000 blocked",
                                           "121 of 10000 blocked");
                }
        }
        with_values(doc, &doc->pairs[0].run[REPORT_LEGACY], "aaaa...");
        with_values(doc, &doc->pairs[0].run[REPORT_ORCHESTRATOR], "ab\"\\\n...");
        if (exact)
                doc->exact = (struct report_exact){
                    .on = true,
                    .differs = true,
                    .erlang = 450,
                    .seed = 1,
                    .replication = 0,
                    .metric = "bp",
                    .value = {"120 of 10000 blocked", "121 of 10000 blocked"}};
        return doc;
}

/* No metric of metrics_doc(true) differs at any load. */
static void nothing_differs(struct report_doc *doc)
{
        for (int li = 0; li < 2; li++) {
                struct report_load *L = &doc->loads[li];
                for (int k = 0; k < REPORT_METRICS; k++)
                        L->metric[k].n_differ = 0;
                for (int k = 0; k < L->n_declared; k++)
                        L->declared[k].n_differ = 0;
        }
}

/* A report without declared metrics, values or --exact has none of their
 * keys (the golden reports stay byte for byte what they were). */
static void test_plain_report_has_no_metric_keys(void)
{
        for (int k = 0; k < FIXTURE_KINDS; k++) {
                struct report_doc *doc = fixture_doc(k);
                CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
                if (doc->n_declared > 0 || doc->exact.on) {
                        report_doc_destroy(doc);
                        continue;
                }
                char *json = report_test_render_as(doc, "json", false);
                CU_ASSERT_PTR_NULL(strstr(json, "\"metrics_declared\""));
                CU_ASSERT_PTR_NULL(strstr(json, "\"exact\":"));
                CU_ASSERT_PTR_NULL(strstr(json, "\"kind\":"));
                CU_ASSERT_PTR_NULL(strstr(json, "\"primary\":"));
                CU_ASSERT_PTR_NULL(strstr(json, "\"differing\":"));
                /* "metrics" only in loads (and their looks), never in a run */
                CU_ASSERT_PTR_NULL(strstr(strstr(json, "\n\t\"runs\":"), "\"metrics\":"));
                free(json);
                report_doc_destroy(doc);
        }
}

static void test_declared_round_trip(void)
{
        struct report_doc *doc = metrics_doc(false), *back = NULL;
        char *json = report_test_round_trip(doc, &back);
        /* the layout, as the design has it */
        CU_ASSERT_PTR_NOT_NULL(strstr(
            json, "\t\t\"holm_tests\":\t4\n\t},\n\t\"metrics_declared\":\t[{\n"
                  "\t\t\t\"name\":\t\"alerts\",\n\t\t\t\"kind\":\t\"equivalence\",\n"
                  "\t\t\t\"primary\":\ttrue,\n\t\t\t\"unit\":\t\"alerts\",\n"
                  "\t\t\t\"deviation\":\t\"relative\",\n\t\t\t\"direction\":\t\"increase\",\n"
                  "\t\t\t\"thresholds\":\t[1, 5]\n\t\t}, {\n"
                  "\t\t\t\"name\":\t\"digest\",\n\t\t\t\"kind\":\t\"exact\",\n"
                  "\t\t\t\"primary\":\ttrue,\n\t\t\t\"abs_tol\":\t1e-06,\n"
                  "\t\t\t\"rel_tol\":\t0.02\n\t\t}, {\n"
                  "\t\t\t\"name\":\t\"tick_ms\",\n\t\t\t\"kind\":\t\"performance\",\n"
                  "\t\t\t\"primary\":\tfalse,\n\t\t\t\"factor\":\t0.05\n\t\t}],\n"
                  "\t\"notification\":\t{\n"));
        CU_ASSERT_PTR_NULL(strstr(json, "\"exact\":\t{"));
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\t\t\t\t\"alerts\":\t{\n"
                                            "\t\t\t\t\t\"kind\":\t\"equivalence\",\n"
                                            "\t\t\t\t\t\"primary\":\ttrue,\n"
                                            "\t\t\t\t\t\"legacy\":\t{\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\t\t\t\t\t\"delta\":\t{\n"
                                            "\t\t\t\t\t\t\"mean\":\t0.2,\n"));
        CU_ASSERT_PTR_NOT_NULL(
            strstr(json, "\t\t\t\t\t\"per_seed\":\t[0.5, -0.25, 0.3333333333333333],\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\t\t\t\t\t\t\"rollback_claim\":\tfalse\n"
                                            "\t\t\t\t\t},\n"
                                            "\t\t\t\t\t\"differing\":\t{\n"
                                            "\t\t\t\t\t\t\"replications\":\t1,\n"
                                            "\t\t\t\t\t\t\"first\":\t{\n"
                                            "\t\t\t\t\t\t\t\"replication\":\t1,\n"
                                            "\t\t\t\t\t\t\t\"seed\":\t2,\n"
                                            "\t\t\t\t\t\t\t\"legacy\":\t\"\\\"d0\\\"\",\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"differing\":\t{\n"
                                            "\t\t\t\t\t\t\"replications\":\t0,\n"
                                            "\t\t\t\t\t\t\"first\":\tnull\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\t\t\t\t\t\"performance\":\t{\n"
                                            "\t\t\t\t\t\t\"computed\":\ttrue,\n"
                                            "\t\t\t\t\t\t\"ratio\":\t1.2,\n"
                                            "\t\t\t\t\t\t\"ci\":\t[1.15, 1.25],\n"
                                            "\t\t\t\t\t\t\"slower\":\ttrue\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"performance\":\t{\n"
                                            "\t\t\t\t\t\t\"computed\":\tfalse,\n"
                                            "\t\t\t\t\t\t\"ratio\":\tnull,\n"
                                            "\t\t\t\t\t\t\"ci\":\t[null, null],\n"
                                            "\t\t\t\t\t\t\"slower\":\tfalse\n"));
        /* BP and BBP as ever: no kind, "delta_pp" */
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"bp\":\t{\n\t\t\t\t\t\"legacy\":\t{"));
        CU_ASSERT_EQUAL(report_test_count(json, NULL, "\"delta_pp\":"), 4);
        CU_ASSERT_EQUAL(report_test_count(json, NULL, "\"kind\":"), 9);
        /* a run's values after its trace hash */
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\t\t\t\t\"trace_hash\":\t\"000000000000239f\",\n"
                                            "\t\t\t\t\"metrics\":\t{\n"
                                            "\t\t\t\t\t\"tick_ms\":\t12.5,\n"
                                            "\t\t\t\t\t\"digest\":\t{\n"
                                            "\t\t\t\t\t\t\"type\":\t\"string\",\n"
                                            "\t\t\t\t\t\t\"count\":\t200,\n"
                                            "\t\t\t\t\t\t\"hash\":\t\"00000000000000ff\",\n"
                                            "\t\t\t\t\t\t\"text\":\t\"aaaa...\",\n"
                                            "\t\t\t\t\t\t\"cut\":\ttrue\n"
                                            "\t\t\t\t\t},\n"
                                            "\t\t\t\t\t\"queue\":\t{\n"
                                            "\t\t\t\t\t\t\"type\":\t\"list\",\n"));
        CU_ASSERT_EQUAL(report_test_count(json, NULL, "\"queue\":"), 2);
        /* and the document read back */
        CU_ASSERT_EQUAL_FATAL(back->n_declared, 3);
        for (int i = 0; i < 3; i++) {
                const struct report_declared *a = &test_declared[i], *b = &back->declared[i];
                CU_ASSERT_STRING_EQUAL(b->name, a->name);
                CU_ASSERT_STRING_EQUAL(b->kind, a->kind);
                CU_ASSERT_STRING_EQUAL(b->unit, a->unit);
                CU_ASSERT_EQUAL(b->primary, a->primary);
                CU_ASSERT_EQUAL(b->deviation, a->deviation);
                CU_ASSERT_EQUAL(b->direction, a->direction);
                CU_ASSERT(b->t1 == a->t1 && b->t2 == a->t2 && b->factor == a->factor);
                CU_ASSERT(b->abs_tol == a->abs_tol && b->rel_tol == a->rel_tol);
        }
        CU_ASSERT_FALSE(back->exact.on);
        const struct report_load *L = &back->loads[1];
        CU_ASSERT_EQUAL_FATAL(L->n_declared, 3);
        CU_ASSERT_STRING_EQUAL(L->metric[REPORT_BP].name, "bp");
        CU_ASSERT_PTR_NULL(L->metric[REPORT_BP].kind);
        CU_ASSERT_STRING_EQUAL(L->declared[0].kind, "equivalence");
        CU_ASSERT_EQUAL(L->declared[0].n_per_seed, 3);
        CU_ASSERT_EQUAL(L->declared[0].per_seed[2], 1.0 / 3);
        CU_ASSERT_TRUE(isinf(L->declared[0].rel_hi));
        CU_ASSERT_EQUAL(L->declared[1].n_differ, 1);
        CU_ASSERT_EQUAL(L->declared[1].first_differ, 1);
        CU_ASSERT_EQUAL(L->declared[1].first_seed, 2);
        CU_ASSERT_STRING_EQUAL(L->declared[1].first_value[REPORT_ORCHESTRATOR],
                               "\"d1 | <b>&amp;\"");
        CU_ASSERT_EQUAL(back->loads[0].declared[1].first_differ, -1);
        CU_ASSERT_STRING_EQUAL(back->loads[0].declared[1].first_value[REPORT_LEGACY], "");
        CU_ASSERT_TRUE(L->declared[2].perf_computed && L->declared[2].perf_slower);
        CU_ASSERT_EQUAL(L->declared[2].perf_hi, 1.25);
        CU_ASSERT_FALSE(L->declared[2].primary);
        CU_ASSERT_TRUE(isnan(back->loads[0].declared[2].perf_ratio));
        const struct report_run *run = &back->pairs[0].run[REPORT_ORCHESTRATOR];
        CU_ASSERT_EQUAL_FATAL(run->n_values, 3);
        CU_ASSERT_STRING_EQUAL(run->values[0].type, "number");
        CU_ASSERT_EQUAL(run->values[0].number, 12.5);
        CU_ASSERT_STRING_EQUAL(run->values[1].text, "ab\"\\\n...");
        CU_ASSERT_TRUE(run->values[1].cut);
        CU_ASSERT_EQUAL(run->values[1].count, 200);
        CU_ASSERT_STRING_EQUAL(run->values[2].type, "list");
        CU_ASSERT_STRING_EQUAL(run->values[2].hash, "0123456789abcdef");
        CU_ASSERT_FALSE(run->values[2].cut);
        CU_ASSERT_EQUAL(back->pairs[1].run[REPORT_LEGACY].n_values, 0);
        /* the console renders it as it renders the original */
        char *a = report_test_render_as(doc, "console", false),
             *b = report_test_render_as(back, "console", false);
        CU_ASSERT_STRING_EQUAL(a, b);
        free(a);
        free(b);
        free(json);
        report_doc_destroy(back);
        report_doc_destroy(doc);
}

static void test_exact_round_trip(void)
{
        struct report_doc *doc = metrics_doc(true), *back = NULL;
        char *json = report_test_round_trip(doc, &back);
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\t\t}],\n\t\"exact\":\t{\n"
                                            "\t\t\"differs\":\ttrue,\n"
                                            "\t\t\"first\":\t{\n"
                                            "\t\t\t\"erlang\":\t450,\n"
                                            "\t\t\t\"seed\":\t1,\n"
                                            "\t\t\t\"replication\":\t0,\n"
                                            "\t\t\t\"metric\":\t\"bp\",\n"
                                            "\t\t\t\"legacy\":\t\"120 of 10000 blocked\",\n"
                                            "\t\t\t\"orchestrator\":\t\"121 of 10000 blocked\"\n"
                                            "\t\t}\n\t},\n\t\"notification\":\t{\n"));
        /* BP and BBP gain kind, primary and differing */
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"bp\":\t{\n\t\t\t\t\t\"kind\":\t\"exact\",\n"
                                            "\t\t\t\t\t\"primary\":\ttrue,\n"
                                            "\t\t\t\t\t\"legacy\":\t{"));
        CU_ASSERT_EQUAL(report_test_count(json, NULL, "\"differing\":"), 2 * 5 + 1);
        CU_ASSERT_EQUAL(report_test_count(json, NULL, "\"trace_hash\":\t{"), 1);
        CU_ASSERT_EQUAL(report_test_count(json, NULL, "\"performance\":\t{"), 0);
        CU_ASSERT_TRUE(back->exact.on && back->exact.differs);
        CU_ASSERT_EQUAL(back->exact.erlang, 450);
        CU_ASSERT_EQUAL(back->exact.replication, 0);
        CU_ASSERT_STRING_EQUAL(back->exact.metric, "bp");
        CU_ASSERT_STRING_EQUAL(back->exact.value[REPORT_ORCHESTRATOR], "121 of 10000 blocked");
        CU_ASSERT_EQUAL(back->loads[0].n_declared, 3);
        CU_ASSERT_EQUAL_FATAL(back->loads[1].n_declared, 4);
        CU_ASSERT_STRING_EQUAL(back->loads[1].declared[3].name, "trace_hash");
        CU_ASSERT_EQUAL(back->loads[1].declared[3].n_differ, 3);
        CU_ASSERT_STRING_EQUAL(back->loads[1].metric[REPORT_BBP].kind, "exact");
        CU_ASSERT_EQUAL(back->loads[1].metric[REPORT_BBP].n_differ, 2);
        free(json);
        report_doc_destroy(back);
        /* without a difference: "first" is null */
        nothing_differs(doc);
        doc->exact.differs = false;
        json = report_test_round_trip(doc, &back);
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\t\"exact\":\t{\n\t\t\"differs\":\tfalse,\n"
                                            "\t\t\"first\":\tnull\n\t},\n"));
        CU_ASSERT_TRUE(back->exact.on);
        CU_ASSERT_FALSE(back->exact.differs);
        free(json);
        report_doc_destroy(back);
        report_doc_destroy(doc);
}

/* metrics_doc(exact) changed by `edit` and written as JSON must be
 * refused with `needle`. */
static void expect_metrics_refused(bool exact, void (*edit)(struct report_doc *),
                                   const char *needle)
{
        report_test_expect_doc_refused(metrics_doc(exact), edit, needle);
}

static void unknown_kind(struct report_doc *doc)
{
        doc->declared[0].kind = "fuzzy";
}

static void declared_twice(struct report_doc *doc)
{
        doc->declared[2].name = "alerts";
}

static void predeclared_name(struct report_doc *doc)
{
        doc->declared[1].name = "Trace_Hash";
}

static void spaced_name(struct report_doc *doc)
{
        doc->declared[0].name = "tick ms";
}

static void long_name(struct report_doc *doc)
{
        doc->declared[0].name = "a23456789012345678901234567890123456789012345678";
}

static void thirteen_declared(struct report_doc *doc)
{
        struct report_declared *d = report_doc_alloc(doc, 13, sizeof(*d));
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        for (int i = 0; i < 13; i++)
                d[i] = test_declared[i % 3];
        doc->declared = d;
        doc->n_declared = 13;
}

static void thresholds_reversed(struct report_doc *doc)
{
        doc->declared[0].t1 = 5;
        doc->declared[0].t2 = 1;
}

static void negative_tolerance(struct report_doc *doc)
{
        doc->declared[1].rel_tol = -0.5;
}

static void no_factor(struct report_doc *doc)
{
        doc->declared[2].factor = NAN;
}

static void load_out_of_order(struct report_doc *doc)
{
        struct report_metric m = doc->loads[0].declared[0];
        doc->loads[0].declared[0] = doc->loads[0].declared[1];
        doc->loads[0].declared[1] = m;
}

static void load_misses_one(struct report_doc *doc)
{
        doc->loads[1].n_declared = 2;
}

static void stray_trace_hash(struct report_doc *doc)
{
        struct report_load *L = &doc->loads[0];
        L->declared[3] = L->declared[1];
        L->declared[3].name = "trace_hash";
        L->n_declared = 4;
}

static void undeclared_metric(struct report_doc *doc)
{
        stray_trace_hash(doc);
        doc->loads[0].declared[3].name = "extra";
}

static void load_kind_differs(struct report_doc *doc)
{
        doc->loads[0].declared[0].kind = "exact";
}

static void load_primary_differs(struct report_doc *doc)
{
        doc->loads[1].declared[2].primary = true;
}

static void bp_kind_without_exact(struct report_doc *doc)
{
        doc->loads[0].metric[REPORT_BP].kind = "exact";
        doc->loads[0].metric[REPORT_BP].primary = true;
}

static void more_differ_than_replications(struct report_doc *doc)
{
        doc->loads[1].declared[1].n_differ = 4;
}

static void first_beyond_replications(struct report_doc *doc)
{
        doc->loads[1].declared[1].first_differ = 3;
}

static void first_too_late(struct report_doc *doc)
{
        doc->loads[1].declared[1].n_differ = 2;
        doc->loads[1].declared[1].first_differ = 2;
}

static void slower_not_computed(struct report_doc *doc)
{
        doc->loads[1].declared[2].perf_computed = false;
}

static void seventeen_values(struct report_doc *doc)
{
        struct report_run *run = &doc->pairs[0].run[REPORT_LEGACY];
        struct report_value *v = report_doc_alloc(doc, 17, sizeof(*v));
        CU_ASSERT_PTR_NOT_NULL_FATAL(v);
        for (int i = 0; i < 17; i++) {
                char name[8];
                snprintf(name, sizeof(name), "v%d", i);
                v[i] = (struct report_value){
                    .name = report_doc_strdup(doc, name), .type = "number", .number = i};
        }
        run->values = v;
        run->n_values = 17;
}

static void long_value_name(struct report_doc *doc)
{
        doc->pairs[0].run[REPORT_LEGACY].values[0].name =
            "x23456789012345678901234567890123456789012345678";
}

static void empty_value_name(struct report_doc *doc)
{
        doc->pairs[0].run[REPORT_LEGACY].values[0].name = "";
}

static void value_twice(struct report_doc *doc)
{
        doc->pairs[0].run[REPORT_LEGACY].values[2].name = "tick_ms";
}

static void upper_case_hash(struct report_doc *doc)
{
        doc->pairs[0].run[REPORT_LEGACY].values[1].hash = "00000000000000FF";
}

static void short_hash(struct report_doc *doc)
{
        doc->pairs[0].run[REPORT_ORCHESTRATOR].values[2].hash = "abc";
}

static void map_value(struct report_doc *doc)
{
        doc->pairs[0].run[REPORT_LEGACY].values[2].type = "map";
}

static void infinite_value(struct report_doc *doc)
{
        doc->pairs[0].run[REPORT_LEGACY].values[0].number = INFINITY;
}

static void half_a_byte(struct report_doc *doc)
{
        doc->pairs[0].run[REPORT_LEGACY].values[1].count = 2.5;
}

static void exact_kind_kept(struct report_doc *doc)
{
        doc->loads[0].declared[0].kind = "equivalence";
}

static void bbp_secondary(struct report_doc *doc)
{
        doc->loads[0].metric[REPORT_BBP].primary = false;
}

static void differs_unsaid(struct report_doc *doc)
{
        doc->exact.differs = false;
}

static void first_at_no_load(struct report_doc *doc)
{
        doc->exact.erlang = 999;
}

static void first_of_no_metric(struct report_doc *doc)
{
        doc->exact.metric = "nope";
}

static void first_of_an_equal_metric(struct report_doc *doc)
{
        doc->exact.metric = "alerts";
}

static void first_elsewhere(struct report_doc *doc)
{
        doc->exact.metric = "digest";
}

static void test_declared_refusals(void)
{
        static const struct {
                bool exact;
                void (*edit)(struct report_doc *);
                const char *needle;
        } docs[] = {
            {false, unknown_kind,
             "key 'metrics_declared[0].kind': unknown kind 'fuzzy' (equivalence, exact or "
             "performance)"},
            {false, declared_twice,
             "key 'metrics_declared[2].name': 'alerts' is declared twice (metrics_declared[0] "
             "too)"},
            {false, predeclared_name,
             "key 'metrics_declared[1].name': 'Trace_Hash' is predeclared (bp, bbp and trace_hash "
             "are rollgate's own metrics)"},
            {false, spaced_name,
             "key 'metrics_declared[0].name': 'tick ms' is not a metric name (1 to 47 letters, "
             "digits, '_', '-' or '.')"},
            {false, long_name, "key 'metrics_declared[0].name': 'a2345678901234567890"},
            {false, thirteen_declared, "key 'metrics_declared': must have 1 to 12 metrics, not 13"},
            {false, thresholds_reversed,
             "key 'metrics_declared[0].thresholds': [5, 1] is not T1, T2 with 0 < T1 < T2"},
            {false, negative_tolerance, "key 'metrics_declared[1].rel_tol': must be a number >= 0"},
            {false, no_factor, "key 'metrics_declared[2].factor': must be a number >= 0"},
            {false, load_out_of_order,
             "key 'loads[0].metrics.digest': found where metrics_declared[0] 'alerts' belongs (a "
             "load's metrics are bp, bbp, then the declared ones in order)"},
            {false, load_misses_one, "key 'loads[1].metrics.tick_ms': missing"},
            {false, stray_trace_hash,
             "key 'loads[0].metrics.trace_hash': only an --exact comparison checks trace hashes "
             "(the top-level exact is absent)"},
            {false, undeclared_metric,
             "key 'loads[0].metrics.extra': not a declared metric (a load's metrics are bp, bbp, "
             "the declared ones in order, then trace_hash with --exact)"},
            {false, load_kind_differs,
             "key 'loads[0].metrics.alerts.kind': 'exact', but metrics_declared[0] is of kind "
             "equivalence"},
            {false, load_primary_differs,
             "key 'loads[1].metrics.tick_ms.primary': true, but metrics_declared[2] is secondary "
             "(primary false)"},
            {false, bp_kind_without_exact,
             "key 'loads[0].metrics.bp.kind': only an --exact comparison gives bp a kind (the "
             "top-level exact is absent)"},
            {false, more_differ_than_replications,
             "key 'loads[1].metrics.digest.differing.replications': must be a whole number from 0 "
             "to 3"},
            {false, first_beyond_replications,
             "key 'loads[1].metrics.digest.differing.first.replication': must be a whole number "
             "from 0 to 2"},
            {false, first_too_late,
             "key 'loads[1].metrics.digest.differing.first.replication': 2 is the first of 2 that "
             "differ, but the load has 3 replications"},
            {false, slower_not_computed,
             "key 'loads[1].metrics.tick_ms.performance.slower': must be false: the ratio was not "
             "computed"},
            {false, seventeen_values,
             "key 'runs[0].legacy.metrics': must have 1 to 16 values, not 17"},
            {false, long_value_name, "a value's name is 1 to 47 bytes"},
            {false, empty_value_name,
             "key 'runs[0].legacy.metrics.': a value's name is 1 to 47 bytes"},
            {false, value_twice, "key 'runs[0].legacy.metrics.tick_ms': given twice"},
            {false, upper_case_hash,
             "key 'runs[0].legacy.metrics.digest.hash': must be 16 lowercase hex digits, not "
             "'00000000000000FF'"},
            {false, short_hash,
             "key 'runs[0].orchestrator.metrics.queue.hash': must be 16 lowercase hex digits, not "
             "'abc'"},
            {false, map_value,
             "key 'runs[0].legacy.metrics.queue.type': must be \"string\" or \"list\", not 'map'"},
            {false, infinite_value,
             "key 'runs[0].legacy.metrics.tick_ms': must be a number or an object, not a string"},
            {false, half_a_byte,
             "key 'runs[0].legacy.metrics.digest.count': must be a whole number from 0 to "
             "4294967295"},
            {true, exact_kind_kept,
             "key 'loads[0].metrics.alerts.kind': 'equivalence', but an --exact comparison (the "
             "top-level exact) judges every metric as kind exact"},
            {true, bbp_secondary, "key 'loads[0].metrics.bbp.primary': false, but bbp is primary"},
            {true, nothing_differs, "key 'exact.differs': true, but no load's metric differs"},
            {true, differs_unsaid, "key 'exact.differs': false, but a load's metric differs"},
            {true, first_at_no_load, "key 'exact.first.erlang': 999 is not a load of the report"},
            {true, first_of_no_metric,
             "key 'exact.first.metric': 'nope' is not a metric of the load at erlang 450"},
            {true, first_of_an_equal_metric,
             "key 'exact.first.metric': 'alerts' does not differ at erlang 450"},
            {true, first_elsewhere,
             "key 'exact.first.replication': 0, but digest first differs at erlang 450 in "
             "replication 1"},
        };
        for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
                expect_metrics_refused(docs[i].exact, docs[i].edit, docs[i].needle);

        /* and texts no document would write */
        static const struct {
                bool exact;
                const char *from, *to, *needle;
        } cases[] = {
            {false, "\"metrics_declared\":\t[{", "\"metrics_declared\":\t[], \"was\":\t[{",
             "key 'metrics_declared': must have 1 to 12 metrics, not 0"},
            {false, "\"metrics_declared\":\t[{", "\"metrics_declared\":\t{}, \"was\":\t[{",
             "key 'metrics_declared': must be an array, not an object"},
            {false, "\"metrics_declared\":\t[{", "\"metrics_declared\":\t[1, {",
             "key 'metrics_declared[0].': must be an object"},
            {false, "\"unit\":\t\"alerts\",", "\"abs_tol\":\t0,\n\"unit\":\t\"alerts\",",
             "key 'metrics_declared[0].abs_tol': is for kind exact, not equivalence"},
            {false, "\"factor\":\t0.05", "\"unit\":\t\"\",\n\"factor\":\t0.05",
             "key 'metrics_declared[2].unit': is for kind equivalence, not performance"},
            {false, "\"deviation\":\t\"relative\"", "\"deviation\":\t\"sideways\"",
             "key 'metrics_declared[0].deviation': must be \"absolute\" or \"relative\""},
            {false, "\"kind\":\t\"exact\",\n\t\t\t\"primary\":\ttrue",
             "\"kind\":\t\"exact\",\n\t\t\t\"primary\":\t\"yes\"",
             "key 'metrics_declared[1].primary': must be true or false, not a string"},
            {false, "\"differing\":\t{\n\t\t\t\t\t\t\"replications\":\t1,",
             "\"differing\":\t{\n\t\t\t\t\t\t\"replications\":\t0,",
             "key 'loads[1].metrics.digest.differing.first': must be null: no replication "
             "differs"},
            {false, "\"differing\":\t{\n\t\t\t\t\t\t\"replications\":\t0,",
             "\"differing\":\t{\n\t\t\t\t\t\t\"replications\":\t2,",
             "key 'loads[0].metrics.digest.differing.first': must be an object: 2 replications "
             "differ"},
            {false, "\"per_seed\":\t[", "\"differing\":\tnull,\n\"per_seed\":\t[",
             "key 'loads[0].metrics.alerts.differing': only a metric of kind exact has it"},
            {false, "\"differing\":\t{", "\"performance\":\tnull,\n\"differing\":\t{",
             "key 'loads[0].metrics.digest.performance': only a metric of kind performance has "
             "it"},
            {false, "\"per_seed\":\t[", "\"per_seed_pp\":\t[",
             "key 'loads[0].metrics.alerts.per_seed': missing"},
            {false, "\"delta\":\t{", "\"delta_pp\":\t{",
             "key 'loads[0].metrics.alerts.delta': missing"},
            {false, "\"tick_ms\":\t12.5", "\"tick_ms\":\t1e999",
             "key 'runs[0].legacy.metrics.tick_ms': must be a finite number"},
            {false, "\"tick_ms\":\t12.5", "\"tick_ms\":\ttrue",
             "key 'runs[0].legacy.metrics.tick_ms': must be a number or an object, not a boolean"},
            {false, "\"metrics\":\t{\n\t\t\t\t\t\"tick_ms\"",
             "\"metrics\":\t{}, \"was\":\t{\n\t\t\t\t\t\"tick_ms\"",
             "key 'runs[0].legacy.metrics': must have 1 to 16 values, not 0"},
            {false, "\"metrics\":\t{\n\t\t\t\t\t\"tick_ms\"",
             "\"metrics\":\t[], \"was\":\t{\n\t\t\t\t\t\"tick_ms\"",
             "key 'runs[0].legacy.metrics': must be an object, not an array"},
            {false, "\"cut\":\ttrue", "\"cut\":\t1",
             "key 'runs[0].legacy.metrics.digest.cut': must be true or false, not a number"},
            {true, "\"differs\":\ttrue", "\"differs\":\tfalse",
             "key 'exact.first': must be null: differs is false"},
            {true, "\"first\":\t{\n\t\t\t\"erlang\":\t450",
             "\"first\":\tnull, \"was\":\t{\n\t\t\t\"erlang\":\t450",
             "key 'exact.first': must be an object: differs is true"},
            {true, "\"exact\":\t{\n\t\t\"differs\"",
             "\"exact\":\ttrue, \"was\":\t{\n\t\t\"differs\"",
             "key 'exact': must be an object, not a boolean"},
            {true, "\"erlang\":\t450,\n\t\t\t\"seed\":\t1,\n\t\t\t\"replication\":\t0",
             "\"erlang\":\t450,\n\t\t\t\"seed\":\t1,\n\t\t\t\"replication\":\t\"0\"",
             "key 'exact.first.replication': must be a number, not a string"},
            {true, "\"trace_hash\":\t{", "\"trace_hash\":\t{},\n\"trace_hash\":\t{",
             "key 'loads[1].metrics.trace_hash': given twice"},
            {false, "\"tick_ms\":\t{", "\"tick_ms\":\t{},\n\"tick_ms\":\t{",
             "key 'loads[0].metrics.tick_ms': given twice"},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                struct report_doc *doc = metrics_doc(cases[i].exact);
                char *json = report_test_render_as(doc, "json", false);
                report_test_expect_edit_refused(json, cases[i].from, cases[i].to, cases[i].needle);
                free(json);
                report_doc_destroy(doc);
        }
}

TEST_MAIN("report_json_metrics", TEST(test_plain_report_has_no_metric_keys),
          TEST(test_declared_round_trip), TEST(test_exact_round_trip), TEST(test_declared_refusals),
          TEST(test_fill_exact), TEST(test_fill_declared_and_values))
