/*
 * One path's result for one (load, seed): what a backend reports, with the
 * optional figures marked present or absent.  Required: requests and
 * blocked.  Bit-rate blocking is either the Gb/s pair (then bbp is derived
 * from it) or the ratio the simulator itself reported: the gate judges what
 * each path reports, never a recomputation.
 *
 * Ownership: plain data, no pointers; copy freely.  Not shared between
 * threads while a backend fills it.
 */
#ifndef BACKEND_RESULT_H
#define BACKEND_RESULT_H

#include <stdbool.h>
#include <stdint.h>

#include "../sim/engine.h"

/* Which optional figures a result holds (bits of backend_result.has). */
enum backend_field {
        BACKEND_HAS_GBPS = 1u << 0, /* requested_gbps, blocked_gbps (and bbp from them) */
        BACKEND_HAS_BBP = 1u << 1,  /* bbp (set with GBPS, or alone when only the ratio is known) */
        BACKEND_HAS_REASONS = 1u << 2, /* blocked_by[] */
        BACKEND_HAS_MODS = 1u << 3,    /* mod_names[] / mod_count[] */
        BACKEND_HAS_HOPS = 1u << 4,    /* hops_mean */
        BACKEND_HAS_LENGTH = 1u << 5,  /* length_mean_km */
        BACKEND_HAS_PATH_INDEX = 1u << 6,
        BACKEND_HAS_CORES = 1u << 7,
        BACKEND_HAS_TRACE = 1u << 8, /* trace_hash */
        BACKEND_HAS_FAIL_REQUEST = 1u << 9,
};

/* How run_seconds was measured. */
enum backend_clock {
        BACKEND_CLOCK_THREAD_CPU, /* the thread's CPU time (builtin) */
        BACKEND_CLOCK_CHILD_CPU,  /* the child's rusage, user + system (exec) */
        BACKEND_CLOCK_WALL,       /* wall time (when nothing better is known) */
        BACKEND_CLOCK_NONE,       /* not measured (import) */
};

#define BACKEND_MAX_MODS SIM_MAX_MODS
#define BACKEND_NAME_MAX SIM_LABEL_MAX

/*
 * A metric a run file reports beside the blocking figures (`metrics` in the
 * run-file contract): a number, a string or a list of numbers.  Strings and
 * lists are kept as a 64-bit FNV-1a hash of their content (a list: the
 * numbers' IEEE bits in order, -0 counted as 0) with a readable text for
 * reports -- the string itself, or a list as "[1, 2.5, 3]" (shortest
 * round-trip numbers, rg_double_text; the hash takes each element's bytes
 * little-endian whatever the host) --
 * cut to BACKEND_VALUE_TEXT - 1 bytes with "..." when longer (`cut`).
 * Equality of strings and lists is equality of hash and length.
 */
#define BACKEND_MAX_VALUES 16
#define BACKEND_VALUE_NAME 48
#define BACKEND_VALUE_TEXT 80

enum backend_value_type { BACKEND_VALUE_NUMBER, BACKEND_VALUE_STRING, BACKEND_VALUE_LIST };

struct backend_value {
        char name[BACKEND_VALUE_NAME];
        enum backend_value_type type;
        double number;  /* NUMBER (finite) */
        uint32_t count; /* STRING: bytes; LIST: elements */
        uint64_t hash;  /* STRING, LIST */
        bool cut;       /* text is shortened */
        char text[BACKEND_VALUE_TEXT];
};

struct backend_result {
        int status;        /* RG_OK, or the failure of this path's run */
        char error[512];   /* when status != RG_OK: reason (and the log's last lines) */
        unsigned has;      /* enum backend_field bits */
        uint32_t requests; /* offered */
        uint32_t blocked;
        double requested_gbps, blocked_gbps;
        double bbp; /* blocked Gb/s / requested Gb/s, as reported */
        uint32_t blocked_by[SIM_BLOCK_COUNT];
        double hops_mean, length_mean_km; /* over admitted requests */
        int n_mods;
        char mod_names[BACKEND_MAX_MODS][BACKEND_NAME_MAX];
        uint32_t mod_count[BACKEND_MAX_MODS];
        int n_path_index;
        uint32_t path_index[SIM_MAX_K];
        int n_cores;
        uint32_t core_usage[SIM_MAX_CORES];
        uint64_t trace_hash;
        uint32_t fail_request; /* request id at failure (BACKEND_HAS_FAIL_REQUEST) */
        int n_values;          /* the run file's `metrics`, in file order */
        struct backend_value value[BACKEND_MAX_VALUES];
        /* timing: varies from run to run, reported only under "timing" */
        double run_seconds; /* the figure the performance check uses */
        enum backend_clock clock;
        double wall_seconds;
        bool reused; /* read back from the run directory, not run now */
};

static inline bool backend_has(const struct backend_result *r, unsigned fields)
{
        return (r->has & fields) == fields;
}

/* Blocking probability blocked / requests (0 when no requests). */
double backend_result_bp(const struct backend_result *r);

/* Bit-rate blocking as reported; NaN when absent. */
double backend_result_bbp(const struct backend_result *r);

/* The metric `name` of a run, NULL when it did not report it. */
const struct backend_value *backend_result_value(const struct backend_result *r, const char *name);

/* Whether two reported values are the same value: equal numbers (bit for
 * bit but -0 = 0), or strings / lists of equal type, length and hash. */
bool backend_value_equal(const struct backend_value *a, const struct backend_value *b);

/* Fills `out` from an embedded simulator run (every field present;
 * modulation names from the model). */
void backend_result_from_sim(struct backend_result *out, const struct sim_model *m,
                             const struct sim_result *res, const char *error);

/* Marks `out` failed with `code` and a printf-style reason (first one wins,
 * like rg_fail). Returns `code`. */
int backend_result_fail(struct backend_result *out, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
