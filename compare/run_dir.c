#include "run_dir.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/file.h"
#include "../common/hash.h"

uint64_t compare_run_key(const char *identity, const char *role, double erlang, uint32_t seed,
                         uint32_t requests, const char *config_text)
{
        char head[160];
        int n = snprintf(head, sizeof(head),
                         "role=%.32s erlang=%.17g seed=%" PRIu32 " requests=%" PRIu32, role, erlang,
                         seed, requests);
        uint64_t h = rg_fnv1a64(RG_FNV1A64_BASIS, identity, strlen(identity) + 1);
        h = rg_fnv1a64(h, head, (size_t)n + 1);
        return rg_fnv1a64(h, config_text ? config_text : "", config_text ? strlen(config_text) : 0);
}

/* Writes `text` to `path` unless the file already holds exactly it (a
 * resumed run keeps its files untouched). */
static int write_once(const char *path, const char *text, struct rg_errbuf *eb)
{
        char *old = NULL;
        size_t len = 0;
        struct rg_errbuf probe;
        rg_errbuf_init(&probe);
        if (rg_file_read(path, &old, &len, &probe) == RG_OK) {
                bool same = len == strlen(text) && memcmp(old, text, len) == 0;
                free(old);
                if (same)
                        return RG_OK;
        }
        return rg_file_write_atomic(path, text, strlen(text), eb);
}

int compare_run_dir_prepare(const char *base, const struct backend *b, const char *role,
                            double erlang, uint32_t seed, uint32_t requests,
                            const char *config_text, char *dir, size_t dir_cap, char *config,
                            size_t config_cap, struct rg_errbuf *eb)
{
        uint64_t key = compare_run_key(b->identity, role, erlang, seed, requests, config_text);
        if ((size_t)snprintf(dir, dir_cap, "%s/e%g-s%" PRIu32 "-%s-%016" PRIx64, base, erlang, seed,
                             role, key) >= dir_cap ||
            (size_t)snprintf(config, config_cap, "%s/config.ini", dir) >= config_cap)
                return rg_fail(eb, RG_IO, "%s: run directory path too long", base);
        int rc = rg_mkdir_p(dir, eb);
        if (rc != RG_OK)
                return rc;
        rc = write_once(config, config_text ? config_text : "", eb);
        if (rc != RG_OK)
                return rc;
        char path[4200], text[sizeof(b->identity) + 2];
        snprintf(path, sizeof(path), "%.4100s/identity", dir);
        snprintf(text, sizeof(text), "%s\n", b->identity);
        return write_once(path, text, eb);
}

const char *compare_clock_name(enum backend_clock c)
{
        switch (c) {
        case BACKEND_CLOCK_THREAD_CPU:
                return "thread_cpu";
        case BACKEND_CLOCK_CHILD_CPU:
                return "child_cpu";
        case BACKEND_CLOCK_WALL:
                return "wall";
        case BACKEND_CLOCK_NONE:
                break;
        }
        return "none";
}

bool compare_run_dir_finished(const char *dir, struct backend_result *res)
{
        char path[4200];
        char *text = NULL;
        size_t len;
        struct rg_errbuf probe;
        rg_errbuf_init(&probe);
        snprintf(path, sizeof(path), "%s/done.json", dir);
        if (!rg_path_exists(path) || rg_file_read(path, &text, &len, &probe) != RG_OK)
                return false;
        cJSON *o = cJSON_Parse(text);
        free(text);
        const cJSON *status = cJSON_GetObjectItemCaseSensitive(o, "status");
        bool ok = cJSON_IsString(status) && strcmp(status->valuestring, "ok") == 0;
        if (ok) {
                const cJSON *s = cJSON_GetObjectItemCaseSensitive(o, "run_seconds");
                const cJSON *w = cJSON_GetObjectItemCaseSensitive(o, "wall_seconds");
                const cJSON *c = cJSON_GetObjectItemCaseSensitive(o, "clock");
                res->run_seconds = cJSON_IsNumber(s) ? s->valuedouble : NAN;
                res->wall_seconds = cJSON_IsNumber(w) ? w->valuedouble : NAN;
                res->clock = BACKEND_CLOCK_NONE;
                for (int k = BACKEND_CLOCK_THREAD_CPU; k <= BACKEND_CLOCK_NONE; k++)
                        if (cJSON_IsString(c) &&
                            strcmp(c->valuestring, compare_clock_name((enum backend_clock)k)) == 0)
                                res->clock = (enum backend_clock)k;
        }
        cJSON_Delete(o);
        return ok;
}

int compare_run_dir_finish(const char *dir, const struct backend_result *res, struct rg_errbuf *eb)
{
        char path[4200], text[256];
        snprintf(path, sizeof(path), "%s/done.json", dir);
        int n = snprintf(text, sizeof(text),
                         "{\"status\": \"ok\", \"run_seconds\": %.9g, \"wall_seconds\": %.9g, "
                         "\"clock\": \"%s\"}\n",
                         res->run_seconds, res->wall_seconds, compare_clock_name(res->clock));
        return rg_file_write_atomic(path, text, (size_t)n, eb);
}
