/*
 * The event loop shared by both paths: it takes a stream's arrivals, asks the
 * path to decide each, queues the admitted ones and frees what they hold at
 * their departure, accumulates the per-run results, hashes the decision
 * trace, and checks the invariants at the end.  A path only decides
 * arrivals.
 *
 * Thread-safety: a sim_runner is per job (never shared); the model and the
 * stream it reads are shared read-only.
 */
#ifndef SIM_ENGINE_H
#define SIM_ENGINE_H

#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "depq.h"
#include "model.h"
#include "stream.h"

enum sim_block {
        SIM_BLOCK_NONE = 0,
        SIM_BLOCK_DISTANCE,   /* no modulation reaches on any candidate path */
        SIM_BLOCK_CONGESTION, /* reachable, but no spectrum fits */
        SIM_BLOCK_COUNT
};

const char *sim_block_name(enum sim_block reason);

/* One arrival's outcome.  For a blocked request only `reason` is meaningful. */
struct sim_decision {
        bool admitted;
        uint8_t reason;    /* enum sim_block */
        int8_t path_index; /* 0-based among the k paths */
        int8_t mod;        /* global modulation index */
        int16_t core;
        int16_t start; /* first slot */
        int16_t width; /* slots_needed + guard */
};

/*
 * A decision strategy (an orchestrator stage list, a legacy controller ...).
 * `arrival` decides request `id` (1-based) and, when it admits, has already
 * committed the allocation to `net`.  `release`, when not NULL, tears down
 * an admitted request's allocation at its departure (NULL: the engine frees
 * exactly what the decision names, sim_release_decision).  Both return RG_OK
 * or an error (with a message in `eb`) that the engine records as a failure
 * of the path.
 */
struct sim_path_ops {
        const char *name;
        int (*arrival)(void *ctx, struct sim_spectrum *net, const struct sim_model *m,
                       const struct sim_request *req, uint32_t id, struct sim_decision *out,
                       struct rg_errbuf *eb);
        int (*release)(void *ctx, struct sim_spectrum *net, const struct sim_model *m,
                       const struct sim_request *req, uint32_t id, const struct sim_decision *d,
                       struct rg_errbuf *eb);
};

/* Frees the slots an admitted decision holds; RG_INVARIANT if they are not
 * all held. */
int sim_release_decision(struct sim_spectrum *net, const struct sim_model *m,
                         const struct sim_request *req, const struct sim_decision *d);

/* The legacy controller: FUSION's SDNController shape.  ctx: a struct
 * sim_legacy (see legacy.h); may be NULL to use a temporary one. */
extern const struct sim_path_ops sim_legacy_ops;

struct sim_result {
        uint32_t requests;
        uint32_t admitted;
        uint32_t blocked;
        uint32_t blocked_by[SIM_BLOCK_COUNT];
        double requested_gbps;
        double blocked_gbps;
        uint64_t hops_sum; /* over admitted */
        double km_sum;     /* over admitted */
        uint32_t mod_count[SIM_MAX_MODS];
        uint32_t path_index[SIM_MAX_K];
        uint32_t core_usage[SIM_MAX_CORES];
        uint64_t trace_hash;
        /* RG_OK, or the failure that ended the run (message in the errbuf) */
        int status;
        uint32_t fail_request; /* request id at failure, 0 if none / after the last */
};

/* A double's bits turned into an unsigned integer of the same order (for
 * every non-NaN double; -0.0 sorts just below +0.0). */
static inline uint64_t sim_time_key(double t)
{
        uint64_t b;
        memcpy(&b, &t, sizeof(b));
        return b ^ ((uint64_t)((int64_t)b >> 63) | 0x8000000000000000ull);
}

/* What a path's own release (sim_path_ops.release) is given: the request
 * and its decision, kept from admission to departure.  The engine's release
 * needs none of it (the departure carries what it frees, depq.h). */
struct sim_active {
        struct sim_decision d;
        struct sim_request req;
};

/*
 * Scratch for running one job after another without reallocating, and the
 * state of the run in progress.  Memory is O(active connections): the
 * departures of admitted requests only, in a calendar queue on (time, id)
 * (depq.h).
 */
struct sim_runner {
        struct sim_spectrum net;
        /* set by the caller: when it becomes non-zero (a signal handler's
         * flag), a run stops within a few milliseconds with RG_INTERNAL
         * "interrupted"; NULL: never */
        const volatile sig_atomic_t *cancel;
        /* set by the caller: every arrival's decision goes to
         * record[id - 1 - record_base] for the ids record_base + 1 ..
         * record_base + record_cap (trace, the diagnosis, tests: the whole
         * run; a chunked consumer: the chunk); NULL: none */
        struct sim_decision *record;
        uint32_t record_base, record_cap;

        /* private */
        struct sim_depq departures;
        /* [cap], by slot: the admitted requests' records, kept only for a
         * path with its own release */
        struct sim_active *active;
        uint32_t *free_slot; /* stack of unused slots below `used` */
        uint32_t n_free, used, cap;
        struct {
                const struct sim_model *m;
                const struct sim_path_ops *ops;
                void *ctx;
                struct sim_result *res;
                struct rg_errbuf *eb;
                uint32_t next_id; /* of the next arrival */
                double last_arrive;
                int rc;
        } run;
};

