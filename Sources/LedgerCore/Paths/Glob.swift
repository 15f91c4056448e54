/// A compiled wildmatch pattern, anchored at the repository root like git's `:(glob)` pathspec:
/// `*` and `?` and `[...]` never match "/", a `**` component matches any number of directories
/// (`**/x`, `a/**/x`, `a/**`), `{a,b}` alternatives are expanded as shells do (see `Braces`),
/// and `\` escapes the next character.
///
/// The pattern is compiled to a small nondeterministic automaton over `Character`s, so canonically
/// equivalent spellings (NFC and NFD) match alike, and two patterns can be intersected to decide
/// whether any path matches both.
public struct Glob: Sendable {
  /// What one transition consumes.
  enum Label: Sendable {
    case character(Character)
    case notSlash
    case anything
    case set(CharacterClass)
  }

  struct Edge: Sendable {
    var label: Label
    var target: Int
  }

  /// The pattern as written (folded to lower case when `ignoreCase`).
  public let pattern: String
  /// True when matching ignores case (`core.ignorecase`).
  public let ignoreCase: Bool
  var edges: [[Edge]] = [[]]
  var epsilons: [[Int]] = [[]]
  var accept = 0

  /// Compiles `pattern`, which must already be normalised (no leading "/", no "." or ".."
  /// components).
  public init(_ pattern: String, ignoreCase: Bool = false) throws(LedgerError) {
    self.pattern = ignoreCase ? pattern.lowercased() : pattern
    self.ignoreCase = ignoreCase
    try compile(Braces.alternatives(self.pattern).map { ($0, false) })
  }

  /// Compiles the union of `alternatives` (each a brace-free pattern), those marked `below`
  /// extended to also match whatever lies below what they match: the automaton of what a spec
  /// covers.
  init(covering alternatives: [(pattern: String, below: Bool)], ignoreCase: Bool)
    throws(LedgerError)
  {
    let folded = alternatives.map { (ignoreCase ? $0.pattern.lowercased() : $0.pattern, $0.below) }
    self.pattern = folded.map(\.0).joined(separator: "\u{0}")
    self.ignoreCase = ignoreCase
    try compile(folded)
  }

  /// True when `text` contains an unescaped `*`, `?`, `[`, `{` or `}`.
  public static func hasWildcards(_ text: String) -> Bool {
    var escaped = false
    for scalar in text.unicodeScalars {
      if escaped {
        escaped = false
      } else if scalar == "\\" {
        escaped = true
      } else if scalar == "*" || scalar == "?" || scalar == "[" || scalar == "{" || scalar == "}" {
        return true
      }
    }
    return false
  }

  /// The longest leading run of whole components without wildcards, ending in "/" (or empty).
  /// Every path the pattern matches starts with it.
  public static func literalDirectoryPrefix(of pattern: String) -> String {
    var prefix = ""
    for component in PathText.components(pattern).dropLast() {
      if hasWildcards(component) { break }
      // The directory's real name: escapes removed, so it files under the same key as paths.
      var name = ""
      var escaped = false
      for character in component {
        if character == "\\" && !escaped {
          escaped = true
          continue
        }
        escaped = false
        name.append(character)
      }
      prefix += name + "/"
    }
    return prefix
  }

  // MARK: Compilation

  private enum Piece {
    case label(Label)
    case star
    case anyPlus
    case optionalDirectories
  }

  /// Builds the union of `alternatives` from the start state 0 into one accepting state; one
  /// marked to cover what lies below also accepts "/" and anything after what it matches.
  private mutating func compile(_ alternatives: [(String, Bool)]) throws(LedgerError) {
    accept = addState()
    for (alternative, orBelow) in alternatives {
      let start = addState()
      epsilons[0].append(start)
      var end = try compile(alternative, from: start)
      epsilons[end].append(accept)
      if orBelow {
        let slash = addState()
        edges[end].append(Edge(label: .character("/"), target: slash))
        end = addState()
        edges[slash].append(Edge(label: .anything, target: end))
        edges[end].append(Edge(label: .anything, target: end))
        epsilons[end].append(accept)
      }
    }
  }

