/// A changed path (modified, staged or untracked) that releasing a claim would leave
/// unprotected: covered by a claim being released and by no claim the session keeps. Once
/// released, another session could claim it and sweep that work into its own commit, so such
/// a release is refused unless forced (as git-lfs refuses to unlock a modified file).
public struct UncommittedWork: Sendable, Equatable {
  /// The changed path.
  public var path: String
  /// The claim being released that covers it.
  public var claim: Claim

  /// The changed paths that releasing `released` would leave without a claim of the session,
  /// given the claims it keeps (`remaining`), in path order.
  public static func stranded(
    releasing released: [Claim], keeping remaining: [Claim], changes: WorkingChanges,
    ignoreCase: Bool
  ) -> [UncommittedWork] {
    guard !released.isEmpty, !changes.paths.isEmpty else { return [] }
    var found: [UncommittedWork] = []
    for path in Set(changes.paths).sorted() {
      guard let claim = released.first(where: { $0.spec.covers(path, ignoreCase: ignoreCase) }),
        !remaining.contains(where: { $0.spec.covers(path, ignoreCase: ignoreCase) })
      else { continue }
      found.append(UncommittedWork(path: path, claim: claim))
    }
    return found
  }

  /// One line per path: the path, and the claim covering it when that is not the path itself.
  public static func lines(_ work: [UncommittedWork]) -> [String] {
    work.map { item in
      "  \(PathText.shown(item.path))"
        + (item.claim.spec.text == item.path
          ? "" : "  (claimed as \(PathText.shown(item.claim.spec.text)))")
    }
  }
}

extension LedgerError {
  /// A release refused because it would leave uncommitted work unprotected.
  public static func uncommittedWork(_ work: [UncommittedWork], session: SessionID) -> LedgerError {
    let count = work.count
    let lines =
      [
        "nothing was released: \(count) path\(count == 1 ? "" : "s") covered by \(session.value)'s claims \(count == 1 ? "has" : "have") uncommitted changes (modified, staged or untracked); released, another session could sweep that work into its own commit:"
      ] + UncommittedWork.lines(work)
    return LedgerError(
      .refused, lines.joined(separator: "\n"),
      hint:
        "Commit that work first (`ledger commit -m MSG`), or discard it; or release anyway with --force."
    )
  }
}
