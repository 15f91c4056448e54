/// One session's exclusive hold on a path spec.
public struct Claim: Sendable, Hashable {
  /// What the claim covers.
  public var spec: PathSpec
  /// Who holds it.
  public var session: SessionID
  /// When it was first claimed.
  public var since: Timestamp
  /// When the lease runs out, or `nil` for no lease.
  public var expires: Timestamp?
  /// Why the session holds it (may be empty).
  public var note: String
  /// When the holding session ended while this claim stayed, because its path still had
  /// uncommitted work; `nil` while the session is live.
  public var ended: Timestamp?

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
  }

  /// True while the lease has not run out.
  public func isActive(at now: Timestamp) -> Bool {
    guard let expires else { return true }
    return expires > now
  }

  /// The ledger's sort key: the anchor's key, then the spec text.
  var sortKey: (String, String) { (PathText.key(spec.anchor), spec.text) }
}

/// The order of claims in the ledger file, which lets a reader find the claims filed under a
/// path's directories by binary search instead of reading them all.
enum ClaimOrder {
  /// The key a claim is filed under (see `PathText.key`).
  static func fold(_ anchor: String) -> String { PathText.key(anchor) }

  static func precedes(_ a: Claim, _ b: Claim) -> Bool {
    precedes(a, key: PathText.key(a.spec.anchor), b, key: PathText.key(b.spec.anchor))
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
