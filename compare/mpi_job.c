/*
 * The MPI work queue (compare/mpi_job.h).  Messages, all on MPI_COMM_WORLD:
 *
 *   HELLO   rank -> 0   "ok THREADS HOST CPUS" or "fail MESSAGE", once
 *   JOB     0 -> rank   the index of a pair to run (int)
 *   RESULT  rank -> 0   the pair's results as text (compare_pair_text)
 *   BEAT    rank -> 0   every half second: still there
 *   STOP    0 -> rank   nothing more: finish
 *   BYE     rank -> 0   finishing (rank 0 waits for it before MPI_Finalize)
 *
 * Only each rank's main thread calls MPI (MPI_THREAD_FUNNELED); the pairs
 * run in a pool of POSIX threads that the main thread feeds and empties.
 */
#define _GNU_SOURCE /* sched_getaffinity, CPU_COUNT */
#include "mpi_job.h"

#include <math.h>
#include <mpi.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../common/clock.h"
#include "exec.h"
#include "shard.h"

enum { TAG_HELLO = 1, TAG_JOB, TAG_RESULT, TAG_BEAT, TAG_STOP, TAG_BYE };

#define BEAT_SECONDS 0.5

struct rank_state {
        bool hello;  /* said whether it can run pairs */
        bool usable; /* it can */
        bool lost;
        int threads;
        int cpus;    /* the cores it may run on (its affinity) */
        int out;     /* pairs given and not returned */
        int last;    /* the last pair given */
        double seen; /* when anything last came from it */
        char host[COMPARE_HOST_NAME];
};

struct compare_mpi {
        int rank, size;
        double timeout;
        struct rank_state *ranks; /* rank 0 only */
        int lost;                 /* the first lost rank, -1 none */
        char lost_msg[400];
        int local_threads;
        bool told_binding;
        struct compare_executor ex;
};

bool compare_mpi_built(void)
{
        return true;
}

/* ---- the pool of threads running pairs ---- */

struct pool {
        pthread_mutex_t mu;
        pthread_cond_t cv;
        int *job, n_job, next; /* queued: job[next .. n_job) */
        int *done, n_done, taken;
        int running;
        bool closing;
        struct compare_exec *x;
        int threads;
        pthread_t *tid;
        int started;
        int failed_init;
};

static void *pool_main(void *arg)
{
        struct pool *p = arg;
        struct compare_worker w;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        bool ready = compare_worker_init(p->x, &w, &eb) == RG_OK;
        pthread_mutex_lock(&p->mu);
        p->failed_init += !ready;
        for (;;) {
                while (!p->closing && p->next == p->n_job)
                        pthread_cond_wait(&p->cv, &p->mu);
                if (p->next == p->n_job)
                        break;
                int j = p->job[p->next++];
                p->running++;
                pthread_mutex_unlock(&p->mu);
                compare_exec_pair(p->x, &w, ready, j);
                pthread_mutex_lock(&p->mu);
                p->running--;
                p->done[p->n_done++] = j;
        }
        pthread_mutex_unlock(&p->mu);
        compare_worker_finish(&w);
        return NULL;
}

