import Foundation
import PropertyBased
import Testing

@testable import LedgerCore

/// A few claims of every kind, with notes that need escaping and optional fields set and unset.
let sampleClaims: [Claim] = [
  Claim(spec: directory("src/"), session: session("claude:abc"), since: t0),
  Claim(
    spec: file("src/main.swift"), session: session("codex:1"),
    since: Timestamp(seconds: t0.seconds + 5),
    expires: Timestamp(seconds: t0.seconds + 3600), note: "fixing \"main\"\nline two"),
  Claim(
    spec: glob("docs/**/*.md"), session: session("claude:abc"), since: t0,
    expires: Timestamp(seconds: t0.seconds + 7200), note: "caf\(eAcuteNFD) \u{1F600}"),
  Claim(
    spec: file("README.md"), session: session("me"), since: t0, note: "",
    ended: Timestamp(seconds: t0.seconds + 60)),
  Claim(spec: glob("**"), session: session("me"), since: t0),
]

private func path() -> String { "/repo/.git/ledger/claims.jsonl" }

/// The lines of a file (without their newlines).
private func lines(_ bytes: [UInt8]) -> [[UInt8]] {
  bytes.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
}

private func joined(_ lines: [[UInt8]]) -> [UInt8] {
  Array(lines.joined(separator: [10]))
}

@Suite("ClaimsFile: the sorted JSON Lines file of claims")
struct ClaimsFileTests {
  @Test("encode then decode gives the claims back, sorted")
  func roundTrip() throws {
    let bytes = ClaimsFile.encode(sampleClaims, written: t0)
    let decoded = try ClaimsFile.decode(bytes, path: path())
    #expect(decoded.count == sampleClaims.count)
    #expect(decoded == sampleClaims.sorted(by: ClaimOrder.precedes))
    for claim in sampleClaims { #expect(decoded.contains(claim)) }
    // Encoding is deterministic and independent of the input order.
    #expect(ClaimsFile.encode(sampleClaims.reversed(), written: t0) == bytes)
    #expect(ClaimsFile.encode(decoded, written: t0) == bytes)
  }

  @Test("the layout: header, one claim a line, footer with count and byte length")
  func layout() throws {
    let bytes = ClaimsFile.encode(sampleClaims, written: t0)
    #expect(bytes.last == 10)
    let all = lines(bytes).dropLast()  // after the final newline
    #expect(all.count == sampleClaims.count + 2)
    let header = try JSONParser.parse(all.first!)
    #expect(header["agentledger"]?.stringValue == "claims")
    #expect(header["version"]?.integerValue == 2)
    #expect(header["generation"]?.integerValue == 1)
    #expect(header["written"]?.stringValue == t0.rfc3339)
    let footer = try JSONParser.parse(all.last!)
    #expect(footer["end"]?.stringValue == "claims")
    #expect(footer["count"]?.integerValue == Int64(sampleClaims.count))
    let bodyBytes = all.dropFirst().dropLast().reduce(0) { $0 + $1.count + 1 }
    #expect(footer["bytes"]?.integerValue == Int64(bodyBytes))
    // Each claim line is one JSON object with the documented fields.
    let first = try JSONParser.parse(all[1])
    #expect(
      first.objectValue?.map(\.key) == [
        "spec", "kind", "session", "since", "expires", "note", "check",
      ])
  }

  @Test(
    "the header summarises each session: count and latest expiry, or none when one never expires")
  func summaries() throws {
    let index = try ClaimIndex(bytes: ClaimsFile.encode(sampleClaims, written: t0), path: path())
    let bySession = Dictionary(uniqueKeysWithValues: index.sessions.map { ($0.session.value, $0) })
    #expect(index.sessions.map(\.session.value) == ["claude:abc", "codex:1", "me"])
    #expect(bySession["claude:abc"]?.claims == 2)
    #expect(bySession["claude:abc"]?.until == nil)
    #expect(bySession["codex:1"]?.claims == 1)
    #expect(bySession["codex:1"]?.until == Timestamp(seconds: t0.seconds + 3600))
    let leased = [
      Claim(
        spec: file("a"), session: session("s"), since: t0,
        expires: Timestamp(seconds: t0.seconds + 10)),
      Claim(
        spec: file("b"), session: session("s"), since: t0,
        expires: Timestamp(seconds: t0.seconds + 99)),
      Claim(
        spec: file("c"), session: session("s"), since: t0,
        expires: Timestamp(seconds: t0.seconds + 50)),
    ]
    let leasedIndex = try ClaimIndex(bytes: ClaimsFile.encode(leased, written: t0), path: path())
    #expect(leasedIndex.sessions.first?.until == Timestamp(seconds: t0.seconds + 99))
    #expect(leasedIndex.othersMayHoldClaims(besides: nil, at: Timestamp(seconds: t0.seconds + 98)))
    #expect(!leasedIndex.othersMayHoldClaims(besides: nil, at: Timestamp(seconds: t0.seconds + 99)))
    #expect(!leasedIndex.othersMayHoldClaims(besides: session("s"), at: t0))
    #expect(leasedIndex.othersMayHoldClaims(besides: session("t"), at: t0))
    #expect(leasedIndex.mayHoldClaims(session("s"), at: t0))
    #expect(!leasedIndex.mayHoldClaims(session("t"), at: t0))
  }

