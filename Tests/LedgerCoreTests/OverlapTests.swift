import PropertyBased
import Testing

@testable import LedgerCore

/// Two specs and whether some path could be covered by both.
struct OverlapCase: Sendable, CustomTestStringConvertible {
  var a: PathSpec
  var b: PathSpec
  var expected: Bool
  var ignoreCase = false

  var testDescription: String {
    "\(a.kind) '\(a.text)' and \(b.kind) '\(b.text)' "
      + (expected ? "overlap" : "are disjoint") + (ignoreCase ? " ignoring case" : "")
  }
}

private func overlap(_ a: PathSpec, _ b: PathSpec, ignoreCase: Bool = false) -> OverlapCase {
  OverlapCase(a: a, b: b, expected: true, ignoreCase: ignoreCase)
}

private func disjoint(_ a: PathSpec, _ b: PathSpec, ignoreCase: Bool = false) -> OverlapCase {
  OverlapCase(a: a, b: b, expected: false, ignoreCase: ignoreCase)
}

// MARK: Random specs and paths over a tiny alphabet

/// Characters of path components: few, so that random specs and paths collide often, with "é"
/// in both spellings and an upper-case letter for the case-insensitive mode.
private let componentAlphabet: [String] = ["a", "b", "c", "B", ".", eAcuteNFC, eAcuteNFD]

/// Pieces of glob components.
private let globPieces: [String] =
  componentAlphabet + [
    "*", "*", "?", "[ab]", "[!a]", "[a-c]", "[[:alpha:]]", "[\u{E0}-\u{FA}]", "\\.",
    "[\(eAcuteNFC)c]",
  ]

private func pick<T>(_ items: [T], _ rng: inout any SeededRandomNumberGenerator) -> T {
  items[Int.random(in: 0..<items.count, using: &rng)]
}

private func randomComponent(_ rng: inout any SeededRandomNumberGenerator) -> String {
  while true {
    var text = ""
    for _ in 0..<Int.random(in: 1...2, using: &rng) { text += pick(componentAlphabet, &rng) }
    if text != "." && text != ".." { return text }
  }
}

/// A repository-relative file path: 1-3 components.
func randomPath(_ rng: inout any SeededRandomNumberGenerator) -> String {
  (0..<Int.random(in: 1...3, using: &rng)).map { _ in randomComponent(&rng) }.joined(separator: "/")
}

private func randomGlob(_ rng: inout any SeededRandomNumberGenerator) -> String {
  var components: [String] = []
  for _ in 0..<Int.random(in: 1...3, using: &rng) {
    if Int.random(in: 0..<5, using: &rng) == 0 {
      components.append("**")
      continue
    }
    var text = ""
    for _ in 0..<Int.random(in: 1...2, using: &rng) { text += pick(globPieces, &rng) }
    components.append(text == "." || text == ".." ? "*" : text)
  }
  return components.joined(separator: "/")
}

/// A file, directory or glob spec.
func randomSpec(_ rng: inout any SeededRandomNumberGenerator) -> PathSpec {
  switch Int.random(in: 0..<3, using: &rng) {
  case 0: return file(randomPath(&rng))
  case 1: return directory(randomPath(&rng) + "/")
  default: return glob(randomGlob(&rng))
  }
}

/// `text` with every "é" in the other spelling (NFC becomes NFD and the other way round).
func respelled(_ text: String) -> String {
  let scalars = Array(text.unicodeScalars)
  var out = String.UnicodeScalarView()
  var index = 0
  while index < scalars.count {
    if scalars[index] == "\u{E9}" {
      out.append("e")
      out.append("\u{301}")
    } else if scalars[index] == "e", index + 1 < scalars.count, scalars[index + 1] == "\u{301}" {
      out.append("\u{E9}")
      index += 1
    } else {
      out.append(scalars[index])
    }
    index += 1
  }
  return String(out)
}

/// Paths likely to be covered by `spec`: its own text and spellings of it, paths below it.
private func pathsNear(_ spec: PathSpec, _ rng: inout any SeededRandomNumberGenerator) -> [String] {
  switch spec.kind {
  case .file:
    return [spec.text, respelled(spec.text), spec.text.uppercased()]
  case .directory:
    let below = spec.text + randomComponent(&rng)
    return [below, respelled(below), below.uppercased()]
  case .glob:
    return []
  }
}

