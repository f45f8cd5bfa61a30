#define _XOPEN_SOURCE 700
/*
 * Config loading: FUSION's INI layout, its words for booleans and None, the
 * keys rollgate refuses, and errors that name file, line and key.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../harness/compare_setup.h"
#include "../harness/settings.h"
#include "testutil.h"

static char dir[64];

static const char *write_file(const char *name, const char *text)
{
        static char path[256];
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        FILE *f = fopen(path, "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fputs(text, f);
        fclose(f);
        return path;
}

static int load(const char *text, struct harness_settings *s, struct rg_errbuf *eb)
{
        harness_settings_defaults(s);
        rg_errbuf_init(eb);
        int rc = harness_settings_load_ini(s, write_file("c.ini", text), eb);
        /* a feature the embedded simulator cannot model is refused when a
         * builtin path would run: check that too */
        return rc == RG_OK ? harness_settings_check_builtin(s, eb) : rc;
}

static void test_fusion_layout(void)
{
        struct harness_settings s;
        struct rg_errbuf eb;
        int rc = load("[general_settings]\n"
                      "erlang_start = 100\nerlang_stop = 300\nerlang_step = 50\n"
                      "holding_time = 0.5\nnum_requests = 2000\nmax_iters = 4\n"
                      "guard_slots = 0\nmod_assumption = XTAR_ASSUMPTIONS\n"
                      "request_distribution = {'50': 0.5, '100': 0.5}\n"
                      "pre_calc_mod_selection = True\n"
                      "is_grooming_enabled = False\nmax_segments = 1\ndynamic_lps = False\n"
                      "spectrum_priority = None\nthread_erlangs = False\n"
                      "[topology_settings]\nnetwork = USNet\ncores_per_link = 3\n"
                      "is_only_core_node = True\nbw_per_slot = 12.5\n"
                      "[spectrum_settings]\nc_band = 128\nallocation_method = best_fit\n"
                      "[routing_settings]\nroute_method = k_shortest_path\nk_paths = 4\n"
                      "[snr_settings]\nsnr_type = None\nxt_type = without_length\n",
                      &s, &eb);
        CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(s.erlang_start, 100, 0);
        CU_ASSERT_DOUBLE_EQUAL(s.holding_time, 0.5, 0);
        CU_ASSERT_EQUAL(s.num_requests, 2000);
        CU_ASSERT_EQUAL(s.max_iters, 4);
        CU_ASSERT_EQUAL(s.guard_slots, 0);
        CU_ASSERT_STRING_EQUAL(s.mod_assumption, "XTAR_ASSUMPTIONS");
        CU_ASSERT_EQUAL(s.n_dist, 2);
        CU_ASSERT_STRING_EQUAL(s.dist[1].label, "100");
        CU_ASSERT_TRUE(s.single_mod);
        CU_ASSERT_STRING_EQUAL(s.network, "USNet");
        CU_ASSERT_EQUAL(s.cores_per_link, 3);
        CU_ASSERT_EQUAL(s.c_band, 128);
        CU_ASSERT_EQUAL(s.allocation, SIM_FIT_BEST);
        CU_ASSERT_EQUAL(s.k_paths, 4);
        double loads[HARNESS_MAX_LOADS];
        int n;
        CU_ASSERT_EQUAL(harness_settings_loads(&s, loads, &n, &eb), RG_OK);
        CU_ASSERT_EQUAL(n, 5); /* 100..300 step 50, stop included as FUSION does */
        CU_ASSERT_DOUBLE_EQUAL(loads[4], 300, 0);
        uint32_t seeds[HARNESS_MAX_SEEDS];
        CU_ASSERT_EQUAL(harness_settings_seeds(&s, seeds, &n, &eb), RG_OK);
        CU_ASSERT_EQUAL(n, 4);
        CU_ASSERT_EQUAL(seeds[0], 1); /* FUSION: iteration + 1 */
        CU_ASSERT_EQUAL(seeds[3], 4);
}

static void test_spectrum_guard_wins_and_shortest_path(void)
{
        struct harness_settings s;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(load("[spectrum_settings]\nguard_slots = 0\n"
                             "[general_settings]\nguard_slots = 1\n"
                             "[routing_settings]\nroute_method = shortest_path\nk_paths = 5\n",
                             &s, &eb),
                        RG_OK);
        CU_ASSERT_EQUAL(s.guard_slots, 0);
        CU_ASSERT_EQUAL(s.k_paths, 1);
}

static void expect_error(const char *text, int code, const char *needle)
{
        struct harness_settings s;
        struct rg_errbuf eb;
        int rc = load(text, &s, &eb);
        CU_ASSERT_EQUAL(rc, code);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, needle));
        CU_ASSERT_PTR_NULL(strchr(eb.msg, '\n'));
        if (rc != code || strstr(eb.msg, needle) == NULL)
                fprintf(stderr, "\n  got %d '%s', wanted %d with '%s'\n", rc, eb.msg, code, needle);
}

