import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import NIOCore
import ServiceLifecycle
import SpoorCatalog
import SpoorEngine
import SpoorPostgres

#if canImport(Glibc)
  import Glibc
#endif

/// `spoor serve`: one long-running process with the HTTP API, `/metrics`, and optionally the scheduler.
///
/// Built on Hummingbird 2 (SwiftNIO); swift-service-lifecycle runs the HTTP server, the database pool and the
/// scheduler as services and shuts them down in order on SIGTERM or SIGINT.
public enum SpoorServer {
  /// Builds the application: the router with its middleware and routes, and its services.
  ///
  /// The services are the pool and, with ``ServerConfiguration/runsScheduler``, the scheduler. The catalog is
  /// read once, here.
  /// - Parameter onListening: told the bound port once the server accepts connections.
  public static func makeApplication(
    _ configuration: ServerConfiguration, logger: Logger = Logger(label: "spoor.serve"),
    onListening: @escaping @Sendable (Int) -> Void = { _ in }
  ) async throws -> some ApplicationProtocol {
    // The query stream writes into pipes; a client gone away must give EPIPE, not kill the process.
    signal(SIGPIPE, SIG_IGN)
    let pool = DatabasePool(connect: configuration.connect)
    let catalog: Catalog
    do {
      catalog = try await pool.withConnection { try CatalogLoader.load(from: $0) }
    } catch {
      try await pool.shutdown()
      throw error
    }
    let metrics = ServerMetrics()
    let api = SpoorAPI(
      pool: pool, catalog: catalog, library: configuration.library, caps: configuration.caps, metrics: metrics,
      scheduler: configuration.scheduler)
    var routes = RouteList()
    api.register(on: &routes)
    api.registerConsoleRoutes(on: &routes)
    let router = Router(context: ServerContext.self)
    router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
    router.add(middleware: ErrorShapeMiddleware())
    router.add(middleware: ConsoleMiddleware())
    router.add(middleware: AuthenticationMiddleware(pool: pool))
    router.add(middleware: MethodNotAllowedMiddleware(table: routes.methodTable))
    routes.register(on: router)

    var services: [any Service] = [PoolService(pool: pool)]
    if configuration.runsScheduler {
      services.append(
        SchedulerService(
          hunts: configuration.library.hunts, configuration: configuration.scheduler, connect: configuration.connect,
          pool: pool, metrics: metrics))
    }
    let server: HTTPServerBuilder
    if let tls = configuration.tls {
      server = try .tls(tlsConfiguration: tls.configuration)
    } else {
      server = .http1()
    }
    return Application(
      router: router, server: server,
      configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "spoor"),
      services: services,
      onServerRunning: { channel in onListening(channel.localAddress?.port ?? configuration.port) },
      logger: logger)
  }
}

/// Closes the pool's connections and stops its threads when the server shuts down.
struct PoolService: Service {
  let pool: DatabasePool

  func run() async throws {
    try? await gracefulShutdown()
    try await pool.shutdown()
  }
}

/// The scheduler (``HuntScheduler``, blocking) on a thread of its own; graceful shutdown lets the current window
/// finish, as SIGTERM does for `spoor schedule`.
struct SchedulerService: Service {
  let hunts: [Hunt]
  let configuration: SchedulerConfiguration
  let connect: @Sendable () throws -> Connection
  let pool: DatabasePool
  let metrics: ServerMetrics

  func run() async throws {
    let shutdown = ShutdownSignal()
    let (hunts, configuration) = (hunts, configuration)
    let connect = connect
    let metrics = metrics
    let pool = pool
    await withGracefulShutdownHandler {
      await withCheckedContinuation { (finished: CheckedContinuation<Void, Never>) in
        let thread = Thread {
          let scheduler = HuntScheduler(
            hunts: hunts, configuration: configuration, logger: Logger(label: "spoor.scheduler"))
          scheduler.run(connect: connect, shutdown: shutdown, report: { Self.record($0, metrics: metrics, pool: pool) })
          finished.resume()
        }
        thread.name = "spoor.scheduler"
        thread.start()
      }
    } onGracefulShutdown: {
      shutdown.request()
    }
  }

  /// Records a pass's runs, with each run's duration as the run history has it.
  static func record(_ outcomes: [HuntRunOutcome], metrics: ServerMetrics, pool: DatabasePool) {
    metrics.huntRuns(outcomes)
    let ran = Set(
      outcomes.compactMap { outcome -> Int64? in
        switch outcome {
        case .succeeded(let summary), .failed(let summary, _): summary.runID
        case .busy, .notDue: nil
        }
      })
    guard !ran.isEmpty, let connection = try? pool.take() else { return }
    defer { pool.giveBack(connection) }
    guard let history = try? HuntStore(connection: connection).runs(RunFilter(limit: Int64(ran.count) + 16)) else {
      return
    }
    for row in history.rows {
      guard let id = row["id"].flatMap({ Int64($0) }), ran.contains(id), let huntID = row["hunt_id"],
        let seconds = row["seconds"].flatMap(Double.init)
      else { continue }
      metrics.huntRunDuration(huntID: huntID, seconds: seconds)
    }
  }
}
