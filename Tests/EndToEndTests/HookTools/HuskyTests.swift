import Foundation
import Testing

/// husky v9 (its runtime reproduced by `HuskyRuntime`) beside AgentLedger, in both install
/// orders, with its default and a custom scripts folder.
@Suite("husky beside AgentLedger")
struct HuskyTests {
  /// A repository with husky's user scripts for pre-commit and commit-msg, committed.
  static func repository(directory: String = ".husky") async throws -> TempRepository {
    try await TempRepository(files: [
      "a.txt": "a\n", "b.txt": "b\n",
      "\(directory)/pre-commit": HookManagerChecks.toolCommand("pre-commit") + "\n",
      "\(directory)/commit-msg": HookManagerChecks.toolCommand("commit-msg") + "\n",
    ])
  }

  @Test(
    "husky first, then ledger install: husky's scripts run AgentLedger; uninstall removes exactly its lines"
  )
  func huskyFirst() async throws {
    let repo = try await Self.repository()
    try await HuskyRuntime.install(repo)
    let before = try String(contentsOf: repo.url(".husky/pre-commit"), encoding: .utf8)
    try await HookManagerChecks.expectLivenessWarning(repo, mentioning: ["husky"])
    try await repo.installHooks(["--files"])
    #expect(HookManagerChecks.ledgerFiles(in: repo.url(".husky/_")) == [])
    // A second install changes nothing.
    let wired = try String(contentsOf: repo.url(".husky/pre-commit"), encoding: .utf8)
    #expect(wired.hasPrefix("\"$(command -v ") && wired.hasSuffix(before), "\(wired)")
    try await repo.installHooks(["--files"])
    #expect(try String(contentsOf: repo.url(".husky/pre-commit"), encoding: .utf8) == wired)
    try await HookManagerChecks.expectEnforced(repo)
    // Re-running husky's installer rewrites its folder; the scripts keep AgentLedger's lines.
    try await HuskyRuntime.install(repo)
    try await HookManagerChecks.expectEnforced(repo)
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(try String(contentsOf: repo.url(".husky/pre-commit"), encoding: .utf8) == before)
    #expect(!repo.exists(repo.url(".husky/post-commit")), "a script holding only our line goes")
    try await HookManagerChecks.expectUninstalled(repo)
  }

