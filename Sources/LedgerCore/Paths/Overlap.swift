/// The overlap relation between specs: two specs overlap when some path could be covered by
/// both. It is symmetric, exact for files and directories, and conservative for globs: it may
/// report an overlap no real path can produce, never the other way round.
public enum Overlap {
  /// True when some path could be covered by both `a` and `b`.
  public static func between(_ a: PathSpec, _ b: PathSpec, ignoreCase: Bool) -> Bool {
    switch (a.kind, b.kind) {
    case (.file, .file):
      return PathSpec.same(a.text, b.text, ignoreCase: ignoreCase)
    case (.file, .directory):
      return PathSpec.isBelow(a.text, directory: b.text, ignoreCase: ignoreCase)
    case (.directory, .file):
      return PathSpec.isBelow(b.text, directory: a.text, ignoreCase: ignoreCase)
    case (.directory, .directory):
      return PathSpec.isBelow(a.text, directory: b.text, ignoreCase: ignoreCase)
        || PathSpec.isBelow(b.text, directory: a.text, ignoreCase: ignoreCase)
    case (.glob, .file):
      return a.covers(b.text, ignoreCase: ignoreCase)
    case (.file, .glob):
      return b.covers(a.text, ignoreCase: ignoreCase)
    case (.glob, .directory):
      return globTouches(a, directory: b, ignoreCase: ignoreCase)
    case (.directory, .glob):
      return globTouches(b, directory: a, ignoreCase: ignoreCase)
    case (.glob, .glob):
      guard let x = try? a.glob(ignoreCase: ignoreCase), let y = try? b.glob(ignoreCase: ignoreCase)
      else { return true }
      return Glob.intersects(x, y)
    }
  }

  private static func globTouches(_ glob: PathSpec, directory: PathSpec, ignoreCase: Bool) -> Bool {
    guard let compiled = try? glob.glob(ignoreCase: ignoreCase) else { return true }
    return compiled.matchesSomethingBelow(directory: directory.text)
  }
}
