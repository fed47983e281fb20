import Foundation
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
///
/// With ``IngestOptions/jobs`` above 1, batches load over that many connections at once (the extra ones opened with
/// this connection's configuration, each on its own thread); their counts, rejects and progress are applied in
/// batch order, so they come out as with one connection. A worker's database error stops the ingest and is thrown
/// once.
public struct Ingester {
  /// The connection rows are loaded through (and whose configuration opens the other ``IngestOptions/jobs``).
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
    let builder = BatchBuilder(
      encoders: targets.map { RowEncoder(table: $0, ignoreUnknown: options.ignoreUnknown) }, mapper: mapper)
    var summary = IngestSummary()
    for target in targets { summary.rowsPerTable[target.name] = 0 }
    // A reject file that cannot be written stops the ingest at the first reject, after batches loaded: a path the
    // user chose is checked before anything loads. (The default beside each input is not: inputs in read-only
    // folders load fine as long as nothing is rejected.)
    if let rejectsPath = options.rejectsPath { try RejectFile.checkWritable(rejectsPath) }
    var rejectFiles: [String: RejectFile] = [:]
    let clock = ContinuousClock()
    let start = clock.now
    for path in paths {
      let file = try InputFile(path: path)
      let format =
        try options.format ?? IngestFormat(path: path)
        ?? {
          if mapper != nil { return IngestFormat.ndjson }
          throw IngestError.unknownFormat(path: path)
        }()
      // A file is a source with an identity: what earlier ingests committed of it is not loaded again (see
      // ``IngestLedger``). Standard input has none and always loads.
      var ledger: IngestLedger?
      if let digest = try file.contentDigest(), let size = file.size {
        let destination =
          (options.sysmon.map { "sysmon \($0.rawValue)" } ?? targets[0].qualifiedName) + " (\(format.rawValue))"
        ledger = try IngestLedger.open(
          destination: destination, digest: digest, size: size, path: path, force: options.force, on: connection)
      }
      var completed = false
      defer { if !completed { ledger?.abandon(on: connection) } }
      if let ledger {
        summary.alreadyLoaded += ledger.committedRecords
        if ledger.isComplete {
          summary.alreadyLoadedFiles.append(path)
          continue
        }
      }
      let rejectsPath = options.rejectsPath ?? Self.defaultRejectsPath(for: path)
      // Resuming: the rejects of the committed batches are in the file already.
      var rejects =
        rejectFiles[rejectsPath]
        ?? RejectFile(path: rejectsPath, appending: !(ledger?.committed.isEmpty ?? true))
      let bytesBefore = summary.bytesRead
      // Reading and converting run on their own thread, ahead of the loading. This thread loads through
      // `connection`; `jobs - 1` worker threads load through connections of their own, so that the server's COPY
      // work runs on several backends. Outcomes are applied here, in batch order, as one loader would.
      let channel = BatchChannel(capacity: options.jobs + 1)
      let producer = BatchProducer(
        file: file, format: format, builder: builder, batchSize: options.batchSize, channel: channel,
        ledger: ledger.map { ($0.sourceID, $0.committed) })
      producer.start()
      defer { channel.cancelAndWait() }
      for _ in 1..<options.jobs {
        Self.startWorker(configuration: connection.configuration, builder: builder, channel: channel)
      }
      let apply = { (outcomes: [BatchOutcome]) throws in
        for outcome in outcomes {
          summary.add(outcome.counts)
          summary.bytesRead = bytesBefore + outcome.bytesRead
          for reject in outcome.rejects {
            try rejects.write(reject)
            onReject(reject)
          }
          let elapsed = clock.now - start
          onProgress(
            IngestProgress(
              file: file.displayName, bytesRead: outcome.bytesRead, totalBytes: file.size, summary: summary,
              elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
        }
      }
      while let (sequence, batch) = try channel.take() {
        channel.complete(sequence, with: try Self.load(batch, builder: builder, on: connection))
        try apply(channel.readyOutcomes())
      }
      try channel.waitForWorkers()
      try apply(channel.readyOutcomes())
      if let written = rejects.writtenPath, !summary.rejectFiles.contains(written) {
        summary.rejectFiles.append(written)
      }
      rejectFiles[rejectsPath] = rejects
      try ledger?.complete(on: connection)
      completed = true
    }
    return summary
  }

  /// Readies the XQL raw dataset `name` for ``ingest(table:paths:)``: creates it with the generic raw-dataset shape
  /// (`spoor.create_raw_dataset`, `migrations/0053_raw_datasets.sql`) when no table has that name, and checks that
  /// an existing table is a raw dataset.
  ///
  /// Returns true when it created the table.
  /// - Throws: ``IngestError/invalidDatasetName(_:)``, ``IngestError/notARawDataset(_:)``, or a database error.
  @discardableResult
  public func prepareDataset(_ name: String) throws -> Bool {
    guard Self.isValidDatasetName(name) else { throw IngestError.invalidDatasetName(name) }
    let created: Bool
    do {
      // The name travels as a bind parameter; the function quotes it with format('%I').
      created = try connection.execute("SELECT spoor.create_raw_dataset($1)", [.text(name)]).rows.first?[0] == "t"
    } catch let error as PostgresError {
      throw IngestError.database(error.description)
    }
    guard try describeTable(name).positions[Table.documentColumnName] != nil else {
      throw IngestError.notARawDataset(name)
    }
    return created
  }

  /// True for names `spoor.create_raw_dataset` accepts: `^[a-z][a-z0-9_]{0,62}$`.
  public static func isValidDatasetName(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    guard let first = bytes.first, bytes.count <= 63, first >= UInt8(ascii: "a"), first <= UInt8(ascii: "z") else {
      return false
    }
    return bytes.allSatisfy {
      ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
        || $0 == UInt8(ascii: "_")
    }
  }

  /// `<input>.rejects`, or `stdin.rejects` for standard input.
  public static func defaultRejectsPath(for path: String) -> String {
    path == "-" ? "stdin.rejects" : path + ".rejects"
  }

  /// The loadable columns of `name` (`schema.table` or a table in `public`), read from the database through
  /// `Connection/relationColumns(inSchema:relation:)`, the reader the query catalog uses too.
  /// - Throws: ``IngestError/unknownTable(name:help:)`` when there is no such table (a time partition is none: the
  ///   suggestions are the schema's tables, as the query catalog lists them).
  public func describeTable(_ name: String) throws -> IngestTable {
    var schema = "public"
    var table = name
    var found = try connection.relationColumns(inSchema: schema, relation: table)
    if found.isEmpty, let dot = name.firstIndex(of: ".") {
      schema = String(name[..<dot])
      table = String(name[name.index(after: dot)...])
      found = try connection.relationColumns(inSchema: schema, relation: table)
    }
    guard !found.isEmpty else {
      let known = Set((try? connection.relationColumns(inSchema: schema))?.map(\.relation) ?? [])
      throw IngestError.unknownTable(name: name, help: NameSuggester.help(for: table, among: known.sorted()))
    }
    let columns = found.filter { !$0.isAlwaysGenerated && !$0.name.hasPrefix("_spoor_") }.map {
      IngestColumn(
        name: $0.name, type: DataType(postgresDataType: $0.dataType) ?? .string, postgresType: $0.dataType,
        isNullable: $0.isNullable, hasDefault: $0.hasDefault)
    }
    return IngestTable(schema: schema, name: table, columns: columns)
  }

  // MARK: Batches

  /// Starts a worker thread that opens its own connection with `configuration` and loads batches from
  /// `channel` until it ends; a failure stops the ingest through the channel.
  private static func startWorker(configuration: ConnectionConfiguration, builder: BatchBuilder, channel: BatchChannel)
  {
    channel.workerStarted()
    let thread = Thread {
      defer { channel.workerFinished() }
      do {
        let connection: Connection
        do {
          connection = try Connection(configuration: configuration)
        } catch let error as PostgresError {
          throw IngestError.database(error.description)
        }
        defer { connection.close() }
        while let (sequence, batch) = try channel.take() {
          channel.complete(sequence, with: try load(batch, builder: builder, on: connection))
        }
      } catch {
        channel.fail(error)
      }
    }
    thread.stackSize = 1 << 22
    thread.start()
  }

  /// Loads `batch` in one transaction through `connection` and returns its counts and rejects.
  ///
  /// The transaction also runs the Sysmon fill and records the ledger range. When the database refuses the batch,
  /// the transaction is run again with each half of
  /// the refused records under a savepoint, down to the single records the database refuses (rejected with its
  /// message): the batch still commits once, wholly, so its ledger range is exact.
  private static func load(_ batch: Batch, builder: BatchBuilder, on connection: Connection) throws -> BatchOutcome {
    var outcome = BatchOutcome(bytesRead: batch.bytesRead, rejects: batch.rejects)
    outcome.counts.read = batch.read
    outcome.counts.skipped = batch.skipped
    outcome.counts.rejected = batch.rejects.count
    outcome.counts.skippedPerEventID = batch.skippedPerEventID
    outcome.counts.rejectedPerTable = batch.rejectedPerTable
    let recordsRange = batch.ledgerSource != nil && batch.read > 0
    guard !batch.records.isEmpty || recordsRange else { return outcome }
    var refused: [(record: Int, message: String)] = []
    do {
      do {
        try connection.transaction { connection in
          if !batch.records.isEmpty {
            try copy(batch.records, of: batch, whole: true, builder: builder, on: connection)
          }
          try finish(batch, builder: builder, on: connection)
        }
      } catch let error as PostgresError where error.kind == .server && !batch.records.isEmpty {
        try connection.transaction { connection in
          refused = []
          try bisect(0..<batch.records.count, of: batch, builder: builder, on: connection, refused: &refused)
          try finish(batch, builder: builder, on: connection)
        }
      }
    } catch let error as PostgresError {
      throw IngestError.database(error.description)
    }
    var isRefused = [Bool](repeating: false, count: batch.records.count)
    for (index, message) in refused {
      isRefused[index] = true
      let record = batch.records[index]
      let reason = IngestReject.Reason(message: "refused by the database: \(message)")
      outcome.rejects.append(IngestReject(file: record.file, line: record.line, reason: reason, source: record.source))
      outcome.counts.rejected += 1
      for tableIndex in Set(record.rows.map(\.table)) {
        outcome.counts.rejectedPerTable[builder.encoders[tableIndex].table.name, default: 0] += 1
      }
    }
    outcome.counts.loaded += batch.records.count - refused.count
    // Counted per table index first: one dictionary update per table, not one per row.
    var rowsPerTable = [Int](repeating: 0, count: builder.encoders.count)
    for (index, record) in batch.records.enumerated() where !isRefused[index] {
      for row in record.rows { rowsPerTable[row.table] += 1 }
    }
    for (table, rows) in rowsPerTable.enumerated() where rows > 0 {
      outcome.counts.rowsPerTable[builder.encoders[table].table.name, default: 0] += rows
    }
    outcome.rejects.sort { $0.line < $1.line }
    return outcome
  }

  /// Copies `records` of `batch` into their tables (`whole`: all of the batch's records, whose COPY text is ready).
  private static func copy(
    _ records: [Batch.Record], of batch: Batch, whole: Bool, builder: BatchBuilder, on connection: Connection
  ) throws {
    for (tableIndex, encoder) in builder.encoders.enumerated() {
      let copy =
        whole && batch.encoded != nil
        ? batch.encoded![tableIndex] : batch.copyData(of: records, table: tableIndex, encoder: encoder)
      guard let copy else { continue }
      _ = try connection.copyIn(encoder.table.copyStatement(columns: copy.columns)) { writer in
        try writer.write(copy.data)
      }
    }
  }

  /// Copies the records of `batch` at `indices` under a savepoint; when the database refuses them, rolls back to it
  /// and tries each half, noting in `refused` the single records it refuses.
  private static func bisect(
    _ indices: Range<Int>, of batch: Batch, builder: BatchBuilder, on connection: Connection,
    refused: inout [(record: Int, message: String)]
  ) throws {
    _ = try connection.execute("SAVEPOINT spoor_split")
    do {
      try copy(Array(batch.records[indices]), of: batch, whole: false, builder: builder, on: connection)
      _ = try connection.execute("RELEASE SAVEPOINT spoor_split")
    } catch let error as PostgresError where error.kind == .server {
      _ = try connection.execute("ROLLBACK TO SAVEPOINT spoor_split")
      _ = try connection.execute("RELEASE SAVEPOINT spoor_split")
      guard indices.count > 1 else {
        refused.append((indices.lowerBound, error.message))
        return
      }
      let middle = indices.lowerBound + indices.count / 2
      try bisect(indices.lowerBound..<middle, of: batch, builder: builder, on: connection, refused: &refused)
      try bisect(middle..<indices.upperBound, of: batch, builder: builder, on: connection, refused: &refused)
    }
  }

  /// What every batch's transaction does after its COPY: the Sysmon fill, then the ledger range.
  private static func finish(_ batch: Batch, builder: BatchBuilder, on connection: Connection) throws {
    try builder.lineage?.fill(on: connection)
    if let source = batch.ledgerSource, batch.read > 0 {
      try IngestLedger.record(batch.ledgerRange, of: source, on: connection)
    }
  }
}

/// The records of one batch, converted, waiting to be copied.
struct Batch: Sendable {
  /// A record that converted: its rows, as indices into ``rows`` per table.
  struct Record: Sendable {
    var file: String
    var line: Int
    var source: [UInt8]
    var rows: [(table: Int, index: Int)]
  }

