/// The ledger's claims file, `claims.jsonl`: JSON Lines a person can read, sorted for lookup.
///
/// ```
/// {"agentledger":"claims","version":1,"written":"…","sessions":[{"session":"s","claims":2,"until":null}]}
/// {"spec":"src/","kind":"directory","session":"s","since":"…","expires":null,"note":"…"}
/// {"end":"claims","count":2,"bytes":245}
/// ```
///
/// The header carries the format version and a summary per session (so a hook can tell at once
/// whether any other session holds an active claim); the footer carries the number of claims
/// and the byte length of the claim lines, so a truncated or hand-edited file is detected
/// without reading it all.
public enum ClaimsFile {
  /// The format version this build writes and reads.
  public static let version: Int64 = 1

  /// A session's entry in the header summary.
  public struct SessionSummary: Sendable, Equatable {
    public var session: SessionID
    public var claims: Int
    /// The latest expiry among its claims, or `nil` when one of them never expires.
    public var until: Timestamp?
  }

  /// The text of a claims file holding `claims` (sorted here). A claim read from the ledger and
  /// not changed since is written with the bytes of its line, sparing the encoder most of a
  /// large ledger.
  public static func encode(_ claims: [Claim], written: Timestamp) -> [UInt8] {
    let keyed = claims.map { (key: $0.anchorKey, claim: $0) }
      .sorted { ClaimOrder.precedes($0.claim, key: $0.key, $1.claim, key: $1.key) }
    var summaries: [SessionID: SessionSummary] = [:]
    var next: Timestamp?
    for (_, claim) in keyed {
      var summary =
        summaries[claim.session]
        ?? SessionSummary(session: claim.session, claims: 0, until: claim.expires)
      summary.claims += 1
      if let current = summary.until {
        summary.until = claim.expires.map { max($0, current) }
      }
      summaries[claim.session] = summary
      if let expires = claim.expires { next = next.map { min($0, expires) } ?? expires }
    }
    var out = header(Array(summaries.values), next: next, written: written)
    let bodyStart = out.count
    for (_, claim) in keyed {
      if let line = claim.encoded {
        out.append(contentsOf: line)
      } else {
        out.append(contentsOf: JSONWriter.compactBytes(encode(claim)))
      }
      out.append(10)
    }
    out.append(contentsOf: footer(count: keyed.count, bytes: out.count - bodyStart))
    return out
  }

  /// The header line (with its newline): format, version, time written, the per-session
  /// summary, and `next`, the earliest expiry of any claim (`null` when none expires): a writer
  /// that finds `next` still ahead knows there is no expired claim to drop.
  static func header(_ summaries: [SessionSummary], next: Timestamp?, written: Timestamp)
    -> [UInt8]
  {
    let sessions = summaries.filter { $0.claims > 0 }.sorted { $0.session < $1.session }.map {
      summary in
      JSONValue.object([
        ("session", .string(summary.session.value)),
        ("claims", .integer(Int64(summary.claims))),
        ("until", .optional(summary.until?.rfc3339)),
      ])
    }
    var line = JSONWriter.compactBytes(
      .object([
        ("agentledger", .string("claims")),
        ("version", .integer(version)),
        ("written", .string(written.rfc3339)),
        ("sessions", .array(sessions)),
        ("next", .optional(next?.rfc3339)),
      ]))
    line.append(10)
    return line
  }

  /// The footer line (with its newline): the number of claims and the byte length of their
  /// lines.
  static func footer(count: Int, bytes: Int) -> [UInt8] {
    var line = JSONWriter.compactBytes(
      .object([
        ("end", .string("claims")),
        ("count", .integer(Int64(count))),
        ("bytes", .integer(Int64(bytes))),
      ]))
    line.append(10)
    return line
  }

