/*
 * Command-line options shared by every subcommand that simulates: they
 * override the config file's settings.  Parsed with getopt_long in two
 * passes (--config first, then the overrides in order).
 */
#ifndef HARNESS_OPTIONS_H
#define HARNESS_OPTIONS_H

#include <getopt.h>
#include <stdio.h>

#include "settings.h"

/* Long options of the simulation settings; ids from HARNESS_OPT_BASE up. */
#define HARNESS_OPT_BASE 1000
extern const struct option harness_sim_options[];
extern const int harness_sim_options_count;

/* Help lines for those options. */
void harness_sim_options_help(FILE *out);

/*
 * Applies one parsed option to `s`.  Returns RG_OK, RG_NOTFOUND when `opt` is
 * not a simulation option, or RG_USAGE with a message naming the option.
 */
int harness_sim_option_apply(struct harness_settings *s, int opt, const char *arg,
                             struct rg_errbuf *eb);

/*
 * Builds settings from defaults, the config (--config or the default config),
 * and the simulation options found in argv.  Options not belonging to the
 * simulation are left for the caller: `extra` lists them (getopt_long
 * format) and `on_extra` receives each (return RG_OK or an error).
 */
int harness_settings_from_argv(struct harness_settings *s, int argc, char **argv,
                               const struct option *extra, int n_extra,
                               int (*on_extra)(void *user, int opt, const char *arg,
                                               struct rg_errbuf *eb),
                               void *user, struct rg_errbuf *eb);

/* The one-line error for getopt_long's '?' (unknown option) or ':' (a
 * value missing), naming the option as the user wrote it; RG_USAGE. */
int harness_option_error(int opt, char *const *argv, struct rg_errbuf *eb);

/* The one operand after the options (from getopt's optind) into *operand:
 * RG_USAGE "which WHAT? (USAGE)" without one, "unexpected argument" for a
 * second. */
int harness_option_operand(int argc, char *const *argv, const char *what, const char *usage,
                           const char **operand, struct rg_errbuf *eb);

#endif
