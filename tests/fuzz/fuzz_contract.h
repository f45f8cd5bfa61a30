/*
 * What the fuzz targets check: the contract of the backends' result-file
 * parsers (backends/run_file.h, backends/fusion_file.h) on any input.
 * Whatever a parser accepts must be a possible result (counts that add up,
 * figures in range, strings terminated, only the figures that file kind
 * gives); whatever it refuses must come with its error code, a one-line
 * message and a zeroed result.  A breach prints the input's name and aborts.
 */
#ifndef FUZZ_CONTRACT_H
#define FUZZ_CONTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Each target defines it (libFuzzer's entry point; fuzz_replay.c calls it
 * for every corpus file when the target is built as a plain program). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input being checked, named in a breach message (set by the replay). */
extern const char *fuzz_input;

/* `text` read as a rollgate run file. */
void fuzz_check_run_file(const char *text);

/* `text` read as FUSION's output file: its iteration count, and iterations 0
 * to 4 (and the one past the last) with 1000, 500 and 10 requests each. */
void fuzz_check_fusion_file(const char *text);

/* A NUL-terminated heap copy of the input (NULL when out of memory). */
char *fuzz_text(const uint8_t *data, size_t size);

/* Prints "fuzz: <input>: <what>" and aborts: a breach of the contract. */
void fuzz_breach(const char *what) __attribute__((noreturn));

/* Whether a NUL ends the string within its cap-byte buffer. */
bool fuzz_terminated(const char *s, size_t cap);

/* Whether the n bytes at p are all zero. */
bool fuzz_zero(const void *p, size_t n);

#endif
