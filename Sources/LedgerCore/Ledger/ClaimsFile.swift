/// The ledger's claims file, `claims.jsonl`: JSON Lines a person can read, sorted for lookup.
///
/// ```
/// {"agentledger":"claims","version":2,"generation":7,"written":"…","sessions":[{"session":"s","claims":2,"until":null}],"next":null,"check":"…"}
/// {"spec":"src/","kind":"directory","session":"s","since":"…","expires":null,"note":"…","check":"…"}
/// {"end":"claims","count":2,"bytes":245,"check":"…"}
/// ```
///
/// The header carries the format version, the file's generation (one more at every write; the
/// audit log records it too, see `LedgerGeneration`) and a summary per session (so a hook can
/// tell at once whether any other session holds an active claim); the footer carries the number
/// of claims and the byte length of the claim lines. Every line ends with a check value (see
/// `LineCheck`) bound to the header and to the line's place, so a reader that looks at only a
/// few lines (the hooks' binary search) still refuses a reordered, hand-edited or stitched
/// file. Format 1 (no generation, no check values) is still read, by validating the whole file;
/// the next write converts it.
public enum ClaimsFile {
  /// The format version this build writes.
  public static let version: Int64 = 2
  /// The previous format, read (fully validated) and converted at the next write.
  static let legacyVersion: Int64 = 1

  /// A session's entry in the header summary.
  public struct SessionSummary: Sendable, Equatable {
    public var session: SessionID
    public var claims: Int
    /// The latest expiry among its claims, or `nil` when one of them never expires.
    public var until: Timestamp?
  }

  /// What a header says.
  struct Header {
    var version: Int64
    /// 0 for a format-1 file.
    var generation: Int64
    var value: JSONValue
    /// The header's check, the seed of every other line's (0 for a format-1 file).
    var seed: UInt64
  }

  /// The text of a claims file holding `claims` (sorted here), as generation `generation`. A
  /// claim read from the ledger and not changed since is written with the bytes of its line,
  /// sparing the encoder most of a large ledger.
  public static func encode(_ claims: [Claim], written: Timestamp, generation: Int64 = 1)
    -> [UInt8]
  {
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
    var builder = Builder(
      summaries: Array(summaries.values), next: next, written: written, generation: generation)
    for (_, claim) in keyed {
      if let line = claim.encoded {
        line.withUnsafeBytes { builder.append(content: $0) }
      } else {
        builder.append(content: content(of: claim))
      }
    }
    return builder.finish()
  }

  /// A claim's line without its check: its compact JSON object without the closing brace.
  static func content(of claim: Claim) -> [UInt8] {
    var bytes = JSONWriter.compactBytes(encode(claim))
    bytes.removeLast()
    return bytes
  }

  /// Writes a claims file line by line: the header, claim lines (their content, in order),
  /// and the footer, each closed with its check value.
  struct Builder {
    private(set) var out: [UInt8]
    private let seed: UInt64
    private let bodyStart: Int
    private var count = 0

    init(
      summaries: [SessionSummary], next: Timestamp?, written: Timestamp, generation: Int64,
      capacity: Int = 0
    ) {
      out = []
      out.reserveCapacity(capacity + 512)
      let sessions = summaries.filter { $0.claims > 0 }.sorted { $0.session < $1.session }.map {
        summary in
        JSONValue.object([
          ("session", .string(summary.session.value)),
          ("claims", .integer(Int64(summary.claims))),
          ("until", .optional(summary.until?.rfc3339)),
        ])
      }
      var header = JSONWriter.compactBytes(
        .object([
          ("agentledger", .string("claims")),
          ("version", .integer(ClaimsFile.version)),
          ("generation", .integer(generation)),
          ("written", .string(written.rfc3339)),
          ("sessions", .array(sessions)),
          ("next", .optional(next?.rfc3339)),
        ]))
      header.removeLast()
      seed = LineCheck.check(seed: 0, offset: 0, content: LineCheck.hash(header))
      out += header
      LineCheck.appendSuffix(seed, to: &out)
      out.append(10)
      bodyStart = out.count
    }

