/* The nightly job's part after the gate (cmd_nightly.c), called by cmd_gate.c. */
#ifndef HARNESS_NIGHTLY_H
#define HARNESS_NIGHTLY_H

#include "../gate/history.h"
#include "../gate/suite.h"
#include "../reports/document.h"

struct nightly_input {
        const struct gate_suite *suite;
        const struct report_doc *const *docs; /* [suite->n] */
        int n_labels;
        const char *const *labels; /* KEY=VALUE */
        int consecutive;
};

/* Opens (creates) the history before any run, so a bad file fails first. */
int harness_nightly_open(const char *path, struct gate_history **out, struct rg_errbuf *eb);

/* Records tonight, applies the trend rules, prints them; *verdict is
 * raised for an escalation (EMERGENCY) or a moved reference (HARNESS_ERROR). */
int harness_nightly_record(struct gate_history *h, const struct nightly_input *in,
                           enum stats_verdict *verdict, struct rg_errbuf *eb);

#endif
