#include "rollout.h"

#include <stdio.h>

const char *gate_decision_name(enum gate_decision d)
{
        switch (d) {
        case GATE_ENABLE:
                return "enable";
        case GATE_HOLD:
                return "hold";
        case GATE_ROLLBACK:
                return "rollback";
        }
        return "?";
}

/* The first config of a tier before `tier` that did not pass, or NULL. */
static const struct gate_rollout_item *blocker(const struct gate_rollout_item *items, int n,
                                               enum gate_tier tier)
{
        for (int t = 0; t < (int)tier; t++)
                for (int i = 0; i < n; i++)
                        if ((int)items[i].tier == t && items[i].verdict != STATS_PASS)
                                return &items[i];
        return NULL;
}

void gate_rollout_decide(struct gate_rollout_item *items, int n)
{
        for (int i = 0; i < n; i++) {
                struct gate_rollout_item *it = &items[i];
                it->level = 0;
                switch (it->verdict) {
                case STATS_EMERGENCY_ROLLBACK:
                case STATS_PLANNED_ROLLBACK:
                        it->decision = GATE_ROLLBACK;
                        it->level = it->verdict == STATS_EMERGENCY_ROLLBACK ? 1 : 2;
                        snprintf(it->why, sizeof(it->why),
                                 "%s: Level %d rollback, the orchestrator stays off",
                                 stats_verdict_name(it->verdict), it->level);
                        continue;
                case STATS_MONITOR:
                        it->decision = GATE_HOLD;
                        snprintf(it->why, sizeof(it->why),
                                 "MONITOR: equivalent blocking, but significantly slower: "
                                 "investigate the run time first");
                        continue;
                case STATS_INCONCLUSIVE:
                        it->decision = GATE_HOLD;
                        snprintf(it->why, sizeof(it->why),
                                 "INCONCLUSIVE: not shown equivalent; rerun with more "
                                 "replications");
                        continue;
                case STATS_HARNESS_ERROR:
                        it->decision = GATE_HOLD;
                        snprintf(it->why, sizeof(it->why),
                                 "HARNESS_ERROR: no conclusion about the orchestrator; fix the "
                                 "harness or the legacy side");
                        continue;
                case STATS_PASS:
                        break;
                }
                const struct gate_rollout_item *b = blocker(items, n, it->tier);
                if (b == NULL) {
                        it->decision = GATE_ENABLE;
                        snprintf(it->why, sizeof(it->why),
                                 "PASS: may set use_orchestrator = true now%s",
                                 it->tier == GATE_TIER_CANARY
                                     ? " (the canary stage: monitor it for 24 h)"
                                 : it->tier == GATE_TIER_STANDARD
                                     ? " (non-critical: monitor for 48 h before the "
                                       "critical configs)"
                                     : "");
                } else {
                        it->decision = GATE_HOLD;
                        snprintf(it->why, sizeof(it->why),
                                 "PASS, but waits for the %s stage: %.64s is %s",
                                 gate_tier_name(b->tier), b->name, stats_verdict_name(b->verdict));
                }
        }
}
