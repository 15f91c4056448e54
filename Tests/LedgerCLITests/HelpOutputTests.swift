import Foundation
import LedgerCore
import Testing

@testable import LedgerCLI

/// `ledger --help`, `ledger COMMAND --help`, `--version` and the dispatcher, run in-process.
@Suite("Help output")
struct HelpOutputTests {
  @Test("the overview lists every command of the table with its summary, and exits 0")
  func overview() {
    for arguments in [[], ["--help"], ["-h"], ["help"]] {
      let captured = Captured()
      let status = LedgerCLI.run(arguments: arguments, context: context(captured))
      #expect(status == 0)
      for spec in LedgerCLI.commands {
        #expect(
          captured.out.contains("  \(spec.name) ") && captured.out.contains(spec.summary),
          "\(arguments) should list \(spec.name)")
      }
      #expect(captured.error.isEmpty)
      #expect(captured.out.contains("`ledger help --man`"))
    }
  }

  @Test("a command's help shows its usage, every option with its value, --help, and examples")
  func commandHelp() {
    for spec in LedgerCLI.commands {
      let text = HelpFormatter.command(spec)
      #expect(text.hasPrefix("ledger \(spec.name) — \(spec.summary)\n"))
      for usage in spec.usage { #expect(text.contains("  ledger \(usage)\n")) }
      let options = text.components(separatedBy: "\nOptions:\n")[1]
      for option in spec.options {
        let label = "--\(option.name)" + (option.value.map { " \($0)" } ?? "")
        let line = options.split(separator: "\n").first { $0.contains(label + " ") }
        #expect(line?.hasSuffix(option.help) == true, "\(spec.name): \(label)")
      }
      #expect(text.contains("-h, --help"))
      for example in spec.examples { #expect(text.contains("  \(example.command)\n")) }
      let discussion = text.components(separatedBy: "\n\nOptions:")[0]
        .components(separatedBy: "\n\n").dropFirst(2)
      for line in discussion.joined(separator: "\n").split(separator: "\n") {
        #expect(line.count <= 78, "\(spec.name): wrapped to 78 columns: \(line)")
      }
    }
  }

  @Test("`help COMMAND`, `COMMAND --help` and `COMMAND -h` print the same text")
  func helpSpellings() {
    for spec in LedgerCLI.commands {
      let viaHelp = ledger("help", spec.name)
      #expect(viaHelp.status == 0)
      #expect(viaHelp.out == HelpFormatter.command(spec))
      #expect(ledger(spec.name, "--help").out == viaHelp.out)
      #expect(ledger(spec.name, "-h").out == viaHelp.out)
    }
    #expect(ledger("claim", "--", "--help").out != HelpFormatter.command(command("claim")))
  }

  @Test("--version prints the stamped version and commit, or says the build is unstamped")
  func version() {
    let result = ledger("--version")
    #expect(result.status == 0)
    #expect(result.out == BuildInfo.versionLine() + "\n")
    #expect(ledger("version").out == result.out)
    #expect(
      BuildInfo.versionLine(version: "1.2.3", commit: "abc123")
        == "ledger 1.2.3 (commit abc123)")
    #expect(BuildInfo.versionLine(version: "unstamped", commit: "").contains("commit unknown"))
  }

  @Test("a stamped version is the one in VERSION")
  func stampedVersion() throws {
    let file = try String(
      contentsOf: packageRoot.appendingPathComponent("VERSION"), encoding: .utf8)
    let version = file.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(BuildInfo.version == version || BuildInfo.version == "unstamped")
    #expect(!version.isEmpty && !version.contains(" "))
  }

  @Test("an unknown command is bad input, names the word, and suggests a close command")
  func unknownCommand() {
    let result = ledger("relase")
    #expect(result.status == 2)
    #expect(result.out.isEmpty)
    #expect(result.error.contains("'relase' is not a ledger command"))
    #expect(result.error.contains("did you mean `ledger release`?"))
    #expect(result.error.contains("See `ledger --help`."))
  }

  @Test("an unknown option is bad input from the dispatcher, before anything runs")
  func unknownOption() {
    let result = ledger("status", "--bogus")
    #expect(result.status == 2)
    #expect(result.error.contains("unknown option --bogus for `ledger status`"))
  }

  @Test("a hook handler's usage mistake exits 1, never 2 (Claude reads 2 as deny)")
  func hookUsage() {
    #expect(ledger("hook", "claude").status == 1)
    #expect(ledger("hook", "claude", "pre-edit", "extra").status == 1)
  }
}
