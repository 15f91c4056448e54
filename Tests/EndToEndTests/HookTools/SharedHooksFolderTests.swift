import Foundation
import Testing

/// A `core.hooksPath` shared with other repositories (global, or a folder outside the work
/// tree) is never written: `ledger install` refuses, and with `--force` gives the repository
/// a folder of its own whose hooks run every hook of the shared folder — a company pre-push
/// policy keeps refusing pushes, hooks added to the shared folder later run too — and
/// `ledger uninstall` touches no other repository.
@Suite("shared hooks folders (core.hooksPath)")
struct SharedHooksFolderTests {
  /// A company hooks folder whose pre-push refuses every push.
  private func companyFolder(_ repo: TempRepository, name: String = "company-hooks") throws
    -> URL
  {
    let folder = repo.root.appendingPathComponent(name)
    try repo.writeHook(
      "pre-push", "echo 'company policy: pushes are reviewed first' >&2\nexit 1", in: folder)
    return folder
  }

  private func bareRemote(_ repo: TempRepository) async throws {
    let remote = repo.root.appendingPathComponent("remote.git")
    try await repo.git("init", "-q", "--bare", remote.path)
    try await repo.git("remote", "add", "origin", remote.path)
  }

  private func contents(_ folder: URL) throws -> [String: Data] {
    var result: [String: Data] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
      result[name] = FileManager.default.contents(
        atPath: folder.appendingPathComponent(name).path)
    }
    return result
  }

  @Test(
    "a global core.hooksPath: refused, then --force keeps every shared hook running (a push the company refuses stays refused), and uninstall restores it"
  )
  func globalFolder() async throws {
    let repo = try await TempRepository()
    let shared = try companyFolder(repo)
    try await bareRemote(repo)
    try await repo.git("config", "--global", "core.hooksPath", shared.path)
    let before = try contents(shared)

    let refused = try await repo.ledger("install", "--files")
    expectError(3, refused, mentioning: ["core.hooksPath", "global", shared.path, "--force"])
    let forced = try await repo.ledger("install", "--force", "--files")
    expectExit(0, forced)
    #expect(try contents(shared) == before, "the shared folder is never written")

    let push = try await repo.runner.run(
      ["push", "origin", "HEAD:main"], in: repo.path, executable: Executables.git)
    #expect(push.exited(1), "the company's pre-push still refuses\n\(push)")
    #expect(push.stderr.contains("company policy"), "\(push)")

    // A hook the company adds to the shared folder later runs as well.
    let checkedOut = repo.root.appendingPathComponent("post-checkout-ran")
    try repo.writeHook("post-checkout", "touch '\(checkedOut.path)'", in: shared)
    let committed = repo.root.appendingPathComponent("post-commit-ran")
    try repo.writeHook("post-commit", "touch '\(committed.path)'", in: shared)
    try await repo.git("checkout", "-q", "-b", "topic")
    #expect(repo.exists(checkedOut), "a post-checkout added later to the shared folder runs")

    try await repo.expectToolOrderHolds()
    #expect(repo.exists(committed), "a post-commit added later to the shared folder runs")

    let before2 = try contents(shared)
    expectExit(0, try await repo.ledger("uninstall"))
    #expect(try contents(shared) == before2)
    let local = try await repo.runner.run(
      ["config", "--local", "core.hooksPath"], in: repo.path, executable: Executables.git)
    #expect(local.exited(1), "uninstall removes the local core.hooksPath it set\n\(local)")
    #expect(!repo.exists(repo.path.appendingPathComponent(".git/ledger-hooks")))
    let again = try await repo.runner.run(
      ["push", "origin", "HEAD:main"], in: repo.path, executable: Executables.git)
    #expect(again.exited(1) && again.stderr.contains("company policy"), "\(again)")
  }

  @Test(
    "a local core.hooksPath outside the work tree, shared by two repositories: refused, --force changes only this one, and its uninstall leaves the other enforcing"
  )
  func folderOutsideTheWorkTree() async throws {
    let first = try await TempRepository()
    let second = try await TempRepository()
    let shared = try companyFolder(first)
    for repo in [first, second] {
      try await repo.git("config", "core.hooksPath", shared.path)
    }
    let before = try contents(shared)

    let refused = try await first.ledger("install", "--files")
    expectError(3, refused, mentioning: [shared.path, "outside", "--force"])
    #expect(try contents(shared) == before)

    expectExit(0, try await first.ledger("install", "--force", "--files"))
    #expect(try contents(shared) == before, "the shared folder is never written")
    // The other repository is not wired by this install: no trailer there.
    try second.write("x.txt", "x\n")
    try await second.git("add", "x.txt")
    expectExit(0, try await second.commit("-q", "-m", "x", session: "carol"))
    #expect(try await second.trailerValues("Agent-Session").isEmpty)

    expectExit(0, try await second.ledger("install", "--force", "--files"))
    try await first.expectToolOrderHolds()
    try await second.expectToolOrderHolds()

    expectExit(0, try await first.ledger("uninstall"))
    #expect(
      try await first.git("config", "--local", "core.hooksPath").stdout == shared.path + "\n",
      "uninstall restores the shared folder")
    try await second.expectToolOrderHolds()
    #expect(try contents(shared) == before)
  }
}
