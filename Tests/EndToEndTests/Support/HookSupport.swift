import Foundation
import Testing

extension Executables {
  /// The built `ledger-hook`, which the installed shims run.
  static var ledgerHook: URL { directory.appendingPathComponent("ledger-hook") }

  /// A `PATH` without any folder that holds a `ledger-hook` (so a shim cannot fall back on it).
  static var searchPathWithoutLedgerHook: String {
    searchPath.split(separator: ":").map(String.init).filter {
      !FileManager.default.isExecutableFile(atPath: $0 + "/ledger-hook")
    }.joined(separator: ":")
  }
}

/// One trailer of `git interpret-trailers --parse`.
struct Trailer: Equatable, Sendable, CustomStringConvertible {
  var key: String
  var value: String
  var description: String { "\(key): \(value)" }
}

extension LogEvent {
  /// The `paths` of a commit or override event (the `path` of each violation of a bypass).
  var paths: [String] {
    (json["paths"]?.arrayValue ?? []).compactMap { $0.stringValue ?? $0["path"]?.stringValue }
  }

  /// True when the event carries `"key": true`.
  func flag(_ key: String) -> Bool { json[key] == .bool(true) }
}

extension TempRepository {
  // MARK: Hooks

  /// Wires the hooks with the built `ledger install` (or `executable`), requiring exit 0.
  @discardableResult
  func installHooks(
    _ arguments: [String] = [], in directory: URL? = nil, executable: URL? = nil
  ) async throws -> CommandResult {
    let result = try await runner.run(
      ["install"] + arguments, in: directory ?? path, executable: executable)
    guard result.exited(0) else { throw CommandFailure(result: result) }
    return result
  }

  /// The folder git runs this repository's hooks from (without `core.hooksPath`).
  var hooksDirectory: URL { path.appendingPathComponent(".git/hooks") }

  // MARK: Committing as someone

  /// Runs `git ARGUMENTS` as a committer: `session` becomes `LEDGER_SESSION`, `claude`
  /// `CLAUDE_CODE_SESSION_ID`, `editor` `GIT_EDITOR` (by default `false`, so a command that
  /// unexpectedly opens an editor fails instead of waiting), `now` `LEDGER_NOW`. Never throws for
  /// a non-zero exit: the caller judges the result.
  func commitAs(
    _ arguments: [String], session: String? = nil, claude: String? = nil, editor: String? = nil,
    now: String? = nil, environment extra: [String: String?] = [:], in directory: URL? = nil
  ) async throws -> CommandResult {
    var changes: [String: String?] = ["GIT_EDITOR": editor ?? "false"]
    if let session { changes["LEDGER_SESSION"] = session }
    if let claude { changes["CLAUDE_CODE_SESSION_ID"] = claude }
    if let now { changes["LEDGER_NOW"] = now }
    for (key, value) in extra { changes[key] = value }
    return try await runner.run(
      arguments, in: directory ?? path, environment: changes, executable: Executables.git)
  }

  /// `commitAs(["commit", …])`.
  func commit(
    _ arguments: String..., session: String? = nil, claude: String? = nil, editor: String? = nil,
    now: String? = nil, environment extra: [String: String?] = [:], in directory: URL? = nil
  ) async throws -> CommandResult {
    try await commitAs(
      ["commit"] + arguments, session: session, claude: claude, editor: editor, now: now,
      environment: extra, in: directory)
  }

  // MARK: Reading commits