    /// Appends a claim line whose content (the line before its check) is `content`; `hash`
    /// is `LineCheck.hash(content)` when the caller already has it.
    mutating func append(content: UnsafeRawBufferPointer, hash: UInt64? = nil) {
      let offset = out.count - bodyStart
      let value = LineCheck.check(
        seed: seed, offset: offset, content: hash ?? LineCheck.hash(content))
      out.append(contentsOf: content)
      LineCheck.appendSuffix(value, to: &out)
      out.append(10)
      count += 1
    }

    /// Appends a claim line from its content bytes.
    mutating func append(content: [UInt8]) {
      content.withUnsafeBytes { append(content: $0) }
    }

    /// The file, closed by its footer.
    mutating func finish() -> [UInt8] {
      let bytes = out.count - bodyStart
      var footer = JSONWriter.compactBytes(
        .object([
          ("end", .string("claims")),
          ("count", .integer(Int64(count))),
          ("bytes", .integer(Int64(bytes))),
        ]))
      footer.removeLast()
      out += footer
      LineCheck.appendSuffix(
        LineCheck.check(seed: seed, offset: bytes, content: LineCheck.hash(footer)), to: &out)
      out.append(10)
      return out
    }
  }

  /// Reads and checks a header line: an AgentLedger claims header of a version this build
  /// reads, and — for format 2 — with a valid check and a generation.
  static func readHeader(_ line: UnsafeRawBufferPointer, path: String) throws(LedgerError)
    -> Header
  {
    let split = LineCheck.split(line)
    var content = Array(line[0..<(split?.contentLength ?? line.count)])
    if split != nil { content.append(UInt8(ascii: "}")) }
    let value = try parseLine(content, path: path, what: "the header")
    guard value["agentledger"]?.stringValue == "claims" else {
      throw .corruptLedger(path, "the first line is not an AgentLedger claims header")
    }
    guard let version = value["version"]?.integerValue else {
      throw .corruptLedger(path, "the header has no format version")
    }
    if version == legacyVersion {
      guard split == nil else {
        throw .corruptLedger(path, "a format-1 header carries a check value")
      }
      return Header(version: version, generation: 0, value: value, seed: 0)
    }
    guard version == ClaimsFile.version else {
      throw LedgerError(
        .environment,
        "the ledger file \(path) has format version \(version); this ledger reads versions \(legacyVersion) and \(ClaimsFile.version)",
        hint: "Use the AgentLedger release that wrote it, or upgrade this one.")
    }
    guard let split,
      LineCheck.verified(line, seed: 0, offset: 0) == split.contentLength
    else {
      throw .corruptLedger(
        path, "the header's check value does not match its text (was the file edited by hand?)")
    }
    guard let generation = value["generation"]?.integerValue, generation > 0 else {
      throw .corruptLedger(path, "the header has no generation")
    }
    return Header(version: version, generation: generation, value: value, seed: split.value)
  }

  /// Reads and checks the footer line at `offset` bytes after the body's start: its check
  /// (format 2), count and byte length. Returns the count.
  static func readFooter(
    _ line: UnsafeRawBufferPointer, header: Header, bodyBytes: Int, path: String
  ) throws(LedgerError) -> Int {
    var content = Array(line)
    if header.version != legacyVersion {
      guard let length = LineCheck.verified(line, seed: header.seed, offset: bodyBytes) else {
        throw .corruptLedger(
          path,
          "the closing line's check value does not match (the file was cut, edited by hand, or stitched from two versions)"
        )
      }
      content = Array(line[0..<length]) + [UInt8(ascii: "}")]
    }
    let footer = try parseLine(content, path: path, what: "the last line")
    guard footer["end"]?.stringValue == "claims", let count = footer["count"]?.integerValue,
      let byteCount = footer["bytes"]?.integerValue, count >= 0
    else { throw .corruptLedger(path, "the file is truncated (its closing line is missing)") }
    guard Int64(bodyBytes) == byteCount else {
      throw .corruptLedger(
        path, "its claim lines are \(bodyBytes) bytes, not the \(byteCount) it records")
    }
    return Int(count)
  }

