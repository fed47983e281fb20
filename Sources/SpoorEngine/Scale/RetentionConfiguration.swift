import SpoorDiagnostics
import SpoorPostgres
import Yams

/// How long the event tables keep their events and how long their partitions are, as a retention file says.
///
/// The file (`retention.yaml`) is YAML that `spoor maintain --retention-file` and the scheduler apply before each
/// maintenance:
///
/// ```yaml
/// retention:
///   default:            # every partitioned event table not listed below
///     keep: 90d         # a duration (7d, 12h, 2w) or `forever`
///     partition: 1d     # the length of new partitions (at least 1m)
///   tables:
///     DeviceProcessEvents:
///       keep: 30d
///     xdr_data:
///       keep: forever
///       partition: 6h
/// ```
///
/// A setting the file leaves out is left as it is in the database (`spoor retention set` still works for it).
public struct RetentionConfiguration: Sendable, Hashable {
  /// One table's settings; nil leaves that setting alone.
  public struct Policy: Sendable, Hashable {
    /// How long to keep events, in microseconds: `.some(nil)` is `forever`, nil leaves it alone.
    public var keepMicroseconds: Int64??
    /// The length of new partitions, in microseconds; nil leaves it alone.
    public var partitionMicroseconds: Int64?

    /// Creates a policy.
    public init(keepMicroseconds: Int64?? = nil, partitionMicroseconds: Int64? = nil) {
      self.keepMicroseconds = keepMicroseconds
      self.partitionMicroseconds = partitionMicroseconds
    }
  }

  /// What every table not in `tables` gets.
  public var defaults: Policy
  /// Per-table settings by table name; a setting a table's entry leaves out comes from `defaults`.
  public var tables: [String: Policy]

  /// Creates a configuration.
  public init(defaults: Policy = Policy(), tables: [String: Policy] = [:]) {
    self.defaults = defaults
    self.tables = tables
  }

  /// Reads `text`, the contents of `file`.
  /// - Throws: ``HuntFileErrors`` with every problem found, each at its line and column.
  public init(yaml text: String, file: String) throws {
    var reader = RetentionFileReader(file: file, text: text)
    let configuration = reader.read()
    guard let configuration, reader.errors.isEmpty else { throw HuntFileErrors(errors: reader.errors) }
    self = configuration
  }

  /// The settings `table` gets: its own, else the defaults.
  public func policy(for table: String) -> Policy {
    let own = tables[table] ?? Policy()
    return Policy(
      keepMicroseconds: own.keepMicroseconds ?? defaults.keepMicroseconds,
      partitionMicroseconds: own.partitionMicroseconds ?? defaults.partitionMicroseconds)
  }

  /// Writes the settings into `spoor.partitioned_tables`, in one transaction; `spoor maintain` then drops and
  /// creates partitions by them.
  /// - Throws: ``PartitionError`` for a table that is not a partitioned event table (with a "did you mean"), or a
  ///   setting the database refuses; nothing is changed then.
  public func apply(on connection: Connection) throws {
    try connection.transaction { connection in
      let known = try PartitionMaintenance.policies(on: connection).map(\.table)
      for table in tables.keys.sorted() where !known.contains(table) {
        var message = "retention file: \(table) is not a time-partitioned event table"
        if let help = NameSuggester.help(for: table, among: known) { message += "; \(help)" }
        throw PartitionError(description: message)
      }
      for table in known {
        let policy = policy(for: table)
        if let keep = policy.keepMicroseconds {
          try PartitionMaintenance.setRetention(of: table, microseconds: keep, on: connection)
        }
        if let partition = policy.partitionMicroseconds {
          try PartitionMaintenance.setPartitionInterval(of: table, microseconds: partition, on: connection)
        }
      }
    }
  }
}

/// The reader's working state: the file, its text and the problems found so far.
private struct RetentionFileReader {
  let file: String
  let text: String
  var errors: [HuntFileError] = []

  mutating func read() -> RetentionConfiguration? {
    let root: Node?
    do {
      root = try Yams.compose(yaml: text)
    } catch {
      errors.append(HuntFileError(file: file, line: nil, message: "cannot read YAML: \(error)"))
      return nil
    }
    guard let section = mapping(root, ["retention"], what: "a retention file")["retention"] else {
      if errors.isEmpty {
        errors.append(
          HuntFileError(file: file, line: root?.mark?.line ?? 1, message: "a retention file has a `retention:` section")
        )
      }
      return nil
    }
    var configuration = RetentionConfiguration()
    let keys = mapping(section, ["default", "tables"], what: "the retention section")
    if let defaults = keys["default"] { configuration.defaults = policy(defaults) }
    if let tables = keys["tables"] {
      guard let entries = tables.mapping else {
        fail(tables, "`tables` maps table names to their settings")
        return nil
      }
      for (name, settings) in entries {
        guard let table = name.scalar?.string else {
          fail(name, "a table name is a plain word")
          continue
        }
        configuration.tables[table] = policy(settings)
      }
    }
    return configuration
  }

  /// The values of `node`'s keys, each one of `allowed`; anything else is reported.
  mutating func mapping(_ node: Node?, _ allowed: [String], what: String) -> [String: Node] {
    guard let node, let entries = node.mapping else {
      let expected = allowed.map { "`\($0)`" }.joined(separator: ", ")
      errors.append(
        HuntFileError(
          file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column,
          message: "\(what) is a mapping of \(expected)"))
      return [:]
    }
    var values: [String: Node] = [:]
    for (keyNode, value) in entries {
      guard let key = keyNode.scalar?.string, allowed.contains(key) else {
        let key = keyNode.scalar?.string ?? "?"
        fail(keyNode, "unknown key '\(key)' in \(what)", help: NameSuggester.help(for: key, among: allowed))
        continue
      }
      values[key] = value
    }
    return values
  }

  /// A `keep:` / `partition:` mapping.
  mutating func policy(_ node: Node) -> RetentionConfiguration.Policy {
    var policy = RetentionConfiguration.Policy()
    let keys = mapping(node, ["keep", "partition"], what: "a table's settings")
    if let keep = keys["keep"] {
      let text = keep.scalar?.string ?? ""
      if text == "forever" {
        policy.keepMicroseconds = .some(nil)
      } else if let microseconds = IntervalText.microseconds(text), microseconds > 0 {
        policy.keepMicroseconds = microseconds
      } else {
        fail(keep, "bad keep '\(text)'", help: "write a duration such as 90d or 12h, or `forever`")
      }
    }
    if let partition = keys["partition"] {
      let text = partition.scalar?.string ?? ""
      if let microseconds = IntervalText.microseconds(text), microseconds >= 60_000_000 {
        policy.partitionMicroseconds = microseconds
      } else {
        fail(partition, "bad partition '\(text)'", help: "write a duration of at least a minute, such as 1d or 6h")
      }
    }
    return policy
  }

  mutating func fail(_ node: Node, _ message: String, help: String? = nil) {
    errors.append(
      HuntFileError(file: file, line: node.mark?.line, column: node.mark?.column, message: message, help: help))
  }
}
