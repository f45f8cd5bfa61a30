/*
 * rollgate history FILE.sqlite: the nightly history (gate/history.h) read
 * back, with the trend rules (gate/trend.h) applied to every (config, load,
 * metric), as a table, as JSON and as an HTML page (history_html.c).  It
 * reads only; the one write it can cause is the schema migration of an
 * older file, which the next nightly would make anyway.
 */
#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/file.h"
#include "../common/json_write.h"
#include "../common/number.h"
#include "cli.h"
#include "options.h"
#include "history_view.h"
#include "settings.h"

static void help(void)
{
        printf("usage: rollgate history FILE.sqlite [--config NAME] [--json] [--html FILE]\n"
               "                        [--consecutive N]\n"
               "\n"
               "Shows the nightly history that 'rollgate nightly --history FILE.sqlite'\n"
               "records: per config and load the nights with their verdict, deviations and\n"
               "legacy's blocking, and the trend findings:\n"
               "  escalated        a rollback on N consecutive nights (harness errors skipped)\n"
               "  unstable         3 or more changes between rollback and no rollback within\n"
               "                   the last 7 nights\n"
               "  reference moved  legacy's own blocking left its history (the median of up to\n"
               "                   6 earlier nights) by more than T1 with the intervals apart:\n"
               "                   not the orchestrator's fault\n"
               "\n"
               "  --config NAME     only this config\n"
               "  --json            the same as one JSON document on standard output\n"
               "  --html FILE       also write an HTML page with one chart per config\n"
               "                    (atomically; FILE must be new or a regular file)\n"
               "  --consecutive N   rollback nights in a row that escalate (default 2)\n"
               "\n"
               "An empty history says \"no nights recorded\" (exit 0).  Exit code: 0 when\n"
               "the history was shown (whatever it says), 2 for a missing or foreign file,\n"
               "a schema newer than this rollgate's, an unknown config or bad options,\n"
               "1 otherwise.\n");
}

struct history_cli {
        const char *file, *config, *html;
        bool json;
        struct gate_trend_policy policy;
};

static int parse(int argc, char **argv, struct history_cli *cli, struct rg_errbuf *eb)
{
        static const struct option opts[] = {
            {"config", required_argument, NULL, 'c'},
            {"html", required_argument, NULL, 'H'},
            {"json", no_argument, NULL, 'j'},
            {"consecutive", required_argument, NULL, 'n'},
            {NULL, 0, NULL, 0},
        };
        int opt;
        long v;
        optind = 0; /* 0, not 1: glibc then also resets its internal state */
        opterr = 0;
        while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
                switch (opt) {
                case 'c':
                        cli->config = optarg;
                        break;
                case 'H':
                        cli->html = optarg;
                        break;
                case 'j':
                        cli->json = true;
                        break;
                case 'n':
                        if (harness_parse_int(optarg, 1, 1000, &v) != RG_OK)
                                return rg_fail(eb, RG_USAGE,
                                               "option --consecutive: '%s' is not a whole number "
                                               "from 1 to 1000",
                                               optarg);
                        cli->policy.consecutive = (int)v;
                        break;
                default: /* '?' or ':' */
                        return harness_option_error(opt, argv, eb);
                }
        }
        return harness_option_operand(argc, argv, "history", "rollgate history FILE.sqlite",
                                      &cli->file, eb);
}

/* ---- the view ----------------------------------------------------------------- */

static void *xcalloc(size_t n, size_t size, int *err)
{
        void *p = calloc(n ? n : 1, size);
        if (p == NULL)
                *err = RG_NOMEM;
        return p;
}

