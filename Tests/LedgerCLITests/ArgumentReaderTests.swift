import LedgerCore
import Testing

@testable import LedgerCLI

/// `ArgumentReader` read directly against the real command table: no process, no repository.
@Suite("Argument reading")
struct ArgumentReaderTests {
  func read(_ name: String, _ arguments: [String]) throws(LedgerError) -> Invocation {
    try ArgumentReader.read(arguments, for: command(name), context: context(Captured()))
  }

  @Test("--name value and --name=value give the same value; repeated options keep every value")
  func optionValues() throws {
    let spaced = try read("claim", ["--ttl", "2h", "--note", "a", "--note=b", "x.txt"])
    #expect(spaced.value("ttl") == "2h")
    #expect(spaced.values["note"] == ["a", "b"])
    #expect(spaced.value("note") == "b")
    #expect(spaced.arguments == ["x.txt"])
    let inline = try read("claim", ["--ttl=2h", "x.txt"])
    #expect(inline.value("ttl") == "2h")
    #expect(try read("claim", ["--note=", "x.txt"]).value("note") == "")
  }

  @Test("flags are sets; a flag given a value is bad input")
  func flags() throws {
    let invocation = try read("release", ["--all", "--force", "--json"])
    #expect(invocation.flag("all") && invocation.flag("force") && invocation.json)
    #expect(!invocation.flag("session"))
    #expect(throws: LedgerError.self) { try read("release", ["--all=yes"]) }
  }

  @Test("-- ends options: what follows is an argument even when it looks like one")
  func doubleDash() throws {
    let invocation = try read("claim", ["--", "--ttl", "-x"])
    #expect(invocation.arguments == ["--ttl", "-x"])
    #expect(invocation.value("ttl") == nil)
    #expect(try read("claim", ["-"]).arguments == ["-"])
  }

  @Test("a pass-through command keeps unknown options and `--` for the command it runs")
  func passThrough() throws {
    let invocation = try read("commit", ["-m", "msg", "--session", "s1", "--", "a.txt"])
    #expect(invocation.value("session") == "s1")
    #expect(invocation.arguments == ["-m", "msg", "--", "a.txt"])
  }

  @Test(
    "usage mistakes are bad input (exit 2) and point at the command's help",
    arguments: [
      ("claim", ["--frob", "a"]), ("claim", ["a", "--ttl"]), ("claim", []),
      ("status", ["extra"]), ("hook", ["claude"]), ("setup", ["claude", "codex"]),
      ("claim", ["-z", "a"]), ("claim", ["-zz", "a"]),
    ])
  func usageMistakes(_ name: String, _ arguments: [String]) {
    do {
      _ = try read(name, arguments)
      Issue.record("`ledger \(name) \(arguments)` was accepted")
    } catch {
      #expect(error.code == .badInput)
      #expect(error.hint == "See `ledger \(name) --help`.")
    }
  }

  @Test("the error names the option that was wrong")
  func namesTheOption() {
    #expect {
      try read("who", ["--bogus", "a"])
    } throws: { error in
      (error as? LedgerError)?.message.contains("--bogus") == true
    }
    #expect {
      try read("log", ["--since"])
    } throws: { error in
      (error as? LedgerError)?.message.contains("WHEN") == true
    }
  }

  @Test("every option of the table is read by its long name, and by its letter when it has one")
  func everyOption() throws {
    for spec in LedgerCLI.commands {
      for option in spec.options {
        var arguments = ["--\(option.name)"]
        if option.value != nil { arguments.append("v") }
        arguments += Array(repeating: "arg", count: spec.positionals.minimum)
        let invocation = try read(spec.name, arguments)
        if option.value != nil {
          #expect(invocation.value(option.name) == "v", "\(spec.name) --\(option.name)")
        } else {
          #expect(invocation.flag(option.name), "\(spec.name) --\(option.name)")
        }
        if let short = option.short {
          #expect(try read(spec.name, ["-\(short)"]).flag(option.name))
        }
      }
    }
  }
}
