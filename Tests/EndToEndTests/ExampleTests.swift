import Foundation
import Testing

/// The runnable demonstration in examples/ keeps working: it is the README's walkthrough.
@Suite("Examples")
struct ExampleTests {
  /// The package root, found from this file's path.
  static let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  @Test("examples/two-agents.sh: a sweeping commit is refused and each agent commits its own work")
  func twoAgents() async throws {
    let repository = try await TempRepository(files: [:])
    let script = Self.packageRoot.appendingPathComponent("examples/two-agents.sh")
    var runner = repository.runner
    runner.executable = URL(fileURLWithPath: "/bin/sh")
    let result = try await runner.run(
      [script.path], in: repository.root,
      environment: [
        "LEDGER_BIN": Executables.directory.path, "TMPDIR": repository.root.path,
        "GIT_CEILING_DIRECTORIES": nil,
      ])
    #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
    #expect(result.stdout.contains("permissionDecision\":\"deny"))
    #expect(result.stdout.contains("commit blocked"))
    #expect(result.stdout.contains("(refused, exit 1)"))
    #expect(result.stdout.contains("claude:A1"))
    #expect(result.stdout.contains("agent-b"))
    #expect(result.stdout.contains("two-agents.sh: done"))
  }
}
