#include "run_json.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../common/number.h"

/* A run file is read back by rollgate (exec and import paths): its figures
 * must survive the round trip exactly (rg_double_text, not cJSON's
 * printing). */
static bool add_exact(cJSON *o, const char *key, double v)
{
        char buf[40];
        if (!isfinite(v))
                return cJSON_AddNullToObject(o, key) != NULL;
        rg_double_text(buf, sizeof(buf), v);
        return cJSON_AddRawToObject(o, key, buf) != NULL;
}

cJSON *report_run_json(const struct report_run *run)
{
        const struct sim_result *r = run->result;
        const struct sim_model *m = run->model;
        cJSON *o = cJSON_CreateObject();
        if (o == NULL)
                return NULL;
        char hash[17];
        snprintf(hash, sizeof(hash), "%016" PRIx64, r->trace_hash);
        bool ok = cJSON_AddStringToObject(o, "path", run->path) &&
                  cJSON_AddNumberToObject(o, "seed", run->seed) &&
                  cJSON_AddNumberToObject(o, "erlang", run->erlang) &&
                  cJSON_AddStringToObject(o, "status", r->status == RG_OK ? "ok" : "failed");
        if (ok && r->status != RG_OK) {
                ok = cJSON_AddStringToObject(o, "error", run->error ? run->error : "") &&
                     cJSON_AddNumberToObject(o, "fail_request", r->fail_request);
        }
        ok = ok && cJSON_AddNumberToObject(o, "requests", r->requests) &&
             cJSON_AddNumberToObject(o, "blocked", r->blocked) &&
             add_exact(o, "bp", sim_result_bp(r)) &&
             add_exact(o, "requested_gbps", r->requested_gbps) &&
             add_exact(o, "blocked_gbps", r->blocked_gbps) &&
             add_exact(o, "bbp", sim_result_bbp(r));
        cJSON *reasons = ok ? cJSON_AddObjectToObject(o, "block_reasons") : NULL;
        ok = reasons &&
             cJSON_AddNumberToObject(reasons, "distance", r->blocked_by[SIM_BLOCK_DISTANCE]) &&
             cJSON_AddNumberToObject(reasons, "congestion", r->blocked_by[SIM_BLOCK_CONGESTION]);
        ok = ok && add_exact(o, "hops_mean", sim_result_hops_mean(r)) &&
             add_exact(o, "length_mean_km", sim_result_km_mean(r));
        cJSON *mods = ok ? cJSON_AddObjectToObject(o, "modulations") : NULL;
        ok = mods != NULL;
        for (int i = 0; ok && i < m->mods.n_mods; i++)
                ok = cJSON_AddNumberToObject(mods, m->mods.mod_names[i], r->mod_count[i]) != NULL;
        cJSON *paths = ok ? cJSON_AddArrayToObject(o, "path_index") : NULL;
        ok = paths != NULL;
        for (int i = 0; ok && i < m->par.k_paths; i++)
                ok = cJSON_AddItemToArray(paths, cJSON_CreateNumber(r->path_index[i]));
        cJSON *cores = ok ? cJSON_AddArrayToObject(o, "core_usage") : NULL;
        ok = cores != NULL;
        for (int i = 0; ok && i < m->par.cores; i++)
                ok = cJSON_AddItemToArray(cores, cJSON_CreateNumber(r->core_usage[i]));
        ok = ok && cJSON_AddStringToObject(o, "trace_hash", hash);
        if (!ok) {
                cJSON_Delete(o);
                return NULL;
        }
        return o;
}

void report_run_text(const struct report_run *run, char *out, size_t cap)
{
        const struct sim_result *r = run->result;
        if (r->status != RG_OK) {
                snprintf(out, cap, "%-12s erlang %-7g seed %-5u FAILED: %s", run->path, run->erlang,
                         run->seed, run->error ? run->error : "");
                return;
        }
        snprintf(out, cap,
                 "%-12s erlang %-7g seed %-5u BP %.6f  BBP %.6f  blocked %u/%u "
                 "(distance %u, congestion %u)  hops %.3f  km %.1f  trace %016" PRIx64,
                 run->path, run->erlang, run->seed, sim_result_bp(r), sim_result_bbp(r), r->blocked,
                 r->requests, r->blocked_by[SIM_BLOCK_DISTANCE],
                 r->blocked_by[SIM_BLOCK_CONGESTION], sim_result_hops_mean(r),
                 sim_result_km_mean(r), r->trace_hash);
}
