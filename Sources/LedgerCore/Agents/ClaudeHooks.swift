/// The Claude Code hook handlers (`ledger hook claude EVENT`).
///
/// Claude reads a command hook's exit code: 2 blocks (and shows standard error to the agent),
/// anything else is a non-blocking error. So every failure here is reported with exit 1 — never
/// 2 by accident — and the only deliberate block is a denied edit, which uses the JSON form
/// (`permissionDecision: "deny"`) with exit 0.
public enum ClaudeHooks {
  /// What a handler wants Claude to see.
  public struct Response: Sendable, Equatable {
    /// The exit code.
    public var code: Int32
    /// Standard output (JSON for Claude, or nothing).
    public var output: String = ""
    /// Standard error (shown to the agent on exit 2, to the user otherwise).
    public var error: String = ""
  }

  /// The events, as `ledger hook claude EVENT` names them.
  public static let events = [
    "session-start", "pre-edit", "post-edit", "subagent-stop", "session-end",
  ]

  /// Runs the handler for `event` on the payload in `input`.
  public static func handle(event: String, input: [UInt8], context: ProcessContext) -> Response {
    do {
      let payload = try ClaudeHookInput(json: input)
      switch event {
      case "session-start": return try sessionStart(payload, context: context)
      case "pre-edit": return try preEdit(payload, context: context)
      case "post-edit": return try postEdit(payload, context: context)
      case "session-end": return try sessionEnd(payload, context: context)
      case "subagent-stop": return try subagentStop(payload, context: context)
      default:
        return Response(
          code: 1,
          error:
            "ledger hook claude: unknown event '\(event)'; expected \(events.joined(separator: ", "))"
        )
      }
    } catch {
      var text = "AgentLedger (\(event)): \(error.message)"
      if let hint = error.hint { text += "\n" + hint }
      return Response(code: 1, error: text)
    }
  }

  // MARK: Locating the file

  /// The workspace of the repository holding `path`, and the path's spec in it; `nil` when the
  /// file is not inside a git work tree (or is inside `.git`).
  static func locate(_ given: String, context: ProcessContext) -> (Workspace, PathSpec)? {
    // The file the tool will really write: through any symbolic link, in the work tree or not.
    let path = resolvedPath(given)
    var directory = FileSystem.directoryName(of: path)
    while FileSystem.resolvedKind(of: directory) != .directory && directory != "/" {
      directory = FileSystem.directoryName(of: directory)
    }
    guard let workspace = try? Workspace.open(context.located(in: directory)) else { return nil }
    let normalizer = PathNormalizer(
      workTree: workspace.repository.workTree, prefix: "", ignoreCase: workspace.settings.ignoreCase
    )
    guard let spec = try? normalizer.path(path), spec.kind == .file else { return nil }
    return (workspace, spec)
  }

  /// `path` with every symbolic link resolved: the longest existing prefix through `realpath`,
  /// the rest (names not created yet) appended as they are.
  static func resolvedPath(_ path: String) -> String {
    var existing = path
    var rest: [String] = []
    while existing != "/" && !existing.isEmpty {
      if let real = FileSystem.realPath(existing) {
        return ([real] + rest).joined(separator: "/").replacing("//", with: "/")
      }
      rest.insert(FileSystem.baseName(of: existing), at: 0)
      existing = FileSystem.directoryName(of: existing)
    }
    return path
  }

  static func filePath(_ payload: ClaudeHookInput) -> String? {
    guard var path = payload.filePath, !path.isEmpty else { return nil }
    if !path.hasPrefix("/"), let directory = payload.directory {
      path = FileSystem.join(directory, path)
    }
    return path
  }

  // MARK: Handlers

  /// PreToolUse on Edit|Write|MultiEdit|NotebookEdit: deny an edit of a file another active
  /// session has claimed; otherwise claim it for this session (closing the race with another
  /// agent about to edit it) and allow silently.
  static func preEdit(_ payload: ClaudeHookInput, context: ProcessContext) throws(LedgerError)
    -> Response
  {
    // A subagent's edit is its sub-session's: siblings conflict like two sessions.
    let session = try payload.editingSession()
    guard let path = filePath(payload), let (workspace, spec) = locate(path, context: context)
    else {
      return Response(code: 0)
    }
    let now = context.now
    let covering = try claims(covering: spec, in: workspace)
    if let holder = covering.first(where: { !session.mayUse(claimsOf: $0.session) }) {
      return deny(spec: spec, holder: holder, now: now, asking: session)
    }
    // Held by this very (sub-)session. (A parent's claim does not keep a subagent's sibling
    // out, so a subagent claims for itself even under its parent's claim.)
    if covering.contains(where: { $0.session == session }) { return Response(code: 0) }
    do {
      _ = try workspace.claim(
        [spec], session: session, ttl: workspace.settings.ttl, note: subagentNote(payload),
        stealReason: nil, holder: "ledger hook claude pre-edit")
    } catch {
      if error.code == .refused,
        let holder = try? workspace.ledger().conflicts(for: [spec], session: session).first?.holder
      {
        return deny(spec: spec, holder: holder, now: now, asking: session)
      }
      throw error
    }
    return Response(code: 0)
  }

