import Foundation
import Testing

/// The real Claude Code CLI with the hooks `ledger setup claude` wires: a scripted model
/// (`fake-anthropic-api.py`) makes it call Edit, Bash and Agent (its subagent tool), and the
/// hooks run as they do for a user. Each test runs `claude -p` once (a few seconds).
@Suite("The real Claude Code CLI with the hooks ledger setup claude wires")
struct ClaudeCLITests {
  /// The value of `key` in a payload's `tool_input`.
  func input(_ payload: JSON, _ key: String) -> String? { payload["tool_input"]?[key]?.stringValue }

  @Test("an Edit of another session's file is denied, the model reads why, the file stays")
  func deniedEdit() async throws {
    let claude = try ClaudeCLI.require()
    let repo = try await TempRepository(files: ["a.txt": "a\n"])
    try await ClaudeCLI.wire(repo)
    expectExit(
      0, try await repo.ledger("claim", "a.txt", "--note", "refactoring a", session: "codex:other"))
    let target = repo.url("a.txt").path
    let api = try ClaudeCLI.API(
      [
        (
          "TASK-DENIED",
          [
            .tool("Edit", ["file_path": target, "old_string": "a", "new_string": "mine"]),
            .text("done"),
          ]
        )
      ], in: repo.root)
    let run = try await ClaudeCLI.run(claude, in: repo, api: api, prompt: "TASK-DENIED: edit a")
    expectExit(0, run.result)
    #expect(try String(contentsOf: repo.url("a.txt"), encoding: .utf8) == "a\n")
    // Claude asked about the Edit, and never ran it.
    let asked = run.payloads("PreToolUse", tool: "Edit")
    #expect(asked.count == 1 && asked.first.flatMap { input($0, "file_path") } == target, "\(run)")
    #expect(run.payloads("PostToolUse", tool: "Edit").isEmpty, "\(run)")
    // The model's next request carries the reason, naming the holder and its note.
    let told = api.requests.first {
      $0.last.contains("a.txt: claimed by codex:other")
    }
    #expect(told?.last.contains("refactoring a") == true, "\(api.requests.map(\.last))")
    #expect(told?.last.contains("\"is_error\": true") == true, "\(String(describing: told))")
    // Nothing was claimed for the denied session.
    #expect(try await repo.claims().map(\.session) == ["codex:other"])
  }

