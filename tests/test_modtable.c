/*
 * Tests for sim/modtable.c: FUSION's modulation JSON and rollgate's own
 * layout, the per-class sort by reach, global modulation names, class lookup
 * and the errors of sim_modtable_add.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../sim/modtable.h"
#include "testutil.h"

/*
 * Assumption "A" lists class "100" before "25" (file order, not numeric).
 *   100: QPSK 9000/4, 16-QAM 2000/2, 64-QAM 2000/1
 *        -> 16-QAM, 64-QAM (equal reach: file order), QPSK
 *   25:  64-QAM 1500/1, QPSK 22160/1, 8-QAM 5000/1
 *        -> 64-QAM, 8-QAM, QPSK
 * Global names in first appearance: QPSK 0, 16-QAM 1, 64-QAM 2, 8-QAM 3.
 * Assumption "B" must not leak into "A".
 */
static const char fusion_text[] =
    "{\n"
    "  \"B\": {\"50\": {\"BPSK\": {\"max_length\": 40000, \"slots_needed\": 2}}},\n"
    "  \"A\": {\n"
    "    \"100\": {\n"
    "      \"QPSK\": {\"max_length\": 9000, \"slots_needed\": 4},\n"
    "      \"16-QAM\": {\"max_length\": 2000, \"slots_needed\": 2},\n"
    "      \"64-QAM\": {\"max_length\": 2000, \"slots_needed\": 1}\n"
    "    },\n"
    "    \"25\": {\n"
    "      \"64-QAM\": {\"max_length\": 1500, \"slots_needed\": 1},\n"
    "      \"QPSK\": {\"max_length\": 22160, \"slots_needed\": 1},\n"
    "      \"8-QAM\": {\"max_length\": 5000, \"slots_needed\": 1}\n"
    "    }\n"
    "  }\n"
    "}\n";

static int parse(const char *text, const char *assumption, struct sim_modtable *mt,
                 struct rg_errbuf *eb)
{
        rg_errbuf_init(eb);
        return sim_modtable_parse("m.json", text, assumption, mt, eb);
}

static void expect_message(const struct rg_errbuf *eb, const char *part)
{
        if (strstr(eb->msg, part) == NULL) {
                fprintf(stderr, "\n    message '%s' lacks '%s'\n", eb->msg, part);
                CU_FAIL("error message lacks the expected detail");
        }
}

static void test_fusion_layout_class_order(void)
{
        struct sim_modtable mt;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse(fusion_text, "A", &mt, &eb), RG_OK);
        CU_ASSERT_STRING_EQUAL(mt.assumption, "A");
        CU_ASSERT_EQUAL_FATAL(mt.n_classes, 2);
        CU_ASSERT_STRING_EQUAL(mt.cls[0].label, "100");
        CU_ASSERT_DOUBLE_EQUAL(mt.cls[0].gbps, 100, 0);
        CU_ASSERT_STRING_EQUAL(mt.cls[1].label, "25");
        CU_ASSERT_DOUBLE_EQUAL(mt.cls[1].gbps, 25, 0);
}

static void test_fusion_layout_sorted_by_reach(void)
{
        struct sim_modtable mt;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse(fusion_text, "A", &mt, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(mt.n_classes, 2);

        const struct sim_bw_class *c = &mt.cls[0]; /* "100" */
        CU_ASSERT_EQUAL_FATAL(c->n_mods, 3);
        static const int mod100[] = {1, 2, 0}, slots100[] = {2, 1, 4};
        static const double km100[] = {2000, 2000, 9000};
        for (int i = 0; i < 3; i++) {
                CU_ASSERT_EQUAL(c->mod[i], mod100[i]);
                CU_ASSERT_EQUAL(c->slots[i], slots100[i]);
                CU_ASSERT_DOUBLE_EQUAL(c->max_km[i], km100[i], 0);
        }

        c = &mt.cls[1]; /* "25" */
        CU_ASSERT_EQUAL_FATAL(c->n_mods, 3);
        static const int mod25[] = {2, 3, 0};
        static const double km25[] = {1500, 5000, 22160};
        for (int i = 0; i < 3; i++) {
                CU_ASSERT_EQUAL(c->mod[i], mod25[i]);
                CU_ASSERT_EQUAL(c->slots[i], 1);
                CU_ASSERT_DOUBLE_EQUAL(c->max_km[i], km25[i], 0);
        }
}

/* Equal reaches keep file order: the same two formats written the other way
 * round come out the other way round. */
static void test_equal_reach_keeps_file_order(void)
{
        static const char text[] =
            "{\"A\": {\"10\": {\"Y\": {\"max_length\": 700, \"slots_needed\": 1},"
            " \"X\": {\"max_length\": 700, \"slots_needed\": 3},"
            " \"Z\": {\"max_length\": 100, \"slots_needed\": 5}}}}";
        struct sim_modtable mt;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse(text, "A", &mt, &eb), RG_OK);
        /* names: Y 0, X 1, Z 2; sorted: Z (100), Y (700), X (700) */
        CU_ASSERT_EQUAL_FATAL(mt.cls[0].n_mods, 3);
        CU_ASSERT_EQUAL(mt.cls[0].mod[0], 2);
        CU_ASSERT_EQUAL(mt.cls[0].mod[1], 0);
        CU_ASSERT_EQUAL(mt.cls[0].mod[2], 1);
        CU_ASSERT_EQUAL(mt.cls[0].slots[0], 5);
        CU_ASSERT_EQUAL(mt.cls[0].slots[1], 1);
        CU_ASSERT_EQUAL(mt.cls[0].slots[2], 3);
}

