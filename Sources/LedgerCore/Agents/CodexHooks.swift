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
  public static let events = ["session-start", "pre-edit", "post-edit", "stop"]

  /// Runs the handler for `event` on the payload in `input`.
  public static func handle(event: String, input: [UInt8], context: ProcessContext)
    -> ClaudeHooks.Response
  {
    do {
      let payload = try CodexHookInput(json: input)
      switch event {
      case "session-start": return try sessionStart(payload, context: context)
      case "pre-edit": return try preEdit(payload, context: context)
      case "post-edit": return try postEdit(payload, context: context)
      case "stop": return ClaudeHooks.Response(code: 0)
      default:
        return ClaudeHooks.Response(
          code: 1,
          error:
            "ledger hook codex: unknown event '\(event)'; expected \(events.joined(separator: ", "))"
        )
      }
    } catch {
      var text = "AgentLedger (codex \(event)): \(error.message)"
      if let hint = error.hint { text += "\n" + hint }
      return ClaudeHooks.Response(code: 1, error: text)
    }
  }

  // MARK: What a call touches

  /// The files of one repository that a call touches.
  struct Touched {
    var workspace: Workspace
    var specs: [PathSpec]
  }

  /// The repository files the call writes, grouped by repository (files outside any work tree,
  /// or inside `.git`, are not AgentLedger's and are left out); `nil` when the call edits
  /// nothing.
  ///
  /// - Throws: `.badInput` when the call edits but its patch cannot be read.
  static func touched(_ payload: CodexHookInput, context: ProcessContext) throws(LedgerError)
    -> [Touched]?
  {
    guard payload.isEdit else { return nil }
    let base = payload.directory.flatMap { $0.isEmpty ? nil : $0 } ?? context.currentDirectory
    let paths: [String]
    switch payload.target {
    case .patch(let text): paths = try ApplyPatch(parsing: text).paths
    case .file(let path): paths = [path]
    case nil:
      throw LedgerError(
        .badInput,
        "the \(payload.toolName ?? "edit") call carries no patch (tool_input.command is missing)")
    }
    var groups: [Touched] = []
    var seen = Set<String>()
    for path in paths {
      let absolute = path.hasPrefix("/") ? path : FileSystem.join(base, path)
      guard let (workspace, spec) = try locate(absolute, context: context) else { continue }
      let tree = workspace.repository.workTree
      guard seen.insert(tree + "\u{0}" + spec.text).inserted else { continue }
      if let index = groups.firstIndex(where: { $0.workspace.repository.workTree == tree }) {
        groups[index].specs.append(spec)
      } else {
        groups.append(Touched(workspace: workspace, specs: [spec]))
      }
    }
    return groups
  }

  /// The workspace of the repository holding `path`, and the path's spec in it; `nil` when the
  /// file is not inside a git work tree (or is inside `.git`). Unlike `ClaudeHooks.locate`, a
  /// repository that cannot be opened (a broken `ledger.*` setting, say) is an error, not a file
  /// outside any repository: the edit is refused rather than let through unchecked.
  static func locate(_ given: String, context: ProcessContext) throws(LedgerError) -> (
    Workspace, PathSpec
  )? {
    let path = ClaudeHooks.resolvedPath(given)
    var directory = FileSystem.directoryName(of: path)
    while FileSystem.resolvedKind(of: directory) != .directory && directory != "/" {
      directory = FileSystem.directoryName(of: directory)
    }
    let workspace: Workspace
    do {
      workspace = try Workspace.open(context.located(in: directory))
    } catch {
      if error.message.hasSuffix("is not in a git repository")
        || error.message.contains("is not in a work tree")
      {
        return nil
      }
      throw error
    }
    let normalizer = PathNormalizer(
      workTree: workspace.repository.workTree, prefix: "", ignoreCase: workspace.settings.ignoreCase
    )
    guard let spec = try? normalizer.path(path), spec.kind == .file else { return nil }
    return (workspace, spec)
  }

  /// The specs of `group` that still need a claim for `session`: those not covered by an active
  /// claim of the session without expiry (a lease-less claim is never shortened to a lease).
  static func needingClaim(_ group: Touched, session: SessionID) throws(LedgerError) -> [PathSpec] {
    var result: [PathSpec] = []
    for spec in group.specs {
      let covering = try ClaudeHooks.claims(covering: spec, in: group.workspace)
      if !covering.contains(where: { $0.session == session && $0.expires == nil }) {
        result.append(spec)
      }
    }
    return result
  }

  // MARK: Handlers

  /// PreToolUse on apply_patch: deny the whole patch when any path it writes is claimed by
  /// another active session (naming each); otherwise claim every path for this session, with the
  /// lease, before the patch applies — all or nothing.
  static func preEdit(_ payload: CodexHookInput, context: ProcessContext) throws(LedgerError)
    -> ClaudeHooks.Response
  {
    let groups: [Touched]
    do {
      guard let found = try touched(payload, context: context) else {
        return ClaudeHooks.Response(code: 0)
      }
      groups = found
    } catch {
      return unreadable(error)
    }
    // Without a session id nothing can be claimed, but another session's file is still refused.
    let session = try? payload.session()
    var conflicts: [(PathSpec, Claim)] = []
    for group in groups {
      for spec in group.specs {
        let covering = try ClaudeHooks.claims(covering: spec, in: group.workspace)
        if let holder = covering.first(where: { $0.session != session }) {
          conflicts.append((spec, holder))
        }
      }
    }
    if !conflicts.isEmpty { return deny(conflicts, now: context.now) }
    guard let session else { _ = try payload.session(); return ClaudeHooks.Response(code: 0) }
    for group in groups {
      let specs = try needingClaim(group, session: session)
      if specs.isEmpty { continue }
      do {
        _ = try group.workspace.claim(
          specs, session: session, ttl: group.workspace.settings.codexTTL, note: nil,
          stealReason: nil, holder: "ledger hook codex pre-edit")
      } catch {
        if error.code == .refused,
          let found = try? group.workspace.ledger().conflicts(for: specs, session: session),
          !found.isEmpty
        {
          return deny(found.map { ($0.requested, $0.holder) }, now: context.now)
        }
        throw error
      }
    }
    return ClaudeHooks.Response(code: 0)
  }

  /// PostToolUse on apply_patch: claim (or renew the lease of) every path the patch wrote. If
  /// another session claimed one meanwhile, tell the agent (exit 2 shows the message to it;
  /// PostToolUse cannot block).
  static func postEdit(_ payload: CodexHookInput, context: ProcessContext) throws(LedgerError)
    -> ClaudeHooks.Response
  {
    guard let groups = try touched(payload, context: context) else {
      return ClaudeHooks.Response(code: 0)
    }
    let session = try payload.session()
    for group in groups {
      let specs = try needingClaim(group, session: session)
      if specs.isEmpty { continue }
      do {
        _ = try group.workspace.claim(
          specs, session: session, ttl: group.workspace.settings.codexTTL, note: nil,
          stealReason: nil, holder: "ledger hook codex post-edit")
      } catch {
        guard error.code == .refused else { throw error }
        return ClaudeHooks.Response(
          code: 2,
          error:
            "AgentLedger: a file of your patch was claimed by another session while you edited it. Revert your change to it and leave it out of your commits.\n\(error.message)"
        )
      }
    }
    return ClaudeHooks.Response(code: 0)
  }

  /// SessionStart: records the session; after `/clear` (a new thread in the same Codex
  /// process) moves the previous thread's claims to the new one, as `ledger hook claude
  /// session-start` does, so the conversation is not denied its own files until their lease
  /// ends; tells the agent (its standard output joins the model's context) when the hooks git
  /// will run are not AgentLedger's.
  static func sessionStart(_ payload: CodexHookInput, context: ProcessContext) throws(LedgerError)
    -> ClaudeHooks.Response
  {
    let session = try payload.session()
    let scoped = context.located(in: payload.directory ?? context.currentDirectory)
    guard let workspace = try? Workspace.open(scoped) else { return ClaudeHooks.Response(code: 0) }
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
    var response = ClaudeHooks.Response(code: 0)
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

  // MARK: Answers

  /// The deny answer for an edit AgentLedger cannot check: a patch it cannot read (which could
  /// touch any file), or a repository whose ledger settings it cannot read.
  static func unreadable(_ error: LedgerError) -> ClaudeHooks.Response {
    var reason =
      "AgentLedger refused this edit, as it cannot check it against other agent sessions' claims: \(error.message). Nothing was applied or claimed."
    if let hint = error.hint { reason += " " + hint }
    return decision(reason)
  }

  /// The deny answer naming every path of the patch that another session holds.
  static func deny(_ conflicts: [(PathSpec, Claim)], now: Timestamp) -> ClaudeHooks.Response {
    var lines = [
      "AgentLedger refused this patch: it touches \(conflicts.count == 1 ? "a file" : "files") another agent session holds. Nothing in it was applied or claimed."
    ]
    var ended = false
    for (spec, holder) in conflicts {
      var line = "- \(spec.text): claimed by \(holder.session.value)"
      if holder.spec != spec { line += " (as \(holder.spec.text))" }
      line += ", since \(holder.since.rfc3339)"
      if !holder.note.isEmpty {
        line += " — its note, quoted as data: \(ForeignText.quoted(holder.note))"
      }
      if holder.ended != nil { ended = true }
      lines.append(line)
    }
    lines.append(
      "Do not edit \(conflicts.count == 1 ? "it" : "them"): send a patch without \(conflicts.count == 1 ? "that file" : "those files"), work on other files, or ask the user."
    )
    if ended {
      lines.append(
        "A session holding one has ended; the user can release it or take it over with `ledger claim --steal --reason TEXT PATH`."
      )
    }
    return decision(lines.joined(separator: "\n"))
  }

  static func decision(_ reason: String) -> ClaudeHooks.Response {
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
    return ClaudeHooks.Response(code: 0, output: JSONWriter.compact(json) + "\n")
  }
}
