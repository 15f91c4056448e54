import Foundation

/// A scratch git repository made with the real `git`, in its own temporary folder with its own
/// `HOME`; removed when the value goes away. Every test makes its own.
final class TempRepository: @unchecked Sendable {
  /// The sandbox folder (symbolic links resolved): holds `home/`, `repo/`, worktrees, etc.
  let root: URL
  /// `HOME` of every process the repository runs.
  let home: URL
  /// The top of the main work tree.
  let path: URL
  /// Runs `ledger` in this sandbox.
  let runner: LedgerRunner

  /// Creates a repository on branch `main`, with user.name/email configured and, unless
  /// `files` is empty, a first commit of `files`.
  init(files: [String: String] = ["README.md": "# scratch\n"]) async throws {
    let manager = FileManager.default
    let base = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
      "ledger-e2e-\(UUID().uuidString.prefix(8))")
    try manager.createDirectory(at: base, withIntermediateDirectories: true)
    let resolved = URL(fileURLWithPath: realpath(base.path) ?? base.path)
    root = resolved
    home = resolved.appendingPathComponent("home")
    path = resolved.appendingPathComponent("repo")
    try manager.createDirectory(at: home, withIntermediateDirectories: true)
    runner = LedgerRunner(
      environment: LedgerRunner.sandboxEnvironment(home: home, ceiling: resolved),
      scratch: resolved.appendingPathComponent(".output"))
    try await git(["init", "-q", "-b", "main", path.path], in: root)
    try await git("config", "user.name", "E2E Tester")
    try await git("config", "user.email", "e2e@example.invalid")
    try await git("config", "commit.gpgsign", "false")
    if !files.isEmpty {
      for (name, contents) in files { try write(name, contents) }
      try await git("add", "-A")
      try await git("commit", "-q", "-m", "initial")
    }
  }

  deinit {
    try? FileManager.default.removeItem(at: root)
  }

  // MARK: Files

  /// The URL of a path relative to the work tree.
  func url(_ relative: String) -> URL {
    relative.isEmpty ? path : path.appendingPathComponent(relative)
  }

  /// Writes a file (making its folders) relative to the work tree.
  func write(_ relative: String, _ contents: String = "content\n") throws {
    let target = url(relative)
    try FileManager.default.createDirectory(
      at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(contents.utf8).write(to: target)
  }

  /// Makes a folder (and its parents) relative to the work tree.
  func makeDirectory(_ relative: String) throws {
    try FileManager.default.createDirectory(at: url(relative), withIntermediateDirectories: true)
  }

  /// The ledger folder: `$(git rev-parse --git-common-dir)/ledger`.
  var ledgerDirectory: URL { path.appendingPathComponent(".git/ledger") }
  /// The claims file inside the ledger folder.
  var claimsFile: URL { ledgerDirectory.appendingPathComponent("claims.jsonl") }
  /// The audit log inside the ledger folder.
  var logFile: URL { ledgerDirectory.appendingPathComponent("log.jsonl") }

  /// The bytes of a file, or `nil` when it does not exist.
  func bytes(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }

  /// True when a file or folder exists at `url`.
  func exists(_ url: URL) -> Bool { FileManager.default.fileExists(atPath: url.path) }

  // MARK: git

  /// Runs git and requires it to succeed.
  @discardableResult
  func git(_ arguments: String..., in directory: URL? = nil) async throws -> CommandResult {
    try await git(arguments, in: directory)
  }

  /// Runs git and requires it to succeed.
  @discardableResult
  func git(_ arguments: [String], in directory: URL? = nil) async throws -> CommandResult {
    let result = try await runner.run(
      arguments, in: directory ?? path, executable: Executables.git)
    guard result.exited(0) else { throw CommandFailure(result: result) }
    return result
  }

  /// Adds a linked worktree in the sandbox on a new branch and returns its top.
  func addWorktree(_ name: String) async throws -> URL {
    let target = root.appendingPathComponent(name)
    try await git("worktree", "add", "-q", "-b", name, target.path)
    return target
  }

  // MARK: ledger

  /// The environment changes for a session and a fixed clock.
  private func changes(session: String?, now: String?, _ extra: [String: String?])
    -> [String: String?]
  {
    var result = extra
    if let session { result["LEDGER_SESSION"] = session }
    if let now { result["LEDGER_NOW"] = now }
    return result
  }

  /// Runs `ledger ARGUMENTS` in the work tree (or `directory`), as `session` at time `now`.
  func ledger(
    _ arguments: String..., session: String? = nil, now: String? = nil, in directory: URL? = nil,
    environment extra: [String: String?] = [:], stdin: String? = nil
  ) async throws -> CommandResult {
    try await ledger(
      arguments, session: session, now: now, in: directory, environment: extra, stdin: stdin)
  }

  /// Runs `ledger ARGUMENTS` in the work tree (or `directory`), as `session` at time `now`.
  func ledger(
    _ arguments: [String], session: String? = nil, now: String? = nil, in directory: URL? = nil,
    environment extra: [String: String?] = [:], stdin: String? = nil
  ) async throws -> CommandResult {
    try await runner.run(
      arguments, in: directory ?? path,
      environment: changes(session: session, now: now, extra), stdin: stdin)
  }

  /// Launches `ledger ARGUMENTS` without waiting for it.
  func startLedger(
    _ arguments: [String], session: String? = nil, now: String? = nil,
    environment extra: [String: String?] = [:]
  ) throws -> RunningCommand {
    try runner.start(
      arguments, in: path, environment: changes(session: session, now: now, extra))
  }

  /// `ledger status --json`, required to succeed and to have the contract's shape.
  func claims(now: String? = nil, in directory: URL? = nil) async throws -> [StatusClaim] {
    let result = try await ledger("status", "--json", now: now, in: directory)
    guard result.exited(0) else { throw CommandFailure(result: result) }
    return try StatusClaim.parse(result.stdout)
  }

  /// `ledger who --json PATHS`, required to succeed and to have the contract's shape.
  func who(_ paths: [String], now: String? = nil, in directory: URL? = nil) async throws
    -> [WhoEntry]
  {
    let result = try await ledger(["who", "--json"] + paths, now: now, in: directory)
    guard result.exited(0) else { throw CommandFailure(result: result) }
    return try WhoEntry.parse(result.stdout)
  }

  /// `ledger log --json ARGUMENTS`, required to succeed; one object a line.
  func log(_ arguments: [String] = [], now: String? = nil) async throws -> [LogEvent] {
    let result = try await ledger(["log", "--json"] + arguments, now: now)
    guard result.exited(0) else { throw CommandFailure(result: result) }
    return try LogEvent.parse(result.stdout)
  }
}

private func realpath(_ path: String) -> String? {
  guard let resolved = Foundation.realpath(path, nil) else { return nil }
  defer { free(resolved) }
  return String(cString: resolved)
}