  @Test("an empty ledger round-trips")
  func empty() throws {
    let bytes = ClaimsFile.encode([], written: t0)
    #expect(try ClaimsFile.decode(bytes, path: path()).isEmpty)
    #expect(try ClaimIndex(bytes: bytes, path: path()).allClaims().isEmpty)
  }

  /// Every proper prefix of a file is what a crash or a full disk could leave behind.
  @Test("truncation at every byte offset is detected")
  func truncation() throws {
    let bytes = ClaimsFile.encode(Array(sampleClaims.prefix(3)), written: t0)
    for length in 0..<bytes.count {
      let prefix = Array(bytes[..<length])
      expectError(.environment, "ClaimsFile.decode of the first \(length) of \(bytes.count) bytes")
      {
        _ = try ClaimsFile.decode(prefix, path: path())
      }
      expectError(.environment, "ClaimIndex of the first \(length) of \(bytes.count) bytes") {
        _ = try ClaimIndex(bytes: prefix, path: path())
      }
    }
  }

  @Test("a decode never returns claims other than those written, whatever the prefix")
  func truncationNeverLies() throws {
    let claims = Array(sampleClaims.prefix(3))
    let bytes = ClaimsFile.encode(claims, written: t0)
    let expected = claims.sorted(by: ClaimOrder.precedes)
    for length in 0..<bytes.count {
      if let decoded = try? ClaimsFile.decode(Array(bytes[..<length]), path: path()) {
        #expect(decoded == expected, "the first \(length) bytes decoded to other claims")
      }
    }
  }

  @Test("a footer whose byte count or claim count is wrong is detected")
  func wrongCounts() throws {
    let bytes = ClaimsFile.encode(sampleClaims, written: t0)
    var all = lines(bytes)
    let footerIndex = all.count - 2
    let footer = try JSONParser.parse(all[footerIndex])
    for (key, delta) in [("bytes", 1), ("bytes", -1), ("count", 1), ("count", -1)] {
      let original = footer[key]!.integerValue!
      all[footerIndex] = Array(
        JSONWriter.compact(footer.setting(key, to: .integer(original + Int64(delta)))).utf8)
      let changed = joined(all)
      let error = expectError(.environment, "\(key) \(delta)") {
        _ = try ClaimsFile.decode(changed, path: path())
      }
      #expect(error?.message.contains(path()) == true)
      if key == "bytes" {
        expectError(.environment) { _ = try ClaimIndex(bytes: changed, path: path()) }
      }
    }
  }

  @Test("a claim line removed, added or altered in length is detected")
  func editedBody() throws {
    let bytes = ClaimsFile.encode(sampleClaims, written: t0)
    let all = lines(bytes)
    var removed = all
    removed.remove(at: 2)
    expectError(.environment) { _ = try ClaimsFile.decode(joined(removed), path: path()) }
    expectError(.environment) { _ = try ClaimIndex(bytes: joined(removed), path: path()) }
    var duplicated = all
    duplicated.insert(all[2], at: 2)
    expectError(.environment) { _ = try ClaimsFile.decode(joined(duplicated), path: path()) }
    var longer = all
    longer[2] = Array(
      String(decoding: all[2], as: UTF8.self).replacingOccurrences(
        of: "\"note\":\"", with: "\"note\":\"x"
      )
      .utf8)
    expectError(.environment) { _ = try ClaimsFile.decode(joined(longer), path: path()) }
    expectError(.environment) { _ = try ClaimIndex(bytes: joined(longer), path: path()) }
  }

  @Test("reordered claim lines are detected")
  func reordered() throws {
    let bytes = ClaimsFile.encode(sampleClaims, written: t0)
    var all = lines(bytes)
    all.swapAt(1, 3)
    let error = expectError(.environment) { _ = try ClaimsFile.decode(joined(all), path: path()) }
    #expect(error?.message.contains("check value does not match") == true)
  }

