/// What the audit log knows about the claims file's generations.
///
/// Every write of the claims file is generation N+1 of it: the writer writes the new file as
/// `claims.jsonl.lock`, then appends its events to the log, each tagged `"generation":N+1`, the
/// last also `"complete":true` — the write's commit point — and only then renames the file into
/// place. So the log always knows the newest generation, and a claims file that is missing or
/// older than it (deleted, restored from an old copy, a write that died before its rename) is
/// detected; a batch of events without its complete line (a torn append) never happened.
///
/// Events appended between writes (commits, rewrites) carry an *anchor*,
/// `"knownGeneration":N`: the newest complete write the appender found and accepted (0: none,
/// and no claim from an older version). A reader stops at the first anchor or complete write
/// from the end, so reading costs the last few lines, not every commit since the last write.
/// An anchor can only understate (an appender that read before a write and appended after it):
/// that makes a newer claims file look newer than the log, which is trusted, and the next
/// write's complete line restores full knowledge.
public struct LedgerGeneration: Sendable, Equatable {
  /// The newest generation whose events are complete in the log, if any.
  public var committed: Int64?
  /// The highest generation any event mentions, complete or not: a new write takes a number
  /// above it, so a number is never used twice.
  public var highest: Int64?
  /// True when the log records a claim made before generations were logged (an older
  /// AgentLedger): a claims file must then exist. Only looked for when asked.
  public var claimedBefore = false

  /// The detail key every event of a write carries.
  static let key = "generation"
  /// The detail key of the anchor an event appended between writes carries.
  static let anchorKey = "knownGeneration"
  /// The anchor's record of the highest generation number used, when above `anchorKey`'s.
  static let highestKey = "highestGeneration"
  /// The detail key of a write's last event.
  static let completeKey = "complete"

  /// Reads the log at `path` from its end back to the newest complete write; with
  /// `lookForOldClaims`, on to its start when it holds no generation at all, to tell whether
  /// an older AgentLedger recorded a claim in it. Costs the bytes logged since the last write
  /// of the claims (commit events, mostly), not the whole log.
  public static func read(log path: String, lookForOldClaims: Bool = false) throws(SystemError)
    -> LedgerGeneration
  {
    var result = LedgerGeneration()
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
      let error = SystemError.last("open", path)
      if error.isNotFound { return result }
      throw error
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw .last("stat", path) }
    var end = Int(info.st_size)
    // The bytes before the first newline of the chunk read last: the end of a line that
    // starts in the chunk before it.
    var carry: [UInt8] = []
    var atEnd = true
    let chunkSize = 64 * 1024
    while end > 0 {
      let start = max(0, end - chunkSize)
      var chunk = [UInt8](repeating: 0, count: end - start)
      let count = chunk.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(start)) }
      guard count == end - start else { throw .last("read", path) }
      chunk += carry
      var lineEnd = chunk.count
      if atEnd {
        // A last line without its newline is a torn append: never a write's commit point.
        while lineEnd > 0 && chunk[lineEnd - 1] != 10 { lineEnd -= 1 }
        atEnd = false
      }
      var index = lineEnd
      while index > 0 {
        var lineStart = index - 1
        while lineStart > 0 && chunk[lineStart - 1] != 10 { lineStart -= 1 }
        if lineStart == 0 && start > 0 { break }  // continues in the chunk before
        let line = chunk[lineStart..<(index - 1)]
        if result.scan(line, lookForOldClaims: lookForOldClaims) { return result }
        index = lineStart
      }
      carry = Array(chunk[0..<index])
      end = start
    }
    return result
  }

  /// Looks at one log line; true when the scan can stop.
  private mutating func scan(_ line: ArraySlice<UInt8>, lookForOldClaims: Bool) -> Bool {
    if contains(line, #""knownGeneration":"#) {
      guard let value = try? JSONParser.parse(Array(line)),
        let known = value[Self.anchorKey]?.integerValue
      else { return false }
      if known > 0 { committed = known }
      // A torn batch the appender saw above its last complete write keeps its number used.
      let used = max(known, value[Self.highestKey]?.integerValue ?? 0)
      if used > 0 { highest = max(highest ?? used, used) }
      return true
    }
    if contains(line, #""generation":"#) {
      guard let value = try? JSONParser.parse(Array(line)),
        let generation = value[Self.key]?.integerValue
      else { return false }
      if highest == nil { highest = generation }
      if value[Self.completeKey]?.boolValue == true {
        committed = generation
        return true
      }
      return false
    }
    if lookForOldClaims && highest == nil
      && (contains(line, #""event":"claim""#) || contains(line, #""event":"steal""#))
    {
      claimedBefore = true
      return true
    }
    return false
  }

  private func contains(_ line: ArraySlice<UInt8>, _ pattern: StaticString) -> Bool {
    pattern.withUTF8Buffer { needle in
      guard let first = needle.first, line.count >= needle.count else { return false }
      var index = line.startIndex
      let last = line.endIndex - needle.count
      while index <= last {
        if line[index] == first {
          var matched = true
          for offset in 1..<needle.count where line[index + offset] != needle[offset] {
            matched = false
            break
          }
          if matched { return true }
        }
        index += 1
      }
      return false
    }
  }

  /// True when a claims file of generation `file` (`nil`: no file) is the newest the log
  /// knows of. A file newer than the log (a log cut short) is trusted: its own checks hold.
  public func accepts(file: Int64?) -> Bool {
    guard let file else { return committed == nil && !claimedBefore }
    return committed.map { file >= $0 } ?? true
  }

  /// The anchor for events appended while this is what the log knows, or `nil` when the claims
  /// file was not accepted (no anchor then: the next reader scans on).
  func anchor(file: Int64?) -> [(key: String, value: JSONValue)] {
    guard accepts(file: file) else { return [] }
    let known = committed ?? 0
    var anchor: [(key: String, value: JSONValue)] = [(Self.anchorKey, .integer(known))]
    let used = max(highest ?? 0, file ?? 0)
    if used > known { anchor.append((Self.highestKey, .integer(used))) }
    return anchor
  }

  /// The generation the next write takes, after a file of generation `file`.
  func next(after file: Int64) -> Int64 {
    max(file, highest ?? 0, committed ?? 0) + 1
  }
}
