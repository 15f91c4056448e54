/// The paths a commit would change against `HEAD` (the empty tree on an unborn branch): added,
/// modified, deleted, type-changed, both sides of a rename (rename detection is off, so a rename
/// is its deletion plus its addition), and submodule pointers. Intent-to-add entries are not
/// staged content and are not listed.
///
/// Read from the index git is committing: the hook inherits `GIT_INDEX_FILE`, which points at a
/// temporary index for `git commit -a`, `-i` and `git commit PATH`.
public enum StagedPaths {
  /// The query, `git diff --cached --name-only -z --no-renames`.
  public static func command(_ git: Git) -> Command {
    git.command([
      "diff", "--cached", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv",
      "--ignore-submodules=none", "--no-color",
    ])
  }

  /// Interprets the query's result.
  public static func parse(_ result: ProcessResult) throws(LedgerError) -> [String] {
    guard result.status == 0 else { throw .gitFailed(["diff", "--cached"], result) }
    return Git.fields(result.output).filter { !$0.isEmpty }
  }

  /// The paths whose staged content differs from `revision`'s (while concluding a merge or a
  /// replay, the others are work already committed on the incoming side).
  public static func differing(from revision: String, git: Git) throws(LedgerError) -> Set<String> {
    let output = try git.output([
      "diff", "--cached", "--name-only", "-z", "--no-renames", "--no-ext-diff", "--no-textconv",
      revision, "--",
    ])
    return Set(Git.fields(output).filter { !$0.isEmpty })
  }
}

extension StagedPaths {
  /// The paths `revision` (a commit) changed against its first parent (all of a root commit).
  public static func changed(by revision: String, git: Git) throws(LedgerError) -> Set<String> {
    let output = try git.output([
      "diff-tree", "-r", "--root", "--no-commit-id", "--name-only", "-z", "--no-renames",
      revision,
    ])
    return Set(Git.fields(output).filter { !$0.isEmpty })
  }
}

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
    git.command([
      "log", "-1", "-z", "--format=%H%x00%P", "--name-only", "--no-renames", "-m",
      "--first-parent", "--no-color", "--no-ext-diff", "HEAD",
    ])
  }

  /// Parses `git log -1 -z --format=%H%x00%P --name-only`: `SHA\0PARENTS\0` then, when the
  /// commit changed anything, `\n` and `PATH\0` entries.
  public init(result: ProcessResult) throws(LedgerError) {
    guard result.status == 0 else { throw .gitFailed(["log", "-1", "HEAD"], result) }
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
    let output = try git.output([
      "diff-tree", "-r", "--name-only", "-z", "--no-renames", "--no-commit-id", parent, "HEAD",
    ])
    return Set(Git.fields(output).filter { !$0.isEmpty })
  }
}