  @Test("a same-length reorder is refused by every index lookup that reads a moved line")
  func reorderedIndex() throws {
    let claims = (0..<60).map { number in
      Claim(
        spec: file("f\(number < 10 ? "0" : "")\(number).txt"),
        session: session(number == 59 ? "carol" : "alice"), since: t0)
    }
    var all = lines(ClaimsFile.encode(claims, written: t0))
    #expect(all[1].count == all[60].count)
    all.swapAt(1, 60)
    let index = try ClaimIndex(bytes: joined(all), path: path())
    let error = expectError(.environment) { _ = try index.candidates(for: "f59.txt") }
    #expect(error?.message.contains(path()) == true)
    expectError(.environment) { _ = try index.allClaims() }
    expectError(.environment) { _ = try ClaimsFile.decode(joined(all), path: path()) }
  }

  @Test("every one-byte change to a claim line is refused by the lookup that reads it")
  func everyByteChecked() throws {
    let bytes = ClaimsFile.encode(Array(sampleClaims.prefix(2)), written: t0)
    let all = lines(bytes)
    let start = all[0].count + 1
    for offset in start..<(start + all[1].count) {
      var changed = bytes
      changed[offset] = changed[offset] == UInt8(ascii: "a") ? UInt8(ascii: "b") : UInt8(ascii: "a")
      expectError(.environment, "byte \(offset)") {
        _ = try ClaimIndex(bytes: changed, path: path()).allClaims()
      }
      expectError(.environment, "byte \(offset)") {
        _ = try ClaimsFile.decode(changed, path: path())
      }
    }
  }

  @Test("lines copied from another generation, or a header edited, are refused")
  func otherGeneration() throws {
    let first = lines(ClaimsFile.encode(sampleClaims, written: t0, generation: 1))
    var second = lines(ClaimsFile.encode(sampleClaims, written: t0, generation: 2))
    #expect(first[1] != second[1])
    second[2] = first[2]
    expectError(.environment) { _ = try ClaimsFile.decode(joined(second), path: path()) }
    expectError(.environment) {
      _ = try ClaimIndex(bytes: joined(second), path: path()).allClaims()
    }
    var header = lines(ClaimsFile.encode(sampleClaims, written: t0, generation: 2))
    header[0] = Array(
      String(decoding: header[0], as: UTF8.self).replacingOccurrences(
        of: "\"generation\":2", with: "\"generation\":3"
      ).utf8)
    expectError(.environment) { _ = try ClaimIndex(bytes: joined(header), path: path()) }
  }

  @Test("a format-1 file is read after validating all of it; a reordered one is refused")
  func legacyFormat() throws {
    let body = [
      "{\"spec\":\"a.txt\",\"kind\":\"file\",\"session\":\"s\",\"since\":\"2026-11-27T16:00:00Z\",\"expires\":null,\"note\":\"\"}",
      "{\"spec\":\"b.txt\",\"kind\":\"file\",\"session\":\"t\",\"since\":\"2026-11-27T16:00:00Z\",\"expires\":null,\"note\":\"\"}",
    ]
    func file(_ lines: [String]) -> [UInt8] {
      let text = lines.map { $0 + "\n" }.joined()
      return Array(
        ("{\"agentledger\":\"claims\",\"version\":1,\"written\":\"2026-11-27T16:00:00Z\",\"sessions\":[{\"session\":\"s\",\"claims\":1,\"until\":null},{\"session\":\"t\",\"claims\":1,\"until\":null}]}\n"
          + text + "{\"end\":\"claims\",\"count\":2,\"bytes\":\(text.utf8.count)}\n").utf8)
    }
    #expect(try ClaimsFile.decode(file(body), path: path()).count == 2)
    let index = try ClaimIndex(bytes: file(body), path: path())
    #expect(index.generation == 0)
    #expect(try index.candidates(for: "b.txt").map(\.session.value) == ["t"])
    expectError(.environment) { _ = try ClaimIndex(bytes: file(body.reversed()), path: path()) }
  }