static void view_series(struct history_view *v, struct history_view_series *vs)
{
        const struct gate_history_series *s = vs->s;
        for (int j = 0; j < s->n; j++) {
                const struct gate_history_row *r = &s->row[j];
                vs->nights[j] = (struct gate_trend_night){
                    .time = v->log->nights[s->night[j]].time,
                    .verdict = r->verdict,
                    .legacy_mean = r->legacy_mean,
                    .legacy_lo = r->legacy_lo,
                    .legacy_hi = r->legacy_hi,
                    .t1 = r->t1,
                    .unit = r->unit,
                };
                vs->hash_changed[j] = j > 0 && strcmp(r->config_hash, s->row[j - 1].config_hash);
        }
        for (int j = 0; j < s->n; j++) {
                int ref;
                vs->moved[j] =
                    gate_trend_reference_moved(&v->policy, vs->nights, j, &ref, &vs->shift[j]);
        }
        gate_trend_assess(&v->policy, vs->nights, s->n, &vs->trend);
        v->escalated += vs->trend.escalated;
        v->unstable += vs->trend.unstable;
        v->moved += vs->trend.moved;
        v->escalated_moved += vs->trend.escalated && vs->trend.moved_in_run;
}

int history_view_init(struct history_view *v, const char *file, const struct gate_history_log *log,
                      const struct gate_trend_policy *policy, struct rg_errbuf *eb)
{
        *v = (struct history_view){.file = file, .log = log, .policy = *policy};
        int err = RG_OK;
        v->series = xcalloc((size_t)log->n_series, sizeof(*v->series), &err);
        v->configs = xcalloc((size_t)log->n_series, sizeof(*v->configs), &err);
        for (int i = 0; err == RG_OK && i < log->n_series; i++) {
                struct history_view_series *vs = &v->series[i];
                vs->s = &log->series[i];
                size_t n = (size_t)vs->s->n;
                vs->nights = xcalloc(n, sizeof(*vs->nights), &err);
                vs->moved = xcalloc(n, sizeof(*vs->moved), &err);
                vs->shift = xcalloc(n, sizeof(*vs->shift), &err);
                vs->hash_changed = xcalloc(n, sizeof(*vs->hash_changed), &err);
                v->n_series = i + 1;
                if (err != RG_OK)
                        break;
                view_series(v, vs);
                if (v->n_configs == 0 ||
                    strcmp(v->configs[v->n_configs - 1].name, vs->s->config) != 0)
                        v->configs[v->n_configs++] =
                            (struct history_view_config){.name = vs->s->config, .first = i};
                v->configs[v->n_configs - 1].count++;
        }
        if (err != RG_OK) {
                history_view_finish(v);
                return rg_fail(eb, RG_NOMEM, "out of memory");
        }
        return RG_OK;
}

void history_view_finish(struct history_view *v)
{
        for (int i = 0; v->series && i < v->n_series; i++) {
                free(v->series[i].nights);
                free(v->series[i].moved);
                free(v->series[i].shift);
                free(v->series[i].hash_changed);
        }
        free(v->series);
        free(v->configs);
        v->series = NULL;
        v->configs = NULL;
        v->n_series = v->n_configs = 0;
}

/* ---- the table ------------------------------------------------------------------ */

static void put_fixed(struct rg_buf *o, double v, bool sign)
{
        if (isnan(v))
                rg_buf_puts(o, "-");
        else if (isinf(v))
                rg_buf_puts(o, v > 0 ? "+inf" : "-inf");
        else
                rg_buf_printf(o, sign ? "%+.3f" : "%.3f", v);
}

/* "+0.120 [-0.300, +0.540]" padded to `width` */
static void put_cell(struct rg_buf *o, double mean, double lo, double hi, bool sign, int width)
{
        struct rg_buf c;
        rg_buf_init(&c);
        if (isnan(mean)) {
                rg_buf_puts(&c, "-");
        } else {
                put_fixed(&c, mean, sign);
                rg_buf_puts(&c, " [");
                put_fixed(&c, lo, sign);
                rg_buf_puts(&c, ", ");
                put_fixed(&c, hi, sign);
                rg_buf_puts(&c, "]");
        }
        o->nomem |= rg_buf_failed(&c);
        rg_buf_printf(o, "%-*s", width, rg_buf_text(&c));
        rg_buf_finish(&c);
}

/* The series of `metric` among a config's series at load `erlang`. */
static const struct history_view_series *find(const struct history_view *v,
                                              const struct history_view_config *c, double erlang,
                                              const char *metric)
{
        for (int i = c->first; i < c->first + c->count; i++)
                if (v->series[i].s->erlang == erlang && strcmp(v->series[i].s->metric, metric) == 0)
                        return &v->series[i];
        return NULL;
}

