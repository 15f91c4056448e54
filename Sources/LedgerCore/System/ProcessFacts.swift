/// Facts about processes, read from `/proc` (Linux); `nil` where unavailable.
///
/// PIDs are always those of the mounted `/proc`, reached from `/proc/self`: in a new PID
/// namespace that still shows the host's `/proc` (`unshare --pid` without `--mount-proc`,
/// `bwrap --unshare-pid` without `--proc`), `getppid()` answers in the namespace while `/proc`
/// answers for the host, and mixing the two reads another process's facts.
public enum ProcessFacts {
  /// The identity fields of one process as a `/proc` shows it.
  public struct Status: Equatable, Sendable {
    /// The process's pid in the mounted `/proc`'s namespace.
    public var pid: Int32
    /// Its parent's pid, in the same namespace.
    public var parent: Int32
    /// Its start time in clock ticks since boot, which with the pid identifies a process even
    /// after its pid is reused.
    public var start: UInt64
  }

  /// The status of `/proc/NAME/stat` (`self` or a pid as the mounted `/proc` numbers it).
  public static func status(_ name: String) -> Status? {
    guard let bytes = try? FileSystem.read("/proc/\(name)/stat"),
      let close = bytes.lastIndex(of: UInt8(ascii: ")")),
      let open = bytes.firstIndex(of: UInt8(ascii: "("))
    else { return nil }
    // Fields after the command name, which may itself contain spaces and parentheses.
    let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
    // fields[0] is field 3 (state), fields[1] field 4 (ppid), fields[19] field 22 (starttime).
    guard fields.count > 19,
      let first = bytes[..<open].split(separator: UInt8(ascii: " ")).first,
      let pid = Int32(String(decoding: first, as: UTF8.self)),
      let parent = Int32(String(decoding: fields[1], as: UTF8.self)),
      let start = UInt64(String(decoding: fields[19], as: UTF8.self))
    else { return nil }
    return Status(pid: pid, parent: parent, start: start)
  }

  /// The start time of `pid` in clock ticks since boot (field 22 of `/proc/PID/stat`).
  public static func startTime(of pid: Int32) -> UInt64? { status(String(pid))?.start }

  /// The parent of `pid`.
  public static func parent(of pid: Int32) -> Int32? { status(String(pid))?.parent }

  /// The device of the mounted `/proc`: each PID namespace's `/proc` is a file system of its
  /// own, so this names the namespace whose pids `/proc` shows.
  public static func procDevice() -> UInt64? {
    var info = stat()
    guard lstat("/proc", &info) == 0 else { return nil }
    return UInt64(info.st_dev)
  }

  /// The inode of this process's PID namespace (`/proc/self/ns/pid`).
  public static func pidNamespace() -> UInt64? {
    guard let target = FileSystem.linkTarget("/proc/self/ns/pid"), target.hasPrefix("pid:["),
      target.hasSuffix("]")
    else { return nil }
    return UInt64(target.dropFirst(5).dropLast())
  }

  /// The inode Linux gives the initial PID namespace (`PROC_PID_INIT_INO`).
  public static let rootPIDNamespace: UInt64 = 0xEFFF_FFFC

  /// True when this process is known to run in the machine's initial PID namespace, where no
  /// sandbox's end kills the processes it leaves behind.
  public static func isInRootPIDNamespace() -> Bool { pidNamespace() == rootPIDNamespace }

  /// The nearest ancestor of this process (up to 8 levels) whose executable is named `name`,
  /// walking up from `/proc/self`.
  public static func nearestAncestor(named name: String) -> Status? {
    guard var current = status("self") else { return nil }
    for _ in 0..<8 {
      guard current.parent > 0, let parent = status(String(current.parent)) else { return nil }
      if let executable = FileSystem.linkTarget("/proc/\(parent.pid)/exe"),
        FileSystem.baseName(of: executable) == name
      {
        return parent
      }
      current = parent
    }
    return nil
  }

  /// The command line of `pid`.
  public static func commandLine(of pid: Int32) -> [String]? {
    guard let bytes = try? FileSystem.read("/proc/\(pid)/cmdline"), !bytes.isEmpty else {
      return nil
    }
    return bytes.split(separator: 0, omittingEmptySubsequences: false).map {
      String(decoding: $0, as: UTF8.self)
    }.filter { !$0.isEmpty }
  }
}
