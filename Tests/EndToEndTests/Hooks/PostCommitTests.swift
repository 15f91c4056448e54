import Foundation
import Testing

@Suite("post-commit")
struct PostCommitTests {
  @Test("a commit event: full 40-hex sha, session, the paths, the commit's time")
  func commitEvent() async throws {
    let repo = try await hookedRepository(files: ["gone.txt": "g\n", "mod.txt": "m\n"])
    try repo.write("mod.txt", "changed\n")
    try repo.write("dir/new.txt", "new\n")
    try FileManager.default.removeItem(at: repo.url("gone.txt"))
    try await repo.git("add", "-A")
    expectExit(0, try await repo.commit("-q", "-m", "three paths", session: "alice", now: Clock.t0))
    let sha = try #require(try await repo.revision())
    let event = try await repo.lastEvent()
    #expect(event.event == "commit")
    #expect(event["commit"] == sha)
    #expect(sha.wholeMatch(of: /[0-9a-f]{40}/) != nil)
    #expect(event.session == "alice")
    #expect(Set(event.paths) == ["mod.txt", "dir/new.txt", "gone.txt"])
    #expect(event.time == Clock.t0)
    #expect(!event.flag("replay"))

    // An unscoped commit is recorded with a null session.
    try repo.write("mod.txt", "again\n")
    try await repo.git("add", "mod.txt")
    expectExit(0, try await repo.commit("-q", "-m", "person"))
    let unscoped = try await repo.lastEvent()
    #expect(unscoped.event == "commit" && unscoped.json["session"] == .null, "\(unscoped)")
    let head = try await repo.revision()
    #expect(unscoped["commit"] == head)
  }

  @Test("ledger.releaseOnCommit=true releases the committed file claims; directory claims stay")
  func releaseOnCommit() async throws {
    let repo = try await hookedRepository()
    try await repo.git("config", "ledger.releaseOnCommit", "true")
    expectExit(
      0, try await repo.ledger("claim", "a.txt", "keep.txt", "d/", "**/*.gen", session: "alice"))
    try repo.write("a.txt")
    try repo.write("keep.txt")
    try repo.write("d/x.txt")
    try repo.write("g/y.gen")
    try await repo.git("add", "a.txt", "d", "g")
    let result = try await repo.commit("-q", "-m", "some", session: "alice")
    expectExit(0, result)
    #expect(result.stderr.contains("released 1 file claim"), "\(result)")
    #expect(Set(try await repo.claims().map(\.spec)) == ["keep.txt", "d/", "**/*.gen"])
    let release = try await repo.log().filter { $0.event == "release" }
    #expect(release.map { $0["spec"] } == ["a.txt"] && release.first?.session == "alice")

    // Off by default: nothing is released.
    try await repo.git("config", "--unset", "ledger.releaseOnCommit")
    try await repo.git("add", "keep.txt")
    expectExit(0, try await repo.commit("-q", "-m", "keep", session: "alice"))
    #expect(Set(try await repo.claims().map(\.spec)) == ["keep.txt", "d/", "**/*.gen"])
  }

  @Test("releaseOnCommit never releases another session's claim")
  func releaseOnlyOwn() async throws {
    let repo = try await hookedRepository()
    try await repo.git("config", "ledger.releaseOnCommit", "true")
    try await repo.git("config", "ledger.unscoped", "allow")
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try repo.write("b.txt")
    try await repo.git("add", "b.txt")
    expectExit(0, try await repo.commit("-q", "-m", "person commits bob's file"))
    #expect(try await repo.claims().map(\.spec) == ["b.txt"])
  }

