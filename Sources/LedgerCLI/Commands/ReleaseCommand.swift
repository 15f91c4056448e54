import LedgerCore

/// `ledger release`: drop this session's claims.
enum ReleaseCommand {
  static let spec = CommandSpec(
    name: "release",
    summary: "Release this session's claims (named specs, or --all)",
    usage: ["release [--force] [--json] SPEC…", "release --all [--force] [--json]"],
    discussion: """
      Releases the named specs, which must be held by the current session exactly as claimed \
      (as `ledger status` shows them); otherwise nothing is released and the exit code is 1. \
      --all releases every claim of the session. A claim covering a path with uncommitted \
      changes (modified, staged or untracked) that no other claim of the session still covers \
      is not released: another session could sweep that work into its commit. Nothing is \
      released, each such path is named, and the exit code is 1 — unless --force, which \
      releases it and warns.
      """,
    examples: [
      ("ledger release src/parser.swift", "release one claim"),
      ("ledger release --all", "release everything this session holds"),
      ("ledger release --force notes.txt", "release it although its changes are uncommitted"),
    ],
    options: [
      .flag("all", "Release every claim of this session."),
      .flag("force", "Release claims on uncommitted work too (with a warning)."), .session,
      .json,
    ],
    positionals: (0, nil),
    completes: .claims(.mine),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let session = try invocation.requiredSession()
    let all = invocation.flag("all")
    let force = invocation.flag("force")
    if all == !invocation.arguments.isEmpty {
      throw .usage(
        all ? "give either --all or specs, not both" : "name the specs to release, or pass --all",
        command: "release")
    }
    let workspace = try Workspace.open(invocation.context)
    HookHealth.warn(workspace)
    let normalizer = workspace.normalizer
    var specs: [PathSpec] = []
    for argument in invocation.arguments { specs.append(try normalizer.spec(argument)) }
    // Read before the lock: `git status` is the slow part, and a change made meanwhile is the
    // releasing session's own.
    let changes = try WorkingChanges.read(workspace.git)
    let ignoreCase = workspace.settings.ignoreCase
    let released: [Claim]
    var stranded: [UncommittedWork] = []
    if changes.paths.isEmpty && !all {
      released = try workspace.release(specs, session: session, holder: "ledger release")
    } else {
      (released, stranded) = try workspace.update(holder: "ledger release") {
        (ledger) throws(LedgerError) in
        let released =
          all ? ledger.releaseAll(session: session) : try ledger.release(specs, session: session)
        let stranded = UncommittedWork.stranded(
          releasing: released, keeping: ledger.activeClaims.filter { $0.session == session },
          changes: changes, ignoreCase: ignoreCase)
        if !stranded.isEmpty && !force { throw .uncommittedWork(stranded, session: session) }
        return (released, stranded)
      }
    }
    if !stranded.isEmpty {
      invocation.output.error(
        ([
          "ledger: warning: released with --force; these uncommitted changes are no longer protected by a claim (another session may commit them):"
        ]
          + UncommittedWork.lines(stranded)).joined(separator: "\n"))
    }
    if invocation.json {
      invocation.output.line(
        JSONWriter.compact(
          .object([
            ("released", .array(released.map(Presentation.json))),
            ("uncommitted", .array(stranded.map { .string($0.path) })),
          ])))
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
