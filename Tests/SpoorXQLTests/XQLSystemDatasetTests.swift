import SpoorCatalog
import SpoorDiagnostics
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorXQL

/// Cortex's own `alerts`, `incidents` and `endpoints` datasets (`migrations/0170_cortex_system_datasets.sql`) and
/// the rule for a `*_raw` dataset nothing has created yet, on real PostgreSQL: exact rows, in order.
@Suite("XQL system datasets and not-yet-loaded raw datasets", .serialized)
struct XQLSystemDatasetTests {
  /// The clock every query is emitted with: 2026-01-01T00:10:00Z.
  static let now: Int64 = 1_767_225_600_000_000 + 600_000_000

  static let fixture = #"""
    INSERT INTO public.alerts ("_time", "alert_id", "name", "severity", "host_name", "starred",
      "mitre_technique_id_and_name", "detection_timestamp", "_document") VALUES
    ('2026-01-01 00:01:00+00', '11', 'Credential dumping', 'high', 'WS1', true,
      '["T1003.001 - LSASS Memory"]', 1767225660000, '{"alert_source": "XDR_AGENT"}'),
    ('2026-01-01 00:02:00+00', '12', 'Port scan', 'low', 'WS1', false, '[]', 1767225720000, '{}'),
    ('2026-01-01 00:03:00+00', '13', 'Ransomware', 'HIGH', 'WS2', false, '[]', 1767225780000, '{}');

    INSERT INTO public.incidents ("_time", "incident_id", "status", "severity", "alert_count", "hosts") VALUES
    ('2026-01-01 00:01:00+00', '7', 'new', 'high', 3, '["ws1:abc"]'),
    ('2026-01-01 00:05:00+00', '8', 'resolved_true_positive', 'medium', 1, '["ws2:def"]');

