/*
 * rollgate bench --scale: how the embedded simulator's cost grows with the
 * spectrum, the topology and the request count.
 *
 *   memory   peak resident set of a whole `rollgate compare` run as a child
 *            (wait4's ru_maxrss), measured first, while this process is
 *            still small: on Linux a child's figure includes the resident
 *            set it inherited at the fork;
 *   slots    the legacy path's cost per request at c_band slots (the
 *            reference), and at 4096 slots at the same load and at the load
 *            of the same blocking;
 *   start-up model creation and a 10,000-request run (each pair's routes
 *            computed on first use, inside it) on a generated ~N-node
 *            perturbed grid and on a ring.
 *
 * Every figure is printed, never judged: nothing here fails on a timing.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../backends/proc.h"
#include "../common/clock.h"
#include "bench_job.h"
#include "cli.h"
#include "settings.h"

#define MAX_REPEAT 1000
#define TURN_CHUNKS 16 /* a point's turn in points_run: 16 * SIM_CHUNK requests */
#define STARTUP_REQUESTS 10000
#define GRID_SPACING_KM 200.0
#define GRID_JITTER_KM 90.0
#define GRID_DROP 0.25 /* share of vertical links left out (not in column 0) */
#define LINK_KM_MIN 50.0
#define LINK_KM_MAX 500.0

void harness_scale_opts_default(struct harness_scale_opts *o)
{
        *o = (struct harness_scale_opts){
            .repeat = 3, .nodes = 500, .ring = SIM_MAX_NODES, .memory_requests = 1000000};
}

int harness_scale_option(struct harness_scale_opts *o, const char *name, const char *arg,
                         struct rg_errbuf *eb)
{
        long v;
        if (strcmp(name, "memory-requests") == 0) {
                if (harness_parse_int(arg, 0, 100000000, &v) != RG_OK)
                        return rg_fail(eb, RG_USAGE,
                                       "option --memory-requests: '%s' is not 0 (skip) or a "
                                       "whole number up to 100000000",
                                       arg);
                o->memory_requests = v;
                return RG_OK;
        }
        const bool ring = strcmp(name, "ring") == 0;
        const long lo = ring ? 3 : 4;
        if (harness_parse_int(arg, 0, SIM_MAX_NODES, &v) != RG_OK || (v != 0 && v < lo))
                return rg_fail(eb, RG_USAGE,
                               "option --%s: '%s' is not 0 (skip) or a whole number in %ld..%d",
                               name, arg, lo, SIM_MAX_NODES);
        *(ring ? &o->ring : &o->nodes) = (int)v;
        return RG_OK;
}

/* ---- peak memory ------------------------------------------------------- */

static int memory_figure(long requests, struct rg_errbuf *eb)
{
        char req[32], log[] = "/tmp/rollgate-bench-XXXXXX", exe[4096];
        snprintf(req, sizeof(req), "%ld", requests);
        /* this very binary, by name: under valgrind /proc/self/exe is valgrind */
        ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
        if (len <= 0)
                return rg_fail(eb, RG_IO, "cannot read /proc/self/exe");
        exe[len] = '\0';
        int fd = mkstemp(log);
        if (fd < 0)
                return rg_fail(eb, RG_IO, "cannot create a temporary file for compare's errors");
        close(fd);
        char *argv[] = {exe,         "compare", "--requests", req,   "--replications",   "10",
                        "--threads", "2",       "--erlang",   "600", "--perf-threshold", "10",
                        NULL};
        const struct backend_proc_spec spec = {.argv = argv, .stderr_log = log};
        struct backend_proc_status st;
        fflush(stdout);
        int rc = backend_proc_run(&spec, &st, eb);
        /* a verdict (PASS, MONITOR, INCONCLUSIVE, a rollback) means the
         * comparison ran to its end; anything else did not */
        bool verdict = st.end == BACKEND_PROC_EXITED &&
                       (st.exit_code == 0 || (st.exit_code >= 3 && st.exit_code <= 6));
        if (rc == RG_OK && !verdict) {
                char tail[300];
                backend_log_tail(log, 2, tail, sizeof(tail));
                rc = rg_fail(eb, RG_INTERNAL, "peak memory: rollgate compare %s: %s", st.message,
                             tail);
        }
        unlink(log);
        if (rc != RG_OK)
                return rc;
        printf("peak memory: rollgate compare --requests %ld --replications 10 --threads 2 "
               "--erlang 600 --perf-threshold 10\n",
               requests);
        printf("  %ld requests: %.1f MB peak resident (ru_maxrss), %.1f s CPU, exit %d\n", requests,
               (double)st.max_rss_kib / 1024.0, st.cpu_seconds, st.exit_code);
        return RG_OK;
}

