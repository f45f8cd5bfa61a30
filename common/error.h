/*
 * Project-wide error codes and the per-job error buffer.
 *
 * Every action in rollgate returns an `int` that is one of RG_OK or an
 * `enum rg_error` value; predicates return bool.  The message that explains an
 * error travels with the job in a `struct rg_errbuf`: the first failure fills
 * it, later ones are ignored, so the message names the root cause rather than
 * the last symptom.  An errbuf is plain data owned by its job; it is not shared
 * between threads.
 */
#ifndef RG_ERROR_H
#define RG_ERROR_H

#include <stdbool.h>
#include <stddef.h>

/* X(name, exit code class, description) */
#define RG_ERRNO_MAP(X)                                                                            \
        X(OK, "success")                                                                           \
        X(NOMEM, "out of memory")                                                                  \
        X(IO, "cannot read or write a file")                                                       \
        X(PARSE, "malformed input")                                                                \
        X(RANGE, "value out of range")                                                             \
        X(UNSUPPORTED, "feature not supported")                                                    \
        X(USAGE, "usage error")                                                                    \
        X(NOTFOUND, "not found")                                                                   \
        X(INVARIANT, "simulation invariant violated")                                              \
        X(PATHFAIL, "path failed")                                                                 \
        X(INTERNAL, "internal error")

enum rg_error {
#define RG_ERR_ENUM(name, desc) RG_##name,
        RG_ERRNO_MAP(RG_ERR_ENUM)
#undef RG_ERR_ENUM
            RG_ERROR_COUNT
};

/* Static description of an error code; never NULL. */
const char *rg_strerror(int err);

/* True for errors caused by what the user gave us (exit code 2). */
bool rg_error_is_input(int err);

struct rg_errbuf {
        int code;      /* RG_OK until the first failure */
        char msg[512]; /* one line, no trailing newline */
};

void rg_errbuf_init(struct rg_errbuf *eb);

/*
 * Records the first failure in `eb` (later calls keep the first message) and
 * returns `code`, so callers can write `return rg_fail(eb, RG_PARSE, ...)`.
 * `eb` may be NULL, in which case only the code is returned.  Control
 * characters in the message (from quoted input) become '?': it stays one
 * line.
 */
int rg_fail(struct rg_errbuf *eb, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Replaces control characters in `msg` by '?' (in place), so that a message
 * quoting input stays on one line. */
void rg_one_line(char *msg);

#endif
