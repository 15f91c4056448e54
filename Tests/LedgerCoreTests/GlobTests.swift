import Testing

@testable import LedgerCore

/// One pattern, one path and whether the pattern must match the whole path.
struct GlobCase: Sendable, CustomTestStringConvertible {
  var pattern: String
  var path: String
  var matches: Bool
  var ignoreCase = false

  var testDescription: String {
    "'\(pattern)' \(matches ? "matches" : "does not match") '\(path)'"
      + (ignoreCase ? " ignoring case" : "")
  }
}

private func yes(_ pattern: String, _ path: String, ignoreCase: Bool = false) -> GlobCase {
  GlobCase(pattern: pattern, path: path, matches: true, ignoreCase: ignoreCase)
}

private func no(_ pattern: String, _ path: String, ignoreCase: Bool = false) -> GlobCase {
  GlobCase(pattern: pattern, path: path, matches: false, ignoreCase: ignoreCase)
}

@Suite("Glob: wildmatch patterns anchored at the repository root")
struct GlobTests {
  static let literalAndStarCases: [GlobCase] = [
    yes("a", "a"), no("a", "b"), no("a", "ab"), no("a", "a/b"),
    // Anchored at the root, unlike .gitignore: "b" does not match "a/b".
    no("b", "a/b"),
    yes("src/main.c", "src/main.c"), no("src/main.c", "src/main.cc"),
    yes("*", "a"), yes("*", ".hidden"), no("*", "a/b"),
    yes("*.c", "x.c"), yes("*.c", ".c"), no("*.c", "d/x.c"), no("*.c", "x.h"),
    yes("a/*", "a/b"), no("a/*", "a/b/c"), no("a/*", "b/c"),
    yes("a*b", "ab"), yes("a*b", "axxb"), no("a*b", "ax/b"),
    yes("*/*.c", "d/x.c"), no("*/*.c", "x.c"), no("*/*.c", "d/e/x.c"),
    // "**" that is not a whole component behaves like "*".
    yes("a**b", "axb"), no("a**b", "a/b"),
    yes("?", "a"), no("?", "ab"), no("?", ""), yes("a?c", "abc"), no("a?c", "a/c"),
  ]

  static let doubleStarCases: [GlobCase] = [
    yes("**", "a"), yes("**", "a/b/c"),
    yes("**/x", "x"), yes("**/x", "a/x"), yes("**/x", "a/b/x"),
    no("**/x", "ax"), no("**/x", "a/xy"), no("**/x", "x/a"),
    yes("**/*.c", "m.c"), yes("**/*.c", "a/b/m.c"), no("**/*.c", "a/m.h"),
    yes("a/**/b", "a/b"), yes("a/**/b", "a/x/b"), yes("a/**/b", "a/x/y/b"),
    no("a/**/b", "ab"), no("a/**/b", "a/xb"), no("a/**/b", "b"), no("a/**/b", "a/b/c"),
    yes("a/**", "a/x"), yes("a/**", "a/x/y"), no("a/**", "a"), no("a/**", "ab/x"),
    yes("src/**/test/*.swift", "src/test/A.swift"),
    yes("src/**/test/*.swift", "src/a/b/test/A.swift"),
    no("src/**/test/*.swift", "src/a/test/b/A.swift"),
    // "**/**" is the same as "**"; a final "/" means everything below.
    yes("a/**/**/b", "a/b"), yes("a/**/**/b", "a/x/y/b"),
    yes("a/", "a/x"), yes("a/", "a/x/y"), no("a/", "a"),
  ]

