/// The check value that ends every line of a claims file (format 2):
/// `…,"check":"0123456789abcdef"}`.
///
/// A line's check covers its bytes before `,"check":"`, and — for claim lines and the footer —
/// the header's check (so the generation, the time written and the summary) and the line's
/// byte offset in the body. A line that was moved, copied from another generation of the file,
/// or edited keeps no valid check, so a reader that verifies every line it looks at sees either
/// exactly the lines of one genuine file, in their places, or an unreadable ledger. It guards
/// against accidents and hand edits, not against someone who recomputes it on purpose.
///
/// The hash of a line's bytes does not depend on its place, so a writer that moves a line only
/// recomputes the cheap final mix.
enum LineCheck {
  /// `,"check":"` + 16 hex digits + `"}`.
  static let suffixLength = 28
  private static let prefix = Array(#","check":""#.utf8)

  /// The 64-bit FNV-1a hash of `bytes`.
  static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var state: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { state = (state ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return state
  }

  /// The hash of a byte array.
  static func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { hash($0) } }

  /// The hash of an array slice.
  static func hash(_ bytes: ArraySlice<UInt8>) -> UInt64 { bytes.withUnsafeBytes { hash($0) } }

  /// The check of a line whose content hashes to `content`, placed at `offset` in a file
  /// whose header has the check `seed` (a header itself uses seed 0, offset 0).
  static func check(seed: UInt64, offset: Int, content: UInt64) -> UInt64 {
    var value = seed
    value = mix(value ^ content)
    value = mix(value ^ UInt64(truncatingIfNeeded: offset) ^ 0x9e37_79b9_7f4a_7c15)
    return value
  }

  /// MurmurHash3's 64-bit finaliser: every input bit affects every output bit.
  private static func mix(_ input: UInt64) -> UInt64 {
    var value = input
    value ^= value >> 33
    value = value &* 0xff51_afd7_ed55_8ccd
    value ^= value >> 33
    value = value &* 0xc4ce_b9fe_1a85_ec53
    value ^= value >> 33
    return value
  }

  /// Appends the suffix closing a line whose check is `value` to `out`, allocating nothing: a
  /// rewrite of the claims file closes every line with it (10,000 lines at 10,000 claims).
  static func appendSuffix(_ value: UInt64, to out: inout [UInt8]) {
    out.append(contentsOf: prefix)
    for shift in stride(from: 60, through: 0, by: -4) {
      let digit = UInt8(truncatingIfNeeded: (value >> UInt64(shift)) & 0xf)
      out.append(digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10)
    }
    out.append(UInt8(ascii: "\""))
    out.append(UInt8(ascii: "}"))
  }

  /// Splits a line into its content (before `,"check":"`) and its check value, or `nil` when
  /// it does not end with a well-formed check.
  static func split(_ line: UnsafeRawBufferPointer) -> (contentLength: Int, value: UInt64)? {
    let count = line.count
    guard count > suffixLength, line[count - 1] == UInt8(ascii: "}"),
      line[count - 2] == UInt8(ascii: "\"")
    else { return nil }
    let start = count - suffixLength
    let matches = prefix.withUnsafeBytes { expected in
      memcmp(line.baseAddress! + start, expected.baseAddress!, expected.count) == 0
    }
    guard matches else { return nil }
    var value: UInt64 = 0
    for index in (start + prefix.count)..<(count - 2) {
      let byte = line[index]
      let digit: UInt8
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
      default: return nil
      }
      value = value << 4 | UInt64(digit)
    }
    return (start, value)
  }

  /// The content of `line` when its check is right for `seed` and `offset`, or `nil`.
  static func verified(_ line: UnsafeRawBufferPointer, seed: UInt64, offset: Int) -> Int? {
    guard let (length, value) = split(line) else { return nil }
    let content = hash(UnsafeRawBufferPointer(rebasing: line[0..<length]))
    guard check(seed: seed, offset: offset, content: content) == value else { return nil }
    return length
  }
}
