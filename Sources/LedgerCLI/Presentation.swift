import LedgerCore

/// Shared pieces of human-readable and JSON output.
enum Presentation {
  /// "5m", "3h 2m", "2d" between two times.
  static func age(from start: Timestamp, to now: Timestamp) -> String {
    Duration(seconds: max(0, now.seconds - start.seconds)).description
  }

  /// "in 2h", "expired", or "no expiry".
  static func expiry(_ expires: Timestamp?, now: Timestamp) -> String {
    guard let expires else { return "no expiry" }
    if expires <= now { return "expired" }
    return "in " + Duration(seconds: expires.seconds - now.seconds).description
  }

  /// A claim in the contract's JSON shape (plus `kind` and `ended`).
  static func json(_ claim: Claim) -> JSONValue {
    var members: [(key: String, value: JSONValue)] = [
      ("spec", .string(claim.spec.text)),
      ("session", .string(claim.session.value)),
      ("since", .string(claim.since.rfc3339)),
      ("expires", .optional(claim.expires?.rfc3339)),
      ("note", .string(claim.note)),
      ("kind", .string(claim.spec.kind.rawValue)),
    ]
    members.append(("ended", .optional(claim.ended?.rfc3339)))
    return .object(members)
  }

  /// A path or spec shown on one line: quoted when it has spaces or unusual characters.
  static func shown(_ text: String) -> String { PathText.shown(text) }

  /// Lays out rows in columns separated by two spaces.
  static func table(_ rows: [[String]]) -> [String] {
    guard let columns = rows.map(\.count).max() else { return [] }
    var widths = [Int](repeating: 0, count: columns)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    return rows.map { row in
      row.enumerated().map { index, cell in
        index == row.count - 1 ? cell : cell.padding(to: widths[index] + 2)
      }.joined().trimmingTrailingSpaces()
    }
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
