/// The entry point of `ledger-hook`: runs the hook named by the first argument with git's
/// arguments, and turns errors into messages and exit codes (any non-zero exit aborts the
/// commit, except after post-commit).
public enum HookRunner {
  /// The hooks `ledger install` wires, in the order git runs them.
  public static let hookNames = ["pre-commit", "prepare-commit-msg", "commit-msg", "post-commit"]

  /// Runs `ledger-hook HOOK ARGUMENTS…`.
  public static func run(arguments: [String], context: ProcessContext) -> Int32 {
    guard let hook = arguments.first else {
      context.output.error(
        "usage: ledger-hook HOOK [ARGUMENTS…], where HOOK is one of \(hookNames.joined(separator: ", "))\n"
          + "It is run by the hooks `ledger install` puts in the repository's hooks folder.")
      return ExitCode.badInput.rawValue
    }
    let rest = Array(arguments.dropFirst())
    if hook == "--shim", let name = rest.first, hookNames.contains(name) {
      // Prints the shim `ledger install` writes (used to keep the top-level hooks/ folder true).
      context.output.write(
        HookShim.render(hook: name, hookBinary: rest.count > 1 ? rest[1] : "@LEDGER_HOOK@"))
      return ExitCode.success.rawValue
    }
    do {
      switch hook {
      case "pre-commit": return try PreCommitHook.run(context).rawValue
      case "prepare-commit-msg":
        return try PrepareCommitMsgHook.run(context, arguments: rest).rawValue
      case "commit-msg": return try CommitMsgHook.run(context, arguments: rest).rawValue
      case "post-commit": return PostCommitHook.run(context).rawValue
      default:
        context.output.error(
          "AgentLedger: unknown hook '\(hook)'; expected one of \(hookNames.joined(separator: ", "))"
        )
        return ExitCode.badInput.rawValue
      }
    } catch {
      var text = "AgentLedger: \(hook): " + error.message
      if let hint = error.hint { text += "\nAgentLedger: " + hint }
      context.output.error(text)
      return error.code.rawValue
    }
  }
}
