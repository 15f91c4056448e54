import Foundation
import Testing

/// The checks every hook tool × install order must pass (issue #11): another session's claimed
/// file is refused, a commit carries exactly one `Agent-Session` trailer, git's empty-message
/// abort is intact, `ledger doctor` is healthy. Each leaves the index as it found it.
extension TempRepository {
  /// Runs the checks; `message` is the commit message the tool accepts, `emptyAbort` what the
  /// refusal of an empty message says (git's, unless the tool's hook refuses it first);
  /// `checkHealth` false leaves out doctor and the liveness warning (a setup another part of
  /// the integration owns).
  func expectToolOrderHolds(
    message: String = "own work", environment: [String: String?] = [:],
    emptyAbort: String = "Aborting commit due to empty commit message", checkHealth: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    let claimed = "claimed-\(UUID().uuidString.prefix(6)).txt"
    expectExit(
      0, try await ledger("claim", claimed, session: "bob"), sourceLocation: sourceLocation)
    try write(claimed, UUID().uuidString)
    try await git("add", claimed)
    let head = try await revision()
    let blocked = try await commit(
      "-m", message, session: "alice", environment: environment)
    try await expectBlocked(
      blocked, headBefore: head, repo: self, mentioning: ["bob"], sourceLocation: sourceLocation)
    try await git("restore", "--staged", claimed)
    try FileManager.default.removeItem(at: url(claimed))
    expectExit(
      0, try await ledger("release", claimed, session: "bob"), sourceLocation: sourceLocation)

    let own = "own-\(UUID().uuidString.prefix(6)).txt"
    try write(own, UUID().uuidString)
    try await git("add", own)
    let empty = try await commit("--cleanup=strip", session: "alice", editor: "true")
    #expect(empty.exited(1), "\(empty)", sourceLocation: sourceLocation)
    #expect(
      (empty.stdout + empty.stderr).contains(emptyAbort), "\(empty)",
      sourceLocation: sourceLocation)
    #expect(try await revision() == head, sourceLocation: sourceLocation)

    let made = try await commit("-q", "-m", message, session: "alice", environment: environment)
    #expect(made.exited(0), "\(made)", sourceLocation: sourceLocation)
    let stamped = try await self.message()
    #expect(
      try await trailerValues("Agent-Session") == ["alice"], "\(stamped)",
      sourceLocation: sourceLocation)

    guard checkHealth else { return }
    let doctor = try await ledger("doctor", session: "alice")
    #expect(doctor.exited(0), "doctor must be healthy\n\(doctor)", sourceLocation: sourceLocation)
    let claim = try await ledger("claim", own, session: "alice")
    #expect(
      !claim.stderr.contains("warning"), "no liveness warning\n\(claim)",
      sourceLocation: sourceLocation)
    expectExit(
      0, try await ledger("release", own, session: "alice"), sourceLocation: sourceLocation)
  }

  /// The names in the hooks folder (without git's samples).
  func hookFiles(_ folder: URL? = nil) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: (folder ?? hooksDirectory).path)
      .filter { !$0.hasSuffix(".sample") }.sorted()
  }

  /// Writes an executable hook `name` into `folder` (default: the repository's hooks folder).
  func writeHook(_ name: String, _ body: String, in folder: URL? = nil) throws {
    let target = (folder ?? hooksDirectory).appendingPathComponent(name)
    try FileManager.default.createDirectory(
      at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(("#!/bin/sh\n" + body + "\n").utf8).write(to: target)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: target.path)
  }
}
