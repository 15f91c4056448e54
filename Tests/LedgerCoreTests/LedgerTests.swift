import Testing

@testable import LedgerCore

private let alice = session("claude:alice")
private let bob = session("codex:bob")
private let hour = Duration(seconds: 3600)

private func at(_ offset: Int64) -> Timestamp { Timestamp(seconds: t0.seconds + offset) }

/// A ledger at `now` holding `claims`.
private func ledger(_ claims: [Claim] = [], now: Timestamp = t0, ignoreCase: Bool = false) -> Ledger
{
  Ledger(claims: claims, now: now, ignoreCase: ignoreCase)
}

private func held(_ ledger: Ledger, by owner: SessionID) -> [String] {
  ledger.claims.filter { $0.session == owner }.map(\.spec.text).sorted()
}

@Suite("Ledger: claim, refresh, steal, release, expire, end")
struct LedgerTests {
  @Test("claiming free specs adds them with since, expiry and note, and records claim events")
  func claimFree() throws {
    var l = ledger()
    let outcome = try l.claim(
      [file("a.txt"), directory("src/")], session: alice, ttl: hour, note: "work", stealReason: nil)
    #expect(outcome.added.map(\.spec) == [file("a.txt"), directory("src/")])
    #expect(outcome.refreshed.isEmpty && outcome.stolen.isEmpty)
    #expect(l.claims.count == 2)
    for claim in l.claims {
      #expect(claim.session == alice)
      #expect(claim.since == t0)
      #expect(claim.expires == at(3600))
      #expect(claim.note == "work")
    }
    #expect(l.events.map(\.kind) == [.claim, .claim])
    #expect(l.events.first?["spec"]?.stringValue == "a.txt")
    #expect(l.events.first?.session == alice.value)
    #expect(l.isChanged)
  }

  @Test("a claim without ttl or note never expires and has an empty note")
  func claimDefaults() throws {
    var l = ledger()
    _ = try l.claim([file("x")], session: alice, ttl: nil, note: nil, stealReason: nil)
    #expect(l.claims.first?.expires == nil)
    #expect(l.claims.first?.note == "")
    #expect(l.claims.first?.isActive(at: Timestamp(seconds: Int64(1) << 40)) == true)
  }

  @Test("the same spec twice in one call is claimed once")
  func duplicateSpecs() throws {
    var l = ledger()
    let outcome = try l.claim(
      [file("x"), file("x")], session: alice, ttl: nil, note: nil, stealReason: nil)
    #expect(outcome.added.count == 1)
    #expect(l.claims.count == 1)
  }

  @Test("a conflict refuses the whole call, names each conflict, and changes nothing")
  func allOrNothing() throws {
    let existing = [
      Claim(
        spec: directory("src/"), session: bob, since: at(-600), expires: at(1800), note: "refactor"),
      Claim(spec: file("docs/a.md"), session: bob, since: at(-60)),
    ]
    var l = ledger(existing)
    let error = expectError(.refused) {
      _ = try l.claim(
        [file("free.txt"), file("src/main.c"), glob("docs/*.md")], session: alice, ttl: nil,
        note: nil, stealReason: nil)
    }
    #expect(l.claims == existing)
    #expect(l.events.isEmpty)
    #expect(!l.isChanged)
    let message = error?.message ?? ""
    #expect(message.contains("src/main.c"))
    #expect(message.contains("held as src/"))
    #expect(message.contains("docs/*.md"))
    #expect(message.contains("docs/a.md"))
    #expect(message.contains(bob.value))
    #expect(message.contains(at(-600).rfc3339))
    #expect(message.contains(at(1800).rfc3339))
    #expect(message.contains("refactor"))
    #expect(message.contains("no expiry"))
    #expect(!message.contains("free.txt"))
    #expect(error?.hint?.contains("--steal") == true)
  }

