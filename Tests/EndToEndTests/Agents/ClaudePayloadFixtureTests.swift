import Foundation
import Testing

/// The payloads the real Claude Code CLI sent (Tests/EndToEndTests/Fixtures/claude, source in
/// its README.md), fed to `ledger hook claude` in a scratch repository: the handlers read the
/// shapes Claude really sends, not only the shapes the tests make up. Needs no CLI.
@Suite("Claude Code hook handlers on payloads the real CLI sent")
struct ClaudePayloadFixtureTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Fixtures/claude")

  /// The session of the fixtures' main run, and the subagents that raced in it.
  static let session = "claude:71d0cfc3-9e16-43f7-8b94-58f7bf211f43"
  static let winner = "a7211a72e450aec67"

  /// Fixture `name`, with `/REPO` made `repo`'s work tree (and `/HOME` its home).
  func fixture(_ name: String, in repo: TempRepository) throws -> String {
    let text = try String(
      contentsOf: Self.folder.appendingPathComponent(name + ".json"), encoding: .utf8)
    return text.replacing("\"/REPO", with: "\"" + repo.path.path)
      .replacing("\"/HOME", with: "\"" + repo.home.path)
  }

  func hook(_ repo: TempRepository, _ event: String, _ name: String) async throws
    -> CommandResult
  {
    try await repo.ledger(
      ["hook", "claude", event], environment: ["CLAUDE_PID": nil],
      stdin: try fixture(name, in: repo))
  }

  /// A scratch repository with the files the captured runs touched.
  func repository() async throws -> TempRepository {
    try await TempRepository(files: ["a.txt": "a\n", "s.txt": "x\ny\n", "nb.ipynb": "{}\n"])
  }

  @Test(
    "a main-agent edit of each tool is allowed silently and claimed for claude:<session_id>",
    arguments: [
      ("pre-tool-use-edit", "a.txt"), ("pre-tool-use-write", "c.txt"),
      ("pre-tool-use-notebook-edit", "nb.ipynb"),
    ])
  func mainAgentEdits(fixture: String, path: String) async throws {
    let repo = try await repository()
    let session = try #require(JSON.parse(try self.fixture(fixture, in: repo))["session_id"])
    let result = try await hook(repo, "pre-edit", fixture)
    expectExit(0, result)
    #expect(result.stdout.isEmpty, "\(result)")
    #expect(
      try await repo.claims().map { "\($0.spec) \($0.session)" } == [
        "\(path) claude:\(session.stringValue ?? "")"
      ])
    // The PostToolUse payload of the same call finds the claim and changes nothing.
    let post = fixture.replacing("pre-", with: "post-")
    expectExit(0, try await hook(repo, "post-edit", post))
    #expect(try await repo.claims().count == 1)
  }

  @Test("another session's claim denies the captured Edit, naming the holder")
  func deniedEdit() async throws {
    let repo = try await repository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "codex:other"))
    let result = try await hook(repo, "pre-edit", "pre-tool-use-edit")
    expectExit(0, result)
    #expect(result.stdout.contains("\"permissionDecision\":\"deny\""), "\(result)")
    #expect(result.stdout.contains("a.txt: claimed by codex:other"))
  }

  @Test("Bash and Agent payloads reaching pre-edit (a too-wide matcher) allow silently")
  func otherTools() async throws {
    let repo = try await repository()
    for name in ["pre-tool-use-bash", "pre-tool-use-agent", "subagent-start"] {
      let result = try await hook(repo, "pre-edit", name)
      expectExit(0, result)
      #expect(result.stdout.isEmpty, "\(name): \(result)")
    }
    #expect(try await repo.claims().isEmpty)
  }

  @Test("the racing subagents: the first claims, its sibling is denied, SubagentStop hands over")
  func subagents() async throws {
    let repo = try await repository()
    expectExit(0, try await hook(repo, "session-start", "session-start"))
    let first = try await hook(repo, "pre-edit", "subagent-pre-tool-use-edit")
    expectExit(0, first)
    #expect(first.stdout.isEmpty, "\(first)")
    #expect(
      try await repo.claims().map { "\($0.spec) \($0.session) \($0.note)" } == [
        "s.txt \(Self.session)/\(Self.winner) subagent general-purpose"
      ])
    let sibling = try await hook(repo, "pre-edit", "subagent-sibling-pre-tool-use-edit")
    expectExit(0, sibling)
    #expect(sibling.stdout.contains("\"permissionDecision\":\"deny\""), "\(sibling)")
    #expect(
      sibling.stdout.contains(
        "s.txt: being edited by another subagent of this session, \(Self.winner)"))
    expectExit(0, try await hook(repo, "post-edit", "subagent-post-tool-use-edit"))
    expectExit(0, try await hook(repo, "subagent-stop", "subagent-stop"))
    #expect(try await repo.claims().map { "\($0.spec) \($0.session)" } == ["s.txt \(Self.session)"])
    // The session ends with s.txt still changed from HEAD: its claim stays, marked as left.
    try repo.write("s.txt", "x\nY\n")
    expectExit(0, try await hook(repo, "session-end", "session-end"))
    #expect(try await repo.claims().map(\.spec) == ["s.txt"])
    #expect(try await repo.log().last?.event == "session-end")
  }
}
