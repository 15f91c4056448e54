/* Writes 100 kB to a new file, fsyncs it, renames it into place and fsyncs the directory.
   `nosync` does the same without the two fsyncs; the difference is what durability costs. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
int main(int argc, char **argv) {
  int durable = !(argc > 1 && strcmp(argv[1], "nosync") == 0);
  static char buffer[100 * 1024];
  memset(buffer, '.', sizeof buffer);
  int fd = open(".git/probe-fsync.tmp", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0 || write(fd, buffer, sizeof buffer) != (ssize_t)sizeof buffer) return 3;
  if (durable && fsync(fd) != 0) return 3;
  close(fd);
  if (rename(".git/probe-fsync.tmp", ".git/probe-fsync") != 0) return 3;
  if (durable) {
    int dir = open(".git", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir < 0 || fsync(dir) != 0) return 3;
    close(dir);
  }
  return 0;
}
