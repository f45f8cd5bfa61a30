/*
 * The report document: filled from a real comparison (figures checked
 * against the result they came from), written as JSON and read back
 * (the same JSON byte for byte, the same console text, infinities and
 * NaNs kept, a sequential design's looks too), a schema 2 report read as a
 * fixed run, and refused with a message naming the key when the JSON is
 * not a report this rollgate wrote or does not hold together.  Declared
 * metrics, run values and --exact are test_report_json_metrics.c's.
 */
#include <math.h>
#include <string.h>

#include "../common/file.h"
#include "report_document_testutil.h"

static void test_fill_from_a_result(void)
{
        static struct harness_settings s;
        static struct harness_compare hc;
        memset(&hc, 0, sizeof(hc));
        struct compare_result *r = report_test_comparison(&hc, &s, NULL);
        struct report_doc *doc = report_test_fill(r);
        CU_ASSERT_EQUAL(doc->verdict, r->verdict);
        CU_ASSERT_EQUAL(doc->exit_code, stats_verdict_exit_code(r->verdict));
        CU_ASSERT_EQUAL(doc->action.level, r->level);
        CU_ASSERT_STRING_EQUAL(doc->action.text, r->action);
        CU_ASSERT_STRING_EQUAL(doc->inputs.inject, "drop=0.05");
        CU_ASSERT_STRING_EQUAL(doc->notification.channel, "#chan");
        CU_ASSERT_EQUAL(doc->n_loads, 2);
        CU_ASSERT_EQUAL(doc->inputs.n_seeds, 3);
        CU_ASSERT_EQUAL(doc->n_pairs, 6);
        CU_ASSERT_DOUBLE_EQUAL(doc->policy.decision_level, 0.9, 1e-12);
        CU_ASSERT_EQUAL((int)doc->inputs.requests, 1500);
        CU_ASSERT_EQUAL(strlen(doc->timing.started), 20); /* 2026-12-01T21:55:03Z */
        for (int li = 0; li < 2; li++) {
                const struct report_load *L = &doc->loads[li];
                const struct compare_load *R = &r->load[li];
                CU_ASSERT_EQUAL(L->verdict, R->verdict);
                CU_ASSERT_STRING_EQUAL(L->reason, R->reason);
                CU_ASSERT_PTR_NOT_EQUAL(L->reason, R->reason); /* a copy */
                const struct report_metric *m = &L->metric[REPORT_BP];
                CU_ASSERT_TRUE_FATAL(m->have_stats);
                /* the per-seed deviations, from the runs themselves */
                double sum = 0;
                for (int rep = 0; rep < 3; rep++) {
                        const struct compare_pair *p = &r->pairs[li * 3 + rep];
                        double d = 100.0 * ((double)p->run[1].blocked / p->run[1].requests -
                                            (double)p->run[0].blocked / p->run[0].requests);
                        CU_ASSERT_DOUBLE_EQUAL(m->per_seed[rep], d, 1e-9);
                        sum += d;
                        CU_ASSERT_DOUBLE_EQUAL(doc->pairs[li * 3 + rep].run[1].blocked,
                                               p->run[1].blocked, 0);
                }
                CU_ASSERT_DOUBLE_EQUAL(m->delta.mean, sum / 3, 1e-9);
                CU_ASSERT_DOUBLE_EQUAL(m->rel_mean, 100 * m->delta.mean / m->legacy.mean, 1e-9);
                CU_ASSERT_EQUAL(L->resolution_warning,
                                L->resolution_pp > doc->policy.t1 / 2 && !L->identical);
        }
        /* the document outlives the comparison it came from */
        compare_result_destroy(r);
        harness_compare_finish(&hc);
        char *json = report_test_render_as(doc, "json", false);
        char *console = report_test_render_as(doc, "console", false);
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"inject\":\t\"drop=0.05\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(console, "inject drop=0.05"));
        struct report_doc *back = report_test_read_back(json);
        if (back) {
                char *json2 = report_test_render_as(back, "json", false);
                char *console2 = report_test_render_as(back, "console", false);
                CU_ASSERT_STRING_EQUAL(json2, json);
                CU_ASSERT_STRING_EQUAL(console2, console);
                free(json2);
                free(console2);
        }
        report_doc_destroy(back);
        free(json);
        free(console);
        report_doc_destroy(doc);
}

