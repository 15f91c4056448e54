/// Where a command's text goes: standard output, standard error and whether colour is welcome.
///
/// Executables build one from the real file descriptors; tests capture the text instead.
public struct Output: Sendable {
  private let writeOut: @Sendable (String) -> Void
  private let writeError: @Sendable (String) -> Void
  /// True when standard output is a terminal and `NO_COLOR` is not set.
  public var colors: Bool

  /// Creates an output from two writers.
  public init(
    colors: Bool = false, out: @escaping @Sendable (String) -> Void,
    error: @escaping @Sendable (String) -> Void
  ) {
    self.colors = colors
    self.writeOut = out
    self.writeError = error
  }

  /// Writes `text` to standard output as is.
  public func write(_ text: String) { writeOut(text) }

  /// Writes `text` and a newline to standard output.
  public func line(_ text: String = "") { writeOut(text + "\n") }

  /// Writes `text` and a newline to standard error.
  public func error(_ text: String) { writeError(text + "\n") }

  /// Wraps `text` in an ANSI style when colours are on.
  public func styled(_ text: String, _ style: TextStyle) -> String {
    colors ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
  }

  /// An output that discards everything.
  public static let discard = Output(out: { _ in }, error: { _ in })
}

/// The few ANSI styles the human-readable output uses.
public enum TextStyle: String, Sendable {
  case bold = "1"
  case dim = "2"
  case red = "31"
  case green = "32"
  case yellow = "33"
  case cyan = "36"
}
