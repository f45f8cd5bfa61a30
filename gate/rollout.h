/*
 * The rollout decision of the pre-re-enablement gate (the seed plan's
 * gradual re-enablement: one canary config first, then the non-critical
 * ones, then all): from each config's verdict and tier, which configs may
 * set use_orchestrator = true now, which must stay off, and which need a
 * rollback.  Pure: no I/O.
 *
 *   a rollback verdict           rollback at its Level, whatever the tier
 *   PASS, canary                 enable now
 *   PASS, standard               enable now if every canary passed
 *   PASS, critical               enable now if every canary and standard passed
 *   PASS otherwise               hold: waits for the earlier tier
 *   MONITOR                      hold: equivalent, but slower (investigate)
 *   INCONCLUSIVE                 hold: rerun with more replications
 *   HARNESS_ERROR                hold: fix the harness, no conclusion
 * A config that holds or rolls back also holds every later tier.
 */
#ifndef GATE_ROLLOUT_H
#define GATE_ROLLOUT_H

#include "../stats/verdict.h"
#include "suite.h"

enum gate_decision { GATE_ENABLE, GATE_HOLD, GATE_ROLLBACK };

const char *gate_decision_name(enum gate_decision d); /* "enable", "hold", "rollback" */

struct gate_rollout_item {
        /* in */
        const char *name; /* borrowed for the call */
        enum gate_tier tier;
        enum stats_verdict verdict;
        /* out */
        enum gate_decision decision;
        int level; /* rollback: 1 emergency, 2 planned */
        char why[320];
};

/* Decides every item (the order of `items` does not matter). */
void gate_rollout_decide(struct gate_rollout_item *items, int n);

#endif
