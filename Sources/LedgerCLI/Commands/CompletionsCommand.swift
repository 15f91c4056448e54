import LedgerCore

/// `ledger completions SHELL`: the shell completion script; `--claimed` lists claimed specs
/// for those scripts when the user presses tab.
enum CompletionsCommand {
  static let spec = CommandSpec(
    name: "completions",
    summary: "Print the bash, zsh or fish completion script",
    usage: ["completions (bash|zsh|fish)", "completions --claimed (mine|all)"],
    discussion: """
      Prints the completion script for SHELL, generated from the same command table as \
      `ledger --help`: subcommands, their options, and for `ledger release` this session's \
      claimed specs and for `ledger who` every active claim, read from the ledger when you \
      press tab. The release archive and the Debian package install the scripts where each \
      shell looks; to load one by hand, see the first lines of its output. \
      --claimed prints those specs, one a line: the scripts run it, and it reads only the \
      ledger file (no git status).
      """,
    examples: [
      ("source <(ledger completions bash)", "in ~/.bashrc"),
      ("ledger completions fish > ~/.config/fish/completions/ledger.fish", "fish"),
    ],
    options: [
      .option("claimed", "WHOSE", "List claimed specs: mine (this session's) or all."),
      .session,
    ],
    positionals: (0, 1),
    completes: .words(Completions.shells),
    run: run)

  static func run(_ invocation: Invocation) throws(LedgerError) -> ExitCode {
    if let whose = invocation.value("claimed") {
      guard invocation.arguments.isEmpty else {
        throw .usage("give either a shell or --claimed, not both", command: "completions")
      }
      guard let scope = ClaimScope(rawValue: whose) else {
        throw .usage("--claimed takes mine or all, not '\(whose)'", command: "completions")
      }
      return try listClaimed(scope, invocation)
    }
    guard let shell = invocation.arguments.first else {
      throw .usage("name a shell: bash, zsh or fish", command: "completions")
    }
    guard let script = Completions.script(for: shell, commands: LedgerCLI.commands) else {
      throw .usage(
        "no completions for '\(shell)'; choose bash, zsh or fish", command: "completions")
    }
    invocation.output.write(script)
    return .success
  }

  /// Prints the active claimed specs (the session's own, or all), one a line, skipping any
  /// that would not survive a shell's line splitting.
  private static func listClaimed(_ scope: ClaimScope, _ invocation: Invocation)
    throws(LedgerError) -> ExitCode
  {
    let me = try invocation.session().id
    if scope == .mine && me == nil { return .success }
    let workspace = try Workspace.open(invocation.context)
    var seen = Set<String>()
    for claim in try workspace.ledger().activeClaims
    where scope == .all || claim.session == me {
      let text = claim.spec.text
      guard !text.contains(where: { $0.isNewline }), seen.insert(text).inserted else { continue }
      invocation.output.line(text)
    }
    return .success
  }
}
