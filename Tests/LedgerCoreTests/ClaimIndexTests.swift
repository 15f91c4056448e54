import PropertyBased
import Testing

@testable import LedgerCore

// MARK: Random ledgers

/// Names of path components, "é" in both spellings.
let mixedNames: [String] = ["a", "b", "A", "B", eAcuteNFC, eAcuteNFD, "c.txt", "x"]
/// The same names, "é" always precomposed.
let nfcNames: [String] = ["a", "b", "A", "B", eAcuteNFC, "c.txt", "x"]
private let sessionNames = ["s1", "s2", "claude:x", "codex:y"]

private func randomItem<T>(_ items: [T], _ rng: inout any SeededRandomNumberGenerator) -> T {
  items[Int.random(in: 0..<items.count, using: &rng)]
}

/// A path of 1-4 components over a small alphabet, so that claims share directories.
func randomLedgerPath(_ rng: inout any SeededRandomNumberGenerator, names: [String] = mixedNames)
  -> String
{
  (0..<Int.random(in: 1...4, using: &rng)).map { _ in randomItem(names, &rng) }
    .joined(separator: "/")
}

private func randomLedgerSpec(_ rng: inout any SeededRandomNumberGenerator, names: [String])
  -> PathSpec
{
  switch Int.random(in: 0..<5, using: &rng) {
  case 0, 1: return file(randomLedgerPath(&rng, names: names))
  case 2: return directory(randomLedgerPath(&rng, names: names) + "/")
  default:
    // A glob with a literal directory prefix of 0-2 components.
    let prefix = (0..<Int.random(in: 0...2, using: &rng)).map { _ in randomItem(names, &rng) + "/" }
      .joined()
    let tail = randomItem(
      ["*", "*.txt", "**", "**/x", "?", "[ab]/*", "x*", "[[:upper:]]", "**/*.txt", "a*/b"], &rng)
    return glob(prefix + tail)
  }
}

/// `count` claims with distinct (spec, session) pairs, active and expired, some ended.
func randomClaims(
  _ rng: inout any SeededRandomNumberGenerator, count: Int, names: [String] = mixedNames
) -> [Claim] {
  var seen = Set<String>()
  var claims: [Claim] = []
  while claims.count < count {
    let spec = randomLedgerSpec(&rng, names: names)
    let owner = randomItem(sessionNames, &rng)
    guard seen.insert(spec.text + "\u{0}" + owner).inserted else { continue }
    let expires: Timestamp? =
      Bool.random(using: &rng)
      ? nil : Timestamp(seconds: t0.seconds + Int64.random(in: -3600...3600, using: &rng))
    claims.append(
      Claim(
        spec: spec, session: session(owner),
        since: Timestamp(seconds: t0.seconds - Int64.random(in: 0...9999, using: &rng)),
        expires: expires, note: Bool.random(using: &rng) ? "" : "note \(claims.count)",
        ended: Int.random(in: 0..<8, using: &rng) == 0 ? t0 : nil))
  }
  return claims
}

/// A description that tells NFC and NFD apart, for comparing lists of claims as multisets.
private func key(_ claim: Claim) -> String {
  "\(claim.spec.kind) \(claim.spec.text.unicodeScalars.map { String($0.value, radix: 16) }) \(claim.session)"
}

private func sortedKeys(_ claims: [Claim]) -> [String] { claims.map(key).sorted() }

@Suite("ClaimIndex: binary-search lookups in the claims file")
struct ClaimIndexTests {
  let path = "/repo/.git/ledger/claims.jsonl"

