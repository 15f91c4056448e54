import Foundation
import Testing

@Suite("Linked worktrees")
struct WorktreeTests {
  @Test("a linked worktree and the main checkout share one ledger, both ways")
  func sharedLedger() async throws {
    let repo = try await TempRepository(files: ["src/a.c": "a\n", "src/b.c": "b\n"])
    let linked = try await repo.addWorktree("feature")

    expectExit(0, try await repo.ledger("claim", "src/a.c", session: "main-agent"))
    expectError(
      1, try await repo.ledger("claim", "src/a.c", session: "wt-agent", in: linked),
      mentioning: ["main-agent"])

    expectExit(0, try await repo.ledger("claim", "src/b.c", session: "wt-agent", in: linked))
    expectError(
      1, try await repo.ledger("claim", "src/", session: "main-agent"),
      mentioning: ["wt-agent", "src/b.c"])

    let fromMain = try await repo.claims()
    let fromLinked = try await repo.claims(in: linked)
    #expect(fromMain == fromLinked)
    #expect(Set(fromMain.map(\.spec)) == ["src/a.c", "src/b.c"])

    // One ledger, in the common git dir; none in the worktree's own git dir.
    #expect(repo.exists(repo.claimsFile))
    let worktreeGitDir = repo.path.appendingPathComponent(".git/worktrees/feature")
    #expect(repo.exists(worktreeGitDir))
    #expect(!repo.exists(worktreeGitDir.appendingPathComponent("ledger")))
  }

  @Test("paths in a linked worktree are relative to that worktree, also from its subdirectories")
  func worktreePaths() async throws {
    let repo = try await TempRepository(files: ["pkg/mod/x.go": "x\n"])
    let linked = try await repo.addWorktree("other")
    let sub = linked.appendingPathComponent("pkg/mod")
    expectExit(0, try await repo.ledger("claim", "x.go", "../y.go", session: "wt", in: sub))
    expectExit(
      0,
      try await repo.ledger(
        "claim", linked.appendingPathComponent("abs.txt").path, session: "wt", in: linked))
    #expect(Set(try await repo.claims().map(\.spec)) == ["pkg/mod/x.go", "pkg/y.go", "abs.txt"])
    // A path of the main checkout is outside the linked worktree.
    expectError(
      2, try await repo.ledger("claim", repo.url("pkg/mod/x.go").path, session: "wt", in: linked))
  }

  @Test("release and who in one worktree see the claims made in the other")
  func releaseAcrossWorktrees() async throws {
    let repo = try await TempRepository()
    let linked = try await repo.addWorktree("w")
    expectExit(0, try await repo.ledger("claim", "shared.txt", session: "alice", in: linked))
    let owners = try await repo.who(["shared.txt"])
    #expect(owners.first?.session == "alice")
    expectExit(0, try await repo.ledger("release", "shared.txt", session: "alice"))
    #expect(try await repo.claims(in: linked).isEmpty)
  }
}
