import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Knobs and measurements of the reliability tests.
///
/// The fast versions run in every `swift test`; `scripts/reliability.sh` raises the counts
/// through the environment (`LEDGER_REL_CLAIMERS=1000` …) and collects the measurements the
/// tests write to `LEDGER_REL_REPORT` (one JSON object a line) for docs/RELIABILITY.md.
enum Reliability {
  /// A count from `LEDGER_REL_<NAME>`, or `fallback` (the fast CI value).
  static func count(_ name: String, _ fallback: Int) -> Int {
    ProcessInfo.processInfo.environment["LEDGER_REL_\(name)"].flatMap { Int($0) }.map {
      max($0, 1)
    } ?? fallback
  }

  /// Records one scenario's numbers: printed, and appended to `$LEDGER_REL_REPORT` when set.
  static func record(_ scenario: String, _ values: KeyValuePairs<String, Any>) {
    var fields: [String] = ["\"scenario\":\(quoted(scenario))"]
    for (key, value) in values {
      let text: String
      switch value {
      case let number as Double: text = String(format: "%.3f", number)
      case let number as Int: text = String(number)
      case let flag as Bool: text = flag ? "true" : "false"
      default: text = quoted("\(value)")
      }
      fields.append("\(quoted(key)):\(text)")
    }
    let line = "{" + fields.joined(separator: ",") + "}"
    print("reliability: \(line)")
    guard let path = ProcessInfo.processInfo.environment["LEDGER_REL_REPORT"], !path.isEmpty
    else { return }
    reportLock.withLock {
      if !FileManager.default.fileExists(atPath: path) {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
      }
      if let handle = FileHandle(forWritingAtPath: path) {
        handle.seekToEndOfFile()
        handle.write(Data((line + "\n").utf8))
        try? handle.close()
      }
    }
  }

  private static let reportLock = NSLock()

  private static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default:
        if scalar.value < 0x20 {
          out += String(format: "\\u%04x", scalar.value)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// True when this process may create mount namespaces and mount (root, and `unshare -m`
  /// works here): the tmpfs and read-only bind-mount tests need it and skip otherwise.
  static let canMount: Bool = {
    guard geteuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
    else { return false }
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
    probe.arguments = ["-m", "/bin/sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"]
    probe.standardOutput = FileHandle.nullDevice
    probe.standardError = FileHandle.nullDevice
    do {
      try probe.run()
      probe.waitUntilExit()
      return probe.terminationStatus == 0
    } catch {
      return false
    }
  }()

  /// True when file modes stop this process from writing (not root): a read-only `.git` can
  /// then be simulated with `chmod`.
  static let modesApply: Bool = geteuid() != 0

  /// The `shellcheck` on `PATH`, if any.
  static let shellcheck: URL? = {
    for directory in Executables.searchPath.split(separator: ":") {
      let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent("shellcheck")
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
  }()

  /// The package's top folder (for the scripts the shell tests check).
  static let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
}

/// Summary statistics of a set of durations.
struct Timings: CustomStringConvertible {
  var values: [Double]

  var count: Int { values.count }
  var worst: Double { values.max() ?? 0 }
  var median: Double { percentile(0.5) }
  var p95: Double { percentile(0.95) }

  func percentile(_ fraction: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))
    return sorted[index]
  }

  var description: String {
    String(format: "n=%d median=%.3fs p95=%.3fs worst=%.3fs", count, median, p95, worst)
  }
}

/// Processes seen through /proc, for killing a hook that git is running.
enum ProcessTable {
  /// The parent pid of `pid`, or `nil` when it is gone.
  static func parent(of pid: Int32) -> Int32? {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
      let close = stat.lastIndex(of: ")")
    else { return nil }
    // After "pid (comm) ": state, then ppid.
    let fields = stat[stat.index(after: close)...].split(separator: " ")
    return fields.count > 1 ? Int32(fields[1]) : nil
  }

