/// What ending an agent session does to its claims (Claude Code's and Gemini CLI's
/// `SessionEnd`): claims on paths with no uncommitted changes are released; claims on paths
/// that still differ from `HEAD` stay, marked as left by an ended session (that work is still
/// the session's, and releasing it would invite another session to sweep it up).
/// `ledger.sessionEnd=keep` keeps every claim.
public enum SessionEnd {
  /// Ends `session` in the repository at `directory`; nothing when there is none.
  public static func end(
    _ session: SessionID, directory: String?, agent: String, context: ProcessContext
  ) throws(LedgerError) {
    let scoped = context.located(in: directory ?? context.currentDirectory)
    guard let workspace = try? Workspace.open(scoped) else { return }
    let keepAll = workspace.settings.keepClaimsOnSessionEnd
    let changes = keepAll ? WorkingChanges(paths: []) : try WorkingChanges.read(workspace.git)
    let ignoreCase = workspace.settings.ignoreCase
    _ = try workspace.update(holder: "ledger hook \(agent) session-end") { ledger in
      ledger.endSession(session) { claim in
        keepAll || changes.touches(claim.spec, ignoreCase: ignoreCase)
      }
    }
  }
}