  /// Compiles one brace-free pattern starting at `start`; returns the state it ends in.
  private mutating func compile(_ pattern: String, from start: Int) throws(LedgerError) -> Int {
    var components = PathText.components(pattern)
    // A trailing "/" means "everything below the matching directories".
    if components.count > 1 && components.last == "" {
      components[components.count - 1] = "**"
    }
    // "**/**" is the same as "**".
    var collapsed: [String] = []
    for component in components where !(component == "**" && collapsed.last == "**") {
      collapsed.append(component)
    }
    var pieces: [Piece] = []
    for (index, component) in collapsed.enumerated() {
      let isFirst = index == 0
      let isLast = index == collapsed.count - 1
      if component == "**" {
        if isFirst && isLast {
          pieces.append(.anyPlus)
        } else if isFirst {
          pieces.append(.optionalDirectories)
        } else if isLast {
          pieces.append(.label(.character("/")))
          pieces.append(.anyPlus)
        } else {
          pieces.append(.label(.character("/")))
          pieces.append(.optionalDirectories)
        }
        continue
      }
      if !isFirst && collapsed[index - 1] != "**" { pieces.append(.label(.character("/"))) }
      pieces.append(contentsOf: try Glob.tokens(of: component, in: pattern, ignoreCase: ignoreCase))
    }
    var current = start
    for piece in pieces {
      switch piece {
      case .label(let label):
        let next = addState()
        edges[current].append(Edge(label: label, target: next))
        current = next
      case .star:
        let loop = addState()
        epsilons[current].append(loop)
        edges[loop].append(Edge(label: .notSlash, target: loop))
        current = loop
      case .anyPlus:
        let loop = addState()
        edges[current].append(Edge(label: .anything, target: loop))
        edges[loop].append(Edge(label: .anything, target: loop))
        current = loop
      case .optionalDirectories:
        let end = addState()
        let loop = addState()
        epsilons[current].append(end)
        epsilons[current].append(loop)
        edges[loop].append(Edge(label: .anything, target: loop))
        edges[loop].append(Edge(label: .character("/"), target: end))
        current = end
      }
    }
    return current
  }

  private mutating func addState() -> Int {
    edges.append([])
    epsilons.append([])
    return edges.count - 1
  }

  private static func tokens(of component: String, in pattern: String, ignoreCase: Bool)
    throws(LedgerError) -> [Piece]
  {
    var pieces: [Piece] = []
    let characters = Array(component)
    var index = 0
    while index < characters.count {
      let character = characters[index]
      switch character {
      case "\\":
        index += 1
        guard index < characters.count else {
          throw LedgerError(
            .badInput, "the glob '\(pattern)' ends with a lone backslash",
            hint: "Escape a backslash as \\\\, or remove it.")
        }
        pieces.append(.label(.character(characters[index])))
      case "*":
        // Any run of stars inside a component matches like one "*".
        if case .star = pieces.last {} else { pieces.append(.star) }
      case "?":
        pieces.append(.label(.notSlash))
      case "[":
        let (set, next) = try CharacterClass.parse(
          characters, from: index, pattern: pattern, ignoreCase: ignoreCase)
        pieces.append(.label(.set(set)))
        index = next
        continue
      default:
        pieces.append(.label(.character(character)))
      }
      index += 1
    }
    return pieces
  }

  // MARK: Matching

  func closure(_ states: [Int]) -> Set<Int> {
    var seen = Set(states)
    var stack = states
    while let state = stack.popLast() {
      for next in epsilons[state] where seen.insert(next).inserted { stack.append(next) }
    }
    return seen
  }

  private func step(_ states: Set<Int>, _ character: Character) -> Set<Int> {
    var next: [Int] = []
    for state in states {
      for edge in edges[state] where edge.label.accepts(character) { next.append(edge.target) }
    }
    return closure(next)
  }

  /// True when the pattern matches the whole of `path`.
  public func matches(_ path: String) -> Bool {
    var states = closure([0])
    for character in PathText.characters(ignoreCase ? path.lowercased() : path) {
      states = step(states, character)
      if states.isEmpty { return false }
    }
    return states.contains(accept)
  }

