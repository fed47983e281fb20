import Foundation
import Hummingbird
import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine
import SpoorFormats
import SpoorIngest
import SpoorPlan
import SpoorPostgres
import SpoorSQL
import SpoorXQL

/// The limits every ad-hoc query runs under, whoever calls: a request may lower them, never raise them.
public struct QueryCaps: Sendable {
  /// The most rows a query returns.
  public var maxRows: Int64
  /// The longest statement timeout, in milliseconds.
  public var timeoutMilliseconds: Int

  /// Creates caps (the CLI's defaults: 10 000 rows, 60 s).
  public init(maxRows: Int64 = 10_000, timeoutMilliseconds: Int = 60_000) {
    self.maxRows = maxRows
    self.timeoutMilliseconds = timeoutMilliseconds
  }
}

/// The handlers of `/api/v1`, over the engine.
///
/// They call the compiler, the query runner, the hunt library and scheduler and the ingester, and hold no
/// query, hunt or validation logic of their own.
struct SpoorAPI: Sendable {
  let pool: DatabasePool
  let catalog: Catalog
  let library: HuntLibrary
  let caps: QueryCaps
  let metrics: ServerMetrics
  let scheduler: SchedulerConfiguration

  /// The engine's query service: parse, compile, explain and run.
  var queries: QueryService { QueryService(storedQueries: library.storedXQLQueries) }

