#include "compare_report.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

static const char *metric_names[COMPARE_METRICS] = {"bp", "bbp"};

void report_compare_text(FILE *out, const struct compare_result *r, bool quiet)
{
        const struct compare_config *cfg = r->cfg;
        const struct stats_policy *pol = &cfg->policy;
        const struct compare_inputs *in = &r->inputs;
        const char *unit = pol->deviation == STATS_DEV_RELATIVE ? "%" : "pp";
        double dec = 1 - 2 * (1 - pol->confidence);
        char conf_pct[16], dec_pct[16];
        stats_percent(pol->confidence, conf_pct, sizeof(conf_pct));
        stats_percent(dec, dec_pct, sizeof(dec_pct));
        if (!quiet) {
                char inj[160];
                sim_inject_format(&cfg->inject, inj, sizeof(inj));
                if (in->have_model)
                        fprintf(out,
                                "rollgate compare: %s (%d nodes), k=%d, %s, %d slots x %d core(s), "
                                "guard %d; ",
                                in->topology, in->nodes, in->k_paths, in->allocation, in->slots,
                                in->cores, in->guard);
                else
                        fprintf(out, "rollgate compare: %s (external simulators' own settings); ",
                                in->topology);
                fprintf(out, "%u requests x %d replications x %d loads; %s vs %s%s%s\n",
                        in->requests, r->n_reps, r->n_loads, cfg->backend[0]->name,
                        cfg->backend[1]->name, sim_inject_any(&cfg->inject) ? ", inject " : "",
                        sim_inject_any(&cfg->inject) ? inj : "");
                fprintf(out,
                        "deviation %s (T1 %g %s, T2 %g %s, direction %s), %s %% intervals, "
                        "decisions on %s %% intervals%s\n\n",
                        pol->deviation == STATS_DEV_RELATIVE ? "relative" : "absolute", pol->t1,
                        unit, pol->t2, unit,
                        pol->direction == STATS_DIR_INCREASE ? "increase" : "either", conf_pct,
                        dec_pct, cfg->unpaired ? ", UNPAIRED seeds" : "");
                fprintf(out, "%7s %-4s %-25s %-25s %8s %8s %-21s %8s  %s\n", "erlang", "", "legacy",
                        "orchestrator", "d pp", "d %", "interval of d", "p", "verdict");
                for (int li = 0; li < r->n_loads; li++) {
                        const struct compare_load *L = &r->load[li];
                        for (int k = 0; k < COMPARE_METRICS; k++) {
                                const struct compare_metric *cm = &L->metric[k];
                                char a[40] = "-", b[40] = "-", d[24] = "-", rel[16] = "-",
                                     iv[40] = "-", p[16] = "-";
                                if (cm->have_paired) {
                                        const struct stats_paired *s = &cm->paired;
                                        snprintf(a, sizeof(a), "%.3f [%.3f, %.3f]", s->legacy.mean,
                                                 s->legacy.lo, s->legacy.hi);
                                        snprintf(b, sizeof(b), "%.3f [%.3f, %.3f]",
                                                 s->orchestrator.mean, s->orchestrator.lo,
                                                 s->orchestrator.hi);
                                        snprintf(d, sizeof(d), "%+.3f", s->diff.mean);
                                        snprintf(p, sizeof(p), "%.3g", s->p_value);
                                        if (s->legacy.mean > 0)
                                                snprintf(rel, sizeof(rel), "%+.2f",
                                                         100 * s->diff.mean / s->legacy.mean);
                                }
                                if (cm->in.basis == STATS_BASIS_FAILED)
                                        snprintf(iv, sizeof(iv), "failed");
                                else if (cm->in.basis == STATS_BASIS_UNAVAILABLE)
                                        snprintf(iv, sizeof(iv), "not reported");
                                else if (cm->in.basis != STATS_BASIS_IDENTICAL)
                                        snprintf(iv, sizeof(iv), "[%+.3f, %+.3f]", cm->in.lo,
                                                 cm->in.hi);
                                else
                                        snprintf(iv, sizeof(iv), "identical");
                                fprintf(out, "%7g %-4s %-25s %-25s %8s %8s %-21s %8s  %s\n",
                                        L->erlang, k == COMPARE_BP ? "BP" : "BBP", a, b, d, rel, iv,
                                        p, k == COMPARE_BP ? stats_verdict_name(L->verdict) : "");
                        }
                }
                fputc('\n', out);
                for (int li = 0; li < r->n_loads; li++) {
                        const struct compare_load *L = &r->load[li];
                        fprintf(out, "erlang %g: %s: %s\n", L->erlang,
                                stats_verdict_name(L->verdict), L->reason);
                        for (int f = 0; f < L->secondary.n_flags; f++)
                                fprintf(out, "  %s\n", L->secondary.flags[f]);
                        if (L->resolution_pp > pol->t1 / 2 && !L->identical &&
                            pol->deviation == STATS_DEV_ABSOLUTE)
                                fprintf(out,
                                        "  WARN: %d replications can only resolve +-%.2f pp at "
                                        "this spread\n",
                                        r->n_reps, L->resolution_pp);
                        if (L->perf_ok)
                                fprintf(out, "  run time orchestrator/legacy %.3f [%.3f, %.3f]\n",
                                        L->perf.ratio, L->perf.lo, L->perf.hi);
                }
                if (r->perf_ok)
                        fprintf(out,
                                "run time orchestrator/legacy over all runs: %.3f [%.3f, %.3f] "
                                "(MONITOR beyond +%.0f %%; %s)\n",
                                r->perf.ratio, r->perf.lo, r->perf.hi, 100 * pol->perf_threshold,
                                r->perf_clock);
                else
                        fprintf(out, "run time: not compared (%s)\n", r->perf_clock);
                if (r->runs_executed || r->runs_reused)
                        fprintf(out,
                                "external runs: %d run now, %d reused from the run directory\n",
                                r->runs_executed, r->runs_reused);
                fputc('\n', out);
        }
        fprintf(out, "VERDICT: %s (exit %d)\n", stats_verdict_name(r->verdict),
                stats_verdict_exit_code(r->verdict));
        fprintf(out, "reason: %s\n", r->reason);
        fprintf(out, "action: %s\n", r->action);
}

