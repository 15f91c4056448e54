/// AgentLedger's handlers in a Claude Code settings file (`.claude/settings.json`), merged by
/// `HooksSettingsMerge`: every key and hook already there is kept, and a second run changes
/// nothing, not even a byte.
public enum ClaudeSettings {
  /// The tools whose edits are guarded.
  public static let editTools = "Edit|Write|MultiEdit|NotebookEdit"

  /// The handlers, running `ledger` as `executable` (timeouts in seconds).
  public static func handlers(executable: String) -> [HooksSettingsMerge.Handler] {
    let ledger = HooksSettingsMerge.ledgerWord(executable)
    return [
      .init(
        event: "SessionStart", matcher: nil, command: "\(ledger) hook claude session-start",
        timeout: 10),
      .init(
        event: "PreToolUse", matcher: editTools, command: "\(ledger) hook claude pre-edit",
        timeout: 10),
      .init(
        event: "PostToolUse", matcher: editTools, command: "\(ledger) hook claude post-edit",
        timeout: 10),
      .init(
        event: "SubagentStop", matcher: nil, command: "\(ledger) hook claude subagent-stop",
        timeout: 10),
      .init(
        event: "SessionEnd", matcher: nil, command: "\(ledger) hook claude session-end", timeout: 5),
    ]
  }
}
