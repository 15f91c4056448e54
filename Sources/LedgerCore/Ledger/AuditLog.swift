/// The append-only audit log, `log.jsonl`: one JSON object a line, never rewritten.
///
/// Each event is appended with a single `write` on an `O_APPEND` descriptor, so concurrent
/// writers (hooks do not take the ledger lock) never interleave inside a line.
public struct AuditLog: Sendable {
  /// The log file.
  public let path: String

  /// A log at `path`.
  public init(path: String) { self.path = path }

  /// Appends events; `durable` flushes them to disk before returning.
  public func append(_ events: [AuditEvent], durable: Bool = true) throws(SystemError) {
    guard !events.isEmpty else { return }
    var text = ""
    for event in events { text += JSONWriter.compact(event.json) + "\n" }
    try FileSystem.append(path, Array(text.utf8), durable: durable, lineBased: true)
  }

  /// Every event in order. A line that cannot be read (a torn last line after a crash, or a
  /// hand edit) is skipped and counted.
  public func read() throws(SystemError) -> (events: [AuditEvent], unreadable: Int) {
    guard let bytes = try FileSystem.readIfPresent(path) else { return ([], 0) }
    var events: [AuditEvent] = []
    var unreadable = 0
    for range in ClaimsFile.splitLines(bytes) where !range.isEmpty {
      if let value = try? JSONParser.parse(Array(bytes[range])), let event = AuditEvent(json: value)
      {
        events.append(event)
      } else {
        unreadable += 1
      }
    }
    return (events, unreadable)
  }
}
