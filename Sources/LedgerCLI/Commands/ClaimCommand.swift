import LedgerCore

/// `ledger claim`: take exclusive holds on files, directories or globs, all or nothing.
enum ClaimCommand {
  static let spec = CommandSpec(
    name: "claim",
    summary: "Claim files, directories or globs for this session (all or nothing)",
    usage: ["claim [--ttl DUR] [--note TEXT] [--steal --reason TEXT] [--json] SPEC…"],
    discussion: """
      Claims every SPEC for the current session, or none of them: if any SPEC overlaps an \
      active claim of another session, nothing is claimed, each conflict is listed (spec, \
      holder, since, expiry, note) and the exit code is 1. Claiming a spec you already hold \
      refreshes its lease (and its note, with --note).

      A SPEC is a file, a directory (`dir/`, or any existing directory: everything below it) \
      or a glob anchored at the repository root (`src/*.swift`, `docs/**/*.md`; `**` crosses \
      directories; `{a,b}` alternatives as in a shell). A glob also covers its name as spelled \
      (`app/[id]/page.tsx` protects that file before it exists), and every spec covers \
      everything below what it names once that is a directory (a submodule's gitlink \
      included). Paths are relative to the current directory, like git's, and separated by \
      `/` (a backslash is refused); an existing file is taken literally even when its name \
      has glob characters. A glob that matches nothing yet is claimed with a warning.

      --steal takes over the other session's whole claim and records who lost it and why \
      (--reason is required).
      """,
    examples: [
      ("ledger claim src/parser.swift docs/", "claim a file and a directory"),
      (
        "ledger claim --ttl 2h --note 'auth refactor' 'Sources/Auth/**'",
        "a glob, with a lease and a note"
      ),
      ("ledger claim --steal --reason 'agent crashed' src/parser.swift", "take over a claim"),
    ],
    options: [
      .option("ttl", "DUR", "Lease length (90s, 30m, 8h, 2d); default: ledger.ttl, else none."),
      .option("note", "TEXT", "Why you hold it; shown to anyone who conflicts."),
      .flag("steal", "Take over overlapping claims of other sessions."),
      .option("reason", "TEXT", "Why you steal (required with --steal)."),
      .session, .json,
    ],
    positionals: (1, nil),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let session = try invocation.requiredSession()
    let steal = invocation.flag("steal")
    let reason = invocation.value("reason")
    if steal && (reason ?? "").isEmpty {
      throw .usage("--steal needs --reason TEXT: say why you take it over", command: "claim")
    }
    if !steal && reason != nil {
      throw .usage("--reason goes with --steal", command: "claim")
    }
    let explicitTTL: Duration? = try invocation.value("ttl").map { text throws(LedgerError) in
      try Duration(parsing: text)
    }
    let workspace = try Workspace.open(invocation.context)
    HookHealth.warn(workspace)
    let normalizer = workspace.normalizer
    var specs: [PathSpec] = []
    for argument in invocation.arguments { specs.append(try normalizer.spec(argument)) }
    let ttl = explicitTTL ?? workspace.settings.ttl
    let now = invocation.context.now
    let outcome: Ledger.ClaimOutcome
    do {
      outcome = try workspace.claim(
        specs, session: session, ttl: ttl, note: invocation.value("note"),
        stealReason: steal ? reason : nil, holder: "ledger claim")
    } catch {
      if invocation.json, error.code == .refused,
        let conflicts = try? workspace.ledger().conflicts(for: specs, session: session)
      {
        invocation.output.line(
          JSONWriter.compact(
            .object([
              ("claimed", .bool(false)),
              ("conflicts", .array(conflicts.map(conflictJSON))),
            ])))
      }
      throw error
    }
    if invocation.json {
      warnAboutUnmatchedGlobs(
        outcome.added.map(\.spec), workspace: workspace, output: invocation.output)
      invocation.output.line(
        JSONWriter.compact(
          .object([
            ("claimed", .bool(true)),
            ("session", .string(session.value)),
            ("added", .array(outcome.added.map(Presentation.json))),
            ("refreshed", .array(outcome.refreshed.map(Presentation.json))),
            (
              "stolen",
              .array(
                outcome.stolen.map { stolen in
                  Presentation.json(stolen.claim).setting("from", to: .string(stolen.from.value))
                })
            ),
          ])))
      return .success
    }
    let output = invocation.output
    warnAboutUnmatchedGlobs(outcome.added.map(\.spec), workspace: workspace, output: output)
    for claim in outcome.added {
      output.line("claimed \(Presentation.shown(claim.spec.text))\(suffix(claim, now: now))")
    }
    for claim in outcome.refreshed {
      output.line("refreshed \(Presentation.shown(claim.spec.text))\(suffix(claim, now: now))")
    }
    for stolen in outcome.stolen {
      output.line(
        "took over \(Presentation.shown(stolen.claim.spec.text)) from \(stolen.from.value)\(suffix(stolen.claim, now: now))"
      )
    }
    return .success
  }

  /// Warns (on stderr) about each new glob claim that matches no tracked or existing path.
  private static func warnAboutUnmatchedGlobs(
    _ specs: [PathSpec], workspace: Workspace, output: Output
  ) {
    guard
      let unmatched = try? GlobReach.unmatched(
        specs, git: workspace.git, ignoreCase: workspace.settings.ignoreCase)
    else { return }
    for spec in unmatched {
      output.error(
        "ledger: warning: the glob \(Presentation.shown(spec.text)) matches no tracked or existing path; it is claimed all the same and covers that name as spelled and whatever it matches later"
      )
    }
  }

  private static func suffix(_ claim: Claim, now: Timestamp) -> String {
    claim.expires.map { " (expires \(Presentation.expiry($0, now: now)))" } ?? ""
  }

  static func conflictJSON(_ conflict: Ledger.Conflict) -> JSONValue {
    .object([
      ("requested", .string(conflict.requested.text)),
      ("spec", .string(conflict.holder.spec.text)),
      ("session", .string(conflict.holder.session.value)),
      ("since", .string(conflict.holder.since.rfc3339)),
      ("expires", .optional(conflict.holder.expires?.rfc3339)),
      ("note", .string(conflict.holder.note)),
    ])
  }
}
