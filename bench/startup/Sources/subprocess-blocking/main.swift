import Dispatch
import Subprocess
import SystemPackage

#if canImport(Glibc)
  import Glibc
#endif

// swift-subprocess called from synchronous code, as `ledger-hook` would have to: the call runs
// in a detached task and the main thread blocks on a semaphore. Unlike an async `main`, the
// main thread never enters `dispatch_main`, whose `pthread_exit` makes the unwinder of a fully
// static executable sort every frame description entry of the binary (~10 ms). git's path is
// found first, as System/Subprocess does.
final class Box: @unchecked Sendable {
  var text = ""
}

func gitPath() -> String? {
  let searchPath = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
  for directory in searchPath.split(separator: ":") {
    let candidate = "\(directory)/git"
    if access(candidate, X_OK) == 0 { return candidate }
  }
  return nil
}

func revParse() -> String {
  guard let path = gitPath() else { return "cannot find git in PATH\n" }
  let box = Box()
  let done = DispatchSemaphore(value: 0)
  Task.detached {
    do {
      let result = try await run(
        .path(FilePath(path)), arguments: ["rev-parse", "--git-common-dir"],
        output: .string(limit: 65536), error: .discarded)
      box.text = result.standardOutput
    } catch {
      box.text = "cannot run git: \(error)\n"
    }
    done.signal()
  }
  done.wait()
  return box.text
}

print(revParse(), terminator: "")
