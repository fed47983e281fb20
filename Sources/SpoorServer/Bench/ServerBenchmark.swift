import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import SpoorDiagnostics
import SpoorEngine
import SpoorPostgres

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The HTTP figures of `spoor bench`, on loopback, reported and not asserted.
///
/// They are `/query` against the CLI's path (compile and run in process) on the same query, and `/hits`
/// requests per second with concurrent clients.
public enum ServerBenchmark {
  /// The figures of one run.
  public struct Figures: Sendable {
    /// Median milliseconds of the query through the engine directly, as `spoor query` runs it.
    public var cliMedianMilliseconds: Double
    /// Median milliseconds of the same query through `POST /api/v1/query` (JSON), request to last byte.
    public var httpMedianMilliseconds: Double
    /// `GET /api/v1/hits?limit=50` requests per second.
    public var hitsPerSecond: Double
    /// Concurrent clients of the `/hits` run.
    public var clients: Int
    /// Requests of the `/hits` run, and how many did not answer 200.
    public var hitsRequests: Int
    public var hitsFailures: Int
  }

  /// Serves `database` on a free loopback port and measures.
  /// - Parameters:
  ///   - connect: opens a connection to the migrated database with the events already generated.
  ///   - query: the KQL query both paths run.
  public static func run(
    connect: @escaping @Sendable () throws -> Connection, query: String, repetitions: Int, clients: Int = 32,
    requestsPerClient: Int = 100
  ) async throws -> Figures {
    let connection = try connect()
    defer { connection.close() }
    let tokenName = "bench-\(UUID().uuidString.prefix(8))"
    let token = try TokenStore.create(name: tokenName, role: .hunter, on: connection)
    defer { _ = try? TokenStore.revoke(name: tokenName, on: connection) }

    // The CLI's path: compile against the catalog, run read-only, write NDJSON (to /dev/null).
    let catalog = try CatalogLoader.load(from: connection)
    var cli: [Double] = []
    for _ in 0..<repetitions {
      let started = ContinuousClock.now
      let compilation = Compiler(catalog: catalog).compile(
        SourceText(name: "<bench>", text: query), language: nil,
        options: CompileOptions(now: WallClock.nowMicroseconds(), rowLimit: 10_001))
      guard let statement = compilation.statement else { throw BenchError(message: "the query does not translate") }
      let null = open("/dev/null", O_WRONLY)
      defer { close(null) }
      _ = try QueryService().run(
        statement, limits: QueryLimits(maxRows: 10_000, timeoutMilliseconds: 60_000), on: connection,
        into: ResultWriter(format: .ndjson, sink: TextSink(fileDescriptor: null)))
      cli.append((ContinuousClock.now - started).seconds * 1_000)
    }

    var configuration = ServerConfiguration(library: HuntLibrary(hunts: []), connect: connect)
    configuration.port = 0
    var logger = Logger(label: "spoor.bench")
    logger.logLevel = .error
    let port = PortBox()
    let app = try await SpoorServer.makeApplication(configuration, logger: logger) { port.set($0) }
    let group = ServiceGroup(services: [app], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
      tasks.addTask { try await group.run() }
      defer { tasks.cancelAll() }
      let base = "http://127.0.0.1:\(await port.wait())"
      let session = URLSession(configuration: sessionConfiguration(clients: clients))
      let body = try JSONSerialization.data(withJSONObject: ["query": query])
      var http: [Double] = []
      for _ in 0..<repetitions {
        var request = URLRequest(url: URL(string: base + "/api/v1/query")!)
        request.httpMethod = "POST"
        request.httpBody = body
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let started = ContinuousClock.now
        let (_, response) = try await session.data(for: request)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else {
          throw BenchError(message: "/query answered \(String(describing: response))")
        }
        http.append((ContinuousClock.now - started).seconds * 1_000)
      }

      let hitsRequest = {
        var request = URLRequest(url: URL(string: base + "/api/v1/hits?limit=50")!)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        return request
      }()
      let started = ContinuousClock.now
      let failures = try await withThrowingTaskGroup(of: Int.self) { clientsGroup in
        for _ in 0..<clients {
          clientsGroup.addTask {
            var failed = 0
            for _ in 0..<requestsPerClient {
              let (_, response) = try await session.data(for: hitsRequest)
              if (response as? HTTPURLResponse)?.statusCode != 200 { failed += 1 }
            }
            return failed
          }
        }
        return try await clientsGroup.reduce(0, +)
      }
      let seconds = (ContinuousClock.now - started).seconds
      session.invalidateAndCancel()
      await group.triggerGracefulShutdown()
      return Figures(
        cliMedianMilliseconds: median(cli), httpMedianMilliseconds: median(http),
        hitsPerSecond: Double(clients * requestsPerClient) / seconds, clients: clients,
        hitsRequests: clients * requestsPerClient, hitsFailures: failures)
    }
  }

  private static func sessionConfiguration(clients: Int) -> URLSessionConfiguration {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpMaximumConnectionsPerHost = clients
    configuration.timeoutIntervalForRequest = 120
    return configuration
  }

  private static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
  }

  /// Why the benchmark could not run.
  public struct BenchError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
  }

  /// The bound port, handed from the server's start to the benchmark.
  private actor PortBox {
    private var port: Int?
    private var waiters: [CheckedContinuation<Int, Never>] = []

    nonisolated func set(_ port: Int) { Task { await self.store(port) } }

    private func store(_ port: Int) {
      self.port = port
      for waiter in waiters { waiter.resume(returning: port) }
      waiters.removeAll()
    }

    func wait() async -> Int {
      if let port { return port }
      return await withCheckedContinuation { waiters.append($0) }
    }
  }
}
