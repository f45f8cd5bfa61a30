/* Whole-file reading and safe atomic writing, with errors that name the file. */
#ifndef RG_FILE_H
#define RG_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/*
 * Reads `path` into a NUL-terminated heap buffer (*out, caller frees) of
 * *len bytes.  Fails with RG_IO naming the file (also when it is not a
 * regular file), RG_PARSE naming file and line when it holds a NUL byte.  Files over 256 MiB are
 * refused: no input of ours is that large and a mistake should not eat memory.
 */
int rg_file_read(const char *path, char **out, size_t *len, struct rg_errbuf *eb);

/*
 * Writes `len` bytes to `path` so that readers never see a half-written file:
 * into a new temporary file in the same folder (created exclusively, never
 * through a symlink, mode 0644 less the umask), fsync, rename() over `path`,
 * fsync the folder.
 *
 * `path` "-" means standard output (written with stdio and flushed, so it
 * stays in order with what the caller printed before).
 *
 * Target policy: `path` must be absent or a regular file.  Anything else
 * already there is refused and left untouched: a folder, FIFO, device,
 * socket, and any symbolic link, even one to a regular file (replacing the
 * link would surprise whoever made it; following it would let the link's
 * owner choose what we overwrite).  Give the link's target instead.
 *
 * Fails with RG_IO (RG_NOMEM) and a one-line message naming `path`, never
 * the temporary file, which is removed on every failure.  Safe to call from
 * several threads at once for different paths.
 */
int rg_file_write_atomic(const char *path, const char *data, size_t len, struct rg_errbuf *eb);

/*
 * Checks, before any work is done, that rg_file_write_atomic(path) can
 * succeed as far as can be told up front: `path` is "-", or it is absent or
 * a regular file (the policy above) and its folder exists and is writable by
 * us (access(2), so a root user passes on a read-only folder; the write
 * itself still reports what the kernel says).  RG_IO with a one-line
 * message naming `path` otherwise.  Creates nothing.
 */
int rg_file_check_writable(const char *path, struct rg_errbuf *eb);

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