private let specs = Generator<PathSpec, Shrink.None<PathSpec>>(run: { rng in randomSpec(&rng) })
private let paths = Generator<[String], Shrink.None<[String]>>(run: { rng in
  (0..<24).map { _ in randomPath(&rng) }
})
private let specPairs = Generator<
  (PathSpec, PathSpec, [String]), Shrink.None<(PathSpec, PathSpec, [String])>
>(
  run: { rng in
    let a = randomSpec(&rng)
    let b = randomSpec(&rng)
    var candidates = (0..<24).map { _ in randomPath(&rng) }
    candidates += pathsNear(a, &rng) + pathsNear(b, &rng)
    return (a, b, candidates)
  })

@Suite("Overlap: some path could be covered by both specs")
struct OverlapTests {
  static let table: [OverlapCase] = [
    // file / file
    overlap(file("a.txt"), file("a.txt")), disjoint(file("a.txt"), file("b.txt")),
    disjoint(file("a.txt"), file("A.TXT")), overlap(file("a.txt"), file("A.TXT"), ignoreCase: true),
    overlap(file("caf\(eAcuteNFC).txt"), file("caf\(eAcuteNFD).txt")),
    overlap(file("CAF\u{C9}"), file("caf\(eAcuteNFD)"), ignoreCase: true),
    overlap(file("a/b"), file("a/b/c")),
    // file / directory
    overlap(file("a/b.txt"), directory("a/")), overlap(file("a/b/c"), directory("a/")),
    disjoint(file("ab.txt"), directory("a/")), overlap(file("a"), directory("a/")),
    disjoint(file("b/a/x"), directory("a/")),
    disjoint(file("A/x"), directory("a/")), overlap(file("A/x"), directory("a/"), ignoreCase: true),
    overlap(file("\(eAcuteNFD)/x"), directory("\(eAcuteNFC)/")),
    // directory / directory
    overlap(directory("a/"), directory("a/")), overlap(directory("a/"), directory("a/b/")),
    disjoint(directory("a/"), directory("b/")), disjoint(directory("a/"), directory("ab/")),
    disjoint(directory("A/"), directory("a/")),
    overlap(directory("A/"), directory("a/b/"), ignoreCase: true),
    // glob / file
    overlap(glob("*.c"), file("x.c")), disjoint(glob("*.c"), file("d/x.c")),
    overlap(glob("**/*.c"), file("d/x.c")), overlap(glob("src/*"), file("src")),
    disjoint(glob("*.C"), file("x.c")), overlap(glob("*.C"), file("x.c"), ignoreCase: true),
    overlap(glob("caf?"), file("caf\(eAcuteNFD)")),
    // glob / directory
    overlap(glob("src/**/*.c"), directory("src/")), overlap(glob("**/x"), directory("d/")),
    overlap(glob("src/**"), directory("src/a/b/")), overlap(glob("*/x"), directory("q/")),
    disjoint(glob("*.c"), directory("src/")), disjoint(glob("src/*.c"), directory("src/sub/")),
    disjoint(glob("src/**"), directory("lib/")), overlap(glob("a"), directory("a/")),
    disjoint(glob("S*/x"), directory("src/")),
    overlap(glob("S*/x"), directory("src/"), ignoreCase: true),
    // glob / glob
    overlap(glob("*.c"), glob("a.*")), disjoint(glob("*.c"), glob("*.h")),
    overlap(glob("a/**"), glob("**/b")), disjoint(glob("[ab]"), glob("[cd]")),
    overlap(glob("a/*"), glob("a/*/*")), overlap(glob("**"), glob("x/y/z")),
    // Braces, the name as spelled, a stem with "/**", and a name that could become a directory.
    overlap(glob("src/*.{rs,toml}"), file("src/Cargo.toml")),
    disjoint(glob("src/*.{rs,toml}"), file("src/a.txt")),
    overlap(glob("app/[id]/page.tsx"), file("app/[id]/page.tsx")),
    overlap(glob("app/[id]/page.tsx"), file("app/[id]")),
    overlap(glob("sub/**"), file("sub")), overlap(glob("newdir/*.rs"), file("newdir")),
    overlap(glob("**/*.swift"), file("Sources/A/readme.md")),
    overlap(glob("**/*.swift"), directory("Sources/A/")),
    overlap(glob("d/{a,b{c,e}}"), glob("d/be")), disjoint(glob("d/{a,b{c,e}}"), glob("d/bd")),
    disjoint(glob("*.TXT"), glob("*.txt")),
    overlap(glob("*.TXT"), glob("*.txt"), ignoreCase: true),
  ]

