/*
 * A path backend: whatever produces one path's result for one (load, seed).
 * Three kinds plug in behind the same ops table -- builtin (the embedded
 * simulator), exec (an external command per run) and import (results
 * produced elsewhere) -- so the job matrix, the statistics and the reports
 * never know which kind ran.
 *
 * Life cycle: backend_create (prepare: parse the spec, scan an import
 * directory ...), then ops->run once per job from any thread, then
 * backend_destroy (finish).  A backend is shared read-only between the
 * OpenMP workers: run must not modify ctx (all per-run state lives in the
 * job and the result).
 */
#ifndef BACKEND_H
#define BACKEND_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "../sim/engine.h"
#include "../sim/inject.h"
#include "../sim/stream.h"
#include "result.h"

/* One run asked of a backend. Borrowed pointers, valid during the call. */
struct backend_job {
        double erlang;
        uint32_t seed;
        uint32_t requests;
        double holding_time;
        const char *role;                    /* "legacy" or "orchestrator" */
        /* uses_stream: the requests come from a whole materialised stream
         * when `stream` is set, otherwise from `source` (the worker's
         * scratch), started here on `traffic` at this job's erlang and seed;
         * the generation's CPU seconds go to *gen_seconds (NULL ok) */
        const struct sim_stream *stream;
        const struct sim_traffic *traffic;
        struct sim_source *source;
        double *gen_seconds;
        struct sim_runner *runner; /* the worker's scratch, when uses_stream */
        const char *dir;                     /* external runs: this run's own directory */
        const char *config;                  /* external runs: the effective INI written there */
        const volatile sig_atomic_t *cancel; /* set on Ctrl-C */
};

struct backend_ops {
        const char *kind; /* "builtin", "exec", "import" */
        /*
         * Produces the result of one run in `out` (memset by the caller).  A
         * failure of the path's run (crash, timeout, bad output ...) is
         * out->status != RG_OK with out->error, and the call returns RG_OK;
         * the return value is for failures of rollgate itself (RG_NOMEM,
         * RG_IO on the run directory), which make the pair a harness error.
         */
        int (*run)(void *ctx, const struct backend_job *job, struct backend_result *out);
        /*
         * External backends: re-reads a finished run kept in job->dir
         * (resume) exactly as `run` read it the first time.  NULL for
         * backends whose runs are not kept.
         */
        int (*reload)(void *ctx, const struct backend_job *job, struct backend_result *out);
        void (*destroy)(void *ctx);
};

struct backend {
        const struct backend_ops *ops;
        void *ctx;
        char name[160];      /* as reports show it: "builtin:legacy", "fusion_orchestrator" */
        char identity[8192]; /* what a kept run must match to be reused */
        bool uses_stream;    /* consumes the shared request stream (builtin) */
        bool takes_injection;
        bool external; /* runs get a run directory and an effective config */
        bool needs_model;
};

void backend_destroy(struct backend *b); /* NULL ok */

#endif
