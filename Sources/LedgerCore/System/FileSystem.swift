/// What a path names, as `lstat` sees it (a symbolic link is not followed).
public enum FileKind: Sendable, Equatable {
  case file
  case directory
  case symlink
  case other
}

/// Thin, Foundation-free file operations. Every path is absolute or relative to the process's
/// working directory; callers resolve paths against their own context first.
public enum FileSystem {
  /// The kind of file at `path` without following a final symbolic link, or `nil` when nothing
  /// is there (or the path cannot be examined).
  public static func kind(of path: String) -> FileKind? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return kind(mode: info.st_mode)
  }

  /// The kind of file at `path` after following symbolic links, or `nil` when nothing is there.
  public static func resolvedKind(of path: String) -> FileKind? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return kind(mode: info.st_mode)
  }

  private static func kind(mode: mode_t) -> FileKind {
    switch mode & S_IFMT {
    case S_IFREG: return .file
    case S_IFDIR: return .directory
    case S_IFLNK: return .symlink
    default: return .other
    }
  }

  /// True when something exists at `path` (a dangling symbolic link counts).
  public static func exists(_ path: String) -> Bool { kind(of: path) != nil }

  /// The modification time of `path` in whole seconds since the epoch, or `nil`.
  public static func modificationTime(of path: String) -> Int64? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return Int64(Platform.modificationTime(info).tv_sec)
  }

  /// A fingerprint of the file at `path` that changes whenever the file is replaced or written
  /// (inode, size, modification and change times to the nanosecond); `"absent"` when there is
  /// none.
  public static func fingerprint(of path: String) -> String {
    var info = stat()
    guard lstat(path, &info) == 0 else { return "absent" }
    let modified = Platform.modificationTime(info)
    let changed = Platform.changeTime(info)
    return
      "\(info.st_ino)-\(info.st_size)-\(modified.tv_sec).\(modified.tv_nsec)-\(changed.tv_sec).\(changed.tv_nsec)"
  }

  /// The size of a file in bytes (not following a symbolic link), or `nil` when it is missing.
  public static func fileSize(of path: String) -> Int64? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return Int64(info.st_size)
  }

  /// Reads a whole file.
  public static func read(_ path: String) throws(SystemError) -> [UInt8] {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .last("open", path) }
    defer { close(fd) }
    return try readAll(fd: fd, path: path)
  }

  /// The first `count` bytes of a file (fewer when it is shorter), or `nil` when it cannot be
  /// opened: one open, one read, one close.
  public static func readPrefix(_ path: String, count: Int) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var bytes = [UInt8](repeating: 0, count: count)
    let got = bytes.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, count) }
    guard got >= 0 else { return nil }
    bytes.removeLast(count - got)
    return bytes
  }

  /// Reads a whole file, or returns `nil` when it does not exist.
  public static func readIfPresent(_ path: String) throws(SystemError) -> [UInt8]? {
    do {
      return try read(path)
    } catch {
      if error.isNotFound { return nil }
      throw error
    }
  }

  /// Reads everything left on a file descriptor.
  static func readAll(fd: Int32, path: String) throws(SystemError) -> [UInt8] {
    var info = stat()
    let hint = fstat(fd, &info) == 0 && info.st_size > 0 ? Int(info.st_size) : 4096
    var bytes = [UInt8]()
    bytes.reserveCapacity(hint + 1)
    var chunk = [UInt8](repeating: 0, count: max(65536, min(hint + 1, 1 << 22)))
    while true {
      let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        throw .last("read", path)
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
  }

  /// Writes all of `bytes` to a file descriptor, retrying short writes.
  static func writeAll(fd: Int32, _ bytes: [UInt8], path: String) throws(SystemError) {
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { buffer in
        write(fd, buffer.baseAddress! + offset, buffer.count - offset)
      }
      if written < 0 {
        if errno == EINTR { continue }
        throw .last("write", path)
      }
      offset += written
    }
  }

  /// Flushes a file descriptor to stable storage.
  static func sync(fd: Int32, path: String) throws(SystemError) {
    guard Platform.syncFile(fd) == 0 else { throw .last("fsync", path) }
  }

  /// Flushes the directory entry changes of `directory` (after a create or rename inside it).
  public static func syncDirectory(_ directory: String) throws(SystemError) {
    let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard fd >= 0 else { throw .last("open", directory) }
    defer { close(fd) }
    // Some file systems refuse fsync on a directory; the rename itself has happened.
    if fsync(fd) != 0 && errno != EINVAL && errno != EROFS { throw .last("fsync", directory) }
  }

  /// Replaces `path` atomically: the bytes go to a uniquely named temporary file in the same
  /// directory, which is flushed and renamed over `path`. Readers see the old file or the new one.
  public static func writeAtomically(
    _ path: String, _ bytes: [UInt8], mode: mode_t = 0o644, durable: Bool = true
  ) throws(SystemError) {
    let temporary = "\(path).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
    guard fd >= 0 else { throw .last("create", temporary) }
    do {
      try writeAll(fd: fd, bytes, path: temporary)
      if durable { try sync(fd: fd, path: temporary) }
      close(fd)
    } catch {
      close(fd)
      unlink(temporary)
      throw error
    }
    guard rename(temporary, path) == 0 else {
      let error = SystemError.last("rename", temporary)
      unlink(temporary)
      throw error
    }
    if durable { try syncDirectory(directoryName(of: path)) }
  }

  /// Appends `bytes` to `path` with a single `write` on an `O_APPEND` descriptor, so concurrent
  /// appenders never interleave within one record. Creates the file when needed.
  /// When `lineBased` and the file does not end with a newline (a torn last line, after a
  /// crash), a newline goes first so the new record starts a line of its own.
  public static func append(
    _ path: String, _ bytes: [UInt8], durable: Bool, lineBased: Bool = false
  ) throws(SystemError) {
    let fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw .last("open", path) }
    defer { close(fd) }
    var record = bytes
    if lineBased {
      var info = stat()
      var last: UInt8 = 10
      if fstat(fd, &info) == 0 && info.st_size > 0 && pread(fd, &last, 1, info.st_size - 1) == 1
        && last != 10
      {
        record.insert(10, at: 0)
      }
    }
    try writeAll(fd: fd, record, path: path)
    if durable && Platform.syncData(fd) != 0 { throw .last("fsync", path) }
  }

  /// Creates a directory and any missing parents. Succeeds when it already exists.
  public static func createDirectory(_ path: String, mode: mode_t = 0o755) throws(SystemError) {
    if resolvedKind(of: path) == .directory { return }
    let parent = directoryName(of: path)
    if parent != path && !parent.isEmpty && resolvedKind(of: parent) == nil {
      try createDirectory(parent, mode: mode)
    }
    if mkdir(path, mode) != 0 && errno != EEXIST { throw .last("create directory", path) }
  }

  /// Renames `source` to `destination`, replacing it.
  public static func move(_ source: String, to destination: String) throws(SystemError) {
    guard rename(source, destination) == 0 else { throw .last("rename", source) }
  }

  /// Removes a file; a file that is already gone is not an error.
  public static func remove(_ path: String) throws(SystemError) {
    if unlink(path) != 0 && errno != ENOENT { throw .last("remove", path) }
  }

  /// The names in a directory, without "." and "..", sorted.
  public static func contents(of directory: String) throws(SystemError) -> [String] {
    guard let dir = opendir(directory) else { throw .last("list", directory) }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  /// The canonical absolute path with every symbolic link resolved, or `nil` when it does not
  /// exist.
  public static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  /// The target of a symbolic link, or `nil`.
  public static func linkTarget(_ path: String) -> String? {
    var buffer = [CChar](repeating: 0, count: 4097)
    let count = readlink(path, &buffer, 4096)
    guard count >= 0 else { return nil }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// Creates a symbolic link at `path` pointing to `target`.
  public static func createSymlink(_ path: String, to target: String) throws(SystemError) {
    guard symlink(target, path) == 0 else { throw .last("create link", path) }
  }

  /// The permission bits of `path`, or `nil`.
  public static func mode(of path: String) -> mode_t? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o7777
  }

  /// True when the current user may execute `path`.
  public static func isExecutable(_ path: String) -> Bool {
    access(path, X_OK) == 0 && resolvedKind(of: path) == .file
  }

  /// Everything before the last "/" ("/" for a file at the root, "." for a bare name).
  public static func directoryName(of path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
    if slash == path.utf8.startIndex { return "/" }
    return String(path[..<slash])
  }

  /// Everything after the last "/".
  public static func baseName(of path: String) -> String {
    guard let slash = path.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
    return String(path[path.utf8.index(after: slash)...])
  }

  /// Joins two paths; an absolute `child` wins.
  public static func join(_ parent: String, _ child: String) -> String {
    if child.hasPrefix("/") || parent.isEmpty { return child }
    if child.isEmpty { return parent }
    return parent.hasSuffix("/") ? parent + child : parent + "/" + child
  }
}
