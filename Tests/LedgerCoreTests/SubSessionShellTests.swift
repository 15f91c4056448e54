import Testing

@testable import LedgerCore

@Suite("Sub-sessions and their shells")
struct SubSessionShellTests {
  func id(_ value: String) throws -> SessionID { try SessionID(value) }

  @Test("a Codex sub-session commits from its own shell as codex:<agent>; siblings stay apart")
  func codexShell() throws {
    let sub = try SessionID(parent: id("codex:root"), agent: "child-a", source: "test")
    #expect(sub.shellID == (try id("codex:child-a")))
    #expect(try id("codex:child-a").mayUse(claimsOf: sub))
    #expect(sub.mayUse(claimsOf: try id("codex:child-a")))
    #expect(try id("codex:root").mayUse(claimsOf: sub))
    #expect(!(try id("codex:child-b")).mayUse(claimsOf: sub))
    let sibling = try SessionID(parent: id("codex:root"), agent: "child-b", source: "test")
    #expect(!sibling.mayUse(claimsOf: sub))
  }

  @Test("a Claude sub-session has no shell of its own: its Bash knows only the parent")
  func claudeShell() throws {
    let sub = try SessionID(parent: id("claude:s1"), agent: "agent-a", source: "test")
    #expect(sub.shellID == nil)
    #expect(!(try id("claude:agent-a")).mayUse(claimsOf: sub))
    #expect(!(try id("codex:agent-a")).mayUse(claimsOf: sub))
  }
}
