#include "buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rg_buf_init(struct rg_buf *b)
{
        *b = (struct rg_buf){0};
}

void rg_buf_finish(struct rg_buf *b)
{
        free(b->data);
        rg_buf_init(b);
}

static bool reserve(struct rg_buf *b, size_t extra)
{
        if (b->nomem)
                return false;
        if (extra < b->cap - b->len) /* room for extra bytes and the NUL */
                return true;
        size_t cap = b->cap ? b->cap : 256;
        while (extra >= cap - b->len) {
                if (cap > ((size_t)-1) / 2) {
                        b->nomem = true;
                        return false;
                }
                cap *= 2;
        }
        char *d = realloc(b->data, cap);
        if (d == NULL) {
                b->nomem = true;
                return false;
        }
        b->data = d;
        b->cap = cap;
        return true;
}

void rg_buf_put(struct rg_buf *b, const char *s, size_t len)
{
        if (!reserve(b, len))
                return;
        memcpy(b->data + b->len, s, len);
        b->len += len;
        b->data[b->len] = '\0';
}

void rg_buf_puts(struct rg_buf *b, const char *s)
{
        rg_buf_put(b, s, strlen(s));
}

void rg_buf_putc(struct rg_buf *b, char c)
{
        rg_buf_put(b, &c, 1);
}

void rg_buf_printf(struct rg_buf *b, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        char small[256];
        int n = vsnprintf(small, sizeof(small), fmt, ap);
        va_end(ap);
        if (n < 0) {
                b->nomem = true; /* an encoding error: treat as a failed build */
                return;
        }
        if ((size_t)n < sizeof(small)) {
                rg_buf_put(b, small, (size_t)n);
                return;
        }
        if (!reserve(b, (size_t)n))
                return;
        va_start(ap, fmt);
        vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        b->len += (size_t)n;
}

const char *rg_buf_text(const struct rg_buf *b)
{
        return b->data ? b->data : "";
}

bool rg_buf_failed(const struct rg_buf *b)
{
        return b->nomem;
}
