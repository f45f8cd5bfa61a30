/* compare/sequence.c and the sequential parts of compare/: when a load is
 * settled, the looks' information fractions, and a real sequential
 * comparison's looks. */
#include <math.h>
#include <string.h>

#include "../compare/compare.h"
#include "../harness/compare_setup.h"
#include "testutil.h"

static struct stats_policy policy(void)
{
        struct stats_policy p;
        stats_policy_default(&p); /* T1 2, T2 10 */
        return p;
}

/* A load whose BP and BBP have these verdicts and intervals. */
static struct compare_load load_of(enum stats_verdict bp, enum stats_verdict bbp, double lo,
                                   double hi)
{
        struct compare_load L = {.n = 4, .n_metrics = COMPARE_METRICS};
        L.metric[COMPARE_BP].dec.verdict = bp;
        L.metric[COMPARE_BBP].dec.verdict = bbp;
        for (int k = 0; k < COMPARE_METRICS; k++) {
                L.metric[k].in.lo = lo;
                L.metric[k].in.hi = hi;
        }
        L.verdict = stats_verdict_worst(bp, bbp);
        return L;
}

static void test_decided(void)
{
        struct stats_policy p = policy();
        struct compare_load L = load_of(STATS_PASS, STATS_PASS, -1, 1);
        CU_ASSERT_TRUE(compare_load_decided(&L, &p));
        /* one metric open: more replications may change the verdict */
        L = load_of(STATS_PASS, STATS_INCONCLUSIVE, -1, 3);
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        L = load_of(STATS_INCONCLUSIVE, STATS_INCONCLUSIVE, 1, 3);
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        /* a proven rollback with the open metric's interval below T2: the
         * rollback's level cannot change */
        L = load_of(STATS_PLANNED_ROLLBACK, STATS_INCONCLUSIVE, 1, 9.99);
        CU_ASSERT_TRUE(compare_load_decided(&L, &p));
        L = load_of(STATS_PLANNED_ROLLBACK, STATS_INCONCLUSIVE, -9.99, -1);
        CU_ASSERT_TRUE(compare_load_decided(&L, &p));
        /* ... but an open interval reaching T2 (exactly T2 is EMERGENCY)
         * might still make it an emergency */
        L = load_of(STATS_PLANNED_ROLLBACK, STATS_INCONCLUSIVE, 1, 10);
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        L = load_of(STATS_INCONCLUSIVE, STATS_PLANNED_ROLLBACK, -10.5, -1);
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        L = load_of(STATS_PLANNED_ROLLBACK, STATS_INCONCLUSIVE, 1, INFINITY);
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        /* a PASS beside an open metric proves no rollback */
        L = load_of(STATS_PASS, STATS_INCONCLUSIVE, 1, 3);
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        /* a failure settles a load: its metrics have no statistics */
        L = load_of(STATS_EMERGENCY_ROLLBACK, STATS_EMERGENCY_ROLLBACK, NAN, NAN);
        L.metric[COMPARE_BP].in.basis = L.metric[COMPARE_BBP].in.basis = STATS_BASIS_FAILED;
        CU_ASSERT_TRUE(compare_load_decided(&L, &p));
        L = load_of(STATS_HARNESS_ERROR, STATS_HARNESS_ERROR, NAN, NAN);
        CU_ASSERT_TRUE(compare_load_decided(&L, &p));
        /* an emergency proven beyond T2 settles it, whatever else is open;
         * one on the estimate alone (the interval reaching below T2) may
         * still fall back to PLANNED */
        L = load_of(STATS_EMERGENCY_ROLLBACK, STATS_INCONCLUSIVE, 10.5, 12);
        CU_ASSERT_TRUE(compare_load_decided(&L, &p));
        L = load_of(STATS_INCONCLUSIVE, STATS_EMERGENCY_ROLLBACK, -12, -10);
        CU_ASSERT_TRUE(compare_load_decided(&L, &p));
        L = load_of(STATS_EMERGENCY_ROLLBACK, STATS_PASS, 9, 11.5);
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        /* a PLANNED claim whose own interval reaches T2 may become one */
        L = load_of(STATS_PLANNED_ROLLBACK, STATS_PASS, 8, 11.9);
        L.metric[COMPARE_BP].dec.emergency_not_excluded = true;
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        L.metric[COMPARE_BP].dec.emergency_not_excluded = false;
        L.metric[COMPARE_BP].in.hi = 9;
        CU_ASSERT_TRUE(compare_load_decided(&L, &p));
        /* direction increase: an open interval reaching -T2 can make no
         * emergency, one reaching +T2 can */
        L = load_of(STATS_PLANNED_ROLLBACK, STATS_INCONCLUSIVE, -12, 3);
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        struct stats_policy up = p;
        up.direction = STATS_DIR_INCREASE;
        CU_ASSERT_TRUE(compare_load_decided(&L, &up));
        L.metric[COMPARE_BBP].in.hi = 10;
        CU_ASSERT_FALSE(compare_load_decided(&L, &up));
        /* a metric no run will make judgeable does not keep a load going */
        L = load_of(STATS_PASS, STATS_INCONCLUSIVE, -1, 1);
        CU_ASSERT_FALSE(compare_load_decided(&L, &p));
        L.metric[COMPARE_BBP].never = true;
        CU_ASSERT_TRUE(compare_load_decided(&L, &p));
}

