/*
 * Fuzz target for the baseline reader (gate/baseline.c, rollgate verify
 * --baseline): every input is either refused with a one-line message and no
 * baseline, or read into one whose JSON reads back to the same JSON (writing
 * is a fixed point).  Seeds in corpus/baseline/: baselines recorded by
 * rollgate (builtin paths, one and two loads; exec_metrics.json: an exec
 * path whose runs kept their reported values, numbers, strings and lists),
 * bad_* malformed ones (bad_metrics.json: a value of the wrong type).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../gate/baseline.h"
#include "fuzz_contract.h"

static void breach(const char *what)
{
        fprintf(stderr, "fuzz: %s: %s\n", fuzz_input, what);
        abort();
}

static char *written(const struct gate_baseline *b)
{
        struct rg_buf out;
        struct rg_errbuf eb;
        rg_buf_init(&out);
        rg_errbuf_init(&eb);
        char *s = NULL;
        if (gate_baseline_write_json(b, &out, &eb) == RG_OK)
                s = strdup(rg_buf_text(&out));
        rg_buf_finish(&out);
        return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *text = fuzz_text(data, size);
        if (text == NULL)
                return 0;
        struct gate_baseline *b = NULL;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = gate_baseline_read_json(text, size, "b.json", &b, &eb);
        if (rc != RG_OK) {
                if (b != NULL || eb.code != rc || eb.msg[0] == '\0' || strchr(eb.msg, '\n'))
                        breach("refusal without its one-line message, or with a baseline");
                free(text);
                return 0;
        }
        char *json = written(b);
        struct gate_baseline *back = NULL;
        if (json && gate_baseline_read_json(json, strlen(json), "again.json", &back, &eb) != RG_OK)
                breach("the JSON rollgate wrote does not read back");
        char *again = back ? written(back) : NULL;
        if (json && again && strcmp(json, again) != 0)
                breach("a baseline written from a read one changed on a second round");
        free(again);
        free(json);
        gate_baseline_destroy(back);
        gate_baseline_destroy(b);
        free(text);
        return 0;
}
