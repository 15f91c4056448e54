/// Read-only, lazy access to a claims file for the commit hooks: the header and footer are
/// checked, and claims are found by binary search over the sorted lines, so a lookup costs
/// O(log n) line parses however many claims the ledger holds. Every line the search reads is
/// verified against its check value (see `LineCheck`), so the search sees exactly the lines of
/// one genuine file in their places, or fails with an unreadable ledger: the hooks read less
/// than the full reader, never trust more. A format-1 file (no check values) is validated in
/// full on opening instead.
public struct ClaimIndex: Sendable {
  private let file: MappedFile
  private var bytes: UnsafeRawBufferPointer { file.bytes }
  private let bodyStart: Int
  private let bodyEnd: Int
  private let path: String
  private let header: ClaimsFile.Header?
  /// The per-session summary from the header.
  public let sessions: [ClaimsFile.SessionSummary]
  /// False when the header has no session summary (a hand-written file): then anyone may
  /// hold claims.
  let summaryKnown: Bool
  /// The number of claims, from the footer.
  public let claimCount: Int
  /// The header's `next` (the earliest expiry of any claim): `.some(nil)` when no claim
  /// expires, `nil` when the header does not say.
  let next: Timestamp??
  /// The file's generation: 0 for no file or a format-1 file.
  public let generation: Int64
  /// The file's format version (0 for no file).
  let version: Int64

  /// An index over no claims (no ledger yet).
  public static let empty = ClaimIndex()

  private init() {
    file = MappedFile(copying: [])
    bodyStart = 0
    bodyEnd = 0
    path = ""
    header = nil
    sessions = []
    next = .some(nil)
    summaryKnown = true
    claimCount = 0
    generation = 0
    version = 0
  }

  /// Opens `bytes` (the content of the claims file at `path`), checking its header and footer.
  public init(bytes: [UInt8], path: String) throws(LedgerError) {
    try self.init(file: MappedFile(copying: bytes), path: path)
  }

  /// Opens a mapped claims file, checking its header and footer.
  public init(file: MappedFile, path: String) throws(LedgerError) {
    self.file = file
    self.path = path
    let bytes = file.bytes
    guard let headerEnd = bytes.firstIndex(of: 10) else {
      throw .corruptLedger(path, "the file has no complete first line")
    }
    let header = try ClaimsFile.readHeader(
      UnsafeRawBufferPointer(rebasing: bytes[0..<headerEnd]), path: path)
    guard bytes.last == 10, bytes.count > headerEnd + 1 else {
      throw .corruptLedger(path, "the file is truncated (its closing line is missing)")
    }
    if header.version == ClaimsFile.legacyVersion {
      // No check values to verify line by line: validate the whole file as the full reader
      // does, once, before trusting any lookup.
      _ = try ClaimsFile.decode(Array(bytes), path: path)
    }
    var footerStart = bytes.count - 1
    while footerStart > headerEnd + 1 && bytes[footerStart - 1] != 10 { footerStart -= 1 }
    claimCount = try ClaimsFile.readFooter(
      UnsafeRawBufferPointer(rebasing: bytes[footerStart..<(bytes.count - 1)]), header: header,
      bodyBytes: footerStart - headerEnd - 1, path: path)
    self.header = header
    generation = header.generation
    version = header.version
    summaryKnown = header.value["sessions"] != nil
    bodyStart = headerEnd + 1
    bodyEnd = footerStart
    var summaries: [ClaimsFile.SessionSummary] = []
    for entry in header.value["sessions"]?.arrayValue ?? [] {
      guard let name = entry["session"]?.stringValue, SessionID.isValidStored(name),
        let count = entry["claims"]?.integerValue
      else { throw .corruptLedger(path, "the header's session summary is malformed") }
      let until = entry["until"]?.stringValue.flatMap { Timestamp(parsing: $0) }
      summaries.append(
        ClaimsFile.SessionSummary(
          session: SessionID(trusted: name), claims: Int(count), until: until))
    }
    sessions = summaries
    if let value = header.value["next"] {
      if value.isNull {
        next = .some(nil)
      } else if let text = value.stringValue, let time = Timestamp(parsing: text) {
        next = .some(time)
      } else {
        throw .corruptLedger(path, "the header's next expiry is malformed")
      }
    } else {
      next = nil
    }
  }

  // MARK: Lines, for the incremental writer

  /// A claim line: its byte range (without the newline) and its claim.
  struct Line {
    var range: Range<Int>
    var claim: Claim
  }

  /// The claim lines' bytes, between the header and the footer.
  var body: Range<Int> { bodyStart..<bodyEnd }

  /// The raw bytes of a range of the file.
  func bytes(_ range: Range<Int>) -> UnsafeRawBufferPointer.SubSequence { bytes[range] }

  /// Every line filed under exactly `key`.
  func lines(withKey key: String) throws(LedgerError) -> [Line] {
    var found: [Line] = []
    var position = try lowerBound(key)
    while position < bodyEnd {
      let end = lineEnd(from: position)
      let claim = try decode(position..<end)
      guard claim.anchorKey == key else { break }
      found.append(Line(range: position..<end, claim: claim))
      position = end + 1
    }
    return found
  }

