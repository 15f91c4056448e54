/// What git is in the middle of, read from the documented state files of the worktree's git dir
/// (`MERGE_HEAD`, `CHERRY_PICK_HEAD`, `REVERT_HEAD`, `MERGE_MSG`, `SQUASH_MSG`, `rebase-merge/`,
/// `rebase-apply/`, `sequencer/`).
public struct ReplayState: Sendable, Equatable {
  /// A merge is being concluded (`MERGE_HEAD` exists).
  public var merging = false
  /// A cherry-pick, revert or rebase step is in progress (its own state file exists).
  public var replayInProgress = false
  /// Only `MERGE_MSG` is there, as during a clean `git revert` (which leaves no `REVERT_HEAD`).
  public var mergeMessageOnly = false

  /// Creates a state from known values.
  public init(merging: Bool = false, replayInProgress: Bool = false, mergeMessageOnly: Bool = false)
  {
    self.merging = merging
    self.replayInProgress = replayInProgress
    self.mergeMessageOnly = mergeMessageOnly
  }

  /// Reads the state of the worktree whose git dir is `gitDirectory`.
  public init(gitDirectory: String) {
    func has(_ name: String) -> Bool { FileSystem.exists(FileSystem.join(gitDirectory, name)) }
    merging = has("MERGE_HEAD")
    replayInProgress =
      has("CHERRY_PICK_HEAD") || has("REVERT_HEAD") || has("rebase-merge") || has("rebase-apply")
      || has("sequencer")
    mergeMessageOnly = !merging && !replayInProgress && has("MERGE_MSG") && !has("SQUASH_MSG")
  }

  /// True when the commit being made replays existing work (rebase, cherry-pick, revert).
  ///
  /// `parentCommand` is the command line of the git process running the hooks, when known: a
  /// lone `MERGE_MSG` counts as a clean revert only when that process is a `git revert` (a stale
  /// `MERGE_MSG` must not switch the checks off).
  public func isReplay(parentCommand: [String]?) -> Bool {
    if replayInProgress { return true }
    guard mergeMessageOnly else { return false }
    guard let parentCommand else { return true }
    return parentCommand.dropFirst().prefix(4).contains { $0 == "revert" || $0 == "cherry-pick" }
  }
}
