import Foundation
import Testing

@Suite("git ledger")
struct GitSubcommandTests {
  /// A PATH whose first entry holds `git-ledger` → the built `ledger`.
  private func pathWithGitLedger(_ repo: TempRepository) throws -> String {
    let bin = repo.root.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    try FileManager.default.createSymbolicLink(
      at: bin.appendingPathComponent("git-ledger"), withDestinationURL: Executables.ledger)
    return bin.path + ":" + Executables.searchPath
  }

  private func gitLedger(
    _ repo: TempRepository, _ arguments: [String], path: String, session: String? = nil,
    in directory: URL? = nil
  ) async throws -> CommandResult {
    var changes: [String: String?] = ["PATH": path]
    if let session { changes["LEDGER_SESSION"] = session }
    return try await repo.runner.run(
      ["ledger"] + arguments, in: directory ?? repo.path, environment: changes,
      executable: Executables.git)
  }

  @Test("git ledger claim/status/who work like ledger")
  func gitSubcommand() async throws {
    let repo = try await TempRepository()
    let path = try pathWithGitLedger(repo)
    expectExit(
      0,
      try await gitLedger(
        repo, ["claim", "--note", "via git", "a.txt"], path: path, session: "alice"))
    let status = try await gitLedger(repo, ["status", "--json"], path: path)
    expectExit(0, status)
    #expect(try StatusClaim.parse(status.stdout).map(\.spec) == ["a.txt"])
    let who = try await gitLedger(repo, ["who", "--json", "a.txt"], path: path)
    expectExit(0, who)
    #expect(
      try WhoEntry.parse(who.stdout) == [WhoEntry(path: "a.txt", session: "alice", spec: "a.txt")])
    // The same ledger as the plain executable's.
    #expect(try await repo.claims().map(\.note) == ["via git"])
  }

  @Test("git ledger keeps the caller's directory and exit codes")
  func directoryAndExitCodes() async throws {
    let repo = try await TempRepository()
    try repo.makeDirectory("sub")
    let path = try pathWithGitLedger(repo)
    expectExit(
      0,
      try await gitLedger(
        repo, ["claim", "inner.txt"], path: path, session: "alice", in: repo.url("sub")))
    #expect(try await repo.claims().map(\.spec) == ["sub/inner.txt"])
    expectError(
      1, try await gitLedger(repo, ["claim", "sub/inner.txt"], path: path, session: "bob"))
    expectError(2, try await gitLedger(repo, ["claim", "x.txt"], path: path))
    expectError(2, try await gitLedger(repo, ["frobnicate"], path: path))
    let help = try await gitLedger(repo, ["claim", "--help"], path: path)
    expectExit(0, help)
    #expect(help.stdout.contains("ledger claim"), "\(help)")
  }

  @Test("git -C runs ledger in another repository")
  func gitDashC() async throws {
    let repo = try await TempRepository()
    let path = try pathWithGitLedger(repo)
    let result = try await repo.runner.run(
      ["-C", repo.path.path, "ledger", "claim", "remote.txt"], in: repo.root,
      environment: ["PATH": path, "LEDGER_SESSION": "alice"], executable: Executables.git)
    expectExit(0, result)
    #expect(try await repo.claims().map(\.spec) == ["remote.txt"])
  }
}