  /// Adds every route to `routes`.
  func register(on routes: inout RouteList) {
    routes.get("/healthz") { _, _ in Health(status: "ok") }
    routes.get("/readyz") { _, _ in try await ready() }
    routes.get("/metrics") { _, context in
      try context.require(.reader)
      await recordSchedulerLag()
      return Response(
        status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
        body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition())))
    }
    routes.post("/api/v1/query") { request, context in
      try context.require(.hunter)
      return try await query(try await request.decode(as: QueryBody.self, context: context))
    }
    routes.post("/api/v1/validate") { request, context in
      try context.require(.hunter)
      return try validate(try await request.decode(as: ValidateBody.self, context: context))
    }
    routes.post("/api/v1/explain") { request, context in
      try context.require(.hunter)
      return try await explain(try await request.decode(as: ValidateBody.self, context: context))
    }
    routes.get("/api/v1/schema") { request, context in
      try context.require(.reader)
      let language = try request.uri.queryParameters.get("language").map { text in
        guard let language = QueryLanguage(rawValue: text) else { throw APIError.badRequest("language: kql or xql") }
        return language
      }
      return schema(language: language)
    }
    routes.get("/api/v1/hunts") { _, context in
      try context.require(.reader)
      return HuntList(hunts: library.hunts.sorted { $0.id < $1.id }.map(HuntSummary.init))
    }
    routes.get("/api/v1/hunts/:id") { _, context in
      try context.require(.reader)
      return HuntDetail(try hunt(context))
    }
    routes.post("/api/v1/hunts/:id/run") { _, context in
      try context.require(.hunter)
      return try await run(try hunt(context))
    }
    routes.post("/api/v1/hunts/:id/reset") { _, context in
      try context.require(.admin)
      return try await reset(try hunt(context))
    }
    routes.get("/api/v1/hits") { request, context in
      try context.require(.reader)
      return try await hits(request)
    }
    routes.get("/api/v1/runs") { request, context in
      try context.require(.reader)
      return try await runs(request)
    }
    routes.post("/api/v1/ingest") { request, context in
      try context.require(.ingest)
      return try await ingest(request, context: context)
    }
  }

  // MARK: - Health

  func ready() async throws -> Health {
    do {
      let pending = try await pool.withConnection {
        try MigrationRunner(source: MigrationSource.builtIn()).pending(on: $0)
      }
      guard pending.isEmpty else {
        throw APIError(
          .serviceUnavailable, code: "unavailable",
          message: "\(pending.count) migration(s) not applied, first \(pending[0].fileName); run `spoor migrate`")
      }
    } catch let error as APIError {
      throw error
    } catch {
      throw APIError(.serviceUnavailable, code: "unavailable", message: "the database does not answer: \(error)")
    }
    return Health(status: "ready")
  }

  /// Sets each enabled hunt's scheduler lag, how long past its due time it is now, from ``HuntStore/watermarks()``.
  ///
  /// A database that does not answer leaves the last values.
  func recordSchedulerLag() async {
    let enabled = Set(library.hunts.filter(\.enabled).map(\.id))
    guard let result = try? await pool.withConnection({ try HuntStore(connection: $0).watermarks() }) else { return }
    let now = WallClock.nowMicroseconds()
    for row in result.rows {
      guard let huntID = row["hunt_id"], enabled.contains(huntID),
        let index = row.columns.firstIndex(where: { $0.name == "next_due" }),
        case .timestamp(let due) = row.decoded(index), let dueMicroseconds = TimestampParser.microseconds(due)
      else { continue }
      metrics.schedulerLag(huntID: huntID, seconds: Double(now - dueMicroseconds) / 1_000_000)
    }
  }

  // MARK: - Queries

  /// Parses and compiles a request's query through the engine's ``QueryService``, or throws 422 with its
  /// diagnostics.
  private func compile(_ request: SpoorEngine.QueryRequest, purpose: QueryPurpose) throws -> Compilation {
    let compilation = compilation(request, purpose: purpose)
    guard compilation.succeeded, compilation.statement != nil else {
      throw APIError(
        .unprocessableContent, code: "invalid_query", message: "the query does not translate",
        diagnostics: compilation.diagnostics.map { DiagnosticBody($0, in: compilation.source) })
    }
    return compilation
  }

  /// The compilation of a request, successful or not.
  private func compilation(_ request: SpoorEngine.QueryRequest, purpose: QueryPurpose) -> Compilation {
    queries.compile(queries.check(request), for: request, purpose: purpose, catalog: catalog)
  }

  /// The engine's request for a query text, under the server's caps (lowered by the request's own).
  private func engineRequest(
    _ text: String, language: QueryLanguage?, maxRows: Int64? = nil, timeout: String? = nil, since: String? = nil,
    parameters: QueryParameters
  ) throws -> SpoorEngine.QueryRequest {
    let maxRows = min(maxRows ?? caps.maxRows, caps.maxRows)
    guard maxRows >= 1 else { throw APIError.badRequest("max_rows must be at least 1") }
    var timeoutMilliseconds = caps.timeoutMilliseconds
    if let timeout {
      guard RequestPatterns.matches(timeout, RequestPatterns.timeout), let micros = IntervalText.microseconds(timeout)
      else {
        throw APIError.badRequest("timeout: write a whole number and a unit (ms, s, m, h), such as 30s")
      }
      timeoutMilliseconds = min(timeoutMilliseconds, Int(micros / 1_000))
    }
    let now = WallClock.nowMicroseconds()
    var from: Int64?
    if let since {
      guard RequestPatterns.matches(since, RequestPatterns.since), let micros = IntervalText.microseconds(since) else {
        throw APIError.badRequest("since: write a whole number and a unit (ms, s, m, h, d), such as 24h")
      }
      from = now - micros
    }
    return SpoorEngine.QueryRequest(
      source: SourceText(name: "<request>", text: text), language: language, now: now, since: from,
      limits: QueryLimits(maxRows: maxRows, timeoutMilliseconds: timeoutMilliseconds), parameters: parameters)
  }

  /// The engine's request to validate or explain: a parameter without a value is checked with a placeholder.
  private func engineRequest(_ body: ValidateBody) throws -> SpoorEngine.QueryRequest {
    try engineRequest(
      body.query, language: body.language,
      parameters: QueryParameters(values: body.parameters ?? [:], unbound: .placeholder))
  }

  func query(_ body: QueryBody) async throws -> Response {
    let started = ContinuousClock.now
    let request = try engineRequest(
      body.query, language: body.language, maxRows: body.maxRows, timeout: body.timeout, since: body.since,
      parameters: QueryParameters(values: body.parameters ?? [:]))
    let compilation: Compilation
    do {
      compilation = try compile(request, purpose: .run)
    } catch {
      metrics.query(seconds: (ContinuousClock.now - started).seconds, outcome: "invalid")
      throw error
    }
    let statement = compilation.statement!
    let format = body.format ?? .json
    let metrics = metrics
    let finished: @Sendable (QueryRunSummary?) -> Void = { summary in
      metrics.query(seconds: (ContinuousClock.now - started).seconds, outcome: summary == nil ? "error" : "ok")
    }
    switch format {
    case .json:
      // The columns come first, then each row as an array in their order: compact, and a streaming client
      // knows the columns before the first row.
      let head = try JSONEncoder().encode(
        QueryHead(
          language: compilation.language,
          columns: statement.columns.map { ColumnInfo(name: $0.name, type: $0.type.rawValue) },
          diagnostics: compilation.diagnostics.map { DiagnosticBody($0, in: compilation.source) },
          render: compilation.plan?.render.map(QueryHead.RenderBody.init)))
      let prefix = String(decoding: head.dropLast(), as: UTF8.self) + ",\"rows\":"
      return try await QueryStream.response(
        statement: statement, format: .json, limits: request.limits, pool: pool, contentType: "application/json",
        prefix: prefix,
        suffix: { summary in
          let tail = QueryTail(
            rowCount: summary.rows, truncated: summary.truncated,
            elapsedMs: (ContinuousClock.now - started).seconds * 1_000)
          let encoded = (try? JSONEncoder().encode(tail)) ?? Data("{}".utf8)
          return "," + String(decoding: encoded.dropFirst(), as: UTF8.self) + "\n"
        }, finished: finished)
    case .ndjson, .csv:
      return try await QueryStream.response(
        statement: statement, format: format == .csv ? .csv : .ndjson, limits: request.limits, pool: pool,
        contentType: format == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson", prefix: "",
        suffix: { _ in "" }, finished: finished)
    }
  }

  func validate(_ body: ValidateBody) throws -> ValidateResult {
    let compilation = compilation(try engineRequest(body), purpose: .show)
    return ValidateResult(
      valid: compilation.succeeded, language: compilation.language,
      diagnostics: compilation.diagnostics.map { DiagnosticBody($0, in: compilation.source) })
  }

  func explain(_ body: ValidateBody) async throws -> ExplainResult {
    let compilation = try compile(try engineRequest(body), purpose: .show)
    let statement = compilation.statement!
    let queries = queries
    let plan = try await pool.withConnection { try queries.explain(statement, on: $0) }
    return ExplainResult(
      language: compilation.language, sql: statement.text,
      parameters: statement.parameters.map(PostgresBinding.describe), plan: plan)
  }

  /// The catalog's tables, split by language as `spoor schema --lang` splits them.
  func schema(language: QueryLanguage?) -> SchemaBody {
    let datasets = XQLTranslator.datasetNames(in: catalog)
    let names: [String]
    switch language {
    case .xql: names = datasets
    case .kql: names = catalog.tableNames.filter { !datasets.contains($0) }
    case nil: names = catalog.tableNames
    }
    return SchemaBody(
      tables: names.compactMap(catalog.table(named:)).map { table in
        SchemaBody.TableBody(
          name: table.name, timeColumn: table.timeColumn?.name, rawDataset: table.documentColumn != nil,
          columns: table.columns.map { ColumnInfo(name: $0.name, type: $0.type.rawValue) })
      }, presets: language == .xql ? XQLTranslator.presetNames : [])
  }

  // MARK: - Hunts

  private func hunt(_ context: ServerContext) throws -> Hunt {
    let id = context.parameters.get("id") ?? ""
    guard let hunt = library.hunt(id: id) else { throw APIError.notFound("no hunt '\(id)' in the library") }
    return hunt
  }

  func run(_ hunt: Hunt) async throws -> RunOutcomeBody {
    let configuration = {
      var configuration = scheduler
      configuration.ignoresSchedule = true
      return configuration
    }()
    let started = ContinuousClock.now
    let outcomes = try await pool.withConnection { connection in
      try HuntScheduler(hunts: [hunt], configuration: configuration, logger: .init(label: "spoor.serve"))
        .runPass(on: connection)
    }
    metrics.huntRuns(outcomes, seconds: (ContinuousClock.now - started).seconds)
    guard let outcome = outcomes.first else {
      return RunOutcomeBody(huntID: hunt.id, status: "not_due")
    }
    return RunOutcomeBody(outcome)
  }

  func reset(_ hunt: Hunt) async throws -> ResetBody {
    let id = hunt.id
    let reset = try await pool.withConnection { try HuntStore(connection: $0).resetWatermark(huntID: id) }
    return ResetBody(id: id, reset: reset == .reset)
  }

  // MARK: - Ingest

  func ingest(_ request: Request, context: ServerContext) async throws -> IngestBody {
    guard let table = request.uri.queryParameters.get("table"), !table.isEmpty else {
      throw APIError.badRequest("the table query parameter is required")
    }
    guard catalog.table(named: table) != nil else { throw APIError.notFound("no table '\(table)' to ingest into") }
    // The ingester reads files: the body goes to a private temporary file first, streamed, never whole in memory.
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("spoor-ingest-\(UUID().uuidString).ndjson")
      .path
    guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
      let handle = FileHandle(forWritingAtPath: path)
    else { throw APIError(.internalServerError, code: "internal", message: "cannot create a temporary file") }
    let rejectsPath = path + ".rejects"
    defer {
      try? FileManager.default.removeItem(atPath: path)
      try? FileManager.default.removeItem(atPath: rejectsPath)
    }
    var received = 0
    do {
      for try await chunk in request.body {
        received += chunk.readableBytes
        try handle.write(contentsOf: chunk.readableBytesView)
      }
      try handle.close()
    } catch {
      try? handle.close()
      throw error
    }
    // The document's body is required: an empty or missing one is a malformed request, not zero rows.
    guard received > 0 else { throw APIError.badRequest("the body holds no events: send NDJSON, one event a line") }
    let collected = try await pool.withConnection { connection in
      let rejects = RejectList()
      var ingester = Ingester(
        connection: connection,
        options: IngestOptions(format: .ndjson, rejectsPath: rejectsPath, jobs: 1, force: true))
      ingester.onReject = { rejects.add($0) }
      let summary = try ingester.ingest(table: table, paths: [path])
      return (summary, rejects.first)
    }
    metrics.ingest(table: table, loaded: collected.0.loaded, rejected: collected.0.rejected)
    return IngestBody(
      table: table, rowsLoaded: collected.0.loaded, rowsRejected: collected.0.rejected, rejects: collected.1)
  }
}

/// The first rejected lines of one ingest.
private final class RejectList: @unchecked Sendable {
  // `@unchecked Sendable`: used by one pool thread at a time (the ingester's callback), read after it returns.
  var first: [IngestBody.Reject] = []
  func add(_ reject: IngestReject) {
    if first.count < 20 { first.append(.init(line: reject.line, reason: reject.reason.description)) }
  }
}

extension Duration {
  /// The duration in seconds.
  var seconds: Double {
    let (whole, attoseconds) = components
    return Double(whole) + Double(attoseconds) / 1e18
  }
}
