import LedgerCore

/// `ledger who`: who owns each path.
enum WhoCommand {
  static let spec = CommandSpec(
    name: "who",
    summary: "Show which session owns each path",
    usage: ["who [--json] PATH…"],
    discussion: """
      For each PATH (relative to the current directory, or absolute inside the work tree), \
      prints the session whose active claim covers it and the covering spec, or that it is \
      unclaimed.
      """,
    examples: [("ledger who src/parser.swift", "who holds this file?")],
    options: [.json],
    positionals: (1, nil),
    completes: .claims(.all),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let workspace = try Workspace.open(invocation.context)
    HookHealth.warn(workspace)
    let normalizer = workspace.normalizer
    let ledger = try workspace.ledger()
    let active = ledger.activeClaims
    var rows: [(path: String, owner: Claim?)] = []
    for argument in invocation.arguments {
      let spec = try normalizer.spec(argument)
      let owner = active.first { claim in
        spec.kind == .file
          ? claim.spec.covers(spec.text, ignoreCase: ledger.ignoreCase)
          : Overlap.between(claim.spec, spec, ignoreCase: ledger.ignoreCase)
      }
      rows.append((spec.text, owner))
    }
    if invocation.json {
      invocation.output.line(
        JSONWriter.compact(
          .array(
            rows.map { row in
              .object([
                ("path", .string(row.path)),
                ("session", .optional(row.owner?.session.value)),
                ("spec", .optional(row.owner?.spec.text)),
              ])
            })))
      return .success
    }
    let table = rows.map { row -> [String] in
      guard let owner = row.owner else { return [Presentation.shown(row.path), "unclaimed"] }
      var cells = [Presentation.shown(row.path), owner.session.value, "(\(owner.spec.text))"]
      if !owner.note.isEmpty { cells.append("— " + ForeignText.shown(owner.note)) }
      return cells
    }
    for line in Presentation.table(table) { invocation.output.line(line) }
    return .success
  }
}
