/// What a claim covers. A spec *names* paths — the path spelled exactly as written (escapes
/// removed, a final "/" or "/**" dropped), and for a glob also every path one of its brace
/// alternatives matches — and covers each named path and everything below it (whether that
/// path is a file, a directory, a submodule's gitlink, or does not exist yet). `covers`,
/// `coverage` and `Overlap` all follow this one rule.
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

  /// The path the spec names as spelled: its text with escapes and a final "/" removed (for a
  /// glob, as if it had no wildcard at all).
  public var literal: String {
    var name = ""
    var escaped = false
    for scalar in text.unicodeScalars {
      if kind == .glob && scalar == "\\" && !escaped {
        escaped = true
        continue
      }
      escaped = false
      name.unicodeScalars.append(scalar)
    }
    if name.hasSuffix("/") { name.removeLast() }
    return name
  }

  /// One thing a spec names: a pattern (glob syntax) and whether it also stands for everything
  /// below what it matches.
  struct Piece {
    /// The pattern, in glob syntax (a literal name is escaped).
    var pattern: String
    /// True when the piece covers what lies below its matches too.
    var below: Bool
    /// True for the name as spelled (a path, not a pattern).
    var isLiteral: Bool
    /// The leading components without wildcards, escapes removed, without a final "/": every
    /// path the piece covers lies at or below it.
    var fixedPrefix: String
  }

  /// What the spec names: the literal (escaped), covering itself and everything below it; and
  /// for a glob each brace alternative, matched as wildmatch does, except that an alternative
  /// ending in "/" or "/**" names its stem and everything below it (`sub/**` covers the
  /// gitlink `sub`; `**` alone covers the whole tree).
  var pieces: [Piece] {
    let name = literal
    var pieces = [
      Piece(pattern: Self.escaped(name), below: true, isLiteral: true, fixedPrefix: name)
    ]
    guard kind == .glob else { return pieces }
    for alternative in Braces.alternatives(text) {
      var stem = alternative
      var below = false
      while true {
        if stem.hasSuffix("/") {
          stem.removeLast()
        } else if stem.hasSuffix("/**") {
          stem.removeLast(3)
        } else {
          break
        }
        below = true
      }
      if stem.isEmpty { stem = "**" }
      pieces.append(
        Piece(
          pattern: stem, below: below, isLiteral: false,
          fixedPrefix: Self.fixedPrefix(of: stem)))
    }
    return pieces
  }

  /// The leading components of `pattern` without wildcards, escapes removed.
  static func fixedPrefix(of pattern: String) -> String {
    var components: [String] = []
    for component in PathText.components(pattern) {
      if Glob.hasWildcards(component) { break }
      var name = ""
      var escaped = false
      for scalar in component.unicodeScalars {
        if scalar == "\\" && !escaped {
          escaped = true
          continue
        }
        escaped = false
        name.unicodeScalars.append(scalar)
      }
      components.append(name)
    }
    return components.joined(separator: "/")
  }

  /// The automaton of every path the spec covers.
  public func coverage(ignoreCase: Bool) throws(LedgerError) -> Glob {
    try Glob(covering: pieces.map { ($0.pattern, $0.below) }, ignoreCase: ignoreCase)
  }

  /// True when the spec covers `path`, a repository-relative path (a file, or a gitlink).
  public func covers(_ path: String, ignoreCase: Bool) -> Bool {
    let name = literal
    if !name.isEmpty
      && (PathSpec.same(name, path, ignoreCase: ignoreCase)
        || PathSpec.isBelow(path, directory: name, ignoreCase: ignoreCase))
    {
      return true
    }
    guard kind == .glob else { return false }
    // A stored glob that no longer compiles covers everything below its anchor.
    return (try? coverage(ignoreCase: ignoreCase).matches(path)) ?? true
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
      if character == "*" || character == "?" || character == "[" || character == "{"
        || character == "}" || character == "\\"
      {
        out.append("\\")
      }
      out.append(character)
    }
    return out
  }
}
