import CLibGit2Probe

// A Swift program linked against Debian's shared libgit2. With the argument `init` it calls
// git_libgit2_init() (which loads the CA bundle); without, it only prints "hi".
if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "init" {
  git_libgit2_init()
}
print("hi")
