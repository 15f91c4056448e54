import Foundation
import Testing

@testable import LedgerCore

@Suite("Braces: alternatives expanded as shells do")
struct BracesTests {
  @Test("comma groups, nested groups, sequences, and literal groups")
  func expansion() {
    #expect(Braces.expand("src/*.{rs,toml}") == ["src/*.rs", "src/*.toml"])
    #expect(Braces.expand("a{b,c{d,e}}f") == ["abf", "acdf", "acef"])
    #expect(Braces.expand("{a,b}{1,2}") == ["a1", "a2", "b1", "b2"])
    #expect(Braces.expand("x{,y}") == ["x", "xy"])
    #expect(Braces.expand("f{1..3}") == ["f1", "f2", "f3"])
    #expect(Braces.expand("{c..a}") == ["c", "b", "a"])
    #expect(Braces.expand("{a}{b,c}") == ["{a}b", "{a}c"])
    #expect(Braces.expand("{}") == ["{}"])
    #expect(Braces.expand("{src,lib}/**/*.{ts,tsx}")?.count == 4)
    #expect(Braces.expand("a\\{b,c\\}") == ["a\\{b,c\\}"])
    #expect(Braces.expand("plain/path") == ["plain/path"])
  }

  @Test("unbalanced braces and too many alternatives give no expansion")
  func refusals() {
    #expect(Braces.expand("{a,b") == nil)
    #expect(Braces.expand("a},b") == nil)
    #expect(Braces.expand("}{") == nil)
    #expect(!Braces.isBalanced("x{"))
    #expect(Braces.isBalanced("x\\{"))
    #expect(Braces.expand(String(repeating: "{a,b,c}", count: 8)) == nil)
    // A stored spec that cannot be expanded keeps one meaning: itself.
    #expect(Braces.alternatives("{a,b") == ["{a,b"])
  }
}

@Suite("Coverage: a spec covers what it names and everything below it")
struct CoverageTests {
  @Test("a glob covers its name as spelled, and below it, and still matches as a glob")
  func literalOrGlob() {
    let route = glob("app/[id]/page.tsx")
    #expect(route.covers("app/[id]/page.tsx", ignoreCase: false))
    #expect(route.covers("app/i/page.tsx", ignoreCase: false))
    #expect(!route.covers("app/x/page.tsx", ignoreCase: false))
    #expect(glob("app/[id]/").covers("app/[id]/page.tsx", ignoreCase: false))
    #expect(glob("app/[id]/").covers("app/[id]", ignoreCase: false))
  }

  @Test("a file or directory name covers everything below it and its own entry")
  func orBelow() {
    #expect(file("newdir").covers("newdir/a/b.txt", ignoreCase: false))
    #expect(!file("newdir").covers("newdir2/a", ignoreCase: false))
    #expect(directory("sub/").covers("sub", ignoreCase: false))
    #expect(glob("sub/**").covers("sub", ignoreCase: false))
    #expect(glob("vendor/*/").covers("vendor/lib", ignoreCase: false))
    #expect(glob("**").covers("anything/at/all", ignoreCase: false))
  }

  @Test("a glob's matches are exact wildmatch: * does not cross directories")
  func matchesStayExact() {
    #expect(glob("src/*.rs").covers("src/a.rs", ignoreCase: false))
    #expect(!glob("src/*.rs").covers("src/a.rs/b", ignoreCase: false))
    #expect(!glob("src/*").covers("src/a/b", ignoreCase: false))
  }

  @Test("braces in a spec, nested ones included")
  func braces() {
    let spec = glob("src/*.{rs,toml}")
    #expect(spec.covers("src/a.rs", ignoreCase: false))
    #expect(spec.covers("src/Cargo.toml", ignoreCase: false))
    #expect(!spec.covers("src/a.txt", ignoreCase: false))
    #expect(glob("d/{a,b{c,e}}.md").covers("d/be.md", ignoreCase: false))
    #expect(spec.anchor == "src/")
    #expect(glob("{src,lib}/*.rs").anchor == "")
    #expect(glob("a/{b/c,d}/x").anchor == "a/")
  }

  @Test("names compare up to canonical equivalence: U+212A KELVIN SIGN is K")
  func kelvin() {
    #expect(file("\u{212A}elvin.txt").covers("Kelvin.txt", ignoreCase: false))
    #expect(file("K.txt").covers("\u{212A}.txt", ignoreCase: false))
    #expect(glob("lab/\u{212A}*").covers("lab/Kx", ignoreCase: false))
    #expect(
      Claim(
        spec: file("\u{212A}.txt"), session: SessionID(trusted: "s"), since: Timestamp(seconds: 0)
      )
      .anchorKey == PathText.key("k.txt"))
  }
}

@Suite("PathNormalizer: backslashes, braces and literal paths")
struct NormalizerSpellingTests {
  let tree: WorkTree

  init() throws { tree = try WorkTree() }

  @Test("a backslash is refused with a hint naming the path written with /")
  func backslash() {
    let error = expectError(.badInput) { _ = try tree.normalizer().spec("src\\nested\\a.txt") }
    #expect(error?.description.contains("src/nested/a.txt") == true, "\(String(describing: error))")
  }

  @Test("braces make a glob; an unbalanced brace is refused")
  func braces() throws {
    #expect(try tree.normalizer().spec("src/*.{rs,toml}") == glob("src/*.{rs,toml}"))
    #expect(try tree.normalizer().spec("f{1,2}.txt") == glob("f{1,2}.txt"))
    _ = expectError(.badInput) { _ = try tree.normalizer().spec("src/{a,b.rs") }
    _ = expectError(.badInput) { _ = try tree.normalizer().spec("src/a}.rs") }
  }

  @Test("a tool's path is taken literally, never as a glob")
  func literalPath() throws {
    #expect(try tree.normalizer().path("app/[id]/page.tsx") == file("app/[id]/page.tsx"))
    #expect(try tree.normalizer().path("a\\b.txt") == file("a\\b.txt"))
    _ = expectError(.badInput) { _ = try tree.normalizer().path("link/inside.txt") }
  }
}
