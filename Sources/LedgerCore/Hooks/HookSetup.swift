/// What every hook needs before it can decide anything, gathered with one round of git queries
/// run in parallel: where the repository is, its settings, the session, and the ledger.
struct HookSetup {
  let context: ProcessContext
  let git: Git
  let repository: Repository
  let settings: LedgerSettings
  let config: GitConfig
  let session: SessionID?
  /// The results of the extra commands passed to `load`, in order.
  let extra: [ProcessResult]
  /// The git process running the hook.
  let gitProcessID: Int32
  /// Where this commit's note lives (`nil` when no private folder is available).
  let attempt: CommitAttempt.Location?
  /// The note pre-commit left for this commit, if any.
  let note: CommitAttempt?

  /// Resolves the session first (an invalid id stops the hook before any git query), then
  /// learns the repository and configuration: from pre-commit's note when `reuseNote` and there
  /// is one (no git query at all), otherwise by running the discovery and configuration queries
  /// together with `extra`, all at once.
  static func load(
    _ context: ProcessContext, reuseNote: Bool = true, extra: (Git) -> [Command] = { _ in [] }
  ) throws(LedgerError) -> HookSetup {
    let session = try SessionResolver.resolve(flag: nil, environment: context.environment).id
    let git = Git(context: context)
    let gitProcessID = HookSetup.gitProcess(context)
    let location = CommitAttempt.Location(
      environment: context.environment, gitProcessID: gitProcessID)
    let note = reuseNote ? location?.load() : nil
    if let note, let repository = note.repository, let config = note.config {
      let commands = extra(git)
      let results = commands.isEmpty ? [] : try git.runAll(commands)
      return HookSetup(
        context: context, git: git, repository: repository,
        settings: try LedgerSettings(config), config: config, session: session, extra: results,
        gitProcessID: gitProcessID, attempt: location, note: note)
    }
    let (repository, config, results) = try Discovery.run(context, git: git, extra: extra(git))
    return HookSetup(
      context: context, git: git, repository: repository, settings: try LedgerSettings(config),
      config: config, session: session, extra: results,
      gitProcessID: gitProcessID, attempt: location, note: note)
  }

  var store: LedgerStore {
    repository.ledger.crashing(at: context.environment["LEDGER_TEST_CRASH"])
  }

  var check: CommitCheck { CommitCheck(session: session, settings: settings, now: context.now) }

  /// The git process running the hook: the shim passes it as `LEDGER_GIT_PID` (its own parent),
  /// since a hook that is not exec'd by the shim has the shim as its parent.
  static func gitProcess(_ context: ProcessContext) -> Int32 {
    if let pid = context.environment["LEDGER_GIT_PID"].flatMap({ Int32($0) }) { return pid }
    // Run by another hook manager (husky, lefthook…): the nearest git ancestor.
    return ProcessFacts.nearestAncestor(of: context.parentProcessID, named: "git")
      ?? context.parentProcessID
  }

  /// Saves this commit's note (with the repository and configuration, for the later hooks).
  func save(_ attempt: CommitAttempt) throws(SystemError) {
    guard let location = self.attempt else { return }
    var attempt = attempt
    attempt.repository = repository
    attempt.config = config
    try location.save(attempt)
  }

  /// Opens the claims for lookup; an unreadable ledger blocks the commit (fail closed).
  func index() throws(LedgerError) -> ClaimIndex {
    do {
      return try store.index()
    } catch {
      throw LedgerError(
        .refused, error.message + "; the commit is blocked until the ledger is readable",
        hint: error.hint)
    }
  }

  /// The `LEDGER_OVERRIDE` reason, validated: one line of printable text.
  func overrideReason() throws(LedgerError) -> String? {
    guard let reason = context.environment["LEDGER_OVERRIDE"] else { return nil }
    let trimmed = Substring(reason).trimmingSpaces()
    guard !trimmed.isEmpty else {
      throw LedgerError(
        .badInput, "LEDGER_OVERRIDE is set but empty",
        hint: "Say why you override: LEDGER_OVERRIDE='reason' git commit …")
    }
    guard trimmed.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }),
      trimmed.utf8.count <= 200
    else {
      throw LedgerError(
        .badInput,
        "LEDGER_OVERRIDE must be one line of at most 200 characters without control characters",
        hint: "It becomes a commit trailer, so it cannot contain a newline.")
    }
    return String(trimmed)
  }

  /// The keys configured as trailers (`trailer.<name>.key`), which git counts as recognised.
  var configuredTrailerKeys: [String] {
    config.values.compactMap { key, values in
      key.hasPrefix("trailer.") && key.hasSuffix(".key") ? values.last.flatMap { $0 } : nil
    }
  }

  /// Writes a line prefixed with "AgentLedger: " to standard error.
  func say(_ text: String) {
    context.output.error(
      text.split(separator: "\n", omittingEmptySubsequences: false).map { "AgentLedger: " + $0 }
        .joined(separator: "\n"))
  }
}