/* ---- JSON ---------------------------------------------------------------- */

static cJSON *interval(double lo, double hi)
{
        double v[2] = {lo, hi};
        return cJSON_CreateDoubleArray(v, 2);
}

static cJSON *summary_json(const struct stats_summary *s)
{
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "mean", s->mean);
        cJSON_AddNumberToObject(o, "sd", s->sd);
        cJSON_AddItemToObject(o, "ci", interval(s->lo, s->hi));
        return o;
}

static cJSON *metric_json(const struct compare_result *r, const struct compare_metric *cm)
{
        cJSON *o = cJSON_CreateObject();
        const struct stats_paired *p = &cm->paired;
        if (cm->have_paired) {
                cJSON_AddItemToObject(o, "legacy", summary_json(&p->legacy));
                cJSON_AddItemToObject(o, "orchestrator", summary_json(&p->orchestrator));
                cJSON *d = cJSON_AddObjectToObject(o, "delta_pp");
                cJSON_AddNumberToObject(d, "mean", p->diff.mean);
                cJSON_AddNumberToObject(d, "sd", p->diff.sd);
                cJSON_AddItemToObject(d, "ci", interval(p->diff.lo, p->diff.hi));
                cJSON_AddItemToObject(d, "decision_ci", interval(p->decision_lo, p->decision_hi));
                cJSON *rel = cJSON_AddObjectToObject(o, "delta_rel");
                cJSON_AddNumberToObject(
                    rel, "mean", p->legacy.mean > 0 ? 100 * p->diff.mean / p->legacy.mean : NAN);
                cJSON_AddNumberToObject(rel, "ratio", cm->ratio.estimate);
                cJSON_AddItemToObject(rel, "ci",
                                      interval(100 * (cm->ratio.lo - 1), 100 * (cm->ratio.hi - 1)));
                cJSON_AddBoolToObject(rel, "unbounded", cm->ratio.unbounded);
                cJSON_AddNumberToObject(o, "p_value", p->p_value);
                cJSON_AddNumberToObject(o, "t", p->t_stat);
                cJSON_AddNumberToObject(o, "rho", p->rho);
                cJSON_AddNumberToObject(o, "variance_reduction", p->variance_reduction);
        } else {
                cJSON_AddNullToObject(o, "legacy");
                cJSON_AddNullToObject(o, "orchestrator");
                cJSON_AddNullToObject(o, "delta_pp");
                cJSON_AddNullToObject(o, "delta_rel");
                cJSON_AddNullToObject(o, "p_value");
        }
        cJSON *dec = cJSON_AddObjectToObject(o, "decision");
        cJSON_AddStringToObject(dec, "basis", stats_basis_name(cm->in.basis));
        if (cm->in.unit) {
                cJSON_AddStringToObject(dec, "unit", cm->in.unit);
                cJSON_AddNumberToObject(dec, "deviation", cm->in.mean);
                cJSON_AddItemToObject(dec, "interval", interval(cm->in.lo, cm->in.hi));
        }
        cJSON_AddStringToObject(dec, "verdict", stats_verdict_name(cm->dec.verdict));
        cJSON_AddStringToObject(dec, "reason", cm->dec.reason);
        cJSON_AddBoolToObject(dec, "rollback_claim", cm->dec.claim);
        if (cm->dec.claim) {
                cJSON_AddNumberToObject(dec, "p_claim", cm->dec.p_claim);
                cJSON_AddNumberToObject(dec, "p_holm", cm->dec.p_holm);
                cJSON_AddBoolToObject(dec, "emergency_not_excluded",
                                      cm->dec.emergency_not_excluded);
        }
        if (cm->dec.replications_needed)
                cJSON_AddNumberToObject(dec, "replications_needed",
                                        (double)cm->dec.replications_needed);
        if (cm->dec.requests_needed)
                cJSON_AddNumberToObject(dec, "requests_needed", (double)cm->dec.requests_needed);
        (void)r;
        return o;
}

