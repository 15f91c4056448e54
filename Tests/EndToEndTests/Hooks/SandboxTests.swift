import Foundation
import Testing

/// How agent sandboxes start git: in a new PID namespace, where every git can have the same
/// small PID, with the host's `/proc` or with one of its own.
enum Sandbox: String, CaseIterable, Sendable, CustomStringConvertible {
  /// `unshare --fork --pid`: a new PID namespace, the host's `/proc`.
  case unshare
  /// `unshare --fork --pid --mount-proc`: a new PID namespace with its own `/proc`.
  case unshareMountProc
  /// `bwrap --unshare-pid --die-with-parent`, the host's `/proc` (as `--bind / /` leaves it).
  case bubblewrap
  /// `bwrap --unshare-pid --die-with-parent --proc /proc`, as agent sandboxes use it.
  case bubblewrapProc

  var description: String { rawValue }

  /// The program that starts the sandbox and its arguments before the command.
  var wrapper: (program: String, arguments: [String]) {
    switch self {
    case .unshare: ("/usr/bin/unshare", ["--fork", "--pid", "--"])
    case .unshareMountProc: ("/usr/bin/unshare", ["--fork", "--pid", "--mount-proc", "--"])
    case .bubblewrap:
      (
        "/usr/bin/bwrap",
        ["--bind", "/", "/", "--dev", "/dev", "--unshare-pid", "--die-with-parent"]
      )
    case .bubblewrapProc:
      (
        "/usr/bin/bwrap",
        [
          "--bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-pid",
          "--die-with-parent",
        ]
      )
    }
  }

  /// Whether this machine can start the sandbox (root or user namespaces, the program present).
  var isAvailable: Bool {
    let (program, arguments) = wrapper
    guard FileManager.default.isExecutableFile(atPath: program) else { return false }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments + ["/bin/true"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
  }

  static let available: [Sandbox] = allCases.filter(\.isAvailable)
}

extension TempRepository {
  /// Runs `git ARGUMENTS` inside `sandbox` as `session` (see `commitAs`); with `then`, runs
  /// `git ARGUMENTS; git THEN` in one sandbox and returns the second command's exit code.
  func sandboxed(
    _ sandbox: Sandbox, _ arguments: [String], session: String? = nil,
    environment extra: [String: String?] = [:], in directory: URL? = nil, then: [String]? = nil
  ) async throws -> CommandResult {
    let (program, wrapperArguments) = sandbox.wrapper
    var changes: [String: String?] = ["GIT_EDITOR": "false"]
    if let session { changes["LEDGER_SESSION"] = session }
    for (key, value) in extra { changes[key] = value }
    var command = [Executables.git.path] + arguments
    if let then {
      let quoted = { (words: [String]) in
        words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }
          .joined(separator: " ")
      }
      command = ["/bin/sh", "-c", quoted(command) + "; " + quoted([Executables.git.path] + then)]
    }
    return try await runner.run(
      wrapperArguments + command, in: directory ?? path, environment: changes,
      executable: URL(fileURLWithPath: program))
  }
}

