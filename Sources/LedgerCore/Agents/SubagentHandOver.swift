/// What happens when a subagent stops (Claude Code's and Codex's `SubagentStop`): its claims
/// pass to the session it worked for, which commits its work.
public enum SubagentHandOver {
  /// Moves the claims of the sub-session `session` to `parent`; nothing when `session` is the
  /// parent itself (the payload named no subagent) or no repository is found at `directory`.
  public static func handOver(
    from session: SessionID, to parent: SessionID, agentType: String?, directory: String?,
    agent: String, context: ProcessContext
  ) throws(LedgerError) -> AgentHookResponse {
    guard session != parent else { return .allow }
    let scoped = context.located(in: directory ?? context.currentDirectory)
    guard let workspace = try? Workspace.open(scoped) else { return .allow }
    let type = agentType.map { " (\(ForeignText.shown($0, limit: 100)))" } ?? ""
    _ = try workspace.update(holder: "ledger hook \(agent) subagent-stop") { ledger in
      ledger.transfer(
        from: session, to: parent, reason: "subagent \(session.agent ?? "")\(type) stopped")
    }
    return .allow
  }
}
