import Foundation
import Testing

@Suite("Replays: cherry-pick, revert, rebase")
struct ReplayTests {
  /// main: `b.txt` "base", then a commit of `m.txt`; branch `feature` (from base): two commits by
  /// bob changing `b.txt` (each stamped `Agent-Session: bob`). Bob claims `b.txt` afterwards.
  private func replayRepository(conflicting: Bool = false) async throws -> TempRepository {
    let repo = try await hookedRepository(files: ["b.txt": "base\n"])
    try await repo.git("checkout", "-q", "-b", "feature")
    try repo.write("b.txt", "bob 1\n")
    expectExit(0, try await repo.commit("-q", "-am", "bob 1", session: "bob"))
    try repo.write("b.txt", "bob 1\nbob 2\n")
    expectExit(0, try await repo.commit("-q", "-am", "bob 2", session: "bob"))
    try await repo.git("checkout", "-q", "main")
    if conflicting {
      try repo.write("b.txt", "main's own\n")
      expectExit(0, try await repo.commit("-q", "-am", "main b", session: "bob"))
    } else {
      try repo.write("m.txt", "m\n")
      try await repo.git("add", "m.txt")
      expectExit(0, try await repo.commit("-q", "-m", "main m", session: "carol"))
    }
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    return repo
  }

  /// The commit events logged after `count` earlier events.
  private func newCommitEvents(_ repo: TempRepository, after count: Int) async throws -> [LogEvent]
  {
    Array(try await repo.log().dropFirst(count))
  }

