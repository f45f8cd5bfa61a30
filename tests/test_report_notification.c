/*
 * The rollback notification (reports/notification.c) on the hand-built
 * documents of report_fixture.c: the seed's template filled in for a
 * rollback (Level 2 by the config key, Level 1 by the environment, the
 * diagnosis as root cause or the trace command that finds it, the
 * verification checklist of the level), a short "no rollback" message
 * otherwise, the run's date in the subject, team and channel from the
 * document, text that cannot break out of its line, the declared metric
 * that triggered a rollback named in the impact, and the --exact
 * characterisation after the summary.
 */
#include <stdlib.h>
#include <string.h>

#include "report_testutil.h"

static char *render(const struct report_doc *doc)
{
        return report_test_render(&report_notification_ops, doc);
}

static char *render_kind(enum fixture_kind kind)
{
        return report_test_render_kind(&report_notification_ops, kind);
}

/* Whether `text` has the line `line`, whole. */
static bool has_line(const char *text, const char *line)
{
        size_t n = strlen(line);
        for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
                if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
                        return true;
        return false;
}

/* Whether some line starts with `prefix`. */
static bool has_line_start(const char *text, const char *prefix)
{
        size_t n = strlen(prefix);
        for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
                if (strncmp(p, prefix, n) == 0)
                        return true;
        return false;
}

/* The text of section `name` ("Root cause:") up to the next blank line, in
 * a static buffer ("" when absent). */
static const char *section(const char *text, const char *name)
{
        static char buf[4096];
        buf[0] = '\0';
        char want[64];
        snprintf(want, sizeof(want), "\n%s\n", name);
        const char *s = strstr(text, want);
        if (s == NULL)
                return buf;
        s += 1;
        const char *e = strstr(s, "\n\n");
        size_t n = e ? (size_t)(e - s) + 1 : strlen(s);
        if (n >= sizeof(buf))
                n = sizeof(buf) - 1;
        memcpy(buf, s, n);
        buf[n] = '\0';
        return buf;
}

static void test_planned_level2(void)
{
        char *t = render_kind(FIXTURE_PLANNED);
        CU_ASSERT(has_line(t, "Subject: [rollgate] Orchestrator rollback, Level 2 (planned) - "
                              "2026-12-01"));
        CU_ASSERT(has_line(t, "Status: ROLLBACK REQUIRED (PLANNED_ROLLBACK, rollgate exit 5)"));
        const char *res = section(t, "Resolution:");
        CU_ASSERT(has_line_start(res, "Level 2, planned rollback by configuration"));
        CU_ASSERT(has_line(res, "    use_orchestrator = false"));
        CU_ASSERT(!has_line_start(res, "Level 1"));
        CU_ASSERT(!has_line_start(res, "    export "));
        /* the summary is the verdict's reason */
        CU_ASSERT(has_line(t, "The orchestrator has to be rolled back to the legacy path (Level "
                              "2): erlang 450: BP deviation +4.000 pp, 90 % decision interval "
                              "[+3.800, +4.200] beyond T1 2 pp, below T2 10 pp (Holm-adjusted p "
                              "0.0044)"));
        free(t);

        /* the flag comes from the document, not from the seed */
        struct report_doc *doc = fixture_doc(FIXTURE_PLANNED);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->action.rollback_config_key = "simulation.use_orch";
        t = render(doc);
        CU_ASSERT(has_line(section(t, "Resolution:"), "    simulation.use_orch = false"));
        CU_ASSERT(has_line(t, "  [ ] simulation.use_orch = false is set in "
                              "fixtures/configs/default.ini, and the change is in the change "
                              "log"));
        free(t);
        report_doc_destroy(doc);
}

static void test_emergency_level1(void)
{
        char *t = render_kind(FIXTURE_EMERGENCY);
        CU_ASSERT(has_line(t, "Subject: [rollgate] Orchestrator rollback, Level 1 (immediate) - "
                              "2026-12-01"));
        const char *res = section(t, "Resolution:");
        CU_ASSERT(has_line_start(res, "Level 1, immediate rollback by the environment"));
        CU_ASSERT(has_line(res, "    export USE_ORCHESTRATOR=0"));
        CU_ASSERT(!has_line_start(res, "Level 2"));
        free(t);

        struct report_doc *doc = fixture_doc(FIXTURE_EMERGENCY);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->action.rollback_env = "FUSION_USE_ORCHESTRATOR";
        t = render(doc);
        CU_ASSERT(has_line(section(t, "Resolution:"), "    export FUSION_USE_ORCHESTRATOR=0"));
        free(t);
        report_doc_destroy(doc);
}

