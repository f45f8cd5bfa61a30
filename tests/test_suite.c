/*
 * Suite files (gate/suite.c): configs in order with their tiers and
 * overrides, paths relative to the suite's folder, and every mistake a
 * one-line error naming the file, line and key.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../gate/suite.h"
#include "testutil.h"

static char dir[] = "/tmp/rollgate-suite-XXXXXX";

static const char *write_suite(const char *name, const char *text)
{
        static char path[256];
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        FILE *f = fopen(path, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fputs(text, f);
        fclose(f);
        return path;
}

static void test_reads_configs_in_order(void)
{
        const char *p = write_suite("ok.ini", "[suite]\nname = nightly\n"
                                              "[config.b]\nconfig = b.ini\ntier = critical\n"
                                              "[config.a]\nconfig = /abs/a.ini\ntier = canary\n"
                                              "requests = 2000\nloads = 300,600\n"
                                              "inject = drop=0.05\n");
        struct gate_suite *s = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(gate_suite_load(p, &s, &eb), RG_OK);
        CU_ASSERT_STRING_EQUAL(s->name, "nightly");
        CU_ASSERT_EQUAL(s->n, 2);
        CU_ASSERT_STRING_EQUAL(s->cfg[0].name, "b");
        CU_ASSERT_EQUAL(s->cfg[0].tier, GATE_TIER_CRITICAL);
        char want[300];
        snprintf(want, sizeof(want), "%s/b.ini", dir);
        CU_ASSERT_STRING_EQUAL(s->cfg[0].config, want); /* relative to the suite */
        CU_ASSERT_STRING_EQUAL(s->cfg[1].config, "/abs/a.ini");
        CU_ASSERT_STRING_EQUAL(s->cfg[1].ovr[GATE_OVR_REQUESTS].value, "2000");
        CU_ASSERT_EQUAL(s->cfg[1].ovr[GATE_OVR_REQUESTS].line, 9);
        CU_ASSERT_STRING_EQUAL(s->cfg[1].ovr[GATE_OVR_INJECT].value, "drop=0.05");
        CU_ASSERT_STRING_EQUAL(s->cfg[1].ovr[GATE_OVR_LEGACY].value, "");
        gate_suite_destroy(s);
}

static void refused(const char *text, int code, const char *needle)
{
        const char *p = write_suite("bad.ini", text);
        struct gate_suite *s = (struct gate_suite *)1;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(gate_suite_load(p, &s, &eb), code);
        CU_ASSERT_PTR_NULL(s);
        if (strstr(eb.msg, needle) == NULL)
                fprintf(stderr, "wanted '%s' in: %s\n", needle ? needle : "", eb.msg);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, needle));
        CU_ASSERT_PTR_NULL(strchr(eb.msg, '\n'));
}

static void test_mistakes_name_file_line_and_key(void)
{
        refused("[config.a]\nconfig = x\ntier = first\n", RG_PARSE,
                "bad.ini:3: key 'tier': 'first' is not canary");
        refused("[config.a]\nconfig = x\ntier = canary\nreqests = 5\n", RG_PARSE,
                "bad.ini:4: [config.a]: unknown key 'reqests'");
        refused("[other]\nx = 1\n", RG_PARSE, "bad.ini:2: unknown section [other]");
        refused("[suite]\nname = x\n", RG_PARSE, "no [config.NAME] section");
        refused("[config.a]\ntier = canary\n", RG_PARSE,
                "bad.ini:2: [config.a]: key 'config' missing");
        refused("[config.a]\nconfig = x\n", RG_PARSE, "key 'tier' missing");
        refused("[config.a b]\nconfig = x\ntier = canary\n", RG_PARSE, "a name is letters");
        refused("[config.a]\nconfig =\ntier = canary\n", RG_PARSE, "key 'config': empty");
        refused("[suite]\nowner = me\n[config.a]\nconfig = x\ntier = canary\n", RG_PARSE,
                "[suite]: unknown key 'owner'");
        refused("[config.a]\nconfig = x\ntier = canary\nthis is not ini\n", RG_PARSE,
                "bad.ini:4: not 'key = value'");
        struct gate_suite *s = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(gate_suite_load(dir, &s, &eb), RG_IO); /* a folder */
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "not a regular file"));
}

static void test_names(void)
{
        CU_ASSERT_STRING_EQUAL(gate_tier_name(GATE_TIER_STANDARD), "standard");
        CU_ASSERT_STRING_EQUAL(gate_override_key(GATE_OVR_LOADS), "loads");
}

int main(void)
{
        if (mkdtemp(dir) == NULL)
                return 1;
        static const struct test_case tests[] = {TEST(test_reads_configs_in_order),
                                                 TEST(test_mistakes_name_file_line_and_key),
                                                 TEST(test_names)};
        int rc = test_run_suite("suite", tests, sizeof(tests) / sizeof(tests[0]));
        char path[256];
        snprintf(path, sizeof(path), "%s/ok.ini", dir);
        unlink(path);
        snprintf(path, sizeof(path), "%s/bad.ini", dir);
        unlink(path);
        rmdir(dir);
        return rc;
}
