import Foundation
import Testing

@testable import LedgerCore

/// The in-place edits of `LedgerStore.claim`/`release` must leave exactly the ledger the full
/// rules (`Ledger`) would, and a file every reader accepts.
@Suite("LedgerStore's in-place claim and release")
struct LedgerStoreEditsTests {
  static let specs: [PathSpec] = [
    file("a.txt"), file("A.txt"), file("src/a.swift"), file("src/b.swift"), file("src/x/y.c"),
    directory("src/"), directory("src/x/"), directory("docs/"), glob("src/*.swift"),
    glob("**/*.md"), glob("docs/**"), file("docs/guide.md"), file("caf\(eAcuteNFC).txt"),
    file("caf\(eAcuteNFD).txt"), file("zz/top.txt"),
  ]

  /// The claims as a comparable set of (spec, kind, session, since, expires, note, ended).
  static func normalized(_ claims: [Claim]) -> [String] {
    claims.map {
      "\($0.spec.kind.rawValue) \($0.spec.text) \($0.session.value) \($0.since.seconds) \($0.expires?.seconds ?? -1) \($0.note) \($0.ended?.seconds ?? -1)"
    }.sorted()
  }

  /// The claim and release events of `events`, as comparable text (the generation and anchor
  /// keys, which only the store writes, left out).
  static func changes(_ events: [AuditEvent]) -> [String] {
    events.filter { [.claim, .release].contains($0.kind) }.map { event in
      let keys = ["spec", "kind", "since", "expires", "note", "refresh"]
      let details = keys.map { key in "\(key)=\(event[key].map(JSONWriter.compact) ?? "-")" }
      return "\(event.kind.rawValue) \(event.session ?? "-") " + details.joined(separator: " ")
    }
  }

  @Test(
    "random claims and releases: in-place edits agree with the full rules, claims and events (property; replay with LEDGER_TEST_SEED)",
    arguments: [false, true])
  func agreesWithModel(ignoreCase: Bool) throws {
    var generator = SeededGenerator.fromEnvironment()
    let seed = "LEDGER_TEST_SEED=\(generator.seed)"
    for _ in 0..<8 {
      let directory = try TemporaryDirectory()
      let store = LedgerStore(directory: directory.path)
      var model = Ledger(claims: [], now: t0, ignoreCase: ignoreCase)
      var now = t0
      for step in 0..<60 {
        now = Timestamp(seconds: now.seconds + Int64.random(in: 0...900, using: &generator))
        let actor = session(["s1", "s2", "s3"].randomElement(using: &generator)!)
        let picked = (0..<Int.random(in: 1...3, using: &generator)).map { _ in
          Self.specs.randomElement(using: &generator)!
        }
        let ttl: Duration? = Bool.random(using: &generator) ? Duration(seconds: 1800) : nil
        model = Ledger(claims: model.claims, now: now, ignoreCase: ignoreCase)
        model.dropExpired()
        let logged = try store.log.read().events.count
        var expected: Result<[String], LedgerError>
        var actual: Result<[String], LedgerError>
        if Bool.random(using: &generator) || step < 5 {
          // A repeated note (and no lease) makes some re-claims change nothing.
          let note = Bool.random(using: &generator) ? "same" : "step \(step)"
          do {
            let outcome = try model.claim(
              picked, session: actor, ttl: ttl, note: note, stealReason: nil)
            expected = .success(Self.normalized(outcome.added + outcome.refreshed))
          } catch { expected = .failure(error) }
          do {
            let outcome = try store.claim(
              picked, session: actor, ttl: ttl, note: note, stealReason: nil, now: now,
              ignoreCase: ignoreCase, holder: "test", timeout: 5)
            actual = .success(Self.normalized(outcome.added + outcome.refreshed))
          } catch { actual = .failure(error) }
        } else {
          do {
            expected = .success(Self.normalized(try model.release(picked, session: actor)))
          } catch { expected = .failure(error) }
          do {
            actual = .success(
              Self.normalized(
                try store.release(
                  picked, session: actor, now: now, ignoreCase: ignoreCase, holder: "test",
                  timeout: 5)))
          } catch { actual = .failure(error) }
        }
        switch (expected, actual) {
        case (.success(let a), .success(let b)): #expect(a == b, "step \(step), \(seed)")
        case (.failure(let a), .failure(let b)): #expect(a.code == b.code, "step \(step), \(seed)")
        default:
          Issue.record("step \(step): model \(expected), store \(actual), \(seed)")
        }
        // The same events: a re-claim that changes nothing logs nothing on either path.
        let appended = Array(try store.log.read().events.dropFirst(logged))
        #expect(
          Self.changes(appended) == Self.changes(model.events), "step \(step), \(seed)")
        // Every reader accepts the file, and it holds what the model holds.
        let onDisk = try store.loadClaims()
        #expect(
          Self.normalized(onDisk.filter { $0.isActive(at: now) })
            == Self.normalized(model.activeClaims), "step \(step)")
        let index = try store.index()
        #expect(index.claimCount == onDisk.count)
        for holder in ["s1", "s2", "s3"] {
          let holds = model.activeClaims.contains { $0.session.value == holder }
          if holds { #expect(index.othersMayHoldClaims(besides: session("other"), at: now)) }
          if holds { #expect(index.mayHoldClaims(session(holder), at: now)) }
        }
      }
    }
  }

  @Test("an in-place claim touches only its own line: other lines keep their bytes")
  func keepsOtherLines() throws {
    let directory = try TemporaryDirectory()
    let store = LedgerStore(directory: directory.path)
    _ = try store.claim(
      [file("a/1"), file("b/2"), file("c/3")], session: session("s1"), ttl: nil, note: "x",
      stealReason: nil, now: t0, ignoreCase: false, holder: "t", timeout: 5)
    let before = try FileSystem.read(store.claimsPath)
    _ = try store.claim(
      [file("b/25")], session: session("s2"), ttl: nil, note: "y", stealReason: nil,
      now: Timestamp(seconds: t0.seconds + 10), ignoreCase: false, holder: "t", timeout: 5)
    let after = try FileSystem.read(store.claimsPath)
    let oldLines = String(decoding: before, as: UTF8.self).split(separator: "\n").dropFirst()
      .dropLast()
    let newLines = String(decoding: after, as: UTF8.self).split(separator: "\n").dropFirst()
      .dropLast()
    #expect(newLines.count == oldLines.count + 1)
    // The content of each line (before its check value, which depends on its place) is kept.
    func content(_ line: Substring) -> Substring { line.dropLast(LineCheck.suffixLength) }
    let newContents = newLines.map(content)
    for line in oldLines { #expect(newContents.contains(content(line))) }
    let log = try store.log.read().events
    #expect(log.map(\.kind) == [.claim, .claim, .claim, .claim])
  }

  @Test("a header whose summary understates the claims is refused")
  func understatedSummary() throws {
    let directory = try TemporaryDirectory()
    let store = LedgerStore(directory: directory.path)
    _ = try store.claim(
      [file("a")], session: session("s1"), ttl: nil, note: "", stealReason: nil, now: t0,
      ignoreCase: false, holder: "t", timeout: 5)
    var text = String(decoding: try FileSystem.read(store.claimsPath), as: UTF8.self)
    text = text.replacingOccurrences(of: "\"claims\":1", with: "\"claims\":0")
    try FileSystem.writeAtomically(store.claimsPath, Array(text.utf8))
    expectError(.environment) { _ = try store.loadClaims() }
  }
}
