import Foundation
import Testing

@Suite("ledger claim")
struct ClaimTests {
  @Test("a claim is recorded in status, in the claims file and in the audit log")
  func claimIsRecorded() async throws {
    let repo = try await TempRepository()
    try repo.write("src/a.swift")
    let result = try await repo.ledger(
      "claim", "--note", "parser work", "src/a.swift", session: "alice", now: Clock.t0)
    expectExit(0, result)
    #expect(result.stdout.contains("src/a.swift"), "\(result)")

    let claims = try await repo.claims(now: Clock.t0)
    #expect(
      claims == [
        StatusClaim(
          spec: "src/a.swift", session: "alice", since: Clock.t0, expires: nil,
          note: "parser work")
      ])

    let file = try #require(repo.bytes(repo.claimsFile), "the claims file was not written")
    let text = String(decoding: file, as: UTF8.self)
    #expect(text.contains("\"src/a.swift\"") && text.contains("\"alice\""))
    let header = try JSON.parse(String(text.split(separator: "\n")[0]))
    #expect(header["version"] == .number(2), "the ledger carries a format version: \(header)")

    let events = try await repo.log()
    #expect(events.count == 1)
    #expect(events.first?.event == "claim")
    #expect(events.first?.session == "alice")
    #expect(events.first?["spec"] == "src/a.swift")
  }

  @Test("a conflict exits 1 and names the spec, owner, since, expiry and note")
  func conflictNamesEverything() async throws {
    let repo = try await TempRepository()
    expectExit(
      0,
      try await repo.ledger(
        "claim", "--ttl", "2h", "--note", "auth refactor", "src/auth.swift", session: "alice",
        now: Clock.t0))
    let claimsBefore = repo.bytes(repo.claimsFile)
    let logBefore = repo.bytes(repo.logFile)

    let result = try await repo.ledger(
      "claim", "src/auth.swift", session: "bob", now: Clock.minutes(5))
    expectError(
      1, result, mentioning: ["src/auth.swift", "alice", Clock.t0, Clock.hours(2), "auth refactor"])
    #expect(repo.bytes(repo.claimsFile) == claimsBefore, "a refused claim changed the ledger")
    #expect(repo.bytes(repo.logFile) == logBefore, "a refused claim wrote to the audit log")
    let claims = try await repo.claims(now: Clock.minutes(5))
    #expect(claims.map(\.session) == ["alice"])
  }

  @Test("a conflict with a claim without lease or note still names spec, owner and since")
  func conflictWithoutLease() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "docs/", session: "alice", now: Clock.t0))
    let result = try await repo.ledger("claim", "docs/guide.md", session: "bob", now: Clock.t0)
    expectError(1, result, mentioning: ["docs/guide.md", "docs/", "alice", Clock.t0])
  }

  @Test("a directory claim covers everything below it, and only that")
  func directoryClaim() async throws {
    let repo = try await TempRepository()
    try repo.write("src/deep/x.swift")
    expectExit(0, try await repo.ledger("claim", "src/", session: "alice"))

    expectError(1, try await repo.ledger("claim", "src/deep/x.swift", session: "bob"))
    expectError(1, try await repo.ledger("claim", "src/new/file.swift", session: "bob"))
    expectError(1, try await repo.ledger("claim", "src/deep/", session: "bob"))
    expectError(1, try await repo.ledger("claim", "src/**/*.md", session: "bob"))
    // A sibling whose name merely starts with "src" is not below src/.
    expectExit(0, try await repo.ledger("claim", "src2/x.swift", "srcfile.txt", session: "bob"))

    let claims = try await repo.claims()
    #expect(Set(claims.map(\.spec)) == ["src/", "src2/x.swift", "srcfile.txt"])
  }

  @Test("an existing directory named without a slash is claimed as a directory")
  func existingDirectoryWithoutSlash() async throws {
    let repo = try await TempRepository()
    try repo.write("lib/util.c")
    expectExit(0, try await repo.ledger("claim", "lib", session: "alice"))
    let claims = try await repo.claims()
    #expect(claims.map(\.spec) == ["lib/"])
    expectError(1, try await repo.ledger("claim", "lib/new.c", session: "bob"))
  }

  @Test("glob claims use wildmatch: ** crosses directories, * does not")
  func globClaims() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "Sources/**/*.swift", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "docs/*.md", session: "carol"))

    expectError(1, try await repo.ledger("claim", "Sources/A/B/c.swift", session: "bob"))
    expectError(1, try await repo.ledger("claim", "Sources/top.swift", session: "bob"))
    expectError(1, try await repo.ledger("claim", "Sources/*.swift", session: "bob"))
    expectError(1, try await repo.ledger("claim", "docs/intro.md", session: "bob"))
    // A file name covers what lies below it should it become a directory, and ** could reach
    // there: the overlap test stays conservative.
    expectError(1, try await repo.ledger("claim", "Sources/A/readme.md", session: "bob"))
    expectExit(0, try await repo.ledger("claim", "docs/readme.txt", session: "bob"))
    expectExit(0, try await repo.ledger("claim", "Sources/A/readme.md", session: "alice"))

    let owners = try await repo.who([
      "Sources/A/B/c.swift", "Sources/A/readme.md", "docs/intro.md", "docs/sub/deep.md",
      "docs/intro.txt",
    ])
    #expect(
      owners == [
        WhoEntry(path: "Sources/A/B/c.swift", session: "alice", spec: "Sources/**/*.swift"),
        WhoEntry(path: "Sources/A/readme.md", session: "alice", spec: "Sources/A/readme.md"),
        WhoEntry(path: "docs/intro.md", session: "carol", spec: "docs/*.md"),
        WhoEntry(path: "docs/sub/deep.md", session: nil, spec: nil),
        WhoEntry(path: "docs/intro.txt", session: nil, spec: nil),
      ])
  }

  @Test("an existing file whose name has glob characters is claimed literally")
  func globCharactersInExistingFile() async throws {
    let repo = try await TempRepository()
    try repo.write("a[1].txt")
    expectExit(0, try await repo.ledger("claim", "a[1].txt", session: "alice"))
    let owners = try await repo.who(["a[1].txt", "a1.txt"])
    #expect(owners[0].session == "alice")
    #expect(owners[1].session == nil, "the literal file claim must not match a1.txt")
    expectExit(0, try await repo.ledger("claim", "a1.txt", session: "bob"))
  }

  @Test("one conflicting spec among several: nothing is claimed")
  func allOrNothing() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "alice", now: Clock.t0))
    let before = repo.bytes(repo.claimsFile)

    let result = try await repo.ledger(
      "claim", "a.txt", "b.txt", "c/", "d/*.swift", session: "bob", now: Clock.t0)
    expectError(1, result, mentioning: ["b.txt", "alice"])
    #expect(!result.stderr.contains("a.txt"), "only the conflicting spec is named\n\(result)")
    #expect(repo.bytes(repo.claimsFile) == before)
    let claims = try await repo.claims(now: Clock.t0)
    #expect(claims.map(\.spec) == ["b.txt"])
    let owners = try await repo.who(["a.txt", "c/x", "d/y.swift"])
    #expect(owners.allSatisfy { $0.session == nil })
    let events = try await repo.log()
    #expect(!events.contains { $0.session == "bob" })
  }

  @Test("every conflict of a refused call is named")
  func everyConflictNamed() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "one.txt", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "two/", session: "carol"))
    let result = try await repo.ledger("claim", "one.txt", "two/x", "free.txt", session: "bob")
    expectError(1, result, mentioning: ["one.txt", "alice", "two/", "carol"])
  }

  @Test("own claims never conflict")
  func ownClaimsDoNotConflict() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "src/", session: "alice"))
    expectExit(0, try await repo.ledger("claim", "src/a.swift", "src/**", session: "alice"))
    let claims = try await repo.claims()
    #expect(Set(claims.map(\.spec)) == ["src/", "src/a.swift", "src/**"])
    #expect(claims.allSatisfy { $0.session == "alice" })
  }

  @Test("re-claiming one's own spec refreshes its lease and note, keeping one claim")
  func reclaimRefreshes() async throws {
    let repo = try await TempRepository()
    expectExit(
      0,
      try await repo.ledger(
        "claim", "--ttl", "1h", "--note", "first", "a.txt", session: "alice", now: Clock.t0))
    let result = try await repo.ledger(
      "claim", "--ttl", "1h", "--note", "second", "a.txt", session: "alice",
      now: Clock.minutes(30))
    expectExit(0, result)
    #expect(result.stdout.contains("refreshed"), "\(result)")

    let claims = try await repo.claims(now: Clock.minutes(30))
    #expect(claims.count == 1)
    #expect(claims.first?.since == Clock.t0, "refreshing keeps the original since")
    #expect(claims.first?.expires == Clock.minutes(90))
    #expect(claims.first?.note == "second")

    // The refreshed lease is what counts: at 1h15 the claim still holds against bob.
    expectError(1, try await repo.ledger("claim", "a.txt", session: "bob", now: Clock.minutes(75)))
  }

  @Test("re-claiming a held file with no lease and the same note writes and logs nothing")
  func reclaimUnchanged() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", "b.txt", session: "alice"))
    let claimsBefore = repo.bytes(repo.claimsFile)
    let logBefore = repo.bytes(repo.logFile)
    let again = try await repo.ledger("claim", "a.txt", session: "alice", now: Clock.hours(1))
    expectExit(0, again)
    #expect(again.stdout.contains("refreshed a.txt"), "\(again)")
    #expect(repo.bytes(repo.claimsFile) == claimsBefore, "a no-op refresh rewrote the ledger")
    #expect(repo.bytes(repo.logFile) == logBefore, "a no-op refresh was logged")
    // A new note, a lease or a new file among them is a change again.
    expectExit(0, try await repo.ledger("claim", "--note", "n", "a.txt", session: "alice"))
    #expect(repo.bytes(repo.claimsFile) != claimsBefore)
    #expect(try await repo.claims().first { $0.spec == "a.txt" }?.note == "n")
    let logAfterNote = repo.bytes(repo.logFile)
    expectExit(0, try await repo.ledger("claim", "a.txt", "c.txt", session: "alice"))
    #expect(repo.bytes(repo.logFile) != logAfterNote)
    #expect(Set(try await repo.claims().map(\.spec)) == ["a.txt", "b.txt", "c.txt"])
  }

  @Test("--ttl accepts 90s, 30m, 8h and 2d and sets the expiry from the clock")
  func ttlUnits() async throws {
    let repo = try await TempRepository()
    let cases: [(String, Int)] = [("90s", 90), ("30m", 1800), ("8h", 28800), ("2d", 172_800)]
    for (index, (ttl, _)) in cases.enumerated() {
      expectExit(
        0,
        try await repo.ledger(
          "claim", "--ttl", ttl, "f\(index).txt", session: "alice", now: Clock.t0))
    }
    expectExit(
      0, try await repo.ledger("claim", "--ttl=45m", "inline.txt", session: "alice", now: Clock.t0))
    let claims = try await repo.claims(now: Clock.t0)
    for (index, (_, seconds)) in cases.enumerated() {
      #expect(claims.first { $0.spec == "f\(index).txt" }?.expires == Clock.at(seconds))
    }
    #expect(claims.first { $0.spec == "inline.txt" }?.expires == Clock.minutes(45))
  }

  @Test("ledger.ttl in git config is the default lease")
  func configuredDefaultTTL() async throws {
    let repo = try await TempRepository()
    try await repo.git("config", "ledger.ttl", "2h")
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice", now: Clock.t0))
    expectExit(
      0, try await repo.ledger("claim", "--ttl", "10m", "b.txt", session: "alice", now: Clock.t0))
    let claims = try await repo.claims(now: Clock.t0)
    #expect(claims.first { $0.spec == "a.txt" }?.expires == Clock.hours(2))
    #expect(claims.first { $0.spec == "b.txt" }?.expires == Clock.minutes(10))
  }

  @Test(
    "a bad --ttl exits 2 and claims nothing",
    arguments: ["5", "abc", "0s", "-1h", "2y", "1.5h", "", "h", "30m10"])
  func badTTL(_ ttl: String) async throws {
    let repo = try await TempRepository()
    let result = try await repo.ledger("claim", "--ttl", ttl, "a.txt", session: "alice")
    expectError(2, result)
    #expect(try await repo.claims().isEmpty)
  }

  @Test("claim without a session exits 2 and writes nothing")
  func claimNeedsSession() async throws {
    let repo = try await TempRepository()
    let result = try await repo.ledger("claim", "a.txt")
    expectError(2, result, mentioning: ["session"])
    #expect(!repo.exists(repo.claimsFile))
    #expect(try await repo.claims().isEmpty)
  }

  @Test("claim without a spec is a usage error")
  func claimNeedsSpec() async throws {
    let repo = try await TempRepository()
    expectError(2, try await repo.ledger("claim", session: "alice"))
    expectError(2, try await repo.ledger("claim", "--note", "x", session: "alice"))
  }

  @Test("--steal without --reason exits 2 and changes nothing; --reason alone is refused")
  func stealNeedsReason() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    let before = repo.bytes(repo.claimsFile)
    expectError(
      2, try await repo.ledger("claim", "--steal", "a.txt", session: "bob"), mentioning: ["reason"])
    expectError(
      2, try await repo.ledger("claim", "--steal", "--reason", "", "a.txt", session: "bob"))
    expectError(2, try await repo.ledger("claim", "--reason", "why", "a.txt", session: "bob"))
    #expect(repo.bytes(repo.claimsFile) == before)
    #expect(try await repo.claims().map(\.session) == ["alice"])
  }

  @Test("--steal takes over the whole covering claim and logs who lost it and why")
  func stealTakesOver() async throws {
    let repo = try await TempRepository()
    expectExit(
      0,
      try await repo.ledger(
        "claim", "--note", "alice's refactor", "src/", session: "alice", now: Clock.t0))
    let result = try await repo.ledger(
      "claim", "--steal", "--reason", "alice crashed", "src/a.swift", session: "bob",
      now: Clock.hours(1))
    expectExit(0, result)
    #expect(result.stdout.contains("alice"), "\(result)")

    let claims = try await repo.claims(now: Clock.hours(1))
    #expect(claims.allSatisfy { $0.session == "bob" }, "\(claims)")
    #expect(claims.contains { $0.spec == "src/" }, "the whole covering claim moves: \(claims)")
    let owners = try await repo.who(["src/other.swift"], now: Clock.hours(1))
    #expect(owners.first?.session == "bob")
    expectError(
      1, try await repo.ledger("claim", "src/b.swift", session: "alice", now: Clock.hours(1)))

    let steals = try await repo.log().filter { $0.event == "steal" }
    #expect(steals.count == 1)
    #expect(steals.first?.session == "bob")
    #expect(steals.first?["from"] == "alice")
    #expect(steals.first?["reason"] == "alice crashed")
    #expect(steals.first?["spec"] == "src/")
    let text = try await repo.ledger("log")
    expectExit(0, text)
    #expect(text.stdout.contains("steal") && text.stdout.contains("alice crashed"), "\(text)")
  }
}

