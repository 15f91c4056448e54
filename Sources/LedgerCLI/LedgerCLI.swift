import LedgerCore

/// The `ledger` command line: finds the subcommand, reads its arguments, runs it, and turns
/// errors into messages on standard error and the contract's exit codes.
public enum LedgerCLI {
  /// The version printed by `ledger --version` (the top-level VERSION file, when stamped).
  public static var version: String { BuildInfo.version }

  /// Every subcommand, in the order `ledger --help` lists them.
  static let commands: [CommandSpec] = [
    ClaimCommand.spec, ReleaseCommand.spec, StatusCommand.spec, WhoCommand.spec,
    CheckCommand.spec, CommitCommand.spec, StageCommand.spec, LogCommand.spec,
    SessionCommand.spec, GCCommand.spec, DoctorCommand.spec, InstallCommand.spec,
    InstallCommand.uninstallSpec, HookCommand.spec, SetupCommand.spec, CompletionsCommand.spec,
  ]

  /// Runs `ledger ARGUMENTS` (without the program name) and returns the exit status.
  /// `invalidArgument` is the position of an argument that was not valid UTF-8, if any.
  public static func run(arguments: [String], context: ProcessContext, invalidArgument: Int? = nil)
    -> Int32
  {
    let output = context.output
    if let invalidArgument {
      report(
        LedgerError(
          .badInput,
          "argument \(invalidArgument) (\(arguments[invalidArgument - 1])) is not valid UTF-8",
          hint: "AgentLedger records paths as UTF-8 text; rename the file, or claim its directory."),
        output: output)
      return arguments.first == "hook" ? ExitCode.refused.rawValue : ExitCode.badInput.rawValue
    }
    guard let first = arguments.first else {
      output.write(HelpFormatter.overview(commands))
      return ExitCode.success.rawValue
    }
    switch first {
    case "-h", "--help", "help":
      if arguments.count == 2 && arguments[1] == "--man" {
        output.write(ManPage.render(commands))
        return ExitCode.success.rawValue
      }
      if arguments.count > 1, let command = commands.first(where: { $0.name == arguments[1] }) {
        output.write(HelpFormatter.command(command))
      } else {
        output.write(HelpFormatter.overview(commands))
      }
      return ExitCode.success.rawValue
    case "--version", "version":
      output.line(BuildInfo.versionLine())
      return ExitCode.success.rawValue
    default:
      break
    }
    guard let command = commands.first(where: { $0.name == first }) else {
      report(
        .usage(
          "'\(first)' is not a ledger command\(suggestion(for: first))",
          command: nil), output: output)
      return ExitCode.badInput.rawValue
    }
    let rest = Array(arguments.dropFirst())
    if rest.prefix(while: { $0 != "--" }).contains(where: { $0 == "--help" || $0 == "-h" }) {
      output.write(HelpFormatter.command(command))
      return ExitCode.success.rawValue
    }
    do {
      let invocation = try ArgumentReader.read(rest, for: command, context: context)
      return try command.run(invocation).rawValue
    } catch {
      report(error, output: output)
      // Claude Code reads exit 2 from a hook as "deny": a hook handler's own failure is never 2.
      if command.name == "hook" && error.code == .badInput { return ExitCode.refused.rawValue }
      return error.code.rawValue
    }
  }

  static func report(_ error: LedgerError, output: Output) {
    var text = output.styled("ledger: ", .bold) + error.message
    if let hint = error.hint { text += "\n" + output.styled(hint, .dim) }
    output.error(text)
  }

  private static func suggestion(for word: String) -> String {
    let close = commands.map(\.name).filter { name in
      name.hasPrefix(word.prefix(2)) || word.hasPrefix(name.prefix(3))
    }
    guard let best = close.first else { return "" }
    return " (did you mean `ledger \(best)`?)"
  }
}
