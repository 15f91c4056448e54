import Foundation
import PropertyBased
import Testing

@testable import LedgerCore

/// A work tree in a temporary directory:
///
/// ```
/// sub/deeper/            directories
/// file.txt  a[1].txt  odd[     files (the last two with glob characters in their names)
/// real/inside.txt        a directory reached through…
/// link -> real           …a symbolic link inside the tree
/// out -> <elsewhere>     a symbolic link leaving the tree
/// ```
struct WorkTree {
  let directory: TemporaryDirectory
  let elsewhere: TemporaryDirectory
  var root: String { directory.path }

  init() throws {
    directory = try TemporaryDirectory()
    elsewhere = try TemporaryDirectory()
    try directory.makeDirectory("sub/deeper")
    try directory.write("file.txt")
    try directory.write("a[1].txt")
    try directory.write("odd[")
    try directory.write("real/inside.txt")
    try directory.symlink("link", to: directory.at("real"))
    try elsewhere.write("secret.txt")
    try directory.symlink("out", to: elsewhere.path)
  }

  func normalizer(_ prefix: String = "", ignoreCase: Bool = false) -> PathNormalizer {
    PathNormalizer(workTree: root, prefix: prefix, ignoreCase: ignoreCase)
  }
}

@Suite("PathNormalizer: what users type becomes a canonical spec")
struct PathNormalizerTests {
  let tree: WorkTree

  init() throws { tree = try WorkTree() }

  @Test("paths are relative to the prefix, with or without its final slash")
  func relativeToPrefix() throws {
    #expect(try tree.normalizer().spec("x.txt") == file("x.txt"))
    #expect(try tree.normalizer("sub/").spec("x.txt") == file("sub/x.txt"))
    #expect(try tree.normalizer("sub").spec("x.txt") == file("sub/x.txt"))
    #expect(tree.normalizer("sub").prefix == "sub/")
    #expect(try tree.normalizer("sub/deeper/").spec("m/n.c") == file("sub/deeper/m/n.c"))
  }

  @Test("'.' components and repeated slashes are removed")
  func redundantComponents() throws {
    #expect(try tree.normalizer().spec("./a//b/./c") == file("a/b/c"))
    #expect(try tree.normalizer("sub/").spec("./x") == file("sub/x"))
  }

  @Test("'..' climbs from the prefix but never above the top")
  func parentComponents() throws {
    let n = tree.normalizer("sub/deeper/")
    #expect(try n.spec("../x") == file("sub/x"))
    #expect(try n.spec("../../x") == file("x"))
    #expect(try n.spec("../../sub/deeper/../x") == file("sub/x"))
    #expect(try tree.normalizer().spec("a/../b") == file("b"))
    for input in [
      "../../../x", "../../..", "../../../" + FileSystem.baseName(of: tree.root) + "/x",
    ] {
      let error = expectError(.badInput, "\(input)") { _ = try n.spec(input) }
      #expect(error?.message.contains("outside the work tree") == true)
    }
    expectError(.badInput) { _ = try tree.normalizer().spec("..") }
    expectError(.badInput) { _ = try tree.normalizer().spec("a/../../b") }
  }

  @Test("absolute paths inside the work tree are accepted, from any prefix")
  func absoluteInside() throws {
    let n = tree.normalizer("sub/")
    #expect(try n.spec(tree.root + "/x/y.c") == file("x/y.c"))
    #expect(try n.spec(tree.root + "/sub/deeper") == directory("sub/deeper/"))
    #expect(try n.spec(tree.root) == glob("**"))
    #expect(try n.spec(tree.root + "/") == glob("**"))
    #expect(try n.spec(tree.root + "/sub/../x") == file("x"))
  }

  @Test("absolute paths outside the work tree are refused")
  func absoluteOutside() throws {
    let n = tree.normalizer()
    for input in [
      "/etc/hostname", tree.elsewhere.at("secret.txt"), tree.root + "-sibling/x",
      tree.root + "/../x", FileSystem.directoryName(of: tree.root), "/",
    ] {
      expectError(.badInput, "\(input)") { _ = try n.spec(input) }
    }
  }

  @Test("an absolute path reaching the work tree through a symbolic link is accepted")
  func absoluteThroughLinkToTree() throws {
    let outside = try TemporaryDirectory()
    try outside.symlink("tree", to: tree.root)
    let n = tree.normalizer()
    #expect(try n.spec(outside.at("tree/new/file.c")) == file("new/file.c"))
    #expect(try n.spec(outside.at("tree/sub")) == directory("sub/"))
    #expect(try n.spec(outside.at("tree")) == glob("**"))
  }

