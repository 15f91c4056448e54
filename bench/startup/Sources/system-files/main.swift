import SystemPackage

#if canImport(Glibc)
  import Glibc
#endif

// The hook's file work through swift-system: read a small file (.git/HEAD), write a new file
// next to it, flush it, rename it into place, flush the directory. swift-system 1.8.1 has
// FileDescriptor open/read/write/close, Errno and FilePath, but no fsync and no rename: those
// two stay Glibc calls. Its calls throw untyped errors (documented as Errno). The argument `nosync` skips both flushes.
let durable = !(CommandLine.arguments.count > 1 && CommandLine.arguments[1] == "nosync")

func readAll(_ path: FilePath) throws -> [UInt8] {
  let fd = try FileDescriptor.open(path, .readOnly, options: [.closeOnExec])
  defer { try? fd.close() }
  var bytes: [UInt8] = []
  var chunk = [UInt8](repeating: 0, count: 65536)
  while true {
    let count = try chunk.withUnsafeMutableBytes { buffer in
      try fd.read(into: buffer, retryOnInterrupt: true)
    }
    if count == 0 { break }
    bytes.append(contentsOf: chunk[0..<count])
  }
  return bytes
}

func writeAtomically(_ path: FilePath, _ bytes: [UInt8]) throws {
  let temporary = FilePath("\(path).tmp-\(getpid())")
  let fd = try FileDescriptor.open(
    temporary, .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec],
    permissions: [.ownerReadWrite, .groupRead, .otherRead])
  do {
    _ = try bytes.withUnsafeBytes { buffer in try fd.writeAll(buffer) }
    if durable && fsync(fd.rawValue) != 0 { throw Errno(rawValue: errno) }
    try fd.close()
  } catch {
    try? fd.close()
    throw error
  }
  guard rename(temporary.string, path.string) == 0 else { throw Errno(rawValue: errno) }
  if durable {
    let directory = try FileDescriptor.open(
      path.removingLastComponent(), .readOnly, options: [.directory, .closeOnExec])
    defer { try? directory.close() }
    if fsync(directory.rawValue) != 0 { throw Errno(rawValue: errno) }
  }
}

do {
  let head = try readAll(".git/HEAD")
  try writeAtomically(".git/probe-system", head + Array(repeating: 0x2e, count: 200))
  print(head.count)
} catch {
  print("cannot write .git/probe-system: \(error)")
  exit(3)
}
