import SpoorFormats
import SpoorPostgres

/// Fills the initiating-process columns of Sysmon-derived rows from that process's own creation event (EventID 1),
/// the columns `reference/sysmon-mapping.md` marks J.
///
/// Sysmon writes a process's command line, parent, hashes and version info only on its creation event; Defender and
/// Cortex stamp them on every event the process causes. A row's process is the one whose GUID it carries
/// (``Side/childKey``: `ProcessGuid`, or `ParentProcessGuid` on a process start, whose initiating process is the
/// parent); its creation row is the one whose ``Side/creationKey`` holds that GUID on the same device. An empty column
/// of the row takes the creation row's value; a value the event carries itself is kept.
///
/// Two paths, one rule set:
/// - while reading, ``Memory`` remembers the creation rows of the input so far, and a later row of the same process
///   is filled before it is encoded (most rows: a process is created before it acts);
/// - in each batch's transaction, after its COPY, ``statements`` fill the batch's rows still waiting from creation
///   rows stored earlier or in the same batch, and backfill stored rows waiting for a creation row of this batch.
///   They run under one transaction-scoped advisory lock, so of two batches loading at once (`--jobs`, or two
///   ingests), the second to fill sees the first's rows committed: a row is never left waiting for a creation
///   row that is in the database.
///
/// A row is "waiting" while its ``Side/marker`` (the process's creation time, which every creation row has) is
/// null; the partial indexes of migration 0080 hold exactly the waiting rows, and migration 0200's index finds a
/// creation row by GUID, device and time, so both lookups are index probes.
struct ProcessLineage: Sendable {
  /// One target family: the Defender tables, or `xdr_data`.
  struct Side: Sendable {
    /// The table holding creation rows.
    var creationTable: String
    /// The column of a creation row holding its own process GUID.
    var creationKey: String
    /// A column and value every creation row has (nil: every row of ``creationTable`` is one).
    var creationKind: (column: String, value: String)?
    /// The event time column, which orders several creation rows of one process (the earliest is used).
    var time: String
    /// The device column, the same in every table of the side.
    var device: String
    /// The column of any row holding its initiating process's GUID.
    var childKey: String
    /// The column that stays null until the row is filled.
    var marker: String
    /// The columns filled: target ← source of the creation row.
    var pairs: [Pair]
    /// The column whose value tells a row's kind, for ``Pair/except`` (nil: the table's name tells it).
    var kindColumn: String?
  }

  /// One filled column.
  struct Pair: Sendable {
    var target: String
    var source: String
    /// Row kinds that keep the column as the event gave it: tables (Defender) or `event_type` values (`xdr_data`).
    var except: Set<String> = []
  }

  /// The Defender side: a row's `InitiatingProcess*` columns from its process's `DeviceProcessEvents` row.
  static let defender = Side(
    creationTable: "DeviceProcessEvents", creationKey: "ProcessUniqueId", creationKind: nil, time: "Timestamp",
    device: "DeviceId",
    childKey: "InitiatingProcessUniqueId", marker: "InitiatingProcessCreationTime",
    pairs: [
      Pair(target: "InitiatingProcessCreationTime", source: "ProcessCreationTime"),
      Pair(target: "InitiatingProcessCommandLine", source: "ProcessCommandLine"),
      Pair(target: "InitiatingProcessFolderPath", source: "FolderPath"),
      Pair(target: "InitiatingProcessFileName", source: "FileName"),
      Pair(target: "InitiatingProcessId", source: "ProcessId"),
      Pair(target: "InitiatingProcessParentFileName", source: "InitiatingProcessFileName"),
      Pair(target: "InitiatingProcessParentId", source: "InitiatingProcessId"),
      Pair(target: "InitiatingProcessSHA1", source: "SHA1"),
      Pair(target: "InitiatingProcessSHA256", source: "SHA256"),
      Pair(target: "InitiatingProcessMD5", source: "MD5"),
      Pair(target: "InitiatingProcessIntegrityLevel", source: "ProcessIntegrityLevel"),
      Pair(target: "InitiatingProcessAccountDomain", source: "AccountDomain"),
      Pair(target: "InitiatingProcessAccountName", source: "AccountName"),
      Pair(target: "InitiatingProcessLogonId", source: "LogonId"),
    ]
      // DESIGN §7: in an image load these columns carry the loaded DLL's version info, as pySigma expects.
      + [
        ("InitiatingProcessVersionInfoCompanyName", "ProcessVersionInfoCompanyName"),
        ("InitiatingProcessVersionInfoProductName", "ProcessVersionInfoProductName"),
        ("InitiatingProcessVersionInfoProductVersion", "ProcessVersionInfoProductVersion"),
        ("InitiatingProcessVersionInfoOriginalFileName", "ProcessVersionInfoOriginalFileName"),
        ("InitiatingProcessVersionInfoFileDescription", "ProcessVersionInfoFileDescription"),
      ].map { Pair(target: $0.0, source: $0.1, except: ["DeviceImageLoadEvents"]) },
    kindColumn: nil)

