import LedgerCore

/// `ledger session`: which session resolves here; `ledger session end` releases its claims.
enum SessionCommand {
  static let spec = CommandSpec(
    name: "session",
    summary: "Print the resolved session and how it was found; `end` releases all its claims",
    usage: ["session [--json]", "session end [--force] [--json]"],
    discussion: """
      Prints the session commands and hooks act for, and which rule produced it: --session, \
      LEDGER_SESSION, CLAUDE_CODE_SESSION_ID (as claude:ID) or CODEX_THREAD_ID (as codex:ID). \
      With none of them the committer is unscoped (typically a person). `ledger session end` \
      releases every claim of the session, except claims covering uncommitted changes \
      (modified, staged or untracked): those stay, marked as left by an ended session, as \
      Claude Code's SessionEnd handler leaves them, until released or taken over. \
      `session end --force` releases those too, with a warning.
      """,
    examples: [
      ("ledger session", "who am I?"),
      ("LEDGER_SESSION=alice ledger session end", "release everything alice holds"),
    ],
    options: [
      .flag("force", "With `end`: release claims on uncommitted work too (with a warning)."),
      .session, .json,
    ],
    positionals: (0, 1),
    completes: .words(["end"]),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    if let word = invocation.arguments.first {
      guard word == "end" else {
        throw .usage(
          "unknown `ledger session` action '\(word)'; the only one is `end`", command: "session")
      }
      let session = try invocation.requiredSession()
      let force = invocation.flag("force")
      let workspace = try Workspace.open(invocation.context)
      HookHealth.warn(workspace)
      let changes = try WorkingChanges.read(workspace.git)
      let ignoreCase = workspace.settings.ignoreCase
      let (released, kept, stranded) = try workspace.update(holder: "ledger session end") {
        ledger in
        let mine = ledger.activeClaims.filter { $0.session == session }
        // Each claim over uncommitted work stays (unless forced): that work is still the
        // session's, and releasing it would invite another session to sweep it up.
        let stranded = UncommittedWork.stranded(
          releasing: mine, keeping: [], changes: changes, ignoreCase: ignoreCase)
        let (released, kept) = ledger.endSession(session) { claim in
          !force && changes.touches(claim.spec, ignoreCase: ignoreCase)
        }
        return (released, kept, stranded)
      }
      if !stranded.isEmpty {
        let heading =
          force
          ? "ledger: warning: released with --force; these uncommitted changes are no longer protected by a claim (another session may commit them):"
          : "ledger: kept \(kept.count) claim\(kept.count == 1 ? "" : "s") of \(session.value) over uncommitted changes, marked as left by an ended session:"
        var lines = [heading] + UncommittedWork.lines(stranded)
        if !force {
          lines.append(
            "Commit that work (`ledger commit -m MSG`) and end again, or release it with `ledger session end --force`."
          )
        }
        invocation.output.error(lines.joined(separator: "\n"))
      }
      if invocation.json {
        invocation.output.line(
          JSONWriter.compact(
            .object([
              ("session", .string(session.value)),
              ("released", .array(released.map(Presentation.json))),
              ("kept", .array(kept.map(Presentation.json))),
            ])))
      } else {
        invocation.output.line(
          "ended \(session.value): released \(released.count) claim\(released.count == 1 ? "" : "s")"
            + (kept.isEmpty ? "" : ", kept \(kept.count) over uncommitted work"))
      }
      return .success
    }
    let resolved = try invocation.session()
    if invocation.json {
      invocation.output.line(
        JSONWriter.compact(
          .object([
            ("session", .optional(resolved.id?.value)),
            ("source", .string(resolved.source.rawValue)),
          ])))
    } else if let id = resolved.id {
      invocation.output.line("\(id.value) (from \(resolved.source.rawValue))")
    } else {
      invocation.output.line(
        "none: unscoped (no --session, LEDGER_SESSION, CLAUDE_CODE_SESSION_ID or CODEX_THREAD_ID)")
    }
    return .success
  }
}
