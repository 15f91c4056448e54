/// Writes `JSONValue`s as compact one-line JSON or as indented JSON, keeping key order. It
/// works on UTF-8 bytes: a string without characters to escape is copied as it is.
public enum JSONWriter {
  /// One line, no spaces: for the ledger's JSON Lines files and `--json` output.
  public static func compact(_ value: JSONValue) -> String {
    String(decoding: compactBytes(value), as: UTF8.self)
  }

  /// One line as UTF-8 bytes.
  public static func compactBytes(_ value: JSONValue) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(128)
    write(value, into: &out, indent: nil, level: 0)
    return out
  }

  /// Indented with `indent` spaces per level and a final newline: for files people edit.
  public static func pretty(_ value: JSONValue, indent: Int = 2) -> String {
    var out: [UInt8] = []
    write(value, into: &out, indent: indent, level: 0)
    out.append(10)
    return String(decoding: out, as: UTF8.self)
  }

  /// A JSON string literal for `text`, quotes included.
  public static func quoted(_ text: String) -> String {
    var out: [UInt8] = []
    appendString(text, into: &out)
    return String(decoding: out, as: UTF8.self)
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  /// Appends `text` as a JSON string literal: `"` and `\` escaped, control characters (and
  /// U+2028/U+2029, which break JavaScript) as `\uXXXX` or their short forms.
  static func appendString(_ text: String, into out: inout [UInt8]) {
    out.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { bytes in
      var start = 0
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        var escape: [UInt8]?
        var length = 1
        switch byte {
        case UInt8(ascii: "\""): escape = [92, 34]
        case UInt8(ascii: "\\"): escape = [92, 92]
        case 10: escape = [92, UInt8(ascii: "n")]
        case 13: escape = [92, UInt8(ascii: "r")]
        case 9: escape = [92, UInt8(ascii: "t")]
        case 8: escape = [92, UInt8(ascii: "b")]
        case 12: escape = [92, UInt8(ascii: "f")]
        case 0..<0x20, 0x7F:
          escape = [
            92, UInt8(ascii: "u"), 48, 48, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)],
          ]
        case 0xE2
        where index + 2 < bytes.count && bytes[index + 1] == 0x80
          && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
          escape =
            Array("\\u202".utf8) + [
              bytes[index + 2] == 0xA8 ? UInt8(ascii: "8") : UInt8(ascii: "9")
            ]
          length = 3
        default: break
        }
        if let escape {
          out.append(contentsOf: bytes[start..<index])
          out.append(contentsOf: escape)
          index += length
          start = index
        } else {
          index += 1
        }
      }
      out.append(contentsOf: bytes[start..<bytes.count])
    }
    out.append(UInt8(ascii: "\""))
  }

  private static func write(_ value: JSONValue, into out: inout [UInt8], indent: Int?, level: Int) {
    switch value {
    case .null: out.append(contentsOf: [110, 117, 108, 108])
    case .bool(let flag): out.append(contentsOf: Array((flag ? "true" : "false").utf8))
    case .number(let text): out.append(contentsOf: Array(text.utf8))
    case .string(let text): appendString(text, into: &out)
    case .array(let elements):
      if elements.isEmpty {
        out.append(contentsOf: [91, 93])
        return
      }
      out.append(91)
      for (offset, element) in elements.enumerated() {
        if offset > 0 { out.append(44) }
        newline(&out, indent, level + 1)
        write(element, into: &out, indent: indent, level: level + 1)
      }
      newline(&out, indent, level)
      out.append(93)
    case .object(let members):
      if members.isEmpty {
        out.append(contentsOf: [123, 125])
        return
      }
      out.append(123)
      for (offset, member) in members.enumerated() {
        if offset > 0 { out.append(44) }
        newline(&out, indent, level + 1)
        appendString(member.key, into: &out)
        out.append(58)
        if indent != nil { out.append(32) }
        write(member.value, into: &out, indent: indent, level: level + 1)
      }
      newline(&out, indent, level)
      out.append(125)
    }
  }

  private static func newline(_ out: inout [UInt8], _ indent: Int?, _ level: Int) {
    guard let indent else { return }
    out.append(10)
    out.append(contentsOf: repeatElement(32, count: indent * level))
  }
}
