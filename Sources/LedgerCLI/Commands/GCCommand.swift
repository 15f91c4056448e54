import LedgerCore

/// `ledger gc`: drop expired claims.
enum GCCommand {
  static let spec = CommandSpec(
    name: "gc",
    summary: "Drop expired claims and report what went",
    usage: ["gc [--json]"],
    discussion: """
      Expired claims are ignored everywhere and dropped at the next write to the ledger; \
      `ledger gc` drops them now and lists them. Each is recorded as an `expire` event.
      """,
    examples: [("ledger gc", "tidy the ledger")],
    options: [.json],
    positionals: (0, 0),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let workspace = try Workspace.open(invocation.context)
    HookHealth.warn(workspace)
    let before = try workspace.ledger()
    let expired = before.claims.filter { !$0.isActive(at: before.now) }
    let dropped: [Claim]
    if expired.isEmpty {
      dropped = []
    } else {
      // The update drops expired claims itself; report the ones that were there.
      dropped = try workspace.update(holder: "ledger gc") { ledger in
        ledger.events.compactMap { event in
          expired.first {
            $0.spec.text == event["spec"]?.stringValue && $0.session.value == event.session
          }
        }
      }
    }
    if invocation.json {
      invocation.output.line(
        JSONWriter.compact(.object([("expired", .array(dropped.map(Presentation.json)))])))
    } else if dropped.isEmpty {
      invocation.output.line("No expired claims.")
    } else {
      for claim in dropped {
        invocation.output.line(
          "dropped \(Presentation.shown(claim.spec.text)) of \(claim.session.value) (expired \(claim.expires?.rfc3339 ?? ""))"
        )
      }
    }
    return .success
  }
}
