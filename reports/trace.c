#include "trace.h"

#include <inttypes.h>
#include <string.h>

void report_trace_decision_text(char *buf, size_t cap, const struct sim_model *m,
                                const struct sim_decision *d)
{
        if (!d->admitted) {
                snprintf(buf, cap, "blocked (%s)", sim_block_name((enum sim_block)d->reason));
                return;
        }
        snprintf(buf, cap, "path %d %s core %d slots %d..%d", d->path_index,
                 m->mods.mod_names[(uint8_t)d->mod], d->core, d->start, d->start + d->width - 1);
}

static void request_line(FILE *out, const struct report_trace *t, uint32_t id)
{
        const struct sim_request *r = &t->stream->req[id - 1];
        const struct sim_model *m = t->model;
        char a[96], b[96];
        report_trace_decision_text(a, sizeof(a), m, &t->side[0].dec[id - 1]);
        report_trace_decision_text(b, sizeof(b), m, &t->side[1].dec[id - 1]);
        bool same = memcmp(&t->side[0].dec[id - 1], &t->side[1].dec[id - 1],
                           sizeof(struct sim_decision)) == 0;
        fprintf(out, "  %s %7u %12.6f %5s -> %-5s %5s Gb/s | %-36s | %s\n",
                id == t->first_diff ? ">" : " ", id, r->arrive, m->topo->names[r->src],
                m->topo->names[r->dst], m->mods.cls[r->cls].label, a, same ? "same" : b);
}

void report_trace_text(FILE *out, const struct report_trace *t)
{
        fprintf(out, "erlang %g seed %u: ", t->erlang, t->seed);
        for (int i = 0; i < 2; i++)
                if (t->side[i].result->status != RG_OK) {
                        if (t->side[i].result->fail_request)
                                fprintf(out, "%s FAILED at request %u: %s; ", t->side[i].path,
                                        t->side[i].result->fail_request, t->side[i].error);
                        else
                                fprintf(out, "%s FAILED at the end of the run: %s; ",
                                        t->side[i].path, t->side[i].error);
                }
        if (t->identical) {
                fprintf(out, "identical (%u requests, %u blocked, trace %016" PRIx64 ")\n",
                        t->compared, t->side[0].result->blocked, t->side[0].result->trace_hash);
                return;
        }
        if (t->first_diff == 0) {
                fprintf(out, "no divergence in the %u requests both paths decided\n", t->compared);
                return;
        }
        const struct sim_request *r = &t->stream->req[t->first_diff - 1];
        fprintf(
            out, "DIVERGED at request %u (t=%.9g, %s -> %s, %s Gb/s); %u of %u requests differ\n",
            t->first_diff, r->arrive, t->model->topo->names[r->src], t->model->topo->names[r->dst],
            t->model->mods.cls[r->cls].label, t->differ, t->compared);
        fprintf(out, "  discordant: blocked only by %s %u, only by %s %u\n", t->side[0].path,
                t->blocked_only[0], t->side[1].path, t->blocked_only[1]);
        fprintf(out, "  %s %7s %12s %14s %10s | %-36s | %s\n", " ", "id", "arrival", "src -> dst",
                "bandwidth", t->side[0].path, t->side[1].path);
        for (uint32_t id = t->context_from; id <= t->first_diff; id++)
                request_line(out, t, id);
}

static cJSON *decision_json(const struct sim_model *m, const struct sim_decision *d)
{
        cJSON *o = cJSON_CreateObject();
        if (o == NULL)
                return NULL;
        cJSON_AddBoolToObject(o, "admitted", d->admitted);
        if (!d->admitted) {
                cJSON_AddStringToObject(o, "reason", sim_block_name((enum sim_block)d->reason));
                return o;
        }
        cJSON_AddNumberToObject(o, "path_index", d->path_index);
        cJSON_AddStringToObject(o, "modulation", m->mods.mod_names[(uint8_t)d->mod]);
        cJSON_AddNumberToObject(o, "core", d->core);
        cJSON_AddNumberToObject(o, "start_slot", d->start);
        cJSON_AddNumberToObject(o, "width", d->width);
        return o;
}

static cJSON *request_json(const struct report_trace *t, uint32_t id)
{
        const struct sim_request *r = &t->stream->req[id - 1];
        const struct sim_model *m = t->model;
        cJSON *o = cJSON_CreateObject();
        if (o == NULL)
                return NULL;
        cJSON_AddNumberToObject(o, "id", id);
        cJSON_AddNumberToObject(o, "time", r->arrive);
        cJSON_AddStringToObject(o, "src", m->topo->names[r->src]);
        cJSON_AddStringToObject(o, "dst", m->topo->names[r->dst]);
        cJSON_AddNumberToObject(o, "bandwidth_gbps", m->mods.cls[r->cls].gbps);
        for (int i = 0; i < 2; i++)
                cJSON_AddItemToObject(o, t->side[i].path,
                                      decision_json(m, &t->side[i].dec[id - 1]));
        return o;
}

cJSON *report_trace_json(const struct report_trace *t)
{
        cJSON *o = cJSON_CreateObject();
        if (o == NULL)
                return NULL;
        cJSON_AddNumberToObject(o, "erlang", t->erlang);
        cJSON_AddNumberToObject(o, "seed", t->seed);
        cJSON_AddBoolToObject(o, "identical", t->identical);
        cJSON_AddNumberToObject(o, "compared", t->compared);
        for (int i = 0; i < 2; i++) {
                const struct sim_result *r = t->side[i].result;
                cJSON *s = cJSON_AddObjectToObject(o, t->side[i].path);
                char hash[17];
                snprintf(hash, sizeof(hash), "%016" PRIx64, r->trace_hash);
                cJSON_AddStringToObject(s, "status", r->status == RG_OK ? "ok" : "failed");
                if (r->status != RG_OK) {
                        cJSON_AddStringToObject(s, "error", t->side[i].error);
                        cJSON_AddNumberToObject(s, "fail_request", r->fail_request);
                }
                cJSON_AddNumberToObject(s, "blocked", r->blocked);
                cJSON_AddNumberToObject(s, "bp", sim_result_bp(r));
                cJSON_AddStringToObject(s, "trace_hash", hash);
        }
        cJSON_AddNumberToObject(o, "differing_requests", t->differ);
        cJSON *disc = cJSON_AddObjectToObject(o, "discordant");
        char key[64];
        for (int i = 0; i < 2; i++) {
                snprintf(key, sizeof(key), "blocked_only_by_%s", t->side[i].path);
                cJSON_AddNumberToObject(disc, key, t->blocked_only[i]);
        }
        if (t->first_diff) {
                cJSON_AddItemToObject(o, "first_divergence", request_json(t, t->first_diff));
                cJSON *ctx = cJSON_AddArrayToObject(o, "before");
                for (uint32_t id = t->context_from; id < t->first_diff; id++)
                        cJSON_AddItemToArray(ctx, request_json(t, id));
        } else {
                cJSON_AddNullToObject(o, "first_divergence");
        }
        return o;
}
