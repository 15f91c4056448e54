/// The bytes of a file, read-only: memory-mapped, so a reader touches only the pages it looks
/// at (a binary search over a large ledger reads a few dozen lines, not the whole file). Writers
/// never change a file in place (they rename a new one over it), so a mapping stays valid.
public final class MappedFile: @unchecked Sendable {
  /// The bytes.
  public let bytes: UnsafeRawBufferPointer
  private let mapped: Bool

  /// Maps the file at `path`; an empty file gives no bytes.
  public init(path: String) throws(SystemError) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .last("open", path) }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { throw .last("stat", path) }
    let size = Int(info.st_size)
    guard size > 0 else {
      bytes = UnsafeRawBufferPointer(start: nil, count: 0)
      mapped = false
      return
    }
    guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED
    else { throw .last("map", path) }
    bytes = UnsafeRawBufferPointer(start: address, count: size)
    mapped = true
  }

  /// Holds a copy of `array` (for tests and callers that already read the file).
  public init(copying array: [UInt8]) {
    let buffer = UnsafeMutableRawBufferPointer.allocate(
      byteCount: max(array.count, 1), alignment: 1)
    array.withUnsafeBytes { buffer.copyMemory(from: $0) }
    bytes = UnsafeRawBufferPointer(start: buffer.baseAddress, count: array.count)
    mapped = false
  }

  deinit {
    guard let base = bytes.baseAddress else { return }
    if mapped {
      munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
    } else {
      UnsafeMutableRawPointer(mutating: base).deallocate()
    }
  }
}