  @Test("conflicts(for:) lists each overlapping active claim of other sessions once")
  func conflictList() {
    let l = ledger([
      Claim(spec: directory("src/"), session: bob, since: t0),
      Claim(spec: glob("src/**/*.c"), session: bob, since: t0),
      Claim(spec: file("src/a.c"), session: alice, since: t0),
      Claim(spec: file("src/b.c"), session: session("other"), since: t0, expires: at(0)),
      Claim(spec: file("lib/x.c"), session: bob, since: t0),
    ])
    let found = l.conflicts(
      for: [file("src/a.c"), file("src/a.c"), directory("src/")], session: alice)
    let pairs = found.map { "\($0.requested.text) <- \($0.holder.spec.text)" }.sorted()
    #expect(
      pairs == ["src/ <- src/", "src/ <- src/**/*.c", "src/a.c <- src/", "src/a.c <- src/**/*.c"])
  }

  @Test("own claims never conflict")
  func ownClaims() throws {
    var l = ledger([
      Claim(spec: directory("src/"), session: alice, since: t0),
      Claim(spec: glob("**/*.md"), session: alice, since: t0),
    ])
    let outcome = try l.claim(
      [file("src/a.c"), file("README.md"), directory("src/sub/")], session: alice, ttl: nil,
      note: nil,
      stealReason: nil)
    #expect(outcome.added.count == 3)
    #expect(l.conflicts(for: [glob("**")], session: alice).isEmpty)
  }

  @Test("expired claims never conflict; a lease ending exactly now has expired")
  func expiredNeverConflict() throws {
    var l = ledger([
      Claim(spec: directory("src/"), session: bob, since: at(-7200), expires: at(-1)),
      Claim(spec: file("a.txt"), session: bob, since: at(-7200), expires: at(0)),
      Claim(spec: file("b.txt"), session: bob, since: at(-7200), expires: at(1)),
    ])
    #expect(l.activeClaims.map(\.spec.text) == ["b.txt"])
    _ = try l.claim(
      [file("src/x.c"), file("a.txt")], session: alice, ttl: nil, note: nil, stealReason: nil)
    expectError(.refused) {
      _ = try l.claim([file("b.txt")], session: alice, ttl: nil, note: nil, stealReason: nil)
    }
  }

  @Test("claims conflict across the NFC and NFD spellings of a name")
  func conflictsAcrossSpellings() {
    let l = ledger([
      Claim(spec: file("\(eAcuteNFD)/a"), session: bob, since: t0),
      Claim(spec: glob("\(eAcuteNFC)/x*"), session: bob, since: t0),
    ])
    for spec in [
      directory("\(eAcuteNFC)/"), glob("\(eAcuteNFC)/*"), file("\(eAcuteNFC)/a"),
      directory("\(eAcuteNFD)/"), file("\(eAcuteNFD)/xy"), glob("**"),
    ] {
      #expect(!l.conflicts(for: [spec], session: alice).isEmpty, "\(spec.kind) \(spec.text)")
    }
  }

  @Test("claims left by an ended session still conflict")
  func endedClaimsConflict() {
    var l = ledger([Claim(spec: file("a.txt"), session: bob, since: t0, ended: t0)])
    expectError(.refused) {
      _ = try l.claim([file("a.txt")], session: alice, ttl: nil, note: nil, stealReason: nil)
    }
  }

  @Test("re-claiming one's own spec refreshes it: expiry and note updated, since kept")
  func refresh() throws {
    var first = ledger()
    _ = try first.claim([file("a.txt")], session: alice, ttl: hour, note: "one", stealReason: nil)
    var later = ledger(first.claims, now: at(1000))
    let outcome = try later.claim(
      [file("a.txt")], session: alice, ttl: Duration(seconds: 7200), note: nil, stealReason: nil)
    #expect(outcome.added.isEmpty)
    #expect(outcome.refreshed.count == 1)
    #expect(later.claims.count == 1)
    #expect(later.claims[0].since == t0)
    #expect(later.claims[0].expires == at(1000 + 7200))
    #expect(later.claims[0].note == "one")
    #expect(later.events.first?["refresh"]?.boolValue == true)
    _ = try later.claim([file("a.txt")], session: alice, ttl: nil, note: "two", stealReason: nil)
    #expect(later.claims[0].note == "two")
    #expect(later.claims[0].expires == nil)
    #expect(later.claims.count == 1)
  }

  @Test("re-claiming clears the ended mark")
  func refreshClearsEnded() throws {
    var l = ledger([Claim(spec: file("a"), session: alice, since: t0, ended: t0)])
    _ = try l.claim([file("a")], session: alice, ttl: nil, note: nil, stealReason: nil)
    #expect(l.claims[0].ended == nil)
  }

  @Test("re-claiming in the other Unicode spelling refreshes the same claim")
  func refreshOtherSpelling() throws {
    var l = ledger([Claim(spec: file("caf\(eAcuteNFC)"), session: alice, since: t0)])
    let outcome = try l.claim(
      [file("caf\(eAcuteNFD)")], session: alice, ttl: hour, note: nil, stealReason: nil)
    #expect(outcome.refreshed.count == 1)
    #expect(l.claims.count == 1)
  }

  /// In a case-insensitive repository "A.txt" and "a.txt" are one file: re-claiming it in another
  /// case must not leave a second claim that survives releasing the first.
  @Test("ignoring case, re-claiming in another case refreshes, and one release frees the file")
  func refreshOtherCase() throws {
    var l = ledger(ignoreCase: true)
    _ = try l.claim([file("A.txt")], session: alice, ttl: nil, note: nil, stealReason: nil)
    _ = try l.claim([file("a.txt")], session: alice, ttl: nil, note: nil, stealReason: nil)
    #expect(l.claims.count == 1)
    _ = try l.release([file("a.txt")], session: alice)
    #expect(!l.activeClaims.contains { $0.spec.covers("a.txt", ignoreCase: true) })
  }

  @Test("steal takes over the holder's whole claim and records who lost it and why")
  func steal() throws {
    let original = Claim(
      spec: directory("src/"), session: bob, since: at(-600), expires: at(600), note: "bob's note")
    var l = ledger([original, Claim(spec: file("other"), session: bob, since: t0)])
    let outcome = try l.claim(
      [file("src/main.c")], session: alice, ttl: hour, note: nil, stealReason: "bob is gone")
    #expect(outcome.stolen.count == 1)
    #expect(outcome.stolen.first?.from == bob)
    #expect(outcome.stolen.first?.claim.spec == directory("src/"))
    #expect(outcome.added.map(\.spec) == [file("src/main.c")])
    // The whole directory claim changed hands, with a fresh since and lease.
    let stolen = l.claims.first { $0.spec == directory("src/") }
    #expect(stolen?.session == alice)
    #expect(stolen?.since == t0)
    #expect(stolen?.expires == at(3600))
    #expect(held(l, by: bob) == ["other"])
    #expect(held(l, by: alice) == ["src/", "src/main.c"])
    let event = l.events.first { $0.kind == .steal }
    #expect(event?.session == alice.value)
    #expect(event?["from"]?.stringValue == bob.value)
    #expect(event?["reason"]?.stringValue == "bob is gone")
    #expect(event?["previousNote"]?.stringValue == "bob's note")
    #expect(event?["spec"]?.stringValue == "src/")
  }

  @Test("stealing the exact spec leaves one claim and no separate claim event")
  func stealExact() throws {
    var l = ledger([Claim(spec: file("a.txt"), session: bob, since: at(-5), note: "n")])
    let outcome = try l.claim(
      [file("a.txt")], session: alice, ttl: nil, note: "mine", stealReason: "why")
    #expect(outcome.added.isEmpty)
    #expect(outcome.stolen.count == 1)
    #expect(l.claims.count == 1)
    #expect(l.claims[0].session == alice)
    #expect(l.claims[0].note == "mine")
    #expect(l.events.map(\.kind) == [.steal])
  }

  @Test("one steal call takes every conflicting claim once, from every holder")
  func stealMany() throws {
    let carol = session("carol")
    var l = ledger([
      Claim(spec: glob("src/*.c"), session: bob, since: t0),
      Claim(spec: file("src/a.c"), session: carol, since: t0),
    ])
    let outcome = try l.claim(
      [file("src/a.c"), directory("src/")], session: alice, ttl: nil, note: nil, stealReason: "r")
    #expect(Set(outcome.stolen.map(\.from)) == [bob, carol])
    #expect(outcome.stolen.count == 2)
    #expect(l.claims.allSatisfy { $0.session == alice })
    #expect(l.events.filter { $0.kind == .steal }.count == 2)
  }

  @Test("a steal without conflicts is an ordinary claim")
  func stealWithoutConflict() throws {
    var l = ledger()
    let outcome = try l.claim([file("a")], session: alice, ttl: nil, note: nil, stealReason: "r")
    #expect(outcome.stolen.isEmpty)
    #expect(outcome.added.count == 1)
    #expect(!l.events.contains { $0.kind == .steal })
  }

  @Test("release drops exactly the named specs and records release events")
  func release() throws {
    var l = ledger([
      Claim(spec: file("a"), session: alice, since: t0),
      Claim(spec: file("b"), session: alice, since: t0),
      Claim(spec: file("a"), session: bob, since: t0),
    ])
    let released = try l.release([file("a")], session: alice)
    #expect(released.map(\.spec) == [file("a")])
    #expect(held(l, by: alice) == ["b"])
    #expect(held(l, by: bob) == ["a"])
    #expect(l.events.map(\.kind) == [.release])
    #expect(l.events.first?["spec"]?.stringValue == "a")
  }

  @Test("releasing a spec not held is refused and changes nothing")
  func releaseNotHeld() {
    let claims = [
      Claim(spec: file("a"), session: alice, since: t0),
      Claim(spec: directory("src/"), session: alice, since: t0),
      Claim(spec: file("b"), session: bob, since: t0),
      Claim(spec: file("old"), session: alice, since: t0, expires: at(-1)),
    ]
    var l = ledger(claims)
    for specs in [[file("a"), file("b")], [file("src/x.c")], [file("old")], [file("zzz")]] {
      let error = expectError(.refused, "\(specs)") { _ = try l.release(specs, session: alice) }
      #expect(l.claims == claims)
      #expect(l.events.isEmpty)
      #expect(error?.message.contains(alice.value) == true)
    }
    // A covering claim is pointed out.
    let error = expectError(.refused) { _ = try l.release([file("src/x.c")], session: alice) }
    #expect(error?.hint?.contains("'src/'") == true)
  }

  @Test("release matches the other spelling, and the other case when ignoring case")
  func releaseSpellings() throws {
    var l = ledger([Claim(spec: file("caf\(eAcuteNFD)"), session: alice, since: t0)])
    #expect(try l.release([file("caf\(eAcuteNFC)")], session: alice).count == 1)
    var folded = ledger([Claim(spec: file("Read.ME"), session: alice, since: t0)], ignoreCase: true)
    #expect(try folded.release([file("read.me")], session: alice).count == 1)
    var exact = ledger([Claim(spec: file("Read.ME"), session: alice, since: t0)])
    expectError(.refused) { _ = try exact.release([file("read.me")], session: alice) }
  }

  @Test("releaseAll drops every claim of the session and only those")
  func releaseAll() {
    var l = ledger([
      Claim(spec: file("a"), session: alice, since: t0),
      Claim(spec: glob("*.c"), session: alice, since: t0, expires: at(-5)),
      Claim(spec: file("b"), session: bob, since: t0),
    ])
    let released = l.releaseAll(session: alice, reason: "done")
    #expect(released.count == 2)
    #expect(l.claims.map(\.session) == [bob])
    #expect(l.events.count == 2)
    #expect(l.events.allSatisfy { $0.kind == .release && $0["reason"]?.stringValue == "done" })
    var none = ledger()
    #expect(none.releaseAll(session: alice).isEmpty)
    #expect(!none.isChanged)
  }

  @Test("releaseFiles drops the session's file claims on those paths only")
  func releaseFiles() {
    var l = ledger(
      [
        Claim(spec: file("A.c"), session: alice, since: t0),
        Claim(spec: file("b.c"), session: alice, since: t0),
        Claim(spec: directory("d/"), session: alice, since: t0),
        Claim(spec: file("a.c"), session: bob, since: t0),
      ], ignoreCase: true)
    let released = l.releaseFiles(["a.c", "d/", "d/x"], session: alice, reason: "committed")
    #expect(released.map(\.spec.text) == ["A.c"])
    #expect(held(l, by: alice) == ["b.c", "d/"])
    #expect(held(l, by: bob) == ["a.c"])
  }

  @Test("endSession releases what keep rejects, marks the rest as ended, and records it")
  func endSession() {
    var l = ledger(
      [
        Claim(spec: file("dirty.c"), session: alice, since: at(-100)),
        Claim(spec: file("clean.c"), session: alice, since: at(-100)),
        Claim(spec: file("gone.c"), session: alice, since: at(-100), expires: at(-1)),
        Claim(spec: file("bob.c"), session: bob, since: at(-100)),
      ], now: t0)
    let (released, kept) = l.endSession(alice) { $0.spec.text != "clean.c" }
    #expect(kept.map(\.spec.text) == ["dirty.c"])
    #expect(released.map(\.spec.text).sorted() == ["clean.c", "gone.c"])
    #expect(l.claims.first { $0.spec.text == "dirty.c" }?.ended == t0)
    #expect(l.claims.first { $0.spec.text == "bob.c" }?.ended == nil)
    #expect(l.claims.count == 2)
    let end = l.events.last
    #expect(end?.kind == .sessionEnd)
    #expect(end?["released"]?.integerValue == 2)
    #expect(end?["kept"] == JSONValue.array([.string("dirty.c")]))
    #expect(
      l.events.filter { $0.kind == .release }.allSatisfy {
        $0["reason"]?.stringValue == "session ended"
      })
  }

  @Test("endSession keeping nothing releases everything")
  func endSessionReleaseAll() {
    var l = ledger([Claim(spec: file("a"), session: alice, since: t0)])
    let (released, kept) = l.endSession(alice) { _ in false }
    #expect(released.count == 1 && kept.isEmpty)
    #expect(l.claims.isEmpty)
  }

  @Test("dropExpired removes expired claims and records an expire event for each")
  func dropExpired() {
    var l = ledger([
      Claim(spec: file("a"), session: alice, since: at(-100), expires: at(-1)),
      Claim(spec: file("b"), session: bob, since: at(-100), expires: at(0)),
      Claim(spec: file("c"), session: bob, since: at(-100), expires: at(1)),
      Claim(spec: file("d"), session: bob, since: at(-100)),
    ])
    l.dropExpired()
    #expect(l.claims.map(\.spec.text) == ["c", "d"])
    #expect(l.events.map(\.kind) == [.expire, .expire])
    #expect(l.events.map { $0["spec"]?.stringValue } == ["a", "b"])
    #expect(l.events.map(\.session) == [alice.value, bob.value])
    #expect(l.events.allSatisfy { $0.time == t0 })
    var fresh = ledger([Claim(spec: file("x"), session: bob, since: t0)])
    fresh.dropExpired()
    #expect(!fresh.isChanged)
  }

  @Test("record appends an arbitrary event")
  func record() {
    var l = ledger()
    l.record(AuditEvent(.sessionStart, time: t0, session: alice.value))
    #expect(l.isChanged)
    #expect(l.events.map(\.kind) == [.sessionStart])
  }

  @Test("audit events serialise as time, event, session, then details, and read back")
  func auditEventJSON() throws {
    let event = AuditEvent(
      .steal, time: t0, session: "s", details: [("spec", .string("a")), ("from", .string("b"))])
    #expect(
      JSONWriter.compact(event.json)
        == "{\"time\":\"\(t0.rfc3339)\",\"event\":\"steal\",\"session\":\"s\",\"spec\":\"a\",\"from\":\"b\"}"
    )
    #expect(AuditEvent(json: event.json) == event)
    let unscoped = AuditEvent(.commit, time: t0, session: nil)
    #expect(JSONWriter.compact(unscoped.json).contains("\"session\":null"))
    #expect(AuditEvent(json: unscoped.json)?.session == nil)
    #expect(AuditEvent(json: try JSONParser.parse("{\"time\":\"x\",\"event\":\"claim\"}")) == nil)
    #expect(
      AuditEvent(json: try JSONParser.parse("{\"time\":\"\(t0)\",\"event\":\"nope\"}")) == nil)
  }
}