int sim_runner_init(struct sim_runner *r, const struct sim_model *m, struct rg_errbuf *eb);
void sim_runner_finish(struct sim_runner *r);

/*
 * A run in three steps, so that several paths can consume one stream chunk
 * by chunk: begin (clears the network; `res` and `eb` are the run's), the
 * arrivals in id order (as many calls as chunks), end (releases what is left
 * in departure order, checks the invariants, sets res->status).  A failure
 * of the path (error from `arrival`, a double booking, a release of
 * something not held, a non-empty network at the end, counts that do not
 * add up) is reported with the request id in `eb`, never by aborting; the
 * run then ignores further arrivals.  Each returns res->status so far.
 */
void sim_run_begin(struct sim_runner *r, const struct sim_model *m, const struct sim_path_ops *ops,
                   void *ctx, struct sim_result *res, struct rg_errbuf *eb);
int sim_run_requests(struct sim_runner *r, const struct sim_request *req, uint32_t n);
int sim_run_end(struct sim_runner *r);

/* The three steps over a whole materialised stream.  Always fills `res`;
 * returns res->status. */
int sim_run(struct sim_runner *r, const struct sim_model *m, const struct sim_stream *s,
            const struct sim_path_ops *ops, void *ctx, struct sim_result *res,
            struct rg_errbuf *eb);

/* One path of sim_run_lanes: a runner and what sim_run_begin takes; the
 * thread CPU seconds spent in the path come back in `seconds`.  When the
 * runner records (runner->record, record_cap >= SIM_CHUNK), record_base is
 * set to each chunk's first id, so the buffer holds that chunk's decisions;
 * chunk_done (NULL: none) is called after each chunk, outside the timed
 * span, to look at them. */
struct sim_lane {
        struct sim_runner *runner;
        const struct sim_path_ops *ops;
        void *ctx;
        struct sim_result *res;
        struct rg_errbuf *eb;
        double seconds;
        /* > 1: the lane's run time, with the stream's generation it is
         * charged, stretched to this many times its own (sim_stretch after
         * each chunk; injection slow=F) */
        double slow;
        void (*chunk_done)(struct sim_lane *lane, const struct sim_source *src);
        void *arg; /* for chunk_done */
};

/*
 * A path made slower by a factor, for the drill slow=F: spins on the
 * thread's CPU clock until the time since `start` is `factor` times what it
 * was at the call, and returns the clock then (at once when factor <= 1).
 * The decisions are not touched; the time is the thread's, as the run times
 * are measured, so the measured ratio to the other path is multiplied by
 * the factor whatever the path costs.
 */
double sim_stretch(double start, double factor);

/*
 * Runs n_lanes (1 or 2) paths side by side over the stream of `src`
 * (started): every chunk is generated once and given to each lane in turn,
 * the lane that goes first alternating chunk by chunk from `first_lane`, so
 * that both see the same cache and machine conditions.  Generation's thread
 * CPU seconds go to *gen_seconds (NULL ok).  Returns the stream's status:
 * RG_OK, or the source's failure (message in `eb`), which leaves the lanes'
 * runs incomplete; the paths' own outcomes are in their res->status.
 */
int sim_run_lanes(struct sim_source *src, const struct sim_model *m, struct sim_lane *lanes,
                  int n_lanes, int first_lane, double *gen_seconds, struct rg_errbuf *eb);

/*
 * sim_run_lanes a chunk at a time, for a caller that runs several streams in
 * turn (bench --scale): begin, then step while it returns true, then end,
 * which returns what sim_run_lanes returns and sets *gen_seconds (NULL ok).
 * Time between steps counts nowhere.
 */
struct sim_lanes {
        struct sim_source *src;
        struct sim_lane *lanes;
        int n_lanes, first_lane;
        unsigned chunk; /* chunks given so far */
        double gen;     /* generation's thread CPU seconds so far */
        int rc;         /* the source's status */
};
void sim_lanes_begin(struct sim_lanes *s, struct sim_source *src, const struct sim_model *m,
                     struct sim_lane *lanes, int n_lanes, int first_lane);
/* The next chunk into every lane; false when the stream has ended or failed. */
bool sim_lanes_step(struct sim_lanes *s, struct rg_errbuf *eb);
int sim_lanes_end(struct sim_lanes *s, double *gen_seconds);

/* Derived figures (0 when the denominator is 0). */
double sim_result_bp(const struct sim_result *res);
double sim_result_bbp(const struct sim_result *res);
double sim_result_hops_mean(const struct sim_result *res);
double sim_result_km_mean(const struct sim_result *res);

/* Checks that the counters of a finished run add up; RG_INVARIANT with a
 * message otherwise. */
int sim_result_check(const struct sim_result *res, int n_mods, int k, int cores,
                     struct rg_errbuf *eb);

/* The trace hash step for one decision (exposed for tests and other paths). */
uint64_t sim_trace_step(uint64_t h, uint32_t id, const struct sim_decision *d);

#define SIM_TRACE_SEED 0x6a09e667f3bcc909ull

#endif
