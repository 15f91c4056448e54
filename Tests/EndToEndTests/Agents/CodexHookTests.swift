import Foundation
import Testing

/// Codex CLI's hook JSON, shaped as the newest schemas define it (openai/codex
/// `codex-rs/hooks/schema/generated/pre-tool-use.command.input.schema.json` and
/// `post-tool-use.command.input.schema.json`, with `tool_name` relaxed and the apply_patch
/// payload of PR #18391: the raw patch in `tool_input.command`, `tool_name: "apply_patch"`).
private func codexPayload(
  session: String?, event: String, tool: String? = "apply_patch", patch: String? = nil,
  cwd: String, toolInput: Any? = nil
) -> String {
  var object: [String: Any] = [
    "turn_id": "turn-1", "cwd": cwd, "hook_event_name": event, "model": "gpt-5.5-codex",
    "permission_mode": "default", "transcript_path": "/tmp/rollout-\(session ?? "none").jsonl",
  ]
  if let session { object["session_id"] = session }
  if event == "PreToolUse" || event == "PostToolUse" {
    if let tool { object["tool_name"] = tool }
    object["tool_use_id"] = "call_1"
    if let toolInput {
      object["tool_input"] = toolInput
    } else if let patch {
      object["tool_input"] = ["command": patch]
    }
  }
  if event == "PostToolUse" {
    object["tool_response"] = "Success. Updated the following files:\n"
  }
  if event == "SessionStart" { object["source"] = "startup" }
  if event == "Stop" {
    object["stop_hook_active"] = false
    object["last_assistant_message"] = "Done."
  }
  let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
  return String(decoding: data, as: UTF8.self)
}

/// A patch in Codex's apply_patch format.
private func patch(_ body: String) -> String { "*** Begin Patch\n" + body + "\n*** End Patch\n" }

/// The `permissionDecision` of a PreToolUse answer, or nil when the hook printed nothing.
private func codexDecision(_ result: CommandResult) -> (decision: String, reason: String)? {
  let text = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  guard !text.isEmpty,
    let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
    let output = object["hookSpecificOutput"] as? [String: Any]
  else { return nil }
  #expect(output["hookEventName"] as? String == "PreToolUse")
  return (
    output["permissionDecision"] as? String ?? "",
    output["permissionDecisionReason"] as? String ?? ""
  )
}

@Suite("Codex CLI hook handlers")
struct CodexHookTests {
  static let thread = "019a7c2e-5b1d-7f00-8e2a-3c4d5e6f7a8b"
  static let me = "codex:" + thread

  func hook(
    _ repo: TempRepository, _ event: String, _ json: String, now: String? = Clock.t0,
    environment: [String: String?] = [:]
  ) async throws -> CommandResult {
    try await repo.ledger(
      ["hook", "codex", event], now: now, environment: environment, stdin: json)
  }

  func pre(
    _ repo: TempRepository, _ text: String, session: String? = thread, now: String = Clock.t0
  )
    async throws -> CommandResult
  {
    try await hook(
      repo, "pre-edit",
      codexPayload(session: session, event: "PreToolUse", patch: text, cwd: repo.path.path),
      now: now)
  }

  @Test("a patch touching another session's file is denied whole, naming it; nothing is claimed")
  func deniesWholePatch() async throws {
    let repo = try await TempRepository(files: ["src/a.swift": "a\n", "src/b.swift": "b\n"])
    expectExit(
      0,
      try await repo.ledger(
        "claim", "src/a.swift", "--note", "refactor", session: "claude:other", now: Clock.t0))
    let result = try await pre(
      repo,
      patch(
        """
        *** Update File: src/b.swift
        @@
        -b
        +b2
        *** Update File: src/a.swift
        @@
        -a
        +a2
        *** Add File: src/new.swift
        +new
        """))
    expectExit(0, result)
    let answer = try #require(codexDecision(result))
    #expect(answer.decision == "deny")
    #expect(answer.reason.contains("src/a.swift: claimed by claude:other"))
    #expect(answer.reason.contains("refactor"))
    #expect(answer.reason.contains("since 2030-01-01T00:00:00"))
    #expect(!answer.reason.contains("src/b.swift"))
    // Nothing was claimed for the Codex session: not even the free files of the patch.
    #expect(try await repo.claims(now: Clock.t0).map(\.session) == ["claude:other"])
  }

