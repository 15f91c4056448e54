import LedgerCore

/// `ledger session`: which session resolves here; `ledger session end` releases its claims.
enum SessionCommand {
  static let spec = CommandSpec(
    name: "session",
    summary: "Print the resolved session and how it was found; `end` releases all its claims",
    usage: ["session [--json]", "session end [--json]"],
    discussion: """
      Prints the session commands and hooks act for, and which rule produced it: --session, \
      LEDGER_SESSION, CLAUDE_CODE_SESSION_ID (as claude:ID) or CODEX_THREAD_ID (as codex:ID). \
      With none of them the committer is unscoped (typically a person). `ledger session end` \
      releases every claim of the session.
      """,
    examples: [
      ("ledger session", "who am I?"),
      ("LEDGER_SESSION=alice ledger session end", "release everything alice holds"),
    ],
    options: [.session, .json],
    positionals: (0, 1),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    if let word = invocation.arguments.first {
      guard word == "end" else {
        throw .usage(
          "unknown `ledger session` action '\(word)'; the only one is `end`", command: "session")
      }
      let session = try invocation.requiredSession()
      let workspace = try Workspace.open(invocation.context)
      let released = try workspace.update(holder: "ledger session end") { ledger in
        ledger.endSession(session) { _ in false }.released
      }
      if invocation.json {
        invocation.output.line(
          JSONWriter.compact(
            .object([
              ("session", .string(session.value)),
              ("released", .array(released.map(Presentation.json))),
            ])))
      } else {
        invocation.output.line(
          "ended \(session.value): released \(released.count) claim\(released.count == 1 ? "" : "s")"
        )
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