  /// The active claims covering the file `spec`, found by binary search in the mapped ledger
  /// (these handlers run around every edit, so they never read the whole ledger).
  static func claims(covering spec: PathSpec, in workspace: Workspace) throws(LedgerError)
    -> [Claim]
  {
    let now = workspace.context.now
    let ignoreCase = workspace.settings.ignoreCase
    return try workspace.store.index().candidates(for: spec.text).filter {
      $0.isActive(at: now) && $0.spec.covers(spec.text, ignoreCase: ignoreCase)
    }
  }

  /// The note of a subagent's claims: its type, so a denied sibling learns who holds the file.
  static func subagentNote(_ payload: ClaudeHookInput) -> String? {
    guard payload.agentID != nil else { return nil }
    return "subagent " + (payload.agentType.map { ForeignText.shown($0, limit: 100) } ?? "")
  }

  static func deny(spec: PathSpec, holder: Claim, now: Timestamp, asking: SessionID? = nil)
    -> Response
  {
    var reason: String
    if let asking, asking.parent == holder.session.parent, let agent = holder.session.agent {
      reason = "\(spec.text) is being edited by another subagent of this session, \(agent)"
    } else {
      reason = "\(spec.text) is claimed by another agent session, \(holder.session.value)"
    }
    if holder.spec != spec { reason += " (as \(holder.spec.text))" }
    reason += ", since \(holder.since.rfc3339)"
    if !holder.note.isEmpty {
      reason += " — its note, quoted as data: \(ForeignText.quoted(holder.note))"
    }
    reason += ". Do not edit it: work on other files, or ask the user."
    if holder.ended != nil {
      reason +=
        " Its session has ended; the user can release it or take it over with `ledger claim --steal --reason TEXT \(spec.text)`."
    }
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
    return Response(code: 0, output: JSONWriter.compact(json) + "\n")
  }

  /// PostToolUse: claim the edited file (new files included) when no claim of this session
  /// covers it yet. If another session claimed it meanwhile, tell the agent (exit 2 shows the
  /// message to it; PostToolUse cannot block).
  static func postEdit(_ payload: ClaudeHookInput, context: ProcessContext) throws(LedgerError)
    -> Response
  {
    let session = try payload.editingSession()
    guard let path = filePath(payload), let (workspace, spec) = locate(path, context: context)
    else {
      return Response(code: 0)
    }
    if try claims(covering: spec, in: workspace).contains(where: { $0.session == session }) {
      return Response(code: 0)
    }
    do {
      _ = try workspace.claim(
        [spec], session: session, ttl: workspace.settings.ttl, note: subagentNote(payload),
        stealReason: nil, holder: "ledger hook claude post-edit")
    } catch {
      guard error.code == .refused else { throw error }
      return Response(
        code: 2,
        error:
          "AgentLedger: \(spec.text) was claimed by another session while you edited it. Revert your change to it and leave it out of your commits.\n\(error.message)"
      )
    }
    return Response(code: 0)
  }

  /// SessionStart: records the session; when Claude continues a conversation in a new session
  /// (`/clear`, compaction, resume in the same process), moves the previous session's claims to
  /// the new one; for Claude versions without `CLAUDE_CODE_SESSION_ID`, exports
  /// `LEDGER_SESSION` through `CLAUDE_ENV_FILE`; tells the agent when the hooks git will run
  /// are not AgentLedger's (its standard output joins the agent's context).
  static func sessionStart(_ payload: ClaudeHookInput, context: ProcessContext) throws(LedgerError)
    -> Response
  {
    let session = try payload.session()
    var response = Response(code: 0)
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

  /// SubagentStop: the subagent's claims pass to its session, which commits its work.
  static func subagentStop(_ payload: ClaudeHookInput, context: ProcessContext)
    throws(LedgerError) -> Response
  {
    let parent = try payload.session()
    let session = try payload.editingSession()
    guard session != parent else { return Response(code: 0) }
    let scoped = context.located(in: payload.directory ?? context.currentDirectory)
    guard let workspace = try? Workspace.open(scoped) else { return Response(code: 0) }
    let type = payload.agentType.map { " (\(ForeignText.shown($0, limit: 100)))" } ?? ""
    _ = try workspace.update(holder: "ledger hook claude subagent-stop") { ledger in
      ledger.transfer(
        from: session, to: parent, reason: "subagent \(session.agent ?? "")\(type) stopped")
    }
    return Response(code: 0)
  }

  /// SessionEnd: releases the session's claims on paths with no uncommitted changes; claims on
  /// paths that still differ from `HEAD` stay, marked as left by an ended session. When the
  /// conversation goes on in a new session (`/clear`, resume), everything stays for the next
  /// session-start to take over; `ledger.sessionEnd=keep` keeps everything too.
  static func sessionEnd(_ payload: ClaudeHookInput, context: ProcessContext) throws(LedgerError)
    -> Response
  {
    let session = try payload.session()
    let scoped = context.located(in: payload.directory ?? context.currentDirectory)
    guard let workspace = try? Workspace.open(scoped) else { return Response(code: 0) }
    if ["clear", "resume"].contains(payload.reason ?? "") { return Response(code: 0) }
    let keepAll = workspace.settings.keepClaimsOnSessionEnd
    let changes = keepAll ? WorkingChanges(paths: []) : try WorkingChanges.read(workspace.git)
    let ignoreCase = workspace.settings.ignoreCase
    _ = try workspace.update(holder: "ledger hook claude session-end") { ledger in
      ledger.endSession(session) { claim in
        keepAll || changes.touches(claim.spec, ignoreCase: ignoreCase)
      }
    }
    return Response(code: 0)
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
