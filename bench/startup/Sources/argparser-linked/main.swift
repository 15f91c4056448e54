import ArgumentParser

// swift-argument-parser linked in but not used: the command runs only when given 99 arguments.
struct Hi: ParsableCommand {
  @Flag(help: "Shout.") var loud = false
  func run() { print(loud ? "HI" : "hi") }
}

if CommandLine.arguments.count > 99 { Hi.main() } else { print("hi") }
