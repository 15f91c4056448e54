import Foundation
import Testing

/// The audit log is reconciled with history: a commit reachable from a local branch or `HEAD`,
/// made since the ledger was created, that no hook recorded is reported by `ledger log` (a
/// warning on stderr), listed by `ledger log --unrecorded`, and a problem for `ledger doctor`
/// until `ledger doctor --repair` records it.
@Suite("reconciling the audit log with history")
struct ReconciliationTests {
  /// Commits `path` with `contents` by plumbing only (`commit-tree` + `update-ref`): no hook
  /// runs. Returns the new commit's id.
  private func plumbingCommit(
    _ repo: TempRepository, _ path: String, _ contents: String, message: String,
    branch: String = "HEAD"
  ) async throws -> String {
    try repo.write(path, contents)
    try await repo.git("add", path)
    let tree = try await repo.git("write-tree").stdout.trimmingCharacters(
      in: .whitespacesAndNewlines)
    let parent = try #require(try await repo.revision(branch))
    let commit = try await repo.runner.run(
      ["commit-tree", tree, "-p", parent], in: repo.path, stdin: message,
      executable: Executables.git
    ).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    try await repo.git("update-ref", branch == "HEAD" ? "HEAD" : "refs/heads/\(branch)", commit)
    return commit
  }

  /// `ledger log --unrecorded --json`, required to succeed.
  private func unrecorded(_ repo: TempRepository) async throws -> [LogEvent] {
    let result = try await repo.ledger("log", "--unrecorded", "--json")
    expectExit(0, result)
    return try LogEvent.parse(result.stdout)
  }

  @Test("a plumbing commit is reported by ledger log, --unrecorded and doctor until repaired")
  func plumbing() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    // A commit through the hooks is recorded, so never reported.
    try repo.write("a.txt", "hooked\n")
    try await repo.git("add", "a.txt")
    expectExit(0, try await repo.commit("-q", "-m", "hooked", session: "alice"))
    let hooked = try #require(try await repo.revision())
    #expect(try await unrecorded(repo).isEmpty)
    let clean = try await repo.ledger("log")
    expectExit(0, clean)
    #expect(!clean.stderr.contains("never recorded"), "\(clean)")

    let sha = try await plumbingCommit(repo, "b.txt", "plumbed\n", message: "plumbed\n")
    let log = try await repo.ledger("log")
    expectExit(0, log)
    #expect(log.stderr.contains("1 commit in history was never recorded"), "\(log)")
    #expect(log.stderr.contains(sha), "\(log)")
    #expect(!log.stderr.contains(hooked), "\(log)")
    let json = try await repo.ledger("log", "--json")
    #expect(json.stderr.contains(sha), "the warning goes to stderr with --json too\n\(json)")
    #expect(!json.stdout.contains(sha), "stdout stays the log's own events\n\(json)")

    let listed = try await unrecorded(repo)
    #expect(listed.map(\.event) == ["unrecorded"])
    #expect(listed.map { $0["commit"] } == [sha])
    #expect(listed.first?["subject"] == "plumbed")
    #expect(listed.first?.session == nil, "no Agent-Session trailer: unscoped")
    #expect(listed.first?.paths == ["b.txt"])
    let text = try await repo.ledger("log", "--unrecorded")
    expectExit(0, text)
    #expect(text.lines == [text.lines.first ?? ""] && text.stdout.contains(sha), "\(text)")

    let doctor = try await repo.ledger("doctor")
    expectExit(1, doctor)
    #expect(doctor.stdout.contains(String(sha.prefix(12))), "\(doctor)")
    #expect(doctor.stdout.contains("never recorded"), "\(doctor)")