  @Test("a table of pairs, each checked both ways", arguments: table)
  func pairs(_ c: OverlapCase) {
    #expect(Overlap.between(c.a, c.b, ignoreCase: c.ignoreCase) == c.expected)
    #expect(Overlap.between(c.b, c.a, ignoreCase: c.ignoreCase) == c.expected)
  }

  /// A name may begin with a combining mark; on disk and in git, "a/" + U+0301 + "x" is the file
  /// "\u{301}x" inside directory "a". Swift's grapheme clusters glue the mark to the "/".
  @Test("a file whose name starts with a combining mark is still inside its directory")
  func combiningMarkAfterSlash() {
    let path = "a/\u{301}x"
    #expect(directory("a/").covers(path, ignoreCase: false))
    #expect(directory("a/").covers(path, ignoreCase: true))
    #expect(Overlap.between(file(path), directory("a/"), ignoreCase: false))
    #expect(Overlap.between(directory("a/"), file(path), ignoreCase: false))
    #expect(glob("a/*").covers(path, ignoreCase: false))
    #expect(glob("**/*x").covers(path, ignoreCase: false))
  }

  /// The same path in the other spelling of "é" is the same file to a conservative check.
  @Test("a character range overlaps a file whose 'é' is spelled differently")
  func rangeAgainstRespelledFile() {
    let range = glob("[\u{E0}-\u{FA}]")
    #expect(range.covers(eAcuteNFC, ignoreCase: false))
    #expect(file(eAcuteNFD).covers(eAcuteNFC, ignoreCase: false))
    #expect(Overlap.between(range, file(eAcuteNFD), ignoreCase: false))
    #expect(Overlap.between(range, glob(eAcuteNFD), ignoreCase: false))
  }

  @Test("PathSpec.covers for each kind")
  func covers() {
    #expect(file("a/b").covers("a/b", ignoreCase: false))
    // A name covers everything below it once it is a directory.
    #expect(file("a/b").covers("a/b/c", ignoreCase: false))
    #expect(!file("a/B").covers("a/b", ignoreCase: false))
    #expect(file("a/B").covers("a/b", ignoreCase: true))
    #expect(directory("a/").covers("a/b/c", ignoreCase: false))
    // A directory covers its own entry (a submodule's gitlink).
    #expect(directory("a/").covers("a", ignoreCase: false))
    #expect(!directory("a/").covers("ab/c", ignoreCase: false))
    #expect(glob("a/*.c").covers("a/m.c", ignoreCase: false))
    #expect(!glob("a/*.c").covers("a/b/m.c", ignoreCase: false))
    // A spec whose glob cannot compile covers everything (it fails closed).
    #expect(glob("[").covers("anything", ignoreCase: false))
  }

  @Test("file and directory specs compile to literal globs")
  func literalGlobs() throws {
    let star = try file("a*b").glob(ignoreCase: false)
    #expect(star.matches("a*b"))
    #expect(!star.matches("axb"))
    let dir = try directory("d[1]/").glob(ignoreCase: false)
    #expect(dir.matches("d[1]/x/y"))
    #expect(!dir.matches("d1/x"))
    #expect(!dir.matches("d[1]"))
    #expect(try file("back\\slash").glob(ignoreCase: false).matches("back\\slash"))
  }

  @Test("the anchor of each kind of spec")
  func anchors() {
    #expect(file("a/b.c").anchor == "a/b.c")
    #expect(directory("a/b/").anchor == "a/b/")
    #expect(glob("a/b/*.c").anchor == "a/b/")
    #expect(glob("**").anchor == "")
  }

