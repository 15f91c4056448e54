/// The Gemini CLI hook handlers (`ledger hook gemini EVENT`).
///
/// Gemini reads a command hook's exit code: 0 parses standard output as JSON, 1 is a
/// non-blocking warning, and every other code — 2, but also 3 — blocks, with the text as the
/// reason. So every failure here is exit 1, never another code by accident, and the only
/// deliberate block is a denied edit, answered with `{"decision": "deny", "reason": …}` and exit
/// 0. Standard output carries only that JSON ("silence is mandatory"): whatever the agent or
/// the user should read travels in `systemMessage` or `hookSpecificOutput.additionalContext`.
///
/// Gemini's shell commands carry no session id of their own (its shell tool adds only
/// `GEMINI_CLI=1`), so `pre-shell`, a BeforeTool hook on `run_shell_command`, prefixes each
/// command with `export LEDGER_SESSION='gemini:<session_id>';` (Gemini merges a hook's
/// `hookSpecificOutput.tool_input` into the call): a `git commit` the agent runs is then judged
/// and stamped as the session its edits were claimed for.
public enum GeminiHooks {
  /// The events, as `ledger hook gemini EVENT` names them.
  public static let events = ["session-start", "pre-edit", "post-edit", "pre-shell", "session-end"]

  /// Runs the handler for `event` on the payload in `input`.
  public static func handle(event: String, input: [UInt8], context: ProcessContext)
    -> AgentHookResponse
  {
    AgentHookResponse.reporting(agent: "gemini", event: event) { () throws(LedgerError) in
      let payload = try GeminiHookInput(json: input)
      switch event {
      case "session-start": return try sessionStart(payload, context: context)
      case "pre-edit": return try preEdit(payload, context: context)
      case "post-edit": return try postEdit(payload, context: context)
      case "pre-shell": return try preShell(payload)
      case "session-end":
        try SessionEnd.end(
          payload.session(), directory: payload.directory, agent: "gemini", context: context)
        return .allow
      default: return .unknownEvent(agent: "gemini", event: event, events: events)
      }
    }
  }

  /// The edit a payload describes: its file, for the session making it.
  static func edit(_ payload: GeminiHookInput, context: ProcessContext, holder: String)
    -> EditGuard.Edit
  {
    var session: SessionID?
    var missing: LedgerError?
    do {
      session = try payload.session()
    } catch {
      missing = error
    }
    return EditGuard.Edit(
      paths: payload.filePath.map { [$0] } ?? [],
      base: payload.directory.flatMap { $0.isEmpty ? nil : $0 } ?? context.currentDirectory,
      session: session, missingSession: missing, note: nil, lease: { $0.ttl },
      renewsLeases: false, holder: holder)
  }

  // MARK: Handlers

  /// BeforeTool on write_file|replace: deny an edit of a file another active session has
  /// claimed (or that cannot be checked); otherwise claim it for this session and allow
  /// silently. Without a session id nothing is claimed, but another session's file is still
  /// refused.
  static func preEdit(_ payload: GeminiHookInput, context: ProcessContext) throws(LedgerError)
    -> AgentHookResponse
  {
    guard payload.isEdit else { return .allow }
    let edit = edit(payload, context: context, holder: "ledger hook gemini pre-edit")
    switch try EditGuard.preEdit(edit, context: context) {
    case .allow: return .allow
    case .deny(let reason):
      return answer([("decision", .string("deny")), ("reason", .string(reason))])
    }
  }

  /// AfterTool on write_file|replace: claim the edited file when no claim of this session
  /// covers it yet. If another session claimed it meanwhile, tell the agent beside the tool's
  /// result (AfterTool cannot undo the write).
  static func postEdit(_ payload: GeminiHookInput, context: ProcessContext) throws(LedgerError)
    -> AgentHookResponse
  {
    guard payload.isEdit else { return .allow }
    let edit = edit(payload, context: context, holder: "ledger hook gemini post-edit")
    let lost = try EditGuard.postEdit(edit, context: context)
    if lost.isEmpty { return .allow }
    return additionalContext(EditGuard.lostRaceMessage(lost), event: "AfterTool", warnUser: true)
  }

  /// The prefix `pre-shell` gives a shell command of `session`.
  static func shellPrefix(_ session: SessionID) -> String {
    "export LEDGER_SESSION='\(session.value)'; "
  }

  /// BeforeTool on run_shell_command: the command, prefixed so that it runs as this session
  /// (`LEDGER_SESSION`); nothing when it already is.
  static func preShell(_ payload: GeminiHookInput) throws(LedgerError) -> AgentHookResponse {
    guard payload.toolName == GeminiHookInput.shellTool, let command = payload.command else {
      return .allow
    }
    let prefix = shellPrefix(try payload.session())
    if command.hasPrefix(prefix) { return .allow }
    return answer([
      (
        "hookSpecificOutput",
        .object([
          ("hookEventName", .string("BeforeTool")),
          ("tool_input", .object([("command", .string(prefix + command))])),
        ])
      )
    ])
  }

  /// SessionStart: records the session, and tells the agent and the user when the hooks git
  /// will run are not AgentLedger's.
  static func sessionStart(_ payload: GeminiHookInput, context: ProcessContext)
    throws(LedgerError) -> AgentHookResponse
  {
    let session = try payload.session()
    let scoped = context.located(in: payload.directory ?? context.currentDirectory)
    guard let workspace = try? Workspace.open(scoped) else { return .allow }
    try workspace.update(holder: "ledger hook gemini session-start") { ledger in
      ledger.record(
        AuditEvent(
          .sessionStart, time: ledger.now, session: session.value,
          details: [("agent", .string("gemini")), ("source", .optional(payload.source))]))
    }
    // Enforcement is never silently off: the agent's context learns when commits go unchecked.
    guard workspace.settings.enabled, let warning = HookHealth.check(workspace).warning else {
      return .allow
    }
    return additionalContext("AgentLedger: " + warning, event: "SessionStart", warnUser: true)
  }

  // MARK: Answers

  /// Exit 0 with `fields` as Gemini's JSON output.
  static func answer(_ fields: [(key: String, value: JSONValue)]) -> AgentHookResponse {
    AgentHookResponse(code: 0, output: JSONWriter.compact(.object(fields)) + "\n")
  }

  /// Exit 0 with `text` added to the agent's context (and shown to the user when `warnUser`).
  static func additionalContext(_ text: String, event: String, warnUser: Bool) -> AgentHookResponse
  {
    var fields: [(key: String, value: JSONValue)] = [
      (
        "hookSpecificOutput",
        .object([("hookEventName", .string(event)), ("additionalContext", .string(text))])
      )
    ]
    if warnUser { fields.append(("systemMessage", .string(text))) }
    return answer(fields)
  }
}
