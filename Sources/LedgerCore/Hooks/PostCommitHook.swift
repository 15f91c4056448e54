/// `post-commit`: records the commit in the audit log, flags a commit that got another
/// session's claimed paths past the checks (`bypass`), and with `ledger.releaseOnCommit=true`
/// releases the committer's file claims on what it committed. It never fails the commit.
enum PostCommitHook {
  static func run(_ context: ProcessContext) -> ExitCode {
    do {
      try record(context)
    } catch {
      context.output.error(
        "AgentLedger: warning: post-commit could not record the commit: \(error.message)")
    }
    return .success
  }

  private static func record(_ context: ProcessContext) throws(LedgerError) {
    let setup = try HookSetup.load(context) { git in [CommittedChange.command(git)] }
    guard setup.settings.enabled else { return }
    let change = try CommittedChange(result: setup.extra[0])
    let attempt = setup.note
    setup.attempt?.remove()
    let replay =
      attempt?.replay
      ?? ReplayState(gitDirectory: setup.repository.gitDirectory).isReplay(
        reflogAction: context.environment["GIT_REFLOG_ACTION"] ?? "",
        parentCommand: ProcessFacts.commandLine(of: setup.gitProcessID))
    let now = context.now
    var details: [(key: String, value: JSONValue)] = [
      ("commit", .string(change.commit)),
      ("paths", .array(change.paths.prefix(1000).map { .string($0) })),
    ]
    if change.paths.count > 1000 {
      details.append(("pathCount", .integer(Int64(change.paths.count))))
    }
    if replay { details.append(("replay", .bool(true))) }
    if change.parents.count > 1 { details.append(("merge", .bool(true))) }
    if let reason = attempt?.overrideReason { details.append(("override", .string(reason))) }
    var events = [AuditEvent(.commit, time: now, session: setup.session?.value, details: details)]

    if !replay && attempt?.overrideReason == nil, let index = try? setup.store.index(),
      !setup.check.canSkip(index)
    {
      var exempt = Set<String>()
      for parent in change.parents.dropFirst() {
        let differing = try CommittedChange.pathsDiffering(from: parent, git: setup.git)
        exempt.formUnion(change.paths.filter { !differing.contains($0) })
      }
      let verdict = try setup.check.evaluate(paths: change.paths, index: index, exempt: exempt)
      if verdict.blocks {
        events.append(
          AuditEvent(
            .bypass, time: now, session: setup.session?.value,
            details: [
              ("commit", .string(change.commit)),
              ("paths", .array(verdict.violations.prefix(1000).map(\.json))),
            ]))
        setup.say(
          CommitCheck.report(
            verdict,
            heading:
              "warning: commit \(change.commit.prefix(12)) got past the checks with paths not \(setup.session.map { "\($0.value)'s" } ?? "yours") to commit; logged as a bypass"
          ))
      }
    }
    try setup.store.record(events)

    if setup.settings.releaseOnCommit, let session = setup.session, !replay {
      let released = try setup.store.update(
        now: now, ignoreCase: setup.settings.ignoreCase, holder: "post-commit", timeout: 2
      ) { ledger in
        ledger.releaseFiles(
          change.paths, session: session, reason: "committed \(change.commit.prefix(12))")
      }
      if !released.isEmpty {
        setup.say(
          "released \(released.count) file claim\(released.count == 1 ? "" : "s") committed in \(change.commit.prefix(12)) (ledger.releaseOnCommit)"
        )
      }
    }
    if Int.random(in: 0..<64) == 0 { CommitAttempt.prune(context.environment, now: now) }
  }
}
