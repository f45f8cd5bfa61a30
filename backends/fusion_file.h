/*
 * FUSION's output file (<erlang>_erlang.json) holds every iteration of one
 * load, as FUSION's StatsPersistence writes it; backend_fusion_parse reads
 * one iteration of it into a backend_result.
 *
 * Nothing here prints; errors name the file (`what`) and the key.  Safe to
 * call from several threads at once.
 */
#ifndef BACKEND_FUSION_FILE_H
#define BACKEND_FUSION_FILE_H

#include <stdint.h>

#include "result.h"

/*
 * Parses FUSION's <erlang>_erlang.json text: iteration `iteration` (0-based;
 * FUSION's iteration i ran seed i + 1) with `requests` requests per
 * iteration.  blocked = round(BP x requests) from iter_stats[i].sim_block_list
 * (cumulative lists: element i is iteration i); bbp as reported from
 * sim_br_block_list; block_reasons (fractions in FUSION) turned into counts
 * when present; modulations, hops, lengths where FUSION recorded them for
 * that iteration.  A missing iteration is RG_NOTFOUND naming it.
 */
int backend_fusion_parse(const char *text, const char *what, int iteration, uint32_t requests,
                         struct backend_result *out, struct rg_errbuf *eb);

/* Iterations present in a FUSION output file (-1 on a parse error). */
int backend_fusion_iterations(const char *text);

#endif
