import SpoorPlan
import SpoorPostgres
import SpoorTestSupport
import Testing

/// Query parameters and parameter defaults, run on PostgreSQL over inline rows.
///
/// `declare query_parameters(name: type [= default], …)`: each name reads the caller's value
/// (`spoor query --param name=value`) as a literal of its type, else its default. A `let` function's trailing
/// parameters with defaults may be left out of a call.
@Suite("KQL query parameters", .serialized)
struct KQLQueryParameterTests {
  /// The clock every query is emitted with: 2026-01-01T00:00:00Z.
  static let now: Int64 = 1_767_225_600_000_000

  static let query = """
    declare query_parameters(Device:string, MinCount:long = 2, After:datetime = datetime(2025-01-01));
    datatable(DeviceName:string, FileName:string, Timestamp:datetime)[
      'ws1', 'a.exe', datetime(2025-06-01), 'ws1', 'a.exe', datetime(2025-06-02), 'ws1', 'b.exe', datetime(2025-06-03),
      'ws2', 'a.exe', datetime(2025-06-01), 'WS1', 'b.exe', datetime(2024-06-01)]
    | where DeviceName =~ Device and Timestamp > After
    | summarize c = count() by FileName
    | where c >= MinCount
    | order by FileName asc
    """

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_query_parameters"))
  }

  func rows(_ values: [String: String]) throws -> [[String?]] {
    try TranslationHarness.run(
      Self.query, language: .kql, now: Self.now, parameters: QueryParameters(values: values), on: connection
    ).rows
  }

  @Test("the caller's values, read as the declared types; defaults for the others")
  func valuesAndDefaults() throws {
    #expect(try rows(["Device": "WS1"]) == [["a.exe", "2"]])
    #expect(try rows(["Device": "ws1", "MinCount": "1"]) == [["a.exe", "2"], ["b.exe", "1"]])
    #expect(try rows(["Device": "ws1", "MinCount": "1", "After": "2024-01-01"]) == [["a.exe", "2"], ["b.exe", "2"]])
  }

  @Test("a name without a value or default is refused at its declaration; a placeholder stands in to validate")
  func unbound() {
    let refused = TranslationHarness.diagnostics(Self.query, language: .kql, parameters: .none)
    #expect(refused.map(\.code.rawValue) == ["BIND-020"])
    #expect(refused.first?.span.start == 25)
    let placeholder = TranslationHarness.diagnostics(
      Self.query, language: .kql, parameters: QueryParameters(unbound: .placeholder))
    #expect(placeholder.map(\.code.rawValue) == ["KQL-W005"])
  }

  @Test(
    "a value that is no value of the declared type is refused at the name",
    arguments: [
      ("MinCount", "two"), ("After", "yesterday"),
    ])
  func wrongType(name: String, value: String) {
    let diagnostics = TranslationHarness.diagnostics(
      Self.query, language: .kql, parameters: QueryParameters(values: ["Device": "ws1", name: value]))
    #expect(diagnostics.map(\.code.rawValue) == ["BIND-006"])
    #expect(diagnostics.first?.message.contains("'\(value)'") == true)
  }

  @Test("a string, bool, timespan and dynamic parameter")
  func otherTypes() throws {
    let query = """
      declare query_parameters(S:string = "x", B:bool, T:timespan, D:dynamic);
      print s = S, b = B, t = tostring(T), n = array_length(D)
      """
    let result = try TranslationHarness.run(
      query, language: .kql, now: Self.now,
      parameters: QueryParameters(values: ["B": "true", "T": "1h", "D": "[1, 2, 3]"]), on: connection)
    #expect(result.rows == [["x", "t", "01:00:00", "3"]])
  }

  @Test("a let function's trailing parameters with a default may be left out; the default is bound where it is defined")
  func functionDefaults() throws {
    let query = """
      let suffix = ".exe";
      let g = (s:string, tail:string = suffix, n:long = 2) { strcat(s, tail, "#", tostring(n)) };
      let top = (T:(File:string), n:long = 1) { T | order by File asc | take n };
      datatable(File:string)['b', 'a', 'c'] | invoke top() | extend x = g(File), y = g(File, ".dll"), z = g(File, "", 7)
      """
    let result = try TranslationHarness.run(query, language: .kql, now: Self.now, on: connection)
    #expect(result.rows == [["a", "a.exe#2", "a.dll#2", "a#7"]])
    let tooFew = TranslationHarness.diagnostics(
      "let g = (s:string, tail:string = 'x') { strcat(s, tail) }; print g()", language: .kql)
    #expect(tooFew.map(\.code.rawValue) == ["BIND-004"])
    #expect(tooFew.first?.message == "function 'g' expects 1 to 2 argument(s), got 0")
  }
}
