/*
 * spawn_helpers.h - what the two spawn area files share (test_spawn.c defines these;
 * test_spawn_peers.c, the cases ported from the peers' suites, uses them too).
 */
#ifndef RNS_TEST_SPAWN_HELPERS_H
#define RNS_TEST_SPAWN_HELPERS_H

#include <rns.h>
#include <spawn.h>
#include <sys/types.h>

/* No child of this case left unreaped. */
void expect_no_zombie(void);
/* Waits for the spawned child (through its pidfd, closed here); its exit code or 128+sig. */
int wait_pidfd(int pidfd, pid_t pid);
/* A new attribute (CHECKed). */
rns_spawn_attr *new_attr(void);
/* Runs argv[0] with `a` (freed here; NULL: defaults), its stdout into `out` (NUL-terminated,
 * trailing newlines removed); returns its exit code. */
int run_capture(rns_spawn_attr *a, char *const argv[], char *const envp[], char *out, size_t n);
/* Runs argv[0] with glibc's posix_spawn, `fa` (NULL: none; else a dup of the stdout pipe is
 * added to it, the caller destroys it) and `pa`, its stdout into `out` as run_capture() does;
 * returns its exit code (or 128+sig). */
int posix_capture(posix_spawn_file_actions_t *fa, const posix_spawnattr_t *pa, char *const argv[], char *out,
                  size_t n);
/* Removes the directory tree `dir` (a case's temporary one). */
void rm_tree(const char *dir);
/* Reads `fd` to its end into `out` (NUL-terminated, trailing newlines removed), closes it. */
void read_output(int fd, char *out, size_t n);
/* Spawns `path` with `a` (freed here), requiring failure `err` at `step`, the child reaped
 * and no fd leaked. */
void expect_fail(rns_spawn_attr *a, const char *path, int err, int step);
/* A child cloned with `flags` (CLONE_NEW*) that pauses until killed (kill_and_reap()). */
pid_t ns_helper(int flags);

#endif
