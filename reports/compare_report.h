/*
 * Reports of a comparison: the console summary and the versioned JSON
 * document (schema_version 1).  Formatting only: every figure comes from the
 * compare_result; nothing is computed here.
 */
#ifndef REPORT_COMPARE_H
#define REPORT_COMPARE_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "../compare/compare.h"

#define REPORT_SCHEMA_VERSION 1

void report_compare_text(FILE *out, const struct compare_result *r, bool quiet);

/* The JSON document; everything that depends on timing or the host is under
 * the "timing" key so that the rest compares byte for byte across runs and
 * thread counts.  NULL when out of memory. */
cJSON *report_compare_json(const struct compare_result *r, const char *version);

#endif
