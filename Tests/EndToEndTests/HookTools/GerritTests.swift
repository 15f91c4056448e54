import Foundation
import Testing

/// Gerrit's commit-msg (a faithful equivalent: `GerritCommitMsg`) beside AgentLedger, installed
/// the documented way (`curl -Lo .git/hooks/commit-msg …; chmod +x`) before and after
/// `ledger install`. The commit ends with one trailer block: `Agent-Session` (prepare-commit-msg)
/// then `Change-Id` (Gerrit's commit-msg, which AgentLedger's runs last).
@Suite("Gerrit's commit-msg beside AgentLedger")
struct GerritTests {
  /// What `curl -Lo .git/hooks/commit-msg …; chmod +x .git/hooks/commit-msg` does.
  private func curlGerrit(_ repo: TempRepository) throws {
    let hook = repo.hooksDirectory.appendingPathComponent("commit-msg")
    try Data((GerritCommitMsg.script + "\n").utf8).write(to: hook)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
  }

  private func expectBothTrailers(
    _ repo: TempRepository, sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    // With an editor configured (a person) and without (GIT_EDITOR=:, an agent).
    for editor in ["false", ":"] {
      try repo.write("g-\(UUID().uuidString.prefix(6)).txt", "g\n")
      try await repo.git("add", "-A")
      let made = try await repo.commit(
        "-q", "-m", "Fix the widget", session: "alice", editor: editor)
      #expect(made.exited(0), "\(made)", sourceLocation: sourceLocation)
      let trailers = try await repo.trailers()
      #expect(
        trailers.map(\.key) == ["Agent-Session", "Change-Id"], "\(trailers)",
        sourceLocation: sourceLocation)
      let changeID = trailers.last?.value ?? ""
      #expect(
        changeID.count == 41 && changeID.hasPrefix("I")
          && changeID.dropFirst().allSatisfy { $0.isHexDigit && !$0.isUppercase },
        "\(changeID)", sourceLocation: sourceLocation)
      #expect(
        try await repo.message()
          == "Fix the widget\n\nAgent-Session: alice\nChange-Id: \(changeID)\n",
        sourceLocation: sourceLocation)
    }
  }

  @Test("Gerrit's commit-msg first, then ledger install: both trailers, and uninstall restores it")
  func gerritFirst() async throws {
    let repo = try await TempRepository()
    try curlGerrit(repo)
    let report = try await repo.installHooks(["--files"])
    #expect(report.stdout.contains("commit-msg.pre-ledger"), "\(report)")
    try await repo.expectToolOrderHolds(emptyAbort: "file is empty")
    try await expectBothTrailers(repo)
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(try repo.hookFiles() == ["commit-msg"])
    #expect(
      repo.bytes(repo.hooksDirectory.appendingPathComponent("commit-msg"))
        == Data((GerritCommitMsg.script + "\n").utf8))
  }

  @Test(
    "ledger install, then Gerrit's curl overwrites commit-msg: claim warns, ledger install chains it (again after a second curl)"
  )
  func gerritAfter() async throws {
    let repo = try await hookedRepository(hookFiles: true)
    for _ in 0..<2 {
      try curlGerrit(repo)
      let warned = try await repo.ledger("claim", "x.txt", session: "alice")
      #expect(warned.stderr.contains("commit-msg is not AgentLedger's"), "\(warned)")
      #expect(warned.stderr.contains("ledger install"), "\(warned)")
      expectExit(0, try await repo.ledger("release", "x.txt", session: "alice"))
      let report = try await repo.installHooks(["--files"])
      #expect(report.stdout.contains("commit-msg.pre-ledger"), "\(report)")
    }
    try await repo.expectToolOrderHolds(emptyAbort: "file is empty")
    try await expectBothTrailers(repo)
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(try repo.hookFiles() == ["commit-msg"])
  }
}
