/// Writes `JSONValue`s as compact one-line JSON or as indented JSON, keeping key order.
public enum JSONWriter {
  /// One line, no spaces: for the ledger's JSON Lines files and `--json` output.
  public static func compact(_ value: JSONValue) -> String {
    var text = ""
    write(value, into: &text, indent: nil, level: 0)
    return text
  }

  /// Indented with `indent` spaces per level and a final newline: for files people edit.
  public static func pretty(_ value: JSONValue, indent: Int = 2) -> String {
    var text = ""
    write(value, into: &text, indent: indent, level: 0)
    return text + "\n"
  }

  /// A JSON string literal for `text`, quotes included.
  public static func quoted(_ text: String) -> String {
    var out = "\""
    appendEscaped(text, into: &out)
    out.append("\"")
    return out
  }

  static func appendEscaped(_ text: String, into out: inout String) {
    var plainStart = text.unicodeScalars.startIndex
    var index = plainStart
    let scalars = text.unicodeScalars
    while index != scalars.endIndex {
      let scalar = scalars[index]
      let escape: String?
      switch scalar {
      case "\"": escape = "\\\""
      case "\\": escape = "\\\\"
      case "\n": escape = "\\n"
      case "\r": escape = "\\r"
      case "\t": escape = "\\t"
      case "\u{08}": escape = "\\b"
      case "\u{0C}": escape = "\\f"
      case "\u{2028}": escape = "\\u2028"
      case "\u{2029}": escape = "\\u2029"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          let hex = String(scalar.value, radix: 16)
          escape = "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          escape = nil
        }
      }
      if let escape {
        out.unicodeScalars.append(contentsOf: scalars[plainStart..<index])
        out.append(escape)
        plainStart = scalars.index(after: index)
      }
      index = scalars.index(after: index)
    }
    out.unicodeScalars.append(contentsOf: scalars[plainStart..<scalars.endIndex])
  }

  private static func write(_ value: JSONValue, into out: inout String, indent: Int?, level: Int) {
    switch value {
    case .null: out.append("null")
    case .bool(let flag): out.append(flag ? "true" : "false")
    case .number(let text): out.append(text)
    case .string(let text):
      out.append("\"")
      appendEscaped(text, into: &out)
      out.append("\"")
    case .array(let elements):
      if elements.isEmpty {
        out.append("[]")
        return
      }
      out.append("[")
      for (offset, element) in elements.enumerated() {
        if offset > 0 { out.append(",") }
        newline(&out, indent, level + 1)
        write(element, into: &out, indent: indent, level: level + 1)
      }
      newline(&out, indent, level)
      out.append("]")
    case .object(let members):
      if members.isEmpty {
        out.append("{}")
        return
      }
      out.append("{")
      for (offset, member) in members.enumerated() {
        if offset > 0 { out.append(",") }
        newline(&out, indent, level + 1)
        out.append("\"")
        appendEscaped(member.key, into: &out)
        out.append(indent == nil ? "\":" : "\": ")
        write(member.value, into: &out, indent: indent, level: level + 1)
      }
      newline(&out, indent, level)
      out.append("}")
    }
  }

  private static func newline(_ out: inout String, _ indent: Int?, _ level: Int) {
    guard let indent else { return }
    out.append("\n")
    out.append(String(repeating: " ", count: indent * level))
  }
}