static void test_fixtures_round_trip(void)
{
        for (int k = 0; k < FIXTURE_KINDS; k++) {
                struct report_doc *doc = fixture_doc(k);
                CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
                char *json = report_test_render_as(doc, "json", false);
                struct report_doc *back = report_test_read_back(json);
                CU_ASSERT_PTR_NOT_NULL_FATAL(back);
                char *json2 = report_test_render_as(back, "json", false);
                CU_ASSERT_STRING_EQUAL(json2, json);
                for (int quiet = 0; quiet < 2; quiet++) {
                        char *a = report_test_render_as(doc, "console", quiet);
                        char *b = report_test_render_as(back, "console", quiet);
                        CU_ASSERT_STRING_EQUAL(a, b);
                        free(a);
                        free(b);
                }
                CU_ASSERT_EQUAL(back->verdict, doc->verdict);
                CU_ASSERT_EQUAL(back->n_pairs, doc->n_pairs);
                for (int j = 0; j < doc->n_pairs; j++) {
                        CU_ASSERT_EQUAL(back->pairs[j].harness_error == NULL,
                                        doc->pairs[j].harness_error == NULL);
                        for (int role = 0; role < 2 && !doc->pairs[j].harness_error; role++)
                                CU_ASSERT_EQUAL(back->pairs[j].run[role].has,
                                                doc->pairs[j].run[role].has);
                }
                free(json);
                free(json2);
                report_doc_destroy(back);
                report_doc_destroy(doc);
        }
}

/* JSON has no infinity and no NaN: they come back as they went. */
static void test_special_numbers_survive(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        struct report_metric *m = &doc->loads[0].metric[REPORT_BP];
        m->dev_hi = INFINITY;
        m->dev_lo = -INFINITY;
        m->rho = NAN;
        m->variance_reduction = INFINITY;
        m->deviation = 0.1 + 0.2; /* 0.30000000000000004: every bit kept */
        char *json = report_test_render_as(doc, "json", false);
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"Infinity\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"-Infinity\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"rho\":\tnull"));
        struct report_doc *back = report_test_read_back(json);
        CU_ASSERT_PTR_NOT_NULL_FATAL(back);
        const struct report_metric *b = &back->loads[0].metric[REPORT_BP];
        CU_ASSERT_TRUE(isinf(b->dev_hi) && b->dev_hi > 0);
        CU_ASSERT_TRUE(isinf(b->dev_lo) && b->dev_lo < 0);
        CU_ASSERT_TRUE(isnan(b->rho));
        CU_ASSERT_TRUE(isinf(b->variance_reduction));
        CU_ASSERT_EQUAL(b->deviation, 0.1 + 0.2);
        char *console = report_test_render_as(back, "console", false);
        CU_ASSERT_PTR_NOT_NULL(strstr(console, "[-inf, +inf]"));
        free(console);
        free(json);
        report_doc_destroy(back);
        report_doc_destroy(doc);
}