  /// Reads the claim line at `offset` bytes after the body's start, verifying its check
  /// (format 2). `nil` when it is not a valid claim.
  static func readClaimLine(
    _ line: UnsafeRawBufferPointer, header: Header, offset: Int, path: String, what: String
  ) throws(LedgerError) -> Claim? {
    if header.version == legacyVersion {
      return try decodeLine(ArraySlice(line), path: path, what: what)
    }
    guard let length = LineCheck.verified(line, seed: header.seed, offset: offset) else {
      throw .corruptLedger(
        path,
        "\(what)'s check value does not match: it was edited, moved or copied from another version of the file"
      )
    }
    return try decodeContent(ArraySlice(line[0..<length]), path: path, what: what)
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
      let sessionText = value["session"]?.stringValue, SessionID.isValidStored(sessionText),
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

  /// Decodes and fully validates a claims file: header, every line (and its check), order,
  /// footer, summary. Each claim of a format-2 file keeps its line's content, so an unchanged
  /// claim is written back byte for byte.
  public static func decode(_ bytes: [UInt8], path: String) throws(LedgerError) -> [Claim] {
    try decodeFile(bytes, path: path).claims
  }

  /// `decode`, with the file's generation (0 for format 1).
  static func decodeFile(_ bytes: [UInt8], path: String) throws(LedgerError) -> (
    claims: [Claim], generation: Int64
  ) {
    guard !bytes.isEmpty else { throw .corruptLedger(path, "the file is empty") }
    guard bytes.last == 10 else {
      throw .corruptLedger(path, "the file is truncated (its last line is incomplete)")
    }
    let lines = splitLines(bytes)
    guard let first = lines.first else { throw .corruptLedger(path, "the file is empty") }
    let result = bytes.withUnsafeBytes { raw in
      Result { () throws(LedgerError) in
        try decodeLines(bytes, raw, lines, first: first, path: path)
      }
    }
    return try result.get()
  }

  private static func decodeLines(
    _ bytes: [UInt8], _ raw: UnsafeRawBufferPointer, _ lines: [Range<Int>], first: Range<Int>,
    path: String
  ) throws(LedgerError) -> (claims: [Claim], generation: Int64) {
    let header = try readHeader(UnsafeRawBufferPointer(rebasing: raw[first]), path: path)
    guard lines.count >= 2 else {
      throw .corruptLedger(path, "the file ends before its last line")
    }
    let body = lines[1..<(lines.count - 1)]
    let bodyStart = first.upperBound + 1
    let bodyBytes = lines[lines.count - 1].lowerBound - bodyStart
    let count = try readFooter(
      UnsafeRawBufferPointer(rebasing: raw[lines[lines.count - 1]]), header: header,
      bodyBytes: bodyBytes, path: path)
    guard body.count == count else {
      throw .corruptLedger(
        path, "it closes with a count of \(count) claims but holds \(body.count)")
    }
    var claims: [Claim] = []
    claims.reserveCapacity(body.count)
    var previousKey = ""
    for (offset, range) in body.enumerated() {
      let what = "line \(offset + 2)"
      guard
        var claim = try readClaimLine(
          UnsafeRawBufferPointer(rebasing: raw[range]), header: header,
          offset: range.lowerBound - bodyStart, path: path, what: what)
      else {
        throw .corruptLedger(path, "line \(offset + 2) is not a valid claim")
      }
      let key = claim.anchorKey
      if let previous = claims.last,
        ClaimOrder.precedes(claim, key: key, previous, key: previousKey)
      {
        throw .corruptLedger(
          path, "line \(offset + 2) is out of order (was the file edited by hand?)")
      }
      if header.version != legacyVersion {
        claim.encoded = bytes[range.lowerBound..<(range.upperBound - LineCheck.suffixLength)]
      }
      claims.append(claim)
      previousKey = key
    }
    try checkSummary(header.value, against: claims, path: path)
    return (claims, header.generation)
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

  /// Decodes a format-2 claim line's content: the line before its check, which lacks the
  /// object's closing brace.
  static func decodeContent(_ content: ArraySlice<UInt8>, path: String, what: String)
    throws(LedgerError) -> Claim?
  {
    if let claim = CanonicalLine(content, closed: false)?.claim() { return claim }
    return decodeClaim(try parseLine(Array(content) + [UInt8(ascii: "}")], path: path, what: what))
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
