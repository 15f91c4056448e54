#if canImport(Glibc)
  import Glibc
#endif

// `git rev-parse --git-common-dir` the way Sources/LedgerCore/System/Subprocess.swift runs
// git: find it in PATH, posix_spawn it with its output on a pipe, read to the end, waitpid.

func resolve(_ name: String) -> String? {
  let searchPath = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
  for directory in searchPath.split(separator: ":") {
    let candidate = "\(directory)/\(name)"
    if access(candidate, X_OK) == 0 { return candidate }
  }
  return nil
}

// A function, not top-level code: Swift 6 isolates top-level variables to the main actor,
// which would link the concurrency runtime and Dispatch into this probe.
func spawnGit() -> Int32 {
  guard let git = resolve("git") else {
    print("cannot find git in PATH")
    return 3
  }
  var pipeFDs: [Int32] = [-1, -1]
  guard pipe(&pipeFDs) == 0 else { return 3 }
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
  posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addclose(&actions, pipeFDs[0])
  posix_spawn_file_actions_addclose(&actions, pipeFDs[1])
  var attributes = posix_spawnattr_t()
  posix_spawnattr_init(&attributes)
  var defaults = sigset_t()
  sigemptyset(&defaults)
  sigaddset(&defaults, SIGPIPE)
  posix_spawnattr_setsigdefault(&attributes, &defaults)
  posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))

  let words: [String] = [git, "rev-parse", "--git-common-dir"]
  let argv = words.map { strdup($0) }
  var pid = pid_t()
  let status = (argv + [nil]).withUnsafeBufferPointer { buffer in
    posix_spawn(
      &pid, git, &actions, &attributes, UnsafeMutablePointer(mutating: buffer.baseAddress!),
      environ)
  }
  guard status == 0 else {
    print("cannot run \(git): error \(status)")
    return 3
  }
  close(pipeFDs[1])
  var output: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = chunk.withUnsafeMutableBytes { read(pipeFDs[0], $0.baseAddress, $0.count) }
    if count < 0 && errno == EINTR { continue }
    if count <= 0 { break }
    output.append(contentsOf: chunk[0..<count])
  }
  close(pipeFDs[0])
  var exitStatus: Int32 = 0
  while waitpid(pid, &exitStatus, 0) < 0 && errno == EINTR {}
  print(String(decoding: output, as: UTF8.self), terminator: "")
  return exitStatus == 0 ? 0 : 1
}

exit(spawnGit())
