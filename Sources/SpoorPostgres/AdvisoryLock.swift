/// Every PostgreSQL advisory lock Spoor takes from Swift, with its key, in one place: no two jobs can share a key by
/// accident.
///
/// | lock | key | taken by |
/// |---|---|---|
/// | ``migrations`` | `0x5370_6F6F_724D_6967` ("SpoorMig") | the migration runner, for a whole run |
/// | ``testTemplate`` | `0x5370_6F6F_7254_6D70` ("SpoorTmp") | the tests, while they create the migrated template |
/// | ``processLineage`` | class `0x5370_496E` ("SpIn"), 1 | a Sysmon batch, for its initiating-process fill |
/// | ``ingestSource(_:)`` | class `0x5370_4967` ("SpIg"), `hashtext(destination, digest)` | an ingest of one source file |
/// | ``hunt(_:)`` | class `0x5370_4875` ("SpHu"), `hashtext(hunt id)` | the scheduler running a hunt, a watermark reset |
///
/// The single-key locks use 64-bit keys and the others PostgreSQL's two-key form, which never meets a single key
/// (`pg_locks.objsubid` tells them apart). SQL functions of the migrations take two more single-key locks,
/// `hashtext('spoor.create_raw_dataset')` (0053, 0120) and `hashtext('spoor.maintain_partitions')` (0120): 32-bit
/// keys, so no 64-bit key above can meet them.
public enum AdvisoryLock: Sendable, Hashable {
  /// A migration run.
  case migrations
  /// The creation of the tests' migrated template database.
  case testTemplate
  /// The Sysmon initiating-process fill of a batch (``Connection/lockForTransaction(_:)``).
  case processLineage
  /// The ledger of one ingest source, named by destination and content digest.
  case ingestSource(String)
  /// One scheduled hunt, named by its id.
  case hunt(String)

  /// The classes of the two-key locks (their first key).
  public enum Class: Int32, Sendable, CaseIterable {
    /// ``AdvisoryLock/processLineage``: "SpIn".
    case processLineage = 0x5370_496E
    /// ``AdvisoryLock/ingestSource(_:)``: "SpIg".
    case ingestSource = 0x5370_4967
    /// ``AdvisoryLock/hunt(_:)``: "SpHu".
    case hunt = 0x5370_4875
  }

  /// The class of a two-key lock, nil for a single-key one.
  public var lockClass: Class? {
    switch self {
    case .migrations, .testTemplate: nil
    case .processLineage: .processLineage
    case .ingestSource: .ingestSource
    case .hunt: .hunt
    }
  }

  /// The lock's keys as the arguments of the `pg_advisory_*` functions, with their binds.
  var arguments: (sql: String, binds: [PostgresValue]) {
    switch self {
    case .migrations: ("$1", [.int64(0x5370_6F6F_724D_6967)])
    case .testTemplate: ("$1", [.int64(0x5370_6F6F_7254_6D70)])
    case .processLineage: ("$1, $2", [.int32(Class.processLineage.rawValue), .int32(1)])
    case .ingestSource(let name): ("$1, hashtext($2)", [.int32(Class.ingestSource.rawValue), .text(name)])
    case .hunt(let id): ("$1, hashtext($2)", [.int32(Class.hunt.rawValue), .text(id)])
    }
  }
}

extension Connection {
  /// Takes `lock` for the session, waiting while another session holds it (`pg_advisory_lock`).
  public func lock(_ lock: AdvisoryLock) throws {
    _ = try callAdvisory("pg_advisory_lock", lock)
  }

  /// Takes `lock` for the session if no other session holds it (`pg_try_advisory_lock`); true when taken.
  public func tryLock(_ lock: AdvisoryLock) throws -> Bool {
    try callAdvisory("pg_try_advisory_lock", lock)
  }

  /// Releases a session lock this session took (`pg_advisory_unlock`).
  public func unlock(_ lock: AdvisoryLock) throws {
    _ = try callAdvisory("pg_advisory_unlock", lock)
  }

  /// Takes `lock` until the open transaction ends, waiting while another session holds it
  /// (`pg_advisory_xact_lock`).
  public func lockForTransaction(_ lock: AdvisoryLock) throws {
    _ = try callAdvisory("pg_advisory_xact_lock", lock)
  }

  /// Takes `lock` until the open transaction ends if no other session holds it (`pg_try_advisory_xact_lock`); true
  /// when taken.
  public func tryLockForTransaction(_ lock: AdvisoryLock) throws -> Bool {
    try callAdvisory("pg_try_advisory_xact_lock", lock)
  }

  private func callAdvisory(_ function: String, _ lock: AdvisoryLock) throws -> Bool {
    let (arguments, binds) = lock.arguments
    return try execute("SELECT \(function)(\(arguments))", binds).rows.first?[0] == "t"
  }
}