  @Test("an Edit of a free file claims it; the model's git commit carries its session")
  func claimAndCommit() async throws {
    let claude = try ClaudeCLI.require()
    let repo = try await TempRepository(files: ["b.txt": "b\n"])
    try await ClaudeCLI.wire(repo)
    let api = try ClaudeCLI.API(
      [
        (
          "TASK-COMMIT",
          [
            .tool(
              "Edit", ["file_path": repo.url("b.txt").path, "old_string": "b", "new_string": "b2"]),
            .tool(
              "Bash",
              [
                "command": "git add b.txt && git commit -q -m 'b: the model changed it'",
                "description": "Commit the change",
              ]),
            .text("done"),
          ]
        )
      ], in: repo.root)
    let run = try await ClaudeCLI.run(claude, in: repo, api: api, prompt: "TASK-COMMIT: edit b")
    expectExit(0, run.result)
    let id = try #require(run.sessionID, "\(run)")
    let session = "claude:" + id
    #expect(try String(contentsOf: repo.url("b.txt"), encoding: .utf8) == "b2\n")
    #expect(try await repo.subject() == "b: the model changed it", "\(run)")
    #expect(try await repo.trailerValues() == [session])
    let events = try await repo.log()
    let claimed = events.firstIndex {
      $0.event == "claim" && $0.session == session && $0["spec"] == "b.txt"
    }
    let committed = events.firstIndex {
      $0.event == "commit" && $0.session == session && $0.paths == ["b.txt"]
    }
    #expect(claimed != nil && committed != nil, "\(events)")
    if let claimed, let committed { #expect(claimed < committed) }
    #expect(events.contains { $0.event == "session-end" && $0.session == session })
  }

  /// Two subagents run in parallel, in the background (Claude's default: the parent's turn ends
  /// and it hears of them later) or in the foreground (`run_in_background: false`: the parent
  /// waits for both), each editing a different line of one file. Neither may stop (and hand its claim to the
  /// parent, under whose claim a subagent may edit) before its sibling's edit has been judged:
  /// each waits in Bash until both PreToolUse payloads have arrived, then a second more.
  @Test(
    "two parallel subagents editing one file: exactly one edit lands, the other is denied",
    arguments: [true, false])
  func siblingSubagents(background: Bool) async throws {
    let claude = try ClaudeCLI.require()
    let repo = try await TempRepository(files: ["s.txt": "x\ny\n"])
    try await ClaudeCLI.wire(repo)
    let file = repo.url("s.txt").path
    let payloads = ClaudeCLI.payloadFolder(repo).path
    let barrier =
      #"for _ in $(seq 300); do [ "$(grep -l '"hook_event_name":"PreToolUse","tool_name":"Edit"' "#
      + #"'\#(payloads)'/* | wc -l)" -ge 2 ] && break; sleep 0.1; done; sleep 1"#
    func subagent(_ task: String, _ old: String, _ new: String) -> (String, [ClaudeCLI.Turn]) {
      (
        task,
        [
          .tool("Edit", ["file_path": file, "old_string": old, "new_string": new]),
          .tool("Bash", ["command": barrier, "description": "Wait for the sibling"]),
          .text("\(task) finished"),
        ]
      )
    }
    func agent(_ task: String) -> (name: String, input: [String: Any]) {
      var input: [String: Any] = [
        "description": "Edit s.txt", "prompt": "\(task): edit s.txt",
        "subagent_type": "general-purpose",
      ]
      if !background { input["run_in_background"] = false }
      return ("Agent", input)
    }
    let api = try ClaudeCLI.API(
      [
        subagent("SUBTASK-X", "x", "X"), subagent("SUBTASK-Y", "y", "Y"),
        ("TASK-PARALLEL", [.tools([agent("SUBTASK-X"), agent("SUBTASK-Y")]), .text("done")]),
      ], in: repo.root)
    let run = try await ClaudeCLI.run(claude, in: repo, api: api, prompt: "TASK-PARALLEL: fan out")
    expectExit(0, run.result)
    let id = try #require(run.sessionID, "\(run)")
    let agents = Set(run.payloads("SubagentStart").compactMap { $0["agent_id"]?.stringValue })
    #expect(agents.count == 2, "\(run)")
    // Both subagents asked to edit, in the session, each under its own agent_id.
    let asked = run.payloads("PreToolUse", tool: "Edit")
    #expect(asked.count == 2, "\(run)")
    #expect(asked.allSatisfy { $0["session_id"]?.stringValue == id })
    #expect(Set(asked.compactMap { $0["agent_id"]?.stringValue }) == agents)
    // Exactly one edit ran, and the file holds exactly that edit.
    let landed = run.payloads("PostToolUse", tool: "Edit")
    try #require(landed.count == 1, "both subagents edited s.txt: \(run)")
    let winner = try #require(landed[0]["agent_id"]?.stringValue)
    let loser = try #require(agents.subtracting([winner]).first)
    let expected = input(landed[0], "new_string") == "X" ? "X\ny\n" : "x\nY\n"
    #expect(try String(contentsOf: repo.url("s.txt"), encoding: .utf8) == expected)
    // The denied subagent read why, naming its sibling and the sibling's type.
    let transcript = run.subagentTranscript(loser)
    #expect(
      transcript.contains("s.txt: being edited by another subagent of this session, \(winner)"),
      "\(transcript)")
    #expect(transcript.contains("subagent general-purpose"))
    // Only the winner claimed it.
    let claims = try await repo.log().filter { $0.event == "claim" && $0["spec"] == "s.txt" }
    #expect(claims.map(\.session) == ["claude:\(id)/\(winner)"], "\(claims)")
  }

