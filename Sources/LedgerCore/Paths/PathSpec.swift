/// What a claim covers: one file, everything below a directory, or every path a glob matches.
///
/// `text` is the canonical, repository-relative form stored in the ledger: a file as `a/b.txt`,
/// a directory with its final slash as `a/b/`, a glob as written (`src/**/*.swift`).
public struct PathSpec: Sendable, Hashable, CustomStringConvertible {
  /// The three kinds of spec.
  public enum Kind: String, Sendable, Hashable {
    case file
    case directory
    case glob

    /// True when `text` has this kind's shape: a directory ends in "/", a file does not.
    public func fits(_ text: String) -> Bool {
      guard !text.isEmpty else { return false }
      switch self {
      case .file: return !text.hasSuffix("/")
      case .directory: return text.hasSuffix("/")
      case .glob: return true
      }
    }
  }

  /// The kind of spec.
  public let kind: Kind
  /// The canonical text.
  public let text: String

  /// Creates a spec from its kind and canonical text (no validation).
  public init(kind: Kind, text: String) {
    self.kind = kind
    self.text = text
  }

  /// The canonical text.
  public var description: String { text }

  /// The directory (ending in "/", or empty for the root) under which every path this spec
  /// covers lies, or the file itself. The ledger is sorted by it, so a lookup reads only the
  /// claims filed under a path's own directories.
  public var anchor: String {
    switch kind {
    case .file, .directory: return text
    case .glob: return Glob.literalDirectoryPrefix(of: text)
    }
  }

  /// The compiled pattern of a glob spec (a file or directory compiles to its literal form).
  public func glob(ignoreCase: Bool) throws(LedgerError) -> Glob {
    switch kind {
    case .glob: return try Glob(text, ignoreCase: ignoreCase)
    case .directory: return try Glob(Self.escaped(text) + "**", ignoreCase: ignoreCase)
    case .file: return try Glob(Self.escaped(text), ignoreCase: ignoreCase)
    }
  }

  /// True when the spec covers `path`, a repository-relative file path.
  public func covers(_ path: String, ignoreCase: Bool) -> Bool {
    switch kind {
    case .file:
      return PathSpec.same(text, path, ignoreCase: ignoreCase)
    case .directory:
      return PathSpec.isBelow(path, directory: text, ignoreCase: ignoreCase)
    case .glob:
      return (try? Glob(text, ignoreCase: ignoreCase).matches(path)) ?? true
    }
  }

  /// Two repository paths name the same file: equal up to Unicode canonical equivalence, and
  /// up to case when `ignoreCase`.
  static func same(_ a: String, _ b: String, ignoreCase: Bool) -> Bool {
    PathText.same(a, b, ignoreCase: ignoreCase)
  }

  /// `path` lies below `directory` (which ends in "/").
  static func isBelow(_ path: String, directory: String, ignoreCase: Bool) -> Bool {
    PathText.isBelow(path, directory: directory, ignoreCase: ignoreCase)
  }

  /// Two specs are the same claim target: same kind, same text up to canonical equivalence
  /// (and case, when ignoring it).
  public static func sameSpec(_ a: PathSpec, _ b: PathSpec, ignoreCase: Bool) -> Bool {
    a.kind == b.kind && PathText.same(a.text, b.text, ignoreCase: ignoreCase)
  }

  /// `text` with every wildcard and backslash escaped, so it matches only itself as a glob.
  static func escaped(_ text: String) -> String {
    var out = ""
    for character in text {
      if character == "*" || character == "?" || character == "[" || character == "\\" {
        out.append("\\")
      }
      out.append(character)
    }
    return out
  }
}
