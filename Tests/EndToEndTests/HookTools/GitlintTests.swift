import Foundation
import Testing

/// gitlint (the real one, from PyPI) beside AgentLedger. Its commit-msg hook is chained in
/// either order (`gitlint install-hook` refuses when a commit-msg exists, so after AgentLedger
/// it is `ledger uninstall && gitlint install-hook && ledger install`). gitlint reads the
/// `Agent-Session` trailer as body text; `ledger install` and `ledger doctor` print the
/// `.gitlint` lines that make it ignore the trailer, and following them restores gitlint's own
/// verdict on a title-only commit (B6, body missing).
@Suite("gitlint beside AgentLedger")
struct GitlintTests {
  static let goodMessage = "Add the widget\n\nThe widget is what the frontend team asked for."

  private func installGitlint(_ repo: TempRepository) async throws -> CommandResult {
    let gitlint = try HookTools.require("gitlint")
    return try await repo.runner.run(["install-hook"], in: repo.path, executable: gitlint)
  }

  /// The `.gitlint` lines an output prints, as printed.
  private func advisedLines(_ output: String) -> String? {
    let lines = output.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    guard let start = lines.firstIndex(of: "[general]"),
      let end = lines[start...].firstIndex(where: { $0.hasPrefix("regex=^Agent-Session") })
    else { return nil }
    return lines[start...end].joined(separator: "\n") + "\n"
  }

  /// gitlint's verdict on a title-only commit, before and after following the advice.
  private func expectVerdictRestoredByAdvice(
    _ repo: TempRepository, advice: String, sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    try repo.write("t-\(UUID().uuidString.prefix(6)).txt", "t\n")
    try await repo.git("add", "-A")
    let fooled = try await repo.commit("-q", "-m", "Add a title only", session: "alice")
    #expect(
      fooled.exited(0), "gitlint reads the trailer as a body (why the advice exists)\n\(fooled)",
      sourceLocation: sourceLocation)

    let lines = try #require(advisedLines(advice), "\(advice)", sourceLocation: sourceLocation)
    try repo.write(".gitlint", lines)
    try await repo.git("add", ".gitlint")
    let head = try await repo.revision()
    let judged = try await repo.commit("-m", "Add a title only", session: "alice")
    #expect(judged.exited(1), "\(judged)", sourceLocation: sourceLocation)
    #expect(
      (judged.stdout + judged.stderr).contains("B6 Body message is missing"), "\(judged)",
      sourceLocation: sourceLocation)
    #expect(try await repo.revision() == head, sourceLocation: sourceLocation)
    let doctor = try await repo.ledger("doctor", session: "alice")
    #expect(!doctor.stdout.contains("gitlint"), "advice followed: no more\n\(doctor)")
    let made = try await repo.commit("-q", "-m", Self.goodMessage, session: "alice")
    #expect(made.exited(0), "\(made)", sourceLocation: sourceLocation)
  }

  @Test("gitlint install-hook first, then ledger install: chained, and the .gitlint advice works")
  func gitlintFirst() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await installGitlint(repo))
    let report = try await repo.installHooks(["--files"])
    #expect(report.stdout.contains("commit-msg.pre-ledger"), "\(report)")
    try await repo.expectToolOrderHolds(
      message: Self.goodMessage, emptyAbort: "gitlint: Your commit message contains violations")
    let doctor = try await repo.ledger("doctor", session: "alice")
    #expect(doctor.stdout.contains("gitlint"), "\(doctor)")
    try await expectVerdictRestoredByAdvice(repo, advice: report.stdout + report.stderr)
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(try repo.hookFiles() == ["commit-msg"])
    expectExit(
      0,
      try await repo.runner.run(
        ["uninstall-hook"], in: repo.path, executable: try HookTools.require("gitlint")))
  }

  @Test(
    "ledger install, then gitlint install-hook refuses; uninstall, install-hook, install chains it, and doctor's .gitlint advice works"
  )
  func gitlintAfter() async throws {
    let repo = try await hookedRepository(hookFiles: true)
    let refused = try await installGitlint(repo)
    #expect(!refused.exited(0), "\(refused)")
    #expect((refused.stdout + refused.stderr).contains("commit-msg"), "\(refused)")

    expectExit(0, try await repo.ledger("uninstall"))
    expectExit(0, try await installGitlint(repo))
    try await repo.installHooks(["--files"])
    try await repo.expectToolOrderHolds(
      message: Self.goodMessage, emptyAbort: "gitlint: Your commit message contains violations")
    let doctor = try await repo.ledger("doctor", session: "alice")
    expectExit(0, doctor)
    try await expectVerdictRestoredByAdvice(repo, advice: doctor.stdout)
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(try repo.hookFiles() == ["commit-msg"])
  }
}
