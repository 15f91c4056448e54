import LedgerCore

/// `ledger log`: the audit log.
enum LogCommand {
  static let spec = CommandSpec(
    name: "log",
    summary: "Show the audit log: claim, release, expire, steal, commit, bypass, override…",
    usage: ["log [--session ID] [--since WHEN] [--unrecorded] [--json]"],
    discussion: """
      Prints the append-only audit log, oldest first. --session keeps one session's events; \
      --since keeps events at or after WHEN, an RFC 3339 time or a duration back from now \
      (`2h`, `1d`). --json prints one JSON object a line.

      The log is reconciled with history: every commit reachable from a local branch or HEAD, \
      made since the ledger was created, that the log never recorded (plumbing, \
      core.hooksPath pointed elsewhere, a killed hook, a full disk) is reported on stderr with \
      its id. --unrecorded lists only those (event "unrecorded", with the commit's \
      Agent-Session trailer and any path another session had claimed: a bypass). Commits on \
      remote-tracking branches are not this checkout's to record and are left out.
      """,
    examples: [
      ("ledger log --since 1d", "the last day"),
      ("ledger log --json --session claude:abc | jq .event", "one session, for scripts"),
      ("ledger log --unrecorded", "commits that reached history without the hooks"),
    ],
    options: [
      .option("session", "ID", "Only this session's events."),
      .option("since", "WHEN", "Only events at or after WHEN (RFC 3339, or a duration ago)."),
      .flag("unrecorded", "Only commits in history that the log never recorded."),
      .json,
    ],
    positionals: (0, 0),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let now = invocation.context.now
    // Validated like every other session id (exit 2), never matched as free text.
    let session = try invocation.value("session").map { (value) throws(LedgerError) in
      try SessionID(value, source: "--session")
    }
    var since: Timestamp?
    if let text = invocation.value("since") {
      if let time = Timestamp(parsing: text), text.contains("-") {
        since = time
      } else {
        do {
          since = Timestamp(seconds: now.seconds - (try Duration(parsing: text)).seconds)
        } catch {
          throw .usage(
            "--since '\(text)' is neither an RFC 3339 time nor a duration like 2h", command: "log")
        }
      }
    }
    let workspace = try Workspace.open(invocation.context)
    let (events, unreadable) = try readEvents(workspace)
    let output = invocation.output
    if invocation.flag("unrecorded") {
      let unrecorded = try Reconciliation.unrecorded(
        events: events, store: workspace.store, git: workspace.git,
        settings: workspace.settings, now: now
      ).filter { commit in
        (session.map { commit.session == $0.value } ?? true)
          && (since.map { commit.time >= $0 } ?? true)
      }
      if invocation.json {
        for commit in unrecorded { output.line(JSONWriter.compact(commit.json)) }
      } else {
        for commit in unrecorded { output.line(describe(commit)) }
        if unrecorded.isEmpty { output.line("No unrecorded commits.") }
      }
      warnAboutFailures(workspace, output: output)
      return .success
    }
    let selected = events.filter { event in
      (session.map { event.session == $0.value } ?? true)
        && (since.map { event.time >= $0 } ?? true)
    }
    if invocation.json {
      for event in selected { output.line(JSONWriter.compact(event.json)) }
    } else {
      for event in selected { output.line(describe(event)) }
      if selected.isEmpty { output.line("No events.") }
    }
    if unreadable > 0 {
      output.error(
        "ledger: skipped \(unreadable) unreadable line\(unreadable == 1 ? "" : "s") in \(workspace.store.log.path)"
      )
    }
    do {
      let unrecorded = try Reconciliation.unrecorded(
        events: events, store: workspace.store, git: workspace.git,
        settings: workspace.settings, now: now)
      if !unrecorded.isEmpty { output.error(warning(unrecorded)) }
    } catch {
      output.error(
        "ledger: warning: could not reconcile the log with history: \(error.message)")
    }
    warnAboutFailures(workspace, output: output)
    return .success
  }

