/// A fast reader for the claim line this ledger writes:
/// `{"spec":…,"kind":…,"session":…,"since":…,"expires":…|null,"note":…[,"ended":…]}`
/// with no escapes. Anything else (a hand edit, an escaped character) is left to the full JSON
/// parser, so this only ever speeds up reading and never changes what is accepted. The content
/// of a format-2 line (before its check value) lacks the closing brace: read it with
/// `closed: false`.
struct CanonicalLine {
  private let bytes: ArraySlice<UInt8>
  private var index: Int
  private var fields: [String?] = []

  init?(_ line: ArraySlice<UInt8>, closed: Bool = true) {
    guard !line.contains(UInt8(ascii: "\\")) else { return nil }
    bytes = line
    index = line.startIndex
    guard expect(#"{"spec":"#), let spec = string(),
      expect(#","kind":"#), let kind = string(),
      expect(#","session":"#), let session = string(),
      expect(#","since":"#), let since = string(),
      expect(#","expires":"#), let expires = nullableString(),
      expect(#","note":"#), let note = string()
    else { return nil }
    var ended: String??
    if closed ? expect("}") : index == line.endIndex {
      ended = .some(nil)
    } else if expect(#","ended":"#), let value = nullableString(), closed ? expect("}") : true {
      ended = .some(value)
    }
    guard let ended, index == line.endIndex else { return nil }
    fields = [spec, kind, session, since, expires, note, ended]
  }

  /// The claim, when every field is valid (otherwise the full parser will say why).
  func claim() -> Claim? {
    guard fields.count == 7, let specText = fields[0], let kindText = fields[1],
      let kind = PathSpec.Kind(rawValue: kindText), let session = fields[2],
      SessionID.isValidStored(session), let sinceText = fields[3],
      let since = Timestamp(parsing: sinceText), let note = fields[5]
    else { return nil }
    var expires: Timestamp?
    if let text = fields[4] {
      guard let value = Timestamp(parsing: text) else { return nil }
      expires = value
    }
    var ended: Timestamp?
    if let text = fields[6] {
      guard let value = Timestamp(parsing: text) else { return nil }
      ended = value
    }
    guard kind.fits(specText) else { return nil }
    return Claim(
      spec: PathSpec(kind: kind, text: specText), session: SessionID(trusted: session),
      since: since, expires: expires, note: note, ended: ended)
  }

  private mutating func expect(_ literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard bytes.endIndex - index >= count else { return false }
    let matches = literal.withUTF8Buffer { expected in
      (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
    }
    if matches { index += count }
    return matches
  }

  private mutating func string() -> String? {
    guard index < bytes.endIndex, bytes[index] == UInt8(ascii: "\"") else { return nil }
    let start = index + 1
    var end = start
    var ascii = true
    while end < bytes.endIndex && bytes[end] != UInt8(ascii: "\"") {
      let byte = bytes[end]
      if byte < 0x20 { return nil }
      if byte >= 0x80 { ascii = false }
      end += 1
    }
    guard end < bytes.endIndex else { return nil }
    index = end + 1
    let slice = bytes[start..<end]
    if ascii { return String(decoding: slice, as: UTF8.self) }
    return String(validating: slice, as: UTF8.self)
  }

  private mutating func nullableString() -> String?? {
    if expect("null") { return .some(nil) }
    guard let text = string() else { return nil }
    return .some(text)
  }
}