  /// The direct children of `pid`.
  static func children(of pid: Int32) -> [Int32] {
    // The kernel lists them per thread; the main thread's list holds the children we start.
    if let text = try? String(
      contentsOfFile: "/proc/\(pid)/task/\(pid)/children", encoding: .utf8)
    {
      return text.split(separator: " ").compactMap { Int32($0) }
    }
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.compactMap { Int32($0) }.filter { parent(of: $0) == pid }
  }

  /// The command line of `pid` (empty when it is gone).
  static func commandLine(of pid: Int32) -> [String] {
    guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else {
      return []
    }
    return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The executable name of `pid` (`comm`), or "" when it is gone.
  static func name(of pid: Int32) -> String {
    ((try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8)) ?? "")
      .trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

extension TempRepository {
  /// Launches `git ARGUMENTS` in the work tree without waiting, as `session`.
  func startGit(
    _ arguments: [String], session: String?, environment extra: [String: String?] = [:]
  ) throws -> RunningCommand {
    var changes: [String: String?] = ["GIT_EDITOR": "false"]
    if let session { changes["LEDGER_SESSION"] = session }
    for (key, value) in extra { changes[key] = value }
    return try RunningCommand(
      executable: Executables.git, arguments: arguments,
      environment: runner.environment(changes), directory: path, stdin: nil,
      scratch: root.appendingPathComponent(".output"))
  }

  /// Runs `ledger ARGUMENTS` under `ulimit -f BLOCKS` (512-byte blocks), through /bin/sh.
  func ledgerLimited(
    fileBlocks: Int, _ arguments: [String], session: String? = nil, now: String? = nil,
    environment extra: [String: String?] = [:]
  ) async throws -> CommandResult {
    var changes = extra
    if let session { changes["LEDGER_SESSION"] = session }
    if let now { changes["LEDGER_NOW"] = now }
    return try await runner.run(
      ["-c", "ulimit -f \(fileBlocks) && exec \"$0\" \"$@\"", Executables.ledger.path]
        + arguments,
      in: path, environment: changes, executable: URL(fileURLWithPath: "/bin/sh"))
  }

  /// Runs a `/bin/sh` script with `$LEDGER`, `$GIT_BIN` and `$REPO` set, in the work tree.
  func shell(_ script: String, environment extra: [String: String?] = [:]) async throws
    -> CommandResult
  {
    var changes = extra
    changes["LEDGER"] = Executables.ledger.path
    changes["GIT_BIN"] = Executables.git.path
    changes["REPO"] = path.path
    return try await runner.run(
      ["-c", script], in: path, environment: changes,
      executable: URL(fileURLWithPath: "/bin/sh"))
  }

  /// The names of the files in the ledger folder.
  func ledgerFiles() -> Set<String> {
    Set((try? FileManager.default.contentsOfDirectory(atPath: ledgerDirectory.path)) ?? [])
  }

  /// `(spec, session, expires, note)` of every active claim, for comparing states.
  func claimState(now: String? = nil) async throws -> Set<String> {
    Set(
      try await claims(now: now).map {
        "\($0.spec) | \($0.session) | \($0.expires ?? "-") | \($0.note)"
      })
  }
}

/// Waits for `process`, killing it (and failing the test) when it runs longer than `limit`
/// seconds: a hook or a command that hangs must not hang the test suite.
func finish(
  _ process: RunningCommand, within limit: Double,
  sourceLocation: SourceLocation = #_sourceLocation
) async -> CommandResult {
  let watchdog = Task {
    try await Task.sleep(nanoseconds: UInt64(limit * 1e9))
    process.kill(SIGKILL)
  }
  let result = await process.wait()
  watchdog.cancel()
  #expect(
    result.elapsed < limit,
    "\(process.command.joined(separator: " ")) hung: killed after \(limit)s",
    sourceLocation: sourceLocation)
  return result
}
