import Subprocess

// swift-subprocess runs `git rev-parse --git-common-dir` and prints what it wrote. Its API is
// async only, so the program starts the Swift concurrency runtime (and, on Linux, its
// Dispatch-based global executor) and swift-subprocess's own monitor thread.
do {
  let result = try await run(
    .name("git"), arguments: ["rev-parse", "--git-common-dir"], output: .string(limit: 65536),
    error: .discarded)
  print(result.standardOutput, terminator: "")
} catch {
  print("cannot run git: \(error)")
}