  static let bracketsAndEscapesCases: [GlobCase] = [
    yes("[a-c]", "b"), yes("[a-c]", "a"), yes("[a-c]", "c"), no("[a-c]", "d"), no("[a-c]", "B"),
    yes("[abc]x", "cx"), no("[abc]x", "dx"),
    yes("[!x]", "y"), no("[!x]", "x"), yes("[^x]", "y"), no("[^x]", "x"),
    // A bracket expression never matches "/", not even a negated one.
    no("a[!x]b", "a/b"), no("a[^b]c", "a/c"),
    yes("[[:digit:]]", "7"), no("[[:digit:]]", "a"), yes("v[[:digit:]][[:digit:]]", "v42"),
    yes("[[:alpha:]]", "q"), no("[[:alpha:]]", "4"),
    yes("[[:alpha:]_]x", "_x"), yes("[[:upper:]]", "Q"), no("[[:upper:]]", "q"),
    yes("[]]", "]"), yes("[]a]", "a"), no("[]a]", "b"),
    yes("[a-]", "-"), yes("[a-]", "a"), no("[a-]", "b"),
    yes("[\\]]", "]"), yes("[\\-a]", "-"),
    yes("\\*", "*"), no("\\*", "a"), yes("a\\?", "a?"), no("a\\?", "ab"),
    yes("\\[a]", "[a]"), no("\\[a]", "a"), yes("\\\\", "\\"), yes("\\a", "a"),
    yes("x\\*/*.c", "x*/m.c"), no("x\\*/*.c", "xy/m.c"),
  ]

  static let caseFoldingCases: [GlobCase] = [
    no("*.TXT", "a.txt"), yes("*.TXT", "a.txt", ignoreCase: true),
    yes("*.txt", "A.TXT", ignoreCase: true), no("ABC", "abc"), yes("ABC", "abc", ignoreCase: true),
    yes("[A-C]", "b", ignoreCase: true), yes("[a-c]", "B", ignoreCase: true),
    no("[!a]", "A", ignoreCase: true), yes("Src/**", "sRC/x", ignoreCase: true),
    no("Src/**", "sRC/x"),
  ]

  static let unicodeCases: [GlobCase] = [
    // Canonically equivalent spellings match alike, in both directions.
    yes("caf\(eAcuteNFC)", "caf\(eAcuteNFD)"), yes("caf\(eAcuteNFD)", "caf\(eAcuteNFC)"),
    yes("\(eAcuteNFC)/*.txt", "\(eAcuteNFD)/a.txt"), yes("*\(eAcuteNFD)", "x\(eAcuteNFC)"),
    // "?" matches one character, however many scalars spell it.
    yes("?.txt", "\(eAcuteNFD).txt"), yes("?.txt", "\(eAcuteNFC).txt"),
    yes("[\(eAcuteNFC)]", eAcuteNFD), yes("[\(eAcuteNFD)]", eAcuteNFC),
    yes("[[:alpha:]]", eAcuteNFD), yes("[!a]", eAcuteNFD),
    yes("\u{C9}.TXT", "\(eAcuteNFD).txt", ignoreCase: true),
    yes("E\u{301}.txt", "\(eAcuteNFC).txt", ignoreCase: true),
  ]

  @Test("literal text, '*' and '?'", arguments: literalAndStarCases)
  func literalAndStar(_ c: GlobCase) throws {
    #expect(try Glob(c.pattern, ignoreCase: c.ignoreCase).matches(c.path) == c.matches)
  }

  @Test("'**' components", arguments: doubleStarCases)
  func doubleStar(_ c: GlobCase) throws {
    #expect(try Glob(c.pattern, ignoreCase: c.ignoreCase).matches(c.path) == c.matches)
  }

  @Test("bracket expressions and escapes", arguments: bracketsAndEscapesCases)
  func bracketsAndEscapes(_ c: GlobCase) throws {
    #expect(try Glob(c.pattern, ignoreCase: c.ignoreCase).matches(c.path) == c.matches)
  }

  @Test("case folding with ignoreCase", arguments: caseFoldingCases)
  func caseFolding(_ c: GlobCase) throws {
    #expect(try Glob(c.pattern, ignoreCase: c.ignoreCase).matches(c.path) == c.matches)
  }

  @Test("NFC and NFD spellings match alike", arguments: unicodeCases)
  func unicodeSpellings(_ c: GlobCase) throws {
    #expect(try Glob(c.pattern, ignoreCase: c.ignoreCase).matches(c.path) == c.matches)
  }

