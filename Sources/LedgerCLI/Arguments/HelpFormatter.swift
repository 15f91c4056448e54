import LedgerCore

/// Renders `ledger --help` and `ledger COMMAND --help`.
enum HelpFormatter {
  static func overview(_ commands: [CommandSpec]) -> String {
    var text = """
      ledger — claim files so parallel AI agents each commit only their own work

      Usage: ledger COMMAND [OPTIONS] [ARGUMENTS]
             git ledger COMMAND …

      Commands:

      """
    let width = (commands.map(\.name.count).max() ?? 0) + 2
    for command in commands {
      text += "  " + command.name.padding(to: width) + command.summary + "\n"
    }
    text += """

      Examples:
        ledger claim src/parser.swift docs/ --note "empty-input fix"
        git add -A && git commit -m "…"      # blocked if it stages another session's file
        ledger commit -m "Parser: handle empty input"
        ledger status

      Sessions: --session ID, else LEDGER_SESSION, else CLAUDE_CODE_SESSION_ID (claude:ID),
      else CODEX_THREAD_ID (codex:ID); otherwise the committer is unscoped.
      Exit codes: 0 done, 1 refused, 2 bad input, 3 environment.
      Run `ledger COMMAND --help` for a command's options and examples, `ledger help --man`
      for the manual page, `ledger completions SHELL` for bash, zsh or fish completions.

      """
    return text
  }

  static func command(_ command: CommandSpec) -> String {
    var text = "ledger \(command.name) — \(command.summary)\n\nUsage:\n"
    for line in command.usage { text += "  ledger \(line)\n" }
    text += "\n" + command.discussion.wrapped(width: 78) + "\n"
    let options = command.options + [OptionSpec.flag("help", short: "h", "Show this help.")]
    text += "\nOptions:\n"
    let labels = options.map { option -> String in
      var label = option.short.map { "-\($0), " } ?? "    "
      label += "--\(option.name)"
      if let value = option.value { label += " \(value)" }
      return label
    }
    let width = (labels.map(\.count).max() ?? 0) + 2
    for (label, option) in zip(labels, options) {
      text += "  " + label.padding(to: width) + option.help + "\n"
    }
    if !command.examples.isEmpty {
      text += "\nExamples:\n"
      for example in command.examples {
        text += "  # \(example.comment)\n  \(example.command)\n"
      }
    }
    return text
  }
}

extension String {
  func padding(to width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }

  /// Re-flows each paragraph (separated by blank lines) to `width` columns.
  func wrapped(width: Int) -> String {
    split(separator: "\n\n", omittingEmptySubsequences: false).map { paragraph in
      var lines: [String] = []
      var line = ""
      for word in paragraph.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
        if !line.isEmpty && line.count + 1 + word.count > width {
          lines.append(line)
          line = ""
        }
        line += line.isEmpty ? String(word) : " " + word
      }
      if !line.isEmpty { lines.append(line) }
      return lines.joined(separator: "\n")
    }.joined(separator: "\n\n")
  }
}
