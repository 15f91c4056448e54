/// The claims held in a repository and the rules for changing them: claim (all-or-nothing,
/// with conflicts named), refresh, steal, release, expire and end a session. Every change
/// records its audit event; `LedgerStore` persists both.
public struct Ledger: Sendable {
  /// The claims, active and expired, in no particular order.
  public private(set) var claims: [Claim]
  /// The events produced by changes since this value was loaded.
  public private(set) var events: [AuditEvent] = []
  /// The time the changes happen at.
  public let now: Timestamp
  /// True when paths compare without case (`core.ignorecase`).
  public let ignoreCase: Bool

  /// Creates a ledger over loaded claims.
  public init(claims: [Claim], now: Timestamp, ignoreCase: Bool) {
    self.claims = claims
    self.now = now
    self.ignoreCase = ignoreCase
  }

  /// True when a change was made.
  public var isChanged: Bool { !events.isEmpty }

  /// The claims whose lease has not run out.
  public var activeClaims: [Claim] { claims.filter { $0.isActive(at: now) } }

  /// Drops expired claims, recording an `expire` event for each.
  public mutating func dropExpired() {
    let expired = claims.filter { !$0.isActive(at: now) }
    guard !expired.isEmpty else { return }
    claims.removeAll { !$0.isActive(at: now) }
    for claim in expired {
      events.append(
        AuditEvent(
          .expire, time: now, session: claim.session.value,
          details: AuditEvent.claimDetails(claim)))
    }
  }

  // MARK: Claiming

  /// An active claim of another session that overlaps a requested spec.
  public struct Conflict: Sendable, Equatable {
    /// The spec that was asked for.
    public var requested: PathSpec
    /// The claim in the way.
    public var holder: Claim
  }

  /// What a successful claim did.
  public struct ClaimOutcome: Sendable, Equatable {
    /// Claims added.
    public var added: [Claim] = []
    /// Own claims whose lease or note was refreshed.
    public var refreshed: [Claim] = []
    /// Claims taken over from other sessions, with their previous holder.
    public var stolen: [(claim: Claim, from: SessionID)] = []

    public static func == (lhs: ClaimOutcome, rhs: ClaimOutcome) -> Bool {
      lhs.added == rhs.added && lhs.refreshed == rhs.refreshed
        && lhs.stolen.map(\.claim) == rhs.stolen.map(\.claim)
        && lhs.stolen.map(\.from) == rhs.stolen.map(\.from)
    }
  }

  /// Every active claim of a session other than `session` that overlaps one of `specs`.
  public func conflicts(for specs: [PathSpec], session: SessionID) -> [Conflict] {
    let lookup = ClaimLookup(
      claims.enumerated().filter {
        !session.mayUse(claimsOf: $0.element.session) && $0.element.isActive(at: now)
      }.map(\.offset), in: claims)
    var found: [Conflict] = []
    var seen = Set<String>()
    for spec in specs {
      for index in lookup.candidates(overlapping: spec) {
        let holder = claims[index]
        guard
          Ledger.conflicts(
            holder, with: spec, session: session, now: now, ignoreCase: ignoreCase)
        else { continue }
        let key = spec.text + "\u{0}" + holder.spec.text + "\u{0}" + holder.session.value
        if seen.insert(key).inserted { found.append(Conflict(requested: spec, holder: holder)) }
      }
    }
    return found
  }

  // MARK: The claim rules (shared with LedgerStore's in-place path)

  /// True when `holder` stands in the way of `session` claiming `spec`: an active claim of a
  /// session whose claims `session` may not use (another session, or a sibling sub-session)
  /// that overlaps it.
  static func conflicts(
    _ holder: Claim, with spec: PathSpec, session: SessionID, now: Timestamp, ignoreCase: Bool
  ) -> Bool {
    !session.mayUse(claimsOf: holder.session) && holder.isActive(at: now)
      && Overlap.between(spec, holder.spec, ignoreCase: ignoreCase)
  }

  /// What claiming one spec does.
  enum SpecClaim: Equatable {
    /// A new claim.
    case add(Claim)
    /// The session's own claim of the spec, with a new lease or note.
    case refresh(from: Claim, to: Claim)
    /// The session's own claim of the spec, already as asked: nothing to write or log.
    case unchanged(Claim)

