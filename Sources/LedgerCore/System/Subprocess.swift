import CPlatform

/// A program to run: its name or path, its arguments, its environment and working directory.
public struct Command: Sendable, Equatable {
  /// A path, or a name looked up in the `PATH` of `environment`.
  public var executable: String
  /// The arguments after the program name.
  public var arguments: [String]
  /// The complete environment of the child.
  public var environment: [String: String]
  /// The working directory of the child.
  public var directory: String
  /// Bytes written to the child's standard input (which is then closed); `nil` gives it
  /// `/dev/null`.
  public var input: [UInt8]?

  /// Creates a command description.
  public init(
    _ executable: String, _ arguments: [String], environment: [String: String],
    directory: String, input: [UInt8]? = nil
  ) {
    self.executable = executable
    self.arguments = arguments
    self.environment = environment
    self.directory = directory
    self.input = input
  }
}

/// What a finished child left behind.
public struct ProcessResult: Sendable, Equatable {
  /// The exit status, or 128 + the signal number when a signal ended the child.
  public var status: Int32
  /// Everything the child wrote to standard output.
  public var output: [UInt8]
  /// Everything the child wrote to standard error.
  public var errorOutput: [UInt8]

  /// Standard output decoded as UTF-8 (invalid bytes replaced).
  public var outputText: String { String(decoding: output, as: UTF8.self) }
  /// Standard error decoded as UTF-8 (invalid bytes replaced).
  public var errorText: String { String(decoding: errorOutput, as: UTF8.self) }
}

/// Runs child processes with `posix_spawn`, without Foundation, capturing their output.
public enum Subprocess {
  /// Starts every command at once, then waits for all of them, so independent git queries cost
  /// the time of the slowest instead of the sum.
  public static func runAll(_ commands: [Command]) throws(SystemError) -> [ProcessResult] {
    var children: [Child] = []
    for command in commands {
      do {
        children.append(try Child.spawn(command))
      } catch {
        for child in children { child.abandon() }
        throw error
      }
    }
    pump(&children)
    return children.map { $0.wait() }
  }

  /// Runs a command with the caller's standard input, output and error (for `git commit`
  /// launching an editor) and returns its exit status.
  public static func runAttached(_ command: Command) throws(SystemError) -> Int32 {
    let path = try resolve(command)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    cplatform_spawn_addchdir(&actions, command.directory)
    let pid = try spawn(path: path, command: command, actions: &actions)
    return waitFor(pid)
  }

  /// Starts a command that outlives the caller: its standard input, output and error are
  /// `/dev/null`, and `handOver` (an open descriptor, e.g. one holding an `flock`) becomes its
  /// descriptor 3; `newSession` starts it in a session of its own. Returns the child's pid
  /// without waiting for it.
  public static func startDetached(
    _ command: Command, handOver: Int32, newSession: Bool = false
  ) throws(SystemError) -> pid_t {
    let path = try resolve(command)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    // dup2 clears close-on-exec on the copy, so the child keeps it.
    posix_spawn_file_actions_adddup2(&actions, handOver, 3)
    cplatform_spawn_addchdir(&actions, command.directory)
    return try spawn(path: path, command: command, actions: &actions, newSession: newSession)
  }

  /// Finds the program to run: a path containing "/" as is, otherwise the first executable
  /// match in the command's `PATH`.
  static func resolve(_ command: Command) throws(SystemError) -> String {
    if command.executable.contains("/") { return command.executable }
    let searchPath = command.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for directory in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
      let candidate = FileSystem.join(String(directory), command.executable)
      if FileSystem.isExecutable(candidate) { return candidate }
    }
    throw SystemError("find", command.executable + " in PATH", code: ENOENT)
  }

  fileprivate static func spawn(
    path: String, command: Command, actions: inout posix_spawn_file_actions_t,
    newSession: Bool = false
  ) throws(SystemError) -> pid_t {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    // The child starts with default signal handling even if the parent ignores SIGPIPE.
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGPIPE)
    sigaddset(&defaults, SIGXFSZ)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    // A new session (`setsid`) outlives the git process group when a tool kills it.
    let setsid: Int32 = 0x80  // POSIX_SPAWN_SETSID (glibc 2.26+), not exported to Swift
    posix_spawnattr_setflags(
      &attributes, Int16(POSIX_SPAWN_SETSIGDEF | (newSession ? setsid : 0)))

    let argv = ([path] + command.arguments).map { strdup($0) }
    let envp = command.environment.map { strdup("\($0.key)=\($0.value)") }
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var pid = pid_t()
    let status = (argv + [nil]).withUnsafeBufferPointer { argvBuffer in
      (envp + [nil]).withUnsafeBufferPointer { envBuffer in
        posix_spawn(
          &pid, path, &actions, &attributes,
          UnsafeMutablePointer(mutating: argvBuffer.baseAddress!),
          UnsafeMutablePointer(mutating: envBuffer.baseAddress!))
      }
    }
    guard status == 0 else { throw SystemError("run", path, code: status) }
    return pid
  }

  fileprivate static func waitFor(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
      if errno != EINTR { return 127 }
    }
    let signal = status & 0x7f
    if signal == 0 { return (status >> 8) & 0xff }
    return 128 + signal
  }

  /// Moves bytes between every child's pipes until all of them are closed.
  private static func pump(_ children: inout [Child]) {
    while true {
      var fds: [pollfd] = []
      var owners: [(child: Int, stream: Int)] = []
      for (index, child) in children.enumerated() {
        if child.inputFD >= 0 {
          fds.append(pollfd(fd: child.inputFD, events: Int16(POLLOUT), revents: 0))
          owners.append((index, 0))
        }
        if child.outputFD >= 0 {
          fds.append(pollfd(fd: child.outputFD, events: Int16(POLLIN), revents: 0))
          owners.append((index, 1))
        }
        if child.errorFD >= 0 {
          fds.append(pollfd(fd: child.errorFD, events: Int16(POLLIN), revents: 0))
          owners.append((index, 2))
        }
      }
      if fds.isEmpty { return }
      let ready = poll(&fds, nfds_t(fds.count), -1)
      if ready < 0 {
        if errno == EINTR { continue }
        for index in children.indices { children[index].closeAll() }
        return
      }
      for (slot, entry) in fds.enumerated() where entry.revents != 0 {
        let (index, stream) = owners[slot]
        switch stream {
        case 0: children[index].feedInput()
        case 1: children[index].drain(output: true)
        default: children[index].drain(output: false)
        }
      }
    }
  }
}

