/// The Codex CLI hook handlers (`ledger hook codex EVENT`).
///
/// Codex reads a PreToolUse hook the way Claude Code does: exit 0 with
/// `hookSpecificOutput.permissionDecision: "deny"` blocks the call and shows the reason to the
/// model; exit 2 blocks with standard error; any other exit is a non-blocking failure. So a
/// handler that cannot do its job exits 1 with the reason — never 2 by accident — and the only
/// deliberate block is the JSON deny. A patch AgentLedger cannot read is denied (it could touch
/// any file), a payload it cannot read at all is reported with exit 1.
///
/// Codex has no session-end event: claims made here carry the `ledger.codexTTL` lease (2h by
/// default), renewed by every edit, and `stop` ends nothing.
public enum CodexHooks {
  /// The events, as `ledger hook codex EVENT` names them.
  public static let events = ["session-start", "pre-edit", "post-edit", "subagent-stop", "stop"]

  /// Runs the handler for `event` on the payload in `input`.
  public static func handle(event: String, input: [UInt8], context: ProcessContext)
    -> AgentHookResponse
  {
    AgentHookResponse.reporting(agent: "codex", event: event) { () throws(LedgerError) in
      let payload = try CodexHookInput(json: input)
      switch event {
      case "session-start": return try sessionStart(payload, context: context)
      case "pre-edit": return try preEdit(payload, context: context)
      case "post-edit": return try postEdit(payload, context: context)
      case "subagent-stop":
        return try SubagentHandOver.handOver(
          from: payload.editingSession(), to: payload.session(), agentType: payload.agentType,
          directory: payload.directory, agent: "codex", context: context)
      case "stop": return .allow
      default: return .unknownEvent(agent: "codex", event: event, events: events)
      }
    }
  }

  /// The edit of `paths` a payload describes, for the (sub-)session making it, with the
  /// `ledger.codexTTL` lease renewed by each edit.
  static func edit(
    _ payload: CodexHookInput, paths: [String], context: ProcessContext, holder: String
  ) -> EditGuard.Edit {
    var session: SessionID?
    var missing: LedgerError?
    do {
      session = try payload.editingSession()
    } catch {
      missing = error
    }
    return EditGuard.Edit(
      paths: paths,
      base: payload.directory.flatMap { $0.isEmpty ? nil : $0 } ?? context.currentDirectory,
      session: session, missingSession: missing, note: payload.subagentNote,
      lease: { $0.codexTTL }, renewsLeases: true, holder: holder)
  }

  // MARK: Handlers

  /// PreToolUse on apply_patch: deny the whole patch when any path it writes is claimed by
  /// another active session (naming each), or when it cannot be read (it could touch any
  /// file); otherwise claim every path for this session, with the lease, before the patch
  /// applies — all or nothing. Without a session id nothing can be claimed, but another
  /// session's file is still refused.
  static func preEdit(_ payload: CodexHookInput, context: ProcessContext) throws(LedgerError)
    -> AgentHookResponse
  {
    guard payload.isEdit else { return .allow }
    let paths: [String]
    do {
      paths = try payload.editedPaths()
    } catch {
      return .permissionDeny(EditGuard.uncheckableReason(error))
    }
    let edit = edit(payload, paths: paths, context: context, holder: "ledger hook codex pre-edit")
    switch try EditGuard.preEdit(edit, context: context) {
    case .allow: return .allow
    case .deny(let reason): return .permissionDeny(reason)
    }
  }

  /// PostToolUse on apply_patch: claim (or renew the lease of) every path the patch wrote. If
  /// another session claimed one meanwhile, tell the agent (exit 2 shows the message to it;
  /// PostToolUse cannot block).
  static func postEdit(_ payload: CodexHookInput, context: ProcessContext) throws(LedgerError)
    -> AgentHookResponse
  {
    guard payload.isEdit else { return .allow }
    let edit = edit(
      payload, paths: try payload.editedPaths(), context: context,
      holder: "ledger hook codex post-edit")
    let lost = try EditGuard.postEdit(edit, context: context)
    if lost.isEmpty { return .allow }
    return AgentHookResponse(code: 2, error: EditGuard.lostRaceMessage(lost))
  }

  /// SessionStart: records the session; after `/clear` (a new thread in the same Codex
  /// process) moves the previous thread's claims to the new one, as `ledger hook claude
  /// session-start` does, so the conversation is not denied its own files until their lease
  /// ends; tells the agent (its standard output joins the model's context) when the hooks git
  /// will run are not AgentLedger's.
  static func sessionStart(_ payload: CodexHookInput, context: ProcessContext) throws(LedgerError)
    -> AgentHookResponse
  {
    let session = try payload.session()
    let scoped = context.located(in: payload.directory ?? context.currentDirectory)
    guard let workspace = try? Workspace.open(scoped) else { return AgentHookResponse(code: 0) }
    let process = codexProcess()
    var previous: String?
    if payload.source == "clear", let process {
      let events = (try? workspace.store.log.read().events) ?? []
      previous =
        events.last(where: {
          $0.kind == .sessionStart && $0["agent"]?.stringValue == "codex"
            && $0["process"]?.stringValue == process && $0.session != session.value
        })?.session
    }
    let moved = try workspace.update(holder: "ledger hook codex session-start") { ledger in
      var moved: [Claim] = []
      if let previous, let from = try? SessionID(previous) {
        moved = ledger.transfer(
          from: from, to: session,
          reason: "the Codex conversation continued in a new thread (clear)")
      }
      ledger.record(
        AuditEvent(
          .sessionStart, time: ledger.now, session: session.value,
          details: [
            ("agent", .string("codex")), ("source", .optional(payload.source)),
            ("process", .optional(process)), ("previous", .optional(previous)),
          ]))
      return moved
    }
    var response = AgentHookResponse(code: 0)
    if !moved.isEmpty {
      response.output =
        "AgentLedger: this session took over \(moved.count) claim\(moved.count == 1 ? "" : "s") from \(previous ?? "the previous thread") of this conversation.\n"
    }
    if workspace.settings.enabled, let warning = HookHealth.check(workspace).warning {
      response.output += "AgentLedger: " + warning + "\n"
    }
    return response
  }

  /// The Codex process running the hook, as `PID-STARTTIME`: the nearest ancestor (up to 8
  /// levels) whose executable is `codex` or `codex-<platform>` (the binary npm installs).
  static func codexProcess() -> String? {
    guard var current = ProcessFacts.status("self") else { return nil }
    for _ in 0..<8 {
      guard current.parent > 1, let parent = ProcessFacts.status(String(current.parent)) else {
        return nil
      }
      if let executable = FileSystem.linkTarget("/proc/\(parent.pid)/exe") {
        let name = FileSystem.baseName(of: executable)
        if name == "codex" || name.hasPrefix("codex-") { return "\(parent.pid)-\(parent.start)" }
      }
      current = parent
    }
    return nil
  }
}
