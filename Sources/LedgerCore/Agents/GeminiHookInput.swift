/// The JSON Gemini CLI sends a command hook on standard input (the fields AgentLedger reads), as
/// google-gemini/gemini-cli `docs/hooks/reference.md` and `packages/core/src/hooks/
/// hookEventHandler.ts` define it: every event carries `session_id`, `transcript_path`, `cwd`,
/// `hook_event_name` and `timestamp`; BeforeTool and AfterTool add `tool_name` and `tool_input`
/// (the model's arguments; AfterTool adds `tool_response`); SessionStart adds `source`
/// (startup, resume, clear) and SessionEnd `reason` (exit, clear, logout, prompt_input_exit,
/// other).
public struct GeminiHookInput: Sendable, Equatable {
  /// `session_id`.
  public var sessionID: String?
  /// `cwd`: Gemini's working directory.
  public var directory: String?
  /// `hook_event_name`.
  public var event: String?
  /// `tool_name`: `write_file` and `replace` edit files, `run_shell_command` runs a command.
  public var toolName: String?
  /// `tool_input.file_path` (absolute, or relative to the project).
  public var filePath: String?
  /// `tool_input.command` of `run_shell_command`.
  public var command: String?
  /// `source` of SessionStart.
  public var source: String?
  /// `reason` of SessionEnd.
  public var reason: String?

  /// The tools whose calls write a file named by `tool_input.file_path`.
  public static let editTools: Set<String> = ["write_file", "replace"]

  /// The shell tool.
  public static let shellTool = "run_shell_command"

  /// Parses the payload.
  ///
  /// - Throws: `.refused` (exit 1, which Gemini treats as a non-blocking warning) when the
  ///   input is not a JSON object.
  public init(json bytes: [UInt8]) throws(LedgerError) {
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes)
    } catch {
      throw LedgerError(
        .refused, "the hook input on standard input is not JSON (\(error))",
        hint: "Gemini CLI sends a JSON object; run this command only from a Gemini CLI hook.")
    }
    guard value.objectValue != nil else {
      throw LedgerError(.refused, "the hook input is not a JSON object")
    }
    sessionID = value["session_id"]?.stringValue
    directory = value["cwd"]?.stringValue
    event = value["hook_event_name"]?.stringValue
    toolName = value["tool_name"]?.stringValue
    filePath = value["tool_input"]?["file_path"]?.stringValue
    command = value["tool_input"]?["command"]?.stringValue
    source = value["source"]?.stringValue
    reason = value["reason"]?.stringValue
  }

  /// Whether this call edits a file.
  public var isEdit: Bool { toolName.map { GeminiHookInput.editTools.contains($0) } ?? false }

  /// The AgentLedger session: `gemini:<session_id>`, the id `ledger hook gemini pre-shell`
  /// gives the agent's shell commands as `LEDGER_SESSION`.
  public func session() throws(LedgerError) -> SessionID {
    guard let sessionID, !sessionID.isEmpty else {
      throw LedgerError(.refused, "the hook input has no session_id")
    }
    do {
      return try SessionID(
        "gemini:" + sessionID, source: "the hook input's session_id (as gemini:<id>)")
    } catch {
      throw LedgerError(.refused, error.message, hint: error.hint)
    }
  }
}
