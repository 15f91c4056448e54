/// An error a user sees: what happened (naming the file or path involved), what to do next, and
/// the exit code it maps to.
///
/// Each check defines the errors it raises next to itself, as `extension LedgerError` factory
/// functions, so a message can be read beside the code that emits it.
public struct LedgerError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The exit code the error maps to.
  public var code: ExitCode
  /// One sentence saying what happened, naming the path or file involved.
  public var message: String
  /// What the user can do next, or `nil` when nothing useful can be said.
  public var hint: String?

  /// Creates an error with its exit code, message and optional hint.
  public init(_ code: ExitCode, _ message: String, hint: String? = nil) {
    self.code = code
    self.message = message
    self.hint = hint
  }

  /// The message followed by the hint on its own line.
  public var description: String {
    guard let hint else { return message }
    return message + "\n" + hint
  }
}

extension LedgerError {
  /// Wraps a failed system call in the exit code of an environment problem.
  public static func system(_ error: SystemError, hint: String? = nil) -> LedgerError {
    LedgerError(.environment, error.description, hint: hint)
  }
}
