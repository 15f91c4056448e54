import Foundation
import Testing

@Suite("ledger status")
struct StatusTests {
  @Test("with no claims: a plain message, and an empty claims array in JSON")
  func emptyStatus() async throws {
    let repo = try await TempRepository()
    let text = try await repo.ledger("status")
    expectExit(0, text)
    #expect(!text.stdout.isEmpty)
    let json = try await repo.ledger("status", "--json")
    expectExit(0, json)
    let document = try JSON.parse(json.stdout)
    #expect(document["version"] == .number(1))
    #expect(document["claims"] == .array([]))
  }

  @Test("--json has exactly the contract's keys and types for every claim")
  func jsonShape() async throws {
    let repo = try await TempRepository()
    expectExit(
      0,
      try await repo.ledger(
        "claim", "--ttl", "2h", "--note", "with lease", "a.txt", session: "alice", now: Clock.t0))
    expectExit(0, try await repo.ledger("claim", "dir/", "g/**/*.c", session: "bob", now: Clock.t0))
    let result = try await repo.ledger("status", "--json", now: Clock.minutes(1))
    expectExit(0, result)
    #expect(result.lines.count == 1, "status --json prints one JSON document\n\(result)")
    let document = try JSON.parse(result.stdout)
    let claims = try #require(document["claims"]?.arrayValue)
    #expect(claims.count == 3)
    for claim in claims {
      let keys = Set(claim.objectValue?.keys.map { $0 } ?? [])
      #expect(keys.isSuperset(of: ["spec", "session", "since", "expires", "note"]), "\(claim)")
    }
    let parsed = try StatusClaim.parse(result.stdout)
    #expect(
      Set(parsed.map(\.description))
        == Set(
          [
            StatusClaim(
              spec: "a.txt", session: "alice", since: Clock.t0, expires: Clock.hours(2),
              note: "with lease"),
            StatusClaim(spec: "dir/", session: "bob", since: Clock.t0, expires: nil, note: ""),
            StatusClaim(spec: "g/**/*.c", session: "bob", since: Clock.t0, expires: nil, note: ""),
          ].map(\.description)))
  }

  @Test("text output groups claims by session with expiry and note")
  func textGroupsBySession() async throws {
    let repo = try await TempRepository()
    expectExit(
      0,
      try await repo.ledger(
        "claim", "--ttl", "2h", "--note", "fixing the parser", "parser.c", session: "alice",
        now: Clock.t0))
    expectExit(0, try await repo.ledger("claim", "lexer.c", "docs/", session: "bob", now: Clock.t0))
    let result = try await repo.ledger("status", now: Clock.minutes(30))
    expectExit(0, result)
    let out = result.stdout
    for fragment in ["alice", "bob", "parser.c", "lexer.c", "docs/", "fixing the parser"] {
      #expect(out.contains(fragment), "status should show \(fragment)\n\(result)")
    }
    // Grouped: alice's header comes before her claim, and bob's claims come after bob's header.
    let alice = try #require(out.range(of: "alice"))
    let bob = try #require(out.range(of: "bob"))
    let parser = try #require(out.range(of: "parser.c"))
    let lexer = try #require(out.range(of: "lexer.c"))
    #expect(alice.lowerBound < parser.lowerBound && parser.lowerBound < bob.lowerBound)
    #expect(bob.lowerBound < lexer.lowerBound)
    // The lease is shown as time left (1h30m remain of 2h).
    let parserLine = try #require(result.lines.first { $0.contains("parser.c") })
    #expect(parserLine.contains("1h 30m") || parserLine.contains("1h30m"), "\(parserLine)")
  }

  @Test("a claimed file with uncommitted changes is shown as uncommitted")
  func uncommittedWork() async throws {
    let repo = try await TempRepository(files: ["a.txt": "one\n", "b.txt": "one\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", "b.txt", session: "alice"))
    let clean = try await repo.ledger("status")
    expectExit(0, clean)
    #expect(!clean.stdout.contains("uncommitted"), "nothing is modified yet\n\(clean)")

    try repo.write("a.txt", "two\n")
    let dirty = try await repo.ledger("status")
    expectExit(0, dirty)
    let aLine = try #require(dirty.lines.first { $0.contains("a.txt") })
    let bLine = try #require(dirty.lines.first { $0.contains("b.txt") })
    #expect(aLine.contains("uncommitted"), "\(dirty)")
    #expect(!bLine.contains("uncommitted"), "\(dirty)")
  }

  @Test("uncommitted work is seen below a claimed directory, staged or untracked")
  func uncommittedInDirectory() async throws {
    let repo = try await TempRepository(files: ["lib/a.c": "x\n", "other/b.c": "x\n"])
    expectExit(0, try await repo.ledger("claim", "lib/", "other/", session: "alice"))
    try repo.write("lib/new.c", "untracked\n")
    let result = try await repo.ledger("status")
    let libLine = try #require(result.lines.first { $0.contains("lib/") })
    let otherLine = try #require(result.lines.first { $0.contains("other/") })
    #expect(libLine.contains("uncommitted"), "\(result)")
    #expect(!otherLine.contains("uncommitted"), "\(result)")

    try repo.write("other/b.c", "staged\n")
    try await repo.git("add", "other/b.c")
    let staged = try await repo.ledger("status")
    let stagedLine = try #require(staged.lines.first { $0.contains("other/") })
    #expect(stagedLine.contains("uncommitted"), "\(staged)")
  }

  @Test("expired claims are not listed")
  func expiredNotListed() async throws {
    let repo = try await TempRepository()
    expectExit(
      0,
      try await repo.ledger("claim", "--ttl", "30m", "lease.txt", session: "alice", now: Clock.t0))
    expectExit(0, try await repo.ledger("claim", "keep.txt", session: "alice", now: Clock.t0))
    #expect(try await repo.claims(now: Clock.minutes(29)).count == 2)
    #expect(try await repo.claims(now: Clock.minutes(31)).map(\.spec) == ["keep.txt"])
    let text = try await repo.ledger("status", now: Clock.minutes(31))
    #expect(!text.stdout.contains("lease.txt"), "\(text)")
  }

  @Test("status reads without a session and works from a subdirectory")
  func statusAnywhereInTree() async throws {
    let repo = try await TempRepository()
    try repo.makeDirectory("a/b")
    expectExit(0, try await repo.ledger("claim", "x.txt", session: "alice"))
    let claims = try await repo.claims(in: repo.url("a/b"))
    #expect(claims.map(\.spec) == ["x.txt"], "specs are repository-relative, wherever one stands")
  }
}
