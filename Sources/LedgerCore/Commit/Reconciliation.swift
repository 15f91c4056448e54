/// A commit in history that the audit log never recorded: made through a door no hook watches
/// (plumbing, `core.hooksPath` pointed elsewhere, a killed hook, a full disk).
public struct UnrecordedCommit: Sendable, Equatable {
  /// The full commit id.
  public var commit: String
  /// The committer date (as git has it: the committer may have set it).
  public var time: Timestamp
  /// The subject line, as the committer wrote it (text from others).
  public var subject: String
  /// The valid `Agent-Session` trailer values (key from `ledger.trailer`) of its message.
  public var sessions: [String]
  /// The paths it changed (for a merge: against every parent, the merge's own work).
  public var paths: [String]
  /// Its paths that another session held an active claim on when it was committed.
  public var bypass: [Violation]

  /// The session the commit names, if any.
  public var session: String? { sessions.first }

  /// One line of `ledger log --unrecorded --json`.
  public var json: JSONValue {
    var members: [(key: String, value: JSONValue)] = [
      ("time", .string(time.rfc3339)), ("event", .string("unrecorded")),
      ("session", .optional(session)), ("commit", .string(commit)),
      ("subject", .string(subject)),
      ("paths", .array(paths.prefix(1000).map { .string($0) })),
    ]
    if paths.count > 1000 { members.append(("pathCount", .integer(Int64(paths.count)))) }
    members.append(("bypass", .array(bypass.prefix(1000).map(\.json))))
    return .object(members)
  }

  /// The audit events that record it late (`ledger doctor --repair`): a `commit` event marked
  /// `unrecorded`, and a `bypass` event when it carried another session's claimed paths.
  public func events(now: Timestamp) -> [AuditEvent] {
    var details: [(key: String, value: JSONValue)] = [
      ("commit", .string(commit)),
      ("paths", .array(paths.prefix(1000).map { .string($0) })),
    ]
    if paths.count > 1000 { details.append(("pathCount", .integer(Int64(paths.count)))) }
    details.append(("unrecorded", .bool(true)))
    details.append(("committed", .string(time.rfc3339)))
    var events = [AuditEvent(.commit, time: now, session: session, details: details)]
    if !bypass.isEmpty {
      events.append(
        AuditEvent(
          .bypass, time: now, session: session,
          details: [
            ("commit", .string(commit)),
            ("paths", .array(bypass.prefix(1000).map(\.json))),
            ("unrecorded", .bool(true)),
          ]))
    }
    return events
  }
}

/// Reconciles the audit log with history: every commit reachable from a local branch or `HEAD`,
/// made since the ledger was created (see `LedgerCreation`), that no log event names.
///
/// A commit counts as recorded when its full id appears in any event (a `commit`, `bypass` or
/// replay, or a rewrite's new ids) — whatever hook recorded it. Commits reachable from a
/// remote-tracking branch are left out: they came from (or went to) a remote, and this
/// checkout's log is not theirs to account for. The walk covers only commits newer than the
/// creation point: one `git rev-list`, plus one `git log` for the unrecorded ones, if any.
public enum Reconciliation {
  /// The unrecorded commits, oldest first. `events` is the whole log (as `readLog` gives it).
  public static func unrecorded(
    events: [AuditEvent], store: LedgerStore, git: Git, settings: LedgerSettings,
    now: Timestamp
  ) throws(LedgerError) -> [UnrecordedCommit] {
    let candidates = try candidates(events: events, store: store, git: git)
    guard !candidates.isEmpty else { return [] }
    let known = recorded(events)
    let missing = candidates.filter { !known.contains($0) }.reversed()
    guard !missing.isEmpty else { return [] }
    var commits = try describe(Array(missing), git: git, trailer: settings.trailer)
    if let index = try? store.index() {
      for position in commits.indices {
        commits[position].bypass = bypass(
          commits[position], index: index, settings: settings, now: now)
      }
    }
    return commits
  }