static void test_refusals_name_the_key(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_EMERGENCY);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        char *json = report_test_render_as(doc, "json", false);
        report_doc_destroy(doc);
        static const struct {
                const char *from, *to, *needle;
        } cases[] = {
            {"\"schema_version\":\t3", "\"schema_version\":\t1",
             "'schema_version': 1, but this rollgate reads reports of schema versions 2 to 3"},
            {"\"schema_version\":\t3", "\"schema_version\":\t4", "'schema_version': 4, but"},
            {"\"schema_version\":\t3", "\"schema_version\":\t2.5", "'schema_version': 2.5, but"},
            {"\"tool\":\t\"rollgate\"", "\"tool\":\t\"other\"", "not a rollgate report"},
            {"\"exit_code\":\t6", "\"exit_code\":\t0", "'exit_code'"},
            {"\"verdict\":\t\"EMERGENCY_ROLLBACK\"", "\"verdict\":\t\"FINE\"", "unknown verdict"},
            {"\"erlang\":\t300", "\"erlang\":\t\"300\"", "'loads[0].erlang': must be a number"},
            {"\"basis\":\t\"paired\"", "\"basis\":\t\"guess\"",
             "loads[0].metrics.bp.decision.basis"},
            {"\"nodes\":\t14", "\"nodes\":\t14.5", "'inputs.nodes': must be a whole number"},
            {"\"requests\":\t10000,\n\t\t\"arrival_rate\"",
             "\"requests\":\t-1,\n\t\t\"arrival_rate\"", "'inputs.requests'"},
            {"\"seeds\":\t[1, 2, 3]", "\"seeds\":\t[1, 2]",
             "'loads[0].replications': must be a whole number from 1 to 2"},
            {"\"erlang\":\t450,\n\t\t\t\"replications\":\t3",
             "\"erlang\":\t450,\n\t\t\t\"replications\":\t2",
             "'loads[1].replications': 2, but a fixed run (sequential null) uses all 3 seeds"},
            {"\"sequential\":\tnull\n\t\t}", "\"sequential\":\t{}\n\t\t}",
             "'loads[0].sequential': must be null: the comparison had no sequential design"},
            {"\"sequential\":\tnull,", "\"sequential\":\t7,", "'sequential': must be an object"},
            {"\"replication\":\t1", "\"replication\":\t2", "out of order"},
            {"\"status\":\t\"failed\"", "\"status\":\t\"crashed\"",
             "'runs[4].orchestrator.status'"},
            {"\"complete\":\ttrue", "\"complete\":\t1", "'complete': must be true or false"},
            {"\"per_seed_pp\":\t[", "\"per_seed\":\t[",
             "'loads[0].metrics.bp.per_seed_pp': missing"},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
                report_test_expect_edit_refused(json, cases[i].from, cases[i].to, cases[i].needle);
        report_test_expect_refused("{\"schema_version\": 2", "r.json:1: not valid JSON");
        report_test_expect_refused("[1, 2]", "must be a JSON object");
        report_test_expect_edit_refused(json, "\n}\n", "\n} x\n", "text after the JSON value");
        free(json);
}

/* A sequential document: the looks come back as they went, and the JSON
 * is a fixed point (also checked for every fixture above). */
static void test_sequential_round_trip(void)
{
        struct report_doc *doc = fixture_doc(FIXTURE_SEQUENTIAL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->loads[1].looks[0].metric[REPORT_BBP].hi = INFINITY;
        doc->loads[1].looks[0].metric[REPORT_BBP].deviation = NAN;
        char *json = report_test_render_as(doc, "json", false);
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\n\t\"sequential\":\t{\n\t\t\"spending\":\t"
                                            "\"obrien-fleming\",\n\t\t\"batch\":\t5,\n\t\t"
                                            "\"max_replications\":\t25\n\t},\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"stopped\":\t\"max_replications\""));
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\"decision_hi\":\t\"Infinity\""));
        struct report_doc *back = report_test_read_back(json);
        CU_ASSERT_PTR_NOT_NULL_FATAL(back);
        CU_ASSERT_TRUE(back->sequential.on);
        CU_ASSERT_STRING_EQUAL(back->sequential.spending, "obrien-fleming");
        CU_ASSERT_EQUAL(back->sequential.batch, 5);
        CU_ASSERT_EQUAL(back->sequential.max_replications, 25);
        CU_ASSERT_EQUAL(back->n_pairs, 35);
        for (int li = 0; li < 2; li++) {
                const struct report_load *a = &doc->loads[li], *b = &back->loads[li];
                CU_ASSERT_EQUAL(b->replications, a->replications);
                CU_ASSERT_STRING_EQUAL(b->stopped, a->stopped);
                CU_ASSERT_EQUAL_FATAL(b->n_looks, a->n_looks);
                CU_ASSERT_EQUAL(b->metric[REPORT_BP].n_per_seed, a->replications);
                for (int j = 0; j < a->n_looks; j++) {
                        const struct report_look *x = &a->looks[j], *y = &b->looks[j];
                        CU_ASSERT_EQUAL(y->replications, x->replications);
                        CU_ASSERT_EQUAL(y->nominal, x->nominal);
                        CU_ASSERT_EQUAL(y->spent, x->spent);
                        CU_ASSERT_EQUAL(y->verdict, x->verdict);
                        for (int k = 0; k < REPORT_METRICS; k++) {
                                CU_ASSERT_EQUAL(y->metric[k].basis, x->metric[k].basis);
                                CU_ASSERT_EQUAL(y->metric[k].lo, x->metric[k].lo);
                                CU_ASSERT_EQUAL(y->metric[k].hi, x->metric[k].hi);
                                CU_ASSERT_EQUAL(y->metric[k].verdict, x->metric[k].verdict);
                                CU_ASSERT(isnan(x->metric[k].deviation)
                                              ? isnan(y->metric[k].deviation)
                                              : y->metric[k].deviation == x->metric[k].deviation);
                        }
                }
        }
        /* pair j of load 450 follows load 300's 10 */
        const struct report_pair *p = report_doc_pair(back, 1, 0);
        CU_ASSERT_PTR_EQUAL(p, &back->pairs[10]);
        CU_ASSERT_EQUAL(p->erlang, 450);
        CU_ASSERT_EQUAL(p->replication, 0);
        CU_ASSERT_PTR_NULL(report_doc_pair(back, 0, 10));
        CU_ASSERT_PTR_NOT_NULL(report_doc_run(back, 1, 24, REPORT_ORCHESTRATOR));
        char *json2 = report_test_render_as(back, "json", false);
        CU_ASSERT_STRING_EQUAL(json2, json);
        free(json2);
        free(json);
        report_doc_destroy(back);
        report_doc_destroy(doc);
}

