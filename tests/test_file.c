/*
 * Tests for common/file.c: the safe report writer (regular files written and
 * replaced, every non-regular target refused and left as it was, "-" as
 * standard output, the temporary file never following a planted symlink),
 * rg_file_check_writable, and rg_file_read.
 *
 * Everything happens in a fresh mkdtemp() folder; nothing points at /dev.
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/file.h"
#include "testutil.h"

static char folder[64];
static char pathbuf[4][512];

static void setup(void)
{
        snprintf(folder, sizeof(folder), "/tmp/rg_test_file_XXXXXX");
        CU_ASSERT_PTR_NOT_NULL_FATAL(mkdtemp(folder));
}

static void teardown(void)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(rg_remove_tree(folder, &eb), RG_OK);
}

/* folder/name in one of four rotating buffers */
static const char *in(int slot, const char *name)
{
        snprintf(pathbuf[slot], sizeof(pathbuf[slot]), "%s/%s", folder, name);
        return pathbuf[slot];
}

static void put(const char *path, const char *text)
{
        FILE *f = fopen(path, "wb");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        CU_ASSERT_EQUAL(fputs(text, f) >= 0, 1);
        CU_ASSERT_EQUAL(fclose(f), 0);
}

/* true when `path` holds exactly `text` */
static bool holds(const char *path, const char *text)
{
        char *got = NULL;
        size_t len = 0;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        if (rg_file_read(path, &got, &len, &eb) != RG_OK)
                return false;
        bool same = len == strlen(text) && memcmp(got, text, len) == 0;
        free(got);
        return same;
}

static int entries(const char *dir)
{
        DIR *d = opendir(dir);
        CU_ASSERT_PTR_NOT_NULL_FATAL(d);
        int n = 0;
        for (struct dirent *e; (e = readdir(d)) != NULL;)
                if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                        n++;
        closedir(d);
        return n;
}

/* writes `text` to `path`, expecting failure; checks the message names `path` */
static void refused(const char *path, const char *text, const char *why)
{
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(rg_file_write_atomic(path, text, strlen(text), &eb), RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, path));
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, why));
        CU_ASSERT_PTR_NULL(strstr(eb.msg, ".tmp"));
        CU_ASSERT_PTR_NULL(strchr(eb.msg, '\n'));
}

static void test_write_and_replace(void)
{
        setup();
        const char *p = in(0, "report.json");
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        mode_t old = umask(027);
        CU_ASSERT_EQUAL(rg_file_write_atomic(p, "first\n", 6, &eb), RG_OK);
        umask(old);
        CU_ASSERT(holds(p, "first\n"));
        struct stat st;
        CU_ASSERT_EQUAL_FATAL(lstat(p, &st), 0);
        CU_ASSERT(S_ISREG(st.st_mode));
        CU_ASSERT_EQUAL(st.st_mode & 0777, 0640); /* 0644 less the umask */
        CU_ASSERT_EQUAL(rg_file_write_atomic(p, "second, longer\n", 15, &eb), RG_OK);
        CU_ASSERT(holds(p, "second, longer\n"));
        CU_ASSERT_EQUAL(rg_file_write_atomic(p, "", 0, &eb), RG_OK);
        CU_ASSERT(holds(p, ""));
        CU_ASSERT_EQUAL(eb.code, RG_OK);
        CU_ASSERT_EQUAL(entries(folder), 1); /* no temporary file left */
        teardown();
}

static void test_large_write(void)
{
        setup();
        size_t n = 3u << 20;
        char *big = malloc(n + 1);
        CU_ASSERT_PTR_NOT_NULL_FATAL(big);
        for (size_t i = 0; i < n; i++)
                big[i] = (char)('a' + i % 26);
        big[n] = '\0';
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        const char *p = in(0, "big");
        CU_ASSERT_EQUAL(rg_file_write_atomic(p, big, n, &eb), RG_OK);
        CU_ASSERT(holds(p, big));
        free(big);
        teardown();
}

