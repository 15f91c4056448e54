/* A C program linked against libgit2 (the script links it dynamically and statically).
   No argument: prints "hi" only. `init`: git_libgit2_init(). `open`: init, then open the
   repository in the working directory. */
#include <git2.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv) {
  if (argc > 1) {
    git_libgit2_init();
    if (strcmp(argv[1], "open") == 0) {
      git_repository *repo = NULL;
      if (git_repository_open_ext(&repo, ".", 0, NULL) != 0) return 3;
      git_repository_free(repo);
    }
  }
  puts("hi");
  return 0;
}
