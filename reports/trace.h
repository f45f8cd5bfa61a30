/*
 * `rollgate trace` output: for one (load, seed), whether the two paths made
 * identical decisions, and if not the first divergence with the requests
 * before it and the discordant counts.  The harness fills the struct; this
 * module only formats it (text or one JSON object).
 */
#ifndef REPORT_TRACE_H
#define REPORT_TRACE_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "../sim/engine.h"

#define REPORT_TRACE_CONTEXT_MAX 16

struct report_trace_side {
        const char *path; /* "legacy", "orchestrator" */
        const struct sim_result *result;
        const char *error;              /* when result->status != RG_OK */
        const struct sim_decision *dec; /* per request, valid for ids < compared + 1 */
};

struct report_trace {
        const struct sim_model *model;
        const struct sim_stream *stream;
        double erlang;
        uint32_t seed;
        struct report_trace_side side[2];
        uint32_t compared;        /* requests decided by both paths */
        bool identical;           /* every compared decision equal and both runs ok */
        uint32_t first_diff;      /* request id of the first divergence, 0 if none */
        uint32_t context_from;    /* first request id shown before the divergence */
        uint32_t blocked_only[2]; /* discordant: blocked by side i only */
        uint32_t differ;          /* compared requests whose decisions differ */
};

void report_trace_text(FILE *out, const struct report_trace *t);

/* One decision as the trace shows it: "blocked (congestion)" or
 * "path 1 QPSK core 0 slots 12..15". */
void report_trace_decision_text(char *buf, size_t cap, const struct sim_model *m,
                                const struct sim_decision *d);
cJSON *report_trace_json(const struct report_trace *t);

#endif