  /// Every line whose key starts with `prefix` (a contiguous run, keys being sorted).
  func lines(withKeyPrefix prefix: String) throws(LedgerError) -> [Line] {
    var found: [Line] = []
    var position = try lowerBound(prefix)
    while position < bodyEnd {
      let end = lineEnd(from: position)
      let claim = try decode(position..<end)
      guard claim.anchorKey.hasPrefix(prefix) else { break }
      found.append(Line(range: position..<end, claim: claim))
      position = end + 1
    }
    return found
  }

  /// The offset of the first line that `claim` does not follow in the ledger's order: where a
  /// new line for it goes.
  func insertionPoint(for claim: Claim) throws(LedgerError) -> Int {
    var position = try lowerBound(claim.anchorKey)
    while position < bodyEnd {
      let end = lineEnd(from: position)
      let other = try decode(position..<end)
      if !ClaimOrder.precedes(other, claim) { return position }
      position = end + 1
    }
    return bodyEnd
  }

  /// True when a session whose claims `session` may not use (see `SessionID.mayUse`) may hold
  /// an active claim at `now`.
  public func othersMayHoldClaims(besides session: SessionID?, at now: Timestamp) -> Bool {
    guard summaryKnown else { return claimCount > 0 }
    return sessions.contains { summary in
      !(session?.mayUse(claimsOf: summary.session) ?? false) && summary.claims > 0
        && (summary.until.map { $0 > now } ?? true)
    }
  }

  /// True when `session` may hold an active claim at `now`.
  public func mayHoldClaims(_ session: SessionID, at now: Timestamp) -> Bool {
    guard summaryKnown else { return claimCount > 0 }
    return sessions.contains { summary in
      summary.session == session && summary.claims > 0 && (summary.until.map { $0 > now } ?? true)
    }
  }

  /// Every claim (of any session, active or not) that could cover `path`: those filed under the
  /// root, or under the path or one of its parent directories, spelled with or without a final
  /// "/" (see `PathText.ancestorKeys`).
  public func candidates(for path: String) throws(LedgerError) -> [Claim] {
    var found: [Claim] = []
    for key in ClaimOrder.ancestorKeys(of: path) {
      var position = try lowerBound(key)
      while position < bodyEnd {
        let end = lineEnd(from: position)
        let claim = try decode(position..<end)
        guard claim.anchorKey == key else { break }
        found.append(claim)
        position = end + 1
      }
    }
    return found
  }

  /// Every claim in the file (for the rare case of many staged paths).
  public func allClaims() throws(LedgerError) -> [Claim] {
    var claims: [Claim] = []
    var position = bodyStart
    while position < bodyEnd {
      let end = lineEnd(from: position)
      claims.append(try decode(position..<end))
      position = end + 1
    }
    return claims
  }

  /// Every claim, grouped by folded anchor (for judging many paths at once).
  public func claimsByAnchor() throws(LedgerError) -> [String: [Claim]] {
    var grouped: [String: [Claim]] = [:]
    for claim in try allClaims() {
      grouped[claim.anchorKey, default: []].append(claim)
    }
    return grouped
  }

  private func lineEnd(from start: Int) -> Int {
    var index = start
    while index < bodyEnd && bytes[index] != 10 { index += 1 }
    return index
  }

  private func lineStart(containing position: Int, floor: Int) -> Int {
    var index = position
    while index > floor && bytes[index - 1] != 10 { index -= 1 }
    return index
  }

  private func decode(_ range: Range<Int>) throws(LedgerError) -> Claim {
    guard let header,
      let claim = try ClaimsFile.readClaimLine(
        UnsafeRawBufferPointer(rebasing: bytes[range]), header: header,
        offset: range.lowerBound - bodyStart, path: path,
        what: "the claim line at byte \(range.lowerBound)")
    else {
      throw .corruptLedger(path, "the claim line at byte \(range.lowerBound) is malformed")
    }
    return claim
  }

  /// Calls `body` with the content (the line before its check value) and content hash of
  /// every claim line starting in `range` of the body, verifying each: a writer copying lines
  /// into a new generation must never re-sign a line it has not verified.
  func forEachContent(
    in range: Range<Int>, _ body: (UnsafeRawBufferPointer, UInt64) -> Void
  ) throws(LedgerError) {
    guard let header, header.version == ClaimsFile.version else {
      throw .corruptLedger(path, "only a format-\(ClaimsFile.version) file is copied line by line")
    }
    var position = range.lowerBound
    while position < range.upperBound {
      let end = lineEnd(from: position)
      let line = UnsafeRawBufferPointer(rebasing: bytes[position..<end])
      guard let (length, value) = LineCheck.split(line) else {
        throw .corruptLedger(path, "the claim line at byte \(position) has no check value")
      }
      let content = UnsafeRawBufferPointer(rebasing: line[0..<length])
      let hash = LineCheck.hash(content)
      guard
        LineCheck.check(seed: header.seed, offset: position - bodyStart, content: hash) == value
      else {
        throw .corruptLedger(
          path,
          "the claim line at byte \(position)'s check value does not match: it was edited, moved or copied from another version of the file"
        )
      }
      body(content, hash)
      position = end + 1
    }
  }

  /// The start of the first line whose folded anchor is not less than `key`.
  private func lowerBound(_ key: String) throws(LedgerError) -> Int {
    var low = bodyStart
    var high = bodyEnd
    while low < high {
      let middle = lineStart(containing: low + (high - low) / 2, floor: low)
      let end = lineEnd(from: middle)
      let claim = try decode(middle..<end)
      if claim.anchorKey < key {
        low = end + 1
      } else {
        high = middle
      }
    }
    return low
  }
}