static void test_root_cause(void)
{
        /* emergency: the diagnosis (request 500 at 450 Erlang, seed 2) and
         * the failed run */
        char *t = render_kind(FIXTURE_EMERGENCY);
        const char *rc = section(t, "Root cause:");
        CU_ASSERT(has_line(rc, "- the orchestrator run at 450 Erlang, seed 2 failed: crash at "
                               "request 500 (injected) (at request 500)"));
        CU_ASSERT(has_line(rc, "The first request the two paths decide differently is request "
                               "500 at 450 Erlang, seed 2, after 499 requests decided alike:"));
        CU_ASSERT(has_line(rc, "    legacy:       route 1, slots 12-15, QPSK"));
        CU_ASSERT(has_line(rc, "    orchestrator: failed: crash"));
        CU_ASSERT(has_line(rc, "    rollgate trace --config fixtures/configs/default.ini "
                               "--erlang 450 --seed 2 --requests 10000"));
        free(t);

        /* planned: no diagnosis: the trace command for the worst load (450)
         * and its first seed (1), with the comparison's injection */
        t = render_kind(FIXTURE_PLANNED);
        rc = section(t, "Root cause:");
        CU_ASSERT(has_line_start(rc, "Not known yet."));
        CU_ASSERT(has_line(rc, "    rollgate trace --config fixtures/configs/default.ini "
                               "--erlang 450 --seed 1 --requests 10000 --inject drop=0.05"));
        free(t);

        /* external paths cannot be traced */
        struct report_doc *doc = fixture_doc(FIXTURE_PLANNED);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->inputs.orchestrator = "exec:contrib/fusion/rollgate-fusion --seed {seed}";
        t = render(doc);
        rc = section(t, "Root cause:");
        CU_ASSERT_PTR_NULL(strstr(rc, "rollgate trace --"));
        CU_ASSERT_PTR_NOT_NULL(strstr(rc, "replays only its builtin paths"));
        free(t);
        report_doc_destroy(doc);
}

static void test_impact(void)
{
        char *t = render_kind(FIXTURE_PLANNED);
        const char *im = section(t, "Impact:");
        CU_ASSERT(has_line(im, "- Affected configs: fixtures/configs/default.ini"));
        CU_ASSERT(has_line(im, "- Affected loads: 450 Erlang (PLANNED_ROLLBACK, BP +4.000 pp, BBP "
                               "+5.200 pp)"));
        CU_ASSERT(has_line(im, "- Runs: 2026-12-01T21:55:03Z to 2026-12-01T21:55:04Z"));
        /* 6 pairs x 2 paths */
        CU_ASSERT(has_line(im, "- Simulations: 12 (2 loads x 3 replications x 2 paths), 0 failed"));
        free(t);

        t = render_kind(FIXTURE_EMERGENCY);
        CU_ASSERT(has_line(section(t, "Impact:"),
                           "- Simulations: 12 (2 loads x 3 replications x 2 paths), 1 failed"));
        free(t);

        /* a harness error leaves neither run of its pair */
        struct report_doc *doc = fixture_doc(FIXTURE_PLANNED);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->pairs[0].harness_error = "no room";
        doc->inputs.config = "";
        t = render(doc);
        im = section(t, "Impact:");
        CU_ASSERT(has_line(im, "- Simulations: 10 (2 loads x 3 replications x 2 paths, less 1 "
                               "pair(s) the harness could not run), 0 failed"));
        CU_ASSERT(has_line(im, "- Affected configs: none named (the simulators' own settings)"));
        free(t);
        report_doc_destroy(doc);
}

