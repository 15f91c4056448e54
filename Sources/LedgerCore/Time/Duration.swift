/// A length of time in whole seconds, written like `90s`, `30m`, `8h`, `2d`, `1w` or `1h30m`.
public struct Duration: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// The length in seconds.
  public var seconds: Int64

  /// Creates a duration from seconds.
  public init(seconds: Int64) { self.seconds = seconds }

  public static func < (lhs: Duration, rhs: Duration) -> Bool { lhs.seconds < rhs.seconds }

  /// The longest lease accepted: one year.
  public static let maximum = Duration(seconds: 366 * 86400)

  /// Parses a positive duration made of number-unit pairs (units `s`, `m`, `h`, `d`, `w`).
  public init(parsing text: String) throws(LedgerError) {
    let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800]
    var total: Int64 = 0
    var digits = ""
    var sawUnit = false
    for character in text {
      if character.isASCII, character.isNumber {
        digits.append(character)
        guard digits.count <= 9 else { throw .badDuration(text) }
      } else if let unit = units[character], let value = Int64(digits) {
        // Digits are at most 9 long, so value * unit cannot overflow; stop the sum early.
        total += value * unit
        guard total <= Duration.maximum.seconds else {
          throw LedgerError(
            .badInput, "duration '\(text.prefix(40))' is longer than a year",
            hint: "Use a shorter lease, such as 8h or 7d; renew it by claiming again.")
        }
        digits = ""
        sawUnit = true
      } else {
        throw .badDuration(text)
      }
    }
    guard sawUnit, digits.isEmpty, total > 0 else { throw .badDuration(text) }
    guard total <= Duration.maximum.seconds else {
      throw LedgerError(
        .badInput, "duration '\(text)' is longer than a year",
        hint: "Use a shorter lease, such as 8h or 7d; renew it by claiming again.")
    }
    self.seconds = total
  }

  /// A compact human form: `45s`, `12m`, `3h 5m`, `2d 4h`.
  public var description: String {
    let s = max(seconds, 0)
    if s < 60 { return "\(s)s" }
    if s < 3600 { return "\(s / 60)m" }
    if s < 86400 {
      let minutes = s / 60 % 60
      return minutes == 0 ? "\(s / 3600)h" : "\(s / 3600)h \(minutes)m"
    }
    let hours = s / 3600 % 24
    return hours == 0 ? "\(s / 86400)d" : "\(s / 86400)d \(hours)h"
  }
}

extension LedgerError {
  static func badDuration(_ text: String) -> LedgerError {
    LedgerError(
      .badInput, "'\(text)' is not a duration",
      hint: "Write a number and a unit: 90s, 30m, 8h, 2d, 1w, or a sum such as 1h30m.")
  }
}