static void test_mod_names_deduplicated(void)
{
        struct sim_modtable mt;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse(fusion_text, "A", &mt, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(mt.n_mods, 4);
        CU_ASSERT_STRING_EQUAL(mt.mod_names[0], "QPSK");
        CU_ASSERT_STRING_EQUAL(mt.mod_names[1], "16-QAM");
        CU_ASSERT_STRING_EQUAL(mt.mod_names[2], "64-QAM");
        CU_ASSERT_STRING_EQUAL(mt.mod_names[3], "8-QAM");
}

/* 25: [QPSK 22160/1, 16-QAM 9000/1] -> 16-QAM, QPSK; 400: [QPSK 1500/16]. */
static void test_rollgate_layout(void)
{
        static const char text[] =
            "{\"format\": \"rollgate-modulation/1\",\n"
            " \"assumptions\": {\n"
            "  \"Other\": {\"10\": [[\"BPSK\", 1, 1]]},\n"
            "  \"A\": {\"25\": [[\"QPSK\", 22160, 1], [\"16-QAM\", 9000, 1]],\n"
            "         \"400\": [[\"QPSK\", 1500, 16]]}}}\n";
        struct sim_modtable mt;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse(text, "A", &mt, &eb), RG_OK);
        CU_ASSERT_STRING_EQUAL(mt.assumption, "A");
        CU_ASSERT_EQUAL_FATAL(mt.n_classes, 2);
        CU_ASSERT_EQUAL_FATAL(mt.n_mods, 2);
        CU_ASSERT_STRING_EQUAL(mt.mod_names[0], "QPSK");
        CU_ASSERT_STRING_EQUAL(mt.mod_names[1], "16-QAM");

        CU_ASSERT_STRING_EQUAL(mt.cls[0].label, "25");
        CU_ASSERT_EQUAL_FATAL(mt.cls[0].n_mods, 2);
        CU_ASSERT_EQUAL(mt.cls[0].mod[0], 1);
        CU_ASSERT_DOUBLE_EQUAL(mt.cls[0].max_km[0], 9000, 0);
        CU_ASSERT_EQUAL(mt.cls[0].mod[1], 0);
        CU_ASSERT_DOUBLE_EQUAL(mt.cls[0].max_km[1], 22160, 0);

        CU_ASSERT_STRING_EQUAL(mt.cls[1].label, "400");
        CU_ASSERT_DOUBLE_EQUAL(mt.cls[1].gbps, 400, 0);
        CU_ASSERT_EQUAL_FATAL(mt.cls[1].n_mods, 1);
        CU_ASSERT_EQUAL(mt.cls[1].mod[0], 0);
        CU_ASSERT_EQUAL(mt.cls[1].slots[0], 16);
        CU_ASSERT_DOUBLE_EQUAL(mt.cls[1].max_km[0], 1500, 0);
}

static void test_missing_assumption_is_notfound(void)
{
        struct sim_modtable mt;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(parse(fusion_text, "NOPE", &mt, &eb), RG_NOTFOUND);
        CU_ASSERT_EQUAL(eb.code, RG_NOTFOUND);
        expect_message(&eb, "NOPE");
        expect_message(&eb, "m.json");

        static const char text[] = "{\"format\": \"rollgate-modulation/1\", \"assumptions\": "
                                   "{\"A\": {\"25\": [[\"QPSK\", 22160, 1]]}}}";
        CU_ASSERT_EQUAL(parse(text, "NOPE", &mt, &eb), RG_NOTFOUND);
        expect_message(&eb, "NOPE");
}

