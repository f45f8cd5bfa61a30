/*
 * Fuzz target for backends/result_json.c: every input is parsed as JSON and
 * read as a backend_result.  A refusal must come with its code, a one-line
 * message and a zeroed result; a result read must be one the writer can
 * write (counts within their arrays, strings terminated, known codes), and
 * written, parsed and read again it must be the same result, byte for byte,
 * and the same text on a second write.  A breach aborts.
 *
 * As a libFuzzer target (no fuzz_replay.c):
 *   clang -fsanitize=fuzzer,address,undefined fuzz_result_json.c fuzz_contract.c <backends>
 * As a plain program (tests/fuzz/meson.build) it replays a corpus.
 *
 * Seeds in corpus/result_json/ were written by backend_result_json_write from
 * the results of tests/test_result_json.c: full.json (every field),
 * failed.json (a failed run, a 511-byte error of UTF-8, quotes and control
 * characters), edge.json (NaN, infinities, -0, denormals, 1e300),
 * values.json (sixteen values of every type, texts cut), limits.json (every
 * array full); bad_* are refusals (a value list of 17, a repeated member, a
 * 15-digit hash, NaN where a count belongs, not an object, cut short).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../backends/result_json.h"
#include "../../common/json_read.h"
#include "../../common/json_write.h"
#include "fuzz_contract.h"

static void check_values(const struct backend_result *r)
{
        if (r->n_values < 0 || r->n_values > BACKEND_MAX_VALUES)
                fuzz_breach("value count out of range");
        for (int i = 0; i < r->n_values; i++) {
                const struct backend_value *v = &r->value[i];
                if (!fuzz_terminated(v->name, sizeof(v->name)) || v->name[0] == '\0' ||
                    !fuzz_terminated(v->text, sizeof(v->text)))
                        fuzz_breach("value name or text empty or not terminated");
                if (v->type == BACKEND_VALUE_NUMBER
                        ? !isfinite(v->number) || v->count || v->hash || v->cut || v->text[0]
                        : v->type != BACKEND_VALUE_STRING && v->type != BACKEND_VALUE_LIST)
                        fuzz_breach("value the form cannot hold");
                for (int j = 0; j < i; j++)
                        if (strcmp(r->value[j].name, v->name) == 0)
                                fuzz_breach("value named twice");
        }
        if (!fuzz_zero(r->value + r->n_values,
                       (size_t)(BACKEND_MAX_VALUES - r->n_values) * sizeof(r->value[0])))
                fuzz_breach("unused values not zero");
}

/* What a result read must be: one the writer takes (result_json.h). */
static void check_result(const struct backend_result *r)
{
        if (r->status < RG_OK || r->status >= RG_ERROR_COUNT)
                fuzz_breach("status no RG_* code");
        if (!fuzz_terminated(r->error, sizeof(r->error)))
                fuzz_breach("error not terminated");
        if (r->has >> 10 != 0)
                fuzz_breach("has a bit without a name");
        if ((int)r->clock < BACKEND_CLOCK_THREAD_CPU || r->clock > BACKEND_CLOCK_NONE)
                fuzz_breach("clock out of range");
        if (r->n_mods < 0 || r->n_mods > BACKEND_MAX_MODS || r->n_path_index < 0 ||
            r->n_path_index > SIM_MAX_K || r->n_cores < 0 || r->n_cores > SIM_MAX_CORES)
                fuzz_breach("array count out of range");
        for (int i = 0; i < r->n_mods; i++)
                if (!fuzz_terminated(r->mod_names[i], sizeof(r->mod_names[i])))
                        fuzz_breach("format name not terminated");
        if (!fuzz_zero((const char *)r->mod_names + (size_t)r->n_mods * sizeof(r->mod_names[0]),
                       (size_t)(BACKEND_MAX_MODS - r->n_mods) * sizeof(r->mod_names[0])) ||
            !fuzz_zero(r->mod_count + r->n_mods,
                       (size_t)(BACKEND_MAX_MODS - r->n_mods) * sizeof(uint32_t)) ||
            !fuzz_zero(r->path_index + r->n_path_index,
                       (size_t)(SIM_MAX_K - r->n_path_index) * sizeof(uint32_t)) ||
            !fuzz_zero(r->core_usage + r->n_cores,
                       (size_t)(SIM_MAX_CORES - r->n_cores) * sizeof(uint32_t)))
                fuzz_breach("unused array tail not zero");
        check_values(r);
}

/* Reads `o` at "run." into *out; the reader's code, the message in eb. */
static int read_result(const cJSON *o, struct backend_result *out, struct rg_errbuf *eb)
{
        rg_errbuf_init(eb);
        struct rg_json_reader r = {.what = "r.json", .eb = eb};
        backend_result_json_read(&r, o, "run.", out);
        return r.rc;
}

/* `res` written into an object and printed; NULL when the writer failed. */
static char *written(const struct backend_result *res)
{
        struct rg_json w = {0};
        cJSON *o = cJSON_CreateObject();
        if (o == NULL)
                return NULL;
        backend_result_json_write(&w, o, res);
        char *text = w.failed ? NULL : cJSON_PrintUnformatted(o);
        cJSON_Delete(o);
        if (text == NULL)
                fuzz_breach("a result read could not be written");
        return text;
}

/*
 * Both results come from the reader, which zeroes a result before filling
 * it field by field: padding and unused tails are zero in both, so the whole
 * struct compares with memcmp (doubles bit for bit, NaN being NAN).
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *text = fuzz_text(data, size);
        if (text == NULL)
                return 0;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        cJSON *o = NULL;
        if (rg_json_parse(text, size, "r.json", &o, &eb) != RG_OK) {
                free(text);
                return 0;
        }
        free(text);
        static struct backend_result first, again;
        static const struct backend_result zeroes;
        int rc = read_result(o, &first, &eb);
        cJSON_Delete(o);
        if (rc != RG_OK) {
                if (rc < 0 || rc >= RG_ERROR_COUNT || eb.code != rc || eb.msg[0] == '\0' ||
                    strchr(eb.msg, '\n') != NULL)
                        fuzz_breach("refusal without its code and one-line message");
                if (memcmp(&first, &zeroes, sizeof(first)) != 0)
                        fuzz_breach("refused input left a result behind");
                return 0;
        }
        check_result(&first);
        char *json = written(&first);
        cJSON *back = cJSON_Parse(json);
        if (back == NULL)
                fuzz_breach("the writer's text does not parse");
        if (read_result(back, &again, &eb) != RG_OK)
                fuzz_breach("the writer's text does not read back");
        cJSON_Delete(back);
        if (memcmp(&first, &again, sizeof(first)) != 0)
                fuzz_breach("a result written and read back changed");
        char *json2 = written(&again);
        if (strcmp(json, json2) != 0)
                fuzz_breach("a result written twice gave two texts");
        free(json2);
        free(json);
        return 0;
}