static void test_relative_name(void)
{
        setup();
        char cwd[4096];
        CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof(cwd)));
        CU_ASSERT_EQUAL_FATAL(chdir(folder), 0);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(rg_file_check_writable("plain.json", &eb), RG_OK);
        CU_ASSERT_EQUAL(rg_file_write_atomic("plain.json", "x", 1, &eb), RG_OK);
        CU_ASSERT_EQUAL_FATAL(chdir(cwd), 0);
        CU_ASSERT(holds(in(0, "plain.json"), "x"));
        teardown();
}

static void test_refuses_fifo(void)
{
        setup();
        const char *p = in(0, "fifo");
        CU_ASSERT_EQUAL_FATAL(mkfifo(p, 0644), 0);
        refused(p, "data", "FIFO");
        struct stat st;
        CU_ASSERT_EQUAL_FATAL(lstat(p, &st), 0);
        CU_ASSERT(S_ISFIFO(st.st_mode));
        CU_ASSERT_EQUAL(entries(folder), 1);
        teardown();
}

static void test_refuses_folder(void)
{
        setup();
        const char *p = in(0, "sub");
        CU_ASSERT_EQUAL_FATAL(mkdir(p, 0755), 0);
        refused(p, "data", "folder");
        struct stat st;
        CU_ASSERT_EQUAL_FATAL(lstat(p, &st), 0);
        CU_ASSERT(S_ISDIR(st.st_mode));
        CU_ASSERT_EQUAL(entries(p), 0);
        refused(in(1, "sub/"), "data", "not a file name");
        teardown();
}

static void test_refuses_symlink(void)
{
        setup();
        const char *target = in(0, "real.json");
        const char *link = in(1, "link.json");
        put(target, "precious\n");
        CU_ASSERT_EQUAL_FATAL(symlink(target, link), 0);
        refused(link, "clobber", "symbolic link");
        CU_ASSERT(holds(target, "precious\n"));
        struct stat st;
        CU_ASSERT_EQUAL_FATAL(lstat(link, &st), 0);
        CU_ASSERT(S_ISLNK(st.st_mode));
        /* a dangling link too: writing would create whatever it names */
        const char *dangling = in(2, "dangling.json");
        CU_ASSERT_EQUAL_FATAL(symlink(in(3, "nowhere"), dangling), 0);
        refused(dangling, "clobber", "symbolic link");
        CU_ASSERT_EQUAL(rg_path_exists(in(3, "nowhere")), false);
        teardown();
}

/*
 * Every name the temporary file could take cannot be planted, but the names
 * the old writer used (<path>.tmp.<pid>) and a few around them can: the
 * victim they point to must be untouched and the links still links, which
 * holds only if the temporary file is created with O_EXCL|O_NOFOLLOW at a
 * name of its own.
 */
static void test_planted_symlink(void)
{
        setup();
        const char *victim = in(0, "victim");
        const char *p = in(1, "out.json");
        put(victim, "victim\n");
        char name[600];
        for (long d = -2; d <= 2; d++) {
                snprintf(name, sizeof(name), "%s.tmp.%ld", p, (long)getpid() + d);
                CU_ASSERT_EQUAL_FATAL(symlink(victim, name), 0);
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(rg_file_write_atomic(p, "report\n", 7, &eb), RG_OK);
        CU_ASSERT_EQUAL(rg_file_write_atomic(p, "report 2\n", 9, &eb), RG_OK);
        CU_ASSERT(holds(p, "report 2\n"));
        CU_ASSERT(holds(victim, "victim\n"));
        snprintf(name, sizeof(name), "%s.tmp.%ld", p, (long)getpid());
        struct stat st;
        CU_ASSERT_EQUAL_FATAL(lstat(name, &st), 0);
        CU_ASSERT(S_ISLNK(st.st_mode));
        CU_ASSERT_EQUAL(entries(folder), 2 + 5); /* victim, out.json, the links */
        teardown();
}

static void test_missing_folder(void)
{
        setup();
        const char *p = in(0, "missing/deeper/out.json");
        refused(p, "data", "cannot create a temporary file in folder");
        CU_ASSERT_EQUAL(entries(folder), 0);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(rg_file_check_writable(p, &eb), RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, p));
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "does not exist"));
        /* a file where a folder should be */
        put(in(1, "plain"), "x");
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL(rg_file_check_writable(in(2, "plain/out.json"), &eb), RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, pathbuf[2]));
        teardown();
}

