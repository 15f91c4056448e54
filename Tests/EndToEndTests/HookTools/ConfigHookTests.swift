import Foundation
import Testing

/// Config-based hooks (git ≥ 2.54: `[hook "NAME"] event = …, command = …`): with git 2.55,
/// `ledger install` registers AgentLedger in the repository's config and owns no hook file;
/// with Debian's git 2.39 it keeps writing hook files. Real commits with both gits.
@Suite("Config-based hooks (git ≥ 2.54)")
struct ConfigHookTests {
  /// The hook names `ledger install` wires.
  static let hooks = [
    "pre-commit", "pre-merge-commit", "prepare-commit-msg", "commit-msg", "post-commit",
    "post-merge", "pre-applypatch", "post-applypatch", "post-rewrite",
  ]

  /// A repository wired by `ledger install` run with git 2.55, and that git.
  private func registeredRepository(files: [String: String] = ["README.md": "# scratch\n"])
    async throws -> (TempRepository, GitChoice)
  {
    let new = try GitChoice.new()
    let repo = try await TempRepository(files: files)
    expectExit(0, try await repo.ledger(new, "install"))
    return (repo, new)
  }

  /// The names of the files in the hooks folder that are not git's samples.
  private func hookFiles(_ repo: TempRepository, folder: URL? = nil) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: (folder ?? repo.hooksDirectory).path)
      .filter { !$0.hasSuffix(".sample") }.sorted()
  }

  /// Claims `owned.txt` for bob and stages a change of it.
  private func stageBobsFile(_ repo: TempRepository, _ git: GitChoice) async throws {
    try repo.write("owned.txt", "bob's\n")
    try await repo.git(git, "add", "owned.txt")
    try await repo.git(git, "commit", "-q", "-m", "add owned", "--no-verify")
    expectExit(0, try await repo.ledger(git, "claim", "owned.txt", session: "bob"))
    try repo.write("owned.txt", "changed\n")
    try await repo.git(git, "add", "owned.txt")
  }

  /// Expects exactly one refusal for `owned.txt` (AgentLedger ran once) and HEAD unchanged.
  private func expectRefusedOnce(
    _ result: CommandResult, _ repo: TempRepository, head: String?,
    sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    #expect(result.exited(1), "\(result)", sourceLocation: sourceLocation)
    #expect(
      result.stderr.components(separatedBy: "commit blocked").count == 2,
      "AgentLedger must refuse exactly once\n\(result)", sourceLocation: sourceLocation)
    #expect(try await repo.revision() == head, sourceLocation: sourceLocation)
  }

  /// Expects HEAD to carry one trailer for `session` and one commit event.
  private func expectStampedOnce(
    _ repo: TempRepository, session: String, sourceLocation: SourceLocation = #_sourceLocation
  ) async throws {
    #expect(
      try await repo.trailerValues(of: "HEAD") == [session], sourceLocation: sourceLocation)
    let head = try #require(try await repo.revision(), sourceLocation: sourceLocation)
    let events = try await repo.log().filter { $0.event == "commit" && $0["commit"] == head }
    #expect(events.count == 1, "one commit event: \(events)", sourceLocation: sourceLocation)
  }

  @Test(
    "git 2.55: install registers the nine hooks in config, owns no file, re-runs change nothing")
  func installRegisters() async throws {
    let (repo, new) = try await registeredRepository()
    let files = try hookFiles(repo)
    #expect(files.isEmpty, "no hook file: \(files)")
    for hook in Self.hooks {
      let listed = try await repo.git(new, "hook", "list", "--show-scope", hook).stdout
      #expect(listed == "local\tagentledger-\(hook)\n", "\(hook): \(listed)")
    }
    let config = repo.bytes(repo.path.appendingPathComponent(".git/config"))
    let again = try await repo.ledger(new, "install")
    expectExit(0, again)
    #expect(again.stdout.components(separatedBy: "unchanged").count == Self.hooks.count + 1)
    #expect(repo.bytes(repo.path.appendingPathComponent(".git/config")) == config)
    let doctor = try await repo.ledger(new, "doctor")
    expectExit(0, doctor)
    #expect(
      doctor.stdout.contains(
        "all 9 hooks registered as config-based hooks (local config); git 2.55"), "\(doctor)")
    #expect(!doctor.stdout.contains("not installed"), "\(doctor)")
    let claim = try await repo.ledger(new, "claim", "README.md", session: "alice")
    expectExit(0, claim)
    #expect(!claim.stderr.contains("warning"), "a registration is healthy: \(claim)")
  }

  @Test("git 2.55: a claimed file is refused; one trailer; post-commit records once")
  func enforced() async throws {
    let (repo, new) = try await registeredRepository()
    try await stageBobsFile(repo, new)
    let head = try await repo.revision()
    let refused = try await repo.commitAs(new, ["commit", "-m", "mine"], session: "alice")
    try await expectRefusedOnce(refused, repo, head: head)
    expectExit(0, try await repo.commitAs(new, ["commit", "-q", "-m", "bob's"], session: "bob"))
    try await expectStampedOnce(repo, session: "bob")
  }

  @Test("git 2.55: an editor that empties the message still aborts the commit")
  func emptyMessageAborts() async throws {
    let (repo, new) = try await registeredRepository()
    try repo.write("work.txt", "work\n")
    try await repo.git(new, "add", "work.txt")
    let head = try await repo.revision()
    let empty = try repo.script("empty", ": > \"$1\"")
    for editor in ["true", empty] {
      let result = try await repo.commitAs(new, ["commit"], session: "alice", editor: editor)
      #expect(result.exited(1), "\(result)")
      #expect(result.stderr.contains("Aborting commit due to empty commit message"), "\(result)")
      #expect(try await repo.revision() == head)
    }
  }

  @Test("git 2.55: post-rewrite gets its input (amend), and a rebase of bob's commits is a replay")
  func rewritesAndReplays() async throws {
    let (repo, new) = try await registeredRepository(files: ["b.txt": "base\n"])
    let old = try await repo.revision()
    try repo.write("b.txt", "amended\n")
    try await repo.git(new, "add", "b.txt")
    expectExit(
      0, try await repo.commitAs(new, ["commit", "-q", "--amend", "--no-edit"], session: "alice"))
    let rewrite = try #require(try await repo.log().last { $0.event == "rewrite" })
    let pairs = rewrite.json["rewritten"]?.arrayValue ?? []
    #expect(pairs.count == 1 && pairs.first?["old"]?.stringValue == old, "\(rewrite)")
    #expect(pairs.first?["new"]?.stringValue == (try await repo.revision()), "\(rewrite)")

    try await repo.git(new, "checkout", "-q", "-b", "feature")
    for line in ["bob 1\n", "bob 1\nbob 2\n"] {
      try repo.write("b.txt", line)
      expectExit(0, try await repo.commitAs(new, ["commit", "-q", "-am", "bob"], session: "bob"))
    }
    try await repo.git(new, "checkout", "-q", "main")
    try repo.write("m.txt", "m\n")
    try await repo.git(new, "add", "m.txt")
    expectExit(0, try await repo.commitAs(new, ["commit", "-q", "-m", "main m"], session: "carol"))
    expectExit(0, try await repo.ledger(new, "claim", "b.txt", session: "bob"))
    try await repo.git(new, "checkout", "-q", "feature")
    let before = try await repo.log().count
    expectExit(0, try await repo.commitAs(new, ["rebase", "-q", "main"], session: "alice"))
    #expect(try await repo.trailerValues(of: "HEAD") == ["bob"])
    #expect(try await repo.trailerValues(of: "HEAD~1") == ["bob"])
    let events = Array(try await repo.log().dropFirst(before))
    let commits = events.filter { $0.event == "commit" }
    #expect(commits.count == 2 && commits.allSatisfy { $0.flag("replay") }, "\(events)")
    #expect(!events.contains { $0.event == "bypass" }, "\(events)")
    let rebased = try #require(events.last { $0.event == "rewrite" }, "\(events)")
    #expect(rebased.json["rewritten"]?.arrayValue?.count == 2, "\(rebased)")
  }

  @Test("git 2.55: another tool's hook file keeps running after AgentLedger, and its failure fails")
  func foreignHookFileRuns() async throws {
    let (repo, new) = try await registeredRepository()
    let marker = repo.root.appendingPathComponent("ran")
    let hook = repo.hooksDirectory.appendingPathComponent("pre-commit")
    try Data("#!/bin/sh\necho ran >> '\(marker.path)'\nexit ${FAIL:-0}\n".utf8).write(to: hook)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
    try repo.write("a.txt", "a\n")
    try await repo.git(new, "add", "a.txt")
    let head = try await repo.revision()
    let failing = try await repo.commitAs(
      new, ["commit", "-q", "-m", "a"], session: "alice", environment: ["FAIL": "1"])
    #expect(failing.exited(1), "\(failing)")
    #expect(try await repo.revision() == head)
    expectExit(0, try await repo.commitAs(new, ["commit", "-q", "-m", "a"], session: "alice"))
    #expect(String(decoding: repo.bytes(marker) ?? Data(), as: UTF8.self) == "ran\nran\n")
    try await expectStampedOnce(repo, session: "alice")
  }

  @Test("git 2.55: real lefthook installed after AgentLedger turns nothing off")
  func lefthookAfter() async throws {
    let lefthook = try HookTools.require("lefthook")
    let (repo, new) = try await registeredRepository()
    try repo.write(
      "lefthook.yml", "pre-commit:\n  commands:\n    lint:\n      run: test ! -e fail-lint\n")
    try await repo.git(new, "add", "lefthook.yml")
    try await repo.git(new, "commit", "-q", "-m", "lefthook", "--no-verify")
    let installed = try await repo.runner.run(
      ["install"], in: repo.path, environment: new.environment, executable: lefthook)
    expectExit(0, installed)
    #expect(try hookFiles(repo).contains("pre-commit"), "lefthook wrote its hooks")
    try await stageBobsFile(repo, new)
    let head = try await repo.revision()
    try await expectRefusedOnce(
      try await repo.commitAs(new, ["commit", "-m", "x"], session: "alice"), repo, head: head)
    try repo.write("fail-lint", "")
    let linted = try await repo.commitAs(new, ["commit", "-m", "x"], session: "bob")
    #expect(linted.exited(1), "lefthook's failing command fails the commit: \(linted)")
    try FileManager.default.removeItem(at: repo.url("fail-lint"))
    expectExit(0, try await repo.commitAs(new, ["commit", "-q", "-m", "x"], session: "bob"))
    try await expectStampedOnce(repo, session: "bob")
  }

  @Test("git 2.55: core.hooksPath moved elsewhere (husky-style) or /dev/null turns nothing off")
  func hooksPathMoved() async throws {
    let (repo, new) = try await registeredRepository()
    // husky v9 sets core.hooksPath=.husky/_ and fills it with wrappers; any folder will do here:
    // git looks there for files, and for registrations nowhere but config.
    try repo.makeDirectory(".husky/_")
    try await stageBobsFile(repo, new)
    let head = try await repo.revision()
    for hooksPath in [".husky/_", "/dev/null"] {
      try await repo.git(new, "config", "core.hooksPath", hooksPath)
      try await expectRefusedOnce(
        try await repo.commitAs(new, ["commit", "-m", "x"], session: "alice"), repo, head: head)
      let claim = try await repo.ledger(new, "status", session: "alice")
      #expect(!claim.stderr.contains("warning"), "\(hooksPath): \(claim)")
    }
    try await repo.git(new, "config", "--unset", "core.hooksPath")
    try await expectRefusedOnce(
      try await repo.commitAs(
        new, ["-c", "core.hooksPath=/dev/null", "commit", "-m", "x"], session: "alice"),
      repo, head: head)
    expectExit(0, try await repo.commitAs(new, ["commit", "-q", "-m", "x"], session: "bob"))
    try await expectStampedOnce(repo, session: "bob")
  }

  @Test("hook files from git 2.39 beside a registration: each event runs once, with either git")
  func filesAndRegistrationRunOnce() async throws {
    let new = try GitChoice.new()
    let old = try GitChoice.old()
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger(old, "install"))
    #expect(try hookFiles(repo).count == Self.hooks.count, "git 2.39 writes the files")
    // The user's global registration, beside this repository's files.
    let global = try await repo.ledger(new, "install", "--global")
    expectExit(0, global)
    #expect(try hookFiles(repo).count == Self.hooks.count)
    try await stageBobsFile(repo, new)
    let head = try await repo.revision()
    for git in [new, old] {
      try await expectRefusedOnce(
        try await repo.commitAs(git, ["commit", "-m", "x"], session: "alice"), repo, head: head)
    }
    // lefthook-style juggling: our prepare-commit-msg renamed away; the registration takes over.
    try FileManager.default.moveItem(
      at: repo.hooksDirectory.appendingPathComponent("prepare-commit-msg"),
      to: repo.hooksDirectory.appendingPathComponent("prepare-commit-msg.old"))
    expectExit(0, try await repo.commitAs(new, ["commit", "-q", "-m", "x"], session: "bob"))
    try await expectStampedOnce(repo, session: "bob")
    try repo.write("owned.txt", "again\n")
    expectExit(
      0, try await repo.commitAs(new, ["commit", "-q", "-am", "y"], session: "bob", editor: "true"))
    try await expectStampedOnce(repo, session: "bob")
    expectExit(0, try await repo.ledger(new, "uninstall", "--global"))
    let left = try await repo.runner.run(
      ["config", "--global", "--get-regexp", "^hook\\."], in: repo.path,
      environment: new.environment, executable: new.git)
    #expect(left.exited(1) && left.stdout.isEmpty, "\(left)")
  }

  @Test("Debian's git 2.39 keeps the hook file install")
  func oldGitKeepsFiles() async throws {
    let old = try GitChoice.old()
    let repo = try await TempRepository()
    let version = try await repo.git(old, "version").stdout
    #expect(!version.contains("git version 2.5"), "an old git: \(version)")
    let installed = try await repo.ledger(old, "install")
    expectExit(0, installed)
    #expect(try hookFiles(repo) == Self.hooks.sorted(), "\(installed)")
    let config = try await repo.runner.run(
      ["config", "--get-regexp", "^hook\\."], in: repo.path, executable: old.git)
    #expect(config.stdout.isEmpty, "no registration: \(config)")
    let global = try await repo.ledger(old, "install", "--global")
    #expect(global.exited(3) && global.stderr.contains("need git 2.54.0 or newer"), "\(global)")
  }

  @Test("a registration the git on PATH is too old for: warned; following the advice fixes it")
  func tooOldGitWarns() async throws {
    let (repo, new) = try await registeredRepository()
    let old = try GitChoice.old()
    try await stageBobsFile(repo, new)
    let warned = try await repo.ledger(old, "status", session: "alice")
    #expect(warned.stderr.contains("does not run them: they need git 2.54.0"), "\(warned)")
    let head = try await repo.revision()
    let unchecked = try await repo.commitAs(old, ["commit", "-q", "-m", "x"], session: "alice")
    #expect(unchecked.exited(0), "git 2.39 ignores the registration: \(unchecked)")
    try await repo.git(old, "reset", "-q", "--soft", head ?? "HEAD")
    let doctor = try await repo.ledger(old, "doctor")
    #expect(doctor.stdout.contains("ignores them"), "\(doctor)")
    // The advice: `ledger install` with this git.
    expectExit(0, try await repo.ledger(old, "install"))
    let quiet = try await repo.ledger(old, "status", session: "alice")
    #expect(!quiet.stderr.contains("warning"), "\(quiet)")
    for git in [old, new] {
      try await expectRefusedOnce(
        try await repo.commitAs(git, ["commit", "-m", "x"], session: "alice"), repo, head: head)
    }
  }

  @Test("uninstall removes exactly AgentLedger's registrations")
  func uninstallExact() async throws {
    let (repo, new) = try await registeredRepository()
    try await repo.git(new, "config", "hook.lint.event", "pre-commit")
    try await repo.git(new, "config", "hook.lint.command", "true")
    let removed = try await repo.ledger(new, "uninstall")
    expectExit(0, removed)
    let left = try await repo.git(new, "config", "--get-regexp", "^hook\\.").stdout
    #expect(left == "hook.lint.event pre-commit\nhook.lint.command true\n", "\(left)")
    #expect(try hookFiles(repo).isEmpty)
    try await stageBobsFile(repo, new)
    expectExit(0, try await repo.commitAs(new, ["commit", "-q", "-m", "x"], session: "alice"))
    #expect(try await repo.trailerValues(of: "HEAD").isEmpty)
  }

  @Test("git 2.55 after a 2.39 install: install moves to config and gives back the kept hook")
  func upgradeMovesToConfig() async throws {
    let new = try GitChoice.new()
    let old = try GitChoice.old()
    let repo = try await TempRepository()
    let hook = repo.hooksDirectory.appendingPathComponent("pre-commit")
    let original = Data("#!/bin/sh\nexit 0\n".utf8)
    try original.write(to: hook)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
    expectExit(0, try await repo.ledger(old, "install"))
    #expect(repo.bytes(hook) != original)
    expectExit(0, try await repo.ledger(new, "install"))
    #expect(repo.bytes(hook) == original, "the hook AgentLedger had kept is back")
    #expect(try hookFiles(repo) == ["pre-commit"])
    try await stageBobsFile(repo, new)
    let head = try await repo.revision()
    try await expectRefusedOnce(
      try await repo.commitAs(new, ["commit", "-m", "x"], session: "alice"), repo, head: head)
  }

  @Test("git 2.55: pre-commit from config still checks beside git (verdict in prepare-commit-msg)")
  func checkBesideGit() async throws {
    let (repo, new) = try await registeredRepository()
    // A hooks-folder prepare-commit-msg runs only when the pre-commit event passed: it shows
    // whether pre-commit returned before its verdict.
    let marker = repo.root.appendingPathComponent("pcm-ran")
    let hook = repo.hooksDirectory.appendingPathComponent("prepare-commit-msg")
    try Data("#!/bin/sh\necho ran >> '\(marker.path)'\n".utf8).write(to: hook)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: hook.path)
    try await stageBobsFile(repo, new)
    let head = try await repo.revision()
    try await expectRefusedOnce(
      try await repo.commitAs(new, ["commit", "-m", "x"], session: "alice"), repo, head: head)
    #expect(FileManager.default.fileExists(atPath: marker.path), "the check ran beside git")
    try FileManager.default.removeItem(at: marker)
    try await expectRefusedOnce(
      try await repo.commitAs(
        new, ["commit", "-m", "x"], session: "alice", environment: ["LEDGER_PRE_COMMIT": "wait"]),
      repo, head: head)
    #expect(!FileManager.default.fileExists(atPath: marker.path), "wait: pre-commit refused")
  }

  @Test("install --files with git 2.55 beside its registration: files for older gits, once each")
  func filesWithNewGit() async throws {
    let (repo, new) = try await registeredRepository()
    let old = try GitChoice.old()
    let installed = try await repo.ledger(new, "install", "--files")
    expectExit(0, installed)
    #expect(try hookFiles(repo) == Self.hooks.sorted(), "\(installed)")
    try await stageBobsFile(repo, new)
    let quiet = try await repo.ledger(old, "status", session: "alice")
    #expect(!quiet.stderr.contains("warning"), "the advice worked: \(quiet)")
    let head = try await repo.revision()
    for git in [new, old] {
      try await expectRefusedOnce(
        try await repo.commitAs(git, ["commit", "-m", "x"], session: "alice"), repo, head: head)
    }
    expectExit(0, try await repo.commitAs(new, ["commit", "-q", "-m", "x"], session: "bob"))
    try await expectStampedOnce(repo, session: "bob")
    expectExit(0, try await repo.ledger(new, "uninstall"))
    #expect(try hookFiles(repo).isEmpty)
    let left = try await repo.runner.run(
      ["config", "--get-regexp", "^hook\\."], in: repo.path, executable: new.git)
    #expect(left.stdout.isEmpty, "\(left)")
  }

  @Test("install --files is remembered: advice to run `ledger install` keeps the files")
  func filesRemembered() async throws {
    let new = try GitChoice.new()
    let old = try GitChoice.old()
    let repo = try await TempRepository()
    expectExit(0, try await repo.ledger(new, "install", "--files"))
    #expect(try hookFiles(repo) == Self.hooks.sorted())
    // A plain install (every piece of advice AgentLedger prints) repeats the choice: an older
    // git that commits here keeps being enforced.
    let again = try await repo.ledger(new, "install")
    expectExit(0, again)
    #expect(try hookFiles(repo) == Self.hooks.sorted(), "\(again)")
    try await stageBobsFile(repo, new)
    let head = try await repo.revision()
    try await expectRefusedOnce(
      try await repo.commitAs(old, ["commit", "-m", "x"], session: "alice"), repo, head: head)
    // Uninstall forgets it: the next plain install registers in config and writes no file.
    expectExit(0, try await repo.ledger(new, "uninstall"))
    let choice = try await repo.runner.run(
      ["config", "--get", "ledger.hookFiles"], in: repo.path, executable: new.git)
    #expect(choice.stdout.isEmpty, "\(choice)")
    expectExit(0, try await repo.ledger(new, "install"))
    #expect(try hookFiles(repo).isEmpty)
  }

  @Test("Claude's session-start: a registration is healthy; too old a git on PATH is named")
  func sessionStart() async throws {
    let (repo, new) = try await registeredRepository()
    let old = try GitChoice.old()
    let json = """
      {"session_id":"s9","cwd":"\(repo.path.path)","hook_event_name":"SessionStart","source":"startup"}
      """
    let healthy = try await repo.ledger(
      ["hook", "claude", "session-start"], environment: new.environment, stdin: json)
    expectExit(0, healthy)
    #expect(!healthy.stdout.contains("warning"), "\(healthy)")
    let warned = try await repo.ledger(
      ["hook", "claude", "session-start"], environment: old.environment, stdin: json)
    expectExit(0, warned)
    #expect(
      warned.stdout.contains("does not run them") && warned.stdout.contains("ledger install"),
      "\(warned)")
  }

  @Test("git 2.55 install leaves AgentLedger's files in a hooks folder other repositories share")
  func sharedFolderKept() async throws {
    let new = try GitChoice.new()
    let old = try GitChoice.old()
    let first = try await TempRepository()
    let second = try await TempRepository()
    let shared = first.root.appendingPathComponent("shared-hooks")
    try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
    for repo in [first, second] {
      try await repo.git(old, "config", "core.hooksPath", shared.path)
    }
    // AgentLedger's files in the shared folder, as an earlier version wrote them there (today
    // `ledger install` refuses a shared folder: SharedHooksFolderTests).
    let hookBinary = Executables.directory.appendingPathComponent("ledger-hook").path
    for hook in Self.hooks {
      let shim = try await first.runner.run(
        ["--shim", hook, hookBinary], in: first.path,
        executable: Executables.directory.appendingPathComponent("ledger-hook"))
      let url = shared.appendingPathComponent(hook)
      try Data(shim.stdout.utf8).write(to: url)
      try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
    }
    let shims = try hookFiles(first, folder: shared)
    #expect(shims == Self.hooks.sorted(), "the files are in the shared folder")
    let installed = try await second.ledger(new, "install")
    expectExit(0, installed)
    #expect(try hookFiles(first, folder: shared) == shims, "\(installed)")
    #expect(installed.stdout.contains("are left there"), "\(installed)")
    try await stageBobsFile(first, old)
    let head = try await first.revision()
    try await expectRefusedOnce(
      try await first.commitAs(old, ["commit", "-m", "x"], session: "alice"), first, head: head)
    try await stageBobsFile(second, new)
    let secondHead = try await second.revision()
    try await expectRefusedOnce(
      try await second.commitAs(new, ["commit", "-m", "x"], session: "alice"), second,
      head: secondHead)
  }
}