  /// The `xdr_data` side: a row's `actor_*` columns (and, outside process starts, the `causality_actor_*` ones,
  /// which the Cortex pipeline uses for the parent) from its actor's `PROCESS_START` row.
  static let xdr = Side(
    creationTable: "xdr_data", creationKey: "action_process_instance_id",
    creationKind: ("event_sub_type", "PROCESS_START"), time: "_time", device: "agent_id",
    childKey: "actor_process_instance_id",
    marker: "actor_process_execution_time",
    pairs: [
      Pair(target: "actor_process_execution_time", source: "event_timestamp"),
      Pair(target: "actor_process_command_line", source: "action_process_image_command_line"),
      Pair(target: "actor_process_image_path", source: "action_process_image_path"),
      Pair(target: "actor_process_image_name", source: "action_process_image_name"),
      Pair(target: "actor_process_os_pid", source: "action_process_os_pid"),
      Pair(target: "actor_effective_username", source: "action_process_username"),
      Pair(target: "actor_process_integrity_level", source: "action_process_integrity_level"),
      Pair(target: "actor_process_logon_id", source: "action_process_logon_id"),
      Pair(target: "actor_process_cwd", source: "action_process_cwd"),
      Pair(target: "actor_process_image_md5", source: "action_process_image_md5"),
      Pair(target: "actor_process_image_sha256", source: "action_process_image_sha256"),
      // In an image load these are the DLL's (the pipeline's mapping of Product and Company).
      Pair(
        target: "actor_process_signature_product", source: "action_process_signature_product", except: ["LOAD_IMAGE"]),
      Pair(target: "actor_process_signature_vendor", source: "action_process_signature_vendor", except: ["LOAD_IMAGE"]),
      // A process start's causality actor is Cortex's causality group owner, which Sysmon does not name.
      Pair(target: "causality_actor_process_image_path", source: "actor_process_image_path", except: ["PROCESS"]),
      Pair(target: "causality_actor_process_image_name", source: "actor_process_image_name", except: ["PROCESS"]),
      Pair(target: "causality_actor_process_command_line", source: "actor_process_command_line", except: ["PROCESS"]),
      Pair(target: "causality_actor_process_os_pid", source: "actor_process_os_pid", except: ["PROCESS"]),
      Pair(target: "causality_actor_effective_username", source: "actor_effective_username", except: ["PROCESS"]),
    ],
    kindColumn: "event_type")

  /// The statements each batch runs after its COPY, under ``AdvisoryLock/processLineage``, for the loaded tables.
  let statements: [String]
  /// The sides whose creation table is loaded, with the pairs that apply to each loaded table of the side.
  let sides: [(side: Side, pairs: [String: [Pair]])]