    /// The claim as it stands afterwards.
    var claim: Claim {
      switch self {
      case .add(let claim), .unchanged(let claim), .refresh(_, let claim): claim
      }
    }

    /// The audit event it records (`nil` when nothing changed).
    func event(session: SessionID, now: Timestamp) -> AuditEvent? {
      switch self {
      case .add(let claim):
        AuditEvent(
          .claim, time: now, session: session.value, details: AuditEvent.claimDetails(claim))
      case .refresh(_, let claim):
        AuditEvent(
          .claim, time: now, session: session.value,
          details: AuditEvent.claimDetails(claim) + [("refresh", .bool(true))])
      case .unchanged: nil
      }
    }
  }

  /// The rule for one spec of a claim, once no conflict stands in the way: `own` (the
  /// session's claim of the same spec, if any) takes the new lease and, when given, the new
  /// note — re-claiming with no lease and the same note changes nothing — else a claim is added.
  static func claimOne(
    _ spec: PathSpec, own: Claim?, session: SessionID, now: Timestamp, ttl: Duration?,
    note: String?
  ) -> SpecClaim {
    let expires = ttl.map { now.adding($0) }
    guard let own else {
      return .add(
        Claim(spec: spec, session: session, since: now, expires: expires, note: note ?? ""))
    }
    var refreshed = own
    refreshed.expires = expires
    refreshed.ended = nil
    if let note { refreshed.note = note }
    return refreshed == own ? .unchanged(own) : .refresh(from: own, to: refreshed)
  }

  /// `specs` without repeats: the same target twice (up to spelling, and case when ignored)
  /// is claimed once. Found by key, not pairwise, so 10,000 specs stay cheap.
  static func distinct(_ specs: [PathSpec], ignoreCase: Bool) -> [PathSpec] {
    var unique: [PathSpec] = []
    var byKey: [String: [PathSpec]] = [:]
    for spec in specs {
      let key = spec.kind.rawValue + ":" + PathText.key(spec.text)
      if byKey[key]?.contains(where: { PathSpec.sameSpec($0, spec, ignoreCase: ignoreCase) })
        == true
      {
        continue
      }
      byKey[key, default: []].append(spec)
      unique.append(spec)
    }
    return unique
  }

  /// Claims every spec for `session`, all or nothing.
  ///
  /// - Throws: a `.refused` error naming each conflict when another session holds an overlapping
  ///   active claim and `stealReason` is `nil`.
  public mutating func claim(
    _ specs: [PathSpec], session: SessionID, ttl: Duration?, note: String?, stealReason: String?
  ) throws(LedgerError) -> ClaimOutcome {
    let unique = Ledger.distinct(specs, ignoreCase: ignoreCase)

    let conflicts = conflicts(for: unique, session: session)
    if !conflicts.isEmpty && stealReason == nil {
      throw .claimConflicts(conflicts, now: now)
    }
    var outcome = ClaimOutcome()
    let expires = ttl.map { now.adding($0) }
    if let reason = stealReason {
      var taken = Set<String>()
      for conflict in conflicts {
        let holder = conflict.holder
        let key = holder.spec.text + "\u{0}" + holder.session.value
        guard taken.insert(key).inserted,
          let index = claims.firstIndex(where: {
            $0.spec == holder.spec && $0.session == holder.session
          })
        else { continue }
        claims[index].session = session
        claims[index].since = now
        claims[index].expires = expires
        claims[index].ended = nil
        claims[index].note = note ?? "taken over from \(holder.session.value): \(reason)"
        outcome.stolen.append((claims[index], holder.session))
        events.append(
          AuditEvent(
            .steal, time: now, session: session.value,
            details: AuditEvent.claimDetails(claims[index]) + [
              ("from", .string(holder.session.value)), ("reason", .string(reason)),
              ("previousNote", .string(holder.note)),
            ]))
      }
    }
    var own: [String: [Int]] = [:]
    for index in claims.indices where claims[index].session == session {
      own[
        claims[index].spec.kind.rawValue + ":" + PathText.key(claims[index].spec.text), default: []
      ]
      .append(index)
    }
    for spec in unique {
      let key = spec.kind.rawValue + ":" + PathText.key(spec.text)
      let index = own[key]?.first(where: {
        PathSpec.sameSpec(claims[$0].spec, spec, ignoreCase: ignoreCase)
      })
      if index != nil,
        outcome.stolen.contains(where: {
          PathSpec.sameSpec($0.claim.spec, spec, ignoreCase: ignoreCase)
        })
      {
        continue
      }
      let change = Ledger.claimOne(
        spec, own: index.map { claims[$0] }, session: session, now: now, ttl: ttl, note: note)
      switch change {
      case .add(let claim):
        claims.append(claim)
        outcome.added.append(claim)
      case .refresh(_, let claim), .unchanged(let claim):
        if let index { claims[index] = claim }
        outcome.refreshed.append(claim)
      }
      if let event = change.event(session: session, now: now) { events.append(event) }
    }
    return outcome
  }

