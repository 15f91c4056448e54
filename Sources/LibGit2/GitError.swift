import CLibGit2

/// A failed libgit2 call: its return code, error class and libgit2's message.
public struct GitError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The negative return code (`GIT_ENOTFOUND`, …).
  public let code: Int32
  /// libgit2's error class (`GIT_ERROR_INDEX`, …), or 0 when none was set.
  public let errorClass: Int32
  /// libgit2's message.
  public let message: String

  /// Captures libgit2's last error right after a failed call (the next call may overwrite it).
  init(code: Int32) {
    self.code = code
    if let error = git_error_last(), let text = error.pointee.message {
      message = String(cString: text)
      errorClass = error.pointee.klass
    } else {
      message = "unknown libgit2 error"
      errorClass = 0
    }
  }

  /// True for `GIT_ENOTFOUND`.
  public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

  public var description: String { "libgit2 error \(code): \(message)" }
}

/// Throws a `GitError` when a libgit2 call returned a negative code.
@discardableResult
func check(_ code: Int32) throws(GitError) -> Int32 {
  if code < 0 { throw GitError(code: code) }
  return code
}
