import Foundation
import Testing

@Suite("prepare-commit-msg: the session trailer")
struct TrailerTests {
  /// A hooked repository with one change staged.
  private func stagedRepository() async throws -> TempRepository {
    let repo = try await hookedRepository()
    try repo.write("work.txt", "work\n")
    try await repo.git("add", "work.txt")
    return repo
  }

  /// Stages another change to `work.txt`.
  private func stageMore(_ repo: TempRepository, _ text: String) async throws {
    try repo.write("work.txt", text + "\n")
    try await repo.git("add", "work.txt")
  }

  /// Expects HEAD's message to carry exactly `sessions` as Agent-Session trailers, in order,
  /// and `subject` as its first line.
  private func expectStamped(
    _ repo: TempRepository, _ sessions: [String], subject: String, key: String = "Agent-Session",
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    let message = try await repo.message()
    #expect(
      try await repo.trailerValues(key) == sessions, "message:\n\(message)",
      sourceLocation: sourceLocation)
    #expect(
      try await repo.subject() == subject, "the subject must not change\n\(message)",
      sourceLocation: sourceLocation)
  }

  /// An editor that puts `subject` on the first line of the buffer and keeps the rest.
  private func subjectEditor(_ repo: TempRepository, _ subject: String) throws -> String {
    try repo.script(
      "subject-editor",
      "{ printf '%s\\n' '\(subject)'; cat \"$1\"; } > \"$1.new\" && mv \"$1.new\" \"$1\"")
  }

  @Test("-m")
  func message() async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-m", "Add work", session: "alice"))
    try await expectStamped(repo, ["alice"], subject: "Add work")
    #expect(try await repo.message() == "Add work\n\nAgent-Session: alice\n")
  }

  @Test("-F with a body")
  func file() async throws {
    let repo = try await stagedRepository()
    let file = try repo.sandboxFile("msg", "From a file\n\nA body line.\n")
    expectExit(0, try await repo.commit("-q", "-F", file, session: "alice"))
    try await expectStamped(repo, ["alice"], subject: "From a file")
    #expect(try await repo.message() == "From a file\n\nA body line.\n\nAgent-Session: alice\n")
  }

  @Test("the editor writes the message")
  func editor() async throws {
    let repo = try await stagedRepository()
    let editor = try subjectEditor(repo, "Typed in the editor")
    expectExit(0, try await repo.commit("-q", session: "alice", editor: editor))
    try await expectStamped(repo, ["alice"], subject: "Typed in the editor")
  }

  @Test("-v with an editor: the trailer lands above the scissors line and survives")
  func verbose() async throws {
    let repo = try await stagedRepository()
    let editor = try subjectEditor(repo, "Verbose commit")
    expectExit(0, try await repo.commit("-q", "-v", session: "alice", editor: editor))
    try await expectStamped(repo, ["alice"], subject: "Verbose commit")
    let verboseMessage = try await repo.message()
    #expect(!verboseMessage.contains("diff --git"))

    try await stageMore(repo, "again")
    expectExit(
      0,
      try await repo.commitAs(
        ["-c", "commit.verbose=true", "commit", "-q"], session: "alice", editor: editor))
    try await expectStamped(repo, ["alice"], subject: "Verbose commit")
  }

  @Test("a template (-t and commit.template) that the editor fills in")
  func template() async throws {
    let repo = try await stagedRepository()
    let template = try repo.sandboxFile("template", "TEMPLATE subject\n\n# fill this in\n")
    let editor = try repo.script("fill", "sed -i 's/TEMPLATE subject/Filled from template/' \"$1\"")
    expectExit(0, try await repo.commit("-q", "-t", template, session: "alice", editor: editor))
    try await expectStamped(repo, ["alice"], subject: "Filled from template")

    try await stageMore(repo, "again")
    try await repo.git("config", "commit.template", template)
    expectExit(0, try await repo.commit("-q", session: "alice", editor: editor))
    try await expectStamped(repo, ["alice"], subject: "Filled from template")
  }

  @Test("--amend by the same session adds no duplicate (-m, --no-edit, editor)")
  func amendSameSession() async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-m", "First", session: "alice"))
    expectExit(0, try await repo.commit("-q", "--amend", "--no-edit", session: "alice"))
    try await expectStamped(repo, ["alice"], subject: "First")
    expectExit(0, try await repo.commit("-q", "--amend", session: "alice", editor: "true"))
    try await expectStamped(repo, ["alice"], subject: "First")
    expectExit(0, try await repo.commit("-q", "--amend", "-m", "Reworded", session: "alice"))
    try await expectStamped(repo, ["alice"], subject: "Reworded")
    #expect(try await repo.git("rev-list", "--count", "HEAD").stdout.hasPrefix("2"))
  }

  @Test("--amend by a different session keeps the first trailer and adds its own")
  func amendOtherSession() async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-m", "First", session: "alice"))
    expectExit(0, try await repo.commit("-q", "--amend", "--no-edit", session: "bob"))
    try await expectStamped(repo, ["alice", "bob"], subject: "First")
    expectExit(0, try await repo.commit("-q", "--amend", session: "carol", editor: "true"))
    try await expectStamped(repo, ["alice", "bob", "carol"], subject: "First")
  }

  @Test("--amend -m/-F/--message by a different session keeps the amended commit's trailers")
  func amendNewMessageOtherSession() async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-m", "First", session: "alice"))
    expectExit(0, try await repo.commit("-q", "--amend", "-m", "Reworded", session: "bob"))
    try await expectStamped(repo, ["alice", "bob"], subject: "Reworded")
    let file = try repo.sandboxFile("msg", "From a file\n\nA body.\n")
    expectExit(0, try await repo.commit("-q", "--amend", "-F", file, session: "carol"))
    try await expectStamped(repo, ["alice", "bob", "carol"], subject: "From a file")
    expectExit(0, try await repo.commit("-q", "--amend", "--message=Third", session: "dave"))
    try await expectStamped(repo, ["alice", "bob", "carol", "dave"], subject: "Third")
    // Short options clustered, and the same session again: nothing added, nothing lost.
    try await stageMore(repo, "more")
    expectExit(0, try await repo.commit("-q", "--amend", "-qm", "Fourth", session: "bob"))
    try await expectStamped(repo, ["alice", "bob", "carol", "dave"], subject: "Fourth")
    // The initial commit and the amended one.
    #expect(try await repo.git("rev-list", "--count", "HEAD").stdout.hasPrefix("2"))
  }

  @Test("an alias of commit --amend is an amend too")
  func amendAlias() async throws {
    let repo = try await stagedRepository()
    try await repo.git("config", "alias.reword", "commit --amend")
    expectExit(0, try await repo.commit("-q", "-m", "First", session: "alice"))
    expectExit(0, try await repo.commitAs(["reword", "-q", "-m", "Reworded"], session: "bob"))
    try await expectStamped(repo, ["alice", "bob"], subject: "Reworded")
  }

  @Test("--amend -m whose message names another session: only the promised trailers")
  func amendMessageWithForeignTrailer() async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-m", "First", session: "alice"))
    expectExit(
      0,
      try await repo.commit(
        "-q", "--amend", "-m", "Reworded\n\nAgent-Session: mallory\nAgent-Session: bob",
        session: "bob"))
    try await expectStamped(repo, ["bob", "alice"], subject: "Reworded")
  }

  @Test("--fixup=amend: by another session keeps the target's trailers through autosquash")
  func fixupAmend() async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-m", "Target", session: "alice"))
    try await stageMore(repo, "2")
    expectExit(0, try await repo.commit("-q", "--fixup=amend:HEAD", session: "bob", editor: "true"))
    try await expectStamped(repo, ["alice", "bob"], subject: "amend! Target")
    try await stageMore(repo, "3")
    expectExit(0, try await repo.commit("-q", "--fixup=HEAD~1", session: "carol"))
    try await expectStamped(repo, ["carol"], subject: "fixup! Target")
    expectExit(
      0,
      try await repo.commitAs(
        ["-c", "sequence.editor=true", "rebase", "-q", "-i", "--autosquash", "HEAD~3"],
        session: "carol", editor: "true"))
    try await expectStamped(repo, ["alice", "bob"], subject: "Target")
  }

  @Test(
    "a new commit carries exactly its own trailer: foreign ones dropped, duplicates collapsed",
    arguments: [
      "Subject\n\nAgent-Session: mallory\n",
      "Subject\n\nAgent-Session: alice\nAgent-Session: alice\n",
      "Subject\n\nAgent-Session: mallory\nAgent-Session: alice\nagent-session: alice\n",
      "Subject\n\nSigned-off-by: A <a@example.invalid>\nAgent-Session: mallory\n",
    ])
  func newCommitOwnTrailerOnly(_ text: String) async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-m", text, session: "alice"))
    try await expectStamped(repo, ["alice"], subject: "Subject")
    try await stageMore(repo, "2")
    let file = try repo.sandboxFile("msg", text)
    expectExit(0, try await repo.commit("-q", "-F", file, session: "alice"))
    try await expectStamped(repo, ["alice"], subject: "Subject")
    let others = try await repo.trailers().filter { $0.key.lowercased() != "agent-session" }
    #expect(others.allSatisfy { $0.key == "Signed-off-by" }, "\(others)")
  }

  @Test("an editor that deletes or changes the trailer: commit-msg restores it")
  func editorDeletesTrailer() async throws {
    let repo = try await stagedRepository()
    let deleter = try repo.script(
      "delete-trailer",
      "sed -i -e '/^Agent-Session:/d' -e '1s/^$/Typed subject/' \"$1\"")
    expectExit(0, try await repo.commit("-q", session: "alice", editor: deleter))
    try await expectStamped(repo, ["alice"], subject: "Typed subject")

    try await stageMore(repo, "2")
    let changer = try repo.script(
      "change-trailer",
      "sed -i -e 's/^Agent-Session: .*/Agent-Session: mallory/' -e '1s/^$/Changed/' \"$1\"")
    expectExit(0, try await repo.commit("-q", session: "alice", editor: changer))
    try await expectStamped(repo, ["alice"], subject: "Changed")

    // An amend by another session whose editor deletes every trailer: both come back.
    expectExit(0, try await repo.commit("-q", "--amend", session: "bob", editor: deleter))
    try await expectStamped(repo, ["alice", "bob"], subject: "Changed")
  }

  @Test("an editor that deletes the Ledger-Override trailer: commit-msg restores it too")
  func editorDeletesOverride() async throws {
    let repo = try await hookedRepository(files: ["b.txt": "b\n"])
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try repo.write("b.txt", "swept\n")
    try await repo.git("add", "b.txt")
    let reason = "release fix, bob agreed"
    let deleter = try repo.script(
      "delete-trailers", "sed -i -e '/^[A-Za-z-]*:/d' -e '1s/^$/Overridden/' \"$1\"")
    let result = try await repo.commit(
      "-q", session: "alice", editor: deleter, environment: ["LEDGER_OVERRIDE": reason])
    expectExit(0, result)
    #expect(
      try await repo.trailers() == [
        Trailer(key: "Agent-Session", value: "alice"),
        Trailer(key: "Ledger-Override", value: reason),
      ])
    #expect(try await repo.subject() == "Overridden")
  }

  @Test("-C and -c reuse a message: one trailer per session")
  func reuseMessage() async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-m", "Reusable", session: "alice"))
    try await stageMore(repo, "2")
    expectExit(0, try await repo.commit("-q", "-C", "HEAD", session: "alice"))
    try await expectStamped(repo, ["alice"], subject: "Reusable")
    try await stageMore(repo, "3")
    expectExit(0, try await repo.commit("-q", "-c", "HEAD~1", session: "alice", editor: "true"))
    try await expectStamped(repo, ["alice"], subject: "Reusable")
    try await stageMore(repo, "4")
    // A new commit reusing another session's message carries only its own session.
    expectExit(0, try await repo.commit("-q", "-C", "HEAD", session: "bob"))
    try await expectStamped(repo, ["bob"], subject: "Reusable")
    try await stageMore(repo, "5")
    expectExit(0, try await repo.commit("-q", "-c", "HEAD~3", session: "dave", editor: "true"))
    try await expectStamped(repo, ["dave"], subject: "Reusable")
    try await stageMore(repo, "6")
    expectExit(0, try await repo.commit("-q", "-C", "HEAD", session: "erin", editor: "true"))
    try await expectStamped(repo, ["erin"], subject: "Reusable")
  }

  @Test("--squash, with -m and with the editor")
  func squash() async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-m", "Target", session: "alice"))
    try await stageMore(repo, "2")
    expectExit(0, try await repo.commit("-q", "--squash", "HEAD", "-m", "more", session: "bob"))
    try await expectStamped(repo, ["bob"], subject: "squash! Target")
    try await stageMore(repo, "3")
    expectExit(
      0, try await repo.commit("-q", "--squash", "HEAD~1", session: "carol", editor: "true"))
    let values = try await repo.trailerValues()
    #expect(values.last == "carol" && values.filter { $0 == "carol" }.count == 1, "\(values)")
    #expect(try await repo.subject() == "squash! Target")
  }

  @Test("a conflicted merge concluded by git commit is stamped")
  func conflictedMerge() async throws {
    let repo = try await hookedRepository(files: ["f.txt": "base\n"])
    try await repo.git("checkout", "-q", "-b", "side")
    try repo.write("f.txt", "side\n")
    try await repo.git("commit", "-q", "-am", "side")
    try await repo.git("checkout", "-q", "main")
    try repo.write("f.txt", "main\n")
    try await repo.git("commit", "-q", "-am", "main")
    let merge = try await repo.commitAs(["merge", "side"], session: "alice")
    expectExit(1, merge)
    try repo.write("f.txt", "resolved\n")
    try await repo.git("add", "f.txt")
    expectExit(0, try await repo.commit("-q", "--no-edit", session: "alice"))
    try await expectStamped(repo, ["alice"], subject: "Merge branch 'side'")
    #expect(
      try await repo.git("rev-list", "--parents", "-1", "HEAD").stdout.split(separator: " ").count
        == 3)
  }

  @Test("git merge --no-ff that commits by itself is stamped")
  func automaticMerge() async throws {
    let repo = try await hookedRepository()
    try await repo.git("checkout", "-q", "-b", "side")
    try repo.write("side.txt")
    try await repo.git("add", "side.txt")
    try await repo.git("commit", "-q", "-m", "side")
    try await repo.git("checkout", "-q", "main")
    expectExit(0, try await repo.commitAs(["merge", "-q", "--no-ff", "side"], session: "alice"))
    try await expectStamped(repo, ["alice"], subject: "Merge branch 'side'")
  }

  @Test("an existing Signed-off-by/Co-authored-by block gets the trailer in the same block")
  func existingTrailerBlock() async throws {
    let repo = try await stagedRepository()
    let file = try repo.sandboxFile(
      "msg",
      "Subject\n\nBody.\n\nSigned-off-by: A U Thor <a@example.invalid>\nCo-authored-by: B <b@example.invalid>\n"
    )
    expectExit(0, try await repo.commit("-q", "-F", file, session: "alice"))
    #expect(
      try await repo.trailers() == [
        Trailer(key: "Signed-off-by", value: "A U Thor <a@example.invalid>"),
        Trailer(key: "Co-authored-by", value: "B <b@example.invalid>"),
        Trailer(key: "Agent-Session", value: "alice"),
      ])
    #expect(
      try await repo.message()
        == "Subject\n\nBody.\n\nSigned-off-by: A U Thor <a@example.invalid>\nCo-authored-by: B <b@example.invalid>\nAgent-Session: alice\n"
    )
  }

  @Test("-s: git's Signed-off-by and the session trailer share one block")
  func signoff() async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-s", "-m", "Signed", session: "alice"))
    #expect(
      try await repo.trailers() == [
        Trailer(key: "Signed-off-by", value: "E2E Tester <e2e@example.invalid>"),
        Trailer(key: "Agent-Session", value: "alice"),
      ])
  }

  @Test("a CRLF message via -F: no mixed line endings (default cleanup and verbatim)")
  func crlf() async throws {
    let repo = try await stagedRepository()
    let file = try repo.sandboxFile("crlf", "CRLF subject\r\n\r\nBody line.\r\n")
    expectExit(0, try await repo.commit("-q", "-F", file, session: "alice"))
    try await expectStamped(repo, ["alice"], subject: "CRLF subject")
    let cleaned = try await repo.message()
    #expect(!cleaned.contains("\r"), "git's cleanup strips every CR: \(cleaned.debugDescription)")

    try await stageMore(repo, "2")
    expectExit(
      0, try await repo.commit("-q", "--cleanup=verbatim", "-F", file, session: "alice"))
    let verbatim = try await repo.message()
    #expect(try await repo.trailerValues() == ["alice"], "\(verbatim.debugDescription)")
    // Every line ends the same way: all CRLF (the message's own style).
    let bytes = Array(verbatim.utf8)
    let lineFeeds = bytes.indices.filter { bytes[$0] == 10 }
    let crlf = lineFeeds.filter { $0 > 0 && bytes[$0 - 1] == 13 }
    #expect(
      !lineFeeds.isEmpty && crlf.count == lineFeeds.count,
      "mixed line endings: \(verbatim.debugDescription)")
  }

  @Test("core.commentChar=; in the editor flow")
  func commentChar() async throws {
    let repo = try await stagedRepository()
    let editor = try subjectEditor(repo, "Semicolon comments")
    expectExit(
      0,
      try await repo.commitAs(
        ["-c", "core.commentChar=;", "commit", "-q"], session: "alice", editor: editor))
    try await expectStamped(repo, ["alice"], subject: "Semicolon comments")
    let message = try await repo.message()
    #expect(!message.contains(";"), "git's comments are stripped")
  }

  @Test("ledger.trailer=X-Agent changes the key")
  func trailerKey() async throws {
    let repo = try await stagedRepository()
    try await repo.git("config", "ledger.trailer", "X-Agent")
    expectExit(0, try await repo.commit("-q", "-m", "Keyed", session: "alice"))
    try await expectStamped(repo, ["alice"], subject: "Keyed", key: "X-Agent")
    #expect(try await repo.trailerValues("Agent-Session").isEmpty)
    expectExit(0, try await repo.commit("-q", "--amend", "--no-edit", session: "alice"))
    try await expectStamped(repo, ["alice"], subject: "Keyed", key: "X-Agent")
  }

  @Test("CLAUDE_CODE_SESSION_ID gives claude:<id>; LEDGER_SESSION wins over it")
  func claudeSession() async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-m", "From Claude", claude: "0f3c-41aa"))
    try await expectStamped(repo, ["claude:0f3c-41aa"], subject: "From Claude")
    try await stageMore(repo, "2")
    expectExit(
      0, try await repo.commit("-q", "-m", "Both", session: "lead", claude: "0f3c-41aa"))
    try await expectStamped(repo, ["lead"], subject: "Both")
    try await stageMore(repo, "3")
    expectExit(
      0,
      try await repo.commit(
        "-q", "-m", "Codex", environment: ["CODEX_THREAD_ID": "thread-7"]))
    try await expectStamped(repo, ["codex:thread-7"], subject: "Codex")
  }

  @Test("no session: the message is untouched")
  func noSession() async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-m", "By a person"))
    #expect(try await repo.message() == "By a person\n")
  }

  @Test(
    "an invalid session in the environment refuses the commit",
    arguments: [
      ["LEDGER_SESSION": "bad id"], ["LEDGER_SESSION": "alice\nEvil: yes"],
      ["CLAUDE_CODE_SESSION_ID": "x\nAgent-Session: mallory"], ["LEDGER_SESSION": "-dash"],
    ])
  func invalidSession(_ environment: [String: String]) async throws {
    let repo = try await stagedRepository()
    let head = try await repo.revision()
    let result = try await repo.commit(
      "-m", "Nope", environment: environment.mapValues { Optional($0) })
    try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["session"])
    #expect(!result.stderr.contains("Fatal error"), "\(result)")
  }
}
