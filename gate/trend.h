/*
 * The trend rules of the nightly history (SPEC section 9): pure functions
 * over the nights of one (config, load, metric), oldest first.  No I/O, no
 * SQLite; the caller fills the nights from the history (gate/history.h) or
 * from tonight's comparison.
 *
 * A rollback is PLANNED_ROLLBACK or EMERGENCY_ROLLBACK.  A HARNESS_ERROR
 * night says nothing about the orchestrator: every rule skips it (it neither
 * continues nor breaks a streak, and is no change of state).
 *
 *   consecutive  the latest nights (skipping harness errors) are rollbacks on
 *                at least `consecutive` nights in a row: escalated, since the
 *                first night of that run.  Any other verdict ends the run.
 *   unstable     among the last `window` nights (harness errors skipped),
 *                the state rollback / not rollback changes at least `flips`
 *                times from one night to the next.  One change is a
 *                transition, not instability.
 *   reference    legacy's own blocking on night i against its reference:
 *   moved        the night with the median legacy mean among the up to
 *                `window - 1` nights before i (the lower median for an even
 *                count, ties by the earlier night).  Moved when |shift| > T1
 *                (night i's T1; the shift in pp, or in % of the reference's
 *                mean when the unit is "%") and the two confidence intervals
 *                of legacy's mean do not overlap.  Nights without a legacy
 *                interval are neither judged nor used as reference.
 *
 * Reasons are one line each with the numbers.
 */
#ifndef GATE_TREND_H
#define GATE_TREND_H

#include <stdbool.h>

#include "../stats/verdict.h"

#define GATE_TREND_MAX_WINDOW 64

struct gate_trend_policy {
        int consecutive; /* rollback nights in a row that escalate; default 2 */
        int window;      /* nights looked at by unstable and reference; default 7 */
        int flips;       /* changes within the window that are unstable; default 3 */
};

void gate_trend_policy_default(struct gate_trend_policy *p);

/* True for a policy the rules can use (consecutive >= 1, window 2 to
 * GATE_TREND_MAX_WINDOW, flips >= 1). */
bool gate_trend_policy_valid(const struct gate_trend_policy *p);

/* One night of a series, as the rules need it (strings borrowed for the
 * call; `time` names the night in reasons). */
struct gate_trend_night {
        const char *time;
        enum stats_verdict verdict;               /* the metric's */
        double legacy_mean, legacy_lo, legacy_hi; /* percent; NAN: not computed */
        double t1;                                /* the threshold used that night */
        const char *unit;                         /* "pp" or "%" */
};

struct gate_trend {
        /* consecutive: the run of rollbacks ending at the latest judged
         * night; since = its first night (index), -1 when streak is 0 */
        int streak, since;
        bool escalated;
        enum stats_verdict worst; /* the worst verdict of the run (PASS when none) */
        /* unstable: changes among the window's nights from index `from` */
        int changes, from;
        bool unstable;
        /* reference moved, of the latest night (index n - 1) */
        bool moved;
        int reference;     /* index of the reference night, -1: none */
        double shift;      /* legacy tonight - reference, in unit */
        int last_moved;    /* latest night whose reference moved, -1: none */
        bool moved_in_run; /* the reference moved on a night of the escalated run */
        char escalation_reason[256], unstable_reason[256], reference_reason[320];
};

/* Applies the three rules to nights[0..n-1] (oldest first, n >= 0) under a
 * valid policy. */
void gate_trend_assess(const struct gate_trend_policy *p, const struct gate_trend_night *nights,
                       int n, struct gate_trend *out);

/* The reference rule for night `i` alone (also used per night by the
 * table): true when it moved; *ref the reference night (-1: none), *shift
 * the shift in the night's unit. */
bool gate_trend_reference_moved(const struct gate_trend_policy *p,
                                const struct gate_trend_night *nights, int i, int *ref,
                                double *shift);

static inline bool gate_trend_is_rollback(enum stats_verdict v)
{
        return v == STATS_PLANNED_ROLLBACK || v == STATS_EMERGENCY_ROLLBACK;
}

#endif
