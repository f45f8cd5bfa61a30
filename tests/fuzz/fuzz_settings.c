/*
 * Fuzz target for the INI config reader (harness/settings.c): every input
 * is written to a temporary file and read over the defaults with
 * harness_settings_load_ini; a config it accepts must pass or be refused
 * by harness_settings_check_builtin with a recorded refusal, and, when it
 * passes, give an effective run config (harness_settings_run_config).
 * Seeds in corpus/settings/: ok_* are configs in FUSION's layout (the
 * default config, an exec config with [path.*] sections, a slicing config
 * refused for builtin paths, [metric.*] sections of every kind), bad_* are
 * malformed.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../harness/settings.h"
#include "fuzz_contract.h"
#include "fuzz_util.h"

static void check_settings(const struct harness_settings *s, const char *path)
{
        fuzz_require(strcmp(s->config_path, path) == 0, "config path not kept");
        fuzz_require(fuzz_terminated(s->network, sizeof(s->network)) &&
                         fuzz_terminated(s->topology_path, sizeof(s->topology_path)) &&
                         fuzz_terminated(s->mod_assumption, sizeof(s->mod_assumption)) &&
                         fuzz_terminated(s->mod_assumption_path, sizeof(s->mod_assumption_path)) &&
                         fuzz_terminated(s->path, sizeof(s->path)) &&
                         fuzz_terminated(s->refusal, sizeof(s->refusal)) &&
                         fuzz_terminated(s->cmp.legacy, sizeof(s->cmp.legacy)) &&
                         fuzz_terminated(s->cmp.orchestrator, sizeof(s->cmp.orchestrator)) &&
                         fuzz_terminated(s->cmp.run_dir, sizeof(s->cmp.run_dir)),
                     "string not terminated");
        fuzz_require(s->n_dist >= 0 && s->n_dist <= SIM_MAX_CLASSES, "bad class count");
        for (int i = 0; i < s->n_dist; i++)
                fuzz_require(fuzz_terminated(s->dist[i].label, SIM_LABEL_MAX) &&
                                 s->dist[i].prob >= 0 && s->dist[i].prob <= 1,
                             "bad distribution entry");
        fuzz_require(s->n_loads >= 0 && s->n_loads <= HARNESS_MAX_LOADS && s->n_seeds >= 0 &&
                         s->n_seeds <= HARNESS_MAX_SEEDS && s->n_path_sections >= 0 &&
                         s->n_path_sections <= HARNESS_MAX_PATH_SECTIONS,
                     "bad list length");
        /* [metric.NAME] sections: named, unique, of a kind, with sound rules */
        fuzz_require(s->n_metric_sections >= 0 && s->n_metric_sections <= COMPARE_MAX_DECLARED,
                     "bad metric section count");
        for (int i = 0; i < s->n_metric_sections; i++) {
                const struct compare_metric_decl *d = &s->metric_sections[i].decl;
                fuzz_require(fuzz_terminated(d->name, sizeof(d->name)) && d->name[0] != '\0' &&
                                 fuzz_terminated(d->unit, sizeof(d->unit)),
                             "metric name or unit not terminated");
                for (int j = 0; j < i; j++)
                        fuzz_require(strcmp(s->metric_sections[j].decl.name, d->name) != 0,
                                     "metric declared twice");
                fuzz_require(d->kind == COMPARE_KIND_EQUIVALENCE || d->kind == COMPARE_KIND_EXACT ||
                                 d->kind == COMPARE_KIND_PERFORMANCE,
                             "metric of no kind");
                fuzz_require(d->kind != COMPARE_KIND_EQUIVALENCE ||
                                 (d->pol.t1 > 0 && d->pol.t2 > d->pol.t1),
                             "equivalence metric without 0 < T1 < T2");
                fuzz_require(d->abs_tol >= 0 && d->rel_tol >= 0 && d->pol.perf_threshold >= 0,
                             "negative tolerance or factor");
        }
        fuzz_require((s->refusal_code == RG_OK) == (s->refusal[0] == '\0') &&
                         strchr(s->refusal, '\n') == NULL,
                     "refusal without code, or code without one-line refusal");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char path[64];
        if (fuzz_temp_file(data, size, path, sizeof(path)) != 0)
                return 0;
        struct harness_settings *s = malloc(sizeof(*s));
        if (s == NULL)
                goto out_file;
        harness_settings_defaults(s);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = harness_settings_load_ini(s, path, &eb);
        fuzz_check_status(rc, &eb);
        if (rc != RG_OK)
                goto out_settings;
        check_settings(s, path);
        rg_errbuf_init(&eb);
        rc = harness_settings_check_builtin(s, &eb);
        fuzz_check_status(rc, &eb);
        fuzz_require(rc == RG_OK || (s->refusal_code == rc && strcmp(eb.msg, s->refusal) == 0),
                     "builtin check refused something not recorded");
        if (rc != RG_OK)
                goto out_settings;
        char *text = NULL;
        rg_errbuf_init(&eb);
        rc = harness_settings_run_config(s, 300, &text, &eb);
        fuzz_check_status(rc, &eb);
        fuzz_require((rc == RG_OK) == (text != NULL), "run config without text, or text on error");
        free(text);
out_settings:
        free(s);
out_file:
        unlink(path);
        return 0;
}
