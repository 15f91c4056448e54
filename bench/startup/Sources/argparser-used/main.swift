import ArgumentParser

// swift-argument-parser parses the (empty) command line and runs the command.
struct Hi: ParsableCommand {
  @Flag(help: "Shout.") var loud = false
  func run() { print(loud ? "HI" : "hi") }
}

Hi.main()
