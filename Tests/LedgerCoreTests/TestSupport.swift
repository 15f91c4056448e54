import Foundation
import Testing

@testable import LedgerCore

// Shared helpers for the LedgerCore unit tests.

/// "é" as one precomposed scalar (NFC).
let eAcuteNFC = "\u{E9}"
/// "é" as "e" followed by a combining acute accent (NFD).
let eAcuteNFD = "e\u{301}"

func file(_ text: String) -> PathSpec { PathSpec(kind: .file, text: text) }
func directory(_ text: String) -> PathSpec { PathSpec(kind: .directory, text: text) }
func glob(_ text: String) -> PathSpec { PathSpec(kind: .glob, text: text) }

/// A session id known to be valid.
func session(_ value: String) -> SessionID {
  precondition(SessionID.isValid(value), "test session id \(value) is invalid")
  return SessionID(trusted: value)
}

/// A fixed point in time: 2026-11-27T16:00:00Z.
let t0 = Timestamp(seconds: 1_795_795_200)

/// Runs `body`, expects it to throw a `LedgerError` with `code`, and returns the error.
@discardableResult
func expectError(
  _ code: ExitCode, _ comment: Comment? = nil,
  sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) -> LedgerError? {
  do {
    try body()
    let context = comment.map { " (\($0.rawValue))" } ?? ""
    Issue.record(
      "expected a LedgerError with exit code \(code), but nothing was thrown\(context)",
      sourceLocation: sourceLocation)
    return nil
  } catch let error as LedgerError {
    #expect(error.code == code, "\(error)", sourceLocation: sourceLocation)
    return error
  } catch {
    Issue.record("expected a LedgerError, got \(error)", sourceLocation: sourceLocation)
    return nil
  }
}

/// A fresh directory under /tmp, removed (with everything in it) when the value goes away.
final class TemporaryDirectory: Sendable {
  /// The directory's absolute, symlink-free path.
  let path: String

  init() throws {
    let raw = FileManager.default.temporaryDirectory
      .appendingPathComponent("agentledger-unit-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: raw, withIntermediateDirectories: true)
    path = FileSystem.realPath(raw) ?? raw
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  /// The absolute path of `relative`.
  func at(_ relative: String) -> String { relative.isEmpty ? path : path + "/" + relative }

  /// Creates the directory `relative` and its parents.
  func makeDirectory(_ relative: String) throws {
    try FileManager.default.createDirectory(atPath: at(relative), withIntermediateDirectories: true)
  }

  /// Writes a file (creating its parent directories).
  func write(_ relative: String, _ text: String = "") throws {
    let full = at(relative)
    try FileManager.default.createDirectory(
      atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    #expect(FileManager.default.createFile(atPath: full, contents: Data(text.utf8)))
  }

  /// Creates a symbolic link at `relative` pointing to `target`.
  func symlink(_ relative: String, to target: String) throws {
    try FileManager.default.createSymbolicLink(atPath: at(relative), withDestinationPath: target)
  }

  /// The bytes of a file.
  func bytes(_ relative: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: at(relative))))
  }
}

/// A seeded random number generator (SplitMix64), so a failing property test can be replayed:
/// the seed comes from `LEDGER_TEST_SEED` when set, else is drawn, and tests print it.
struct SeededGenerator: RandomNumberGenerator {
  private var state: UInt64
  /// The seed this generator started from.
  let seed: UInt64

  init(seed: UInt64) {
    self.seed = seed
    state = seed
  }

  /// `LEDGER_TEST_SEED`, or a fresh random seed.
  static func fromEnvironment() -> SeededGenerator {
    let text = ProcessInfo.processInfo.environment["LEDGER_TEST_SEED"]
    return SeededGenerator(seed: text.flatMap(UInt64.init) ?? UInt64.random(in: 0...UInt64.max))
  }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
