#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>
#include "CPlatform.h"

int cplatform_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
    return posix_spawn_file_actions_addchdir_np(actions, path);
}

int cplatform_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

struct cplatform_lock_wait {
    pthread_mutex_t mutex;
    pthread_cond_t done;
    int fd;        /* the helper's duplicate */
    int operation;
    int state;     /* 0 waiting, 1 acquired, 2 failed */
    int error;
    int abandoned;
    int references;
};

static void lock_wait_release(struct cplatform_lock_wait *wait) {
    /* called with the mutex held; frees the wait when the last of caller and helper lets go */
    wait->references -= 1;
    int last = wait->references == 0;
    pthread_mutex_unlock(&wait->mutex);
    if (last) {
        pthread_cond_destroy(&wait->done);
        pthread_mutex_destroy(&wait->mutex);
        free(wait);
    }
}

static void *lock_wait_helper(void *argument) {
    struct cplatform_lock_wait *wait = argument;
    int result;
    do {
        result = flock(wait->fd, wait->operation);
    } while (result != 0 && errno == EINTR);
    int error = result == 0 ? 0 : errno;
    pthread_mutex_lock(&wait->mutex);
    if (wait->abandoned) {
        if (result == 0) flock(wait->fd, LOCK_UN);
    } else {
        wait->state = result == 0 ? 1 : 2;
        wait->error = error;
        pthread_cond_signal(&wait->done);
    }
    close(wait->fd);
    lock_wait_release(wait);
    return NULL;
}

cplatform_lock_wait *cplatform_lock_start(int fd, int operation) {
    struct cplatform_lock_wait *wait = calloc(1, sizeof *wait);
    if (wait == NULL) return NULL;
    wait->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (wait->fd < 0) {
        int error = errno;
        free(wait);
        errno = error;
        return NULL;
    }
    wait->operation = operation;
    wait->references = 2;
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&wait->done, &attributes);
    pthread_condattr_destroy(&attributes);
    pthread_mutex_init(&wait->mutex, NULL);
    pthread_attr_t thread_attributes;
    pthread_attr_init(&thread_attributes);
    pthread_attr_setdetachstate(&thread_attributes, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&thread_attributes, 64 * 1024);
    pthread_t thread;
    int error = pthread_create(&thread, &thread_attributes, lock_wait_helper, wait);
    pthread_attr_destroy(&thread_attributes);
    if (error != 0) {
        close(wait->fd);
        pthread_cond_destroy(&wait->done);
        pthread_mutex_destroy(&wait->mutex);
        free(wait);
        errno = error;
        return NULL;
    }
    return wait;
}

int cplatform_lock_await(cplatform_lock_wait *wait, long milliseconds) {
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += milliseconds / 1000;
    until.tv_nsec += (milliseconds % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec += 1;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&wait->mutex);
    while (wait->state == 0) {
        if (pthread_cond_timedwait(&wait->done, &wait->mutex, &until) == ETIMEDOUT) break;
    }
    if (wait->state == 0) {
        pthread_mutex_unlock(&wait->mutex);
        return ETIMEDOUT;
    }
    int result = wait->state == 1 ? 0 : (wait->error != 0 ? wait->error : EIO);
    lock_wait_release(wait);
    return result;
}

void cplatform_lock_abandon(cplatform_lock_wait *wait) {
    pthread_mutex_lock(&wait->mutex);
    wait->abandoned = 1;
    lock_wait_release(wait);
}