/// A commit attempt has one identity, shared by the hooks of that commit and by nothing else —
/// also where PIDs repeat (contract: "A commit attempt has one identity").
@Suite("Commit attempts in agent sandboxes (PID namespaces)")
struct SandboxTests {
  @Test("as root (CI), every sandbox is here to test in: none is skipped silently")
  func sandboxesPresent() {
    guard getuid() == 0 else { return }
    #expect(
      Sandbox.available == Sandbox.allCases,
      "missing: \(Sandbox.allCases.filter { !Sandbox.available.contains($0) }); apt-get install bubblewrap util-linux"
    )
  }

  @Test(
    "an aborted attempt's note is never proof that pre-commit ran for a later --no-verify",
    arguments: Sandbox.available)
  func abortedAttemptIsNoProof(sandbox: Sandbox) async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    // bob's first attempt passes pre-commit, then aborts on its empty message.
    try repo.write("b.txt", "bob\n")
    try await repo.git("add", "b.txt")
    let head = try await repo.revision()
    let aborted = try await repo.sandboxed(sandbox, ["commit", "-m", ""], session: "bob")
    #expect(!aborted.exited(0), "an empty message must abort the commit\n\(aborted)")
    #expect(try await repo.revision() == head)
    // Then he stages alice's file and skips pre-commit: prepare-commit-msg must check.
    try repo.write("a.txt", "bob was here\n")
    try await repo.git("add", "a.txt")
    let sneak = try await repo.sandboxed(
      sandbox, ["commit", "--no-verify", "-m", "sneak"], session: "bob")
    try await expectBlocked(sneak, headBefore: head, repo: repo, mentioning: ["a.txt", "alice"])
  }

  @Test(
    "the commit is recorded before git returns inside the sandbox", arguments: Sandbox.available)
  func recordedBeforeSandboxEnds(sandbox: Sandbox) async throws {
    let repo = try await hookedRepository()
    for round in 0..<3 {
      try repo.write("b\(round).txt", "bob\n")
      expectExit(0, try await repo.ledger("claim", "b\(round).txt", session: "bob"))
      try await repo.git("add", "b\(round).txt")
      expectExit(
        0, try await repo.sandboxed(sandbox, ["commit", "-q", "-m", "b\(round)"], session: "bob"))
      let sha = try #require(try await repo.revision())
      let events = try await repo.log()
      #expect(
        events.contains { $0.event == "commit" && $0["commit"] == sha },
        "round \(round): the commit made in the sandbox is missing from the log: \(events)")
    }
  }

  @Test(
    "a note left in one repository never speaks for a commit in another",
    arguments: Sandbox.available)
  func otherRepositoryNote(sandbox: Sandbox) async throws {
    let first = try await hookedRepository()
    let second = try await hookedRepository(files: ["a.txt": "a\n"])
    // An attempt in the first repository passes pre-commit and aborts.
    try first.write("x.txt", "x\n")
    try await first.git("add", "x.txt")
    let aborted = try await first.sandboxed(sandbox, ["commit", "-m", ""], session: "bob")
    #expect(!aborted.exited(0), "\(aborted)")
    // A --no-verify commit in the second repository, where alice holds a.txt.
    expectExit(0, try await second.ledger("claim", "a.txt", session: "alice"))
    try second.write("a.txt", "bob\n")
    try await second.git("add", "a.txt")
    let head = try await second.revision()
    let sneak = try await second.sandboxed(
      sandbox, ["commit", "--no-verify", "-m", "sneak"], session: "bob")
    try await expectBlocked(sneak, headBefore: head, repo: second, mentioning: ["a.txt"])
    // And an allowed commit there is logged there, not in the first repository.
    try second.write("c.txt", "c\n")
    try await second.git("restore", "--staged", "a.txt")
    try await second.git("add", "c.txt")
    let allowed = try await second.sandboxed(sandbox, ["commit", "-q", "-m", "c"], session: "bob")
    expectExit(0, allowed)
    let sha = try #require(try await second.revision())
    #expect(try await second.log().contains { $0.event == "commit" && $0["commit"] == sha })
    #expect(try await first.log().allSatisfy { $0["commit"] != sha })
  }

  @Test("no note is left behind by an aborted attempt", arguments: Sandbox.available)
  func abortedAttemptLeavesNoNote(sandbox: Sandbox) async throws {
    let repo = try await hookedRepository()
    let folder = repo.root.appendingPathComponent("notes").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try repo.write("b.txt", "bob\n")
    try await repo.git("add", "b.txt")
    // An attempt that aborts on its empty message, then one that commits, in one sandbox (a
    // private /proc lives as long as its sandbox).
    let both = try await repo.sandboxed(
      sandbox, ["commit", "-m", ""], session: "bob", environment: ["TMPDIR": folder],
      then: ["commit", "-q", "-m", "b"])
    expectExit(0, both)
    #expect(try await repo.subject() == "b")
    let left = try FileManager.default.contentsOfDirectory(
      atPath: folder + "/agentledger-\(getuid())/attempts"
    )
    .filter { $0.hasPrefix("commit-") }
    #expect(left.isEmpty, "notes left behind: \(left)")
  }
}
