/// One line of the audit log: what happened, when, for which session, and its details.
public struct AuditEvent: Sendable, Equatable {
  /// The kinds of event the log records.
  public enum Kind: String, Sendable, CaseIterable {
    case claim
    case release
    case expire
    case steal
    case commit
    case bypass
    case override
    /// Commits rewritten by `git commit --amend` or a rebase: old → new ids (post-rewrite).
    case rewrite
    case sessionStart = "session-start"
    case sessionEnd = "session-end"
    case repair
  }

  /// What happened.
  public var kind: Kind
  /// When.
  public var time: Timestamp
  /// The session that acted, or `nil` for an unscoped committer.
  public var session: String?
  /// The event's other fields, in order.
  public var details: [(key: String, value: JSONValue)]

  /// Creates an event.
  public init(
    _ kind: Kind, time: Timestamp, session: String?,
    details: [(key: String, value: JSONValue)] = []
  ) {
    self.kind = kind
    self.time = time
    self.session = session
    self.details = details
  }

  public static func == (lhs: AuditEvent, rhs: AuditEvent) -> Bool {
    lhs.json == rhs.json
  }

  /// The value of a detail field.
  public subscript(key: String) -> JSONValue? {
    details.last(where: { $0.key == key })?.value
  }

  /// The event as one JSON object: `time`, `event`, `session`, then the details.
  public var json: JSONValue {
    .object(
      [
        ("time", .string(time.rfc3339)), ("event", .string(kind.rawValue)),
        ("session", .optional(session)),
      ]
        + details)
  }

  /// Reads an event back from its JSON object.
  public init?(json: JSONValue) {
    guard let members = json.objectValue, let timeText = json["time"]?.stringValue,
      let time = Timestamp(parsing: timeText), let kindText = json["event"]?.stringValue,
      let kind = Kind(rawValue: kindText)
    else { return nil }
    self.kind = kind
    self.time = time
    self.session = json["session"]?.stringValue
    self.details = members.filter { !["time", "event", "session"].contains($0.key) }
  }

  /// A claim's fields as event details.
  static func claimDetails(_ claim: Claim) -> [(key: String, value: JSONValue)] {
    [
      ("spec", .string(claim.spec.text)),
      ("kind", .string(claim.spec.kind.rawValue)),
      ("since", .string(claim.since.rfc3339)),
      ("expires", .optional(claim.expires?.rfc3339)),
      ("note", .string(claim.note)),
    ]
  }
}