  /// The full id of `revision`, or `nil` when it does not resolve (an unborn branch).
  func revision(_ revision: String = "HEAD") async throws -> String? {
    let result = try await runner.run(
      ["rev-parse", "--verify", "-q", revision + "^{commit}"], in: path,
      executable: Executables.git)
    return result.exited(0) ? result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) : nil
  }

  /// The exact message of a commit, byte for byte (from `git cat-file commit`).
  func message(_ revision: String = "HEAD") async throws -> String {
    let raw = try await git("cat-file", "commit", revision).stdout
    guard let range = raw.range(of: "\n\n") else { return "" }
    return String(raw[range.upperBound...])
  }

  /// The subject (first line) of a commit's message.
  func subject(_ revision: String = "HEAD") async throws -> String {
    try await git("log", "-1", "--format=%s", revision).stdout.trimmingCharacters(
      in: .newlines)
  }

  /// `git interpret-trailers --parse` of a commit's message.
  func trailers(_ revision: String = "HEAD") async throws -> [Trailer] {
    let message = try await message(revision)
    let result = try await runner.run(
      ["interpret-trailers", "--parse"], in: path, stdin: message, executable: Executables.git)
    guard result.exited(0) else { throw CommandFailure(result: result) }
    return result.lines.compactMap { line in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      return Trailer(
        key: String(line[..<colon]),
        value: line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }
  }

  /// The values of the trailers with `key` (compared without case, as git does).
  func trailerValues(_ key: String = "Agent-Session", of revision: String = "HEAD") async throws
    -> [String]
  {
    try await trailers(revision).filter { $0.key.lowercased() == key.lowercased() }.map(\.value)
  }

  /// `git status --porcelain` lines (`XY path`), untracked files included.
  func status() async throws -> [String] {
    try await git("status", "--porcelain", "--untracked-files=all").stdout.split(
      separator: "\n"
    ).map(String.init)
  }

  /// The paths a commit changed against its first parent.
  func changedPaths(_ revision: String = "HEAD") async throws -> Set<String> {
    let output = try await git(
      "diff-tree", "--root", "-r", "--no-commit-id", "--name-only", "--no-renames", "-m",
      "--first-parent", revision
    ).stdout
    return Set(output.split(separator: "\n").map(String.init))
  }

  // MARK: Scripts

  /// Writes an executable `/bin/sh` script into the sandbox (outside the work tree) and returns
  /// its path; `body` sees the message file as `$1` when used as `GIT_EDITOR`.
  func script(_ name: String, _ body: String) throws -> String {
    let folder = root.appendingPathComponent("tools")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent(name)
    try Data(("#!/bin/sh\n" + body + "\n").utf8).write(to: url)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    return url.path
  }

  /// A file in the sandbox (outside the work tree), e.g. for `git commit -F`.
  func sandboxFile(_ name: String, _ contents: String) throws -> String {
    let url = root.appendingPathComponent(name)
    try Data(contents.utf8).write(to: url)
    return url.path
  }

  /// The last event of the audit log, required to exist.
  func lastEvent(sourceLocation: SourceLocation = #_sourceLocation) async throws -> LogEvent {
    try #require(try await log().last, "the audit log is empty", sourceLocation: sourceLocation)
  }
}

/// A repository with AgentLedger's hooks installed, ready for commits.
///
/// `hookFiles` installs hook files (`--files`) whatever git runs: the suites about tools that
/// move, rename or replace hook files test that layout with git 2.39 and 2.55 alike.
func hookedRepository(
  files: [String: String] = ["README.md": "# scratch\n"], hookFiles: Bool = false
) async throws -> TempRepository {
  let repo = try await TempRepository(files: files)
  try await repo.installHooks(hookFiles ? ["--files"] : [])
  return repo
}

/// Expects the commit to have been refused by AgentLedger (exit 1 from git, HEAD unchanged),
/// with every fragment in its output.
func expectBlocked(
  _ result: CommandResult, headBefore: String?, repo: TempRepository,
  mentioning fragments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
) async throws {
  #expect(
    result.exited(1), "the commit should be refused\n\(result)", sourceLocation: sourceLocation)
  #expect(
    try await repo.revision() == headBefore, "a refused commit must not move HEAD",
    sourceLocation: sourceLocation)
  for fragment in fragments {
    #expect(
      result.stderr.contains(fragment), "output should mention '\(fragment)'\n\(result)",
      sourceLocation: sourceLocation)
  }
}
