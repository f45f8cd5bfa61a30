/*
 * Fuzz target for backends/run_file.c: every input is read as a rollgate run
 * file, and as FUSION's output file too (a run file must be refused there
 * cleanly, and the other way round), against the contract in
 * fuzz_contract.h.  A breach aborts.
 *
 * As a libFuzzer target (no fuzz_replay.c):
 *   clang -fsanitize=fuzzer,address,undefined fuzz_run_file.c fuzz_contract.c <backends>
 * As a plain program (tests/fuzz/meson.build) it replays a corpus.
 *
 * Seeds in corpus/run_file/: rg_* are rollgate run files (two lines of
 * tests/golden, a failed run, a FUSION adapter's file with bbp only),
 * fusion_* are FUSION output files cut down to the keys read (NSFNet runs of
 * FUSION itself: blocking at 1200 Erlang, save_step 2, nothing blocked),
 * bad_* and some fusion_* are malformed (bad_newline_in_status.json is a crash
 * this target found: a message quoting a file's text across two lines).
 */
#include <stdlib.h>

#include "fuzz_contract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *text = fuzz_text(data, size);
        if (text == NULL)
                return 0;
        fuzz_check_run_file(text);
        fuzz_check_fusion_file(text);
        free(text);
        return 0;
}
