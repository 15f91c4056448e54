import Foundation

/// A JSON value, decoded strictly (a boolean is never a number), for checking output shapes.
enum JSON: Equatable, Sendable, Decodable, CustomStringConvertible {
  case null
  case bool(Bool)
  case number(Double)
  case string(String)
  case array([JSON])
  case object([String: JSON])

  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if container.decodeNil() {
      self = .null
    } else if let value = try? container.decode(Bool.self) {
      self = .bool(value)
    } else if let value = try? container.decode(Double.self) {
      self = .number(value)
    } else if let value = try? container.decode(String.self) {
      self = .string(value)
    } else if let value = try? container.decode([JSON].self) {
      self = .array(value)
    } else {
      self = .object(try container.decode([String: JSON].self))
    }
  }

  /// Parses one JSON text.
  static func parse(_ text: String) throws -> JSON {
    try JSONDecoder().decode(JSON.self, from: Data(text.utf8))
  }

  subscript(key: String) -> JSON? {
    if case .object(let members) = self { return members[key] }
    return nil
  }

  var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  var arrayValue: [JSON]? {
    if case .array(let value) = self { return value }
    return nil
  }

  var objectValue: [String: JSON]? {
    if case .object(let value) = self { return value }
    return nil
  }

  var description: String {
    switch self {
    case .null: return "null"
    case .bool(let value): return "\(value)"
    case .number(let value): return "\(value)"
    case .string(let value): return "\"\(value)\""
    case .array(let values): return "[" + values.map(\.description).joined(separator: ",") + "]"
    case .object(let members):
      return "{"
        + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(
          separator: ",") + "}"
    }
  }
}

/// Output that does not have the shape the contract promises.
struct ShapeError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// One claim of `ledger status --json`:
/// `{"version":1,"claims":[{"spec","session","since","expires","note"}…]}` (extra keys allowed).
struct StatusClaim: Equatable, Sendable, CustomStringConvertible {
  var spec: String
  var session: String
  var since: String
  var expires: String?
  var note: String

  var description: String {
    "\(spec) by \(session) since \(since) until \(expires ?? "-") note '\(note)'"
  }

  static func parse(_ text: String) throws -> [StatusClaim] {
    let document = try JSON.parse(text)
    guard document["version"] == .number(1) else {
      throw ShapeError("status --json has no \"version\":1: \(text)")
    }
    guard let claims = document["claims"]?.arrayValue else {
      throw ShapeError("status --json has no \"claims\" array: \(text)")
    }
    return try claims.map { claim in
      guard let members = claim.objectValue,
        let spec = members["spec"]?.stringValue, let session = members["session"]?.stringValue,
        let since = members["since"]?.stringValue, let expires = members["expires"],
        let note = members["note"]?.stringValue
      else { throw ShapeError("a status claim lacks spec/session/since/expires/note: \(claim)") }
      guard isRFC3339(since) else { throw ShapeError("since is not RFC 3339: \(since)") }
      var expiry: String?
      switch expires {
      case .null: expiry = nil
      case .string(let text) where isRFC3339(text): expiry = text
      default: throw ShapeError("expires is neither null nor RFC 3339: \(expires)")
      }
      return StatusClaim(spec: spec, session: session, since: since, expires: expiry, note: note)
    }
  }
}

/// One entry of `ledger who --json`: `[{"path","session","spec"}]`, nulls when unclaimed.
struct WhoEntry: Equatable, Sendable {
  var path: String
  var session: String?
  var spec: String?

  static func parse(_ text: String) throws -> [WhoEntry] {
    guard let entries = try JSON.parse(text).arrayValue else {
      throw ShapeError("who --json is not an array: \(text)")
    }
    return try entries.map { entry in
      guard let path = entry["path"]?.stringValue, let session = entry["session"],
        let spec = entry["spec"]
      else { throw ShapeError("a who entry lacks path/session/spec: \(entry)") }
      func optional(_ value: JSON) throws -> String? {
        switch value {
        case .null: return nil
        case .string(let text): return text
        default: throw ShapeError("expected a string or null in \(entry)")
        }
      }
      return WhoEntry(path: path, session: try optional(session), spec: try optional(spec))
    }
  }
}

/// One line of `ledger log --json`.
struct LogEvent: Sendable, CustomStringConvertible {
  var json: JSON
  var event: String { json["event"]?.stringValue ?? "" }
  var session: String? { json["session"]?.stringValue }
  var time: String { json["time"]?.stringValue ?? "" }
  subscript(key: String) -> String? { json[key]?.stringValue }
  var description: String { json.description }

  static func parse(_ text: String) throws -> [LogEvent] {
    try text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }.map {
      line in
      let value = try JSON.parse(String(line))
      guard value.objectValue != nil, value["event"]?.stringValue != nil,
        let time = value["time"]?.stringValue, isRFC3339(time), value["session"] != nil
      else { throw ShapeError("a log line is not an event object: \(line)") }
      return LogEvent(json: value)
    }
  }
}

/// True for `YYYY-MM-DDTHH:MM:SS` with an optional fraction and `Z` or `±HH:MM`.
func isRFC3339(_ text: String) -> Bool {
  text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/) != nil
}

/// Fixed instants for `LEDGER_NOW`, so leases can be tested without sleeping.
enum Clock {
  /// 2030-01-01T00:00:00Z.
  static let epoch: Int = 1_893_456_000
  static let t0 = "2030-01-01T00:00:00Z"

  /// `t0` plus some seconds, as RFC 3339 in UTC.
  static func at(_ seconds: Int) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.formatOptions = [.withInternetDateTime]
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(epoch + seconds)))
  }

  static func minutes(_ minutes: Int) -> String { at(minutes * 60) }
  static func hours(_ hours: Int) -> String { at(hours * 3600) }
}
