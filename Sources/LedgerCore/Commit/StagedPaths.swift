/// The paths a commit would change against `HEAD` (the empty tree on an unborn branch): added,
/// modified, deleted, type-changed, both sides of a rename (rename detection is off, so a rename
/// is its deletion plus its addition), and submodule pointers. Intent-to-add entries are not
/// staged content and are not listed.
///
/// Read from the index git is committing: the hook inherits `GIT_INDEX_FILE`, which points at a
/// temporary index for `git commit -a`, `-i` and `git commit PATH`.
public enum StagedPaths {
  /// The query (`GitCommands.staged`).
  public static func command(_ git: Git) -> Command {
    git.command(GitCommands.staged)
  }

  /// Interprets the query's result.
  public static func parse(_ result: ProcessResult) throws(LedgerError) -> [String] {
    guard result.status == 0 else { throw .gitFailed(GitCommands.staged, result) }
    return Git.fields(result.output).filter { !$0.isEmpty }
  }

  /// The paths whose staged content differs from `revision`'s (while concluding a merge or a
  /// replay, the others are work already committed on the incoming side).
  public static func differing(from revision: String, git: Git) throws(LedgerError) -> Set<String> {
    let output = try git.output(GitCommands.stagedDiffering(from: revision))
    return Set(Git.fields(output).filter { !$0.isEmpty })
  }
}

extension StagedPaths {
  /// The paths `revision` (a commit) changed against its first parent (all of a root commit).
  public static func changed(by revision: String, git: Git) throws(LedgerError) -> Set<String> {
    let output = try git.output(GitCommands.changed(by: revision))
    return Set(Git.fields(output).filter { !$0.isEmpty })
  }
}
