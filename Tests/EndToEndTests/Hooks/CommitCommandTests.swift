import Foundation
import Testing

@Suite("ledger commit and ledger stage")
struct CommitCommandTests {
  /// alice claims `gone.txt`, `mod.txt`, `new.txt` and `docs/`; bob claims `bobs.txt` and
  /// `bobs2.txt`. Every one of those paths is changed (gone.txt deleted, new.txt and docs/d.md
  /// new), and bob has staged `bobs.txt` in the shared index.
  private func sharedCheckout() async throws -> TempRepository {
    let repo = try await hookedRepository(files: [
      "gone.txt": "g\n", "mod.txt": "m\n", "bobs.txt": "b\n", "bobs2.txt": "b\n",
      "other.txt": "o\n",
    ])
    expectExit(
      0,
      try await repo.ledger(
        "claim", "gone.txt", "mod.txt", "new.txt", "docs/", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "bobs.txt", "bobs2.txt", session: "bob"))
    try FileManager.default.removeItem(at: repo.url("gone.txt"))
    try repo.write("mod.txt", "alice\n")
    try repo.write("new.txt", "alice\n")
    try repo.write("docs/d.md", "alice\n")
    try repo.write("bobs.txt", "bob\n")
    try repo.write("bobs2.txt", "bob\n")
    try repo.write("other.txt", "unclaimed change\n")
    try await repo.git("add", "bobs.txt")
    return repo
  }