static void test_non_integer_slots_is_error(void)
{
        struct sim_modtable mt;
        struct rg_errbuf eb;
        static const char frac[] =
            "{\"A\": {\"25\": {\"QPSK\": {\"max_length\": 100, \"slots_needed\": 1.5}}}}";
        CU_ASSERT_EQUAL(parse(frac, "A", &mt, &eb), RG_PARSE);
        expect_message(&eb, "QPSK");
        static const char str[] =
            "{\"A\": {\"25\": {\"QPSK\": {\"max_length\": 100, \"slots_needed\": \"2\"}}}}";
        CU_ASSERT_EQUAL(parse(str, "A", &mt, &eb), RG_PARSE);
        static const char rg[] = "{\"format\": \"rollgate-modulation/1\", \"assumptions\": "
                                 "{\"A\": {\"25\": [[\"QPSK\", 22160, 2.5]]}}}";
        CU_ASSERT_EQUAL(parse(rg, "A", &mt, &eb), RG_PARSE);
        expect_message(&eb, "25");
}

static void test_bad_values_are_errors(void)
{
        struct sim_modtable mt;
        struct rg_errbuf eb;
        static const char zero[] =
            "{\"A\": {\"25\": {\"QPSK\": {\"max_length\": 100, \"slots_needed\": 0}}}}";
        CU_ASSERT_NOT_EQUAL(parse(zero, "A", &mt, &eb), RG_OK);
        static const char neg[] =
            "{\"A\": {\"25\": {\"QPSK\": {\"max_length\": -1, \"slots_needed\": 1}}}}";
        CU_ASSERT_NOT_EQUAL(parse(neg, "A", &mt, &eb), RG_OK);
        static const char label[] =
            "{\"A\": {\"fast\": {\"QPSK\": {\"max_length\": 100, \"slots_needed\": 1}}}}";
        CU_ASSERT_NOT_EQUAL(parse(label, "A", &mt, &eb), RG_OK);
        expect_message(&eb, "fast");
        /* slots_needed must be 1..4096 */
        static const char big[] =
            "{\"A\": {\"25\": {\"QPSK\": {\"max_length\": 100, \"slots_needed\": 4097}}}}";
        CU_ASSERT_EQUAL(parse(big, "A", &mt, &eb), RG_RANGE);
        static const char empty[] = "{\"A\": {}}";
        CU_ASSERT_NOT_EQUAL(parse(empty, "A", &mt, &eb), RG_OK);
}

/*
 * A slot count far beyond int must be refused as out of range, not converted
 * to int first (converting 5e9 to int is undefined behaviour; UBSan's
 * float-cast-overflow check reports it).
 */
static void test_huge_slots_is_range_error(void)
{
        struct sim_modtable mt;
        struct rg_errbuf eb;
        static const char fusion[] = "{\"A\": {\"25\": {\"QPSK\": {\"max_length\": 100, "
                                     "\"slots_needed\": 5000000000}}}}";
        CU_ASSERT_EQUAL(parse(fusion, "A", &mt, &eb), RG_RANGE);
        static const char rg[] = "{\"format\": \"rollgate-modulation/1\", \"assumptions\": "
                                 "{\"A\": {\"25\": [[\"QPSK\", 22160, 5e9]]}}}";
        CU_ASSERT_EQUAL(parse(rg, "A", &mt, &eb), RG_RANGE);
}

/* The error is at the stray 'x' on line 3. */
static void test_malformed_json_names_line(void)
{
        struct sim_modtable mt;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(parse("{\n  \"A\": {\n    \"25\": x\n  }\n}\n", "A", &mt, &eb), RG_PARSE);
        expect_message(&eb, "m.json:3");
}

