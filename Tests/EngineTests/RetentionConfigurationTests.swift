import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

/// The retention file (`retention:` in YAML): reading it, its errors, and applying it before maintenance.
@Suite struct RetentionConfigurationTests {
  static let day: Int64 = 86_400_000_000

  static let file = """
    retention:
      default:
        keep: 90d
      tables:
        DeviceProcessEvents:
          keep: 10d
          partition: 6h
        xdr_data:
          keep: forever
    """

  @Test func readsDefaultsAndTables() throws {
    let configuration = try RetentionConfiguration(yaml: Self.file, file: "retention.yaml")
    #expect(configuration.policy(for: "DeviceProcessEvents").keepMicroseconds == .some(10 * Self.day))
    #expect(configuration.policy(for: "DeviceProcessEvents").partitionMicroseconds == Int64(21_600_000_000))
    #expect(configuration.policy(for: "xdr_data").keepMicroseconds == .some(nil))
    #expect(configuration.policy(for: "SecurityEvent").keepMicroseconds == .some(90 * Self.day))
    #expect(configuration.policy(for: "SecurityEvent").partitionMicroseconds == nil)
  }

  @Test(arguments: [
    ("retention:\n  default:\n    kep: 90d\n", "retention.yaml:3:5: error: unknown key 'kep' in a table's settings"),
    ("retention:\n  default:\n    keep: soon\n", "retention.yaml:3:11: error: bad keep 'soon'"),
    ("retention:\n  tables:\n    xdr_data:\n      partition: 10s\n", "retention.yaml:4:18: error: bad partition '10s'"),
    ("hunts: 1\n", "retention.yaml:1:1: error: unknown key 'hunts' in a retention file"),
  ])
  func reportsProblemsAtTheirLine(text: String, expected: String) {
    do {
      _ = try RetentionConfiguration(yaml: text, file: "retention.yaml")
      Issue.record("no error for \(text)")
    } catch {
      #expect("\(error)".hasPrefix(expected), "\(error)")
    }
  }

  @Test func applyingWritesEveryTablesPolicyAndMaintenanceDropsByIt() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "retention_file"))
    defer { connection.close() }
    _ = try connection.execute(
      #"INSERT INTO "DeviceProcessEvents" ("Timestamp", "ReportId") VALUES (now() - interval '20 days', 1), (now(), 2)"#
    )
    _ = try PartitionMaintenance.maintain(on: connection)

    try RetentionConfiguration(yaml: Self.file, file: "retention.yaml").apply(on: connection)
    let policies = Dictionary(
      uniqueKeysWithValues: try PartitionMaintenance.policies(on: connection).map { ($0.table, $0) })
    #expect(policies["DeviceProcessEvents"]?.retention == "10d")
    #expect(policies["DeviceProcessEvents"]?.partitionInterval == "6h")
    #expect(policies["xdr_data"]?.retention == nil)
    #expect(policies["SecurityEvent"]?.retention == "90d")
    #expect(policies["SecurityEvent"]?.partitionInterval == "1d")

    let dropped = try PartitionMaintenance.maintain(on: connection).filter {
      $0.table == "DeviceProcessEvents" && $0.action == "dropped"
    }
    #expect(dropped.count == 1)
    #expect(try connection.execute(#"SELECT "ReportId" FROM "DeviceProcessEvents""#).rows.map { $0[0] } == ["2"])

    // A table that is not partitioned changes nothing, and says which one was meant.
    let typo = try RetentionConfiguration(
      yaml: "retention:\n  default:\n    keep: 1d\n  tables:\n    DeviceProcesEvents:\n      keep: 2d\n", file: "r.yaml"
    )
    #expect(throws: PartitionError.self) { try typo.apply(on: connection) }
    do {
      try typo.apply(on: connection)
    } catch {
      #expect("\(error)".contains("did you mean 'DeviceProcessEvents'"), "\(error)")
    }
    #expect(try PartitionMaintenance.policies(on: connection).first { $0.table == "SecurityEvent" }?.retention == "90d")
  }
}
