/// The overlap relation between specs: two specs overlap when some path could be covered by
/// both (see `PathSpec` for what a spec covers: what it names, and everything below). It is
/// symmetric, exact for files and directories, and conservative for globs: it may report an
/// overlap no real path can produce, never the other way round.
public enum Overlap {
  /// True when some path could be covered by both `a` and `b`.
  public static func between(_ a: PathSpec, _ b: PathSpec, ignoreCase: Bool) -> Bool {
    if a.kind != .glob && b.kind != .glob {
      // Each covers one path and everything below it: they overlap when one path is the
      // other or lies below it.
      let x = a.literal
      let y = b.literal
      return PathSpec.same(x, y, ignoreCase: ignoreCase)
        || PathSpec.isBelow(x, directory: y, ignoreCase: ignoreCase)
        || PathSpec.isBelow(y, directory: x, ignoreCase: ignoreCase)
    }
    guard let x = try? a.coverage(ignoreCase: ignoreCase),
      let y = try? b.coverage(ignoreCase: ignoreCase)
    else { return true }
    return Glob.intersects(x, y)
  }
}
