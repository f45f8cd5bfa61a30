/*
 * The main of a fuzz target built as a plain program (linked instead of
 * libFuzzer's): replays files through the target's LLVMFuzzerTestOneInput,
 * so the normal test suite exercises it, as libvips' fuzz/ drivers do.
 *   fuzz_<target> DIR|FILE...    (exit 0 when every input passed)
 * A folder gives its regular files in name order, hidden ones skipped.
 */
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_contract.h"

static const char *prog = "fuzz";

static int replay_file(const char *path)
{
        FILE *f = fopen(path, "rb");
        if (f == NULL) {
                fprintf(stderr, "%s: cannot open %s\n", prog, path);
                return 1;
        }
        size_t cap = 4096, len = 0;
        uint8_t *buf = malloc(cap);
        while (buf != NULL) {
                len += fread(buf + len, 1, cap - len, f);
                if (len < cap)
                        break;
                uint8_t *more = realloc(buf, cap * 2);
                if (more == NULL) {
                        free(buf);
                        buf = NULL;
                        break;
                }
                buf = more;
                cap *= 2;
        }
        bool bad = buf == NULL || ferror(f);
        fclose(f);
        if (bad) {
                free(buf);
                fprintf(stderr, "%s: cannot read %s\n", prog, path);
                return 1;
        }
        fuzz_input = path;
        LLVMFuzzerTestOneInput(buf, len);
        free(buf);
        return 0;
}

static int by_name(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Replays the regular files of a folder in name order (hidden ones skipped);
 * `count` gets how many. */
static int replay_dir(const char *path, DIR *d, int *count)
{
        char **names = NULL;
        size_t n = 0, cap = 0;
        int rc = 0;
        struct dirent *e;
        while (rc == 0 && (e = readdir(d)) != NULL) {
                if (e->d_name[0] == '.')
                        continue;
                if (n == cap) {
                        cap = cap ? cap * 2 : 64;
                        char **more = realloc(names, cap * sizeof(*names));
                        if (more == NULL) {
                                rc = 1;
                                break;
                        }
                        names = more;
                }
                size_t len = strlen(path) + strlen(e->d_name) + 2;
                if ((names[n] = malloc(len)) == NULL) {
                        rc = 1;
                        break;
                }
                snprintf(names[n++], len, "%s/%s", path, e->d_name);
        }
        if (rc == 0 && n > 0)
                qsort(names, n, sizeof(*names), by_name);
        for (size_t i = 0; i < n; i++) {
                if (rc == 0) {
                        rc = replay_file(names[i]);
                        (*count)++;
                }
                free(names[i]);
        }
        free(names);
        if (rc != 0)
                fprintf(stderr, "%s: cannot replay %s\n", prog, path);
        return rc;
}

int main(int argc, char **argv)
{
        if (argc < 2) {
                fprintf(stderr, "usage: %s CORPUS_DIR|FILE...\n", argv[0]);
                return 2;
        }
        prog = argv[0];
        int count = 0;
        for (int i = 1; i < argc; i++) {
                DIR *d = opendir(argv[i]);
                int rc;
                if (d != NULL) {
                        rc = replay_dir(argv[i], d, &count);
                        closedir(d);
                } else {
                        rc = replay_file(argv[i]);
                        count++;
                }
                if (rc != 0)
                        return 1;
        }
        if (count == 0) {
                fprintf(stderr, "%s: no inputs in %s\n", prog, argv[1]);
                return 1;
        }
        return 0;
}