  @Test("commits exactly the session's changed paths, leaves bob's staged file staged, stamps it")
  func commitsOwnWork() async throws {
    let repo = try await sharedCheckout()
    let result = try await repo.ledger("commit", "-q", "-m", "Alice's work", session: "alice")
    expectExit(0, result)
    #expect(
      try await repo.changedPaths() == ["gone.txt", "mod.txt", "new.txt", "docs/d.md"],
      "\(result)")
    #expect(try await repo.subject() == "Alice's work")
    #expect(try await repo.trailerValues() == ["alice"])
    #expect(try await repo.git("show", "HEAD:new.txt").stdout == "alice\n")
    #expect(
      Set(try await repo.status()) == ["M  bobs.txt", " M bobs2.txt", " M other.txt"],
      "bob's staged work stays staged, the rest untouched")
    let event = try await repo.lastEvent()
    #expect(event.event == "commit" && event.session == "alice")
    #expect(Set(event.paths) == ["gone.txt", "mod.txt", "new.txt", "docs/d.md"])
  }

  @Test("-- PATH narrows the commit to those of the session's paths")
  func narrowed() async throws {
    let repo = try await sharedCheckout()
    expectExit(
      0, try await repo.ledger("commit", "-q", "-m", "Docs", "--", "docs/", session: "alice"))
    #expect(try await repo.changedPaths() == ["docs/d.md"])
    expectExit(
      0, try await repo.ledger("commit", "-q", "-m", "Mod", "--", "mod.txt", session: "alice"))
    #expect(try await repo.changedPaths() == ["mod.txt"])
    // Another session's path is never committed, even when named.
    let foreign = try await repo.ledger(
      "commit", "-m", "Bob's", "--", "bobs2.txt", session: "alice")
    expectExit(1, foreign)
    #expect(try await repo.subject() == "Mod")
  }

  @Test("nothing of the session's changed: exit 1, no commit")
  func nothingToCommit() async throws {
    let repo = try await hookedRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    try repo.write("b.txt")
    let head = try await repo.revision()
    let result = try await repo.ledger("commit", "-m", "nothing", session: "alice")
    expectError(1, result, mentioning: ["alice"])
    #expect(try await repo.revision() == head)
    // Without a session it cannot know whose work to commit.
    expectError(2, try await repo.ledger("commit", "-m", "who?"))
  }

  @Test(
    "options that choose paths are refused with exit 2, before anything is staged or committed",
    arguments: [
      ["-a"], ["--all"], ["-i"], ["--include"], ["--only"], ["-p"],
      ["--pathspec-from-file=list"],
    ])
  func pathOptionsRefused(_ option: [String]) async throws {
    let repo = try await sharedCheckout()
    let head = try await repo.revision()
    let staged = try await repo.git("diff", "--cached", "--name-only").stdout
    let result = try await repo.ledger(["commit", "-m", "x"] + option, session: "alice")
    expectError(2, result, mentioning: ["chooses the paths itself", option[0]])
    #expect(try await repo.revision() == head)
    #expect(try await repo.git("diff", "--cached", "--name-only").stdout == staged)
  }

  @Test(
    "without -m, git runs the editor on ledger's own terminal; the commit is still only the session's"
  )
  func editorMessage() async throws {
    let repo = try await sharedCheckout()
    // git runs `$GIT_EDITOR "$@"` through sh. This editor copies its standard input into the
    // message file: it gets the text only when git runs attached to ledger's own standard
    // streams, as a person's editor needs.
    let result = try await repo.ledger(
      "commit", session: "alice",
      environment: ["GIT_EDITOR": "cat >", "EDITOR": nil, "VISUAL": nil],
      stdin: "From the editor\n")
    expectExit(0, result)
    #expect(try await repo.subject() == "From the editor", "\(result)")
    #expect(try await repo.trailerValues() == ["alice"])
    #expect(
      try await repo.changedPaths() == ["gone.txt", "mod.txt", "new.txt", "docs/d.md"])
    #expect(try await repo.git("diff", "--cached", "--name-only").stdout == "bobs.txt\n")
  }

  @Test("ledger stage stages only the session's changed paths (new and deleted included)")
  func stage() async throws {
    let repo = try await sharedCheckout()
    try await repo.git("restore", "--staged", "bobs.txt")
    let result = try await repo.ledger("stage", "--json", session: "alice")
    expectExit(0, result)
    let staged = try #require(try JSON.parse(result.stdout)["staged"]?.arrayValue)
    #expect(
      Set(staged.compactMap(\.stringValue)) == ["gone.txt", "mod.txt", "new.txt", "docs/d.md"])
    #expect(
      Set(try await repo.status()) == [
        "D  gone.txt", "M  mod.txt", "A  new.txt", "A  docs/d.md", " M bobs.txt", " M bobs2.txt",
        " M other.txt",
      ])
    // Then a plain commit of what was staged passes the hooks.
    expectExit(0, try await repo.commit("-q", "-m", "staged", session: "alice"))
    #expect(try await repo.trailerValues() == ["alice"])
  }

  @Test("ledger commit and ledger stage work from a subdirectory, paths relative to it")
  func fromSubdirectory() async throws {
    let repo = try await sharedCheckout()
    let docs = repo.url("docs")
    let narrowed = try await repo.ledger(
      "commit", "-q", "-m", "Mod", "--", "../mod.txt", session: "alice", in: docs)
    expectExit(0, narrowed)
    #expect(try await repo.changedPaths() == ["mod.txt"])
    let all = try await repo.ledger("commit", "-q", "-m", "Rest", session: "alice", in: docs)
    expectExit(0, all)
    #expect(try await repo.changedPaths() == ["gone.txt", "new.txt", "docs/d.md"])
    try repo.write("docs/d.md", "again\n")
    let staged = try await repo.ledger("stage", session: "alice", in: docs)
    expectExit(0, staged)
    #expect(try await repo.status().contains("M  docs/d.md"), "\(staged)")
  }

  @Test("ledger commit gives up with exit 3 when index.lock stays held (LEDGER_COMMIT_TIMEOUT)")
  func indexLockTimeout() async throws {
    let repo = try await sharedCheckout()
    let lock = repo.path.appendingPathComponent(".git/index.lock")
    try Data().write(to: lock)
    let head = try await repo.revision()
    let result = try await repo.ledger(
      "commit", "-m", "blocked by a lock", session: "alice",
      environment: ["LEDGER_COMMIT_TIMEOUT": "0.3"])
    expectError(3, result, mentioning: ["index"])
    #expect(result.elapsed < 10, "\(result)")
    #expect(try await repo.revision() == head)
    try FileManager.default.removeItem(at: lock)
    expectExit(0, try await repo.ledger("commit", "-q", "-m", "free now", session: "alice"))
  }

  @Test("the index.lock wait ends at its deadline, git's own run time included, and says how long")
  func indexLockDeadline() async throws {
    let repo = try await sharedCheckout()
    let lock = repo.path.appendingPathComponent(".git/index.lock")
    try Data().write(to: lock)
    // A slow git (0.25 s a run): time spent in git counts towards the deadline.
    let real = try #require(
      Executables.searchPath.split(separator: ":").map { "\($0)/git" }.first {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    let tools = repo.root.appendingPathComponent("slow-git")
    try FileManager.default.createDirectory(at: tools, withIntermediateDirectories: true)
    let wrapper = tools.appendingPathComponent("git")
    try Data("#!/bin/sh\nsleep 0.25\nexec '\(real)' \"$@\"\n".utf8).write(to: wrapper)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: wrapper.path)
    let result = try await repo.ledger(
      "commit", "-m", "blocked by a lock", session: "alice",
      environment: [
        "LEDGER_COMMIT_TIMEOUT": "2", "PATH": tools.path + ":" + Executables.searchPath,
        "LEDGER_NO_CACHE": "1",
      ])
    expectError(3, result, mentioning: ["index.lock"])
    // Before the wait: discovery, status, ls-files (about 1 s of slow git); the wait itself:
    // 2 s, plus at most the attempt under way when the deadline passed (two git runs).
    #expect(result.elapsed < 4.5, "the wait overran its deadline\n\(result)")
    // The message tells the truth: the seconds it says lie between the timeout and the run.
    let said = try #require(
      result.stderr.firstMatch(of: /gave up after ([0-9.]+) ?s/).flatMap { Double($0.1) },
      "\(result)")
    #expect(said >= 2 && said <= result.elapsed, "said \(said)s, ran \(result.elapsed)s")
    try FileManager.default.removeItem(at: lock)
  }
}
