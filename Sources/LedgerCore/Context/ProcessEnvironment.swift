/// The one place that reads the real process: environment, working directory, clock, standard
/// streams. Only executables' `main` calls it; everything else receives a `ProcessContext`.
public enum ProcessEnvironment {
  /// Ignores SIGPIPE (a closed pipe becomes an EPIPE error) and SIGXFSZ (a file-size limit
  /// becomes an EFBIG error instead of killing the process mid-write).
  public static func prepareSignals() {
    signal(SIGPIPE, SIG_IGN)
    signal(SIGXFSZ, SIG_IGN)
  }

  /// The command-line arguments after the program name. An argument that is not valid UTF-8
  /// is kept with replacement characters and reported by `firstInvalidArgument`.
  public static func arguments() -> [String] {
    Array(CommandLine.arguments.dropFirst())
  }

  /// The position (1-based, after the program name) of the first argument whose bytes are not
  /// valid UTF-8, if any: such a path cannot be claimed under its own name.
  public static func firstInvalidArgument() -> Int? {
    for index in 1..<Int(CommandLine.argc) {
      guard let pointer = CommandLine.unsafeArgv[index] else { continue }
      let length = strlen(pointer)
      let bytes = UnsafeRawBufferPointer(start: pointer, count: length)
      if String(validating: bytes, as: UTF8.self) == nil { return index }
    }
    return nil
  }

  /// The context of this process.
  public static func context() -> ProcessContext {
    var environment: [String: String] = [:]
    var pointer = environ
    while let entry = pointer.pointee {
      let text = String(cString: entry)
      if let equals = text.firstIndex(of: "=") {
        environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
      }
      pointer += 1
    }
    let fixedNow = environment["LEDGER_NOW"].flatMap { Timestamp(parsing: $0) }
    let colors =
      isatty(1) == 1 && (environment["NO_COLOR"] ?? "").isEmpty
      && environment["TERM"] != "dumb"
    return ProcessContext(
      environment: environment,
      currentDirectory: currentDirectory(environment),
      clock: { fixedNow ?? Timestamp(seconds: Int64(time(nil))) },
      output: Output(
        colors: colors, out: { writeFully(1, $0) }, error: { writeFully(2, $0) }),
      readInput: { (try? FileSystem.readAll(fd: 0, path: "standard input")) ?? [] },
      parentProcessID: getppid(),
      executablePath: FileSystem.realPath(Platform.executableLink))
  }

  private static func currentDirectory(_ environment: [String: String]) -> String {
    var buffer = [CChar](repeating: 0, count: 4097)
    if getcwd(&buffer, buffer.count) != nil {
      return String(
        decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
    return environment["PWD"] ?? "/"
  }

  private static func writeFully(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeMutableBytes {
        write(fd, $0.baseAddress! + offset, $0.count - offset)
      }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return }
      offset += written
    }
  }
}
