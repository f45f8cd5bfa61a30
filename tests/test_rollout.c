/*
 * The gate's rollout decision (gate/rollout.c): the seed plan's gradual
 * re-enablement -- canary first, then standard, then critical -- and a
 * rollback at its Level for any rollback verdict, whatever the tier.
 */
#include <string.h>

#include "../gate/rollout.h"
#include "testutil.h"

#define ITEM(n, t, v)                                                                              \
        {                                                                                          \
                .name = n, .tier = GATE_TIER_##t, .verdict = STATS_##v                             \
        }

static void test_all_pass_enables_every_tier(void)
{
        struct gate_rollout_item it[] = {ITEM("c", CANARY, PASS), ITEM("s", STANDARD, PASS),
                                         ITEM("x", CRITICAL, PASS)};
        gate_rollout_decide(it, 3);
        for (int i = 0; i < 3; i++) {
                CU_ASSERT_EQUAL(it[i].decision, GATE_ENABLE);
                CU_ASSERT_EQUAL(it[i].level, 0);
        }
        CU_ASSERT_PTR_NOT_NULL(strstr(it[0].why, "24 h"));
}

static void test_a_failed_stage_holds_the_later_ones(void)
{
        struct gate_rollout_item it[] = {ITEM("x", CRITICAL, PASS), ITEM("s1", STANDARD, PASS),
                                         ITEM("s2", STANDARD, PLANNED_ROLLBACK),
                                         ITEM("c", CANARY, PASS)};
        gate_rollout_decide(it, 4); /* the order of the items does not matter */
        CU_ASSERT_EQUAL(it[3].decision, GATE_ENABLE);
        CU_ASSERT_EQUAL(it[1].decision, GATE_ENABLE); /* its own stage's other config failed */
        CU_ASSERT_EQUAL(it[2].decision, GATE_ROLLBACK);
        CU_ASSERT_EQUAL(it[2].level, 2);
        CU_ASSERT_EQUAL(it[0].decision, GATE_HOLD);
        CU_ASSERT_PTR_NOT_NULL(strstr(it[0].why, "waits for the standard stage: s2 is "
                                                 "PLANNED_ROLLBACK"));
}

static void test_a_canary_that_is_not_a_pass_holds_everything(void)
{
        const enum stats_verdict not_pass[] = {STATS_MONITOR, STATS_INCONCLUSIVE,
                                               STATS_HARNESS_ERROR, STATS_EMERGENCY_ROLLBACK};
        for (size_t k = 0; k < sizeof(not_pass) / sizeof(not_pass[0]); k++) {
                struct gate_rollout_item it[] = {
                    {.name = "c", .tier = GATE_TIER_CANARY, .verdict = not_pass[k]},
                    ITEM("s", STANDARD, PASS),
                    ITEM("x", CRITICAL, PASS)};
                gate_rollout_decide(it, 3);
                CU_ASSERT_EQUAL(it[0].decision, not_pass[k] == STATS_EMERGENCY_ROLLBACK
                                                    ? GATE_ROLLBACK
                                                    : GATE_HOLD);
                CU_ASSERT_EQUAL(it[1].decision, GATE_HOLD);
                CU_ASSERT_EQUAL(it[2].decision, GATE_HOLD);
                CU_ASSERT_PTR_NOT_NULL(strstr(it[2].why, "waits for the canary stage: c is"));
        }
}

static void test_rollbacks_whatever_the_tier(void)
{
        struct gate_rollout_item it[] = {ITEM("c", CANARY, PASS),
                                         ITEM("x", CRITICAL, EMERGENCY_ROLLBACK)};
        gate_rollout_decide(it, 2);
        CU_ASSERT_EQUAL(it[1].decision, GATE_ROLLBACK);
        CU_ASSERT_EQUAL(it[1].level, 1);
        CU_ASSERT_PTR_NOT_NULL(strstr(it[1].why, "Level 1"));
        CU_ASSERT_STRING_EQUAL(gate_decision_name(GATE_ROLLBACK), "rollback");
}

static void test_no_canary_opens_the_standard_stage(void)
{
        struct gate_rollout_item it[] = {ITEM("s", STANDARD, PASS), ITEM("x", CRITICAL, MONITOR)};
        gate_rollout_decide(it, 2);
        CU_ASSERT_EQUAL(it[0].decision, GATE_ENABLE);
        CU_ASSERT_EQUAL(it[1].decision, GATE_HOLD);
        CU_ASSERT_PTR_NOT_NULL(strstr(it[1].why, "slower"));
}

TEST_MAIN("rollout", TEST(test_all_pass_enables_every_tier),
          TEST(test_a_failed_stage_holds_the_later_ones),
          TEST(test_a_canary_that_is_not_a_pass_holds_everything),
          TEST(test_rollbacks_whatever_the_tier), TEST(test_no_canary_opens_the_standard_stage))