  var records: [Record] = []
  var rejects: [IngestReject] = []
  /// Records read into this batch (loaded, rejected or skipped).
  var read = 0
  /// Sysmon events skipped in this batch.
  var skipped = 0
  var skippedPerEventID: [String: Int] = [:]
  var rejectedPerTable: [String: Int] = [:]
  /// The input's bytes consumed up to the end of this batch.
  var bytesRead = 0
  /// Where this batch's bytes start in the input.
  var startOffset = 0
  /// The input's line after this batch.
  var nextLine = 1
  /// The ``IngestLedger`` source this batch's range is recorded under, in its transaction (nil: not recorded).
  var ledgerSource: Int64?
  /// The committed range this batch becomes.
  var ledgerRange: IngestLedger.Range {
    IngestLedger.Range(start: startOffset, end: bytesRead, nextLine: nextLine, records: read)
  }
  /// The COPY text of all records per table (nil for a table without rows), made by ``encode(with:)`` on the
  /// producer thread so the loading thread only sends it; nil until then.
  private(set) var encoded: [(columns: [Int], data: [UInt8])?]?
  private var rows: [[[RowEncoder.Cell]]]
  /// The rows of the first table already in COPY text form, when they come from ``appendText(file:line:source:fields:copier:)``.
  private var textRows: TextRows?

