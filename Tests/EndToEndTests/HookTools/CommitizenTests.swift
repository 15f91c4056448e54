import Foundation
import Testing

/// commitizen (the real `cz`, from PyPI) beside AgentLedger, as people run it: a commit-msg
/// hook running `cz check --commit-msg-file`, either through the pre-commit framework's
/// commit-msg stage (a `repo: local`, `language: system` hook: no network) or as a plain hook
/// file. A conventional message carrying AgentLedger's trailer passes; a bad one still fails
/// the commit.
@Suite("commitizen beside AgentLedger")
struct CommitizenTests {
  private func expectVerdicts(
    _ repo: TempRepository, checkHealth: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    try await repo.expectToolOrderHolds(
      message: "feat: add the widget", emptyAbort: "validation: failed", checkHealth: checkHealth,
      sourceLocation: sourceLocation)
    for editor in ["false", ":"] {
      try repo.write("c-\(UUID().uuidString.prefix(6)).txt", "c\n")
      try await repo.git("add", "-A")
      let head = try await repo.revision()
      let bad = try await repo.commit("-m", "added stuff", session: "alice", editor: editor)
      #expect(bad.exited(1), "\(bad)", sourceLocation: sourceLocation)
      #expect(
        (bad.stdout + bad.stderr).contains("validation: failed"), "\(bad)",
        sourceLocation: sourceLocation)
      #expect(try await repo.revision() == head, sourceLocation: sourceLocation)
      let good = try await repo.commit(
        "-q", "-m", "fix(widget): handle empty input", session: "alice", editor: editor)
      #expect(good.exited(0), "\(good)", sourceLocation: sourceLocation)
      #expect(
        try await repo.trailerValues("Agent-Session") == ["alice"],
        sourceLocation: sourceLocation)
    }
  }

  @Test(
    "commitizen through the pre-commit framework, installed before or after ledger install",
    arguments: [true, false])
  func preCommitFramework(first: Bool) async throws {
    let preCommit = try HookTools.require("pre-commit")
    _ = try HookTools.require("cz")
    let repo = try await TempRepository()
    try repo.write(
      ".pre-commit-config.yaml",
      """
      repos:
        - repo: local
          hooks:
            - id: commitizen
              name: commitizen check
              entry: cz check --commit-msg-file
              language: system
              stages: [commit-msg]

      """)
    try await repo.git("add", ".pre-commit-config.yaml")
    try await repo.git("commit", "-q", "-m", "chore: add pre-commit config")
    if !first { try await repo.installHooks(["--files"]) }
    let installed = try await repo.runner.run(
      ["install", "--hook-type", "commit-msg"], in: repo.path, executable: preCommit)
    expectExit(0, installed)
    if first { try await repo.installHooks(["--files"]) }
    // After AgentLedger, pre-commit's migration mode keeps AgentLedger's commit-msg as
    // commit-msg.legacy: commitizen's verdicts are what this test is about; whether doctor and
    // the liveness check recognise that setup belongs to the pre-commit framework's own
    // integration (tested with it).
    try await expectVerdicts(repo, checkHealth: first)
  }

  @Test("a commit-msg hook running cz, written before ledger install")
  func hookFileFirst() async throws {
    _ = try HookTools.require("cz")
    let repo = try await TempRepository()
    try repo.writeHook("commit-msg", "exec cz check --commit-msg-file \"$1\"")
    try await repo.installHooks(["--files"])
    try await expectVerdicts(repo)
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(try repo.hookFiles() == ["commit-msg"])
  }

  @Test(
    "a commit-msg hook running cz, written over AgentLedger's: claim warns, ledger install chains it"
  )
  func hookFileAfter() async throws {
    _ = try HookTools.require("cz")
    let repo = try await hookedRepository(hookFiles: true)
    try repo.writeHook("commit-msg", "exec cz check --commit-msg-file \"$1\"")
    let warned = try await repo.ledger("status", session: "alice")
    #expect(warned.stderr.contains("commit-msg is not AgentLedger's"), "\(warned)")
    try await repo.installHooks(["--files"])
    try await expectVerdicts(repo)
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(try repo.hookFiles() == ["commit-msg"])
  }
}
