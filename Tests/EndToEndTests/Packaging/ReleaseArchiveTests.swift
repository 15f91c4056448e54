import Foundation
import Testing

/// The release archive installs and works on a machine without Swift. (That a source install
/// leaves the same files is checked by CI, which may run `swift build`; a test may not.)
@Suite("Release archive", .serialized)
struct ReleaseArchiveTests {
  @Test("install.sh --from ARCHIVE with no swift on PATH, then examples/two-agents.sh runs")
  func installFromArchive() async throws {
    let scratch = try await TempRepository(files: [:])
    let root = scratch.root
    guard let archive = try await Packaging.archive(in: root) else { return }
    let noSwift = try await Packaging.pathWithoutSwift(in: root)
    let prefix = root.appendingPathComponent("prefix")
    let environment = [
      "PATH": noSwift, "HOME": scratch.home.path, "TMPDIR": root.path,
      "ARCHIVE": archive.path, "PREFIX": prefix.path, "REPO": scratch.path.path,
      "GIT_CEILING_DIRECTORIES": root.path,
    ]
    let install = try await Packaging.sh(
      #"sh "$INSTALL" --from "$ARCHIVE" --prefix "$PREFIX" "$REPO""#,
      environment: environment.merging(
        ["INSTALL": Packaging.root.appendingPathComponent("install.sh").path]) { $1 },
      in: root, scratch: root)
    #expect(install.exited(0), "\(install)")
    let version = try await Packaging.sh(
      #""$PREFIX/bin/ledger" --version; "$PREFIX/bin/git-ledger" --version"#,
      environment: environment, in: root, scratch: root)
    let expected = "ledger \(try Packaging.version) (commit "
    #expect(version.lines.count == 2 && version.lines.allSatisfy { $0.hasPrefix(expected) })
    #expect(!version.stdout.contains("commit unknown"), "\(version)")
    for file in [
      "share/man/man1/ledger.1", "share/bash-completion/completions/ledger",
      "share/zsh/site-functions/_ledger", "share/fish/vendor_completions.d/ledger.fish",
    ] {
      #expect(FileManager.default.fileExists(atPath: prefix.appendingPathComponent(file).path))
    }
    // Shipped stripped (scripts/stage.sh): no symbol table left in any binary.
    let sections = try await Packaging.sh(
      #"for tool in ledger ledger-hook ledger-doctor; do readelf -S --wide "$PREFIX/bin/$tool" || exit 1; done"#,
      environment: environment, in: root, scratch: root)
    #expect(sections.exited(0), "readelf (binutils) is needed: \(sections)")
    #expect(sections.stdout.contains(".text"), "\(sections)")
    #expect(!sections.stdout.contains(".symtab"), "an installed binary is not stripped")
    let example = try await Packaging.sh(
      #"PATH="$PREFIX/bin:$PATH" sh "$EXAMPLE""#,
      environment: environment.merging([
        "EXAMPLE": Packaging.root.appendingPathComponent("examples/two-agents.sh").path
      ]) { $1 }, in: root, scratch: root)
    #expect(example.exited(0), "\(example)")
    #expect(example.stdout.contains("commit blocked"))
    #expect(example.stdout.contains("two-agents.sh: done"), "\(example)")
  }

  @Test("the README's no-Swift install line works as written, with no swift on PATH")
  func readmeLine() async throws {
    let scratch = try await TempRepository(files: [:])
    let root = scratch.root
    guard let archive = try await Packaging.archive(in: root) else { return }
    let readme = try String(
      contentsOf: Packaging.root.appendingPathComponent("README.md"), encoding: .utf8)
    let lines = readme.split(separator: "\n").filter { $0.hasPrefix("`tar xzf ") }
    try #require(lines.count == 1, "README.md has no single `tar xzf …` install line")
    let command = lines[0].trimmingCharacters(in: CharacterSet(charactersIn: "`."))
      .replacingOccurrences(of: "VERSION", with: try Packaging.version)
      .replacingOccurrences(of: "~/src/your-repo", with: "\"$REPO\"")
    let home = root.appendingPathComponent("home")
    let result = try await Packaging.sh(
      #"mkdir -p "$HOME" && cp "$ARCHIVE" . && "# + command,
      environment: [
        "PATH": try await Packaging.pathWithoutSwift(in: root), "HOME": home.path,
        "TMPDIR": root.path, "ARCHIVE": archive.path, "REPO": scratch.path.path,
        "GIT_CEILING_DIRECTORIES": root.path,
      ], in: root, scratch: root)
    #expect(result.exited(0), "\(command)\n\(result)")
    for tool in ["ledger", "ledger-hook", "git-ledger"] {
      #expect(
        FileManager.default.isExecutableFile(
          atPath: home.appendingPathComponent(".local/bin/\(tool)").path), "\(tool)")
    }
  }

  @Test("a damaged archive is refused before anything is installed")
  func damagedArchive() async throws {
    let scratch = try await TempRepository(files: [:])
    let root = scratch.root
    guard let archive = try await Packaging.archive(in: root) else { return }
    let prefix = root.appendingPathComponent("prefix")
    let result = try await Packaging.sh(
      """
      mkdir unpacked && tar -xzf "$ARCHIVE" -C unpacked && cd unpacked/* \
        && printf 'x' >> share/man/man1/ledger.1 && sh "$INSTALL" --from . --prefix "$PREFIX"
      """,
      environment: [
        "PATH": Executables.searchPath, "HOME": scratch.home.path, "TMPDIR": root.path,
        "ARCHIVE": archive.path, "PREFIX": prefix.path,
        "INSTALL": Packaging.root.appendingPathComponent("install.sh").path,
      ], in: root, scratch: root)
    #expect(result.exited(3), "\(result)")
    #expect(result.stderr.contains("damaged"))
    #expect(!FileManager.default.fileExists(atPath: prefix.appendingPathComponent("bin").path))
  }
}
