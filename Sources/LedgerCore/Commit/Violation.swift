/// A staged path the committing session may not commit.
public struct Violation: Sendable, Equatable {
  /// Why the path may not be committed.
  public enum Reason: Sendable, Equatable {
    /// Another session's active claim covers it.
    case claimedByOther(Claim)
    /// `ledger.requireClaim` is on and the committing session holds no claim on it.
    case unclaimed
  }

  /// The staged path.
  public var path: String
  /// Why.
  public var reason: Reason

  /// The owning claim, for `.claimedByOther`.
  public var owner: Claim? {
    if case .claimedByOther(let claim) = reason { return claim }
    return nil
  }

  /// The violation as JSON (for `ledger check --json` and the audit log).
  public var json: JSONValue {
    guard let owner else {
      return .object([("path", .string(path)), ("reason", .string("unclaimed"))])
    }
    return .object([
      ("path", .string(path)),
      ("reason", .string("claimed")),
      ("session", .string(owner.session.value)),
      ("spec", .string(owner.spec.text)),
      ("since", .string(owner.since.rfc3339)),
      ("note", .string(owner.note)),
    ])
  }
}