static void test_errors_name_file_line_key(void)
{
        expect_error("[general_settings]\n\nholding_time = fast\n", RG_PARSE,
                     "c.ini:3: key 'holding_time'");
        expect_error("[general_settings]\nnum_requests = 10.5\n", RG_PARSE,
                     "c.ini:2: key 'num_requests'");
        expect_error("[general_settings]\nnum_requests = 0\n", RG_RANGE, "key 'num_requests'");
        expect_error("[general_settings]\nguard_slots = 2\n", RG_RANGE, "key 'guard_slots'");
        expect_error("[spectrum_settings]\nallocation_method = random_fit\n", RG_UNSUPPORTED,
                     "c.ini:2: key 'allocation_method'");
        expect_error("[general_settings]\nrequest_distribution = {25: 0.5\n", RG_PARSE,
                     "key 'request_distribution'");
        expect_error("[general_settings]\nthis line has no equals sign\n", RG_PARSE, "c.ini:2");
        expect_error("[general_settings]\npre_calc_mod_selection = maybe\n", RG_PARSE,
                     "key 'pre_calc_mod_selection'");
}

static void test_features_switched_on_are_refused(void)
{
        expect_error("[general_settings]\nis_grooming_enabled = True\n", RG_UNSUPPORTED,
                     "c.ini:2: key 'is_grooming_enabled'");
        expect_error("[general_settings]\nmax_segments = 4\n", RG_UNSUPPORTED,
                     "key 'max_segments'");
        expect_error("[snr_settings]\nsnr_type = snr_e2e\n", RG_UNSUPPORTED, "key 'snr_type'");
        expect_error("[routing_settings]\nroute_method = 1plus1_protection\n", RG_UNSUPPORTED,
                     "key 'route_method'");
        expect_error("[topology_settings]\nmulti_fiber = True\n", RG_UNSUPPORTED,
                     "key 'multi_fiber'");
        expect_error("[spectrum_settings]\nl_band = 320\n", RG_UNSUPPORTED, "key 'l_band'");
        expect_error("[topology_settings]\nis_only_core_node = False\n", RG_UNSUPPORTED,
                     "key 'is_only_core_node'");
}

/* For external simulators the features are their business: the config
 * loads, and only the builtin check refuses, naming the first such key. */
static void test_refusals_wait_for_builtin_paths(void)
{
        struct harness_settings s;
        struct rg_errbuf eb;
        harness_settings_defaults(&s);
        rg_errbuf_init(&eb);
        const char *path =
            write_file("slicing.ini", "[general_settings]\nnum_requests = 500\n"
                                      "max_segments = 4\nis_grooming_enabled = True\n");
        CU_ASSERT_EQUAL_FATAL(harness_settings_load_ini(&s, path, &eb), RG_OK);
        CU_ASSERT_EQUAL(s.num_requests, 500);
        CU_ASSERT_EQUAL(harness_settings_check_builtin(&s, &eb), RG_UNSUPPORTED);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "slicing.ini:3: key 'max_segments'"));
}

