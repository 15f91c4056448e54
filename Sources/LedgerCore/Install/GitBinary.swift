/// The `git` a caller's `PATH` finds, and its version, known without running it: the liveness
/// check (`HookHealth`) may start no git process, yet must tell whether the git that will run
/// the commits honours a config-based registration.
///
/// A version is remembered by the binary's identity (device, inode, size, modification time) in
/// the private per-user folder of the hook notes, written whenever AgentLedger runs `git
/// version` (`ledger install`, `ledger doctor`). A binary never seen is read once for its
/// user-agent string (`git/X.Y.Z`, compiled into every git) and remembered: one read of the
/// binary (≈4 MB for Debian's git, 19 MB for an unstripped build) the first time, then one
/// `stat` per `PATH` folder up to git and one short file read.
public struct GitBinary: Sendable, Equatable {
  /// The path `PATH` resolves `git` to.
  public var path: String
  /// The binary's identity: `device:inode:size:mtime`.
  public var identity: String

  /// The first executable `git` on `searchPath`, or `nil`.
  public static func locate(_ searchPath: String?) -> GitBinary? {
    for folder in (searchPath ?? "/usr/bin:/bin").split(separator: ":") where folder.hasPrefix("/")
    {
      let path = FileSystem.join(String(folder), "git")
      var info = stat()
      guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(path, X_OK) == 0
      else { continue }
      return GitBinary(
        path: path,
        identity:
          "\(info.st_dev):\(info.st_ino):\(info.st_size):\(Platform.modificationTime(info).tv_sec)")
    }
    return nil
  }

  /// The file the remembered versions live in.
  static func memoryPath(_ environment: [String: String]) -> String? {
    CommitAttempt.directory(environment).map { FileSystem.join($0, "git-versions") }
  }

  /// Remembers that `binary` is `version` (one line per binary, the newest last).
  static func remember(_ binary: GitBinary, version: GitVersion, environment: [String: String]) {
    guard let path = memoryPath(environment) else { return }
    let old = (try? FileSystem.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    let kept = old.split(separator: "\n").filter { !$0.hasPrefix(binary.identity + " ") }.suffix(15)
    let text = (kept + ["\(binary.identity) \(version)"]).joined(separator: "\n") + "\n"
    try? FileSystem.writeAtomically(path, Array(text.utf8), mode: 0o600, durable: false)
  }

  /// The version of `binary`: remembered, else read from the binary once (and remembered).
  public static func version(of binary: GitBinary, environment: [String: String]) -> GitVersion? {
    if let path = memoryPath(environment), let bytes = FileSystem.readPrefix(path, count: 4096) {
      for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n")
      where line.hasPrefix(binary.identity + " ") {
        return GitVersion(parsing: String(line.dropFirst(binary.identity.count + 1)))
      }
    }
    guard let version = scan(binary.path) else { return nil }
    remember(binary, version: version, environment: environment)
    return version
  }

  /// Finds git's user agent, `git/X.Y.Z` followed by a NUL, in the binary at `path`.
  static func scan(_ path: String) -> GitVersion? {
    guard let bytes = try? FileSystem.read(path) else { return nil }
    let needle: [UInt8] = Array("git/".utf8)
    var index = 0
    let end = bytes.count - 8
    while index < end {
      if bytes[index] == needle[0] && bytes[index + 1] == needle[1] && bytes[index + 2] == needle[2]
        && bytes[index + 3] == needle[3]
      {
        var cursor = index + 4
        var dots = 0
        while cursor < bytes.count,
          (bytes[cursor] >= UInt8(ascii: "0") && bytes[cursor] <= UInt8(ascii: "9"))
            || bytes[cursor] == UInt8(ascii: ".")
        {
          if bytes[cursor] == UInt8(ascii: ".") { dots += 1 }
          cursor += 1
        }
        if dots >= 2, cursor < bytes.count,
          bytes[cursor] == 0 || bytes[cursor] == UInt8(ascii: ".")
            || bytes[cursor] == UInt8(ascii: "-")
        {
          let text = String(decoding: bytes[(index + 4)..<cursor], as: UTF8.self)
          if let version = GitVersion(parsing: text) { return version }
        }
      }
      index += 1
    }
    return nil
  }
}
