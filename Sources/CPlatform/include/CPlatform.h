#ifndef AGENTLEDGER_CPLATFORM_H
#define AGENTLEDGER_CPLATFORM_H
#include <spawn.h>

/* glibc declares these only under _GNU_SOURCE, which Swift's Glibc module does not define,
   so LedgerCore reaches them through these two wrappers. */

/* posix_spawn_file_actions_addchdir_np: the child starts in `path`. */
int cplatform_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/* pipe2(fds, O_CLOEXEC): a pipe whose ends are not inherited by other children. */
int cplatform_pipe_cloexec(int fds[2]);

/* A blocking flock(2) that can be given up on without signals: a helper thread waits in the
   kernel's queue of waiters on a duplicate of `fd` while the caller waits on a condition
   variable with a timeout, so the caller keeps its place in the queue across waits. */
typedef struct cplatform_lock_wait cplatform_lock_wait;

/* Starts waiting for `operation` (LOCK_EX or LOCK_SH) on `fd`; NULL with errno on failure. */
cplatform_lock_wait *cplatform_lock_start(int fd, int operation);

/* Waits up to `milliseconds`: 0 once the lock is held (through `fd`: the duplicate shares its
   open file description), ETIMEDOUT while still waiting, or the errno that made flock fail.
   After 0 or an error the wait is over and freed; after ETIMEDOUT call again or abandon. */
int cplatform_lock_await(cplatform_lock_wait *wait, long milliseconds);

/* Gives up a wait that timed out: should the lock come later, the helper releases it at once.
   The caller must not use the wait afterwards. */
void cplatform_lock_abandon(cplatform_lock_wait *wait);

#endif
