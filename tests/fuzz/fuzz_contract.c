#include "fuzz_contract.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../backends/fusion_file.h"
#include "../../backends/run_file.h"

const char *fuzz_input = "(input)";

void fuzz_breach(const char *what)
{
        fprintf(stderr, "fuzz: %s: %s\n", fuzz_input, what);
        abort();
}

bool fuzz_zero(const void *p, size_t n)
{
        const unsigned char *b = p;
        for (size_t i = 0; i < n; i++)
                if (b[i] != 0)
                        return false;
        return true;
}

static void check_refusal(int rc, const struct rg_errbuf *eb, const struct backend_result *r)
{
        static const struct backend_result zero;
        if (rc <= RG_OK || rc >= RG_ERROR_COUNT || eb->code != rc)
                fuzz_breach("error code not recorded");
        if (eb->msg[0] == '\0' || strchr(eb->msg, '\n') != NULL)
                fuzz_breach("message empty or not one line");
        if (memcmp(r, &zero, sizeof(zero)) != 0)
                fuzz_breach("refused input left a result behind");
}

bool fuzz_terminated(const char *s, size_t cap)
{
        return memchr(s, '\0', cap) != NULL;
}

/* The run file's `metrics`: within bounds, named, unique, finite. */
static void check_values(const struct backend_result *r)
{
        if (r->n_values < 0 || r->n_values > BACKEND_MAX_VALUES)
                fuzz_breach("metric count out of range");
        for (int i = 0; i < r->n_values; i++) {
                const struct backend_value *v = &r->value[i];
                if (!fuzz_terminated(v->name, sizeof(v->name)) || v->name[0] == '\0')
                        fuzz_breach("metric name empty or not terminated");
                if (!fuzz_terminated(v->text, sizeof(v->text)))
                        fuzz_breach("metric text not terminated");
                if (v->type == BACKEND_VALUE_NUMBER && !isfinite(v->number))
                        fuzz_breach("metric number not finite");
                if (v->type != BACKEND_VALUE_NUMBER && v->type != BACKEND_VALUE_STRING &&
                    v->type != BACKEND_VALUE_LIST)
                        fuzz_breach("metric of no type");
                for (int j = 0; j < i; j++)
                        if (strcmp(r->value[j].name, v->name) == 0)
                                fuzz_breach("metric named twice");
        }
}

static void check_result(const struct backend_result *r)
{
        if (!fuzz_terminated(r->error, sizeof(r->error)))
                fuzz_breach("error not terminated");
        check_values(r);
        if (r->status != RG_OK) {
                if (r->status != RG_PATHFAIL || r->error[0] == '\0')
                        fuzz_breach("failed run without PATHFAIL and reason");
                if ((r->has & ~(unsigned)BACKEND_HAS_FAIL_REQUEST) != 0 || r->requests != 0)
                        fuzz_breach("failed run with figures");
                return;
        }
        if (r->requests == 0 || r->blocked > r->requests)
                fuzz_breach("impossible counts");
        if (backend_has(r, BACKEND_HAS_GBPS) && !(r->requested_gbps > 0 && r->blocked_gbps >= 0 &&
                                                  r->blocked_gbps <= r->requested_gbps))
                fuzz_breach("impossible Gb/s");
        if (backend_has(r, BACKEND_HAS_GBPS) && !backend_has(r, BACKEND_HAS_BBP))
                fuzz_breach("Gb/s without ratio");
        double bbp = backend_result_bbp(r);
        if (backend_has(r, BACKEND_HAS_BBP) != !isnan(bbp) ||
            (backend_has(r, BACKEND_HAS_BBP) && !(bbp >= 0 && bbp <= 1)))
                fuzz_breach("bad bbp");
        double bp = backend_result_bp(r);
        if (!(bp >= 0 && bp <= 1))
                fuzz_breach("bad bp");
        if (backend_has(r, BACKEND_HAS_REASONS)) {
                uint64_t s = 0;
                for (int i = 0; i < SIM_BLOCK_COUNT; i++)
                        s += r->blocked_by[i];
                if (s != r->blocked || r->blocked_by[SIM_BLOCK_NONE] != 0)
                        fuzz_breach("reasons do not add up");
        }
        if (r->n_mods < 0 || r->n_mods > BACKEND_MAX_MODS ||
            (r->n_mods > 0 && !backend_has(r, BACKEND_HAS_MODS)))
                fuzz_breach("bad modulation count");
        for (int i = 0; i < r->n_mods; i++) {
                if (!fuzz_terminated(r->mod_names[i], BACKEND_NAME_MAX) ||
                    r->mod_names[i][0] == '\0')
                        fuzz_breach("bad modulation name");
                for (int j = 0; j < i; j++)
                        if (strcmp(r->mod_names[i], r->mod_names[j]) == 0)
                                fuzz_breach("modulation named twice");
        }
        if (r->n_path_index < 0 || r->n_path_index > SIM_MAX_K || r->n_cores < 0 ||
            r->n_cores > SIM_MAX_CORES)
                fuzz_breach("bad array length");
        uint64_t routed = 0, cored = 0, modulated = 0;
        for (int i = 0; i < r->n_path_index; i++)
                routed += r->path_index[i];
        for (int i = 0; i < r->n_cores; i++)
                cored += r->core_usage[i];
        for (int i = 0; i < r->n_mods; i++)
                modulated += r->mod_count[i];
        uint32_t admitted = r->requests - r->blocked;
        if (routed > admitted || cored > admitted || modulated > admitted)
                fuzz_breach("per-request counts add up to more than admitted");
        if ((r->n_cores > 0 && !backend_has(r, BACKEND_HAS_CORES)) ||
            (r->n_path_index > 0 && !backend_has(r, BACKEND_HAS_PATH_INDEX)))
                fuzz_breach("counts without their bit");
        if ((backend_has(r, BACKEND_HAS_HOPS) && !(r->hops_mean >= 0 && isfinite(r->hops_mean))) ||
            (backend_has(r, BACKEND_HAS_LENGTH) &&
             !(r->length_mean_km >= 0 && isfinite(r->length_mean_km))))
                fuzz_breach("bad mean");
}

