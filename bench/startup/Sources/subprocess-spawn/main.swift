import Subprocess
import SystemPackage

#if canImport(Glibc)
  import Glibc
#endif

// swift-subprocess runs `git rev-parse --git-common-dir` and prints what it wrote. Its API is
// async only, so the program starts the Swift concurrency runtime (and, on Linux, its
// Dispatch-based global executor) and swift-subprocess's own monitor threads.
//
// No argument: `.name("git")`, which swift-subprocess 1.0.2 resolves on Linux by forking a
// child per PATH entry until one `execve` succeeds. `resolved`: the probe finds git in PATH
// first (as System/Subprocess does) and passes `.path(...)`: one fork.
func gitPath() -> String? {
  let searchPath = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
  for directory in searchPath.split(separator: ":") {
    let candidate = "\(directory)/git"
    if access(candidate, X_OK) == 0 { return candidate }
  }
  return nil
}

let executable: Executable
if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "resolved" {
  guard let path = gitPath() else {
    print("cannot find git in PATH")
    exit(3)
  }
  executable = .path(FilePath(path))
} else {
  executable = .name("git")
}
do {
  let result = try await run(
    executable, arguments: ["rev-parse", "--git-common-dir"], output: .string(limit: 65536),
    error: .discarded)
  print(result.standardOutput, terminator: "")
} catch {
  print("cannot run git: \(error)")
}
