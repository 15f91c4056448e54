import LedgerCore

/// `ledger check`: what pre-commit would decide for the current index, without committing.
enum CheckCommand {
  static let spec = CommandSpec(
    name: "check",
    summary: "Decide what pre-commit would for the current index, without committing",
    usage: ["check [--session ID] [--json]"],
    discussion: """
      Judges the staged paths exactly as the pre-commit hook does (same output, same exit \
      code): 1 when the commit would be blocked because a staged path is claimed by another \
      session (or, with ledger.requireClaim, not claimed by you), 0 otherwise. With --json, \
      prints {"allowed":…, "violations":[{path, reason, session, spec, since, note}…]}.
      """,
    examples: [
      ("git add -A && ledger check", "would this commit go through?"),
      ("ledger check --json", "for scripts"),
    ],
    options: [.session, .json],
    positionals: (0, 0),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    var context = invocation.context
    if let session = invocation.value("session") {
      context.environment["LEDGER_SESSION"] = try SessionID(session, source: "--session").value
    }
    if invocation.json {
      context.output = .discard
    }
    let outcome = try PreCommitHook.decide(context, recordAttempt: false)
    if invocation.json {
      let violations = outcome.verdict?.violations ?? []
      invocation.output.line(
        JSONWriter.compact(
          .object([
            ("allowed", .bool(outcome.code == .success)),
            ("violations", .array(violations.map(\.json))),
          ])))
    } else if outcome.code == .success {
      let count = outcome.verdict?.violations.count ?? 0
      invocation.output.line(
        count == 0 ? "ok: nothing staged is claimed by another session" : "ok (with warnings)")
    }
    return outcome.code
  }
}
