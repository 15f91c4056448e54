/// Runs the `git` that the user (or the hook's git) would run: found on the context's `PATH`,
/// in the context's directory, with the context's environment — so `GIT_DIR`, `GIT_INDEX_FILE`
/// and `git -c` settings (`GIT_CONFIG_PARAMETERS`) given to a hook apply to every query.
public struct Git: Sendable {
  /// The environment and directory git runs with.
  public var context: ProcessContext

  /// A runner for `context`.
  public init(context: ProcessContext) { self.context = context }

  /// The command `git ARGUMENTS`.
  ///
  /// `GIT_OPTIONAL_LOCKS=0`: our queries (`status`, `diff`) never take `index.lock` to write
  /// back a refreshed index, so they cannot race another session's `git add` or commit in a
  /// shared checkout (git's own writes still take their locks).
  public func command(_ arguments: [String], input: [UInt8]? = nil) -> Command {
    var command = context.command("git", arguments, input: input)
    command.environment["GIT_OPTIONAL_LOCKS"] = "0"
    return command
  }

  /// Runs `git ARGUMENTS` and returns what it left.
  public func run(_ arguments: [String], input: [UInt8]? = nil) throws(LedgerError)
    -> ProcessResult
  {
    try runAll([command(arguments, input: input)])[0]
  }

  /// Runs several git commands at once and returns their results in order.
  public func runAll(_ commands: [Command]) throws(LedgerError) -> [ProcessResult] {
    do {
      return try Subprocess.runAll(commands)
    } catch {
      throw LedgerError(
        .environment, "cannot run git: \(error.reason)",
        hint: "Install git (2.31 or newer) and make sure it is on PATH.")
    }
  }

  /// Runs `git ARGUMENTS` and returns its output, or throws with git's own message.
  public func output(_ arguments: [String], input: [UInt8]? = nil) throws(LedgerError) -> [UInt8] {
    let result = try run(arguments, input: input)
    guard result.status == 0 else { throw .gitFailed(arguments, result) }
    return result.output
  }

  /// Splits `-z` output into its NUL-terminated fields.
  public static func fields(_ bytes: [UInt8]) -> [String] {
    var fields: [String] = []
    var start = 0
    for index in bytes.indices where bytes[index] == 0 {
      fields.append(String(decoding: bytes[start..<index], as: UTF8.self))
      start = index + 1
    }
    if start < bytes.count { fields.append(String(decoding: bytes[start...], as: UTF8.self)) }
    return fields
  }

  /// The git subcommand of a git command line (`commit` for `git -C dir -c k=v commit -m x`).
  static func subcommand(of commandLine: [String]) -> String? {
    subcommandPosition(of: commandLine)?.name
  }

  /// The git subcommand of a git command line and its index (its options follow it).
  static func subcommandPosition(of commandLine: [String]) -> (name: String, index: Int)? {
    let valued: Set<String> = [
      "-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env", "--super-prefix",
    ]
    var index = 1
    while index < commandLine.count {
      let argument = commandLine[index]
      if valued.contains(argument) {
        index += 2
        continue
      }
      if argument.hasPrefix("-") {
        index += 1
        continue
      }
      return (argument, index)
    }
    return nil
  }
}

extension LedgerError {
  public static func gitFailed(_ arguments: [String], _ result: ProcessResult) -> LedgerError {
    let message =
      result.errorText.split(separator: "\n").first.map(String.init) ?? "exit \(result.status)"
    return LedgerError(
      .environment, "`git \(arguments.prefix(3).joined(separator: " "))` failed: \(message)")
  }

}