@Suite("Overlap of claims")
struct OverlapTests {
  @Test(
    "specs that can match a common path conflict",
    arguments: [
      ("src/", "src/a/b.c"),
      ("src/a/b.c", "src/"),
      ("src/a/b.c", "src/a/"),
      ("src/**", "src/x/y.c"),
      ("**/*.c", "deep/dir/x.c"),
      ("src/", "**/*.c"),
      ("src/x.c", "*/*.c"),
      ("src/[ab].c", "src/a.c"),
      ("src/?.c", "src/z.c"),
      ("docs/*.md", "docs/**"),
      ("a/**/b.c", "a/b.c"),
      ("*.c", "x.c"),
      ("src/*/", "src/a/x.c"),
      ("lib/**/", "lib/q/r.c"),
      // A name covers everything below it should it become a directory.
      ("src/a.c", "src/a.c/"),
    ])
  func conflicting(held: String, requested: String) async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "--", held, session: "alice"))
    let result = try await repo.ledger("claim", "--", requested, session: "bob")
    expectError(1, result, mentioning: ["alice"])
    #expect(try await repo.claims().map(\.session) == ["alice"])
  }

  @Test(
    "files and directories that share no path do not conflict",
    arguments: [
      ("src/a.c", "src/b.c"),
      ("src/", "src2/"),
      ("src/a.c", "src/a.cpp"),
      ("dir/", "dir.txt"),
      ("A.txt", "a.txt"),
      ("deep/er/x", "deep/x"),
    ])
  func disjoint(held: String, requested: String) async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", held, session: "alice"))
    expectExit(0, try await repo.ledger("claim", requested, session: "bob"))
    #expect(try await repo.claims().count == 2)
  }

  @Test(
    "who answers exactly for a file under a glob claim",
    arguments: [
      ("docs/*.md", "docs/sub/x.md", false),
      ("docs/*.md", "docs/x.md", true),
      ("src/[ab].c", "src/c.c", false),
      ("src/[ab].c", "src/b.c", true),
      ("src/[!ab].c", "src/a.c", false),
      ("a/**/b.c", "a/x/y/b.c", true),
      ("a/**/b.c", "a/x/y/c.c", false),
      ("*.md", "sub/readme.md", false),
      ("**/*.md", "sub/readme.md", true),
      ("src/?.c", "src/ab.c", false),
    ])
  func whoUnderGlob(glob: String, path: String, owned: Bool) async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", glob, session: "alice"))
    let owners = try await repo.who([path])
    #expect(
      owners == [WhoEntry(path: path, session: owned ? "alice" : nil, spec: owned ? glob : nil)])
  }

  @Test("claiming the whole work tree ('.' at the top) covers every path")
  func wholeTree() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", ".", session: "alice"))
    expectError(1, try await repo.ledger("claim", "any/where/x.c", session: "bob"))
    #expect(try await repo.who(["README.md"]).first?.session == "alice")
  }

  @Test("with core.ignorecase=true, paths that differ only in case conflict")
  func ignoreCase() async throws {
    let repo = try await TempRepository()
    try await repo.git("config", "core.ignorecase", "true")
    expectExit(0, try await repo.ledger("claim", "Src/", "README.md", session: "alice"))
    expectError(1, try await repo.ledger("claim", "src/a.c", session: "bob"))
    expectError(1, try await repo.ledger("claim", "readme.MD", session: "bob"))
    expectExit(0, try await repo.ledger("claim", "other.md", session: "bob"))
  }
}
