import Foundation
import Testing

@Suite("ledger who")
struct WhoTests {
  @Test("--json is [{path, session, spec}], with nulls for an unclaimed path")
  func jsonShape() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "src/", session: "alice"))
    let result = try await repo.ledger("who", "--json", "src/main.c", "README.md")
    expectExit(0, result)
    let document = try JSON.parse(result.stdout)
    let entries = try #require(document.arrayValue)
    #expect(entries.count == 2)
    #expect(entries.first?["path"] == .string("src/main.c"))
    #expect(entries.first?["session"] == .string("alice"))
    #expect(entries.first?["spec"] == .string("src/"))
    #expect(entries.last?["path"] == .string("README.md"))
    #expect(entries.last?["session"] == .null, "an unclaimed path has \"session\":null")
    #expect(entries.last?["spec"] == .null, "an unclaimed path has \"spec\":null")
  }

  @Test("text output names the owner and the covering spec, or says unclaimed")
  func textOutput() async throws {
    let repo = try await TempRepository()
    expectExit(
      0, try await repo.ledger("claim", "--note", "docs sweep", "docs/**/*.md", session: "carol"))
    let result = try await repo.ledger("who", "docs/a/b.md", "free.txt")
    expectExit(0, result)
    let owned = try #require(result.lines.first { $0.contains("docs/a/b.md") })
    #expect(owned.contains("carol") && owned.contains("docs/**/*.md"), "\(result)")
    let free = try #require(result.lines.first { $0.contains("free.txt") })
    #expect(free.contains("unclaimed"), "\(result)")
  }

  @Test("paths are read relative to the current directory and shown repository-relative")
  func relativePaths() async throws {
    let repo = try await TempRepository()
    try repo.makeDirectory("pkg/sub")
    expectExit(0, try await repo.ledger("claim", "pkg/sub/file.go", session: "alice"))
    let owners = try await repo.who(["file.go", "../other.go"], in: repo.url("pkg/sub"))
    #expect(
      owners == [
        WhoEntry(path: "pkg/sub/file.go", session: "alice", spec: "pkg/sub/file.go"),
        WhoEntry(path: "pkg/other.go", session: nil, spec: nil),
      ])
  }

  @Test("an expired claim owns nothing")
  func expiredOwnsNothing() async throws {
    let repo = try await TempRepository()
    expectExit(
      0, try await repo.ledger("claim", "--ttl", "1h", "a.txt", session: "alice", now: Clock.t0))
    #expect(try await repo.who(["a.txt"], now: Clock.minutes(59)).first?.session == "alice")
    #expect(try await repo.who(["a.txt"], now: Clock.minutes(61)).first?.session == nil)
  }

  @Test("a path outside the work tree is refused with exit 2")
  func outsidePath() async throws {
    let repo = try await TempRepository()
    expectError(
      2, try await repo.ledger("who", "../elsewhere.txt"), mentioning: ["../elsewhere.txt"])
    expectError(2, try await repo.ledger("who", "/etc/passwd"), mentioning: ["/etc/passwd"])
  }

  @Test("who needs a path")
  func needsPath() async throws {
    let repo = try await TempRepository()
    expectError(2, try await repo.ledger("who"))
  }
}
