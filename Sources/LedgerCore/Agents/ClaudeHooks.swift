/// The Claude Code hook handlers (`ledger hook claude EVENT`).
///
/// Claude reads a command hook's exit code: 2 blocks (and shows standard error to the agent),
/// anything else is a non-blocking error. So every failure here is reported with exit 1 — never
/// 2 by accident — and the only deliberate block is a denied edit, which uses the JSON form
/// (`permissionDecision: "deny"`) with exit 0. The edit itself is judged by `EditGuard`, which
/// fails closed: an edit it cannot check (broken `ledger.*` settings) is denied with the reason.
public enum ClaudeHooks {
  /// The events, as `ledger hook claude EVENT` names them.
  public static let events = [
    "session-start", "pre-edit", "post-edit", "subagent-stop", "session-end",
  ]

  /// Runs the handler for `event` on the payload in `input`.
  public static func handle(event: String, input: [UInt8], context: ProcessContext)
    -> AgentHookResponse
  {
    AgentHookResponse.reporting(agent: "claude", event: event) { () throws(LedgerError) in
      let payload = try ClaudeHookInput(json: input)
      switch event {
      case "session-start": return try sessionStart(payload, context: context)
      case "pre-edit": return try preEdit(payload, context: context)
      case "post-edit": return try postEdit(payload, context: context)
      case "session-end": return try sessionEnd(payload, context: context)
      case "subagent-stop":
        return try SubagentHandOver.handOver(
          from: payload.editingSession(), to: payload.session(), agentType: payload.agentType,
          directory: payload.directory, agent: "claude", context: context)
      default: return .unknownEvent(agent: "claude", event: event, events: events)
      }
    }
  }

  /// The edit a payload describes: its file, for the (sub-)session making it.
  static func edit(_ payload: ClaudeHookInput, context: ProcessContext, holder: String)
    throws(LedgerError) -> EditGuard.Edit
  {
    EditGuard.Edit(
      paths: payload.filePath.map { [$0] } ?? [],
      base: payload.directory ?? context.currentDirectory,
      // A subagent's edit is its sub-session's: siblings conflict like two sessions.
      session: try payload.editingSession(), missingSession: nil, note: subagentNote(payload),
      lease: { $0.ttl }, renewsLeases: false, holder: holder)
  }

  // MARK: Handlers

  /// PreToolUse on Edit|Write|MultiEdit|NotebookEdit: deny an edit of a file another active
  /// session has claimed; otherwise claim it for this session (closing the race with another
  /// agent about to edit it) and allow silently.
  static func preEdit(_ payload: ClaudeHookInput, context: ProcessContext) throws(LedgerError)
    -> AgentHookResponse
  {
    let edit = try edit(payload, context: context, holder: "ledger hook claude pre-edit")
    switch try EditGuard.preEdit(edit, context: context) {
    case .allow: return .allow
    case .deny(let reason): return .permissionDeny(reason)
    }
  }

  /// The note of a subagent's claims: its type, so a denied sibling learns who holds the file.
  static func subagentNote(_ payload: ClaudeHookInput) -> String? {
    guard payload.agentID != nil else { return nil }
    return "subagent " + (payload.agentType.map { ForeignText.shown($0, limit: 100) } ?? "")
  }

  /// PostToolUse: claim the edited file (new files included) when no claim of this session
  /// covers it yet. If another session claimed it meanwhile, tell the agent (exit 2 shows the
  /// message to it; PostToolUse cannot block).
  static func postEdit(_ payload: ClaudeHookInput, context: ProcessContext) throws(LedgerError)
    -> AgentHookResponse
  {
    let edit = try edit(payload, context: context, holder: "ledger hook claude post-edit")
    let lost = try EditGuard.postEdit(edit, context: context)
    if lost.isEmpty { return .allow }
    return AgentHookResponse(code: 2, error: EditGuard.lostRaceMessage(lost))
  }

