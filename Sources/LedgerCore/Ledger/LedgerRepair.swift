/// Rebuilds the claims from the audit log, for `ledger doctor --repair`, after setting an
/// unreadable claims file aside (renamed inside the ledger folder, never deleted).
public enum LedgerRepair {
  /// What a repair did.
  public struct Report: Sendable, Equatable {
    /// Files renamed out of the way, by their new names.
    public var setAside: [String] = []
    /// The number of claims rebuilt from the log.
    public var rebuilt: Int?
    /// Unreadable log lines skipped while rebuilding.
    public var skippedLogLines = 0
  }

  /// The claims the log's events leave standing at `now`: claims and refreshes add, releases
  /// and expiries remove, steals move, ended sessions mark what they kept. Events of a write
  /// whose batch never completed in the log (see `LedgerGeneration`) never happened, and are
  /// skipped.
  public static func rebuild(from events: [AuditEvent], now: Timestamp) -> [Claim] {
    let complete = Set(
      events.compactMap { event in
        event[LedgerGeneration.completeKey]?.boolValue == true
          ? event[LedgerGeneration.key]?.integerValue : nil
      })
    struct Key: Hashable {
      var spec: String
      var session: String
    }
    var claims: [Key: Claim] = [:]
    var order: [Key] = []
    func claim(from event: AuditEvent, session: String) -> Claim? {
      guard let text = event["spec"]?.stringValue, let kindText = event["kind"]?.stringValue,
        let kind = PathSpec.Kind(rawValue: kindText), SessionID.isValidStored(session)
      else { return nil }
      let since = event["since"]?.stringValue.flatMap { Timestamp(parsing: $0) } ?? event.time
      let expires = event["expires"]?.stringValue.flatMap { Timestamp(parsing: $0) }
      return Claim(
        spec: PathSpec(kind: kind, text: text), session: SessionID(trusted: session), since: since,
        expires: expires, note: event["note"]?.stringValue ?? "")
    }
    for event in events {
      if let generation = event[LedgerGeneration.key]?.integerValue,
        !complete.contains(generation)
      {
        continue
      }
      guard let session = event.session else { continue }
      let spec = event["spec"]?.stringValue ?? ""
      switch event.kind {
      case .claim:
        guard let rebuilt = claim(from: event, session: session) else { continue }
        let key = Key(spec: spec, session: session)
        if claims[key] == nil { order.append(key) }
        claims[key] = rebuilt
      case .release, .expire:
        claims[Key(spec: spec, session: session)] = nil
      case .steal:
        if let from = event["from"]?.stringValue { claims[Key(spec: spec, session: from)] = nil }
        guard let rebuilt = claim(from: event, session: session) else { continue }
        let key = Key(spec: spec, session: session)
        if claims[key] == nil { order.append(key) }
        claims[key] = rebuilt
      case .sessionEnd:
        for kept in event["kept"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
          claims[Key(spec: kept, session: session)]?.ended = event.time
        }
      default:
        continue
      }
    }
    return order.compactMap { claims[$0] }.filter { $0.isActive(at: now) }
  }

  /// Repairs the ledger of `store` if its claims file is unreadable — damaged, or missing or
  /// older than the log says: renames it (if any) to `claims.jsonl.broken-TIME`, rebuilds the
  /// claims from the log and writes them as the next generation, with a `repair` event. A
  /// readable ledger is left alone.
  public static func repair(
    _ store: LedgerStore, now: Timestamp, timeout: Double, session: String?
  ) throws(LedgerError) -> Report {
    var report = Report()
    let lock = try LedgerLock(
      directory: store.directory, timeout: timeout, holder: "ledger doctor --repair")
    defer { lock.unlock() }
    do {
      _ = try store.loadState()
      return report
    } catch {
      if error.code != .environment { throw error }
    }
    let logged = try store.loggedGeneration()
    let stamp = now.rfc3339.replacing(":", with: "")
    var aside = "\(store.claimsPath).broken-\(stamp)"
    var attempt = 1
    while FileSystem.exists(aside) {
      attempt += 1
      aside = "\(store.claimsPath).broken-\(stamp)-\(attempt)"
    }
    let events: [AuditEvent]
    do {
      if FileSystem.exists(store.claimsPath) {
        try FileSystem.move(store.claimsPath, to: aside)
        report.setAside.append(aside)
      }
      let read = try store.log.read()
      events = read.events
      report.skippedLogLines = read.unreadable
    } catch {
      throw .system(error, hint: "The broken file, if moved, is at \(aside).")
    }
    let claims = rebuild(from: events, now: now)
    report.rebuilt = claims.count
    let generation = logged.next(after: 0)
    var details: [(key: String, value: JSONValue)] = [("rebuilt", .integer(Int64(claims.count)))]
    if let moved = report.setAside.first {
      details.insert(("setAside", .string(FileSystem.baseName(of: moved))), at: 0)
    }
    try store.writeClaims(
      ClaimsFile.encode(claims, written: now, generation: generation), generation: generation,
      events: [AuditEvent(.repair, time: now, session: session, details: details)], lock: lock)
    return report
  }
}
