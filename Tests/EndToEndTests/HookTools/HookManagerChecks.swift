import Foundation
import Testing

/// The checks every hook manager × install order must pass: the manager's own hooks run and
/// their failure fails the commit; another session's claimed file is refused; the commit carries
/// exactly one `Agent-Session` trailer; git's empty-message abort is intact; `ledger doctor` is
/// healthy; no liveness warning. The manager's hooks signal they ran by touching
/// `.git/tool-HOOK-ran`, and fail when `TOOL_FAIL` is set.
enum HookManagerChecks {
  /// The shell command a manager's test hook runs for `hook`.
  static func toolCommand(_ hook: String) -> String {
    "if [ -n \"$TOOL_FAIL\" ]; then exit 1; fi; touch .git/tool-\(hook)-ran"
  }

  /// Runs every check; `environment` is added to each commit's.
  static func expectEnforced(
    _ repo: TempRepository, environment: [String: String?] = [:],
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    let marker = repo.url(".git/tool-pre-commit-ran")
    try? FileManager.default.removeItem(at: marker)

    // The manager's own hook runs, and its failure fails the commit.
    try repo.write("a.txt", UUID().uuidString)
    try await repo.git("add", "a.txt")
    var failing = environment
    failing["TOOL_FAIL"] = "1"
    let head = try await repo.revision()
    let refusedByTool = try await repo.commit(
      "-m", "tool fails", session: "alice", environment: failing)
    #expect(
      !refusedByTool.exited(0), "the manager's failing hook must fail the commit\n\(refusedByTool)",
      sourceLocation: sourceLocation)
    #expect(try await repo.revision() == head, sourceLocation: sourceLocation)

    // Another session's claimed file is refused.
    expectExit(
      0, try await repo.ledger("claim", "b.txt", session: "bob"), sourceLocation: sourceLocation)
    try repo.write("b.txt", UUID().uuidString)
    try await repo.git("add", "b.txt")
    let blocked = try await repo.commit("-m", "x", session: "alice", environment: environment)
    #expect(
      blocked.exited(1), "AgentLedger must refuse bob's file\n\(blocked)",
      sourceLocation: sourceLocation)
    #expect(blocked.stderr.contains("bob"), "\(blocked)", sourceLocation: sourceLocation)
    #expect(try await repo.revision() == head, sourceLocation: sourceLocation)
    try await repo.git("restore", "--staged", "b.txt")

    // Own work commits, with exactly one trailer, and the manager's hook ran.
    let stamped = try await repo.commit(
      "-q", "-m", "own", session: "alice", environment: environment)
    #expect(stamped.exited(0), "\(stamped)", sourceLocation: sourceLocation)
    #expect(try await repo.trailerValues() == ["alice"], sourceLocation: sourceLocation)
    #expect(
      repo.exists(marker), "the manager's pre-commit hook must run", sourceLocation: sourceLocation)

    // git's empty-message abort: an editor that writes nothing aborts the commit.
    try repo.write("a.txt", UUID().uuidString)
    try await repo.git("add", "a.txt")
    let before = try await repo.revision()
    let empty = try await repo.commit(session: "alice", editor: "true", environment: environment)
    #expect(
      !empty.exited(0), "an empty message must abort\n\(empty)", sourceLocation: sourceLocation)
    #expect(try await repo.revision() == before, sourceLocation: sourceLocation)
    try await repo.git("restore", "--staged", "a.txt")

    // Doctor is healthy and the liveness check quiet.
    let doctor = try await repo.ledger("doctor")
    #expect(
      doctor.exited(0), "ledger doctor must be healthy\n\(doctor)", sourceLocation: sourceLocation)
    let status = try await repo.ledger("status", session: "alice")
    #expect(
      !status.stderr.contains("warning"), "no liveness warning expected\n\(status)",
      sourceLocation: sourceLocation)
    expectExit(
      0, try await repo.ledger("release", "--force", "b.txt", session: "bob"),
      sourceLocation: sourceLocation)
    try await repo.git("checkout", "--", "b.txt")
  }

  /// Expects `ledger status` to warn that enforcement is off, naming `ledger install`.
  static func expectLivenessWarning(
    _ repo: TempRepository, mentioning fragments: [String] = [],
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    let status = try await repo.ledger("status", session: "alice")
    #expect(
      status.stderr.contains("warning"), "a liveness warning expected\n\(status)",
      sourceLocation: sourceLocation)
    #expect(status.stderr.contains("ledger install"), "\(status)", sourceLocation: sourceLocation)
    for fragment in fragments {
      #expect(
        status.stderr.contains(fragment), "missing \(fragment)\n\(status)",
        sourceLocation: sourceLocation)
    }
  }

  /// Files in `directory` holding AgentLedger's marker.
  static func ledgerFiles(in directory: URL) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { name in
      let text =
        FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
        .map { String(decoding: $0, as: UTF8.self) } ?? ""
      return text.contains("agentledger-shim")
    }.sorted()
  }

  /// After `ledger uninstall`: a claimed file commits (AgentLedger is gone), with no trailer,
  /// and the manager's hook still runs and still fails the commit.
  static func expectUninstalled(
    _ repo: TempRepository, sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    let marker = repo.url(".git/tool-pre-commit-ran")
    try? FileManager.default.removeItem(at: marker)
    try repo.write("a.txt", UUID().uuidString)
    try await repo.git("add", "a.txt")
    let failing = try await repo.commit(
      "-m", "tool fails", session: "alice", environment: ["TOOL_FAIL": "1"])
    #expect(
      !failing.exited(0), "the manager's hook must still run\n\(failing)",
      sourceLocation: sourceLocation)
    let plain = try await repo.commit("-q", "-m", "after uninstall", session: "alice")
    #expect(plain.exited(0), "\(plain)", sourceLocation: sourceLocation)
    #expect(
      try await repo.trailerValues() == [], "no trailer after uninstall",
      sourceLocation: sourceLocation)
    #expect(repo.exists(marker), sourceLocation: sourceLocation)
  }
}
