#include "argv.h"

#include <stdlib.h>
#include <string.h>

#define BLANKS " \t\n"

const char *const backend_placeholders[] = {
    "seed", "erlang", "requests", "holding_time", "path", "out", "workdir", "config", NULL,
};
_Static_assert(sizeof(backend_placeholders) / sizeof(backend_placeholders[0]) ==
                   sizeof(((struct backend_vars *)0)->value) / sizeof(char *) + 1,
               "one backend_vars value per placeholder");

/* One step through a word: a literal run, a placeholder or a brace error. */
enum piece_kind { PIECE_END, PIECE_TEXT, PIECE_VAR, PIECE_UNKNOWN, PIECE_UNMATCHED };

struct piece {
        enum piece_kind kind;
        const char *s; /* TEXT: the literal; UNKNOWN: "{name}"; UNMATCHED: the brace */
        size_t len;
        int var; /* VAR: index in backend_placeholders */
};

static int placeholder_index(const char *name, size_t len)
{
        for (int i = 0; backend_placeholders[i] != NULL; i++)
                if (strncmp(backend_placeholders[i], name, len) == 0 &&
                    backend_placeholders[i][len] == '\0')
                        return i;
        return -1;
}

static struct piece piece_next(const char **pp)
{
        const char *p = *pp;
        struct piece pc = {.kind = PIECE_TEXT, .s = p, .len = 1, .var = -1};
        if (*p == '\0') {
                pc.kind = PIECE_END;
                pc.len = 0;
        } else if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
                *pp = p + 2; /* {{ and }} stand for one brace */
                return pc;
        } else if (*p == '{') {
                size_t n = strcspn(p + 1, "{}");
                if (p[1 + n] != '}') {
                        pc.kind = PIECE_UNMATCHED;
                } else {
                        pc.var = placeholder_index(p + 1, n);
                        pc.kind = pc.var >= 0 ? PIECE_VAR : PIECE_UNKNOWN;
                        pc.len = n + 2;
                }
        } else if (*p == '}') {
                pc.kind = PIECE_UNMATCHED;
        } else {
                pc.len = strcspn(p, "{}");
        }
        *pp = p + pc.len;
        return pc;
}

static int word_check(const char *word, struct rg_errbuf *eb)
{
        for (const char *p = word;;) {
                struct piece pc = piece_next(&p);
                switch (pc.kind) {
                case PIECE_END:
                        return RG_OK;
                case PIECE_UNKNOWN:
                        return rg_fail(eb, RG_PARSE,
                                       "unknown placeholder '%.*s' in command word '%.64s' "
                                       "(known: seed erlang requests holding_time path out "
                                       "workdir config; a literal brace is {{ or }})",
                                       (int)pc.len, pc.s, word);
                case PIECE_UNMATCHED:
                        return rg_fail(eb, RG_PARSE,
                                       "unmatched '%c' in command word '%.64s' (a literal brace "
                                       "is {{ or }})",
                                       *pc.s, word);
                default:
                        break;
                }
        }
}

/*
 * Reads one word starting at *pp (not a blank) into buf, removing quotes and
 * backslashes the way sh does when it has no expansions to do.  *made says
 * whether a word was there at all: '' is a word, a lone line continuation is
 * not.
 */
static int word_read(const char *tmpl, const char **pp, char *buf, bool *made, struct rg_errbuf *eb)
{
        const char *p = *pp;
        size_t n = 0;
        *made = false;
        while (*p != '\0' && strchr(BLANKS, *p) == NULL) {
                const char *at = p;
                char c = *p++;
                if (c == '\'') {
                        const char *end = strchr(p, '\'');
                        if (end == NULL)
                                return rg_fail(eb, RG_PARSE,
                                               "unterminated ' in command (opened at column %d)",
                                               (int)(at - tmpl) + 1);
                        memcpy(buf + n, p, (size_t)(end - p));
                        n += (size_t)(end - p);
                        p = end + 1;
                        *made = true;
                } else if (c == '"') {
                        for (;;) {
                                c = *p++;
                                if (c == '\0')
                                        return rg_fail(eb, RG_PARSE,
                                                       "unterminated \" in command (opened at "
                                                       "column %d)",
                                                       (int)(at - tmpl) + 1);
                                if (c == '"')
                                        break;
                                if (c == '\\' && *p == '\n') {
                                        p++;
                                        continue;
                                }
                                if (c == '\\' && *p != '\0' && strchr("\"\\$`", *p) != NULL)
                                        c = *p++;
                                buf[n++] = c;
                        }
                        *made = true;
                } else if (c == '\\') {
                        if (*p == '\0')
                                return rg_fail(eb, RG_PARSE, "command ends with a backslash");
                        c = *p++;
                        if (c == '\n')
                                continue; /* line continuation */
                        buf[n++] = c;
                        *made = true;
                } else {
                        buf[n++] = c;
                        *made = true;
                }
        }
        buf[n] = '\0';
        *pp = p;
        return RG_OK;
}