  @Test(
    "anything inside .git is refused",
    arguments: [
      ".git", ".git/", ".git/config", "sub/.git/x", "sub/../.git/hooks/pre-commit", "./.git",
    ])
  func gitDirectory(_ input: String) {
    let error = expectError(.badInput) { _ = try tree.normalizer().spec(input) }
    #expect(error?.message.contains(".git") == true)
  }

  @Test("an absolute path into .git is refused, and .GIT too when ignoring case")
  func gitDirectoryOtherSpellings() {
    expectError(.badInput) { _ = try tree.normalizer().spec(tree.root + "/.git/HEAD") }
    expectError(.badInput) { _ = try tree.normalizer("sub/").spec("../.git") }
    expectError(.badInput) { _ = try tree.normalizer(ignoreCase: true).spec(".GIT/config") }
    expectError(.badInput) { _ = try tree.normalizer(ignoreCase: true).spec("a/.Git/x") }
  }

  @Test("a final slash or an existing directory gives a directory spec")
  func directories() throws {
    let n = tree.normalizer()
    #expect(try n.spec("newdir/") == directory("newdir/"))
    #expect(try n.spec("sub") == directory("sub/"))
    #expect(try n.spec("sub/") == directory("sub/"))
    #expect(try n.spec("sub/.") == directory("sub/"))
    #expect(try n.spec("sub/deeper/..") == directory("sub/"))
    #expect(try tree.normalizer("sub/").spec("deeper") == directory("sub/deeper/"))
    #expect(try tree.normalizer("sub/").spec(".") == directory("sub/"))
  }

  /// "x/.." names the directory containing x whether or not it exists yet (git's normalisation
  /// keeps the final slash: "a/b/.." becomes "a/").
  @Test("a path ending in '..' names a directory even before it exists")
  func parentOfMissing() throws {
    #expect(try tree.normalizer().spec("newdir/child/..") == directory("newdir/"))
  }

  @Test("'.' at the top is the whole work tree")
  func wholeTree() throws {
    let n = tree.normalizer()
    #expect(try n.spec(".") == glob("**"))
    #expect(try n.spec("./") == glob("**"))
    #expect(try n.spec("sub/..") == glob("**"))
    #expect(try tree.normalizer("sub/").spec("..") == glob("**"))
  }

  @Test("an existing file with glob characters is taken literally; otherwise they are a glob")
  func globCharacters() throws {
    let n = tree.normalizer()
    #expect(try n.spec("a[1].txt") == file("a[1].txt"))
    #expect(try n.spec("odd[") == file("odd["))
    #expect(try n.spec("b[1].txt") == glob("b[1].txt"))
    #expect(try n.spec("*.txt") == glob("*.txt"))
    #expect(try n.spec("src/**/*.swift") == glob("src/**/*.swift"))
    #expect(try tree.normalizer("sub/").spec("*.c") == glob("sub/*.c"))
    #expect(try tree.normalizer("sub/deeper/").spec("../?.c") == glob("sub/?.c"))
  }

  @Test("a malformed glob is refused when it is not an existing file")
  func badGlob() {
    expectError(.badInput) { _ = try tree.normalizer().spec("new[") }
    expectError(.badInput) { _ = try tree.normalizer().spec("x/[[:nope:]]") }
  }

  @Test("a path through a symbolic link is refused")
  func symlinkAncestor() throws {
    let n = tree.normalizer()
    for input in ["link/inside.txt", "link/new", "link/", "out/secret.txt", "out/", "link/x/y"] {
      let error = expectError(.badInput, "\(input)") { _ = try n.spec(input) }
      #expect(error?.message.contains("link") == true || error?.message.contains("out") == true)
    }
    expectError(.badInput) { _ = try n.spec(tree.root + "/link/inside.txt") }
    // The link itself is a file git tracks.
    #expect(try n.spec("link") == file("link"))
    #expect(try n.spec("out") == file("out"))
    // The real path is fine.
    #expect(try n.spec("real/inside.txt") == file("real/inside.txt"))
  }

  @Test(
    "control characters are refused",
    arguments: ["a\nb", "a\rb", "\tx", "x\u{0}", "x\u{7F}", "x\u{1B}[0m", "x\u{1F}", "line\n"])
  func controlCharacters(_ input: String) {
    let error = expectError(.badInput) { _ = try tree.normalizer().spec(input) }
    #expect(error?.message.contains("control character") == true)
  }

