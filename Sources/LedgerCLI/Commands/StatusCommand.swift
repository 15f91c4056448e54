import LedgerCore

/// `ledger status`: every active claim, grouped by session.
enum StatusCommand {
  static let spec = CommandSpec(
    name: "status",
    summary: "List every active claim by session, with age, expiry, note and uncommitted work",
    usage: ["status [--json]"],
    discussion: """
      Lists every active claim, grouped by session: the spec, how long it has been held, when \
      its lease runs out, its note, and whether anything it covers has uncommitted changes \
      (staged, unstaged or untracked). Claims left by a session that ended while its work was \
      still uncommitted are marked; release them, or take them over with \
      `ledger claim --steal --reason …`.
      """,
    examples: [
      ("ledger status", "who holds what"),
      ("ledger status --json | jq '.claims[] | select(.session == \"claude:abc\")'", "for scripts"),
    ],
    options: [.session, .json],
    positionals: (0, 0),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let me = try invocation.session().id
    let workspace = try Workspace.open(invocation.context)
    HookHealth.warn(workspace)
    let ledger = try workspace.ledger()
    let now = ledger.now
    // Sub-sessions (subagents) right after their session.
    let claims = ledger.activeClaims.sorted {
      ($0.session.parent.value, $0.session.value, $0.spec.text)
        < ($1.session.parent.value, $1.session.value, $1.spec.text)
    }
    let changes =
      claims.isEmpty ? WorkingChanges(paths: []) : try WorkingChanges.read(workspace.git)
    let ignoreCase = workspace.settings.ignoreCase
    if invocation.json {
      let entries = claims.map { claim in
        Presentation.json(claim).setting(
          "changed", to: .bool(changes.touches(claim.spec, ignoreCase: ignoreCase)))
      }
      invocation.output.line(
        JSONWriter.compact(.object([("version", .integer(1)), ("claims", .array(entries))])))
      return .success
    }
    let output = invocation.output
    guard !claims.isEmpty else {
      output.line("No active claims.")
      return .success
    }
    var groups: [(SessionID, [Claim])] = []
    for claim in claims {
      if groups.last?.0 == claim.session {
        groups[groups.count - 1].1.append(claim)
      } else {
        groups.append((claim.session, [claim]))
      }
    }
    for (index, (session, held)) in groups.enumerated() {
      if index > 0 { output.line() }
      let indent = session.isSubSession ? "  " : ""
      var title =
        session.isSubSession
        ? indent + "└ subagent " + output.styled(session.agent ?? "", .bold) + " of "
          + session.parent.value
        : output.styled(session.value, .bold)
      if session == me { title += " (you)" }
      title += "  \(held.count) claim\(held.count == 1 ? "" : "s")"
      if let ended = held.compactMap(\.ended).max() {
        title += output.styled(
          "  — session ended \(Presentation.age(from: ended, to: now)) ago; left with uncommitted work",
          .yellow)
      }
      output.line(title)
      let rows = held.map { claim -> [String] in
        [
          indent + "  " + Presentation.shown(claim.spec.text),
          Presentation.age(from: claim.since, to: now),
          Presentation.expiry(claim.expires, now: now),
          changes.touches(claim.spec, ignoreCase: ignoreCase) ? "uncommitted" : "clean",
          ForeignText.shown(claim.note),
        ]
      }
      for line in Presentation.table(
        [[indent + "  SPEC", "AGE", "EXPIRES", "WORK", "NOTE"]] + rows)
      {
        output.line(line)
      }
    }
    return .success
  }
}
