import LedgerCore

/// `ledger log`: the audit log.
enum LogCommand {
  static let spec = CommandSpec(
    name: "log",
    summary: "Show the audit log: claim, release, expire, steal, commit, bypass, override…",
    usage: ["log [--session ID] [--since WHEN] [--json]"],
    discussion: """
      Prints the append-only audit log, oldest first. --session keeps one session's events; \
      --since keeps events at or after WHEN, an RFC 3339 time or a duration back from now \
      (`2h`, `1d`). --json prints one JSON object a line.
      """,
    examples: [
      ("ledger log --since 1d", "the last day"),
      ("ledger log --json --session claude:abc | jq .event", "one session, for scripts"),
    ],
    options: [
      .option("session", "ID", "Only this session's events."),
      .option("since", "WHEN", "Only events at or after WHEN (RFC 3339, or a duration ago)."),
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
    let selected = events.filter { event in
      (session.map { event.session == $0.value } ?? true)
        && (since.map { event.time >= $0 } ?? true)
    }
    let output = invocation.output
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
    let failures = RecordingLock.failureCount(workspace.store)
    if failures > 0 {
      output.error(
        "ledger: warning: \(failures) commit\(failures == 1 ? "" : "s") could not be recorded after git returned; see \(RecordingLock.failuresPath(workspace.store))"
      )
    }
    return .success
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
      parts.append(
        "(\(ForeignText.shown(event["how"]?.stringValue ?? "rewrite"))) " + pairs.prefix(3).joined(separator: " ")
          + (pairs.count > 3 ? " … \(pairs.count) commits" : ""))
    }
    if let reason = event["reason"]?.stringValue { parts.append("— " + ForeignText.shown(reason)) }
    if let paths = event["paths"]?.arrayValue {
      let names = paths.compactMap { $0.stringValue ?? $0["path"]?.stringValue }
      parts.append(
        names.prefix(5).map(Presentation.shown).joined(separator: " ")
          + (names.count > 5 ? " …" : ""))
    }
    if let note = event["note"]?.stringValue, !note.isEmpty, event.kind == .claim {
      parts.append("(" + ForeignText.shown(note) + ")")
    }
    return parts.joined(separator: " ")
  }
}
