import SpoorCatalog
import SpoorDiagnostics
import SpoorPostgres

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Loads NDJSON, CSV or Sysmon files into the event tables through `COPY … FROM STDIN`, one transaction per batch.
///
/// Every record read is either loaded, rejected (to the reject file, with `file:line: field: reason`) or, for
/// Sysmon events of unmapped IDs, skipped. A batch loads wholly or not at all, so a crash leaves only whole
/// batches. When the database refuses a batch (a constraint, a trigger), the batch is split in halves until the
/// refused records are found; they are rejected with the server's message and the others load.
public struct Ingester {
  /// The connection rows are loaded through.
  public let connection: Connection
  /// How to read and load.
  public let options: IngestOptions
  /// Called after every batch (and at the end of each input).
  public var onProgress: (IngestProgress) -> Void = { _ in }
  /// Called for every refused record, after it is written to the reject file.
  public var onReject: (IngestReject) -> Void = { _ in }

  /// Creates an ingester.
  public init(connection: Connection, options: IngestOptions) {
    self.connection = connection
    self.options = options
  }

  /// Loads `paths` (`-` is standard input) into `table`, or, with ``IngestOptions/sysmon``, into the mapped tables
  /// (`table` is then ignored and may be nil).
  /// - Throws: ``IngestError`` for an unknown table, an unreadable input or a database failure that no single
  ///   record explains (the batches committed before it stay loaded; the summary so far is lost with the throw).
  public func ingest(table: String?, paths: [String]) throws -> IngestSummary {
    let targets: [IngestTable]
    let mapper = options.sysmon.map { SysmonMapper(target: $0) }
    if let mapper {
      targets = try mapper.tables.map { try describeTable($0) }
    } else {
      guard let table else { throw IngestError.unknownTable(name: "", help: nil) }
      targets = [try describeTable(table)]
    }
    var state = RunState(
      encoders: targets.map { RowEncoder(table: $0, ignoreUnknown: options.ignoreUnknown) }, mapper: mapper
    )
    let clock = ContinuousClock()
    let start = clock.now
    for path in paths {
      let file = try InputFile(path: path)
      let format = try options.format ?? IngestFormat(path: path) ?? {
        if mapper != nil { return IngestFormat.ndjson }
        throw IngestError.unknownFormat(path: path)
      }()
      var reader: any RecordReader =
        switch format {
        case .ndjson: NDJSONReader(file: file)
        case .csv: CSVReader(file: file)
        }
      var rejects = RejectFile(path: options.rejectsPath ?? Self.defaultRejectsPath(for: path))
      let bytesBefore = state.summary.bytesRead
      func report() {
        var summary = state.summary
        summary.bytesRead = bytesBefore + reader.bytesRead
        let elapsed = clock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        onProgress(
          IngestProgress(
            file: file.displayName, bytesRead: reader.bytesRead, totalBytes: file.size, summary: summary,
            elapsedSeconds: seconds))
      }
      var batch = Batch(tableCount: targets.count)
      while let record = try reader.next() {
        state.summary.read += 1
        state.add(record, file: file.displayName, to: &batch)
        if batch.records.count + batch.rejects.count >= options.batchSize {
          try flush(&batch, state: &state, rejects: &rejects)
          report()
        }
      }
      try flush(&batch, state: &state, rejects: &rejects)
      state.summary.bytesRead = bytesBefore + reader.bytesRead
      if let written = rejects.writtenPath, !state.summary.rejectFiles.contains(written) {
        state.summary.rejectFiles.append(written)
      }
      report()
    }
    return state.summary
  }

  /// `<input>.rejects`, or `stdin.rejects` for standard input.
  public static func defaultRejectsPath(for path: String) -> String {
    path == "-" ? "stdin.rejects" : path + ".rejects"
  }

