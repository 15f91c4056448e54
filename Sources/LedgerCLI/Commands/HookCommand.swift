import LedgerCore

/// `ledger hook claude EVENT`: the Claude Code hook handlers.
enum HookCommand {
  static let spec = CommandSpec(
    name: "hook",
    summary: "Claude Code hook handlers (session-start, pre-edit, post-edit, session-end)",
    usage: ["hook claude (session-start|pre-edit|post-edit|session-end)"],
    discussion: """
      Run by Claude Code with its hook JSON on standard input; `ledger setup claude` wires \
      them. pre-edit denies an edit of a file another active session claimed (and claims it \
      for this session otherwise); post-edit claims the edited file; session-start registers \
      the session (and carries a conversation's claims across /clear); session-end releases \
      the session's claims on files without uncommitted changes. Failures exit 1, which Claude \
      treats as non-blocking; a denied edit is answered with permissionDecision "deny".
      """,
    examples: [
      (
        #"echo '{"session_id":"s1","tool_name":"Edit","tool_input":{"file_path":"/repo/a.swift"}}' | ledger hook claude pre-edit"#,
        "what Claude runs before an edit"
      )
    ],
    options: [],
    positionals: (2, 2),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let agent = invocation.arguments[0]
    let event = invocation.arguments[1]
    guard agent == "claude" else {
      // Exit 1, not 2: Claude reads 2 as "deny".
      throw LedgerError(.refused, "unknown agent '\(agent)'; `ledger hook` supports claude")
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