  /// Expects the new events to be replay commits of `shas` and no bypass.
  private func expectReplayed(
    _ events: [LogEvent], _ shas: [String], sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let commits = events.filter { $0.event == "commit" }
    #expect(
      commits.map { $0["commit"] ?? "" } == shas, "\(events)", sourceLocation: sourceLocation)
    #expect(
      commits.allSatisfy { $0.flag("replay") }, "replays must say so: \(events)",
      sourceLocation: sourceLocation)
    #expect(
      commits.allSatisfy { $0.paths == ["b.txt"] }, "\(events)", sourceLocation: sourceLocation)
    #expect(
      !events.contains { $0.event == "bypass" }, "a replay is not a bypass: \(events)",
      sourceLocation: sourceLocation)
  }

  @Test("a clean cherry-pick of bob's commit by alice: not blocked, no new trailer, replay logged")
  func cleanCherryPick() async throws {
    let repo = try await replayRepository()
    let before = try await repo.log().count
    let result = try await repo.commitAs(["cherry-pick", "feature~1"], session: "alice")
    expectExit(0, result)
    #expect(try await repo.trailerValues() == ["bob"])
    #expect(try await repo.subject() == "bob 1")
    let sha = try #require(try await repo.revision())
    expectReplayed(try await newCommitEvents(repo, after: before), [sha])
  }

  @Test("cherry-pick -x keeps the original trailer and adds only git's line")
  func cherryPickX() async throws {
    let repo = try await replayRepository()
    expectExit(0, try await repo.commitAs(["cherry-pick", "-x", "feature~1"], session: "alice"))
    #expect(try await repo.trailerValues() == ["bob"])
    #expect(try await repo.message().contains("(cherry picked from commit "))
  }

  @Test("a conflicted cherry-pick concluded by git commit and by --continue")
  func conflictedCherryPick() async throws {
    let repo = try await replayRepository(conflicting: true)
    let before = try await repo.log().count
    expectExit(1, try await repo.commitAs(["cherry-pick", "feature~1"], session: "alice"))
    try repo.write("b.txt", "resolved\n")
    try await repo.git("add", "b.txt")
    let concluded = try await repo.commit("-q", "--no-edit", session: "alice")
    expectExit(0, concluded)
    #expect(try await repo.trailerValues() == ["bob"])
    let first = try #require(try await repo.revision())

    expectExit(1, try await repo.commitAs(["cherry-pick", "feature"], session: "alice"))
    try repo.write("b.txt", "resolved again\n")
    try await repo.git("add", "b.txt")
    let continued = try await repo.commitAs(
      ["cherry-pick", "--continue"], session: "alice", editor: ":")
    expectExit(0, continued)
    #expect(try await repo.trailerValues() == ["bob"])
    #expect(try await repo.subject() == "bob 2")
    let second = try #require(try await repo.revision())
    expectReplayed(try await newCommitEvents(repo, after: before), [first, second])
  }

  @Test("git revert of bob's commit by alice: not blocked, no trailer, replay logged")
  func revert() async throws {
    let repo = try await replayRepository()
    try await repo.git("checkout", "-q", "feature")
    let before = try await repo.log().count
    let result = try await repo.commitAs(["revert", "--no-edit", "HEAD"], session: "alice")
    expectExit(0, result)
    #expect(try await repo.subject() == "Revert \"bob 2\"")
    let message = try await repo.message()
    #expect(try await repo.trailers().isEmpty, "\(message)")
    let sha = try #require(try await repo.revision())
    expectReplayed(try await newCommitEvents(repo, after: before), [sha])
  }

  @Test("git rebase of bob's commits by alice: not blocked, trailers kept, replays logged")
  func rebase() async throws {
    let repo = try await replayRepository()
    try await repo.git("checkout", "-q", "feature")
    let before = try await repo.log().count
    let result = try await repo.commitAs(["rebase", "-q", "main"], session: "alice")
    expectExit(0, result)
    #expect(try await repo.trailerValues(of: "HEAD") == ["bob"])
    #expect(try await repo.trailerValues(of: "HEAD~1") == ["bob"])
    #expect(try await repo.subject("HEAD~2") == "main m")
    let shas = [try await repo.revision("HEAD~1"), try await repo.revision("HEAD")].compactMap {
      $0
    }
    expectReplayed(try await newCommitEvents(repo, after: before), shas)
  }

  @Test("git rebase -i with a reword: the reworded commit keeps its one trailer")
  func rebaseInteractiveReword() async throws {
    let repo = try await replayRepository()
    try await repo.git("checkout", "-q", "feature")
    let sequence = try repo.script("sequence", "sed -i '1s/^pick/reword/' \"$1\"")
    let reword = try repo.script("reword", "sed -i '1s/.*/Reworded by alice/' \"$1\"")
    let before = try await repo.log().count
    let result = try await repo.commitAs(
      ["rebase", "-q", "-i", "main"], session: "alice", editor: reword,
      environment: ["GIT_SEQUENCE_EDITOR": sequence])
    expectExit(0, result)
    #expect(try await repo.subject("HEAD~1") == "Reworded by alice")
    #expect(try await repo.trailerValues(of: "HEAD~1") == ["bob"])
    #expect(try await repo.trailerValues(of: "HEAD") == ["bob"])
    let events = try await newCommitEvents(repo, after: before)
    let commits = events.filter { $0.event == "commit" }
    #expect(commits.count >= 2 && commits.allSatisfy { $0.flag("replay") }, "\(events)")
    let head = try await repo.revision()
    #expect(commits.last?["commit"] == head)
    #expect(!events.contains { $0.event == "bypass" }, "\(events)")
  }

  @Test("a new commit made at a rebase -i edit stop is new work: judged and stamped")
  func newCommitAtEditStop() async throws {
    let repo = try await hookedRepository(files: ["b.txt": "base\n"])
    try repo.write("a.txt")
    try await repo.git("add", "a.txt")
    expectExit(0, try await repo.commit("-q", "-m", "alice a", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    let edit = try repo.script("edit", "sed -i '1s/^pick/edit/' \"$1\"")
    let stopped = try await repo.commitAs(
      ["rebase", "-q", "-i", "HEAD~1"], session: "alice",
      environment: ["GIT_SEQUENCE_EDITOR": edit])
    expectExit(0, stopped)
    #expect(repo.exists(repo.path.appendingPathComponent(".git/rebase-merge")), "\(stopped)")

    try repo.write("b.txt", "alice sneaks in bob's file\n")
    try await repo.git("add", "b.txt")
    let head = try await repo.revision()
    let sneaky = try await repo.commit("-m", "new work during the rebase", session: "alice")
    try await expectBlocked(sneaky, headBefore: head, repo: repo, mentioning: ["b.txt", "bob"])
    if sneaky.exited(0) {
      #expect(try await repo.trailerValues() == ["alice"], "new work must be stamped")
      let event = try await repo.lastEvent()
      #expect(!event.flag("replay"), "new work is not a replay: \(event)")
    }
    _ = try await repo.commitAs(["rebase", "--abort"])
  }
}
