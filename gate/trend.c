/*
 * The trend rules (gate/trend.h holds them in words).  Why a median night
 * as legacy's reference: one odd night before tonight must not make tonight
 * look moved, and a reference that is a real night has a real interval to
 * compare with, which a median of means would not.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "trend.h"

void gate_trend_policy_default(struct gate_trend_policy *p)
{
        *p = (struct gate_trend_policy){.consecutive = 2, .window = 7, .flips = 3};
}

bool gate_trend_policy_valid(const struct gate_trend_policy *p)
{
        return p->consecutive >= 1 && p->window >= 2 && p->window <= GATE_TREND_MAX_WINDOW &&
               p->flips >= 1;
}

static bool judged(const struct gate_trend_night *n)
{
        return n->verdict != STATS_HARNESS_ERROR;
}

static bool have_legacy(const struct gate_trend_night *n)
{
        return isfinite(n->legacy_mean) && isfinite(n->legacy_lo) && isfinite(n->legacy_hi);
}

static const char *time_of(const struct gate_trend_night *n)
{
        return n->time && n->time[0] ? n->time : "?";
}

static bool relative(const struct gate_trend_night *n)
{
        return n->unit && strcmp(n->unit, "%") == 0;
}

/* The reference night of night i: the lower median by legacy mean of the
 * usable nights among the window before it (ties: the earlier night). */
static int reference_of(const struct gate_trend_policy *p, const struct gate_trend_night *nights,
                        int i)
{
        int first = i - (p->window - 1) < 0 ? 0 : i - (p->window - 1);
        int cand[GATE_TREND_MAX_WINDOW], m = 0;
        for (int j = first; j < i && m < GATE_TREND_MAX_WINDOW; j++)
                if (have_legacy(&nights[j]))
                        cand[m++] = j;
        if (m == 0)
                return -1;
        /* insertion sort by (mean, index): at most window - 1 nights */
        for (int a = 1; a < m; a++) {
                int c = cand[a], b = a;
                while (b > 0 && (nights[cand[b - 1]].legacy_mean > nights[c].legacy_mean ||
                                 (nights[cand[b - 1]].legacy_mean == nights[c].legacy_mean &&
                                  cand[b - 1] > c))) {
                        cand[b] = cand[b - 1];
                        b--;
                }
                cand[b] = c;
        }
        return cand[(m - 1) / 2];
}

/* legacy's shift from the reference, in the night's unit */
static double shift_of(const struct gate_trend_night *n, const struct gate_trend_night *r)
{
        double d = n->legacy_mean - r->legacy_mean;
        if (!relative(n))
                return d;
        return r->legacy_mean != 0 ? 100 * d / r->legacy_mean
                                   : (d == 0 ? 0 : copysign(INFINITY, d));
}

static bool apart(const struct gate_trend_night *a, const struct gate_trend_night *b)
{
        return a->legacy_lo > b->legacy_hi || b->legacy_lo > a->legacy_hi;
}

bool gate_trend_reference_moved(const struct gate_trend_policy *p,
                                const struct gate_trend_night *nights, int i, int *ref,
                                double *shift)
{
        *ref = -1;
        *shift = NAN;
        if (i < 0 || !have_legacy(&nights[i]))
                return false;
        int r = reference_of(p, nights, i);
        if (r < 0)
                return false;
        *ref = r;
        *shift = shift_of(&nights[i], &nights[r]);
        return fabs(*shift) > nights[i].t1 && apart(&nights[i], &nights[r]);
}

