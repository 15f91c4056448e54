import Foundation
import Testing

/// Hostile and unusual input. PathTests, SessionTests, ClaudeHookTests and the hook suites
/// already cover `..`, absolute and symlinked paths outside the work tree, `.git`, newlines,
/// paths over 4096 bytes, 1,000 specs, the basic invalid session ids, a few malformed Claude
/// payloads, LEDGER_OVERRIDE with a newline and a repository path with a space and a quote;
/// this suite adds what they do not.
@Suite("Reliability: bad input")
struct BadInputTests {
  // MARK: Paths

  @Test("shell metacharacters in file names: claimed exactly, enforced, never executed")
  func shellMetacharacters() async throws {
    let names = [
      "$(touch PWNED).txt", "`touch PWNED2`.txt", "it's \"double\" 'single'.txt",
      "semi;colon|pipe&amp>redirect.txt", "dollar $HOME.txt",
      "percent %s %n.txt", "{brace,expansion}.txt", "~tilde.txt", "star*literal.txt",
    ]
    let repo = try await hookedRepository(
      files: Dictionary(uniqueKeysWithValues: names.map { ($0, "x\n") }))
    expectExit(0, try await repo.ledger(["claim", "--"] + names, session: "bob"))
    #expect(Set(try await repo.claims().map(\.spec)) == Set(names))
    #expect(try await repo.who(names).allSatisfy { $0.session == "bob" })
    for name in names { try repo.write(name, "changed\n") }
    try await repo.git("add", "-A")
    let head = try await repo.revision()
    let swept = try await repo.commit("-m", "sweep", session: "alice")
    try await expectBlocked(swept, headBefore: head, repo: repo)
    expectExit(0, try await repo.commit("-q", "-m", "bob's", session: "bob"))
    // -z: git quotes names with quotes in its line output. (Backslashes are refused in specs,
    // exit 2: PathTests.)
    let changed = try await repo.git(
      "diff-tree", "-z", "--no-commit-id", "--name-only", "-r", "HEAD"
    ).stdout.split(separator: "\0").map(String.init)
    #expect(Set(changed) == Set(names))
    #expect(try await repo.trailerValues() == ["bob"])
    let logged = try await repo.log().filter { $0.event == "commit" }.last?.paths ?? []
    #expect(Set(logged) == Set(names))
    #expect(!repo.exists(repo.url("PWNED")) && !repo.exists(repo.url("PWNED2")))
    expectExit(0, try await repo.ledger(["release", "--"] + names, session: "bob"))
    #expect(try await repo.claims().isEmpty)
  }

  /// Regression (was a bug, docs/RELIABILITY.md): an argument that is not UTF-8 is decoded with U+FFFD replacement characters
  /// and claimed under that other name (ProcessEnvironment.arguments promises a refusal).
  @Test("a path argument that is not UTF-8 is refused with exit 2, not claimed under another name")
  func nonUTF8Argument() async throws {
    let repo = try await TempRepository()
    let latin1 = String(decoding: [0x63, 0x61, 0x66, 0xE9, 0x2E, 0x74, 0x78, 0x74], as: UTF8.self)
    // The runner passes Strings; /bin/sh with printf builds the raw bytes.
    let result = try await repo.shell(
      "exec \"$LEDGER\" claim \"$(printf 'caf\\351.txt')\"",
      environment: ["LEDGER_SESSION": "alice"])
    expectError(2, result)
    #expect(!(try await repo.claims().map(\.spec)).contains(latin1), "claimed as \(latin1)")
  }

