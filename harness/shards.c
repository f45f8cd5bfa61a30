/*
 * Shards from the command line: `compare --shard I/N --run-dir DIR` runs
 * one slice of the matrix and writes its shard file; `merge DIR...` reads
 * the files, checks them (compare/shard.h) and reports exactly as compare
 * would have on one machine, building the comparison again from the
 * arguments the shards kept.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/file.h"
#include "../compare/shard.h"
#include "cli.h"
#include "options.h"
#include "compare_cli.h"

#ifndef RG_VERSION
#define RG_VERSION "unknown"
#endif

/* ---- one shard ---- */

int harness_shard_check(const struct harness_compare_cli *cli, struct rg_errbuf *eb)
{
        const struct harness_settings *s = cli->set;
        const struct {
                const char *key, *path;
        } out[] = {{"json", s->cmp.json},
                   {"markdown", s->cmp.markdown},
                   {"junit", s->cmp.junit},
                   {"html", s->cmp.html},
                   {"notification", s->cmp.notification}};
        for (size_t i = 0; i < sizeof(out) / sizeof(out[0]); i++) {
                const char *where = harness_settings_cmp_where(s, out[i].key);
                if (out[i].path[0] && strncmp(where, "option", 6) == 0)
                        return rg_fail(eb, RG_USAGE,
                                       "%s: a shard writes no report; rollgate merge writes the "
                                       "reports from every shard's file",
                                       where);
        }
        if (s->cmp.run_dir[0] == '\0')
                return rg_fail(eb, RG_USAGE,
                               "option --shard: needs --run-dir DIR, where the shard's runs and "
                               "its shard file go");
        return RG_OK;
}

/* Whether argv[i] is --shard as getopt_long takes it: the whole name or
 * any prefix of at least "--sh" (no other option starts so), with or
 * without "=VALUE". */
static bool shard_option(const char *a, bool *with_value)
{
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        *with_value = eq != NULL;
        return len >= 4 && len <= 7 && strncmp(a, "--shard", len) == 0;
}

/* argv without the subcommand and --shard, for the merge to parse again. */
static int kept_arguments(int argc, char **argv, char **kept)
{
        int n = 0;
        for (int i = 1; i < argc; i++) {
                bool with_value;
                if (strcmp(argv[i], "--") != 0 && shard_option(argv[i], &with_value)) {
                        i += !with_value;
                        continue;
                }
                kept[n++] = argv[i];
        }
        return n;
}

static int failed_pairs(const struct compare_result *r, const int *slice, int n)
{
        int failed = 0;
        for (int i = 0; i < n; i++) {
                const struct compare_pair *pr = &r->pairs[slice[i]];
                failed += pr->harness_rc != RG_OK || pr->run[0].status != RG_OK ||
                          pr->run[1].status != RG_OK;
        }
        return failed;
}

int harness_shard_run(struct harness_compare *hc, const struct harness_compare_cli *cli, int argc,
                      char **argv, int *exit_code, struct rg_errbuf *eb)
{
        *exit_code = RG_EXIT_OK;
        if (hc->cfg.seq.on)
                return rg_fail(eb, RG_USAGE,
                               "option --shard: a sequential design (--until-decided) decides "
                               "between looks over every load: run it on one machine or under "
                               "mpirun");
        struct compare_result *r = NULL;
        int rc = compare_plan(&hc->inputs, &hc->cfg, hc->loads, hc->n_loads, hc->seeds, hc->n_reps,
                              &r, eb);
        if (rc != RG_OK)
                return rc;
        const int n_all = r->n_loads * r->n_reps;
        int *slice = malloc(((size_t)n_all + 1) * sizeof(int));
        char **kept = calloc((size_t)argc + 1, sizeof(char *));
        char *text = NULL;
        if (slice == NULL || kept == NULL) {
                rc = rg_fail(eb, RG_NOMEM, "out of memory for the shard");
                goto out;
        }
        const int n = compare_shard_slice(r, cli->shard_index, cli->shard_count, slice);
        rc = n < 0 ? rg_fail(eb, RG_NOMEM, "out of memory for the shard")
                   : compare_execute_pairs(r, &hc->sim, slice, n, eb);
        if (rc != RG_OK)
                goto out;
        if (r->interrupted) {
                fprintf(stderr,
                        "rollgate: shard %d/%d interrupted: no shard file written; run it again "
                        "(finished external runs are reused)\n",
                        cli->shard_index, cli->shard_count);
                *exit_code = stats_verdict_exit_code(STATS_HARNESS_ERROR);
                goto out;
        }
        char extra[512], name[64], path[HARNESS_PATH_MAX + 80];
        harness_compare_extra(cli->set, extra, sizeof(extra));
        rc = compare_fingerprint_text(r, &hc->sim, extra, &text, eb);
        if (rc != RG_OK)
                goto out;
        compare_shard_file_name(cli->shard_index, cli->shard_count, name, sizeof(name));
        snprintf(path, sizeof(path), "%s/%s", cli->set->cmp.run_dir, name);
        rc = rg_mkdir_p(cli->set->cmp.run_dir, eb);
        if (rc == RG_OK)
                rc = compare_shard_write(r, cli->shard_index, cli->shard_count, slice, n, text,
                                         kept_arguments(argc, argv, kept), kept, RG_VERSION, path,
                                         eb);
        if (rc != RG_OK)
                goto out;
        int failed = failed_pairs(r, slice, n);
        if (!cli->quiet)
                printf("shard %d/%d: %d of %d pairs (%d runs) in %.1f s, %d with a failure -> %s\n"
                       "when every shard has run: rollgate merge DIR... (the folders holding "
                       "the shard files)\n",
                       cli->shard_index, cli->shard_count, n, n_all, 2 * n, r->wall_seconds, failed,
                       path);
out:
        free(text);
        free(kept);
        free(slice);
        compare_result_destroy(r);
        return rc;
}

