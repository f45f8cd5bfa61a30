#define _POSIX_C_SOURCE 200809L
#define _XOPEN_SOURCE 700
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_INPUT_BYTES (256u << 20)

int rg_file_read(const char *path, char **out, size_t *len, struct rg_errbuf *eb)
{
        *out = NULL;
        *len = 0;
        /* inputs are regular files: a folder reads as nothing, a FIFO or a
         * device could block or never end */
        struct stat st;
        if (stat(path, &st) != 0)
                return rg_fail(eb, RG_IO, "%s: cannot open: %s", path, strerror(errno));
        if (!S_ISREG(st.st_mode))
                return rg_fail(eb, RG_IO, "%s: not a regular file", path);
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
        /* text inputs only: a NUL byte would silently end the text early */
        const char *nul = memchr(buf, '\0', n);
        if (nul) {
                rc = rg_fail(eb, RG_PARSE, "%s:%d: a NUL byte (offset %zu): not a text file", path,
                             rg_text_line_of(buf, (size_t)(nul - buf)), (size_t)(nul - buf));
                goto out;
        }
        *out = buf;
        *len = n;
        buf = NULL;
out:
        free(buf);
        fclose(f);
        return rc;
}

/* What an existing non-regular target is, for the refusal message. */
static const char *kind_of(mode_t m)
{
        if (S_ISLNK(m))
                return "a symbolic link";
        if (S_ISDIR(m))
                return "a folder";
        if (S_ISFIFO(m))
                return "a FIFO";
        if (S_ISCHR(m) || S_ISBLK(m))
                return "a device";
        if (S_ISSOCK(m))
                return "a socket";
        return "not a regular file";
}

/*
 * The target policy shared by the check and the writer: `path` is absent or
 * a regular file (lstat, so a symlink is refused whatever it points to).  On
 * success *dir is the folder the temporary file goes in (caller frees).
 */
static int check_target(const char *path, char **dir, struct rg_errbuf *eb)
{
        *dir = NULL;
        size_t n = strlen(path);
        if (n == 0)
                return rg_fail(eb, RG_IO, "empty output file name");
        if (path[n - 1] == '/')
                return rg_fail(eb, RG_IO, "%s: not a file name (ends in '/')", path);
        struct stat st;
        if (lstat(path, &st) == 0) {
                if (S_ISLNK(st.st_mode))
                        return rg_fail(eb, RG_IO,
                                       "%s: is a symbolic link; refusing to replace it "
                                       "(give the file it points to)",
                                       path);
                if (!S_ISREG(st.st_mode))
                        return rg_fail(eb, RG_IO, "%s: is %s; refusing to replace it", path,
                                       kind_of(st.st_mode));
        } else if (errno != ENOENT) {
                return rg_fail(eb, RG_IO, "%s: cannot write: %s", path, strerror(errno));
        }
        const char *slash = strrchr(path, '/');
        size_t dlen = slash == NULL ? 1 : slash == path ? 1 : (size_t)(slash - path);
        char *d = malloc(dlen + 1);
        if (d == NULL)
                return rg_fail(eb, RG_NOMEM, "%s: out of memory", path);
        if (slash == NULL)
                memcpy(d, ".", 1);
        else
                memcpy(d, path, dlen);
        d[dlen] = '\0';
        *dir = d;
        return RG_OK;
}

int rg_file_check_writable(const char *path, struct rg_errbuf *eb)
{
        if (strcmp(path, "-") == 0)
                return RG_OK;
        char *dir = NULL;
        int rc = check_target(path, &dir, eb);
        if (rc != RG_OK)
                return rc;
        struct stat st;
        if (stat(dir, &st) != 0)
                rc = rg_fail(eb, RG_IO, "%s: cannot write: folder '%s' %s", path, dir,
                             errno == ENOENT ? "does not exist" : strerror(errno));
        else if (!S_ISDIR(st.st_mode))
                rc = rg_fail(eb, RG_IO, "%s: cannot write: '%s' is not a folder", path, dir);
        else if (access(dir, W_OK | X_OK) != 0)
                rc = rg_fail(eb, RG_IO, "%s: cannot write in folder '%s': %s", path, dir,
                             strerror(errno));
        free(dir);
        return rc;
}

