/// The JSON Codex CLI sends a command hook on standard input (the fields AgentLedger reads), as
/// openai/codex `codex-rs/hooks/schema/generated/*.command.input.schema.json` define it:
/// `session_id`, `turn_id`, `cwd`, `hook_event_name`, `model`, `permission_mode`,
/// `transcript_path`, and for PreToolUse/PostToolUse `tool_name`, `tool_input`, `tool_use_id`
/// (PostToolUse adds `tool_response`). Inside a thread-spawned subagent every hook input also
/// carries `agent_id` (the child thread's id) and `agent_type` (openai/codex PR #22882), while
/// `session_id` stays the root session's (PR #22268) — the shape of Claude Code's subagent
/// payloads, so a Codex subagent's edits are held by the sub-session `codex:<session>/<agent>`.
public struct CodexHookInput: Sendable, Equatable {
  /// `session_id`: the Codex thread id, the value `CODEX_THREAD_ID` gives Codex's shells.
  public var sessionID: String?
  /// `cwd`: Codex's working directory, against which patch paths are resolved.
  public var directory: String?
  /// `hook_event_name`.
  public var event: String?
  /// `tool_name`: `apply_patch` for Codex's file edits, `Bash` for shell commands.
  public var toolName: String?
  /// `tool_input`, as sent.
  public var toolInput: JSONValue?
  /// `source` of SessionStart (startup, resume, clear, compact).
  public var source: String?
  /// `agent_id`: the child thread id, when a thread-spawned subagent made the call (and on
  /// SubagentStart/SubagentStop).
  public var agentID: String?
  /// `agent_type`: the subagent's role, as given to `spawn_agent`.
  public var agentType: String?

  /// Parses the payload.
  ///
  /// - Throws: `.refused` (exit 1, which Codex treats as a non-blocking failure) when the input
  ///   is not a JSON object.
  public init(json bytes: [UInt8]) throws(LedgerError) {
    let value: JSONValue
    do {
      value = try JSONParser.parse(bytes)
    } catch {
      throw LedgerError(
        .refused, "the hook input on standard input is not JSON (\(error))",
        hint: "Codex sends a JSON object; run this command only from a Codex hook.")
    }
    guard value.objectValue != nil else {
      throw LedgerError(.refused, "the hook input is not a JSON object")
    }
    sessionID = value["session_id"]?.stringValue
    directory = value["cwd"]?.stringValue
    event = value["hook_event_name"]?.stringValue
    toolName = value["tool_name"]?.stringValue
    toolInput = value["tool_input"]
    source = value["source"]?.stringValue
    agentID = value["agent_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
    agentType = value["agent_type"]?.stringValue
  }

  /// The tools whose calls write files: `apply_patch` (its hook-facing name since openai/codex
  /// PR #18391; `Write` and `Edit` are only matcher aliases of it, never sent), plus `Write` and
  /// `Edit` should a Codex version ever send them.
  public static let editTools: Set<String> = ["apply_patch", "Write", "Edit"]

  /// Whether this call edits files.
  public var isEdit: Bool { toolName.map { CodexHookInput.editTools.contains($0) } ?? false }

  /// What the call edits: the patch text of `apply_patch` (in `tool_input.command`, where the
  /// hook payload puts it; `tool_input.input` or `tool_input.patch`, the tool's own argument
  /// names; or `tool_input` itself as a string), or a plain `tool_input.file_path`.
  public enum Target: Sendable, Equatable {
    case patch(String)
    case file(String)
  }

  /// The target, or `nil` when the payload names none in a shape AgentLedger knows.
  public var target: Target? {
    if let text = toolInput?.stringValue { return .patch(text) }
    for key in ["command", "input", "patch"] {
      if let text = toolInput?[key]?.stringValue { return .patch(text) }
    }
    if let path = toolInput?["file_path"]?.stringValue ?? toolInput?["path"]?.stringValue {
      return .file(path)
    }
    return nil
  }

  /// The files the call writes, as the patch (or `file_path`) names them.
  ///
  /// - Throws: `.badInput` when the call edits but its patch cannot be read, or names none.
  public func editedPaths() throws(LedgerError) -> [String] {
    switch target {
    case .patch(let text): return try ApplyPatch(parsing: text).paths
    case .file(let path): return [path]
    case nil:
      throw LedgerError(
        .badInput,
        "the \(toolName ?? "edit") call carries no patch (tool_input.command is missing)")
    }
  }

  /// The session whose tool call this is: the subagent's sub-session
  /// (`codex:<session_id>/<agent_id>`) when a subagent made it, else `session()`.
  public func editingSession() throws(LedgerError) -> SessionID {
    let parent = try session()
    guard let agentID else { return parent }
    do {
      return try SessionID(parent: parent, agent: agentID, source: "the hook input's agent_id")
    } catch {
      throw LedgerError(.refused, error.message, hint: error.hint)
    }
  }

  /// The note of a subagent's claims: its type, so a denied sibling learns who holds the file.
  public var subagentNote: String? {
    guard agentID != nil else { return nil }
    return "subagent " + (agentType.map { ForeignText.shown($0, limit: 100) } ?? "")
  }

  /// The AgentLedger session: `codex:<session_id>`, the same id `CODEX_THREAD_ID` gives a
  /// `git commit` run from Codex's shell.
  public func session() throws(LedgerError) -> SessionID {
    guard let sessionID, !sessionID.isEmpty else {
      throw LedgerError(.refused, "the hook input has no session_id")
    }
    do {
      return try SessionID(
        "codex:" + sessionID, source: "the hook input's session_id (as codex:<id>)")
    } catch {
      throw LedgerError(.refused, error.message, hint: error.hint)
    }
  }
}