  /// SessionStart: records the session; when Claude continues a conversation in a new session
  /// (`/clear`, compaction, resume in the same process), moves the previous session's claims to
  /// the new one; for Claude versions without `CLAUDE_CODE_SESSION_ID`, exports
  /// `LEDGER_SESSION` through `CLAUDE_ENV_FILE`; tells the agent when the hooks git will run
  /// are not AgentLedger's (its standard output joins the agent's context).
  static func sessionStart(_ payload: ClaudeHookInput, context: ProcessContext) throws(LedgerError)
    -> AgentHookResponse
  {
    let session = try payload.session()
    var response = AgentHookResponse(code: 0)
    if (context.environment["CLAUDE_CODE_SESSION_ID"] ?? "").isEmpty,
      let envFile = context.environment["CLAUDE_ENV_FILE"], !envFile.isEmpty
    {
      do {
        try FileSystem.append(
          envFile, Array("export LEDGER_SESSION='\(session.value)'\n".utf8), durable: false)
      } catch {
        response.error =
          "AgentLedger: cannot write CLAUDE_ENV_FILE (\(error)); set LEDGER_SESSION yourself."
      }
    }
    let scoped = context.located(in: payload.directory ?? context.currentDirectory)
    guard let workspace = try? Workspace.open(scoped) else { return response }
    let process = claudeProcess(context)
    let continued = ["clear", "compact", "resume", "fork"].contains(payload.source ?? "")
    var previous: String?
    if continued, let process {
      let events = (try? workspace.store.log.read().events) ?? []
      previous =
        events.last(where: {
          $0.kind == .sessionStart && $0["process"]?.stringValue == process
            && $0.session != session.value
        })?.session
    }
    let moved = try workspace.update(holder: "ledger hook claude session-start") { ledger in
      var moved: [Claim] = []
      if let previous, let from = try? SessionID(previous) {
        moved = ledger.transfer(
          from: from, to: session,
          reason: "the conversation continued in a new session (\(payload.source ?? ""))")
      }
      ledger.record(
        AuditEvent(
          .sessionStart, time: ledger.now, session: session.value,
          details: [
            ("agent", .string("claude")), ("source", .optional(payload.source)),
            ("process", .optional(process)), ("previous", .optional(previous)),
          ]))
      return moved
    }
    if !moved.isEmpty {
      response.output =
        "AgentLedger: this session took over \(moved.count) claim\(moved.count == 1 ? "" : "s") from \(previous ?? "the previous session") of this conversation.\n"
    }
    // Enforcement is never silently off: the agent's context learns when commits go unchecked.
    if workspace.settings.enabled, let warning = HookHealth.check(workspace).warning {
      response.output += "AgentLedger: " + warning + "\n"
    }
    return response
  }

  /// SessionEnd: releases the session's claims on paths with no uncommitted changes; claims on
  /// paths that still differ from `HEAD` stay, marked as left by an ended session. When the
  /// conversation goes on in a new session (`/clear`, resume), everything stays for the next
  /// session-start to take over; `ledger.sessionEnd=keep` keeps everything too.
  static func sessionEnd(_ payload: ClaudeHookInput, context: ProcessContext) throws(LedgerError)
    -> AgentHookResponse
  {
    let session = try payload.session()
    if ["clear", "resume"].contains(payload.reason ?? "") { return AgentHookResponse(code: 0) }
    try SessionEnd.end(session, directory: payload.directory, agent: "claude", context: context)
    return AgentHookResponse(code: 0)
  }

  /// The Claude process running the hook, as `PID-STARTTIME`: `CLAUDE_PID` when Claude sets
  /// it, else the parent of the shell that runs the hook command.
  static func claudeProcess(_ context: ProcessContext) -> String? {
    var pid = context.environment["CLAUDE_PID"].flatMap { Int32($0) }
    if pid == nil, let shell = ProcessFacts.status("self")?.parent {
      // hook command → sh -c → claude, walked in the mounted /proc's pids (`getppid()` answers
      // in the caller's PID namespace, which a sandbox's host /proc does not show).
      pid = ProcessFacts.parent(of: shell)
    }
    guard let pid, pid > 1, let start = ProcessFacts.startTime(of: pid) else { return nil }
    return "\(pid)-\(start)"
  }

}
