/// What git is in the middle of, read from the documented state files of the worktree's git dir
/// (`MERGE_HEAD`, `CHERRY_PICK_HEAD`, `REVERT_HEAD`, `REBASE_HEAD`, `MERGE_MSG`, `SQUASH_MSG`).
public struct ReplayState: Sendable, Equatable {
  /// A merge is being concluded (`MERGE_HEAD` exists).
  public var merging = false
  /// A cherry-pick (or a rebase pick) is being concluded (`CHERRY_PICK_HEAD`).
  public var cherryPicking = false
  /// A revert is being concluded (`REVERT_HEAD`).
  public var reverting = false
  /// A rebase stopped at a commit it could not apply (`REBASE_HEAD`, and no `edit` stop:
  /// at an edit stop the person works on new commits).
  public var rebaseStopped = false
  /// Only `MERGE_MSG` is there, as during a clean `git revert` (which leaves no `REVERT_HEAD`).
  public var mergeMessageOnly = false

  /// Creates a state from known values.
  public init(
    merging: Bool = false, cherryPicking: Bool = false, reverting: Bool = false,
    rebaseStopped: Bool = false, mergeMessageOnly: Bool = false
  ) {
    self.merging = merging
    self.cherryPicking = cherryPicking
    self.reverting = reverting
    self.rebaseStopped = rebaseStopped
    self.mergeMessageOnly = mergeMessageOnly
  }

  /// Reads the state of the worktree whose git dir is `gitDirectory`.
  public init(gitDirectory: String) {
    func has(_ name: String) -> Bool { FileSystem.exists(FileSystem.join(gitDirectory, name)) }
    merging = has("MERGE_HEAD")
    cherryPicking = has("CHERRY_PICK_HEAD")
    reverting = has("REVERT_HEAD")
    rebaseStopped = has("REBASE_HEAD") && !has("rebase-merge/amend")
    mergeMessageOnly =
      !merging && !cherryPicking && !reverting && has("MERGE_MSG") && !has("SQUASH_MSG")
  }

  /// Committed work arriving with this commit, which is not judged:
  /// - `merged`: a staged path whose content equals this revision's came with the merge;
  /// - `replayed`: the paths this commit changed are moving with the cherry-pick, revert or
  ///   rebase pick being concluded (conflict resolutions included); any other staged path is
  ///   new work and is judged.
  public var incoming: (merged: [String], replayed: [String]) {
    var replayed: [String] = []
    if cherryPicking { replayed.append("CHERRY_PICK_HEAD") }
    if reverting { replayed.append("REVERT_HEAD") }
    if rebaseStopped && !cherryPicking { replayed.append("REBASE_HEAD") }
    return (merging ? ["MERGE_HEAD"] : [], replayed)
  }

  /// True when the commit replays an existing one (rebase, cherry-pick, revert): it keeps its
  /// message (no new trailer) and post-commit logs it as a replay, not a bypass.
  ///
  /// `reflogAction` is `GIT_REFLOG_ACTION` (git sets `rebase …` for rewords and squashes);
  /// `parentCommand` is the command line of the git process running the hooks, when known: a
  /// lone `MERGE_MSG` counts as a replay (a clean revert, a rebase's fixup or squash step) only
  /// when that process is a `git revert`, `cherry-pick` or `rebase`, so a stale `MERGE_MSG`
  /// cannot switch the checks off.
  public func isReplay(reflogAction: String, parentCommand: [String]?) -> Bool {
    if cherryPicking || reverting || reflogAction.hasPrefix("rebase") { return true }
    guard mergeMessageOnly else { return false }
    guard let parentCommand else { return true }
    // `git rebase -i` commits a fixup/squash step itself, leaving only MERGE_MSG as well.
    return parentCommand.dropFirst().prefix(4).contains {
      $0 == "revert" || $0 == "cherry-pick" || $0 == "rebase"
    }
  }
}
