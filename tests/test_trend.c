/*
 * The trend rules (gate/trend.c) on hand-built series: the consecutive rule
 * escalates on the Nth rollback night and not before, anything else between
 * resets it, harness errors are skipped; a flip-flop is unstable and a
 * single change is not; a shifted legacy is the reference moving, noise
 * within the interval is not.
 */
#include <math.h>
#include <string.h>

#include "../gate/trend.h"
#include "testutil.h"

#define P STATS_PASS
#define R STATS_PLANNED_ROLLBACK
#define E STATS_EMERGENCY_ROLLBACK
#define I STATS_INCONCLUSIVE
#define H STATS_HARNESS_ERROR

static const char *const times[] = {
    "2026-01-01T02:00:00Z", "2026-01-02T02:00:00Z", "2026-01-03T02:00:00Z", "2026-01-04T02:00:00Z",
    "2026-01-05T02:00:00Z", "2026-01-06T02:00:00Z", "2026-01-07T02:00:00Z", "2026-01-08T02:00:00Z",
    "2026-01-09T02:00:00Z", "2026-01-10T02:00:00Z", "2026-01-11T02:00:00Z", "2026-01-12T02:00:00Z",
};

/* nights with the verdicts v[0..n-1] and a steady legacy at 10 % +- 0.4 */
static void series(struct gate_trend_night *out, const enum stats_verdict *v, int n)
{
        for (int i = 0; i < n; i++)
                out[i] = (struct gate_trend_night){.time = times[i],
                                                   .verdict = v[i],
                                                   .legacy_mean = 10,
                                                   .legacy_lo = 9.6,
                                                   .legacy_hi = 10.4,
                                                   .t1 = 2,
                                                   .unit = "pp"};
}

static struct gate_trend assess_n(const enum stats_verdict *v, int n, int consecutive)
{
        struct gate_trend_policy p;
        gate_trend_policy_default(&p);
        p.consecutive = consecutive;
        struct gate_trend_night nights[12];
        series(nights, v, n);
        struct gate_trend t;
        gate_trend_assess(&p, nights, n, &t);
        return t;
}

static void test_policy(void)
{
        struct gate_trend_policy p;
        gate_trend_policy_default(&p);
        CU_ASSERT_EQUAL(p.consecutive, 2);
        CU_ASSERT_EQUAL(p.window, 7);
        CU_ASSERT_EQUAL(p.flips, 3);
        CU_ASSERT_TRUE(gate_trend_policy_valid(&p));
        p.consecutive = 0;
        CU_ASSERT_FALSE(gate_trend_policy_valid(&p));
        p.consecutive = 2;
        p.window = GATE_TREND_MAX_WINDOW + 1;
        CU_ASSERT_FALSE(gate_trend_policy_valid(&p));
        CU_ASSERT_TRUE(gate_trend_is_rollback(R));
        CU_ASSERT_TRUE(gate_trend_is_rollback(E));
        CU_ASSERT_FALSE(gate_trend_is_rollback(I));
        CU_ASSERT_FALSE(gate_trend_is_rollback(H));
}

/* faults on nights 2 and 3: escalated on night 3, not on night 2 */
static void test_escalates_on_nth_night(void)
{
        const enum stats_verdict v[] = {P, R, R, R};
        struct gate_trend t = assess_n(v, 2, 2);
        CU_ASSERT_EQUAL(t.streak, 1);
        CU_ASSERT_FALSE(t.escalated);
        CU_ASSERT_PTR_NOT_NULL(strstr(t.escalation_reason, "escalates at 2"));
        t = assess_n(v, 3, 2);
        CU_ASSERT_EQUAL(t.streak, 2);
        CU_ASSERT_TRUE(t.escalated);
        CU_ASSERT_EQUAL(t.since, 1);
        CU_ASSERT_EQUAL(t.worst, R);
        CU_ASSERT_PTR_NOT_NULL(strstr(t.escalation_reason, "escalated"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t.escalation_reason, "since 2026-01-02T02:00:00Z"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t.escalation_reason, "2 consecutive nights"));
        /* N = 3: night 3 is not enough, night 4 is */
        CU_ASSERT_FALSE(assess_n(v, 3, 3).escalated);
        t = assess_n(v, 4, 3);
        CU_ASSERT_TRUE(t.escalated);
        CU_ASSERT_EQUAL(t.streak, 3);
        CU_ASSERT_EQUAL(t.since, 1);
        /* N = 1: the first rollback night */
        CU_ASSERT_TRUE(assess_n(v, 2, 1).escalated);
        CU_ASSERT_FALSE(assess_n(v, 1, 1).escalated);
}

