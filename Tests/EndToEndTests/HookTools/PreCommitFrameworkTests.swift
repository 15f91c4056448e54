import Foundation
import Testing

/// The real pre-commit framework (PyPI, `repo: local` hooks of `language: system`, so no
/// network) beside AgentLedger, in both install orders and after re-running its installer.
@Suite("pre-commit framework beside AgentLedger")
struct PreCommitFrameworkTests {
  static let hookTypes = ["pre-commit", "prepare-commit-msg", "commit-msg", "post-commit"]

  /// A repository with a committed `.pre-commit-config.yaml` whose hooks touch
  /// `.git/tool-HOOK-ran` (and fail when `TOOL_FAIL` is set).
  static func repository() async throws -> TempRepository {
    let hooks = ["pre-commit", "commit-msg"].map { stage in
      """
        - id: tool-\(stage)
          name: tool \(stage)
          entry: sh -c '\(HookManagerChecks.toolCommand(stage))'
          language: system
          always_run: true
          pass_filenames: false
          stages: [\(stage)]
      """
    }.joined(separator: "\n")
    return try await TempRepository(files: [
      "a.txt": "a\n", "b.txt": "b\n",
      ".pre-commit-config.yaml": "repos:\n- repo: local\n  hooks:\n\(hooks)\n",
    ])
  }

  /// `pre-commit install` for every hook type AgentLedger shares with it.
  static func preCommitInstall(_ repo: TempRepository) async throws {
    let tool = try HookTools.require("pre-commit")
    let result = try await repo.runner.run(
      ["install"] + hookTypes.flatMap { ["-t", $0] }, in: repo.path, executable: tool)
    #expect(result.exited(0), "\(result)")
  }

  @Test("pre-commit first, then ledger install, then pre-commit install again")
  func toolFirst() async throws {
    let repo = try await Self.repository()
    try await Self.preCommitInstall(repo)
    try await repo.installHooks(["--files"])
    try await HookManagerChecks.expectEnforced(repo)
    // A routine re-run of pre-commit's installer (migration mode) keeps everything working.
    try await Self.preCommitInstall(repo)
    try await HookManagerChecks.expectEnforced(repo)
    try await expectCleanUninstall(repo)
  }

  @Test("ledger install first, then pre-commit install, then ledger install again")
  func ledgerFirst() async throws {
    let repo = try await Self.repository()
    try await repo.installHooks(["--files"])
    try await Self.preCommitInstall(repo)
    try await HookManagerChecks.expectEnforced(repo)
    try await repo.installHooks(["--files"])
    try await HookManagerChecks.expectEnforced(repo)
    try await Self.preCommitInstall(repo)
    try await HookManagerChecks.expectEnforced(repo)
    try await expectCleanUninstall(repo)
  }

  @Test("a hook pre-commit's script chains (HOOK.legacy) that lost its exec bit is warned about")
  func legacyNotExecutable() async throws {
    let repo = try await Self.repository()
    try await repo.installHooks(["--files"])
    try await Self.preCommitInstall(repo)
    let legacy = repo.hooksDirectory.appendingPathComponent("pre-commit.legacy")
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: legacy.path)
    try await HookManagerChecks.expectLivenessWarning(repo, mentioning: ["pre-commit.legacy"])
    // The advice: `ledger install` makes it executable again.
    try await repo.installHooks(["--files"])
    try await HookManagerChecks.expectEnforced(repo)
  }

  @Test(
    "post-rewrite taken over by pre-commit (which gives a legacy hook no input) is warned about and taken back"
  )
  func postRewrite() async throws {
    let repo = try await Self.repository()
    try await repo.installHooks(["--files"])
    let tool = try HookTools.require("pre-commit")
    expectExit(
      0,
      try await repo.runner.run(["install", "-t", "post-rewrite"], in: repo.path, executable: tool))
    try await HookManagerChecks.expectLivenessWarning(repo, mentioning: ["post-rewrite"])
    try await repo.installHooks(["--files"])
    let status = try await repo.ledger("status", session: "alice")
    #expect(!status.stderr.contains("warning"), "\(status)")
    let hooks = repo.hooksDirectory
    let shim = try String(contentsOf: hooks.appendingPathComponent("post-rewrite"), encoding: .utf8)
    #expect(shim.contains("agentledger-shim"))
    let chained = try String(
      contentsOf: hooks.appendingPathComponent("post-rewrite.pre-ledger"), encoding: .utf8)
    #expect(chained.contains("pre-commit"), "pre-commit's script keeps running, chained")
    #expect(!repo.exists(hooks.appendingPathComponent("post-rewrite.legacy")))
  }

  @Test(
    "a user's hook AgentLedger kept, orphaned when pre-commit moved the shim, is warned about and chained again"
  )
  func userHookKept() async throws {
    let repo = try await Self.repository()
    let user = repo.hooksDirectory.appendingPathComponent("pre-commit")
    try Data("#!/bin/sh\ntest -z \"$USER_FAIL\"\n".utf8).write(to: user)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: user.path)
    try await repo.installHooks(["--files"])
    try await Self.preCommitInstall(repo)
    try await HookManagerChecks.expectLivenessWarning(repo, mentioning: ["pre-commit.pre-ledger"])
    try await repo.installHooks(["--files"])
    try await HookManagerChecks.expectEnforced(repo)
    // The user's hook runs again, and its failure fails the commit.
    try repo.write("a.txt", UUID().uuidString)
    try await repo.git("add", "a.txt")
    let failing = try await repo.commit(
      "-m", "user fails", session: "alice", environment: ["USER_FAIL": "1"])
    #expect(!failing.exited(0), "\(failing)")
    try await expectCleanUninstall(repo)
    // Behind pre-commit's script the user's hook was pre-commit.legacy again, which
    // `pre-commit uninstall` (run last) restores as the hook.
    #expect(try String(contentsOf: user, encoding: .utf8).contains("USER_FAIL"))
  }

  private func expectCleanUninstall(_ repo: TempRepository) async throws {
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(HookManagerChecks.ledgerFiles(in: repo.hooksDirectory) == [])
    let names =
      (try? FileManager.default.contentsOfDirectory(atPath: repo.hooksDirectory.path)) ?? []
    #expect(!names.contains { $0.hasSuffix(".pre-ledger") }, "\(names)")
    try await HookManagerChecks.expectUninstalled(repo)
    // pre-commit's own uninstall still works afterwards.
    let tool = try HookTools.require("pre-commit")
    let result = try await repo.runner.run(["uninstall"], in: repo.path, executable: tool)
    #expect(result.exited(0), "\(result)")
  }
}
