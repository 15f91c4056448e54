/// Records the commit `HEAD` now is, for the doors where post-commit does not run: a merge git
/// concludes itself (post-merge) and each patch `git am` or `git rebase --apply` commits
/// (post-applypatch), and for post-commit itself. The event: a `commit` event with the full
/// 40-hex sha, the session, the paths, and `replay` / `merge` flags; a commit that carries
/// another session's claimed path in a way no check allowed is also logged as a `bypass`.
enum HeadRecord {
  /// Appends the events for `HEAD`. `replay` marks moved work (its paths are not judged again:
  /// pre-applypatch judged them); `override` is the reason a check was overridden with.
  static func record(
    _ setup: HookSetup, replay: Bool, override: String?, overridden: [String]
  ) throws(LedgerError) {
    let change = try CommittedChange(
      result: try setup.git.runAll([CommittedChange.command(setup.git)])[0])
    try record(
      setup, change: change, replay: replay, override: override, overridden: overridden)
  }

  /// Appends the events for `change`: `commit`; `override` when a check was overridden
  /// (logged once the commit exists: an attempt that aborted overrode nothing); `bypass`, said
  /// at once, when it carries another session's claimed path without an override.
  static func record(
    _ setup: HookSetup, change: CommittedChange, replay: Bool, override: String?,
    overridden: [String]
  ) throws(LedgerError) {
    let now = setup.context.now
    var details: [(key: String, value: JSONValue)] = [
      ("commit", .string(change.commit)),
      ("paths", .array(change.paths.prefix(1000).map { .string($0) })),
    ]
    if change.paths.count > 1000 {
      details.append(("pathCount", .integer(Int64(change.paths.count))))
    }
    if replay { details.append(("replay", .bool(true))) }
    if change.parents.count > 1 { details.append(("merge", .bool(true))) }
    if let override { details.append(("override", .string(override))) }
    var events = [AuditEvent(.commit, time: now, session: setup.session?.value, details: details)]
    if let reason = override {
      // Logged here, once the commit exists: an attempt that aborted overrode nothing.
      events.append(
        AuditEvent(
          .override, time: now, session: setup.session?.value,
          details: [
            ("commit", .string(change.commit)),
            ("reason", .string(reason)),
            ("paths", .array(overridden.prefix(1000).map { .string($0) })),
          ]))
    }

    // Read for the check, and for the anchor that spares later readers the log (see
    // `LedgerGeneration`).
    let opened = replay || override != nil ? nil : try? setup.store.openIndex()
    if let index = opened?.index, !setup.check.canSkip(index) {
      var exempt = Set<String>()
      for parent in change.parents.dropFirst() {
        let differing = try CommittedChange.pathsDiffering(from: parent, git: setup.git)
        exempt.formUnion(change.paths.filter { !differing.contains($0) })
      }
      let verdict = try setup.check.evaluate(paths: change.paths, index: index, exempt: exempt)
      // A commit that carries another session's claimed paths without an override is a bypass,
      // also when the policy let it through (`ledger.unscoped=warn|allow`).
      if !verdict.violations.isEmpty {
        events.append(
          AuditEvent(
            .bypass, time: now, session: setup.session?.value,
            details: [
              ("commit", .string(change.commit)),
              ("paths", .array(verdict.violations.prefix(1000).map(\.json))),
            ]))
        if verdict.blocks {
          setup.say(
            CommitCheck.report(
              verdict,
              heading:
                "warning: commit \(change.commit.prefix(12)) got past the checks with paths not \(setup.session.map { "\($0.value)'s" } ?? "yours") to commit; logged as a bypass"
            ))
        } else {
          // The policy let an unscoped committer through (pre-commit listed the paths under
          // `warn`): one line, so nobody is surprised to find the bypass in the log.
          let owners = Set(verdict.violations.compactMap { $0.owner?.session.value }).sorted()
          let count = verdict.violations.count
          setup.say(
            "warning: commit \(change.commit.prefix(12)) by an unscoped committer includes \(count) path\(count == 1 ? "" : "s") claimed by \(owners.joined(separator: ", ")); logged as a bypass (ledger.unscoped=\(setup.settings.unscoped.rawValue))"
          )
        }
      }
    }
    try setup.store.record(events, known: opened?.known)
  }
}
