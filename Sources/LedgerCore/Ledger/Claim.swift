/// One session's exclusive hold on a path spec.
public struct Claim: Sendable, Hashable {
  /// What the claim covers.
  public var spec: PathSpec {
    didSet {
      anchorKey = PathText.key(spec.anchor)
      encoded = nil
    }
  }
  /// Who holds it.
  public var session: SessionID { didSet { encoded = nil } }
  /// When it was first claimed.
  public var since: Timestamp { didSet { encoded = nil } }
  /// When the lease runs out, or `nil` for no lease.
  public var expires: Timestamp? { didSet { encoded = nil } }
  /// Why the session holds it (may be empty).
  public var note: String { didSet { encoded = nil } }
  /// When the holding session ended while this claim stayed, because its path still had
  /// uncommitted work; `nil` while the session is live.
  public var ended: Timestamp? { didSet { encoded = nil } }

  /// The key the claim is filed under in the ledger (`PathText.key` of its anchor), computed
  /// once.
  public private(set) var anchorKey: String
  /// The claim's line as read from the ledger, reused when it is written back unchanged
  /// (cleared by any change). Not part of the claim's identity.
  var encoded: ArraySlice<UInt8>?

  /// Creates a claim.
  public init(
    spec: PathSpec, session: SessionID, since: Timestamp, expires: Timestamp? = nil,
    note: String = "", ended: Timestamp? = nil
  ) {
    self.spec = spec
    self.session = session
    self.since = since
    self.expires = expires
    self.note = note
    self.ended = ended
    self.anchorKey = PathText.key(spec.anchor)
  }

  public static func == (lhs: Claim, rhs: Claim) -> Bool {
    lhs.spec == rhs.spec && lhs.session == rhs.session && lhs.since == rhs.since
      && lhs.expires == rhs.expires && lhs.note == rhs.note && lhs.ended == rhs.ended
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(spec)
    hasher.combine(session)
    hasher.combine(since)
  }

  /// True while the lease has not run out.
  public func isActive(at now: Timestamp) -> Bool {
    guard let expires else { return true }
    return expires > now
  }
}

/// The order of claims in the ledger file, which lets a reader find the claims filed under a
/// path's directories by binary search instead of reading them all.
enum ClaimOrder {
  /// The key a claim is filed under (see `PathText.key`).
  static func fold(_ anchor: String) -> String { PathText.key(anchor) }

  static func precedes(_ a: Claim, _ b: Claim) -> Bool {
    precedes(a, key: a.anchorKey, b, key: b.anchorKey)
  }

  /// The order, with the claims' keys already computed.
  static func precedes(_ a: Claim, key keyA: String, _ b: Claim, key keyB: String) -> Bool {
    let textA = a.spec.text
    let textB = b.spec.text
    if keyA != keyB { return keyA < keyB }
    if textA.unicodeScalars.elementsEqual(textB.unicodeScalars) == false {
      return PathText.precedes(textA, textB)
    }
    if a.spec.kind != b.spec.kind { return a.spec.kind.rawValue < b.spec.kind.rawValue }
    return a.session.value < b.session.value
  }

  /// The keys under which a claim covering `anchor` can be filed.
  static func ancestorKeys(of anchor: String) -> [String] { PathText.ancestorKeys(of: anchor) }
}
