/*
 * The sequential design (SPEC section 10): look after look, `batch` more
 * replications for every load whose verdict is not settled, until every
 * load is settled or has the most replications the design allows.
 *
 * The error control lives in the analysis (compare/analyse.c, load_alpha):
 * each look's decisions are held to the nominal level Lan-DeMets spending
 * gives that look, and each rollback claim enters the Holm correction with
 * its sequential p-value.  This file only decides who gets more runs, and
 * records what each look said.  Replication r of a load is always seed r
 * of the matrix, so a comparison that stops at R replications ran exactly
 * the runs a fixed one of R replications would, and a rerun on the same run
 * directory replays the same looks from the runs it kept.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compare.h"

const char *compare_stop_name(enum compare_stop s)
{
        switch (s) {
        case COMPARE_STOP_NONE:
                return "none";
        case COMPARE_STOP_DECIDED:
                return "decided";
        case COMPARE_STOP_MAX:
                return "max_replications";
        case COMPARE_STOP_INTERRUPTED:
                return "interrupted";
        }
        return "?";
}

/* Whether a deviation's interval reaches the emergency threshold on a
 * side that counts (direction increase: only the upper). */
static bool reaches_t2(const struct compare_metric *cm, const struct stats_policy *pol)
{
        if (pol->direction == STATS_DIR_INCREASE)
                return !(cm->in.hi < pol->t2);
        return !(fmax(fabs(cm->in.lo), fabs(cm->in.hi)) < pol->t2);
}

/* An EMERGENCY claim whose interval lies wholly beyond T2: more runs
 * cannot bring the point estimate below it (a claim on the estimate alone
 * could). */
static bool emergency_proven(const struct compare_metric *cm, const struct stats_policy *pol)
{
        if (cm->dec.verdict != STATS_EMERGENCY_ROLLBACK)
                return false;
        return cm->in.lo >= pol->t2 ||
               (pol->direction == STATS_DIR_EITHER && cm->in.hi <= -pol->t2);
}

bool compare_load_decided(const struct compare_load *L, const struct stats_policy *pol)
{
        if (L->verdict == STATS_HARNESS_ERROR)
                return true;
        bool planned = false, open = false, open_to_emergency = false;
        /* BP and BBP under `pol`, then the declared metrics under their own
         * policies; a secondary metric decides nothing, and an equality or
         * performance check covers the runs made without asking for more */
        for (int k = 0; k < L->n_metrics; k++) {
                const struct compare_metric *cm = &L->metric[k];
                if (k >= COMPARE_METRICS) {
                        if (!cm->primary)
                                continue;
                        if (cm->kind != COMPARE_KIND_EQUIVALENCE) {
                                /* a difference found stays one: a settled claim */
                                planned |= cm->dec.verdict == STATS_PLANNED_ROLLBACK;
                                continue;
                        }
                        pol = &cm->pol;
                }
                /* a failure decides the load (its metrics have no basis) */
                if (cm->in.basis == STATS_BASIS_FAILED || emergency_proven(cm, pol))
                        return true;
                switch (cm->dec.verdict) {
                case STATS_PASS:
                case STATS_MONITOR:
                        break;
                case STATS_PLANNED_ROLLBACK:
                        /* the level is settled only when the interval
                         * stays below T2 */
                        if (cm->dec.emergency_not_excluded)
                                open = open_to_emergency = true;
                        else
                                planned = true;
                        break;
                case STATS_EMERGENCY_ROLLBACK:
                        /* on the estimate, the interval reaching below T2 */
                        open = open_to_emergency = true;
                        break;
                case STATS_INCONCLUSIVE:
                        if (cm->never)
                                break; /* no run will make it judgeable */
                        open = true;
                        open_to_emergency |= reaches_t2(cm, pol);
                        break;
                case STATS_HARNESS_ERROR:
                        return true;
                }
        }
        return !open || (planned && !open_to_emergency);
}

/* A new look of a load that grew, or (again) its last look for one that
 * did not: its data are the same, but Holm's verdicts span every load and
 * can change with the others' evidence, so the last look always shows what
 * finally stood. */
static void record_look(struct compare_result *r, int li, bool grew)
{
        const struct compare_load *L = &r->load[li];
        struct compare_looks *ls = &r->looks[li];
        if (grew && ls->n >= COMPARE_MAX_LOOKS)
                return; /* compare_plan refuses designs with more looks */
        if (!grew && ls->n == 0)
                return;
        struct compare_look *lk = grew ? &ls->look[ls->n++] : &ls->look[ls->n - 1];
        const struct compare_sequential *seq = &r->cfg->seq;
        *lk = (struct compare_look){
            .replications = L->n,
            .nominal = L->alpha,
            .spent = stats_spending_alpha(seq->spending, 1 - r->cfg->policy.confidence,
                                          (double)L->n / seq->max),
            .verdict = L->verdict,
        };
        for (int k = 0; k < COMPARE_METRICS; k++) {
                const struct compare_metric *cm = &L->metric[k];
                lk->metric[k].basis = cm->in.basis;
                lk->metric[k].mean = cm->in.mean;
                lk->metric[k].lo = cm->in.lo;
                lk->metric[k].hi = cm->in.hi;
                lk->metric[k].verdict = cm->dec.verdict;
        }
}

int compare_sequence(struct compare_result *r, const struct compare_sim *sim, struct rg_errbuf *eb)
{
        const struct compare_sequential *seq = &r->cfg->seq;
        bool *grew = calloc((size_t)r->n_loads, sizeof(bool));
        if (grew == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        int rc = RG_OK;
        /* a signal between two looks (during an analysis) stops the
         * comparison as one during the runs does */
        compare_signals_catch();
        for (;;) {
                bool any = false;
                for (int li = 0; li < r->n_loads; li++) {
                        struct compare_load *L = &r->load[li];
                        /* decided is asked again at every look: the Holm
                         * correction spans all loads, so a claim can stand or
                         * fall with the others' evidence */
                        grew[li] = L->n < seq->max &&
                                   (L->n == 0 || !compare_load_decided(L, &r->cfg->policy));
                        if (grew[li]) {
                                L->n = L->n + seq->batch < seq->max ? L->n + seq->batch : seq->max;
                                any = true;
                        }
                }
                if (!any)
                        break;
                rc = compare_execute(r, sim, eb);
                if (rc != RG_OK)
                        break;
                rc = compare_analyse(r, eb);
                if (rc != RG_OK)
                        break;
                for (int li = 0; li < r->n_loads; li++)
                        record_look(r, li, grew[li]);
                if (r->interrupted || compare_signals_caught())
                        break;
        }
        compare_signals_release();
        if (rc == RG_OK && !r->interrupted && compare_signals_caught()) {
                /* caught during the last analysis: what stands is partial */
                r->interrupted = true;
                rc = compare_analyse(r, eb);
        }
        free(grew);
        if (rc != RG_OK)
                return rc;
        for (int li = 0; li < r->n_loads; li++) {
                const struct compare_load *L = &r->load[li];
                r->looks[li].stop = r->interrupted ? COMPARE_STOP_INTERRUPTED
                                    : compare_load_decided(L, &r->cfg->policy)
                                        ? COMPARE_STOP_DECIDED
                                        : COMPARE_STOP_MAX;
        }
        return RG_OK;
}
