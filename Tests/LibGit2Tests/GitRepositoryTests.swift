import Foundation
import LibGit2
import Testing

/// The libgit2 wrapper against an independent oracle: the git binary, run on the same real
/// temporary repositories.
@Suite("GitRepository (libgit2) agrees with git")
struct GitRepositoryTests {
  init() { LibGit2.initialize() }

  /// A scratch folder with a fresh repository in `repo/`.
  final class Scratch {
    let root: URL
    var repo: URL { root.appendingPathComponent("repo") }

    init() throws {
      root = FileManager.default.temporaryDirectory
        .appendingPathComponent("libgit2-tests-\(UUID().uuidString)")
      try FileManager.default.createDirectory(at: repo, withIntermediateDirectories: true)
      try git("init", "-q", "-b", "main")
      try git("config", "user.name", "T")
      try git("config", "user.email", "t@example.invalid")
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Runs git in `directory` (default the repository) and returns its standard output;
    /// throws when git fails.
    @discardableResult
    func git(_ arguments: String..., in directory: URL? = nil, environment: [String: String] = [:])
      throws -> String
    {
      try run(arguments, in: directory, environment: environment)
    }

    func run(_ arguments: [String], in directory: URL?, environment: [String: String] = [:])
      throws -> String
    {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["git"] + arguments
      process.currentDirectoryURL = directory ?? repo
      process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
      let pipe = Pipe()
      process.standardOutput = pipe
      try process.run()
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      process.waitUntilExit()
      guard process.terminationStatus == 0 else {
        throw CocoaError(.executableLoad, userInfo: ["git": arguments])
      }
      return String(decoding: data, as: UTF8.self)
    }

    func write(_ path: String, _ text: String) throws {
      let url = repo.appendingPathComponent(path)
      try FileManager.default.createDirectory(
        at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
      try Data(text.utf8).write(to: url)
    }

    /// git's own answer as an absolute folder path ending in "/" (libgit2's form).
    func folder(_ arguments: String..., in directory: URL? = nil) throws -> String {
      let path = try run(["rev-parse", "--path-format=absolute"] + arguments, in: directory)
      return path.trimmingCharacters(in: .whitespacesAndNewlines) + "/"
    }
  }

  private func lines(_ text: String) -> [String] {
    text.split(separator: "\n").map(String.init).sorted()
  }

  @Test("the layout: git dir, common dir, work tree, unborn HEAD, as git reports them")
  func layout() throws {
    let scratch = try Scratch()
    let sub = scratch.repo.appendingPathComponent("deep/er")
    try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
    let opened = try GitRepository(directory: sub.path, environment: [:])
    #expect(opened.gitDirectory == (try scratch.folder("--git-dir")))
    #expect(opened.commonDirectory == (try scratch.folder("--git-common-dir")))
    #expect(opened.workTree == (try scratch.folder("--show-toplevel")))
    #expect(!opened.isLinkedWorktree)
    #expect(opened.isHeadUnborn)
    try scratch.write("a.txt", "a\n")
    try scratch.git("add", "a.txt")
    try scratch.git("commit", "-q", "-m", "first")
    #expect(!(try GitRepository(directory: sub.path, environment: [:])).isHeadUnborn)
  }

  @Test("a linked worktree: its own git dir, the main repository's common dir")
  func linkedWorktree() throws {
    let scratch = try Scratch()
    try scratch.write("a.txt", "a\n")
    try scratch.git("add", "a.txt")
    try scratch.git("commit", "-q", "-m", "first")
    let linked = scratch.root.appendingPathComponent("linked")
    try scratch.git("worktree", "add", "-q", linked.path)
    let opened = try GitRepository(directory: linked.path, environment: [:])
    #expect(opened.isLinkedWorktree)
    #expect(opened.gitDirectory == (try scratch.folder("--git-dir", in: linked)))
    #expect(opened.commonDirectory == (try scratch.folder("--git-common-dir")))
    #expect(opened.gitDirectory != opened.commonDirectory)
  }

  @Test("GIT_DIR, GIT_WORK_TREE and GIT_INDEX_FILE are honoured as git honours them")
  func environment() throws {
    let scratch = try Scratch()
    try scratch.write("a.txt", "a\n")
    try scratch.write("b.txt", "b\n")
    try scratch.git("add", "a.txt", "b.txt")
    let elsewhere = scratch.root
    let dotGit = scratch.repo.appendingPathComponent(".git").path
    let opened = try GitRepository(
      directory: elsewhere.path,
      environment: ["GIT_DIR": dotGit, "GIT_WORK_TREE": scratch.repo.path])
    #expect(opened.workTree == scratch.repo.path + "/")
    #expect(try opened.indexEntryCount() == 2)
    // Another index file, as `git commit FILE` uses: only what is in it.
    let other = scratch.root.appendingPathComponent("other-index").path
    try scratch.git("add", "a.txt", environment: ["GIT_INDEX_FILE": other])
    let withIndex = try GitRepository(
      directory: scratch.repo.path, environment: ["GIT_INDEX_FILE": other])
    #expect(try withIndex.indexEntryCount() == 1)
    #expect(try withIndex.stagedPaths() == ["a.txt"])
  }

  @Test("configString reads what git config --get reads; a missing key is nil")
  func config() throws {
    let scratch = try Scratch()
    try scratch.git("config", "ledger.unscoped", "warn")
    let opened = try GitRepository(directory: scratch.repo.path, environment: [:])
    #expect(try opened.configString("ledger.unscoped") == "warn")
    #expect(try opened.configString("user.email") == "t@example.invalid")
    #expect(try opened.configString("ledger.nothing-here") == nil)
  }

  @Test("stagedPaths equals git diff --cached --name-only --no-renames, intent-to-add excluded")
  func stagedPaths() throws {
    let scratch = try Scratch()
    // On an unborn branch everything staged is new.
    try scratch.write("keep.txt", "k\n")
    try scratch.write("gone.txt", "g\n")
    try scratch.write("move-me.txt", "m\n")
    try scratch.write("edit.txt", "e\n")
    try scratch.git("add", ".")
    let unborn = try GitRepository(directory: scratch.repo.path, environment: [:])
    #expect(
      try unborn.stagedPaths().sorted()
        == lines(try scratch.git("diff", "--cached", "--name-only", "--no-renames")))
    try scratch.git("commit", "-q", "-m", "first")
    // Every kind of change, plus an intent-to-add entry git does not list.
    try scratch.write("edit.txt", "edited\n")
    try scratch.write("dir with space/new.txt", "n\n")
    try scratch.write("later.txt", "l\n")
    try scratch.git("add", "edit.txt", "dir with space/new.txt")
    try scratch.git("rm", "-q", "gone.txt")
    try scratch.git("mv", "move-me.txt", "moved.txt")
    try scratch.git("add", "-N", "later.txt")
    let oracle = lines(try scratch.git("diff", "--cached", "--name-only", "--no-renames"))
    let opened = try GitRepository(directory: scratch.repo.path, environment: [:])
    #expect(try opened.stagedPaths().sorted() == oracle)
    #expect(oracle.contains("moved.txt") && oracle.contains("move-me.txt"))
    #expect(!oracle.contains("later.txt"))
    #expect(try opened.indexEntryCount() == lines(try scratch.git("ls-files")).count)
  }

  @Test("outside any repository: a not-found error, no crash")
  func notARepository() throws {
    let scratch = try Scratch()
    let outside = scratch.root.appendingPathComponent("plain")
    try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
    do {
      _ = try GitRepository(
        directory: outside.path, environment: ["GIT_CEILING_DIRECTORIES": scratch.root.path])
      Issue.record("opened a repository where there is none")
    } catch {
      #expect(error.isNotFound, "\(error)")
      #expect(!error.message.isEmpty)
    }
  }
}
