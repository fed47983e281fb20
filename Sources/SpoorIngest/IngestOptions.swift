/// How `spoor ingest` reads and loads its inputs.
public struct IngestOptions: Sendable {
  /// The input format; nil means "from each file's extension".
  public var format: IngestFormat?
  /// When set, inputs are Sysmon events mapped onto these tables instead of rows of one table.
  public var sysmon: SysmonTarget?
  /// Drop fields that name no column instead of refusing the record.
  public var ignoreUnknown: Bool
  /// Where refused records go; nil means `<input>.rejects` beside each input (`stdin.rejects` for `-`).
  public var rejectsPath: String?
  /// Records per batch; each batch loads in one transaction, wholly or not at all.
  public var batchSize: Int
  /// Connections batches load through in parallel, at least 1.
  ///
  /// The ingester's own connection, then `jobs - 1` opened with its configuration, each on its own thread; 1 loads
  /// every batch through the ingester's connection alone.
  public var jobs: Int
  /// Load files again even when an earlier ingest loaded them (see ``IngestSummary/alreadyLoaded``).
  public var force: Bool

  /// Creates options.
  public init(
    format: IngestFormat? = nil, sysmon: SysmonTarget? = nil, ignoreUnknown: Bool = false,
    rejectsPath: String? = nil, batchSize: Int = 10_000, jobs: Int = 2, force: Bool = false
  ) {
    self.force = force
    self.format = format
    self.sysmon = sysmon
    self.ignoreUnknown = ignoreUnknown
    self.rejectsPath = rejectsPath
    self.batchSize = max(1, batchSize)
    self.jobs = max(1, jobs)
  }
}

/// The outcome of an ingest: every record read is loaded, rejected or (Sysmon events of other IDs) skipped.
public struct IngestSummary: Sendable, Hashable {
  /// Records read (lines or CSV records, blank lines not counted).
  public var read = 0
  /// Records whose rows were loaded.
  public var loaded = 0
  /// Records refused (malformed, unknown field, wrong type, refused by the database).
  public var rejected = 0
  /// Sysmon events of an EventID the mapping does not cover.
  public var skipped = 0
  /// Rows loaded per table.
  public var rowsPerTable: [String: Int] = [:]
  /// Records refused per table (by the table they were meant for; malformed records count under the input's table).
  public var rejectedPerTable: [String: Int] = [:]
  /// Skipped Sysmon events per EventID (an event without one is rejected, not skipped).
  public var skippedPerEventID: [String: Int] = [:]
  /// Reject files written.
  public var rejectFiles: [String] = []
  /// Input bytes consumed.
  public var bytesRead = 0
  /// Records an earlier ingest of the same files committed, not read again (``IngestOptions/force`` reads them).
  public var alreadyLoaded = 0
  /// Inputs an earlier ingest read to their end: nothing of them was read again.
  public var alreadyLoadedFiles: [String] = []

  /// Creates an empty summary.
  public init() {}

  /// True when read = loaded + rejected + skipped, the invariant ingest keeps.
  public var isBalanced: Bool { read == loaded + rejected + skipped }

  /// Adds the counts of `other` (records and the per-table and per-EventID breakdowns) to this summary.
  public mutating func add(_ other: IngestSummary) {
    read += other.read
    loaded += other.loaded
    rejected += other.rejected
    skipped += other.skipped
    for (key, count) in other.rowsPerTable { rowsPerTable[key, default: 0] += count }
    for (key, count) in other.rejectedPerTable { rejectedPerTable[key, default: 0] += count }
    for (key, count) in other.skippedPerEventID { skippedPerEventID[key, default: 0] += count }
  }
}

/// Where an ingest is, reported after every batch.
public struct IngestProgress: Sendable {
  /// The input being read.
  public var file: String
  /// Bytes of this input consumed so far.
  public var bytesRead: Int
  /// This input's size, when known.
  public var totalBytes: Int?
  /// Totals so far over all inputs.
  public var summary: IngestSummary
  /// Seconds since the ingest started.
  public var elapsedSeconds: Double
}
