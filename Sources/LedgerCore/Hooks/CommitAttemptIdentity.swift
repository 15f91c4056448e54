/// Which commit attempt a hook belongs to: the git process that runs the hooks of one commit,
/// named so that no other attempt can share the name — not an earlier attempt that aborted,
/// not a commit in another repository, not a git in another sandbox whose PIDs repeat ours.
///
/// The name joins the device of the mounted `/proc` (each PID namespace's `/proc` is a file
/// system of its own), git's pid as that `/proc` shows it, and git's start time in clock ticks
/// since boot. The pid and start time are read through the same `/proc`, walking up from
/// `/proc/self` — never `getppid()`, whose answer belongs to the caller's PID namespace and
/// names another process in a host `/proc`. Where no `/proc` answers there is no identity, and
/// the hooks trust no note: prepare-commit-msg checks again and post-commit records in front.
struct CommitAttemptIdentity: Equatable, Sendable {
  /// The device of the `/proc` the pid and start time were read from.
  let procDevice: UInt64
  /// git's pid in that `/proc`.
  let pid: Int32
  /// git's start time, in clock ticks since boot.
  let start: UInt64

  /// The note's file name stem: `commit-DEVICE-PID-START`.
  var name: String { "commit-\(procDevice)-\(pid)-\(start)" }

  init(procDevice: UInt64, pid: Int32, start: UInt64) {
    self.procDevice = procDevice
    self.pid = pid
    self.start = start
  }

  /// Reads an identity back from its `name` (with or without a `.json` or `.check` suffix).
  init?(name: String) {
    var stem = Substring(name)
    for suffix in [".check", ".json"] where stem.hasSuffix(suffix) {
      stem = stem.dropLast(suffix.count)
    }
    let parts = stem.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 4, parts[0] == "commit", let device = UInt64(parts[1]),
      let pid = Int32(parts[2]), let start = UInt64(parts[3])
    else { return nil }
    self.init(procDevice: device, pid: pid, start: start)
  }

  /// The git process running this hook (its nearest `git` ancestor, normally its parent), or
  /// `nil` when `/proc` cannot say.
  static func ofRunningGit() -> CommitAttemptIdentity? {
    guard let device = ProcessFacts.procDevice(),
      let git = ProcessFacts.nearestAncestor(named: "git")
    else { return nil }
    return CommitAttemptIdentity(procDevice: device, pid: git.pid, start: git.start)
  }

  /// Whether the attempt's git process has ended, as far as this process can tell: `true` when
  /// the identity was read through this process's `/proc` and its pid is gone or taken by a
  /// later process; `false` when it lives or belongs to another `/proc`.
  func hasEnded(procDevice current: UInt64?) -> Bool {
    guard let current, current == procDevice else { return false }
    return ProcessFacts.startTime(of: pid) != start
  }
}