  /// A range is a set of characters; whether "é" is spelled with one scalar or two must not
  /// change what it contains (the path or the pattern may come in either spelling).
  @Test("a character range treats NFC and NFD 'é' alike")
  func rangeWithDecomposedCharacter() throws {
    let range = try Glob("[\u{E0}-\u{FA}]")  // à-ú
    #expect(range.matches(eAcuteNFC))
    #expect(range.matches(eAcuteNFD))
    // The same pattern written with a decomposed upper bound is still the range a-é.
    #expect(try Glob("[a-\(eAcuteNFC)]").matches("b"))
    #expect(try Glob("[a-\(eAcuteNFD)]").matches("b"))
  }

  /// git's wildmatch under WM_CASEFOLD (core.ignorecase) lets [:upper:] and [:lower:] match
  /// either case.
  @Test("[[:upper:]] and [[:lower:]] match both cases when ignoring case")
  func caseClassesIgnoringCase() throws {
    #expect(try Glob("[[:lower:]]", ignoreCase: true).matches("Q"))
    #expect(try Glob("[[:upper:]]", ignoreCase: true).matches("Q"))
    #expect(try Glob("[[:upper:]]", ignoreCase: true).matches("q"))
  }

  @Test(
    "malformed patterns are refused as bad input",
    arguments: ["[abc", "a/[", "[!", "[]", "x[[:digit:]", "a\\", "a/b\\", "[[:nope:]]"])
  func badPatterns(_ pattern: String) {
    let error = expectError(.badInput) { _ = try Glob(pattern) }
    #expect(error?.message.contains(pattern) == true)
  }

  @Test("the pattern is folded to lower case only when ignoring case")
  func patternFolding() throws {
    #expect(try Glob("A/*.C").pattern == "A/*.C")
    #expect(try Glob("A/*.C", ignoreCase: true).pattern == "a/*.c")
    #expect(try Glob("A/*.C", ignoreCase: true).ignoreCase)
  }

  @Test("hasWildcards sees only unescaped wildcards")
  func hasWildcards() {
    #expect(Glob.hasWildcards("*.c"))
    #expect(Glob.hasWildcards("a/b?"))
    #expect(Glob.hasWildcards("a[1]"))
    #expect(Glob.hasWildcards("\\\\*"))
    #expect(!Glob.hasWildcards("plain/path.txt"))
    #expect(!Glob.hasWildcards("a\\*b\\?c\\[d"))
    #expect(!Glob.hasWildcards("a]b"))
  }

  @Test("the literal directory prefix is every whole component before a wildcard")
  func literalDirectoryPrefix() {
    #expect(Glob.literalDirectoryPrefix(of: "src/lib/*.c") == "src/lib/")
    #expect(Glob.literalDirectoryPrefix(of: "src/l*/x.c") == "src/")
    #expect(Glob.literalDirectoryPrefix(of: "**/x") == "")
    #expect(Glob.literalDirectoryPrefix(of: "*.c") == "")
    #expect(Glob.literalDirectoryPrefix(of: "a/b/c") == "a/b/")
    #expect(Glob.literalDirectoryPrefix(of: "a\\*/b*") == "a*/")
    #expect(Glob.literalDirectoryPrefix(of: "a/[bc]/d") == "a/")
  }

  struct BelowCase: Sendable, CustomTestStringConvertible {
    var pattern: String
    var directory: String
    var expected: Bool
    var testDescription: String {
      "'\(pattern)' \(expected ? "matches" : "matches nothing") below '\(directory)'"
    }
  }

