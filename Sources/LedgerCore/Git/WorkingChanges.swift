/// The paths that differ from `HEAD` in the index or the work tree, including untracked files
/// (not ignored ones): what `git status` would list.
public struct WorkingChanges: Sendable, Equatable {
  /// Every changed path (both sides of a rename).
  public var paths: [String]
  /// The untracked ones among them (`??`): not known to git yet.
  public var untracked: Set<String> = []

  /// Creates a value from known paths.
  public init(paths: [String]) { self.paths = paths }

  /// Asks git for the changed paths.
  public static func read(_ git: Git) throws(LedgerError) -> WorkingChanges {
    WorkingChanges(parsing: try git.output(GitCommands.workingChanges))
  }

  /// Parses `git status --porcelain=v1 -z`: `XY PATH\0`, and `XY NEW\0OLD\0` for a rename or
  /// copy.
  public init(parsing bytes: [UInt8]) {
    var paths: [String] = []
    var untracked: Set<String> = []
    let fields = Git.fields(bytes)
    var index = 0
    while index < fields.count {
      let field = fields[index]
      index += 1
      guard field.utf8.count > 3 else { continue }
      let status = Array(field.utf8.prefix(2))
      paths.append(String(field.dropFirst(3)))
      if status == [UInt8(ascii: "?"), UInt8(ascii: "?")] {
        untracked.insert(paths[paths.count - 1])
      }
      if status[0] == UInt8(ascii: "R") || status[0] == UInt8(ascii: "C"), index < fields.count {
        paths.append(fields[index])
        index += 1
      }
    }
    self.paths = paths
    self.untracked = untracked
  }

  /// True when some changed path is covered by `spec`.
  public func touches(_ spec: PathSpec, ignoreCase: Bool) -> Bool {
    paths.contains { spec.covers($0, ignoreCase: ignoreCase) }
  }
}