  /// The warning `ledger log` prints about unrecorded commits (the first 20 of them).
  static func warning(_ unrecorded: [UnrecordedCommit]) -> String {
    let count = unrecorded.count
    let bypasses = unrecorded.filter { !$0.bypass.isEmpty }.count
    var lines = [
      "ledger: warning: \(count) commit\(count == 1 ? "" : "s") in history \(count == 1 ? "was" : "were") never recorded in the audit log (made without the hooks: plumbing, core.hooksPath, a killed hook, a full disk)\(bypasses > 0 ? "; \(bypasses) carr\(bypasses == 1 ? "ies" : "y") another session's claimed paths (bypass)" : ""):"
    ]
    lines += unrecorded.prefix(20).map { "  " + describe($0) }
    if count > 20 { lines.append("  … and \(count - 20) more") }
    lines.append(
      "  → `ledger log --unrecorded` lists them, `git show ID` shows one; once checked, `ledger doctor --repair` records them in the log."
    )
    return lines.joined(separator: "\n")
  }

  /// Says when recorders that ran after git returned could not record a commit, and why.
  static func warnAboutFailures(_ workspace: Workspace, output: Output) {
    let failures = RecordingLock.failureCount(workspace.store)
    if failures > 0 {
      output.error(
        "ledger: warning: \(failures) commit\(failures == 1 ? "" : "s") could not be recorded after git returned; see \(RecordingLock.failuresPath(workspace.store))"
      )
    }
  }

  /// One unrecorded commit on a line: id, session, subject, and the claimed paths it carried.
  static func describe(_ commit: UnrecordedCommit) -> String {
    var parts = [commit.commit, commit.session ?? "(unscoped)"]
    let subject =
      commit.subject.count > 200 ? String(commit.subject.prefix(200)) + "…" : commit.subject
    parts.append(JSONWriter.quoted(subject))
    if !commit.bypass.isEmpty {
      let claimed = commit.bypass.prefix(5).map { violation in
        "\(Presentation.shown(violation.path)) (claimed by \(violation.owner?.session.value ?? "?"))"
      }
      parts.append(
        "— bypass: " + claimed.joined(separator: ", ") + (commit.bypass.count > 5 ? " …" : ""))
    }
    return parts.joined(separator: " ")
  }

  static func readEvents(_ workspace: Workspace) throws(LedgerError) -> ([AuditEvent], Int) {
    do {
      let result = try workspace.store.readLog()
      return (result.events, result.unreadable)
    } catch {
      throw .system(error)
    }
  }

  static func describe(_ event: AuditEvent) -> String {
    var parts = [
      event.time.rfc3339, event.kind.rawValue.padding(to: 13), event.session ?? "(unscoped)",
    ]
    if let spec = event["spec"]?.stringValue { parts.append(Presentation.shown(spec)) }
    if let commit = event["commit"]?.stringValue { parts.append(String(commit.prefix(12))) }
    if let from = event["from"]?.stringValue { parts.append("from \(from)") }
    if let rewritten = event["rewritten"]?.arrayValue {
      // post-rewrite: `OLD → NEW` for each commit an amend or a rebase rewrote.
      let pairs = rewritten.compactMap { pair -> String? in
        guard let old = pair["old"]?.stringValue, let new = pair["new"]?.stringValue else {
          return nil
        }
        return "\(old.prefix(12))→\(new.prefix(12))"
      }
      let how = ForeignText.shown(event["how"]?.stringValue ?? "rewrite")
      parts.append(
        "(\(how)) " + pairs.prefix(3).joined(separator: " ")
          + (pairs.count > 3 ? " … \(pairs.count) commits" : ""))
    }
    if let reason = event["reason"]?.stringValue { parts.append("— " + ForeignText.shown(reason)) }
    if let paths = event["paths"]?.arrayValue {
      let names = paths.compactMap { $0.stringValue ?? $0["path"]?.stringValue }
      parts.append(
        names.prefix(5).map(Presentation.shown).joined(separator: " ")
          + (names.count > 5 ? " …" : ""))
    }
    if event["unrecorded"] == .bool(true) { parts.append("(recorded late: no hook saw it)") }
    if let note = event["note"]?.stringValue, !note.isEmpty, event.kind == .claim {
      parts.append("(" + ForeignText.shown(note) + ")")
    }
    return parts.joined(separator: " ")
  }
}
