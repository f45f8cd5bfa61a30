/*
 * Fuzz target for compare/shard.c: every input is read as a shard file
 * (compare_shard_read).  A refusal must come with its code, a one-line
 * message and an emptied file.  A file read must be one a shard could have
 * written: a count from 1 to COMPARE_MAX_SHARDS with the index below it,
 * the fingerprint of its configuration, its arguments and texts terminated,
 * pairs in increasing matrix order, each marked ran with a harness code and
 * run statuses that are RG_* codes; and every pair, as the text an MPI rank
 * sends (compare_pair_text), must read back (compare_pair_parse) to the
 * same pair and write again to the same text.  The input is read as such
 * a text too (compare_pair_parse), where no fingerprint stands in front of
 * the pair reader, under the same checks.  A breach aborts.
 *
 * As a libFuzzer target (no fuzz_replay.c):
 *   clang -fsanitize=fuzzer,address,undefined fuzz_shard.c fuzz_contract.c <compare, backends>
 * As a plain program (tests/fuzz/meson.build) it replays a corpus.
 *
 * Seeds in corpus/shard/ were written by `rollgate compare --shard` on
 * tiny comparisons (--requests 200 --replications 2): builtin.json (slice
 * 0/2 of two loads), crash.json (slice 1/2 of a drill whose orchestrator
 * crashes: failed runs, fail_request), metrics.json (exec paths through
 * tests/cli/fake_sim.sh with --metrics: numbers, strings and lists) and
 * empty_slice.json (slice 2/3 of a matrix of one pair: no pairs).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../compare/shard.h"
#include "fuzz_contract.h"

static void check_file(const struct compare_shard_file *f)
{
        if (f->count < 1 || f->count > COMPARE_MAX_SHARDS || f->index < 0 || f->index >= f->count)
                fuzz_breach("index or count out of range");
        if (f->timing.index != f->index || f->timing.count != f->count)
                fuzz_breach("timing names another shard");
        if (f->configuration == NULL || compare_fingerprint(f->configuration) != f->fingerprint)
                fuzz_breach("fingerprint not the configuration's");
        if (!fuzz_terminated(f->version, sizeof(f->version)) ||
            !fuzz_terminated(f->cwd, sizeof(f->cwd)) ||
            !fuzz_terminated(f->timing.host, sizeof(f->timing.host)))
                fuzz_breach("a text not terminated");
        if (f->argc < 0 || f->argc > COMPARE_SHARD_ARGS || f->argv == NULL ||
            f->argv[f->argc] != NULL)
                fuzz_breach("arguments not argc strings and NULL");
        for (int i = 0; i < f->argc; i++)
                if (f->argv[i] == NULL)
                        fuzz_breach("an argument missing");
        if (f->timing.threads < 0 || f->timing.runs_executed < 0 || f->timing.runs_reused < 0 ||
            f->timing.started < 0 || f->timing.finished < 0)
                fuzz_breach("timing count negative");
        if (f->n_pairs < 0 || (f->n_pairs > 0 && (f->pair == NULL || f->pairs == NULL)))
                fuzz_breach("pairs missing");
        for (int k = 0; k < f->n_pairs; k++)
                if (f->pair[k] < 0 || (k > 0 && f->pair[k] <= f->pair[k - 1]))
                        fuzz_breach("pairs not in increasing matrix order");
}

static void check_pair(const struct compare_pair *pr)
{
        if (!pr->ran || pr->harness_rc < RG_OK || pr->harness_rc >= RG_ERROR_COUNT ||
            !fuzz_terminated(pr->harness_error, sizeof(pr->harness_error)))
                fuzz_breach("a pair not ran, or its harness code or error bad");
        for (int role = 0; role < 2; role++)
                if (pr->run[role].status < RG_OK || pr->run[role].status >= RG_ERROR_COUNT ||
                    !fuzz_terminated(pr->run[role].error, sizeof(pr->run[role].error)))
                        fuzz_breach("a run's status or error bad");
}

/* A pair read (at index j) as a rank's text, read back and written again.  Both pairs come
 * from readers that zero the pair before filling it, so they compare with
 * memcmp (doubles bit for bit, NaN being NAN). */
static void check_pair_text(const struct compare_pair *pr, int j)
{
        check_pair(pr);
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        char *text = NULL;
        if (compare_pair_text(pr, j, &text, &eb) != RG_OK)
                fuzz_breach("a pair read could not be written");
        static struct compare_pair back;
        int at = -1;
        if (compare_pair_parse(text, strlen(text), "pair", j + 1, &at, &back, &eb) != RG_OK) {
                fprintf(stderr, "fuzz: %s\n", eb.msg);
                fuzz_breach("a pair's text does not read back");
        }
        if (at != j || memcmp(&back, pr, sizeof(back)) != 0)
                fuzz_breach("a pair written and read back changed");
        char *again = NULL;
        if (compare_pair_text(&back, at, &again, &eb) != RG_OK || strcmp(text, again) != 0)
                fuzz_breach("a pair written twice gave two texts");
        free(again);
        free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *text = fuzz_text(data, size);
        if (text == NULL)
                return 0;
        static struct compare_shard_file f;
        struct rg_errbuf eb;
        rg_errbuf_init(&eb);
        /* the input as a rank's message too: the pair reader without the
         * fingerprint in front of it */
        static struct compare_pair pr;
        int j = -1;
        if (compare_pair_parse(text, size, "pair", INT32_MAX, &j, &pr, &eb) == RG_OK)
                check_pair_text(&pr, j);
        else if (j != -1 || pr.ran)
                fuzz_breach("a refused pair left something behind");
        rg_errbuf_init(&eb);
        int rc = compare_shard_read(text, size, "s.json", &f, &eb);
        free(text);
        if (rc != RG_OK) {
                if (rc < 0 || rc >= RG_ERROR_COUNT || eb.code != rc || eb.msg[0] == '\0' ||
                    strchr(eb.msg, '\n') != NULL)
                        fuzz_breach("refusal without its code and one-line message");
                if (!fuzz_zero(&f, sizeof(f)))
                        fuzz_breach("a refused file left something behind");
                return 0;
        }
        check_file(&f);
        for (int k = 0; k < f.n_pairs; k++)
                check_pair_text(&f.pairs[k], f.pair[k]);
        compare_shard_file_free(&f);
        if (!fuzz_zero(&f, sizeof(f)))
                fuzz_breach("a freed file not emptied");
        return 0;
}
