#include "document.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A list of blocks: the document is built once and freed at once, so
 * nothing is freed on its own. */
struct report_arena {
        struct report_arena *next;
        max_align_t data[];
};

void *report_doc_alloc(struct report_doc *doc, size_t n, size_t size)
{
        if (size != 0 && n > (SIZE_MAX - sizeof(struct report_arena)) / size)
                return NULL;
        size_t bytes = n * size;
        struct report_arena *a = calloc(1, sizeof(*a) + (bytes ? bytes : 1));
        if (a == NULL)
                return NULL;
        a->next = doc->arena;
        doc->arena = a;
        return a->data;
}

const char *report_doc_strndup(struct report_doc *doc, const char *s, size_t len)
{
        char *d = report_doc_alloc(doc, len + 1, 1);
        if (d != NULL)
                memcpy(d, s, len); /* zero-filled: terminated */
        return d;
}

const char *report_doc_strdup(struct report_doc *doc, const char *s)
{
        return report_doc_strndup(doc, s ? s : "", s ? strlen(s) : 0);
}

struct report_doc *report_doc_create(void)
{
        struct report_doc *doc = calloc(1, sizeof(*doc));
        if (doc == NULL)
                return NULL;
        const char **text[] = {&doc->tool,
                               &doc->version,
                               &doc->reason,
                               &doc->action.text,
                               &doc->action.rollback_env,
                               &doc->action.rollback_config_key,
                               &doc->inputs.config,
                               &doc->inputs.topology,
                               &doc->inputs.allocation,
                               &doc->inputs.mod_assumption,
                               &doc->inputs.arrival_rate,
                               &doc->inputs.legacy,
                               &doc->inputs.orchestrator,
                               &doc->inputs.inject,
                               &doc->notification.project,
                               &doc->notification.team,
                               &doc->notification.channel,
                               &doc->timing.started,
                               &doc->timing.finished,
                               &doc->timing.host,
                               &doc->timing.performance_clock,
                               &doc->exact.metric,
                               &doc->exact.value[REPORT_LEGACY],
                               &doc->exact.value[REPORT_ORCHESTRATOR]};
        for (size_t i = 0; i < sizeof(text) / sizeof(text[0]); i++)
                *text[i] = "";
        doc->schema_version = REPORT_SCHEMA_VERSION;
        doc->timing.ranks = 1;
        doc->diagnosis.decision[0] = doc->diagnosis.decision[1] = "";
        doc->sequential.spending = "";
        return doc;
}

void report_doc_destroy(struct report_doc *doc)
{
        if (doc == NULL)
                return;
        while (doc->arena) {
                struct report_arena *next = doc->arena->next;
                free(doc->arena);
                doc->arena = next;
        }
        free(doc);
}

const struct report_pair *report_doc_pair(const struct report_doc *doc, int load, int rep)
{
        if (load < 0 || load >= doc->n_loads || rep < 0 || rep >= doc->loads[load].replications)
                return NULL;
        int at = rep;
        for (int li = 0; li < load; li++)
                at += doc->loads[li].replications;
        return at < doc->n_pairs ? &doc->pairs[at] : NULL;
}

const struct report_run *report_doc_run(const struct report_doc *doc, int load, int rep, int role)
{
        const struct report_pair *p = report_doc_pair(doc, load, rep);
        return p == NULL || p->harness_error ? NULL : &p->run[role];
}