/* ---- slots ------------------------------------------------------------- */

/* The model and traffic template of the settings with `slots` per core
 * (current API). */
static int build_model(const struct harness_settings *set, int slots, struct sim_model **model,
                       struct sim_traffic *traffic, struct rg_errbuf *eb)
{
        struct harness_settings *s = malloc(sizeof(*s));
        if (s == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        *s = *set;
        s->c_band = slots;
        int rc = harness_settings_build(s, model, traffic, eb);
        free(s);
        return rc;
}

struct slots_point {
        int slots;
        double erlang;
        int kernel; /* the first-fit search (enum sim_fit_kernel), -1: the fastest */
        struct sim_model *m;
        struct sim_traffic tr;
        struct harness_bench_job job;
        double ns[MAX_REPEAT]; /* per request, run by run */
        double bp;             /* summed over the runs */
        struct sim_result res; /* of the run in progress */
};

static int point_open(const struct harness_settings *set, struct slots_point *pt,
                      struct rg_errbuf *eb)
{
        int rc = build_model(set, pt->slots, &pt->m, &pt->tr, eb);
        if (rc == RG_OK)
                rc = harness_bench_job_init(&pt->job, pt->m, eb);
        if (rc == RG_OK && pt->kernel >= 0)
                pt->job.runner.net.kernel = (enum sim_fit_kernel)pt->kernel;
        pt->tr.erlang = pt->erlang;
        pt->bp = 0;
        return rc;
}

static void point_close(struct slots_point *pt)
{
        harness_bench_job_finish(&pt->job);
        sim_model_destroy(pt->m);
        pt->m = NULL;
}

/* Run r (seed r + 1) of the point, a chunk at a time: begin, step, end
 * (which records its path's ns/request and its BP). */
static int point_begin(struct slots_point *pt, int r, struct rg_errbuf *eb)
{
        return harness_bench_job_begin(&pt->job, pt->m, &pt->tr, (uint32_t)r + 1, &pt->res, eb);
}

static int point_end(struct slots_point *pt, int r)
{
        double sec[2];
        int rc = harness_bench_job_end(&pt->job, sec);
        if (rc == RG_OK) {
                pt->ns[r] = 1e9 * sec[1] / (double)pt->tr.requests;
                pt->bp += sim_result_bp(&pt->res);
        }
        return rc;
}

/*
 * Run r of the points 0..n-1 in lockstep: TURN_CHUNKS chunks of each in turn
 * (about 10 ms), so that a machine whose speed drifts, as this one does by
 * tens of percent from one second to the next, slows them all alike (turns
 * of 40 ms left the seeds' ratios twice as spread).  Long enough a turn
 * that re-filling the caches after the other points (a few hundred KB)
 * costs under 1 % of it.
 */
static int points_run(struct slots_point *pt, int n, int r, struct rg_errbuf *eb)
{
        int rc = RG_OK, begun = 0;
        while (begun < n && rc == RG_OK)
                rc = point_begin(&pt[begun++], r, eb);
        for (bool more = true; more && rc == RG_OK;) {
                more = false;
                for (int i = 0; i < n && rc == RG_OK; i++)
                        for (int c = 0;
                             c < TURN_CHUNKS && rc == RG_OK && harness_bench_job_more(&pt[i].job);
                             c++) {
                                rc = harness_bench_job_step(&pt[i].job, eb);
                                more = true;
                        }
        }
        for (int i = 0; i < begun; i++) {
                int end = point_end(&pt[i], r);
                if (rc == RG_OK)
                        rc = end;
        }
        return rc;
}

/* The BP of one run (seed 1) of `slots` slots at `erlang`. */
static int probe_bp(const struct harness_settings *set, int slots, double erlang, double *bp,
                    struct rg_errbuf *eb)
{
        struct slots_point *pt = calloc(1, sizeof(*pt));
        if (pt == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        pt->slots = slots;
        pt->erlang = erlang;
        pt->kernel = -1;
        int rc = point_open(set, pt, eb);
        if (rc == RG_OK)
                rc = points_run(pt, 1, 0, eb);
        *bp = pt->bp;
        point_close(pt);
        free(pt);
        return rc;
}

/*
 * The load at which `slots` slots block as often as `bp`: bisection on the
 * BP of one run (seed 1) of the measured size (BP grows with the load),
 * from `lo` Erlang up.
 */
static int same_blocking_load(const struct harness_settings *set, int slots, double bp, double lo,
                              double *erlang, struct rg_errbuf *eb)
{
        double hi = lo;
        double got = 0;
        int rc = RG_OK;
        /* a bracket: double the load until it blocks as often */
        for (int i = 0; i < 20 && rc == RG_OK && got < bp; i++) {
                lo = hi;
                hi *= 2;
                rc = probe_bp(set, slots, hi, &got, eb);
        }
        /* then halve it to within 0.2 % */
        while (rc == RG_OK && hi - lo > 0.002 * hi) {
                double mid = (lo + hi) / 2;
                rc = probe_bp(set, slots, mid, &got, eb);
                *(got < bp ? &lo : &hi) = mid;
        }
        *erlang = round((lo + hi) / 2);
        return rc;
}

/*
 * The points are run in turn, seed by seed (320, 4096 idle, 4096 at the same
 * blocking, and that again by each slower first-fit search the CPU has; then
 * the next seed), a few turns each in lockstep (points_run), and each ratio
 * is taken within a seed's run, so that a machine that slows down for a
 * while slows them all alike; the medians are over the seeds.
 */
static int slots_figure(const struct harness_settings *set, int repeat, struct rg_errbuf *eb)
{
        enum { N_POINTS = 3 + SIM_KERNEL_COUNT - 1 };
        const double erlang = set->n_loads ? set->loads[0] : set->erlang_start;
        struct slots_point *pt = calloc(N_POINTS, sizeof(*pt));
        if (pt == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        pt[0].slots = set->c_band;
        pt[0].erlang = pt[1].erlang = erlang;
        pt[0].kernel = pt[1].kernel = pt[2].kernel = -1;
        for (int i = 1; i < N_POINTS; i++)
                pt[i].slots = SIM_MAX_SLOTS;
        double bp0 = 0;
        int rc = probe_bp(set, pt[0].slots, erlang, &bp0, eb);
        if (rc == RG_OK)
                rc = same_blocking_load(set, SIM_MAX_SLOTS, bp0, erlang, &pt[2].erlang, eb);
        for (int i = 0; i < 3 && rc == RG_OK; i++)
                rc = point_open(set, &pt[i], eb);
        /* then the same-blocking point by each slower search there is */
        int n = 3;
        const int fastest = rc == RG_OK ? (int)pt[2].job.runner.net.kernel : 0;
        for (int k = fastest - 1; k >= 0 && rc == RG_OK; k--)
                if (sim_fit_kernel_supported((enum sim_fit_kernel)k)) {
                        pt[n].erlang = pt[2].erlang;
                        pt[n].kernel = k;
                        rc = point_open(set, &pt[n++], eb);
                }
        double ratio[N_POINTS - 1][MAX_REPEAT];
        for (int r = 0; r < repeat && rc == RG_OK; r++) {
                rc = points_run(pt, n, r, eb);
                for (int i = 1; i < n; i++)
                        ratio[i - 1][r] = pt[i].ns[r] / pt[0].ns[r];
        }
        if (rc == RG_OK) {
                const struct sim_model *info = pt[0].m;
                printf("slots: the legacy path on %s, k=%d, %s (the %s first fit), %d core(s), "
                       "guard %d, %u requests, thread CPU time, %d runs in turn (seeds 1..%d), "
                       "medians\n",
                       info->topo->name, info->par.k_paths, sim_fit_name(info->par.fit),
                       sim_fit_kernel_name((enum sim_fit_kernel)fastest), info->par.cores,
                       info->par.guard, set->num_requests, repeat, repeat);
                for (int i = 0; i < n; i++) {
                        printf("  %4d slots at %6g Erlang %8.1f ns/request  BP %.4f", pt[i].slots,
                               pt[i].erlang, harness_median(pt[i].ns, repeat), pt[i].bp / repeat);
                        if (i == 1)
                                printf("  (the same load: the extra slots idle)");
                        else if (i == 2)
                                printf("  (the load of the same blocking)");
                        else if (i > 2)
                                printf("  (the same, by the %s first fit)",
                                       sim_fit_kernel_name((enum sim_fit_kernel)pt[i].kernel));
                        printf("\n");
                }
                double lo = ratio[1][0], hi = ratio[1][0];
                for (int r = 1; r < repeat; r++) {
                        lo = fmin(lo, ratio[1][r]);
                        hi = fmax(hi, ratio[1][r]);
                }
                printf("  %d / %d slots: %.2f x the cost per request at the same load, %.2f x at "
                       "the same blocking (%.2f..%.2f over the runs)",
                       pt[1].slots, pt[0].slots, harness_median(ratio[0], repeat),
                       harness_median(ratio[1], repeat), lo, hi);
                for (int i = 3; i < n; i++)
                        printf(", %.2f x by the %s first fit", harness_median(ratio[i - 1], repeat),
                               sim_fit_kernel_name((enum sim_fit_kernel)pt[i].kernel));
                printf("\n");
        }
        for (int i = 0; i < N_POINTS; i++)
                point_close(&pt[i]);
        free(pt);
        return rc;
}

/* ---- start-up ---------------------------------------------------------- */

/* splitmix64: a fixed, portable sequence for the generated topologies */
static double gen_uniform(uint64_t *state)
{
        uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        z ^= z >> 31;
        return (double)(z >> 11) / 9007199254740992.0;
}

static double clamp_km(double km)
{
        return km < LINK_KM_MIN ? LINK_KM_MIN : km > LINK_KM_MAX ? LINK_KM_MAX : km;
}

static int add_link(struct sim_topology *t, int a, int b, double km, struct rg_errbuf *eb)
{
        char na[16], nb[16];
        snprintf(na, sizeof(na), "n%d", a);
        snprintf(nb, sizeof(nb), "n%d", b);
        return sim_topology_add(t, na, nb, km, NULL, eb);
}

/*
 * n nodes on a grid of ceil(sqrt(n)) columns, row by row, each moved by up to
 * GRID_JITTER_KM in x and y; every node linked to its right neighbour, and to
 * the one below except for GRID_DROP of those outside column 0 (every row a
 * chain, the rows joined through column 0: connected).  Link km = distance,
 * clamped to 50..500.  About 3.4 links a node at 500 nodes.
 */
static int grid_topology(int n, struct sim_topology **out, struct rg_errbuf *eb)
{
        char name[64];
        snprintf(name, sizeof(name), "grid%d", n);
        struct sim_topology *t = sim_topology_create(name);
        double *x = malloc((size_t)n * sizeof(double)), *y = malloc((size_t)n * sizeof(double));
        int rc = t && x && y ? RG_OK : rg_fail(eb, RG_NOMEM, "out of memory");
        int cols = 1;
        while (cols * cols < n)
                cols++;
        uint64_t state = 0x5eed0500u;
        for (int i = 0; i < n && rc == RG_OK; i++) {
                x[i] =
                    (i % cols) * GRID_SPACING_KM + (2 * gen_uniform(&state) - 1) * GRID_JITTER_KM;
                y[i] =
                    (i / cols) * GRID_SPACING_KM + (2 * gen_uniform(&state) - 1) * GRID_JITTER_KM;
        }
        for (int i = 0; i < n && rc == RG_OK; i++) {
                int right = i + 1, down = i + cols;
                if (right % cols != 0 && right < n)
                        rc = add_link(t, i, right,
                                      clamp_km(hypot(x[right] - x[i], y[right] - y[i])), eb);
                bool keep = i % cols == 0 || gen_uniform(&state) >= GRID_DROP;
                if (rc == RG_OK && down < n && keep)
                        rc = add_link(t, i, down, clamp_km(hypot(x[down] - x[i], y[down] - y[i])),
                                      eb);
        }
        if (rc == RG_OK)
                rc = sim_topology_finish(t, eb);
        free(x);
        free(y);
        if (rc != RG_OK) {
                sim_topology_destroy(t);
                t = NULL;
        }
        *out = t;
        return rc;
}

/* n nodes in a ring, link km uniform in 50..500 */
static int ring_topology(int n, struct sim_topology **out, struct rg_errbuf *eb)
{
        char name[64];
        snprintf(name, sizeof(name), "ring%d", n);
        struct sim_topology *t = sim_topology_create(name);
        int rc = t ? RG_OK : rg_fail(eb, RG_NOMEM, "out of memory");
        uint64_t state = 0x5eed1024u;
        for (int i = 0; i < n && rc == RG_OK; i++)
                rc = add_link(t, i, (i + 1) % n,
                              LINK_KM_MIN + (LINK_KM_MAX - LINK_KM_MIN) * gen_uniform(&state), eb);
        if (rc == RG_OK)
                rc = sim_topology_finish(t, eb);
        if (rc != RG_OK) {
                sim_topology_destroy(t);
                t = NULL;
        }
        *out = t;
        return rc;
}

/* A model of `topo` (taken over, also on failure) with the reference's
 * modulation table and parameters; its routes come on first use. */
static int topology_model(struct sim_topology *topo, const struct sim_model *ref,
                          struct sim_model **out, struct rg_errbuf *eb)
{
        return sim_model_create(topo, &ref->mods, &ref->par, out, eb);
}

static int startup_point(struct sim_topology *topo, const struct sim_model *ref,
                         const struct sim_traffic *ref_tr, struct rg_errbuf *eb)
{
        printf("  %-9s %4d nodes %5d links  ", topo->name, topo->n_nodes, topo->n_links);
        fflush(stdout); /* a start-up that does not finish shows where */
        struct sim_traffic tr = *ref_tr;
        tr.n_nodes = topo->n_nodes;
        tr.requests = STARTUP_REQUESTS;
        struct sim_model *m = NULL;
        struct harness_bench_job job = {0};
        struct sim_result res;
        double t0 = rg_thread_cpu_seconds(), sec[2];
        int rc = topology_model(topo, ref, &m, eb);
        double model_s = rg_thread_cpu_seconds() - t0;
        if (rc == RG_OK)
                rc = harness_bench_job_init(&job, m, eb);
        if (rc == RG_OK)
                rc = harness_bench_job_run(&job, m, &tr, 1, &res, sec, eb);
        if (rc == RG_OK)
                printf("model %8.3f s  run %8.1f ms (stream %.1f + legacy %.1f)  BP %.4f\n",
                       model_s, 1e3 * (sec[0] + sec[1]), 1e3 * sec[0], 1e3 * sec[1],
                       sim_result_bp(&res));
        else
                printf("failed\n");
        harness_bench_job_finish(&job);
        sim_model_destroy(m);
        return rc;
}

static int startup_figure(const struct harness_settings *set, const struct harness_scale_opts *o,
                          struct rg_errbuf *eb)
{
        struct sim_model *ref = NULL;
        struct sim_traffic tr;
        int rc = build_model(set, set->c_band, &ref, &tr, eb);
        if (rc != RG_OK)
                return rc;
        tr.erlang = set->n_loads ? set->loads[0] : set->erlang_start;
        printf("start-up: model creation and a %d-request legacy run (each pair's routes computed "
               "on its first request) at %g Erlang, k=%d, %s, %d slots, thread CPU time\n",
               STARTUP_REQUESTS, tr.erlang, ref->par.k_paths, sim_fit_name(ref->par.fit),
               ref->par.slots);
        for (int i = 0; i < 2 && rc == RG_OK; i++) {
                int n = i == 0 ? o->nodes : o->ring;
                if (n == 0)
                        continue;
                struct sim_topology *topo = NULL;
                rc = i == 0 ? grid_topology(n, &topo, eb) : ring_topology(n, &topo, eb);
                if (rc == RG_OK)
                        rc = startup_point(topo, ref, &tr, eb);
        }
        sim_model_destroy(ref);
        return rc;
}

int harness_bench_scale(const struct harness_settings *set, const struct harness_scale_opts *o)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc = RG_OK;
        if (o->repeat < 1 || o->repeat > MAX_REPEAT)
                return harness_die(RG_USAGE, "--scale takes 1..1000 runs");
        if (o->memory_requests > 0)
                rc = memory_figure(o->memory_requests, &eb);
        if (rc == RG_OK)
                rc = slots_figure(set, o->repeat, &eb);
        if (rc == RG_OK && (o->nodes > 0 || o->ring > 0))
                rc = startup_figure(set, o, &eb);
        if (fflush(stdout) != 0 && rc == RG_OK)
                rc = rg_fail(&eb, RG_IO, "cannot write to standard output");
        if (rc != RG_OK)
                return harness_die(rc, eb.msg);
        return RG_EXIT_OK;
}
