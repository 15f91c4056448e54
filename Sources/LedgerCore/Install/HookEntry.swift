/// The entry point of the `ledger-hook` executable: what git (or a hook file) starts, before
/// `HookRunner` runs the hook itself. It knows how AgentLedger was wired: `--via-config HOOK`
/// (a config-based registration, git ≥ 2.54) and `--shim HOOK` (prints the hook file
/// `ledger install` writes).
public enum HookEntry {
  /// Runs `ledger-hook ARGUMENTS` and returns its exit status.
  public static func run(arguments: [String], context: ProcessContext) -> Int32 {
    if arguments.count >= 2, arguments[0] == "--shim", HookRunner.hookNames.contains(arguments[1]) {
      // Keeps the top-level hooks/ folder true.
      context.output.write(
        HookShim.render(
          hook: arguments[1], hookBinary: arguments.count > 2 ? arguments[2] : "@LEDGER_HOOK@"))
      return ExitCode.success.rawValue
    }
    guard arguments.count >= 2, arguments[0] == ConfigHooks.flag else {
      return HookRunner.run(arguments: arguments, context: context)
    }
    // Started by a config-based registration: ARGUMENTS are the event, then git's. The hooks
    // folder's file runs after it; when that is AgentLedger's, it acts.
    let hook = arguments[1]
    var context = context
    // The attempt is learnt from git's process, never from a variable a caller could set.
    context.environment[HookSetup.attemptVariable] = nil
    if ConfigHooks.fileWillRun(hook, context: context) {
      if HookRunner.inputHooks.contains(hook) { _ = context.readInput() }
      return ExitCode.success.rawValue
    }
    if hook == "pre-commit" && ConfigHooks.startCheck(context) {
      return ExitCode.success.rawValue
    }
    return HookRunner.run(arguments: Array(arguments.dropFirst()), context: context)
  }
}
