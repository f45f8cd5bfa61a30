/*
 * FNV-1a, 64 bits: the hash of reported strings and lists (backends/) and of
 * keys that only need to tell inputs apart.  Not for security: colliding
 * inputs are easy to make.  Safe from any thread.
 */
#ifndef RG_HASH_H
#define RG_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The offset basis: the hash of no bytes. */
#define RG_FNV1A64_BASIS 0xcbf29ce484222325ull

/* `h` carried on over the `n` bytes at `data` (which may be NULL when n is
 * 0): rg_fnv1a64(RG_FNV1A64_BASIS, s, len) is the hash of s, and passing a
 * result on hashes several pieces as one. */
uint64_t rg_fnv1a64(uint64_t h, const void *data, size_t n);

#endif