  @Test("every conflicting path is named: two holders, a directory claim")
  func namesEach() async throws {
    let repo = try await TempRepository(files: ["lib/x.c": "x\n", "y.c": "y\n", "z.c": "z\n"])
    expectExit(0, try await repo.ledger("claim", "lib/", session: "claude:one", now: Clock.t0))
    expectExit(0, try await repo.ledger("claim", "y.c", session: "codex:two", now: Clock.t0))
    let result = try await pre(
      repo, patch("*** Delete File: lib/x.c\n*** Delete File: y.c\n*** Delete File: z.c"))
    let answer = try #require(codexDecision(result))
    #expect(answer.decision == "deny")
    #expect(answer.reason.contains("lib/x.c: claimed by claude:one (as lib/)"))
    #expect(answer.reason.contains("y.c: claimed by codex:two"))
    #expect(!answer.reason.contains("z.c:"))
    #expect(try await repo.claims(now: Clock.t0).allSatisfy { $0.session != Self.me })
  }

  @Test("a move whose destination another session holds is denied; its source stays unclaimed")
  func moveDestination() async throws {
    let repo = try await TempRepository(files: ["old.txt": "x\n", "taken.txt": "t\n"])
    expectExit(0, try await repo.ledger("claim", "taken.txt", session: "human:ann", now: Clock.t0))
    let result = try await pre(
      repo, patch("*** Update File: old.txt\n*** Move to: taken.txt\n@@\n-x\n+y"))
    let answer = try #require(codexDecision(result))
    #expect(answer.decision == "deny")
    #expect(answer.reason.contains("taken.txt: claimed by human:ann"))
    #expect(!(try await repo.claims(now: Clock.t0).contains { $0.spec == "old.txt" }))
  }

