/// Brace alternatives in a glob, expanded as shells and most glob libraries do:
/// `src/*.{rs,toml}` is `src/*.rs` and `src/*.toml`; `a{b,c{d,e}}` is `ab`, `acd`, `ace`;
/// `x{1..3}` is `x1`, `x2`, `x3`. A group without a top-level comma or a `..` range (`{a}`,
/// `{}`) stays as written, as in a shell. A backslash escapes the next character.
public enum Braces {
  /// The most alternatives one spec may expand to.
  public static let maximumExpansions = 1024

  /// True when `text` has a `{` or `}` outside escapes (the spec may have alternatives).
  public static func hasBraces(_ text: String) -> Bool {
    var escaped = false
    for scalar in text.unicodeScalars {
      if escaped {
        escaped = false
      } else if scalar == "\\" {
        escaped = true
      } else if scalar == "{" || scalar == "}" {
        return true
      }
    }
    return false
  }

  /// True when every unescaped `{` has its `}` and no `}` comes without its `{`.
  public static func isBalanced(_ text: String) -> Bool {
    var depth = 0
    var escaped = false
    for scalar in text.unicodeScalars {
      if escaped {
        escaped = false
      } else if scalar == "\\" {
        escaped = true
      } else if scalar == "{" {
        depth += 1
      } else if scalar == "}" {
        depth -= 1
        if depth < 0 { return false }
      }
    }
    return depth == 0
  }

  /// Every alternative of `text`, in shell order, or `nil` when the braces are unbalanced or
  /// the alternatives number more than `maximumExpansions`.
  public static func expand(_ text: String) -> [String]? {
    guard isBalanced(text) else { return nil }
    var results: [String] = []
    guard expand(Array(text.unicodeScalars), into: &results) else { return nil }
    return results
  }

  /// Like `expand`, but a text that cannot be expanded is its own only alternative (for specs
  /// already stored, which must keep a meaning).
  static func alternatives(_ text: String) -> [String] {
    expand(text) ?? [text]
  }

  private static func expand(_ scalars: [Unicode.Scalar], into results: inout [String]) -> Bool {
    var index = 0
    var escaped = false
    while index < scalars.count {
      let scalar = scalars[index]
      if escaped {
        escaped = false
      } else if scalar == "\\" {
        escaped = true
      } else if scalar == "{", let (close, parts) = group(scalars, from: index) {
        let prefix = scalars[..<index]
        let suffix = scalars[(close + 1)...]
        for part in parts {
          guard expand(Array(prefix) + part + Array(suffix), into: &results) else { return false }
          if results.count > maximumExpansions { return false }
        }
        return true
      }
      index += 1
    }
    results.append(String(String.UnicodeScalarView(scalars)))
    return results.count <= maximumExpansions
  }

  /// The group opening at `open`: the index of its `}` and its alternatives, or `nil` when it
  /// has none (no top-level comma, no range) and stays literal.
  private static func group(_ scalars: [Unicode.Scalar], from open: Int)
    -> (Int, [[Unicode.Scalar]])?
  {
    var depth = 0
    var escaped = false
    var commas: [Int] = []
    var index = open
    while index < scalars.count {
      let scalar = scalars[index]
      if escaped {
        escaped = false
      } else if scalar == "\\" {
        escaped = true
      } else if scalar == "{" {
        depth += 1
      } else if scalar == "}" {
        depth -= 1
        if depth == 0 { break }
      } else if scalar == "," && depth == 1 {
        commas.append(index)
      }
      index += 1
    }
    guard index < scalars.count else { return nil }
    let close = index
    if commas.isEmpty {
      guard let range = sequence(Array(scalars[(open + 1)..<close])) else { return nil }
      return (close, range)
    }
    var parts: [[Unicode.Scalar]] = []
    var start = open + 1
    for comma in commas + [close] {
      parts.append(Array(scalars[start..<comma]))
      start = comma + 1
    }
    return (close, parts)
  }

  /// A shell sequence `x..y`: integers (`1..10`, `10..1`) or single ASCII letters (`a..e`).
  private static func sequence(_ body: [Unicode.Scalar]) -> [[Unicode.Scalar]]? {
    let text = String(String.UnicodeScalarView(body))
    guard let dots = text.firstRange(of: "..") else { return nil }
    let low = String(text[..<dots.lowerBound])
    let high = String(text[dots.upperBound...])
    if let from = Int(low), let to = Int(high), low.count <= 9, high.count <= 9 {
      guard abs(to - from) < maximumExpansions else { return nil }
      let step = from <= to ? 1 : -1
      return stride(from: from, through: to, by: step).map { Array(String($0).unicodeScalars) }
    }
    let a = low.unicodeScalars
    let b = high.unicodeScalars
    if a.count == 1, b.count == 1, let x = a.first, let y = b.first, x.properties.isAlphabetic,
      y.properties.isAlphabetic, x.isASCII, y.isASCII
    {
      let step: Int32 = x.value <= y.value ? 1 : -1
      return stride(from: Int32(x.value), through: Int32(y.value), by: Int(step)).compactMap {
        Unicode.Scalar(UInt32($0)).map { [$0] }
      }
    }
    return nil
  }
}