    INSERT INTO public.endpoints ("_time", "endpoint_id", "endpoint_name", "endpoint_status", "os_type",
      "last_seen", "operational_status") VALUES
    ('2026-01-01 00:00:00+00', 'e1', 'WS1', 'CONNECTED', 'AGENT_OS_WINDOWS', 1767225600000, 'PROTECTED'),
    ('2026-01-01 00:00:00+00', 'e2', 'WS2', 'DISCONNECTED', 'AGENT_OS_LINUX', 1767139200000, 'UNPROTECTED');
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "xql_system_datasets"))
    try connection.executeScript(Self.fixture)
  }

  func rows(_ xql: String) throws -> [[String?]] {
    try TranslationHarness.run(xql, language: .xql, now: Self.now, on: connection).rows
  }

  @Test(
    "alerts, incidents and endpoints give exact rows",
    arguments: [
      // typed columns, case-insensitive by default; a field without a column reads the document
      (
        #"dataset = alerts | filter severity = "high" | fields alert_id, name, host_name, alert_source | sort asc alert_id"#,
        [["11", "Credential dumping", "WS1", "XDR_AGENT"], ["13", "Ransomware", "WS2", nil]]
      ),
      (
        #"dataset = alerts | filter starred = true | alter t = to_timestamp(detection_timestamp, "MILLIS") | fields alert_id, t"#,
        [["11", "2026-01-01 00:01:00+00"]]
      ),
      (
        #"dataset = alerts | comp count() as n by host_name | sort asc host_name"#,
        [["WS1", "2"], ["WS2", "1"]]
      ),
      (
        #"dataset = incidents | filter status != "resolved*" | fields incident_id, alert_count"#,
        [["7", "3"]]
      ),
      (
        #"dataset = endpoints | filter endpoint_status = "disconnected" | fields endpoint_name, os_type"#,
        [["WS2", "AGENT_OS_LINUX"]]
      ),
      // the documented ENUM constants of their enumerated fields, matching the stored spelling in any case
      (
        #"config case_sensitive = true | dataset = incidents | filter status = ENUM.NEW | fields incident_id"#,
        [["7"]]
      ),
      (
        #"config case_sensitive = true | dataset = alerts | filter severity in (ENUM.HIGH, ENUM.CRITICAL) | fields alert_id | sort asc alert_id"#,
        [["11"], ["13"]]
      ),
      (
        #"dataset = endpoints | filter endpoint_status = ENUM.CONNECTED and os_type = AGENT_OS_WINDOWS | fields endpoint_name"#,
        [["WS1"]]
      ),
      (#"dataset = endpoints | filter operational_status != ENUM.PROTECTED | fields endpoint_name"#, [["WS2"]]),
      (#"dataset = endpoints | filter operational_status = UNPROTECTED | fields endpoint_name"#, [["WS2"]]),
    ] as [(String, [[String?]])])
  func systemDatasets(xql: String, expected: [[String?]]) throws {
    #expect(try rows(xql) == expected)
  }

  @Test("a raw dataset nothing created yet runs, returns no rows and warns how to load it")
  func notYetLoadedRawDataset() throws {
    let xql = #"dataset = okta_sso_raw | filter outcome_result = "FAILURE" | fields _time, actor_alternate_id"#
    #expect(try rows(xql) == [])
    let diagnostics = XQLTranslator.bind(SourceText(name: "t.xql", text: xql), catalog: .builtIn).diagnostics
    #expect(diagnostics.map(\.code.rawValue) == ["XQL-W001"])
    #expect(diagnostics.first?.help?.contains("spoor ingest --dataset okta_sso_raw") == true)
    // another product of a vendor Spoor has a dataset of is a dataset too, not a typo of it
    let system = XQLTranslator.bind(
      SourceText(name: "t.xql", text: "dataset = panw_ngfw_system_raw | limit 1"), catalog: .builtIn
    ).diagnostics
    #expect(system.map(\.code.rawValue) == ["XQL-W001"])
    // joined with a real dataset, it contributes nothing
    let joined = #"""
      dataset = alerts | join type = left (dataset = amazon_aws_raw | fields host_name as h, eventName)
        as aws aws.h = host_name | filter alert_id = "12" | fields alert_id, eventName
      """#
    #expect(try rows(joined) == [["12", nil]])
  }

  @Test("a misspelt system-dataset ENUM constant is unknown, with the documented one suggested")
  func misspeltEnumConstant() {
    let xql = "dataset = endpoints | filter endpoint_status = ENUM.CONECTED"
    let diagnostics = XQLTranslator.bind(SourceText(name: "t.xql", text: xql), catalog: .builtIn).diagnostics
    #expect(diagnostics.map(\.code.rawValue) == ["XQL-B007"])
    #expect(diagnostics.first?.help?.contains("CONNECTED") == true)
  }

  @Test("any other name is a dataset not loaded yet (a lookup, a `target`), but a typo or a preset's name is refused")
  func otherUnknownNames() throws {
    // Cortex datasets are not a closed list: lookups and `target` stages create them under any name.
    for xql in ["dataset = okta_sso_logs", "dataset = Computers_Lookup | filter owner = \"x\""] {
      let diagnostics = XQLTranslator.bind(SourceText(name: "t.xql", text: xql), catalog: .builtIn).diagnostics
      #expect(diagnostics.map(\.code.rawValue) == ["XQL-W001"], "\(xql)")
      #expect(try rows(xql) == [], "\(xql)")
    }
    let typo = XQLTranslator.bind(SourceText(name: "t.xql", text: "dataset = alertz"), catalog: .builtIn).diagnostics
    #expect(typo.map(\.code.rawValue) == ["XQL-B002"])
    #expect(typo.first?.help == "did you mean 'alerts'?")
    let preset = XQLTranslator.bind(SourceText(name: "t.xql", text: "dataset = network_story"), catalog: .builtIn)
      .diagnostics
    #expect(preset.map(\.code.rawValue) == ["XQL-B002"])
    #expect(preset.first?.help == "'network_story' is a preset: write `preset = network_story`")
  }

  @Test("a preset that is not an xdr_data view reads its ingested dataset, else nothing with a warning")
  func presetWithoutDefinition() throws {
    let xql = #"preset = msft_azure_ad_audit | filter operationName = "Add member to role" | fields _time"#
    let diagnostics = XQLTranslator.bind(SourceText(name: "t.xql", text: xql), catalog: .builtIn).diagnostics
    #expect(diagnostics.map(\.code.rawValue) == ["XQL-W002"])
    #expect(diagnostics.first?.help?.contains("spoor ingest --dataset msft_azure_ad_audit") == true)
    #expect(try rows(xql) == [])
    // a typo of a documented preset is still an error with a suggestion
    let typo = XQLTranslator.bind(SourceText(name: "t.xql", text: "preset = xdr_procss"), catalog: .builtIn)
      .diagnostics
    #expect(typo.map(\.code.rawValue) == ["XQL-B003"])
    // once loaded under that name, the preset reads it
    let loaded = #"preset = alerts | filter alert_id = "12" | fields alert_id"#
    #expect(try rows(loaded) == [["12"]])
  }

  @Test("an XDM field is refused at its whole path as the Cortex Data Model, not as a syntax error")
  func xdmFields() {
    for xql in [
      #"dataset = xdr_data | filter xdm.event.id = "4625""#,
      #"datamodel dataset = microsoft_windows_raw | filter xdm.event.id = "4625""#,
    ] {
      let diagnostics = XQLTranslator.bind(SourceText(name: "t.xql", text: xql), catalog: .builtIn).diagnostics
      #expect(diagnostics.map(\.code.rawValue) == ["XQL-U004"], "\(xql)")
      let span = diagnostics.first?.span
      let text = span.map { String(decoding: xql.utf8.dropFirst($0.start).prefix($0.end - $0.start), as: UTF8.self) }
      #expect(text == "xdm.event.id")
    }
  }
}
