/// Everything a command reads from its process: environment, working directory, clock, input
/// and output. The library never reads these from the process itself, so tests can pass their
/// own and executables stay a few lines long.
public struct ProcessContext: Sendable {
  /// The environment variables.
  public var environment: [String: String]
  /// The absolute working directory.
  public var currentDirectory: String
  /// The current time.
  public var clock: @Sendable () -> Timestamp
  /// Standard output and error.
  public var output: Output
  /// Reads all of standard input when called.
  public var readInput: @Sendable () -> [UInt8]
  /// The process id of the caller's parent (git, when a hook runs).
  public var parentProcessID: Int32
  /// The absolute path of the running executable, when known.
  public var executablePath: String?

  /// Creates a context.
  public init(
    environment: [String: String], currentDirectory: String,
    clock: @escaping @Sendable () -> Timestamp, output: Output,
    readInput: @escaping @Sendable () -> [UInt8] = { [] }, parentProcessID: Int32 = 0,
    executablePath: String? = nil
  ) {
    self.environment = environment
    self.currentDirectory = currentDirectory
    self.clock = clock
    self.output = output
    self.readInput = readInput
    self.parentProcessID = parentProcessID
    self.executablePath = executablePath
  }

  /// The current time.
  public var now: Timestamp { clock() }

  /// This context in `directory`, without the variables git sets to pin a command to one
  /// repository (`GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE`, …): git then finds the
  /// repository of `directory` itself.
  public func located(in directory: String) -> ProcessContext {
    var context = self
    context.currentDirectory = directory
    for name in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR", "GIT_PREFIX"] {
      context.environment[name] = nil
    }
    return context
  }

  /// A command running `executable` with this context's environment and directory.
  public func command(_ executable: String, _ arguments: [String], input: [UInt8]? = nil)
    -> Command
  {
    Command(
      executable, arguments, environment: environment, directory: currentDirectory, input: input)
  }
}