    // --repair records it in the log, marked as found late; then all is well again.
    let repair = try await repo.ledger("doctor", "--repair")
    #expect(repair.stdout.contains("recorded 1 commit"), "\(repair)")
    let late = try await repo.log().filter { $0["commit"] == sha }
    #expect(late.map(\.event) == ["commit"], "\(late)")
    #expect(late.first?.flag("unrecorded") == true)
    #expect(try await unrecorded(repo).isEmpty)
    let after = try await repo.ledger("log")
    #expect(!after.stderr.contains("never recorded"), "\(after)")
    expectExit(0, try await repo.ledger("doctor"))
  }

  @Test("git -c core.hooksPath=/dev/null commit is reported, with its Agent-Session trailer")
  func hooksPathOverride() async throws {
    // Hook files: a config-based registration (git ≥ 2.54) runs despite core.hooksPath.
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    try await repo.installHooks(["--files"])
    try repo.write("a.txt", "no hooks\n")
    try await repo.git("add", "a.txt")
    expectExit(
      0,
      try await repo.commitAs(
        ["-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", "quiet\n\nAgent-Session: alice"],
        session: "alice"))
    let sha = try #require(try await repo.revision())
    #expect(try await repo.log().allSatisfy { $0["commit"] != sha }, "no hook ran")
    let listed = try await unrecorded(repo)
    #expect(listed.map { $0["commit"] } == [sha])
    #expect(listed.first?.session == "alice", "\(listed)")
    let log = try await repo.ledger("log")
    #expect(log.stderr.contains(sha) && log.stderr.contains("alice"), "\(log)")
    // --session and --since select among them as among events.
    let other = try await repo.ledger("log", "--unrecorded", "--json", "--session", "bob")
    #expect(other.stdout.isEmpty, "\(other)")
  }

  @Test("a commit carrying another session's claimed path is marked as a bypass")
  func bypass() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    let sha = try await plumbingCommit(
      repo, "b.txt", "swept\n", message: "sweep\n\nAgent-Session: alice\n")
    let listed = try await unrecorded(repo)
    #expect(listed.map { $0["commit"] } == [sha])
    let bypass = listed.first?.json["bypass"]?.arrayValue ?? []
    #expect(bypass.count == 1, "\(listed)")
    #expect(bypass.first?["path"]?.stringValue == "b.txt")
    #expect(bypass.first?["session"]?.stringValue == "bob")
    let text = try await repo.ledger("log", "--unrecorded")
    #expect(text.stdout.contains("bypass") && text.stdout.contains("bob"), "\(text)")
    let log = try await repo.ledger("log")
    #expect(log.stderr.contains("another session's claimed paths"), "\(log)")
    // Recorded by --repair as a commit and a bypass.
    _ = try await repo.ledger("doctor", "--repair")
    let late = try await repo.log().filter { $0["commit"] == sha }
    #expect(late.map(\.event) == ["commit", "bypass"], "\(late)")
    #expect(late.allSatisfy { $0.session == "alice" })
  }

  @Test("commits made before the ledger existed are never reported, on any branch")
  func historyBeforeTheLedger() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    for round in 1...3 {
      try repo.write("a.txt", "round \(round)\n")
      try await repo.git("commit", "-q", "-am", "old \(round)")
    }
    try await repo.git("branch", "old-side")
    try await repo.git("checkout", "-q", "old-side")
    try repo.write("side.txt", "side\n")
    try await repo.git("add", "side.txt")
    try await repo.git("commit", "-q", "-m", "old side")
    try await repo.git("tag", "-a", "-m", "tagged", "v1")
    try await repo.git("checkout", "-q", "-b", "parked")
    try repo.write("parked.txt", "parked\n")
    try await repo.git("add", "parked.txt")
    try await repo.git("commit", "-q", "-m", "old parked")
    try await repo.git("checkout", "-q", "main")
    try await repo.installHooks()
    #expect(try await unrecorded(repo).isEmpty)
    // Bringing old work onto main later (a fast-forward, a merge of old branches) still
    // reports nothing old: only the merge commit is new, and the hooks record it.
    try await repo.git("merge", "-q", "--ff-only", "parked")
    let log = try await repo.ledger("log")
    expectExit(0, log)
    #expect(!log.stderr.contains("never recorded"), "\(log)")
    #expect(try await unrecorded(repo).isEmpty)
    expectExit(0, try await repo.ledger("doctor"))
  }

  @Test("a ledger created by a first claim counts from there; commits after it are reported")
  func createdByClaim() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    try repo.write("a.txt", "old\n")
    try await repo.git("commit", "-q", "-am", "old")
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    #expect(try await unrecorded(repo).isEmpty)
    // No hooks are installed: a commit now is one the log never sees.
    try repo.write("b.txt", "b\n")
    try await repo.git("add", "b.txt")
    try await repo.git("commit", "-q", "-m", "unhooked")
    let sha = try #require(try await repo.revision())
    #expect(try await unrecorded(repo).map { $0["commit"] } == [sha])
  }

  @Test("a ledger without created.json (an older version's) counts from its first event")
  func olderLedger() async throws {
    let repo = try await TempRepository(files: [:])
    try repo.write("a.txt", "old\n")
    try await repo.git("add", "a.txt")
    let old = try await repo.commitAs(
      ["commit", "-q", "-m", "old"],
      environment: ["GIT_COMMITTER_DATE": "2020-01-01T00:00:00Z"])
    expectExit(0, old)
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "alice"))
    try FileManager.default.removeItem(
      at: repo.ledgerDirectory.appendingPathComponent("created.json"))
    #expect(try await unrecorded(repo).isEmpty)
    try repo.write("b.txt", "b\n")
    try await repo.git("add", "b.txt")
    try await repo.git("commit", "-q", "-m", "unhooked")
    let sha = try #require(try await repo.revision())
    #expect(try await unrecorded(repo).map { $0["commit"] } == [sha])
    // Installing the hooks later does not move the start of an existing ledger.
    try await repo.installHooks()
    #expect(!repo.exists(repo.ledgerDirectory.appendingPathComponent("created.json")))
    #expect(try await unrecorded(repo).map { $0["commit"] } == [sha])
  }

  @Test("a commit on a branch deleted afterwards, or amended away, is not reported")
  func unreachable() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    try await repo.git("branch", "scratch")
    let sha = try await plumbingCommit(
      repo, "s.txt", "s\n", message: "scratch\n", branch: "scratch")
    try await repo.git("reset", "-q", "--hard")
    #expect(try await unrecorded(repo).map { $0["commit"] } == [sha], "reachable from scratch")
    try await repo.git("branch", "-D", "scratch")
    #expect(try await unrecorded(repo).isEmpty)

    // A plumbing commit amended through the hooks: the new commit is recorded, the old one is
    // unreachable.
    _ = try await plumbingCommit(repo, "a.txt", "plumbed\n", message: "plumbed\n")
    try await repo.git("reset", "-q", "--hard")
    #expect(try await unrecorded(repo).count == 1)
    expectExit(0, try await repo.commit("-q", "--amend", "-m", "amended", session: "alice"))
    #expect(try await unrecorded(repo).isEmpty)
  }

  @Test("commits reached only through a remote-tracking branch are not this checkout's")
  func remoteCommits() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    let upstream = repo.root.appendingPathComponent("upstream")
    try await repo.git("clone", "-q", repo.path.path, upstream.path)
    try Data("upstream\n".utf8).write(to: upstream.appendingPathComponent("u.txt"))
    try await repo.git("add", "u.txt", in: upstream)
    try await repo.git(
      "-c", "user.name=U", "-c", "user.email=u@example.invalid", "commit", "-q", "-m", "upstream",
      in: upstream)
    try await repo.git("remote", "add", "up", upstream.path)
    try await repo.git("fetch", "-q", "up")
    try await repo.git("merge", "-q", "--ff-only", "up/main")
    #expect(try await unrecorded(repo).isEmpty)
  }

  @Test(
    "a full disk (a small tmpfs on the ledger folder): the lost commit is still reported",
    .enabled(if: Reliability.canMount, "needs root and mount namespaces (unshare -m)"))
  func fullDisk() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    let out = repo.root.appendingPathComponent("out")
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    // The log is padded to a whole page, so appending needs a page the full tmpfs lacks.
    let script = """
      set -u
      L="$REPO/.git/ledger"; O="$OUT"
      size=$(wc -c < "$L/log.jsonl")
      need=$(( 4096 - size % 4096 )); [ $need -lt 200 ] && need=$((need + 4096))
      prefix='{"time":"2026-01-01T00:00:00Z","event":"release","session":"pad","spec":"pad","note":"'
      n=$(( need - ${#prefix} - 3 ))
      { printf '%s' "$prefix"; head -c $n /dev/zero | tr '\\0' x; printf '"}\\n'; } >> "$L/log.jsonl"
      saved=$(mktemp -d)
      cp -a "$L/." "$saved/"
      mount -t tmpfs -o size=64k tmpfs "$L" || exit 97
      cp -a "$saved/." "$L/"
      dd if=/dev/zero of="$L/filler" bs=1k count=1000 2>/dev/null
      echo changed > "$REPO/a.txt"
      "$GIT_BIN" add a.txt
      LEDGER_SESSION=alice "$GIT_BIN" commit -q -m full >"$O/commit.out" 2>"$O/commit.err"
      echo $? >"$O/commit.rc"
      "$GIT_BIN" rev-parse HEAD >"$O/head"
      "$LEDGER" log >"$O/log.out" 2>"$O/log.err"
      echo $? >"$O/log.rc"
      "$LEDGER" log --unrecorded --json >"$O/unrecorded.out" 2>"$O/unrecorded.err"
      if [ -e "$L/unrecorded.txt" ]; then wc -c < "$L/unrecorded.txt" >"$O/note.size"; fi
      """
    let result = try await repo.runner.run(
      ["-m", "/bin/sh", "-c", script], in: repo.path,
      environment: [
        "LEDGER": Executables.ledger.path, "GIT_BIN": Executables.git.path,
        "REPO": repo.path.path, "OUT": out.path, "LEDGER_SESSION": nil,
      ], executable: URL(fileURLWithPath: "/usr/bin/unshare"))
    expectExit(0, result)
    func read(_ name: String) -> String {
      ((try? String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)) ?? "")
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }
    #expect(read("commit.rc") == "0", "git commit itself succeeds: \(read("commit.err"))")
    let head = read("head")
    #expect(head.count == 40)
    #expect(read("log.rc") == "0")
    #expect(
      read("log.err").contains("never recorded") && read("log.err").contains(head),
      "\(read("log.err"))")
    let listed = try LogEvent.parse(read("unrecorded.out"))
    #expect(listed.map { $0["commit"] } == [head], "\(read("unrecorded.out"))")
    #expect(listed.first?.session == "alice")
    // unrecorded.txt, if written at all, says something: never an empty file.
    #expect(read("note.size") != "0", "an empty unrecorded.txt was left behind")
  }
}
