import Foundation

/// Runs the built `ledger` (or any executable) the way a user would: with an explicit
/// environment (never the test process's own, so no LEDGER_SESSION, CLAUDE_CODE_SESSION_ID or
/// CODEX_THREAD_ID leaks in), in a given directory, with optional standard input.
struct LedgerRunner: Sendable {
  /// The executable run by `run` and `start`.
  var executable: URL = Executables.ledger
  /// The environment every process gets; `run`'s `environment` adds to or removes from it.
  var environment: [String: String]
  /// Where captured output is kept while a process runs.
  var scratch: URL

  /// The environment of a sandboxed user: `HOME` in the sandbox, no system git config, a
  /// ceiling so git never finds a repository above the sandbox, plain output.
  static func sandboxEnvironment(home: URL, ceiling: URL) -> [String: String] {
    [
      "PATH": Executables.searchPath,
      "HOME": home.path,
      "GIT_CONFIG_NOSYSTEM": "1",
      "GIT_CEILING_DIRECTORIES": ceiling.path,
      "GIT_TERMINAL_PROMPT": "0",
      "LANG": "C.UTF-8",
      "TZ": "UTC",
      "NO_COLOR": "1",
      "TERM": "dumb",
      // Generous, so a loaded machine never turns a wait into a spurious exit 3; tests of the
      // timeout itself set their own.
      "LEDGER_LOCK_TIMEOUT": "60",
    ]
  }

  /// The environment with `changes` applied (a `nil` value removes the variable).
  func environment(_ changes: [String: String?]) -> [String: String] {
    var result = environment
    for (key, value) in changes { result[key] = value }
    return result
  }

  /// Runs `executable ARGUMENTS` to completion.
  func run(
    _ arguments: [String], in directory: URL, environment changes: [String: String?] = [:],
    stdin: String? = nil, executable override: URL? = nil
  ) async throws -> CommandResult {
    try await runProcess(
      override ?? executable, arguments, environment: environment(changes),
      directory: directory, stdin: stdin, scratch: scratch)
  }

  /// Launches `executable ARGUMENTS` without waiting (and without the shared gate).
  func start(
    _ arguments: [String], in directory: URL, environment changes: [String: String?] = [:],
    stdin: String? = nil
  ) throws -> RunningCommand {
    try RunningCommand(
      executable: executable, arguments: arguments, environment: environment(changes),
      directory: directory, stdin: stdin, scratch: scratch)
  }
}
