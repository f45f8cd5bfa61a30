/*
 * The run directory: every finished external run is kept in a folder of its
 * own, keyed by what determines its result -- the backend's identity
 * (command template, environment, format ...), the role (a template may
 * read {path}; and the two roles' runs are never one), the load, the seed, the
 * request count and the effective config -- so that rerunning the same
 * comparison reuses finished runs and a changed path or config never does.
 *
 *   <base>/e<erlang>-s<seed>-<role>-<key>/   config.ini  the effective INI of the run
 *                                     identity    the backend identity, for people
 *                                     stdout.log, stderr.log, out.json (if {out})
 *                                     done.json   written last, atomically: finished
 *
 * Thread-safety: different runs use different folders; the functions keep
 * no state.
 */
#ifndef COMPARE_RUN_DIR_H
#define COMPARE_RUN_DIR_H

#include <stddef.h>
#include <stdint.h>

#include "../backends/backend.h"

/* FNV-1a 64-bit key of one run. */
uint64_t compare_run_key(const char *identity, const char *role, double erlang, uint32_t seed,
                         uint32_t requests, const char *config_text);

/*
 * Creates the run's folder under `base` (dir, cap), writes config.ini and
 * identity into it when they are not there yet, and sets `config` (cap) to
 * the config file's path.  RG_IO naming the file.
 */
int compare_run_dir_prepare(const char *base, const struct backend *b, const char *role,
                            double erlang, uint32_t seed, uint32_t requests,
                            const char *config_text, char *dir, size_t dir_cap, char *config,
                            size_t config_cap, struct rg_errbuf *eb);

/* True when the folder holds a finished run; its timing goes into `res`. */
bool compare_run_dir_finished(const char *dir, struct backend_result *res);

/* Marks the run in `dir` finished with its timing (done.json, atomically). */
int compare_run_dir_finish(const char *dir, const struct backend_result *res, struct rg_errbuf *eb);

/* Name of a run-time clock for reports. */
const char *compare_clock_name(enum backend_clock c);

#endif
