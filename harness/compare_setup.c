#include "compare_setup.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../backends/builtin.h"
#include "../backends/exec.h"
#include "../backends/import.h"

const char *harness_path_kinds(void)
{
        return "builtin:legacy, builtin:orchestrator, exec:TEMPLATE, import:DIR, or the NAME of a "
               "[path.NAME] section";
}

/* Names where the value came from: "FILE:LINE: key 'x'" or "option --x". */
#define bad_key(eb, key, value, want) bad_key_at(s, eb, key, value, want)
static int bad_key_at(const struct harness_settings *s, struct rg_errbuf *eb, const char *key,
                      const char *value, const char *want)
{
        const char *where = harness_settings_cmp_where(s, key);
        if (strncmp(where, "option ", 7) == 0)
                return rg_fail(eb, RG_USAGE, "%s: '%s' is not %s", where, value, want);
        return rg_fail(eb, RG_USAGE, "%s: key '%s': '%s' is not %s", where, key, value, want);
}

static bool parse_bool(const char *v, bool *out)
{
        if (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcasecmp(v, "yes") == 0)
                *out = true;
        else if (strcmp(v, "0") == 0 || strcasecmp(v, "false") == 0 || strcasecmp(v, "no") == 0)
                *out = false;
        else
                return false;
        return true;
}

/* The default most replications of a sequential design: five batches, the
 * textbook O'Brien-Fleming design's five looks. */
#define SEQ_DEFAULT_BATCHES 5

/*
 * A sequential design's matrix: replication i is seed seed_base + i (or the
 * i-th listed seed) for i < max, batch by default the configured
 * replications, max by default SEQ_DEFAULT_BATCHES batches (a seed list:
 * its length).
 */
static int sequential_matrix(const struct harness_settings *s, struct harness_compare *hc,
                             struct rg_errbuf *eb)
{
        struct compare_sequential *seq = &hc->cfg.seq;
        const int listed = s->n_seeds;
        if (seq->batch == 0)
                seq->batch =
                    listed > 0 ? (listed < s->max_iters ? listed : s->max_iters) : s->max_iters;
        if (seq->max == 0) {
                long most = listed > 0 ? listed : (long)SEQ_DEFAULT_BATCHES * seq->batch;
                seq->max = most < HARNESS_MAX_SEEDS ? (int)most : HARNESS_MAX_SEEDS;
        }
        if (seq->batch > seq->max)
                return rg_fail(
                    eb, RG_USAGE, "%s: a batch of %d replications is more than the most (%d)",
                    harness_settings_cmp_where(s, *s->cmp.batch ? "batch" : "max_replications"),
                    seq->batch, seq->max);
        if (listed > 0) {
                if (seq->max > listed)
                        return rg_fail(
                            eb, RG_USAGE, "%s: %d replications, but only %d seeds are listed",
                            harness_settings_cmp_where(s, "max_replications"), seq->max, listed);
        } else {
                if ((uint64_t)s->seed_base + (uint64_t)seq->max - 1 > UINT32_MAX)
                        return rg_fail(eb, RG_RANGE, "seed_base + max_replications exceeds 2^32");
                for (int i = 0; i < seq->max; i++)
                        hc->seeds[i] = s->seed_base + (uint32_t)i;
        }
        hc->n_reps = seq->max;
        return RG_OK;
}

/* How a [comparison] setting was given: "option --x" or "FILE:LINE: key 'x'". */
static void setting_text(const struct harness_settings *s, const char *key, char *out, size_t cap)
{
        const char *where = harness_settings_cmp_where(s, key);
        if (strncmp(where, "option ", 7) == 0)
                snprintf(out, cap, "%s", where);
        else
                snprintf(out, cap, "%s: key '%s'", where, key);
}

/* A characterisation compares every replication of the matrix; the
 * sequential design would stop at the first look that decides. */
static int exact_sequential(const struct harness_settings *s, struct rg_errbuf *eb)
{
        char exact[HARNESS_PATH_MAX + 48], seq[HARNESS_PATH_MAX + 48];
        setting_text(s, "exact", exact, sizeof(exact));
        setting_text(s, "until_decided", seq, sizeof(seq));
        return rg_fail(eb, RG_USAGE,
                       "%s: an exact comparison judges every replication: it cannot be "
                       "sequential (%s)",
                       exact, seq);
}

/* The [metric.NAME] sections in config order, each judged under the
 * comparison's policy with what its section sets (settings.h): one policy
 * for everything the section does not say. */