/* [path.NAME] sections: every key read, defaults, and strict errors. */
static void test_path_sections(void)
{
        struct harness_settings s;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(load("[path.fast]\ncommand = sim --seed {seed} --out {out}\n"
                                   "env = A=1 B=2\ntimeout = 90\nkill_grace = 2.5\n"
                                   "format = fusion\nworkdir = /tmp\n"
                                   "[path.other]\ncommand = x\n",
                                   &s, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL_FATAL(s.n_path_sections, 2);
        const struct backend_exec_spec *p = harness_settings_path_section(&s, "fast");
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_STRING_EQUAL(p->command, "sim --seed {seed} --out {out}");
        CU_ASSERT_STRING_EQUAL(p->env, "A=1 B=2");
        CU_ASSERT_DOUBLE_EQUAL(p->timeout, 90, 0);
        CU_ASSERT_DOUBLE_EQUAL(p->kill_grace, 2.5, 0);
        CU_ASSERT_EQUAL(p->format, BACKEND_FORMAT_FUSION);
        CU_ASSERT_STRING_EQUAL(p->workdir, "/tmp");
        CU_ASSERT_PTR_NOT_NULL(strstr(p->where, "c.ini:2"));
        p = harness_settings_path_section(&s, "other");
        CU_ASSERT_PTR_NOT_NULL_FATAL(p);
        CU_ASSERT_DOUBLE_EQUAL(p->kill_grace, 10, 0);
        CU_ASSERT_EQUAL(p->format, BACKEND_FORMAT_ROLLGATE);
        CU_ASSERT_PTR_NULL(harness_settings_path_section(&s, "missing"));
        /* a long command continues on indented lines; a repeated key replaces */
        CU_ASSERT_EQUAL_FATAL(load("[path.long]\ncommand = sim --a 1\n  --b {seed}\n\t--c 3\n"
                                   "[path.twice]\ncommand = one\ncommand = two\n",
                                   &s, &eb),
                              RG_OK);
        CU_ASSERT_STRING_EQUAL(harness_settings_path_section(&s, "long")->command,
                               "sim --a 1 --b {seed} --c 3");
        CU_ASSERT_STRING_EQUAL(harness_settings_path_section(&s, "twice")->command, "two");
        expect_error("[path.x]\ncommand = a\ntimeout = soon\n", RG_PARSE, "c.ini:3: key 'timeout'");
        expect_error("[path.x]\ncommand = a\nformat = xml\n", RG_PARSE, "key 'format'");
        expect_error("[path.x]\ncommand = a\nshell = bash\n", RG_PARSE, "c.ini:3: key 'shell'");
        expect_error("[path.x]\ntimeout = 5\n", RG_PARSE, "key 'command' missing");
        expect_error("[path.a b]\ncommand = a\n", RG_PARSE, "section '[path.a b]'");
}

/* [metric.NAME] sections: one of each kind with every key read, the
 * defaults, config order, a repeated section and a repeated key. */
static void test_metric_sections(void)
{
        static struct harness_settings s;
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL_FATAL(load("[general_settings]\nnum_requests = 500\n"
                                   "[metric.alerts_total]\nkind = equivalence\n"
                                   "thresholds = 1, 5\ndeviation = relative\n"
                                   "direction = increase\nunit = alerts\nprimary = false\n"
                                   "[metric.digest]\nkind = exact\nabs_tol = 1e-6\n"
                                   "rel_tol = 0.02\nprimary = True\n"
                                   "[metric.tick_ms]\nkind = performance\nfactor = 0.25\n"
                                   "primary = no\n",
                                   &s, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL_FATAL(s.n_metric_sections, 3);
        const struct harness_metric_section *m = &s.metric_sections[0];
        CU_ASSERT_STRING_EQUAL(m->decl.name, "alerts_total");
        CU_ASSERT_EQUAL(m->decl.kind, COMPARE_KIND_EQUIVALENCE);
        CU_ASSERT_DOUBLE_EQUAL(m->decl.pol.t1, 1, 0);
        CU_ASSERT_DOUBLE_EQUAL(m->decl.pol.t2, 5, 0);
        CU_ASSERT_EQUAL(m->decl.pol.deviation, STATS_DEV_RELATIVE);
        CU_ASSERT_EQUAL(m->decl.pol.direction, STATS_DIR_INCREASE);
        CU_ASSERT_STRING_EQUAL(m->decl.unit, "alerts");
        CU_ASSERT_FALSE(m->decl.primary);
        char want[256];
        snprintf(want, sizeof(want), "%s/c.ini:3: [metric.alerts_total]", dir);
        CU_ASSERT_STRING_EQUAL(m->where, want);
        m = &s.metric_sections[1];
        CU_ASSERT_STRING_EQUAL(m->decl.name, "digest");
        CU_ASSERT_EQUAL(m->decl.kind, COMPARE_KIND_EXACT);
        CU_ASSERT_DOUBLE_EQUAL(m->decl.abs_tol, 1e-6, 0);
        CU_ASSERT_DOUBLE_EQUAL(m->decl.rel_tol, 0.02, 0);
        CU_ASSERT_TRUE(m->decl.primary);
        snprintf(want, sizeof(want), "%s/c.ini:10: [metric.digest]", dir);
        CU_ASSERT_STRING_EQUAL(m->where, want);
        m = &s.metric_sections[2];
        CU_ASSERT_STRING_EQUAL(m->decl.name, "tick_ms");
        CU_ASSERT_EQUAL(m->decl.kind, COMPARE_KIND_PERFORMANCE);
        CU_ASSERT_DOUBLE_EQUAL(m->decl.pol.perf_threshold, 0.25, 0);
        CU_ASSERT_FALSE(m->decl.primary);
        /* the defaults: primary, absolute, either, factor 0.05, no tolerance,
         * no unit */
        CU_ASSERT_EQUAL_FATAL(load("[metric.q-1.x]\nkind = equivalence\nthresholds = 0.5,2\n"
                                   "[metric.e]\nkind = exact\n[metric.p]\nkind = performance\n",
                                   &s, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL_FATAL(s.n_metric_sections, 3);
        CU_ASSERT_STRING_EQUAL(s.metric_sections[0].decl.name, "q-1.x");
        CU_ASSERT_TRUE(s.metric_sections[0].decl.primary);
        CU_ASSERT_EQUAL(s.metric_sections[0].decl.pol.deviation, STATS_DEV_ABSOLUTE);
        CU_ASSERT_EQUAL(s.metric_sections[0].decl.pol.direction, STATS_DIR_EITHER);
        CU_ASSERT_STRING_EQUAL(s.metric_sections[0].decl.unit, "");
        CU_ASSERT_DOUBLE_EQUAL(s.metric_sections[1].decl.abs_tol, 0, 0);
        CU_ASSERT_DOUBLE_EQUAL(s.metric_sections[1].decl.rel_tol, 0, 0);
        CU_ASSERT_TRUE(s.metric_sections[1].decl.primary);
        CU_ASSERT_DOUBLE_EQUAL(s.metric_sections[2].decl.pol.perf_threshold, 0.05, 0);
        /* a section repeated adds to the first (which keeps its line), a key
         * given twice: the last wins; the kind may come after its keys; a
         * name of 47 bytes is longer than inih's section buffer, read whole */
        const char *long_name = "m23456789012345678901234567890123456789012345x";
        char text[512];
        snprintf(text, sizeof(text),
                 "[metric.a]\nabs_tol = 1\n[general_settings]\nnum_requests = 500\n"
                 "[metric.a]\nabs_tol = 2\n; a comment\nkind = exact\n"
                 "[metric.%s7]\nkind = exact\n",
                 long_name);
        CU_ASSERT_EQUAL_FATAL(load(text, &s, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(s.n_metric_sections, 2);
        CU_ASSERT_EQUAL(s.metric_sections[0].decl.kind, COMPARE_KIND_EXACT);
        CU_ASSERT_DOUBLE_EQUAL(s.metric_sections[0].decl.abs_tol, 2, 0);
        CU_ASSERT_PTR_NOT_NULL(strstr(s.metric_sections[0].where, "c.ini:1: [metric.a]"));
        CU_ASSERT_EQUAL(strlen(s.metric_sections[1].decl.name), 47);
        CU_ASSERT_EQUAL(strncmp(s.metric_sections[1].decl.name, long_name, 46), 0);
        /* a config of metric sections alone is one rollgate reads */
        CU_ASSERT_EQUAL(load("[metric.a]\nkind = exact\n", &s, &eb), RG_OK);
        CU_ASSERT_EQUAL(s.n_metric_sections, 1);
}

/* The error for `text`, whole: "DIR/c.ini:" then `rest`. */
static void expect_metric_error(const char *text, const char *rest)
{
        static struct harness_settings s;
        struct rg_errbuf eb;
        char want[512];
        snprintf(want, sizeof(want), "%s/c.ini:%s", dir, rest);
        int rc = load(text, &s, &eb);
        CU_ASSERT_EQUAL(rc, RG_PARSE);
        CU_ASSERT_STRING_EQUAL(eb.msg, want);
        if (rc != RG_PARSE || strcmp(eb.msg, want) != 0)
                fprintf(stderr, "\n  got %d '%s'\n  wanted '%s'\n", rc, eb.msg, want);
}

static void test_metric_section_errors(void)
{
        /* values */
        expect_metric_error("[metric.a]\nkind = fuzzy\n",
                            "2: [metric.a] key 'kind': 'fuzzy' is not equivalence, exact or "
                            "performance");
        expect_metric_error("[metric.a]\nkind = equivalence\nthresholds = 5, 1\n",
                            "3: [metric.a] key 'thresholds': '5, 1' is not T1, T2 with 0 < T1 < "
                            "T2");
        expect_metric_error("[metric.a]\nkind = equivalence\nthresholds = 1\n",
                            "3: [metric.a] key 'thresholds': '1' is not T1, T2 with 0 < T1 < T2");
        expect_metric_error("[metric.a]\nkind = equivalence\nthresholds = 0, 1\n",
                            "3: [metric.a] key 'thresholds': '0, 1' is not T1, T2 with 0 < T1 < "
                            "T2");
        expect_metric_error("[metric.a]\nkind = equivalence\ndeviation = percent\n",
                            "3: [metric.a] key 'deviation': 'percent' is not absolute or relative");
        expect_metric_error("[metric.a]\nkind = equivalence\ndirection = decrease\n",
                            "3: [metric.a] key 'direction': 'decrease' is not either or increase");
        expect_metric_error("[metric.a]\nkind = equivalence\nunit = milliseconds_each\n",
                            "3: [metric.a] key 'unit': 'milliseconds_each' is not a label of at "
                            "most 15 bytes");
        expect_metric_error("[metric.a]\nkind = exact\nabs_tol = -1e-9\n",
                            "3: [metric.a] key 'abs_tol': '-1e-9' is not a number >= 0");
        expect_metric_error("[metric.a]\nkind = exact\nrel_tol = nan\n",
                            "3: [metric.a] key 'rel_tol': 'nan' is not a number >= 0");
        expect_metric_error("[metric.a]\nkind = performance\nfactor = -0.1\n",
                            "3: [metric.a] key 'factor': '-0.1' is not a fraction >= 0, e.g. 0.05");
        expect_metric_error("[metric.a]\nkind = exact\nprimary = maybe\n",
                            "3: [metric.a] key 'primary': 'maybe' is not true or false");
        expect_metric_error("[metric.a]\nkind = exact\ntolerance = 1\n",
                            "3: [metric.a] key 'tolerance': not a metric setting (kind, "
                            "thresholds, deviation, direction, unit, abs_tol, rel_tol, factor, "
                            "primary)");
        expect_metric_error("[metric.a]\nkind = exact\n\n  abs_tol = 1\n",
                            "4: [metric.a] key 'kind': an indented line continues this key's "
                            "value; a metric setting takes one line");
        /* an indented header after a key is, to inih, more of that key's value */
        expect_metric_error("[metric.a]\nkind = exact\n  [metric.b]\n",
                            "3: [metric.a] key 'kind': an indented line continues this key's "
                            "value; a metric setting takes one line");
        /* names and limits: the header's line */
        expect_metric_error("[general_settings]\nnum_requests = 500\n[metric.a b]\nkind = exact\n",
                            "3: [metric.a b]: a metric name is 1 to 47 letters, digits, '_', '-' "
                            "or '.'");
        expect_metric_error("[metric.]\nkind = exact\n",
                            "1: [metric.]: a metric name is 1 to 47 letters, digits, '_', '-' or "
                            "'.'");
        expect_metric_error(
            "[metric.m23456789012345678901234567890123456789012345678]\n",
            "1: [metric.m23456789012345678901234567890123456789012345678]: a metric "
            "name is 1 to 47 letters, digits, '_', '-' or '.'");
        expect_metric_error("[metric.bp]\nkind = exact\n",
                            "1: [metric.bp]: 'bp' is predeclared (bp, bbp and trace_hash are "
                            "rollgate's own metrics): choose another name");
        expect_metric_error("[metric.BBP]\nkind = exact\n",
                            "1: [metric.BBP]: 'BBP' is predeclared (bp, bbp and trace_hash are "
                            "rollgate's own metrics): choose another name");
        expect_metric_error("[metric.trace_hash]\nkind = exact\n",
                            "1: [metric.trace_hash]: 'trace_hash' is predeclared (bp, bbp and "
                            "trace_hash are rollgate's own metrics): choose another name");
        char text[1024] = "";
        for (int i = 1; i <= COMPARE_MAX_DECLARED + 1; i++) {
                size_t used = strlen(text);
                snprintf(text + used, sizeof(text) - used, "[metric.m%d]\nkind = exact\n", i);
        }
        expect_metric_error(text, "25: [metric.m13]: more than 12 [metric.*] sections");
        /* what the whole file tells, at the end */
        expect_metric_error("[metric.a]\nunit = ms\nthresholds = 1,2\n",
                            "1: [metric.a] key 'kind' missing (equivalence, exact or performance)");
        expect_metric_error("[general_settings]\nnum_requests = 500\n[metric.empty]\n",
                            "3: [metric.empty] key 'kind' missing (equivalence, exact or "
                            "performance)");
        expect_metric_error("[metric.a]\nkind = equivalence\nunit = ms\n",
                            "1: [metric.a] key 'thresholds' missing: kind equivalence needs T1, "
                            "T2 with 0 < T1 < T2");
        expect_metric_error("[metric.a]\nkind = exact\nthresholds = 1,5\n",
                            "3: [metric.a] key 'thresholds' is for kind equivalence, not exact");
        expect_metric_error("[metric.a]\nabs_tol = 1\nkind = equivalence\nthresholds = 1,5\n",
                            "2: [metric.a] key 'abs_tol' is for kind exact, not equivalence");
        expect_metric_error("[metric.a]\nkind = exact\nfactor = 0.1\nunit = ms\n",
                            "3: [metric.a] key 'factor' is for kind performance, not exact");
        expect_metric_error("[metric.a]\nkind = performance\nrel_tol = 0.1\n",
                            "3: [metric.a] key 'rel_tol' is for kind exact, not performance");
}

/* The comparison's config from the sections: each declared metric under
 * the comparison's policy with what its section sets; [comparison] exact. */
static void test_metric_declarations_in_the_comparison(void)
{
        static struct harness_settings s;
        static struct harness_compare hc;
        struct rg_errbuf eb;
        setenv("ROLLGATE_FIXTURES", RG_FIXTURE_DIR, 1);
        CU_ASSERT_EQUAL_FATAL(load("[general_settings]\nnum_requests = 500\nmax_iters = 2\n"
                                   "[comparison]\nthresholds = 3, 12\nconfidence = 0.9\n"
                                   "perf_threshold = 0.2\ndeviation = relative\nexact = true\n"
                                   "[metric.lat]\nkind = equivalence\nthresholds = 1, 4\n"
                                   "direction = increase\nunit = ms\n"
                                   "[metric.hash]\nkind = exact\nrel_tol = 0.5\nprimary = false\n"
                                   "[metric.cpu]\nkind = performance\nfactor = 0.3\n",
                                   &s, &eb),
                              RG_OK);
        int rc = harness_compare_init(&hc, &s, &eb);
        if (rc != RG_OK)
                fprintf(stderr, "\n  init: %s\n", eb.msg);
        CU_ASSERT_EQUAL_FATAL(rc, RG_OK);
        CU_ASSERT_TRUE(hc.cfg.exact);
        CU_ASSERT_EQUAL_FATAL(hc.cfg.n_declared, 3);
        const struct compare_metric_decl *d = &hc.cfg.declared[0];
        CU_ASSERT_STRING_EQUAL(d->name, "lat");
        CU_ASSERT_DOUBLE_EQUAL(d->pol.t1, 1, 0);
        CU_ASSERT_DOUBLE_EQUAL(d->pol.t2, 4, 0);
        CU_ASSERT_EQUAL(d->pol.deviation, STATS_DEV_ABSOLUTE); /* the section's default */
        CU_ASSERT_EQUAL(d->pol.direction, STATS_DIR_INCREASE);
        CU_ASSERT_DOUBLE_EQUAL(d->pol.confidence, 0.9, 0);
        CU_ASSERT_DOUBLE_EQUAL(d->pol.perf_threshold, 0.2, 0);
        CU_ASSERT_DOUBLE_EQUAL(d->pol.low_signal_blocked, hc.cfg.policy.low_signal_blocked, 0);
        CU_ASSERT_STRING_EQUAL(d->unit, "ms");
        d = &hc.cfg.declared[1];
        CU_ASSERT_STRING_EQUAL(d->name, "hash");
        CU_ASSERT_EQUAL(d->kind, COMPARE_KIND_EXACT);
        CU_ASSERT_FALSE(d->primary);
        CU_ASSERT_DOUBLE_EQUAL(d->rel_tol, 0.5, 0);
        CU_ASSERT_DOUBLE_EQUAL(d->pol.t1, 3, 0); /* the comparison's policy, unchanged */
        CU_ASSERT_DOUBLE_EQUAL(d->pol.t2, 12, 0);
        CU_ASSERT_EQUAL(d->pol.deviation, STATS_DEV_RELATIVE);
        d = &hc.cfg.declared[2];
        CU_ASSERT_STRING_EQUAL(d->name, "cpu");
        CU_ASSERT_EQUAL(d->kind, COMPARE_KIND_PERFORMANCE);
        CU_ASSERT_DOUBLE_EQUAL(d->pol.perf_threshold, 0.3, 0);
        CU_ASSERT_DOUBLE_EQUAL(d->pol.t1, 3, 0);
        CU_ASSERT_DOUBLE_EQUAL(d->pol.confidence, 0.9, 0);
        harness_compare_finish(&hc);
        /* exact and the sequential design: refused, naming both lines */
        CU_ASSERT_EQUAL_FATAL(load("[comparison]\nexact = yes\nuntil_decided = true\n", &s, &eb),
                              RG_OK);
        CU_ASSERT_EQUAL(harness_compare_init(&hc, &s, &eb), RG_USAGE);
        char want[512];
        snprintf(want, sizeof(want),
                 "%s/c.ini:2: key 'exact': an exact comparison judges every replication: it "
                 "cannot be sequential (%s/c.ini:3: key 'until_decided')",
                 dir, dir);
        CU_ASSERT_STRING_EQUAL(eb.msg, want);
        harness_compare_finish(&hc);
        CU_ASSERT_EQUAL_FATAL(load("[comparison]\nexact = maybe\n", &s, &eb), RG_OK);
        CU_ASSERT_EQUAL(harness_compare_init(&hc, &s, &eb), RG_USAGE);
        snprintf(want, sizeof(want), "%s/c.ini:2: key 'exact': 'maybe' is not True or False", dir);
        CU_ASSERT_STRING_EQUAL(eb.msg, want);
        harness_compare_finish(&hc);
        /* without sections or exact: nothing declared */
        CU_ASSERT_EQUAL_FATAL(load("[general_settings]\nnum_requests = 500\n", &s, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(harness_compare_init(&hc, &s, &eb), RG_OK);
        CU_ASSERT_EQUAL(hc.cfg.n_declared, 0);
        CU_ASSERT_FALSE(hc.cfg.exact);
        harness_compare_finish(&hc);
}

/* The effective config of one external run, checked line by line against
 * what the input file says and what the command line changed. */
static void test_run_config(void)
{
        struct harness_settings s;
        struct rg_errbuf eb;
        write_file("topo.txt", "A\tB\t100\nB\tA\t100\n");
        CU_ASSERT_EQUAL_FATAL(
            load("orphan_key = 1\n; a comment kept\n"
                 "[general_settings]\nerlang_start = 100\nerlang_stop = 900\n"
                 "erlang_step = 100\nnum_requests = 5000\nmax_iters = 7\n"
                 "sim_type = yue\n"
                 "note = first line\n  second = line\n"

                 "[topology_settings]\nnetwork = NSFNet\ntopology_path = topo.txt\n"
                 "[comparison]\nlegacy = fast\n"
                 "[path.fast]\ncommand = x {seed}\n"
                 "[metric.tick]\nkind = performance\nfactor = 0.1\n"
                 "[snr_settings]\nsnr_type = None\n",
                 &s, &eb),
            RG_OK);
        s.num_requests = 1234; /* as --requests would */
        s.k_paths = 4;         /* as --k-paths would */
        s.cli_set |= HARNESS_SET_K_PATHS;
        char *text = NULL;
        CU_ASSERT_EQUAL_FATAL(harness_settings_run_config(&s, 250.5, &text, &eb), RG_OK);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "; a comment kept\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "erlang_start = 250.5\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "erlang_stop = 250.5\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "erlang_step = 100\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "num_requests = 1234\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "max_iters = 1\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "holding_time = 1\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "sim_type = yue\n"));
        /* a key before any section is dropped (Python's configparser refuses
         * it); a continuation line follows its key, even with an '=' in it */
        CU_ASSERT_PTR_NULL(strstr(text, "orphan_key"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "note = first line\n  second = line\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "[routing_settings]\nk_paths = 4\n"));
        CU_ASSERT_PTR_NOT_NULL(strstr(text, "[snr_settings]\nsnr_type = None\n"));
        /* the topology file beside the config, made absolute */
        char want[PATH_MAX + 64];
        char real[PATH_MAX + 1];
        CU_ASSERT_PTR_NOT_NULL_FATAL(realpath(dir, real));
        snprintf(want, sizeof(want), "topology_path = %s/topo.txt\n", real);
        CU_ASSERT_PTR_NOT_NULL(strstr(text, want));
        /* rollgate's own sections are not the simulator's business */
        CU_ASSERT_PTR_NULL(strstr(text, "[comparison]"));
        CU_ASSERT_PTR_NULL(strstr(text, "[path.fast]"));
        CU_ASSERT_PTR_NULL(strstr(text, "command ="));
        CU_ASSERT_PTR_NULL(strstr(text, "[metric.tick]"));
        CU_ASSERT_PTR_NULL(strstr(text, "factor"));
        CU_ASSERT_PTR_NULL(strstr(text, "erlang_start = 100"));
        CU_ASSERT_PTR_NULL(strstr(text, "max_iters = 7"));
        /* and rollgate reads it back as one load, one iteration */
        const char *back = write_file("back.ini", text);
        struct harness_settings t;
        harness_settings_defaults(&t);
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(harness_settings_load_ini(&t, back, &eb), RG_OK);
        CU_ASSERT_DOUBLE_EQUAL(t.erlang_start, 250.5, 0);
        CU_ASSERT_DOUBLE_EQUAL(t.erlang_stop, 250.5, 0);
        CU_ASSERT_EQUAL(t.max_iters, 1);
        CU_ASSERT_EQUAL(t.num_requests, 1234);
        CU_ASSERT_EQUAL(t.k_paths, 4);
        CU_ASSERT_EQUAL(t.n_path_sections, 0);
        free(text);
}

static void test_unknown_keys_are_ignored(void)
{
        struct harness_settings s;
        struct rg_errbuf eb;
        /* k_paths outside [routing_settings] is not where FUSION reads it */
        CU_ASSERT_EQUAL(load("[general_settings]\nk_paths = 7\nsave_snapshots = False\n"
                             "num_requests = 500\n[rl_settings]\nobs_space = obs_1\n",
                             &s, &eb),
                        RG_OK);
        CU_ASSERT_EQUAL(s.k_paths, 3);
        /* a file with nothing rollgate reads would silently run the defaults */
        expect_error("[general_settings]\nk_paths = 7\n[mypy]\nstrict = True\n", RG_PARSE,
                     "no key rollgate reads");
        expect_error("", RG_PARSE, "no key rollgate reads");
}

/* A config is a regular file: a folder read as empty, a FIFO blocked. */
static void test_config_must_be_regular(void)
{
        struct harness_settings s;
        struct rg_errbuf eb;
        harness_settings_defaults(&s);
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(harness_settings_load_ini(&s, dir, &eb), RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "not a regular file"));
        char fifo[128];
        snprintf(fifo, sizeof(fifo), "%s/fifo.ini", dir);
        CU_ASSERT_EQUAL_FATAL(mkfifo(fifo, 0600), 0);
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(harness_settings_load_ini(&s, fifo, &eb), RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "fifo.ini: not a regular file"));
        unlink(fifo);
}

static void test_missing_file(void)
{
        struct harness_settings s;
        struct rg_errbuf eb;
        harness_settings_defaults(&s);
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(harness_settings_load_ini(&s, "/nonexistent/x.ini", &eb), RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "/nonexistent/x.ini"));
}

static void test_line_too_long(void)
{
        char text[600] = "[general_settings]\nmod_assumption = ";
        size_t len = strlen(text);
        memset(text + len, 'A', 300);
        text[len + 300] = '\n';
        text[len + 301] = '\0';
        expect_error(text, RG_PARSE, "c.ini:2: line too long");
}

static int build(const char *text, struct rg_errbuf *eb)
{
        struct harness_settings s;
        int rc = load(text, &s, eb);
        if (rc != RG_OK)
                return rc;
        struct sim_model *m = NULL;
        struct sim_traffic tr;
        setenv("ROLLGATE_FIXTURES", RG_FIXTURE_DIR, 1);
        rc = harness_settings_build(&s, &m, &tr, eb);
        sim_model_destroy(m);
        return rc;
}

static void test_build_errors(void)
{
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(build("[topology_settings]\nnetwork = Atlantis\n", &eb), RG_NOTFOUND);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "key 'network'"));
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "Atlantis"));
        CU_ASSERT_EQUAL(build("[general_settings]\nnum_requests = 1005\n", &eb), RG_RANGE);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "key 'request_distribution'"));
        CU_ASSERT_EQUAL(build("[general_settings]\nrequest_distribution = {\"75\": 1.0}\n", &eb),
                        RG_NOTFOUND);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "'75'"));
        CU_ASSERT_EQUAL(build("[topology_settings]\ntopology_path = missing.txt\n", &eb), RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "key 'topology_path'"));
        CU_ASSERT_EQUAL(build("[general_settings]\nmod_assumption = NOPE\n", &eb), RG_NOTFOUND);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "NOPE"));
        /* a topology beside the config is found relative to it */
        write_file("tiny.txt", "a\tb\t100\nb\tc\t100\n");
        CU_ASSERT_EQUAL(build("[topology_settings]\ntopology_path = tiny.txt\n", &eb), RG_OK);
        CU_ASSERT_EQUAL(build("[topology_settings]\nnetwork = nsfnet\n", &eb), RG_OK);
}