static void assess_streak(const struct gate_trend_policy *p, const struct gate_trend_night *nights,
                          int n, struct gate_trend *t)
{
        t->streak = 0;
        t->since = -1;
        t->worst = STATS_PASS;
        for (int i = n - 1; i >= 0; i--) {
                if (!judged(&nights[i]))
                        continue;
                if (!gate_trend_is_rollback(nights[i].verdict))
                        break;
                t->streak++;
                t->since = i;
                t->worst = stats_verdict_worst(t->worst, nights[i].verdict);
        }
        t->escalated = t->streak >= p->consecutive;
        if (t->escalated)
                snprintf(t->escalation_reason, sizeof(t->escalation_reason),
                         "escalated: a rollback (worst %s) on %d consecutive nights since %s "
                         "(the rule: %d)",
                         stats_verdict_name(t->worst), t->streak, time_of(&nights[t->since]),
                         p->consecutive);
        else if (t->streak > 0)
                snprintf(t->escalation_reason, sizeof(t->escalation_reason),
                         "a rollback (%s) on %d night%s since %s; escalates at %d in a row",
                         stats_verdict_name(t->worst), t->streak, t->streak == 1 ? "" : "s",
                         time_of(&nights[t->since]), p->consecutive);
        else
                snprintf(t->escalation_reason, sizeof(t->escalation_reason),
                         "no rollback on the latest judged night");
}

static void assess_unstable(const struct gate_trend_policy *p,
                            const struct gate_trend_night *nights, int n, struct gate_trend *t)
{
        t->changes = 0;
        t->from = n > p->window ? n - p->window : 0;
        int last = -1, seen = 0;
        for (int i = t->from; i < n; i++) {
                if (!judged(&nights[i]))
                        continue;
                int state = gate_trend_is_rollback(nights[i].verdict);
                if (last >= 0 && state != last)
                        t->changes++;
                last = state;
                seen++;
        }
        t->unstable = t->changes >= p->flips;
        snprintf(t->unstable_reason, sizeof(t->unstable_reason),
                 "%s: %d change%s between rollback and no rollback in the last %d judged "
                 "night%s since %s (the rule: %d in %d)",
                 t->unstable ? "unstable" : "stable", t->changes, t->changes == 1 ? "" : "s", seen,
                 seen == 1 ? "" : "s", n > 0 ? time_of(&nights[t->from]) : "-", p->flips,
                 p->window);
}

static void assess_reference(const struct gate_trend_policy *p,
                             const struct gate_trend_night *nights, int n, struct gate_trend *t)
{
        t->last_moved = -1;
        t->moved_in_run = false;
        int ref;
        double shift;
        for (int i = 0; i < n; i++)
                if (gate_trend_reference_moved(p, nights, i, &ref, &shift)) {
                        t->last_moved = i;
                        if (t->escalated && i >= t->since)
                                t->moved_in_run = true;
                }
        t->moved = gate_trend_reference_moved(p, nights, n - 1, &t->reference, &t->shift);
        if (n == 0 || t->reference < 0) {
                snprintf(t->reference_reason, sizeof(t->reference_reason),
                         "reference not judged: %s",
                         n == 0 || !have_legacy(&nights[n - 1])
                             ? "legacy's interval is not known tonight"
                             : "no earlier night with legacy's interval");
                return;
        }
        const struct gate_trend_night *a = &nights[n - 1], *r = &nights[t->reference];
        const char *u = relative(a) ? "%" : "pp";
        char head[200];
        snprintf(head, sizeof(head),
                 "legacy %.3f %% [%.3f, %.3f] against %.3f %% [%.3f, %.3f] on %s (the median of "
                 "earlier nights): %+.3f %s",
                 a->legacy_mean, a->legacy_lo, a->legacy_hi, r->legacy_mean, r->legacy_lo,
                 r->legacy_hi, time_of(r), t->shift, u);
        if (t->moved)
                snprintf(t->reference_reason, sizeof(t->reference_reason),
                         "reference moved: %s, beyond T1 %g %s with the intervals apart: not the "
                         "orchestrator's fault",
                         head, a->t1, u);
        else
                snprintf(t->reference_reason, sizeof(t->reference_reason),
                         "reference steady: %s, %s", head,
                         fabs(t->shift) > a->t1 ? "but the intervals overlap" : "within T1");
}

void gate_trend_assess(const struct gate_trend_policy *p, const struct gate_trend_night *nights,
                       int n, struct gate_trend *out)
{
        memset(out, 0, sizeof(*out));
        assess_streak(p, nights, n, out);
        assess_unstable(p, nights, n, out);
        assess_reference(p, nights, n, out);
}