  @Test("candidates are the claims filed under the path's own directories")
  func example() throws {
    let claims = [
      Claim(spec: directory("src/"), session: session("a"), since: t0),
      Claim(spec: file("src/main.c"), session: session("b"), since: t0),
      Claim(spec: file("src/main.h"), session: session("b"), since: t0),
      Claim(spec: glob("src/*.c"), session: session("c"), since: t0),
      Claim(spec: glob("**/*.c"), session: session("c"), since: t0),
      Claim(spec: glob("lib/**"), session: session("a"), since: t0),
      Claim(spec: directory("src/sub/"), session: session("a"), since: t0),
      Claim(spec: file("SRC/MAIN.C"), session: session("d"), since: t0),
    ]
    let index = try ClaimIndex(bytes: ClaimsFile.encode(claims, written: t0), path: path)
    let found = try index.candidates(for: "src/main.c").map(\.spec.text).sorted()
    #expect(found == ["**/*.c", "SRC/MAIN.C", "src/", "src/*.c", "src/main.c"])
    // A glob anchored at the root ("**/*.c") is filed under "" and is a candidate for every path.
    #expect(try index.candidates(for: "lib/x/y").map(\.spec.text).sorted() == ["**/*.c", "lib/**"])
    #expect(try index.candidates(for: "other").map(\.spec.text) == ["**/*.c"])
    #expect(
      try index.candidates(for: "src/sub/deep/f").map(\.spec.text).sorted()
        == ["**/*.c", "src/", "src/*.c", "src/sub/"])
    #expect(try index.allClaims().count == claims.count)
    #expect(index.claimCount == claims.count)
  }

  @Test("the empty index has no claims and no sessions")
  func emptyIndex() throws {
    #expect(try ClaimIndex.empty.candidates(for: "a/b").isEmpty)
    #expect(try ClaimIndex.empty.allClaims().isEmpty)
    #expect(!ClaimIndex.empty.othersMayHoldClaims(besides: nil, at: t0))
  }

  @Test("a damaged claim line met during a lookup is an environment error")
  func damagedLineDuringLookup() throws {
    let claims = (0..<20).map { Claim(spec: file("f\($0)"), session: session("s"), since: t0) }
    var text = String(decoding: ClaimsFile.encode(claims, written: t0), as: UTF8.self)
    // Same length, no longer JSON: the footer still agrees, the line does not parse.
    let target = "{\"spec\":\"f1\""
    text = text.replacingFirst(target, with: String(repeating: "#", count: target.utf8.count))
    let index = try ClaimIndex(bytes: Array(text.utf8), path: path)
    expectError(.environment) { _ = try index.allClaims() }
    expectError(.environment) {
      for n in 0..<20 { _ = try index.candidates(for: "f\(n)") }
    }
  }

  /// The sorted file lets a lookup read only the claims filed under a path's directories. For
  /// random ledgers, that must be exactly what a scan of every claim finds, and must include
  /// every claim that covers the path, in either case mode. Run once with "é" always spelled
  /// the same way and once with both spellings mixed.
  @Test("candidates(for:) agrees with a brute-force scan (property)", arguments: [false, true])
  func agreesWithScan(mixedSpellings: Bool) async {
    struct Input: Sendable, CustomTestStringConvertible {
      var claims: [Claim]
      var paths: [String]
      var testDescription: String { "\(claims.count) claims, \(paths.count) paths" }
    }
    let names = mixedSpellings ? mixedNames : nfcNames
    let inputs = Generator<Input, Shrink.None<Input>>(run: { rng in
      let claims = randomClaims(&rng, count: 300, names: names)
      var paths = (0..<40).map { _ in randomLedgerPath(&rng, names: names) }
      // Paths that certainly hit: the claimed files themselves, respelled and re-cased.
      for claim in claims.prefix(10) where claim.spec.kind == .file {
        paths += [claim.spec.text, claim.spec.text.uppercased()]
        if mixedSpellings { paths.append(respelled(claim.spec.text)) }
      }
      return Input(claims: claims, paths: paths)
    })
    let claimsPath = path
    await propertyCheck(count: 10, input: inputs) { input in
      let index = try ClaimIndex(
        bytes: ClaimsFile.encode(input.claims, written: t0), path: claimsPath)
      var problems: [String] = []
      for path in input.paths {
        let found = try index.candidates(for: path)
        let keys = Set(ClaimOrder.ancestorKeys(of: path))
        let scanned = input.claims.filter { keys.contains(ClaimOrder.fold($0.spec.anchor)) }
        if sortedKeys(found) != sortedKeys(scanned) {
          let missing = Set(sortedKeys(scanned)).subtracting(sortedKeys(found))
          problems.append("\(path.debugDescription): \(missing.count) filed claims not found")
        }
        let foundKeys = Set(found.map(key))
        for ignoreCase in [false, true] {
          for claim in input.claims
          where claim.spec.covers(path, ignoreCase: ignoreCase) && !foundKeys.contains(key(claim)) {
            problems.append(
              "\(claim.spec.kind) \(claim.spec.text.debugDescription) covers \(path.debugDescription) (ignoreCase \(ignoreCase)) but is not a candidate"
            )
          }
        }
      }
      #expect(problems.isEmpty, "\(problems.count) problems, first: \(problems.prefix(3))")
    }
  }

  /// Two canonically equivalent spellings are the same name. Found by the property above: the
  /// anchors "e\u{301}/" (NFD) and "\u{E9}/a" (NFC) are neither <, > nor == to Swift's String
  /// comparison, so the file is not sorted the way the binary search assumes.
  @Test("a claim filed under the other spelling of a directory is still found")
  func mixedSpellingLookup() throws {
    let claims = [
      Claim(spec: file("\(eAcuteNFC)/a"), session: session("carol"), since: t0),
      Claim(spec: glob("\(eAcuteNFD)/x*"), session: session("bob"), since: t0),
    ]
    for order in [claims, claims.reversed()] {
      let index = try ClaimIndex(bytes: ClaimsFile.encode(order, written: t0), path: path)
      for path in ["\(eAcuteNFC)/xy", "\(eAcuteNFD)/xy"] {
        let found = try index.candidates(for: path)
        #expect(
          found.contains { $0.session == session("bob") }, "\(path.unicodeScalars.count) scalars")
      }
    }
  }

  @Test("ancestor keys: the root, each directory and the path itself, with and without '/'")
  func ancestorKeys() {
    #expect(
      ClaimOrder.ancestorKeys(of: "a/B/c.txt") == [
        "", "a", "a/", "a/b", "a/b/", "a/b/c.txt", "a/b/c.txt/",
      ])
    #expect(ClaimOrder.ancestorKeys(of: "a/b/") == ["", "a", "a/", "a/b", "a/b/"])
    #expect(ClaimOrder.ancestorKeys(of: "") == [""])
    #expect(ClaimOrder.ancestorKeys(of: "x") == ["", "x", "x/"])
    // U+212A KELVIN SIGN files with K, its canonical equivalent.
    #expect(PathText.key("\u{212A}elvin/x") == PathText.key("Kelvin/x"))
    #expect(PathText.key("caf\u{E9}") == PathText.key("cafe\u{301}"))
    #expect(PathText.asciiEquivalent(of: "\u{212A}") == "K")
    #expect(PathText.asciiEquivalent(of: "\u{37E}") == ";")
    #expect(PathText.asciiEquivalent(of: "\u{E9}") == nil)
  }
}

private extension String {
  func replacingFirst(_ target: String, with replacement: String) -> String {
    guard let range = firstRange(of: target) else { return self }
    return self[..<range.lowerBound] + replacement + self[range.upperBound...]
  }
}