static void declared_from_settings(const struct harness_settings *s, struct compare_config *cfg)
{
        cfg->n_declared = s->n_metric_sections;
        for (int i = 0; i < s->n_metric_sections; i++) {
                const struct compare_metric_decl *from = &s->metric_sections[i].decl;
                struct compare_metric_decl *d = &cfg->declared[i];
                *d = *from;
                d->pol = cfg->policy;
                if (from->kind == COMPARE_KIND_EQUIVALENCE) {
                        d->pol.t1 = from->pol.t1;
                        d->pol.t2 = from->pol.t2;
                        d->pol.deviation = from->pol.deviation;
                        d->pol.direction = from->pol.direction;
                } else if (from->kind == COMPARE_KIND_PERFORMANCE) {
                        d->pol.perf_threshold = from->pol.perf_threshold;
                }
        }
}

static int policy_from_settings(const struct harness_settings *s, struct compare_config *cfg,
                                struct rg_errbuf *eb)
{
        stats_policy_default(&cfg->policy);
        struct stats_policy *p = &cfg->policy;
        const char *v;
        double d[4];
        int n;
        long l;
        if (*(v = s->cmp.deviation)) {
                if (strcmp(v, "absolute") == 0)
                        p->deviation = STATS_DEV_ABSOLUTE;
                else if (strcmp(v, "relative") == 0)
                        p->deviation = STATS_DEV_RELATIVE;
                else
                        return bad_key(eb, "deviation", v, "absolute or relative");
        }
        if (*(v = s->cmp.thresholds)) {
                if (harness_parse_list(v, d, 4, &n) != RG_OK || n != 2 || !(d[0] > 0) ||
                    !(d[1] > d[0]))
                        return bad_key(eb, "thresholds", v, "T1,T2 with 0 < T1 < T2");
                p->t1 = d[0];
                p->t2 = d[1];
        }
        if (*(v = s->cmp.confidence)) {
                /* below 0.8 the decision interval (1 - 2 (1 - C)) is too
                 * narrow to mean anything; above 0.999 not a level one can
                 * reach with runs of a simulator */
                if (harness_parse_double(v, &d[0]) != RG_OK || !(d[0] >= STATS_CONFIDENCE_MIN) ||
                    !(d[0] <= STATS_CONFIDENCE_MAX))
                        return bad_key(eb, "confidence", v, "a level from 0.8 to 0.999, e.g. 0.95");
                p->confidence = d[0];
        }
        if (*(v = s->cmp.direction)) {
                if (strcmp(v, "either") == 0)
                        p->direction = STATS_DIR_EITHER;
                else if (strcmp(v, "increase") == 0)
                        p->direction = STATS_DIR_INCREASE;
                else
                        return bad_key(eb, "direction", v, "either or increase");
        }
        if (*(v = s->cmp.perf_threshold)) {
                if (harness_parse_double(v, &d[0]) != RG_OK || !(d[0] >= 0) || d[0] > 10)
                        return bad_key(eb, "perf_threshold", v, "a fraction >= 0, e.g. 0.05");
                p->perf_threshold = d[0];
        }
        if (*s->cmp.inject) {
                int rc = sim_inject_parse(s->cmp.inject, &cfg->inject, eb);
                if (rc != RG_OK)
                        return rc;
        }
        snprintf(cfg->rollback_env, sizeof(cfg->rollback_env), "%s",
                 *s->cmp.rollback_env ? s->cmp.rollback_env : "FUSION_USE_ORCHESTRATOR");
        snprintf(cfg->rollback_config_key, sizeof(cfg->rollback_config_key), "%s",
                 *s->cmp.rollback_config_key ? s->cmp.rollback_config_key : "use_orchestrator");
        if (*(v = s->cmp.threads)) {
                if (harness_parse_int(v, 1, 256, &l) != RG_OK)
                        return bad_key(eb, "threads", v, "a whole number in 1..256");
                cfg->threads = (int)l;
        }
        if (*(v = s->cmp.unpaired) && !parse_bool(v, &cfg->unpaired))
                return bad_key(eb, "unpaired", v, "True or False");
        if (*(v = s->cmp.until_decided) && !parse_bool(v, &cfg->seq.on))
                return bad_key(eb, "until_decided", v, "True or False");
        if (*(v = s->cmp.exact) && !parse_bool(v, &cfg->exact))
                return bad_key(eb, "exact", v, "True or False");
        if (cfg->exact && cfg->seq.on)
                return exact_sequential(s, eb);
        cfg->seq.spending = STATS_SPEND_OBF;
        if (*(v = s->cmp.spending) && !stats_spending_from_name(v, &cfg->seq.spending))
                return bad_key(eb, "spending", v, "obrien-fleming or pocock");
        if (*(v = s->cmp.batch)) {
                if (harness_parse_int(v, 1, HARNESS_MAX_SEEDS, &l) != RG_OK)
                        return bad_key(eb, "batch", v, "a whole number of replications in 1..4096");
                cfg->seq.batch = (int)l;
        }
        if (*(v = s->cmp.max_replications)) {
                if (harness_parse_int(v, 1, HARNESS_MAX_SEEDS, &l) != RG_OK)
                        return bad_key(eb, "max_replications", v,
                                       "a whole number of replications in 1..4096");
                cfg->seq.max = (int)l;
        }
        if (!cfg->seq.on && (*s->cmp.batch || *s->cmp.max_replications || *s->cmp.spending)) {
                const char *key = *s->cmp.batch              ? "batch"
                                  : *s->cmp.max_replications ? "max_replications"
                                                             : "spending";
                return rg_fail(eb, RG_USAGE,
                               "%s: '%s' is for the sequential design: add "
                               "--until-decided (until_decided = true)",
                               harness_settings_cmp_where(s, key), key);
        }
        cfg->run_dir = s->cmp.run_dir[0] ? s->cmp.run_dir : NULL;
        declared_from_settings(s, cfg);
        return RG_OK;
}