  // MARK: Releasing

  /// Releases the named specs of `session`, all or nothing.
  ///
  /// - Throws: a `.refused` error when the session does not hold one of them.
  public mutating func release(_ specs: [PathSpec], session: SessionID) throws(LedgerError)
    -> [Claim]
  {
    var indices: [Int] = []
    var missing: [PathSpec] = []
    for spec in specs {
      let matching = claims.indices.filter {
        claims[$0].session == session && claims[$0].isActive(at: now)
          && PathText.same(claims[$0].spec.text, spec.text, ignoreCase: ignoreCase)
      }
      if matching.isEmpty { missing.append(spec) }
      for index in matching where !indices.contains(index) { indices.append(index) }
    }
    if !missing.isEmpty {
      let held = activeClaims.filter { $0.session == session }
      throw .notHeld(missing, session: session, held: held, ignoreCase: ignoreCase)
    }
    // Released (and logged) in the order asked for, as the in-place path does.
    return remove(indices, reason: nil)
  }

  /// Releases every claim of `session`.
  public mutating func releaseAll(session: SessionID, reason: String? = nil) -> [Claim] {
    remove(claims.indices.filter { claims[$0].session == session }, reason: reason)
  }

  /// Releases the file claims of `session` on exactly these paths (used after a commit).
  public mutating func releaseFiles(_ paths: [String], session: SessionID, reason: String)
    -> [Claim]
  {
    let wanted = Set(paths.map { ignoreCase ? $0.lowercased() : $0 })
    return remove(
      claims.indices.filter {
        claims[$0].session == session && claims[$0].spec.kind == .file
          && wanted.contains(ignoreCase ? claims[$0].spec.text.lowercased() : claims[$0].spec.text)
      }, reason: reason)
  }

  /// Ends `session` and its sub-sessions: releases the claims `keep` rejects; the others stay,
  /// marked as left by an ended session.
  public mutating func endSession(_ session: SessionID, keep: (Claim) -> Bool)
    -> (released: [Claim], kept: [Claim])
  {
    var releasing: [Int] = []
    var kept: [Claim] = []
    for index in claims.indices
    where claims[index].session == session || claims[index].session.parent == session {
      if claims[index].isActive(at: now) && keep(claims[index]) {
        claims[index].ended = now
        kept.append(claims[index])
      } else {
        releasing.append(index)
      }
    }
    let released = remove(releasing, reason: "session ended")
    events.append(
      AuditEvent(
        .sessionEnd, time: now, session: session.value,
        details: [
          ("released", .integer(Int64(released.count))),
          ("kept", .array(kept.map { .string($0.spec.text) })),
        ]))
    return (released, kept)
  }

  private mutating func remove(_ indices: [Int], reason: String?) -> [Claim] {
    let removed = indices.map { claims[$0] }
    for index in indices.sorted(by: >) { claims.remove(at: index) }
    for claim in removed {
      var details = AuditEvent.claimDetails(claim)
      if let reason { details.append(("reason", .string(reason))) }
      events.append(AuditEvent(.release, time: now, session: claim.session.value, details: details))
    }
    return removed
  }