  @Test("a clean patch claims every path (both sides of a move) for codex:<id> with the 2h lease")
  func claimsEveryPath() async throws {
    let repo = try await TempRepository(files: [
      "src/a.swift": "a\n", "src/old.swift": "o\n", "gone.txt": "g\n",
    ])
    // Paths are relative to Codex's cwd, here a subdirectory.
    let result = try await hook(
      repo, "pre-edit",
      codexPayload(
        session: Self.thread, event: "PreToolUse",
        patch: patch(
          """
          *** Add File: new.swift
          +n
          *** Update File: a.swift
          @@
          -a
          +a2
          *** Update File: old.swift
          *** Move to: renamed.swift
          @@
          -o
          +o2
          *** Delete File: ../gone.txt
          """),
        cwd: repo.url("src").path))
    expectExit(0, result)
    #expect(result.stdout.isEmpty, "an allowed patch prints nothing: \(result)")
    let claims = try await repo.claims(now: Clock.t0)
    #expect(
      Set(claims.map(\.spec))
        == ["src/new.swift", "src/a.swift", "src/old.swift", "src/renamed.swift", "gone.txt"])
    #expect(claims.allSatisfy { $0.session == Self.me })
    #expect(claims.allSatisfy { $0.expires?.hasPrefix("2030-01-01T02:00:00") == true }, "\(claims)")
  }

  @Test("two Codex sessions patching one file at the same moment: exactly one wins")
  func race() async throws {
    let repo = try await TempRepository(files: ["shared.txt": "s\n"])
    let edit = patch("*** Update File: shared.txt\n@@\n-s\n+t")
    for round in 0..<3 {
      async let first = pre(repo, edit, session: "racer-a-\(round)")
      async let second = pre(repo, edit, session: "racer-b-\(round)")
      let results = try await [first, second]
      let denied = results.filter { codexDecision($0)?.decision == "deny" }
      #expect(results.allSatisfy { $0.exited(0) }, "\(results)")
      #expect(denied.count == 1, "\(results)")
      let holders = try await repo.claims(now: Clock.t0).map(\.session)
      #expect(holders.count == 1)
      expectExit(
        0, try await repo.ledger("release", "shared.txt", session: holders[0], now: Clock.t0))
    }
  }

  @Test("ledger.codexTTL sets the lease; post-edit renews it; an expired lease frees the file")
  func leaseRenewedByEdits() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.git("config", "ledger.codexTTL", "30m"))
    let edit = patch("*** Update File: a.txt\n@@\n-a\n+a2")
    expectExit(0, try await pre(repo, edit))
    #expect(
      try await repo.claims(now: Clock.t0).map(\.expires) == [Clock.minutes(30)])
    // Twenty minutes later the edit lands: post-edit renews the lease from then.
    let post = try await hook(
      repo, "post-edit",
      codexPayload(session: Self.thread, event: "PostToolUse", patch: edit, cwd: repo.path.path),
      now: Clock.minutes(20))
    expectExit(0, post)
    #expect(
      try await repo.claims(now: Clock.minutes(20)).map(\.expires) == [Clock.minutes(50)])
    // Before the lease ends another session is denied; after it, that session may edit.
    let early = try await pre(repo, edit, session: "other-thread", now: Clock.minutes(49))
    #expect(try #require(codexDecision(early)).decision == "deny")
    let late = try await pre(repo, edit, session: "other-thread", now: Clock.minutes(51))
    expectExit(0, late)
    #expect(late.stdout.isEmpty, "\(late)")
    #expect(
      try await repo.claims(now: Clock.minutes(51)).map(\.session) == ["codex:other-thread"])
  }

  @Test("the session's own claims allow its patch; a lease-less claim of its own is kept as is")
  func ownClaims() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: Self.me, now: Clock.t0))
    let edit = patch("*** Update File: a.txt\n@@\n-a\n+a2")
    let result = try await pre(repo, edit)
    expectExit(0, result)
    #expect(result.stdout.isEmpty)
    expectExit(
      0,
      try await hook(
        repo, "post-edit",
        codexPayload(
          session: Self.thread, event: "PostToolUse", patch: edit, cwd: repo.path.path)))
    let claims = try await repo.claims(now: Clock.t0)
    #expect(claims.map(\.spec) == ["a.txt"])
    #expect(claims.first?.expires == nil)
  }

  @Test("a patch that cannot be read is denied with the reason, and nothing is claimed")
  func unreadablePatch() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    for input: Any in [
      ["command": "*** Begin Patch\n*** Update File: a.txt\n+x"],  // no end marker
      ["command": "please edit a.txt"],
      ["command": 42],
      ["something_else": "x"],
    ] {
      let result = try await hook(
        repo, "pre-edit",
        codexPayload(
          session: Self.thread, event: "PreToolUse", cwd: repo.path.path, toolInput: input))
      expectExit(0, result)
      let answer = try #require(codexDecision(result), "\(input): \(result)")
      #expect(answer.decision == "deny")
      #expect(answer.reason.contains("AgentLedger refused this edit"), "\(answer.reason)")
    }
    #expect(try await repo.claims(now: Clock.t0).isEmpty)
  }

  @Test("a broken ledger.codexTTL refuses the edit, naming the setting, rather than skip the check")
  func brokenSetting() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "other", now: Clock.t0))
    expectExit(0, try await repo.git("config", "ledger.codexTTL", "soon"))
    let result = try await pre(repo, patch("*** Delete File: a.txt"))
    expectExit(0, result)
    let answer = try #require(codexDecision(result), "\(result)")
    #expect(answer.decision == "deny")
    #expect(answer.reason.contains("ledger.codexTTL"), "\(answer.reason)")
  }

  @Test("a verbatim PreToolUse payload, fields in Codex's serialization order, is denied")
  func verbatimPayload() async throws {
    let repo = try await TempRepository(files: ["src/lib.rs": "fn a() {}\n"])
    expectExit(0, try await repo.ledger("claim", "src/lib.rs", session: "other", now: Clock.t0))
    // As codex-rs/hooks/src/schema.rs PreToolUseCommandInput serializes it for an apply_patch
    // call (tool_input is {"command": <patch>}, HookToolName::apply_patch()).
    let json = """
      {"session_id":"\(Self.thread)","turn_id":"019a7c2e-0001","transcript_path":null,\
      "cwd":"\(repo.path.path)","hook_event_name":"PreToolUse","model":"gpt-5.5-codex",\
      "permission_mode":"acceptEdits","tool_name":"apply_patch","tool_input":{"command":\
      "*** Begin Patch\\n*** Update File: src/lib.rs\\n@@\\n-fn a() {}\\n+fn a() { b() }\\n*** End Patch\\n"},\
      "tool_use_id":"call_Zx81"}
      """
    let result = try await hook(repo, "pre-edit", json)
    expectExit(0, result)
    #expect(try #require(codexDecision(result)).reason.contains("src/lib.rs: claimed by other"))
  }

  @Test("the tool's own argument shapes are read too: tool_input.input, a bare string")
  func otherShapes() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", "b.txt", session: "x", now: Clock.t0))
    for input: Any in [
      ["input": patch("*** Delete File: a.txt")], patch("*** Delete File: b.txt"),
    ] {
      let result = try await hook(
        repo, "pre-edit",
        codexPayload(
          session: Self.thread, event: "PreToolUse", cwd: repo.path.path, toolInput: input))
      #expect(try #require(codexDecision(result)).decision == "deny", "\(input)")
    }
  }

  @Test(
    "a malformed payload exits 1 with a clear error, never 2 and never an allow printed",
    arguments: ["", "not json", "[1,2]", "\"text\""])
  func malformed(input: String) async throws {
    let repo = try await TempRepository()
    for event in CodexHookTests.events {
      let result = try await hook(repo, event, input)
      expectExit(1, result)
      #expect(result.stderr.contains("AgentLedger (codex \(event))"), "\(event): \(result)")
      #expect(result.stdout.isEmpty)
    }
  }

  static let events = ["session-start", "pre-edit", "post-edit", "stop"]

  @Test("no session_id: another session's file is still denied; otherwise a clear error, no claim")
  func noSession() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "other", now: Clock.t0))
    for session in [nil, "", "bad id\nX"] as [String?] {
      let denied = try await pre(repo, patch("*** Delete File: a.txt"), session: session)
      expectExit(0, denied)
      #expect(try #require(codexDecision(denied)).reason.contains("a.txt: claimed by other"))
      let free = try await pre(repo, patch("*** Delete File: b.txt"), session: session)
      expectExit(1, free)
      #expect(free.stderr.contains("session"), "\(free)")
      #expect(free.stdout.isEmpty)
    }
    #expect(try await repo.claims(now: Clock.t0).map(\.spec) == ["a.txt"])
  }

  @Test("tools that edit nothing are ignored: Bash, an MCP tool")
  func ignoresOtherTools() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "other", now: Clock.t0))
    for tool in ["Bash", "mcp__fs__read"] {
      let result = try await hook(
        repo, "pre-edit",
        codexPayload(
          session: Self.thread, event: "PreToolUse", tool: tool, cwd: repo.path.path,
          toolInput: ["command": "cat a.txt"]))
      expectExit(0, result)
      #expect(result.stdout.isEmpty)
    }
    #expect(try await repo.claims(now: Clock.t0).map(\.session) == ["other"])
  }

  @Test("stop ends nothing; session-start registers the session; an unknown event exits 1")
  func stopAndStart() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await pre(repo, patch("*** Delete File: a.txt")))
    let start = try await hook(
      repo, "session-start",
      codexPayload(session: Self.thread, event: "SessionStart", cwd: repo.path.path))
    expectExit(0, start)
    let stop = try await hook(
      repo, "stop", codexPayload(session: Self.thread, event: "Stop", cwd: repo.path.path))
    expectExit(0, stop)
    #expect(stop.stdout.isEmpty)
    #expect(try await repo.claims(now: Clock.t0).map(\.session) == [Self.me])
    let log = try await repo.log()
    #expect(log.contains { $0.event == "session-start" && $0.session == Self.me }, "\(log)")
    expectExit(1, try await repo.ledger(["hook", "codex", "session-end"], stdin: "{}"))
  }

  @Test("after /clear in the same Codex process the new thread takes over the old one's claims")
  func clearCarriesClaims() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    // A process whose executable is named codex (a copy of sh) runs the hooks one after the
    // other, as Codex does: start, an edit, then /clear's SessionStart for a new thread.
    let bin = repo.url(".codex-bin")
    try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
    let codex = bin.appendingPathComponent("codex")
    try FileManager.default.copyItem(
      atPath: URL(fileURLWithPath: "/bin/sh").resolvingSymlinksInPath().path, toPath: codex.path)
    let dir = repo.path.path
    let files: [(String, String)] = [
      ("start.json", codexPayload(session: "old-thread", event: "SessionStart", cwd: dir)),
      (
        "edit.json",
        codexPayload(
          session: "old-thread", event: "PreToolUse", patch: patch("*** Delete File: a.txt"),
          cwd: dir)
      ),
      (
        "clear.json",
        codexPayload(session: "new-thread", event: "SessionStart", cwd: dir)
          .replacingOccurrences(of: "\"startup\"", with: "\"clear\"")
      ),
    ]
    for (name, text) in files {
      try text.write(to: bin.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    let ledger = Executables.ledger.path
    let script =
      ["start", "edit", "clear"].map {
        "'\(ledger)' hook codex \($0 == "edit" ? "pre-edit" : "session-start") < '\(bin.path)/\($0).json' || exit 9"
      }.joined(separator: "; ") + "; exit 0"
    let run = try await repo.runner.run(["-c", script], in: repo.path, executable: codex)
    expectExit(0, run)
    #expect(run.stdout.contains("took over 1 claim from codex:old-thread"), "\(run)")
    #expect(try await repo.claims().map(\.session) == ["codex:new-thread"])
    // A new thread started afresh (startup) in another process takes over nothing.
    let other = try await hook(
      repo, "session-start",
      codexPayload(session: "third-thread", event: "SessionStart", cwd: dir), now: nil)
    expectExit(0, other)
    #expect(try await repo.claims().map(\.session) == ["codex:new-thread"])
  }

  @Test("a git commit from Codex's shell (CODEX_THREAD_ID) is the same session as the hooks")
  func shellCommitIsSameSession() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.ledger("install"))
    expectExit(
      0, try await pre(repo, patch("*** Update File: a.txt\n@@\n-a\n+a2"), now: Clock.t0))
    try repo.write("a.txt", "a2\n")
    let env: [String: String?] = ["CODEX_THREAD_ID": Self.thread]
    expectExit(
      0,
      try await repo.runner.run(
        ["add", "a.txt"], in: repo.path, environment: env, executable: Executables.git))
    let commit = try await repo.runner.run(
      ["commit", "-q", "-m", "edit a"], in: repo.path, environment: env, executable: Executables.git
    )
    expectExit(0, commit)
    let trailers = try await repo.runner.run(
      ["log", "-1", "--format=%(trailers:key=Agent-Session,valueonly)"], in: repo.path,
      executable: Executables.git)
    #expect(trailers.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == Self.me)
    // Another Codex thread cannot commit that file while the lease runs.
    try repo.write("a.txt", "a3\n")
    expectExit(
      0, try await repo.runner.run(["add", "a.txt"], in: repo.path, executable: Executables.git))
    let other = try await repo.runner.run(
      ["commit", "-q", "-m", "steal"], in: repo.path,
      environment: ["CODEX_THREAD_ID": "someone-else"], executable: Executables.git)
    expectExit(1, other)
    #expect(other.stderr.contains(Self.me))
  }
}

