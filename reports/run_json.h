/*
 * One simulation run as a JSON object (rollgate sim --json): the run's
 * identity, its raw counts and the figures derived from them.  Key order is
 * fixed, numbers are printed locale-independently by cJSON, so equal runs
 * give byte-identical text.
 */
#ifndef REPORT_RUN_JSON_H
#define REPORT_RUN_JSON_H

#include <cjson/cJSON.h>
#include <stdint.h>

#include "../sim/engine.h"

struct report_run {
        const char *path;
        uint32_t seed;
        double erlang;
        const struct sim_model *model;
        const struct sim_result *result;
        const char *error; /* message when result->status != RG_OK */
};

/* New object (caller frees with cJSON_Delete), NULL when out of memory. */
cJSON *report_run_json(const struct report_run *run);

/* Two-line human summary of a run into `out` (always NUL-terminated). */
void report_run_text(const struct report_run *run, char *out, size_t cap);

#endif