  /// True when the pattern matches some path below `directory` (given with or without its final
  /// "/").
  public func matchesSomethingBelow(directory: String) -> Bool {
    let base = directory.hasSuffix("/") ? directory : directory + "/"
    var states = closure([0])
    for character in PathText.characters(ignoreCase ? base.lowercased() : base) {
      states = step(states, character)
      if states.isEmpty { return false }
    }
    // Is the accepting state reachable after at least one more character?
    var seen = Set<Int>()
    var stack: [Int] = []
    for state in states {
      for edge in edges[state] where seen.insert(edge.target).inserted {
        stack.append(edge.target)
      }
    }
    while let state = stack.popLast() {
      if closure([state]).contains(accept) { return true }
      for next in closure([state]) {
        for edge in edges[next] where seen.insert(edge.target).inserted {
          stack.append(edge.target)
        }
      }
    }
    return false
  }

  /// True when some path could match both patterns. Conservative: character sets are assumed to
  /// share a character unless that is easy to rule out, and a search that grows too large answers
  /// true.
  public static func intersects(_ a: Glob, _ b: Glob) -> Bool {
    struct Pair: Hashable {
      var a: Int
      var b: Int
    }
    var seen = Set<Pair>()
    var stack: [Pair] = []
    for x in a.closure([0]) {
      for y in b.closure([0]) where seen.insert(Pair(a: x, b: y)).inserted {
        stack.append(Pair(a: x, b: y))
      }
    }
    while let pair = stack.popLast() {
      if pair.a == a.accept && pair.b == b.accept { return true }
      if seen.count > 200_000 { return true }
      for edgeA in a.edges[pair.a] {
        for edgeB in b.edges[pair.b] where edgeA.label.intersects(edgeB.label) {
          for x in a.closure([edgeA.target]) {
            for y in b.closure([edgeB.target]) where seen.insert(Pair(a: x, b: y)).inserted {
              stack.append(Pair(a: x, b: y))
            }
          }
        }
      }
    }
    return false
  }
}

extension Glob.Label {
  func accepts(_ character: Character) -> Bool {
    switch self {
    case .character(let expected): return character == expected
    case .notSlash: return character != "/"
    case .anything: return true
    case .set(let set): return set.contains(character)
    }
  }

  func intersects(_ other: Glob.Label) -> Bool {
    switch (self, other) {
    case (.character(let c), _): return other.accepts(c)
    case (_, .character(let c)): return accepts(c)
    case (.set(let x), .set(let y)): return x.mightIntersect(y)
    default: return true
    }
  }
}

/// A bracket expression such as `[a-z]`, `[!0-9]` or `[[:alpha:]_]`. It never matches "/".
public struct CharacterClass: Sendable {
  enum Item: Sendable {
    case single(Character)
    case range(Unicode.Scalar, Unicode.Scalar)
    case named(String)
  }

  var items: [Item]
  var negated: Bool
  /// Matching ignores case (`[[:upper:]]` then matches lower-case letters too).
  var ignoreCase = false

  /// The widest range whose members are compared one by one with a multi-scalar character
  /// (an NFD spelling); a wider one is assumed to contain it (towards reporting an overlap).
  static let enumerableRange: UInt32 = 4096

  func contains(_ character: Character) -> Bool {
    if character == "/" { return false }
    let hit = items.contains { item in
      switch item {
      case .single(let expected): return expected == character
      case .range(let low, let high):
        guard low <= high else { return false }
        let scalars = character.unicodeScalars
        if scalars.count == 1, let scalar = scalars.first {
          return low <= scalar && scalar <= high
        }
        // A decomposed spelling (e + U+0301): is its composed form in the range?
        guard high.value - low.value < CharacterClass.enumerableRange else { return true }
        for value in low.value...high.value {
          if let scalar = Unicode.Scalar(value), Character(scalar) == character { return true }
        }
        return false
      case .named(let name):
        return CharacterClass.named(name, contains: character, ignoreCase: ignoreCase)
      }
    }
    return hit != negated
  }

  /// True when the set holds only single characters (no range or class) and is not negated:
  /// then intersections with it can be decided exactly.
  private var isPlainList: Bool {
    !negated && items.allSatisfy { if case .single = $0 { return true } else { return false } }
  }