static void test_checklists(void)
{
        char *t = render_kind(FIXTURE_PLANNED);
        const char *ns = section(t, "Next steps:");
        const char *planned[] = {
            "Right after the rollback",
            "  [ ] use_orchestrator = false is set in fixtures/configs/default.ini, and the change "
            "is in the change log",
            "  [ ] New simulations start, on the legacy path",
            "  [ ] Users are told, and the documentation says the orchestrator is off",
            "  [ ] Legacy blocking at 450 Erlang is back at its expected level",
            "  [ ] An investigation ticket holds the deviation and this report, is assigned, and "
            "has a priority by impact",
            "Within 24 hours",
            "  [ ] Legacy results agree with the historical data",
            "  [ ] No user reports a problem",
            "  [ ] Run times are normal",
            "Before the orchestrator is switched on again",
            "  [ ] The root cause is found",
            "  [ ] A fix is made and tested",
            "  [ ] rollgate compare passes on the affected configs (fixtures/configs/default.ini)",
            "  [ ] The team approves",
        };
        for (size_t i = 0; i < sizeof(planned) / sizeof(planned[0]); i++) {
                if (!has_line(ns, planned[i]))
                        fprintf(stderr, "\nmissing: %s\n", planned[i]);
                CU_ASSERT(has_line(ns, planned[i]));
        }
        CU_ASSERT_PTR_NULL(strstr(ns, "exported"));
        free(t);

        t = render_kind(FIXTURE_EMERGENCY);
        ns = section(t, "Next steps:");
        const char *emergency[] = {
            "  [ ] The failing config runs cleanly with USE_ORCHESTRATOR=0 (the fault is the "
            "orchestrator's)",
            "  [ ] USE_ORCHESTRATOR=0 is exported for every simulation process, and each one was "
            "restarted",
            "  [ ] Simulations start, and their logs show the legacy path in use",
            "  [ ] No orchestrator errors appear in the logs any more",
            "  [ ] Legacy blocking at 450 Erlang is back at its expected level",
            "  [ ] An issue records the failure, the config and this report",
            "  [ ] The root cause is found",
            "  [ ] The team approves",
        };
        for (size_t i = 0; i < sizeof(emergency) / sizeof(emergency[0]); i++) {
                if (!has_line(ns, emergency[i]))
                        fprintf(stderr, "\nmissing: %s\n", emergency[i]);
                CU_ASSERT(has_line(ns, emergency[i]));
        }
        CU_ASSERT_PTR_NULL(strstr(ns, "investigation ticket"));
        free(t);
}

static void test_no_rollback(void)
{
        char *t = render_kind(FIXTURE_PASS);
        CU_ASSERT(has_line(t, "Subject: [rollgate] Orchestrator comparison: no rollback needed "
                              "(PASS) - 2026-12-01"));
        CU_ASSERT(has_line(t, "Status: NO ROLLBACK NEEDED (PASS, rollgate exit 0)"));
        CU_ASSERT(has_line_start(t, "No rollback is needed: "));
        CU_ASSERT(has_line(t, "Why: every load within the equivalence thresholds"));
        CU_ASSERT(!has_line_start(t, "Level"));
        CU_ASSERT_PTR_NULL(strstr(t, "Resolution:"));
        CU_ASSERT_PTR_NULL(strstr(t, "Next steps:"));
        CU_ASSERT_PTR_NULL(strstr(t, "[ ]"));
        free(t);

        t = render_kind(FIXTURE_INCONCLUSIVE);
        CU_ASSERT(has_line(t, "Status: NO ROLLBACK NEEDED YET, UNDECIDED (INCONCLUSIVE, rollgate "
                              "exit 4)"));
        CU_ASSERT(has_line_start(t, "No rollback is needed yet"));
        CU_ASSERT(!has_line_start(t, "Level"));
        free(t);

        /* harness error: no conclusion, fix the harness, what failed */
        t = render_kind(FIXTURE_HARNESS);
        CU_ASSERT(has_line(t, "Subject: [rollgate] Orchestrator comparison: no conclusion "
                              "(harness error) - 2026-12-01"));
        CU_ASSERT(has_line(t, "Status: NO CONCLUSION (HARNESS_ERROR, rollgate exit 7)"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "no conclusion about the orchestrator"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "Fix the harness"));
        CU_ASSERT(has_line(t, "- 300 Erlang, replication 1: harness error: cannot create the run "
                              "directory /tmp/x: Permission denied"));
        CU_ASSERT(has_line(t, "- 450 Erlang, replication 2, seed 3: legacy run failed: exit "
                              "status 1"));
        CU_ASSERT(!has_line_start(t, "Level"));
        CU_ASSERT_PTR_NULL(strstr(t, "Resolution:"));
        free(t);
}