  @Test("another format version is refused with exit 3, naming both versions")
  func badVersion() throws {
    let bytes = ClaimsFile.encode(sampleClaims, written: t0)
    var all = lines(bytes)
    let header = try JSONParser.parse(all[0])
    for version: JSONValue in [.integer(3), .integer(0), .string("2"), .null] {
      all[0] = Array(JSONWriter.compact(header.setting("version", to: version)).utf8)
      let error = expectError(.environment, "\(version)") {
        _ = try ClaimsFile.decode(joined(all), path: path())
      }
      expectError(.environment, "\(version)") {
        _ = try ClaimIndex(bytes: joined(all), path: path())
      }
      if version == .integer(3) { #expect(error?.message.contains("version 3") == true) }
    }
    var missing = lines(bytes)
    missing[0] = Array("{\"agentledger\":\"claims\"}".utf8)
    expectError(.environment) { _ = try ClaimsFile.decode(joined(missing), path: path()) }
    var foreign = lines(bytes)
    foreign[0] = Array("{\"something\":\"else\",\"version\":1}".utf8)
    expectError(.environment) { _ = try ClaimsFile.decode(joined(foreign), path: path()) }
  }

  @Test(
    "malformed claim lines are detected",
    arguments: [
      "{\"spec\":\"a/\",\"kind\":\"file\",\"session\":\"s\",\"since\":\"2026-11-27T16:00:00Z\",\"expires\":null,\"note\":\"\"}",
      "{\"spec\":\"a\",\"kind\":\"directory\",\"session\":\"s\",\"since\":\"2026-11-27T16:00:00Z\",\"expires\":null,\"note\":\"\"}",
      "{\"spec\":\"a\",\"kind\":\"folder\",\"session\":\"s\",\"since\":\"2026-11-27T16:00:00Z\",\"expires\":null,\"note\":\"\"}",
      "{\"spec\":\"a\",\"kind\":\"file\",\"session\":\"bad id\",\"since\":\"2026-11-27T16:00:00Z\",\"expires\":null,\"note\":\"\"}",
      "{\"spec\":\"a\",\"kind\":\"file\",\"session\":\"s\",\"since\":\"yesterday\",\"expires\":null,\"note\":\"\"}",
      "{\"spec\":\"a\",\"kind\":\"file\",\"session\":\"s\",\"since\":\"2026-11-27T16:00:00Z\",\"expires\":5,\"note\":\"\"}",
      "{\"spec\":\"a\",\"kind\":\"file\",\"session\":\"s\",\"since\":\"2026-11-27T16:00:00Z\",\"note\":\"\"}",
      "{\"spec\":\"a\",\"kind\":\"file\",\"session\":\"s\",\"since\":\"2026-11-27T16:00:00Z\",\"expires\":null}",
      "{\"spec\":\"\",\"kind\":\"file\",\"session\":\"s\",\"since\":\"2026-11-27T16:00:00Z\",\"expires\":null,\"note\":\"\"}",
      "{\"spec\":\"a\",\"kind\":\"file\",\"session\":\"s\",\"since\":\"2026-11-27T16:00:00Z\",\"expires\":null,\"note\":\"\",\"ended\":\"no\"}",
      "[\"a\"]", "not json",
    ])
  func malformedLine(_ line: String) {
    let body = line + "\n"
    let text =
      "{\"agentledger\":\"claims\",\"version\":1,\"written\":\"2026-11-27T16:00:00Z\",\"sessions\":[]}\n"
      + body + "{\"end\":\"claims\",\"count\":1,\"bytes\":\(body.utf8.count)}\n"
    let error = expectError(.environment) {
      _ = try ClaimsFile.decode(Array(text.utf8), path: path())
    }
    #expect(error?.message.contains("line 2") == true)
    #expect(error?.hint?.contains("ledger doctor --repair") == true)
  }

  @Test("a hand-written valid file decodes")
  func handWritten() throws {
    let body =
      "{\"spec\":\"a/\",\"kind\":\"directory\",\"session\":\"s\",\"since\":\"2026-11-27T16:00:00Z\",\"expires\":\"2026-11-27T17:00:00+00:00\",\"note\":\"n\",\"ended\":null}\n"
    let text =
      "{\"agentledger\":\"claims\",\"version\":1}\n" + body
      + "{\"end\":\"claims\",\"count\":1,\"bytes\":\(body.utf8.count)}\n"
    let claims = try ClaimsFile.decode(Array(text.utf8), path: path())
    #expect(
      claims == [
        Claim(
          spec: directory("a/"), session: session("s"), since: t0,
          expires: Timestamp(seconds: t0.seconds + 3600), note: "n")
      ])
  }

  @Test("the empty file and a file of blank lines are unreadable")
  func emptyFile() {
    expectError(.environment) { _ = try ClaimsFile.decode([], path: path()) }
    expectError(.environment) { _ = try ClaimsFile.decode([10, 10, 10], path: path()) }
    expectError(.environment) { _ = try ClaimIndex(bytes: [], path: path()) }
  }

  @Test("random ledgers round-trip (property)")
  func roundTripProperty() async {
    let ledgers = Generator<[Claim], Shrink.None<[Claim]>>(run: { rng in
      randomClaims(&rng, count: 40)
    })
    await propertyCheck(count: 60, input: ledgers) { claims in
      let bytes = ClaimsFile.encode(claims, written: t0)
      let decoded = try ClaimsFile.decode(bytes, path: path())
      #expect(decoded == claims.sorted(by: ClaimOrder.precedes))
      #expect(try ClaimIndex(bytes: bytes, path: path()).allClaims() == decoded)
    }
  }
}
