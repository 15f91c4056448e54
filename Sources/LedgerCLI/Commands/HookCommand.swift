import LedgerCore

/// `ledger hook (claude|codex) EVENT`: the Claude Code and Codex CLI hook handlers.
enum HookCommand {
  static let spec = CommandSpec(
    name: "hook",
    summary: "Claude Code and Codex CLI hook handlers (session-start, pre-edit, post-edit, …)",
    usage: [
      "hook claude (session-start|pre-edit|post-edit|session-end)",
      "hook codex (session-start|pre-edit|post-edit|stop)",
    ],
    discussion: """
      Run by Claude Code with its hook JSON on standard input; `ledger setup claude` wires \
      them. pre-edit denies an edit of a file another active session claimed (and claims it \
      for this session otherwise); post-edit claims the edited file; session-start registers \
      the session (and carries a conversation's claims across /clear); session-end releases \
      the session's claims on files without uncommitted changes. Failures exit 1, which Claude \
      treats as non-blocking; a denied edit is answered with permissionDecision "deny". \
      The codex handlers (wired by `ledger setup codex`) do the same for Codex's apply_patch \
      edits: pre-edit denies the whole patch when any file it adds, updates, deletes or moves \
      (both sides) is another active session's, and claims them all otherwise; their claims \
      carry the ledger.codexTTL lease (2h by default), renewed by each edit, since Codex has \
      no session end; stop ends nothing.
      """,
    examples: [
      (
        #"echo '{"session_id":"s1","tool_name":"Edit","tool_input":{"file_path":"/repo/a.swift"}}' | ledger hook claude pre-edit"#,
        "what Claude runs before an edit"
      )
    ],
    options: [],
    positionals: (2, 2),
    completes: .wordTree([("claude", ClaudeHooks.events), ("codex", CodexHooks.events)]),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let agent = invocation.arguments[0]
    let event = invocation.arguments[1]
    if agent == "codex" {
      guard CodexHooks.events.contains(event) else {
        throw LedgerError(
          .refused,
          "unknown event '\(event)'; expected \(CodexHooks.events.joined(separator: ", "))")
      }
      let response = CodexHooks.handle(
        event: event, input: invocation.context.readInput(), context: invocation.context)
      if !response.output.isEmpty { invocation.output.write(response.output) }
      if !response.error.isEmpty { invocation.output.error(response.error) }
      return ExitCode(rawValue: response.code) ?? .refused
    }
    guard agent == "claude" else {
      // Exit 1, not 2: Claude and Codex read 2 as "deny".
      throw LedgerError(
        .refused, "unknown agent '\(agent)'; `ledger hook` supports claude and codex")
    }
    guard ClaudeHooks.events.contains(event) else {
      throw LedgerError(
        .refused, "unknown event '\(event)'; expected \(ClaudeHooks.events.joined(separator: ", "))"
      )
    }
    let response = ClaudeHooks.handle(
      event: event, input: invocation.context.readInput(), context: invocation.context)
    if !response.output.isEmpty { invocation.output.write(response.output) }
    if !response.error.isEmpty { invocation.output.error(response.error) }
    return ExitCode(rawValue: response.code) ?? .refused
  }
}
