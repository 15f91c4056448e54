/// Where a repository's parts are, as git reports them from the caller's directory.
public struct Repository: Sendable, Equatable {
  /// The absolute top of the work tree.
  public var workTree: String
  /// The caller's directory relative to the top, ending in "/" (empty at the top).
  public var prefix: String
  /// The absolute git dir of this worktree (`.git/worktrees/NAME` in a linked worktree).
  public var gitDirectory: String
  /// The absolute git dir shared by every worktree, which holds the ledger.
  public var commonDirectory: String

  /// Creates a description from known paths.
  public init(workTree: String, prefix: String, gitDirectory: String, commonDirectory: String) {
    self.workTree = workTree
    self.prefix = prefix
    self.gitDirectory = gitDirectory
    self.commonDirectory = commonDirectory
  }

  /// The command that discovers the repository.
  public static func command(_ git: Git) -> Command { git.command(GitCommands.discovery) }

  /// Discovers the repository around the context's directory.
  public static func discover(_ git: Git) throws(LedgerError) -> Repository {
    try Repository(
      result: try git.run(GitCommands.discovery), directory: git.context.currentDirectory)
  }

  /// Interprets the result of `command(_:)`.
  public init(result: ProcessResult, directory: String) throws(LedgerError) {
    let lines = result.outputText.split(separator: "\n", omittingEmptySubsequences: false)
      .map(String.init)
    guard result.status == 0, lines.count >= 3 else {
      let reason = result.errorText
      if reason.contains("must be run in a work tree") {
        throw LedgerError(
          .badInput, "\(directory) is not in a work tree (it is inside .git, or a bare repository)",
          hint: "Run ledger from the work tree of the repository whose files you claim.")
      }
      if reason.contains("dubious ownership") {
        throw LedgerError(
          .environment, "git refuses the repository at \(directory): it is owned by another user",
          hint:
            "Mark it safe with `git config --global --add safe.directory <path>` if you trust it.")
      }
      throw LedgerError(
        .environment, "\(directory) is not in a git repository",
        hint: "Run ledger inside a git work tree (or pass the repository with `git -C`).")
    }
    self.gitDirectory = lines[0]
    self.commonDirectory = lines[1]
    self.workTree = lines[2]
    self.prefix = lines.count > 3 ? lines[3] : ""
  }
}

extension Repository {
  /// The layout as JSON (in hook notes and `RepositoryCache` entries).
  var json: JSONValue {
    .object([
      ("workTree", .string(workTree)), ("prefix", .string(prefix)),
      ("gitDirectory", .string(gitDirectory)), ("commonDirectory", .string(commonDirectory)),
    ])
  }

  /// A layout read back from `json`.
  init?(json value: JSONValue) {
    guard let workTree = value["workTree"]?.stringValue, let prefix = value["prefix"]?.stringValue,
      let gitDirectory = value["gitDirectory"]?.stringValue,
      let commonDirectory = value["commonDirectory"]?.stringValue
    else { return nil }
    self.init(
      workTree: workTree, prefix: prefix, gitDirectory: gitDirectory,
      commonDirectory: commonDirectory)
  }
}