void fuzz_check_run_file(const char *text)
{
        struct backend_result r;
        struct backend_run_identity id;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = backend_run_file_parse(text, "fuzz.json", &r, &id, &eb);
        if (rc != RG_OK) {
                check_refusal(rc, &eb, &r);
                return;
        }
        if (eb.code != RG_OK)
                fuzz_breach("message without error");
        if (!fuzz_terminated(id.path, sizeof(id.path)) || (id.has_erlang && !(id.erlang > 0)))
                fuzz_breach("bad identity");
        check_result(&r);
}

void fuzz_check_fusion_file(const char *text)
{
        static const uint32_t requests[] = {1000, 500, 10};
        int n = backend_fusion_iterations(text);
        if (n < -1)
                fuzz_breach("bad iteration count");
        for (size_t k = 0; k < sizeof(requests) / sizeof(requests[0]); k++) {
                /* every iteration up to 4, and the one after the last */
                int top = n < 0 ? 0 : n < 4 ? n : 4;
                for (int i = 0; i <= top; i++) {
                        struct backend_result r;
                        struct rg_errbuf eb;
                        rg_errbuf_init(&eb);
                        int rc =
                            backend_fusion_parse(text, "fuzz_erlang.json", i, requests[k], &r, &eb);
                        if (rc != RG_OK) {
                                check_refusal(rc, &eb, &r);
                                if (n < 0 && rc != RG_PARSE)
                                        fuzz_breach("iterations -1, but not a parse error");
                                if (n >= 0 && i < n && rc == RG_NOTFOUND)
                                        fuzz_breach("a counted iteration is not found");
                                if (n >= 0 && i >= n && rc != RG_NOTFOUND)
                                        fuzz_breach("an iteration past the end is not RG_NOTFOUND");
                                continue;
                        }
                        if (n < 0 || i >= n)
                                fuzz_breach("parsed an iteration the file does not count");
                        if (r.requests != requests[k] || (r.has & BACKEND_HAS_GBPS) ||
                            (r.has & BACKEND_HAS_TRACE))
                                fuzz_breach("FUSION result with figures FUSION does not give");
                        check_result(&r);
                }
        }
}

char *fuzz_text(const uint8_t *data, size_t size)
{
        char *text = malloc(size + 1);
        if (text == NULL)
                return NULL;
        memcpy(text, data, size);
        text[size] = '\0';
        return text;
}