  /// U+0080-U+009F are control characters too (Unicode category Cc): NEL is a line break, and
  /// CSI (U+009B) starts a terminal escape sequence.
  @Test("C1 control characters are refused", arguments: ["x\u{85}y", "x\u{9B}31m"])
  func c1ControlCharacters(_ input: String) {
    expectError(.badInput) { _ = try tree.normalizer().spec(input) }
  }

  @Test("a spec is at most 4096 bytes")
  func lengthLimit() throws {
    let n = tree.normalizer()
    let component = String(repeating: "a", count: 15) + "/"  // 16 bytes
    let exact = String(repeating: component, count: 255) + String(repeating: "b", count: 16)
    #expect(exact.utf8.count == 4096)
    #expect(try n.spec(exact).text == exact)
    let error = expectError(.badInput) { _ = try n.spec(exact + "c") }
    #expect(error?.message.contains("4097") == true)
    // Bytes are counted, not characters: 2049 two-byte characters are 4098 bytes.
    expectError(.badInput) { _ = try n.spec(String(repeating: eAcuteNFC, count: 2049)) }
    expectError(.badInput) { _ = try n.spec(String(repeating: "/", count: 4097)) }
  }

  @Test("an empty path is refused")
  func empty() {
    expectError(.badInput) { _ = try tree.normalizer().spec("") }
  }

  /// A combining mark right after "/" must not glue the "/" to the next name: the bytes still
  /// say "..", then "/", then a name.
  @Test("a name starting with a combining mark does not hide '..' or '.git'")
  func combiningMarkAfterSlash() {
    let n = tree.normalizer()
    expectError(.badInput, "'../' + U+0301 escapes the tree") { _ = try n.spec("../\u{301}x") }
    expectError(.badInput, "inside .git") { _ = try n.spec(".git/\u{301}x") }
    expectError(.badInput, "through a symlink") { _ = try n.spec("link/\u{301}x") }
  }

  @Test("NFC and NFD spellings are both kept as typed and still compare equal")
  func unicodeSpellings() throws {
    let n = tree.normalizer()
    let nfc = try n.spec("caf\(eAcuteNFC)")
    let nfd = try n.spec("caf\(eAcuteNFD)")
    #expect(nfc == nfd)
    #expect(Array(nfc.text.utf8) != Array(nfd.text.utf8))
  }

  @Test("normalising a canonical spec's text again from the top changes nothing (property)")
  func idempotent() async {
    let pieces = [
      "a", "b", eAcuteNFC, eAcuteNFD, "sub", "deeper", "file.txt", ".", "..", "*", "?", "[ab]",
      "x.c", "",
    ]
    let prefixes = ["", "sub/", "sub/deeper/", "new/"]
    let inputs = Generator<(String, String), Shrink.None<(String, String)>>(run: { rng in
      let count = Int.random(in: 1...4, using: &rng)
      var text = (0..<count).map { _ in pieces.randomElement(using: &rng)! }
        .joined(separator: "/")
      if Bool.random(using: &rng) { text += "/" }
      return (prefixes.randomElement(using: &rng)!, text)
    })
    let root = tree.root
    var accepted = 0
    await propertyCheck(count: 400, input: inputs) { prefix, input in
      let first: PathSpec
      do {
        first = try PathNormalizer(workTree: root, prefix: prefix, ignoreCase: false).spec(input)
      } catch let error as LedgerError {
        #expect(error.code == .badInput, "\(input): \(error)")
        return
      } catch {
        Issue.record("unexpected error \(error)")
        return
      }
      accepted += 1
      let again = try PathNormalizer(workTree: root, prefix: "", ignoreCase: false).spec(first.text)
      #expect(again == first, "prefix \(prefix.debugDescription), input \(input.debugDescription)")
      #expect(Array(again.text.utf8) == Array(first.text.utf8))
      // A canonical text has no empty, "." or ".." components and no leading "/"; a directory
      // (or a glob covering everything below its matches) ends with one.
      let components = first.text.split(separator: "/", omittingEmptySubsequences: false)
      #expect(!first.text.hasPrefix("/"))
      #expect(first.kind != .directory || first.text.hasSuffix("/"))
      #expect(!components.dropLast(first.text.hasSuffix("/") ? 1 : 0).contains { $0.isEmpty })
      #expect(!components.contains { $0 == "." || $0 == ".." })
    }
    #expect(accepted > 100)
  }
}
