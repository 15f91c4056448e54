import CLibGit2

/// libgit2's global state: `git_libgit2_init` must run before any other call. Reference counted
/// by libgit2 itself, so every `initialize` is paired with a `shutdown`.
public enum LibGit2 {
  /// Initialises libgit2 (about 10 ms here: Debian's build parses the CA bundle every time).
  public static func initialize() { git_libgit2_init() }

  /// Releases what `initialize` set up.
  public static func shutdown() { git_libgit2_shutdown() }

  /// The libgit2 version, such as "1.5.1".
  public static var version: String {
    var major: Int32 = 0
    var minor: Int32 = 0
    var revision: Int32 = 0
    git_libgit2_version(&major, &minor, &revision)
    return "\(major).\(minor).\(revision)"
  }
}
