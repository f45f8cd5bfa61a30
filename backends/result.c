#include "result.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

double backend_result_bp(const struct backend_result *r)
{
        return r->requests ? (double)r->blocked / (double)r->requests : 0.0;
}

double backend_result_bbp(const struct backend_result *r)
{
        return backend_has(r, BACKEND_HAS_BBP) ? r->bbp : NAN;
}

const struct backend_value *backend_result_value(const struct backend_result *r, const char *name)
{
        for (int i = 0; i < r->n_values; i++)
                if (strcmp(r->value[i].name, name) == 0)
                        return &r->value[i];
        return NULL;
}

bool backend_value_equal(const struct backend_value *a, const struct backend_value *b)
{
        if (a->type != b->type)
                return false;
        if (a->type == BACKEND_VALUE_NUMBER)
                return a->number == b->number;
        return a->count == b->count && a->hash == b->hash;
}

static int clamp(int n, int max)
{
        return n < 0 ? 0 : n > max ? max : n;
}

/* The timing fields close struct backend_result; from_sim leaves them alone. */
#define TIMING_START offsetof(struct backend_result, run_seconds)
_Static_assert(TIMING_START > offsetof(struct backend_result, fail_request) &&
                   offsetof(struct backend_result, clock) > TIMING_START &&
                   offsetof(struct backend_result, wall_seconds) > TIMING_START &&
                   offsetof(struct backend_result, reused) > TIMING_START,
               "the timing fields must come last");

/*
 * The timing fields are neither read nor written: the caller measures them
 * around sim_run and may set them before or after this call.  The means come
 * from sim_result_hops_mean / sim_result_km_mean, the functions
 * reports/run_json.c prints, so a report built from this result stays
 * byte-identical to one built from the sim_result.  The counts are clamped to
 * the arrays only as a guard: a model never has more formats, paths or cores
 * than a sim_result holds.
 */
void backend_result_from_sim(struct backend_result *out, const struct sim_model *m,
                             const struct sim_result *res, const char *error)
{
        memset(out, 0, TIMING_START);
        out->status = res->status;
        if (res->status != RG_OK) {
                snprintf(out->error, sizeof(out->error), "%s", error ? error : "");
                if (res->fail_request != 0) {
                        out->fail_request = res->fail_request;
                        out->has |= BACKEND_HAS_FAIL_REQUEST;
                }
        }
        out->has |= BACKEND_HAS_GBPS | BACKEND_HAS_BBP | BACKEND_HAS_REASONS | BACKEND_HAS_MODS |
                    BACKEND_HAS_HOPS | BACKEND_HAS_LENGTH | BACKEND_HAS_PATH_INDEX |
                    BACKEND_HAS_CORES | BACKEND_HAS_TRACE;
        out->requests = res->requests;
        out->blocked = res->blocked;
        out->requested_gbps = res->requested_gbps;
        out->blocked_gbps = res->blocked_gbps;
        out->bbp = sim_result_bbp(res);
        memcpy(out->blocked_by, res->blocked_by, sizeof(out->blocked_by));
        out->hops_mean = sim_result_hops_mean(res);
        out->length_mean_km = sim_result_km_mean(res);
        out->n_mods = clamp(m->mods.n_mods, BACKEND_MAX_MODS);
        for (int i = 0; i < out->n_mods; i++) {
                snprintf(out->mod_names[i], BACKEND_NAME_MAX, "%s", m->mods.mod_names[i]);
                out->mod_count[i] = res->mod_count[i];
        }
        out->n_path_index = clamp(m->par.k_paths, SIM_MAX_K);
        memcpy(out->path_index, res->path_index, (size_t)out->n_path_index * sizeof(uint32_t));
        out->n_cores = clamp(m->par.cores, SIM_MAX_CORES);
        memcpy(out->core_usage, res->core_usage, (size_t)out->n_cores * sizeof(uint32_t));
        out->trace_hash = res->trace_hash;
}

int backend_result_fail(struct backend_result *out, int code, const char *fmt, ...)
{
        if (out->status != RG_OK)
                return code;
        out->status = code;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(out->error, sizeof(out->error), fmt, ap);
        va_end(ap);
        rg_one_line(out->error);
        return code;
}
