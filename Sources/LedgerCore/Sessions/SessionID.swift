/// A validated session id: 1–128 characters of `[A-Za-z0-9._:@+-]`, starting with a letter or
/// digit. Validation is character by character, so no id can carry a newline or a second trailer
/// into a commit message.
public struct SessionID: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The id's text.
  public let value: String

  /// The longest id accepted.
  public static let maximumLength = 128

  /// Validates `value`; `source` names where it came from for the error message.
  public init(_ value: String, source: String = "the session id") throws(LedgerError) {
    guard SessionID.isValid(value) else { throw .invalidSession(value, source: source) }
    self.value = value
  }

  /// Creates an id already known to be valid (read back from the ledger and checked there).
  init(trusted value: String) { self.value = value }

  /// True when `value` is a valid session id.
  public static func isValid(_ value: String) -> Bool {
    let bytes = Array(value.utf8)
    guard (1...maximumLength).contains(bytes.count), isAlphanumeric(bytes[0]) else { return false }
    return bytes.allSatisfy { byte in
      isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
        || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "@") || byte == UInt8(ascii: "+")
        || byte == UInt8(ascii: "-")
    }
  }

  private static func isAlphanumeric(_ byte: UInt8) -> Bool {
    (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte)
  }

  public var description: String { value }

  public static func < (lhs: SessionID, rhs: SessionID) -> Bool { lhs.value < rhs.value }
}

extension LedgerError {
  static func invalidSession(_ value: String, source: String) -> LedgerError {
    let shown = JSONWriter.quoted(value.count > 140 ? String(value.prefix(140)) + "…" : value)
    return LedgerError(
      .badInput,
      "\(source) \(shown) is not a valid session id",
      hint:
        "A session id is 1-128 characters of letters, digits and . _ : @ + -, starting with a letter or digit."
    )
  }
}
