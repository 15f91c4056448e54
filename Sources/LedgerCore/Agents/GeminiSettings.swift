/// AgentLedger's handlers in a Gemini CLI project settings file (`.gemini/settings.json`), whose
/// `hooks` have Claude Code's shape (google-gemini/gemini-cli `docs/hooks/index.md`), merged by
/// `HooksSettingsMerge`: every key and hook already there is kept, and a second run changes
/// nothing, not even a byte. Gemini's timeouts are in milliseconds.
public enum GeminiSettings {
  /// The tools whose edits are guarded (a matcher is a regular expression).
  public static let editTools = "write_file|replace"

  /// The handlers, running `ledger` as `executable`.
  public static func handlers(executable: String) -> [HooksSettingsMerge.Handler] {
    let ledger = HooksSettingsMerge.ledgerWord(executable)
    return [
      .init(
        event: "SessionStart", matcher: nil, command: "\(ledger) hook gemini session-start",
        timeout: 10_000),
      .init(
        event: "BeforeTool", matcher: editTools, command: "\(ledger) hook gemini pre-edit",
        timeout: 10_000),
      .init(
        event: "AfterTool", matcher: editTools, command: "\(ledger) hook gemini post-edit",
        timeout: 10_000),
      .init(
        event: "BeforeTool", matcher: GeminiHookInput.shellTool,
        command: "\(ledger) hook gemini pre-shell", timeout: 5_000),
      .init(
        event: "SessionEnd", matcher: nil, command: "\(ledger) hook gemini session-end",
        timeout: 5_000),
    ]
  }
}