@Suite("ledger setup codex")
struct CodexSetupTests {
  func hooksFile(_ repo: TempRepository) throws -> [String: Any] {
    let data = try Data(contentsOf: repo.url(".codex/hooks.json"))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  func commands(_ file: [String: Any], _ event: String) -> [String] {
    let groups = (file["hooks"] as? [String: Any])?[event] as? [[String: Any]] ?? []
    return groups.flatMap {
      ($0["hooks"] as? [[String: Any]] ?? []).compactMap { $0["command"] as? String }
    }
  }

  @Test("creates .codex/hooks.json with the four handlers; a second run changes no byte")
  func createsAndIsIdempotent() async throws {
    let repo = try await TempRepository()
    let first = try await repo.ledger("setup", "codex")
    expectExit(0, first)
    #expect(first.stdout.contains("[features] hooks = true"))
    #expect(first.stdout.contains("PreToolUse (apply_patch|Edit|Write)"))
    let written = try Data(contentsOf: repo.url(".codex/hooks.json"))
    let parsed = try hooksFile(repo)
    #expect(commands(parsed, "SessionStart").first?.hasSuffix("hook codex session-start") == true)
    #expect(commands(parsed, "PreToolUse").first?.hasSuffix("hook codex pre-edit") == true)
    #expect(commands(parsed, "PostToolUse").first?.hasSuffix("hook codex post-edit") == true)
    #expect(commands(parsed, "Stop").first?.hasSuffix("hook codex stop") == true)
    #expect(commands(parsed, "SessionEnd").isEmpty)
    let matcher =
      ((parsed["hooks"] as? [String: Any])?["PreToolUse"] as? [[String: Any]])?.first?["matcher"]
      as? String
    #expect(matcher == "apply_patch|Edit|Write")
    let second = try await repo.ledger("setup", "codex")
    expectExit(0, second)
    #expect(second.stdout.contains("nothing changed"))
    #expect(try Data(contentsOf: repo.url(".codex/hooks.json")) == written)
  }

  @Test("keeps every existing key and hook, and its indentation; idempotent after the merge")
  func merges() async throws {
    let repo = try await TempRepository()
    let existing = """
      {
          "description": "team hooks",
          "hooks": {
              "PreToolUse": [
                  { "matcher": "Bash", "hooks": [ { "type": "command", "command": "./scripts/guard.sh", "statusMessage": "checking" } ] },
                  { "matcher": "apply_patch|Edit|Write", "hooks": [ { "type": "command", "command": "lint-patch" } ] }
              ],
              "Stop": [ { "hooks": [ { "type": "command", "command": "notify-send done", "timeout": 3 } ] } ],
              "UserPromptSubmit": [ { "hooks": [ { "type": "command", "command": "log-prompt" } ] } ]
          }
      }
      """
    try repo.write(".codex/hooks.json", existing)
    let result = try await repo.ledger("setup", "codex")
    expectExit(0, result)
    let parsed = try hooksFile(repo)
    #expect(parsed["description"] as? String == "team hooks")
    let pre = commands(parsed, "PreToolUse")
    #expect(pre.contains("./scripts/guard.sh"))
    #expect(pre.contains("lint-patch"))
    #expect(pre.contains { $0.hasSuffix("hook codex pre-edit") })
    #expect(commands(parsed, "Stop").first == "notify-send done")
    #expect(commands(parsed, "Stop").contains { $0.hasSuffix("hook codex stop") })
    #expect(commands(parsed, "UserPromptSubmit") == ["log-prompt"])
    let bash = ((parsed["hooks"] as? [String: Any])?["PreToolUse"] as? [[String: Any]])?.first
    #expect(
      ((bash?["hooks"] as? [[String: Any]])?.first?["statusMessage"] as? String) == "checking")
    let text = String(decoding: try Data(contentsOf: repo.url(".codex/hooks.json")), as: UTF8.self)
    #expect(text.contains("\n    \"description\""))
    let bytes = try Data(contentsOf: repo.url(".codex/hooks.json"))
    let again = try await repo.ledger("setup", "codex")
    expectExit(0, again)
    #expect(again.stdout.contains("nothing changed"))
    #expect(try Data(contentsOf: repo.url(".codex/hooks.json")) == bytes)
  }