/* The point of series `vs` on night `night` (index into the log), -1. */
static int point_of(const struct history_view_series *vs, int night)
{
        for (int j = 0; vs && j < vs->s->n; j++)
                if (vs->s->night[j] == night)
                        return j;
        return -1;
}

static void table_load(const struct history_view *v, const struct history_view_config *c,
                       double erlang, struct rg_buf *o)
{
        const struct history_view_series *bp = find(v, c, erlang, "BP"),
                                         *bbp = find(v, c, erlang, "BBP");
        const struct history_view_series *any = bp ? bp : bbp;
        const struct gate_history_row *last = &any->s->row[any->s->n - 1];
        rg_buf_printf(o, "\n  %g Erlang (T1 %g %s, T2 %g %s)\n", erlang, last->t1, last->unit,
                      last->t2, last->unit);
        rg_buf_printf(o, "    %-5s %-21s %-19s %-27s %-27s %-27s %s\n", "night", "time", "verdict",
                      "BP deviation", "BBP deviation", "legacy BP (%)", "notes");
        for (int ni = 0; ni < v->log->n_nights; ni++) {
                int jb = point_of(bp, ni), jx = point_of(bbp, ni);
                if (jb < 0 && jx < 0)
                        continue;
                const struct gate_history_row *r = jb >= 0 ? &bp->s->row[jb] : &bbp->s->row[jx];
                size_t start = o->len;
                rg_buf_printf(o, "    %-5d %-21s %-19s ", ni + 1, v->log->nights[ni].time,
                              stats_verdict_name(r->load_verdict));
                const struct gate_history_row *rb = jb >= 0 ? &bp->s->row[jb] : NULL;
                const struct gate_history_row *rx = jx >= 0 ? &bbp->s->row[jx] : NULL;
                put_cell(o, rb ? rb->deviation : NAN, rb ? rb->dev_lo : NAN, rb ? rb->dev_hi : NAN,
                         true, 27);
                rg_buf_putc(o, ' ');
                put_cell(o, rx ? rx->deviation : NAN, rx ? rx->dev_lo : NAN, rx ? rx->dev_hi : NAN,
                         true, 27);
                rg_buf_putc(o, ' ');
                put_cell(o, rb ? rb->legacy_mean : NAN, rb ? rb->legacy_lo : NAN,
                         rb ? rb->legacy_hi : NAN, false, 27);
                const char *sep = " ";
                const struct history_view_series *both[2] = {bp, bbp};
                const int at[2] = {jb, jx};
                for (int k = 0; k < 2; k++) {
                        if (at[k] < 0 || !both[k]->moved[at[k]])
                                continue;
                        rg_buf_printf(o, "%s%s reference moved %+.3f %s", sep, both[k]->s->metric,
                                      both[k]->shift[at[k]], both[k]->s->row[at[k]].unit);
                        sep = "; ";
                }
                if (at[0] >= 0 ? bp->hash_changed[at[0]] : bbp->hash_changed[at[1]])
                        rg_buf_printf(o, "%sconfig changed", sep);
                while (o->len > start && o->data[o->len - 1] == ' ')
                        o->data[--o->len] = '\0'; /* no padding after the last column */
                rg_buf_putc(o, '\n');
        }
}

/* The findings of one series worth a line, each given to `emit`: a
 * rollback run, instability, a moved reference (tonight or within the
 * window).  Returns the number of lines. */
