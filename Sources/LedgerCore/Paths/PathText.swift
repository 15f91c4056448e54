/// Path text handled the way git handles paths — split at every "/" byte — while names are
/// compared the way people read them: up to Unicode canonical equivalence (NFC and NFD
/// spellings alike), and up to case when the repository ignores case.
///
/// Swift's `Character` would glue a combining mark to the "/" before it ("/" + U+0301 is one
/// grapheme), hiding the separator from `split(separator: "/")` and `hasPrefix`; every path
/// operation here splits on Unicode scalars instead.
public enum PathText {
  /// The components between "/" scalars (empty ones kept, so "a//b" has three).
  public static func components(_ path: String) -> [String] {
    path.unicodeScalars.split(separator: "/", omittingEmptySubsequences: false).map {
      String(String.UnicodeScalarView($0))
    }
  }

  /// The characters a glob sees: each component's `Character`s, with "/" between them.
  public static func characters(_ path: String) -> [Character] {
    var result: [Character] = []
    for (index, component) in components(path).enumerated() {
      if index > 0 { result.append("/") }
      result.append(contentsOf: component)
    }
    return result
  }

  /// A path or spec shown on one line: as it is when plain, else quoted with its control
  /// characters escaped (so a name with a newline, an escape sequence or a quote cannot forge
  /// output). Never cut.
  public static func shown(_ text: String) -> String {
    let plain = text.unicodeScalars.allSatisfy { scalar in
      scalar.value > 0x20 && !ForeignText.isHidden(scalar) && scalar != "\"" && scalar != "'"
        && scalar != "\\"
    }
    return plain ? text : ForeignText.quoted(text, limit: .max)
  }

  /// Two components are the same name.
  public static func sameComponent(_ a: String, _ b: String, ignoreCase: Bool) -> Bool {
    ignoreCase ? a.lowercased() == b.lowercased() : a == b
  }

  /// Two paths name the same file, component by component.
  public static func same(_ a: String, _ b: String, ignoreCase: Bool) -> Bool {
    let x = components(a)
    let y = components(b)
    return x.count == y.count
      && zip(x, y).allSatisfy { sameComponent($0, $1, ignoreCase: ignoreCase) }
  }

  /// `path` lies strictly below `directory` (given with or without its final "/"; empty means
  /// the root, below which everything lies).
  public static func isBelow(_ path: String, directory: String, ignoreCase: Bool) -> Bool {
    var parent = components(directory)
    if parent.last == "" { parent.removeLast() }
    if parent.isEmpty { return true }
    let child = components(path)
    guard child.count > parent.count else { return false }
    return zip(parent, child).allSatisfy { sameComponent($0, $1, ignoreCase: ignoreCase) }
  }

  /// The ledger's sort key of a path: ASCII letters lower-cased, every run of other characters
  /// replaced by one U+0001, "/" kept. Equal for every spelling (NFC/NFD) and case of a name,
  /// ASCII-only so its order is plain byte order, and compositional: the key of `a/b` is the
  /// key of `a/` followed by the key of `b`. Different non-ASCII names may share a key; lookups
  /// then read a few more candidates and test each exactly.
  public static func key(_ path: String) -> String {
    // Fast path: an ASCII path (nearly every path) is lower-cased byte by byte.
    var ascii = true
    let bytes = path.utf8.map { byte -> UInt8 in
      if byte >= 0x80 { ascii = false }
      return (65...90).contains(byte) ? byte + 32 : byte
    }
    if ascii { return String(decoding: bytes, as: UTF8.self) }
    var key = ""
    var inRun = false
    for character in path {
      let scalars = character.unicodeScalars
      if let scalar = asciiEquivalent(of: character) {
        let value = scalar.value
        key.unicodeScalars.append(
          (65...90).contains(value) ? Unicode.Scalar(value + 32)! : scalar)
        inRun = false
        continue
      }
      for scalar in scalars {
        if scalar == "/" {
          key.unicodeScalars.append("/")
          inRun = false
        } else if !inRun {
          key.unicodeScalars.append("\u{1}")
          inRun = true
        }
      }
    }
    return key
  }

  /// The ASCII character a name's character is canonically equivalent to: itself when it is
  /// ASCII, and the few non-ASCII characters whose canonical decomposition is a single ASCII
  /// character (U+212A KELVIN SIGN is K, U+037E GREEK QUESTION MARK is ";", U+1FEF GREEK
  /// VARIA is "`"); `nil` for every other character.
  public static func asciiEquivalent(of character: Character) -> Unicode.Scalar? {
    let scalars = character.unicodeScalars
    guard scalars.count == 1, let scalar = scalars.first else { return nil }
    if scalar.isASCII { return scalar }
    // Strings compare by their NFC form: only a character whose NFC form is ASCII sorts below
    // U+0080 (cheap to ask, and rare to be true).
    guard String(character) < "\u{80}" else { return nil }
    for value in UInt8(0)..<0x80 where Character(Unicode.Scalar(value)) == character {
      return Unicode.Scalar(value)
    }
    return nil
  }

  /// The keys under which a claim covering `path` may be filed: for `path` and each directory
  /// above it, its key with and without a final "/", and the root's "". `a/b` gives "", "a",
  /// "a/", "a/b", "a/b/" (a directory `a/b/` gives the same). A claim naming a path covers
  /// what lies below it, and a claim on everything below a directory covers the directory's
  /// own entry (a submodule's gitlink), so both spellings are looked up.
  public static func ancestorKeys(of path: String) -> [String] {
    var full = key(path)
    if full.hasSuffix("/") { full.removeLast() }
    var keys = [""]
    guard !full.isEmpty else { return keys }
    var current = ""
    for scalar in full.unicodeScalars {
      if scalar == "/" {
        keys.append(current)
        keys.append(current + "/")
      }
      current.unicodeScalars.append(scalar)
    }
    keys.append(current)
    keys.append(current + "/")
    return keys
  }

  /// A strict total order on the exact text (scalar by scalar), for ties between equal keys.
  public static func precedes(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
  }
}