  @Test(
    "matchesSomethingBelow(directory:)",
    arguments: [
      BelowCase(pattern: "src/**/*.c", directory: "src", expected: true),
      BelowCase(pattern: "src/**/*.c", directory: "src/deep/er/", expected: true),
      BelowCase(pattern: "src/*.c", directory: "src/", expected: true),
      BelowCase(pattern: "src/*.c", directory: "src/sub", expected: false),
      BelowCase(pattern: "*.c", directory: "src", expected: false),
      BelowCase(pattern: "**", directory: "x", expected: true),
      BelowCase(pattern: "**/x", directory: "a/b", expected: true),
      BelowCase(pattern: "a/b", directory: "a", expected: true),
      BelowCase(pattern: "a/b", directory: "b", expected: false),
      BelowCase(pattern: "a", directory: "a", expected: false),
      BelowCase(pattern: "a*/x", directory: "ab", expected: true),
      BelowCase(pattern: "a*/x", directory: "ba", expected: false),
      BelowCase(pattern: "[ab]/x", directory: "c", expected: false),
    ])
  func matchesSomethingBelow(_ c: BelowCase) throws {
    #expect(try Glob(c.pattern).matchesSomethingBelow(directory: c.directory) == c.expected)
  }

  @Test("matchesSomethingBelow folds case only when asked")
  func matchesSomethingBelowCase() throws {
    #expect(try !Glob("Src/*.c").matchesSomethingBelow(directory: "src"))
    #expect(try Glob("Src/*.c", ignoreCase: true).matchesSomethingBelow(directory: "SRC"))
  }

  struct PairCase: Sendable, CustomTestStringConvertible {
    var a: String
    var b: String
    var expected: Bool
    var testDescription: String { "'\(a)' and '\(b)' \(expected ? "intersect" : "are disjoint")" }
  }

  @Test(
    "Glob.intersects is symmetric and finds shared paths",
    arguments: [
      PairCase(a: "*.c", b: "a.*", expected: true),
      PairCase(a: "*.c", b: "*.h", expected: false),
      PairCase(a: "a/**", b: "**/b", expected: true),
      PairCase(a: "[ab]", b: "[cd]", expected: false),
      PairCase(a: "[ab]", b: "[bc]", expected: true),
      PairCase(a: "a/*", b: "a/b/*", expected: false),
      PairCase(a: "**/x", b: "y", expected: false),
      PairCase(a: "**/x", b: "a/b/x", expected: true),
      PairCase(a: "src/**", b: "lib/**", expected: false),
      PairCase(a: "src/**", b: "*/main.c", expected: true),
      PairCase(a: "?", b: "ab", expected: false),
      PairCase(a: "a?c", b: "a/c", expected: false),
      PairCase(a: "**", b: "x", expected: true),
      PairCase(a: "caf\(eAcuteNFC)", b: "caf\(eAcuteNFD)", expected: true),
    ])
  func intersects(_ c: PairCase) throws {
    let a = try Glob(c.a)
    let b = try Glob(c.b)
    #expect(Glob.intersects(a, b) == c.expected)
    #expect(Glob.intersects(b, a) == c.expected)
  }

  /// Overlap is documented as symmetric; a set of ranges against a set of single characters
  /// must get the same answer whichever pattern comes first.
  @Test(
    "Glob.intersects gives the same answer both ways for bracket expressions",
    arguments: [
      ("[a-c]", "[xy]"), ("[\u{E0}-\u{FA}]", "[ab]"), ("[[:digit:]]", "[ab]"), ("x[a-c]", "x[b]"),
    ])
  func intersectsSetsSymmetric(_ a: String, _ b: String) throws {
    let x = try Glob(a)
    let y = try Glob(b)
    #expect(Glob.intersects(x, y) == Glob.intersects(y, x))
    #expect(
      Overlap.between(glob(a), glob(b), ignoreCase: false)
        == Overlap.between(glob(b), glob(a), ignoreCase: false))
  }

  @Test("Glob.intersects folds case only when asked")
  func intersectsCase() throws {
    #expect(!Glob.intersects(try Glob("A/*"), try Glob("a/x")))
    #expect(Glob.intersects(try Glob("A/*", ignoreCase: true), try Glob("a/x", ignoreCase: true)))
  }
}
