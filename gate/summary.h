/*
 * The gate's suite summary: one line per config (tier, verdict, the rollout
 * decision and why) and the overall verdict, as console text, JSON,
 * Markdown and JUnit XML (a testsuite per config, a testcase per load and
 * metric).  Formatting only: the figures come from each config's report
 * document and the rollout decision.
 */
#ifndef GATE_SUMMARY_H
#define GATE_SUMMARY_H

#include "../common/buf.h"
#include "../reports/document.h"
#include "rollout.h"
#include "suite.h"

struct gate_summary_config {
        const struct gate_suite_config *cfg;  /* borrowed */
        const struct report_doc *doc;         /* borrowed */
        const struct gate_rollout_item *item; /* borrowed: the decision */
        const char *report_base;              /* "DIR/NAME": its reports are .json, .md ... */
};

struct gate_summary {
        const char *suite_name, *suite_path, *version;
        enum stats_verdict verdict; /* the worst */
        int n;
        const struct gate_summary_config *configs;
};

void gate_summary_text(const struct gate_summary *s, struct rg_buf *out);
void gate_summary_markdown(const struct gate_summary *s, struct rg_buf *out);
void gate_summary_junit(const struct gate_summary *s, struct rg_buf *out);
/* RG_NOMEM when the JSON could not be built completely. */
int gate_summary_json(const struct gate_summary *s, struct rg_buf *out);

#endif
