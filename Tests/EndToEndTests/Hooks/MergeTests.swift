import Foundation
import Testing

@Suite("Concluding merges")
struct MergeTests {
  /// main and `side` both change `c.txt` (a conflict); `side` (bob's commit) also changes bob's
  /// claimed `b.txt`. Alice is merging `side` into main, stopped at the conflict.
  private func conflictedMerge() async throws -> TempRepository {
    let repo = try await hookedRepository(files: ["b.txt": "base\n", "c.txt": "base\n"])
    try await repo.git("checkout", "-q", "-b", "side")
    try repo.write("b.txt", "bob's side\n")
    try repo.write("c.txt", "side\n")
    expectExit(0, try await repo.commit("-q", "-am", "bob on side", session: "bob"))
    try await repo.git("checkout", "-q", "main")
    try repo.write("c.txt", "main\n")
    expectExit(0, try await repo.commit("-q", "-am", "main c", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    expectExit(1, try await repo.commitAs(["merge", "side"], session: "alice"))
    #expect(try await repo.status().contains("M  b.txt"))
    try repo.write("c.txt", "resolved\n")
    try await repo.git("add", "c.txt")
    return repo
  }

  @Test("taking the incoming (MERGE_HEAD) version of a claimed path unchanged is allowed")
  func incomingUnchanged() async throws {
    let repo = try await conflictedMerge()
    let result = try await repo.commit("-q", "--no-edit", session: "alice")
    expectExit(0, result)
    #expect(
      try await repo.git("rev-list", "--parents", "-1", "HEAD").stdout.split(separator: " ").count
        == 3)
    #expect(try await repo.trailerValues() == ["alice"])
    let events = try await repo.log()
    #expect(!events.contains { $0.event == "bypass" }, "incoming work is not a bypass: \(events)")
    let commit = try #require(events.last { $0.event == "commit" })
    let head = try await repo.revision()
    #expect(commit["commit"] == head && commit.flag("merge"), "\(commit)")
  }

  @Test(
    "a claimed submodule pointer bumped while concluding a merge is judged, whatever diff.ignoreSubmodules says"
  )
  func submoduleBumpDuringMerge() async throws {
    let repo = try await conflictedMerge()
    let base = try #require(try await repo.revision("HEAD~1"))
    let head = try #require(try await repo.revision())
    // A gitlink both sides lack, claimed by bob, staged into the merge by alice.
    try await repo.git("update-index", "--add", "--cacheinfo", "160000,\(base),vendor/lib")
    expectExit(0, try await repo.ledger("claim", "vendor/lib", session: "bob"))
    try await repo.git("config", "diff.ignoreSubmodules", "all")
    let result = try await repo.commit("--no-edit", session: "alice")
    try await expectBlocked(
      result, headBefore: head, repo: repo, mentioning: ["vendor/lib", "bob"])
  }

  @Test("a claimed path whose staged content differs from MERGE_HEAD's is blocked")
  func changedDuringMerge() async throws {
    let repo = try await conflictedMerge()
    try repo.write("b.txt", "alice edits bob's file while merging\n")
    try await repo.git("add", "b.txt")
    let head = try await repo.revision()
    let result = try await repo.commit("--no-edit", session: "alice")
    try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["b.txt", "bob"])
    #expect(!result.stderr.contains("c.txt"), "\(result)")
    // ledger check agrees while the merge is pending.
    expectExit(1, try await repo.ledger("check", session: "alice"))
    try await repo.git("checkout", "MERGE_HEAD", "--", "b.txt")
    expectExit(0, try await repo.ledger("check", session: "alice"))
    expectExit(0, try await repo.commit("-q", "--no-edit", session: "alice"))
  }

  @Test("concluding a merge with LEDGER_OVERRIDE: one override event naming the merge commit")
  func overrideDuringMerge() async throws {
    let repo = try await conflictedMerge()
    try repo.write("b.txt", "alice edits bob's file while merging\n")
    try await repo.git("add", "b.txt")
    let before = try await repo.log().count
    let result = try await repo.commit(
      "-q", "--no-edit", session: "alice", environment: ["LEDGER_OVERRIDE": "agreed with bob"])
    expectExit(0, result)
    let head = try await repo.revision()
    let events = try await repo.log().dropFirst(before)
    let overrides = events.filter { $0.event == "override" }
    #expect(overrides.count == 1, "\(events)")
    #expect(overrides.first?["commit"] == head, "\(overrides)")
    #expect(overrides.first?.paths == ["b.txt"], "\(overrides)")
    #expect(!events.contains { $0.event == "bypass" }, "\(events)")
    #expect(
      try await repo.git("log", "-1", "--format=%B").stdout.contains(
        "Ledger-Override: agreed with bob"))
  }

  @Test("keeping our side of a claimed path bob changed on the merged branch is allowed")
  func oursUnchangedAgainstHead() async throws {
    let repo = try await conflictedMerge()
    // Take HEAD's b.txt: against HEAD nothing is staged for it, so nothing to judge.
    try await repo.git("checkout", "HEAD", "--", "b.txt")
    expectExit(0, try await repo.commit("-q", "--no-edit", session: "alice"))
    #expect(try await repo.git("show", "HEAD:b.txt").stdout == "base\n")
  }

  @Test("a merge git concludes by itself is not judged: bob's incoming work merges, stamped")
  func automaticMergeNotJudged() async throws {
    let repo = try await hookedRepository(files: ["b.txt": "base\n"])
    try await repo.git("checkout", "-q", "-b", "side")
    try repo.write("b.txt", "bob's side\n")
    expectExit(0, try await repo.commit("-q", "-am", "bob on side", session: "bob"))
    try await repo.git("checkout", "-q", "main")
    try repo.write("m.txt")
    try await repo.git("add", "m.txt")
    expectExit(0, try await repo.commit("-q", "-m", "main m", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    let merge = try await repo.commitAs(["merge", "-q", "--no-ff", "side"], session: "alice")
    expectExit(0, merge)
    #expect(try await repo.git("show", "HEAD:b.txt").stdout == "bob's side\n")
    #expect(try await repo.trailerValues() == ["alice"])
    #expect(try await repo.subject() == "Merge branch 'side'")
  }
}