/// One running child and the parent's ends of its pipes.
private struct Child {
  var pid: pid_t
  var inputFD: Int32
  var outputFD: Int32
  var errorFD: Int32
  var pendingInput: [UInt8]
  var inputOffset = 0
  var output: [UInt8] = []
  var errorOutput: [UInt8] = []

  static func spawn(_ command: Command) throws(SystemError) -> Child {
    let path = try Subprocess.resolve(command)
    var outPipe: [Int32] = [-1, -1]
    var errPipe: [Int32] = [-1, -1]
    var inPipe: [Int32] = [-1, -1]
    guard cplatform_pipe_cloexec(&outPipe) == 0, cplatform_pipe_cloexec(&errPipe) == 0 else {
      throw .last("create a pipe for", path)
    }
    let wantsInput = command.input != nil
    if wantsInput && cplatform_pipe_cloexec(&inPipe) != 0 { throw .last("create a pipe for", path) }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if wantsInput {
      posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
    } else {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    }
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    cplatform_spawn_addchdir(&actions, command.directory)

    let pid: pid_t
    do {
      pid = try Subprocess.spawn(path: path, command: command, actions: &actions)
    } catch {
      for fd in outPipe + errPipe + inPipe where fd >= 0 { close(fd) }
      throw error
    }
    close(outPipe[1])
    close(errPipe[1])
    if wantsInput {
      close(inPipe[0])
      let flags = fcntl(inPipe[1], F_GETFL)
      _ = fcntl(inPipe[1], F_SETFL, flags | O_NONBLOCK)
    }
    var child = Child(
      pid: pid, inputFD: wantsInput ? inPipe[1] : -1, outputFD: outPipe[0], errorFD: errPipe[0],
      pendingInput: command.input ?? [])
    if wantsInput && child.pendingInput.isEmpty {
      close(child.inputFD)
      child.inputFD = -1
    }
    return child
  }

  mutating func feedInput() {
    let remaining = pendingInput.count - inputOffset
    let written = pendingInput.withUnsafeBytes { buffer in
      write(inputFD, buffer.baseAddress! + inputOffset, remaining)
    }
    if written > 0 { inputOffset += written }
    if (written < 0 && errno != EAGAIN && errno != EINTR) || inputOffset == pendingInput.count {
      close(inputFD)
      inputFD = -1
    }
  }

  mutating func drain(output isOutput: Bool) {
    let fd = isOutput ? outputFD : errorFD
    // An uninitialised chunk: a zero-filled 64 kB buffer per read cost more than the read.
    var count = 0
    var failure: Int32 = 0
    let chunk = [UInt8](unsafeUninitializedCapacity: 65536) { buffer, initialized in
      count = read(fd, buffer.baseAddress, buffer.count)
      failure = errno
      initialized = max(count, 0)
    }
    if isOutput { output.append(contentsOf: chunk) } else { errorOutput.append(contentsOf: chunk) }
    if count > 0 { return }
    if count < 0 && (failure == EINTR || failure == EAGAIN) { return }
    close(fd)
    if isOutput { outputFD = -1 } else { errorFD = -1 }
  }

  mutating func closeAll() {
    for fd in [inputFD, outputFD, errorFD] where fd >= 0 { close(fd) }
    inputFD = -1
    outputFD = -1
    errorFD = -1
  }

  func abandon() {
    for fd in [inputFD, outputFD, errorFD] where fd >= 0 { close(fd) }
    kill(pid, SIGKILL)
    _ = Subprocess.waitFor(pid)
  }

  func wait() -> ProcessResult {
    ProcessResult(
      status: Subprocess.waitFor(pid), output: output, errorOutput: errorOutput)
  }
}
