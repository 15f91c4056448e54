/// A repository opened for a `ledger` command: where it is, its settings, its ledger, and how
/// to read paths typed in the caller's directory. Discovery asks git twice, in parallel, unless
/// `RepositoryCache` remembers the answer.
public struct Workspace: Sendable {
  /// The caller's process.
  public let context: ProcessContext
  /// Runs git for the caller.
  public let git: Git
  /// Where the repository is.
  public let repository: Repository
  /// The validated settings.
  public let settings: LedgerSettings
  /// The ledger.
  public let store: LedgerStore
  /// `core.hooksPath`, when set (where git runs hooks from).
  public let hooksPath: String?
  /// The repository's configuration, as discovery read it.
  public let config: GitConfig

  /// Opens the repository around `context.currentDirectory`.
  public static func open(_ context: ProcessContext) throws(LedgerError) -> Workspace {
    let git = Git(context: context)
    let (repository, config, _) = try Discovery.run(context, git: git)
    let settings = try LedgerSettings(config)
    return Workspace(
      context: context, git: git, repository: repository, settings: settings,
      store: repository.ledger.crashing(at: context.environment["LEDGER_TEST_CRASH"]),
      hooksPath: config.string("core.hooksPath"), config: config)
  }

  /// Reads specs typed relative to the caller's directory.
  public var normalizer: PathNormalizer {
    PathNormalizer(
      workTree: repository.workTree, prefix: repository.prefix, ignoreCase: settings.ignoreCase)
  }

  /// How long a writer waits for the ledger lock (`LEDGER_LOCK_TIMEOUT`, seconds).
  public var lockTimeout: Double {
    context.environment["LEDGER_LOCK_TIMEOUT"].flatMap(Double.init) ?? LedgerLock.defaultTimeout
  }

  /// Changes the ledger under its lock (see `LedgerStore.update`).
  public func update<Result>(
    holder: String, _ change: (inout Ledger) throws(LedgerError) -> Result
  ) throws(LedgerError) -> Result {
    recordCreation()
    return try store.update(
      now: context.now, ignoreCase: settings.ignoreCase, holder: holder, timeout: lockTimeout,
      change)
  }

  /// Claims `specs` for `session` (see `LedgerStore.claim`).
  public func claim(
    _ specs: [PathSpec], session: SessionID, ttl: Duration?, note: String?, stealReason: String?,
    holder: String
  ) throws(LedgerError) -> Ledger.ClaimOutcome {
    recordCreation()
    return try store.claim(
      specs, session: session, ttl: ttl, note: note, stealReason: stealReason,
      now: context.now, ignoreCase: settings.ignoreCase, holder: holder, timeout: lockTimeout)
  }

  /// Releases the named specs of `session` (see `LedgerStore.release`).
  public func release(_ specs: [PathSpec], session: SessionID, holder: String)
    throws(LedgerError) -> [Claim]
  {
    recordCreation()
    return try store.release(
      specs, session: session, now: context.now, ignoreCase: settings.ignoreCase,
      holder: holder, timeout: lockTimeout)
  }

  /// Records where the ledger began when this write is about to create it (see
  /// `LedgerCreation`); best effort, since the write itself reports an unwritable ledger.
  func recordCreation() {
    _ = try? LedgerCreation.recordIfNew(store, git: git, now: context.now)
  }

  /// The current claims, read without locking.
  public func ledger() throws(LedgerError) -> Ledger {
    Ledger(claims: try store.loadClaims(), now: context.now, ignoreCase: settings.ignoreCase)
  }
}