/* A schema 2 report (a corpus file written before the sequential design)
 * is a fixed run: every load has all the seeds, no looks; written again it
 * is a schema 3 report, and the same as the fixture it came from. */
static void test_schema_2_read_as_fixed(void)
{
        char *text = NULL;
        size_t len = 0;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(rg_file_read(RG_FIXTURE_DIR
                                           "/../tests/fuzz/corpus/report_json/fixture_pass.json",
                                           &text, &len, &eb),
                              RG_OK);
        CU_ASSERT_PTR_NOT_NULL_FATAL(strstr(text, "\"schema_version\":\t2,"));
        CU_ASSERT_PTR_NULL(strstr(text, "\"sequential\""));
        struct report_doc *doc = report_test_read_back(text);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        CU_ASSERT_EQUAL(doc->schema_version, REPORT_SCHEMA_VERSION);
        CU_ASSERT_FALSE(doc->sequential.on);
        CU_ASSERT_EQUAL(doc->n_pairs, 6);
        for (int li = 0; li < doc->n_loads; li++) {
                CU_ASSERT_EQUAL(doc->loads[li].replications, 3);
                CU_ASSERT_EQUAL(doc->loads[li].n_looks, 0);
                CU_ASSERT_PTR_NULL(doc->loads[li].stopped);
        }
        char *json = report_test_render_as(doc, "json", false);
        static const char v3[] = "{\n\t\"schema_version\":\t3,\n";
        CU_ASSERT_EQUAL(strncmp(json, v3, strlen(v3)), 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(json, "\n\t\"sequential\":\tnull,\n\t\"loads\":\t["));
        CU_ASSERT_EQUAL(report_test_count(json, NULL, "\"replications\":\t3,"), 2);
        CU_ASSERT_EQUAL(report_test_count(json, NULL, "\"sequential\":\tnull\n"), 2);
        struct report_doc *fixture = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(fixture);
        char *want = report_test_render_as(fixture, "json", false);
        CU_ASSERT_STRING_EQUAL(json, want);
        free(want);
        report_doc_destroy(fixture);
        struct report_doc *back = report_test_read_back(json);
        CU_ASSERT_PTR_NOT_NULL_FATAL(back);
        char *json2 = report_test_render_as(back, "json", false);
        CU_ASSERT_STRING_EQUAL(json2, json);
        free(json2);
        report_doc_destroy(back);
        free(json);
        report_doc_destroy(doc);
        free(text);
}

static void drop_last_pair(struct report_doc *doc)
{
        doc->n_pairs--;
}

static void swap_pairs(struct report_doc *doc)
{
        struct report_pair p = doc->pairs[9];
        doc->pairs[9] = doc->pairs[10];
        doc->pairs[10] = p;
}

static void no_more_replications(struct report_doc *doc)
{
        doc->loads[1].looks[2].replications = 10;
}

static void over_the_most(struct report_doc *doc)
{
        doc->sequential.max_replications = 20;
}

static void off_the_grid(struct report_doc *doc)
{
        doc->loads[0].looks[1].replications = 9;
}

static void batch_above_max(struct report_doc *doc)
{
        doc->sequential.batch = 30;
}

static void negative_level(struct report_doc *doc)
{
        doc->loads[1].looks[0].nominal = -5;
}

static void spent_above_one(struct report_doc *doc)
{
        doc->loads[1].looks[3].spent = 7;
}

