// swift-tools-version: 6.0
import PackageDescription

#if !os(Linux)
  // One clear message instead of a wall of compile errors: docs/PORTING.md lists every call a
  // port to macOS (or another OS) must provide.
  fatalError("AgentLedger builds on Linux only for now; docs/PORTING.md lists what a port needs.")
#endif

// AgentLedger: git hooks and a CLI that let several AI coding agents share one repository
// while each commits only its own work. See README.md and docs/ARCHITECTURE.md.
//
// Layers (each depends only on the ones below it):
//   ledger, ledger-hook, ledger-doctor   thin executables: read the process, call a library
//   LedgerCLI                            the `ledger` command line: arguments, help, output
//   LedgerDoctor                         `ledger doctor`: health checks, libgit2's second opinion
//   LedgerCore                           all logic; no Foundation, no process globals
//   CPlatform                            two glibc calls Swift's Glibc module hides
//   CBuildInfo                           the version and commit (scripts/stamp.sh writes them)
//   LibGit2 / CLibGit2                   typed wrapper over Debian's libgit2 (doctor only)
// `ledger` and `ledger-hook` run on every commit and after every agent edit. Linked as fully
// static executables (release builds on Linux) they start in ~1.5 ms instead of ~3.7 ms: the
// dynamic loader's symbol lookups and libstdc++ go away (docs/ARCHITECTURE.md, "Start-up").
// `ledger-doctor` links Debian's shared libgit2 and stays dynamic; debug builds stay dynamic.
let fullyStatic: [LinkerSetting] = [
  .unsafeFlags(["-static-executable"], .when(platforms: [.linux], configuration: .release))
]

let package = Package(
  name: "AgentLedger",
  products: [
    .executable(name: "ledger", targets: ["ledger"]),
    .executable(name: "ledger-hook", targets: ["ledger-hook"]),
    .executable(name: "ledger-doctor", targets: ["ledger-doctor"]),
  ],
  dependencies: [
    .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.0")
  ],
  targets: [
    .systemLibrary(
      name: "CLibGit2",
      pkgConfig: "libgit2",
      providers: [.apt(["libgit2-dev"])]
    ),
    .target(name: "LibGit2", dependencies: ["CLibGit2"]),
    .target(name: "CPlatform"),
    .target(name: "LedgerCore", dependencies: ["CPlatform"]),
    .target(name: "CBuildInfo"),
    .target(name: "LedgerCLI", dependencies: ["LedgerCore", "CBuildInfo"]),
    .executableTarget(name: "ledger", dependencies: ["LedgerCLI"], linkerSettings: fullyStatic),
    .executableTarget(
      name: "ledger-hook", dependencies: ["LedgerCore"], linkerSettings: fullyStatic),
    .target(name: "LedgerDoctor", dependencies: ["LedgerCore", "LibGit2"]),
    .executableTarget(name: "ledger-doctor", dependencies: ["LedgerDoctor"]),
    .testTarget(
      name: "LedgerCoreTests",
      dependencies: [
        "LedgerCore",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(name: "LedgerCLITests", dependencies: ["LedgerCLI", "LedgerCore"]),
    .testTarget(name: "LibGit2Tests", dependencies: ["LibGit2", "LedgerCore"]),
    .testTarget(
      name: "EndToEndTests",
      dependencies: ["LedgerCore", "ledger", "ledger-hook", "ledger-doctor"],
      // Real payloads agents sent, read by path (#filePath), not bundled.
      exclude: ["Fixtures"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
