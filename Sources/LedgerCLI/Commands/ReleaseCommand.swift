import LedgerCore

/// `ledger release`: drop this session's claims.
enum ReleaseCommand {
  static let spec = CommandSpec(
    name: "release",
    summary: "Release this session's claims (named specs, or --all)",
    usage: ["release [--json] SPEC…", "release --all [--json]"],
    discussion: """
      Releases the named specs, which must be held by the current session exactly as claimed \
      (as `ledger status` shows them); otherwise nothing is released and the exit code is 1. \
      --all releases every claim of the session.
      """,
    examples: [
      ("ledger release src/parser.swift", "release one claim"),
      ("ledger release --all", "release everything this session holds"),
    ],
    options: [.flag("all", "Release every claim of this session."), .session, .json],
    positionals: (0, nil),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let session = try invocation.requiredSession()
    let all = invocation.flag("all")
    if all == !invocation.arguments.isEmpty {
      throw .usage(
        all ? "give either --all or specs, not both" : "name the specs to release, or pass --all",
        command: "release")
    }
    let workspace = try Workspace.open(invocation.context)
    let normalizer = workspace.normalizer
    var specs: [PathSpec] = []
    for argument in invocation.arguments { specs.append(try normalizer.spec(argument)) }
    let released =
      all
      ? try workspace.update(holder: "ledger release") { ledger in
        ledger.releaseAll(session: session)
      }
      : try workspace.release(specs, session: session, holder: "ledger release")
    if invocation.json {
      invocation.output.line(
        JSONWriter.compact(.object([("released", .array(released.map(Presentation.json)))])))
    } else if released.isEmpty {
      invocation.output.line("\(session.value) held no claims")
    } else {
      for claim in released {
        invocation.output.line("released \(Presentation.shown(claim.spec.text))")
      }
    }
    return .success
  }
}
