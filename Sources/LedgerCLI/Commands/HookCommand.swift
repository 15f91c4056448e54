import LedgerCore

/// `ledger hook AGENT EVENT`: the agents' hook handlers (Claude Code, Codex CLI, Gemini CLI).
enum HookCommand {
  static let spec = CommandSpec(
    name: "hook",
    summary: "Agent hook handlers for Claude Code, Codex CLI and Gemini CLI (pre-edit, …)",
    usage: AgentIntegration.all.map {
      "hook \($0.name) (\($0.events.joined(separator: "|")))"
    },
    discussion: """
      Run by the agent with its hook JSON on standard input; `ledger setup AGENT` wires them. \
      pre-edit denies an edit of a file another active session claimed (naming each holder; \
      a multi-file edit is denied whole and claims nothing), and claims its files for this \
      session otherwise; post-edit claims the edited files; session-start registers the \
      session (and carries a conversation's claims across /clear); session-end releases the \
      session's claims on files without uncommitted changes; subagent-stop hands a subagent's \
      claims to its session. An edit that cannot be checked (broken ledger.* settings, a \
      patch that cannot be read) is denied with the reason. Failures exit 1, which every \
      agent treats as non-blocking; a denied edit is answered in the agent's JSON deny form. \
      Codex has no session end: its claims carry the ledger.codexTTL lease (2h by default), \
      renewed by each edit; stop ends nothing.
      """,
    examples: [
      (
        #"echo '{"session_id":"s1","tool_name":"Edit","tool_input":{"file_path":"/repo/a.swift"}}' | ledger hook claude pre-edit"#,
        "what Claude runs before an edit"
      )
    ],
    options: [],
    positionals: (2, 2),
    completes: .wordTree(AgentIntegration.all.map { ($0.name, $0.events) }),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    let name = invocation.arguments[0]
    let event = invocation.arguments[1]
    guard let agent = AgentIntegration.named(name) else {
      // Exit 1, not 2: every agent reads 2 as "deny".
      throw LedgerError(
        .refused, "unknown agent '\(name)'; `ledger hook` supports \(AgentIntegration.names)")
    }
    guard agent.events.contains(event) else {
      throw LedgerError(
        .refused, "unknown event '\(event)'; expected \(agent.events.joined(separator: ", "))")
    }
    let response = agent.handle(event, invocation.context.readInput(), invocation.context)
    if !response.output.isEmpty { invocation.output.write(response.output) }
    if !response.error.isEmpty { invocation.output.error(response.error) }
    return ExitCode(rawValue: response.code) ?? .refused
  }
}