  /// Moves every claim of `from` to `to` (a conversation that continues in a new session),
  /// recording each as a steal with `reason`.
  public mutating func transfer(from: SessionID, to: SessionID, reason: String) -> [Claim] {
    var moved: [Claim] = []
    var duplicates: [Int] = []
    for index in claims.indices
    where claims[index].session == from && claims[index].isActive(at: now) {
      let spec = claims[index].spec
      if claims.contains(where: {
        $0.session == to && PathSpec.sameSpec($0.spec, spec, ignoreCase: ignoreCase)
      }) {
        // The new session already holds it: one claim, not two.
        duplicates.append(index)
        continue
      }
      claims[index].session = to
      claims[index].ended = nil
      moved.append(claims[index])
      events.append(
        AuditEvent(
          .steal, time: now, session: to.value,
          details: AuditEvent.claimDetails(claims[index]) + [
            ("from", .string(from.value)), ("reason", .string(reason)),
            ("previousNote", .string(claims[index].note)),
          ]))
    }
    _ = remove(duplicates, reason: reason)
    return moved
  }

  /// Records an event that is not a claim change (session start, repair).
  public mutating func record(_ event: AuditEvent) { events.append(event) }
}

/// Finds the claims that could overlap a spec without testing them all. Everything a claim
/// covers lies at or below its anchor (without its final "/"), so two claims can overlap only
/// when one anchor is the other or lies above it: the candidates are the claims filed under
/// the spec's anchor's ancestors (both spellings, `a` and `a/`), plus every claim whose key
/// starts with the spec's own key (at or below it).
struct ClaimLookup {
  private var byKey: [String: [Int]] = [:]
  private var sortedKeys: [String] = []

  init(_ indices: [Int], in claims: [Claim]) {
    for index in indices {
      byKey[claims[index].anchorKey, default: []].append(index)
    }
    sortedKeys = byKey.keys.sorted()
  }

  func candidates(overlapping spec: PathSpec) -> [Int] {
    var result: [Int] = []
    let anchor = ClaimOrder.fold(spec.anchor)
    for key in ClaimOrder.ancestorKeys(of: spec.anchor) where !key.hasPrefix(anchor) {
      result += byKey[key] ?? []
    }
    // Every claim filed at or below the spec's anchor.
    var low = 0
    var high = sortedKeys.count
    while low < high {
      let middle = (low + high) / 2
      if sortedKeys[middle] < anchor { low = middle + 1 } else { high = middle }
    }
    while low < sortedKeys.count && sortedKeys[low].hasPrefix(anchor) {
      result += byKey[sortedKeys[low]] ?? []
      low += 1
    }
    return result
  }
}

extension LedgerError {
  static func claimConflicts(_ conflicts: [Ledger.Conflict], now: Timestamp) -> LedgerError {
    var lines = [
      "nothing was claimed: \(conflicts.count == 1 ? "a spec overlaps a claim" : "specs overlap claims") of another session"
    ]
    for conflict in conflicts {
      let holder = conflict.holder
      var line =
        "  \(conflict.requested.text)  held as \(holder.spec.text) by \(holder.session.value)"
      line += " since \(holder.since.rfc3339)"
      line += holder.expires.map { " until \($0.rfc3339)" } ?? " (no expiry)"
      if !holder.note.isEmpty { line += " — \(ForeignText.quoted(holder.note))" }
      lines.append(line)
    }
    return LedgerError(
      .refused, lines.joined(separator: "\n"),
      hint:
        "Ask the holder to release, claim something else, or take it over with --steal --reason TEXT (the holder is told in the audit log)."
    )
  }

  static func notHeld(_ specs: [PathSpec], session: SessionID, held: [Claim], ignoreCase: Bool)
    -> LedgerError
  {
    let names = specs.map(\.text).joined(separator: ", ")
    var hint = "Nothing was released. `ledger status` lists what \(session.value) holds."
    let covering = held.filter { claim in
      specs.contains { Overlap.between($0, claim.spec, ignoreCase: ignoreCase) }
    }
    if !covering.isEmpty {
      hint =
        "Nothing was released. \(session.value) holds "
        + covering.map { "'\($0.spec.text)'" }.joined(separator: ", ")
        + ", which overlaps; release exactly that spec."
    }
    return LedgerError(.refused, "\(session.value) does not hold \(names)", hint: hint)
  }
}
