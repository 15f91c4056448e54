import Foundation
import Testing

@Suite("git's empty-message safety with the trailer hook")
struct EmptyMessageTests {
  private func stagedRepository() async throws -> TempRepository {
    let repo = try await hookedRepository()
    try repo.write("work.txt", "work\n")
    try await repo.git("add", "work.txt")
    return repo
  }

  @Test(
    "an editor that leaves the message empty aborts the commit",
    arguments: [
      ("true", [String]()), ("true", ["-v"]), ("empty", []),
      ("true", ["-c", "core.commentChar=;"]),
    ])
  func emptyMessage(_ editor: String, _ options: [String]) async throws {
    let repo = try await stagedRepository()
    let command = editor == "empty" ? try repo.script("empty", ": > \"$1\"") : editor
    let head = try await repo.revision()
    let configuration = options.first == "-c" ? options : []
    let commitOptions = options.first == "-c" ? [] : options
    let result = try await repo.commitAs(
      configuration + ["commit"] + commitOptions, session: "alice", editor: command)
    #expect(result.exited(1), "\(result)")
    #expect(result.stderr.contains("Aborting commit due to empty commit message"), "\(result)")
    #expect(try await repo.revision() == head, "no commit may be made")
    #expect(try await repo.log().filter { $0.event == "commit" }.isEmpty)
  }

  @Test("an empty message in a linked worktree aborts too")
  func emptyInLinkedWorktree() async throws {
    let repo = try await hookedRepository()
    let linked = try await repo.addWorktree("wt")
    try Data("w\n".utf8).write(to: linked.appendingPathComponent("w.txt"))
    try await repo.git(["add", "w.txt"], in: linked)
    let before = try await repo.git(["rev-parse", "HEAD"], in: linked).stdout
    let result = try await repo.commitAs(["commit"], session: "alice", editor: "true", in: linked)
    #expect(result.exited(1), "\(result)")
    #expect(result.stderr.contains("Aborting commit due to empty commit message"), "\(result)")
    #expect(try await repo.git(["rev-parse", "HEAD"], in: linked).stdout == before)
  }

  @Test("an untouched template aborts the commit (-t and commit.template)")
  func untouchedTemplate() async throws {
    let repo = try await stagedRepository()
    let template = try repo.sandboxFile("template", "TEMPLATE subject\n\n# fill this in\n")
    let head = try await repo.revision()
    let explicit = try await repo.commit("-t", template, session: "alice", editor: "true")
    #expect(explicit.exited(1), "\(explicit)")
    #expect(explicit.stderr.contains("you did not edit the message"), "\(explicit)")

    try await repo.git("config", "commit.template", template)
    let configured = try await repo.commit(session: "alice", editor: "true")
    #expect(configured.exited(1), "\(configured)")
    #expect(configured.stderr.contains("you did not edit the message"), "\(configured)")
    #expect(try await repo.revision() == head)
  }

  @Test("a template and no editor (GIT_EDITOR=:): git's untouched-template abort stands")
  func untouchedTemplateWithoutEditor() async throws {
    let repo = try await stagedRepository()
    let template = try repo.sandboxFile("template", "TEMPLATE subject\n\n# fill this in\n")
    let head = try await repo.revision()
    try await repo.git("config", "commit.template", template)
    let configured = try await repo.commit(session: "alice", editor: ":")
    #expect(configured.exited(1), "\(configured)")
    #expect(configured.stderr.contains("you did not edit the message"), "\(configured)")
    try await repo.git("config", "--unset", "commit.template")
    let explicit = try await repo.commit("-t", template, session: "alice", editor: ":")
    #expect(explicit.exited(1), "\(explicit)")
    #expect(explicit.stderr.contains("you did not edit the message"), "\(explicit)")
    #expect(try await repo.revision() == head, "no commit may be made")
    // --allow-empty-message: git commits the template as it is, so it is stamped.
    expectExit(
      0,
      try await repo.commit(
        "-q", "-t", template, "--allow-empty-message", session: "alice", editor: ":"))
    #expect(try await repo.subject() == "TEMPLATE subject")
    #expect(try await repo.trailerValues() == ["alice"])
    // commit.cleanup=verbatim: git commits it as it is too.
    try await stageMoreWork(repo)
    try await repo.git("config", "commit.cleanup", "verbatim")
    expectExit(0, try await repo.commit("-q", "-t", template, session: "bob", editor: ":"))
    #expect(try await repo.subject() == "TEMPLATE subject")
    #expect(try await repo.trailerValues() == ["bob"])
  }

  private func stageMoreWork(_ repo: TempRepository) async throws {
    try repo.write("work.txt", "more work\n")
    try await repo.git("add", "work.txt")
  }

  @Test("an untouched template that names another session still aborts; edited, it is stamped")
  func untouchedTemplateWithForeignTrailer() async throws {
    let repo = try await stagedRepository()
    let template = try repo.sandboxFile(
      "template", "TEMPLATE subject\n\nAgent-Session: mallory\n# fill this in\n")
    try await repo.git("config", "commit.template", template)
    let head = try await repo.revision()
    let untouched = try await repo.commit(session: "alice", editor: "true")
    #expect(untouched.exited(1), "\(untouched)")
    #expect(untouched.stderr.contains("you did not edit the message"), "\(untouched)")
    #expect(try await repo.revision() == head)
    let editor = try repo.script("fill", "sed -i 's/TEMPLATE subject/Filled/' \"$1\"")
    expectExit(0, try await repo.commit("-q", session: "alice", editor: editor))
    #expect(try await repo.subject() == "Filled")
    #expect(try await repo.trailerValues() == ["alice"])
  }

  @Test("--amend with the old message left untouched goes through, with the trailer")
  func amendUntouched() async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-m", "Kept subject", session: "alice"))
    let first = try await repo.revision()
    try repo.write("work.txt", "more\n")
    try await repo.git("add", "work.txt")
    expectExit(0, try await repo.commit("-q", "--amend", session: "alice", editor: "true"))
    #expect(try await repo.revision() != first)
    #expect(try await repo.subject() == "Kept subject")
    #expect(try await repo.trailerValues() == ["alice"])
    // A person amending with the editor keeps the message too (and adds no trailer).
    expectExit(0, try await repo.commit("-q", "--amend", editor: "true"))
    #expect(try await repo.trailerValues() == ["alice"])
  }

  @Test("an amend by another session left untouched adds that session's trailer")
  func amendUntouchedOtherSession() async throws {
    let repo = try await stagedRepository()
    expectExit(0, try await repo.commit("-q", "-m", "Kept subject", session: "alice"))
    expectExit(0, try await repo.commit("-q", "--amend", session: "bob", editor: "true"))
    #expect(try await repo.subject() == "Kept subject")
    #expect(try await repo.trailerValues() == ["alice", "bob"])
  }
}
