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

  // MARK: Concluding a replay: only the replayed version moves unjudged

  /// True when `text` is a full 40-hex commit id.
  private func isFullSha(_ text: String?) -> Bool {
    guard let text else { return false }
    return text.count == 40 && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
  }

  /// main has `a.txt` (alice's commit) on top of `b.txt`; bob claims `b.txt`; alice stops her
  /// own commit at a rebase -i `edit`.
  private func editStop() async throws -> TempRepository {
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
    #expect(repo.exists(repo.path.appendingPathComponent(".git/rebase-merge/amend")), "\(stopped)")
    return repo
  }

  @Test("at a rebase edit stop, another session's file staged and `rebase --continue`: blocked")
  func continueAtEditStopIsJudged() async throws {
    let repo = try await editStop()
    try repo.write("b.txt", "alice sneaks in bob's file\n")
    try await repo.git("add", "b.txt")
    let head = try await repo.revision()
    let continued = try await repo.commitAs(
      ["rebase", "--continue"], session: "alice", editor: ":")
    #expect(!continued.exited(0), "new work at an edit stop is judged\n\(continued)")
    #expect(continued.stderr.contains("b.txt") && continued.stderr.contains("bob"), "\(continued)")
    #expect(try await repo.revision() == head, "nothing was committed")
    #expect(try await repo.git("show", "HEAD:b.txt").stdout == "base\n")
    // Alice's own new work at the stop goes through, and the rebase finishes.
    try await repo.git("checkout", "HEAD", "--", "b.txt")
    try repo.write("a.txt", "alice amends her own file\n")
    try await repo.git("add", "a.txt")
    let own = try await repo.commitAs(["rebase", "--continue"], session: "alice", editor: ":")
    expectExit(0, own)
    #expect(!repo.exists(repo.path.appendingPathComponent(".git/rebase-merge")), "\(own)")
    #expect(try await repo.git("show", "HEAD:a.txt").stdout == "alice amends her own file\n")
    let sha = try await repo.revision()
    #expect(try await repo.log().contains { $0.event == "commit" && $0["commit"] == sha })
  }

  /// main changes `b.txt`; `feature` (alice) changes `b.txt` too, so rebasing it stops at a
  /// conflict. Bob claims `c.txt` and `b.txt`.
  private func conflictedRebase() async throws -> TempRepository {
    let repo = try await hookedRepository(files: ["b.txt": "base\n", "c.txt": "c\n"])
    try await repo.git("checkout", "-q", "-b", "feature")
    try repo.write("b.txt", "feature\n")
    expectExit(0, try await repo.commit("-q", "-am", "feature b", session: "alice"))
    try await repo.git("checkout", "-q", "main")
    try repo.write("b.txt", "main\n")
    expectExit(0, try await repo.commit("-q", "-am", "main b", session: "alice"))
    try await repo.git("checkout", "-q", "feature")
    expectExit(0, try await repo.ledger("claim", "b.txt", "c.txt", session: "bob"))
    let stopped = try await repo.commitAs(["rebase", "main"], session: "alice")
    #expect(!stopped.exited(0), "the pick conflicts\n\(stopped)")
    return repo
  }

  @Test("a conflicted rebase pick with an extra claimed path staged: --continue blocked")
  func continueAfterConflictWithExtraPath() async throws {
    let repo = try await conflictedRebase()
    try repo.write("b.txt", "resolved\n")
    try repo.write("c.txt", "swept along\n")
    try await repo.git("add", "b.txt", "c.txt")
    let head = try await repo.revision()
    let continued = try await repo.commitAs(
      ["rebase", "--continue"], session: "alice", editor: ":")
    #expect(!continued.exited(0), "the extra path is new work\n\(continued)")
    #expect(continued.stderr.contains("c.txt"), "\(continued)")
    #expect(
      !continued.stderr.split(separator: "\n").contains {
        $0.contains("b.txt") && $0.contains("claimed by")
      }, "the resolution is not judged\n\(continued)")
    #expect(try await repo.revision() == head)
    // The resolution of the conflicted path alone moves unjudged.
    try await repo.git("reset", "-q", "--", "c.txt")
    try await repo.git("checkout", "--", "c.txt")
    let resolved = try await repo.commitAs(
      ["rebase", "--continue"], session: "alice", editor: ":")
    expectExit(0, resolved)
    #expect(try await repo.git("show", "HEAD:b.txt").stdout == "resolved\n")
    let event = try await repo.lastEvent()
    #expect(event.event == "commit" || event.event == "rewrite", "\(event)")
    #expect(!(try await repo.log()).contains { $0.event == "bypass" })
  }

  /// main changes `b.txt`; `feature` (bob) changes `b.txt` and `c.txt` in one commit, so picking
  /// it conflicts on `b.txt` only. Bob claims both.
  private func conflictedPick() async throws -> TempRepository {
    let repo = try await hookedRepository(files: ["b.txt": "base\n", "c.txt": "c\n"])
    try await repo.git("checkout", "-q", "-b", "feature")
    try repo.write("b.txt", "bob b\n")
    try repo.write("c.txt", "bob c\n")
    expectExit(0, try await repo.commit("-q", "-am", "bob b and c", session: "bob"))
    try await repo.git("checkout", "-q", "main")
    try repo.write("b.txt", "main\n")
    expectExit(0, try await repo.commit("-q", "-am", "main b", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "b.txt", "c.txt", session: "bob"))
    expectExit(1, try await repo.commitAs(["cherry-pick", "feature"], session: "alice"))
    return repo
  }

  @Test("conflicted cherry-pick: a cleanly picked path replaced by other content is judged")
  func pickedPathReplacedIsJudged() async throws {
    let repo = try await conflictedPick()
    try repo.write("b.txt", "alice's resolution\n")
    try repo.write("c.txt", "not what bob committed\n")
    try await repo.git("add", "b.txt", "c.txt")
    let head = try await repo.revision()
    let committed = try await repo.commit("--no-edit", session: "alice")
    try await expectBlocked(committed, headBefore: head, repo: repo, mentioning: ["c.txt", "bob"])
    let continued = try await repo.commitAs(
      ["cherry-pick", "--continue"], session: "alice", editor: ":")
    #expect(!continued.exited(0), "\(continued)")
    #expect(try await repo.revision() == head)
    // `ledger check` agrees.
    expectExit(1, try await repo.ledger("check", session: "alice"))
    // bob's version of c.txt and any resolution of the conflicted b.txt move unjudged.
    try await repo.git("checkout", "feature", "--", "c.txt")
    expectExit(0, try await repo.ledger("check", session: "alice"))
    let concluded = try await repo.commitAs(
      ["cherry-pick", "--continue"], session: "alice", editor: ":")
    expectExit(0, concluded)
    #expect(try await repo.trailerValues() == ["bob"])
    let event = try await repo.lastEvent()
    #expect(event.event == "commit" && event.flag("replay"), "\(event)")
    #expect(isFullSha(event["commit"]), "\(event)")
  }

  @Test("a path the replayed commit did not touch, staged while concluding a pick: judged")
  func extraPathDuringPickIsJudged() async throws {
    let repo = try await conflictedPick()
    try repo.write("b.txt", "resolved\n")
    try repo.write("d.txt", "new\n")
    try await repo.git("add", "b.txt", "d.txt")
    expectExit(0, try await repo.ledger("claim", "d.txt", session: "bob"))
    let head = try await repo.revision()
    let committed = try await repo.commit("--no-verify", "--no-edit", session: "alice")
    try await expectBlocked(committed, headBefore: head, repo: repo, mentioning: ["d.txt"])
  }

  // MARK: Doors without commit hooks: am, rebase --apply, merges git concludes, rewrites

  @Test("git rebase --apply of bob's commits: every new commit recorded with its full sha")
  func rebaseApplyRecorded() async throws {
    let repo = try await replayRepository()
    try await repo.git("checkout", "-q", "feature")
    let before = try await repo.log().count
    let result = try await repo.commitAs(["rebase", "--apply", "-q", "main"], session: "alice")
    expectExit(0, result)
    let shas = [try await repo.revision("HEAD~1"), try await repo.revision("HEAD")].compactMap {
      $0
    }
    let events = try await newCommitEvents(repo, after: before)
    expectReplayed(events, shas)
    let rewrite = try #require(events.first { $0.event == "rewrite" }, "\(events)")
    let pairs = rewrite.json["rewritten"]?.arrayValue ?? []
    #expect(pairs.count == 2, "\(rewrite)")
    #expect(pairs.compactMap { $0["new"]?.stringValue } == shas, "\(rewrite)")
    #expect(pairs.allSatisfy { isFullSha($0["old"]?.stringValue) }, "\(rewrite)")
  }

  @Test("git am: recorded; an extra claimed path staged before `git am --continue` is judged")
  func amRecordedAndJudged() async throws {
    let repo = try await replayRepository(conflicting: true)
    let patches = repo.root.appendingPathComponent("patches")
    try await repo.git("format-patch", "-q", "-1", "feature~1", "-o", patches.path)
    let patch = try #require(
      try FileManager.default.contentsOfDirectory(atPath: patches.path).first)
    let applied = try await repo.commitAs(
      ["am", "-3", patches.appendingPathComponent(patch).path], session: "alice")
    #expect(!applied.exited(0), "the patch conflicts on b.txt\n\(applied)")
    try repo.write("b.txt", "resolved\n")
    try repo.write("x.txt", "bob's other file\n")
    try await repo.git("add", "b.txt", "x.txt")
    expectExit(0, try await repo.ledger("claim", "x.txt", session: "bob"))
    let head = try await repo.revision()
    let blocked = try await repo.commitAs(["am", "--continue"], session: "alice")
    #expect(!blocked.exited(0), "\(blocked)")
    #expect(blocked.stderr.contains("x.txt"), "\(blocked)")
    #expect(try await repo.revision() == head)
    try await repo.git("rm", "-q", "--cached", "x.txt")
    let before = try await repo.log().count
    let continued = try await repo.commitAs(["am", "--continue"], session: "alice")
    expectExit(0, continued)
    let sha = try #require(try await repo.revision())
    #expect(try await repo.subject() == "bob 1")
    expectReplayed(try await newCommitEvents(repo, after: before), [sha])
  }

  @Test("git am --continue with LEDGER_OVERRIDE: one override event, naming the commit")
  func amOverrideLoggedOnce() async throws {
    let repo = try await replayRepository(conflicting: true)
    let patches = repo.root.appendingPathComponent("patches")
    try await repo.git("format-patch", "-q", "-1", "feature~1", "-o", patches.path)
    let patch = try #require(
      try FileManager.default.contentsOfDirectory(atPath: patches.path).first)
    let applied = try await repo.commitAs(
      ["am", "-3", patches.appendingPathComponent(patch).path], session: "alice")
    #expect(!applied.exited(0), "the patch conflicts on b.txt\n\(applied)")
    try repo.write("b.txt", "resolved\n")
    try repo.write("x.txt", "bob's other file\n")
    try await repo.git("add", "b.txt", "x.txt")
    expectExit(0, try await repo.ledger("claim", "x.txt", session: "bob"))
    let before = try await repo.log().count
    let continued = try await repo.commitAs(
      ["am", "--continue"], session: "alice", environment: ["LEDGER_OVERRIDE": "pairing with bob"])
    expectExit(0, continued)
    let sha = try #require(try await repo.revision())
    let overrides = try await repo.log().dropFirst(before).filter { $0.event == "override" }
    #expect(overrides.count == 1, "\(overrides)")
    #expect(overrides.first?["commit"] == sha, "\(overrides)")
    #expect(overrides.first?["reason"] == "pairing with bob", "\(overrides)")
    #expect(overrides.first?.paths == ["x.txt"], "\(overrides)")
  }

  @Test("a merge git concludes itself is recorded (post-merge), with its full sha")
  func automaticMergeRecorded() async throws {
    let repo = try await replayRepository()
    let before = try await repo.log().count
    expectExit(0, try await repo.commitAs(["merge", "-q", "--no-ff", "feature"], session: "alice"))
    let sha = try await repo.revision()
    let events = try await newCommitEvents(repo, after: before)
    let commit = try #require(events.first { $0.event == "commit" }, "\(events)")
    #expect(commit["commit"] == sha && commit.flag("merge") && isFullSha(sha), "\(commit)")
    #expect(commit.session == "alice" && commit.paths == ["b.txt"], "\(commit)")
    #expect(!events.contains { $0.event == "bypass" }, "\(events)")
    // A fast-forward makes no commit, so nothing new is recorded.
    try await repo.git("checkout", "-q", "-b", "later", "feature")
    try await repo.git("checkout", "-q", "feature~1")
    let ffBefore = try await repo.log().count
    expectExit(
      0, try await repo.commitAs(["merge", "-q", "--ff-only", "feature"], session: "alice"))
    #expect(try await repo.log().count == ffBefore)
  }

  @Test("a merge git concludes itself is judged like a merge being concluded")
  func automaticMergeJudged() async throws {
    let repo = try await hookedRepository(files: ["b.txt": "1\n2\n3\n4\n5\n"])
    try await repo.git("checkout", "-q", "-b", "side")
    try repo.write("b.txt", "bob\n2\n3\n4\n5\n")
    expectExit(0, try await repo.commit("-q", "-am", "bob's line", session: "bob"))
    try await repo.git("checkout", "-q", "main")
    try repo.write("b.txt", "1\n2\n3\n4\nalice\n")
    expectExit(0, try await repo.commit("-q", "-am", "alice's line", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    let head = try await repo.revision()
    // The clean merge of both sides differs from bob's committed version: alice's new work.
    let merge = try await repo.commitAs(["merge", "--no-edit", "side"], session: "alice")
    #expect(!merge.exited(0), "\(merge)")
    #expect(merge.stderr.contains("b.txt") && merge.stderr.contains("bob"), "\(merge)")
    #expect(try await repo.revision() == head)
  }

  @Test("git commit --amend: a rewrite event maps the old sha to the new, both full")
  func amendRecordsRewrite() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    let old = try await repo.revision()
    try repo.write("a.txt", "amended\n")
    try await repo.git("add", "a.txt")
    expectExit(0, try await repo.commit("-q", "--amend", "--no-edit", session: "alice"))
    let new = try await repo.revision()
    let rewrite = try #require(try await repo.log().last { $0.event == "rewrite" })
    #expect(rewrite["how"] == "amend" && rewrite.session == "alice", "\(rewrite)")
    let pairs = rewrite.json["rewritten"]?.arrayValue ?? []
    #expect(pairs.count == 1, "\(rewrite)")
    #expect(pairs.first?["old"]?.stringValue == old && pairs.first?["new"]?.stringValue == new)
    #expect(isFullSha(old) && isFullSha(new))
  }

  @Test("post-rewrite: the hook it replaced gets the same input, and its failure stops nothing")
  func chainedPostRewriteGetsInput() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    let seen = repo.root.appendingPathComponent("seen.log")
    let previous = repo.hooksDirectory.appendingPathComponent("post-rewrite")
    try Data("#!/bin/sh\necho \"$1 $(cat)\" >> '\(seen.path)'\nexit 3\n".utf8).write(to: previous)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: previous.path)
    try await repo.installHooks()
    let old = try #require(try await repo.revision())
    try repo.write("a.txt", "amended\n")
    try await repo.git("add", "a.txt")
    expectExit(0, try await repo.commit("-q", "--amend", "--no-edit", session: "alice"))
    let new = try #require(try await repo.revision())
    let text = String(decoding: repo.bytes(seen) ?? Data(), as: UTF8.self)
    #expect(text == "amend \(old) \(new)\n", "\(text)")
    let rewrite = try #require(try await repo.log().last { $0.event == "rewrite" })
    #expect(rewrite.json["rewritten"]?.arrayValue?.first?["new"]?.stringValue == new)
  }

  @Test("concluding a conflicted pick: a path that merged cleanly into a changed file moves")
  func blendedPathAtConflictNotJudged() async throws {
    let repo = try await hookedRepository(files: ["b.txt": "1\n2\n3\n4\n5\n", "c.txt": "c\n"])
    try await repo.git("checkout", "-q", "-b", "feature")
    try repo.write("b.txt", "bob\n2\n3\n4\n5\n")
    try repo.write("c.txt", "bob c\n")
    expectExit(0, try await repo.commit("-q", "-am", "bob's lines", session: "bob"))
    try await repo.git("checkout", "-q", "main")
    try repo.write("b.txt", "1\n2\n3\n4\nmain\n")
    try repo.write("c.txt", "main c\n")
    expectExit(0, try await repo.commit("-q", "-am", "main's lines", session: "bob"))
    expectExit(0, try await repo.ledger("claim", "b.txt", "c.txt", session: "bob"))
    let blended = "bob\n2\n3\n4\nmain\n"
    // A clean rebase blends b.txt; nothing new, so nothing judged.
    try await repo.git("checkout", "-q", "-b", "clean", "feature")
    try await repo.git("rm", "-q", "c.txt")
    expectExit(0, try await repo.commit("-q", "-m", "no c", session: "bob"))
    try await repo.git("reset", "-q", "--soft", "HEAD~2")
    try await repo.git("restore", "-q", "--staged", "--worktree", "--source=main", "c.txt")
    expectExit(0, try await repo.commit("-q", "-m", "bob's b only", session: "bob"))
    expectExit(0, try await repo.commitAs(["rebase", "-q", "main"], session: "alice"))
    #expect(try await repo.git("show", "HEAD:b.txt").stdout == blended)
    try await repo.git("checkout", "-q", "main")
    // The pick conflicts on c.txt; b.txt merges cleanly into main's change.
    expectExit(1, try await repo.commitAs(["cherry-pick", "feature"], session: "alice"))
    #expect(try await repo.status().contains("M  b.txt"))
    try repo.write("c.txt", "resolved\n")
    try await repo.git("add", "c.txt")
    expectExit(0, try await repo.ledger("check", session: "alice"))
    let concluded = try await repo.commitAs(
      ["cherry-pick", "--continue"], session: "alice", editor: ":")
    expectExit(0, concluded)
    #expect(try await repo.git("show", "HEAD:b.txt").stdout == blended)
    #expect(!(try await repo.log()).contains { $0.event == "bypass" })
  }

  @Test("a failed fixup resolved and continued: the resolution moves unjudged")
  func failedFixupResolution() async throws {
    let repo = try await hookedRepository(files: ["b.txt": "base\n", "a.txt": "a\n"])
    try await repo.git("checkout", "-q", "-b", "feature")
    try repo.write("a.txt", "bob a\n")
    expectExit(0, try await repo.commit("-q", "-am", "bob a", session: "bob"))
    try repo.write("b.txt", "bob b\n")
    expectExit(0, try await repo.commit("-q", "-am", "bob b", session: "bob"))
    try await repo.git("checkout", "-q", "main")
    try repo.write("b.txt", "main b\n")
    expectExit(0, try await repo.commit("-q", "-am", "main b", session: "carol"))
    try await repo.git("checkout", "-q", "feature")
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    let fixup = try repo.script("fixup", "sed -i '2s/^pick/fixup/' \"$1\"")
    let stopped = try await repo.commitAs(
      ["rebase", "-i", "main"], session: "alice", environment: ["GIT_SEQUENCE_EDITOR": fixup])
    #expect(!stopped.exited(0), "the fixup conflicts\n\(stopped)")
    try repo.write("b.txt", "resolved\n")
    try await repo.git("add", "b.txt")
    let continued = try await repo.commitAs(
      ["rebase", "--continue"], session: "alice", editor: ":")
    expectExit(0, continued)
    #expect(try await repo.git("show", "HEAD:b.txt").stdout == "resolved\n")
    #expect(try await repo.subject() == "bob a")
  }

  @Test("revert --no-commit: a reverted path given other content is judged at commit")
  func revertedPathReplacedIsJudged() async throws {
    let repo = try await replayRepository()
    try await repo.git("checkout", "-q", "feature")
    expectExit(0, try await repo.commitAs(["revert", "--no-commit", "HEAD"], session: "alice"))
    try repo.write("b.txt", "neither side's\n")
    try await repo.git("add", "b.txt")
    let head = try await repo.revision()
    let committed = try await repo.commit("-m", "revert", session: "alice")
    try await expectBlocked(committed, headBefore: head, repo: repo, mentioning: ["b.txt", "bob"])
    // The reverted version itself moves unjudged.
    try await repo.git("checkout", "HEAD~1", "--", "b.txt")
    expectExit(0, try await repo.commit("-q", "-m", "revert", session: "alice"))
  }

  @Test("git am --no-verify (git 2.40+): a patch carrying a claimed path is logged as a bypass")
  func amNoVerifyIsBypass() async throws {
    let repo = try await replayRepository()
    let patches = repo.root.appendingPathComponent("patches")
    try await repo.git("format-patch", "-q", "-1", "feature~1", "-o", patches.path)
    let patch = try #require(
      try FileManager.default.contentsOfDirectory(atPath: patches.path).first)
    let applied = try await repo.commitAs(
      ["am", "--no-verify", patches.appendingPathComponent(patch).path], session: "alice")
    guard applied.exited(0) else {
      // git 2.39 has no `am --no-verify`.
      #expect(applied.stderr.contains("no-verify"), "\(applied)")
      return
    }
    let sha = try await repo.revision()
    let events = try await repo.log()
    #expect(events.contains { $0.event == "commit" && $0["commit"] == sha }, "\(events)")
    #expect(events.contains { $0.event == "bypass" && $0["commit"] == sha }, "\(events)")
    #expect(applied.stderr.contains("bypass"), "\(applied)")
  }

  @Test("git merge --no-verify: enforced by default; under ledger.noVerify=audit, a bypass")
  func mergeNoVerify() async throws {
    let repo = try await hookedRepository(files: ["b.txt": "1\n2\n3\n4\n5\n"])
    try await repo.git("checkout", "-q", "-b", "side")
    try repo.write("b.txt", "bob\n2\n3\n4\n5\n")
    expectExit(0, try await repo.commit("-q", "-am", "bob's line", session: "bob"))
    try await repo.git("checkout", "-q", "main")
    try repo.write("b.txt", "1\n2\n3\n4\nalice\n")
    expectExit(0, try await repo.commit("-q", "-am", "alice's line", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    let head = try await repo.revision()
    let enforced = try await repo.commitAs(
      ["merge", "--no-verify", "--no-edit", "side"], session: "alice")
    #expect(!enforced.exited(0), "\(enforced)")
    #expect(try await repo.revision() == head)
    try await repo.git("merge", "--abort")
    try await repo.git("config", "ledger.noVerify", "audit")
    let audited = try await repo.commitAs(
      ["merge", "--no-verify", "--no-edit", "side"], session: "alice")
    expectExit(0, audited)
    let sha = try await repo.revision()
    let events = try await repo.log()
    #expect(
      events.contains { $0.event == "commit" && $0["commit"] == sha && $0.flag("merge") },
      "\(events)")
    #expect(events.contains { $0.event == "bypass" && $0["commit"] == sha }, "\(events)")
  }
}
