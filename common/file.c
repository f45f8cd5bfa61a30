#define _POSIX_C_SOURCE 200809L
#include "file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_INPUT_BYTES (256u << 20)

int rg_file_read(const char *path, char **out, size_t *len, struct rg_errbuf *eb)
{
        *out = NULL;
        *len = 0;
        FILE *f = fopen(path, "rb");
        if (f == NULL)
                return rg_fail(eb, RG_IO, "%s: cannot open: %s", path, strerror(errno));
        size_t cap = 4096, n = 0;
        char *buf = malloc(cap);
        int rc = RG_OK;
        if (buf == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "%s: out of memory", path);
                goto out;
        }
        for (;;) {
                if (n + 1 >= cap) {
                        if (cap >= MAX_INPUT_BYTES) {
                                rc = rg_fail(eb, RG_IO, "%s: file larger than 256 MiB", path);
                                goto out;
                        }
                        char *grown = realloc(buf, cap * 2);
                        if (grown == NULL) {
                                rc = rg_fail(eb, RG_NOMEM, "%s: out of memory", path);
                                goto out;
                        }
                        buf = grown;
                        cap *= 2;
                }
                size_t got = fread(buf + n, 1, cap - n - 1, f);
                n += got;
                if (got == 0)
                        break;
        }
        if (ferror(f)) {
                rc = rg_fail(eb, RG_IO, "%s: read error", path);
                goto out;
        }
        buf[n] = '\0';
        *out = buf;
        *len = n;
        buf = NULL;
out:
        free(buf);
        fclose(f);
        return rc;
}

int rg_file_write_atomic(const char *path, const char *data, size_t len, struct rg_errbuf *eb)
{
        size_t plen = strlen(path);
        char *tmp = malloc(plen + 16);
        if (tmp == NULL)
                return rg_fail(eb, RG_NOMEM, "%s: out of memory", path);
        snprintf(tmp, plen + 16, "%s.tmp.%ld", path, (long)getpid());
        int rc = RG_OK;
        FILE *f = fopen(tmp, "wb");
        if (f == NULL) {
                rc = rg_fail(eb, RG_IO, "%s: cannot create: %s", tmp, strerror(errno));
                goto out;
        }
        bool ok = fwrite(data, 1, len, f) == len;
        ok = (fflush(f) == 0) && ok;
        ok = (fclose(f) == 0) && ok;
        if (!ok) {
                rc = rg_fail(eb, RG_IO, "%s: write failed: %s", tmp, strerror(errno));
                remove(tmp);
                goto out;
        }
        if (rename(tmp, path) != 0) {
                rc = rg_fail(eb, RG_IO, "%s: cannot rename into place: %s", path, strerror(errno));
                remove(tmp);
        }
out:
        free(tmp);
        return rc;
}

int rg_text_line_of(const char *text, size_t off)
{
        int line = 1;
        for (size_t i = 0; i < off && text[i] != '\0'; i++)
                if (text[i] == '\n')
                        line++;
        return line;
}
