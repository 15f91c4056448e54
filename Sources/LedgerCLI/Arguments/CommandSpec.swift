import LedgerCore

/// One option a command accepts: a flag (`--json`) or an option with a value (`--ttl DUR`).
struct OptionSpec: Sendable {
  /// The long name without dashes.
  var name: String
  /// An optional one-letter alias.
  var short: Character?
  /// The placeholder of the value, or `nil` for a flag.
  var value: String?
  /// One line of help.
  var help: String

  static func flag(_ name: String, short: Character? = nil, _ help: String) -> OptionSpec {
    OptionSpec(name: name, short: short, value: nil, help: help)
  }

  static func option(_ name: String, _ value: String, _ help: String) -> OptionSpec {
    OptionSpec(name: name, short: nil, value: value, help: help)
  }

  /// `--session ID`, accepted by every command that acts for a session.
  static let session = option("session", "ID", "Act for this session (overrides LEDGER_SESSION).")
  /// `--json`, accepted by every command that lists things.
  static let json = flag("json", "Print JSON instead of text.")
}

/// A `ledger` subcommand: its name, help text, options, and what it runs.
struct CommandSpec: Sendable {
  /// The word after `ledger`.
  var name: String
  /// One line for the command list.
  var summary: String
  /// The usage line(s), without the leading `ledger `.
  var usage: [String]
  /// A paragraph or two of explanation.
  var discussion: String
  /// Example invocations, each with a comment.
  var examples: [(command: String, comment: String)]
  /// The options.
  var options: [OptionSpec]
  /// The fewest and most positional arguments (`nil`: no limit).
  var positionals: (minimum: Int, maximum: Int?)
  /// When true, unknown options are kept as positionals for the command to pass on.
  var passesThrough = false
  /// What the shell completions offer for the positional arguments.
  var completes: ArgumentCompletion = .files
  /// Runs the command.
  var run: @Sendable (Invocation) throws(LedgerError) -> ExitCode
}

/// A parsed command line and the process it runs in.
struct Invocation: Sendable {
  /// The command being run.
  var command: CommandSpec
  /// Option values by long name (repeated options keep every value).
  var values: [String: [String]]
  /// The flags that were given.
  var flags: Set<String>
  /// The positional arguments, in order.
  var arguments: [String]
  /// The caller's process.
  var context: ProcessContext

  /// The last value of an option.
  func value(_ name: String) -> String? { values[name]?.last }

  /// True when a flag was given.
  func flag(_ name: String) -> Bool { flags.contains(name) }

  /// Where text goes.
  var output: Output { context.output }

  /// True when `--json` was given.
  var json: Bool { flag("json") }

  /// Resolves the session (`--session`, then the environment).
  func session() throws(LedgerError) -> ResolvedSession {
    try SessionResolver.resolve(flag: value("session"), environment: context.environment)
  }

  /// Resolves the session and fails with exit 2 when there is none.
  func requiredSession() throws(LedgerError) -> SessionID {
    guard let id = try session().id else { throw .noSession(for: command.name) }
    return id
  }
}

extension LedgerError {
  /// A usage mistake, with a pointer to the command's help.
  static func usage(_ message: String, command: String?) -> LedgerError {
    LedgerError(
      .badInput, message,
      hint: command.map { "See `ledger \($0) --help`." } ?? "See `ledger --help`.")
  }
}
