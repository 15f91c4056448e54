import Foundation

/// Where the built executables are. On Linux the test binary
/// (`.build/debug/AgentLedgerPackageTests.xctest`) sits in the build folder next to `ledger`,
/// so the folder of `/proc/self/exe` is searched first, then its parents.
enum Executables {
  /// The build folder that holds `ledger`, `ledger-hook` and `ledger-doctor`.
  static let directory: URL = locate()

  /// The built `ledger`.
  static var ledger: URL { directory.appendingPathComponent("ledger") }

  /// The `git` on the test process's `PATH`.
  static let git: URL = find("git") ?? URL(fileURLWithPath: "/usr/bin/git")

  /// The `PATH` the tests hand to every process: the test process's own, then the hook tools'
  /// virtual environment (`HookTools.directory`) when it exists.
  static let searchPath: String = {
    let own = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    let tools = HookTools.directory + "/venv/bin"
    guard FileManager.default.fileExists(atPath: tools) else { return own }
    return own + ":" + tools
  }()

  private static func locate() -> URL {
    let manager = FileManager.default
    if let override = ProcessInfo.processInfo.environment["LEDGER_E2E_BIN_DIR"] {
      return URL(fileURLWithPath: override)
    }
    let executable =
      (try? manager.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
      ?? CommandLine.arguments[0]
    let start = URL(fileURLWithPath: executable).deletingLastPathComponent()
    var candidate = start
    for _ in 0..<4 {
      if manager.isExecutableFile(atPath: candidate.appendingPathComponent("ledger").path) {
        return candidate
      }
      candidate = candidate.deletingLastPathComponent()
    }
    return start
  }

  static func find(_ name: String) -> URL? {
    for directory in searchPath.split(separator: ":") {
      let candidate = URL(fileURLWithPath: String(directory)).appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
    }
    return nil
  }
}
