/// pre-commit's check, run beside git's own work instead of in front of it.
///
/// After pre-commit returns, `git commit` re-reads the whole index and writes the trees before
/// it runs prepare-commit-msg; the check's own cost is also mostly one read of the whole index
/// (`git diff --cached`). When `git commit` runs the hooks, pre-commit therefore only starts
/// the check in a second process and returns at once; the check holds an `flock` on its lock
/// file until its verdict is saved in the commit's note, and prepare-commit-msg — which git
/// runs before it writes the commit, and whose failure aborts the commit just as pre-commit's
/// does — waits for that lock and prints the verdict and fails the commit when it blocks. At
/// 100,000 files this cut what the hooks add over four no-op hooks from ≈37 ms to ≈10 ms
/// (docs/ARCHITECTURE.md).
///
/// It is used only when nothing can skip the second half: git itself runs the hook for
/// `git commit` (not a hook manager, not `git hook run`), and the prepare-commit-msg hook beside
/// it is AgentLedger's. If the check process dies without a verdict, prepare-commit-msg runs
/// the check itself (fail closed). `LEDGER_PRE_COMMIT=wait` makes pre-commit decide in front.
public enum ConcurrentCheck {
  /// The hook name `ledger-hook` runs the check process under.
  static let workerHook = "pre-commit-check"

  /// How long prepare-commit-msg waits for the check before it gives up and blocks.
  static let timeout = 300.0

  /// Starts the check in a second process when that is safe (see the type's summary) and
  /// returns true; false means pre-commit must decide itself, now.
  static func start(_ context: ProcessContext, script: String) -> Bool {
    guard context.environment["LEDGER_PRE_COMMIT"] != "wait",
      let executable = context.executablePath
    else { return false }
    // The direct hook file's parent is git itself: it must be `git commit`.
    guard context.environment["LEDGER_GIT_PID"] == nil,
      let identity = CommitAttemptIdentity.ofRunningGit(),
      ProcessFacts.status("self")?.parent == identity.pid,
      let commandLine = ProcessFacts.commandLine(of: identity.pid),
      Git.subcommand(of: commandLine) == "commit"
    else { return false }
    // prepare-commit-msg, which acts on the verdict, must be AgentLedger's.
    let hooks = FileSystem.directoryName(of: FileSystem.join(context.currentDirectory, script))
    let prepare = FileSystem.join(hooks, "prepare-commit-msg")
    guard FileSystem.isExecutable(prepare), let text = try? FileSystem.read(prepare),
      HookFile.isOurs(String(decoding: text.prefix(512), as: UTF8.self))
    else { return false }
    return launch(context, identity: identity, executable: executable)
  }

  /// Starts the check for a pre-commit git ran from a config-based registration, when git
  /// itself is `git commit` (no shell between: the command `exec`s) and AgentLedger's
  /// prepare-commit-msg will run (registered, or its own file). See `ConfigHooks`.
  static func startFromRegistration(
    _ context: ProcessContext, prepareCommitMsgRuns: Bool
  ) -> Bool {
    guard prepareCommitMsgRuns, context.environment["LEDGER_PRE_COMMIT"] != "wait",
      context.environment["LEDGER_GIT_PID"] == nil,
      let executable = context.executablePath,
      let identity = CommitAttemptIdentity.ofRunningGit(),
      ProcessFacts.status("self")?.parent == identity.pid,
      let commandLine = ProcessFacts.commandLine(of: identity.pid),
      Git.subcommand(of: commandLine) == "commit"
    else { return false }
    return launch(context, identity: identity, executable: executable)
  }

  /// Starts the check process for the attempt `identity`, holding its lock; false when it
  /// cannot (pre-commit then decides itself).
  private static func launch(
    _ context: ProcessContext, identity: CommitAttemptIdentity, executable: String
  ) -> Bool {
    guard
      let location = CommitAttempt.Location(environment: context.environment, identity: identity)
    else { return false }
    // A new attempt: clear what ended ones left, and any note of this one (a sequencer runs
    // several commits in one git process).
    CommitAttempt.pruneEnded(context.environment, keeping: identity)
    location.remove()
    let lockPath = location.path + ".check"
    let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
    var environment = context.environment
    environment[HookSetup.attemptVariable] = identity.name
    let command = Command(
      executable, [workerHook], environment: environment, directory: context.currentDirectory)
    do {
      _ = try Subprocess.startDetached(command, handOver: fd)
      return true
    } catch {
      try? FileSystem.remove(lockPath)
      return false
    }
  }

  /// The check process: decides as pre-commit would, saves the verdict and what it would have
  /// printed in the commit's note, and exits (which releases the lock it was handed as fd 3).
  static func runWorker(_ context: ProcessContext) -> ExitCode {
    // The lock stays with this process, not with the git processes it starts.
    _ = fcntl(3, F_SETFD, FD_CLOEXEC)
    let report = Transcript()
    var quiet = context
    quiet.output = Output(out: { report.append($0) }, error: { report.append($0) })
    let code: ExitCode
    do {
      code = try PreCommitHook.decide(quiet, recordAttempt: true).code
    } catch {
      var text = "AgentLedger: pre-commit: " + error.message
      if let hint = error.hint { text += "\nAgentLedger: " + hint }
      report.append(text + "\n")
      code = error.code
    }
    if context.environment["LEDGER_TEST_CRASH"] == "check" { _exit(9) }
    guard
      let location = CommitAttempt.Location(
        environment: context.environment, identity: HookSetup.attemptIdentity(context))
    else { return code }
    // On a pass, `decide` saved the note (repository, configuration, override): add the verdict.
    var attempt = location.load(directory: context.currentDirectory) ?? CommitAttempt()
    attempt.preCommitRan = true
    attempt.check = (code.rawValue, report.text)
    try? location.save(attempt, directory: context.currentDirectory)
    return code
  }

  /// For prepare-commit-msg: when pre-commit left its check running beside git, waits for it
  /// and returns the exit code that fails the commit (after printing the report), or `nil` when
  /// the commit may go on. When the check died without a verdict, checks here instead.
  static func awaitVerdict(_ context: ProcessContext) throws(LedgerError) -> ExitCode? {
    guard
      let location = CommitAttempt.Location(
        environment: context.environment, identity: HookSetup.attemptIdentity(context))
    else { return nil }
    let lockPath = location.path + ".check"
    let fd = open(lockPath, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
    guard fd >= 0 else { return nil }
    defer {
      try? FileSystem.remove(lockPath)
      close(fd)
    }
    let start = monotonicSeconds()
    var pause: UInt32 = 100
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR else { break }
      if monotonicSeconds() - start >= timeout {
        throw LedgerError(
          .refused,
          "pre-commit's check did not finish within \(Int(timeout))s; the commit is blocked",
          hint:
            "Try again; `LEDGER_PRE_COMMIT=wait git commit …` runs the check in pre-commit itself.")
      }
      usleep(pause)
      pause = min(pause * 2, 1000)
    }
    if let check = location.load(directory: context.currentDirectory)?.check {
      if !check.report.isEmpty { context.output.error(String(check.report.dropLast())) }
      if check.code == 0 { return nil }
      location.remove()  // the commit ends here; no later hook reads the note
      return ExitCode(rawValue: check.code) ?? .refused
    }
    // The check process ended without a verdict (killed, crashed): decide now.
    let outcome = try PreCommitHook.decide(context, recordAttempt: true)
    return outcome.code == .success ? nil : outcome.code
  }
}

/// Text collected from an `Output`, for a process whose streams go nowhere.
private final class Transcript: @unchecked Sendable {
  private(set) var text = ""
  func append(_ more: String) { text += more }
}