  @Test("Overlap.between is symmetric (property)")
  func symmetric() async {
    await propertyCheck(count: 4000, input: specs, specs) { a, b in
      #expect(
        Overlap.between(a, b, ignoreCase: false) == Overlap.between(b, a, ignoreCase: false))
      #expect(Overlap.between(a, b, ignoreCase: true) == Overlap.between(b, a, ignoreCase: true))
    }
  }

  @Test("Overlap.between is symmetric for bracket expressions (property)")
  func symmetricBrackets() async {
    let brackets = [
      "[ab]", "[!a]", "[a-c]", "[[:alpha:]]", "[\u{E0}-\u{FA}]", "[\(eAcuteNFC)c]", "[xy]",
      "[[:digit:]]",
    ]
    let bracketGlobs = Generator<PathSpec, Shrink.None<PathSpec>>(run: { rng in
      glob(pick(brackets, &rng) + (Bool.random(using: &rng) ? "" : "/*"))
    })
    await propertyCheck(count: 400, input: bracketGlobs, bracketGlobs) { a, b in
      #expect(
        Overlap.between(a, b, ignoreCase: false) == Overlap.between(b, a, ignoreCase: false))
    }
  }

  @Test("a spec overlaps itself (property)")
  func reflexive() async {
    await propertyCheck(count: 500, input: specs) { a in
      #expect(Overlap.between(a, a, ignoreCase: false))
      #expect(Overlap.between(a, a, ignoreCase: true))
    }
  }

  /// The contract: a conservative test may report an overlap that cannot happen, never miss one.
  @Test("soundness: a path covered by both specs means they overlap (property)")
  func soundness() async {
    await propertyCheck(count: 2000, input: specPairs) { input in
      let (a, b, candidates) = input
      for ignoreCase in [false, true] {
        for path in candidates
        where a.covers(path, ignoreCase: ignoreCase) && b.covers(path, ignoreCase: ignoreCase) {
          #expect(
            Overlap.between(a, b, ignoreCase: ignoreCase),
            "'\(path.debugDescription)' is covered by both \(a.kind) \(a.text.debugDescription) and \(b.kind) \(b.text.debugDescription) (ignoreCase: \(ignoreCase))"
          )
          break
        }
      }
    }
  }

  /// The same property over one-component names from an even smaller alphabet, where every
  /// spelling of "é" meets every kind of pattern often.
  @Test("soundness on one-component names (property)")
  func soundnessShortNames() async {
    let letters = ["a", "B", eAcuteNFC, eAcuteNFD]
    let patterns = letters + ["*", "?", "[\u{E0}-\u{FA}]", "[ab]", "[\(eAcuteNFC)c]", "[!a]"]
    let pairs = Generator<(PathSpec, PathSpec), Shrink.None<(PathSpec, PathSpec)>>(run: { rng in
      func name(_ from: [String]) -> String {
        (0..<Int.random(in: 1...2, using: &rng)).map { _ in pick(from, &rng) }.joined()
      }
      func spec() -> PathSpec {
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return file(name(letters))
        case 1: return directory(name(letters) + "/")
        default: return glob(name(patterns) + (Bool.random(using: &rng) ? "" : "/*"))
        }
      }
      return (spec(), spec())
    })
    let names: [String] = [
      "a", "B", "aB", "ba", eAcuteNFC, eAcuteNFD, "a" + eAcuteNFC, "a" + eAcuteNFD,
      eAcuteNFC + "a", eAcuteNFD + "a",
    ]
    var paths: [String] = []
    for name in names { paths += [name, name + "/a", name + "/" + name] }
    await propertyCheck(count: 1500, input: pairs) { a, b in
      for ignoreCase in [false, true] {
        if let path = paths.first(where: {
          a.covers($0, ignoreCase: ignoreCase) && b.covers($0, ignoreCase: ignoreCase)
        }) {
          #expect(
            Overlap.between(a, b, ignoreCase: ignoreCase),
            "\(path.unicodeScalars.map { String($0.value, radix: 16) }) is covered by both (ignoreCase: \(ignoreCase))"
          )
        }
      }
    }
  }

  @Test("case-insensitive overlap includes case-sensitive overlap (property)")
  func caseFoldingOnlyWidens() async {
    await propertyCheck(count: 1000, input: specs, specs) { a, b in
      if Overlap.between(a, b, ignoreCase: false) {
        #expect(Overlap.between(a, b, ignoreCase: true))
      }
    }
  }

  @Test("the generators produce overlapping and disjoint pairs alike")
  func generatorsAreUseful() async {
    // Guards the properties above against a generator that never produces collisions.
    var rng: any SeededRandomNumberGenerator = Xoshiro(seed: (1, 2, 3, 4))
    var overlapping = 0
    var covered = 0
    for _ in 0..<400 {
      let a = randomSpec(&rng)
      let b = randomSpec(&rng)
      if Overlap.between(a, b, ignoreCase: false) { overlapping += 1 }
      let path = randomPath(&rng)
      if a.covers(path, ignoreCase: false) { covered += 1 }
    }
    #expect(overlapping > 20)
    #expect(overlapping < 380)
    #expect(covered > 10)
  }
}