static void test_subject_date_and_contact(void)
{
        for (int k = 0; k < FIXTURE_KINDS; k++) {
                char *t = render_kind(k);
                CU_ASSERT_EQUAL(strncmp(t, "Subject: [", 10), 0);
                const char *nl = strchr(t, '\n');
                CU_ASSERT_FATAL(nl != NULL && nl > t + 13);
                CU_ASSERT_EQUAL(strncmp(nl - 13, " - 2026-12-01", 13), 0);
                CU_ASSERT_EQUAL(nl[1], '\n'); /* one line, then the body */
                if (k != FIXTURE_HOSTILE)
                        CU_ASSERT(has_line(t, "For questions, ask the simulation team in "
                                              "#sim-oncall (project rollgate)."));
                free(t);
        }
        struct report_doc *doc = fixture_doc(FIXTURE_PLANNED);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->timing.started = "";
        doc->notification.team = "routing";
        doc->notification.channel = "#fusion-dev";
        doc->notification.project = "FUSION";
        char *t = render(doc);
        CU_ASSERT(has_line(t, "Subject: [FUSION] Orchestrator rollback, Level 2 (planned) - date "
                              "unknown"));
        CU_ASSERT(has_line(t, "For questions, ask the routing team in #fusion-dev (project "
                              "FUSION)."));
        free(t);
        report_doc_destroy(doc);
}

static void test_hostile_text_stays_on_its_line(void)
{
        char *t = render_kind(FIXTURE_HOSTILE);
        /* the project's line break did not start a mail header */
        CU_ASSERT(has_line(t, "Subject: [roll|gate Bcc: x@example.com] Orchestrator rollback, "
                              "Level 2 (planned) - 2026-12-01"));
        CU_ASSERT(!has_line_start(t, "Bcc:"));
        /* nor a line of its own in the body */
        CU_ASSERT(!has_line_start(t, "| --- |"));
        CU_ASSERT(!has_line_start(t, "<script>"));
        for (const char *p = t; *p; p++)
                CU_ASSERT((unsigned char)*p >= 0x20 || *p == '\n');
        /* the trace command quotes what the shell would read */
        CU_ASSERT(has_line(section(t, "Root cause:"),
                           "    rollgate trace --config 'configs/a|b <c>&.ini' --erlang 450 "
                           "--seed 1 --requests 10000 --inject drop=0.05"));
        free(t);
}

static void test_incomplete_and_nomem(void)
{
        char *t =
            report_test_render_interrupted(&report_notification_ops, FIXTURE_EMERGENCY, "partial");
        CU_ASSERT_PTR_NOT_NULL(strstr(section(t, "Summary:"), "This report is partial"));
        free(t);
        report_test_renderer_contract(&report_notification_ops, "notification", ".txt",
                                      FIXTURE_EMERGENCY);
}

/* A sequential design: one sentence on the replications the loads used,
 * with or without a rollback, and the simulations counted per load. */
static void test_sequential_replications(void)
{
        static const char sentence[] =
            "Replications: a sequential design (O'Brien-Fleming spending) stopped each load once "
            "its verdict was decided; the loads used 10 to 25 replications (17.5 on average) of "
            "at most 25.";
        char *t = render_kind(FIXTURE_SEQUENTIAL);
        CU_ASSERT(has_line(section(t, "Summary:"), sentence));
        free(t);
        struct report_doc *doc = fixture_doc(FIXTURE_SEQUENTIAL);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->loads[1].verdict = doc->verdict = STATS_PLANNED_ROLLBACK;
        doc->exit_code = stats_verdict_exit_code(doc->verdict);
        doc->action.level = 2;
        t = render(doc);
        CU_ASSERT(has_line(section(t, "Summary:"), sentence));
        /* 35 pairs x 2 paths */
        CU_ASSERT(has_line(section(t, "Impact:"),
                           "- Simulations: 70 (35 replications over 2 loads x 2 paths), 0 failed"));
        free(t);
        doc->loads[0].replications = 25; /* (the pairs do not matter here) */
        t = render(doc);
        CU_ASSERT(has_line_start(section(t, "Summary:"),
                                 "Replications: a sequential design (O'Brien-Fleming spending) "
                                 "stopped each load once its verdict was decided; the loads used "
                                 "25 replications of at most 25."));
        free(t);
        report_doc_destroy(doc);
        t = render_kind(FIXTURE_PLANNED);
        CU_ASSERT_PTR_NULL(strstr(t, "Replications:"));
        free(t);
}