static int findings(const struct history_view *v, const struct history_view_series *vs,
                    void (*emit)(void *ctx, const char *line), void *ctx)
{
        const struct gate_trend *t = &vs->trend;
        int lines = 0;
        char head[200], line[1024];
        snprintf(head, sizeof(head), "%s, %g Erlang, %s: ", vs->s->config, vs->s->erlang,
                 vs->s->metric);
        if (t->streak > 0) {
                snprintf(line, sizeof(line), "%s%s%s", head, t->escalation_reason,
                         t->moved_in_run ? " (but legacy's reference moved during it, see "
                                           "below: not the orchestrator's fault)"
                                         : "");
                emit(ctx, line);
                lines++;
        }
        if (t->unstable) {
                snprintf(line, sizeof(line), "%s%s", head, t->unstable_reason);
                emit(ctx, line);
                lines++;
        }
        if (t->moved) {
                snprintf(line, sizeof(line), "%s%s", head, t->reference_reason);
                emit(ctx, line);
                lines++;
        } else if (t->last_moved >= 0 && t->last_moved >= vs->s->n - v->policy.window) {
                snprintf(line, sizeof(line),
                         "%sreference moved on %s by %+.3f %s (legacy's level since then)", head,
                         vs->nights[t->last_moved].time, vs->shift[t->last_moved],
                         vs->s->row[t->last_moved].unit);
                emit(ctx, line);
                lines++;
        }
        return lines;
}

static void emit_console(void *ctx, const char *line)
{
        rg_buf_printf(ctx, "  %s\n", line);
}

static void put_nights(const struct history_view *v, struct rg_buf *o)
{
        const struct gate_history_log *log = v->log;
        rg_buf_printf(o, "%s: %d night%s", v->file, log->n_nights, log->n_nights == 1 ? "" : "s");
        if (log->n_nights > 0)
                rg_buf_printf(o, " from %s to %s", log->nights[0].time,
                              log->nights[log->n_nights - 1].time);
        rg_buf_printf(o, ", %d config%s\n", v->n_configs, v->n_configs == 1 ? "" : "s");
        for (int i = 0; i < log->n_nights; i++) {
                const struct gate_history_night *n = &log->nights[i];
                rg_buf_printf(o, "  night %d: %s, rollgate %s", i + 1, n->time, n->version);
                for (int k = 0; k < n->n_labels; k++)
                        rg_buf_printf(o, "%s%s=%s", k ? ", " : ", labels ", n->labels[k].key,
                                      n->labels[k].value);
                rg_buf_putc(o, '\n');
        }
}

static void render_table(const struct history_view *v, struct rg_buf *o)
{
        if (v->log->n_nights == 0) {
                rg_buf_printf(o, "%s: no nights recorded\n", v->file);
                return;
        }
        put_nights(v, o);
        for (int c = 0; c < v->n_configs; c++) {
                const struct history_view_config *cf = &v->configs[c];
                const struct history_view_series *first = &v->series[cf->first];
                rg_buf_printf(o, "\nconfig %s (hash %s)\n", cf->name,
                              first->s->row[first->s->n - 1].config_hash);
                for (int i = cf->first; i < cf->first + cf->count; i++)
                        if (i == cf->first || v->series[i].s->erlang != v->series[i - 1].s->erlang)
                                table_load(v, cf, v->series[i].s->erlang, o);
        }
        rg_buf_puts(o, "\nfindings:\n");
        int lines = 0;
        for (int i = 0; i < v->n_series; i++)
                lines += findings(v, &v->series[i], emit_console, o);
        if (lines == 0)
                rg_buf_puts(o, "  none\n");
        rg_buf_printf(o,
                      "trend: %d escalated (%d of them while legacy's reference moved), %d "
                      "unstable, %d reference moved, of %d series (escalation after %d "
                      "consecutive rollback nights)\n",
                      v->escalated, v->escalated_moved, v->unstable, v->moved, v->n_series,
                      v->policy.consecutive);
}

/* ---- JSON --------------------------------------------------------------------------- */

static void jint(struct rg_json *w, cJSON *o, const char *key, double n)
{
        rg_json_add(w, o, key, cJSON_CreateNumber(n));
}

static void json_interval(struct rg_json *w, cJSON *o, const char *key, double mean, double lo,
                          double hi)
{
        cJSON *it = rg_json_add(w, o, key, cJSON_CreateObject());
        rg_json_num(w, it, "mean", mean);
        rg_json_num(w, it, "lo", lo);
        rg_json_num(w, it, "hi", hi);
}