static cJSON *chisq_json(const struct stats_chisq *c)
{
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "statistic", c->statistic);
        cJSON_AddNumberToObject(o, "df", c->df);
        cJSON_AddNumberToObject(o, "p_value", c->p_value);
        cJSON_AddNumberToObject(o, "dispersion", c->dispersion);
        return o;
}

static cJSON *run_json(const struct backend_result *res, uint32_t seed)
{
        cJSON *o = cJSON_CreateObject();
        char hash[17];
        snprintf(hash, sizeof(hash), "%016" PRIx64, res->trace_hash);
        cJSON_AddNumberToObject(o, "seed", seed);
        cJSON_AddStringToObject(o, "status", res->status == RG_OK ? "ok" : "failed");
        if (res->status != RG_OK) {
                cJSON_AddStringToObject(o, "error", res->error);
                if (backend_has(res, BACKEND_HAS_FAIL_REQUEST))
                        cJSON_AddNumberToObject(o, "fail_request", res->fail_request);
        }
        cJSON_AddNumberToObject(o, "requests", res->requests);
        cJSON_AddNumberToObject(o, "blocked", res->blocked);
        cJSON_AddNumberToObject(o, "bp", backend_result_bp(res));
        if (backend_has(res, BACKEND_HAS_GBPS)) {
                cJSON_AddNumberToObject(o, "requested_gbps", res->requested_gbps);
                cJSON_AddNumberToObject(o, "blocked_gbps", res->blocked_gbps);
        }
        if (backend_has(res, BACKEND_HAS_BBP))
                cJSON_AddNumberToObject(o, "bbp", res->bbp);
        if (backend_has(res, BACKEND_HAS_REASONS)) {
                cJSON *br = cJSON_AddObjectToObject(o, "block_reasons");
                cJSON_AddNumberToObject(br, "distance", res->blocked_by[SIM_BLOCK_DISTANCE]);
                cJSON_AddNumberToObject(br, "congestion", res->blocked_by[SIM_BLOCK_CONGESTION]);
        }
        if (backend_has(res, BACKEND_HAS_HOPS))
                cJSON_AddNumberToObject(o, "hops_mean", res->hops_mean);
        if (backend_has(res, BACKEND_HAS_LENGTH))
                cJSON_AddNumberToObject(o, "length_mean_km", res->length_mean_km);
        if (backend_has(res, BACKEND_HAS_MODS)) {
                cJSON *mods = cJSON_AddObjectToObject(o, "modulations");
                for (int i = 0; i < res->n_mods; i++)
                        cJSON_AddNumberToObject(mods, res->mod_names[i], res->mod_count[i]);
        }
        if (backend_has(res, BACKEND_HAS_TRACE))
                cJSON_AddStringToObject(o, "trace_hash", hash);
        return o;
}

