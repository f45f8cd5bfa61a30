#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700
#include "file.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

int rg_mkdir_p(const char *path, struct rg_errbuf *eb)
{
        char buf[4096];
        if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf))
                return rg_fail(eb, RG_IO, "%.200s...: path too long", path);
        /* each prefix in turn; EEXIST is fine as long as it is a folder */
        for (char *p = buf + 1;; p++) {
                if (*p != '/' && *p != '\0')
                        continue;
                char saved = *p;
                *p = '\0';
                if (mkdir(buf, 0755) != 0 && errno != EEXIST)
                        return rg_fail(eb, RG_IO, "%s: cannot create folder: %s", buf,
                                       strerror(errno));
                *p = saved;
                if (saved == '\0')
                        break;
        }
        struct stat st;
        if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
                return rg_fail(eb, RG_IO, "%s: not a folder", path);
        return RG_OK;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
        (void)st;
        (void)flag;
        (void)ftw;
        return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

int rg_remove_tree(const char *path, struct rg_errbuf *eb)
{
        if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0 && errno != ENOENT)
                return rg_fail(eb, RG_IO, "%s: cannot remove: %s", path, strerror(errno));
        return RG_OK;
}

bool rg_path_exists(const char *path)
{
        struct stat st;
        return lstat(path, &st) == 0;
}