static int pool_start(struct pool *p, struct compare_exec *x, int threads, int capacity,
                      struct rg_errbuf *eb)
{
        memset(p, 0, sizeof(*p));
        p->x = x;
        p->threads = threads;
        p->job = malloc(((size_t)capacity + 1) * sizeof(int));
        p->done = malloc(((size_t)capacity + 1) * sizeof(int));
        p->tid = calloc((size_t)threads, sizeof(pthread_t));
        if (p->job == NULL || p->done == NULL || p->tid == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory for the rank's threads");
        pthread_mutex_init(&p->mu, NULL);
        pthread_cond_init(&p->cv, NULL);
        for (int i = 0; i < threads; i++) {
                if (pthread_create(&p->tid[i], NULL, pool_main, p) != 0)
                        return rg_fail(eb, RG_NOMEM, "cannot start the rank's threads");
                p->started++;
        }
        return RG_OK;
}

static void pool_push(struct pool *p, int j)
{
        pthread_mutex_lock(&p->mu);
        p->job[p->n_job++] = j;
        pthread_cond_signal(&p->cv);
        pthread_mutex_unlock(&p->mu);
}

/* A finished pair, -1 when none. */
static int pool_pop(struct pool *p)
{
        pthread_mutex_lock(&p->mu);
        int j = p->taken < p->n_done ? p->done[p->taken++] : -1;
        pthread_mutex_unlock(&p->mu);
        return j;
}

static void pool_stop(struct pool *p)
{
        if (p->tid) {
                pthread_mutex_lock(&p->mu);
                p->closing = true;
                pthread_cond_broadcast(&p->cv);
                pthread_mutex_unlock(&p->mu);
                for (int i = 0; i < p->started; i++)
                        pthread_join(p->tid[i], NULL);
                pthread_mutex_destroy(&p->mu);
                pthread_cond_destroy(&p->cv);
        }
        free(p->job);
        free(p->done);
        free(p->tid);
        memset(p, 0, sizeof(*p));
}

static void nap(void)
{
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
}

/* ---- set-up ---- */

int compare_mpi_init(struct compare_mpi **out, struct rg_errbuf *eb)
{
        *out = NULL;
        int provided = 0;
        if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
                return rg_fail(eb, RG_INTERNAL, "MPI_Init_thread failed");
        struct compare_mpi *m = calloc(1, sizeof(*m));
        if (m == NULL) {
                MPI_Abort(MPI_COMM_WORLD, 1);
                return rg_fail(eb, RG_NOMEM, "out of memory");
        }
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
        MPI_Comm_rank(MPI_COMM_WORLD, &m->rank);
        MPI_Comm_size(MPI_COMM_WORLD, &m->size);
        m->timeout = COMPARE_MPI_TIMEOUT;
        m->lost = -1;
        if (m->rank == 0) {
                m->ranks = calloc((size_t)m->size, sizeof(*m->ranks));
                if (m->ranks == NULL) {
                        MPI_Abort(MPI_COMM_WORLD, 1);
                        return rg_fail(eb, RG_NOMEM, "out of memory");
                }
                double now = rg_wall_seconds();
                for (int i = 0; i < m->size; i++)
                        m->ranks[i].seen = now;
        }
        if (provided < MPI_THREAD_FUNNELED) {
                free(m->ranks);
                free(m);
                MPI_Abort(MPI_COMM_WORLD, 1);
                return rg_fail(eb, RG_UNSUPPORTED, "this MPI cannot run threads in a process");
        }
        *out = m;
        return RG_OK;
}

int compare_mpi_rank(const struct compare_mpi *m)
{
        return m->rank;
}

int compare_mpi_size(const struct compare_mpi *m)
{
        return m->size;
}

/* ---- rank 0 ---- */

/* Rank 0's messages: every one is text (a job or a stop goes the other
 * way), read into a buffer that grows as needed. */
struct inbox {
        char *buf;
        int cap;
};

/* The next message from any rank into in->buf (NUL-terminated), its
 * sender and tag; its length, or -1 when none is waiting (or no memory for
 * it: it stays queued). */
static int take(struct inbox *in, int *from, int *tag)
{
        int flag = 0, len = 0;
        MPI_Status st;
        if (MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st) != MPI_SUCCESS ||
            !flag)
                return -1;
        MPI_Get_count(&st, MPI_CHAR, &len);
        if (len + 1 > in->cap) {
                char *b = realloc(in->buf, (size_t)len + 1);
                if (b == NULL)
                        return -1;
                in->buf = b;
                in->cap = len + 1;
        }
        MPI_Recv(in->buf, len, MPI_CHAR, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD,
                 MPI_STATUS_IGNORE);
        in->buf[len] = '\0';
        *from = st.MPI_SOURCE;
        *tag = st.MPI_TAG;
        return len;
}

struct dispatch {
        struct compare_mpi *m;
        struct compare_result *r;
        int *order, n, next, received;
        struct inbox in;
};

static void store(struct dispatch *d, int from, const char *text, int len)
{
        struct compare_mpi *m = d->m;
        char what[64];
        snprintf(what, sizeof(what), "rank %d's results", from);
        struct compare_pair pr;
        int j;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        int rc =
            compare_pair_parse(text, (size_t)len, what, d->r->n_loads * d->r->n_reps, &j, &pr, &eb);
        struct rank_state *rs = &m->ranks[from];
        rs->out--;
        d->received++;
        if (rc != RG_OK) {
                /* the pair is still the last one given: fail it with why */
                j = rs->last;
                struct compare_pair *dst = &d->r->pairs[j];
                dst->ran = true;
                dst->harness_rc = RG_INTERNAL;
                snprintf(dst->harness_error, sizeof(dst->harness_error), "%.500s", eb.msg);
                return;
        }
        struct compare_pair *dst = &d->r->pairs[j];
        int load = dst->load, rep = dst->rep;
        *dst = pr;
        dst->load = load;
        dst->rep = rep;
        dst->ran = true;
}