cJSON *report_compare_json(const struct compare_result *r, const char *version)
{
        const struct compare_config *cfg = r->cfg;
        const struct stats_policy *pol = &cfg->policy;
        const struct compare_inputs *s = &r->inputs;
        cJSON *o = cJSON_CreateObject();
        if (o == NULL)
                return NULL;
        cJSON_AddNumberToObject(o, "schema_version", REPORT_SCHEMA_VERSION);
        cJSON_AddStringToObject(o, "tool", "rollgate");
        cJSON_AddStringToObject(o, "version", version);
        cJSON_AddBoolToObject(o, "complete", !r->interrupted);
        cJSON_AddStringToObject(o, "verdict", stats_verdict_name(r->verdict));
        cJSON_AddNumberToObject(o, "exit_code", stats_verdict_exit_code(r->verdict));
        cJSON_AddStringToObject(o, "reason", r->reason);
        cJSON *act = cJSON_AddObjectToObject(o, "action");
        cJSON_AddNumberToObject(act, "rollback_level", r->level);
        cJSON_AddStringToObject(act, "text", r->action);
        cJSON_AddStringToObject(act, "rollback_env", cfg->rollback_env);
        cJSON_AddStringToObject(act, "rollback_config_key", cfg->rollback_config_key);

        cJSON *in = cJSON_AddObjectToObject(o, "inputs");
        cJSON_AddStringToObject(in, "config", s->config);
        cJSON_AddStringToObject(in, "topology", s->topology);
        if (s->have_model) {
                cJSON_AddNumberToObject(in, "nodes", s->nodes);
                cJSON_AddNumberToObject(in, "links", s->links);
                cJSON_AddNumberToObject(in, "k_paths", s->k_paths);
                cJSON_AddNumberToObject(in, "cores", s->cores);
                cJSON_AddNumberToObject(in, "slots", s->slots);
                cJSON_AddNumberToObject(in, "guard_slots", s->guard);
                cJSON_AddStringToObject(in, "allocation", s->allocation);
                cJSON_AddStringToObject(in, "mod_assumption", s->mod_assumption);
        }
        cJSON_AddNumberToObject(in, "holding_time", s->holding_time);
        cJSON_AddNumberToObject(in, "requests", s->requests);
        cJSON_AddStringToObject(in, "arrival_rate", "erlang / holding_time");
        cJSON *dist = cJSON_AddObjectToObject(in, "request_distribution");
        for (int i = 0; i < s->n_dist; i++)
                cJSON_AddNumberToObject(dist, s->dist_label[i], s->dist_prob[i]);
        cJSON_AddItemToObject(in, "loads", cJSON_CreateDoubleArray(r->loads, r->n_loads));
        cJSON *seeds = cJSON_AddArrayToObject(in, "seeds");
        for (int i = 0; i < r->n_reps; i++)
                cJSON_AddItemToArray(seeds, cJSON_CreateNumber(r->seeds[i]));
        cJSON_AddBoolToObject(in, "paired", !cfg->unpaired);
        cJSON_AddStringToObject(in, "legacy", cfg->backend[0]->name);
        cJSON_AddStringToObject(in, "orchestrator", cfg->backend[1]->name);
        char inj[160];
        sim_inject_format(&cfg->inject, inj, sizeof(inj));
        cJSON_AddStringToObject(in, "inject", inj);

        cJSON *p = cJSON_AddObjectToObject(o, "policy");
        cJSON_AddStringToObject(p, "deviation",
                                pol->deviation == STATS_DEV_RELATIVE ? "relative" : "absolute");
        cJSON_AddStringToObject(p, "direction",
                                pol->direction == STATS_DIR_INCREASE ? "increase" : "either");
        double th[2] = {pol->t1, pol->t2};
        cJSON_AddItemToObject(p, "thresholds", cJSON_CreateDoubleArray(th, 2));
        cJSON_AddNumberToObject(p, "confidence", pol->confidence);
        cJSON_AddNumberToObject(p, "decision_level", 1 - 2 * (1 - pol->confidence));
        cJSON_AddNumberToObject(p, "perf_threshold", pol->perf_threshold);
        cJSON_AddNumberToObject(p, "low_signal_blocked", pol->low_signal_blocked);
        cJSON_AddNumberToObject(p, "holm_tests", r->holm_tests);

        cJSON *loads = cJSON_AddArrayToObject(o, "loads");
        for (int li = 0; li < r->n_loads; li++) {
                const struct compare_load *L = &r->load[li];
                cJSON *l = cJSON_CreateObject();
                cJSON_AddItemToArray(loads, l);
                cJSON_AddNumberToObject(l, "erlang", L->erlang);
                cJSON_AddStringToObject(l, "verdict", stats_verdict_name(L->verdict));
                cJSON_AddStringToObject(l, "reason", L->reason);
                cJSON_AddBoolToObject(l, "identical", L->identical);
                cJSON_AddBoolToObject(l, "low_signal", L->low_signal);
                double blocked[2] = {(double)L->blocked[0], (double)L->blocked[1]};
                cJSON_AddItemToObject(l, "blocked_total", cJSON_CreateDoubleArray(blocked, 2));
                cJSON *mt = cJSON_AddObjectToObject(l, "metrics");
                for (int k = 0; k < COMPARE_METRICS; k++)
                        cJSON_AddItemToObject(mt, metric_names[k], metric_json(r, &L->metric[k]));
                cJSON *sec = cJSON_AddObjectToObject(l, "secondary");
                const struct compare_secondary *sd = &L->secondary;
                /* a test that was not made (a path did not report the
                 * figures, fewer than two categories, no untied pair) is
                 * absent; the flags say why */
                if (sd->reasons_tested)
                        cJSON_AddItemToObject(sec, "block_reasons", chisq_json(&sd->reasons));
                if (sd->mods_tested)
                        cJSON_AddItemToObject(sec, "modulations", chisq_json(&sd->modulations));
                if (sd->have_length)
                        cJSON_AddNumberToObject(sec, "length_rel", sd->length_rel);
                if (sd->have_hops)
                        cJSON_AddNumberToObject(sec, "hops_diff", sd->hops_diff);
                if (sd->bias_tested) {
                        cJSON *bias = cJSON_AddObjectToObject(sec, "bias");
                        cJSON_AddNumberToObject(bias, "orchestrator_higher", sd->bias.above);
                        cJSON_AddNumberToObject(bias, "orchestrator_lower", sd->bias.below);
                        cJSON_AddNumberToObject(bias, "ties", sd->bias.ties);
                        cJSON_AddNumberToObject(bias, "p_value", sd->bias.p_value);
                }
                cJSON *flags = cJSON_AddArrayToObject(l, "flags");
                for (int f = 0; f < L->secondary.n_flags; f++)
                        cJSON_AddItemToArray(flags, cJSON_CreateString(L->secondary.flags[f]));
        }

        cJSON *runs = cJSON_AddArrayToObject(o, "runs");
        for (int li = 0; li < r->n_loads; li++) {
                for (int rep = 0; rep < r->n_reps; rep++) {
                        const struct compare_pair *pr = &r->pairs[li * r->n_reps + rep];
                        cJSON *x = cJSON_CreateObject();
                        cJSON_AddItemToArray(runs, x);
                        cJSON_AddNumberToObject(x, "erlang", r->loads[li]);
                        cJSON_AddNumberToObject(x, "replication", rep);
                        if (pr->harness_rc != RG_OK) {
                                cJSON_AddStringToObject(x, "harness_error", pr->harness_error);
                                continue;
                        }
                        cJSON_AddItemToObject(x, "legacy", run_json(&pr->run[0], pr->seed[0]));
                        cJSON_AddItemToObject(x, "orchestrator",
                                              run_json(&pr->run[1], pr->seed[1]));
                }
        }

        /* everything below varies from run to run */
        cJSON *t = cJSON_AddObjectToObject(o, "timing");
        cJSON_AddNumberToObject(t, "threads", r->threads_used);
        cJSON_AddNumberToObject(t, "wall_seconds", r->wall_seconds);
        char host[256] = "";
        gethostname(host, sizeof(host) - 1);
        cJSON_AddStringToObject(t, "host", host);
        cJSON_AddNumberToObject(t, "online_cpus", (double)sysconf(_SC_NPROCESSORS_ONLN));
        cJSON_AddStringToObject(t, "performance_clock", r->perf_clock);
        cJSON_AddNumberToObject(t, "external_runs_executed", r->runs_executed);
        cJSON_AddNumberToObject(t, "external_runs_reused", r->runs_reused);
        cJSON *pooled = cJSON_AddObjectToObject(t, "performance_pooled");
        cJSON_AddNumberToObject(pooled, "ratio", r->perf.ratio);
        cJSON_AddItemToObject(pooled, "interval", interval(r->perf.lo, r->perf.hi));
        cJSON_AddBoolToObject(pooled, "significantly_slower", r->perf.slower);
        cJSON *perf = cJSON_AddArrayToObject(t, "performance");
        for (int li = 0; li < r->n_loads; li++) {
                const struct compare_load *L = &r->load[li];
                cJSON *x = cJSON_CreateObject();
                cJSON_AddItemToArray(perf, x);
                cJSON_AddNumberToObject(x, "erlang", L->erlang);
                cJSON_AddNumberToObject(x, "ratio", L->perf.ratio);
                cJSON_AddItemToObject(x, "interval", interval(L->perf.lo, L->perf.hi));
                cJSON_AddBoolToObject(x, "significantly_slower", L->perf.slower);
        }
        cJSON *rt = cJSON_AddArrayToObject(t, "runs");
        for (int j = 0; j < r->n_loads * r->n_reps; j++) {
                const struct compare_pair *pr = &r->pairs[j];
                double v[5] = {pr->gen_seconds[0], pr->run[0].run_seconds, pr->run[1].run_seconds,
                               pr->run[0].wall_seconds, pr->run[1].wall_seconds};
                cJSON_AddItemToArray(rt, cJSON_CreateDoubleArray(v, 5));
        }
        return o;
}
