/*
 * Fuzz target for the request distribution parser (harness_parse_dist in
 * harness/settings.c), which reads request_distribution and
 * --request-distribution: a JSON object of labels to probabilities (or a
 * Python dict with single quotes).  What it accepts must be 1 to
 * SIM_MAX_CLASSES classes with terminated labels and probabilities in
 * [0, 1]; what it refuses leaves the settings' distribution as it was.
 * Seeds in corpus/dist/: ok_* are distributions from configs, bad_* are
 * malformed.
 */
#include <stdlib.h>
#include <string.h>

#include "../../harness/settings.h"
#include "fuzz_contract.h"
#include "fuzz_util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size > 4096)
                return 0;
        char *text = fuzz_text(data, size);
        if (text == NULL)
                return 0;
        struct harness_settings *s = malloc(sizeof(*s));
        if (s == NULL)
                goto out;
        harness_settings_defaults(s);
        int n_before = s->n_dist;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = harness_parse_dist(text, s, &eb);
        fuzz_check_status(rc, &eb);
        if (rc != RG_OK) {
                fuzz_require(s->n_dist == n_before, "refused distribution changed the count");
        } else {
                fuzz_require(s->n_dist >= 1 && s->n_dist <= SIM_MAX_CLASSES, "bad class count");
                for (int i = 0; i < s->n_dist; i++)
                        fuzz_require(fuzz_terminated(s->dist[i].label, SIM_LABEL_MAX) &&
                                         s->dist[i].prob >= 0 && s->dist[i].prob <= 1,
                                     "bad distribution entry");
        }
        free(s);
out:
        free(text);
        return 0;
}
