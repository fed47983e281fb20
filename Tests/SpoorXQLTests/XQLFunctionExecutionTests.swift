import SpoorPostgres
import SpoorTestSupport
import Testing

/// XQL's array, object, string, network and math functions run on PostgreSQL over the execution fixture: exact
/// values, row by row.
@Suite("XQL function execution", .serialized)
struct XQLFunctionExecutionTests {
  let connection: Connection

  init() throws {
    connection = try Connection(configuration: try TestDatabase.makeDatabase(named: "xql_functions"))
    try connection.executeScript(XQLExecutionTests.fixture)
  }

  /// Queries whose answer is one column, row by row (nil for null).
  @Test(
    "functions give exact values",
    arguments: [
      // arraymap reads each element as "@element", and may read the row's fields
      (
        #"dataset = xdr_data | filter event_id in ("e3", "e7") | alter v = arraymap(split(action_process_image_command_line, " "), concat(agent_id, ":", uppercase("@element"))) | sort asc event_id | fields v"#,
        [#"["a2:SVCHOST.EXE", "a2:-K", "a2:NETSVCS"]"#, #"["a1:"]"#]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = arraymap(json_extract_array(action_module_file_info, "$.names"), json_extract_scalar("@element", "$")) | fields v"#,
        [#"["a", "b"]"#]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = arraymap(arraycreate("x", "y"), arraystring(arraymap(split("1 2"), concat("@element", "@element")), "+")) | fields v"#,
        [#"["11+22", "11+22"]"#]
      ),
      // arrayfilter, arrayindexof, array_any, array_all (a null condition is not true)
      (
        #"dataset = xdr_data | filter event_id = "e3" | alter v = arrayfilter(split(action_process_image_command_line, " "), "@element" contains "s") | fields v"#,
        [#"["svchost.exe", "netsvcs"]"#]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e3" | alter a = split(action_process_image_command_line, " ") | alter v = concat(to_string(arrayindexof(a, "@element" = "NETSVCS")), to_string(arrayindexof(a, "@element" = "x")), to_string(array_any(a, "@element" ~= "^-")), to_string(array_all(a, len("@element") > 2))) | fields v"#,
        ["2-1truefalse"]
      ),
      (
        #"dataset = xdr_data | filter event_id in ("e1", "e7") | alter v = array_length(arrayfilter(action_module_file_info -> names[], "@element" != null)) | sort asc event_id | fields v"#,
        ["2", nil]
      ),
      // arraystring skips nulls; arraycreate keeps them; arrayconcat, arraydistinct, arraymerge, arrayrange
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = arraystring(arraycreate("a", action_remote_ip, 3, true), "|") | fields v"#,
        ["a|3|true"]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = to_json_string(arraystring(arraycreate(action_remote_ip), ",")) | fields v"#,
        [#""""#]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = arraycreate("a", action_remote_ip, 3) | fields v"#,
        [#"["a", null, 3]"#]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = arraydistinct(arrayconcat(split("b a b"), split("c a"))) | fields v"#,
        [#"["b", "a", "c"]"#]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = arraymerge(arraycreate("[1, 2]", "[]", """["x"]""")) | fields v"#,
        [#"[1, 2, "x"]"#]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = arraymerge(arraycreate("[1]", "7")) | fields v"#,
        [nil]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = arrayrange(split("a b c d"), 1, 3) | fields v"#,
        [#"["b", "c"]"#]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = json_extract_scalar_array(action_module_file_info, "$.names") | fields v"#,
        [#"["a", "b"]"#]
      ),
      // objects: object_create, object_merge (the later object wins)
      (
        #"dataset = xdr_data | filter event_id = "e2" | alter v = object_merge(object_create("ip", action_remote_ip, "n", 1), object_create("n", 2, "host", agent_hostname)) | fields v"#,
        [#"{"n": 2, "ip": "10.1.2.3", "host": "WS01"}"#]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = json_extract_scalar(object_create("ip", action_remote_ip), "$.ip") | fields v"#,
        [nil]
      ),
      // format_string: %s (null as NULL), %d, %%
      (
        #"dataset = xdr_data | filter event_id in ("e1", "e2") | alter v = format_string("%s-%s (%d%%)", agent_hostname, action_remote_ip, 42) | sort asc event_id | fields v"#,
        ["WS01-NULL (42%)", "WS01-10.1.2.3 (42%)"]
      ),
      // to_json_string of strings, integers and booleans
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = concat(to_json_string(action_process_image_path), to_json_string(7), to_json_string(false)) | fields v"#,
        [#""C:\\Windows\\System32\\notepad.exe"7false"#]
      ),
      // md5, pow
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = md5(agent_hostname) | fields v"#,
        ["59dcef871ffc2c8ae3a34cc80ae96363"]
      ),
      (
        #"dataset = xdr_data | filter event_id = "e1" | alter v = concat(to_string(pow(2, 10)), " ", to_string(pow(-8, 1.0 / 3)), " ", to_string(pow(0, -1)), " ", to_string(pow(2, -1)), " ", to_string(pow(10, 400))) | fields v"#,
        ["1024   0.5 "]
      ),
      // is_ipv4, is_ipv6, is_known_private_ipv6: true or false, never null
      (
        #"dataset = xdr_data | alter v = concat(to_string(is_ipv4(action_remote_ip)), "/", to_string(is_ipv6(action_remote_ip)), "/", to_string(is_known_private_ipv6(action_remote_ip))) | sort asc event_id | fields v"#,
        [
          "false/false/false", "true/false/false", "true/false/false", "true/false/false", "false/true/false",
          "false/true/false", "false/false/false", "false/false/false", "true/false/false",
        ]
      ),
    ] as [(String, [String?])])
  func values(_ xql: String, _ expected: [String?]) throws {
    let (_, rows) = try TranslationHarness.run(xql, language: .xql, now: XQLExecutionTests.now, on: connection)
    #expect(rows.map { $0.first ?? nil } == expected, "\(xql)")
  }

  @Test("comp stddev_population and stddev_sample differ by the sample's n - 1")
  func standardDeviations() throws {
    let (_, rows) = try TranslationHarness.run(
      #"dataset = xdr_data | filter agent_id = "a1" | alter m = extract_time(_time, "MINUTE") | comp stddev_population(m) as p, stddev_sample(m) as s, var(m) as v"#,
      language: .xql, now: XQLExecutionTests.now, on: connection)
    // Minutes 1, 2 and 7: the squared deviations from the mean 10/3 sum to 62/3.
    #expect(rows == [["2.6246692913372702", "3.2145502536643185", "10.333333333333334"]])
  }

  @Test("windowcomp aggregates, navigation and numbering over partitions, sort orders and frames")
  func windowFunctions() throws {
    let (columns, rows) = try TranslationHarness.run(
      """
      dataset = xdr_data | alter minute = extract_time(_time, "MINUTE")
      | windowcomp sum(minute) by agent_id sort asc _time as running, count() by agent_id as n,
        avg(minute) by agent_id sort asc _time between -1 and 1 as moving,
        first_value(event_id) by agent_id sort desc _time between null and null as last_event,
        rank() by agent_os_type sort desc minute as r, lead(event_id) sort asc _time as next_event
      | sort asc event_id | fields event_id, running, n, moving, last_event, r, next_event
      """, language: .xql, now: XQLExecutionTests.now, on: connection)
    #expect(columns == ["event_id", "running", "n", "moving", "last_event", "r", "next_event"])
    #expect(
      rows == [
        ["e1", "1", "3", "1.5", "e7", "8", "e2"], ["e2", "3", "3", "3.3333333333333335", "e7", "7", "e3"],
        ["e3", "3", "2", "3.5", "e4", "6", "e4"], ["e4", "7", "2", "3.5", "e4", "5", "e5"],
        ["e5", "5", "2", "5.5", "e6", "4", "e6"], ["e6", "11", "2", "5.5", "e6", "3", "e7"],
        ["e7", "10", "3", "4.5", "e7", "2", "e8"], ["e8", "8", "2", "8.5", "e9", "1", "e9"],
        ["e9", "17", "2", "8.5", "e9", "1", nil],
      ])
  }

  @Test("iploc reads spoor.geoip for IPv4 addresses: the most specific network, null elsewhere")
  func ipLocation() throws {
    try connection.executeScript(
      """
      INSERT INTO spoor.geoip (network, country, state, city, latitude, longitude) VALUES
        ('10.0.0.0/8', 'Private', '', 'Lab', 1.5, -2.25),
        ('10.1.0.0/16', 'IL', 'Tel Aviv District', 'Tel Aviv', 32.0695, 34.7621),
        ('::/0', 'V6', '', 'Anywhere', NULL, NULL)
      """)
    let all = try TranslationHarness.run(
      "dataset = xdr_data | fields event_id, action_remote_ip | iploc action_remote_ip | sort asc event_id",
      language: .xql, now: XQLExecutionTests.now, on: connection)
    #expect(
      all.columns == [
        "event_id", "action_remote_ip", "loc_asn", "loc_asn_org", "loc_city", "loc_continent", "loc_country",
        "loc_latlon", "loc_region", "loc_timezone",
      ])
    let located = all.rows.filter { $0[4] != nil }
    #expect(
      located == [
        ["e2", "10.1.2.3", nil, nil, "Tel Aviv", nil, "IL", "32.0695,34.7621", "Tel Aviv District", nil],
        ["e9", "10.255.255.255", nil, nil, "Lab", nil, "Private", "1.5,-2.25", nil, nil],
      ])
    #expect(all.rows.count == 9)
    let (columns, rows) = try TranslationHarness.run(
      XQLTranslationTests.goldens.query("iploc") + " | sort asc event_id", language: .xql,
      now: XQLExecutionTests.now, on: connection)
    #expect(columns == ["event_id", "action_remote_ip", "country_remote", "loc_latlon_remote"])
    #expect(rows == [["e2", "10.1.2.3", "IL", "32.0695,34.7621"], ["e9", "10.255.255.255", "Private", "1.5,-2.25"]])
    // `fields` keeps two of the columns: the values bound for the others leave the statement with them.
    let kept = try TranslationHarness.run(
      XQLTranslationTests.goldens.query("iploc_fields"), language: .xql, now: XQLExecutionTests.now, on: connection)
    #expect(kept.columns == ["event_id", "loc_country", "loc_city"])
    #expect(kept.rows == [["e2", "IL", "Tel Aviv"], ["e9", "Private", "Lab"]])
  }
}
