/// The changed paths a session may commit on its own: changed in the index or work tree
/// (untracked files included), covered by one of its active claims, and by no other session's.
public enum OwnChanges {
  /// The session's changed paths, sorted.
  public static func paths(in workspace: Workspace, session: SessionID) throws(LedgerError)
    -> [String]
  {
    try changes(in: workspace, session: session).paths
  }

  /// The session's changed paths, sorted, and which of them are untracked (from the same
  /// `git status`: one scan of the work tree, not two).
  public static func changes(in workspace: Workspace, session: SessionID) throws(LedgerError)
    -> (paths: [String], untracked: [String])
  {
    let ledger = try workspace.ledger()
    let active = ledger.activeClaims
    // A session commits its sub-sessions' (its subagents') work too.
    let mine = active.filter { session.mayUse(claimsOf: $0.session) }
    guard !mine.isEmpty else { return ([], []) }
    let others = active.filter { !session.mayUse(claimsOf: $0.session) }
    let changes = try WorkingChanges.read(workspace.git)
    let ignoreCase = workspace.settings.ignoreCase
    let paths = Set(changes.paths).filter { path in
      mine.contains { $0.spec.covers(path, ignoreCase: ignoreCase) }
        && !others.contains { $0.spec.covers(path, ignoreCase: ignoreCase) }
    }.sorted()
    return (paths, paths.filter { changes.untracked.contains($0) })
  }

  /// A NUL-separated list of literal pathspecs from the top of the work tree (whatever the
  /// current directory), for `--pathspec-from-file --pathspec-file-nul`.
  public static func pathspecFile(_ paths: [String]) -> [UInt8] {
    var bytes: [UInt8] = []
    for path in paths {
      bytes += Array(":(top,literal)\(path)".utf8)
      bytes.append(0)
    }
    return bytes
  }
}