static void max_but_short(struct report_doc *doc)
{
        doc->loads[0].stopped = "max_replications";
}

static void interrupted_but_complete(struct report_doc *doc)
{
        doc->loads[0].stopped = "interrupted";
}

static void incomplete_but_decided(struct report_doc *doc)
{
        doc->complete = false;
}

static void last_look_short(struct report_doc *doc)
{
        doc->loads[1].n_looks = 4;
}

static void too_many_looks(struct report_doc *doc)
{
        struct report_load *L = &doc->loads[1];
        L->looks = report_doc_alloc(doc, REPORT_MAX_LOOKS + 1, sizeof(*L->looks));
        CU_ASSERT_PTR_NOT_NULL_FATAL(L->looks);
        L->n_looks = REPORT_MAX_LOOKS + 1;
}

static void no_look(struct report_doc *doc)
{
        doc->loads[0].n_looks = 0;
}

static void unknown_stop(struct report_doc *doc)
{
        doc->loads[0].stopped = "bored";
}

static void unknown_spending(struct report_doc *doc)
{
        doc->sequential.spending = "linear";
}

static void a_seed_too_many(struct report_doc *doc)
{
        double *seeds = report_doc_alloc(doc, 26, sizeof(double));
        CU_ASSERT_PTR_NOT_NULL_FATAL(seeds);
        for (int i = 0; i < 26; i++)
                seeds[i] = i + 1;
        doc->inputs.seeds = seeds;
        doc->inputs.n_seeds = 26;
}

static void short_per_seed(struct report_doc *doc)
{
        doc->loads[0].metric[REPORT_BBP].n_per_seed = 9;
}