/* A backend for the path named `name` in `role` ("legacy", "orchestrator"). */
static int make_backend(struct harness_compare *hc, const struct harness_settings *s,
                        const char *role, const char *name, struct backend **out,
                        struct rg_errbuf *eb)
{
        const struct backend_builtin_path *bp = backend_builtin_find(name);
        if (bp)
                return backend_builtin_create(bp, NULL, &hc->cfg.inject, out, eb);
        if (strncmp(name, "exec:", 5) == 0) {
                struct backend_exec_spec spec;
                backend_exec_spec_init(&spec);
                if (strlen(name + 5) >= sizeof(spec.command))
                        return rg_fail(eb, RG_USAGE, "path '%s': command too long", role);
                snprintf(spec.command, sizeof(spec.command), "%s", name + 5);
                snprintf(spec.where, sizeof(spec.where), "%s path 'exec:%.300s%s'", role, name + 5,
                         strlen(name + 5) > 300 ? "..." : "");
                return backend_exec_create(&spec, out, eb);
        }
        if (strncmp(name, "import:", 7) == 0) {
                if (name[7] == '\0')
                        return rg_fail(eb, RG_USAGE, "%s path 'import:': give a folder", role);
                return backend_import_create(name + 7, out, eb);
        }
        const struct backend_exec_spec *spec = harness_settings_path_section(s, name);
        if (spec)
                return backend_exec_create(spec, out, eb);
        const char *where = harness_settings_cmp_where(s, role);
        if (strncmp(where, "option ", 7) == 0)
                return rg_fail(eb, RG_USAGE, "%s: unknown path '%s' (known: %s)", where, name,
                               harness_path_kinds());
        return rg_fail(eb, RG_USAGE, "%s: key '%s': unknown path '%s' (known: %s)", where, role,
                       name, harness_path_kinds());
}

/* The bandwidth range and mean of the requested classes, from the model's
 * table when there is one, else from the labels (FUSION's are Gb/s). */
static void bandwidths(struct harness_compare *hc, const struct harness_settings *s)
{
        struct compare_inputs *in = &hc->inputs;
        double lo = INFINITY, hi = 0, mean = 0, total = 0;
        if (s->dist_unreadable)
                return; /* not the classes the simulator draws: no bounds from them */
        for (int i = 0; i < s->n_dist; i++) {
                if (!(s->dist[i].prob > 0))
                        continue;
                double g;
                if (hc->model) {
                        int c = sim_modtable_class(&hc->model->mods, s->dist[i].label);
                        g = c >= 0 ? hc->model->mods.cls[c].gbps : NAN;
                } else {
                        char *end;
                        g = strtod(s->dist[i].label, &end);
                        if (*end != '\0')
                                g = NAN;
                }
                if (!(g > 0))
                        return;
                lo = fmin(lo, g);
                hi = fmax(hi, g);
                mean += s->dist[i].prob * g;
                total += s->dist[i].prob;
        }
        if (!(total > 0))
                return;
        in->have_bw = true;
        in->bw_min = lo;
        in->bw_max = hi;
        in->bw_mean = mean / total;
}

static void fill_inputs(struct harness_compare *hc, const struct harness_settings *s)
{
        struct compare_inputs *in = &hc->inputs;
        const struct sim_model *m = hc->model;
        snprintf(in->config, sizeof(in->config), "%s", s->config_path);
        in->have_model = m != NULL;
        snprintf(in->topology, sizeof(in->topology), "%s", m ? m->topo->name : s->network);
        in->nodes = m ? m->topo->n_nodes : 0;
        in->links = m ? m->topo->n_links : 0;
        in->k_paths = m ? m->par.k_paths : s->k_paths;
        in->cores = m ? m->par.cores : s->cores_per_link;
        in->slots = m ? m->par.slots : s->c_band;
        in->guard = m ? m->par.guard : s->guard_slots;
        snprintf(in->allocation, sizeof(in->allocation), "%s",
                 sim_fit_name(m ? m->par.fit : s->allocation));
        snprintf(in->mod_assumption, sizeof(in->mod_assumption), "%s",
                 m ? m->mods.assumption : s->mod_assumption);
        in->holding_time = s->holding_time;
        in->requests = s->num_requests;
        in->n_dist = s->n_dist < COMPARE_MAX_CLASSES ? s->n_dist : COMPARE_MAX_CLASSES;
        for (int i = 0; i < in->n_dist; i++) {
                snprintf(in->dist_label[i], sizeof(in->dist_label[i]), "%s", s->dist[i].label);
                in->dist_prob[i] = s->dist[i].prob;
        }
        bandwidths(hc, s);
}

