import Foundation
import Testing

@Suite("Help and usage errors")
struct HelpTests {
  /// The commands this build implements.
  static let commands = ["claim", "release", "status", "who", "log", "session", "gc"]

  @Test("ledger --help exits 0, lists the commands and shows an example")
  func overview() async throws {
    let repo = try await TempRepository()
    for flag in ["--help", "-h", "help"] {
      let result = try await repo.ledger(flag)
      expectExit(0, result)
      for command in Self.commands {
        #expect(result.stdout.contains(command), "\(flag) should list \(command)\n\(result)")
      }
      #expect(result.stdout.contains("ledger claim "), "an example invocation\n\(result)")
    }
  }

  @Test("ledger claim --help exits 0 with its options and an example")
  func claimHelp() async throws {
    let repo = try await TempRepository()
    let result = try await repo.ledger("claim", "--help")
    expectExit(0, result)
    for option in ["--ttl", "--note", "--steal", "--reason"] {
      #expect(result.stdout.contains(option), "\(option)\n\(result)")
    }
    #expect(
      result.lines.contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("ledger claim ") },
      "an example line\n\(result)")
    #expect(result.stderr.isEmpty)
    let viaHelp = try await repo.ledger("help", "claim")
    expectExit(0, viaHelp)
    #expect(viaHelp.stdout == result.stdout)
  }

  @Test("every implemented command has --help, even outside a repository", arguments: commands)
  func commandHelp(_ command: String) async throws {
    let repo = try await TempRepository()
    let result = try await repo.ledger(command, "--help", in: repo.root)
    expectExit(0, result)
    #expect(result.stdout.contains("ledger \(command)"), "\(result)")
    let short = try await repo.ledger(command, "-h", session: "alice")
    expectExit(0, short)
    #expect(!repo.exists(repo.claimsFile), "help must not act")
  }

  @Test("--version exits 0 and prints a version")
  func version() async throws {
    let repo = try await TempRepository()
    let result = try await repo.ledger("--version")
    expectExit(0, result)
    #expect(result.stdout.contains("ledger"), "\(result)")
  }

  @Test("an unknown command exits 2 and names it")
  func unknownCommand() async throws {
    let repo = try await TempRepository()
    let result = try await repo.ledger("frobnicate", session: "alice")
    expectError(2, result, mentioning: ["frobnicate"])
    #expect(result.stdout.isEmpty)
  }

  @Test(
    "an unknown option exits 2 and names it",
    arguments: [
      ["claim", "--frob", "a.txt"], ["release", "--everything"], ["status", "--bogus"],
      ["who", "--x", "a.txt"], ["log", "--verbose"], ["gc", "--force"], ["session", "--quiet"],
      ["claim", "-z", "a.txt"],
    ])
  func unknownOption(_ arguments: [String]) async throws {
    let repo = try await TempRepository()
    let result = try await repo.ledger(arguments, session: "alice")
    expectError(2, result, mentioning: [arguments[1]])
    #expect(!repo.exists(repo.claimsFile))
  }

  @Test("an option missing its value, or extra arguments, exit 2")
  func missingValues() async throws {
    let repo = try await TempRepository()
    expectError(2, try await repo.ledger("claim", "a.txt", "--ttl", session: "alice"))
    expectError(2, try await repo.ledger("claim", "a.txt", "--note", session: "alice"))
    expectError(2, try await repo.ledger("status", "extra"))
    expectError(2, try await repo.ledger("gc", "extra"))
    expectError(2, try await repo.ledger("log", "--since"))
    expectError(2, try await repo.ledger("status", "--json=yes"))
    #expect(!repo.exists(repo.claimsFile))
  }

  @Test(
    "outside a git repository every command exits 3",
    arguments: [
      ["claim", "a.txt"], ["release", "a.txt"], ["release", "--all"], ["status"],
      ["status", "--json"], ["who", "a.txt"], ["log"], ["session", "end"], ["gc"],
    ])
  func notARepository(_ arguments: [String]) async throws {
    let repo = try await TempRepository()
    let elsewhere = repo.root.appendingPathComponent("not-a-repo")
    try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
    let result = try await repo.ledger(arguments, session: "alice", in: elsewhere)
    expectError(3, result, mentioning: ["not-a-repo"])
    #expect(
      !FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("ledger").path))
  }
}

@Suite("Error messages")
struct ErrorMessageTests {
  @Test("errors say what happened, name the path, and say what to do next")
  func errorsHaveHints() async throws {
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger("claim", "held.txt", session: "alice"))
    let cases: [(result: CommandResult, names: String)] = [
      (try await repo.ledger("claim", "held.txt", session: "bob"), "held.txt"),
      (try await repo.ledger("release", "free.txt", session: "bob"), "free.txt"),
      (try await repo.ledger("claim", "../out.txt", session: "bob"), "../out.txt"),
      (try await repo.ledger("claim", "x.txt"), "session"),
      (try await repo.ledger("claim", "--ttl", "soon", "x.txt", session: "bob"), "soon"),
      (try await repo.ledger("status", in: repo.root), repo.root.path),
    ]
    for (result, name) in cases {
      #expect(!result.exited(0))
      #expect(result.stderr.contains(name), "\(result)")
      let lines = result.stderr.split(separator: "\n").filter {
        !$0.trimmingCharacters(in: .whitespaces).isEmpty
      }
      #expect(lines.count >= 2, "a message and a next step\n\(result)")
    }
  }
}
