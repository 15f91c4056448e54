import Foundation
import PropertyBased
import Testing

@testable import LedgerCore

@Suite("Durations")
struct DurationTests {
  static let good: [(String, Int64)] = [
    ("90s", 90), ("1s", 1), ("30m", 1800), ("8h", 28_800), ("2d", 172_800), ("1w", 604_800),
    ("1h30m", 5400), ("1d12h", 129_600), ("1w1d1h1m1s", 694_861), ("0h5m", 300),
    ("007s", 7), ("366d", 366 * 86400), ("52w", 52 * 604_800), ("1m1m", 120),
  ]

  @Test("valid durations", arguments: good)
  func parses(_ text: String, _ seconds: Int64) throws {
    #expect(try Duration(parsing: text).seconds == seconds)
  }

  static let bad: [String] = [
    "", "0s", "0m0s", "-5m", "+5m", "5x", "5", "m", "h1", "1.5h", "1 h", " 1h", "1h ", "1H", "5M",
    "1y", "1h30", "٣m", "１h", "9999999999s", "367d", "53w", "366d1s", "999999999w",
    "1d\n",
  ]

  @Test("bad durations are refused as bad input", arguments: bad)
  func refuses(_ text: String) {
    let error = expectError(.badInput) { _ = try Duration(parsing: text) }
    #expect(error?.message.contains(text) == true || text.isEmpty)
  }

  @Test("more than a year is refused with its own message")
  func longerThanAYear() {
    let error = expectError(.badInput) { _ = try Duration(parsing: "400d") }
    #expect(error?.message.contains("longer than a year") == true)
  }

  /// Sums of many maximal terms overflow Int64; the parser must refuse them, not trap.
  @Test("a sum that overflows 64 bits is refused, not a crash")
  func overflowingSum() async {
    await #expect(processExitsWith: .success) {
      let text = String(repeating: "999999999w", count: 16_000)
      do {
        _ = try Duration(parsing: text)
        exit(1)
      } catch let error as LedgerError {
        exit(error.code == .badInput ? 0 : 2)
      } catch {
        exit(3)
      }
    }
  }

  @Test(
    "human form",
    arguments: [
      (0, "0s"), (45, "45s"), (59, "59s"), (60, "1m"), (12 * 60 + 59, "12m"), (3600, "1h"),
      (3 * 3600 + 5 * 60, "3h 5m"), (86400, "1d"), (2 * 86400 + 4 * 3600, "2d 4h"),
      (2 * 86400 + 4 * 3600 + 59, "2d 4h"), (-5, "0s"),
    ] as [(Int64, String)])
  func description(_ seconds: Int64, _ text: String) {
    #expect(Duration(seconds: seconds).description == text)
  }

  /// The human form drops the smaller units; without its spaces it parses back to the duration
  /// rounded down to those units.
  @Test("format then parse gives the duration rounded down (property)")
  func roundTrip() async {
    await propertyCheck(count: 500, input: Gen.int64(in: 1...Duration.maximum.seconds)) { seconds in
      let duration = Duration(seconds: seconds)
      let compact = duration.description.filter { $0 != " " }
      let parsed = try Duration(parsing: compact)
      let unit: Int64 = seconds < 60 ? 1 : seconds < 3600 ? 60 : seconds < 86400 ? 60 : 3600
      #expect(parsed.seconds <= seconds)
      #expect(seconds - parsed.seconds < unit)
    }
  }

  @Test("ordering and the maximum")
  func ordering() throws {
    #expect(try Duration(parsing: "59m") < Duration(parsing: "1h"))
    #expect(Duration.maximum.seconds == 366 * 86400)
    #expect(try Duration(parsing: "366d") == Duration.maximum)
  }
}

@Suite("Timestamps")
struct TimestampTests {
  static let known: [(Int64, String)] = [
    (0, "1970-01-01T00:00:00Z"), (1, "1970-01-01T00:00:01Z"), (-1, "1969-12-31T23:59:59Z"),
    (951_782_400, "2000-02-29T00:00:00Z"), (1_795_795_200, "2026-11-27T16:00:00Z"),
    (253_402_300_799, "9999-12-31T23:59:59Z"), (-62_135_596_800, "0001-01-01T00:00:00Z"),
    (4_107_542_400, "2100-03-01T00:00:00Z"), (1_709_251_199, "2024-02-29T23:59:59Z"),
  ]

