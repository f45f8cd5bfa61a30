/*
 * Helpers shared by the fuzz targets of the config and input parsers
 * (settings, topology, modulation table, distribution, injection, command
 * template, command line): the input as a temporary file for parsers that
 * read a path, and the error contract every parser keeps.  A breach prints
 * the input's name (fuzz_input, set by the replay) and aborts.
 */
#ifndef FUZZ_UTIL_H
#define FUZZ_UTIL_H

#include "fuzz_contract.h" /* fuzz_terminated, fuzz_breach */

#include <stddef.h>
#include <stdint.h>

#include "../../common/error.h"

/* Aborts with `what` unless `ok`. */
void fuzz_require(int ok, const char *what);

/*
 * Writes the input to a new file /tmp/rg_fuzz_XXXXXX; returns its path in
 * `path` (cap >= 32), or -1 when it cannot be written (the target then
 * skips the input).  The caller unlinks it.
 */
int fuzz_temp_file(const uint8_t *data, size_t size, char *path, size_t cap);

/* The error contract: RG_OK with an untouched errbuf, or the same code in
 * the errbuf with a non-empty one-line message. */
void fuzz_check_status(int rc, const struct rg_errbuf *eb);

#endif
