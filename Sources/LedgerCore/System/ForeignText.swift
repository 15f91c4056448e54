/// Text from others — claim notes, steal reasons, override texts — as it may be shown to a
/// person or an agent: every control character made visible (C0, DEL, C1, the line and
/// paragraph separators U+2028/U+2029, and the bidirectional controls that reorder what a
/// reader sees), so no escape sequence reaches a terminal and no note forges a line of its own;
/// and cut at `limit` characters. Every display of such text goes through here; JSON output
/// keeps the text exactly (JSON escaping is enough there).
public enum ForeignText {
  /// The most characters (Unicode scalars) of one text that are shown.
  public static let limit = 500

  /// `text` for a table cell or the end of a line: escaped and cut, not quoted.
  public static func shown(_ text: String, limit: Int = limit) -> String {
    escaped(text, quoting: false, limit: limit)
  }

  /// `text` quoted as data inside a sentence — between double quotes, with its own quotes and
  /// backslashes escaped as well — so that nothing in it can end the quotation.
  public static func quoted(_ text: String, limit: Int = limit) -> String {
    "\"" + escaped(text, quoting: true, limit: limit) + "\""
  }

  /// True when `scalar` is shown escaped.
  static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0..<0x20, 0x7F...0x9F: return true  // C0, DEL, C1
    case 0x2028, 0x2029: return true  // line and paragraph separators
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true  // bidi controls
    default: return false
    }
  }

  private static func escaped(_ text: String, quoting: Bool, limit: Int) -> String {
    var result = ""
    var count = 0
    for scalar in text.unicodeScalars {
      if count == limit {
        result += "…"
        break
      }
      count += 1
      switch scalar {
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case "\"" where quoting: result += "\\\""
      case "\\" where quoting: result += "\\\\"
      default:
        if isHidden(scalar) {
          let digits = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result
  }
}
