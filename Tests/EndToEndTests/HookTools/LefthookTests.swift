import Foundation
import Testing

/// The real lefthook (2.x, from PyPI) beside AgentLedger, in both install orders and after
/// re-running its installer.
@Suite("lefthook beside AgentLedger")
struct LefthookTests {
  static let config = """
    pre-commit:
      commands:
        tool:
          run: \(HookManagerChecks.toolCommand("pre-commit"))
    commit-msg:
      commands:
        tool:
          run: \(HookManagerChecks.toolCommand("commit-msg"))

    """

  static func repository(files extra: [String: String] = [:]) async throws -> TempRepository {
    var files = ["a.txt": "a\n", "b.txt": "b\n", "lefthook.yml": config]
    for (name, text) in extra { files[name] = text }
    return try await TempRepository(files: files)
  }

  static func lefthookInstall(_ repo: TempRepository) async throws {
    let tool = try HookTools.require("lefthook")
    let result = try await repo.runner.run(["install"], in: repo.path, executable: tool)
    #expect(result.exited(0), "\(result)")
  }

  /// `ledger uninstall` leaves no AgentLedger file or line, and lefthook's hooks still work.
  static func expectCleanUninstall(_ repo: TempRepository) async throws {
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(HookManagerChecks.ledgerFiles(in: repo.hooksDirectory) == [])
    #expect(!repo.exists(repo.url(".git/ledger/lefthook.yml")))
    let exclude = (try? String(contentsOf: repo.url(".git/info/exclude"), encoding: .utf8)) ?? ""
    #expect(!exclude.contains("agentledger"), "\(exclude)")
    try await HookManagerChecks.expectUninstalled(repo)
    // lefthook's own install and uninstall still work.
    try await lefthookInstall(repo)
    let tool = try HookTools.require("lefthook")
    let result = try await repo.runner.run(["uninstall"], in: repo.path, executable: tool)
    #expect(result.exited(0), "\(result)")
  }

  @Test(
    "lefthook first, then ledger install (lefthook-local.yml extends AgentLedger's config), then lefthook install again"
  )
  func lefthookFirst() async throws {
    let repo = try await Self.repository()
    try await Self.lefthookInstall(repo)
    try await HookManagerChecks.expectLivenessWarning(repo, mentioning: ["lefthook"])
    try await repo.installHooks(["--files"])
    #expect(repo.exists(repo.url("lefthook-local.yml")))
    let status = try await repo.git("status", "--porcelain")
    #expect(status.stdout.isEmpty, "the local config stays out of git status: \(status)")
    try await HookManagerChecks.expectEnforced(repo)
    try await Self.lefthookInstall(repo)
    try await HookManagerChecks.expectEnforced(repo)
    try await Self.expectCleanUninstall(repo)
    #expect(!repo.exists(repo.url("lefthook-local.yml")))
  }

  @Test("ledger install in a repository with lefthook.yml, then lefthook install: enforced at once")
  func ledgerFirstConfigured() async throws {
    let repo = try await Self.repository()
    try await repo.installHooks(["--files"])
    try await Self.lefthookInstall(repo)
    try await HookManagerChecks.expectEnforced(repo)
    try await Self.expectCleanUninstall(repo)
  }

