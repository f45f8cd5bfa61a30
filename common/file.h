/* Whole-file reading and atomic writing, with errors that name the file. */
#ifndef RG_FILE_H
#define RG_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/*
 * Reads `path` into a NUL-terminated heap buffer (*out, caller frees) of
 * *len bytes.  Fails with RG_IO naming the file.  Files over 256 MiB are
 * refused: no input of ours is that large and a mistake should not eat memory.
 */
int rg_file_read(const char *path, char **out, size_t *len, struct rg_errbuf *eb);

/* Writes `len` bytes to `path` via a temporary file in the same directory and
 * rename(), so readers never see a half-written report. */
int rg_file_write_atomic(const char *path, const char *data, size_t len, struct rg_errbuf *eb);

/* Creates `path` and its missing parents (mode 0755); an existing folder is
 * fine.  RG_IO naming the path otherwise. */
int rg_mkdir_p(const char *path, struct rg_errbuf *eb);

/* Removes `path` and everything below it (no symlink is followed).  RG_IO
 * naming the first entry that could not be removed. */
int rg_remove_tree(const char *path, struct rg_errbuf *eb);

/* True when `path` exists (any kind). */
bool rg_path_exists(const char *path);

/* 1-based line number of byte offset `off` in `text`. */
int rg_text_line_of(const char *text, size_t off);

#endif