static void test_gap_resets(void)
{
        const enum stats_verdict pass_gap[] = {R, R, P, R};
        struct gate_trend t = assess_n(pass_gap, 4, 2);
        CU_ASSERT_FALSE(t.escalated);
        CU_ASSERT_EQUAL(t.streak, 1);
        CU_ASSERT_EQUAL(t.since, 3);
        const enum stats_verdict inconclusive_gap[] = {R, I, R};
        CU_ASSERT_FALSE(assess_n(inconclusive_gap, 3, 2).escalated);
        /* a rollback that ended is no longer escalated */
        const enum stats_verdict ended[] = {R, R, R, P};
        t = assess_n(ended, 4, 2);
        CU_ASSERT_FALSE(t.escalated);
        CU_ASSERT_EQUAL(t.streak, 0);
        CU_ASSERT_EQUAL(t.since, -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(t.escalation_reason, "no rollback"));
}

/* a harness error says nothing about the orchestrator */
static void test_harness_error_skipped(void)
{
        const enum stats_verdict between[] = {P, R, H, R};
        struct gate_trend t = assess_n(between, 4, 2);
        CU_ASSERT_TRUE(t.escalated);
        CU_ASSERT_EQUAL(t.streak, 2);
        CU_ASSERT_EQUAL(t.since, 1);
        const enum stats_verdict last[] = {P, R, R, H};
        CU_ASSERT_TRUE(assess_n(last, 4, 2).escalated);
        const enum stats_verdict only[] = {H, H};
        t = assess_n(only, 2, 1);
        CU_ASSERT_FALSE(t.escalated);
        CU_ASSERT_EQUAL(t.changes, 0);
}

static void test_worst_of_run(void)
{
        const enum stats_verdict v[] = {P, R, E, R};
        struct gate_trend t = assess_n(v, 4, 2);
        CU_ASSERT_TRUE(t.escalated);
        CU_ASSERT_EQUAL(t.worst, E);
        CU_ASSERT_EQUAL(t.streak, 3);
        CU_ASSERT_PTR_NOT_NULL(strstr(t.escalation_reason, "EMERGENCY_ROLLBACK"));
}

static void test_unstable(void)
{
        const enum stats_verdict flip[] = {P, R, P, R};
        struct gate_trend t = assess_n(flip, 4, 2);
        CU_ASSERT_TRUE(t.unstable);
        CU_ASSERT_EQUAL(t.changes, 3);
        CU_ASSERT_PTR_NOT_NULL(strstr(t.unstable_reason, "unstable: 3 changes"));
        CU_ASSERT_FALSE(t.escalated); /* and no escalation: one rollback night */
        /* back and forth once is two changes: not yet */
        t = assess_n(flip, 3, 2);
        CU_ASSERT_FALSE(t.unstable);
        CU_ASSERT_EQUAL(t.changes, 2);
        /* a single change is a transition */
        const enum stats_verdict change[] = {P, P, R, R, R};
        t = assess_n(change, 5, 2);
        CU_ASSERT_FALSE(t.unstable);
        CU_ASSERT_EQUAL(t.changes, 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(t.unstable_reason, "stable: 1 change "));
        /* planned and emergency are both "rollback": no change between them */
        const enum stats_verdict severities[] = {R, E, R, E};
        CU_ASSERT_EQUAL(assess_n(severities, 4, 2).changes, 0);
        /* flips older than the window no longer count */
        const enum stats_verdict old[] = {P, R, P, R, P, P, P, P, P, P, P};
        t = assess_n(old, 11, 2);
        CU_ASSERT_FALSE(t.unstable);
        CU_ASSERT_EQUAL(t.from, 4);
        CU_ASSERT_EQUAL(t.changes, 0);
        /* harness errors are no change of state */
        const enum stats_verdict he[] = {P, H, P, R, H, R};
        CU_ASSERT_EQUAL(assess_n(he, 6, 2).changes, 1);
}

static struct gate_trend_night legacy_night(int i, double mean, double half, enum stats_verdict v)
{
        return (struct gate_trend_night){.time = times[i],
                                         .verdict = v,
                                         .legacy_mean = mean,
                                         .legacy_lo = mean - half,
                                         .legacy_hi = mean + half,
                                         .t1 = 2,
                                         .unit = "pp"};
}