static void test_stop_names(void)
{
        CU_ASSERT_STRING_EQUAL(compare_stop_name(COMPARE_STOP_DECIDED), "decided");
        CU_ASSERT_STRING_EQUAL(compare_stop_name(COMPARE_STOP_MAX), "max_replications");
        CU_ASSERT_STRING_EQUAL(compare_stop_name(COMPARE_STOP_INTERRUPTED), "interrupted");
}

/* Looks after 3, 6, 9 and (the last, short batch) 10 replications. */
static void test_look_fractions(void)
{
        struct compare_config cfg = {.seq = {.on = true, .batch = 3, .max = 10}};
        struct compare_result r = {.cfg = &cfg};
        double t[COMPARE_MAX_LOOKS];
        CU_ASSERT_EQUAL(compare_look_fractions(&r, 3, t), 1);
        CU_ASSERT_DOUBLE_EQUAL(t[0], 0.3, 1e-15);
        CU_ASSERT_EQUAL(compare_look_fractions(&r, 9, t), 3);
        CU_ASSERT_DOUBLE_EQUAL(t[1], 0.6, 1e-15);
        CU_ASSERT_DOUBLE_EQUAL(t[2], 0.9, 1e-15);
        CU_ASSERT_EQUAL(compare_look_fractions(&r, 10, t), 4);
        CU_ASSERT_EQUAL(t[3], 1.0);
}

/* A real sequential comparison: 2 loads, 10 % of the orchestrator's
 * admissions dropped, batches of 2 up to 10. */
static struct compare_result *sequential(struct harness_compare *hc, struct harness_settings *s,
                                         const char *inject)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        harness_settings_defaults(s);
        s->num_requests = 3000;
        s->max_iters = 2;
        s->n_loads = 2;
        s->loads[0] = 300;
        s->loads[1] = 600;
        snprintf(s->cmp.inject, sizeof(s->cmp.inject), "%s", inject);
        snprintf(s->cmp.threads, sizeof(s->cmp.threads), "2");
        snprintf(s->cmp.perf_threshold, sizeof(s->cmp.perf_threshold), "10");
        snprintf(s->cmp.until_decided, sizeof(s->cmp.until_decided), "true");
        snprintf(s->cmp.max_replications, sizeof(s->cmp.max_replications), "10");
        int rc = harness_compare_init(hc, s, &eb);
        if (rc != RG_OK)
                fprintf(stderr, "init: %s\n", eb.msg);
        CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
        CU_ASSERT_EQUAL(hc->cfg.seq.batch, 2); /* the configured replications */
        CU_ASSERT_EQUAL(hc->n_reps, 10);
        struct compare_result *r = NULL;
        CU_ASSERT_EQUAL_FATAL(harness_compare_run(hc, &r, &eb), RG_OK);
        return r;
}