static void json_trend(struct rg_json *w, const struct history_view_series *vs, cJSON *o)
{
        const struct gate_trend *t = &vs->trend;
        cJSON *j = rg_json_add(w, o, "trend", cJSON_CreateObject());
        rg_json_bool(w, j, "escalated", t->escalated);
        jint(w, j, "streak", t->streak);
        if (t->since >= 0)
                rg_json_str(w, j, "since", vs->nights[t->since].time);
        else
                rg_json_add(w, j, "since", cJSON_CreateNull());
        rg_json_str(w, j, "worst", stats_verdict_name(t->worst));
        rg_json_bool(w, j, "unstable", t->unstable);
        jint(w, j, "changes", t->changes);
        rg_json_bool(w, j, "reference_moved", t->moved);
        rg_json_num(w, j, "reference_shift", t->moved || t->reference >= 0 ? t->shift : NAN);
        if (t->reference >= 0)
                rg_json_str(w, j, "reference_night", vs->nights[t->reference].time);
        else
                rg_json_add(w, j, "reference_night", cJSON_CreateNull());
        rg_json_bool(w, j, "reference_moved_in_run", t->moved_in_run);
        rg_json_str(w, j, "escalation_reason", t->escalation_reason);
        rg_json_str(w, j, "unstable_reason", t->unstable_reason);
        rg_json_str(w, j, "reference_reason", t->reference_reason);
}

static void json_series(struct rg_json *w, const struct history_view *v,
                        const struct history_view_series *vs, cJSON *arr)
{
        cJSON *o = rg_json_add(w, arr, NULL, cJSON_CreateObject());
        rg_json_num(w, o, "erlang", vs->s->erlang);
        rg_json_str(w, o, "metric", vs->s->metric);
        cJSON *pts = rg_json_add(w, o, "nights", cJSON_CreateArray());
        for (int j = 0; j < vs->s->n; j++) {
                const struct gate_history_row *r = &vs->s->row[j];
                cJSON *p = rg_json_add(w, pts, NULL, cJSON_CreateObject());
                jint(w, p, "night", vs->s->night[j] + 1);
                rg_json_str(w, p, "time", v->log->nights[vs->s->night[j]].time);
                rg_json_str(w, p, "config_hash", r->config_hash);
                rg_json_str(w, p, "verdict", stats_verdict_name(r->verdict));
                rg_json_str(w, p, "load_verdict", stats_verdict_name(r->load_verdict));
                json_interval(w, p, "legacy", r->legacy_mean, r->legacy_lo, r->legacy_hi);
                json_interval(w, p, "orchestrator", r->orchestrator_mean, r->orchestrator_lo,
                              r->orchestrator_hi);
                rg_json_str(w, p, "unit", r->unit);
                json_interval(w, p, "deviation", r->deviation, r->dev_lo, r->dev_hi);
                rg_json_num(w, p, "t1", r->t1);
                rg_json_num(w, p, "t2", r->t2);
                rg_json_num(w, p, "legacy_seconds", r->legacy_seconds);
                rg_json_num(w, p, "orchestrator_seconds", r->orchestrator_seconds);
                rg_json_bool(w, p, "reference_moved", vs->moved[j]);
        }
        json_trend(w, vs, o);
}

struct json_lines {
        struct rg_json *w;
        cJSON *array;
};

static void emit_json(void *ctx, const char *line)
{
        struct json_lines *jl = ctx;
        rg_json_add(jl->w, jl->array, NULL, cJSON_CreateString(line));
}