  /// Bytes to reserve for ``textRows`` (the previous batch's size), so that the buffer does not grow by copies.
  var textCapacity = 0

  /// The bytes of COPY text made by ``appendText(file:line:source:fields:copier:)`` so far.
  var textBytes: Int { textRows?.used ?? 0 }

  /// Rows of one table as COPY text over the same columns, one after the other.
  private struct TextRows {
    let columns: [Int]
    /// The rows in its first ``used`` bytes, then scratch room (cut off by ``Batch/encode(with:)``).
    var data: [UInt8] = []
    var used = 0
    /// Where each row ends in ``data``.
    var ends: [Int] = []

    init(columns: [Int], capacity: Int) {
      self.columns = columns
      data.reserveCapacity(capacity)
    }

    func range(of row: Int) -> Range<Int> {
      (row == 0 ? 0 : ends[row - 1])..<ends[row]
    }
  }

  init(tableCount: Int) {
    rows = Array(repeating: [], count: tableCount)
  }

  /// Adds a CSV record of the first table as its COPY text row (see ``CSVCopyEncoder``).
  /// - Throws: why the record does not convert; the batch is then unchanged.
  mutating func appendText(
    file: String, line: Int, source: [UInt8], fields: CSVFields, copier: CSVCopyEncoder
  ) throws(IngestReject.Reason) {
    // Moved out and back so that the buffer is never shared (and copied) while it is written.
    var rows = textRows ?? TextRows(columns: copier.columns, capacity: textCapacity)
    textRows = nil
    defer { textRows = rows }
    try copier.appendRow(fields, to: &rows.data, used: &rows.used)
    rows.ends.append(rows.used)
    records.append(Record(file: file, line: line, source: source, rows: [(0, rows.ends.count - 1)]))
  }

