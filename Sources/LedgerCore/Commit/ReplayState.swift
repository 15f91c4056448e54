/// What git is in the middle of, read from the documented state files of the worktree's git dir
/// (`MERGE_HEAD`, `CHERRY_PICK_HEAD`, `REVERT_HEAD`, `REBASE_HEAD`, `MERGE_MSG`, `SQUASH_MSG`,
/// and the sequencer's `rebase-merge/amend` and `rebase-apply` folder).
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
  /// A rebase stopped at an `edit` (or `break` after a pick): the replayed commit is already
  /// `HEAD` (`REBASE_HEAD` with `rebase-merge/amend`, and no `MERGE_MSG` of a failed pick or
  /// squash).
  public var editStop = false
  /// `git am` or `git rebase --apply` is applying patches (`rebase-apply`).
  public var applying = false

  /// Creates a state from known values.
  public init(
    merging: Bool = false, cherryPicking: Bool = false, reverting: Bool = false,
    rebaseStopped: Bool = false, mergeMessageOnly: Bool = false, editStop: Bool = false,
    applying: Bool = false
  ) {
    self.merging = merging
    self.cherryPicking = cherryPicking
    self.reverting = reverting
    self.rebaseStopped = rebaseStopped
    self.mergeMessageOnly = mergeMessageOnly
    self.editStop = editStop
    self.applying = applying
  }

  /// Reads the state of the worktree whose git dir is `gitDirectory`.
  public init(gitDirectory: String) {
    func has(_ name: String) -> Bool { FileSystem.exists(FileSystem.join(gitDirectory, name)) }
    merging = has("MERGE_HEAD")
    cherryPicking = has("CHERRY_PICK_HEAD")
    reverting = has("REVERT_HEAD")
    let rebaseHead = has("REBASE_HEAD")
    let mergeMessage = has("MERGE_MSG")
    applying = has("rebase-apply")
    // A failed squash or fixup also stops with `amend` (HEAD is the commit to squash into),
    // but with the conflict's MERGE_MSG; an edit stop has none.
    editStop = rebaseHead && has("rebase-merge/amend") && !mergeMessage
    rebaseStopped = rebaseHead && !editStop
    mergeMessageOnly =
      !merging && !cherryPicking && !reverting && mergeMessage && !has("SQUASH_MSG")
  }

  /// Committed work arriving with this commit, which is not judged:
  /// - `merged`: a staged path whose content equals this revision's came with the merge;
  /// - `replayed`: the replay being concluded, whose own version of each path (see `Replay`)
  ///   moves unjudged; any other staged content is new work and is judged.
  public var incoming: (merged: [String], replayed: Replay?) {
    let merged = merging ? ["MERGE_HEAD"] : []
    if cherryPicking { return (merged, .pick("CHERRY_PICK_HEAD")) }
    if reverting { return (merged, .revert("REVERT_HEAD")) }
    if editStop { return (merged, .editStop) }
    // A conflicted rebase pick, a failed squash, or `git rebase --apply` (which sets
    // REBASE_HEAD to the commit its current patch came from).
    if rebaseStopped { return (merged, .pick("REBASE_HEAD")) }
    if applying { return (merged, .patch) }
    return (merged, nil)
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

/// The replay a commit concludes, which says what each path's replayed version is.
public enum Replay: Sendable, Equatable {
  /// The commit named by this revision (a pick) applied onto `HEAD`: its change against its
  /// first parent, merged three-way into `HEAD`.
  case pick(String)
  /// The commit named by this revision reverted onto `HEAD`.
  case revert(String)
  /// A rebase `edit` stop: the replayed commit is `HEAD` itself, so everything staged is new.
  case editStop
  /// `git am`: the current patch applied onto `HEAD`.
  case patch
}