static void test_declared_metric_named(void)
{
        char *t = render_kind(FIXTURE_METRICS);
        /* the summary is the reason, which names the metric */
        CU_ASSERT(has_line_start(t, "The orchestrator has to be rolled back to the legacy path "
                                    "(Level 2): erlang 450: digest: differs on 1 of 3 "
                                    "replications;"));
        /* the impact names it with what decided it, the run file's value as
         * it is (plain text); neither the MONITOR nor the secondary metric */
        CU_ASSERT(has_line(t, "- Affected loads: 450 Erlang (PLANNED_ROLLBACK, BP +0.000 pp, BBP "
                              "+0.000 pp; digest (exact): 1 of 3 replications differ; first: "
                              "replication 2 (seed 102): legacy \"ab12\", orchestrator \"ab|13 "
                              "<b>&amp;\")"));
        const char *impact = section(t, "Impact:");
        CU_ASSERT_PTR_NULL(strstr(impact, "tick_ms"));
        CU_ASSERT_PTR_NULL(strstr(impact, "heap_mb"));
        CU_ASSERT_PTR_NULL(strstr(t, "Characterisation"));
        free(t);

        /* a value with a line break stays on its line */
        struct report_doc *doc = fixture_doc(FIXTURE_METRICS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->loads[1].declared[1].first_value[REPORT_ORCHESTRATOR] = "\"x\nBcc: y\"";
        t = render(doc);
        CU_ASSERT(!has_line_start(t, "Bcc:"));
        CU_ASSERT_PTR_NOT_NULL(strstr(t, "orchestrator \"x Bcc: y\")\n"));
        free(t);
        report_doc_destroy(doc);
}

static void test_exact_characterisation(void)
{
        char *t = render_kind(FIXTURE_EXACT);
        static const char line[] =
            "Characterisation (--exact): first difference at erlang 450, replication 1 (seed "
            "101), metric BP: legacy 650 of 10000 blocked, orchestrator 651 of 10000 blocked";
        CU_ASSERT(has_line(t, line));
        /* right after the summary's sentence */
        const char *summary = strstr(t, "\nSummary:\nThe orchestrator has to be rolled back");
        const char *x = strstr(t, line);
        CU_ASSERT_FATAL(summary && x && summary < x);
        /* "\nSummary:\n" is 10 bytes: the next line after the sentence */
        CU_ASSERT_PTR_EQUAL(strchr(summary + 10, '\n') + 1, x);
        /* every metric judged by equality names what differs */
        CU_ASSERT(has_line_start(t, "- Affected loads: 450 Erlang (PLANNED_ROLLBACK; BP (exact): 1 "
                                    "of 3 replications differ; first: replication 1 (seed 101): "
                                    "legacy 650 of 10000 blocked, orchestrator 651 of 10000 "
                                    "blocked; BBP (exact): "));
        CU_ASSERT_PTR_NOT_NULL(strstr(section(t, "Impact:"),
                                      "; trace_hash (exact): 1 of 3 replications differ; first: "
                                      "replication 1 (seed 101): legacy \"9e3779b97f4a7c15\", "
                                      "orchestrator \"9e3779b97f4a7c16\")\n"));
        free(t);

        /* no rollback: after the reason, before the action */
        struct report_doc *doc = fixture_doc(FIXTURE_PASS);
        CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
        doc->exact.on = true;
        t = render(doc);
        const char *why = strstr(t, "\nWhy: ");
        x = strstr(t, "\nCharacterisation (--exact): no difference on any replication\nAction: ");
        CU_ASSERT(why && x && why < x);
        free(t);
        report_doc_destroy(doc);
}

TEST_MAIN("report_notification", TEST(test_planned_level2), TEST(test_emergency_level1),
          TEST(test_root_cause), TEST(test_impact), TEST(test_checklists), TEST(test_no_rollback),
          TEST(test_subject_date_and_contact), TEST(test_hostile_text_stays_on_its_line),
          TEST(test_incomplete_and_nomem), TEST(test_sequential_replications),
          TEST(test_declared_metric_named), TEST(test_exact_characterisation))
