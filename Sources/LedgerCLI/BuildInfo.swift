import CBuildInfo

/// The version and commit this `ledger` was built from, as scripts/stamp.sh stamped them.
enum BuildInfo {
  /// The release version (the top-level VERSION file), or "unstamped".
  static var version: String { String(cString: agentledger_version()) }

  /// The commit id, or "" when the build was not stamped.
  static var commit: String { String(cString: agentledger_commit()) }

  /// What `ledger --version` prints: `ledger 0.1.0 (commit 1a2b…)`.
  static func versionLine(version: String = version, commit: String = commit) -> String {
    if commit.isEmpty {
      return "ledger \(version) (commit unknown: a development build; scripts/stamp.sh stamps one)"
    }
    return "ledger \(version) (commit \(commit))"
  }
}