  @Test("--print shows the snippet without writing; a malformed file is refused and left alone")
  func printAndMalformed() async throws {
    let repo = try await TempRepository()
    let printed = try await repo.ledger("setup", "codex", "--print")
    expectExit(0, printed)
    #expect(printed.stdout.contains("hook codex pre-edit"))
    #expect(!FileManager.default.fileExists(atPath: repo.url(".codex/hooks.json").path))
    for bad in ["{ not json", "{\"hooks\": []}", "[1]"] {
      try repo.write(".codex/hooks.json", bad)
      let refused = try await repo.ledger("setup", "codex")
      expectError(2, refused, mentioning: ["hooks.json"])
      #expect(
        String(decoding: try Data(contentsOf: repo.url(".codex/hooks.json")), as: UTF8.self) == bad)
    }
  }

  @Test("the handlers setup codex writes are the ones that deny and claim (advice followed)")
  func wiredCommandsWork() async throws {
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    expectExit(0, try await repo.ledger("setup", "codex"))
    let parsed = try hooksFile(repo)
    let command = try #require(commands(parsed, "PreToolUse").first)
    expectExit(0, try await repo.ledger("claim", "a.txt", session: "other"))
    // Run the command line exactly as Codex would: through the shell, with the payload on stdin.
    let json = codexPayload(
      session: "t1", event: "PreToolUse", patch: patch("*** Delete File: a.txt"),
      cwd: repo.path.path)
    let result = try await repo.runner.run(
      ["-c", command], in: repo.path, stdin: json, executable: URL(fileURLWithPath: "/bin/sh"))
    expectExit(0, result)
    #expect(try #require(codexDecision(result)).decision == "deny")
  }
}