  /// The fill for `tables` (the tables a Sysmon ingest loads, as the database describes them): a side applies when
  /// its creation table is loaded, to the loaded tables that have its key columns; pairs whose columns a table
  /// lacks are left out.
  init(tables: [IngestTable]) {
    var statements: [String] = []
    var sides: [(side: Side, pairs: [String: [Pair]])] = []
    let byName = Dictionary(tables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    for side in [Self.defender, Self.xdr] {
      guard let creation = byName[side.creationTable] else { continue }
      var pairsByTable: [String: [Pair]] = [:]
      for table in tables where table.positions[side.childKey] != nil && table.positions[side.device] != nil {
        guard table.positions[side.marker] != nil else { continue }
        let pairs = side.pairs.filter {
          table.positions[$0.target] != nil && creation.positions[$0.source] != nil
            && (side.kindColumn != nil || !$0.except.contains(table.name))
        }
        pairsByTable[table.name] = pairs
        statements += Self.statements(side: side, table: table, creation: creation, pairs: pairs)
      }
      sides.append((side, pairsByTable))
    }
    self.statements = statements
    self.sides = sides
  }

  /// Runs ``statements`` in the open transaction of `connection`, holding the fill's lock until it ends.
  func fill(on connection: Connection) throws {
    guard !statements.isEmpty else { return }
    try connection.lockForTransaction(.processLineage)
    for statement in statements { _ = try connection.execute(statement) }
  }

  /// The two updates of one table: the batch's waiting rows, then stored rows waiting for this batch's creations.
  private static func statements(side: Side, table: IngestTable, creation: IngestTable, pairs: [Pair]) -> [String] {
    let q = SQLIdentifier.quoted
    // `p.key <> ''` lets the planner use the partial index on creation keys.
    var creationFilter = " AND p.\(q(side.creationKey)) <> ''"
    if let kind = side.creationKind { creationFilter += " AND p.\(q(kind.column)) = '\(kind.value)'" }
    // A value is empty when null or ''; a filled column keeps what the event gave it.
    let assignments = pairs.map { pair -> String in
      let column = table.columns[table.positions[pair.target]!]
      let target = "t.\(q(pair.target))"
      let fill =
        column.type == .string || column.type == .guid
        ? "coalesce(nullif(\(target), ''), nullif(p.\(q(pair.source)), ''), \(target))"
        : "coalesce(\(target), p.\(q(pair.source)))"
      guard let kindColumn = side.kindColumn, !pair.except.isEmpty else { return fill }
      let kinds = pair.except.sorted().map { "'\($0)'" }.joined(separator: ", ")
      return "CASE WHEN t.\(q(kindColumn)) IN (\(kinds)) THEN \(target) ELSE \(fill) END"
    }
    let targets = pairs.map { q($0.target) }.joined(separator: ", ")
    // The earliest creation row when a process has several (a duplicated event).
    let creationRow = """
      SELECT \(assignments.joined(separator: ", ")) FROM \(creation.qualifiedName) AS p
      WHERE p.\(q(side.creationKey)) = t.\(q(side.childKey)) AND p.\(q(side.device)) = t.\(q(side.device))\(creationFilter)
      ORDER BY p.\(q(side.time)) LIMIT 1
      """
    let waiting =
      "t.\(q(side.marker)) IS NULL AND t.\(q(side.childKey)) <> ''"
    // Both updates find their rows with a correlated EXISTS that `OFFSET 0` keeps a per-row probe of the creation
    // key index. Left to the planner, the lookup becomes a join, and just after a COPY (no statistics yet on the
    // rows loaded) it estimates a few rows on each side and picks a nested loop that compares every waiting row with
    // every creation row of the batch: seconds per batch on the bundled Sysmon dataset.
    let creationOf = { (extra: String) in
      """
      EXISTS (SELECT 1 FROM \(creation.qualifiedName) AS p WHERE p.\(q(side.creationKey)) = t.\(q(side.childKey)) \
      AND p.\(q(side.device)) = t.\(q(side.device))\(creationFilter)\(extra) OFFSET 0)
      """
    }
    let ownRows = """
      UPDATE \(table.qualifiedName) AS t SET (\(targets)) = (\(creationRow))
      WHERE t."_spoor_xid" = pg_current_xact_id() AND \(waiting) AND \(creationOf(""))
      """
    let storedRows = """
      UPDATE \(table.qualifiedName) AS t SET (\(targets)) = (\(creationRow))
      WHERE \(waiting) AND \(creationOf(" AND p.\"_spoor_xid\" = pg_current_xact_id()"))
      """
    return [ownRows, storedRows]
  }

  // MARK: In-load memory

  /// The creation rows of one input seen so far, by side, device and GUID: their source columns' values (as the
  /// mapper gave them, before conversion) and their time, to keep the earliest.
  struct Memory {
    private var rows: [[Key: Entry]]
    private let sides: [(side: Side, pairs: [String: [Pair]])]

    /// Entries kept before the memory starts over (the per-batch statements then fill what it no longer knows).
    static let capacity = 1_000_000

    struct Key: Hashable {
      var device: String
      var guid: String
    }

    struct Entry {
      var time: Int64?
      var values: [String: String]
    }

    init(_ lineage: ProcessLineage) {
      sides = lineage.sides
      rows = Array(repeating: [:], count: lineage.sides.count)
    }

    /// Fills the empty columns of `mapped`'s rows whose process's creation row was seen, then remembers the
    /// creation rows among them.
    mutating func fill(_ mapped: inout [MappedRow]) {
      for index in mapped.indices {
        for (sideIndex, entry) in sides.enumerated() {
          guard let pairs = entry.pairs[mapped[index].table] else { continue }
          let side = entry.side
          var row = mapped[index]
          if let device = row.text(side.device), let guid = row.text(side.childKey), !guid.isEmpty,
            let creation = rows[sideIndex][Key(device: device, guid: guid)]
          {
            let kind = side.kindColumn.flatMap { row.text($0) } ?? row.table
            for pair in pairs where !pair.except.contains(kind) {
              guard let value = creation.values[pair.source], !value.isEmpty, (row.text(pair.target) ?? "").isEmpty
              else { continue }
              row.set(pair.target, value)
            }
            mapped[index] = row
          }
          remember(row, side: side, at: sideIndex)
        }
      }
    }

    private mutating func remember(_ row: MappedRow, side: Side, at sideIndex: Int) {
      guard row.table == side.creationTable,
        side.creationKind.map({ row.text($0.column) == $0.value }) ?? true,
        let device = row.text(side.device), let guid = row.text(side.creationKey), !guid.isEmpty
      else { return }
      var values: [String: String] = [:]
      for pair in side.pairs { values[pair.source] = row.text(pair.source) }
      let time = row.text(side.time).flatMap { TimestampParser.microseconds($0) }
      let key = Key(device: device, guid: guid)
      if let known = rows[sideIndex][key], let knownTime = known.time, knownTime <= time ?? Int64.max { return }
      if rows[sideIndex].count >= Self.capacity { rows[sideIndex].removeAll(keepingCapacity: true) }
      rows[sideIndex][key] = Entry(time: time, values: values)
    }
  }
}

extension MappedRow {
  /// The text of field `name`, or nil when the row does not set it.
  fileprivate func text(_ name: String) -> String? {
    for field in fields where field.name == name {
      if case .text(let text) = field.value { return text }
      return nil
    }
    return nil
  }

  /// Sets field `name` to `value`, replacing an existing one.
  fileprivate mutating func set(_ name: String, _ value: String) {
    if let index = fields.firstIndex(where: { $0.name == name }) {
      fields[index].value = .text(value)
    } else {
      fields.append(InputField(name: name, value: .text(value)))
    }
  }
}
