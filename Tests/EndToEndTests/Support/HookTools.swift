import Foundation

/// The hook tools people already run beside AgentLedger — the pre-commit framework, lefthook,
/// gitlint and commitizen (from PyPI), git-lfs (from Debian) — and a git new enough for
/// config-based hooks (≥ 2.54). `.ci/run` installs them; here they are found on `PATH` or in
/// the tools folder (`AGENTLEDGER_TOOLS`, default `/opt/agentledger-tools`, whose `venv/bin` is
/// on every test process's `PATH`).
///
/// A test that needs a missing tool fails, naming the command that installs it: a test that
/// skipped silently would cover nothing.
enum HookTools {
  /// The folder `.ci/run` installs the PyPI tools into (a virtual environment in `venv/`).
  static let directory: String =
    ProcessInfo.processInfo.environment["AGENTLEDGER_TOOLS"] ?? "/opt/agentledger-tools"

  /// A tool that is not installed.
  struct Missing: Error, CustomStringConvertible {
    var tool: String
    var description: String {
      "\(tool) is not installed: run .ci/run once (as root), or install it yourself"
        + " (PyPI tools: python3 -m venv \(HookTools.directory)/venv &&"
        + " \(HookTools.directory)/venv/bin/pip install pre-commit lefthook gitlint commitizen;"
        + " git-lfs: apt-get install git-lfs; git ≥ 2.54: ../shared/tools/build-git.sh)"
    }
  }

  /// The executable `name` (`pre-commit`, `lefthook`, `gitlint`, `cz`, `git-lfs`), or throws.
  static func require(_ name: String) throws -> URL {
    guard let url = Executables.find(name) else { throw Missing(tool: name) }
    return url
  }

  /// A git that runs config-based hooks (≥ 2.54): `LEDGER_TEST_NEW_GIT`, else the one
  /// `../shared/tools/build-git.sh` builds by default (`/opt/git-2.55.0/bin/git`).
  static var newGit: URL? {
    let candidates = [
      ProcessInfo.processInfo.environment["LEDGER_TEST_NEW_GIT"], "/opt/git-2.55.0/bin/git",
    ]
    return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
      .map { URL(fileURLWithPath: $0) }
  }

  /// `newGit`, or throws.
  static func requireNewGit() throws -> URL {
    guard let git = newGit else { throw Missing(tool: "git ≥ 2.54") }
    return git
  }
}