/* ---- merge ---- */

enum { OPT_JSON = 1, OPT_MARKDOWN, OPT_JUNIT, OPT_HTML, OPT_NOTIFICATION, OPT_QUIET, OPT_ADVISORY };

static void help(void)
{
        puts("usage: rollgate merge DIR|FILE... [--json FILE] [--markdown FILE] [--junit FILE]\n"
             "                      [--html FILE] [--notification FILE] [--quiet] [--advisory]\n"
             "\n"
             "Reports on a comparison that ran in shards (rollgate compare --shard I/N\n"
             "--run-dir DIR): reads the shard files (rollgate-shard-I-of-N.json) in each DIR\n"
             "and in the folders directly inside it, or given as FILE, checks that they are\n"
             "every slice of one comparison exactly once, builds that comparison again from\n"
             "the arguments the shards ran with (run the merge where they ran: the config\n"
             "must be the same), and writes every report exactly as one machine would have.\n"
             "\n"
             "  --json, --markdown, --junit, --html, --notification FILE\n"
             "                           as for rollgate compare\n"
             "  --quiet                  print only the verdict, reason and action\n"
             "  --advisory               print the verdict but exit 0 unless the input was bad\n"
             "\n"
             "Exit codes: the verdict's (as compare), 2 when a shard is missing, given twice,\n"
             "of another comparison, or a file is unreadable.");
}

struct merge_cli {
        const char *out[5]; /* json, markdown, junit, html, notification */
        bool quiet, advisory;
        int n_paths;
        char **paths;
};

static bool shard_name(const char *name)
{
        int i, n;
        char again[64];
        if (sscanf(name, "rollgate-shard-%d-of-%d.json", &i, &n) != 2)
                return false;
        compare_shard_file_name(i, n, again, sizeof(again));
        return strcmp(again, name) == 0;
}

