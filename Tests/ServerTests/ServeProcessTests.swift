import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import SpoorTestSupport
import Testing

/// `spoor serve` as a process: streaming memory, graceful shutdown, and the OpenAPI document checked by
/// schemathesis against the running server.
@Suite(.serialized) struct ServeProcessTests {
  /// A client for the whole test process (never shut down, like `HTTPClient.shared`): the shared one gives up after
  /// 90 s without a byte, and with the whole suite running beside it PostgreSQL can take longer than that to
  /// produce the first of a million rows (generate_series is materialised first).
  static let patientClient = HTTPClient(
    eventLoopGroupProvider: .singleton,
    configuration: HTTPClient.Configuration(timeout: .init(connect: .seconds(30), read: .minutes(5))))

  /// A million rows of about 150 bytes each through `/query` as NDJSON: the server's peak resident memory
  /// grows by far less than the 150 MB streamed.
  @Test func millionRowQueryStreamsWithFlatMemory() async throws {
    let database = try TestDatabase.makeDatabase(named: "serve_stream_memory")
    let server = try ServeProcess(database: database, arguments: ["--max-rows", "2000000", "--timeout", "10m"])
    defer { _ = server.stop() }
    let query =
      "range x from 1 to 1000000 step 1 | extend padding = strcat('"
      + String(repeating: "p", count: 120) + "', tostring(x))"

    func stream(_ query: String) async throws -> (bytes: Int, lines: Int) {
      var request = HTTPClientRequest(url: server.baseURL + "/api/v1/query")
      request.method = .POST
      request.headers.add(name: "Authorization", value: "Bearer \(server.hunterToken)")
      request.headers.add(name: "Content-Type", value: "application/json")
      let body = try JSONSerialization.data(withJSONObject: ["query": query, "format": "ndjson"])
      request.body = .bytes(ByteBuffer(bytes: body))
      let response = try await Self.patientClient.execute(request, timeout: .minutes(5))
      #expect(response.status == .ok)
      var bytes = 0
      var lines = 0
      for try await chunk in response.body {
        bytes += chunk.readableBytes
        // memchr: a byte loop in a debug build would make the client, not the server, the bottleneck.
        chunk.withUnsafeReadableBytes { buffer in
          guard var cursor = buffer.baseAddress else { return }
          let end = cursor + buffer.count
          while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
            lines += 1
            cursor = UnsafeRawPointer(found) + 1
          }
        }
      }
      return (bytes, lines)
    }