  @Test("RFC 3339 in UTC", arguments: known)
  func formats(_ seconds: Int64, _ text: String) {
    #expect(Timestamp(seconds: seconds).rfc3339 == text)
    #expect(Timestamp(seconds: seconds).description == text)
    #expect(Timestamp(parsing: text)?.seconds == seconds)
  }

  static let parsed: [(String, Int64)] = [
    ("2026-11-27T16:00:00+01:00", 1_795_795_200 - 3600),
    ("2026-11-27T16:00:00-05:30", 1_795_795_200 + 5 * 3600 + 1800),
    ("2026-11-27T16:00:00.123456Z", 1_795_795_200), ("2026-11-27t16:00:00z", 1_795_795_200),
    ("2026-11-27 16:00:00Z", 1_795_795_200), ("2026-11-27T16:00:00.5+00:00", 1_795_795_200),
    ("1795795200", 1_795_795_200), ("-1", -1), ("0", 0),
  ]

  @Test("accepted spellings", arguments: parsed)
  func parses(_ text: String, _ seconds: Int64) {
    #expect(Timestamp(parsing: text)?.seconds == seconds)
  }

  static let rejected: [String] = [
    "", "yesterday", "2026-11-27", "2026-11-27T16:00:00", "2026-11-27T16:00Z",
    "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z", "2026-11-32T00:00:00Z",
    "2026-11-27T24:00:00Z", "2026-11-27T16:60:00Z", "2026-11-27T16:00:61Z",
    "2026-11-27X16:00:00Z", "2026/11/27T16:00:00Z", "2026-11-27T16:00:00ZZ",
    "2026-11-27T16:00:00+0100", "2026-11-27T16:00:00+01", "2026-11-27T16:00:00.Z",
    "2026-11-27T16:00:00.", "26-11-27T16:00:00Z", "2026-11-27T16:00:00Z\n", "１２",
  ]

  @Test("malformed timestamps are refused", arguments: rejected)
  func rejects(_ text: String) {
    #expect(Timestamp(parsing: text) == nil)
  }

  /// RFC 3339 section 5.7: the day must exist in its month.
  @Test(
    "days that do not exist in their month are refused",
    arguments: [
      "2026-02-29T00:00:00Z", "2026-02-30T00:00:00Z", "2026-04-31T00:00:00Z",
      "2100-02-29T00:00:00Z",
    ])
  func impossibleDays(_ text: String) {
    #expect(
      Timestamp(parsing: text) == nil, "parsed as \(String(describing: Timestamp(parsing: text)))")
  }

  @Test("format then parse is the identity (property)")
  func roundTrip() async {
    await propertyCheck(count: 1000, input: Gen.int64(in: -62_135_596_800...253_402_300_799)) {
      seconds in
      let text = Timestamp(seconds: seconds).rfc3339
      #expect(text.utf8.count == 20)
      #expect(Timestamp(parsing: text)?.seconds == seconds)
    }
  }

  /// The formatter agrees with Foundation's ISO 8601 formatter.
  @Test("agrees with Foundation (property)")
  func agreesWithFoundation() async {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    formatter.timeZone = TimeZone(identifier: "UTC")
    await propertyCheck(count: 300, input: Gen.int64(in: 0...4_102_444_800)) { seconds in
      let expected = formatter.string(from: Date(timeIntervalSince1970: Double(seconds)))
      #expect(Timestamp(seconds: seconds).rfc3339 == expected)
    }
  }

  @Test("adding a duration and ordering")
  func arithmetic() throws {
    let later = t0.adding(try Duration(parsing: "1h30m"))
    #expect(later.seconds - t0.seconds == 5400)
    #expect(t0 < later)
    #expect(!(later < t0))
  }

  /// A whole number of seconds is accepted; every accepted timestamp must also be printable.
  @Test("an extreme number of seconds does not crash formatting")
  func extremeNumbers() async {
    await #expect(processExitsWith: .success) {
      for text in ["-9223372036854775808", "9223372036854775807"] {
        if let stamp = Timestamp(parsing: text) { _ = stamp.rfc3339 }
      }
      exit(0)
    }
  }
}
