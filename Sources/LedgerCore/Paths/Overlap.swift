/// The overlap relation between specs: two specs overlap when some path could be covered by
/// both (see `PathSpec` for what a spec covers). It is symmetric, exact for files and
/// directories, and conservative for globs: it may report an overlap no real path can produce.
///
/// Overlap is computed on what each spec names (see `PathSpec.pieces`): two names overlap when
/// one is the other or lies below it; a name and a pattern, or two patterns, when their
/// automata share a path. A file name therefore overlaps a glob that could match something
/// below it (`Sources/A/readme.md` and `Sources/**/*.swift`, through
/// `Sources/A/readme.md/x.swift`), since the name would cover that path were it a directory.
public enum Overlap {
  /// True when some path could be covered by both `a` and `b`.
  public static func between(_ a: PathSpec, _ b: PathSpec, ignoreCase: Bool) -> Bool {
    if a.kind != .glob && b.kind != .glob {
      return nested(a.literal, b.literal, ignoreCase: ignoreCase)
    }
    let x = a.pieces
    let y = b.pieces
    for p in x {
      for q in y where overlaps(p, q, ignoreCase: ignoreCase) { return true }
    }
    return false
  }

  /// One path is the other or lies below it: each covers one path and everything below it.
  private static func nested(_ x: String, _ y: String, ignoreCase: Bool) -> Bool {
    PathSpec.same(x, y, ignoreCase: ignoreCase)
      || PathSpec.isBelow(x, directory: y, ignoreCase: ignoreCase)
      || PathSpec.isBelow(y, directory: x, ignoreCase: ignoreCase)
  }

  private static func overlaps(
    _ p: PathSpec.Piece, _ q: PathSpec.Piece,
    ignoreCase: Bool
  ) -> Bool {
    if p.isLiteral && q.isLiteral {
      return nested(p.fixedPrefix, q.fixedPrefix, ignoreCase: ignoreCase)
    }
    guard
      let x = try? Glob(covering: [(p.pattern, p.below)], ignoreCase: ignoreCase),
      let y = try? Glob(covering: [(q.pattern, q.below)], ignoreCase: ignoreCase)
    else { return true }
    return Glob.intersects(x, y)
  }
}
