import Foundation
import Testing

/// git-lfs (the real one, from Debian) beside AgentLedger, in both install orders. git-lfs
/// upgrades only hooks that are byte for byte its own, so after AgentLedger `git lfs install`
/// stops at post-commit; `ledger install` then chains git-lfs's post-commit and post-merge.
/// Proof that git-lfs's hooks run: an LFS file committed stays a pointer, git's trace shows
/// `git-lfs post-commit` / `post-merge`, and a push uploads the object (pre-push).
@Suite("git-lfs beside AgentLedger")
struct GitLFSTests {
  private func repository() async throws -> TempRepository {
    _ = try HookTools.require("git-lfs")
    let repo = try await TempRepository()
    let remote = repo.root.appendingPathComponent("remote.git")
    try await repo.git("init", "-q", "--bare", remote.path)
    try await repo.git("remote", "add", "origin", remote.path)
    return repo
  }

  private func lfs(_ repo: TempRepository, _ arguments: String...) async throws -> CommandResult {
    try await repo.runner.run(["lfs"] + arguments, in: repo.path, executable: Executables.git)
  }

  /// Commits an LFS-tracked file and a merge, pushes, and checks that git-lfs's hooks ran.
  private func expectLFSWorks(
    _ repo: TempRepository, sourceLocation: SourceLocation = #_sourceLocation
  )
    async throws
  {
    let trace = repo.root.appendingPathComponent("trace-\(UUID().uuidString.prefix(6))")
    let environment: [String: String?] = ["GIT_TRACE": trace.path]
    try repo.write(".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n")
    let name = "blob-\(UUID().uuidString.prefix(6)).bin"
    try repo.write(name, String(repeating: UUID().uuidString, count: 20))
    try await repo.git("add", ".gitattributes", name)
    let made = try await repo.commit(
      "-q", "-m", "add a large file", session: "alice", environment: environment)
    #expect(made.exited(0), "\(made)", sourceLocation: sourceLocation)
    let pointer = try await repo.git("cat-file", "-p", "HEAD:" + name).stdout
    #expect(
      pointer.hasPrefix("version https://git-lfs.github.com/spec/v1"), "\(pointer)",
      sourceLocation: sourceLocation)
    #expect(
      try await repo.trailerValues("Agent-Session") == ["alice"], sourceLocation: sourceLocation)
    let traced = String(decoding: repo.bytes(trace) ?? Data(), as: UTF8.self)
    #expect(
      traced.contains("git-lfs post-commit"), "git-lfs's post-commit must run\n\(traced)",
      sourceLocation: sourceLocation)

    // A merge runs post-merge.
    let branch = "side-\(UUID().uuidString.prefix(6))"
    try await repo.git("branch", branch, "HEAD~1")
    try await repo.git("checkout", "-q", branch)
    try repo.write("side-\(branch).txt", "side\n")
    try await repo.git("add", "-A")
    expectExit(
      0, try await repo.commit("-q", "-m", "side", session: "alice"),
      sourceLocation: sourceLocation)
    try await repo.git("checkout", "-q", "main")
    let merged = try await repo.commitAs(
      ["merge", "-q", "--no-edit", branch], session: "alice", environment: environment)
    #expect(merged.exited(0), "\(merged)", sourceLocation: sourceLocation)
    let traced2 = String(decoding: repo.bytes(trace) ?? Data(), as: UTF8.self)
    #expect(
      traced2.contains("git-lfs post-merge"), "git-lfs's post-merge must run",
      sourceLocation: sourceLocation)

    let push = try await repo.runner.run(
      ["push", "origin", "main"], in: repo.path, executable: Executables.git)
    #expect(push.exited(0), "\(push)", sourceLocation: sourceLocation)
    let objects = repo.root.appendingPathComponent("remote.git/lfs/objects")
    let uploaded = FileManager.default.enumerator(atPath: objects.path)?.allObjects.count ?? 0
    #expect(uploaded > 0, "pre-push must upload the LFS object", sourceLocation: sourceLocation)
  }

  /// `ledger uninstall` leaves git-lfs's own hooks, which git-lfs recognises as its own.
  private func expectUninstallLeavesLFS(
    _ repo: TempRepository, sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    expectExit(0, try await repo.ledger("uninstall"), sourceLocation: sourceLocation)
    #expect(
      try repo.hookFiles() == ["post-checkout", "post-commit", "post-merge", "pre-push"],
      sourceLocation: sourceLocation)
    let reinstall = try await lfs(repo, "install")
    #expect(
      reinstall.exited(0), "git-lfs finds its own hooks\n\(reinstall)",
      sourceLocation: sourceLocation)
    #expect(try repo.hookFiles().count == 4, sourceLocation: sourceLocation)
  }

  @Test("git-lfs first, then ledger install: both run")
  func lfsFirst() async throws {
    let repo = try await repository()
    expectExit(0, try await lfs(repo, "install"))
    let lfsPostCommit = repo.bytes(repo.hooksDirectory.appendingPathComponent("post-commit"))
    try await repo.installHooks(["--files"])
    try await repo.expectToolOrderHolds()
    try await expectLFSWorks(repo)
    try await expectUninstallLeavesLFS(repo)
    #expect(repo.bytes(repo.hooksDirectory.appendingPathComponent("post-commit")) == lfsPostCommit)
  }

  @Test(
    "ledger install, then git lfs install (which stops at post-commit): doctor says to run ledger install, which chains git-lfs's hooks"
  )
  func lfsAfter() async throws {
    let repo = try await repository()
    try await repo.installHooks(["--files"])
    let collided = try await lfs(repo, "install")
    #expect(!collided.exited(0), "git-lfs refuses a post-commit that is not its own\n\(collided)")
    #expect((collided.stdout + collided.stderr).contains("Hook already exists: post-commit"))

    let doctor = try await repo.ledger("doctor", session: "alice")
    expectExit(1, doctor)
    #expect(doctor.stdout.contains("git-lfs"), "\(doctor)")
    #expect(doctor.stdout.contains("Run `ledger install`"), "\(doctor)")

    // Following the advice.
    let again = try await repo.installHooks(["--files"])
    #expect(again.stdout.contains("git-lfs's post-commit chained"), "\(again)")
    try await repo.expectToolOrderHolds()
    try await expectLFSWorks(repo)
    try await expectUninstallLeavesLFS(repo)
  }

  @Test("ledger install, then git lfs install --force and ledger install (twice): both run")
  func lfsForcedAfter() async throws {
    let repo = try await repository()
    try await repo.installHooks(["--files"])
    for _ in 0..<2 {
      expectExit(0, try await lfs(repo, "install", "--force"))
      let warned = try await repo.ledger("status", session: "alice")
      #expect(warned.stderr.contains("post-commit is not AgentLedger's"), "\(warned)")
      try await repo.installHooks(["--files"])
    }
    try await repo.expectToolOrderHolds()
    try await expectLFSWorks(repo)
    try await expectUninstallLeavesLFS(repo)
  }

  @Test(
    "a post-commit of the user's chained, then git lfs install: doctor says to add git-lfs's line to it and to run ledger install, and both work"
  )
  func lfsAfterWithUserHook() async throws {
    let repo = try await repository()
    let ran = repo.root.appendingPathComponent("user-post-commit-ran")
    try repo.writeHook("post-commit", "touch '\(ran.path)'")
    try await repo.installHooks(["--files"])
    #expect(!(try await lfs(repo, "install")).exited(0))

    let doctor = try await repo.ledger("doctor", session: "alice")
    expectExit(1, doctor)
    let chained = repo.hooksDirectory.appendingPathComponent("post-commit.pre-ledger")
    #expect(
      doctor.stdout.contains("Add the line `git lfs post-commit \"$@\"` to \(chained.path)"),
      "\(doctor)")
    #expect(doctor.stdout.contains("it chains git-lfs's post-merge"), "\(doctor)")

    // Following both pieces of advice.
    let text = String(decoding: repo.bytes(chained) ?? Data(), as: UTF8.self)
    try Data((text + "git lfs post-commit \"$@\"\n").utf8).write(to: chained)
    let again = try await repo.installHooks(["--files"])
    #expect(again.stdout.contains("git-lfs's post-merge chained"), "\(again)")
    expectExit(0, try await repo.ledger("doctor", session: "alice"))
    try await repo.expectToolOrderHolds()
    try await expectLFSWorks(repo)
    #expect(repo.exists(ran), "the user's post-commit still runs")
  }
}