  @Test(
    "ledger install, then lefthook adopted: the liveness check warns; its advice works; both reinstall"
  )
  func ledgerFirst() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    try await repo.installHooks(["--files"])
    try repo.write("lefthook.yml", Self.config)
    try await repo.git("add", "lefthook.yml")
    expectExit(0, try await repo.commit("-q", "-m", "adopt lefthook", session: "alice"))
    try await Self.lefthookInstall(repo)
    // lefthook renamed AgentLedger's hooks to *.old and never runs them.
    #expect(repo.exists(repo.hooksDirectory.appendingPathComponent("pre-commit.old")))
    try await HookManagerChecks.expectLivenessWarning(repo, mentioning: ["lefthook", "pre-commit"])
    let doctor = try await repo.ledger("doctor")
    #expect(!doctor.exited(0), "\(doctor)")
    try await repo.installHooks(["--files"])
    #expect(!repo.exists(repo.hooksDirectory.appendingPathComponent("pre-commit.old")))
    try await HookManagerChecks.expectEnforced(repo)
    try await Self.lefthookInstall(repo)
    try await HookManagerChecks.expectEnforced(repo)
    try await repo.installHooks(["--files"])
    try await HookManagerChecks.expectEnforced(repo)
    try await Self.expectCleanUninstall(repo)
  }

  @Test("a user's own lefthook-local.yml with an extends list is kept byte for byte by uninstall")
  func ownLocalConfig() async throws {
    let local = """
      # my local settings
      extends:
        - ./more.yml
      pre-commit:
        commands:
          mine:
            run: touch .git/mine-ran

      """
    let repo = try await Self.repository(files: ["more.yml": "post-checkout:\n  commands: {}\n"])
    try repo.write("lefthook-local.yml", local)
    try await Self.lefthookInstall(repo)
    try await repo.installHooks(["--files"])
    try await HookManagerChecks.expectEnforced(repo)
    #expect(repo.exists(repo.url(".git/mine-ran")), "the user's local command still runs")
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(try String(contentsOf: repo.url("lefthook-local.yml"), encoding: .utf8) == local)
  }

  @Test("a one-line extends in lefthook-local.yml is refused with advice that works when followed")
  func flowExtends() async throws {
    let repo = try await Self.repository(files: ["more.yml": "post-checkout:\n  commands: {}\n"])
    try repo.write("lefthook-local.yml", "extends: [./more.yml]\n")
    try await Self.lefthookInstall(repo)
    let refused = try await repo.ledger("install", "--files")
    expectError(
      3, refused, mentioning: ["lefthook-local.yml", "extends", ".git/ledger/lefthook.yml"])
    // The advice: a list, one `- PATH` per line; then `ledger install`.
    try repo.write("lefthook-local.yml", "extends:\n  - ./more.yml\n")
    try await repo.installHooks(["--files"])
    try await HookManagerChecks.expectEnforced(repo)
  }

  @Test("uninstall right after lefthook renamed AgentLedger's hooks to *.old removes them there")
  func uninstallFindsOld() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    try repo.write(".git/hooks/pre-commit", "#!/bin/sh\ntouch .git/user-hook-ran\n")
    try FileManager.default.setAttributes(
      [.posixPermissions: 0o755], ofItemAtPath: repo.url(".git/hooks/pre-commit").path)
    try await repo.installHooks(["--files"])
    try repo.write("lefthook.yml", Self.config)
    try await repo.git("add", "lefthook.yml")
    expectExit(0, try await repo.commit("-q", "-m", "adopt lefthook", session: "alice"))
    try await Self.lefthookInstall(repo)
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(HookManagerChecks.ledgerFiles(in: repo.hooksDirectory) == [])
    // The user's hook AgentLedger had kept is where lefthook keeps hooks it replaced, and
    // `lefthook uninstall` puts it back.
    #expect(repo.exists(repo.url(".git/hooks/pre-commit.old")))
    try await HookManagerChecks.expectUninstalled(repo)
    let tool = try HookTools.require("lefthook")
    expectExit(0, try await repo.runner.run(["uninstall"], in: repo.path, executable: tool))
    let restored = try String(contentsOf: repo.url(".git/hooks/pre-commit"), encoding: .utf8)
    #expect(restored.contains("user-hook-ran"), "\(restored)")
  }

  @Test(
    "a linked worktree (no lefthook-local.yml of its own) is warned about, and ledger install there fixes it"
  )
  func linkedWorktree() async throws {
    let repo = try await Self.repository()
    try await Self.lefthookInstall(repo)
    try await repo.installHooks(["--files"])
    let linked = try await repo.addWorktree("linked")
    let status = try await repo.ledger("status", session: "alice", in: linked)
    #expect(
      status.stderr.contains("lefthook") && status.stderr.contains("ledger install"), "\(status)")
    expectExit(0, try await repo.ledger("install", in: linked))
    let after = try await repo.ledger("status", session: "alice", in: linked)
    #expect(!after.stderr.contains("warning"), "\(after)")
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try Data("x".utf8).write(to: linked.appendingPathComponent("b.txt"))
    try await repo.git(["add", "b.txt"], in: linked)
    let blocked = try await repo.commit("-m", "x", session: "alice", in: linked)
    #expect(blocked.exited(1) && blocked.stderr.contains("bob"), "\(blocked)")
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(
      !FileManager.default.fileExists(
        atPath: linked.appendingPathComponent("lefthook-local.yml").path))
  }
}
