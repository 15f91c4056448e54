/// A point in time with one-second resolution, written as RFC 3339 in UTC
/// (`2026-11-27T16:15:15Z`).
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
  /// Seconds since 1970-01-01T00:00:00Z.
  public var seconds: Int64

  /// Creates a timestamp from seconds since the epoch.
  public init(seconds: Int64) { self.seconds = seconds }

  public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

  /// The timestamp `duration` later.
  public func adding(_ duration: Duration) -> Timestamp {
    Timestamp(seconds: seconds + duration.seconds)
  }

  /// The RFC 3339 text in UTC.
  public var description: String { rfc3339 }

  /// The RFC 3339 text in UTC, e.g. `2026-11-27T16:15:15Z` (clamped to years 0001–9999).
  public var rfc3339: String {
    let seconds = min(max(self.seconds, Timestamp.range.lowerBound), Timestamp.range.upperBound)
    let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
    let secondOfDay = seconds - days * 86400
    let (year, month, day) = Timestamp.civil(fromDays: days)
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
      + "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
  }

  /// Parses RFC 3339 (`YYYY-MM-DDTHH:MM:SS` with `Z` or `±HH:MM`, optional fraction, which is
  /// dropped), or a whole number of seconds since the epoch.
  public init?(parsing text: String) {
    if let number = Int64(text) {
      guard Timestamp.range.contains(number) else { return nil }
      self.seconds = number
      return
    }
    let bytes = Array(text.utf8)
    func number(_ start: Int, _ length: Int) -> Int64? {
      guard start + length <= bytes.count else { return nil }
      var value: Int64 = 0
      for byte in bytes[start..<start + length] {
        guard byte >= 48 && byte <= 57 else { return nil }
        value = value * 10 + Int64(byte - 48)
      }
      return value
    }
    guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45,
      bytes[10] == 84 || bytes[10] == 116 || bytes[10] == 32, bytes[13] == 58, bytes[16] == 58,
      let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
      let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    guard year >= 1, day <= Timestamp.daysIn(month: month, year: year), second < 60 else {
      return nil
    }
    var index = 19
    if bytes[index] == 46 {  // fraction: at least one digit
      index += 1
      let start = index
      while index < bytes.count && bytes[index] >= 48 && bytes[index] <= 57 { index += 1 }
      guard index > start else { return nil }
    }
    guard index < bytes.count else { return nil }
    var offset: Int64 = 0
    switch bytes[index] {
    case 90, 122:  // Z
      guard index + 1 == bytes.count else { return nil }
    case 43, 45:  // + or -
      guard index + 6 == bytes.count, bytes[index + 3] == 58,
        let hours = number(index + 1, 2), let minutes = number(index + 4, 2)
      else { return nil }
      offset = (hours * 3600 + minutes * 60) * (bytes[index] == 43 ? 1 : -1)
    default:
      return nil
    }
    let days = Timestamp.days(fromCivil: year, month, day)
    self.seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset
  }

  /// Years 0001 to 9999, the years RFC 3339 can write.
  static let range: ClosedRange<Int64> = -62_135_596_800...253_402_300_799

  static func daysIn(month: Int64, year: Int64) -> Int64 {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  // Howard Hinnant's civil-date algorithms (public domain), proleptic Gregorian calendar.
  static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let dayOfEra = z - era * 146097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthPrime = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
    let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146097 + dayOfEra - 719468
  }
}

private func pad(_ value: Int64, _ width: Int) -> String {
  let text = String(value)
  return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
}
