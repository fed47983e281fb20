import SpoorDiagnostics
import SpoorKQL
import SpoorPostgres
import SpoorTestSupport
import Testing

/// `datetime_utc_to_local` / `datetime_local_to_utc`: IANA zones with their daylight saving, checked names.
@Suite("KQL time zones")
struct KQLTimeZoneTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "kql_time_zones"))
  }

  func values(_ expressions: String) throws -> [String?] {
    try TranslationHarness.run("print " + expressions, language: .kql, now: 0, on: connection).rows.first ?? []
  }

  @Test("winter and summer offsets, both directions, and other functions reading the local time")
  func conversions() throws {
    let converted = try values(
      """
      w = datetime_utc_to_local(datetime(2024-01-15 12:00), "Europe/Paris"),
      s = datetime_utc_to_local(datetime(2024-07-15 12:00), "Europe/Paris"),
      n = datetime_utc_to_local(datetime(2024-07-15 02:30), "America/New_York"),
      u = datetime_local_to_utc(datetime(2024-07-15 14:00), "Europe/Paris"),
      h = hourofday(datetime_utc_to_local(datetime(2024-03-31 01:30), "europe/paris")),
      f = format_datetime(datetime_utc_to_local(datetime(2024-10-27 00:30), "Europe/Paris"), "HH:mm")
      """)
    #expect(
      converted == [
        "2024-01-15 13:00:00+00", "2024-07-15 14:00:00+00", "2024-07-14 22:30:00+00", "2024-07-15 12:00:00+00", "3",
        "02:30",
      ])
  }

  @Test("an unknown zone is an error at the zone with a suggestion; a computed zone must be constant")
  func checkedNames() {
    let source = SourceText(
      name: "hunt.kql", text: #"print t = datetime_utc_to_local(now(), "Europe/Pariss")"#)
    let diagnostics = KQLTranslator.bind(source, catalog: .builtIn).diagnostics
    #expect(diagnostics.map(\.code.rawValue) == ["BIND-015"])
    #expect(diagnostics.first?.help == "did you mean 'Europe/Paris'?")
    #expect(diagnostics.first?.span.start == 39)
    let computed = KQLTranslator.bind(
      SourceText(name: "hunt.kql", text: #"print t = datetime_local_to_utc(now(), strcat("UT", "C"))"#),
      catalog: .builtIn
    ).diagnostics
    #expect(computed.map(\.code.rawValue) == ["BIND-007"])
  }
}