/* The cores this process may run on; 0 when it cannot tell. */
static int affinity_cpus(void)
{
        cpu_set_t set;
        CPU_ZERO(&set);
        return sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 0;
}

/* Threads (and the commands they start, which inherit the binding) on fewer
 * cores than threads: mpirun pinned the rank.  Said once. */
static void binding_notice(struct compare_mpi *m, int rank, int threads, int cpus)
{
        if (m->told_binding || cpus <= 0 || cpus >= threads)
                return;
        m->told_binding = true;
        fprintf(stderr,
                "notice: MPI rank %d runs %d threads on %d core%s (mpirun bound it): "
                "--bind-to none, or --map-by slot:PE=%d, lets them run side by side\n",
                rank, threads, cpus, cpus == 1 ? "" : "s", threads);
}

static void hello(struct dispatch *d, int from, const char *text)
{
        struct rank_state *rs = &d->m->ranks[from];
        rs->hello = true;
        int threads = 0;
        char host[COMPARE_HOST_NAME] = "";
        int cpus = 0;
        if (sscanf(text, "ok %d %63s %d", &threads, host, &cpus) == 3 && threads > 0) {
                rs->usable = true;
                rs->threads = threads;
                rs->cpus = cpus;
                binding_notice(d->m, from, threads, cpus);
                snprintf(rs->host, sizeof(rs->host), "%s", host);
                return;
        }
        fprintf(stderr, "rollgate: rank %d cannot run pairs, going on without it: %.300s\n", from,
                strncmp(text, "fail ", 5) == 0 ? text + 5 : text);
}

/* One message from any rank, when there is one; false when none. */
static bool receive(struct dispatch *d)
{
        int from, tag;
        int len = take(&d->in, &from, &tag);
        if (len < 0)
                return false;
        struct rank_state *rs = &d->m->ranks[from];
        rs->seen = rg_wall_seconds();
        if (tag == TAG_HELLO)
                hello(d, from, d->in.buf);
        else if (tag == TAG_RESULT && rs->out > 0)
                store(d, from, d->in.buf, len);
        return true;
}

static void hand_out(struct dispatch *d, int to)
{
        struct rank_state *rs = &d->m->ranks[to];
        while (d->next < d->n && rs->usable && !rs->lost && rs->seen > -INFINITY &&
               rs->out < rs->threads) {
                int j = d->order[d->next];
                if (MPI_Send(&j, 1, MPI_INT, to, TAG_JOB, MPI_COMM_WORLD) != MPI_SUCCESS) {
                        /* unreachable: lost at the next look (check_lost) */
                        rs->seen = -INFINITY;
                        return;
                }
                d->next++;
                rs->out++;
                rs->last = j;
        }
}

/* A rank that said nothing for the timeout: the job cannot finish. */
static bool check_lost(struct dispatch *d)
{
        struct compare_mpi *m = d->m;
        double now = rg_wall_seconds();
        for (int i = 1; i < m->size; i++) {
                struct rank_state *rs = &m->ranks[i];
                if (rs->lost || now - rs->seen <= m->timeout)
                        continue;
                /* one left out only waits for the stop; one still building the
                 * comparison (a slower node) holds no pairs: the others go on */
                if (!rs->usable)
                        continue;
                rs->lost = true;
                m->lost = i;
                char at[160] = "while it waited for pairs";
                if (rs->out > 0) {
                        const struct compare_pair *pr = &d->r->pairs[rs->last];
                        snprintf(at, sizeof(at),
                                 "while it ran %d pair%s (the last: erlang %g, seed %u)", rs->out,
                                 rs->out == 1 ? "" : "s", d->r->loads[pr->load], pr->seed[0]);
                }
                snprintf(m->lost_msg, sizeof(m->lost_msg),
                         "MPI rank %d (host %s) lost: nothing from it for %.0f s %s", i,
                         rs->host[0] ? rs->host : "unknown", m->timeout, at);
                fprintf(stderr, "rollgate: %s; the job ends with HARNESS_ERROR\n", m->lost_msg);
                return true;
        }
        return false;
}

