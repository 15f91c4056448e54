/// Facts about another process, read from `/proc` (Linux); `nil` where unavailable.
public enum ProcessFacts {
  /// The start time of `pid` in clock ticks since boot (field 22 of `/proc/PID/stat`), which,
  /// with the pid, identifies a process even after its pid is reused.
  public static func startTime(of pid: Int32) -> UInt64? {
    guard let bytes = try? FileSystem.read("/proc/\(pid)/stat"),
      let close = bytes.lastIndex(of: UInt8(ascii: ")"))
    else { return nil }
    // Fields after the command name, which may itself contain spaces and parentheses.
    let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
    // fields[0] is field 3 (state); field 22 is fields[19].
    guard fields.count > 19 else { return nil }
    return UInt64(String(decoding: fields[19], as: UTF8.self))
  }

  /// The parent of `pid`.
  public static func parent(of pid: Int32) -> Int32? {
    guard let bytes = try? FileSystem.read("/proc/\(pid)/stat"),
      let close = bytes.lastIndex(of: UInt8(ascii: ")"))
    else { return nil }
    let fields = bytes[(close + 1)...].split(separator: UInt8(ascii: " "))
    guard fields.count > 1 else { return nil }
    return Int32(String(decoding: fields[1], as: UTF8.self))
  }

  /// `pid` or its nearest ancestor (up to 8 levels) whose executable is named `name`.
  public static func nearestAncestor(of pid: Int32, named name: String) -> Int32? {
    var current = pid
    for _ in 0..<8 {
      guard current > 1 else { return nil }
      if let executable = FileSystem.linkTarget("/proc/\(current)/exe"),
        FileSystem.baseName(of: executable) == name
      {
        return current
      }
      guard let next = parent(of: current) else { return nil }
      current = next
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
