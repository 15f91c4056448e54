import Foundation
import Testing

@Suite("Paths")
struct PathTests {
  @Test("paths are relative to the current directory, with . and .. resolved")
  func relativeFromSubdirectory() async throws {
    let repo = try await TempRepository()
    try repo.makeDirectory("src/deep")
    let deep = repo.url("src/deep")
    let result = try await repo.ledger(
      "claim", "here.c", "../up.c", "../../top.c", "./a/../b.c", "x//y/./z.c", session: "alice",
      in: deep)
    expectExit(0, result)
    let specs = Set(try await repo.claims().map(\.spec))
    #expect(
      specs == ["src/deep/here.c", "src/up.c", "top.c", "src/deep/b.c", "src/deep/x/y/z.c"])
  }

  @Test("'.' in a subdirectory claims that directory")
  func dotClaimsDirectory() async throws {
    let repo = try await TempRepository()
    try repo.makeDirectory("pkg")
    expectExit(0, try await repo.ledger("claim", ".", session: "alice", in: repo.url("pkg")))
    #expect(try await repo.claims().map(\.spec) == ["pkg/"])
    expectError(1, try await repo.ledger("claim", "pkg/file", session: "bob"))
    expectExit(0, try await repo.ledger("claim", "pkg2/file", session: "bob"))
  }

  @Test("an absolute path inside the work tree is accepted")
  func absolutePath() async throws {
    let repo = try await TempRepository()
    try repo.write("src/a.c")
    let absolute = repo.url("src/a.c").path
    expectExit(0, try await repo.ledger("claim", absolute, session: "alice", in: repo.url("src")))
    #expect(try await repo.claims().map(\.spec) == ["src/a.c"])
    let owners = try await repo.who([absolute])
    #expect(owners == [WhoEntry(path: "src/a.c", session: "alice", spec: "src/a.c")])
  }

  @Test("an absolute path reaching the work tree through a symbolic link is accepted")
  func absolutePathThroughAlias() async throws {
    let repo = try await TempRepository()
    let alias = repo.root.appendingPathComponent("alias")
    try FileManager.default.createSymbolicLink(at: alias, withDestinationURL: repo.path)
    expectExit(0, try await repo.ledger("claim", alias.path + "/via/alias.txt", session: "alice"))
    #expect(try await repo.claims().map(\.spec) == ["via/alias.txt"])
  }

  @Test(
    "paths outside the work tree or inside .git are refused with exit 2",
    arguments: [
      ("", "../outside.txt"),
      ("sub", "../../outside.txt"),
      ("", "/etc/passwd"),
      ("", "sub/../../x"),
      ("", ".git/config"),
      ("", ".git"),
      ("", ".git/"),
      ("", "sub/../.git/hooks/pre-commit"),
      ("sub", "../.git/HEAD"),
    ])
  func refusedPaths(directory: String, path: String) async throws {
    let repo = try await TempRepository()
    try repo.makeDirectory("sub")
    let result = try await repo.ledger(
      "claim", "ok.txt", path, session: "alice", in: repo.url(directory))
    expectError(2, result, mentioning: [path])
    #expect(try await repo.claims().isEmpty, "nothing may be claimed when one path is refused")
  }

  @Test("absolute paths outside the work tree or inside .git are refused with exit 2")
  func refusedAbsolutePaths() async throws {
    let repo = try await TempRepository()
    for path in [
      repo.root.appendingPathComponent("sibling.txt").path, repo.root.path,
      repo.path.appendingPathComponent(".git/HEAD").path,
    ] {
      expectError(2, try await repo.ledger("claim", path, session: "alice"))
    }
    #expect(try await repo.claims().isEmpty)
  }

  @Test("claiming from inside .git is refused as a path inside .git (exit 2)")
  func claimFromInsideGitDirectory() async throws {
    let repo = try await TempRepository()
    let result = try await repo.ledger(
      "claim", "config", session: "alice", in: repo.path.appendingPathComponent(".git"))
    expectError(2, result, mentioning: [".git"])
    #expect(!repo.exists(repo.claimsFile))
  }

  @Test("paths with spaces, quotes and non-ASCII characters round-trip exactly")
  func unusualCharacters() async throws {
    let repo = try await TempRepository()
    let names = [
      "dir with space/file name.txt", "quotes/it's \"quoted\".md", "日本/café.txt",
      "tab-less/ü ñ ø.rs",
    ]
    for name in names { try repo.write(name) }
    expectExit(0, try await repo.ledger(["claim"] + names, session: "alice"))
    #expect(Set(try await repo.claims().map(\.spec)) == Set(names))
    let owners = try await repo.who(names)
    #expect(owners.map(\.path) == names)
    #expect(owners.allSatisfy { $0.session == "alice" })
    let conflict = try await repo.ledger("claim", "日本/café.txt", session: "bob")
    expectError(1, conflict, mentioning: ["日本/café.txt"])
    let status = try await repo.ledger("status")
    expectExit(0, status)
    #expect(status.stdout.contains("日本/café.txt"), "\(status)")
    // The files are untracked (uncommitted work): releasing them takes --force.
    expectExit(0, try await repo.ledger(["release", "--force"] + names, session: "alice"))
    #expect(try await repo.claims().isEmpty)
  }

  @Test("a non-ASCII directory named from inside itself")
  func nonASCIIDirectory() async throws {
    let repo = try await TempRepository()
    try repo.makeDirectory("日本/東京")
    expectExit(0, try await repo.ledger("claim", "../東京/", session: "alice", in: repo.url("日本/東京")))
    #expect(try await repo.claims().map(\.spec) == ["日本/東京/"])
  }

  @Test("a path starting with a dash is claimed after --")
  func dashPath() async throws {
    let repo = try await TempRepository()
    try repo.write("-odd.txt")
    expectExit(0, try await repo.ledger("claim", "--", "-odd.txt", session: "alice"))
    #expect(try await repo.claims().map(\.spec) == ["-odd.txt"])
  }

  @Test("a path with a newline or other control character is refused with exit 2")
  func controlCharacters() async throws {
    let repo = try await TempRepository()
    expectError(2, try await repo.ledger("claim", "bad\nname.txt", session: "alice"))
    expectError(2, try await repo.ledger("claim", "bell\u{7}.txt", session: "alice"))
    #expect(try await repo.claims().isEmpty)
  }

  @Test("a symbolic link to a directory outside the repository is not a way out")
  func symlinkOutside() async throws {
    let repo = try await TempRepository()
    let outside = repo.root.appendingPathComponent("outside")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    try Data("secret\n".utf8).write(to: outside.appendingPathComponent("secret.txt"))
    try FileManager.default.createSymbolicLink(
      at: repo.url("escape"), withDestinationURL: outside)

    expectError(
      2, try await repo.ledger("claim", "escape/secret.txt", session: "alice"),
      mentioning: ["escape"])
    expectError(
      2, try await repo.ledger("claim", "escape/", session: "alice"), mentioning: ["escape"])
    expectError(2, try await repo.ledger("claim", "escape/new/deeper.txt", session: "alice"))
    expectError(
      2,
      try await repo.ledger(
        "claim", outside.appendingPathComponent("secret.txt").path, session: "alice"))
    expectError(2, try await repo.ledger("who", "escape/secret.txt"))
    #expect(try await repo.claims().isEmpty)
  }

  @Test("a path of more than 4096 bytes is refused cleanly")
  func overlongPath() async throws {
    let repo = try await TempRepository()
    let deep = String(repeating: "d/", count: 2050) + "f.txt"
    #expect(deep.utf8.count > 4096)
    let flat = String(repeating: "x", count: 5000)
    for path in [deep, flat] {
      expectError(2, try await repo.ledger("claim", path, session: "alice"))
      expectError(2, try await repo.ledger("who", path))
    }
    #expect(try await repo.claims().isEmpty)
    expectExit(0, try await repo.ledger("claim", "short.txt", session: "alice"))
  }

  @Test("1,000 specs in one call are all claimed, and conflict afterwards")
  func thousandSpecs() async throws {
    let repo = try await TempRepository()
    let specs = (0..<1000).map { "bulk/dir\($0 % 10)/file\($0).txt" }
    let result = try await repo.ledger(["claim"] + specs, session: "alice")
    expectExit(0, result)
    let claims = try await repo.claims()
    #expect(claims.count == 1000)
    #expect(Set(claims.map(\.spec)) == Set(specs))
    expectError(
      1, try await repo.ledger("claim", "other.txt", "bulk/dir7/file517.txt", session: "bob"),
      mentioning: ["bulk/dir7/file517.txt"])
    expectError(1, try await repo.ledger("claim", "bulk/dir3/", session: "bob"))
    expectExit(0, try await repo.ledger("claim", "bulk/dir3/file0.txt", session: "bob"))
    expectExit(0, try await repo.ledger("release", "--all", session: "alice"))
    #expect(try await repo.claims().count == 1)
  }
}
