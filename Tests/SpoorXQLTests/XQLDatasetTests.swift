import SpoorCatalog
import SpoorDiagnostics
import SpoorPostgres
import SpoorTestSupport
import Testing

@testable import SpoorXQL

/// XQL over datasets other than `xdr_data` (`migrations/0053_raw_datasets.sql`) and over the `xdr_data` fields of
/// `migrations/0052_xdr_data_more.sql`, on real PostgreSQL: exact rows, in order.
///
/// A raw dataset's field without a column of its own is its document's key, read as a string; typed datasets have
/// columns for the fields the reference lists and a document for the rest.
@Suite("XQL datasets", .serialized)
struct XQLDatasetTests {
  /// The clock every query is emitted with: 2026-01-01T00:10:00Z.
  static let now: Int64 = 1_767_225_600_000_000 + 600_000_000

  static let fixture = #"""
    INSERT INTO public.panw_ngfw_traffic_raw ("_time", "_raw_log", "_document") VALUES
    ('2026-01-01 00:01:00+00', 'l1', '{"action": "deny", "source_ip": "10.0.0.5", "dest_port": 445, "app": "ms-ds-smb"}'),
    ('2026-01-01 00:02:00+00', 'l2', '{"action": "allow", "source_ip": "10.0.0.6", "dest_port": 443, "app": "ssl"}'),
    ('2026-01-01 00:03:00+00', 'l3', '{"action": "DENY", "source_ip": "10.0.0.7", "dest_port": "3389", "app": "ms-rdp"}'),
    ('2025-12-20 00:00:00+00', 'l4', '{"action": "deny", "source_ip": "10.0.0.8", "dest_port": 22, "app": "ssh"}'),
    ('2026-01-01 00:04:00+00', 'l5', '{"action": "allow", "source_ip": "10.0.0.9", "tags": ["a", "b"]}');

    INSERT INTO public.panw_ngfw_threat_raw ("_time", "_document") VALUES
    ('2026-01-01 00:05:00+00', '{"source_ip": "10.0.0.5", "threat_name": "SMB brute force"}');

    INSERT INTO public.microsoft_windows_raw ("_time", "event_id", "host_name", "channel", "_document") VALUES
    ('2026-01-01 00:01:00+00', '4625', 'DC1', 'Security', '{"TargetUserName": "alice", "LogonType": 3}'),
    ('2026-01-01 00:02:00+00', '4624', 'DC1', 'Security', '{"TargetUserName": "alice", "LogonType": 3}'),
    ('2026-01-01 00:03:00+00', '4625', 'WS2', 'Security', '{"TargetUserName": "bob", "LogonType": 10}');

    INSERT INTO public.msft_o365_exchange_online_raw ("_time", "Operation", "UserId", "_document") VALUES
    ('2026-01-01 00:01:00+00', 'New-InboxRule', 'alice@contoso.com',
      '{"Parameters": [{"Name": "ForwardTo", "Value": "x@evil.example"}]}'),
    ('2026-01-01 00:02:00+00', 'MailItemsAccessed', 'bob@contoso.com', '{}');

