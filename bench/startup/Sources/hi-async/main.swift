// A fully static Swift program that prints "hi" from an async context: what the Swift
// concurrency runtime (on Linux, with Dispatch's global executor) costs before any library.
func greet() async {
  await Task.yield()
  print("hi")
}

await greet()
