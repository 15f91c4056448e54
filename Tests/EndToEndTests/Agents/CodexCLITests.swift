import Foundation
import Testing

/// The real Codex CLI (OpenAI's release binary, installed by `scripts/get-codex.sh`) driven
/// offline: a scripted OpenAI Responses API on 127.0.0.1 answers its model requests with
/// `apply_patch` calls, and Codex runs the hooks `ledger setup codex` wired.
enum CodexCLI {
  /// `LEDGER_TEST_CODEX`, else `$AGENTLEDGER_TOOLS/codex/codex`, else `codex` on the path.
  static func require() throws -> URL {
    let candidates = [
      ProcessInfo.processInfo.environment["LEDGER_TEST_CODEX"],
      HookTools.directory + "/codex/codex",
    ]
    if let path = candidates.compactMap({ $0 }).first(where: {
      FileManager.default.isExecutableFile(atPath: $0)
    }) {
      return URL(fileURLWithPath: path)
    }
    if let found = Executables.find("codex") { return found }
    throw HookTools.Missing(tool: "the Codex CLI (run scripts/get-codex.sh)")
  }

  /// The scripted Responses API: the Nth `POST …/responses` gets the Nth step of the script
  /// (`{"patch": TEXT}`: one freeform `apply_patch` call; `{"text": TEXT}`: a message). Every
  /// request body is logged, one JSON string a line. It prints its port, then serves.
  static let server = #"""
    import json, sys, threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    script, log_path = json.load(open(sys.argv[1])), sys.argv[2]
    lock, count = threading.Lock(), [0]
    def sse(kind, data):
        return ("event: %s\ndata: %s\n\n" % (kind, json.dumps(data))).encode()
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        def log_message(self, *args): pass
        def reply(self, status, kind, body):
            self.send_response(status)
            self.send_header("content-type", kind)
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def do_GET(self):
            self.reply(200, "application/json", b'{"models": [], "data": []}')
        def do_POST(self):
            raw = self.rfile.read(int(self.headers.get("content-length", "0")))
            if not self.path.endswith("/responses"):
                return self.reply(404, "text/plain", b"")
            with lock:
                n = count[0]
                count[0] += 1
                with open(log_path, "a") as log:
                    log.write(json.dumps(raw.decode("utf-8", "replace")) + "\n")
            step = script[n] if n < len(script) else {"text": "done"}
            if "patch" in step:
                item = {"type": "custom_tool_call", "id": "ctc_%d" % n, "call_id": "call_%d" % n,
                        "name": "apply_patch", "input": step["patch"], "status": "completed"}
            else:
                item = {"type": "message", "id": "msg_%d" % n, "role": "assistant",
                        "status": "completed",
                        "content": [{"type": "output_text", "text": step["text"], "annotations": []}]}
            usage = {"input_tokens": 1, "input_tokens_details": {"cached_tokens": 0},
                     "output_tokens": 1, "output_tokens_details": {"reasoning_tokens": 0},
                     "total_tokens": 2}
            rid = "resp_%d" % n
            self.reply(200, "text/event-stream", b"".join([
                sse("response.created", {"type": "response.created", "response": {"id": rid}}),
                sse("response.output_item.done",
                    {"type": "response.output_item.done", "output_index": 0, "item": item}),
                sse("response.completed",
                    {"type": "response.completed", "response": {"id": rid, "usage": usage}}),
            ]))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(httpd.server_address[1], flush=True)
    httpd.serve_forever()
    """#

  /// A running scripted API.
  final class Server {
    let process = Process()
    let port: Int
    let log: URL

    init(script: [[String: String]], in directory: URL) throws {
      let code = directory.appendingPathComponent("fake-responses.py")
      try server.write(to: code, atomically: true, encoding: .utf8)
      let scriptFile = directory.appendingPathComponent("script.json")
      try JSONSerialization.data(withJSONObject: script).write(to: scriptFile)
      log = directory.appendingPathComponent("requests.jsonl")
      process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
      process.arguments = ["python3", code.path, scriptFile.path, log.path]
      let output = Pipe()
      process.standardOutput = output
      try process.run()
      var line = Data()
      while !line.contains(UInt8(ascii: "\n")) {
        let chunk = output.fileHandleForReading.availableData
        if chunk.isEmpty { break }
        line.append(chunk)
      }
      guard
        let port = Int(
          String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
      else {
        process.terminate()
        throw ShapeError("the scripted Responses API did not start")
      }
      self.port = port
    }

    /// The request bodies received so far.
    var requests: [String] {
      let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
      return text.split(separator: "\n").compactMap {
        try? JSONSerialization.jsonObject(with: Data($0.utf8), options: .fragmentsAllowed)
          as? String
      }
    }

    deinit {
      // SIGKILL: the child may inherit a mask that blocks SIGTERM from the test process.
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  /// Runs `codex exec PROMPT` in `repo` against `server`, hooks trusted and no sandbox (the
  /// release binary's Linux sandbox helper is not installed beside it).
  static func exec(_ codex: URL, in repo: TempRepository, server: Server, prompt: String)
    async throws -> CommandResult
  {
    let home = repo.path.deletingLastPathComponent().appendingPathComponent("codex-home")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    let provider =
      "model_providers.fake={name=\"fake\",base_url=\"http://127.0.0.1:\(server.port)/v1\","
      + "wire_api=\"responses\",env_key=\"FAKE_OPENAI_KEY\"}"
    return try await repo.runner.run(
      [
        "120", codex.path, "exec", "--dangerously-bypass-hook-trust",
        "--dangerously-bypass-approvals-and-sandbox", "--ephemeral", "-c", "model_provider=fake",
        "-c", provider, "-c", "model=gpt-5.5", "-c",
        "projects.\"\(repo.path.path)\".trust_level=\"trusted\"", prompt,
      ], in: repo.path, environment: ["CODEX_HOME": home.path, "FAKE_OPENAI_KEY": "offline"],
      stdin: "", executable: URL(fileURLWithPath: "/usr/bin/timeout"))
  }
}

@Suite("The real Codex CLI with the hooks ledger setup codex wires")
struct CodexCLITests {
  @Test(
    "a patch touching another session's file is denied whole and the model reads why; a clean one is claimed"
  )
  func denyAndClaim() async throws {
    let codex = try CodexCLI.require()
    let repo = try await TempRepository(files: ["a.txt": "a\n", "b.txt": "b\n"])
    expectExit(0, try await repo.ledger("setup", "codex"))
    expectExit(
      0, try await repo.ledger("claim", "a.txt", "--note", "mine", session: "claude:other"))
    let server = try CodexCLI.Server(
      script: [
        [
          "patch":
            "*** Begin Patch\n*** Add File: c.txt\n+c\n*** Update File: a.txt\n@@\n-a\n+a2\n*** End Patch\n"
        ],
        [
          "patch":
            "*** Begin Patch\n*** Update File: b.txt\n@@\n-b\n+b2\n*** Add File: d.txt\n+d\n*** End Patch\n"
        ],
        ["text": "done"],
      ], in: repo.path.deletingLastPathComponent())
    let run = try await CodexCLI.exec(codex, in: repo, server: server, prompt: "edit the files")
    expectExit(0, run)
    // The denied patch changed nothing, not even its free file.
    #expect(try String(contentsOf: repo.url("a.txt"), encoding: .utf8) == "a\n")
    #expect(!FileManager.default.fileExists(atPath: repo.url("c.txt").path))
    // The reason reached the model with the tool's output.
    let requests = server.requests
    #expect(requests.count >= 3, "\(run)")
    #expect(requests.count > 1 && requests[1].contains("a.txt: claimed by claude:other"))
    // The clean patch applied and is this Codex session's, with the lease.
    #expect(try String(contentsOf: repo.url("b.txt"), encoding: .utf8) == "b2\n")
    let sessionLine = run.stderr.split(separator: "\n").first { $0.hasPrefix("session id: ") }
    let thread = try #require(sessionLine.map { String($0.dropFirst("session id: ".count)) })
    let claims = try await repo.claims()
    #expect(Set(claims.map(\.spec)) == ["a.txt", "b.txt", "d.txt"], "\(claims)")
    for claim in claims where claim.spec != "a.txt" {
      #expect(claim.session == "codex:" + thread)
      #expect(claim.expires != nil)
    }
    #expect(run.stderr.contains("hook: PostToolUse Completed"), "\(run.stderr)")
  }
}