static void test_sequential_refusals(void)
{
        static const struct {
                void (*edit)(struct report_doc *);
                const char *needle;
        } docs[] = {
            {drop_last_pair, "key 'runs': must have 35 elements, not 34"},
            {swap_pairs, "key 'runs[9].': out of order (runs are listed load by load"},
            {no_more_replications, "key 'loads[1].sequential.looks[2].replications': 10, but look "
                                   "3 of batches of 5 (at most 25) has 15"},
            {over_the_most, "key 'loads[1].sequential.stopped': \"max_replications\", but the "
                            "load has 25 of 20"},
            {off_the_grid, "key 'loads[0].sequential.looks[1].replications': 9, but look 2 of "
                           "batches of 5 (at most 25) has 10"},
            {batch_above_max, "key 'sequential.batch': 30, more than max_replications (25)"},
            {negative_level, "key 'loads[1].sequential.looks[0].nominal_alpha': -5 is not a level "
                             "from 0 to 1"},
            {spent_above_one, "key 'loads[1].sequential.looks[3].alpha_spent': 7 is not a level "
                              "from 0 to 1"},
            {max_but_short, "key 'loads[0].sequential.stopped': \"max_replications\", but the "
                            "load has 10 of 25"},
            {interrupted_but_complete, "key 'loads[0].sequential.stopped': \"interrupted\", but "
                                       "the report is complete"},
            {incomplete_but_decided, "key 'loads[0].sequential.stopped': the report is incomplete "
                                     "(interrupted), so every load stopped \"interrupted\""},
            {last_look_short, "key 'loads[1].sequential.looks': the last look has 20 "
                              "replications, but the load 25"},
            {unknown_stop, "key 'loads[0].sequential.stopped': must be \"decided\", "
                           "\"max_replications\" or \"interrupted\", not 'bored'"},
            {unknown_spending, "key 'sequential.spending': unknown spending 'linear' "
                               "(obrien-fleming or pocock)"},
            {a_seed_too_many, "key 'inputs.seeds': 26 seeds, but no load used more than 25 "
                              "replications"},
            {short_per_seed, "key 'loads[0].metrics.bbp.per_seed_pp': must have 10 elements, "
                             "not 9"},
        };
        for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
                report_test_expect_doc_refused(fixture_doc(FIXTURE_SEQUENTIAL), docs[i].edit,
                                               docs[i].needle);
        char needle[128];
        snprintf(needle, sizeof(needle),
                 "key 'loads[1].sequential.looks': must have 1 to %d looks, not %d",
                 REPORT_MAX_LOOKS, REPORT_MAX_LOOKS + 1);
        report_test_expect_doc_refused(fixture_doc(FIXTURE_SEQUENTIAL), too_many_looks, needle);
        snprintf(needle, sizeof(needle),
                 "key 'loads[0].sequential.looks': must have 1 to %d looks, not 0",
                 REPORT_MAX_LOOKS);
        report_test_expect_doc_refused(fixture_doc(FIXTURE_SEQUENTIAL), no_look, needle);

        struct report_doc *doc = fixture_doc(FIXTURE_SEQUENTIAL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        char *json = report_test_render_as(doc, "json", false);
        report_doc_destroy(doc);
        static const struct {
                const char *from, *to, *needle;
        } cases[] = {
            {"\"erlang\":\t450,\n\t\t\t\"replications\":\t25",
             "\"erlang\":\t450,\n\t\t\t\"replications\":\t26",
             "key 'loads[1].replications': must be a whole number from 1 to 25"},
            {"\"erlang\":\t300,\n\t\t\t\"replications\":\t10,", "\"erlang\":\t300,",
             "key 'loads[0].replications': missing"},
            {"\"nominal_alpha\"", "\"nominal\"",
             "key 'loads[0].sequential.looks[0].nominal_alpha': missing"},
            {"\"stopped\":\t\"decided\"", "\"stopped\":\t1",
             "key 'loads[0].sequential.stopped': must be a string, not a number"},
            {"\"basis\":\t\"paired\",\n\t\t\t\t\t\t\t\t\"deviation\"",
             "\"basis\":\t\"guess\",\n\t\t\t\t\t\t\t\t\"deviation\"",
             "key 'loads[0].sequential.looks[0].metrics.bp.basis': unknown basis 'guess'"},
            {"\"verdict\":\t\"PASS\"\n\t\t\t\t\t\t\t}", "\"verdict\":\t\"FINE\"\n\t\t\t\t\t\t\t}",
             "key 'loads[0].sequential.looks[1].metrics.bp.verdict': unknown verdict 'FINE'"},
            {"\"looks\":\t[", "\"looks\":\t{\"a\": 1}, \"x\": [",
             "key 'loads[0].sequential.looks': must be an array, not an object"},
            {"\"sequential\":\t{\n\t\t\"spending\":\t\"obrien-fleming\",\n\t\t\"batch\":\t5,\n\t\t"
             "\"max_replications\":\t25\n\t}",
             "\"sequential\":\tnull",
             "key 'loads[0].replications': 10, but a fixed run (sequential null) uses all 25 "
             "seeds"},
            {"\"batch\":\t5", "\"batch\":\t0",
             "key 'sequential.batch': must be a whole number from 1 to"},
        };
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
                report_test_expect_edit_refused(json, cases[i].from, cases[i].to, cases[i].needle);
        free(json);
}

static void test_document_basics(void)
{
        struct report_doc *doc = report_doc_create();
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        CU_ASSERT_EQUAL(doc->schema_version, REPORT_SCHEMA_VERSION);
        CU_ASSERT_STRING_EQUAL(doc->reason, "");
        CU_ASSERT_STRING_EQUAL(report_doc_strdup(doc, NULL), "");
        CU_ASSERT_STRING_EQUAL(report_doc_strndup(doc, "abcdef", 3), "abc");
        double *z = report_doc_alloc(doc, 4, sizeof(double));
        CU_ASSERT_TRUE(z && z[0] == 0 && z[3] == 0);
        CU_ASSERT_PTR_NULL(report_doc_alloc(doc, (size_t)-1 / 4, 8)); /* overflow refused */
        report_doc_destroy(doc);
        report_doc_destroy(NULL);
        struct report_doc *h = fixture_doc(FIXTURE_HARNESS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(h);
        CU_ASSERT_PTR_NULL(report_doc_run(h, 0, 1, REPORT_LEGACY)); /* the harness error */
        CU_ASSERT_PTR_NOT_NULL(report_doc_run(h, 0, 0, REPORT_LEGACY));
        CU_ASSERT_PTR_NULL(report_doc_run(h, 2, 0, REPORT_LEGACY));
        report_doc_destroy(h);
}

TEST_MAIN("report_document", TEST(test_document_basics), TEST(test_fill_from_a_result),
          TEST(test_fixtures_round_trip), TEST(test_special_numbers_survive),
          TEST(test_refusals_name_the_key), TEST(test_sequential_round_trip),
          TEST(test_schema_2_read_as_fixed), TEST(test_sequential_refusals))