static int render_json(const struct history_view *v, struct rg_buf *out, struct rg_errbuf *eb)
{
        struct rg_json w = {false};
        cJSON *root = cJSON_CreateObject();
        rg_json_str(&w, root, "tool", "rollgate");
        rg_json_str(&w, root, "command", "history");
        rg_json_str(&w, root, "file", v->file);
        jint(&w, root, "schema_version", GATE_HISTORY_SCHEMA_VERSION);
        cJSON *pol = rg_json_add(&w, root, "policy", cJSON_CreateObject());
        jint(&w, pol, "consecutive", v->policy.consecutive);
        jint(&w, pol, "window", v->policy.window);
        jint(&w, pol, "flips", v->policy.flips);
        cJSON *nights = rg_json_add(&w, root, "nights", cJSON_CreateArray());
        for (int i = 0; i < v->log->n_nights; i++) {
                const struct gate_history_night *n = &v->log->nights[i];
                cJSON *o = rg_json_add(&w, nights, NULL, cJSON_CreateObject());
                jint(&w, o, "night", i + 1);
                rg_json_str(&w, o, "time", n->time);
                rg_json_str(&w, o, "version", n->version);
                jint(&w, o, "rows", n->n_rows);
                cJSON *lb = rg_json_add(&w, o, "labels", cJSON_CreateObject());
                for (int k = 0; k < n->n_labels; k++)
                        rg_json_str(&w, lb, n->labels[k].key, n->labels[k].value);
        }
        cJSON *configs = rg_json_add(&w, root, "configs", cJSON_CreateArray());
        for (int c = 0; c < v->n_configs; c++) {
                cJSON *o = rg_json_add(&w, configs, NULL, cJSON_CreateObject());
                rg_json_str(&w, o, "config", v->configs[c].name);
                cJSON *series = rg_json_add(&w, o, "series", cJSON_CreateArray());
                for (int i = v->configs[c].first; i < v->configs[c].first + v->configs[c].count;
                     i++)
                        json_series(&w, v, &v->series[i], series);
        }
        struct json_lines jl = {&w, rg_json_add(&w, root, "findings", cJSON_CreateArray())};
        for (int i = 0; i < v->n_series; i++)
                findings(v, &v->series[i], emit_json, &jl);
        cJSON *sum = rg_json_add(&w, root, "summary", cJSON_CreateObject());
        jint(&w, sum, "series", v->n_series);
        jint(&w, sum, "escalated", v->escalated);
        jint(&w, sum, "escalated_reference_moved", v->escalated_moved);
        jint(&w, sum, "unstable", v->unstable);
        jint(&w, sum, "reference_moved", v->moved);
        return rg_json_finish(&w, root, "history JSON", out, eb);
}

/* ---- the command ------------------------------------------------------------------- */

int harness_cmd_history(int argc, char **argv)
{
        if (harness_wants_help(argc, argv)) {
                help();
                return RG_EXIT_OK;
        }
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        struct history_cli cli = {0};
        gate_trend_policy_default(&cli.policy);
        struct gate_history *h = NULL;
        struct gate_history_log *log = NULL;
        struct history_view view = {0};
        bool have_view = false;
        struct rg_buf out, page;
        rg_buf_init(&out);
        rg_buf_init(&page);
        int rc = parse(argc, argv, &cli, &eb);
        if (rc == RG_OK && cli.html)
                rc = rg_file_check_writable(cli.html, &eb);
        if (rc == RG_OK)
                rc = gate_history_open(cli.file, 0, &h, &eb);
        if (rc == RG_OK)
                rc = gate_history_read(h, cli.config, &log, &eb);
        gate_history_close(h);
        if (rc == RG_OK)
                have_view =
                    (rc = history_view_init(&view, cli.file, log, &cli.policy, &eb)) == RG_OK;
        if (rc == RG_OK) {
                if (cli.json)
                        rc = render_json(&view, &out, &eb);
                else
                        render_table(&view, &out);
        }
        if (rc == RG_OK && rg_buf_failed(&out))
                rc = rg_fail(&eb, RG_NOMEM, "out of memory");
        if (rc == RG_OK && cli.html)
                rc = history_html_render(&view, &page, &eb);
        if (rc == RG_OK && cli.html)
                rc = rg_file_write_atomic(cli.html, rg_buf_text(&page), page.len, &eb);
        if (rc == RG_OK)
                rc = rg_file_write_atomic("-", rg_buf_text(&out), out.len, &eb);
        if (have_view)
                history_view_finish(&view);
        gate_history_log_destroy(log);
        rg_buf_finish(&out);
        rg_buf_finish(&page);
        if (rc == RG_OK && fflush(stdout) != 0)
                rc = rg_fail(&eb, RG_IO, "cannot write to standard output");
        return rc == RG_OK ? RG_EXIT_OK : harness_die(rc, eb.msg);
}
