/// One session's exclusive hold on a path spec.
public struct Claim: Sendable, Equatable {
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

  /// The ledger's sort key: the folded anchor, then the spec text.
  var sortKey: (String, String) { (ClaimOrder.fold(spec.anchor), spec.text) }
}

/// The order of claims in the ledger file, which lets a reader find the claims filed under a
/// path's directories by binary search instead of reading them all.
enum ClaimOrder {
  /// Anchors are compared case-folded (and, like every Swift string comparison, up to Unicode
  /// canonical equivalence), so one lookup serves case-sensitive and case-insensitive
  /// repositories alike.
  static func fold(_ anchor: String) -> String { anchor.lowercased() }

  static func precedes(_ a: Claim, _ b: Claim) -> Bool {
    let (keyA, textA) = a.sortKey
    let (keyB, textB) = b.sortKey
    if keyA != keyB { return keyA < keyB }
    if textA != textB { return textA < textB }
    return a.session < b.session
  }

  /// The anchors under which a claim covering `anchor` (a file path or a directory ending in
  /// "/") can be filed: the root, each parent directory and the anchor itself, folded.
  static func ancestorKeys(of anchor: String) -> [String] {
    let folded = fold(anchor)
    var keys = [""]
    var current = ""
    for scalar in folded.unicodeScalars {
      current.unicodeScalars.append(scalar)
      if scalar == "/" { keys.append(current) }
    }
    if !folded.isEmpty && !folded.hasSuffix("/") { keys.append(folded) }
    return keys
  }
}
