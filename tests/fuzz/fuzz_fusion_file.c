/*
 * Fuzz target for backends/fusion_file.c: every input is read as FUSION's
 * output file (its iteration count, then several iterations with several
 * request counts), against the contract in fuzz_contract.h.  A breach
 * aborts.  fuzz_run_file also feeds its inputs to this parser; this target
 * keeps libFuzzer on FUSION's format alone.
 *
 * As a libFuzzer target (no fuzz_replay.c):
 *   clang -fsanitize=fuzzer,address,undefined fuzz_fusion_file.c fuzz_contract.c <backends>
 * As a plain program (tests/fuzz/meson.build) it replays a corpus.
 *
 * Seeds in corpus/fusion_file/: ok_*_erlang*.json are files FUSION wrote
 * (NSFNet, 600 Erlang on both FUSION paths, and its shipped slicing at 1800
 * Erlang with save_step 10) cut down to two iterations and the keys read;
 * the other ok_* are edge cases that parse (no iterations, a far iteration
 * number, null figures); bad_* are malformed or not FUSION's.
 */
#include <stdlib.h>

#include "fuzz_contract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *text = fuzz_text(data, size);
        if (text == NULL)
                return 0;
        fuzz_check_fusion_file(text);
        free(text);
        return 0;
}
