import Foundation
import Testing

@testable import LedgerCore

@Suite("LedgerGeneration: the claims file's generation, as the audit log knows it")
struct LedgerGenerationTests {
  private func claim(_ spec: String, _ owner: String, generation: Int64, complete: Bool)
    -> String
  {
    var event = AuditEvent(
      .claim, time: t0, session: owner,
      details: AuditEvent.claimDetails(Claim(spec: file(spec), session: session(owner), since: t0))
        + [(LedgerGeneration.key, .integer(generation))])
    if complete { event.details.append((LedgerGeneration.completeKey, .bool(true))) }
    return JSONWriter.compact(event.json)
  }

  private func commitEvent() -> String {
    JSONWriter.compact(
      AuditEvent(.commit, time: t0, session: "s", details: [("sha", .string("abc"))]).json)
  }

  @Test("the newest complete write counts; a batch without its complete line never happened")
  func tornBatch() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/log.jsonl"
    let lines = [
      claim("a.txt", "s", generation: 1, complete: true),
      commitEvent(),
      // A write whose append was cut after its first event: generation 2 never completed.
      claim("b.txt", "t", generation: 2, complete: false),
      commitEvent(),
    ]
    // And a torn last line, which mentions a generation but was never finished.
    let text = lines.joined(separator: "\n") + "\n" + #"{"time":"x","generation":3,"comp"#
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    let logged = try LedgerGeneration.read(log: path)
    #expect(logged.committed == 1)
    #expect(logged.highest == 2)
    #expect(logged.next(after: 1) == 3, "a number is never used twice")
    #expect(logged.accepts(file: 1))
    #expect(!logged.accepts(file: 0))
    #expect(!logged.accepts(file: nil), "a missing file while the log records a write")
    let events = try AuditLog(path: path).read().events
    #expect(LedgerRepair.rebuild(from: events, now: t0).map(\.spec.text) == ["a.txt"])
  }

  @Test("a log without generations: no file is fine, unless it records an older claim")
  func olderLogs() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/log.jsonl"
    #expect(try LedgerGeneration.read(log: path, lookForOldClaims: true).accepts(file: nil))
    try Data((commitEvent() + "\n").utf8).write(to: URL(fileURLWithPath: path))
    #expect(try LedgerGeneration.read(log: path, lookForOldClaims: true).accepts(file: nil))
    let old = JSONWriter.compact(
      AuditEvent(
        .claim, time: t0, session: "s",
        details: AuditEvent.claimDetails(Claim(spec: file("a"), session: session("s"), since: t0))
      ).json)
    try Data((old + "\n" + commitEvent() + "\n").utf8).write(to: URL(fileURLWithPath: path))
    let logged = try LedgerGeneration.read(log: path, lookForOldClaims: true)
    #expect(!logged.accepts(file: nil))
    #expect(logged.accepts(file: 0), "a format-1 file of that older ledger")
  }

  @Test("a write that died after logging is read from claims.jsonl.lock, and a write rolls it on")
  func pendingFile() throws {
    let directory = try TemporaryDirectory()
    let store = LedgerStore(directory: directory.path)
    _ = try store.claim(
      [file("a")], session: session("s"), ttl: nil, note: nil, stealReason: nil, now: t0,
      ignoreCase: false, holder: "t", timeout: 5)
    let first = try FileSystem.read(store.claimsPath)
    _ = try store.claim(
      [file("b")], session: session("t"), ttl: nil, note: nil, stealReason: nil, now: t0,
      ignoreCase: false, holder: "t", timeout: 5)
    // As if the second write had died between its log append and its rename.
    try FileSystem.move(store.claimsPath, to: store.pendingPath)
    try Data(first).write(to: URL(fileURLWithPath: store.claimsPath))
    #expect(try store.loadClaims().map(\.spec.text) == ["a", "b"])
    #expect(try store.index().candidates(for: "b").map(\.session.value) == ["t"])
    // Without the pending file, the older claims file is unreadable.
    try FileSystem.remove(store.pendingPath)
    expectError(.environment) { _ = try store.index() }
    expectError(.environment) { _ = try store.loadClaims() }
    let report = try LedgerRepair.repair(store, now: t0, timeout: 5, session: nil)
    #expect(report.rebuilt == 2)
    #expect(try store.loadClaims().map(\.spec.text) == ["a", "b"])
  }

  @Test("an anchor ends the scan: the reader knows the log without reading every commit")
  func anchors() throws {
    let directory = try TemporaryDirectory()
    let store = LedgerStore(directory: directory.path)
    _ = try store.claim(
      [file("a")], session: session("s"), ttl: nil, note: nil, stealReason: nil, now: t0,
      ignoreCase: false, holder: "t", timeout: 5)
    // A commit recorded by a hook that read generation 1 carries the anchor.
    let known = try store.openIndex().known
    try store.record(
      [AuditEvent(.commit, time: t0, session: "s", details: [("commit", .string("c1"))])],
      known: known)
    let anchored = try #require(try store.readLog().events.last)
    #expect(anchored[LedgerGeneration.anchorKey] == .integer(1), "\(anchored.json)")
    // A line above the anchor that a full scan would take for a newer complete write (only a
    // hand edit can put it there) is not read: the scan stopped at the anchor.
    let text = try String(contentsOfFile: store.log.path, encoding: .utf8)
    let forged = claim("z", "x", generation: 9, complete: true)
    let lines = text.split(separator: "\n").map(String.init)
    let edited = ([forged] + lines).joined(separator: "\n") + "\n"
    try Data(edited.utf8).write(to: URL(fileURLWithPath: store.log.path))
    let logged = try LedgerGeneration.read(log: store.log.path)
    #expect(logged.committed == 1)
    #expect(logged.accepts(file: 1))
    #expect(try store.index().candidates(for: "a").map(\.session.value) == ["s"])
  }

  @Test("with no claims yet, an anchor of 0 spares the scan for an older version's claims")
  func anchorWithoutClaims() throws {
    let directory = try TemporaryDirectory()
    let store = LedgerStore(directory: directory.path)
    try store.record([AuditEvent(.commit, time: t0, session: "s", details: [])])
    let known = try store.openIndex().known
    #expect(known.file == nil)
    try store.record(
      [AuditEvent(.commit, time: t0, session: "s", details: [("commit", .string("c2"))])],
      known: known)
    #expect(try store.readLog().events.last?[LedgerGeneration.anchorKey] == .integer(0))
    let logged = try LedgerGeneration.read(log: store.log.path, lookForOldClaims: true)
    #expect(logged.committed == nil && !logged.claimedBefore && logged.accepts(file: nil))
  }

  @Test("an anchor keeps a torn batch's number used: no generation number is given twice")
  func anchorKeepsTornNumber() throws {
    let directory = try TemporaryDirectory()
    let path = directory.path + "/log.jsonl"
    let lines = [
      claim("a.txt", "s", generation: 1, complete: true),
      claim("b.txt", "t", generation: 2, complete: false),
    ]
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
    let before = try LedgerGeneration.read(log: path)
    #expect(before.committed == 1 && before.highest == 2)
    var event = AuditEvent(.commit, time: t0, session: "s", details: [])
    event.details += before.anchor(file: 1)
    let text = lines.joined(separator: "\n") + "\n" + JSONWriter.compact(event.json) + "\n"
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    let after = try LedgerGeneration.read(log: path)
    #expect(after.committed == 1)
    #expect(after.next(after: 1) == 3, "generation 2 was used by the torn batch")
  }
}