  /// Adds a converted record with its rows (table index, cells).
  mutating func append(file: String, record: InputRecord, rows converted: [(Int, [RowEncoder.Cell])]) {
    var placed: [(table: Int, index: Int)] = []
    for (table, cells) in converted {
      placed.append((table, rows[table].count))
      rows[table].append(cells)
    }
    records.append(Record(file: file, line: record.line, source: record.source, rows: placed))
  }

  /// Fills ``encoded`` with the COPY text of every record, per table.
  mutating func encode(with encoders: [RowEncoder]) {
    if var textRows {
      // Already COPY text: the buffer, without its scratch room, is the batch's data, shared, not copied.
      self.textRows = nil
      textRows.data.removeLast(textRows.data.count - textRows.used)
      self.textRows = textRows
      encoded = encoders.indices.map { $0 == 0 && !textRows.ends.isEmpty ? (textRows.columns, textRows.data) : nil }
      return
    }
    let all = records
    encoded = encoders.indices.map { copyData(of: all, table: $0, encoder: encoders[$0]) }
  }

  /// The COPY text of `subset`'s rows in one table, over the columns any of them names (nil when none has a row).
  func copyData(of subset: [Record], table: Int, encoder: RowEncoder) -> (columns: [Int], data: [UInt8])? {
    if table == 0, let textRows {
      var data: [UInt8] = []
      for record in subset {
        for row in record.rows where row.table == 0 {
          data.append(contentsOf: textRows.data[textRows.range(of: row.index)])
        }
      }
      return data.isEmpty ? nil : (textRows.columns, data)
    }
    let tableRows = rows[table]
    var used = [Bool](repeating: false, count: encoder.table.columns.count)
    var count = 0
    for record in subset {
      for row in record.rows where row.table == table {
        count += 1
        for cell in tableRows[row.index] { used[cell.column] = true }
      }
    }
    guard count > 0 else { return nil }
    // A batch of records that name no column (`{}`) still copies one column, which takes its absent value.
    let columns = used.contains(true) ? used.indices.filter { used[$0] } : [0]
    var slot = [Int](repeating: -1, count: used.count)
    for (index, column) in columns.enumerated() { slot[column] = index }
    let absent = columns.map { encoder.absentValue(of: $0) }
    var data: [UInt8] = []
    data.reserveCapacity(count * columns.count * 24)
    var values = absent
    for record in subset {
      for row in record.rows where row.table == table {
        for index in values.indices { values[index] = absent[index] }
        for cell in tableRows[row.index] { values[slot[cell.column]] = cell.value }
        CopyTextEncoder.appendRow(values, to: &data)
      }
    }
    return (columns, data)
  }
}

/// The reject file of one input: created on the first reject (truncating an old one unless resuming an ingest),
/// appended to afterwards.
private struct RejectFile {
  let path: String
  private(set) var writtenPath: String?
  private var handle: UnsafeMutablePointer<FILE>?
  private let appending: Bool

  init(path: String, appending: Bool = false) {
    self.path = path
    self.appending = appending
  }

  /// Checks that `path` can be written (opened for appending, or created), leaving the file system as it was.
  /// - Throws: ``IngestError/cannotWriteRejects(path:reason:)`` when it cannot.
  static func checkWritable(_ path: String) throws {
    var descriptor = open(path, O_WRONLY | O_APPEND)
    if descriptor < 0 && errno == ENOENT {
      descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
      if descriptor >= 0 { unlink(path) }
    }
    guard descriptor >= 0 else {
      throw IngestError.cannotWriteRejects(path: path, reason: String(cString: strerror(errno)))
    }
    close(descriptor)
  }

  /// Writes `file:line: field: reason`, then the record as it was read.
  mutating func write(_ reject: IngestReject) throws {
    if handle == nil {
      guard let opened = fopen(path, writtenPath == nil && !appending ? "w" : "a") else {
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
