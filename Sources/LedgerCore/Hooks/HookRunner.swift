/// The entry point of `ledger-hook`: runs the hook named by the first argument with git's
/// arguments, and turns errors into messages and exit codes (any non-zero exit aborts the
/// commit, except after post-commit).
public enum HookRunner {
  /// The hooks `ledger install` wires, in the order git runs them: a commit's, a merge git
  /// concludes itself (pre-merge-commit, post-merge), `git am` and `git rebase --apply`
  /// (pre-applypatch, post-applypatch), and rewrites (post-rewrite).
  public static let hookNames = [
    "pre-commit", "pre-merge-commit", "prepare-commit-msg", "commit-msg", "post-commit",
    "post-merge", "pre-applypatch", "post-applypatch", "post-rewrite",
  ]

  /// The hooks that run after the fact: git ignores their exit status, so the hook they
  /// replaced failing does not stop AgentLedger's recording.
  public static let recordingHooks: Set<String> = [
    "post-commit", "post-merge", "post-applypatch", "post-rewrite",
  ]

  /// The hooks git gives standard input (post-rewrite's `OLD NEW` lines): read once, and handed
  /// to the hook they replaced as well.
  public static let inputHooks: Set<String> = ["post-rewrite"]

  /// Runs the hook that `ledger install` kept beside `script` (`HOOK.pre-ledger`), with the same
  /// arguments and standard input, and returns its exit status (0 when there is none).
  static func runPrevious(
    of script: String, hook: String, arguments: [String], input: [UInt8]?,
    context: ProcessContext
  )
    -> Int32
  {
    let previous = FileSystem.join(context.currentDirectory, script) + HookFile.chainedSuffix
    guard FileSystem.isExecutable(previous) else { return 0 }
    do {
      guard let input else {
        return try Subprocess.runAttached(context.command(previous, arguments))
      }
      // The same standard input for both: the previous hook's output goes where git sends a
      // hook's (standard error).
      let result = try Subprocess.runAll([context.command(previous, arguments, input: input)])[0]
      let text = String(decoding: result.output + result.errorOutput, as: UTF8.self)
      if !text.isEmpty { context.output.error(String(text.dropLast(text.hasSuffix("\n") ? 1 : 0))) }
      return result.status
    } catch {
      context.output.error("AgentLedger: cannot run \(previous): \(error.reason)")
      return 1
    }
  }

  /// Runs `ledger-hook HOOK ARGUMENTS…`.
  public static func run(arguments: [String], context: ProcessContext) -> Int32 {
    guard let first = arguments.first else {
      context.output.error(
        "usage: ledger-hook HOOK [ARGUMENTS…], where HOOK is one of \(hookNames.joined(separator: ", "))\n"
          + "It is run by the hooks `ledger install` puts in the repository's hooks folder.")
      return ExitCode.badInput.rawValue
    }
    var hook = first
    // Run from lefthook's config, an argument git did not give arrives as `{N}`.
    var rest = droppingUnfilledPlaceholders(Array(arguments.dropFirst()))
    var context = context
    if hook != ConcurrentCheck.workerHook && hook != PostCommitHook.recorderHook {
      // A hook git runs learns its commit attempt from git's process, never from a variable a
      // caller could set (`LEDGER_ATTEMPT=… git commit --no-verify` must prove nothing).
      context.environment[HookSetup.attemptVariable] = nil
    }
    var input: [UInt8]?
    if hook.hasPrefix("--run=") {
      // Started by a direct hook file's `#!` line: ARGUMENTS are the file's path, then git's.
      hook = String(hook.dropFirst("--run=".count))
      guard let script = rest.first else {
        context.output.error("AgentLedger: ledger-hook --run=\(hook) needs the hook file's path")
        return ExitCode.badInput.rawValue
      }
      rest.removeFirst()
      if inputHooks.contains(hook) { input = context.readInput() }
      let status = runPrevious(
        of: script, hook: hook, arguments: rest, input: input, context: context)
      if status != 0 && !recordingHooks.contains(hook) { return status }
      if hook == "pre-commit" && ConcurrentCheck.start(context, script: script) {
        return ExitCode.success.rawValue
      }
    }
    do {
      switch hook {
      case "pre-commit": return try PreCommitHook.run(context).rawValue
      case "prepare-commit-msg":
        return try PrepareCommitMsgHook.run(context, arguments: rest).rawValue
      case "commit-msg": return try CommitMsgHook.run(context, arguments: rest).rawValue
      case "post-commit": return PostCommitHook.run(context).rawValue
      case "pre-merge-commit": return try PreMergeCommitHook.run(context).rawValue
      case "post-merge": return PostMergeHook.run(context, arguments: rest).rawValue
      case "pre-applypatch": return try ApplypatchHooks.runPre(context).rawValue
      case "post-applypatch": return ApplypatchHooks.runPost(context).rawValue
      case "post-rewrite":
        return PostRewriteHook.run(
          context, arguments: rest, input: input ?? context.readInput()
        ).rawValue
      case ConcurrentCheck.workerHook: return ConcurrentCheck.runWorker(context).rawValue
      case PostCommitHook.recorderHook: return PostCommitHook.runRecorder(context).rawValue
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

  /// `arguments` without the placeholders lefthook (which runs the hooks from its config)
  /// left unfilled: `{2}` when git gave no second argument.
  static func droppingUnfilledPlaceholders(_ arguments: [String]) -> [String] {
    var arguments = arguments
    while let last = arguments.last, last.count >= 3, last.first == "{", last.last == "}",
      last.dropFirst().dropLast().allSatisfy(\.isNumber)
    {
      arguments.removeLast()
    }
    return arguments
  }
}
