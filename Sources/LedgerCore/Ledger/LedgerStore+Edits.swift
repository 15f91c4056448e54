/// The two writes agents make all day — claiming a few specs, releasing named ones — done in
/// O(claims touched): the lines that could overlap are found by binary search in the mapped
/// `claims.jsonl`, and the new file is the old one with a few lines spliced in or out — the
/// other lines copied, each verified and re-signed for its new place (one hashing pass over
/// the bytes) — instead of every claim being parsed and re-encoded.
///
/// The rules are `Ledger`'s; when a write does not fit this path (no ledger yet, an expired
/// claim to drop, a steal, a spec not held), the full path runs under the same lock.
extension LedgerStore {
  /// Claims `specs` for `session`, all or nothing (see `Ledger.claim`).
  public func claim(
    _ specs: [PathSpec], session: SessionID, ttl: Duration?, note: String?, stealReason: String?,
    now: Timestamp, ignoreCase: Bool, holder: String, timeout: Double
  ) throws(LedgerError) -> Ledger.ClaimOutcome {
    let lock = try lock(holder: holder, timeout: timeout)
    defer { lock.unlock() }
    if stealReason == nil,
      let outcome = try quickClaim(
        specs, session: session, ttl: ttl, note: note, now: now, ignoreCase: ignoreCase,
        lock: lock)
    {
      return outcome
    }
    return try updateLocked(lock, now: now, ignoreCase: ignoreCase) {
      (ledger) throws(LedgerError) in
      try ledger.claim(specs, session: session, ttl: ttl, note: note, stealReason: stealReason)
    }
  }

  /// Releases the named specs of `session`, all or nothing (see `Ledger.release`).
  public func release(
    _ specs: [PathSpec], session: SessionID, now: Timestamp, ignoreCase: Bool, holder: String,
    timeout: Double
  ) throws(LedgerError) -> [Claim] {
    let lock = try lock(holder: holder, timeout: timeout)
    defer { lock.unlock() }
    if let released = try quickRelease(
      specs, session: session, now: now, ignoreCase: ignoreCase, lock: lock)
    {
      return released
    }
    return try updateLocked(lock, now: now, ignoreCase: ignoreCase) {
      (ledger) throws(LedgerError) in
      try ledger.release(specs, session: session)
    }
  }

  // MARK: The quick path

  /// The current claims file and the generation a write of it takes, when the quick path may
  /// edit it: it exists in the current format, and no claim in it has expired (otherwise the
  /// full path converts it, or drops the expired ones).
  private func editableIndex(now: Timestamp) throws(LedgerError) -> (
    index: ClaimIndex, generation: Int64
  )? {
    let (index, known) = try openIndex()
    guard index.version == ClaimsFile.version, index.summaryKnown, let next = index.next,
      next.map({ $0 > now }) ?? true
    else {
      return nil
    }
    return (index, known.logged.next(after: index.generation))
  }

  /// A new generation of `index`'s file: its lines, verified and re-signed for their new
  /// places, with `edits` applied (a line's range replaced, or an empty range to insert at),
  /// in file order.
  private func rewrite(
    _ index: ClaimIndex, edits: [(range: Range<Int>, content: [UInt8]?)],
    summaries: [ClaimsFile.SessionSummary], next: Timestamp?, now: Timestamp, generation: Int64
  ) throws(LedgerError) -> [UInt8] {
    var builder = ClaimsFile.Builder(
      summaries: summaries, next: next, written: now, generation: generation,
      capacity: index.body.count + 256 * edits.count)
    var position = index.body.lowerBound
    for edit in edits {
      try index.forEachContent(in: position..<edit.range.lowerBound) { content, hash in
        builder.append(content: content, hash: hash)
      }
      if let content = edit.content { builder.append(content: content) }
      position = edit.range.isEmpty ? edit.range.lowerBound : edit.range.upperBound + 1
    }
    try index.forEachContent(in: position..<index.body.upperBound) { content, hash in
      builder.append(content: content, hash: hash)
    }
    return builder.finish()
  }

  /// The lines of `index` that could overlap `spec`: filed under its ancestors, or under or
  /// below its own anchor (see `ClaimLookup`).
  private func lines(overlapping spec: PathSpec, in index: ClaimIndex) throws(LedgerError)
    -> [ClaimIndex.Line]
  {
    let key = PathText.key(spec.anchor)
    var lines: [ClaimIndex.Line] = []
    for ancestor in PathText.ancestorKeys(of: spec.anchor) where !ancestor.hasPrefix(key) {
      lines += try index.lines(withKey: ancestor)
    }
    lines += try index.lines(withKeyPrefix: key)
    return lines
  }

