/* A growing text buffer for rendering reports: appends never fail on their
 * own; the first out-of-memory is remembered and reported by rg_buf_failed,
 * so a renderer checks once at the end. */
#ifndef RG_BUF_H
#define RG_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct rg_buf {
        char *data; /* NUL-terminated when len > 0; owned */
        size_t len, cap;
        bool nomem;
};

void rg_buf_init(struct rg_buf *b);
void rg_buf_finish(struct rg_buf *b); /* frees; the buffer is empty again */
void rg_buf_put(struct rg_buf *b, const char *s, size_t len);
void rg_buf_puts(struct rg_buf *b, const char *s);
void rg_buf_putc(struct rg_buf *b, char c);
void rg_buf_printf(struct rg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The text so far ("" when empty); valid until the next append. */
const char *rg_buf_text(const struct rg_buf *b);
bool rg_buf_failed(const struct rg_buf *b);

#endif