static int check(const char *path, struct rg_errbuf *eb)
{
        rg_errbuf_init(eb);
        return rg_file_check_writable(path, eb);
}

static void test_check_writable(void)
{
        setup();
        struct rg_errbuf eb;
        CU_ASSERT_EQUAL(check("-", &eb), RG_OK);
        CU_ASSERT_EQUAL(check(in(0, "new.json"), &eb), RG_OK);
        CU_ASSERT_EQUAL(rg_path_exists(pathbuf[0]), false); /* creates nothing */
        put(in(0, "old.json"), "x");
        CU_ASSERT_EQUAL(check(pathbuf[0], &eb), RG_OK);
        CU_ASSERT(holds(pathbuf[0], "x"));

        CU_ASSERT_EQUAL_FATAL(mkfifo(in(1, "fifo"), 0644), 0);
        CU_ASSERT_EQUAL(check(pathbuf[1], &eb), RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, pathbuf[1]));
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "FIFO"));

        CU_ASSERT_EQUAL(check(folder, &eb), RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "folder"));

        CU_ASSERT_EQUAL_FATAL(symlink(pathbuf[0], in(2, "link")), 0);
        CU_ASSERT_EQUAL(check(pathbuf[2], &eb), RG_IO);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "symbolic link"));

        CU_ASSERT_EQUAL(check("", &eb), RG_IO);
        CU_ASSERT_EQUAL(check(in(3, "new/"), &eb), RG_IO);

        CU_ASSERT_EQUAL_FATAL(mkdir(in(3, "ro"), 0555), 0);
        CU_ASSERT_EQUAL_FATAL(chmod(pathbuf[3], 0555), 0);
        if (geteuid() != 0) { /* access() lets root write anywhere */
                CU_ASSERT_EQUAL(check(in(3, "ro/out.json"), &eb), RG_IO);
                CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, pathbuf[3]));
                CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, "cannot write in folder"));
        }
        CU_ASSERT_EQUAL(chmod(in(3, "ro"), 0755), 0);
        teardown();
}

static void test_stdout(void)
{
        setup();
        const char *p = in(0, "captured");
        CU_ASSERT_EQUAL_FATAL(fflush(stdout), 0);
        int saved = dup(STDOUT_FILENO);
        int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        CU_ASSERT_FATAL(saved >= 0 && fd >= 0);
        CU_ASSERT_EQUAL_FATAL(dup2(fd, STDOUT_FILENO), STDOUT_FILENO);
        close(fd);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        printf("before ");
        int rc = rg_file_write_atomic("-", "{\"x\": 1}\n", 9, &eb);
        fflush(stdout);
        dup2(saved, STDOUT_FILENO);
        close(saved);
        CU_ASSERT_EQUAL(rc, RG_OK);
        CU_ASSERT(holds(p, "before {\"x\": 1}\n"));
        CU_ASSERT_EQUAL(rg_path_exists("-"), false);
        teardown();
}

static void test_read(void)
{
        setup();
        const char *p = in(0, "in.txt");
        put(p, "line one\nline two\n");
        char *text = NULL;
        size_t len = 0;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        CU_ASSERT_EQUAL_FATAL(rg_file_read(p, &text, &len, &eb), RG_OK);
        CU_ASSERT_EQUAL(len, 18);
        CU_ASSERT_STRING_EQUAL(text, "line one\nline two\n");
        CU_ASSERT_EQUAL(rg_text_line_of(text, 10), 2);
        free(text);
        CU_ASSERT_EQUAL(rg_file_read(in(1, "absent"), &text, &len, &eb), RG_IO);
        CU_ASSERT_PTR_NULL(text);
        CU_ASSERT_PTR_NOT_NULL(strstr(eb.msg, pathbuf[1]));
        teardown();
}

TEST_MAIN("file", TEST(test_write_and_replace), TEST(test_large_write), TEST(test_relative_name),
          TEST(test_refuses_fifo), TEST(test_refuses_folder), TEST(test_refuses_symlink),
          TEST(test_planted_symlink), TEST(test_missing_folder), TEST(test_check_writable),
          TEST(test_stdout), TEST(test_read))
