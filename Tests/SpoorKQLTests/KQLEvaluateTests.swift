import SpoorCatalog
import SpoorDiagnostics
import SpoorEngine
import SpoorPostgres
import SpoorTestSupport
import Testing

/// `evaluate bag_unpack` (keys read from the database first, or from an output schema) and the refusals of the
/// other plugins, run on real PostgreSQL with exact rows (Kusto's documented examples).
@Suite("KQL evaluate", .serialized)
struct KQLEvaluateTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_evaluate"))
  }

  /// The column names and rows of a query.
  func run(_ kql: String) throws -> (columns: [String], rows: [[String?]]) {
    try TranslationHarness.run(kql, language: .kql, now: 0, on: connection)
  }

  /// The rendered diagnostics of a query that must not translate.
  func failure(_ kql: String) -> String { TranslationHarness.failure(kql, language: .kql) }

  static let people = """
    datatable(d:dynamic)[
      dynamic({"Name": "John", "Age": 20}), dynamic({"Name": "Dave", "Height": 170, "Age": 40}),
      dynamic({"Name": "Jasmine", "Age": 30}), dynamic(null), dynamic([1, 2])]
    """

  @Test("bag_unpack: one column per key, sorted, typed by its values; missing keys are null (strings empty)")
  func unpacksKeys() throws {
    let result = try run(Self.people + " | evaluate bag_unpack(d) | sort by Name asc")
    #expect(result.columns == ["Age", "Height", "Name"])
    #expect(
      result.rows == [
        [nil, nil, ""], [nil, nil, ""], ["40", "170", "Dave"], ["30", nil, "Jasmine"], ["20", nil, "John"],
      ])
    let typed = try run(Self.people + " | evaluate bag_unpack(d) | where Age > 25 | summarize sum(Age)")
    #expect(typed.rows == [["70"]])
  }

  @Test("bag_unpack: prefix, ignoredProperties, columnsConflict and mixed value types")
  func options() throws {
    let prefixed = try run(
      Self.people + " | evaluate bag_unpack(d, 'p_') | where isnotempty(p_Name) | project p_Name, p_Age | take 1")
    #expect(prefixed.columns == ["p_Name", "p_Age"])
    #expect(
      try run(Self.people + " | evaluate bag_unpack(d, ignoredProperties=dynamic(['Age', 'Height']))").columns == [
        "Name"
      ])
    let named = "datatable(Name:string, d:dynamic)['Old', dynamic({'Name': 'John', 'Age': 20})]"
    #expect(try run(named + " | evaluate bag_unpack(d, columnsConflict='keep_source')").rows == [["Old", "20"]])
    #expect(try run(named + " | evaluate bag_unpack(d, columnsConflict='replace_source')").rows == [["20", "John"]])
    #expect(
      (try? run(named + " | evaluate bag_unpack(d)")) == nil
        && failure(named + " | evaluate bag_unpack(d) : (*, Name:string)").isEmpty)
    let mixed = try run(
      "datatable(d:dynamic)[dynamic({'v': 1}), dynamic({'v': 'x'}), dynamic({'v': 2.5})] | evaluate bag_unpack(d)")
    #expect(mixed.rows == [["1"], ["\"x\""], ["2.5"]])
  }

  @Test("bag_unpack with an output schema translates without reading keys")
  func outputSchema() throws {
    let students = """
      datatable(d:dynamic, Description:string)[
        dynamic({"Name": "John", "Age": 20, "height": 180}), "Student",
        dynamic({"Name": "Dave", "Age": 40, "height": 160}), "Teacher"]
      """
    let result = try run(students + " | evaluate bag_unpack(d) : (*, Name:string, Age:long)")
    #expect(result.columns == ["Description", "Name", "Age"])
    #expect(result.rows == [["Student", "John", "20"], ["Teacher", "Dave", "40"]])
    #expect(failure(students + " | evaluate bag_unpack(d) : (Name:string)").isEmpty)
    #expect(failure(students + " | evaluate bag_unpack(d)").contains("needs the keys read by"))
  }

  @Test("a string column holding JSON is unpacked as member access reads it")
  func stringColumn() throws {
    #expect(
      try run("datatable(s:string)['{\"a\": 1}', 'x'] | evaluate bag_unpack(s) | sort by a asc nulls last").rows == [
        ["1"], [nil],
      ])
  }

  static let storms = """
    datatable(State:string, EventType:string, Deaths:long)[
      'ARKANSAS', 'Heat', 3, 'ARKANSAS', 'Heavy Rain', 1, 'ARIZONA', 'Flash Flood', 2, 'ARIZONA', 'Flash Flood', 4,
      'ARIZONA', 'Lightning', 1]
    """

  @Test("pivot: one column per value (sorted), count() by the other columns by default, 0 where a group has none")
  func pivotCounts() throws {
    let result = try run(Self.storms + " | project State, EventType | evaluate pivot(State) | sort by EventType asc")
    #expect(result.columns == ["EventType", "ARIZONA", "ARKANSAS"])
    #expect(
      result.rows == [
        ["Flash Flood", "2", "0"], ["Heat", "0", "1"], ["Heavy Rain", "0", "1"], ["Lightning", "1", "0"],
      ]
    )
  }

  @Test("pivot with sum() leaves out the aggregated column; named columns group; dcount counts")
  func pivotAggregates() throws {
    let summed = try run(Self.storms + " | evaluate pivot(State, sum(Deaths)) | sort by EventType asc")
    #expect(summed.columns == ["EventType", "ARIZONA", "ARKANSAS"])
    #expect(
      summed.rows == [
        ["Flash Flood", "6", "0"], ["Heat", "0", "3"], ["Heavy Rain", "0", "1"], ["Lightning", "1", "0"],
      ])
    let byNothing = try run(Self.storms + " | evaluate pivot(EventType, dcount(State), Deaths) | where Deaths == 1")
    #expect(byNothing.columns == ["Deaths", "Flash Flood", "Heat", "Heavy Rain", "Lightning"])
    #expect(byNothing.rows == [["1", "0", "0", "1", "1"]])
    let numbers = try run("datatable(k:string, n:long)['a', 1, 'a', 2, 'b', 2] | evaluate pivot(n) | sort by k asc")
    #expect(numbers.columns == ["k", "1", "2"])
    #expect(numbers.rows == [["a", "1", "1"], ["b", "0", "1"]])
  }

  @Test("pivot's SQL: the statement that reads the values, then one filtered aggregate per value")
  func pivotGolden() {
    let source = SourceText(
      name: "pivot.kql",
      text: "datatable(State:string, Deaths:long, Kind:string)['AL', 1, 'Wind'] | evaluate pivot(State, sum(Deaths))")
    var discovery = ""
    let compilation = Compiler(catalog: .builtIn).compile(source, language: .kql, options: CompileOptions(now: 0)) {
      discovery = $0.text
      return [["AL", "string"], ["AK", "string"]]
    }
    #expect(discovery == Self.pivotDiscoverySQL)
    #expect(compilation.statement?.text == Self.pivotSQL)
  }

  static let pivotDiscoverySQL = """
    SELECT DISTINCT "State" AS "key", $4::text AS "type" FROM (VALUES ($1::text, $2::bigint, $3::text)) AS \
    "t1"("State", "Deaths", "Kind")
    """
  static let pivotSQL = """
    SELECT "Kind", coalesce(sum("Deaths") FILTER (WHERE "State" = $4::text)::bigint, 0) AS "AK", \
    coalesce(sum("Deaths") FILTER (WHERE "State" = $5::text)::bigint, 0) AS "AL" FROM (VALUES ($1::text, \
    $2::bigint, $3::text)) AS "t1"("State", "Deaths", "Kind") GROUP BY "Kind"
    """

  @Test("pivot refusals say why")
  func pivotRefusals() {
    #expect(failure(Self.storms + " | evaluate pivot(State, max(Deaths))").contains("pivot with max()"))
    #expect(
      failure(Self.storms + " | evaluate pivot(State) : (EventType:string, ARIZONA:long)").contains("output schema"))
    #expect(failure(Self.storms + " | evaluate pivot(Stat)").contains("State"))
    #expect(
      (try? run("datatable(k:string, v:string)['a', ''] | evaluate pivot(v)")) == nil)
  }

  @Test("other plugins are refused with the reason")
  func refusals() {
    #expect(failure("DeviceProcessEvents | evaluate autocluster()").contains("the 'autocluster' plugin"))
    #expect(failure("DeviceProcessEvents | evaluate basket()").contains("heuristics"))
    #expect(failure("DeviceProcessEvents | evaluate narrow()").contains("not translated yet"))
    #expect(failure("datatable(n:long)[1] | evaluate bag_unpack(n)").contains("needs a dynamic value"))
  }
}
