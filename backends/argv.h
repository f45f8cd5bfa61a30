/*
 * The command template of an external backend: a line split into words with
 * shell-like quoting (never run by a shell), and the placeholders ({seed},
 * {out}, ...) in those words substituted for each run.
 *
 * Thread-safety: backend_argv is immutable after backend_argv_parse and may be
 * shared; backend_argv_expand may be called from several threads at once.
 * Nothing here prints.
 */
#ifndef BACKEND_ARGV_H
#define BACKEND_ARGV_H

#include <stdbool.h>

#include "../common/error.h"

#define BACKEND_ARGV_MAX 128

/* A command template split into words; placeholders stay in the words. */
struct backend_argv {
        int argc;
        char *argv[BACKEND_ARGV_MAX]; /* heap strings, owned */
};

/*
 * Splits `tmpl` like a POSIX shell splits words, without expansions: blanks
 * separate words; '...' is literal; "..." is literal except \" \\ \$ \`
 * and \newline; a backslash outside quotes escapes the next character
 * (backslash-newline joins lines); '' is an empty word.  An unterminated
 * quote, a trailing backslash, an empty command or more than
 * BACKEND_ARGV_MAX words is RG_PARSE with a message.  Placeholders are
 * recognised after quote removal ('{seed}' is still one; {{ and }} are
 * literal braces): an unknown {name} or an unmatched brace is RG_PARSE
 * naming it.  On error *out is left empty.
 */
int backend_argv_parse(const char *tmpl, struct backend_argv *out, struct rg_errbuf *eb);
void backend_argv_finish(struct backend_argv *a); /* NULL and half-built ok */

/* The placeholder names (without braces), NULL-terminated:
 * seed erlang requests holding_time path out workdir config */
extern const char *const backend_placeholders[];

/* Values for the placeholders of one run; NULL means "not available". */
struct backend_vars {
        const char *value[8]; /* in backend_placeholders order */
};

/* True when a word of `a` uses placeholder `name`. */
bool backend_argv_uses(const struct backend_argv *a, const char *name);

/*
 * Substitutes {name} in every word (a literal brace is written {{ or }}).
 * *out_argv is a NULL-terminated heap array of heap strings; free it with
 * backend_argv_free.  RG_USAGE if a used placeholder has no value.
 */
int backend_argv_expand(const struct backend_argv *a, const struct backend_vars *vars,
                        char ***out_argv, struct rg_errbuf *eb);
void backend_argv_free(char **argv);

#endif