    // Warm up (the catalog, the pool, the first buffers), then measure.
    _ = try await stream("range x from 1 to 1000 step 1 | extend padding = 'x'")
    let before = try server.memory()
    let result = try await stream(query)
    let after = try server.memory()
    #expect(result.lines == 1_000_000)
    #expect(result.bytes > 140_000_000)
    let growthKiB = after.peak - before.resident
    #expect(
      growthKiB < 48 * 1024, "peak resident memory grew by \(growthKiB) KiB while streaming \(result.bytes) bytes")
    print("streaming: \(result.bytes) bytes, RSS \(before.resident) KiB before, peak \(after.peak) KiB")
  }

  @Test func sigtermShutsDownGracefully() throws {
    let database = try TestDatabase.makeDatabase(named: "serve_sigterm")
    let server = try ServeProcess(database: database, arguments: ["--schedule"])
    #expect(server.stop() == 0, "\(server.standardError)")
  }

  /// `spoor serve --schedule` runs a due hunt by itself, and its hits come out of `GET /api/v1/hits` of the same
  /// process.
  @Test func scheduleRunsADueHuntWhoseHitsTheAPIServes() async throws {
    let database = try ServeProcess.databaseWithCalcStarts(named: "serve_schedule_hits")
    let queries = try ServeProcess.huntFolder(["calc-starts.yaml": ServerHarness.huntYAML])
    defer { try? FileManager.default.removeItem(atPath: queries) }
    let server = try ServeProcess(database: database, arguments: ["--schedule", "--queries", queries])
    defer { _ = server.stop() }

    func get(_ path: String) async throws -> [String: Any] {
      var request = HTTPClientRequest(url: server.baseURL + path)
      request.headers.add(name: "Authorization", value: "Bearer \(server.adminToken)")
      let response = try await Self.patientClient.execute(request, timeout: .seconds(60))
      let body = try await response.body.collect(upTo: 1 << 22)
      #expect(response.status == .ok, "\(path): \(String(buffer: body))")
      return try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] ?? [:]
    }
    // The scheduler's first pass starts with the server; wait for its hits (two minutes at most).
    var hits: [[String: Any]] = []
    for _ in 0..<240 {
      hits = try await get("/api/v1/hits?hunt=calc-starts")["hits"] as? [[String: Any]] ?? []
      if hits.count >= 2 { break }
      try await Task.sleep(for: .milliseconds(500))
    }
    #expect(hits.count == 2, "\(server.standardError)")
    #expect(Set(hits.compactMap { ($0["row"] as? [String: Any])?["DeviceName"] as? String }) == ["host-a", "host-b"])
    #expect(hits.allSatisfy { $0["severity"] as? String == "medium" })
    let runs = try await get("/api/v1/runs?hunt=calc-starts")["runs"] as? [[String: Any]] ?? []
    #expect(runs.first?["status"] as? String == "succeeded", "\(runs)")
    #expect(runs.first?["newHits"] as? Int == 2)
    // The run was this process's scheduler: its metrics counted it.
    var request = HTTPClientRequest(url: server.baseURL + "/metrics")
    request.headers.add(name: "Authorization", value: "Bearer \(server.adminToken)")
    let metrics = String(
      buffer: try await Self.patientClient.execute(request, timeout: .seconds(60)).body.collect(upTo: 1 << 22))
    #expect(metrics.contains(#"spoor_hunt_runs_total{hunt="calc-starts",status="succeeded"} 1"#), "\(metrics)")
    #expect(metrics.contains(#"spoor_hits_recorded_total{hunt="calc-starts"} 2"#))
    #expect(server.stop() == 0, "\(server.standardError)")
  }

  /// schemathesis (PyPI, installed by scripts/install-dependencies) generates requests from
  /// openapi/spoor.yaml, valid and invalid, and checks every response against the document.
  @Test func openAPIDocumentMatchesTheServer() throws {
    let schemathesis = try Self.findSchemathesis()
    let database = try TestDatabase.makeDatabase(named: "serve_schemathesis")
    let server = try ServeProcess(database: database)
    defer { _ = server.stop() }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: schemathesis)
    process.arguments = [
      "--no-color", "run", TestDatabase.packageRoot + "/openapi/spoor.yaml", "--url", server.baseURL,
      "--header", "Authorization: Bearer \(server.adminToken)",
      "--checks", Self.checks.joined(separator: ","),
      "--max-examples", "25", "--seed", "1",
      // Runs a hunt and ingests: the order of operations does not matter for these checks.
      "--phases", "examples,coverage,fuzzing",
    ]
    var environment = ProcessInfo.processInfo.environment
    environment["SCHEMATHESIS_HOOKS"] = TestDatabase.packageRoot + "/openapi/schemathesis_hooks.py"
    process.environment = environment
    // schemathesis keeps a cache in its working directory: a temporary one, not the repository.
    let scratch = NSTemporaryDirectory() + "spoor-schemathesis-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    process.currentDirectoryURL = URL(fileURLWithPath: scratch)
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "schemathesis found failures:\n\(text)\nserver: \(server.standardError)")
    // The document's request schemas say what the server accepts: generated valid requests are not mostly
    // refused (the warning schemathesis gives when they are).
    #expect(!text.contains("Schema validation mismatch"), "\(text)")
    #expect(!text.contains("mostly rejected"), "\(text)")
    // The summary (operations, phases, test cases generated) goes to the test log as evidence.
    print(text.split(separator: "\n").suffix(20).joined(separator: "\n"))
  }

  /// The checks that fit: no server errors, statuses, content types, headers and bodies as documented, and
  /// invalid input refused. (`ignored_auth` is covered too: every call without a token must be refused; and
  /// `unsupported_method`: a method the document does not list for a path answers 405 with `Allow`.)
  static let checks = [
    "not_a_server_error", "status_code_conformance", "content_type_conformance", "response_headers_conformance",
    "response_schema_conformance", "negative_data_rejection", "ignored_auth", "unsupported_method",
  ]

  /// schemathesis on PATH (or in the user's Python scripts folder); a loud failure when it is missing.
  static func findSchemathesis() throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    var folders = path.split(separator: ":").map(String.init)
    folders.append(NSHomeDirectory() + "/.local/bin")
    for folder in folders {
      let candidate = folder + "/schemathesis"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw ServerTestError(
      message: "schemathesis is not installed: run scripts/install-dependencies (pip install schemathesis)")
  }
}