  private func quickClaim(
    _ specs: [PathSpec], session: SessionID, ttl: Duration?, note: String?, now: Timestamp,
    ignoreCase: Bool, lock: LedgerLock
  ) throws(LedgerError) -> Ledger.ClaimOutcome? {
    guard let (index, generation) = try editableIndex(now: now) else { return nil }
    let unique = Ledger.distinct(specs, ignoreCase: ignoreCase)
    var conflicts: [Ledger.Conflict] = []
    var seen = Set<String>()
    // Each spec's change by `Ledger`'s rules, with the line of the own claim it replaces.
    var changes: [(line: ClaimIndex.Line?, change: Ledger.SpecClaim)] = []
    for spec in unique {
      var own: ClaimIndex.Line?
      for line in try lines(overlapping: spec, in: index) {
        let holder = line.claim
        if holder.session == session {
          if PathSpec.sameSpec(holder.spec, spec, ignoreCase: ignoreCase) { own = line }
          continue
        }
        guard
          Ledger.conflicts(holder, with: spec, session: session, now: now, ignoreCase: ignoreCase)
        else { continue }
        let key = spec.text + "\u{0}" + holder.spec.text + "\u{0}" + holder.session.value
        if seen.insert(key).inserted {
          conflicts.append(Ledger.Conflict(requested: spec, holder: holder))
        }
      }
      let change = Ledger.claimOne(
        spec, own: own?.claim, session: session, now: now, ttl: ttl, note: note)
      changes.append((own, change))
    }
    if !conflicts.isEmpty { throw .claimConflicts(conflicts, now: now) }
    var replacements: [(line: ClaimIndex.Line, claim: Claim)] = []
    var additions: [Claim] = []
    var unchanged: [Claim] = []
    for (line, change) in changes {
      switch change {
      case .add(let claim): additions.append(claim)
      case .refresh(_, let claim): if let line { replacements.append((line, claim)) }
      case .unchanged(let claim): unchanged.append(claim)
      }
    }
    // Re-claiming what one already holds, with no lease and the same note, changes nothing:
    // nothing is written, synced or logged (the Claude Code post-edit hook does this after
    // every edit of a claimed file).
    if additions.isEmpty && replacements.isEmpty {
      var outcome = Ledger.ClaimOutcome()
      outcome.refreshed = unchanged
      return outcome
    }

    // The edits, in file order: a replaced line, or new lines inserted before an offset.
    var edits: [(range: Range<Int>, content: [UInt8]?)] = replacements.map { replacement in
      (replacement.line.range, ClaimsFile.content(of: replacement.claim))
    }
    let ordered = additions.sorted(by: ClaimOrder.precedes)
    var insertions: [(offset: Int, claim: Claim)] = []
    for claim in ordered { insertions.append((try index.insertionPoint(for: claim), claim)) }
    for (offset, claim) in insertions {
      edits.append((offset..<offset, ClaimsFile.content(of: claim)))
    }
    // Stable: insertions at one offset keep their order, and come before a line replaced there.
    let sortedEdits = edits.enumerated().sorted { a, b in
      if a.element.range.lowerBound != b.element.range.lowerBound {
        return a.element.range.lowerBound < b.element.range.lowerBound
      }
      if a.element.range.isEmpty != b.element.range.isEmpty { return a.element.range.isEmpty }
      return a.offset < b.offset
    }.map(\.element)

    var summaries = Dictionary(uniqueKeysWithValues: index.sessions.map { ($0.session, $0) })
    var next = index.next ?? nil
    func account(_ claim: Claim, added: Bool) {
      var summary =
        summaries[claim.session]
        ?? ClaimsFile.SessionSummary(session: claim.session, claims: 0, until: claim.expires)
      if added { summary.claims += 1 }
      if let current = summary.until { summary.until = claim.expires.map { max($0, current) } }
      summaries[claim.session] = summary
      if let expires = claim.expires { next = next.map { min($0, expires) } ?? expires }
    }
    for (_, claim) in replacements { account(claim, added: false) }
    for claim in additions { account(claim, added: true) }

    let file = try rewrite(
      index, edits: sortedEdits, summaries: Array(summaries.values), next: next, now: now,
      generation: generation)

    var outcome = Ledger.ClaimOutcome()
    var events: [AuditEvent] = []
    for (_, change) in changes {
      switch change {
      case .add(let claim): outcome.added.append(claim)
      case .refresh(_, let claim), .unchanged(let claim): outcome.refreshed.append(claim)
      }
      if let event = change.event(session: session, now: now) { events.append(event) }
    }
    try writeClaims(file, generation: generation, events: events, lock: lock)
    return outcome
  }

  private func quickRelease(
    _ specs: [PathSpec], session: SessionID, now: Timestamp, ignoreCase: Bool, lock: LedgerLock
  ) throws(LedgerError) -> [Claim]? {
    guard let (index, generation) = try editableIndex(now: now) else { return nil }
    var removing: [ClaimIndex.Line] = []
    var starts = Set<Int>()
    for spec in specs {
      let matching = try index.lines(withKey: PathText.key(spec.anchor)).filter {
        $0.claim.session == session && $0.claim.isActive(at: now)
          && PathText.same($0.claim.spec.text, spec.text, ignoreCase: ignoreCase)
      }
      // Not held: the full path says so, with a hint about what is held.
      if matching.isEmpty { return nil }
      for line in matching where starts.insert(line.range.lowerBound).inserted {
        removing.append(line)
      }
    }
    // The file is edited in file order; the claims are released (and logged) in the order
    // asked for, as `Ledger.release` does.
    let inFileOrder = removing.sorted { $0.range.lowerBound < $1.range.lowerBound }
    var summaries = Dictionary(uniqueKeysWithValues: index.sessions.map { ($0.session, $0) })
    summaries[session]?.claims -= removing.count
    let file = try rewrite(
      index, edits: inFileOrder.map { ($0.range, nil) }, summaries: Array(summaries.values),
      next: index.next ?? nil, now: now, generation: generation)
    let events = removing.map { line in
      AuditEvent(
        .release, time: now, session: line.claim.session.value,
        details: AuditEvent.claimDetails(line.claim))
    }
    try writeClaims(file, generation: generation, events: events, lock: lock)
    return removing.map(\.claim)
  }
}