  @Test(
    "ledger install, then husky: the liveness check warns; its advice wires husky; uninstall also clears .git/hooks"
  )
  func ledgerFirst() async throws {
    let repo = try await Self.repository()
    try await repo.installHooks(["--files"])
    try await HuskyRuntime.install(repo)
    // Enforcement is off now (git runs .husky/_): every claim-reading command says so.
    try await HookManagerChecks.expectLivenessWarning(
      repo, mentioning: ["husky", ".husky/pre-commit"])
    let doctor = try await repo.ledger("doctor")
    #expect(!doctor.exited(0), "\(doctor)")
    // The advice: `ledger install`.
    try await repo.installHooks(["--files"])
    try await HookManagerChecks.expectEnforced(repo)
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(
      HookManagerChecks.ledgerFiles(in: repo.hooksDirectory) == [],
      "the old .git/hooks shims go too")
    #expect(HookManagerChecks.ledgerFiles(in: repo.url(".husky")) == [])
    let scripts = try FileManager.default.contentsOfDirectory(atPath: repo.url(".husky").path)
    #expect(
      !scripts.contains {
        (try? String(contentsOf: repo.url(".husky/\($0)"), encoding: .utf8))?.contains(
          "agentledger") == true
      })
    try await HookManagerChecks.expectUninstalled(repo)
  }

  @Test("husky with a custom folder (husky .config/husky) is recognised by its runtime")
  func customFolder() async throws {
    let repo = try await Self.repository(directory: ".config/husky")
    try await HuskyRuntime.install(repo, directory: ".config/husky")
    try await repo.installHooks(["--files"])
    // husky's wrappers stay husky's (no *.pre-ledger), so its runner finds the user's scripts.
    let names = try FileManager.default.contentsOfDirectory(
      atPath: repo.url(".config/husky/_").path)
    #expect(!names.contains { $0.hasSuffix(".pre-ledger") }, "\(names)")
    try await HookManagerChecks.expectEnforced(repo)
    expectExit(0, try await repo.ledger("uninstall"))
    try await HookManagerChecks.expectUninstalled(repo)
  }

  @Test("a husky script whose AgentLedger line was removed is warned about")
  func lineRemoved() async throws {
    let repo = try await Self.repository()
    try await HuskyRuntime.install(repo)
    try await repo.installHooks(["--files"])
    try repo.write(".husky/pre-commit", HookManagerChecks.toolCommand("pre-commit") + "\n")
    try await HookManagerChecks.expectLivenessWarning(repo, mentioning: [".husky/pre-commit"])
    try await repo.installHooks(["--files"])
    try await HookManagerChecks.expectEnforced(repo)
  }

  @Test("a missing ledger-hook fails the commit with advice that works when followed")
  func binaryMissing() async throws {
    let repo = try await Self.repository()
    try await HuskyRuntime.install(repo)
    let gone = repo.root.appendingPathComponent("gone/ledger-hook").path
    expectExit(
      0, try await repo.ledger("install", "--files", environment: ["LEDGER_HOOK_BIN": gone]))
    try repo.write("a.txt", UUID().uuidString)
    try await repo.git("add", "a.txt")
    let path = Executables.searchPathWithoutLedgerHook
    let failed = try await repo.commit(
      "-m", "no binary", session: "alice", environment: ["PATH": path])
    #expect(!failed.exited(0), "\(failed)")
    #expect(failed.stderr.contains(gone) && failed.stderr.contains("ledger uninstall"), "\(failed)")
    // The advice: `ledger uninstall`; husky's own hooks keep running.
    expectExit(0, try await repo.ledger("uninstall"))
    let plain = try await repo.commit(
      "-q", "-m", "plain", session: "alice", environment: ["PATH": path])
    #expect(plain.exited(0), "\(plain)")
    #expect(repo.exists(repo.url(".git/tool-pre-commit-ran")))
  }

  @Test(
    "the hand-written setup (a `ledger-hook HOOK \"$@\"` line in each husky script) is healthy, and kept"
  )
  func handWritten() async throws {
    let repo = try await Self.repository()
    try await HuskyRuntime.install(repo)
    for hook in [
      "pre-commit", "pre-merge-commit", "prepare-commit-msg", "commit-msg", "post-commit",
      "post-merge", "pre-applypatch", "post-applypatch", "post-rewrite",
    ] {
      let url = repo.url(".husky/\(hook)")
      let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
      try Data((text + "ledger-hook \(hook) \"$@\"\n").utf8).write(to: url)
    }
    // husky writes no pre-merge-commit wrapper: that one hook is reported, and `ledger install`
    // adds it, leaving the hand-written lines alone.
    try await HookManagerChecks.expectLivenessWarning(repo, mentioning: ["pre-merge-commit"])
    let before = try String(contentsOf: repo.url(".husky/pre-commit"), encoding: .utf8)
    try await repo.installHooks(["--files"])
    #expect(try String(contentsOf: repo.url(".husky/pre-commit"), encoding: .utf8) == before)
    try await HookManagerChecks.expectEnforced(
      repo, environment: ["PATH": Executables.directory.path + ":" + Executables.searchPath])
  }

  @Test("a linked worktree without husky's runtime: warned, install explains, its advice works")
  func linkedWorktree() async throws {
    let repo = try await Self.repository()
    try await HuskyRuntime.install(repo)
    try await repo.installHooks(["--files"])
    let linked = try await repo.addWorktree("linked")
    let status = try await repo.ledger("status", session: "alice", in: linked)
    #expect(
      status.stderr.contains("warning") && status.stderr.contains("ledger install"), "\(status)")
    let refused = try await repo.ledger("install", in: linked)
    expectError(3, refused, mentioning: ["husky", "npx husky"])
    // The advice: husky's install in that checkout (reproduced), then `ledger install`.
    try await HuskyRuntime.install(repo, in: linked)
    expectExit(0, try await repo.ledger("install", in: linked))
    let after = try await repo.ledger("status", session: "alice", in: linked)
    #expect(!after.stderr.contains("warning"), "\(after)")
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try Data("x".utf8).write(to: linked.appendingPathComponent("b.txt"))
    try await repo.git(["add", "b.txt"], in: linked)
    let blocked = try await repo.commit("-m", "x", session: "alice", in: linked)
    #expect(blocked.exited(1) && blocked.stderr.contains("bob"), "\(blocked)")
  }
}