  @Test("a commit that got claimed paths past the checks is logged as a bypass, with a warning")
  func bypass() async throws {
    let repo = try await hookedRepository()
    expectExit(0, try await repo.ledger("claim", "--note", "bob's", "b.txt", session: "bob"))
    try repo.write("b.txt")
    try repo.write("a.txt")
    try await repo.git("add", "a.txt", "b.txt")
    let result = try await repo.commitAs(
      ["-c", "ledger.noVerify=audit", "commit", "-q", "--no-verify", "-m", "sneaky"],
      session: "alice")
    expectExit(0, result)
    let sha = try #require(try await repo.revision())
    #expect(
      result.stderr.contains("warning: commit \(sha.prefix(12))") && result.stderr.contains("bob"),
      "\(result)")
    let events = try await repo.log()
    let bypass = try #require(events.last { $0.event == "bypass" })
    #expect(bypass["commit"] == sha && bypass.session == "alice")
    #expect(bypass.paths == ["b.txt"], "only the claimed path is a violation: \(bypass)")
    let commit = try #require(events.last { $0.event == "commit" })
    #expect(Set(commit.paths) == ["a.txt", "b.txt"])
  }

  @Test("core.hooksPath=/dev/null on one commit: nothing is recorded (git ran no hooks)")
  func hooksOff() async throws {
    // Hook files: a config-based registration (git ≥ 2.54) runs despite core.hooksPath
    // (ConfigHookTests).
    let repo = try await TempRepository()
    try await repo.installHooks(["--files"])
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try repo.write("b.txt")
    try await repo.git("add", "b.txt")
    expectExit(
      0,
      try await repo.commitAs(
        ["-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "no hooks"], session: "alice"))
    #expect(try await repo.log().filter { $0.event == "commit" }.isEmpty)
    #expect(try await repo.trailers().isEmpty)
  }

  @Test("an amend that takes in another session's claimed work warns before git returns")
  func amendOfAnotherSessionWarns() async throws {
    let repo = try await hookedRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    try repo.write("a.txt", "alice\n")
    try await repo.git("add", "a.txt")
    expectExit(0, try await repo.commit("-q", "-m", "alice's work", session: "alice"))
    try repo.write("b.txt", "bob\n")
    try await repo.git("add", "b.txt")
    let amend = try await repo.commit("-q", "--amend", "-m", "bob's amend", session: "bob")
    expectExit(0, amend)
    let sha = try #require(try await repo.revision())
    #expect(
      amend.stderr.contains("warning: commit \(sha.prefix(12))") && amend.stderr.contains("alice"),
      "the bypass must be said before git returns\n\(amend)")
    #expect(try await repo.log().contains { $0.event == "bypass" && $0["commit"] == sha })
  }

  @Test("a claim made while the editor was open: the bypass is said before git returns")
  func claimWhileEditing() async throws {
    let repo = try await hookedRepository()
    try repo.write("a.txt", "bob\n")
    try await repo.git("add", "a.txt")
    let editor = try repo.script(
      "claim-then-edit",
      """
      LEDGER_SESSION=alice '\(Executables.ledger.path)' claim a.txt >/dev/null 2>&1 || exit 1
      echo "bob's message" > "$1"
      """)
    let result = try await repo.commit("-q", session: "bob", editor: editor)
    expectExit(0, result)
    let sha = try #require(try await repo.revision())
    #expect(
      result.stderr.contains("warning: commit \(sha.prefix(12))")
        && result.stderr.contains("alice"), "\(result)")
    #expect(try await repo.log().contains { $0.event == "bypass" && $0["commit"] == sha })
  }

  @Test(
    "an unscoped commit of a claimed path that the policy lets through is logged as a bypass",
    arguments: ["warn", "allow"])
  func unscopedLetThrough(_ policy: String) async throws {
    let repo = try await hookedRepository()
    try await repo.git("config", "ledger.unscoped", policy)
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try repo.write("b.txt", "a person's fix\n")
    try await repo.git("add", "b.txt")
    let result = try await repo.commit("-q", "-m", "person")
    expectExit(0, result)
    let sha = try #require(try await repo.revision())
    #expect(
      result.stderr.contains("warning: commit \(sha.prefix(12))") && result.stderr.contains("bob"),
      "said before git returns: \(result)")
    let events = try await repo.log()
    #expect(events.contains { $0.event == "bypass" && $0["commit"] == sha }, "\(events)")
  }
}