/*
 * Creates "<dir>/.rollgate-<16 hex>.tmp" with O_CREAT|O_EXCL|O_NOFOLLOW:
 * whatever is planted at a name (file, symlink, dangling symlink) makes that
 * attempt fail with EEXIST and we draw another name, so we only ever write a
 * file we created.  The name need not be secret for that, only unlikely to
 * collide; mkstemp() would do the same but forces mode 0600 regardless of
 * the umask.  Returns the descriptor, or -1 with errno set.
 */
static int create_temp(const char *dir, char *tmp, size_t cap)
{
        static atomic_uint_fast64_t counter;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t seed = (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
        seed ^= (uint64_t)getpid() << 32;
        for (int attempt = 0; attempt < 100; attempt++) {
                /* splitmix64 of time, pid and a process-wide counter */
                uint64_t z = seed + 0x9e3779b97f4a7c15u * (atomic_fetch_add(&counter, 1) + 1);
                z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
                z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
                z ^= z >> 31;
                snprintf(tmp, cap, "%s/.rollgate-%016llx.tmp", dir, (unsigned long long)z);
                int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
                if (fd >= 0 || errno != EEXIST)
                        return fd;
        }
        errno = EEXIST;
        return -1;
}

static bool write_all(int fd, const char *data, size_t len)
{
        while (len > 0) {
                ssize_t n = write(fd, data, len);
                if (n < 0) {
                        if (errno == EINTR)
                                continue;
                        return false;
                }
                data += n;
                len -= (size_t)n;
        }
        return true;
}

/* The rename is only durable once the folder entry is on disk.  A folder we
 * may write but not read cannot be opened to sync it; EINVAL is a file
 * system without fsync on folders.  Neither is worth failing a report for. */
static int sync_dir(const char *dir)
{
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd < 0)
                return errno == EACCES ? 0 : -1;
        int rc = fsync(fd) != 0 && errno != EINVAL ? -1 : 0;
        int saved = errno;
        close(fd);
        errno = saved;
        return rc;
}

int rg_file_write_atomic(const char *path, const char *data, size_t len, struct rg_errbuf *eb)
{
        if (strcmp(path, "-") == 0) {
                /* stdio, not write(1): keeps order with the caller's printf()s */
                if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0)
                        return rg_fail(eb, RG_IO, "standard output: write failed: %s",
                                       strerror(errno));
                return RG_OK;
        }
        char *dir = NULL;
        int rc = check_target(path, &dir, eb);
        if (rc != RG_OK)
                return rc;
        size_t cap = strlen(dir) + 32;
        char *tmp = malloc(cap);
        if (tmp == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "%s: out of memory", path);
                goto out_dir;
        }
        int fd = create_temp(dir, tmp, cap);
        if (fd < 0) {
                rc = rg_fail(eb, RG_IO, "%s: cannot create a temporary file in folder '%s': %s",
                             path, dir, strerror(errno));
                goto out_tmp;
        }
        if (!write_all(fd, data, len)) {
                rc = rg_fail(eb, RG_IO, "%s: write failed: %s", path, strerror(errno));
                goto out_unlink;
        }
        if (fsync(fd) != 0 && errno != EINVAL) {
                rc = rg_fail(eb, RG_IO, "%s: cannot flush to disk: %s", path, strerror(errno));
                goto out_unlink;
        }
        int closed = close(fd);
        fd = -1;
        if (closed != 0) {
                rc = rg_fail(eb, RG_IO, "%s: write failed: %s", path, strerror(errno));
                goto out_unlink;
        }
        if (rename(tmp, path) != 0) {
                rc = rg_fail(eb, RG_IO, "%s: cannot rename into place: %s", path, strerror(errno));
                goto out_unlink;
        }
        if (sync_dir(dir) != 0)
                rc = rg_fail(eb, RG_IO, "%s: written, but its folder could not be synced: %s", path,
                             strerror(errno));
        goto out_tmp;
out_unlink:
        if (fd >= 0)
                close(fd);
        unlink(tmp);
out_tmp:
        free(tmp);
out_dir:
        free(dir);
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
