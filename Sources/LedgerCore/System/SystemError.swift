/// A failed system call: the operation, the path it acted on and `errno`.
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A short verb phrase such as "open" or "rename".
  public var operation: String
  /// The file the call acted on.
  public var path: String
  /// The `errno` value the call left.
  public var code: Int32

  /// Creates an error from an operation, a path and an `errno` value.
  public init(_ operation: String, _ path: String, code: Int32) {
    self.operation = operation
    self.path = path
    self.code = code
  }

  /// Captures the current `errno`.
  static func last(_ operation: String, _ path: String) -> SystemError {
    SystemError(operation, path, code: errno)
  }

  /// The C library's text for the error code.
  public var reason: String {
    guard let text = strerror(code) else { return "error \(code)" }
    return String(cString: text)
  }

  /// "cannot OPERATION PATH: REASON".
  public var description: String { "cannot \(operation) \(path): \(reason)" }

  /// True when the error says the file does not exist.
  public var isNotFound: Bool { code == ENOENT || code == ENOTDIR }
}
