import Foundation
import Testing

/// The contract's path spec coverage, proven through the real `ledger` and real commits through
/// the installed hooks: a spec covers what it says, wherever a consumer asks (pre-commit,
/// `ledger check`, `ledger who`, claim overlap, the Claude Code hooks).
@Suite("Path coverage")
struct PathCoverageTests {
  /// Stages `path` with fresh content.
  func stage(_ repo: TempRepository, _ path: String, _ contents: String = "work\n") async throws {
    try repo.write(path, contents)
    try await repo.git("add", "--", path)
  }

  /// Expects a commit by `session` of what is staged to be blocked, naming every fragment, and
  /// `ledger check` to say the same.
  func expectCommitBlocked(
    _ repo: TempRepository, session: String, mentioning fragments: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    let check = try await repo.ledger("check", session: session)
    #expect(check.exited(1), "ledger check should refuse\n\(check)", sourceLocation: sourceLocation)
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "work", session: session)
    try await expectBlocked(
      result, headBefore: head, repo: repo, mentioning: fragments, sourceLocation: sourceLocation)
  }

  // MARK: The path as spelled

  @Test(
    "a name with glob characters claimed before the file exists covers that very file",
    arguments: ["app/[id]/page.tsx", "routes/[...slug]/+page.svelte", "src/what?.txt"])
  func literalBeforeItExists(_ name: String) async throws {
    let repo = try await hookedRepository()
    expectExit(0, try await repo.ledger("claim", name, session: "bob"))
    try await stage(repo, name)
    try await expectCommitBlocked(repo, session: "alice", mentioning: [name, "bob"])
    let owners = try await repo.who([name])
    #expect(owners.first?.session == "bob", "\(owners)")
    expectError(1, try await repo.ledger("claim", name, session: "alice"), mentioning: ["bob"])
    expectExit(0, try await repo.commit("-q", "-m", "route", session: "bob"))
  }

  @Test("a name with glob characters still works as a glob for what it matches")
  func literalAndGlob() async throws {
    let repo = try await hookedRepository()
    expectExit(0, try await repo.ledger("claim", "app/[id]/page.tsx", session: "bob"))
    try await stage(repo, "app/d/page.tsx")
    try await expectCommitBlocked(repo, session: "alice", mentioning: ["app/d/page.tsx", "bob"])
    try await repo.git("rm", "-q", "--cached", "app/d/page.tsx")
    try await stage(repo, "app/x/page.tsx")
    expectExit(0, try await repo.commit("-q", "-m", "unrelated route", session: "alice"))
    // Overlap sees both readings.
    expectError(1, try await repo.ledger("claim", "app/[id]/", session: "alice"))
    expectError(1, try await repo.ledger("claim", "app/*/page.tsx", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "app/[xy]/page.tsx", session: "alice"))
  }

  @Test("the Claude Code hooks protect a new file whose name has glob characters")
  func claudeNewRouteFile() async throws {
    let repo = try await hookedRepository()
    let file = repo.url("app/[id]/page.tsx").path
    func payload(_ session: String, _ event: String) -> String {
      let object: [String: Any] = [
        "session_id": session, "cwd": repo.path.path, "hook_event_name": event,
        "tool_name": "Write", "tool_input": ["file_path": file, "content": "x\n"],
      ]
      let data = (try? JSONSerialization.data(withJSONObject: object)) ?? Data()
      return String(decoding: data, as: UTF8.self)
    }
    let first = try await repo.ledger(
      ["hook", "claude", "pre-edit"], stdin: payload("one", "PreToolUse"))
    expectExit(0, first)
    #expect(try await repo.claims().map(\.spec) == ["app/[id]/page.tsx"], "\(first)")
    #expect(try await repo.claims().map(\.session) == ["claude:one"])
    let second = try await repo.ledger(
      ["hook", "claude", "pre-edit"], stdin: payload("two", "PreToolUse"))
    expectExit(0, second)
    #expect(second.stdout.contains("\"deny\""), "\(second)")
    // A hook's claim names the file only: a path its characters would match as a glob is free.
    expectExit(0, try await repo.ledger("claim", "app/d/page.tsx", session: "claude:two"))
  }

  // MARK: Or below

  @Test(
    "a path claimed before it exists covers everything below it once it is a directory",
    arguments: ["newdir", "newdir/"])
  func directoryLater(_ spec: String) async throws {
    let repo = try await hookedRepository()
    expectExit(0, try await repo.ledger("claim", spec, session: "bob"))
    expectError(1, try await repo.ledger("claim", "newdir/x.txt", session: "alice"))
    try await stage(repo, "newdir/deep/a.txt")
    try await expectCommitBlocked(repo, session: "alice", mentioning: ["newdir/deep/a.txt", "bob"])
    #expect(try await repo.who(["newdir/deep/a.txt"]).first?.session == "bob")
    expectExit(0, try await repo.commit("-q", "-m", "newdir", session: "bob"))
  }

  @Test(
    "a claimed submodule path covers its gitlink",
    arguments: ["vendor/lib", "vendor/lib/", "vendor/lib/**"])
  func submodule(_ spec: String) async throws {
    let repo = try await hookedRepository()
    let first = try #require(try await repo.revision())
    try await stage(repo, "z.txt")
    try await repo.git("commit", "-q", "-m", "second")
    let second = try #require(try await repo.revision())
    try await repo.git("update-index", "--add", "--cacheinfo", "160000,\(first),vendor/lib")
    expectExit(0, try await repo.commit("-q", "-m", "add gitlink", session: "bob"))
    // A checked-out submodule is a directory in the work tree.
    try repo.makeDirectory("vendor/lib")
    try repo.write("vendor/lib/README", "inside the submodule\n")
    expectExit(0, try await repo.ledger("claim", spec, session: "bob"))
    #expect(try await repo.who(["vendor/lib"]).first?.session == "bob")
    try await repo.git("update-index", "--cacheinfo", "160000,\(second),vendor/lib")
    try await expectCommitBlocked(repo, session: "alice", mentioning: ["vendor/lib", "bob"])
    expectExit(0, try await repo.commit("-q", "-m", "bump", session: "bob"))
  }

  // MARK: Braces

  @Test("brace alternatives are expanded, nested ones included")
  func braces() async throws {
    let repo = try await hookedRepository()
    expectExit(0, try await repo.ledger("claim", "src/*.{rs,toml}", session: "bob"))
    expectExit(0, try await repo.ledger("claim", "doc/{a,b{c,d}}.md", session: "carol"))
    for (path, owner) in [
      ("src/main.rs", "bob"), ("src/Cargo.toml", "bob"), ("doc/bd.md", "carol"),
      ("doc/a.md", "carol"),
    ] {
      try await stage(repo, path)
      try await expectCommitBlocked(repo, session: "alice", mentioning: [path, owner])
      try await repo.git("rm", "-q", "--cached", path)
    }
    try await stage(repo, "src/notes.txt")
    try await stage(repo, "doc/b.md")
    expectExit(0, try await repo.commit("-q", "-m", "free", session: "alice"))
    expectError(1, try await repo.ledger("claim", "src/lib.rs", session: "alice"))
    expectError(1, try await repo.ledger("claim", "src/*.toml", session: "alice"))
    expectError(1, try await repo.ledger("claim", "doc/b{x,c}.md", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "src/*.txt", "doc/bx.md", session: "alice"))
    let owners = try await repo.who(["src/lib.rs", "doc/bc.md", "src/a.txt"])
    #expect(owners.map(\.session) == ["bob", "carol", "alice"])
  }

  @Test("an unbalanced brace is refused with exit 2", arguments: ["src/{a,b.rs", "src/a},b.rs"])
  func unbalancedBrace(_ spec: String) async throws {
    let repo = try await TempRepository()
    expectError(2, try await repo.ledger("claim", spec, session: "bob"), mentioning: [spec])
    #expect(try await repo.claims().isEmpty)
  }

  // MARK: Spelling

  @Test("a backslash is refused with exit 2 and a hint to write /")
  func backslash() async throws {
    let repo = try await TempRepository()
    let result = try await repo.ledger("claim", "src\\nested\\a.txt", session: "bob")
    expectError(2, result, mentioning: ["\\", "src/nested/a.txt"])
    #expect(try await repo.claims().isEmpty)
    expectError(2, try await repo.ledger("who", "src\\a.txt"))
  }

  @Test("a name spelled with the Kelvin sign covers its canonical equivalent K")
  func kelvinSign() async throws {
    let repo = try await hookedRepository()
    expectExit(0, try await repo.ledger("claim", "\u{212A}elvin.txt", session: "bob"))
    expectExit(0, try await repo.ledger("claim", "lab/K.txt", session: "carol"))
    try await stage(repo, "Kelvin.txt")
    try await expectCommitBlocked(repo, session: "alice", mentioning: ["Kelvin.txt", "bob"])
    try await repo.git("rm", "-q", "--cached", "Kelvin.txt")
    // The other way round: K claimed, the Kelvin sign staged (without touching the disk).
    let hash = try await repo.runner.run(
      ["hash-object", "-w", "--stdin"], in: repo.path, stdin: "x\n", executable: Executables.git
    ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    try await repo.git("update-index", "--add", "--cacheinfo", "100644,\(hash),lab/\u{212A}.txt")
    try await expectCommitBlocked(repo, session: "alice", mentioning: ["carol"])
    expectError(1, try await repo.ledger("claim", "Kelvin.txt", session: "alice"))
    expectError(1, try await repo.ledger("claim", "lab/\u{212A}.txt", session: "alice"))
    #expect(try await repo.who(["Kelvin.txt"]).first?.session == "bob")
  }

  // MARK: Warnings

  @Test("a glob that matches no tracked or existing path is accepted with a warning")
  func globMatchingNothing() async throws {
    let repo = try await TempRepository(files: ["src/a.rs": "a\n", "README.md": "r\n"])
    try repo.write("untracked/new.txt")
    let none = try await repo.ledger("claim", "src/*.{py,go}", session: "bob")
    expectExit(0, none)
    #expect(none.stderr.contains("matches no"), "\(none)")
    #expect(none.stderr.contains("src/*.{py,go}"), "\(none)")
    for spec in ["src/*.rs", "untracked/*.txt", "*.md"] {
      let some = try await repo.ledger("claim", spec, session: "bob")
      expectExit(0, some)
      #expect(!some.stderr.contains("matches no"), "\(spec): \(some)")
    }
    #expect(try await repo.claims().count == 4)
  }
}