static void test_cli_parsers(void)
{
        double v[8];
        int n;
        long l;
        CU_ASSERT_EQUAL(harness_parse_list("300,400.5, 500", v, 8, &n), RG_OK);
        CU_ASSERT_EQUAL(n, 3);
        CU_ASSERT_DOUBLE_EQUAL(v[1], 400.5, 0);
        CU_ASSERT_NOT_EQUAL(harness_parse_list("300,,x", v, 8, &n), RG_OK);
        CU_ASSERT_NOT_EQUAL(harness_parse_list("", v, 8, &n), RG_OK);
        CU_ASSERT_EQUAL(harness_parse_int("12", 1, 20, &l), RG_OK);
        CU_ASSERT_EQUAL(l, 12);
        CU_ASSERT_EQUAL(harness_parse_int("21", 1, 20, &l), RG_RANGE);
        CU_ASSERT_EQUAL(harness_parse_int("1e3", 1, 2000, &l), RG_OK);
        CU_ASSERT_EQUAL(harness_parse_int("3x", 1, 20, &l), RG_PARSE);
        CU_ASSERT_NOT_EQUAL(harness_parse_double("nan", &v[0]), RG_OK);
        CU_ASSERT_NOT_EQUAL(harness_parse_double("inf", &v[0]), RG_OK);
}

int main(void)
{
        snprintf(dir, sizeof(dir), "/tmp/rg_settings_XXXXXX");
        if (mkdtemp(dir) == NULL)
                return 1;
        static const struct test_case tests[] = {TEST(test_fusion_layout),
                                                 TEST(test_spectrum_guard_wins_and_shortest_path),
                                                 TEST(test_errors_name_file_line_key),
                                                 TEST(test_features_switched_on_are_refused),
                                                 TEST(test_refusals_wait_for_builtin_paths),
                                                 TEST(test_path_sections),
                                                 TEST(test_metric_sections),
                                                 TEST(test_metric_section_errors),
                                                 TEST(test_metric_declarations_in_the_comparison),
                                                 TEST(test_run_config),
                                                 TEST(test_unknown_keys_are_ignored),
                                                 TEST(test_config_must_be_regular),
                                                 TEST(test_missing_file),
                                                 TEST(test_line_too_long),
                                                 TEST(test_build_errors),
                                                 TEST(test_cli_parsers)};
        int rc = test_run_suite("settings", tests, sizeof(tests) / sizeof(tests[0]));
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
        if (system(cmd) != 0)
                rc = 1;
        return rc;
}
