import SpoorCatalog
import SpoorDiagnostics
import SpoorPlan
import SpoorPostgres
import SpoorTestSupport
import SpoorXQL
import Testing

/// `view graph` changes no row; the plan carries the chart it asks for, so the console of `spoor serve` can draw
/// it (issue 15).
@Suite("XQL view graph")
struct XQLViewGraphTests {
  static func bind(_ text: String) -> BindResult {
    XQLTranslator.bind(SourceText(name: "t.xql", text: text), catalog: .builtIn)
  }

  static func hint(_ text: String) throws -> RenderHint? {
    try bind(text).renderHint()
  }

  static func errors(_ text: String) -> [String] {
    bind(text).errorLines
  }

  static let counts = "dataset = xdr_data | comp count() as n by agent_hostname"

  @Test("type picks the chart; xaxis, yaxis, series, header and subtype fill the hint")
  func options() throws {
    let hint = try #require(
      try Self.hint(
        Self.counts
          + #" | view graph type = column subtype = stacked header = "Events" xaxis = agent_hostname yaxis = n"#
      ))
    #expect(hint.visualization == .columnchart)
    #expect(hint.xColumn == "agent_hostname")
    #expect(hint.yColumns == ["n"])
    #expect(hint.title == "Events")
    #expect(hint.kind == "stacked")
    #expect(
      try Self.hint(Self.counts + " | view graph type = pie xaxis = agent_hostname yaxis = n")?.visualization
        == .piechart)
    #expect(
      try Self.hint(Self.counts + " | view graph type = line xaxis = agent_hostname yaxis = n")?.visualization
        == .linechart)
    #expect(
      try Self.hint(Self.counts + " | view graph type = column layout = horizontal xaxis = agent_hostname yaxis = n")?
        .visualization == .barchart)
    // the axes name fields in any case, the hint in the field's own
    let anyCase = try #require(
      try Self.hint(Self.counts + " | view graph type = column xaxis = Agent_Hostname yaxis = N series = N"))
    #expect(anyCase.xColumn == "agent_hostname")
    #expect(anyCase.yColumns == ["n"])
    #expect(anyCase.series == ["n"])
  }

  @Test("other views, and a graph not at the end, give no hint")
  func noHint() throws {
    #expect(try Self.hint(Self.counts + " | view highlight fields = n values = \"1\"") == nil)
    #expect(try Self.hint(Self.counts + " | view graph type = pie xaxis = agent_hostname yaxis = n | limit 3") == nil)
  }

  @Test("an unknown graph type or field is an error with a suggestion")
  func errors() {
    #expect(
      Self.errors(Self.counts + " | view graph type = colum xaxis = agent_hostname yaxis = n")
        == ["XQL-B040: unknown graph type 'colum' (did you mean 'column'?)"])
    #expect(
      Self.errors(Self.counts + " | view graph type = column xaxis = agent_hostnme yaxis = n")
        == ["XQL-B001: unknown field 'agent_hostnme' (did you mean 'agent_hostname'?)"])
    #expect(Self.errors(Self.counts + " | view graph xaxis = agent_hostname").count == 1)
  }

  @Test("view graph changes no row on PostgreSQL")
  func sameRows() throws {
    let connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "xql_view_graph_rows"))
    _ = try connection.execute(
      """
      INSERT INTO public.xdr_data (_time, agent_hostname) VALUES
        ('2026-01-01T00:00:00Z', 'a'), ('2026-01-01T00:00:01Z', 'a'), ('2026-01-01T00:00:02Z', 'b')
      """)
    let query = Self.counts + " | sort asc agent_hostname"
    let plain = try TranslationHarness.run(query, language: .xql, now: 0, on: connection)
    let drawn = try TranslationHarness.run(
      query + " | view graph type = column xaxis = agent_hostname yaxis = n", language: .xql, now: 0,
      on: connection)
    #expect(drawn.rows == plain.rows)
    #expect(drawn.rows == [["a", "2"], ["b", "1"]])
  }
}