  /// The commits since the creation point, newest first: not reachable from the tips recorded
  /// at creation (or, without them, committed at or after the log's first event).
  static func candidates(events: [AuditEvent], store: LedgerStore, git: Git)
    throws(LedgerError) -> [String]
  {
    let arguments: [String]
    var input: [UInt8]?
    if let creation = LedgerCreation.load(store) {
      // Exclusions go through stdin, where `^id` always means "not", whatever the arguments.
      arguments = GitCommands.localCommits(excludingStdin: true, since: nil)
      input = Array(creation.tips.map { "^\($0)\n" }.joined().utf8)
    } else if let first = events.map(\.time).min() {
      arguments = GitCommands.localCommits(excludingStdin: false, since: first.seconds)
    } else {
      return []  // no ledger yet: nothing was to be recorded
    }
    let result = try git.run(arguments, input: input ?? [])
    guard result.status == 0 else { throw .gitFailed(arguments, result) }
    return result.outputText.split(separator: "\n").map(String.init).filter(ObjectID.isFull)
  }

  /// Every full object id the log names, outside the free-text fields (notes, reasons), which
  /// anyone can fill.
  static func recorded(_ events: [AuditEvent]) -> Set<String> {
    var ids = Set<String>()
    func collect(_ value: JSONValue) {
      switch value {
      case .string(let text): if ObjectID.isFull(text) { ids.insert(text) }
      case .array(let elements): elements.forEach(collect)
      case .object(let members):
        for member in members where !freeText.contains(member.key) { collect(member.value) }
      default: break
      }
    }
    for event in events {
      for detail in event.details where !freeText.contains(detail.key) { collect(detail.value) }
    }
    return ids
  }

  private static let freeText: Set<String> = ["note", "reason", "override", "spec", "subject"]

  /// Reads each commit's date, subject, session trailers and paths with one `git log`.
  static func describe(_ ids: [String], git: Git, trailer: String) throws(LedgerError)
    -> [UnrecordedCommit]
  {
    // Each record starts with an empty field (a path is never empty): \0 id \0 date \0 subject
    // \0 trailers \0, then the paths, the first one after a newline, each ending in \0.
    let arguments = GitCommands.summaries(trailer: trailer)
    let result = try git.run(arguments, input: Array(ids.map { $0 + "\n" }.joined().utf8))
    guard result.status == 0 else { throw .gitFailed(arguments, result) }
    let fields = Git.fields(result.output)
    var commits: [UnrecordedCommit] = []
    let wanted = Set(ids)
    var position = 0
    for id in ids {
      // A record that does not read as expected (a message with a NUL byte) keeps its id only.
      guard position + 4 < fields.count, fields[position].isEmpty, fields[position + 1] == id,
        let seconds = Int64(fields[position + 2])
      else {
        commits.append(
          UnrecordedCommit(
            commit: id, time: Timestamp(seconds: 0), subject: "", sessions: [], paths: [],
            bypass: []))
        if let next = fields.indices.dropFirst(position + 1).first(where: {
          fields[$0].isEmpty && $0 + 1 < fields.count && wanted.contains(fields[$0 + 1])
        }) {
          position = next
        }
        continue
      }
      let subject = fields[position + 3]
      let sessions = fields[position + 4].split(separator: "\u{1F}").map(String.init).filter(
        SessionID.isValid)
      position += 5
      var paths: [String] = []
      while position < fields.count && !fields[position].isEmpty {
        var path = fields[position]
        if paths.isEmpty && path.hasPrefix("\n") { path.removeFirst() }
        paths.append(path)
        position += 1
      }
      commits.append(
        UnrecordedCommit(
          commit: id, time: Timestamp(seconds: seconds), subject: subject,
          sessions: sessions, paths: paths, bypass: []))
    }
    return commits
  }

  /// The commit's paths covered by another session's claim that was active and already held
  /// when the commit was made (its committer date).
  static func bypass(
    _ commit: UnrecordedCommit, index: ClaimIndex, settings: LedgerSettings, now: Timestamp
  ) -> [Violation] {
    let session = commit.session.flatMap { try? SessionID($0) }
    let check = CommitCheck(session: session, settings: settings, now: now)
    guard !commit.paths.isEmpty, !check.canSkip(index),
      let verdict = try? check.evaluate(paths: commit.paths, index: index)
    else { return [] }
    return verdict.violations.filter { violation in
      violation.owner.map { $0.since <= commit.time } ?? false
    }
  }
}
