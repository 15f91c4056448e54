/// The JSON Claude Code sends a command hook on standard input (the fields AgentLedger reads).
public struct ClaudeHookInput: Sendable, Equatable {
  /// `session_id`.
  public var sessionID: String
  /// `cwd`: Claude's working directory.
  public var directory: String?
  /// `hook_event_name`.
  public var event: String?
  /// `tool_name` (PreToolUse/PostToolUse).
  public var toolName: String?
  /// `tool_input.file_path`, or `tool_input.notebook_path` for NotebookEdit (absolute).
  public var filePath: String?
  /// `source` of SessionStart (startup, resume, clear, compact, fork).
  public var source: String?
  /// `reason` of SessionEnd (clear, resume, logout, prompt_input_exit, other).
  public var reason: String?
  /// `agent_id`: set when a subagent made the tool call (Claude Code 2.1.69+), and on
  /// SubagentStart/SubagentStop.
  public var agentID: String?
  /// `agent_type`: the subagent's type (`Explore`, a custom agent's name…).
  public var agentType: String?

  /// Parses the payload.
  public init(json bytes: [UInt8]) throws(LedgerError) {
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes)
    } catch {
      throw LedgerError(
        .refused, "the hook input on standard input is not JSON (\(error))",
        hint: "Claude Code sends a JSON object; run this command only from a Claude Code hook.")
    }
    guard value.objectValue != nil else {
      throw LedgerError(.refused, "the hook input is not a JSON object")
    }
    guard let session = value["session_id"]?.stringValue, !session.isEmpty else {
      throw LedgerError(.refused, "the hook input has no session_id")
    }
    sessionID = session
    directory = value["cwd"]?.stringValue
    event = value["hook_event_name"]?.stringValue
    toolName = value["tool_name"]?.stringValue
    let toolInput = value["tool_input"]
    filePath = toolInput?["file_path"]?.stringValue ?? toolInput?["notebook_path"]?.stringValue
    source = value["source"]?.stringValue
    reason = value["reason"]?.stringValue
    agentID = value["agent_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    agentType = value["agent_type"]?.stringValue
  }

  /// The AgentLedger session: `claude:<session_id>`, the same id `CLAUDE_CODE_SESSION_ID` gives a
  /// `git commit` run from Claude's Bash tool.
  public func session() throws(LedgerError) -> SessionID {
    do {
      return try SessionID(
        "claude:" + sessionID, source: "the hook input's session_id (as claude:<id>)")
    } catch {
      throw LedgerError(.refused, error.message, hint: error.hint)
    }
  }

  /// The session whose tool call this is: the subagent's sub-session
  /// (`claude:<session_id>/<agent_id>`) when a subagent made it, else `session()`.
  public func editingSession() throws(LedgerError) -> SessionID {
    let parent = try session()
    guard let agentID else { return parent }
    do {
      return try SessionID(parent: parent, agent: agentID, source: "the hook input's agent_id")
    } catch {
      throw LedgerError(.refused, error.message, hint: error.hint)
    }
  }
}
