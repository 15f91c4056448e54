import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// What a finished process left: its exit status (or the signal that killed it) and its output.
struct CommandResult: Sendable, CustomStringConvertible {
  /// The command line, for messages.
  var command: [String]
  /// The exit status; for a process killed by a signal, the signal number.
  var status: Int32
  /// The signal that killed the process, or `nil` when it exited.
  var signal: Int32?
  /// Everything written to standard output.
  var stdout: String
  /// Everything written to standard error.
  var stderr: String
  /// Seconds from launch to exit.
  var elapsed: Double

  /// True when the process exited (not killed) with `code`.
  func exited(_ code: Int32) -> Bool { signal == nil && status == code }

  /// The non-empty lines of standard output.
  var lines: [String] { stdout.split(separator: "\n").map(String.init) }

  var description: String {
    let how = signal.map { "killed by signal \($0)" } ?? "exit \(status)"
    return """
      $ \(command.joined(separator: " "))
      → \(how) after \(String(format: "%.2f", elapsed))s
      stdout: \(stdout.isEmpty ? "(empty)" : "\n" + stdout)
      stderr: \(stderr.isEmpty ? "(empty)" : "\n" + stderr)
      """
  }
}

/// A command that did not succeed where success was required.
struct CommandFailure: Error, CustomStringConvertible {
  var result: CommandResult
  var description: String { "command failed:\n\(result)" }
}

/// A launched process. Output goes to files (never pipes, so nothing can block on a full pipe
/// and no other child can hold a pipe open), read once the process has gone.
final class RunningCommand: @unchecked Sendable {
  let command: [String]
  private let process = Process()
  private let lock = NSLock()
  private var result: CommandResult?
  private var waiters: [CheckedContinuation<CommandResult, Never>] = []
  private let outputURL: URL
  private let errorURL: URL
  private let inputURL: URL?
  private let started = Date()

  init(
    executable: URL, arguments: [String], environment: [String: String], directory: URL,
    stdin: String?, scratch: URL
  ) throws {
    command = [executable.lastPathComponent] + arguments
    let manager = FileManager.default
    try manager.createDirectory(at: scratch, withIntermediateDirectories: true)
    let id = UUID().uuidString
    outputURL = scratch.appendingPathComponent("\(id).out")
    errorURL = scratch.appendingPathComponent("\(id).err")
    _ = manager.createFile(atPath: outputURL.path, contents: nil)
    _ = manager.createFile(atPath: errorURL.path, contents: nil)
    let output = try FileHandle(forWritingTo: outputURL)
    let error = try FileHandle(forWritingTo: errorURL)
    defer {
      try? output.close()
      try? error.close()
    }
    process.executableURL = executable
    process.arguments = arguments
    process.environment = environment
    process.currentDirectoryURL = directory
    process.standardOutput = output
    process.standardError = error
    var input: FileHandle?
    if let stdin {
      let url = scratch.appendingPathComponent("\(id).in")
      try Data(stdin.utf8).write(to: url)
      inputURL = url
      input = try FileHandle(forReadingFrom: url)
      process.standardInput = input
    } else {
      inputURL = nil
      process.standardInput = FileHandle.nullDevice
    }
    defer { try? input?.close() }
    process.terminationHandler = { [self] finished in self.finish(finished) }
    try process.run()
  }

  /// The process id.
  var pid: Int32 { process.processIdentifier }

  private func finish(_ finished: Process) {
    let manager = FileManager.default
    let stdout = String(decoding: manager.contents(atPath: outputURL.path) ?? Data(), as: UTF8.self)
    let stderr = String(decoding: manager.contents(atPath: errorURL.path) ?? Data(), as: UTF8.self)
    for url in [outputURL, errorURL] + (inputURL.map { [$0] } ?? []) {
      try? manager.removeItem(at: url)
    }
    let signaled = finished.terminationReason == .uncaughtSignal
    let done = CommandResult(
      command: command, status: finished.terminationStatus,
      signal: signaled ? finished.terminationStatus : nil, stdout: stdout, stderr: stderr,
      elapsed: Date().timeIntervalSince(started))
    finished.terminationHandler = nil
    let pending: [CheckedContinuation<CommandResult, Never>] = lock.withLock {
      result = done
      defer { waiters = [] }
      return waiters
    }
    for waiter in pending { waiter.resume(returning: done) }
  }

  /// Waits for the process to end.
  func wait() async -> CommandResult {
    await withCheckedContinuation { continuation in
      let done: CommandResult? = lock.withLock {
        if let result { return result }
        waiters.append(continuation)
        return nil
      }
      if let done { continuation.resume(returning: done) }
    }
  }

  /// Sends `signal` if the process is still running; returns true when it was sent.
  @discardableResult
  func kill(_ signal: Int32 = SIGKILL) -> Bool {
    lock.withLock {
      guard result == nil, process.isRunning else { return false }
      return Glibc.kill(process.processIdentifier, signal) == 0
    }
  }
}

/// Limits how many ordinary test processes run at once, so that ~100 tests starting together
/// on a small machine do not starve each other (the concurrency tests start theirs directly).
actor ProcessGate {
  static let shared = ProcessGate(limit: 6)

  private var available: Int
  private var waiters: [CheckedContinuation<Void, Never>] = []

  init(limit: Int) { available = limit }

  func acquire() async {
    if available > 0 {
      available -= 1
      return
    }
    await withCheckedContinuation { waiters.append($0) }
  }

  func release() {
    if waiters.isEmpty {
      available += 1
    } else {
      waiters.removeFirst().resume()
    }
  }
}

/// Runs a process to completion through the shared gate.
func runProcess(
  _ executable: URL, _ arguments: [String], environment: [String: String], directory: URL,
  stdin: String? = nil, scratch: URL
) async throws -> CommandResult {
  await ProcessGate.shared.acquire()
  let result: CommandResult
  do {
    let running = try RunningCommand(
      executable: executable, arguments: arguments, environment: environment,
      directory: directory, stdin: stdin, scratch: scratch)
    result = await running.wait()
  } catch {
    await ProcessGate.shared.release()
    throw error
  }
  await ProcessGate.shared.release()
  return result
}
