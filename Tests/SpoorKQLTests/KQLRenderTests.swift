import SpoorCatalog
import SpoorDiagnostics
import SpoorKQL
import SpoorPlan
import SpoorPostgres
import SpoorTestSupport
import Testing

/// `render` changes no row; the plan carries what it asks for, so the console of `spoor serve` can draw it
/// (issue 15).
@Suite("KQL render")
struct KQLRenderTests {
  static func bind(_ text: String) -> BindResult {
    KQLTranslator.bind(SourceText(name: "t.kql", text: text), catalog: .builtIn)
  }

  static func hint(_ text: String) throws -> RenderHint? {
    try bind(text).renderHint()
  }

  static func errors(_ text: String) -> [String] {
    bind(text).errorLines
  }

  @Test("the four charts the console draws, by name")
  func visualizations() throws {
    for name in ["timechart", "columnchart", "barchart", "piechart"] {
      let hint = try Self.hint("DeviceProcessEvents | summarize count() by bin(Timestamp, 1h) | render \(name)")
      #expect(hint?.visualization.rawValue == name)
      #expect(hint?.xColumn == nil)
    }
  }

  @Test("with (…): xcolumn, ycolumns, series, title and kind; other documented properties are accepted")
  func properties() throws {
    let hint = try #require(
      try Self.hint(
        #"DeviceProcessEvents | summarize n = count(), d = dcount(DeviceName) by Timestamp, FileName | render columnchart with (xcolumn = Timestamp, ycolumns = n, d, series = FileName, title = "Starts", kind = stacked, legend = hidden, ymin = 0)"#
      ))
    #expect(hint.visualization == .columnchart)
    #expect(hint.xColumn == "Timestamp")
    #expect(hint.yColumns == ["n", "d"])
    #expect(hint.series == ["FileName"])
    #expect(hint.title == "Starts")
    #expect(hint.kind == "stacked")
  }

  @Test("only a render that ends the query is kept; one inside a let or a join changes nothing")
  func onlyTheLastRender() throws {
    #expect(try Self.hint("DeviceProcessEvents | render piechart | take 5") == nil)
    #expect(
      try Self.hint("let t = DeviceProcessEvents | render piechart; t | summarize count() by FileName") == nil)
    #expect(try Self.hint("DeviceProcessEvents | take 5") == nil)
  }

  @Test("an unknown visualization, property or column is an error with a suggestion")
  func errors() {
    #expect(
      Self.errors("DeviceProcessEvents | render timechrt")
        == ["BIND-040: unknown visualization 'timechrt' (did you mean 'timechart'?)"])
    #expect(
      Self.errors("DeviceProcessEvents | render timechart with (titel = 'x')")
        == ["BIND-041: unknown render property 'titel' (did you mean 'title'?)"])
    #expect(
      Self.errors("DeviceProcessEvents | summarize n = count() by FileName | render piechart with (ycolumns = m)")
        == ["BIND-001: unknown column 'm' in DeviceProcessEvents (did you mean 'n'?)"])
    #expect(Self.errors("DeviceProcessEvents | render timechart foo").count == 1)
  }

  @Test("visualizations the console does not draw become the closest chart, with a note")
  func fallbacks() throws {
    let result = Self.bind("DeviceProcessEvents | summarize count() by bin(Timestamp, 1h) | render anomalychart")
    #expect(result.plan?.render?.visualization == .timechart)
    #expect(result.diagnostics.contains { $0.code.rawValue == "KQL-N015" })
    #expect(try Self.hint("DeviceProcessEvents | render treemap")?.visualization == .table)
  }

  @Test("render changes no row on PostgreSQL")
  func sameRows() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_render_rows"))
    let query = "datatable(t:datetime, n:long)[datetime(2026-01-01), 2, datetime(2026-01-02), 5] | sort by t asc"
    let plain = try TranslationHarness.run(query, language: .kql, now: 0, on: connection)
    let drawn = try TranslationHarness.run(
      query + " | render timechart with (xcolumn = t, ycolumns = n)", language: .kql, now: 0, on: connection)
    #expect(drawn.columns == ["t", "n"])
    #expect(drawn.rows == plain.rows)
    #expect(drawn.rows == [["2026-01-01 00:00:00+00", "2"], ["2026-01-02 00:00:00+00", "5"]])
  }
}
