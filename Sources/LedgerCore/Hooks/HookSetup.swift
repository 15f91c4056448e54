/// What every hook needs before it can decide anything: where the repository is, its settings,
/// the session, and the ledger — from pre-commit's note, the `RepositoryCache`, or one round of
/// git queries run in parallel.
struct HookSetup {
  let context: ProcessContext
  let git: Git
  let repository: Repository
  let settings: LedgerSettings
  let config: GitConfig
  let session: SessionID?
  /// The results of the extra commands passed to `load`, in order.
  let extra: [ProcessResult]
  /// The git process running the hook, as the mounted `/proc` numbers it (0 when unknown).
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
    let identity = HookSetup.attemptIdentity(context)
    let gitProcessID = identity?.pid ?? 0
    let location = CommitAttempt.Location(environment: context.environment, identity: identity)
    let note = reuseNote ? location?.load(directory: context.currentDirectory) : nil
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

  /// The variable that hands a commit attempt's identity to the processes AgentLedger starts
  /// for it (the concurrent check, the recorder); `HookRunner` removes it from the hooks git
  /// runs, so no caller can make a commit pass for another attempt.
  static let attemptVariable = "LEDGER_ATTEMPT"

  /// The commit attempt this hook belongs to: the one it was started for (`LEDGER_ATTEMPT`),
  /// else the git process running it (`CommitAttemptIdentity.ofRunningGit`).
  static func attemptIdentity(_ context: ProcessContext) -> CommitAttemptIdentity? {
    if let name = context.environment[attemptVariable] {
      return CommitAttemptIdentity(name: name)
    }
    return CommitAttemptIdentity.ofRunningGit()
  }

  /// Saves this commit's note (with the repository and configuration, for the later hooks).
  func save(_ attempt: CommitAttempt) throws(SystemError) {
    guard let location = self.attempt else { return }
    var attempt = attempt
    attempt.repository = repository
    attempt.config = config
    try location.save(attempt, directory: context.currentDirectory)
  }

  /// Opens the claims for lookup; an unreadable ledger blocks the commit (fail closed).
  func index() throws(LedgerError) -> ClaimIndex {
    try Self.failingClosed { () throws(LedgerError) in try store.index() }
  }

  /// Runs `body`, which reads the ledger; an unreadable ledger — found on opening it, or by a
  /// lookup that meets a line whose check fails — blocks the commit (exit 1).
  static func failingClosed<Value>(_ body: () throws(LedgerError) -> Value) throws(LedgerError)
    -> Value
  {
    do {
      return try body()
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