  @Test("a file whose name is not UTF-8, claimed by bob, still blocks alice's commit (fail closed)")
  func nonUTF8FileBlocks() async throws {
    let repo = try await hookedRepository()
    let setup = try await repo.shell(
      """
      name=$(printf 'caf\\351.txt')
      echo x >"$name"
      LEDGER_SESSION=bob "$LEDGER" claim "$name" || true
      "$GIT_BIN" add -- "$name"
      """)
    expectExit(0, setup)
    let held = try await repo.claims()
    // Whatever bob's claim was recorded as (if anything), alice may not sweep his file in
    // unless nothing was recorded at all.
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "sweep", session: "alice")
    if held.isEmpty {
      expectExit(0, result)
    } else {
      try await expectBlocked(result, headBefore: head, repo: repo)
    }
  }

  @Test("paths of exactly 4096 bytes are handled; one more byte is refused")
  func pathAtTheLimit() async throws {
    let repo = try await TempRepository()
    let flat = String(repeating: "x", count: 4096)
    let deep = String(repeating: "d/", count: 2047) + "ab"
    #expect(flat.utf8.count == 4096 && deep.utf8.count == 4096)
    for path in [flat, deep] {
      let claimed = try await repo.ledger("claim", path, session: "alice")
      #expect(claimed.exited(0) || claimed.exited(2), "\(claimed)")
      #expect(!claimed.stderr.contains("Fatal error"))
      if claimed.exited(0) {
        expectError(1, try await repo.ledger("claim", path, session: "bob"))
        #expect(try await repo.who([path]).first?.session == "alice")
      }
    }
    expectError(2, try await repo.ledger("claim", flat + "y", session: "alice"))
    expectError(2, try await repo.ledger("claim", deep + "c", session: "alice"))
  }

  @Test("10,000 specs in one call: all claimed, conflicts found, released in one call")
  func tenThousandSpecs() async throws {
    let repo = try await TempRepository()
    let specs = (0..<10_000).map { "bulk/d\($0 % 100)/f\($0).txt" }
    let claimed = try await repo.ledger(["claim"] + specs, session: "alice")
    expectExit(0, claimed)
    let status = try await repo.ledger("status")
    expectExit(0, status)
    #expect(status.stdout.contains("10000 claims"), "\(status.stdout.prefix(300))")
    let who = try await repo.who(["bulk/d7/f9907.txt", "bulk/d7/none.txt"])
    #expect(who.map(\.session) == ["alice", nil])
    let refused = try await repo.ledger(
      ["claim"] + (0..<10_000).map { "other/f\($0).txt" } + ["bulk/d42/f4242.txt"],
      session: "bob")
    expectError(1, refused, mentioning: ["bulk/d42/f4242.txt"])
    expectExit(0, try await repo.ledger("release", "--all", session: "alice"))
    let ended = try await repo.claims()
    #expect(ended.isEmpty)
    Reliability.record(
      "bad-input.10000-specs",
      ["claimSeconds": claimed.elapsed, "statusSeconds": status.elapsed, "lost": 0])
  }

  /// Regression (was a bug, docs/RELIABILITY.md): JSONWriter.appendEscaped appends through `String.unicodeScalars`, which copies
  /// the whole output each time, so `--json` output is quadratic in its size.
  @Test("status --json of 10,000 claims takes about as long as the text status")
  func statusJSONScales() async throws {
    let repo = try await TempRepository()
    let specs = (0..<10_000).map { "bulk/d\($0 % 100)/f\($0).txt" }
    expectExit(0, try await repo.ledger(["claim"] + specs, session: "alice"))
    let text = try await repo.ledger("status")
    let json = try await repo.ledger("status", "--json")
    expectExit(0, json)
    #expect(try StatusClaim.parse(json.stdout).count == 10_000)
    #expect(
      json.elapsed < max(5, text.elapsed * 4),
      "status --json took \(json.elapsed)s, the text status \(text.elapsed)s")
    Reliability.record(
      "bad-input.status-json-10000",
      ["textSeconds": text.elapsed, "jsonSeconds": json.elapsed])
  }

  @Test("a nested repository's .git and a symbolic link to .git are refused like .git")
  func gitInternalsVariants() async throws {
    let repo = try await TempRepository()
    try repo.makeDirectory("vendor/lib/.git")
    try FileManager.default.createSymbolicLink(
      at: repo.url("gitlink"), withDestinationURL: repo.path.appendingPathComponent(".git"))
    for path in ["vendor/lib/.git/config", "vendor/lib/.git/", "gitlink/config", "gitlink/hooks/"] {
      expectError(2, try await repo.ledger("claim", path, session: "alice"), mentioning: [path])
      expectError(2, try await repo.ledger("who", path))
    }
    #expect(try await repo.claims().isEmpty)
  }

  // MARK: Spellings of one name

  @Test("core.ignorecase=true: a.txt and A.txt, dir/ and DIR/, are one path to the hooks too")
  func ignoreCaseAtCommit() async throws {
    let repo = try await hookedRepository(files: ["README.md": "r\n"])
    try await repo.git("config", "core.ignorecase", "true")
    expectExit(0, try await repo.ledger("claim", "A.txt", "Docs/", session: "bob"))
    expectError(1, try await repo.ledger("claim", "a.TXT", session: "alice"))
    #expect(try await repo.who(["a.txt", "docs/x.md"]).map(\.session) == ["bob", "bob"])
    for path in ["a.txt", "docs/x.md"] {
      try repo.write(path, "alice\n")
      try await repo.git("add", path)
      let head = try await repo.revision()
      let result = try await repo.commit("-m", "sweep", session: "alice")
      try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["bob"])
      try await repo.git("rm", "-q", "--cached", path)
    }
  }

  @Test(
    "NFC and NFD spellings of one name conflict, and block each other's commits",
    arguments: [("caf\u{E9}.txt", "cafe\u{301}.txt"), ("cafe\u{301}.txt", "caf\u{E9}.txt")])
  func unicodeNormalisation(held: String, other: String) async throws {
    #expect(Array(held.utf8) != Array(other.utf8))
    let repo = try await hookedRepository(files: ["README.md": "r\n"])
    expectExit(0, try await repo.ledger("claim", held, session: "bob"))
    expectError(1, try await repo.ledger("claim", other, session: "alice"))
    #expect(try await repo.who([other]).first?.session == "bob")
    try repo.write(other, "alice\n")
    try await repo.git("add", "-A")
    let head = try await repo.revision()
    let result = try await repo.commit("-m", "sweep", session: "alice")
    try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["bob"])
    // A directory in one spelling covers files under the other.
    let dirs = try await hookedRepository(files: ["README.md": "r\n"])
    expectExit(
      0,
      try await dirs.ledger(
        "claim", held.replacingOccurrences(of: ".txt", with: "/"), session: "bob"))
    expectError(
      1,
      try await dirs.ledger(
        "claim", other.replacingOccurrences(of: ".txt", with: "/f"), session: "alice"))
  }

  // MARK: Session ids

  @Test(
    "session ids with control characters, unicode or 129 characters are refused everywhere",
    arguments: [
      "carriage\rreturn", "esc\u{1B}[31mred", "del\u{7F}", "line\u{2028}separator",
      "\u{E5}lice", "fullwidth\u{FF41}", "rtl\u{202E}evil", "e\u{301}", "zero\u{200B}width",
      String(repeating: "z", count: 129), "trailing-newline\n", " leading-space",
    ])
  func invalidSessionIDs(_ id: String) async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    for variable in ["LEDGER_SESSION", "CLAUDE_CODE_SESSION_ID", "CODEX_THREAD_ID"] {
      let claim = try await repo.ledger("claim", "a.txt", environment: [variable: id])
      expectError(2, claim, mentioning: ["session"])
    }
    expectError(2, try await repo.ledger("claim", "--session", id, "a.txt"))
    #expect(!repo.exists(repo.claimsFile))
    // Through the hooks: refused, never stamped.
    try repo.write("a.txt", "changed\n")
    try await repo.git("add", "a.txt")
    let head = try await repo.revision()
    for variable in ["LEDGER_SESSION", "CLAUDE_CODE_SESSION_ID", "CODEX_THREAD_ID"] {
      let result = try await repo.commit("-m", "x", environment: [variable: id])
      try await expectBlocked(result, headBefore: head, repo: repo, mentioning: ["session"])
    }
  }

  @Test(
    "valid ids that look like trailers are stamped as one trailer with exactly that value",
    arguments: ["Agent-Session:mallory", "Signed-off-by:x@y", "a:b:c", "x@y+z-1.2_3"])
  func trailerLookalikeIDs(_ id: String) async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: id))
    try repo.write("a.txt", "changed\n")
    try await repo.git("add", "a.txt")
    expectExit(0, try await repo.commit("-q", "-m", "work", session: id))
    #expect(try await repo.trailerValues() == [id])
    let all = try await repo.trailers()
    #expect(all.count == 1, "\(all)")
    #expect(try await repo.subject() == "work")
  }

  // MARK: LEDGER_OVERRIDE and commit messages

  @Test(
    "LEDGER_OVERRIDE with a carriage return or other control character injects nothing",
    arguments: ["ok\rAgent-Session: mallory", "ok\u{1B}]0;title\u{7}", "ok\u{0B}Agent-Session: m"])
  func overrideControlCharacters(_ reason: String) async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    expectExit(0, try await repo.ledger("claim", "b.txt", session: "bob"))
    try repo.write("b.txt", "swept\n")
    try await repo.git("add", "b.txt")
    let result = try await repo.commit(
      "-q", "-m", "override", session: "alice", environment: ["LEDGER_OVERRIDE": reason])
    if result.exited(0) {
      let raw = try await repo.message()
      #expect(try await repo.trailerValues() == ["alice"], "\(raw)")
      #expect(!raw.contains("\r") && !raw.contains("\u{1B}"), "\(String(reflecting: raw))")
    } else {
      #expect(result.exited(1), "\(result)")
      #expect(result.stderr.contains("LEDGER_OVERRIDE"), "\(result)")
    }
  }

  /// Regression (was a bug, docs/RELIABILITY.md): prepare-commit-msg decodes the message file as UTF-8 with replacement, so every
  /// byte that is not UTF-8 (a Latin-1 message, i18n.commitEncoding) becomes U+FFFD on disk.
  @Test("a commit message that is not UTF-8 keeps its bytes; only the trailer is added")
  func latin1Message() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    let file = repo.root.appendingPathComponent("latin1.txt")
    let original: [UInt8] =
      Array("Caf".utf8) + [0xE9] + Array(" au lait\n\nCorps ".utf8) + [0xE0, 0xFF]
      + Array("\n".utf8)
    try Data(original).write(to: file)
    try repo.write("a.txt", "changed\n")
    try await repo.git("add", "a.txt")
    expectExit(
      0,
      try await repo.commitAs(
        ["-c", "i18n.commitEncoding=ISO-8859-1", "commit", "-q", "-F", file.path], session: "alice")
    )
    let bytes = try await repo.runner.run(
      ["-c", "\"$0\" cat-file commit HEAD | od -An -tx1", Executables.git.path], in: repo.path,
      executable: URL(fileURLWithPath: "/bin/sh"))
    let hex = bytes.stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    let expected = original.map { String(format: "%02x", $0) }.joined(separator: " ")
    #expect(hex.contains(expected), "the message bytes changed: \(hex)")
    #expect(!hex.contains("ef bf bd"), "replacement characters were written")
  }

  /// Regression (was a bug, docs/RELIABILITY.md): commit-msg cannot recognise an untouched template that contains a "---" line
  /// (see FuzzRegressionTests), so the commit goes through instead of aborting.
  @Test("an untouched template with a '---' line still aborts the commit")
  func untouchedTemplateWithDivider() async throws {
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    let template = try repo.sandboxFile("template.txt", "Template subject\n\nBody\n---\nnotes\n")
    try repo.write("a.txt", "changed\n")
    try await repo.git("add", "a.txt")
    let head = try await repo.revision()
    let result = try await repo.commit("-t", template, session: "alice", editor: "true")
    #expect(!result.exited(0), "an untouched template was committed\n\(result)")
    #expect(try await repo.revision() == head)
  }

  // MARK: Claude Code hook input

  private static func payload(_ repo: TempRepository, file: String, session: String = "s1")
    -> String
  {
    """
    {"session_id":"\(session)","cwd":"\(repo.path.path)","hook_event_name":"PreToolUse",\
    "tool_name":"Edit","tool_input":{"file_path":"\(file)"}}
    """
  }

  @Test(
    "malformed Claude hook input: exit 1 with a message (never 2, never a crash), nothing claimed",
    arguments: [
      "deep", "trailing", "invalid-utf8", "bad-types", "session-not-string", "huge-session",
      "unicode-session", "nul-path", "number", "duplicate-keys-bad",
    ])
  func malformedClaudeInput(_ kind: String) async throws {
    // Installed, so that session-start has no hook warning to give.
    let repo = try await hookedRepository(files: ["a.txt": "a\n"])
    let file = repo.url("a.txt").path
    let input: [UInt8]
    switch kind {
    case "deep": input = Array(String(repeating: "[", count: 100_000).utf8)
    case "trailing": input = Array((Self.payload(repo, file: file) + " {}").utf8)
    case "invalid-utf8":
      input =
        Array("{\"session_id\":\"s1\",\"tool_input\":{\"file_path\":\"".utf8) + [0xC3, 0x28, 0xFF]
        + Array("\"}}".utf8)
    case "bad-types":
      input = Array(
        "{\"session_id\":\"s1\",\"cwd\":42,\"tool_input\":{\"file_path\":[\"a\"]}}".utf8)
    case "session-not-string":
      input = Array("{\"session_id\":{\"id\":\"s1\"},\"tool_input\":{}}".utf8)
    case "huge-session":
      input = Array(
        Self.payload(repo, file: file, session: String(repeating: "s", count: 300)).utf8)
    case "unicode-session":
      input = Array(Self.payload(repo, file: file, session: "s\u{E9}ssion").utf8)
    case "nul-path": input = Array(Self.payload(repo, file: file + "\\u0000.txt").utf8)
    case "number": input = Array("42".utf8)
    default:
      input = Array("{\"session_id\":\"s1\",\"session_id\":\"bad id\",\"tool_input\":{}}".utf8)
    }
    let inputFile = repo.root.appendingPathComponent("payload-\(kind).json")
    try Data(input).write(to: inputFile)
    for event in ["pre-edit", "post-edit", "session-start", "session-end"] {
      let result = try await repo.shell(
        "exec \"$LEDGER\" hook claude \(event) <\"$PAYLOAD\"",
        environment: ["PAYLOAD": inputFile.path])
      #expect(
        result.signal == nil && !result.stderr.contains("Fatal error"),
        "\(kind) \(event)\n\(result)")
      #expect(!result.exited(2), "\(kind) \(event): exit 2 would deny the edit\n\(result)")
      if result.exited(1) {
        #expect(result.stderr.contains("AgentLedger"), "\(kind) \(event)\n\(result)")
      } else {
        expectExit(0, result)
        #expect(result.stdout.isEmpty, "\(kind) \(event)\n\(result)")
      }
    }
    let claimed = repo.exists(repo.claimsFile) ? try await repo.claims() : []
    #expect(claimed.isEmpty, "\(claimed)")
  }

  /// Regression (was a bug, docs/RELIABILITY.md): pre-edit resolves the file path without following symbolic links inside the
  /// work tree; a path through a link is "not a file of the repository" and is allowed silently.
  @Test(
    "pre-edit of another session's file reached through a symbolic link in the work tree is denied",
    arguments: ["alias-dir", "alias-file"])
  func preEditThroughSymlink(_ kind: String) async throws {
    let repo = try await TempRepository(files: ["src/owned.txt": "bob's\n"])
    expectExit(0, try await repo.ledger("claim", "src/owned.txt", session: "claude:bob"))
    let target: String
    if kind == "alias-dir" {
      try FileManager.default.createSymbolicLink(
        atPath: repo.url("alias").path, withDestinationPath: "src")
      target = repo.url("alias/owned.txt").path
    } else {
      try FileManager.default.createSymbolicLink(
        atPath: repo.url("link.txt").path, withDestinationPath: "src/owned.txt")
      target = repo.url("link.txt").path
    }
    let result = try await repo.ledger(
      ["hook", "claude", "pre-edit"], stdin: Self.payload(repo, file: target, session: "alice"))
    #expect(result.signal == nil, "\(result)")
    #expect(
      result.stdout.contains("\"deny\"") || result.exited(2),
      "an edit of bob's file through \(kind) was allowed\n\(result)")
  }

  // MARK: Shims and scripts

  @Test("a repository path with $(…), backticks, a backslash and quotes: hooks fire, nothing runs")
  func awkwardRepositoryPath() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    let awkward = repo.root.appendingPathComponent("we$(touch PWNED)ird `id` \\ it's \"q\"")
    try await repo.git("clone", "-q", repo.path.path, awkward.path)
    try await repo.git("config", "user.name", "E2E", in: awkward)
    try await repo.git("config", "user.email", "e2e@example.invalid", in: awkward)
    expectExit(0, try await repo.runner.run(["install", "--files"], in: awkward))
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "bob", in: awkward))
    try Data("swept\n".utf8).write(to: awkward.appendingPathComponent("a.txt"))
    try await repo.git("add", "a.txt", in: awkward)
    let blocked = try await repo.commit("-m", "sweep", session: "alice", in: awkward)
    #expect(blocked.exited(1), "\(blocked)")
    expectExit(0, try await repo.commit("-q", "-m", "bob", session: "bob", in: awkward))
    let message = try await repo.git("log", "-1", "--format=%B", in: awkward).stdout
    #expect(message.contains("Agent-Session: bob"))
    #expect(!FileManager.default.fileExists(atPath: repo.root.appendingPathComponent("PWNED").path))
    #expect(!FileManager.default.fileExists(atPath: awkward.appendingPathComponent("PWNED").path))
    if let shellcheck = Reliability.shellcheck {
      let hooks = ["pre-commit", "prepare-commit-msg", "commit-msg", "post-commit"].map {
        awkward.appendingPathComponent(".git/hooks/\($0)").path
      }
      let result = try await repo.runner.run(
        ["-s", "sh"] + hooks, in: repo.root, executable: shellcheck)
      expectExit(0, result)
    }
  }

  @Test(
    "install.sh, the shims and the scripts are shellcheck clean",
    .enabled(if: Reliability.shellcheck != nil, "shellcheck is not installed"))
  func shellcheckClean() async throws {
    let root = Reliability.packageRoot
    let manager = FileManager.default
    var files = ["install.sh"]
    for folder in ["hooks", "scripts", "examples", "bench", ".ci"] {
      for name
        in (try? manager.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path))
        ?? []
      where !name.hasSuffix(".md") {
        // Direct hooks start ledger-hook from their #! line; only shell files are checked.
        let text =
          (try? String(
            contentsOf: root.appendingPathComponent("\(folder)/\(name)"), encoding: .utf8)) ?? ""
        if text.hasPrefix("#!/bin/sh") || text.hasPrefix("#!/usr/bin/env bash")
          || text.hasPrefix("#!/bin/bash")
        {
          files.append("\(folder)/\(name)")
        }
      }
    }
    let repo = try await TempRepository(files: [:])
    let result = try await repo.runner.run(
      files, in: root, executable: Reliability.shellcheck ?? URL(fileURLWithPath: "shellcheck"))
    expectExit(0, result)
  }
}
