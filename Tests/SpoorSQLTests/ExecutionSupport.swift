import SpoorCatalog
import SpoorPlan
import SpoorPostgres
import SpoorSQL
import SpoorTestSupport
import Testing

extension PostgresValue {
  /// The libpq parameter for a plan value, with the type the emitted `$n::type` cast expects.
  init(_ value: Value) {
    switch value {
    case .null: self = .null
    case .bool(let flag): self = .bool(flag)
    case .long(let number): self = .int64(number)
    case .real(let number): self = .double(number)
    case .string(let text): self = .text(text)
    case .datetime(let microseconds): self = .timestamptz(microsecondsSinceEpoch: microseconds)
    case .timespan(let microseconds): self = .interval(microseconds: microseconds)
    case .dynamic(let json): self = .jsonb(json)
    case .stringList(let list): self = .textArray(list)
    case .external: self = .jsonb("[]")
    }
  }
}

/// A fresh database with one small event table, `public.ev`, for running emitted statements.
struct ExecutionDatabase {
  /// The catalog view of `public.ev`.
  static let table = Table(
    name: "ev",
    columns: [
      Column(name: "id", type: .long),
      Column(name: "device", type: .string),
      Column(name: "name", type: .string),
      Column(name: "n", type: .long),
      Column(name: "t", type: .datetime),
      Column(name: "tags", type: .dynamic),
    ])

  /// The connection to the database.
  let connection: Connection

  /// Creates the database and the table, then runs `rows` (INSERT statements written by the test).
  init(named name: String, rows: String) throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: name))
    try connection.executeScript(
      """
      SET TIME ZONE 'America/New_York';
      CREATE TABLE public.ev (
        id bigint NOT NULL, device text NOT NULL DEFAULT '', name text NOT NULL DEFAULT '',
        n bigint, t timestamptz, tags jsonb);
      \(rows)
      """)
  }

  /// Emits the relation (clock: 2023-11-14T22:13:20Z) and returns its rows as text.
  func rows(_ relation: Relation) throws -> [[String?]] {
    let result = PostgresEmitter(options: EmitOptions(now: 1_700_000_000_000_000, rowLimit: nil))
      .emit(QueryPlan(relation: relation, language: .kql))
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    let statement = try #require(result.statement)
    let answer = try connection.execute(
      statement.text, statement.parameters.map(PostgresValue.init))
    #expect(answer.columns.map(\.name) == statement.columns.map(\.name))
    return answer.rows.map(\.values)
  }

  /// The ids of the rows where `predicate` holds, ascending.
  func ids(where predicate: ScalarExpression) throws -> [Int64] {
    try ids(of: .filter(.scan(Self.table), predicate))
  }

  /// The `id` column of a relation's rows, ascending.
  func ids(of relation: Relation) throws -> [Int64] {
    let sorted = Relation.sort(
      relation, [SortKey(expression: .column("id", .long), ascending: true, nullsFirst: false)])
    return try rows(
      .project(sorted, [NamedExpression(name: "id", expression: .column("id", .long))])
    )
    .compactMap { $0.first.flatMap { $0 }.flatMap { Int64($0) } }
  }
}
