/// The user's private folder for what AgentLedger keeps between processes outside any
/// repository — the notes of commit attempts, the remembered repository layouts, scratch
/// indexes: `$XDG_RUNTIME_DIR/agentledger`, else `$TMPDIR/agentledger-UID`, mode 0700, checked
/// to be the user's own directory and not a link. A later hook has to find it before it knows
/// where the repository is.
public enum PrivateFolder {
  /// The folder, created on first use; `nil` when it cannot be trusted (not a directory, not
  /// the user's, or open to others).
  public static func path(_ environment: [String: String]) -> String? {
    let uid = getuid()
    let path: String
    if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/"),
      FileSystem.resolvedKind(of: runtime) == .directory
    {
      path = FileSystem.join(runtime, "agentledger")
    } else {
      var temporary = environment["TMPDIR"] ?? "/tmp"
      if !temporary.hasPrefix("/") { temporary = "/tmp" }
      path = FileSystem.join(temporary, "agentledger-\(uid)")
    }
    if mkdir(path, 0o700) != 0 && errno != EEXIST { return nil }
    var info = stat()
    guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == uid,
      info.st_mode & 0o077 == 0
    else { return nil }
    return path
  }
}
