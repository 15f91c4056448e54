import Foundation
import Testing

/// Running shell scripts and finding tools for the packaging tests.
enum Packaging {
  /// The package root, from this file's path.
  static let root = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

  /// The version in VERSION.
  static var version: String {
    get throws {
      try String(contentsOf: root.appendingPathComponent("VERSION"), encoding: .utf8)
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }
  }

  /// Runs `sh -c SCRIPT` with exactly `environment`, in `directory`.
  static func sh(
    _ script: String, environment: [String: String], in directory: URL, scratch: URL
  ) async throws -> CommandResult {
    try await runProcess(
      URL(fileURLWithPath: "/bin/sh"), ["-c", script], environment: environment,
      directory: directory, scratch: scratch)
  }

  /// A folder of links to every program on the test's PATH except Swift's and AgentLedger's
  /// own: a machine as a user without a Swift toolchain has it.
  static func pathWithoutSwift(in scratch: URL) async throws -> String {
    let farm = scratch.appendingPathComponent("no-swift-bin")
    let result = try await sh(
      """
      mkdir -p "$FARM"
      IFS=:
      for dir in $SEARCH; do
        for program in "$dir"/*; do
          name=${program##*/}
          case $name in swift | swiftc | swift-* | ledger | ledger-* | git-ledger) continue ;; esac
          [ -x "$program" ] && [ ! -e "$FARM/$name" ] && ln -s "$program" "$FARM/$name"
        done
      done
      PATH=$FARM
      if command -v swift >/dev/null 2>&1; then echo "swift is still on PATH"; exit 1; fi
      exit 0
      """,
      environment: ["FARM": farm.path, "SEARCH": Executables.searchPath, "PATH": "/usr/bin:/bin"],
      in: scratch, scratch: scratch)
    #expect(result.exited(0), "\(result)")
    return farm.path
  }

  /// The release archive: `AGENTLEDGER_ARCHIVE` when CI built it already, else one
  /// `scripts/package.sh --bin-dir` makes, once per test run, into .build/package-tests from
  /// the release binaries already built (a test cannot run `swift build`: `swift test` holds
  /// the build folder's lock). Stale or missing release binaries fail with what to run.
  static func archive(in scratch: URL) async throws -> URL? {
    if let given = ProcessInfo.processInfo.environment["AGENTLEDGER_ARCHIVE"] {
      return URL(fileURLWithPath: given)
    }
    return try await built.value
  }

  private static let built = Task<URL?, any Error> {
    let out = root.appendingPathComponent(".build/package-tests")
    let release = Executables.directory.deletingLastPathComponent()
      .appendingPathComponent("release")
    let result = try await sh(
      #"rm -rf "$OUT" && scripts/package.sh --bin-dir "$BIN" --out "$OUT""#,
      environment: [
        "OUT": out.path, "BIN": release.path, "PATH": Executables.searchPath,
        "HOME": ProcessInfo.processInfo.environment["HOME"] ?? "/root",
      ], in: root, scratch: root.appendingPathComponent(".build/package-tests.output"))
    guard result.exited(0) else {
      Issue.record(
        """
        No release archive: build one with scripts/package.sh first (CI does, before swift \
        test), or set AGENTLEDGER_ARCHIVE. scripts/package.sh --bin-dir said:
        \(result)
        """)
      return nil
    }
    return out.appendingPathComponent("agentledger-\(try version)-linux-x86_64.tar.gz")
  }

  /// A program on the test's PATH, or an issue saying how to install it.
  static func require(_ program: String, package: String) -> String? {
    for dir in Executables.searchPath.split(separator: ":") {
      let path = "\(dir)/\(program)"
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    Issue.record("\(program) is not installed: apt-get install -y \(package)")
    return nil
  }
}
