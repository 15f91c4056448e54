/// AgentLedger's handlers in a Codex hooks file (`.codex/hooks.json`), whose shape is Claude
/// Code's, merged by `HooksSettingsMerge`: every key and hook already there is kept, and a
/// second run changes nothing, not even a byte.
public enum CodexHooksFile {
  /// The tools whose calls are guarded: `apply_patch`, and `Edit`/`Write`, which Codex matches
  /// against `apply_patch` calls (matcher aliases) in the versions that have them.
  public static let editTools = "apply_patch|Edit|Write"

  /// The handlers, running `ledger` as `executable` (timeouts in seconds). Codex has no
  /// SessionEnd; `Stop` ends nothing; `SubagentStop` hands a subagent's claims to its session.
  public static func handlers(executable: String) -> [HooksSettingsMerge.Handler] {
    let ledger = HooksSettingsMerge.ledgerWord(executable)
    return [
      .init(
        event: "SessionStart", matcher: nil, command: "\(ledger) hook codex session-start",
        timeout: 10),
      .init(
        event: "PreToolUse", matcher: editTools, command: "\(ledger) hook codex pre-edit",
        timeout: 10),
      .init(
        event: "PostToolUse", matcher: editTools, command: "\(ledger) hook codex post-edit",
        timeout: 10),
      .init(
        event: "SubagentStop", matcher: nil, command: "\(ledger) hook codex subagent-stop",
        timeout: 10),
      .init(event: "Stop", matcher: nil, command: "\(ledger) hook codex stop", timeout: 5),
    ]
  }
}