  static func encode(_ claim: Claim) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = [
      ("spec", .string(claim.spec.text)),
      ("kind", .string(claim.spec.kind.rawValue)),
      ("session", .string(claim.session.value)),
      ("since", .string(claim.since.rfc3339)),
      ("expires", .optional(claim.expires?.rfc3339)),
      ("note", .string(claim.note)),
    ]
    if let ended = claim.ended { members.append(("ended", .string(ended.rfc3339))) }
    return .object(members)
  }

  /// Decodes one claim line.
  static func decodeClaim(_ value: JSONValue) -> Claim? {
    guard let specText = value["spec"]?.stringValue,
      let kindText = value["kind"]?.stringValue, let kind = PathSpec.Kind(rawValue: kindText),
      let sessionText = value["session"]?.stringValue, SessionID.isValid(sessionText),
      let sinceText = value["since"]?.stringValue, let since = Timestamp(parsing: sinceText),
      let expiresValue = value["expires"], let note = value["note"]?.stringValue
    else { return nil }
    var expires: Timestamp?
    if !expiresValue.isNull {
      guard let text = expiresValue.stringValue, let parsed = Timestamp(parsing: text) else {
        return nil
      }
      expires = parsed
    }
    var ended: Timestamp?
    if let endedValue = value["ended"], !endedValue.isNull {
      guard let text = endedValue.stringValue, let parsed = Timestamp(parsing: text) else {
        return nil
      }
      ended = parsed
    }
    guard kind.fits(specText) else { return nil }
    return Claim(
      spec: PathSpec(kind: kind, text: specText), session: SessionID(trusted: sessionText),
      since: since, expires: expires, note: note, ended: ended)
  }

  /// Decodes and fully validates a claims file: header, every line, order, footer. Each claim
  /// keeps its line, so an unchanged claim is written back byte for byte.
  public static func decode(_ bytes: [UInt8], path: String) throws(LedgerError) -> [Claim] {
    guard !bytes.isEmpty else { throw .corruptLedger(path, "the file is empty") }
    guard bytes.last == 10 else {
      throw .corruptLedger(path, "the file is truncated (its last line is incomplete)")
    }
    let lines = splitLines(bytes)
    guard let first = lines.first else { throw .corruptLedger(path, "the file is empty") }
    let header = try parseLine(bytes, first, path: path, what: "the header")
    guard header["agentledger"]?.stringValue == "claims" else {
      throw .corruptLedger(path, "the first line is not an AgentLedger claims header")
    }
    guard let version = header["version"]?.integerValue else {
      throw .corruptLedger(path, "the header has no format version")
    }
    guard version == ClaimsFile.version else {
      throw LedgerError(
        .environment,
        "the ledger file \(path) has format version \(version); this ledger reads version \(ClaimsFile.version)",
        hint: "Use the AgentLedger release that wrote it, or upgrade this one.")
    }
    guard lines.count >= 2 else { throw .corruptLedger(path, "the file ends before its last line") }
    let footer = try parseLine(bytes, lines[lines.count - 1], path: path, what: "the last line")
    guard footer["end"]?.stringValue == "claims", let count = footer["count"]?.integerValue,
      let byteCount = footer["bytes"]?.integerValue
    else { throw .corruptLedger(path, "the file is truncated (its closing line is missing)") }
    let body = lines[1..<(lines.count - 1)]
    guard Int64(body.count) == count else {
      throw .corruptLedger(
        path, "it closes with a count of \(count) claims but holds \(body.count)")
    }
    let actualBytes = body.reduce(0) { $0 + $1.count + 1 }
    guard Int64(actualBytes) == byteCount else {
      throw .corruptLedger(
        path, "its claim lines are \(actualBytes) bytes, not the \(byteCount) it records")
    }
    var claims: [Claim] = []
    claims.reserveCapacity(body.count)
    var previousKey = ""
    for (offset, range) in body.enumerated() {
      guard var claim = try decodeLine(bytes[range], path: path, what: "line \(offset + 2)") else {
        throw .corruptLedger(path, "line \(offset + 2) is not a valid claim")
      }
      let key = claim.anchorKey
      if let previous = claims.last,
        ClaimOrder.precedes(claim, key: key, previous, key: previousKey)
      {
        throw .corruptLedger(
          path, "line \(offset + 2) is out of order (was the file edited by hand?)")
      }
      claim.encoded = bytes[range]
      claims.append(claim)
      previousKey = key
    }
    try checkSummary(header, against: claims, path: path)
    return claims
  }

  /// Checks the header's summary against the claims: the hooks trust it to skip work, so a
  /// summary that understates what is held must never pass. Counts must be exact; a session's
  /// `until` may not precede any of its expiries (nor be set while one never expires); `next`
  /// may not follow any expiry (nor be `null` while one expires).
  static func checkSummary(_ header: JSONValue, against claims: [Claim], path: String)
    throws(LedgerError)
  {
    var held: [String: (count: Int, latest: Timestamp?, forever: Bool)] = [:]
    var earliest: Timestamp?
    for claim in claims {
      var entry = held[claim.session.value] ?? (0, nil, false)
      entry.count += 1
      if let expires = claim.expires {
        entry.latest = entry.latest.map { max($0, expires) } ?? expires
        earliest = earliest.map { min($0, expires) } ?? expires
      } else {
        entry.forever = true
      }
      held[claim.session.value] = entry
    }
    // A header without a summary (written by hand) is allowed: readers then assume anyone may
    // hold claims.
    guard let summaries = header["sessions"] else { return }
    guard let summaryList = summaries.arrayValue else {
      throw .corruptLedger(path, "the header's session summary is malformed")
    }
    var listed = Set<String>()
    for summary in summaryList {
      guard let session = summary["session"]?.stringValue,
        let count = summary["claims"]?.integerValue
      else { throw .corruptLedger(path, "the header's session summary is malformed") }
      listed.insert(session)
      let entry = held[session] ?? (0, nil, false)
      guard Int(count) == entry.count else {
        throw .corruptLedger(
          path, "the header counts \(count) claims for \(session), but \(entry.count) are listed")
      }
      if let untilText = summary["until"]?.stringValue {
        guard let until = Timestamp(parsing: untilText), !entry.forever,
          entry.latest.map({ $0 <= until }) ?? true
        else {
          throw .corruptLedger(path, "the header understates how long \(session) holds its claims")
        }
      }
    }
    if let missing = held.first(where: { !listed.contains($0.key) && $0.value.count > 0 }) {
      throw .corruptLedger(path, "the header does not list \(missing.key), which holds claims")
    }
    if let next = header["next"] {
      let claimed = next.stringValue.flatMap { Timestamp(parsing: $0) }
      let fits = claimed.map { time in earliest.map { time <= $0 } ?? true } ?? (earliest == nil)
      guard fits else {
        throw .corruptLedger(path, "the header's next expiry is later than a claim's")
      }
    }
  }

  /// Decodes one claim line: a fast path for the canonical line this ledger writes, the full
  /// JSON parser for anything else (escapes, other key orders).
  static func decodeLine(_ line: ArraySlice<UInt8>, path: String, what: String)
    throws(LedgerError) -> Claim?
  {
    if let claim = CanonicalLine(line)?.claim() { return claim }
    return decodeClaim(try parseLine(Array(line), path: path, what: what))
  }

  static func splitLines(_ bytes: [UInt8]) -> [Range<Int>] {
    var lines: [Range<Int>] = []
    var start = 0
    for index in bytes.indices where bytes[index] == 10 {
      lines.append(start..<index)
      start = index + 1
    }
    if start < bytes.count { lines.append(start..<bytes.count) }
    return lines
  }

  static func parseLine(_ bytes: [UInt8], _ range: Range<Int>, path: String, what: String)
    throws(LedgerError) -> JSONValue
  {
    try parseLine(Array(bytes[range]), path: path, what: what)
  }

  static func parseLine(_ line: [UInt8], path: String, what: String) throws(LedgerError)
    -> JSONValue
  {
    do {
      return try JSONParser.parse(line)
    } catch {
      throw .corruptLedger(path, "\(what) is not valid JSON (\(error.reason))")
    }
  }
}

extension LedgerError {
  /// The ledger file cannot be trusted; commits fail closed until it is repaired.
  public static func corruptLedger(_ path: String, _ problem: String) -> LedgerError {
    LedgerError(
      .environment, "the ledger file \(path) is unreadable: \(problem)",
      hint:
        "Run `ledger doctor --repair`: it sets the file aside (renamed, not deleted) and rebuilds the claims from the audit log."
    )
  }
}