static void test_real_looks(void)
{
        static struct harness_settings s;
        static struct harness_compare hc;
        memset(&hc, 0, sizeof(hc));
        struct compare_result *r = sequential(&hc, &s, "drop=0.1");
        CU_ASSERT_PTR_NOT_NULL_FATAL(r->looks);
        CU_ASSERT_TRUE(r->verdict == STATS_PLANNED_ROLLBACK ||
                       r->verdict == STATS_EMERGENCY_ROLLBACK);
        for (int li = 0; li < r->n_loads; li++) {
                const struct compare_load *L = &r->load[li];
                const struct compare_looks *ls = &r->looks[li];
                CU_ASSERT_TRUE(ls->n >= 1 && ls->n <= 5);
                CU_ASSERT_EQUAL(ls->stop, COMPARE_STOP_DECIDED);
                CU_ASSERT_EQUAL(ls->look[ls->n - 1].replications, L->n);
                CU_ASSERT_EQUAL(ls->look[ls->n - 1].verdict, L->verdict);
                double t[COMPARE_MAX_LOOKS];
                for (int j = 0; j < ls->n; j++) {
                        const struct compare_look *lk = &ls->look[j];
                        CU_ASSERT_EQUAL(lk->replications, 2 * (j + 1));
                        t[j] = lk->replications / 10.0;
                        /* each look held to the design's nominal level, and
                         * the spending function's value at its fraction */
                        double nominal = stats_seq_nominal(STATS_SPEND_OBF, 0.05, t, j + 1);
                        CU_ASSERT_DOUBLE_EQUAL(lk->nominal, fmax(nominal, 1e-12), 1e-12);
                        CU_ASSERT_DOUBLE_EQUAL(
                            lk->spent, stats_spending_alpha(STATS_SPEND_OBF, 0.05, t[j]), 1e-15);
                        /* an earlier look did not settle the load: no PASS
                         * (every metric decided), no emergency */
                        if (j + 1 < ls->n)
                                CU_ASSERT_TRUE(lk->verdict == STATS_INCONCLUSIVE ||
                                               lk->verdict == STATS_PLANNED_ROLLBACK);
                }
                /* the replications not needed never ran */
                for (int rep = 0; rep < r->n_reps; rep++)
                        CU_ASSERT_EQUAL(r->pairs[li * r->n_reps + rep].ran, rep < L->n);
                CU_ASSERT_DOUBLE_EQUAL(L->alpha, ls->look[ls->n - 1].nominal, 0);
        }
        compare_result_destroy(r);
        harness_compare_finish(&hc);
}

/* Bit-identical paths: settled at the first look, nothing more run. */
static void test_identical_first_look(void)
{
        static struct harness_settings s;
        static struct harness_compare hc;
        memset(&hc, 0, sizeof(hc));
        struct compare_result *r = sequential(&hc, &s, "");
        CU_ASSERT_EQUAL(r->verdict, STATS_PASS);
        for (int li = 0; li < r->n_loads; li++) {
                CU_ASSERT_EQUAL(r->looks[li].n, 1);
                CU_ASSERT_EQUAL(r->load[li].n, 2);
                CU_ASSERT_TRUE(r->load[li].identical);
        }
        compare_result_destroy(r);
        harness_compare_finish(&hc);
}

TEST_MAIN("sequence", TEST(test_decided), TEST(test_stop_names), TEST(test_look_fractions),
          TEST(test_real_looks), TEST(test_identical_first_look))
