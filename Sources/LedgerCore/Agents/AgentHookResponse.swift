/// What an agent hook handler (`ledger hook AGENT EVENT`) answers: an exit code and the text for
/// standard output and standard error.
///
/// Every agent AgentLedger supports reads a command hook's exit code the same way: 0 is success
/// (standard output may carry a JSON decision), 2 blocks, and 1 is a non-blocking failure. So a
/// handler that cannot do its job answers 1 — never 2 by accident — and a deliberate block is a
/// JSON deny with exit 0.
public struct AgentHookResponse: Sendable, Equatable {
  /// The exit code.
  public var code: Int32
  /// Standard output (JSON for the agent, or nothing).
  public var output: String = ""
  /// Standard error (shown to the agent on exit 2, to the user otherwise).
  public var error: String = ""

  /// A response with `code` and the given texts.
  public init(code: Int32, output: String = "", error: String = "") {
    self.code = code
    self.output = output
    self.error = error
  }

  /// Success with nothing to say.
  public static let allow = AgentHookResponse(code: 0)

  /// Runs `body` for `agent`'s `event`, turning any error into a non-blocking failure (exit 1)
  /// whose message names the agent, the event and what to do.
  public static func reporting(
    agent: String, event: String, _ body: () throws(LedgerError) -> AgentHookResponse
  ) -> AgentHookResponse {
    do {
      return try body()
    } catch {
      var text = "AgentLedger (\(agent) \(event)): \(error.message)"
      if let hint = error.hint { text += "\n" + hint }
      return AgentHookResponse(code: 1, error: text)
    }
  }

  /// The answer to an unknown event (exit 1, naming the events there are).
  public static func unknownEvent(agent: String, event: String, events: [String])
    -> AgentHookResponse
  {
    AgentHookResponse(
      code: 1,
      error:
        "ledger hook \(agent): unknown event '\(ForeignText.shown(event, limit: 100))'; expected \(events.joined(separator: ", "))"
    )
  }

  /// The deny answer in the form Claude Code and Codex CLI read from a PreToolUse hook:
  /// `hookSpecificOutput.permissionDecision: "deny"` with the reason, exit 0.
  public static func permissionDeny(_ reason: String) -> AgentHookResponse {
    let json = JSONValue.object([
      (
        "hookSpecificOutput",
        .object([
          ("hookEventName", .string("PreToolUse")),
          ("permissionDecision", .string("deny")),
          ("permissionDecisionReason", .string(reason)),
        ])
      )
    ])
    return AgentHookResponse(code: 0, output: JSONWriter.compact(json) + "\n")
  }
}