static void test_class_lookup(void)
{
        struct sim_modtable mt;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(parse(fusion_text, "A", &mt, &eb), RG_OK);
        CU_ASSERT_EQUAL(sim_modtable_class(&mt, "100"), 0);
        CU_ASSERT_EQUAL(sim_modtable_class(&mt, "25"), 1);
        CU_ASSERT_EQUAL(sim_modtable_class(&mt, "100.0"), 0);
        CU_ASSERT_EQUAL(sim_modtable_class(&mt, "25.00"), 1);
        CU_ASSERT_EQUAL(sim_modtable_class(&mt, "1e2"), 0);
        CU_ASSERT_EQUAL(sim_modtable_class(&mt, "50"), -1);
        CU_ASSERT_EQUAL(sim_modtable_class(&mt, "100x"), -1);
        CU_ASSERT_EQUAL(sim_modtable_class(&mt, "QPSK"), -1);
        CU_ASSERT_EQUAL(sim_modtable_class(&mt, ""), -1);
}

static void test_add_sorts_on_insert(void)
{
        struct sim_modtable mt;
        memset(&mt, 0, sizeof(mt));
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_modtable_add(&mt, "50", "QPSK", 8000, 2, &eb), RG_OK);
        CU_ASSERT_EQUAL(sim_modtable_add(&mt, "50", "64-QAM", 1000, 1, &eb), RG_OK);
        CU_ASSERT_EQUAL(sim_modtable_add(&mt, "200", "QPSK", 4000, 8, &eb), RG_OK);
        CU_ASSERT_EQUAL(sim_modtable_add(&mt, "50", "16-QAM", 3000, 1, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(mt.n_classes, 2);
        CU_ASSERT_EQUAL(mt.n_mods, 3);
        CU_ASSERT_EQUAL_FATAL(mt.cls[0].n_mods, 3);
        /* 50: 64-QAM (1), 16-QAM (2), QPSK (0) */
        CU_ASSERT_EQUAL(mt.cls[0].mod[0], 1);
        CU_ASSERT_EQUAL(mt.cls[0].mod[1], 2);
        CU_ASSERT_EQUAL(mt.cls[0].mod[2], 0);
        CU_ASSERT_DOUBLE_EQUAL(mt.cls[0].max_km[2], 8000, 0);
        CU_ASSERT_EQUAL(mt.cls[0].slots[2], 2);
        CU_ASSERT_EQUAL(mt.cls[1].n_mods, 1);
        CU_ASSERT_DOUBLE_EQUAL(mt.cls[1].gbps, 200, 0);
        CU_ASSERT_EQUAL(eb.code, RG_OK);
}

static void test_add_errors(void)
{
        struct sim_modtable mt;
        memset(&mt, 0, sizeof(mt));
        struct rg_errbuf eb;

        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_modtable_add(&mt, "25", "QPSK", 100, 0, &eb), RG_RANGE);
        CU_ASSERT_EQUAL(eb.code, RG_RANGE);
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_modtable_add(&mt, "25", "QPSK", 100, -3, &eb), RG_RANGE);
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_modtable_add(&mt, "25", "QPSK", -1, 1, &eb), RG_RANGE);
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_modtable_add(&mt, "25", "QPSK", NAN, 1, &eb), RG_RANGE);
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_modtable_add(&mt, "abc", "QPSK", 100, 1, &eb), RG_RANGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "abc"));
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_modtable_add(&mt, "25G", "QPSK", 100, 1, &eb), RG_RANGE);
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_modtable_add(&mt, "0", "QPSK", 100, 1, &eb), RG_RANGE);
        CU_ASSERT_EQUAL(mt.n_classes, 0);
        CU_ASSERT_EQUAL(mt.n_mods, 0);

        /* the same format twice in one class */
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(sim_modtable_add(&mt, "25", "QPSK", 100, 1, &eb), RG_OK);
        CU_ASSERT_NOT_EQUAL(sim_modtable_add(&mt, "25", "QPSK", 200, 1, &eb), RG_OK);
        CU_ASSERT_EQUAL(mt.cls[0].n_mods, 1);
        CU_ASSERT_DOUBLE_EQUAL(mt.cls[0].max_km[0], 100, 0);
}

TEST_MAIN("modtable", TEST(test_fusion_layout_class_order),
          TEST(test_fusion_layout_sorted_by_reach), TEST(test_equal_reach_keeps_file_order),
          TEST(test_mod_names_deduplicated), TEST(test_rollgate_layout),
          TEST(test_missing_assumption_is_notfound), TEST(test_non_integer_slots_is_error),
          TEST(test_bad_values_are_errors), TEST(test_huge_slots_is_range_error),
          TEST(test_malformed_json_names_line), TEST(test_class_lookup),
          TEST(test_add_sorts_on_insert), TEST(test_add_errors))
