import Foundation
import LedgerCore
import Testing

@Suite("ledger install and uninstall")
struct InstallTests {
  /// Every hook `ledger install` wires.
  private static let hooks = HookRunner.hookNames

  /// Bytes, modification time, inode and permissions of a file.
  private struct Snapshot: Equatable {
    var bytes: Data?
    var modified: Date?
    var inode: Int?
    var permissions: Int?

    init(_ url: URL) {
      bytes = FileManager.default.contents(atPath: url.path)
      let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
      modified = attributes?[.modificationDate] as? Date
      inode = (attributes?[.systemFileNumber] as? NSNumber)?.intValue
      permissions = (attributes?[.posixPermissions] as? NSNumber)?.intValue
    }
  }

  /// Stages a change to bob's claimed `b.txt` and expects alice's commit to be blocked: proof
  /// that the hooks fire.
  private func expectHooksFire(
    _ repo: TempRepository, in directory: URL? = nil, environment: [String: String?] = [:],
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    let top = directory ?? repo.path
    expectExit(
      0, try await repo.ledger("claim", "b.txt", session: "bob", in: top),
      sourceLocation: sourceLocation)
    try Data(UUID().uuidString.utf8).write(to: top.appendingPathComponent("b.txt"))
    try await repo.git(["add", "b.txt"], in: top)
    let blocked = try await repo.commit(
      "-m", "x", session: "alice", environment: environment, in: top)
    #expect(blocked.exited(1), "the hooks must fire\n\(blocked)", sourceLocation: sourceLocation)
    #expect(blocked.stderr.contains("bob"), "\(blocked)", sourceLocation: sourceLocation)
    try await repo.git(["restore", "--staged", "b.txt"], in: top)
    try Data(UUID().uuidString.utf8).write(to: top.appendingPathComponent("a.txt"))
    try await repo.git(["add", "a.txt"], in: top)
    let stamped = try await repo.commit(
      "-q", "-m", "own", session: "alice", environment: environment, in: top)
    #expect(stamped.exited(0), "\(stamped)", sourceLocation: sourceLocation)
    let message = try await repo.git(["log", "-1", "--format=%B"], in: top).stdout
    #expect(
      message.contains("Agent-Session: alice"), "\(message)", sourceLocation: sourceLocation)
    // b.txt still has bob's uncommitted change: releasing it takes --force.
    expectExit(
      0, try await repo.ledger("release", "--force", "b.txt", session: "bob", in: top),
      sourceLocation: sourceLocation)
  }

  @Test(
    "install writes an executable shim for every hook, and they fire; running it again changes nothing"
  )
  func idempotent() async throws {
    let repo = try await TempRepository()
    let first = try await repo.installHooks(["--files"])
    for hook in Self.hooks {
      #expect(first.stdout.contains("\(hook): installed"), "\(first)")
      let url = repo.hooksDirectory.appendingPathComponent(hook)
      #expect(FileManager.default.isExecutableFile(atPath: url.path), "\(hook)")
      let text = String(decoding: repo.bytes(url) ?? Data(), as: UTF8.self)
      // commit-msg is an sh shim; the others start ledger-hook directly from their #! line.
      let first =
        hook == "commit-msg" ? "#!/bin/sh\n" : "#!\(Executables.ledgerHook.path) --run=\(hook)\n"
      #expect(text.hasPrefix(first) && text.contains("agentledger-shim"), "\(text)")
      #expect(text.contains(Executables.ledgerHook.path), "the shim runs the built ledger-hook")
    }
    let before = Self.hooks.map { Snapshot(repo.hooksDirectory.appendingPathComponent($0)) }
    let second = try await repo.installHooks(["--files"])
    for hook in Self.hooks { #expect(second.stdout.contains("\(hook): unchanged"), "\(second)") }
    let after = Self.hooks.map { Snapshot(repo.hooksDirectory.appendingPathComponent($0)) }
    #expect(before == after, "a second install must not touch the hooks")
    #expect(!repo.exists(repo.hooksDirectory.appendingPathComponent("pre-commit.pre-ledger")))
    try await expectHooksFire(repo)
  }

  @Test("the top-level hooks/ folder holds exactly what `ledger-hook --shim NAME` renders")
  func hooksFolderIsTrue() async throws {
    let folder = Reliability.packageRoot.appendingPathComponent("hooks")
    let present = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
      !$0.hasSuffix(".md")
    }
    #expect(Set(present) == Set(Self.hooks), "hooks/ must hold one file per wired hook")
    let repo = try await TempRepository(files: [:])
    for hook in Self.hooks {
      let rendered = try await repo.runner.run(
        ["--shim", hook], in: repo.root, executable: Executables.ledgerHook)
      expectExit(0, rendered)
      let file = String(
        decoding: repo.bytes(folder.appendingPathComponent(hook)) ?? Data(), as: UTF8.self)
      #expect(file == rendered.stdout, "hooks/\(hook) differs from `ledger-hook --shim \(hook)`")
    }
  }

  @Test("an existing hook is kept, runs once per commit with git's arguments, and can fail it")
  func chainsExistingHook() async throws {
    let repo = try await TempRepository()
    let calls = repo.root.appendingPathComponent("calls.log")
    var originals: [String: Data] = [:]
    for hook in ["pre-commit", "prepare-commit-msg", "commit-msg"] {
      let text = """
        #!/bin/sh
        # the team's own \(hook) hook
        echo "\(hook) $# $*" >> '\(calls.path)'
        [ -z "$FAIL_\(hook.replacingOccurrences(of: "-", with: "_"))" ]

        """
      let url = repo.hooksDirectory.appendingPathComponent(hook)
      try Data(text.utf8).write(to: url)
      try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: url.path)
      originals[hook] = Data(text.utf8)
    }
    let report = try await repo.installHooks(["--files"])
    #expect(report.stdout.contains("pre-commit.pre-ledger"), "\(report)")
    for hook in originals.keys {
      let kept = repo.hooksDirectory.appendingPathComponent(hook + ".pre-ledger")
      #expect(repo.bytes(kept) == originals[hook], "\(hook) kept byte for byte")
    }
    // A second install neither re-chains nor backs up the shim.
    try await repo.installHooks(["--files"])
    #expect(
      !repo.exists(repo.hooksDirectory.appendingPathComponent("pre-commit.pre-ledger.pre-ledger")))

    try repo.write("a.txt")
    try await repo.git("add", "a.txt")
    expectExit(0, try await repo.commit("-q", "-m", "chained", session: "alice", editor: "true"))
    let log = String(decoding: repo.bytes(calls) ?? Data(), as: UTF8.self)
    let lines = log.split(separator: "\n").map(String.init)
    #expect(lines.filter { $0.hasPrefix("pre-commit ") } == ["pre-commit 0 "], "\(log)")
    #expect(
      lines.filter { $0.hasPrefix("prepare-commit-msg ") }
        == ["prepare-commit-msg 2 .git/COMMIT_EDITMSG message"], "\(log)")
    #expect(
      lines.filter { $0.hasPrefix("commit-msg ") } == ["commit-msg 1 .git/COMMIT_EDITMSG"], "\(log)"
    )
    #expect(try await repo.trailerValues() == ["alice"])

    // Its failure fails the commit.
    for variable in ["FAIL_pre_commit", "FAIL_prepare_commit_msg", "FAIL_commit_msg"] {
      try repo.write("a.txt", variable)
      try await repo.git("add", "a.txt")
      let head = try await repo.revision()
      let failed = try await repo.commit(
        "-m", "fails", session: "alice", environment: [variable: "1"])
      #expect(!failed.exited(0), "\(variable)\n\(failed)")
      #expect(try await repo.revision() == head, "\(variable)")
    }

    let uninstalled = try await repo.ledger("uninstall")
    expectExit(0, uninstalled)
    for (hook, original) in originals {
      let url = repo.hooksDirectory.appendingPathComponent(hook)
      #expect(repo.bytes(url) == original, "\(hook) restored byte for byte")
      #expect(Snapshot(url).permissions == 0o750, "\(hook) keeps its mode")
      #expect(!repo.exists(repo.hooksDirectory.appendingPathComponent(hook + ".pre-ledger")))
    }
    #expect(!repo.exists(repo.hooksDirectory.appendingPathComponent("post-commit")))
  }

  @Test("a foreign hook with a .pre-ledger already there is refused and left alone")
  func existingBackup() async throws {
    let repo = try await TempRepository()
    let hook = repo.hooksDirectory.appendingPathComponent("pre-commit")
    let backup = repo.hooksDirectory.appendingPathComponent("pre-commit.pre-ledger")
    try Data("#!/bin/sh\nexit 0\n".utf8).write(to: hook)
    try Data("#!/bin/sh\nexit 1\n".utf8).write(to: backup)
    let result = try await repo.ledger("install", "--files")
    expectError(3, result, mentioning: ["pre-commit.pre-ledger"])
    #expect(repo.bytes(hook) == Data("#!/bin/sh\nexit 0\n".utf8))
    #expect(repo.bytes(backup) == Data("#!/bin/sh\nexit 1\n".utf8))
  }

  @Test("uninstall leaves hooks that are not AgentLedger's alone, and is idempotent")
  func uninstallOnlyOurs() async throws {
    let repo = try await TempRepository()
    try await repo.installHooks(["--files"])
    let foreign = Data("#!/bin/sh\necho someone else's\n".utf8)
    try foreign.write(to: repo.hooksDirectory.appendingPathComponent("post-commit"))
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(repo.bytes(repo.hooksDirectory.appendingPathComponent("post-commit")) == foreign)
    #expect(!repo.exists(repo.hooksDirectory.appendingPathComponent("pre-commit")))
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(repo.bytes(repo.hooksDirectory.appendingPathComponent("post-commit")) == foreign)
  }

  @Test("a repository-local core.hooksPath is honoured (relative and absolute)")
  func localHooksPath() async throws {
    let repo = try await TempRepository()
    try await repo.git("config", "core.hooksPath", "team-hooks")
    let report = try await repo.installHooks(["--files"])
    let folder = repo.url("team-hooks")
    #expect(report.stdout.contains(folder.path), "\(report)")
    for hook in Self.hooks {
      #expect(
        FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent(hook).path))
      #expect(!repo.exists(repo.hooksDirectory.appendingPathComponent(hook)))
    }
    try await expectHooksFire(repo)

    // An absolute path in the git dir (a folder outside the work tree and the git dir may be
    // shared: SharedHooksFolderTests).
    let outside = repo.path.appendingPathComponent(".git/abs-hooks")
    try await repo.git("config", "core.hooksPath", outside.path)
    try await repo.installHooks(["--files"])
    #expect(
      FileManager.default.isExecutableFile(
        atPath: outside.appendingPathComponent("pre-commit").path))
    try await expectHooksFire(repo)
  }

  @Test(
    "a global core.hooksPath is refused with exit 3 unless --force; --force keeps its hooks running"
  )
  func globalHooksPath() async throws {
    let repo = try await TempRepository()
    let global = repo.root.appendingPathComponent("global-hooks")
    try FileManager.default.createDirectory(at: global, withIntermediateDirectories: true)
    let ran = repo.root.appendingPathComponent("global-ran")
    let globalHook = global.appendingPathComponent("pre-commit")
    try Data("#!/bin/sh\ntouch '\(ran.path)'\n".utf8).write(to: globalHook)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: globalHook.path)
    try await repo.git("config", "--global", "core.hooksPath", global.path)
    let globalBefore = try FileManager.default.contentsOfDirectory(atPath: global.path).sorted()

    let refused = try await repo.ledger("install", "--files")
    expectError(3, refused, mentioning: ["core.hooksPath", "global", global.path, "--force"])
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: global.path).sorted() == globalBefore)
    #expect(!repo.exists(repo.hooksDirectory.appendingPathComponent("pre-commit")))

    try await repo.installHooks(["--force", "--files"])
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: global.path).sorted() == globalBefore,
      "the shared folder must not be written to")
    try await expectHooksFire(repo)
    #expect(repo.exists(ran), "the global pre-commit keeps running through the shim")

    expectExit(0, try await repo.ledger("uninstall"))
    let local = try await repo.runner.run(
      ["config", "--local", "core.hooksPath"], in: repo.path, executable: Executables.git)
    #expect(local.exited(1), "uninstall removes the local core.hooksPath it set\n\(local)")
    #expect(!repo.exists(repo.hooksDirectory.appendingPathComponent("pre-commit")))
  }

  @Test("core.hooksPath=/dev/null is refused with exit 3 unless --force")
  func devNullHooksPath() async throws {
    let repo = try await TempRepository()
    try await repo.git("config", "core.hooksPath", "/dev/null")
    let refused = try await repo.ledger("install", "--files")
    expectError(3, refused, mentioning: ["/dev/null", "--force"])
    try await repo.installHooks(["--force", "--files"])
    try await expectHooksFire(repo)
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(try await repo.git("config", "--local", "core.hooksPath").stdout == "/dev/null\n")
  }

  @Test("install from a linked worktree's subdirectory wires the shared hooks; they fire there")
  func linkedWorktree() async throws {
    let repo = try await TempRepository(files: ["README.md": "r\n", "pkg/sub/x.txt": "x\n"])
    let linked = try await repo.addWorktree("wt")
    try await repo.installHooks(["--files"], in: linked.appendingPathComponent("pkg/sub"))
    for hook in Self.hooks {
      #expect(
        FileManager.default.isExecutableFile(
          atPath: repo.hooksDirectory.appendingPathComponent(hook).path))
    }
    #expect(!repo.exists(repo.path.appendingPathComponent(".git/worktrees/wt/hooks")))
    try await expectHooksFire(repo, in: linked)
    try await expectHooksFire(repo)
  }

  @Test("install from a subdirectory of the main worktree")
  func subdirectory() async throws {
    let repo = try await TempRepository(files: ["src/deep/x.txt": "x\n"])
    try await repo.installHooks(["--files"], in: repo.url("src/deep"))
    #expect(
      FileManager.default.isExecutableFile(
        atPath: repo.hooksDirectory.appendingPathComponent("pre-commit").path))
    try await expectHooksFire(repo)
  }

  @Test("a repository path with spaces and a quote")
  func awkwardRepositoryPath() async throws {
    let repo = try await TempRepository()
    let awkward = repo.root.appendingPathComponent("my repo's \"copy\"")
    try await repo.git(["clone", "-q", repo.path.path, awkward.path], in: repo.root)
    try await repo.git(["config", "user.name", "E2E Tester"], in: awkward)
    try await repo.git(["config", "user.email", "e2e@example.invalid"], in: awkward)
    try await repo.installHooks(["--files", awkward.path], in: repo.root)
    try await expectHooksFire(repo, in: awkward)
  }

  @Test("direct hooks: with their ledger-hook gone, commits fail closed and doctor says why")
  func directHookBinaryGone() async throws {
    let repo = try await TempRepository()
    let copies = repo.root.appendingPathComponent("bin")
    try FileManager.default.createDirectory(at: copies, withIntermediateDirectories: true)
    for tool in ["ledger", "ledger-hook", "ledger-doctor"] {
      try FileManager.default.copyItem(
        at: Executables.directory.appendingPathComponent(tool),
        to: copies.appendingPathComponent(tool))
    }
    try await repo.installHooks(["--files"], executable: copies.appendingPathComponent("ledger"))
    let hook = String(
      decoding: repo.bytes(repo.hooksDirectory.appendingPathComponent("pre-commit")) ?? Data(),
      as: UTF8.self)
    #expect(hook.hasPrefix("#!\(copies.path)/ledger-hook --run=pre-commit\n"), "\(hook)")
    try await expectHooksFire(repo)
    try FileManager.default.removeItem(at: copies.appendingPathComponent("ledger-hook"))
    try repo.write("a.txt", "lost\n")
    try await repo.git("add", "a.txt")
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "no hook binary", session: "alice")
    #expect(result.status != 0, "\(result)")
    #expect(try await repo.revision() == head, "no commit may be made")
    let doctor = try await repo.runner.run(
      ["doctor"], in: repo.path, executable: copies.appendingPathComponent("ledger"))
    expectExit(1, doctor)
    #expect((doctor.stdout + doctor.stderr).contains("ledger-hook"), "\(doctor)")
  }

  @Test("binaries moved away: the shim falls back to PATH, and fails clearly without either")
  func missingBinary() async throws {
    let repo = try await TempRepository()
    let copies = repo.root.appendingPathComponent("bin dir's copy")
    try FileManager.default.createDirectory(at: copies, withIntermediateDirectories: true)
    for tool in ["ledger", "ledger-hook"] {
      try FileManager.default.copyItem(
        at: Executables.directory.appendingPathComponent(tool),
        to: copies.appendingPathComponent(tool))
    }
    try await repo.installHooks(["--files"], executable: copies.appendingPathComponent("ledger"))
    let shim = String(
      decoding: repo.bytes(repo.hooksDirectory.appendingPathComponent("pre-commit")) ?? Data(),
      as: UTF8.self)
    #expect(shim.contains("bin dir'\\''s copy/ledger-hook"), "\(shim)")
    let withoutBuild = Executables.searchPathWithoutLedgerHook
    try await expectHooksFire(repo, environment: ["PATH": withoutBuild])

    try FileManager.default.removeItem(at: copies)
    // On PATH: found there.
    try await expectHooksFire(
      repo, environment: ["PATH": Executables.directory.path + ":" + withoutBuild])

    // Neither: the commit fails with a message saying what is missing and what to do.
    try repo.write("a.txt", "lost\n")
    try await repo.git("add", "a.txt")
    let head = try await repo.revision()
    let result = try await repo.commit(
      "-m", "no hook binary", session: "alice", environment: ["PATH": withoutBuild])
    try await expectBlocked(
      result, headBefore: head, repo: repo,
      mentioning: ["ledger-hook", copies.path, "PATH", "ledger uninstall"])
    // --no-verify skips pre-commit, but prepare-commit-msg still refuses.
    let skipped = try await repo.commit(
      "--no-verify", "-m", "no hook binary", session: "alice", environment: ["PATH": withoutBuild])
    try await expectBlocked(skipped, headBefore: head, repo: repo, mentioning: ["ledger-hook"])
  }

  // husky and lefthook: Tests/EndToEndTests/HookTools/ (HuskyTests, LefthookTests).

  @Test("ledger doctor: installed hooks are ok (exit 0), a missing one is reported (exit 1)")
  func doctor() async throws {
    let repo = try await TempRepository()
    try await repo.installHooks(["--files"])
    let healthy = try await repo.ledger("doctor")
    expectExit(0, healthy)
    #expect(healthy.stdout.contains("hooks") && healthy.stdout.contains("installed"), "\(healthy)")

    try FileManager.default.removeItem(at: repo.hooksDirectory.appendingPathComponent("commit-msg"))
    let missing = try await repo.ledger("doctor")
    expectExit(1, missing)
    let hookLines = (missing.stdout + missing.stderr).split(separator: "\n").filter {
      $0.contains("hooks")
    }
    #expect(hookLines.contains { $0.contains("commit-msg") }, "\(missing)")
    let json = try await repo.ledger("doctor", "--json")
    expectExit(1, json)
    #expect(try JSON.parse(json.stdout)["healthy"] == .bool(false))

    try await repo.installHooks(["--files"])
    expectExit(0, try await repo.ledger("doctor"))
    expectExit(0, try await repo.ledger("uninstall"))
    expectExit(1, try await repo.ledger("doctor"))
  }

  @Test(
    "a hook without its exec bit: doctor names the file and the fix, exit 1; claim and status warn")
  func hookNotExecutable() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    try await repo.installHooks(["--files"])
    let quiet = try await repo.ledger("claim", "a.txt", session: "alice")
    expectExit(0, quiet)
    #expect(quiet.stderr.isEmpty, "healthy hooks: no warning\n\(quiet)")
    let hook = repo.hooksDirectory.appendingPathComponent("prepare-commit-msg")
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: hook.path)

    let doctor = try await repo.ledger("doctor")
    expectExit(1, doctor)
    let text = doctor.stdout + doctor.stderr
    #expect(text.contains(hook.path) && text.contains("not executable"), "\(doctor)")
    #expect(text.contains("chmod +x \(hook.path)") && text.contains("ledger install"), "\(doctor)")
    #expect(!text.contains("another version"), "\(doctor)")

    for arguments in [["claim", "b.txt"], ["status"], ["status", "--json"]] {
      let result = try await repo.ledger(arguments, session: "alice")
      expectExit(0, result)
      #expect(
        result.stderr.contains("prepare-commit-msg") && result.stderr.contains("not executable")
          && result.stderr.contains("ledger install"), "\(arguments)\n\(result)")
    }
    // The advice works.
    try await repo.installHooks(["--files"])
    expectExit(0, try await repo.ledger("doctor"))
    let fixed = try await repo.ledger("claim", "c.txt", session: "alice")
    #expect(fixed.stderr.isEmpty, "\(fixed)")
  }

  @Test(
    "claim warns when the hooks git will run are not AgentLedger's: replaced, moved, or never installed"
  )
  func foreignHooksWarn() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    let never = try await repo.ledger("claim", "a.txt", session: "alice")
    expectExit(0, never)
    #expect(never.stderr.contains("ledger install"), "\(never)")

    try await repo.installHooks(["--files"])
    // A manager replaced one hook with its own.
    let hook = repo.hooksDirectory.appendingPathComponent("pre-commit")
    try Data("#!/bin/sh\nexit 0\n".utf8).write(to: hook)
    let replaced = try await repo.ledger("claim", "b.txt", session: "alice")
    expectExit(0, replaced)
    #expect(
      replaced.stderr.contains("pre-commit") && replaced.stderr.contains("ledger install"),
      "\(replaced)")
    try await repo.installHooks(["--files"])
    #expect(try await repo.ledger("claim", "b.txt", session: "alice").stderr.isEmpty)

    // A manager moved core.hooksPath to a folder of its own.
    try repo.makeDirectory(".githooks")
    try await repo.git("config", "core.hooksPath", ".githooks")
    let moved = try await repo.ledger("status")
    expectExit(0, moved)
    #expect(
      moved.stderr.contains(".githooks") && moved.stderr.contains("ledger install"), "\(moved)")
  }
}
