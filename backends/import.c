#define _XOPEN_SOURCE 700
#include "import.h"

#include <cjson/cJSON.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/file.h"
#include "fusion_file.h"
#include "run_file.h"

struct entry {
        double erlang;
        uint32_t seed; /* rollgate runs */
        char file[1024];
        int line;
        struct backend_result res; /* rollgate runs */
        char *text;                /* FUSION files: the whole file */
        int iterations;            /* FUSION files: iterations covered (counted once) */
};

struct import {
        char dir[1024];
        bool fusion;
        int n, cap;
        struct entry *e;
};

static void import_destroy(void *ctx)
{
        struct import *im = ctx;
        if (im == NULL)
                return;
        for (int i = 0; i < im->n; i++)
                free(im->e[i].text);
        free(im->e);
        free(im);
}

static struct entry *add_entry(struct import *im)
{
        if (im->n == im->cap) {
                int cap = im->cap ? 2 * im->cap : 64;
                struct entry *e = realloc(im->e, (size_t)cap * sizeof(*e));
                if (e == NULL)
                        return NULL;
                im->e = e;
                im->cap = cap;
        }
        struct entry *e = &im->e[im->n++];
        memset(e, 0, sizeof(*e));
        return e;
}

/* Loads are read from numbers written by programs (JSON, FUSION's file
 * names); the matrix's loads are the same decimal numbers: equal exactly.
 * Another load, however close, is another load. */
static bool same_load(double a, double b)
{
        return a == b;
}

/* nftw has no user pointer: the scan runs under a lock-free single-threaded
 * setup (creation happens before any parallel part). */
static struct {
        struct import *im;
        int rc;
        struct rg_errbuf *eb;
        int files;
} scan;

