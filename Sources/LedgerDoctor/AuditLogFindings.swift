import LedgerCore

extension Doctor {
  /// The audit log: readable, complete against history (see `reconciliationFindings`), and any
  /// commit the recorder could not record after git returned.
  static func auditLogFindings(_ workspace: Workspace, repair: Bool, now: Timestamp)
    -> [Finding]
  {
    var findings: [Finding] = []
    var loggedEvents: [AuditEvent]?
    do {
      let (events, unreadable) = try workspace.store.readLog()
      loggedEvents = events
      findings.append(
        Finding(
          level: unreadable > 0 ? .warning : .ok, area: "audit log",
          text:
            "\(events.count) event\(events.count == 1 ? "" : "s")\(unreadable > 0 ? ", \(unreadable) unreadable line\(unreadable == 1 ? "" : "s") skipped" : "")",
          fix: unreadable > 0
            ? "A torn last line comes from a crash mid-write; the log is otherwise intact." : nil))
    } catch {
      findings.append(Finding(level: .problem, area: "audit log", text: error.description))
    }
    if let events = loggedEvents {
      findings += reconciliationFindings(
        workspace, events: events, repair: repair, now: now)
    }
    let failures = RecordingLock.failureCount(workspace.store)
    if failures > 0 {
      findings.append(
        Finding(
          level: .warning, area: "audit log",
          text:
            "\(failures) commit\(failures == 1 ? "" : "s") could not be recorded after git returned (\(RecordingLock.failuresPath(workspace.store)))",
          fix:
            "Each line says why; the commits themselves are in git (`git log`). Remove the file once read."
        ))
    }
    return findings
  }

  /// Reconciles the log with history (see `Reconciliation`): unrecorded commits are a problem
  /// until `--repair` records them in the log, marked as found late.
  static func reconciliationFindings(
    _ workspace: Workspace, events: [AuditEvent], repair: Bool, now: Timestamp
  ) -> [Finding] {
    let unrecorded: [UnrecordedCommit]
    do {
      unrecorded = try Reconciliation.unrecorded(
        events: events, store: workspace.store, git: workspace.git, settings: workspace.settings,
        now: now)
    } catch {
      return [
        Finding(
          level: .warning, area: "history",
          text: "could not reconcile the audit log with history: \(error.message)",
          fix: error.hint)
      ]
    }
    guard !unrecorded.isEmpty else {
      return [
        Finding(
          level: .ok, area: "history",
          text: "every commit since the ledger was created is in the audit log")
      ]
    }
    let count = unrecorded.count
    let bypasses = unrecorded.filter { !$0.bypass.isEmpty }
    let listed =
      unrecorded.prefix(10).map { commit in
        "\(commit.commit.prefix(12)) (\(commit.session ?? "unscoped")\(commit.bypass.isEmpty ? "" : ", bypass: " + commit.bypass.prefix(3).map { "\($0.path) claimed by \($0.owner?.session.value ?? "?")" }.joined(separator: ", ")))"
      }.joined(separator: ", ") + (count > 10 ? ", …" : "")
    if repair {
      do {
        try workspace.store.record(unrecorded.flatMap { $0.events(now: now) }, durable: true)
        return [
          Finding(
            level: .warning, area: "repair",
            text:
              "recorded \(count) commit\(count == 1 ? "" : "s") that no hook had recorded, marked unrecorded\(bypasses.isEmpty ? "" : " (\(bypasses.count) as bypass)"): \(listed)",
            fix: "`ledger log` shows them; `git show ID` shows what each changed.")
        ]
      } catch {
        return [
          Finding(level: .problem, area: "repair", text: error.message, fix: error.hint)
        ]
      }
    }
    return [
      Finding(
        level: .problem, area: "history",
        text:
          "\(count) commit\(count == 1 ? "" : "s") in history never recorded in the audit log (made without the hooks)\(bypasses.isEmpty ? "" : ", \(bypasses.count) carrying another session's claimed paths"): \(listed)",
        fix:
          "`ledger log --unrecorded` lists them and `git show ID` shows one; once checked, `ledger doctor --repair` records them in the log (marked unrecorded)."
      )
    ]
  }
}