  /// Exact when either set is a plain list of characters; otherwise assumes they may share one.
  /// Symmetric.
  func mightIntersect(_ other: CharacterClass) -> Bool {
    if isPlainList {
      return items.contains { item in
        if case .single(let character) = item { return other.contains(character) }
        return true
      }
    }
    if other.isPlainList { return other.mightIntersect(self) }
    return true
  }

  static func named(_ name: String, contains character: Character, ignoreCase: Bool) -> Bool {
    switch name {
    case "alpha": return character.isLetter
    case "digit": return character.isASCII && character.isNumber
    case "alnum": return character.isLetter || character.isNumber
    case "lower":
      return character.isLowercase || (ignoreCase && character.isUppercase)
    case "upper":
      return character.isUppercase || (ignoreCase && character.isLowercase)
    case "space": return character.isWhitespace
    case "blank": return character == " " || character == "\t"
    case "punct": return character.isPunctuation || character.isSymbol
    case "xdigit": return character.isHexDigit
    case "cntrl": return character.unicodeScalars.allSatisfy { $0.value < 0x20 || $0.value == 0x7F }
    case "graph": return !character.isWhitespace && character.unicodeScalars.first!.value > 0x20
    case "print": return character.unicodeScalars.first!.value >= 0x20
    default: return false
    }
  }

  static let classNames: Set<String> = [
    "alpha", "digit", "alnum", "lower", "upper", "space", "blank", "punct", "xdigit", "cntrl",
    "graph", "print",
  ]

  /// The single scalar a character is spelled with, or that its decomposed spelling composes
  /// to (searched near its base letter); `nil` for a true cluster.
  static func singleScalar(_ character: Character) -> Unicode.Scalar? {
    let scalars = character.unicodeScalars
    if scalars.count == 1 { return scalars.first }
    guard let base = scalars.first?.value else { return nil }
    // Precomposed letters live in the Latin, Greek, Cyrillic… blocks; search them.
    for value in UInt32(0xA0)...UInt32(0x24FF) where value != base {
      if let scalar = Unicode.Scalar(value), Character(scalar) == character { return scalar }
    }
    for value in UInt32(0x1E00)...UInt32(0x1FFF) {
      if let scalar = Unicode.Scalar(value), Character(scalar) == character { return scalar }
    }
    return nil
  }

  /// Parses the bracket expression starting at `start` (the "["), returning the set and the
  /// index after its "]".
  static func parse(_ characters: [Character], from start: Int, pattern: String, ignoreCase: Bool)
    throws(LedgerError) -> (CharacterClass, Int)
  {
    var index = start + 1
    var negated = false
    if index < characters.count && (characters[index] == "!" || characters[index] == "^") {
      negated = true
      index += 1
    }
    var items: [Item] = []
    var first = true
    while index < characters.count {
      var character = characters[index]
      if character == "]" && !first {
        return (CharacterClass(items: items, negated: negated, ignoreCase: ignoreCase), index + 1)
      }
      first = false
      if character == "[" && index + 1 < characters.count && characters[index + 1] == ":" {
        let rest = characters[(index + 2)...]
        if let close = rest.firstIndex(of: ":"), close + 1 < characters.count,
          characters[close + 1] == "]"
        {
          let name = String(characters[(index + 2)..<close])
          guard classNames.contains(name) else {
            throw LedgerError(
              .badInput, "the glob '\(pattern)' names an unknown class [:\(name):]",
              hint: "Use one of " + classNames.sorted().map { "[:\($0):]" }.joined(separator: " "))
          }
          items.append(.named(name))
          index = close + 2
          continue
        }
      }
      if character == "\\" && index + 1 < characters.count {
        index += 1
        character = characters[index]
      }
      if index + 2 < characters.count && characters[index + 1] == "-"
        && characters[index + 2] != "]",
        let low = singleScalar(character)
      {
        var highCharacter = characters[index + 2]
        var end = index + 3
        if highCharacter == "\\" && index + 3 < characters.count {
          highCharacter = characters[index + 3]
          end += 1
        }
        if let high = singleScalar(highCharacter) {
          items.append(.range(low, high))
          index = end
          continue
        }
      }
      items.append(.single(character))
      index += 1
    }
    throw LedgerError(
      .badInput, "the glob '\(pattern)' has a '[' without its closing ']'",
      hint: "Close the bracket expression, or escape a literal bracket as \\[.")
  }
}
