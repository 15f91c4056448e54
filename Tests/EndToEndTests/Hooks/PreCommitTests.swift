import Foundation
import Testing

@Suite("pre-commit")
struct PreCommitTests {
  /// A hooked repository with `claimed/`, `free/`, `mine.txt`, `bobs.txt`; bob claims
  /// `bobs.txt` (note "parser work", at t0) and `claimed/`; alice claims `mine.txt`.
  private func sharedRepository() async throws -> TempRepository {
    let repo = try await hookedRepository(files: [
      "claimed/c.txt": "c\n", "free/f.txt": "f\n", "mine.txt": "m\n", "bobs.txt": "b\n",
    ])
    expectExit(
      0,
      try await repo.ledger(
        "claim", "--note", "parser work", "bobs.txt", session: "bob", now: Clock.t0))
    expectExit(0, try await repo.ledger("claim", "claimed/", session: "bob", now: Clock.t0))
    expectExit(0, try await repo.ledger("claim", "mine.txt", session: "alice", now: Clock.t0))
    return repo
  }

  @Test("another session's staged file blocks the commit: path, owner, spec, since, note, remedy")
  func blocksOthersFile() async throws {
    let repo = try await sharedRepository()
    try repo.write("bobs.txt", "changed\n")
    try repo.write("mine.txt", "changed\n")
    try await repo.git("add", "bobs.txt", "mine.txt")
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "sweep", session: "alice", now: Clock.hours(1))
    try await expectBlocked(
      result, headBefore: head, repo: repo,
      mentioning: [
        "bobs.txt", "claimed by bob", "as bobs.txt", "since \(Clock.t0)", "parser work",
        "ledger commit", "git restore --staged", "ledger claim --steal", "LEDGER_OVERRIDE",
      ])
    #expect(!result.stderr.contains("mine.txt"), "own files are not violations\n\(result)")
    // Nothing was unstaged or changed by the refusal.
    #expect(Set(try await repo.status()) == ["M  bobs.txt", "M  mine.txt"])
  }

  @Test("own claimed files and unclaimed files pass, and the owner may commit its file")
  func ownFilesPass() async throws {
    let repo = try await sharedRepository()
    try repo.write("mine.txt", "changed\n")
    try repo.write("free/f.txt", "changed\n")
    try await repo.git("add", "-A")
    expectExit(0, try await repo.commit("-q", "-m", "mine", session: "alice"))
    #expect(try await repo.changedPaths() == ["mine.txt", "free/f.txt"])

    try repo.write("claimed/c.txt", "bob's change\n")
    try await repo.git("add", "-A")
    expectExit(0, try await repo.commit("-q", "-m", "bob's", session: "bob"))
    #expect(try await repo.changedPaths() == ["claimed/c.txt"])
  }

  @Test("git commit -a judges the temporary index: an unstaged change to bob's file blocks")
  func commitAll() async throws {
    let repo = try await sharedRepository()
    try repo.write("bobs.txt", "changed\n")
    try repo.write("mine.txt", "changed\n")
    let head = try await repo.revision()
    let result = try await repo.commit("-a", "-m", "all", session: "alice")
    try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["bobs.txt"])
    // -a of a tracked, deleted claimed file is blocked as well.
    try await repo.git("checkout", "--", "bobs.txt")
    try FileManager.default.removeItem(at: repo.url("claimed/c.txt"))
    let deletion = try await repo.commit("-a", "-m", "all", session: "alice")
    try await expectBlocked(deletion, headBefore: head, repo: repo, mentioning: ["claimed/c.txt"])
  }

  @Test("git commit PATH commits only PATH: bob's staged file does not block and stays staged")
  func commitOnlyPath() async throws {
    let repo = try await sharedRepository()
    try repo.write("bobs.txt", "bob's work in progress\n")
    try await repo.git("add", "bobs.txt")
    try repo.write("mine.txt", "changed\n")
    let result = try await repo.commit("-q", "-m", "only mine", "--", "mine.txt", session: "alice")
    expectExit(0, result)
    #expect(try await repo.changedPaths() == ["mine.txt"])
    #expect(try await repo.status() == ["M  bobs.txt"], "bob's file must stay staged")
  }

  @Test("git commit PATH naming bob's file is blocked")
  func commitOnlyOthersPath() async throws {
    let repo = try await sharedRepository()
    try repo.write("bobs.txt", "changed\n")
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "x", "--", "bobs.txt", session: "alice")
    try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["bobs.txt", "bob"])
  }

  @Test("git commit -i PATH judges the staged set plus PATH")
  func commitInclude() async throws {
    let repo = try await sharedRepository()
    try repo.write("mine.txt", "changed\n")
    try await repo.git("add", "mine.txt")
    try repo.write("bobs.txt", "changed\n")
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "x", "-i", "bobs.txt", session: "alice")
    try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["bobs.txt"])
    // Including only own files goes through.
    try await repo.git("checkout", "--", "bobs.txt")
    try repo.write("free/f.txt", "changed\n")
    expectExit(0, try await repo.commit("-q", "-m", "x", "-i", "free/f.txt", session: "alice"))
    #expect(try await repo.changedPaths() == ["mine.txt", "free/f.txt"])
  }

  @Test("the initial commit on an unborn branch is judged against the empty tree")
  func unbornBranch() async throws {
    let repo = try await TempRepository(files: [:])
    try await repo.installHooks()
    expectExit(0, try await repo.ledger("claim", "x.txt", session: "bob"))
    try repo.write("x.txt", "x\n")
    try repo.write("y.txt", "y\n")
    try await repo.git("add", "-A")
    let result = try await repo.commit("-m", "root", session: "alice")
    try await expectBlocked(result, headBefore: nil, repo: repo, mentioning: ["x.txt", "bob"])
    try await repo.git("rm", "-q", "--cached", "x.txt")
    expectExit(0, try await repo.commit("-q", "-m", "root", session: "alice"))
    #expect(try await repo.changedPaths() == ["y.txt"])
    #expect(try await repo.trailerValues() == ["alice"])
  }

  @Test("renames count on both sides: into and out of a claimed directory")
  func renames() async throws {
    let repo = try await sharedRepository()
    let head = try await repo.revision()
    try await repo.git("mv", "free/f.txt", "claimed/f.txt")
    let into = try await repo.commit("-m", "move in", session: "alice")
    try await expectBlocked(into, headBefore: head, repo: repo, mentioning: ["claimed/f.txt"])
    try await repo.git("reset", "-q", "--hard")

    try await repo.git("mv", "claimed/c.txt", "free/c.txt")
    let out = try await repo.commit("-m", "move out", session: "alice")
    try await expectBlocked(out, headBefore: head, repo: repo, mentioning: ["claimed/c.txt"])
    try await repo.git("reset", "-q", "--hard")

    // A rename entirely outside others' claims passes.
    try await repo.git("mv", "free/f.txt", "free/g.txt")
    expectExit(0, try await repo.commit("-q", "-m", "move", session: "alice"))
  }

  @Test("deleting another session's file is blocked")
  func deletion() async throws {
    let repo = try await sharedRepository()
    let head = try await repo.revision()
    try await repo.git("rm", "-q", "bobs.txt")
    let result = try await repo.commit("-m", "delete", session: "alice")
    try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["bobs.txt", "bob"])
  }

  @Test("a file turned into a symbolic link (type change) is blocked")
  func typeChange() async throws {
    let repo = try await sharedRepository()
    let head = try await repo.revision()
    try FileManager.default.removeItem(at: repo.url("bobs.txt"))
    try FileManager.default.createSymbolicLink(
      atPath: repo.url("bobs.txt").path, withDestinationPath: "mine.txt")
    try await repo.git("add", "bobs.txt")
    #expect(try await repo.git("diff", "--cached", "--name-status").stdout.hasPrefix("T"))
    let result = try await repo.commit("-m", "link", session: "alice")
    try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["bobs.txt"])
  }

  @Test("a glob claim covers matching paths at any depth, and not others")
  func globClaim() async throws {
    let repo = try await hookedRepository()
    expectExit(0, try await repo.ledger("claim", "**/*.gen.go", session: "bob"))
    try repo.write("deep/er/x.gen.go", "x\n")
    try await repo.git("add", "-A")
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "gen", session: "alice")
    try await expectBlocked(
      result, headBefore: head, repo: repo, mentioning: ["deep/er/x.gen.go", "**/*.gen.go"])
    try await repo.git("rm", "-q", "--cached", "deep/er/x.gen.go")
    try repo.write("deep/er/x.go", "x\n")
    try await repo.git("add", "deep/er/x.go")
    expectExit(0, try await repo.commit("-q", "-m", "hand-written", session: "alice"))
  }

  @Test("a submodule pointer change is a staged path")
  func submodulePointer() async throws {
    let repo = try await hookedRepository()
    let first = try #require(try await repo.revision())
    try repo.write("z.txt")
    try await repo.git("add", "z.txt")
    try await repo.git("commit", "-q", "-m", "second")
    let second = try #require(try await repo.revision())
    try await repo.git("update-index", "--add", "--cacheinfo", "160000,\(first),vendor/lib")
    expectExit(0, try await repo.commit("-q", "-m", "add gitlink", session: "bob"))
    expectExit(0, try await repo.ledger("claim", "vendor/lib", session: "bob"))
    try await repo.git("update-index", "--cacheinfo", "160000,\(second),vendor/lib")
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "bump", session: "alice")
    try await expectBlocked(
      result, headBefore: head, repo: repo, mentioning: ["vendor/lib", "bob"])
    expectExit(0, try await repo.commit("-q", "-m", "bump", session: "bob"))
  }

  @Test("an expired claim no longer blocks (LEDGER_NOW)")
  func expiredClaim() async throws {
    let repo = try await hookedRepository()
    expectExit(
      0, try await repo.ledger("claim", "--ttl", "1h", "e.txt", session: "bob", now: Clock.t0))
    try repo.write("e.txt")
    try await repo.git("add", "e.txt")
    let head = try await repo.revision()
    let early = try await repo.commit("-m", "e", session: "alice", now: Clock.minutes(30))
    try await expectBlocked(early, headBefore: head, repo: repo, mentioning: ["e.txt"])
    expectExit(0, try await repo.commit("-q", "-m", "e", session: "alice", now: Clock.hours(2)))
  }

  @Test(
    "unscoped committer: ledger.unscoped block (default), warn and allow",
    arguments: ["block", "warn", "allow", nil])
  func unscoped(_ policy: String?) async throws {
    let repo = try await sharedRepository()
    if let policy { try await repo.git("config", "ledger.unscoped", policy) }
    try repo.write("bobs.txt", "changed by a person\n")
    try await repo.git("add", "bobs.txt")
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "by hand")
    switch policy {
    case "block", nil:
      try await expectBlocked(
        result, headBefore: head, repo: repo,
        mentioning: ["bobs.txt", "claimed by bob", "LEDGER_SESSION=ID"])
    case "warn":
      expectExit(0, result)
      #expect(result.stderr.contains("warning") && result.stderr.contains("bobs.txt"), "\(result)")
    default:
      expectExit(0, result)
      // pre-commit lets it through without a list; post-commit says the bypass is logged.
      #expect(!result.stderr.contains("bobs.txt"), "allow lists nothing\n\(result)")
      #expect(result.stderr.contains("logged as a bypass (ledger.unscoped=allow)"), "\(result)")
    }
    if policy == "warn" || policy == "allow" {
      #expect(try await repo.revision() != head)
      #expect(try await repo.trailers().isEmpty, "an unscoped commit carries no trailer")
    }
  }

  @Test("ledger.requireClaim=true: a session may commit only what it claimed")
  func requireClaim() async throws {
    let repo = try await sharedRepository()
    try await repo.git("config", "ledger.requireClaim", "true")
    try repo.write("free/f.txt", "changed\n")
    try await repo.git("add", "free/f.txt")
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "unclaimed", session: "alice")
    try await expectBlocked(
      result, headBefore: head, repo: repo,
      mentioning: ["free/f.txt", "not claimed by alice", "ledger.requireClaim", "ledger claim"])
    expectExit(0, try await repo.ledger("claim", "free/", session: "alice"))
    expectExit(0, try await repo.commit("-q", "-m", "claimed now", session: "alice"))
    // An unscoped committer is not held to requireClaim.
    try repo.write("README.md", "by hand\n")
    try await repo.git("add", "README.md")
    expectExit(0, try await repo.commit("-q", "-m", "person"))
  }

  @Test("ledger.enabled=false, by git -c or in the config, turns every check off")
  func disabled() async throws {
    let repo = try await sharedRepository()
    try repo.write("bobs.txt", "1\n")
    try await repo.git("add", "bobs.txt")
    let once = try await repo.commitAs(
      ["-c", "ledger.enabled=false", "commit", "-q", "-m", "off"], session: "alice")
    expectExit(0, once)
    #expect(try await repo.changedPaths() == ["bobs.txt"])
    #expect(try await repo.trailers().isEmpty, "a disabled hook adds no trailer")

    try await repo.git("config", "ledger.enabled", "false")
    try repo.write("bobs.txt", "2\n")
    try await repo.git("add", "bobs.txt")
    expectExit(0, try await repo.commit("-q", "-m", "off again", session: "alice"))
    #expect(try await repo.trailers().isEmpty)
    #expect(try await repo.log().filter { $0.event == "commit" }.isEmpty, "nothing is recorded")

    // Turned on again (-c wins over the file), the check is back.
    try repo.write("bobs.txt", "3\n")
    try await repo.git("add", "bobs.txt")
    let head = try await repo.revision()
    let back = try await repo.commitAs(
      ["-c", "ledger.enabled=true", "commit", "-m", "on"], session: "alice")
    try await expectBlocked(back, headBefore: head, repo: repo, mentioning: ["bobs.txt"])
  }

  @Test(
    "a corrupt claims file blocks every commit, naming it and suggesting ledger doctor --repair")
  func corruptLedger() async throws {
    let repo = try await sharedRepository()
    try Data("this is not a ledger\n".utf8).write(to: repo.claimsFile)
    try repo.write("README.md", "harmless\n")
    try await repo.git("add", "README.md")
    let head = try await repo.revision()
    for session in ["alice", nil] {
      let result = try await repo.commit("-m", "x", session: session)
      try await expectBlocked(
        result, headBefore: head, repo: repo,
        mentioning: [repo.claimsFile.path, "ledger doctor --repair"])
    }
    let check = try await repo.ledger("check", session: "alice")
    expectError(1, check, mentioning: [repo.claimsFile.path, "ledger doctor --repair"])
  }

  @Test("ledger check gives pre-commit's verdict and exit code, also as --json")
  func checkAgrees() async throws {
    let repo = try await sharedRepository()
    try repo.write("bobs.txt", "changed\n")
    try repo.write("mine.txt", "changed\n")
    try await repo.git("add", "bobs.txt", "mine.txt")

    let hook = try await repo.commit("-m", "x", session: "alice")
    let check = try await repo.ledger("check", session: "alice")
    expectExit(1, hook)
    expectExit(1, check)
    let reportLines = { (text: String) in
      text.split(separator: "\n").map { line in
        line.hasPrefix("AgentLedger: ") ? line.dropFirst("AgentLedger: ".count) : line[...]
      }.filter { $0.contains("bobs.txt") }
    }
    #expect(!reportLines(check.stderr).isEmpty, "\(check)")
    #expect(reportLines(hook.stderr) == reportLines(check.stderr), "\(hook)\n\(check)")

    let json = try await repo.ledger("check", "--json", session: "alice")
    expectExit(1, json)
    let document = try JSON.parse(json.stdout)
    #expect(document["allowed"] == .bool(false))
    let violations = try #require(document["violations"]?.arrayValue)
    #expect(violations.count == 1)
    #expect(violations.first?["path"] == .string("bobs.txt"))
    #expect(violations.first?["session"] == .string("bob"))
    #expect(violations.first?["spec"] == .string("bobs.txt"))
    #expect(violations.first?["since"] == .string(Clock.t0))
    #expect(violations.first?["note"] == .string("parser work"))

    // Bob's own view, with only his file staged: allowed, by both.
    try await repo.git("restore", "--staged", "mine.txt")
    let bobCheck = try await repo.ledger("check", "--json", session: "bob")
    expectExit(0, bobCheck)
    #expect(try JSON.parse(bobCheck.stdout)["allowed"] == .bool(true))
    #expect(try JSON.parse(bobCheck.stdout)["violations"] == .array([]))
    // Alice's, with only her file staged: allowed, by both.
    try await repo.git("restore", "--staged", "bobs.txt")
    try await repo.git("add", "mine.txt")
    let aliceCheck = try await repo.ledger("check", session: "alice")
    expectExit(0, aliceCheck)
    #expect(aliceCheck.stdout.hasPrefix("ok"), "\(aliceCheck)")
    expectExit(0, try await repo.commit("-q", "-m", "x", session: "alice"))
  }
}
