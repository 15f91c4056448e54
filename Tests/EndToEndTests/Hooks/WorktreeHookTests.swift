import Foundation
import Testing

@Suite("Hooks in linked worktrees and with --git-dir/--work-tree")
struct WorktreeHookTests {
  @Test("a linked worktree: claims from the main checkout block, commits are stamped and logged")
  func linkedWorktree() async throws {
    let repo = try await hookedRepository(files: ["b.txt": "b\n", "a.txt": "a\n"])
    let linked = try await repo.addWorktree("feature")
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice", in: linked))

    try Data("alice\n".utf8).write(to: linked.appendingPathComponent("b.txt"))
    try await repo.git(["add", "b.txt"], in: linked)
    let head = try await repo.git(["rev-parse", "HEAD"], in: linked).stdout
    let blocked = try await repo.commit("-m", "x", session: "alice", in: linked)
    #expect(blocked.exited(1), "\(blocked)")
    #expect(blocked.stderr.contains("b.txt") && blocked.stderr.contains("bob"), "\(blocked)")
    #expect(try await repo.git(["rev-parse", "HEAD"], in: linked).stdout == head)
    expectExit(1, try await repo.ledger("check", session: "alice", in: linked))

    try await repo.git(["restore", "--staged", "b.txt"], in: linked)
    try Data("alice\n".utf8).write(to: linked.appendingPathComponent("a.txt"))
    try await repo.git(["add", "a.txt"], in: linked)
    expectExit(
      0, try await repo.commit("-q", "-m", "In the worktree", session: "alice", in: linked))
    let sha = try await repo.git(["rev-parse", "HEAD"], in: linked).stdout
      .trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(try await repo.trailerValues(of: sha) == ["alice"])
    // One ledger: the commit is in the main checkout's log, and no ledger in the worktree's dir.
    let event = try await repo.lastEvent()
    #expect(event.event == "commit" && event["commit"] == sha && event.paths == ["a.txt"])
    #expect(!repo.exists(repo.path.appendingPathComponent(".git/worktrees/feature/ledger")))

    // And the other way: a claim made in the worktree blocks the main checkout.
    try repo.write("a.txt", "bob in main\n")
    try await repo.git("add", "a.txt")
    let mainHead = try await repo.revision()
    let fromMain = try await repo.commit("-m", "x", session: "bob")
    try await expectBlocked(
      fromMain, headBefore: mainHead, repo: repo, mentioning: ["a.txt", "alice"])
  }

  @Test("--no-verify in a linked worktree is enforced by prepare-commit-msg")
  func noVerifyInWorktree() async throws {
    let repo = try await hookedRepository(files: ["b.txt": "b\n"])
    let linked = try await repo.addWorktree("nv")
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try Data("x\n".utf8).write(to: linked.appendingPathComponent("b.txt"))
    try await repo.git(["add", "b.txt"], in: linked)
    let result = try await repo.commit("--no-verify", "-m", "x", session: "alice", in: linked)
    #expect(result.exited(1) && result.stderr.contains("b.txt"), "\(result)")
  }

  @Test("git --git-dir=… --work-tree=… commit from outside behaves like the checkout")
  func gitDirAndWorkTree() async throws {
    let repo = try await hookedRepository(files: ["b.txt": "b\n", "a.txt": "a\n"])
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    let location = [
      "--git-dir=" + repo.path.appendingPathComponent(".git").path,
      "--work-tree=" + repo.path.path,
    ]
    try repo.write("b.txt", "changed\n")
    try await repo.git("add", "b.txt")
    let head = try await repo.revision()
    let blocked = try await repo.commitAs(
      location + ["commit", "-m", "x"], session: "alice", in: repo.root)
    try await expectBlocked(blocked, headBefore: head, repo: repo, mentioning: ["b.txt", "bob"])

    try await repo.git("restore", "--staged", "b.txt")
    try repo.write("a.txt", "changed\n")
    try await repo.git("add", "a.txt")
    expectExit(
      0,
      try await repo.commitAs(
        location + ["commit", "-q", "-m", "From outside"], session: "alice", in: repo.root))
    #expect(try await repo.trailerValues() == ["alice"])
    #expect(try await repo.subject() == "From outside")
    let event = try await repo.lastEvent()
    let newCommit = try await repo.revision()
    #expect(event.event == "commit" && event["commit"] == newCommit)

    // -a with the environment variables instead of options.
    let environment: [String: String?] = [
      "GIT_DIR": repo.path.appendingPathComponent(".git").path, "GIT_WORK_TREE": repo.path.path,
    ]
    let newHead = try await repo.revision()
    let all = try await repo.commitAs(
      ["commit", "-a", "-m", "all"], session: "alice", environment: environment, in: repo.root)
    try await expectBlocked(all, headBefore: newHead, repo: repo, mentioning: ["b.txt"])
  }

  @Test("committing from a subdirectory (cd sub, and git -C sub)")
  func fromSubdirectory() async throws {
    let repo = try await hookedRepository(files: ["pkg/sub/x.txt": "x\n", "b.txt": "b\n"])
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try repo.write("b.txt", "changed\n")
    try await repo.git("add", "b.txt")
    let head = try await repo.revision()
    let fromSub = try await repo.commit("-m", "x", session: "alice", in: repo.url("pkg/sub"))
    try await expectBlocked(fromSub, headBefore: head, repo: repo, mentioning: ["b.txt"])
    try await repo.git("restore", "--staged", "b.txt")
    try repo.write("pkg/sub/x.txt", "changed\n")
    try await repo.git("add", "pkg/sub/x.txt")
    expectExit(
      0,
      try await repo.commitAs(
        ["-C", "pkg/sub", "commit", "-q", "-m", "From sub"], session: "alice"))
    #expect(try await repo.trailerValues() == ["alice"])
  }
}