static int add_path(struct merge_cli *m, const char *dir, const char *name, struct rg_errbuf *eb)
{
        if (m->n_paths >= COMPARE_MAX_SHARDS * 2)
                return rg_fail(eb, RG_USAGE, "merge: more than %d shard files",
                               COMPARE_MAX_SHARDS * 2);
        size_t len = strlen(dir) + strlen(name) + 2;
        char *p = malloc(len);
        if (p == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        snprintf(p, len, "%s%s%s", dir, *dir && *name ? "/" : "", name);
        m->paths[m->n_paths++] = p;
        return RG_OK;
}

static int cmp_text(const void *a, const void *b)
{
        return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The shard files in `dir` and, when `deeper`, in the folders in it. */
static int scan(struct merge_cli *m, const char *dir, bool deeper, struct rg_errbuf *eb)
{
        DIR *d = opendir(dir);
        if (d == NULL)
                return rg_fail(eb, RG_IO, "%s: cannot open the folder", dir);
        int rc = RG_OK;
        struct dirent *e;
        while (rc == RG_OK && (e = readdir(d)) != NULL) {
                if (e->d_name[0] == '.')
                        continue;
                char path[HARNESS_PATH_MAX * 2];
                snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
                struct stat st;
                if (stat(path, &st) != 0)
                        continue;
                if (S_ISREG(st.st_mode) && shard_name(e->d_name))
                        rc = add_path(m, dir, e->d_name, eb);
                else if (S_ISDIR(st.st_mode) && deeper)
                        rc = scan(m, path, false, eb);
        }
        closedir(d);
        return rc;
}

static int collect(struct merge_cli *m, int argc, char **argv, int first, struct rg_errbuf *eb)
{
        m->paths = calloc(COMPARE_MAX_SHARDS * 2, sizeof(char *));
        if (m->paths == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        if (first >= argc)
                return rg_fail(eb, RG_USAGE,
                               "which shards? (rollgate merge DIR|FILE..., see --help)");
        for (int i = first; i < argc; i++) {
                struct stat st;
                if (stat(argv[i], &st) != 0)
                        return rg_fail(eb, RG_IO, "%s: no such file or folder", argv[i]);
                int before = m->n_paths;
                int rc =
                    S_ISDIR(st.st_mode) ? scan(m, argv[i], true, eb) : add_path(m, argv[i], "", eb);
                if (rc != RG_OK)
                        return rc;
                if (m->n_paths == before)
                        return rg_fail(eb, RG_USAGE,
                                       "%s: no shard file (rollgate-shard-I-of-N.json) in it or "
                                       "in the folders in it",
                                       argv[i]);
                qsort(m->paths + before, (size_t)(m->n_paths - before), sizeof(char *), cmp_text);
        }
        return RG_OK;
}

static int parse(struct merge_cli *m, int argc, char **argv, struct rg_errbuf *eb)
{
        static const struct option opts[] = {
            {"json", required_argument, NULL, OPT_JSON},
            {"markdown", required_argument, NULL, OPT_MARKDOWN},
            {"junit", required_argument, NULL, OPT_JUNIT},
            {"html", required_argument, NULL, OPT_HTML},
            {"notification", required_argument, NULL, OPT_NOTIFICATION},
            {"quiet", no_argument, NULL, OPT_QUIET},
            {"advisory", no_argument, NULL, OPT_ADVISORY},
            {NULL, 0, NULL, 0},
        };
        int opt;
        opterr = 0;
        optind = 0;
        while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
                if (opt == '?' || opt == ':')
                        return harness_option_error(opt, argv, eb);
                if (opt >= OPT_JSON && opt <= OPT_NOTIFICATION)
                        m->out[opt - OPT_JSON] = optarg;
                else if (opt == OPT_QUIET)
                        m->quiet = true;
                else
                        m->advisory = true;
        }
        return collect(m, argc, argv, optind, eb);
}

struct merge_state {
        struct merge_cli cli;
        int n;
        struct compare_shard_file *file; /* [n] */
        const struct compare_shard_file **sorted;
        const char **what;
        struct harness_settings *set;
        struct harness_compare *hc;
        struct compare_result *res;
};

static int read_files(struct merge_state *st, struct rg_errbuf *eb)
{
        st->n = st->cli.n_paths;
        st->file = calloc((size_t)st->n, sizeof(*st->file));
        st->sorted = calloc((size_t)st->n, sizeof(*st->sorted));
        st->what = calloc((size_t)st->n, sizeof(*st->what));
        if (st->file == NULL || st->sorted == NULL || st->what == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        for (int i = 0; i < st->n; i++) {
                char *text = NULL;
                size_t len = 0;
                int rc = rg_file_read(st->cli.paths[i], &text, &len, eb);
                if (rc == RG_OK)
                        rc = compare_shard_read(text, len, st->cli.paths[i], &st->file[i], eb);
                free(text);
                if (rc != RG_OK)
                        return rc;
                st->sorted[i] = &st->file[i];
                st->what[i] = st->cli.paths[i];
        }
        /* by index, so that the report lists the shards in order (a
         * duplicate is found by the check either way) */
        for (int i = 1; i < st->n; i++)
                for (int j = i; j > 0 && st->sorted[j]->index < st->sorted[j - 1]->index; j--) {
                        const struct compare_shard_file *f = st->sorted[j];
                        const char *w = st->what[j];
                        st->sorted[j] = st->sorted[j - 1];
                        st->what[j] = st->what[j - 1];
                        st->sorted[j - 1] = f;
                        st->what[j - 1] = w;
                }
        return compare_merge_check(st->sorted, st->what, st->n, eb);
}

/* A failure to build the comparison again, with where the shards ran when
 * the merge runs elsewhere (relative paths then point elsewhere). */
static int ran_elsewhere(const struct compare_shard_file *f, int rc, struct rg_errbuf *eb)
{
        char cwd[4096];
        if (getcwd(cwd, sizeof(cwd)) && strcmp(cwd, f->cwd) != 0) {
                size_t used = strlen(eb->msg);
                snprintf(eb->msg + used, sizeof(eb->msg) - used,
                         " (the shards ran in %.200s; run the merge there)", f->cwd);
        }
        return rc;
}

/* The comparison the shards ran, from the arguments the first one kept,
 * with the merge's report files. */
static int rebuild(struct merge_state *st, struct harness_compare_cli *cc, struct rg_errbuf *eb)
{
        const struct compare_shard_file *f = st->sorted[0];
        char **argv = calloc((size_t)f->argc + 2, sizeof(char *));
        if (argv == NULL)
                return rg_fail(eb, RG_NOMEM, "out of memory");
        argv[0] = "compare";
        for (int i = 0; i < f->argc; i++)
                argv[i + 1] = f->argv[i];
        cc->set = st->set;
        int rc = harness_compare_parse(cc, f->argc + 1, argv, eb);
        free(argv);
        if (rc != RG_OK)
                return ran_elsewhere(f, rc, eb);
        struct harness_settings *s = st->set;
        char *dst[5] = {s->cmp.json, s->cmp.markdown, s->cmp.junit, s->cmp.html,
                        s->cmp.notification};
        static const char *const key[5] = {"json", "markdown", "junit", "html", "notification"};
        for (int i = 0; i < 5; i++)
                if (st->cli.out[i]) {
                        if (strlen(st->cli.out[i]) >= HARNESS_PATH_MAX)
                                return rg_fail(eb, RG_USAGE, "option --%s: value too long", key[i]);
                        snprintf(dst[i], HARNESS_PATH_MAX, "%s", st->cli.out[i]);
                        char where[32];
                        snprintf(where, sizeof(where), "option --%s", key[i]);
                        harness_settings_cmp_set_where(s, key[i], where);
                }
        rc = harness_compare_check_outputs(s, eb);
        if (rc == RG_OK)
                rc = harness_compare_init(st->hc, s, eb);
        return rc == RG_OK ? rc : ran_elsewhere(f, rc, eb);
}

static void merge_free(struct merge_state *st)
{
        compare_result_destroy(st->res);
        if (st->hc)
                harness_compare_finish(st->hc);
        free(st->hc);
        free(st->set);
        for (int i = 0; st->file && i < st->n; i++)
                compare_shard_file_free(&st->file[i]);
        free(st->file);
        free(st->sorted);
        free(st->what);
        for (int i = 0; i < st->cli.n_paths; i++)
                free(st->cli.paths[i]);
        free(st->cli.paths);
}

int harness_cmd_merge(int argc, char **argv)
{
        if (harness_wants_help(argc, argv)) {
                help();
                return RG_EXIT_OK;
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct merge_state st = {0};
        st.set = malloc(sizeof(*st.set));
        st.hc = calloc(1, sizeof(*st.hc));
        int rc = st.set && st.hc ? parse(&st.cli, argc, argv, &eb)
                                 : rg_fail(&eb, RG_NOMEM, "out of memory");
        if (rc == RG_OK)
                rc = read_files(&st, &eb);
        struct harness_compare_cli cc = {0};
        if (rc == RG_OK)
                rc = rebuild(&st, &cc, &eb);
        char extra[512] = "";
        if (rc == RG_OK) {
                harness_compare_extra(st.set, extra, sizeof(extra));
                struct compare_merge m = {
                    .files = st.sorted, .what = st.what, .n = st.n, .extra = extra};
                struct compare_executor ex = {.execute = compare_merge_execute, .ctx = &m};
                st.hc->cfg.executor = &ex;
                rc = harness_compare_run(st.hc, &st.res, &eb);
                st.hc->cfg.executor = NULL;
        }
        if (rc == RG_OK)
                rc = harness_compare_write_reports(st.set, st.res, st.cli.quiet, &eb);
        int exit_code = RG_EXIT_OK;
        if (rc == RG_OK && !st.cli.advisory)
                exit_code = stats_verdict_exit_code(st.res->verdict);
        merge_free(&st);
        if (fflush(stdout) != 0 && rc == RG_OK)
                rc = rg_fail(&eb, RG_IO, "cannot write to standard output");
        return rc == RG_OK ? exit_code : harness_die(rc, eb.msg);
}
