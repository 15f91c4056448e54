/// What a commit changed, read back after it was made (for post-commit).
public struct CommittedChange: Sendable, Equatable {
  /// The full 40-hex commit id.
  public var commit: String
  /// The parents' ids.
  public var parents: [String]
  /// The paths changed against the first parent (every path of a root commit).
  public var paths: [String]

  /// The query for `HEAD`.
  public static func command(_ git: Git) -> Command {
    git.command(GitCommands.lastCommit)
  }

  /// Parses `git log -1 -z --format=%H%x00%P --name-only`: `SHA\0PARENTS\0` then, when the
  /// commit changed anything, `\n` and `PATH\0` entries.
  public init(result: ProcessResult) throws(LedgerError) {
    guard result.status == 0 else { throw .gitFailed(GitCommands.lastCommit, result) }
    var bytes = result.output[...]
    func field() -> String? {
      guard let end = bytes.firstIndex(of: 0) else { return nil }
      let text = String(decoding: bytes[bytes.startIndex..<end], as: UTF8.self)
      bytes = bytes[(end + 1)...]
      return text
    }
    guard let commit = field(), let parents = field() else {
      throw LedgerError(.environment, "cannot read the new commit from `git log`")
    }
    self.commit = commit
    self.parents = parents.split(separator: " ").map(String.init)
    if bytes.first == 10 { bytes = bytes.dropFirst() }
    var paths: [String] = []
    while let path = field() {
      if !path.isEmpty { paths.append(path) }
    }
    self.paths = paths
  }

  /// Paths whose content in the commit differs from `parent`'s.
  public static func pathsDiffering(from parent: String, git: Git) throws(LedgerError) -> Set<
    String
  > {
    let output = try git.output(GitCommands.committedDiffering(from: parent))
    return Set(Git.fields(output).filter { !$0.isEmpty })
  }
}