static void test_reference_moved(void)
{
        struct gate_trend_policy p;
        gate_trend_policy_default(&p);
        struct gate_trend_night n[6];
        const double hist[] = {10.1, 9.9, 10.0, 10.2};
        for (int i = 0; i < 4; i++)
                n[i] = legacy_night(i, hist[i], 0.4, P);
        /* a different guard on the legacy side: 14 %, the orchestrator's
         * deviation a rollback */
        n[4] = legacy_night(4, 14, 0.4, R);
        struct gate_trend t;
        gate_trend_assess(&p, n, 5, &t);
        CU_ASSERT_TRUE(t.moved);
        CU_ASSERT_EQUAL(t.reference, 2); /* the lower median of 9.9, 10.0, 10.1, 10.2 */
        CU_ASSERT_DOUBLE_EQUAL(t.shift, 4.0, 1e-12);
        CU_ASSERT_EQUAL(t.last_moved, 4);
        CU_ASSERT_PTR_NOT_NULL(strstr(t.reference_reason, "reference moved"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t.reference_reason, "+4.000 pp"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t.reference_reason, "not the orchestrator's fault"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t.reference_reason, times[2]));
        /* night 6 is still away from the median of the earlier nights, and
         * the escalated run had the reference moved */
        n[5] = legacy_night(5, 14.1, 0.4, R);
        gate_trend_assess(&p, n, 6, &t);
        CU_ASSERT_TRUE(t.escalated);
        CU_ASSERT_TRUE(t.moved);
        CU_ASSERT_TRUE(t.moved_in_run);
        /* noise within the interval */
        n[4] = legacy_night(4, 10.3, 0.4, P);
        gate_trend_assess(&p, n, 5, &t);
        CU_ASSERT_FALSE(t.moved);
        CU_ASSERT_EQUAL(t.last_moved, -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(t.reference_reason, "reference steady"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t.reference_reason, "within T1"));
        /* beyond T1 but the intervals overlap: not proved */
        n[4] = legacy_night(4, 12.5, 3, P);
        gate_trend_assess(&p, n, 5, &t);
        CU_ASSERT_FALSE(t.moved);
        CU_ASSERT_PTR_NOT_NULL(strstr(t.reference_reason, "intervals overlap"));
        /* apart but within T1 */
        n[4] = legacy_night(4, 11.5, 0.2, P);
        CU_ASSERT_FALSE(gate_trend_reference_moved(&p, n, 4, &t.reference, &t.shift));
}

/* one odd night before tonight does not make tonight look moved */
static void test_reference_median_robust(void)
{
        struct gate_trend_policy p;
        gate_trend_policy_default(&p);
        struct gate_trend_night n[5];
        const double hist[] = {10, 10.1, 20, 9.9, 10};
        for (int i = 0; i < 5; i++)
                n[i] = legacy_night(i, hist[i], 0.4, P);
        int ref;
        double shift;
        CU_ASSERT_FALSE(gate_trend_reference_moved(&p, n, 4, &ref, &shift));
        CU_ASSERT_TRUE(ref == 0 || ref == 1 || ref == 3);
        CU_ASSERT(fabs(shift) < 0.2);
        /* the odd night itself was moved */
        CU_ASSERT_TRUE(gate_trend_reference_moved(&p, n, 2, &ref, &shift));
        CU_ASSERT_EQUAL(ref, 0); /* lower median of 10, 10.1 */
        CU_ASSERT_DOUBLE_EQUAL(shift, 10, 1e-12);
        /* the first night has no reference */
        CU_ASSERT_FALSE(gate_trend_reference_moved(&p, n, 0, &ref, &shift));
        CU_ASSERT_EQUAL(ref, -1);
}

static void test_reference_relative_and_unknown(void)
{
        struct gate_trend_policy p;
        gate_trend_policy_default(&p);
        struct gate_trend_night n[3];
        for (int i = 0; i < 3; i++) {
                n[i] = legacy_night(i, 10, 0.05, P);
                n[i].unit = "%";
        }
        n[2].legacy_mean = 10.5; /* +5 % of legacy, beyond T1 = 2 % */
        n[2].legacy_lo = 10.45;
        n[2].legacy_hi = 10.55;
        int ref;
        double shift;
        CU_ASSERT_TRUE(gate_trend_reference_moved(&p, n, 2, &ref, &shift));
        CU_ASSERT_DOUBLE_EQUAL(shift, 5, 1e-9);
        /* legacy not computed tonight: not judged */
        n[2].legacy_mean = NAN;
        struct gate_trend t;
        gate_trend_assess(&p, n, 3, &t);
        CU_ASSERT_FALSE(t.moved);
        CU_ASSERT_EQUAL(t.reference, -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(t.reference_reason, "not judged"));
        /* no nights at all */
        gate_trend_assess(&p, n, 0, &t);
        CU_ASSERT_FALSE(t.escalated);
        CU_ASSERT_FALSE(t.unstable);
        CU_ASSERT_FALSE(t.moved);
        CU_ASSERT_EQUAL(t.since, -1);
}

TEST_MAIN("trend", TEST(test_policy), TEST(test_escalates_on_nth_night), TEST(test_gap_resets),
          TEST(test_harness_error_skipped), TEST(test_worst_of_run), TEST(test_unstable),
          TEST(test_reference_moved), TEST(test_reference_median_robust),
          TEST(test_reference_relative_and_unknown))