static bool ends_with(const char *s, const char *suffix)
{
        size_t n = strlen(s), m = strlen(suffix);
        return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int read_fusion(const char *path)
{
        const char *base = strrchr(path, '/');
        base = base ? base + 1 : path;
        char *end;
        double erlang = strtod(base, &end);
        if (end == base || strcmp(end, "_erlang.json") != 0 || !(erlang > 0))
                return RG_OK; /* not a FUSION result file */
        struct entry *e = add_entry(scan.im);
        if (e == NULL)
                return rg_fail(scan.eb, RG_NOMEM, "out of memory");
        size_t len;
        int rc = rg_file_read(path, &e->text, &len, scan.eb);
        if (rc != RG_OK)
                return rc;
        e->iterations = backend_fusion_iterations(e->text);
        if (e->iterations < 0)
                return rg_fail(scan.eb, RG_PARSE, "%s: not a FUSION output file", path);
        e->erlang = erlang;
        snprintf(e->file, sizeof(e->file), "%s", path);
        return RG_OK;
}

static int read_runs(const char *path)
{
        char *text = NULL;
        size_t len;
        int rc = rg_file_read(path, &text, &len, scan.eb);
        if (rc != RG_OK)
                return rc;
        int line = 1;
        for (char *p = text, *next; p && *p; p = next, line++) {
                next = strchr(p, '\n');
                if (next)
                        *next++ = '\0';
                if (strspn(p, " \t\r") == strlen(p))
                        continue;
                struct entry *e = add_entry(scan.im);
                if (e == NULL) {
                        rc = rg_fail(scan.eb, RG_NOMEM, "out of memory");
                        break;
                }
                char what[1100];
                snprintf(what, sizeof(what), "%.1000s:%d", path, line);
                struct backend_run_identity id;
                rc = backend_run_file_parse(p, what, &e->res, &id, scan.eb);
                if (rc != RG_OK)
                        break;
                if (!id.has_seed || !id.has_erlang) {
                        rc = rg_fail(scan.eb, RG_PARSE,
                                     "%s: key '%s' missing: an imported run must say its load "
                                     "and seed",
                                     what, id.has_seed ? "erlang" : "seed");
                        break;
                }
                e->erlang = id.erlang;
                e->seed = id.seed;
                e->line = line;
                snprintf(e->file, sizeof(e->file), "%s", path);
        }
        free(text);
        return rc;
}

static int visit(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
        (void)st;
        (void)ftw;
        if (flag != FTW_F)
                return 0;
        int rc = RG_OK;
        if (ends_with(path, "_erlang.json")) {
                scan.files++;
                rc = read_fusion(path);
                if (rc == RG_OK)
                        scan.im->fusion = true;
        } else if (ends_with(path, ".json") || ends_with(path, ".jsonl")) {
                scan.files++;
                rc = read_runs(path);
        }
        scan.rc = rc;
        return rc == RG_OK ? 0 : 1;
}

/* The entry for (erlang, seed); NULL if none.  FUSION files are per load. */
static const struct entry *find(const struct import *im, double erlang, uint32_t seed)
{
        for (int i = 0; i < im->n; i++) {
                const struct entry *e = &im->e[i];
                if (!same_load(e->erlang, erlang))
                        continue;
                if (e->text || e->seed == seed)
                        return e;
        }
        return NULL;
}

static int import_run(void *ctx, const struct backend_job *job, struct backend_result *out)
{
        const struct import *im = ctx;
        const struct entry *e = find(im, job->erlang, job->seed);
        if (e == NULL)
                return backend_result_fail(out, RG_NOTFOUND, "%s: no run for erlang %g, seed %u",
                                           im->dir, job->erlang, job->seed);
        if (e->text) {
                struct rg_errbuf eb;
                rg_errbuf_init(&eb);
                if (job->seed < 1 || job->seed > (uint32_t)INT_MAX ||
                    backend_fusion_parse(e->text, e->file, (int)(job->seed - 1), job->requests, out,
                                         &eb) != RG_OK)
                        return backend_result_fail(out, RG_NOTFOUND, "%s",
                                                   eb.msg[0] ? eb.msg
                                                             : "seed 0 is not a FUSION iteration");
        } else {
                *out = e->res;
        }
        out->clock = BACKEND_CLOCK_NONE;
        out->run_seconds = 0;
        if (out->status == RG_OK && out->requests != job->requests)
                backend_result_fail(out, RG_PATHFAIL,
                                    "%s:%d: the imported run has %" PRIu32
                                    " requests, asked %" PRIu32,
                                    e->file, e->line, out->requests, job->requests);
        return RG_OK;
}

static const struct backend_ops import_ops = {
    .kind = "import",
    .run = import_run,
    .reload = NULL,
    .destroy = import_destroy,
};

int backend_import_create(const char *dir, struct backend **out, struct rg_errbuf *eb)
{
        *out = NULL;
        struct backend *be = calloc(1, sizeof(*be));
        struct import *im = calloc(1, sizeof(*im));
        if (be == NULL || im == NULL) {
                free(be);
                free(im);
                return rg_fail(eb, RG_NOMEM, "out of memory");
        }
        snprintf(im->dir, sizeof(im->dir), "%s", dir);
        scan.im = im;
        scan.rc = RG_OK;
        scan.eb = eb;
        scan.files = 0;
        int rc = RG_OK;
        if (!rg_path_exists(dir)) {
                rc = rg_fail(eb, RG_IO, "import:%s: no such folder", dir);
        } else if (nftw(dir, visit, 16, FTW_PHYS) != 0) {
                rc = scan.rc != RG_OK ? scan.rc : rg_fail(eb, RG_IO, "import:%s: cannot read", dir);
        } else if (im->n == 0) {
                rc = rg_fail(eb, RG_NOTFOUND,
                             "import:%s: no runs (neither rollgate run files *.json/*.jsonl nor "
                             "FUSION's <erlang>_erlang.json)",
                             dir);
        }
        /* one layout per folder, and one source per (load, seed) */
        for (int i = 0; rc == RG_OK && i < im->n; i++) {
                const struct entry *a = &im->e[i];
                if (im->fusion && a->text == NULL) {
                        rc = rg_fail(eb, RG_PARSE,
                                     "import:%s: mixes FUSION output (%s) with rollgate run files "
                                     "(%s)",
                                     dir, im->e[0].text ? im->e[0].file : "", a->file);
                        break;
                }
                for (int j = 0; j < i; j++) {
                        const struct entry *b = &im->e[j];
                        if (same_load(a->erlang, b->erlang) && (a->text || a->seed == b->seed)) {
                                char seed[32] = "";
                                if (!a->text)
                                        snprintf(seed, sizeof(seed), ", seed %" PRIu32, a->seed);
                                rc = rg_fail(eb, RG_PARSE,
                                             "import:%s: erlang %g%s found twice: %s:%d and %s:%d",
                                             dir, a->erlang, seed, b->file, b->line, a->file,
                                             a->line);
                                break;
                        }
                }
        }
        scan.im = NULL;
        if (rc != RG_OK) {
                import_destroy(im);
                free(be);
                return rc;
        }
        be->ops = &import_ops;
        be->ctx = im;
        snprintf(be->name, sizeof(be->name), "import:%.150s", dir);
        snprintf(be->identity, sizeof(be->identity), "import\ndir=%s", dir);
        *out = be;
        return RG_OK;
}

int backend_import_check(const struct backend *b, const double *loads, int n_loads,
                         const uint32_t *seeds, int n_seeds, uint32_t requests,
                         struct rg_errbuf *eb)
{
        const struct import *im = b->ctx;
        for (int li = 0; li < n_loads; li++)
                for (int si = 0; si < n_seeds; si++) {
                        const struct entry *e = find(im, loads[li], seeds[si]);
                        if (e == NULL)
                                return rg_fail(eb, RG_NOTFOUND,
                                               "import:%s: no run for erlang %g, seed %" PRIu32,
                                               im->dir, loads[li], seeds[si]);
                        if (e->text &&
                            (seeds[si] < 1 || (int64_t)seeds[si] > (int64_t)e->iterations))
                                return rg_fail(eb, RG_NOTFOUND,
                                               "%s: no iteration for seed %" PRIu32
                                               " (FUSION's iteration i is seed i + 1; the file "
                                               "has %d)",
                                               e->file, seeds[si], e->iterations);
                        if (!e->text && e->res.status == RG_OK && e->res.requests != requests)
                                return rg_fail(eb, RG_RANGE,
                                               "%s:%d: the run for erlang %g, seed %" PRIu32
                                               " has %" PRIu32 " requests, the comparison %" PRIu32,
                                               e->file, e->line, loads[li], seeds[si],
                                               e->res.requests, requests);
                }
        return RG_OK;
}
