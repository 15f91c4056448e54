/// The end of a wait, measured on the monotonic clock from the moment it was set: the time
/// spent working between pauses (a git run that found a lock taken) counts as much as the
/// pauses themselves, and no pause sleeps past it.
public struct Deadline: Sendable {
  /// How long the wait may last, in seconds.
  public let seconds: Double
  private let start: Double

  /// A deadline `seconds` from now.
  public init(seconds: Double) {
    self.seconds = max(0, seconds)
    start = monotonicSeconds()
  }

  /// Seconds since the deadline was set.
  public var elapsed: Double { monotonicSeconds() - start }

  /// True once the wait has lasted `seconds`.
  public var hasPassed: Bool { elapsed >= seconds }

  /// Sleeps `pause` seconds, or until the deadline when that comes first.
  public func sleep(_ pause: Double) {
    let length = min(pause, seconds - elapsed)
    guard length > 0 else { return }
    usleep(UInt32(min(length, 60) * 1e6))
  }

  /// `seconds` as people read a wait: "0.3s", "30s", "38.2s".
  public static func describe(_ seconds: Double) -> String {
    let tenths = Int((max(0, seconds) * 10).rounded())
    return tenths % 10 == 0 ? "\(tenths / 10)s" : "\(tenths / 10).\(tenths % 10)s"
  }
}
