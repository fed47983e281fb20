import ArgumentParser
import Foundation
import SpoorEngine
import SpoorIngest

/// `spoor ingest`: load NDJSON, CSV or Sysmon telemetry into the event tables through COPY.
struct IngestCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ingest",
    abstract: "Load NDJSON, CSV or Sysmon events into the event tables through COPY.",
    usage: """
      spoor ingest <table> <file>... [--format ndjson|csv] [--ignore-unknown]
      spoor ingest --from sysmon <file>... [--target defender|xdr|both]
      spoor ingest --dataset <name> <file>...
      """,
    discussion: """
      Records load in batches, one transaction each: a batch loads wholly or not at all. A record that cannot load \
      (malformed line, unknown field, value of the wrong type, refused by the database) is reported as \
      file:line: field: reason and written, with the record itself, to the reject file. Every record read is \
      loaded, rejected or (Sysmon events of unmapped EventIDs) skipped. Use - to read standard input.
      Running an ingest again loads nothing twice: each file's content (SHA-256) and the batches committed from it \
      are recorded, so a file loaded before is skipped and an ingest that was stopped resumes after its last \
      committed batch; --force loads the file again. Standard input is not recorded and always loads.
      Values convert with one set of rules: ISO 8601 timestamps (no zone means UTC), integers, numbers, \
      true/false/1/0, JSON for dynamic columns, absent strings as ''.
      --from sysmon maps Sysmon EventIDs 1, 3, 7, 11, 12-14 and 22 onto the Defender tables and xdr_data; the \
      image-load version fields follow the pySigma converters (the DLL's Description lands in \
      InitiatingProcessVersionInfoFileDescription).
      --dataset NAME loads any NDJSON (CSV with --format csv) into the XQL raw dataset NAME (created with the generic shape when no table \
      has that name): fields with a column of their own load into it, every other field into the _document JSON, \
      the line itself into _raw_log; _time comes from the record's _time, else its first time-like field (time, \
      timestamp, @timestamp, event_time, TimeCreated, CreationTime, TimeGenerated, …), else the ingest time.
      """
  )

  @OptionGroup var database: DatabaseOptions

  @Argument(
    help: ArgumentHelp("The table, then the files (without a table when --from sysmon).", valueName: "table> <file"))
  var arguments: [String] = []

  @Option(help: "Input format (default: from each file's extension).")
  var format: IngestFormat?

  @Option(
    name: .customLong("from"),
    help: ArgumentHelp("Input kind: sysmon (flattened Sysmon events, NDJSON).", valueName: "kind"))
  var source: IngestSource?

  @Option(
    help: ArgumentHelp(
      "Load into this XQL raw dataset, creating it when no table has the name.", valueName: "name"))
  var dataset: String?

  @Option(help: "With --from sysmon: which tables to fill.")
  var target: SysmonTarget = .both

  @Option(help: ArgumentHelp("Reject file (default: <file>.rejects beside each input).", valueName: "path"))
  var rejects: String?

  @Flag(help: "Drop fields that name no column instead of rejecting the record.")
  var ignoreUnknown = false

  @Flag(help: "Exit with status 0 even when records were rejected.")
  var allowRejects = false

  @Option(help: "Records per batch (one transaction each).")
  var batchSize = 10_000

  @Option(help: "Connections to load batches through in parallel (1 loads through one connection).")
  var jobs = 2

  @Flag(help: "Load files again even when an earlier ingest loaded them.")
  var force = false

  func validate() throws {
    if dataset != nil {
      if source != nil { throw ValidationError("give either --dataset or --from, not both") }
      if arguments.isEmpty { throw ValidationError("give at least one file") }
    } else if source == nil, arguments.count < 2 {
      throw ValidationError("give a table and at least one file (or --from sysmon and files)")
    }
    if source != nil, arguments.isEmpty { throw ValidationError("give at least one file") }
    if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
    if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
  }

  func run() throws {
    let table = dataset ?? (source == nil ? arguments[0] : nil)
    let files = source == nil && dataset == nil ? Array(arguments.dropFirst()) : arguments
    let connection = try database.connectMigrated()
    defer { connection.close() }
    let options = IngestOptions(
      format: format ?? (dataset != nil ? .ndjson : nil), sysmon: source == .sysmon ? target : nil,
      ignoreUnknown: ignoreUnknown, rejectsPath: rejects,
      batchSize: batchSize, jobs: jobs, force: force)
    var ingester = Ingester(connection: connection, options: options)
    var progress = IngestProgressBar(isTerminal: isatty(2) == 1)
    var summarySoFar: IngestSummary?
    ingester.onProgress = {
      progress.update($0)
      summarySoFar = $0.summary
    }
    var shownRejects = 0
    ingester.onReject = { reject in
      shownRejects += 1
      if shownRejects <= Self.rejectsShown { progress.printLine(reject.description) }
    }
    let summary: IngestSummary
    do {
      if let dataset, try ingester.prepareDataset(dataset) {
        progress.printLine("created raw dataset \(dataset)")
      }
      summary = try ingester.ingest(table: table, paths: files)
    } catch let error as IngestError {
      progress.finish()
      // What committed before the failure stays loaded: say how much.
      if let summarySoFar { print(Self.render(summarySoFar)) }
      throw CommandError(error.description)
    }
    progress.finish()
    if summary.rejected > Self.rejectsShown {
      progress.printLine("… \(summary.rejected - Self.rejectsShown) more rejects")
    }
    print(Self.render(summary))
    if summary.rejected > 0 && !allowRejects { throw ExitCode(1) }
  }

  /// How many rejects are echoed on stderr; all of them are in the reject file.
  static let rejectsShown = 20

  /// The summary table: rows per table, then the totals and the reject files.
  static func render(_ summary: IngestSummary) -> String {
    let tables = Set(summary.rowsPerTable.keys).union(summary.rejectedPerTable.keys).sorted()
    let width = max(5, tables.map(\.count).max() ?? 0)
    var lines = [
      "\("table".padding(toLength: width, withPad: " ", startingAt: 0))  \(pad("loaded"))  \(pad("rejected"))"
    ]
    for table in tables {
      lines.append(
        "\(table.padding(toLength: width, withPad: " ", startingAt: 0))  \(pad(summary.rowsPerTable[table] ?? 0))  "
          + pad(summary.rejectedPerTable[table] ?? 0))
    }
    var total = "read \(summary.read), loaded \(summary.loaded), rejected \(summary.rejected)"
    if summary.skipped > 0 || !summary.skippedPerEventID.isEmpty {
      let ids = summary.skippedPerEventID.sorted { $0.key < $1.key }.map { "EventID \($0.key): \($0.value)" }
      total += ", skipped \(summary.skipped)" + (ids.isEmpty ? "" : " (\(ids.joined(separator: ", ")))")
    }
    lines.append(total)
    for file in summary.alreadyLoadedFiles { lines.append("\(file): already loaded; --force loads it again") }
    if summary.alreadyLoaded > 0 {
      lines.append("\(summary.alreadyLoaded) record(s) committed by an earlier ingest were not read again")
    }
    for file in summary.rejectFiles { lines.append("rejects written to \(file)") }
    return lines.joined(separator: "\n")
  }

  private static func pad(_ value: Int) -> String { pad(String(value)) }

  private static func pad(_ text: String) -> String {
    String(repeating: " ", count: max(0, 8 - text.count)) + text
  }
}

/// The kinds of input `--from` accepts.
enum IngestSource: String, ExpressibleByArgument, CaseIterable {
  case sysmon
}

extension IngestFormat: ExpressibleByArgument {}
extension SysmonTarget: ExpressibleByArgument {}
