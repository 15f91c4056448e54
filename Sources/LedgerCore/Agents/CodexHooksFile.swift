/// AgentLedger's handlers in a Codex hooks file (`.codex/hooks.json`), whose shape is Claude
/// Code's: `hooks.<Event>[] = {matcher?, hooks: [{type: "command", command, timeout}]}`. The merge
/// is `ClaudeSettings.merge`: every key and hook already there is kept, and a second run changes
/// nothing, not even a byte.
public enum CodexHooksFile {
  /// The tools whose calls are guarded: `apply_patch`, and `Edit`/`Write`, which Codex matches
  /// against `apply_patch` calls (matcher aliases) in the versions that have them.
  public static let editTools = "apply_patch|Edit|Write"

  /// The four handlers, running `ledger` as `executable`. Codex has no SessionEnd; `Stop` ends
  /// nothing.
  public static func handlers(executable: String) -> [ClaudeSettings.Handler] {
    let ledger =
      HookShim.shellQuoted(executable) == "'\(executable)'" && !executable.contains(" ")
      ? executable : HookShim.shellQuoted(executable)
    return [
      ClaudeSettings.Handler(
        event: "SessionStart", matcher: nil, command: "\(ledger) hook codex session-start",
        timeout: 10),
      ClaudeSettings.Handler(
        event: "PreToolUse", matcher: editTools, command: "\(ledger) hook codex pre-edit",
        timeout: 10),
      ClaudeSettings.Handler(
        event: "PostToolUse", matcher: editTools, command: "\(ledger) hook codex post-edit",
        timeout: 10),
      ClaudeSettings.Handler(
        event: "Stop", matcher: nil, command: "\(ledger) hook codex stop", timeout: 5),
    ]
  }
}
