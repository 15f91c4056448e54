/// Whether a glob spec reaches anything today: a glob that matches no tracked path and no
/// existing one (untracked, or ignored) is still a valid claim — it covers its name as spelled
/// and whatever it matches later — but is more often a typo, so `ledger claim` warns about it.
public enum GlobReach {
  /// The glob specs among `specs` that cover no tracked or existing path. Only the part of the
  /// tree below each glob's anchor is listed.
  public static func unmatched(_ specs: [PathSpec], git: Git, ignoreCase: Bool)
    throws(LedgerError) -> [PathSpec]
  {
    var unmatched: [PathSpec] = []
    for spec in specs where spec.kind == .glob {
      var anchor = spec.anchor
      if anchor.hasSuffix("/") { anchor.removeLast() }
      let pathspec = anchor.isEmpty ? ":(top)" : ":(top,literal)" + anchor
      let listings = try git.runAll([
        git.command(GitCommands.listed(pathspec)),
        git.command(GitCommands.listedIgnored(pathspec)),
      ])
      guard listings.allSatisfy({ $0.status == 0 }) else { continue }
      guard let coverage = try? spec.coverage(ignoreCase: ignoreCase) else { continue }
      let reached = listings.contains { listing in
        Git.fields(listing.output).contains { path in
          guard !path.isEmpty else { return false }
          // An ignored directory is listed once, with a final "/": does the glob reach into it?
          if path.hasSuffix("/") {
            return Overlap.between(
              spec, PathSpec(kind: .directory, text: path), ignoreCase: ignoreCase)
          }
          return coverage.matches(path)
        }
      }
      if !reached { unmatched.append(spec) }
    }
    return unmatched
  }
}
