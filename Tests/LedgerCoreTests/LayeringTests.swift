import Foundation
import Testing

/// The folders of `Sources/LedgerCore` are layers: each may use only the folders below it
/// (docs/ARCHITECTURE.md, "Layers"). Swift has no imports between files of one module, so this
/// reads the sources: every top-level name a folder declares, and every name each file uses
/// (comments and string literals left out). A file that uses a name declared only in a higher
/// folder fails the test, naming both.
@Suite("Layering: no folder of LedgerCore uses one above it")
struct LayeringTests {
  /// The layers, lowest first. A new folder must be placed here (and in ARCHITECTURE.md).
  static let layers = [
    "System", "JSON", "Time", "Context", "Paths", "Sessions", "Git", "Ledger", "Commit",
    "Workspace", "Hooks", "Install", "Agents",
  ]

  static let sources = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Sources/LedgerCore")

  /// `text` without comments and string literals.
  static func code(_ text: String) -> String {
    var result = text
    for pattern in [
      #"//[^\n]*"#, #"/\*[\s\S]*?\*/"#, #"\"\"\"[\s\S]*?\"\"\""#, #""(?:\\.|[^"\\\n])*""#,
    ] {
      result = result.replacingOccurrences(
        of: pattern, with: " ", options: .regularExpression)
    }
    return result
  }

  static func matches(_ pattern: String, in text: String, group: Int = 0) -> [String] {
    guard let expression = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines])
    else {
      Issue.record("bad pattern \(pattern)")
      return []
    }
    let range = NSRange(text.startIndex..., in: text)
    return expression.matches(in: text, range: range).compactMap {
      Range($0.range(at: group), in: text).map { String(text[$0]) }
    }
  }

  @Test("every folder is a known layer, and uses only the layers below it")
  func layersHold() throws {
    let manager = FileManager.default
    let folders = try manager.contentsOfDirectory(atPath: Self.sources.path).filter {
      !$0.hasPrefix(".")
    }
    #expect(
      Set(folders) == Set(Self.layers),
      "folders not placed in a layer: \(Set(folders).subtracting(Self.layers))")
    var files: [(folder: String, name: String, code: String)] = []
    var declaredIn: [String: Set<String>] = [:]
    let declaration =
      #"^(?:public |internal |private |fileprivate |@\w+ )*(?:final )?(?:struct|enum|class|protocol|actor|typealias|func|let|var) +(\w+)"#
    for folder in folders {
      let directory = Self.sources.appendingPathComponent(folder)
      for name in try manager.contentsOfDirectory(atPath: directory.path)
      where name.hasSuffix(".swift") {
        let text = try String(
          contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        let code = Self.code(text)
        files.append((folder, name, code))
        for declared in Self.matches(declaration, in: code, group: 1) {
          declaredIn[declared, default: []].insert(folder)
        }
      }
    }
    #expect(files.count > 50, "the sources were not found at \(Self.sources.path)")
    let rank = Dictionary(uniqueKeysWithValues: Self.layers.enumerated().map { ($1, $0) })
    var upwards: [String] = []
    for file in files {
      for word in Set(Self.matches(#"\b[A-Za-z_]\w*\b"#, in: file.code)) {
        // A name declared in the file's own folder, or in one below, is fine.
        guard let folders = declaredIn[word], !folders.contains(file.folder),
          folders.allSatisfy({ (rank[$0] ?? 0) > (rank[file.folder] ?? 0) })
        else { continue }
        upwards.append("\(file.folder)/\(file.name) uses \(word) from \(folders.sorted())")
      }
    }
    #expect(upwards.isEmpty, "upward uses:\n\(upwards.sorted().joined(separator: "\n"))")
  }

  @Test("only System/Platform.swift imports the C library (docs/PORTING.md, \"The seam\")")
  func oneSeam() throws {
    let all = Self.sources.deletingLastPathComponent()
    let platform = Self.sources.appendingPathComponent("System/Platform.swift").path
    var offenders: [String] = []
    let files = FileManager.default.enumerator(atPath: all.path)
    while let relative = files?.nextObject() as? String {
      guard relative.hasSuffix(".swift") else { continue }
      let path = all.appendingPathComponent(relative).path
      guard path != platform else { continue }
      let code = Self.code(try String(contentsOfFile: path, encoding: .utf8))
      if !Self.matches(#"^\s*(?:@_exported )?import (?:Glibc|Musl|Darwin)\b"#, in: code).isEmpty {
        offenders.append(relative)
      }
    }
    #expect(
      offenders.isEmpty,
      "import the C library only in System/Platform.swift (LedgerCore re-exports it): \(offenders.sorted())"
    )
    let seam = Self.code(try String(contentsOfFile: platform, encoding: .utf8))
    #expect(!Self.matches(#"^\s*@_exported import Glibc\b"#, in: seam).isEmpty)
  }
}
