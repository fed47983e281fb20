import ArgumentParser
import Dispatch
import Foundation
import Logging
import SpoorEngine
import SpoorServer

/// `spoor serve`: the HTTP API (and, with `--schedule`, the scheduler) in one long-running process.
struct ServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve the HTTP API (openapi/spoor.yaml) and /metrics; --schedule also runs the scheduler.",
    discussion: """
      Every call but /healthz and /readyz needs a bearer token: create one with `spoor token create NAME --role \
      hunter`. Ad-hoc queries run read-only with the statement timeout and row cap given here, whoever calls. \
      SIGTERM or Ctrl-C finishes the requests (and the scheduler's window) in flight, then exits.
      """)

  @OptionGroup var library: HuntLibraryOptions
  @OptionGroup var database: DatabaseOptions

  @Option(help: ArgumentHelp("Address to listen on, host:port.", valueName: "host:port"))
  var listen = "127.0.0.1:8080"

  @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM certificate chain: serve HTTPS.", valueName: "path"))
  var tlsCertificate: String?

  @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key of --tls-cert.", valueName: "path"))
  var tlsKey: String?

  @Flag(help: "Also run the scheduler (as `spoor schedule` does) in this process.")
  var schedule = false

  @OptionGroup var retentionFile: RetentionFileOptions

  @Option(name: .customLong("max-rows"), help: "The row cap of every ad-hoc query.")
  var maxRows: Int64 = 10_000

  @Option(help: "The longest statement timeout of an ad-hoc query (e.g. 30s, 5m).")
  var timeout = DurationArgument(argument: "60s")!

  func validate() throws {
    guard (tlsCertificate == nil) == (tlsKey == nil) else {
      throw ValidationError("--tls-cert and --tls-key go together")
    }
    guard maxRows > 0 else { throw ValidationError("--max-rows must be at least 1") }
    _ = try address()
  }

  /// `--listen` split into host and port; a bracketed IPv6 host keeps its colons.
  func address() throws -> (host: String, port: Int) {
    guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
      (0...65_535).contains(port)
    else { throw ValidationError("--listen: write host:port, e.g. 127.0.0.1:8080") }
    var host = String(listen[..<colon])
    if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
    return (host.isEmpty ? "127.0.0.1" : host, port)
  }

  func run() throws {
    // The TLS files first: a wrong path stops here, before a cluster starts.
    let tls: ServerTLS?
    do {
      tls = try tlsCertificate.map { try ServerTLS(certificatePath: $0, keyPath: tlsKey ?? "") }
    } catch {
      throw CommandError("\(error)")
    }
    // Migrate (and start an embedded cluster) before serving, as `schedule` does.
    try database.connectMigrated().close()
    let (host, port) = try address()
    let locator = database.locator
    var configuration = ServerConfiguration(library: try library.load()) {
      try locator.connect(startingHeldCluster: false)
    }
    configuration.host = host
    configuration.port = port
    configuration.tls = tls
    configuration.runsScheduler = schedule
    configuration.scheduler.retention = try retentionFile.load()
    configuration.caps = QueryCaps(maxRows: maxRows, timeoutMilliseconds: timeout.milliseconds)
    let scheme = tlsCertificate == nil ? "http" : "https"
    let logLevel = ProcessInfo.processInfo.environment["SPOOR_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
    do {
      try AsyncBridge.run { [configuration] in
        var logger = Logger(label: "spoor.serve")
        logger.logLevel = logLevel ?? .notice
        let app = try await SpoorServer.makeApplication(configuration, logger: logger) { bound in
          let shown = host.contains(":") ? "[\(host)]" : host
          print("spoor serve: listening on \(scheme)://\(shown):\(bound)/ (API under /api/v1)")
          fflush(nil)
        }
        try await app.runService()
      }
    } catch let error as CommandError {
      throw error
    } catch {
      throw CommandError("\(error)")
    }
  }
}