int backend_argv_parse(const char *tmpl, struct backend_argv *out, struct rg_errbuf *eb)
{
        memset(out, 0, sizeof(*out));
        if (tmpl == NULL)
                tmpl = "";
        /* a word is never longer than the template it comes from */
        char *buf = malloc(strlen(tmpl) + 1);
        if (buf == NULL)
                return rg_fail(eb, RG_NOMEM, "command: out of memory");
        int rc = RG_OK;
        for (const char *p = tmpl;;) {
                p += strspn(p, BLANKS);
                if (*p == '\0')
                        break;
                bool made;
                rc = word_read(tmpl, &p, buf, &made, eb);
                if (rc != RG_OK)
                        goto out;
                if (!made)
                        continue;
                if (out->argc == BACKEND_ARGV_MAX) {
                        rc = rg_fail(eb, RG_PARSE, "command has more than %d words",
                                     BACKEND_ARGV_MAX);
                        goto out;
                }
                rc = word_check(buf, eb);
                if (rc != RG_OK)
                        goto out;
                out->argv[out->argc] = strdup(buf);
                if (out->argv[out->argc] == NULL) {
                        rc = rg_fail(eb, RG_NOMEM, "command: out of memory");
                        goto out;
                }
                out->argc++;
        }
        if (out->argc == 0)
                rc = rg_fail(eb, RG_PARSE, "empty command");
out:
        free(buf);
        if (rc != RG_OK)
                backend_argv_finish(out);
        return rc;
}

void backend_argv_finish(struct backend_argv *a)
{
        if (a == NULL)
                return;
        for (int i = 0; i < BACKEND_ARGV_MAX; i++) {
                free(a->argv[i]);
                a->argv[i] = NULL;
        }
        a->argc = 0;
}

bool backend_argv_uses(const struct backend_argv *a, const char *name)
{
        int want = placeholder_index(name, strlen(name));
        if (want < 0)
                return false;
        for (int i = 0; i < a->argc; i++) {
                const char *p = a->argv[i];
                for (struct piece pc = piece_next(&p); pc.kind != PIECE_END; pc = piece_next(&p))
                        if (pc.kind == PIECE_VAR && pc.var == want)
                                return true;
        }
        return false;
}

/* The expansion of `word`: its length in *len (0 on an error), and the text
 * in dst unless dst is NULL (the first pass only measures). */
static int word_expand(const char *word, const struct backend_vars *vars, char *dst, size_t *len,
                       struct rg_errbuf *eb)
{
        size_t n = 0;
        *len = 0;
        for (const char *p = word;;) {
                struct piece pc = piece_next(&p);
                const char *s = pc.s;
                size_t k = pc.len;
                if (pc.kind == PIECE_END)
                        break;
                if (pc.kind == PIECE_VAR) {
                        s = vars->value[pc.var];
                        if (s == NULL)
                                return rg_fail(eb, RG_USAGE,
                                               "placeholder {%s} in command word '%.64s' has no "
                                               "value for this run",
                                               backend_placeholders[pc.var], word);
                        k = strlen(s);
                } else if (pc.kind != PIECE_TEXT) {
                        return word_check(word, eb); /* a word not from backend_argv_parse */
                }
                if (dst != NULL)
                        memcpy(dst + n, s, k);
                n += k;
        }
        if (dst != NULL)
                dst[n] = '\0';
        *len = n;
        return RG_OK;
}

int backend_argv_expand(const struct backend_argv *a, const struct backend_vars *vars,
                        char ***out_argv, struct rg_errbuf *eb)
{
        *out_argv = NULL;
        char **argv = calloc((size_t)a->argc + 1, sizeof(*argv));
        if (argv == NULL)
                return rg_fail(eb, RG_NOMEM, "command: out of memory");
        for (int i = 0; i < a->argc; i++) {
                size_t len;
                int rc = word_expand(a->argv[i], vars, NULL, &len, eb);
                if (rc == RG_OK && (argv[i] = malloc(len + 1)) == NULL)
                        rc = rg_fail(eb, RG_NOMEM, "command: out of memory");
                if (rc != RG_OK) {
                        backend_argv_free(argv);
                        return rc;
                }
                word_expand(a->argv[i], vars, argv[i], &len, eb);
        }
        *out_argv = argv;
        return RG_OK;
}

void backend_argv_free(char **argv)
{
        if (argv == NULL)
                return;
        for (char **p = argv; *p != NULL; p++)
                free(*p);
        free(argv);
}
