/*
 * The import backend: results produced elsewhere (a cluster, an earlier
 * run, FUSION's own command line), read from a directory.  Two layouts:
 *
 *   rollgate run files  *.json / *.jsonl anywhere below DIR, each holding
 *                       one run object per line (rollgate sim --json), with
 *                       its erlang and seed
 *   FUSION's output     <network>/<date>/<time>/s1/<erlang>_erlang.json;
 *                       iteration i of a file is seed i + 1
 *
 * The directory is read once, at creation; a (load, seed) the directory
 * lacks is an input error found before any run (backend_import_check),
 * never a run skipped silently.
 */
#ifndef BACKEND_IMPORT_H
#define BACKEND_IMPORT_H

#include "backend.h"

/* Reads `dir` (its name in messages); RG_IO / RG_PARSE naming the file,
 * RG_NOTFOUND when it holds no runs at all. */
int backend_import_create(const char *dir, struct backend **out, struct rg_errbuf *eb);

/* RG_NOTFOUND naming the first (load, seed) of the matrix the directory
 * lacks, or a FUSION file whose iterations do not reach a seed; RG_RANGE
 * for a run of another request count. */
int backend_import_check(const struct backend *b, const double *loads, int n_loads,
                         const uint32_t *seeds, int n_seeds, uint32_t requests,
                         struct rg_errbuf *eb);

#endif
