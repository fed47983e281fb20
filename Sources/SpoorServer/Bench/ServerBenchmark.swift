import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ServiceLifecycle
import SpoorDiagnostics
import SpoorEngine
import SpoorPostgres

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
    /// Hits recorded before the `/hits` run (by a hunt over the generated events), so each page is full.
    public var hitsRecorded: Int64
  }

  /// The hunt whose hits `/hits` pages through: the PowerShell starts of the generated events.
  static let huntYAML = """
    id: bench-powershell
    title: "PowerShell started (bench)"
    description: |
      Records the generated PowerShell starts as hits for the /hits benchmark.
    severity: low
    language: kql
    schedule: 1h
    lookback: 3650d
    enabled: true
    query: |
      DeviceProcessEvents
      | where FileName =~ "powershell.exe"
      | project Timestamp, DeviceName, ProcessCommandLine
    """

  /// Runs ``huntYAML`` once over the events in the database, as the scheduler would, and returns its new hits.
  static func recordHits(on connection: Connection) throws -> Int64 {
    let hunt = try HuntFileParser.parse(huntYAML, file: "bench-powershell.yaml").get()
    _ = try HuntStore(connection: connection).resetWatermark(huntID: hunt.id)
    let outcomes = try HuntScheduler(
      hunts: [hunt], configuration: SchedulerConfiguration(ignoresSchedule: true), logger: Logger(label: "spoor.bench")
    ).runPass(on: connection)
    guard case .succeeded(let summary)? = outcomes.first else {
      throw BenchError(message: "the bench hunt did not run: \(outcomes)")
    }
    return summary.newHits
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
    let hitsRecorded = try recordHits(on: connection)
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
    logger.logLevel = .critical
    let port = PortBox()
    let app = try await SpoorServer.makeApplication(configuration, logger: logger) { port.set($0) }
    let group = ServiceGroup(services: [app], logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
      tasks.addTask { try await group.run() }
      defer { tasks.cancelAll() }
      let bound = await port.wait()
      // Hummingbird's HTTP/1.1 client (one keep-alive connection per client): no other client package in the
      // main targets, and FoundationNetworking's URLSession fails under concurrent requests on Linux.
      let body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["query": query]))
      let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: "application/json"]
      let http = try await TestClient.withClient(
        host: "127.0.0.1", port: bound, configuration: .init(timeout: .seconds(300))
      ) {
        client in
        var times: [Double] = []
        for _ in 0..<repetitions {
          let started = ContinuousClock.now
          let response = try await client.execute(.init("/api/v1/query", method: .post, headers: headers, body: body))
          guard response.status == .ok else { throw BenchError(message: "/query answered \(response.status)") }
          times.append((ContinuousClock.now - started).seconds * 1_000)
        }
        return times
      }
      let hitsHeaders: HTTPFields = [.authorization: "Bearer \(token)"]
      let started = ContinuousClock.now
      let failures = try await withThrowingTaskGroup(of: Int.self) { clientsGroup in
        for _ in 0..<clients {
          clientsGroup.addTask {
            try await TestClient.withClient(
              host: "127.0.0.1", port: bound, configuration: .init(timeout: .seconds(300))
            ) {
              client in
              var failed = 0
              for _ in 0..<requestsPerClient {
                let response = try await client.execute(
                  .init("/api/v1/hits?limit=50", method: .get, headers: hitsHeaders))
                if response.status != .ok { failed += 1 }
              }
              return failed
            }
          }
        }
        return try await clientsGroup.reduce(0, +)
      }
      let seconds = (ContinuousClock.now - started).seconds
      await group.triggerGracefulShutdown()
      return Figures(
        cliMedianMilliseconds: median(cli), httpMedianMilliseconds: median(http),
        hitsPerSecond: Double(clients * requestsPerClient) / seconds, clients: clients,
        hitsRequests: clients * requestsPerClient, hitsFailures: failures, hitsRecorded: hitsRecorded)
    }
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