  /// The loadable columns of `name` (`schema.table` or a table in `public`), read from the database.
  /// - Throws: ``IngestError/unknownTable(name:help:)`` when there is no such table.
  public func describeTable(_ name: String) throws -> IngestTable {
    var schema = "public"
    var table = name
    if let dot = name.firstIndex(of: "."), connectionHasNoTable(named: name) {
      schema = String(name[..<dot])
      table = String(name[name.index(after: dot)...])
    }
    let result = try connection.execute(
      """
      SELECT column_name, data_type, is_nullable, is_generated, is_identity, identity_generation
      FROM information_schema.columns
      WHERE table_schema = $1 AND table_name = $2
      ORDER BY ordinal_position
      """,
      [.text(schema), .text(table)])
    guard !result.rows.isEmpty else {
      let known = (try? connection.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1", [.text(schema)]))?.rows
        .compactMap { $0[0] } ?? []
      let candidates = Array(Set(known + Catalog.builtIn.tableNames)).sorted()
      throw IngestError.unknownTable(name: name, help: NameSuggester.help(for: table, among: candidates))
    }
    var columns: [IngestColumn] = []
    for row in result.rows {
      guard let columnName = row[0], let dataType = row[1] else { continue }
      if row[3] == "ALWAYS" || (row[4] == "YES" && row[5] == "ALWAYS") || columnName.hasPrefix("_spoor_") { continue }
      columns.append(
        IngestColumn(
          name: columnName, type: DataType(postgresDataType: dataType) ?? .string, postgresType: dataType,
          isNullable: row[2] == "YES"))
    }
    return IngestTable(schema: schema, name: table, columns: columns)
  }

  private func connectionHasNoTable(named name: String) -> Bool {
    let result = try? connection.execute(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = $1", [.text(name)])
    return result?.rows.isEmpty ?? true
  }

  // MARK: Batches

  /// Loads `batch` in one transaction (splitting it only when the database refuses it), records the outcome and
  /// writes its rejects; leaves `batch` empty.
  private func flush(_ batch: inout Batch, state: inout RunState, rejects: inout RejectFile) throws {
    defer { batch.reset() }
    var refused: [IngestReject] = batch.rejects
    if !batch.records.isEmpty {
      try load(batch.records, from: batch, state: &state, refused: &refused)
    }
    refused.sort { $0.line < $1.line }
    for reject in refused {
      try rejects.write(reject)
      onReject(reject)
    }
  }

  /// Loads `records` of `batch` in one transaction; on a server refusal, halves and retries, rejecting single
  /// records the server refuses.
  private func load(_ records: [Batch.Record], from batch: Batch, state: inout RunState, refused: inout [IngestReject])
    throws
  {
    do {
      try connection.transaction { connection in
        for (tableIndex, encoder) in state.encoders.enumerated() {
          let data = batch.data(of: records, table: tableIndex)
          guard !data.isEmpty else { continue }
          _ = try connection.copyIn(encoder.table.copyStatement) { writer in try writer.write(data) }
        }
      }
    } catch let error as PostgresError where error.kind == .server {
      guard records.count > 1 else {
        let record = records[0]
        let reason = IngestReject.Reason(message: "refused by the database: \(error.message)")
        refused.append(IngestReject(file: record.file, line: record.line, reason: reason, source: record.source))
        state.summary.rejected += 1
        for tableIndex in Set(record.rows.map(\.table)) {
          state.summary.rejectedPerTable[state.encoders[tableIndex].table.name, default: 0] += 1
        }
        return
      }
      let middle = records.count / 2
      try load(Array(records[..<middle]), from: batch, state: &state, refused: &refused)
      try load(Array(records[middle...]), from: batch, state: &state, refused: &refused)
      return
    } catch let error as PostgresError {
      throw IngestError.database(error.description)
    }
    state.summary.loaded += records.count
    for record in records {
      for row in record.rows {
        state.summary.rowsPerTable[state.encoders[row.table].table.name, default: 0] += 1
      }
    }
  }
}

/// The per-run state of an ingest: the encoders of its tables and the running totals.
private struct RunState {
  let encoders: [RowEncoder]
  let mapper: SysmonMapper?
  var tableIndex: [String: Int]
  var summary = IngestSummary()

  init(encoders: [RowEncoder], mapper: SysmonMapper?) {
    self.encoders = encoders
    self.mapper = mapper
    var tableIndex: [String: Int] = [:]
    for (index, encoder) in encoders.enumerated() { tableIndex[encoder.table.name] = index }
    self.tableIndex = tableIndex
    for encoder in encoders { summary.rowsPerTable[encoder.table.name] = 0 }
  }

  /// Converts `record` into the batch's table buffers, or into a reject, or counts it as skipped.
  mutating func add(_ record: InputRecord, file: String, to batch: inout Batch) {
    let fields: [InputField]
    switch record.fields {
    case .failure(let reason):
      refuse(record, file: file, reason: reason, table: nil, batch: &batch)
      return
    case .success(let parsed):
      fields = parsed
    }
    guard let mapper else {
      do {
        try batch.appendRow(file: file, record: record, table: 0, encoder: encoders[0], fields: fields)
      } catch {
        refuse(record, file: file, reason: error, table: 0, batch: &batch)
      }
      return
    }
    guard let mapped = mapper.rows(for: fields) else {
      summary.skipped += 1
      let eventID =
        fields.first { $0.name == "EventID" }.map { field -> String in
          switch field.value {
          case .number(let text), .text(let text): return text
          default: return "?"
          }
        } ?? "?"
      summary.skippedPerEventID[eventID, default: 0] += 1
      return
    }
    var encoded: [(Int, [String?])] = []
    for row in mapped {
      guard let index = tableIndex[row.table] else { continue }
      do {
        encoded.append((index, try encoders[index].values(of: row.fields)))
      } catch {
        refuse(record, file: file, reason: error, table: index, batch: &batch)
        return
      }
    }
    batch.append(file: file, record: record, encodedRows: encoded)
  }

  private mutating func refuse(
    _ record: InputRecord, file: String, reason: IngestReject.Reason, table: Int?, batch: inout Batch
  ) {
    batch.rejects.append(IngestReject(file: file, line: record.line, reason: reason, source: record.source))
    summary.rejected += 1
    let name = table.map { encoders[$0].table.name } ?? (mapper == nil ? encoders[0].table.name : "sysmon")
    summary.rejectedPerTable[name, default: 0] += 1
  }
}

/// The records of one batch, already converted into COPY text per table.
private struct Batch {
  /// A record that converted: where its rows lie in the table buffers.
  struct Record {
    var file: String
    var line: Int
    var source: [UInt8]
    var rows: [(table: Int, range: Range<Int>)]
  }

  var records: [Record] = []
  var rejects: [IngestReject] = []
  private var buffers: [[UInt8]]

  init(tableCount: Int) {
    buffers = Array(repeating: [], count: tableCount)
  }

  mutating func reset() {
    records.removeAll(keepingCapacity: true)
    rejects.removeAll(keepingCapacity: true)
    for index in buffers.indices { buffers[index].removeAll(keepingCapacity: true) }
  }

  /// Encodes one record into one table's buffer; leaves the batch unchanged when it throws.
  mutating func appendRow(
    file: String, record: InputRecord, table: Int, encoder: RowEncoder, fields: [InputField]
  ) throws(IngestReject.Reason) {
    let start = buffers[table].count
    try encoder.encode(fields, into: &buffers[table])
    records.append(Record(file: file, line: record.line, source: record.source, rows: [(table, start..<buffers[table].count)]))
  }

  /// Appends already-converted rows of one record.
  mutating func append(file: String, record: InputRecord, encodedRows: [(Int, [String?])]) {
    var placed: [(table: Int, range: Range<Int>)] = []
    for (table, values) in encodedRows {
      let start = buffers[table].count
      CopyTextEncoder.appendRow(values, to: &buffers[table])
      placed.append((table, start..<buffers[table].count))
    }
    records.append(Record(file: file, line: record.line, source: record.source, rows: placed))
  }

  /// The COPY data of `subset` for one table: the whole buffer when `subset` is every record, else its rows.
  func data(of subset: [Record], table: Int) -> [UInt8] {
    if subset.count == records.count { return buffers[table] }
    var data: [UInt8] = []
    for record in subset {
      for row in record.rows where row.table == table { data.append(contentsOf: buffers[table][row.range]) }
    }
    return data
  }
}

/// The reject file of one input: created on the first reject (truncating an old one), appended to afterwards.
private struct RejectFile {
  let path: String
  private(set) var writtenPath: String?
  private var handle: UnsafeMutablePointer<FILE>?

  init(path: String) {
    self.path = path
  }

  /// Writes `file:line: field: reason`, then the record as it was read.
  mutating func write(_ reject: IngestReject) throws {
    if handle == nil {
      guard let opened = fopen(path, writtenPath == nil ? "w" : "a") else {
        throw IngestError.cannotWriteRejects(path: path, reason: String(cString: strerror(errno)))
      }
      handle = opened
      writtenPath = path
    }
    var bytes = Array((reject.description + "\n").utf8)
    bytes.append(contentsOf: reject.source)
    bytes.append(0x0A)
    let written = fwrite(bytes, 1, bytes.count, handle)
    guard written == bytes.count, fflush(handle) == 0 else {
      throw IngestError.cannotWriteRejects(path: path, reason: String(cString: strerror(errno)))
    }
  }
}
