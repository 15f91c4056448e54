import LedgerCore

/// Reads a command line against a `CommandSpec`: `--name value`, `--name=value`, flags,
/// one-letter aliases, and `--` to end options.
enum ArgumentReader {
  static func read(_ arguments: [String], for command: CommandSpec, context: ProcessContext)
    throws(LedgerError) -> Invocation
  {
    var invocation = Invocation(
      command: command, values: [:], flags: [], arguments: [], context: context)
    var index = 0
    var optionsEnded = false
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      if optionsEnded || argument == "-" || !argument.hasPrefix("-") {
        invocation.arguments.append(argument)
        continue
      }
      if argument == "--" {
        if command.passesThrough { invocation.arguments.append(argument) }
        optionsEnded = true
        continue
      }
      let spec: OptionSpec?
      var inlineValue: String?
      if argument.hasPrefix("--") {
        var name = String(argument.dropFirst(2))
        if let equals = name.firstIndex(of: "=") {
          inlineValue = String(name[name.index(after: equals)...])
          name = String(name[..<equals])
        }
        spec = command.options.first { $0.name == name }
      } else if argument.count == 2, let letter = argument.last {
        spec = command.options.first { $0.short == letter }
      } else {
        spec = nil
      }
      guard let spec else {
        if command.passesThrough {
          invocation.arguments.append(argument)
          continue
        }
        throw .usage(
          "unknown option \(argument) for `ledger \(command.name)`", command: command.name)
      }
      if spec.value == nil {
        guard inlineValue == nil else {
          throw .usage("--\(spec.name) takes no value", command: command.name)
        }
        invocation.flags.insert(spec.name)
        continue
      }
      if let inlineValue {
        invocation.values[spec.name, default: []].append(inlineValue)
      } else {
        guard index < arguments.count else {
          throw .usage("--\(spec.name) needs a value (\(spec.value!))", command: command.name)
        }
        invocation.values[spec.name, default: []].append(arguments[index])
        index += 1
      }
    }
    if !command.passesThrough {
      let count = invocation.arguments.count
      if count < command.positionals.minimum {
        throw .usage(
          "`ledger \(command.name)` needs \(command.positionals.minimum == 1 ? "an argument" : "\(command.positionals.minimum) arguments"): \(command.usage[0])",
          command: command.name)
      }
      if let maximum = command.positionals.maximum, count > maximum {
        throw .usage(
          "`ledger \(command.name)` takes \(maximum == 0 ? "no arguments" : "at most \(maximum)"), got '\(invocation.arguments[maximum])'",
          command: command.name)
      }
    }
    return invocation
  }
}