/* Every pair of todo not back yet fails with `why`. */
static void fail_rest(struct compare_result *r, const int *todo, int n, const char *why)
{
        for (int i = 0; i < n; i++) {
                struct compare_pair *pr = &r->pairs[todo[i]];
                if (pr->ran)
                        continue;
                pr->ran = true;
                pr->harness_rc = RG_INTERNAL;
                snprintf(pr->harness_error, sizeof(pr->harness_error), "%.500s", why);
        }
}

static int mpi_execute(void *ctx, struct compare_result *r, const int *todo, int n,
                       const struct compare_sim *sim, struct rg_errbuf *eb)
{
        struct compare_mpi *m = ctx;
        r->ranks = m->size;
        if (m->lost >= 0) {
                fail_rest(r, todo, n, m->lost_msg);
                return RG_OK;
        }
        struct dispatch d = {.m = m, .r = r, .n = n};
        d.order = malloc(((size_t)n + 1) * sizeof(int));
        if (d.order == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory for %d runs", 2 * n);
        memcpy(d.order, todo, (size_t)n * sizeof(int));
        (void)compare_by_cost(r, d.order, n); /* else matrix order: only slower */
        struct compare_exec x;
        struct pool p;
        memset(&p, 0, sizeof(p));
        int rc = compare_exec_begin(&x, r, sim, eb);
        if (rc == RG_OK)
                rc = pool_start(&p, &x, m->local_threads, n, eb);
        if (rc != RG_OK) {
                pool_stop(&p);
                compare_exec_end(&x);
                free(d.order);
                return rc;
        }
        compare_signals_catch();
        if (r->started == 0)
                r->started = time(NULL);
        double t0 = rg_wall_seconds();
        int local_out = 0;
        const volatile sig_atomic_t *cancel = compare_cancel_flag();
        while (d.received < n) {
                bool busy = false;
                while (d.next < n && local_out < m->local_threads) {
                        pool_push(&p, d.order[d.next++]);
                        local_out++;
                }
                for (int i = 1; i < m->size; i++)
                        hand_out(&d, i);
                for (int j; (j = pool_pop(&p)) >= 0; busy = true) {
                        local_out--;
                        d.received++;
                }
                while (receive(&d))
                        busy = true;
                if (*cancel)
                        break;
                if (!busy && check_lost(&d))
                        break;
                if (!busy)
                        nap();
        }
        if (*cancel)
                fprintf(stderr,
                        "rollgate: rank 0 was told to stop (mpirun ends every rank when one "
                        "of them dies, or when the job is cancelled): the reports are "
                        "written marked incomplete\n");
        pool_stop(&p);
        /* the pool's pairs are all back; the ranks' may not be */
        fail_rest(r, todo, n, m->lost >= 0 ? m->lost_msg : "interrupted");
        r->wall_seconds += rg_wall_seconds() - t0;
        r->finished = time(NULL);
        compare_signals_release();
        r->interrupted |= *cancel != 0;
        compare_exec_end(&x);
        compare_count_runs(r);
        free(d.order);
        free(d.in.buf);
        char host[COMPARE_HOST_NAME];
        compare_host_name(host, sizeof(host));
        compare_add_host(r, host);
        r->threads_used = m->local_threads;
        for (int i = 1; i < m->size; i++)
                if (m->ranks[i].usable) {
                        compare_add_host(r, m->ranks[i].host);
                        r->threads_used += m->ranks[i].threads;
                }
        if (p.failed_init)
                return rg_fail(eb, RG_NOMEM, "out of memory for the simulation workers");
        return RG_OK;
}

const struct compare_executor *compare_mpi_executor(struct compare_mpi *m, int threads,
                                                    double rank_timeout)
{
        m->local_threads = threads > 0 ? threads : 1;
        binding_notice(m, 0, m->local_threads, affinity_cpus());
        m->timeout = rank_timeout;
        m->ex.execute = mpi_execute;
        m->ex.ctx = m;
        return &m->ex;
}

/* ---- the other ranks ---- */

static int send_text(int tag, const char *text)
{
        return MPI_Send(text, (int)strlen(text), MPI_CHAR, 0, tag, MPI_COMM_WORLD);
}

int compare_mpi_serve(struct compare_mpi *m, struct compare_result *r,
                      const struct compare_sim *sim, int threads, const char *why,
                      struct rg_errbuf *eb)
{
        char line[400];
        struct compare_exec x;
        struct pool p;
        memset(&x, 0, sizeof(x));
        memset(&p, 0, sizeof(p));
        int rc = RG_OK;
        threads = threads > 0 ? threads : 1;
        if (r) {
                rc = compare_exec_begin(&x, r, sim, eb);
                if (rc == RG_OK)
                        rc = pool_start(&p, &x, threads, r->n_loads * r->n_reps, eb);
                why = eb->msg;
        }
        char host[COMPARE_HOST_NAME];
        compare_host_name(host, sizeof(host));
        if (r && rc == RG_OK)
                snprintf(line, sizeof(line), "ok %d %s %d", threads, host[0] ? host : "unknown",
                         affinity_cpus());
        else
                snprintf(line, sizeof(line), "fail %.380s", why && *why ? why : "cannot start");
        bool usable = r && rc == RG_OK;
        send_text(TAG_HELLO, line);
        compare_signals_catch();
        const volatile sig_atomic_t *cancel = compare_cancel_flag();
        double beat = rg_wall_seconds();
        bool stop = false;
        while (!stop && !*cancel) {
                bool busy = false;
                int flag = 0;
                MPI_Status st;
                while (!stop &&
                       MPI_Iprobe(0, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, &st) == MPI_SUCCESS &&
                       flag) {
                        int j = -1;
                        MPI_Recv(&j, 1, MPI_INT, 0, st.MPI_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                        if (st.MPI_TAG == TAG_STOP)
                                stop = true;
                        else if (st.MPI_TAG == TAG_JOB && usable && j >= 0 &&
                                 j < r->n_loads * r->n_reps)
                                pool_push(&p, j);
                        busy = true;
                }
                for (int j; usable && (j = pool_pop(&p)) >= 0; busy = true) {
                        char *text = NULL;
                        struct rg_errbuf teb;
                        rg_errbuf_init(&teb);
                        if (compare_pair_text(&r->pairs[j], j, &text, &teb) != RG_OK) {
                                /* rank 0 fails the pair with the reason */
                                send_text(TAG_RESULT, teb.msg);
                                continue;
                        }
                        send_text(TAG_RESULT, text);
                        free(text);
                }
                double now = rg_wall_seconds();
                if (now - beat >= BEAT_SECONDS) {
                        send_text(TAG_BEAT, "");
                        beat = now;
                }
                if (!busy)
                        nap();
        }
        compare_signals_release();
        pool_stop(&p);
        if (r)
                compare_exec_end(&x);
        if (stop)
                send_text(TAG_BYE, "");
        (void)m;
        return rc;
}

/* ---- the end ---- */

/* Rank 0: the stop to every rank, then their goodbyes (heartbeats sent
 * before the stop arrived are read and dropped on the way). */
static void stop_ranks(struct compare_mpi *m, int exit_code)
{
        int zero = 0, waiting = 0;
        for (int i = 1; i < m->size; i++)
                if (!m->ranks[i].lost &&
                    MPI_Send(&zero, 1, MPI_INT, i, TAG_STOP, MPI_COMM_WORLD) == MPI_SUCCESS) {
                        m->ranks[i].out = -1; /* waiting for its goodbye */
                        waiting++;
                }
        double last = rg_wall_seconds();
        struct inbox in = {0};
        while (waiting > 0 && rg_wall_seconds() - last <= m->timeout) {
                int from, tag;
                if (take(&in, &from, &tag) < 0) {
                        nap();
                        continue;
                }
                last = rg_wall_seconds();
                if (tag == TAG_BYE && m->ranks[from].out == -1) {
                        m->ranks[from].out = 0;
                        waiting--;
                }
        }
        free(in.buf);
        if (waiting > 0) {
                fprintf(stderr, "rollgate: %d MPI rank%s did not finish; ending the job\n", waiting,
                        waiting == 1 ? "" : "s");
                MPI_Abort(MPI_COMM_WORLD, exit_code); /* the reports are whole */
        }
}

void compare_mpi_finish(struct compare_mpi *m, int exit_code)
{
        if (m == NULL)
                return;
        if (m->rank == 0 && (m->lost >= 0 || *compare_cancel_flag())) {
                fflush(stdout);
                fflush(stderr);
                MPI_Abort(MPI_COMM_WORLD, exit_code);
        }
        if (m->rank == 0)
                stop_ranks(m, exit_code);
        MPI_Finalize();
        free(m->ranks);
        free(m);
}
