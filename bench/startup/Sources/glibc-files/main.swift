#if canImport(Glibc)
  import Glibc
#endif

// The hook's file work the way Sources/LedgerCore/System/FileSystem.swift and SystemError.swift
// do it, on Glibc directly: read a small file (.git/HEAD), write a new file next to it, flush
// it, rename it into place, flush the directory. The argument `nosync` skips both flushes.
let durable = !(CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "nosync")

struct SystemError: Error, CustomStringConvertible {
  var operation: String
  var path: String
  var code: Int32
  static func last(_ operation: String, _ path: String) -> SystemError {
    SystemError(operation: operation, path: path, code: errno)
  }
  var description: String {
    guard let text = strerror(code) else { return "cannot \(operation) \(path): error \(code)" }
    return "cannot \(operation) \(path): \(String(cString: text))"
  }
}

func readAll(_ path: String) throws(SystemError) -> [UInt8] {
  let fd = open(path, O_RDONLY | O_CLOEXEC)
  guard fd >= 0 else { throw .last("open", path) }
  defer { close(fd) }
  var bytes: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
    if count < 0 {
      if errno == EINTR { continue }
      throw .last("read", path)
    }
    if count == 0 { break }
    bytes.append(contentsOf: chunk[0..<count])
  }
  return bytes
}

func writeAtomically(_ path: String, _ bytes: [UInt8]) throws(SystemError) {
  let temporary = "\(path).tmp-\(getpid())"
  let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
  guard fd >= 0 else { throw .last("create", temporary) }
  var offset = 0
  while offset < bytes.count {
    let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
    if written < 0 {
      if errno == EINTR { continue }
      let error = SystemError.last("write", temporary)
      close(fd)
      throw error
    }
    offset += written
  }
  if durable && fsync(fd) != 0 {
    let error = SystemError.last("fsync", temporary)
    close(fd)
    throw error
  }
  close(fd)
  guard rename(temporary, path) == 0 else { throw .last("rename", temporary) }
  if durable {
    let directory = ".git"
    let dirFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard dirFD >= 0 else { throw .last("open", directory) }
    defer { close(dirFD) }
    if fsync(dirFD) != 0 { throw .last("fsync", directory) }
  }
}

do {
  let head = try readAll(".git/HEAD")
  try writeAtomically(".git/probe-glibc", head + Array(repeating: 0x2e, count: 200))
  print(head.count)
} catch {
  print(error)
  exit(3)
}