    INSERT INTO public.xdr_data ("event_id", "_time", "agent_hostname", "event_type", "event_sub_type",
      "action_evtlog_level", "action_file_attributes", "auth_outcome", "dns_query_name") VALUES
    ('x1', '2026-01-01 00:01:00+00', 'WS1', 'MOUNT', 'MOUNT_DRIVE_MOUNT', NULL, NULL, NULL, NULL),
    ('x2', '2026-01-01 00:02:00+00', 'WS1', 'LOGIN_EVENT', NULL, 2, NULL, 'FAILURE', NULL),
    ('x3', '2026-01-01 00:03:00+00', 'WS2', 'RPC_CALL', 'RPC_CALL_RPC_CALLED', NULL, 32, NULL, NULL),
    ('x4', '2026-01-01 00:04:00+00', 'WS2', 'NETWORK', 'NETWORK_DNS_QUERY', NULL, NULL, NULL, 'evil.example');
    """#

  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "xql_datasets"))
    try connection.executeScript(Self.fixture)
  }

  func rows(_ xql: String) throws -> [[String?]] {
    try TranslationHarness.run(xql, language: .xql, now: Self.now, on: connection).rows
  }

  @Test(
    "raw, typed and xdr_data-more fields give exact rows",
    arguments: [
      // a raw dataset's document fields, compared as strings (case-insensitive by default)
      (
        #"dataset = panw_ngfw_traffic_raw | filter action = "deny" | fields source_ip, dest_port, _raw_log | sort asc source_ip"#,
        [["10.0.0.5", "445", "l1"], ["10.0.0.7", "3389", "l3"], ["10.0.0.8", "22", "l4"]]
      ),
      (
        #"config case_sensitive = true | dataset = panw_ngfw_traffic_raw | filter action = "deny" | fields source_ip | sort asc source_ip"#,
        [["10.0.0.5"], ["10.0.0.8"]]
      ),
      // cast where the query casts: the port is a JSON number in one record and a string in another
      (
        #"dataset = panw_ngfw_traffic_raw | filter to_integer(dest_port) > 1000 | fields source_ip | sort asc source_ip"#,
        [["10.0.0.7"]]
      ),
      // compared with a number, a document field is a number (JSON number or numeric text; other text is null),
      // so "3389" is not below 500 as it would be as text
      (
        #"dataset = panw_ngfw_traffic_raw | filter dest_port < 500 | fields source_ip | sort asc source_ip"#,
        [["10.0.0.5"], ["10.0.0.6"], ["10.0.0.8"]]
      ),
      (#"dataset = panw_ngfw_traffic_raw | filter 3389 = dest_port | fields source_ip"#, [["10.0.0.7"]]),
      (#"dataset = panw_ngfw_traffic_raw | filter app > 0 | fields source_ip"#, []),
      // so do the numeric aggregates of one
      (
        #"dataset = panw_ngfw_traffic_raw | comp sum(dest_port) as total, avg(dest_port) as mean by action | sort asc total"#,
        [["allow", "443", "443"], ["deny", "467", "233.5"], ["DENY", "3389", "3389"]]
      ),
      // a missing key is null; an array is its JSON text
      (
        #"dataset = panw_ngfw_traffic_raw | filter dest_port = null | fields source_ip, tags"#,
        [["10.0.0.9", #"["a", "b"]"#]]
      ),
      (
        #"dataset = panw_ngfw_traffic_raw | alter port = to_integer(dest_port) | comp sum(port) as total by action | sort asc total"#,
        [["allow", "443"], ["deny", "467"], ["DENY", "3389"]]
      ),
      // config timeframe windows a raw dataset on _time
      (
        #"config timeframe = 1h | dataset = panw_ngfw_traffic_raw | filter action = "deny" | fields source_ip | sort asc source_ip"#,
        [["10.0.0.5"], ["10.0.0.7"]]
      ),
      // dataset in (...): the union of both datasets' rows
      (
        #"dataset in (panw_ngfw_traffic_raw, panw_ngfw_threat_raw) | filter source_ip = "10.0.0.5" | fields _time, threat_name | sort asc _time"#,
        [["2026-01-01 00:01:00+00", nil], ["2026-01-01 00:05:00+00", "SMB brute force"]]
      ),
      // a join between two raw datasets, by a document field on each side
      (
        #"dataset = panw_ngfw_threat_raw | join type = inner (dataset = panw_ngfw_traffic_raw | filter action = "deny") as t t.source_ip = source_ip | fields threat_name, app"#,
        [["SMB brute force", "ms-ds-smb"]]
      ),
      // typed dataset: listed fields are columns, the others come from the document
      (
        #"dataset = microsoft_windows_raw | filter event_id = "4625" and to_integer(LogonType) = 3 | fields host_name, TargetUserName"#,
        [["DC1", "alice"]]
      ),
      (
        #"dataset = microsoft_windows_raw | filter event_id = 4625 | comp count() as failures by host_name | sort asc host_name"#,
        [["DC1", "1"], ["WS2", "1"]]
      ),
      (
        #"dataset = msft_o365_exchange_online_raw | filter Operation = "new-inboxrule" | alter target = json_extract_scalar(Parameters, "$[0].Value") | fields UserId, target"#,
        [["alice@contoso.com", "x@evil.example"]]
      ),
      // the event types and fields of the xdr_data reference beyond the first 144 fields
      (#"dataset = xdr_data | filter event_type = ENUM.MOUNT | fields event_id"#, [["x1"]]),
      (
        #"dataset = xdr_data | filter event_type = ENUM.LOGIN_EVENT and action_evtlog_level = 2 | fields event_id, auth_outcome"#,
        [["x2", "FAILURE"]]
      ),
      (
        #"dataset = xdr_data | filter event_sub_type = ENUM.RPC_CALL_RPC_CALLED | fields action_file_attributes"#,
        [["32"]]
      ),
      (#"preset = network_story | filter dns_query_name contains "evil" | fields event_id"#, [["x4"]]),
    ])
  func exactRows(_ query: String, _ expected: [[String?]]) throws {
    #expect(try rows(query) == expected)
  }

  @Test("a whole raw dataset shows its system fields and document")
  func wholeRecord() throws {
    let result = try TranslationHarness.run(
      #"dataset = panw_ngfw_threat_raw"#, language: .xql, now: Self.now, on: connection)
    #expect(result.columns == ["_time", "_insert_time", "_vendor", "_product", "_raw_log", "_document"])
    #expect(result.rows.first?[5] == #"{"source_ip": "10.0.0.5", "threat_name": "SMB brute force"}"#)
  }

  @Test("a document field holding an array is an array to the array functions and to arrayexpand")
  func documentArrays() throws {
    let base = #"dataset = panw_ngfw_traffic_raw | filter source_ip = "10.0.0.9" "#
    #expect(
      try rows(base + #"| alter n = array_length(tags), u = arraymap(tags, uppercase("@element")) | fields n, u"#)
        == [["2", #"["A", "B"]"#]])
    #expect(try rows(base + "| arrayexpand tags | fields tags | sort asc tags") == [["a"], ["b"]])
  }

  @Test("a document field holding epoch seconds or milliseconds is an integer to to_timestamp and int_to_ip")
  func documentIntegers() throws {
    let base = #"dataset = panw_ngfw_traffic_raw | filter _raw_log in ("l1", "l3") | sort asc _raw_log "#
    #expect(
      try rows(
        base
          + #"| alter s = format_timestamp("%Y-%m-%d %H:%M:%S", to_timestamp(dest_port)), m = to_timestamp(dest_port, "millis"), ip = int_to_ip(dest_port) | fields s, m, ip"#
      ) == [
        ["1970-01-01 00:07:25", "1970-01-01 00:00:00.445+00", "0.0.1.189"],
        ["1970-01-01 00:56:29", "1970-01-01 00:00:03.389+00", "0.0.13.61"],
      ])
  }

  @Test("ENUM.X outside xdr_data's known constants is the text X with a warning, on a dataset without ENUM fields")
  func enumOfAnotherDataset() throws {
    let query = #"dataset = panw_ngfw_traffic_raw | filter action = ENUM.DENY | fields _raw_log | sort asc _raw_log"#
    #expect(try rows(query) == [["l1"], ["l3"], ["l4"]])
    let diagnostics = XQLTranslator.bind(SourceText(name: "hunt.xql", text: query), catalog: .builtIn).diagnostics
    #expect(diagnostics.map(\.code.rawValue) == ["XQL-W003"])
    #expect(diagnostics.first?.span.start == 55)
    // On xdr_data, whose ENUM constants are known, a name outside them stays an error with a suggestion.
    let typo = XQLTranslator.bind(
      SourceText(name: "hunt.xql", text: "dataset = xdr_data | filter event_type = ENUM.PROCES"), catalog: .builtIn)
    #expect(typo.diagnostics.map(\.code.rawValue) == ["XQL-B007"])
    #expect(typo.diagnostics.first?.help == "did you mean 'PROCESS'?")
  }

  @Test("an unknown dataset is a diagnostic at its name with a suggestion")
  func unknownDataset() {
    let text = "dataset = panw_ngfw_trafic_raw | limit 1"
    let diagnostics = XQLTranslator.bind(SourceText(name: "hunt.xql", text: text), catalog: .builtIn).diagnostics
    #expect(diagnostics.map(\.code.rawValue) == ["XQL-B002"])
    #expect(diagnostics.first?.span.start == 10)
    #expect(diagnostics.first?.help == "did you mean 'panw_ngfw_traffic_raw'?")
  }

  @Test("a field a typed table lacks is still unknown on a table without a document")
  func noDocumentNoFallback() {
    let text = "dataset = xdr_data | filter no_such_field = \"x\""
    let diagnostics = XQLTranslator.bind(SourceText(name: "hunt.xql", text: text), catalog: .builtIn).diagnostics
    #expect(diagnostics.map(\.code.rawValue) == ["XQL-B001"])
  }
}