int harness_compare_init(struct harness_compare *hc, const struct harness_settings *s,
                         struct rg_errbuf *eb)
{
        memset(hc, 0, sizeof(*hc));
        int rc = policy_from_settings(s, &hc->cfg, eb);
        if (rc != RG_OK)
                return rc;
        rc = harness_settings_matrix(s, hc->loads, &hc->n_loads, hc->seeds, &hc->n_reps, eb);
        if (rc == RG_OK && hc->cfg.seq.on)
                rc = sequential_matrix(s, hc, eb);
        if (rc != RG_OK)
                return rc;
        const char *names[2] = {*s->cmp.legacy ? s->cmp.legacy : "builtin:legacy",
                                *s->cmp.orchestrator ? s->cmp.orchestrator
                                                     : "builtin:orchestrator"};
        static const char *const roles[2] = {"legacy", "orchestrator"};
        bool need_model = false, external = false, injected = false;
        for (int i = 0; i < 2; i++) {
                rc = make_backend(hc, s, roles[i], names[i], &hc->cfg.backend[i], eb);
                if (rc != RG_OK)
                        return rc;
                need_model |= hc->cfg.backend[i]->needs_model;
                external |= hc->cfg.backend[i]->external;
                injected |= hc->cfg.backend[i]->takes_injection;
        }
        if (strcmp(hc->cfg.backend[0]->ops->kind, "import") == 0 &&
            strcmp(hc->cfg.backend[0]->identity, hc->cfg.backend[1]->identity) == 0)
                return rg_fail(eb, RG_USAGE,
                               "both paths import the same folder '%s': the comparison would be "
                               "of one set of runs with itself",
                               names[0] + strlen("import:"));
        if (sim_inject_any(&hc->cfg.inject) && !injected)
                return rg_fail(eb, RG_USAGE,
                               "--inject acts on the builtin orchestrator, and neither path is it");
        if (need_model) {
                rc = harness_settings_build(s, &hc->model, &hc->traffic, eb);
                if (rc != RG_OK)
                        return rc;
                hc->sim.model = hc->model;
                hc->sim.traffic = &hc->traffic;
                for (int i = 0; i < 2; i++) {
                        const struct backend_builtin_path *bp =
                            backend_builtin_find(i ? names[1] : names[0]);
                        if (bp == NULL)
                                continue;
                        backend_destroy(hc->cfg.backend[i]);
                        hc->cfg.backend[i] = NULL;
                        rc = backend_builtin_create(bp, hc->model, &hc->cfg.inject,
                                                    &hc->cfg.backend[i], eb);
                        if (rc != RG_OK)
                                return rc;
                }
        } else {
                /* an external simulator reads its own settings; rollgate
                 * takes only the matrix and the request count from them */
                if (!(s->holding_time > 0))
                        return rg_fail(eb, RG_RANGE, "key 'holding_time': must be > 0");
        }
        fill_inputs(hc, s);
        for (int i = 0; i < 2; i++)
                if (strcmp(hc->cfg.backend[i]->ops->kind, "import") == 0) {
                        rc = backend_import_check(hc->cfg.backend[i], hc->loads, hc->n_loads,
                                                  hc->seeds, hc->n_reps, s->num_requests, eb);
                        if (rc != RG_OK)
                                return rc;
                }
        if (external) {
                rc = harness_settings_run_configs(s, hc->loads, hc->n_loads, hc->run_config, eb);
                if (rc != RG_OK)
                        return rc;
                hc->cfg.run_config = hc->run_config;
        }
        return RG_OK;
}

void harness_compare_finish(struct harness_compare *hc)
{
        if (hc == NULL)
                return;
        for (int i = 0; i < 2; i++)
                backend_destroy(hc->cfg.backend[i]);
        for (int li = 0; li < HARNESS_MAX_LOADS; li++)
                free(hc->run_config[li]);
        sim_model_destroy(hc->model);
        memset(hc, 0, sizeof(*hc));
}

int harness_compare_run(struct harness_compare *hc, struct compare_result **out,
                        struct rg_errbuf *eb)
{
        return compare_run(&hc->inputs, &hc->cfg, &hc->sim, hc->loads, hc->n_loads, hc->seeds,
                           hc->n_reps, out, eb);
}
