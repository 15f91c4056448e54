#ifndef AGENTLEDGER_CPLATFORM_H
#define AGENTLEDGER_CPLATFORM_H
#include <spawn.h>

/* glibc declares these only under _GNU_SOURCE, which Swift's Glibc module does not define,
   so LedgerCore reaches them through these two wrappers. */

/* posix_spawn_file_actions_addchdir_np: the child starts in `path`. */
int cplatform_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/* pipe2(fds, O_CLOEXEC): a pipe whose ends are not inherited by other children. */
int cplatform_pipe_cloexec(int fds[2]);

#endif