  @Test("SubagentStop hands the subagent's claims to its session, whose commit then passes")
  func subagentStopHandsOver() async throws {
    let claude = try ClaudeCLI.require()
    let repo = try await TempRepository(files: ["README.md": "# r\n"])
    try await ClaudeCLI.wire(repo)
    let api = try ClaudeCLI.API(
      [
        (
          "SUBTASK-WRITE",
          [
            .tool("Write", ["file_path": repo.url("n.txt").path, "content": "new\n"]),
            .text("written"),
          ]
        ),
        (
          "TASK-HANDOVER",
          [
            .tool(
              "Agent",
              [
                "description": "Write n.txt", "prompt": "SUBTASK-WRITE: write n.txt",
                "subagent_type": "general-purpose", "run_in_background": false,
              ]),
            .tool(
              "Bash",
              [
                "command": "git add n.txt && git commit -q -m 'n: written by a subagent'",
                "description": "Commit the subagent's file",
              ]),
            .text("done"),
          ]
        ),
      ], in: repo.root)
    let run = try await ClaudeCLI.run(claude, in: repo, api: api, prompt: "TASK-HANDOVER: go")
    expectExit(0, run.result)
    let id = try #require(run.sessionID, "\(run)")
    let stop = try #require(run.payloads("SubagentStop").first, "\(run)")
    #expect(stop["session_id"]?.stringValue == id)
    #expect(stop["agent_type"]?.stringValue == "general-purpose")
    let agent = try #require(stop["agent_id"]?.stringValue)
    let sub = "claude:\(id)/\(agent)"
    let events = try await repo.log()
    let claimed = events.firstIndex {
      $0.event == "claim" && $0.session == sub && $0["spec"] == "n.txt"
    }
    let handed = events.firstIndex {
      $0.event == "steal" && $0.session == "claude:\(id)" && $0["from"] == sub
        && $0["spec"] == "n.txt" && $0["reason"]?.contains("stopped") == true
    }
    let committed = events.firstIndex {
      $0.event == "commit" && $0.session == "claude:\(id)" && $0.paths == ["n.txt"]
    }
    #expect(claimed != nil && handed != nil && committed != nil, "\(events)\n\(run)")
    if let claimed, let handed, let committed {
      #expect(claimed < handed && handed < committed, "\(events)")
    }
    #expect(try await repo.subject() == "n: written by a subagent")
    #expect(try await repo.trailerValues() == ["claude:\(id)"])
  }

  /// A subagent's Bash has its session's `CLAUDE_CODE_SESSION_ID` and nothing naming the
  /// subagent: its `git commit` is the session's, which may commit its sub-sessions' files.
  @Test("a subagent's own git commit of the file it claimed passes, stamped with its session")
  func subagentCommits() async throws {
    let claude = try ClaudeCLI.require()
    let repo = try await TempRepository(files: ["README.md": "# r\n"])
    try await ClaudeCLI.wire(repo)
    let api = try ClaudeCLI.API(
      [
        (
          "SUBTASK-COMMIT",
          [
            .tool("Write", ["file_path": repo.url("m.txt").path, "content": "mine\n"]),
            .tool(
              "Bash",
              [
                "command": "git add m.txt && git commit -q -m 'm: committed by a subagent'",
                "description": "Commit my file",
              ]),
            .text("committed"),
          ]
        ),
        (
          "TASK-DELEGATE",
          [
            .tool(
              "Agent",
              [
                "description": "Write and commit m.txt", "prompt": "SUBTASK-COMMIT: go",
                "subagent_type": "general-purpose", "run_in_background": false,
              ]),
            .text("done"),
          ]
        ),
      ], in: repo.root)
    let run = try await ClaudeCLI.run(claude, in: repo, api: api, prompt: "TASK-DELEGATE: go")
    expectExit(0, run.result)
    let id = try #require(run.sessionID, "\(run)")
    let agent = try #require(
      run.payloads("SubagentStart").first?["agent_id"]?.stringValue, "\(run)")
    #expect(try await repo.subject() == "m: committed by a subagent", "\(run)")
    #expect(try await repo.trailerValues() == ["claude:\(id)"])
    let events = try await repo.log()
    let claimed = events.firstIndex {
      $0.event == "claim" && $0.session == "claude:\(id)/\(agent)" && $0["spec"] == "m.txt"
    }
    let committed = events.firstIndex {
      $0.event == "commit" && $0.session == "claude:\(id)" && $0.paths == ["m.txt"]
    }
    #expect(claimed != nil && committed != nil, "\(events)")
    if let claimed, let committed { #expect(claimed < committed) }
  }
}
