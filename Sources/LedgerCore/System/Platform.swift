// The one place that names the C library and the calls whose spelling differs by platform
// (docs/PORTING.md lists every OS-specific call and its macOS equivalent).
#if canImport(Glibc)
  @_exported import Glibc
#elseif canImport(Musl)
  @_exported import Musl
#else
  #error(
    "AgentLedger builds on Linux (glibc or musl) only for now; docs/PORTING.md lists what a port needs."
  )
#endif

/// Platform-specific spellings of file and process calls (Linux).
public enum Platform {
  /// Makes a file's data durable (`fdatasync`; macOS: `fcntl(F_FULLFSYNC)`). Returns 0 or -1
  /// with `errno` set, like the call it wraps.
  static func syncData(_ fd: Int32) -> Int32 { fdatasync(fd) }

  /// Makes a file's data and metadata durable (`fsync`; macOS: `fcntl(F_FULLFSYNC)`).
  static func syncFile(_ fd: Int32) -> Int32 { fsync(fd) }

  /// The modification time of a `stat` result (`st_mtim`; macOS: `st_mtimespec`).
  static func modificationTime(_ info: stat) -> timespec { info.st_mtim }

  /// The status-change time of a `stat` result (`st_ctim`; macOS: `st_ctimespec`).
  static func changeTime(_ info: stat) -> timespec { info.st_ctim }

  /// Where the running executable's path can be read (`/proc/self/exe`; macOS:
  /// `_NSGetExecutablePath`).
  static let executableLink = "/proc/self/exe"
}
