import Foundation

/// Running a repository's git commands, `ledger` and its hooks with a chosen git: git 2.55
/// (`HookTools.newGit`, which runs config-based hooks) or Debian's older one (`oldGit`, which
/// does not), whatever git the test process's own `PATH` finds first. The chosen git's folder
/// goes first on the `PATH` every process gets, so `ledger` and the hooks' git queries use it.
struct GitChoice: Sendable {
  /// The git executable.
  var git: URL
  /// The `PATH` every process gets: the git's folder, then `Executables.searchPath` without
  /// the other git's folder.
  var searchPath: String

  /// git 2.55 (≥ 2.54), or throws with install advice.
  static func new() throws -> GitChoice {
    let git = try HookTools.requireNewGit()
    return GitChoice(
      git: git, searchPath: git.deletingLastPathComponent().path + ":" + Executables.searchPath)
  }

  /// Debian's git (2.39): the first `git` on `Executables.searchPath` that is not the new one.
  static func old() throws -> GitChoice {
    let newFolder = HookTools.newGit?.deletingLastPathComponent().path
    let folders = Executables.searchPath.split(separator: ":").map(String.init).filter {
      $0 != newFolder
    }
    guard
      let folder = folders.first(where: {
        FileManager.default.isExecutableFile(atPath: $0 + "/git")
      })
    else { throw HookTools.Missing(tool: "an older git (Debian's /usr/bin/git)") }
    return GitChoice(
      git: URL(fileURLWithPath: folder + "/git"), searchPath: folders.joined(separator: ":"))
  }

  /// The environment change that makes a process use this git.
  var environment: [String: String?] { ["PATH": searchPath] }
}

extension TempRepository {
  /// Runs `git ARGUMENTS` with `choice`'s git and requires it to succeed.
  @discardableResult
  func git(_ choice: GitChoice, _ arguments: String...) async throws -> CommandResult {
    let result = try await runner.run(
      arguments, in: path, environment: choice.environment, executable: choice.git)
    guard result.exited(0) else { throw CommandFailure(result: result) }
    return result
  }

  /// `commitAs` with `choice`'s git (`GIT_EDITOR` is `false` unless `editor`).
  func commitAs(
    _ choice: GitChoice, _ arguments: [String], session: String? = nil, editor: String? = nil,
    environment extra: [String: String?] = [:]
  ) async throws -> CommandResult {
    var changes = choice.environment
    changes["GIT_EDITOR"] = editor ?? "false"
    if let session { changes["LEDGER_SESSION"] = session }
    for (key, value) in extra { changes[key] = value }
    return try await runner.run(arguments, in: path, environment: changes, executable: choice.git)
  }

  /// `ledger ARGUMENTS` with `choice`'s git on `PATH`.
  func ledger(
    _ choice: GitChoice, _ arguments: String..., session: String? = nil,
    environment extra: [String: String?] = [:]
  ) async throws -> CommandResult {
    var changes = choice.environment
    for (key, value) in extra { changes[key] = value }
    return try await ledger(arguments, session: session, environment: changes)
  }
}
